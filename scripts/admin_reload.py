#!/usr/bin/python3
"""Calls rspipeline.admin.v1.Admin/Reload (protos/admin_v1.proto) and prints the reply.

Needs only grpcio and protobuf (Debian 12: python3-grpcio, which brings python3-protobuf); no
generated stubs, because Debian 12's grpc_tools (libprotoc 3.5.1) refuses the proto3 `optional`
fields of admin_v1.proto. The messages are built at run time from the field list below, which
mirrors admin_v1.proto field for field (same numbers and types, so the same bytes on the wire; the
server treats an empty field as not given, so presence is not needed). Host.Tests checks the list
against the server's own descriptor.

    /usr/bin/python3 scripts/admin_reload.py --address localhost:50052 --token "$TOKEN" \\
        --embeddings-path /data/items-v2.npy --item-ids-path /data/ids-v2.txt --version v2

Exit code 0 with the reply printed, 1 with the gRPC status code and message on stderr.
"""
import argparse
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

PACKAGE = "rspipeline.admin.v1"
METHOD = "/rspipeline.admin.v1.Admin/Reload"
F = descriptor_pb2.FieldDescriptorProto

# (number, name, type) exactly as in protos/admin_v1.proto.
REQUEST_FIELDS = [
    (1, "embeddings_path", F.TYPE_STRING),
    (2, "item_ids_path", F.TYPE_STRING),
    (3, "format", F.TYPE_STRING),
    (4, "tensor_name", F.TYPE_STRING),
    (5, "version", F.TYPE_STRING),
    (6, "user_tower_path", F.TYPE_STRING),
]
REPLY_FIELDS = [
    (1, "catalog_version", F.TYPE_STRING),
    (2, "previous_version", F.TYPE_STRING),
    (3, "item_count", F.TYPE_INT32),
    (4, "dimension", F.TYPE_INT32),
    (5, "input_dimension", F.TYPE_INT32),
    (6, "elapsed_ms", F.TYPE_DOUBLE),
]


def message_classes():
    file = descriptor_pb2.FileDescriptorProto(name="admin_v1_runtime.proto", package=PACKAGE, syntax="proto3")
    for name, fields in (("ReloadRequest", REQUEST_FIELDS), ("ReloadReply", REPLY_FIELDS)):
        message = file.message_type.add(name=name)
        for number, field, kind in fields:
            message.field.add(name=field, number=number, type=kind, label=F.LABEL_OPTIONAL)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)

    def make(name):
        descriptor = pool.FindMessageTypeByName(f"{PACKAGE}.{name}")
        if hasattr(message_factory, "GetMessageClass"):
            return message_factory.GetMessageClass(descriptor)
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)

    return make("ReloadRequest"), make("ReloadReply")


def main(argv):
    parser = argparse.ArgumentParser(description="Reload the RsPipeline catalogue through the admin endpoint.")
    parser.add_argument("--address", default="localhost:50052", help="the admin endpoint (Admin:BindAddress:Admin:Port)")
    parser.add_argument("--token", help="Admin:Token, when the server has one (sent as 'authorization: Bearer <token>')")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for the reload")
    parser.add_argument("--describe", action="store_true", help="print the request and reply fields (number name type) and exit")
    for _, field, _ in REQUEST_FIELDS:
        parser.add_argument("--" + field.replace("_", "-"), dest=field)
    args = parser.parse_args(argv)

    if args.describe:
        for message, fields in (("ReloadRequest", REQUEST_FIELDS), ("ReloadReply", REPLY_FIELDS)):
            for number, field, kind in fields:
                print(message, number, field, F.Type.Name(kind))
        return 0

    request_class, reply_class = message_classes()
    request = request_class(**{field: getattr(args, field) for _, field, _ in REQUEST_FIELDS if getattr(args, field)})
    metadata = [("authorization", "Bearer " + args.token)] if args.token else None
    with grpc.insecure_channel(args.address) as channel:
        reload = channel.unary_unary(METHOD, request_serializer=request_class.SerializeToString, response_deserializer=reply_class.FromString)
        try:
            reply = reload(request, metadata=metadata, timeout=args.timeout)
        except grpc.RpcError as error:
            print(f"{error.code().name}: {error.details()}", file=sys.stderr)
            return 1
    print(reply, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
