#!/usr/bin/env bash
# larder-http under wrk (Debian package `wrk`): the HttpBenchmark server in its own JVM, each pair
# of routes measured alternately in ROUNDS rounds of SECONDS each after a warm-up, so both sides of
# a ratio see the same background load. Prints one line per round and route (requests/s).
# Usage: jmh/http-wrk.sh [ROUNDS] [SECONDS] [CONNECTIONS]   (build jmh/target/benchmarks.jar first)
# SERVER_OPTS=-Dlarder.http.bench.maxEntries=1000000 keeps every miss's entry (no eviction).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}; SECONDS_PER_RUN=${2:-5}; CONNECTIONS=${3:-8}; PORT=${PORT:-8089}
java ${SERVER_OPTS:-} -cp jmh/target/benchmarks.jar dev.larder.jmh.HttpBenchServer "$PORT" > /tmp/http-bench-server.log 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
for _ in $(seq 1 100); do grep -q listening /tmp/http-bench-server.log && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"
curl -fs -o /dev/null "$URL/cached/hit"                      # store the hit's entry
xcache() { curl -fsI "$URL/cached/hit" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-cache"{print $2}'; }
for _ in $(seq 1 50); do [ "$(xcache)" = HIT ] && break; sleep 0.1; done  # stored just after it was sent
[ "$(xcache)" = HIT ] || { echo "the cached route does not hit" >&2; exit 1; }
MISS_LUA=$(mktemp --suffix=.lua)
cat > "$MISS_LUA" <<'LUA'
-- a new URL per request: every request misses (a random prefix keeps wrk threads apart)
local prefix = tostring(math.random(1, 1000000000))
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", wrk.path .. "?n=" .. prefix .. "-" .. n)
end
LUA
run() { wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" $2 "$URL$1" | awk -v r="$3" -v p="$1" '/Requests\/sec/{print r, p, $2}'; }
for path in /plain/hit /cached/hit; do run "$path" "" warmup >/dev/null; done
for path in /plain/miss /cached/miss; do run "$path" "-s $MISS_LUA" warmup >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  run /plain/hit "" "$r"; run /cached/hit "" "$r"
  run /plain/miss "-s $MISS_LUA" "$r"; run /cached/miss "-s $MISS_LUA" "$r"
done
rm -f "$MISS_LUA"
