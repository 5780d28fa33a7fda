#!/usr/bin/env python3
"""Generate Fixtures/traces/{django-old-semconv,django-new-semconv}.jsonl and
Fixtures/traces/otlp-protobuf/{old,new}/NNNN.pb with the real OpenTelemetry Python SDK.

usage: /tmp/venv-otel/bin/python gen_traces.py        (then build_expected.py)
       PYTHON gen_traces.py --endpoint URL [--run old,new] [--grpc]
              the same workload exported live to another receiver (`querylens collect` in
              Tests/QueryLensCollectorTests/LiveSDKTests.swift), over OTLP/HTTP or, with --grpc,
              the SDK's OTLP/gRPC exporter (URL then host:port); nothing is captured or written.

  * ./qlsite: Django project (copy of Fixtures/logs/generate/apps/django/qlsite, zeal and
    logging removed, /books/prices/ added), SQLite database /tmp/ql-otel-django.sqlite3:
    7 authors, 20 books, author of book i = ((3*i) mod 7)+1.
  * served by gunicorn (1 sync worker); qlsite/otel.py sets up TracerProvider +
    BatchSpanProcessor + OTLPSpanExporter (OTLP/HTTP protobuf) + Django, sqlite3 and
    requests instrumentations, all with default options (no sqlcommenter, no parameters).
  * otlp_capture.py: the receiver (in this process) that stores every export request body
    byte for byte and its OTLP/JSON line.
  * price_service.py: uninstrumented local HTTP service hit by /books/prices/.
Pages, one GET each, GAP seconds apart:
  R1 /books/  R2 /books/eager/  R3 /authors/1/repeat/  R4 /authors/counts/  R5 /books/prices/
Two runs: "old" (OTEL_SEMCONV_STABILITY_OPT_IN unset) and "new" (=database,http).
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import otlp_capture  # noqa: E402
import price_service  # noqa: E402

SITE = os.path.join(HERE, "qlsite")
OUT = os.path.abspath(os.path.join(HERE, ".."))
PY = sys.executable
BIN = os.path.dirname(PY)
SQLITE = "/tmp/ql-otel-django.sqlite3"
AUTHOR_IDS_R1 = [((3 * i) % 7) + 1 for i in range(1, 11)]  # 4,7,3,6,2,5,1,4,7,3
PAGES = ["/books/", "/books/eager/", "/authors/1/repeat/", "/authors/counts/", "/books/prices/"]
GAP = 0.4
BSP_DELAY_MS = "500"
# each price answer takes 0.2 s, so /books/prices/ lasts > 1 s = 2 x BSP_DELAY_MS: at least one
# batch export fires while it runs and that trace is split across export requests.
PRICE_DELAY = 0.2
RUNS = {
    "old": {"jsonl": "django-old-semconv.jsonl", "optin": None},
    "new": {"jsonl": "django-new-semconv.jsonl", "optin": "database,http"},
}


def clean_env(**extra):
    e = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    e.update(QL_SQLITE=SQLITE, QL_DEBUG="0", PYTHONDONTWRITEBYTECODE="1")
    e.update({k: v for k, v in extra.items() if v is not None})
    return e


SEED = """
from books.models import Author, Book
authors = [Author.objects.create(name=f"Author {i}") for i in range(1, 8)]
for i in range(1, 21):
    Book.objects.create(title=f"Book {i}", author=authors[(3 * i) % 7])
assert [b.author_id for b in Book.objects.order_by('id')[:10]] == AUTHOR_IDS
""".replace("AUTHOR_IDS", repr(AUTHOR_IDS_R1))


def prepare():
    """Fresh database, migrations and seed data -- OpenTelemetry off (QL_OTEL unset)."""
    if os.path.exists(SQLITE):
        os.remove(SQLITE)
    for args in (["migrate", "--verbosity", "0"], ["shell", "-c", SEED]):
        subprocess.run([PY, "manage.py", *args], cwd=SITE, check=True, env=clean_env())


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def wait_port(port, timeout=30):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"port {port} never opened")


def run(name, cfg, cap, price_port):
    cap.start_run(os.path.join(OUT, "otlp-protobuf", name), os.path.join(OUT, cfg["jsonl"]))
    serve(name, cfg, f"http://127.0.0.1:{cap.port}/v1/traces", price_port)
    n, reqs = cap.stop_run()
    print(f"{name}: {n} export requests -> {cfg['jsonl']}; gunicorn log /tmp/ql-otel-gunicorn-{name}.log")
    for r in reqs:
        print("   ", r)
    return n


def serve(name, cfg, endpoint, price_port, protocol="http/protobuf"):
    """Runs the app with OpenTelemetry exporting to `endpoint`, one GET per page, then stops
    it (the worker's exit hook flushes the last spans)."""
    port = free_port()
    env = clean_env(
        QL_OTEL="1",
        QL_PRICE_URL=f"http://127.0.0.1:{price_port}",
        OTEL_SERVICE_NAME="qlsite",
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=endpoint,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=protocol,
        OTEL_BSP_SCHEDULE_DELAY=BSP_DELAY_MS,
        OTEL_SEMCONV_STABILITY_OPT_IN=cfg["optin"],
    )
    log = open(f"/tmp/ql-otel-gunicorn-{name}.log", "w")
    g = subprocess.Popen([os.path.join(BIN, "gunicorn"), "-c", os.path.join(HERE, "gunicorn.conf.py"), "--no-control-socket",
                          "--chdir", SITE, "-w", "1", "-b", f"127.0.0.1:{port}", "qlsite.wsgi:application"],
                         env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_port(port)
        time.sleep(1.0)
        for p in PAGES:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{p}", timeout=20) as r:
                assert r.status == 200, (p, r.status)
                r.read()
            time.sleep(GAP)
    finally:
        g.send_signal(signal.SIGTERM)
        g.wait(timeout=30)
        log.close()
    time.sleep(0.5)


def main():
    args = sys.argv[1:]
    # A test runner may start us with signals blocked; gunicorn inherits the mask and would
    # never see the SIGTERM that stops it.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    prepare()
    psrv, seen = price_service.start(delay=PRICE_DELAY)
    if "--endpoint" in args:
        endpoint = args[args.index("--endpoint") + 1]
        names = args[args.index("--run") + 1].split(",") if "--run" in args else list(RUNS)
        for name in names:
            serve(name, RUNS[name], endpoint, psrv.server_address[1], "grpc" if "--grpc" in args else "http/protobuf")
        print("price service saw", len(seen), "requests")
        return
    cap = otlp_capture.Capture()
    for name, cfg in RUNS.items():
        n = run(name, cfg, cap, psrv.server_address[1])
        assert n > 0, name
    print("price service saw", len(seen), "requests; traceparent headers:", sum(1 for s in seen if s["traceparent"]))


if __name__ == "__main__":
    main()
