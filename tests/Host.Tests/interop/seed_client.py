#!/usr/bin/env python3
"""Interop check of the seed contract (rs.RSer/CallRsItems) from a client in another language.

Generates Python stubs from protos/rs.proto into a temporary folder (grpc_tools.protoc), calls
the running server with random user vectors, and checks each answer against a numpy float64
brute force over the same .npy catalogue, allowing for float32 rounding between near-ties.
Also checks that a malformed vector is answered with INVALID_ARGUMENT.

Exit codes: 0 all good, 1 a wrong answer, 2 set-up problem (missing module, bad arguments).
Needs: python3-grpcio python3-grpc-tools python3-numpy (Debian), or grpcio grpcio-tools numpy.
"""
import argparse
import importlib
import os
import sys
import tempfile

try:
    import grpc
    import numpy as np
    from grpc_tools import protoc
except ImportError as error:  # pragma: no cover - reported to the xunit test
    print(f"missing module: {error}; install python3-grpcio python3-grpc-tools python3-numpy", file=sys.stderr)
    sys.exit(2)


def generate_stubs(proto_path, out_dir):
    proto_dir = os.path.dirname(os.path.abspath(proto_path))
    args = ["grpc_tools.protoc", f"-I{proto_dir}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", os.path.basename(proto_path)]
    if protoc.main(args) != 0:
        print(f"protoc failed on {proto_path}", file=sys.stderr)
        sys.exit(2)
    sys.path.insert(0, out_dir)
    return importlib.import_module("rs_pb2"), importlib.import_module("rs_pb2_grpc")


def check_top_k(items, query, ids, k):
    exact = items.astype(np.float64) @ query.astype(np.float64)
    d = items.shape[1]
    u = 2.0 ** -24
    bounds = (d * u / (1 - d * u)) * (np.abs(items.astype(np.float64)) @ np.abs(query.astype(np.float64)))
    if len(ids) != k:
        return f"expected {k} ids, got {len(ids)}"
    rows = [int(i) for i in ids]
    if len(set(rows)) != k:
        return "an id appears twice"
    for prev, cur in zip(rows, rows[1:]):
        if exact[cur] > exact[prev] + bounds[prev] + bounds[cur]:
            return f"item {cur} ({exact[cur]!r}) should precede item {prev} ({exact[prev]!r})"
    last = rows[-1]
    left_out = np.ones(len(exact), dtype=bool)
    left_out[rows] = False
    slack = exact[last] + bounds[last] + bounds
    worse = np.nonzero(left_out & (exact > slack))[0]
    if len(worse) > 0:
        return f"item {worse[0]} ({exact[worse[0]]!r}) was left out but beats item {last} ({exact[last]!r})"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--proto", required=True, help="path to rs.proto")
    parser.add_argument("--embeddings", required=True, help="the catalogue's float32 .npy file")
    parser.add_argument("--top-k", type=int, default=100, help="the server's default top-k")
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=30.0, help="per-call deadline, seconds")
    options = parser.parse_args()

    items = np.load(options.embeddings)
    rng = np.random.default_rng(options.seed)
    with tempfile.TemporaryDirectory(prefix="rs-stubs-") as out_dir:
        rs_pb2, rs_pb2_grpc = generate_stubs(options.proto, out_dir)
        with grpc.insecure_channel(options.target) as channel:
            stub = rs_pb2_grpc.RSerStub(channel)
            for n in range(options.queries):
                query = rng.uniform(-1, 1, items.shape[1]).astype(np.float32)
                separator = ", " if n % 2 else ","
                text = separator.join(repr(float(x)) for x in query)
                reply = stub.CallRsItems(rs_pb2.userRequest(vector=text), timeout=options.timeout)
                problem = check_top_k(items, query, reply.items.split(","), options.top_k)
                if problem:
                    print(f"query {n}: {problem}", file=sys.stderr)
                    return 1
            try:
                stub.CallRsItems(rs_pb2.userRequest(vector="1,2,not-a-number"), timeout=options.timeout)
                print("a malformed vector was answered", file=sys.stderr)
                return 1
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.INVALID_ARGUMENT:
                    print(f"a malformed vector gave {error.code()}: {error.details()}", file=sys.stderr)
                    return 1
    print(f"ok: {options.queries} queries match the numpy brute force")
    return 0


if __name__ == "__main__":
    sys.exit(main())
