#!/usr/bin/env bash
# The first seconds after SERVING (issue 13, defect 3): a Release server on the built-in synthetic
# catalogue is started, and the load generator, already running and polling health, drives it open
# loop from the moment health turns SERVING (no warm-up, DURATION seconds); then the same load
# again on the now warm server, for the steady-state figure. One line per phase: p50 / p99 / max.
# Bounded: the server's start plus 2 × DURATION (+ 2 s of warm-up for the steady phase).
#
#   perf/scenarios/first-seconds.sh [RATE] [DURATION] [ITEMS] [-- extra server arguments...]
#   perf/scenarios/first-seconds.sh 600 10 1000000
#   DOTNET_TieredCompilation=0 perf/scenarios/first-seconds.sh 600 10 1000000   # compare a runtime setting
#
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-600}
DURATION=${2:-10}
ITEMS=${3:-1000000}
shift $(( $# < 3 ? $# : 3 ))
[ "${1:-}" = "--" ] && shift
PORT=${PORT:-50072}
OUT=perf/results/raw/first-seconds
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-items${ITEMS}-$(date +%H%M%S)"

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort=0 \
  --Catalog:SyntheticItemCount="$ITEMS" --Logging:LogLevel:Default=Warning "$@" > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT


echo "== first $DURATION s after SERVING: $RATE req/s, $ITEMS items, server args: $*"
DOTNET_TieredCompilation= dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --warmup 0 \
  --duration "$DURATION" --wait-ready 120 --json "$OUT/$tag.cold.json" | grep -iE "p50|p99|achieved|error" || true
echo "== warm: the same load again"
DOTNET_TieredCompilation= dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --warmup 2 \
  --duration "$DURATION" --json "$OUT/$tag.warm.json" | grep -iE "p50|p99|achieved|error" || true
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
