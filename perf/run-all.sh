#!/usr/bin/env bash
# The whole performance results run in one go: build (Release), the deterministic catalogues
# (N = 1,000,000 and 100,000, d = 64), the load generator's ceiling, the micro-benchmarks, and for
# each N the batch-window sweep (batching off vs a grid of settings), writing CSV, Markdown, PNG and
# SVG under the output folder plus summary.md gathering them.
#
#   perf/run-all.sh            full run, ~20-25 minutes on 2 cores; writes perf/results/
#   perf/run-all.sh --quick    smoke run, ~3-5 minutes; writes perf/results/raw/quick/ (git-ignored)
#
# Options: --out DIR, --scorer Torch|Simd, --p99-bound-ms MS, --bench-filter GLOB (default '*').
# Run it on a quiet machine: every number depends on nothing else competing for the cores.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
OUT=""
SCORER=Simd
BOUND=50
BENCH_FILTER='*'
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="$2"; shift ;;
    --scorer) SCORER="$2"; shift ;;
    --p99-bound-ms) BOUND="$2"; shift ;;
    --bench-filter) BENCH_FILTER="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "$QUICK" = 1 ]; then
  OUT="${OUT:-perf/results/raw/quick}"
  SIZES="100000 1000000"
  SETTINGS="1:0:FixedWindow 128:2:EagerWhenIdle"
  RATES_1000000="50 200"
  RATES_100000="200 800"
  SWEEP_TIMES="--duration 1 --warmup 0.5 --repeats 1 --verify-max 5 --saturation 0.5"
  CEILING="--duration 1 --rates 4000 16000 --concurrency 64"
  BENCH_FILTERS=('*ParsingBenchmarks*' '*ReplyFormattingBenchmarks*')
else
  OUT="${OUT:-perf/results}"
  SIZES="1000000 100000"
  SETTINGS="1:0:FixedWindow 32:1:EagerWhenIdle 128:2:EagerWhenIdle 128:5:FixedWindow"
  RATES_1000000="50 100 200 400 800 1200 1600 2000"
  RATES_100000="200 400 800 1600 3200 6400 12800"
  SWEEP_TIMES="--duration 3 --warmup 1 --repeats 3 --verify-max 10"
  CEILING="--duration 3"
  BENCH_FILTERS=("$BENCH_FILTER")
fi

RAW="$OUT/raw"
# Servers run one at a time; each exports rspipeline_batch_size here (mean batch size per point).
METRICS_PORT=19464
mkdir -p "$RAW"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo '+changes')"
DATE="$(date -u +%Y-%m-%d)"
NOTE="$DATE, commit $COMMIT, $(nproc) cores, load before run $(cut -d' ' -f1 /proc/loadavg)"
started=$SECONDS
step() { echo; echo "=== [$((SECONDS - started)) s] $*"; }

step "build (Release)"
dotnet build RsPipeline.sln -c Release -nologo -v quiet
LG=(dotnet perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll)
SWEEP=(dotnet perf/Sweep/bin/Release/net10.0/RsPipeline.Sweep.dll)
BENCH=(dotnet perf/Benchmarks/bin/Release/net10.0/Benchmarks.dll)

step "catalogues (seed 42; kept in perf/results/raw/ between runs)"
mkdir -p perf/results/raw
for n in $SIZES; do
  npy="perf/results/raw/catalog-$n-64.npy"
  [ -f "$npy" ] || "${LG[@]}" catalog --items "$n" --dim 64 --seed 42 --out "$npy"
done

step "load generator ceiling (trivial in-process server)"
# shellcheck disable=SC2086
"${LG[@]}" ceiling $CEILING --json "$RAW/ceiling.json" | tee "$RAW/ceiling.txt"

step "micro-benchmarks (BenchmarkDotNet)"
"${BENCH[@]}" --filter "${BENCH_FILTERS[@]}" --artifacts "$RAW/bdn" | tee "$RAW/benchmarks.txt" | grep -E '^\|' || true

for n in $SIZES; do
  step "sweep N = $n"
  rates_var="RATES_$n"
  # shellcheck disable=SC2086
  "${SWEEP[@]}" --catalog "perf/results/raw/catalog-$n-64.npy" --settings $SETTINGS --rates ${!rates_var} $SWEEP_TIMES \
    --scorer "$SCORER" --p99-bound-ms "$BOUND" --out "$OUT" --name "sweep-n$n" --note "$NOTE" \
    --metrics-url "http://127.0.0.1:$METRICS_PORT/metrics" "--server-arg=--Telemetry:MetricsPort=$METRICS_PORT"
done

step "summary"
{
  echo "# RsPipeline performance run — $NOTE"
  echo
  echo "Scorer $SCORER, p99 bound $BOUND ms$([ "$QUICK" = 1 ] && echo ', QUICK smoke run (numbers not meaningful)')."
  echo
  echo "## Load generator ceiling"
  echo
  grep '^CEILING' "$RAW/ceiling.txt" || true
  echo
  echo "## Micro-benchmarks"
  for f in "$RAW"/bdn/results/*-report-github.md; do
    [ -f "$f" ] || continue
    echo
    sed -n '/^|/,$p' "$f"
  done
  echo
  echo "## Served throughput and latency"
  for n in $SIZES; do
    echo
    cat "$OUT/sweep-n$n.md"
    echo
    echo "![sweep N = $n](sweep-n$n.png)"
  done
} > "$OUT/summary.md"
echo "wrote $OUT/summary.md in $((SECONDS - started)) s"
