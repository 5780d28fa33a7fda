"""Tiny OTLP/HTTP trace receiver used to capture the fixtures.

POST /v1/traces with an application/x-protobuf body:
  * the body is saved exactly as it arrived to <pb_dir>/NNNN.pb (NNNN = 0001, 0002, ...);
  * it is decoded as opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest and
    one JSON line is appended to <jsonl> with `to_otlp_json` below, the OTLP/JSON encoding
    the Collector's file exporter writes (one TracesData object {"resourceSpans":[...]} per
    export request).
The reply is an empty ExportTraceServiceResponse (HTTP 200, application/x-protobuf).
"""
import base64
import gzip
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf.json_format import MessageToDict
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

ID_FIELDS = ("traceId", "spanId", "parentSpanId")


def _ids_to_hex(node):
    """OTLP/JSON rule: trace and span ids are lowercase hex, not base64 (proto3 bytes)."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ID_FIELDS and isinstance(v, str):
                node[k] = base64.b64decode(v).hex()
            else:
                _ids_to_hex(v)
    elif isinstance(node, list):
        for v in node:
            _ids_to_hex(v)


def to_otlp_json(body: bytes) -> dict:
    """ExportTraceServiceRequest bytes -> OTLP/JSON dict.

    MessageToDict(preserving_proto_field_name=False -> lowerCamelCase keys,
                  use_integers_for_enums=True -> kind/status.code as integers;
                  int64/fixed64 stay JSON strings, default values omitted)
    then traceId/spanId/parentSpanId (also inside links) base64 -> lowercase hex.
    The request message has the same single field (resource_spans = 1) as TracesData.
    """
    req = ExportTraceServiceRequest()
    req.ParseFromString(body)
    d = MessageToDict(req, preserving_proto_field_name=False, use_integers_for_enums=True)
    _ids_to_hex(d)
    return d


class Capture:
    def __init__(self, host="127.0.0.1", port=0):
        self.lock = threading.Lock()
        self.pb_dir = None
        self.jsonl = None
        self.count = 0
        self.requests = []  # (path, headers) per request, for the generator's checks
        cap = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                n = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(n)
                raw = body
                if self.headers.get("Content-Encoding", "").lower() == "gzip":
                    raw = gzip.decompress(body)
                with cap.lock:
                    if self.path != "/v1/traces" or cap.pb_dir is None:
                        self.send_response(404)
                        self.end_headers()
                        return
                    cap.count += 1
                    with open(os.path.join(cap.pb_dir, "%04d.pb" % cap.count), "wb") as f:
                        f.write(body)
                    line = json.dumps(to_otlp_json(raw), separators=(",", ":"), ensure_ascii=False)
                    with open(cap.jsonl, "a", encoding="utf-8") as f:
                        f.write(line + "\n")
                    cap.requests.append({"path": self.path, "content_type": self.headers.get("Content-Type"),
                                         "content_encoding": self.headers.get("Content-Encoding"),
                                         "user_agent": self.headers.get("User-Agent"), "bytes": len(body)})
                out = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def start_run(self, pb_dir, jsonl):
        with self.lock:
            os.makedirs(pb_dir, exist_ok=True)
            for f in os.listdir(pb_dir):
                if f.endswith(".pb"):
                    os.remove(os.path.join(pb_dir, f))
            open(jsonl, "w").close()
            self.pb_dir, self.jsonl, self.count, self.requests = pb_dir, jsonl, 0, []

    def stop_run(self):
        with self.lock:
            self.pb_dir = None
            return self.count, list(self.requests)
