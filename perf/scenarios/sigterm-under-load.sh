#!/usr/bin/env bash
# SIGTERM under load (issue 13): a Release server on the synthetic catalogue under open-loop load at
# RATE; AFTER seconds into the load it gets SIGTERM. The server withdraws (health NOT_SERVING) and
# keeps accepting for Server:DrainDelay, then refuses new calls (UNAVAILABLE) and answers every call
# it accepted before it exits. Passes when no call failed with anything but UNAVAILABLE (refused at
# the door, never accepted) or with the INTERNAL a client reports for a call started as the server
# closed its connection (the generator counts it as Internal:ConnectionClosed), and the server exited
# 0. Bounded: the server's start + DURATION + the drain.
#
#   perf/scenarios/sigterm-under-load.sh [RATE] [DURATION] [AFTER] [ITEMS] [DRAINDELAY]
#   perf/scenarios/sigterm-under-load.sh 600 15 8 1000000 00:00:02
#   perf/scenarios/sigterm-under-load.sh --short   # 300 req/s, 100,000 items, SIGTERM after 4 s of 8
#
# CI runs a short version of this scenario as a test: tests/Host.Tests/Scenarios/SigtermUnderLoadScenarioTests.cs.
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "${1:-}" = "--short" ]; then set -- 300 8 4 100000 00:00:01; fi
RATE=${1:-600}
DURATION=${2:-15}
AFTER=${3:-8}
ITEMS=${4:-1000000}
DRAIN=${5:-00:00:02}
PORT=${PORT:-50077}
OUT=perf/results/raw/sigterm
mkdir -p "$OUT"
. perf/scenarios/common.sh
tag="rate${RATE}-items${ITEMS}-$(date +%H%M%S)"

dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Server:Port="$PORT" --Telemetry:MetricsPort=0 \
  --Catalog:SyntheticItemCount="$ITEMS" --Server:DrainDelay="$DRAIN" --Logging:LogLevel:Default=Warning \
  --Logging:LogLevel:RsPipeline.Host.Lifecycle=Information > "$OUT/$tag.server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT

# Wait for SERVING with a one-second probe load, then the measured load.
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate 10 --warmup 0 --duration 1 --wait-ready 180 > /dev/null
echo "== $RATE req/s for $DURATION s; SIGTERM after $AFTER s (DrainDelay $DRAIN), $ITEMS items"
dotnet "$LG" run --target "http://127.0.0.1:$PORT" --rate "$RATE" --warmup 0 --duration "$DURATION" --wait-ready 0 \
  --json "$OUT/$tag.json" > "$OUT/$tag.txt" &
load=$!
sleep "$AFTER"
kill -TERM "$server"
set +e
wait "$server"; code=$?
wait "$load"
set -e
trap - EXIT
summary "$OUT/$tag.json"
"$PY" -c '
import json, sys
d = json.load(open(sys.argv[1])); lost = {k: v for k, v in d["errors"].items() if k not in ("Unavailable", "Internal:ConnectionClosed")}
print("server exit code %s; refused at the door (UNAVAILABLE) %d; raced the server closing its connection %d; accepted and lost: %s -> %s" % (sys.argv[2],
      d["errors"].get("Unavailable", 0), d["errors"].get("Internal:ConnectionClosed", 0), lost or "none", "PASS" if not lost and sys.argv[2] == "0" else "FAIL"))' "$OUT/$tag.json" "$code"
