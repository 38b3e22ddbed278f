#!/usr/bin/env bash
# Router + 2 shards against one server holding the whole catalogue (issue 18), on loopback: same
# synthetic catalogue (ITEMS x 64), same open-loop load (RATE req/s for DURATION s, typed API, k = 100).
# Prints each run's load generator summary and the CPU seconds each process used per request
# (utime + stime from /proc over the measured run and its 2 s warm-up, after a short unmeasured run). Bounded: two runs of
# WARMUP (2 s) + DURATION seconds plus the servers' start.
#
#   perf/scenarios/sharded.sh [RATE] [DURATION] [ITEMS]
#   perf/scenarios/sharded.sh 500 15 1000000
#
# Build first: dotnet build Host -c Release && dotnet build perf/LoadGenerator -c Release
# On one machine the shards and the router share its cores: the figures are the router's added
# latency and CPU, not the capacity of S machines (perf/README.md "Sharding" has the model).
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE=${1:-500}
DURATION=${2:-15}
ITEMS=${3:-1000000}
OUT=perf/results/raw/sharded
mkdir -p "$OUT"
HOST=Host/bin/Release/net10.0/RsPipeline.Host.dll
LG=perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll
COMMON=(--Server:BindAddress=127.0.0.1 --Telemetry:MetricsPort=0 --Catalog:SyntheticItemCount="$ITEMS" --Logging:LogLevel:Default=Warning)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }

run() { # tag target pids...
  local tag=$1 target=$2; shift 2
  local before=() p
  # Until every process serves (start-up and JIT out of the CPU counts): a short unmeasured run.
  dotnet "$LG" run --api Typed --target "$target" --rate 50 --duration 1 --warmup 0 > /dev/null || true
  for p in "$@"; do before+=("$(cpu "$p")"); done
  dotnet "$LG" run --api Typed --target "$target" --synthetic-items "$ITEMS" --rate "$RATE" --duration "$DURATION" \
    --json "$OUT/$tag.json" || echo "(load generator exit $?)"
  local i=0
  for p in "$@"; do
    awk -v a="${before[$i]}" -v b="$(cpu "$p")" -v n="$(( RATE * (DURATION + 2) ))" -v name="$p" \
      'BEGIN { printf "  process %s: %.3f CPU s, %.1f CPU us per request\n", name, b - a, (b - a) / n * 1e6 }'
    i=$((i + 1))
  done
}

echo "== one server, $ITEMS items, $RATE req/s for $DURATION s"
dotnet "$HOST" "${COMMON[@]}" --Server:Port=50081 > "$OUT/single.log" 2>&1 & single=$!; pids+=("$single")
run single http://127.0.0.1:50081 "$single"
kill "$single"; wait "$single" 2>/dev/null || true

echo "== router + 2 shards, $ITEMS items, $RATE req/s for $DURATION s"
dotnet "$HOST" "${COMMON[@]}" --Server:Port=50082 --Catalog:Shard:Index=0 --Catalog:Shard:Count=2 > "$OUT/shard0.log" 2>&1 & s0=$!; pids+=("$s0")
dotnet "$HOST" "${COMMON[@]}" --Server:Port=50083 --Catalog:Shard:Index=1 --Catalog:Shard:Count=2 > "$OUT/shard1.log" 2>&1 & s1=$!; pids+=("$s1")
dotnet "$HOST" --Server:BindAddress=127.0.0.1 --Telemetry:MetricsPort=0 --Logging:LogLevel:Default=Warning --Server:Port=50084 \
  --Router:Shards:0=http://127.0.0.1:50082 --Router:Shards:1=http://127.0.0.1:50083 > "$OUT/router.log" 2>&1 & router=$!; pids+=("$router")
echo "  (processes: router $router, shard 0 $s0, shard 1 $s1)"
run sharded http://127.0.0.1:50084 "$router" "$s0" "$s1"
