#!/usr/bin/env python3
"""Turns a JMH JSON result file (-rf json) of JCacheBenchmark into the tables and the chart of
docs/benchmarks.md.

    python3 jmh/report.py results.json docs/benchmarks-chart.svg > tables.md

Each table row is a workload (benchmark method, with or without a TTL); each column an
implementation, as its throughput divided by ConcurrentHashMap's on the same workload in the same
run, then Larder's throughput divided by each peer's. Standard library only.
"""
import json
import sys
from collections import OrderedDict

ORDER = ["CHM", "CAFFEINE", "LARDER", "CAFFEINE_JCACHE", "EHCACHE3", "CACHE2K", "RI"]
NAMES = {"CHM": "ConcurrentHashMap", "CAFFEINE": "Caffeine (native)", "LARDER": "Larder",
         "CAFFEINE_JCACHE": "Caffeine JCache", "EHCACHE3": "Ehcache 3", "CACHE2K": "cache2k", "RI": "JSR-107 RI"}
WORKLOADS = {"get": "get, 2 threads", "get1": "get, 1 thread", "mixed": "75 % get / 25 % put, 2 threads",
             "put": "put, 2 threads"}


def load(path):
    """Returns {(method, ttl): {impl: (score, error)}} in file order."""
    results = OrderedDict()
    for run in json.load(open(path)):
        method = run["benchmark"].rsplit(".", 1)[1]
        params = run.get("params", {})
        if params.get("stats", "false") != "false" or params.get("byValue", "false") != "false":
            continue
        key = (method, params.get("ttl", "false") == "true")
        metric = run["primaryMetric"]
        results.setdefault(key, {})[params["impl"]] = (metric["score"], metric["scoreError"])
    return results


def tables(results):
    impls = [i for i in ORDER if any(i in r for r in results.values())]
    out = ["| workload | " + " | ".join(NAMES[i] for i in impls) + " |",
           "| --- | " + " | ".join("---" for _ in impls) + " |"]
    for (method, ttl), row in results.items():
        base = row.get("CHM", (None, None))[0]
        cells = []
        for i in impls:
            if i not in row or not base:
                cells.append("")
                continue
            score, error = row[i]
            cells.append("%.2f× (%.1f ± %.1f)" % (score / base, score, error))
        out.append("| %s%s | %s |" % (WORKLOADS.get(method, method), ", TTL 1 h" if ttl else ", eternal",
                                      " | ".join(cells)))
    out.append("")
    peers = [i for i in impls if i not in ("CHM", "CAFFEINE", "LARDER")]
    out.append("| workload | " + " | ".join("Larder ÷ " + NAMES[p] for p in peers) + " |")
    out.append("| --- | " + " | ".join("---" for _ in peers) + " |")
    for (method, ttl), row in results.items():
        if "LARDER" not in row:
            continue
        larder = row["LARDER"][0]
        cells = ["%.1f×" % (larder / row[p][0]) if p in row and row[p][0] else "" for p in peers]
        out.append("| %s%s | %s |" % (WORKLOADS.get(method, method), ", TTL 1 h" if ttl else ", eternal",
                                      " | ".join(cells)))
    return "\n".join(out)


def chart(results, path):
    """A horizontal bar chart of the ratio to ConcurrentHashMap, one group per workload."""
    impls = [i for i in ORDER if i != "CHM" and any(i in r for r in results.values())]
    colours = {"CAFFEINE": "#9e9e9e", "LARDER": "#d95f02", "CAFFEINE_JCACHE": "#1b9e77",
               "EHCACHE3": "#7570b3", "CACHE2K": "#e7298a", "RI": "#66a61e"}
    bar, gap, left, width = 12, 14, 250, 420
    groups = list(results.items())
    height = 40 + len(groups) * (len(impls) * bar + gap) + 20 * len(impls)
    scale = max((row[i][0] / row["CHM"][0]) for _, row in groups for i in impls
                if i in row and row.get("CHM")) or 1
    scale = max(scale, 1.0)
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" font-size="11">'
           % (left + width + 80, height),
           '<text x="10" y="18" font-size="13">Throughput relative to ConcurrentHashMap.get in the same run (higher is better)</text>']
    y = 34
    for (method, ttl), row in groups:
        base = row.get("CHM", (None,))[0]
        svg.append('<text x="10" y="%d">%s%s</text>' % (y + bar, WORKLOADS.get(method, method),
                                                          ", TTL 1 h" if ttl else ", eternal"))
        for i in impls:
            if i in row and base:
                r = row[i][0] / base
                w = max(1, int(width * r / scale))
                svg.append('<rect x="%d" y="%d" width="%d" height="%d" fill="%s"/>' % (left, y, w, bar - 2, colours[i]))
                svg.append('<text x="%d" y="%d">%.2f</text>' % (left + w + 4, y + bar - 3, r))
            y += bar
        y += gap
    for n, i in enumerate(impls):
        svg.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/>' % (10, y + n * 16, colours[i]))
        svg.append('<text x="26" y="%d">%s</text>' % (y + n * 16 + 9, NAMES[i]))
    x = left + int(width / scale)
    svg.append('<line x1="%d" y1="30" x2="%d" y2="%d" stroke="#444" stroke-dasharray="3,3"/>' % (x, x, y - gap))
    svg.append('</svg>')
    open(path, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    data = load(sys.argv[1])
    print(tables(data))
    if len(sys.argv) > 2:
        chart(data, sys.argv[2])
