#!/usr/bin/env python3
"""Build Fixtures/traces/expected.json from the captured fixtures (run after gen_traces.py).

Every number is measured from the .jsonl files and asserted against what the workload
implies; the .pb bodies are re-decoded and must convert to exactly the .jsonl lines.
usage: /tmp/venv-otel/bin/python build_expected.py
"""
import json
import os
import re
import sys
from collections import Counter, OrderedDict
from importlib.metadata import version

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from otlp_capture import to_otlp_json  # noqa: E402

OUT = os.path.abspath(os.path.join(HERE, ".."))
FILES = OrderedDict([("django-old-semconv.jsonl", ("old", "old")), ("django-new-semconv.jsonl", ("new", "new"))])
PKGS = ["opentelemetry-api", "opentelemetry-sdk", "opentelemetry-proto", "opentelemetry-exporter-otlp-proto-http",
        "opentelemetry-exporter-otlp-proto-common", "opentelemetry-instrumentation",
        "opentelemetry-instrumentation-django", "opentelemetry-instrumentation-wsgi",
        "opentelemetry-instrumentation-dbapi", "opentelemetry-instrumentation-sqlite3",
        "opentelemetry-instrumentation-requests", "opentelemetry-semantic-conventions",
        "opentelemetry-util-http", "protobuf", "Django", "gunicorn", "requests"]
KIND = {1: "INTERNAL", 2: "SERVER", 3: "CLIENT", 4: "PRODUCER", 5: "CONSUMER"}


def attrs(span):
    out = {}
    for kv in span.get("attributes", []):
        (t, v), = kv["value"].items()
        out[kv["key"]] = v
    return out


def first(a, *keys):
    for k in keys:
        if k in a:
            return a[k]
    return None


def load(fname, sub):
    lines = open(os.path.join(OUT, fname), encoding="utf-8").read().splitlines()
    pbdir = os.path.join(OUT, "otlp-protobuf", sub)
    pbs = sorted(f for f in os.listdir(pbdir) if f.endswith(".pb"))
    assert len(pbs) == len(lines), (fname, len(pbs), len(lines))
    for i, (pb, line) in enumerate(zip(pbs, lines), 1):
        assert pb == "%04d.pb" % i
        with open(os.path.join(pbdir, pb), "rb") as f:
            assert to_otlp_json(f.read()) == json.loads(line), (fname, pb)
    spans = []
    resources = []
    for ln, line in enumerate(lines, 1):
        d = json.loads(line)
        assert list(d) == ["resourceSpans"]
        for rs in d["resourceSpans"]:
            resources.append(attrs(rs["resource"]))
            for ss in rs["scopeSpans"]:
                for s in ss["spans"]:
                    spans.append(dict(s, _line=ln, _scope=ss["scope"]["name"], _schema=ss.get("schemaUrl"),
                                      _a=attrs(s)))
    return lines, pbs, spans, resources


def is_db(s):
    return "db.system" in s["_a"] or "db.system.name" in s["_a"]


def is_http_client(s):
    return s["kind"] == 3 and ("http.method" in s["_a"] or "http.request.method" in s["_a"])


def norm_url_path(u):
    path = re.sub(r"^https?://[^/]+", "", u)
    return re.sub(r"/\d+(?=/|$)", "/{id}", path)


