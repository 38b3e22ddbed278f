# Shared by the scenario scripts (sourced, not run): paths, the server's RSS, and a one-line summary
# of a load generator's JSON result.
HOST=${HOST:-Host/bin/Release/net10.0/RsPipeline.Host.dll}
LG=perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll
PY=/usr/bin/python3

# The resident set of process $1, in MB.
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

# One line from the load generator's --json file $1: achieved rate, percentiles, errors by status.
summary() {
  "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1])); l = d["latency"]
errors = ", ".join("%s %d" % kv for kv in sorted(d["errors"].items())) or "none"
print("achieved %.1f req/s, ok %d, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, errors: %s"
      % (d["achievedPerSecond"], d["succeeded"], l["p50Ms"], l["p99Ms"], l["p999Ms"], l["maxMs"], errors))' "$1"
}

# One figure (a key of "latency", e.g. p99Ms) from the load generator's --json file $1.
latency_of() { "$PY" -c 'import json, sys; print("%.1f" % json.load(open(sys.argv[1]))["latency"][sys.argv[2]])' "$1" "$2"; }

# CPU seconds (user + system) process $1 has used so far.
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }

# The refusals' latency (RESOURCE_EXHAUSTED) from the load generator's --json file $1.
refusals() {
  "$PY" -c '
import json, sys
d = json.load(open(sys.argv[1])); r = d.get("refusalLatency") or {}
n = d["errors"].get("ResourceExhausted", 0)
print("refused %d, refusal p50 %s ms, p99 %s ms, max %s ms" % (n, r.get("p50Ms"), r.get("p99Ms"), r.get("maxMs")))' "$1"
}
