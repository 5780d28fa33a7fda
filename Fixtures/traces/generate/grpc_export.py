#!/usr/bin/env python3
"""Send OTLP/gRPC export requests, byte for byte, with the real gRPC client (grpcio).

usage: PYTHON grpc_export.py HOST:PORT [--method PATH] FILE...

Each FILE is sent as the body of one unary call (default method: TraceService/Export),
gzip-compressed as the Collector's exporters send by default; one line per file is printed:
`<file name> <status code name> <details>`. Used by Tests/QueryLensCollectorTests
(`querylens collect --grpc-listen`) with the SDK's captured bodies in ../otlp-protobuf.
"""
import os
import sys

import grpc

EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"


def main():
    args = sys.argv[1:]
    target = args.pop(0)
    method = EXPORT
    if args and args[0] == "--method":
        method = args[1]
        args = args[2:]
    channel = grpc.insecure_channel(target)
    call = channel.unary_unary(method, request_serializer=lambda b: b, response_deserializer=lambda b: b)
    for path in args:
        body = open(path, "rb").read()
        try:
            call(body, timeout=10, compression=grpc.Compression.Gzip)
            print(os.path.basename(path), "OK", "")
        except grpc.RpcError as error:
            print(os.path.basename(path), error.code().name, error.details())
        sys.stdout.flush()


if __name__ == "__main__":
    main()
