"""OpenTelemetry setup for the trace fixtures (QueryLens Fixtures/traces).

Called from wsgi.py inside the gunicorn worker (after the fork, so the
BatchSpanProcessor's thread lives in the process that serves requests).

Everything is configured by the SDK's standard environment variables:
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT   http://127.0.0.1:<capture>/v1/traces
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL   http/protobuf (default; the fixtures) | grpc (the live
                                       `querylens collect --grpc-listen` test; endpoint host:port)
  OTEL_SERVICE_NAME                    qlsite
  OTEL_BSP_SCHEDULE_DELAY              batch delay in ms
  OTEL_SEMCONV_STABILITY_OPT_IN        unset (old conventions) | "database,http" (new)
"""
from opentelemetry import trace
import os

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from opentelemetry.instrumentation.sqlite3 import SQLite3Instrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

_provider = None


def setup():
    global _provider
    if _provider is not None:
        return _provider
    _provider = TracerProvider(resource=Resource.create())  # service.name from OTEL_SERVICE_NAME
    if os.environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GRPCSpanExporter
        exporter = GRPCSpanExporter(insecure=True)
    else:
        exporter = OTLPSpanExporter()
    _provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(_provider)
    # Default options everywhere: no sqlcommenter (is_sql_commentor_enabled not passed),
    # no capture_parameters.
    DjangoInstrumentor().instrument()
    SQLite3Instrumentor().instrument()
    RequestsInstrumentor().instrument()
    return _provider


def shutdown():
    if _provider is not None:
        _provider.shutdown()  # flushes the BatchSpanProcessor
