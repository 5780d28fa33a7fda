# gunicorn config for the trace fixtures: flush the BatchSpanProcessor when the worker exits.
def worker_exit(server, worker):
    try:
        from qlsite import otel
        otel.shutdown()
    except Exception as exc:  # pragma: no cover
        server.log.warning("otel shutdown failed: %s", exc)
