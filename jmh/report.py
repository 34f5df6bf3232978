#!/usr/bin/env python3
"""Turns JMH JSON results (java -jar benchmarks.jar ... -rf json -rff FILE) into Markdown tables
and an SVG bar chart, as shown in docs/benchmarks.md. Standard library only.

Usage:
  python3 jmh/report.py RESULTS.json [--svg CHART.svg] [--title TEXT] [--versus PARAM=REF ...]

Output (stdout, Markdown):
  1. every result: workload, parameters, ops/us with its 99.9 % error, ratio to ConcurrentHashMap
     (the CHM result of the same workload *in the same file*, i.e. the same run);
  2. if the file holds several implementations: a matrix "ratio to CHM" (rows: workload and
     expiry; columns: implementations) and a matrix "Larder / peer";
  3. for each --versus PARAM=REF: every result relative to the same configuration with PARAM=REF
     (e.g. stats on vs off, by-value vs by-reference, Accessed vs Created).
The SVG shows the ratio-to-CHM matrix as grouped horizontal bars.

Ratios are only meaningful within one run on one machine; never divide numbers of two files.
"""

import argparse
import json
import sys
from collections import OrderedDict
from xml.sax.saxutils import escape

WORKLOADS = OrderedDict([
    ("get", "get, 2 threads"),
    ("get1", "get, 1 thread"),
    ("mixed", "75/25 get/put, 2 threads"),
    ("put", "put, 2 threads"),
])
IMPL_ORDER = ["CHM", "CAFFEINE", "LARDER", "CAFFEINE_JCACHE", "EHCACHE3", "CACHE2K", "RI"]
PEERS = ["CAFFEINE_JCACHE", "EHCACHE3", "CACHE2K", "RI", "CAFFEINE"]
COLORS = {
    "CHM": "#9e9e9e", "CAFFEINE": "#8fb6d9", "LARDER": "#d9534f", "CAFFEINE_JCACHE": "#1f77b4",
    "EHCACHE3": "#2ca02c", "CACHE2K": "#ff7f0e", "RI": "#7f7f7f",
}
EXPIRY_ORDER = ["ETERNAL", "CREATED", "ACCESSED", "TOUCHED"]
DEFAULTS = {"stats": "false", "byValue": "false", "listener": "false"}


