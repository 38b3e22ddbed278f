#!/usr/bin/env bash
# GPU figures for issue 19 in one run, on a machine with an NVIDIA GPU and its driver (no CUDA
# toolkit needed: ILGPU emits PTX and the driver compiles it). Builds, checks the device, runs the
# scorer benchmark (N = 1M and 10M, d = 64, k = 100, B = 1 … 1,024) and a short served sweep, and
# writes everything to perf/results/gpu/ (override with OUT=...). About 3–6 minutes on an H200.
#   perf/gpu/run.sh            # everything
#   perf/gpu/run.sh --no-sweep # the in-process benchmark only
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-perf/results/gpu}
SWEEP=1
[ "${1:-}" = "--no-sweep" ] && SWEEP=0
mkdir -p "$OUT"
SUMMARY="$OUT/summary.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "$*" | tee -a "$SUMMARY"; }
: > "$SUMMARY"
say "# GPU run $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
say ""

# 1. The device: nvidia-smi and the driver library ILGPU loads (libcuda.so.1).
if ! command -v nvidia-smi >/dev/null; then
    say "no nvidia-smi: this machine has no NVIDIA driver; nothing measured"; exit 2
fi
say '```'
nvidia-smi --query-gpu=name,driver_version,compute_cap,clocks.max.sm,clocks.max.mem,memory.total,power.limit --format=csv 2>&1 | tee -a "$SUMMARY"
say '```'
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda.so.1'; then
    say "warning: ldconfig lists no libcuda.so.1; the scorer will say what it could not load"
fi
# Peak and bandwidth from nvidia-smi as a cross-check of ILGPU's device properties (CUDA 13 drivers
# may report 0 for the deprecated clock attributes; then these are used).
SM_MHZ=$(nvidia-smi --query-gpu=clocks.max.sm --format=csv,noheader,nounits -i 0 2>/dev/null | tr -dc '0-9')
say "nvidia-smi max SM clock: ${SM_MHZ:-unknown} MHz"

# 2. Build (Release). A machine without the .NET 10 SDK can run a published copy: GPUBENCH=path/to/RsPipeline.GpuBench.dll
DOTNET=${DOTNET:-dotnet}
if [ -z "${GPUBENCH:-}" ]; then
    if ! command -v "$DOTNET" >/dev/null; then
        say "no dotnet on PATH: install the .NET 10 SDK, or publish perf/GpuBench elsewhere and set GPUBENCH and DOTNET"; exit 3
    fi
    "$DOTNET" build perf/GpuBench/GpuBench.csproj -c Release -v q -nologo || { say "build failed"; exit 4; }
    GPUBENCH=perf/GpuBench/bin/Release/net10.0/RsPipeline.GpuBench.dll
fi

# 3. The scorer benchmark. Bounded: 420 s at most.
say ""
say "## Scorer benchmark"
timeout 420 "$DOTNET" "$GPUBENCH" --accelerator Cuda --items 1000000,10000000 --dim 64 --k 100 \
    --batches 1,2,4,8,16,32,64,128,256,512,1024 --repeats 5 --out "$OUT" 2>&1 | tee "$OUT/gpu-bench.log"
STATUS=${PIPESTATUS[0]}
if [ "$STATUS" != 0 ]; then
    say "benchmark exited $STATUS (124 = timed out); its output is in $OUT/gpu-bench.log"
else
    cat "$OUT/gpu-bench.md" >> "$SUMMARY"
fi

# 4. A short served sweep over gRPC with Inference:Scorer=Gpu (the Host registers the Gpu provider);
#    if the server cannot start on the device, the sweep is recorded as not completed.
if [ "$SWEEP" = 1 ]; then
    say ""
    say "## Served sweep (N = 1,000,000, d = 64, k = 100)"
    if "$DOTNET" build Host/Host.csproj -c Release -v q -nologo && "$DOTNET" build perf/Sweep/Sweep.csproj -c Release -v q -nologo \
        && "$DOTNET" build perf/LoadGenerator/LoadGenerator.csproj -c Release -v q -nologo; then
        CATALOG=perf/results/raw/catalog-1000000-64.npy
        mkdir -p perf/results/raw
        [ -f "$CATALOG" ] || "$DOTNET" perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll catalog --items 1000000 --dim 64 --seed 42 --out "$CATALOG"
        timeout 240 "$DOTNET" perf/Sweep/bin/Release/net10.0/RsPipeline.Sweep.dll --catalog "$CATALOG" --scorer Gpu \
            --settings 1:0:FixedWindow 256:2:EagerWhenIdle 1024:2:EagerWhenIdle --rates 500 2000 8000 16000 \
            --duration 3 --repeats 1 --p99-bound-ms 50 --out "$OUT" --name sweep-gpu-n1000000 2>&1 | tee "$OUT/sweep.log"
        if [ "${PIPESTATUS[0]}" = 0 ] && [ -f "$OUT/sweep-gpu-n1000000.md" ]; then
            cat "$OUT/sweep-gpu-n1000000.md" >> "$SUMMARY"
        else
            say "served sweep did not complete (the server could not start or serve on the device); see $OUT/sweep.log and $OUT/raw/"
        fi
    else
        say "served sweep: build failed"
    fi
fi
say ""
say "done: $SUMMARY"
