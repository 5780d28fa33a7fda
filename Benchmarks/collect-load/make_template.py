#!/usr/bin/env python3
"""The request body of the `querylens collect` load test (docs/performance.md).

usage: PYTHON make_template.py OUT.pb [TRACES_PER_REQUEST]

Writes one OTLP ExportTraceServiceRequest (protobuf, built with the official
opentelemetry-proto package) holding TRACES_PER_REQUEST (default 40) whole traces of 12 spans:
a Django-like server span (`GET books/`), the query that loads ten books, and the ten
queries of its N+1 loop — 480 spans, under the SDK's default batch of 512. Every trace id
ends in the 8 bytes EE EE EE EE EE EE EE EE, which load.lua replaces with a request counter
so that every request brings new traces.
"""
import os
import sys

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span

MARK = b"\xee" * 8
BASE = 1_764_633_600_000_000_000  # 2025-12-02T00:00:00Z in ns


def attribute(key, value):
    return KeyValue(key=key, value=AnyValue(string_value=value))


def main():
    out = sys.argv[1]
    traces = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    request = ExportTraceServiceRequest()
    scope = request.resource_spans.add()
    scope.resource.attributes.append(attribute("service.name", "bookstore"))
    spans = scope.scope_spans.add()
    spans.scope.name = "opentelemetry.instrumentation.django"
    for slot in range(traces):
        trace_id = b"QL" + slot.to_bytes(6, "big") + MARK
        root_id = os.urandom(8)
        start = BASE + slot * 50_000_000
        server = spans.spans.add(trace_id=trace_id, span_id=root_id, name="GET books/", kind=Span.SPAN_KIND_SERVER,
                                 start_time_unix_nano=start, end_time_unix_nano=start + 20_000_000)
        server.attributes.extend([attribute("http.request.method", "GET"), attribute("http.route", "books/")])
        statements = ['SELECT "books_book"."id", "books_book"."title", "books_book"."author_id" FROM "books_book" ORDER BY "books_book"."id" ASC LIMIT 10']
        statements += ['SELECT "books_author"."id", "books_author"."name" FROM "books_author" WHERE "books_author"."id" = %s LIMIT 21'] * 10
        for index, statement in enumerate(statements):
            t = start + 1_000_000 + index * 1_500_000
            span = spans.spans.add(trace_id=trace_id, span_id=os.urandom(8), parent_span_id=root_id, name="SELECT",
                                   kind=Span.SPAN_KIND_CLIENT, start_time_unix_nano=t, end_time_unix_nano=t + 900_000)
            span.attributes.extend([attribute("db.system", "postgresql"), attribute("db.name", "bookstore"), attribute("db.statement", statement)])
    body = request.SerializeToString()
    assert body.count(MARK) == traces * 12
    open(out, "wb").write(body)
    print(f"{out}: {len(body)} bytes, {traces} traces, {traces * 12} spans")


if __name__ == "__main__":
    main()
