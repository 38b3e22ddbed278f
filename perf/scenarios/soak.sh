#!/usr/bin/env bash
# Soak begun right after SERVING (issue 13): a Release server on the synthetic catalogue, driven open
# loop at RATE from the moment health turns SERVING, for DURATION seconds; every 10 s the server's
# RSS (/proc) and its own GC figures (the .NET runtime metrics on its /metrics endpoint: heap size,
# bytes allocated, collections) are printed. Then the same load for 10 s on the now warm server, the
# reference the soak's p99 and p99.9 are held against (issue: p99 <= 2x, p99.9 <= 4x; no RSS trend
# after the first minute). Bounded: the server's start + DURATION + 12 s.
#
#   perf/scenarios/soak.sh [RATE] [DURATION] [ITEMS]
#   perf/scenarios/soak.sh 600 600 1000000   # full: 10 minutes at ~60 % of capacity at N = 1M
#   perf/scenarios/soak.sh --short           # short: 60 s at 600 req/s on 1M items
#
# CI runs a short version of this scenario as a test: tests/Host.Tests/Scenarios/SoakScenarioTests.cs.
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--short" ]; then set -- 600 60 1000000; fi
RATE=${1:-600}
DURATION=${2:-600}
ITEMS=${3:-1000000}
PORT=${PORT:-50075}
METRICS_PORT=${METRICS_PORT:-50076}
OUT=perf/results/raw/soak
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-d${DURATION}-items${ITEMS}-$(date +%H%M%S)"

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort="$METRICS_PORT" \
  --Catalog:SyntheticItemCount="$ITEMS" --Logging:LogLevel:Default=Warning > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

# One line of the runtime's own figures from /metrics (names as OpenTelemetry's runtime instrumentation exports them).
gc_line() {
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | awk '
    /^dotnet_gc_heap_total_allocated_bytes_total[{ ]/ { alloc = $NF }
    /^dotnet_gc_last_collection_heap_size_bytes[{ ]/ { heap += $NF }
    /^dotnet_gc_collections_total[{ ]/ { gcs += $NF }
    /^dotnet_gc_pause_time_seconds_total[{ ]/ { pause = $NF }
    END { printf "GC heap %.0f MB, allocated %.0f MB, collections %d, GC pause total %.2f s", heap / 1048576, alloc / 1048576, gcs, pause }'
}

echo "== soak: $RATE req/s for $DURATION s from SERVING, $ITEMS items"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --warmup 0 --duration "$DURATION" --wait-ready 180 \
  --json "$OUT/$tag.soak.json" > "$OUT/$tag.soak.txt" &
load=$!
# t = 0 when the server's metrics endpoint first answers (it listens; SERVING follows once the catalogue is loaded).
until curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > /dev/null 2>&1 || ! kill -0 "$load" 2>/dev/null; do sleep 1; done
for (( t = 0; t <= DURATION; t += 10 )); do
  echo "t=${t}s RSS $(rss_mb "$server") MB, $(gc_line)"
  kill -0 "$load" 2>/dev/null || break
  sleep 10
done
wait "$load" || echo "(load generator exit $?)"
summary "$OUT/$tag.soak.json"
echo "== warm reference: the same load for 10 s"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --warmup 2 --duration 10 --json "$OUT/$tag.warm.json" > /dev/null
summary "$OUT/$tag.warm.json"
"$PY" -c '
import json, sys
s = json.load(open(sys.argv[1]))["latency"]; w = json.load(open(sys.argv[2]))["latency"]
print("soak/warm: p99 %.2fx (target <= 2), p99.9 %.2fx (target <= 4)" % (s["p99Ms"] / w["p99Ms"], s["p999Ms"] / w["p999Ms"]))' \
  "$OUT/$tag.soak.json" "$OUT/$tag.warm.json"
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
