#!/usr/bin/env bash
# Served figures, Simd against SimdInt8, on the server's synthetic catalogue of ITEMS rows (default
# 1,000,000): p50 at a light open-loop rate (20 req/s, the project's generator), closed-loop
# throughput with 32 callers (the generator), and closed-loop throughput with 32 streams from h2load
# (a light client: 4 connections × 8 streams, one fixed query). Default server settings otherwise;
# SERVER_ARGS adds settings to both servers (e.g. SERVER_ARGS=--Inference:Simd:Int8MaxBatch=0).
# Needs Release builds of Host and perf/LoadGenerator, and h2load (nghttp2). Output under OUT.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
items=${ITEMS:-1000000}
port=${PORT:-50071}
out=${OUT:-${TMPDIR:-/tmp}/rspipeline-served-int8}
host=$root/Host/bin/Release/net10.0/RsPipeline.Host.dll
lg=$root/perf/LoadGenerator/bin/Release/net10.0/RsPipeline.LoadGenerator.dll
mkdir -p "$out"

# One gRPC message for h2load: no compression, 4-byte length, userRequest { vector = "..." }.
/usr/bin/python3 - "$out/request.bin" <<'PY'
import random, struct, sys
random.seed(7)
text = ",".join(repr(random.gauss(0, 1)) for _ in range(64)).encode()
length, varint = len(text), b""
while True:
    byte = length & 0x7F
    length >>= 7
    varint += bytes([byte | (0x80 if length else 0)])
    if not length:
        break
message = b"\x0a" + varint + text
open(sys.argv[1], "wb").write(b"\x00" + struct.pack(">I", len(message)) + message)
PY

for scorer in Simd SimdInt8; do
    dotnet "$host" --Server:BindAddress=127.0.0.1 --Server:Port="$port" --Catalog:SyntheticItemCount="$items" \
        --Inference:Scorer="$scorer" ${SERVER_ARGS:-} > "$out/server-$scorer.log" 2>&1 &
    server=$!
    target=http://127.0.0.1:$port
    dotnet "$lg" run --target "$target" --synthetic-items "$items" --rate 20 --duration 10 \
        --json "$out/open20-$scorer.json" > "$out/open20-$scorer.txt"
    dotnet "$lg" run --target "$target" --synthetic-items "$items" --concurrency 32 --duration 8 \
        --json "$out/closed32-$scorer.json" > "$out/closed32-$scorer.txt"
    h2load -n 4000 -c 4 -m 8 -H 'content-type: application/grpc' -H 'te: trailers' \
        -d "$out/request.bin" "$target/rs.RSer/CallRsItems" > "$out/h2load-$scorer.txt"
    kill "$server"
    wait "$server" || true
done
grep -H -E "achieved|p50|p99 " "$out"/open20-*.txt "$out"/closed32-*.txt || true
grep -H -E "finished in|requests:|status codes" "$out"/h2load-*.txt || true
