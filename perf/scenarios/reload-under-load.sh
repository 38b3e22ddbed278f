#!/usr/bin/env bash
# Reload under load (issue 13, defect 4): a Release server on the built-in synthetic catalogue with
# the admin service on. First SETTLE seconds of the same load, not measured (so that the steady
# reference does not carry the tail of a cold start), then a steady run (open loop at RATE for STEADY
# seconds after 2 s of warm-up): the steady p99 and the server's RSS once warm ("fresh"). Then the same load again while
# RELOADS catalogue reloads run one after another, INTERVAL seconds apart (each a new version of the
# same synthetic catalogue): the p99 under reloads, and the RSS after each reload (read once the
# reload has answered, i.e. once the old catalogue was released) against fresh + one catalogue
# (ITEMS × 64 floats). Bounded: the server's start + SETTLE + 2 + STEADY + 2 + RELOADS × INTERVAL + 5 s.
#
#   perf/scenarios/reload-under-load.sh [RATE] [ITEMS] [RELOADS] [INTERVAL] [STEADY] [SETTLE]
#   perf/scenarios/reload-under-load.sh 500 1000000 10 5 20 30    # full: 50 % of capacity at N = 1M
#   perf/scenarios/reload-under-load.sh --short                    # short: 100,000 items, 3 reloads (~40 s)
#
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--short" ]; then set -- 400 100000 3 3 8 0; fi
RATE=${1:-500}
ITEMS=${2:-1000000}
RELOADS=${3:-10}
INTERVAL=${4:-5}
STEADY=${5:-20}
SETTLE=${6:-30}
PORT=${PORT:-50073}
ADMIN_PORT=${ADMIN_PORT:-50074}
OUT=perf/results/raw/reload-under-load
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-items${ITEMS}-$(date +%H%M%S)"

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort=0 \
  --Catalog:SyntheticItemCount="$ITEMS" --Admin:Enabled=true --Admin:Port="$ADMIN_PORT" \
  --Logging:LogLevel:Default=Warning --Logging:LogLevel:RsPipeline.Pipeline.Reload=Information \
  > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

if [ "$SETTLE" -gt 0 ]; then
  echo "== settling: $RATE req/s for $SETTLE s, not measured"
  dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$SETTLE" --wait-ready 180 \
    --json "$OUT/$tag.settle.json" > "$OUT/$tag.settle.txt" || echo "(load generator exit $?)"
fi

echo "== steady: $RATE req/s for $STEADY s, $ITEMS items"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$STEADY" --wait-ready 180 \
  --json "$OUT/$tag.steady.json" > "$OUT/$tag.steady.txt" || echo "(load generator exit $?)"
summary "$OUT/$tag.steady.json"
fresh=$(rss_mb "$server")
catalog_mb=$(( ITEMS * 64 * 4 / 1048576 ))
echo "RSS fresh (warm, before any reload): $fresh MB; one catalogue: $catalog_mb MB; bound: $(( fresh + catalog_mb )) MB"

echo "== $RELOADS reloads, $INTERVAL s apart, under the same load"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration $(( RELOADS * INTERVAL + 5 )) \
  --json "$OUT/$tag.reloads.json" > "$OUT/$tag.reloads.txt" &
load=$!
sleep 2
for i in $(seq 1 "$RELOADS"); do
  sleep "$INTERVAL"
  started=$(date +%s.%N)
  "$PY" scripts/admin_reload.py --address "127.0.0.1:$ADMIN_PORT" --version "reload-$i" > /dev/null
  took=$(echo "$(date +%s.%N) - $started" | bc)
  echo "reload $i: ${took%???????} s, RSS $(rss_mb "$server") MB"
done
wait "$load" || echo "(load generator exit $?)"
summary "$OUT/$tag.reloads.json"
echo "RSS at the end: $(rss_mb "$server") MB (fresh $fresh MB + one catalogue $catalog_mb MB = $(( fresh + catalog_mb )) MB)"
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
