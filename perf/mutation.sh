#!/usr/bin/env bash
# Mutation testing of the core stages with Stryker.NET (the local tool in .config/dotnet-tools.json),
# Pipeline.Tests alone, coverage analysis perTest (tests/Pipeline.Tests/stryker-config.json), then
# the mutation score per file.
#
#   perf/mutation.sh                     every core file in one Stryker run (cheapest: one build, one initial test run)
#   perf/mutation.sh batching simd       one Stryker run per group named (batching slo parsing responding selection simd pipeline)
#   perf/mutation.sh --report            only print the table from the reports already under the output folder
#   perf/mutation.sh --survivors ...     also list every surviving or uncovered mutant (file:line, mutator, replacement)
#
# Environment: MUTATION_TIMEOUT (seconds per Stryker run, default 5400; a run past it is stopped, its
# group reported missing), MUTATION_CONCURRENCY (test sessions at once, default: the processor count),
# MUTATION_OUT (reports, default perf/results/raw/mutation, git-ignored).
#
# Score = (killed + timeout) / (killed + timeout + survived + no coverage). Mutants that do not compile
# (Stryker counts e.g. `.Count` → `.Sum` as CompileError) and those disabled in the source with a
# `// Stryker disable ... : reason` comment are not in it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

timeout_s=${MUTATION_TIMEOUT:-5400}
concurrency=${MUTATION_CONCURRENCY:-$(nproc)}
out=${MUTATION_OUT:-$root/perf/results/raw/mutation}
threshold=85

declare -A groups=(
    [batching]="**/Batching/BatchQueue.cs **/Batching/BatchQueueState.cs **/Batching/FixedWindowPolicy.cs **/Batching/EagerWhenIdlePolicy.cs **/Batching/BatchPolicies.cs **/Batching/LiveBatchingSettings.cs"
    [slo]="**/Batching/LatencySloPolicy.cs **/Batching/InferenceCostModel.cs"
    [parsing]="**/Parsing/FeatureParser.cs **/Parsing/ParseStage.cs **/Parsing/RequestParser.cs"
    [responding]="**/Responding/ResponseBuilder.cs **/Responding/RespondStage.cs"
    [selection]="**/Selection/TopKAccumulator.cs"
    [simd]="**/Simd/KthLargest.cs **/Simd/PartialTopK.cs **/Simd/StableFilter.cs **/Simd/CandidateMerge.cs"
    [pipeline]="**/Pipeline/Admission.cs **/Pipeline/RecallWorkItem.cs **/Pipeline/RecallPipeline.cs"
)

survivors=0
report_only=0
names=()
for arg in "$@"; do
    case "$arg" in
        --survivors) survivors=1 ;;
        --report) report_only=1 ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *)
            if [ -z "${groups[$arg]+set}" ]; then
                echo "unknown group '$arg'; groups: ${!groups[*]}" >&2
                exit 2
            fi
            names+=("$arg") ;;
    esac
done

run_stryker() { # name, then the mutate globs (none: the config's list)
    local name=$1
    shift
    local args=()
    for glob in "$@"; do args+=(--mutate "$glob"); done
    rm -rf "${out:?}/$name"
    mkdir -p "$out/$name"
    echo "== $name: Stryker, at most ${timeout_s} s ($(date -u +%H:%M:%S) UTC)"
    # The time bound: a mutant's test session once hung with vstest idle; Stryker's own per-mutant
    # timeout (additional-timeout in the config) did not end it.
    if ! (cd tests/Pipeline.Tests && timeout --kill-after=60 "$timeout_s" \
        dotnet dotnet-stryker --concurrency "$concurrency" --reporter json --reporter progress \
        --output "$out/$name" "${args[@]}" >"$out/$name/stryker.log" 2>&1); then
        echo "   Stryker failed or ran past ${timeout_s} s: see $out/$name/stryker.log" >&2
        tail -5 "$out/$name/stryker.log" >&2 || true
        return 1
    fi
    grep -E "Time Elapsed|final mutation score" "$out/$name/stryker.log" | sed 's/^/   /'
}

status=0
if [ "$report_only" = 0 ]; then
    dotnet tool restore >/dev/null
    if [ "${#names[@]}" = 0 ]; then
        run_stryker all || status=1
    else
        for name in "${names[@]}"; do
            # shellcheck disable=SC2086 # the globs are words; set -f keeps the shell from expanding them
            set -f
            run_stryker "$name" ${groups[$name]} || status=1
            set +f
        done
    fi
fi

python3 - "$out" "$threshold" "$survivors" "$root" <<'PY' || status=1
import glob, json, os, sys
from collections import Counter

out, threshold, list_survivors, root = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1", sys.argv[4]
detected, undetected, excluded = {"Killed", "Timeout"}, {"Survived", "NoCoverage"}, {"CompileError", "Ignored"}
files = {}
for report in sorted(glob.glob(os.path.join(out, "*", "reports", "mutation-report.json")), key=os.path.getmtime):
    for path, entry in json.load(open(report))["files"].items():
        mutants = [m for m in entry["mutants"] if m["status"] != "Ignored" or "filter" not in (m.get("statusReason") or "")]
        if any(m["status"] != "CompileError" for m in mutants):
            files[os.path.relpath(path, root)] = mutants  # the newest report of a file wins
if not files:
    sys.exit(f"no Stryker report under {out}")

print(f"\n| file | killed | timeout | survived | no coverage | compile error | disabled | score |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
below = 0
total = Counter()
for path in sorted(files):
    c = Counter(m["status"] for m in files[path])
    total.update(c)
    caught, missed = sum(c[s] for s in detected), sum(c[s] for s in undetected)
    score = 100.0 * caught / (caught + missed) if caught + missed else 100.0
    below += score < threshold
    print(f"| {path} | {c['Killed']} | {c['Timeout']} | {c['Survived']} | {c['NoCoverage']} | {c['CompileError']} | {c['Ignored']} | {score:.1f}% |")
caught, missed = sum(total[s] for s in detected), sum(total[s] for s in undetected)
print(f"| all | {total['Killed']} | {total['Timeout']} | {total['Survived']} | {total['NoCoverage']} | {total['CompileError']} | {total['Ignored']} | {100.0 * caught / max(1, caught + missed):.1f}% |")
print(f"\n{len(files) - below} of {len(files)} files at or above {threshold:.0f}%")

if list_survivors:
    print()
    for path in sorted(files):
        source = open(os.path.join(root, path)).read().splitlines() if os.path.exists(os.path.join(root, path)) else []
        for m in sorted(files[path], key=lambda m: (m["location"]["start"]["line"], m["location"]["start"]["column"])):
            if m["status"] in undetected:
                line = m["location"]["start"]["line"]
                text = source[line - 1].strip() if line <= len(source) else ""
                print(f"{path}:{line}: {m['status']}: {m['mutatorName']}: {m.get('replacement', '')!r}\n    {text}")
sys.exit(1 if below else 0)
PY
exit $status
