#!/usr/bin/env bash
# Overload scenario (issue 13): a Release server on the built-in synthetic catalogue, driven open
# loop above its capacity, once per Batching:MaxQueueTime given. Bounded: each run is
# WARMUP + DURATION seconds of load plus the server's start. Prints the load generator's summary and
# writes its JSON next to the logs in perf/results/raw/overload/.
#
#   perf/scenarios/overload.sh [RATE] [DURATION] [ITEMS] [MAXQUEUETIME...]
#   perf/scenarios/overload.sh 5000 20 1000000 00:00:00 00:00:00.200
#   SERVER_CPUS=0 LOAD_CPUS=1 perf/scenarios/overload.sh 1800 8 1000000 00:00:00.200   # server and generator on their own cores (taskset)
#
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-5000}
DURATION=${2:-20}
ITEMS=${3:-1000000}
shift $(( $# < 3 ? $# : 3 ))
BOUNDS=("$@")
[ ${#BOUNDS[@]} -eq 0 ] && BOUNDS=(00:00:00 00:00:00.200)
PORT=${PORT:-50071}
OUT=perf/results/raw/overload
mkdir -p "$OUT"
. perf/scenarios/common.sh
# Optional CPU lists (taskset -c) for the server and the load generator, to keep them off each other's cores.
SERVER_PIN=(); [ -n "${SERVER_CPUS:-}" ] && SERVER_PIN=(taskset -c "$SERVER_CPUS")
LOAD_PIN=(); [ -n "${LOAD_CPUS:-}" ] && LOAD_PIN=(taskset -c "$LOAD_CPUS")

for bound in "${BOUNDS[@]}"; do
  tag="rate${RATE}-mqt${bound//:/}"
  "${SERVER_PIN[@]}" dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort=0 \
    --Catalog:SyntheticItemCount="$ITEMS" --Batching:MaxQueueTime="$bound" --Logging:LogLevel:Default=Warning \
    > "$OUT/$tag.server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null || true' EXIT
  echo "== Batching:MaxQueueTime=$bound, offered $RATE req/s for $DURATION s, $ITEMS items"
  "${LOAD_PIN[@]}" dotnet "$LG" run --target "http://127.0.0.1:$PORT" --synthetic-items "$ITEMS" --rate "$RATE" \
    --duration 1 --warmup 0 --wait-ready 180 > /dev/null 2>&1 || true   # waits for SERVING
  cpu0=$(cpu_s "$server")
  "${LOAD_PIN[@]}" dotnet "$LG" run --target "http://127.0.0.1:$PORT" --synthetic-items "$ITEMS" --rate "$RATE" \
    --duration "$DURATION" --json "$OUT/$tag.json" || echo "(load generator exit $?)"
  cpu1=$(cpu_s "$server")
  summary "$OUT/$tag.json"
  refusals "$OUT/$tag.json"
  "$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); calls = d["sent"]; cpu = float(sys.argv[3]) - float(sys.argv[2])
print("server CPU during the run (warm-up included): %.2f s for %d calls sent, %.0f us per call" % (cpu, calls, cpu * 1e6 / calls))' "$OUT/$tag.json" "$cpu0" "$cpu1"
  rss=$(awk '/VmRSS/ {print $2 / 1024 " MB"}' "/proc/$server/status" 2>/dev/null || echo "?")
  echo "server RSS at the end: $rss"
  kill "$server"
  wait "$server" 2>/dev/null || true
  trap - EXIT
done
