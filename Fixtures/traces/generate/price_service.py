"""Tiny uninstrumented price service: GET /price/<id> -> {"id": <id>, "price": "<decimal>"}."""
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def start(host="127.0.0.1", port=0, delay=0.0):
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            m = re.fullmatch(r"/price/(\d+)", self.path)
            if not m:
                self.send_response(404)
                self.end_headers()
                return
            seen.append({"path": self.path, "traceparent": self.headers.get("traceparent")})
            i = int(m.group(1))
            time.sleep(delay)
            out = json.dumps({"id": i, "price": "%.2f" % (10 + 1.5 * i)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

    srv = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, seen
