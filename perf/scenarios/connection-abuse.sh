#!/usr/bin/env bash
# Connection abuse (issue 13, defect 9): a Release server on the synthetic catalogue under open-loop
# load at RATE, first alone (the reference), then while IDLE plain TCP connections and PREFACE
# connections that send half the HTTP/2 preface are held open (connection_abuse.py). Reports the
# load's p99 both times and how many abusive connections the server closed within HOLD seconds
# (Server:IdleConnectionTimeout, given here as TIMEOUT). Bounded: start + 2 × (DURATION + 2) s.
#
#   perf/scenarios/connection-abuse.sh [RATE] [DURATION] [IDLE] [PREFACE] [TIMEOUT] [ITEMS]
#   perf/scenarios/connection-abuse.sh 500 20 2000 500 00:00:10 1000000
#   perf/scenarios/connection-abuse.sh --short    # 300 req/s, 10 s, 200 + 50 connections, 100,000 items
#
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--short" ]; then set -- 300 10 200 50 00:00:05 100000; fi
RATE=${1:-500}
DURATION=${2:-20}
IDLE=${3:-2000}
PREFACE=${4:-500}
TIMEOUT=${5:-00:00:10}
ITEMS=${6:-1000000}
PORT=${PORT:-50078}
OUT=perf/results/raw/connection-abuse
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-idle${IDLE}-$(date +%H%M%S)"
ulimit -n $(( IDLE + PREFACE + 1024 )) 2>/dev/null || true

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort=0 \
  --Catalog:SyntheticItemCount="$ITEMS" --Server:IdleConnectionTimeout="$TIMEOUT" --Logging:LogLevel:Default=Warning \
  > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

echo "== reference: $RATE req/s for $DURATION s"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --wait-ready 180 --json "$OUT/$tag.alone.json" > /dev/null
summary "$OUT/$tag.alone.json"
echo "== the same load with $IDLE idle and $PREFACE preface-only connections held (IdleConnectionTimeout $TIMEOUT)"
"$PY" perf/scenarios/connection_abuse.py 127.0.0.1 "$PORT" "$IDLE" "$PREFACE" $(( DURATION + 2 )) &
abuse=$!
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --duration "$DURATION" --wait-ready 0 --json "$OUT/$tag.abused.json" > /dev/null
wait "$abuse" || true
summary "$OUT/$tag.abused.json"
echo "server RSS at the end: $(rss_mb "$server") MB"
kill "$server"; wait "$server" 2>/dev/null || true
trap - EXIT