def load(path):
    """Returns a list of dicts: workload, impl, params (without impl), score, error, unit."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    rows = []
    for r in data:
        name = r["benchmark"].rsplit(".", 1)[-1]
        params = dict(r.get("params", {}))
        impl = params.pop("impl", "?")
        m = r["primaryMetric"]
        rows.append({
            "workload": name, "impl": impl, "params": params, "threads": r.get("threads", 1),
            "score": float(m["score"]), "error": float(m.get("scoreError", float("nan"))),
            "unit": m.get("scoreUnit", ""),
        })
    return rows


def variant(params):
    """A short label of the non-default parameters, e.g. 'CREATED' or 'CREATED, stats'."""
    parts = [params.get("expiry", "")]
    for key, label in (("stats", "stats on"), ("byValue", "by-value"), ("listener", "listener")):
        if params.get(key, DEFAULTS[key]) != DEFAULTS[key]:
            parts.append(label)
    return ", ".join(p for p in parts if p)


def baseline(rows, row):
    """The CHM score of the same workload (same parameters if present, else any CHM of it)."""
    same = [r for r in rows if r["impl"] == "CHM" and r["workload"] == row["workload"]]
    exact = [r for r in same if r["params"] == row["params"]]
    pick = exact or same
    if not pick:
        return None
    return sum(r["score"] for r in pick) / len(pick)


def workload_label(w):
    return WORKLOADS.get(w, w)


def order_key(row):
    w = list(WORKLOADS).index(row["workload"]) if row["workload"] in WORKLOADS else 99
    i = IMPL_ORDER.index(row["impl"]) if row["impl"] in IMPL_ORDER else 99
    e = row["params"].get("expiry", "")
    e = EXPIRY_ORDER.index(e) if e in EXPIRY_ORDER else 99
    return (w, e, variant(row["params"]), i)


def fmt(x, digits=2):
    return "–" if x is None else f"{x:.{digits}f}"


def all_results_table(rows):
    out = ["| workload | variant | impl | ops/µs | ± (99.9 %) | × CHM |",
           "| --- | --- | --- | ---: | ---: | ---: |"]
    for r in sorted(rows, key=order_key):
        base = baseline(rows, r)
        ratio = r["score"] / base if base else None
        out.append(f"| {workload_label(r['workload'])} | {variant(r['params'])} | {r['impl']} | "
                   f"{fmt(r['score'])} | {fmt(r['error'])} | {fmt(ratio)} |")
    return "\n".join(out)


def matrix(rows):
    """OrderedDict (workload, variant) -> {impl: ratio to CHM}; and the impl columns present."""
    cells = OrderedDict()
    impls = []
    for r in sorted(rows, key=order_key):
        base = baseline(rows, r)
        key = (r["workload"], variant(r["params"]))
        cells.setdefault(key, {})[r["impl"]] = r["score"] / base if base else None
        if r["impl"] not in impls:
            impls.append(r["impl"])
    impls.sort(key=lambda i: IMPL_ORDER.index(i) if i in IMPL_ORDER else 99)
    return cells, impls


def ratio_matrix_table(cells, impls):
    out = ["| workload | variant | " + " | ".join(impls) + " |",
           "| --- | --- | " + " | ".join("---:" for _ in impls) + " |"]
    for (w, v), c in cells.items():
        out.append(f"| {workload_label(w)} | {v} | " + " | ".join(fmt(c.get(i)) for i in impls) + " |")
    return "\n".join(out)


def versus_table(cells, impls):
    peers = [p for p in PEERS if p in impls]
    out = ["| workload | variant | " + " | ".join(f"Larder / {p}" for p in peers)
           + " | Larder / best JCache peer |",
           "| --- | --- | " + " | ".join("---:" for _ in peers) + " | ---: |"]
    for (w, v), c in cells.items():
        larder = c.get("LARDER")
        if larder is None:
            continue
        vals = [larder / c[p] if c.get(p) else None for p in peers]
        jcache = [c[p] for p in peers if p != "CAFFEINE" and c.get(p)]
        best = larder / max(jcache) if jcache else None
        out.append(f"| {workload_label(w)} | {v} | " + " | ".join(fmt(x) for x in vals)
                   + f" | {fmt(best)} |")
    return "\n".join(out)


def versus_param_table(rows, spec):
    """For 'PARAM=REF': each result whose PARAM differs from REF, divided by the result with
    PARAM=REF and every other parameter (and the workload and impl) equal."""
    param, ref = spec.split("=", 1)
    out = [f"| workload | impl | variant | ops/µs | reference ({param}={ref}) ops/µs | ratio | cost vs reference |",
           "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for r in sorted(rows, key=order_key):
        if r["params"].get(param) in (None, ref):
            continue
        want = dict(r["params"], **{param: ref})
        match = [x for x in rows if x["workload"] == r["workload"] and x["impl"] == r["impl"]
                 and x["params"] == want]
        if not match:
            continue
        base = match[0]["score"]
        ratio = r["score"] / base
        # cost = time per operation relative to the reference (1.10 = 10 % slower)
        out.append(f"| {workload_label(r['workload'])} | {r['impl']} | {variant(r['params'])} | "
                   f"{fmt(r['score'])} | {fmt(base)} | {fmt(ratio)} | {fmt(1 / ratio)}× |")
    return "\n".join(out)


def svg(cells, impls, title):
    """A grouped horizontal bar chart of ratio to CHM, written by hand."""
    bar_h, gap, label_w, plot_w, top = 11, 10, 230, 520, 50
    groups = list(cells.items())
    height = top + sum(len(impls) * bar_h + gap for _ in groups) + 40
    width = label_w + plot_w + 80
    vmax = max([v for _, c in groups for v in c.values() if v] + [1.0])
    scale = plot_w / vmax
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="11">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="10" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    # legend
    x = 10
    for impl in impls:
        parts.append(f'<rect x="{x}" y="30" width="10" height="10" fill="{COLORS.get(impl, "#444")}"/>')
        parts.append(f'<text x="{x + 14}" y="39">{escape(impl)}</text>')
        x += 24 + 7 * len(impl)
    y = top
    for (w, v), c in groups:
        group_h = len(impls) * bar_h
        parts.append(f'<text x="{label_w - 8}" y="{y + group_h / 2 + 4:.0f}" text-anchor="end">'
                     f'{escape(workload_label(w))} · {escape(v)}</text>')
        for impl in impls:
            val = c.get(impl)
            if val:
                wpx = max(1.0, val * scale)
                parts.append(f'<rect x="{label_w}" y="{y}" width="{wpx:.1f}" height="{bar_h - 2}" '
                             f'fill="{COLORS.get(impl, "#444")}"><title>{escape(impl)}: {val:.3f}× CHM'
                             f'</title></rect>')
                parts.append(f'<text x="{label_w + wpx + 3:.1f}" y="{y + bar_h - 3}" font-size="9">'
                             f'{val:.2f}</text>')
            y += bar_h
        y += gap
    # axis at 1.0 × CHM
    one = label_w + scale
    parts.append(f'<line x1="{one:.1f}" y1="{top - 5}" x2="{one:.1f}" y2="{y}" stroke="#333" '
                 f'stroke-dasharray="3,3"/>')
    parts.append(f'<text x="{one:.1f}" y="{y + 14}" text-anchor="middle">1.0 × CHM</text>')
    parts.append(f'<text x="{label_w}" y="{y + 28}">throughput as a ratio to ConcurrentHashMap in the '
                 f'same run (longer is faster)</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json", help="JMH results, -rf json")
    ap.add_argument("--svg", help="write the ratio-to-CHM chart here")
    ap.add_argument("--versus", action="append", default=[], metavar="PARAM=REF",
                    help="also print each result relative to the same one with PARAM=REF "
                         "(e.g. stats=false, byValue=false, expiry=CREATED); repeatable")
    ap.add_argument("--title", default="Larder vs peers: throughput ÷ ConcurrentHashMap.get")
    args = ap.parse_args(argv)
    rows = load(args.json)
    if not rows:
        sys.exit("no results in " + args.json)
    print("### All results\n")
    print(all_results_table(rows))
    cells, impls = matrix(rows)
    if len(impls) > 2:
        print("\n### Ratio to ConcurrentHashMap (same run)\n")
        print(ratio_matrix_table(cells, impls))
        if "LARDER" in impls:
            print("\n### Larder ÷ each peer (same run; > 1 means Larder is faster)\n")
            print(versus_table(cells, impls))
    for spec in args.versus:
        print(f"\n### Relative to {spec} (same run)\n")
        print(versus_param_table(rows, spec))
    if args.svg:
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(svg(cells, impls, args.title))


if __name__ == "__main__":
    main(sys.argv[1:])
