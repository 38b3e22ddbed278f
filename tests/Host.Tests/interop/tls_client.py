#!/usr/bin/env python3
"""Calls rs.RSer/CallRsItems over TLS (optionally mutual TLS) with grpcio, as a Python backend would.

Generates stubs from rs.proto at run time (see seed_client.py), connects with
grpc.ssl_channel_credentials trusting only --ca, presenting --cert/--key when given, and checks
that the answer has --top-k ids. With --expect-refused the call must fail with UNAVAILABLE (the
handshake refused the client).

Exit codes: 0 as expected, 1 not as expected, 2 set-up problem.
"""
import argparse
import sys
import tempfile

try:
    import grpc
    from seed_client import generate_stubs
except ImportError as error:  # pragma: no cover - reported to the xunit test
    print(f"missing module: {error}; install python3-grpcio python3-grpc-tools python3-numpy", file=sys.stderr)
    sys.exit(2)


def read(path):
    if path is None:
        return None
    with open(path, "rb") as file:
        return file.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the server")
    parser.add_argument("--proto", required=True, help="path to rs.proto")
    parser.add_argument("--ca", required=True, help="PEM file of the authority to trust")
    parser.add_argument("--cert", help="client certificate (PEM), for mutual TLS")
    parser.add_argument("--key", help="client private key (PEM), for mutual TLS")
    parser.add_argument("--dimension", type=int, required=True)
    parser.add_argument("--top-k", type=int, default=100)
    parser.add_argument("--expect-refused", action="store_true")
    parser.add_argument("--timeout", type=float, default=30.0)
    options = parser.parse_args()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(options.ca), private_key=read(options.key), certificate_chain=read(options.cert))
    with tempfile.TemporaryDirectory(prefix="rs-stubs-") as out_dir:
        rs_pb2, rs_pb2_grpc = generate_stubs(options.proto, out_dir)
        with grpc.secure_channel(options.target, credentials) as channel:
            stub = rs_pb2_grpc.RSerStub(channel)
            request = rs_pb2.userRequest(vector=",".join(["0.25"] * options.dimension))
            try:
                reply = stub.CallRsItems(request, timeout=options.timeout)
            except grpc.RpcError as error:
                if options.expect_refused and error.code() == grpc.StatusCode.UNAVAILABLE:
                    print(f"ok: refused ({error.details()})")
                    return 0
                print(f"the call failed: {error.code()}: {error.details()}", file=sys.stderr)
                return 1
    if options.expect_refused:
        print("the call was answered, but the client should have been refused", file=sys.stderr)
        return 1
    ids = reply.items.split(",")
    if len(ids) != options.top_k:
        print(f"expected {options.top_k} ids, got {len(ids)}", file=sys.stderr)
        return 1
    print(f"ok: {len(ids)} ids over TLS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