def analyze(fname, sub):
    lines, pbs, spans, resources = load(fname, sub)
    traces = OrderedDict()
    for s in sorted(spans, key=lambda s: int(s["startTimeUnixNano"])):
        traces.setdefault(s["traceId"], []).append(s)
    out_traces = []
    keys = {"db_client_spans": set(), "http_client_spans": set(), "http_server_spans": set()}
    kinds = Counter()
    for tid, ss in traces.items():
        roots = [s for s in ss if not s.get("parentSpanId")]
        assert len(roots) == 1, (fname, tid, len(roots))
        root = roots[0]
        assert root["kind"] == 2 and root["_scope"] == "opentelemetry.instrumentation.django"
        keys["http_server_spans"] |= set(root["_a"])
        db = [s for s in ss if is_db(s)]
        hc = [s for s in ss if is_http_client(s)]
        assert len(db) + len(hc) + 1 == len(ss), "unexpected span kinds"
        for s in ss:
            kinds[(s["_scope"].rsplit(".", 1)[-1], KIND[s["kind"]])] += 1
            if s is not root:
                assert s["parentSpanId"] == root["spanId"], "children hang directly off the server span"
        for s in db:
            keys["db_client_spans"] |= set(s["_a"])
        for s in hc:
            keys["http_client_spans"] |= set(s["_a"])
        stmts = [first(s["_a"], "db.statement", "db.query.text") for s in db]
        t = OrderedDict(
            trace_id=tid,
            root_span_name=root["name"],
            root_span_kind=root["kind"],
            http_route=root["_a"].get("http.route"),
            request_path=first(root["_a"], "http.target", "url.path"),
            spans=len(ss),
            export_lines=sorted({s["_line"] for s in ss}),
            spans_per_line={str(k): v for k, v in sorted(Counter(s["_line"] for s in ss).items())},
            db_spans=len(db),
            db_span_names=sorted(set(s["name"] for s in db)),
            db_statements=[OrderedDict(statement=k, count=v) for k, v in Counter(stmts).items()],
            db_statements_in_order=stmts,
            http_client_spans=[OrderedDict(name=s["name"], method=first(s["_a"], "http.method", "http.request.method"),
                                           url=first(s["_a"], "http.url", "url.full"),
                                           status=first(s["_a"], "http.status_code", "http.response.status_code"))
                               for s in hc],
        )
        out_traces.append(t)
    by_path = {t["request_path"]: t for t in out_traces}
    assert list(by_path) == ["/books/", "/books/eager/", "/authors/1/repeat/", "/authors/counts/", "/books/prices/"], list(by_path)

    # --- assertions from the workload ----------------------------------------------------
    author_by_pk = 'SELECT "books_author"."id", "books_author"."name" FROM "books_author" WHERE "books_author"."id" = %s LIMIT 21'
    count_q = 'SELECT COUNT(*) AS "__count" FROM "books_book" WHERE "books_book"."author_id" = %s'
    r1, r2, r3, r4, r5 = (by_path[p] for p in by_path)
    assert r1["http_route"] == "books/" and r1["db_spans"] == 11
    assert r1["db_statements_in_order"][1:] == [author_by_pk] * 10
    assert r2["db_spans"] == 1 and "INNER JOIN" in r2["db_statements_in_order"][0]
    assert r3["http_route"] == "authors/<int:pk>/repeat/" and r3["db_statements_in_order"] == [author_by_pk] * 3
    assert r4["db_spans"] == 6 and r4["db_statements_in_order"][1:] == [count_q] * 5
    assert r5["db_spans"] == 1 and len(r5["http_client_spans"]) == 5
    assert [norm_url_path(h["url"]) for h in r5["http_client_spans"]] == ["/price/{id}"] * 5
    assert [h["url"].rsplit("/", 1)[1] for h in r5["http_client_spans"]] == ["1", "2", "3", "4", "5"]
    for t in (r1, r2, r3, r4):
        assert not t["http_client_spans"]
    params_present = any("db.statement.parameters" in s["_a"] or "db.query.parameter" in " ".join(s["_a"])
                         for s in spans)
    assert not params_present

    findings = [
        OrderedDict(type="n_plus_one", trace_route=r1["http_route"], request_path="/books/", table="books_author",
                    statement=author_by_pk, count=10,
                    distinct_values=7, distinct_values_source="workload (author ids 4,7,3,6,2,5,1,4,7,3); "
                    "not observable in the trace: parameters are not recorded, the statement keeps %s",
                    preceded_by=r1["db_statements_in_order"][0]),
        OrderedDict(type="n_plus_one_count", trace_route=r4["http_route"], request_path="/authors/counts/",
                    table="books_book", statement=count_q, count=5,
                    preceded_by=r4["db_statements_in_order"][0]),
        OrderedDict(type="repeated_query", trace_route=r3["http_route"], request_path="/authors/1/repeat/",
                    table="books_author", statement=author_by_pk, count=3, value="1",
                    value_source="workload / url path; the spans themselves carry no parameter"),
        OrderedDict(type="n_plus_one_http", trace_route=r5["http_route"], request_path="/books/prices/",
                    method="GET", url_template="/price/{id}", count=5, distinct_values=5,
                    urls=[h["url"] for h in r5["http_client_spans"]],
                    preceded_by=r5["db_statements_in_order"][0]),
        OrderedDict(type="none", trace_route=r2["http_route"], request_path="/books/eager/",
                    note="select_related: one JOIN query, no finding expected"),
    ]
    split = [t["request_path"] for t in out_traces if len(t["export_lines"]) > 1]
    return OrderedDict(
        protobuf_dir=f"otlp-protobuf/{sub}",
        protobuf_files=pbs,
        export_requests=len(lines),
        lines=len(lines),
        spans=len(spans),
        traces_count=len(out_traces),
        traces_split_across_lines=split,
        resource_attributes=sorted(set().union(*[set(r) for r in resources])),
        schema_urls={k: v for k, v in sorted({s["_scope"]: s["_schema"] for s in spans}.items())},
        span_kinds={f"{k[0]}:{k[1]}": v for k, v in sorted(kinds.items())},
        attribute_names={k: sorted(v) for k, v in keys.items()},
        db_parameters_recorded=params_present,
        traces=out_traces,
        findings=findings,
    )


def main():
    exp = OrderedDict(
        description="Real OpenTelemetry Python SDK traces of the Django app in generate/qlsite "
                    "(gunicorn, SQLite, OTLP/HTTP protobuf exporter, BatchSpanProcessor). See README.md.",
        versions=OrderedDict((p, version(p)) for p in PKGS),
        python=sys.version.split()[0],
        json_conversion="ExportTraceServiceRequest.ParseFromString(body); google.protobuf.json_format.MessageToDict("
                        "msg, preserving_proto_field_name=False, use_integers_for_enums=True); then every "
                        "traceId/spanId/parentSpanId value (base64) -> lowercase hex; json.dumps(separators=(',',':')) "
                        "one object per export request per line",
        workload="7 authors, 20 books, author of book i = ((3*i) mod 7)+1; GET /books/, /books/eager/, "
                 "/authors/1/repeat/, /authors/counts/, /books/prices/ (one request each, in that order)",
        files=OrderedDict(),
    )
    for fname, (sub, label) in FILES.items():
        exp["files"][fname] = analyze(fname, sub)
        exp["files"][fname]["semconv"] = ("default (OTEL_SEMCONV_STABILITY_OPT_IN unset)" if label == "old"
                                          else "OTEL_SEMCONV_STABILITY_OPT_IN=database,http")
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(exp, f, indent=2)
        f.write("\n")
    for fname, v in exp["files"].items():
        print(fname, "lines", v["lines"], "spans", v["spans"], "traces", v["traces_count"],
              "split", v["traces_split_across_lines"])
        for t in v["traces"]:
            print("   ", t["root_span_name"], t["http_route"], "db", t["db_spans"], "http", len(t["http_client_spans"]),
                  "lines", t["export_lines"])
        print("   attrs", json.dumps(v["attribute_names"]))
        print("   kinds", v["span_kinds"])


if __name__ == "__main__":
    main()
