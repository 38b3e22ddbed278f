#!/usr/bin/env bash
# LatencySlo against the fixed batching settings, under steady (Poisson) and bursty (on/off: 2x the
# rate for 200 ms, 0.2x for 800 ms) open-loop load: one sweep per arrival kind, same catalogue, same
# rates, p99 bound = the latency target. Writes CSV, Markdown, PNG and SVG per arrival kind.
#
#   perf/slo-sweep.sh                     N = 1,000,000, 3 s per point, ~30-40 minutes on 2 cores
#   perf/slo-sweep.sh --n 100000 --short  a short comparison (1 s per point, one repeat), a few minutes
#
# Options: --n ITEMS, --target-ms MS (default 25), --margin-ms MS (Batching:LatencyTargetMargin, default
# 0: the part of the target LatencySlo keeps for the gRPC call and the client, which the server does not
# see; the fixed settings ignore it), --out DIR (default perf/results), --short, --seconds S (per point,
# instead of 3 or --short's 1), --arrivals "Poisson Bursty" (which sweeps), --settings "S1 S2 ..."
# (MaxBatchSize:DelayMs:Policy; LatencySlo's middle number is its target), --rates "R1 R2 ...",
# --no-build (use the Release build there is). Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

N=1000000
TARGET=25
OUT=perf/results
SHORT=0
SETTINGS=""
RATES=""
MARGIN=0
SECONDS_PER_POINT=""
ARRIVALS="Poisson Bursty"
BUILD=1
while [ $# -gt 0 ]; do
  case "$1" in
    --n) N="$2"; shift ;;
    --target-ms) TARGET="$2"; shift ;;
    --margin-ms) MARGIN="$2"; shift ;;
    --seconds) SECONDS_PER_POINT="$2"; shift ;;
    --arrivals) ARRIVALS="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --out) OUT="$2"; shift ;;
    --short) SHORT=1 ;;
    --settings) SETTINGS="$2"; shift ;;
    --rates) RATES="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

SETTINGS="${SETTINGS:-1:0:FixedWindow 32:1:EagerWhenIdle 128:2:EagerWhenIdle 128:5:FixedWindow 512:5:EagerWhenIdle 128:$TARGET:LatencySlo}"
if [ "$SHORT" = 1 ]; then
  TIMES="--duration 1 --warmup 0.5 --repeats 1 --verify-max 5"
else
  TIMES="--duration 3 --warmup 1 --repeats 1 --verify-max 10"
fi
if [ -n "$SECONDS_PER_POINT" ]; then
  TIMES="--duration $SECONDS_PER_POINT --warmup 0.5 --repeats 1 --verify-max 5"
fi
MARGIN_SPAN="$(awk -v ms="$MARGIN" 'BEGIN { printf "00:00:%09.6f", ms / 1000 }')"
if [ -z "$RATES" ]; then
  if [ "$N" -ge 1000000 ]; then RATES="50 100 200 400 800 1200 1600 2000"; else RATES="200 400 800 1600 3200 6400 12800"; fi
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
METRICS_PORT=19464
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
NOTE="$(date -u +%Y-%m-%d), commit $COMMIT, $(nproc) cores, load before run $(cut -d' ' -f1 /proc/loadavg), LatencySlo margin $MARGIN ms$([ "$SHORT" = 1 ] && echo ', SHORT run' || true)"

[ "$BUILD" = 0 ] || dotnet build RsPipeline.sln -c Release -nologo -v quiet
LG=(dotnet perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll)
SWEEP=(dotnet perf/Sweep/bin/Release/net10.0/RsPipeline.Sweep.dll)
mkdir -p perf/results/raw "$OUT/raw"
npy="perf/results/raw/catalog-$N-64.npy"
[ -f "$npy" ] || "${LG[@]}" catalog --items "$N" --dim 64 --seed 42 --out "$npy"

for arrivals in $ARRIVALS; do
  name="slo-$(echo "$arrivals" | tr '[:upper:]' '[:lower:]')-n$N"
  echo "=== $name"
  # shellcheck disable=SC2086
  "${SWEEP[@]}" --catalog "$npy" --settings $SETTINGS --rates $RATES $TIMES --arrivals "$arrivals" \
    --p99-bound-ms "$TARGET" --out "$OUT" --name "$name" --note "$NOTE" \
    --metrics-url "http://127.0.0.1:$METRICS_PORT/metrics" "--server-arg=--Telemetry:MetricsPort=$METRICS_PORT" \
    "--server-arg=--Batching:LatencyTargetMargin=$MARGIN_SPAN"
done
echo "wrote $OUT/slo-poisson-n$N.* and $OUT/slo-bursty-n$N.*"
