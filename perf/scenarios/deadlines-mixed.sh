#!/usr/bin/env bash
# Deadlines and cancellations mixed into load (issue 13): a Release server on the synthetic
# catalogue; first RATE req/s alone with 10 s deadlines (the reference); then the same load again
# beside a second open-loop stream of SHORT req/s whose deadlines (SHORTMS) are shorter than many
# of its calls take, so they expire and the client cancels them in flight. Reports the main
# stream's figures both times, the short stream's outcomes (DEADLINE_EXCEEDED expected, nothing
# else), and the server's own count of requests by outcome from /metrics (expired calls should be
# `deadline_exceeded`, not `cancelled`). Bounded: the server's start + 2 × (DURATION + 2) s.
#
#   perf/scenarios/deadlines-mixed.sh [RATE] [SHORT] [SHORTMS] [DURATION] [ITEMS]
#   perf/scenarios/deadlines-mixed.sh 400 200 20 20 1000000
#   perf/scenarios/deadlines-mixed.sh --short     # 200 + 100 req/s, 5 ms deadlines, 10 s, 100,000 items
#
# CI runs a short version of this scenario as a test: tests/Host.Tests/Scenarios/DeadlinesMixedScenarioTests.cs.
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--short" ]; then set -- 200 100 5 10 100000; fi
RATE=${1:-400}
SHORT=${2:-200}
SHORTMS=${3:-20}
DURATION=${4:-20}
ITEMS=${5:-1000000}
PORT=${PORT:-50079}
METRICS_PORT=${METRICS_PORT:-50080}
OUT=perf/results/raw/deadlines-mixed
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-short${SHORT}x${SHORTMS}ms-$(date +%H%M%S)"

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort="$METRICS_PORT" \
  --Catalog:SyntheticItemCount="$ITEMS" --Logging:LogLevel:Default=Warning > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

echo "== reference: $RATE req/s alone for $DURATION s"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --wait-ready 180 --json "$OUT/$tag.alone.json" > /dev/null
summary "$OUT/$tag.alone.json"
echo "== the same, beside $SHORT req/s with ${SHORTMS} ms deadlines"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$SHORT" --duration "$DURATION" --wait-ready 0 --seed 7 \
  --deadline-ms "$SHORTMS" --json "$OUT/$tag.short.json" > /dev/null &
short=$!
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --wait-ready 0 --json "$OUT/$tag.mixed.json" > /dev/null
wait "$short" || true
echo -n "main stream:  "; summary "$OUT/$tag.mixed.json"
echo -n "short stream: "; summary "$OUT/$tag.short.json"
echo "server's requests by outcome (rspipeline requests counter):"
curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | grep -E '^rspipeline_requests_total\{' | sed -E 's/.*outcome="([a-z_]+)".* ([0-9.e+]+)$/  \1 \2/'
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
