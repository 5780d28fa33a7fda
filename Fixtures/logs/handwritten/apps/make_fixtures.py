#!/usr/bin/env python3
"""Writes the handwritten ORM application-log fixtures of this folder and expected.json.

Nothing here ran an ORM: every line is built from the formats documented in README.md (the
sources and the exact example lines followed are listed there). Deterministic: fixed timestamps
(requests 200 ms apart from 2026-12-01T10:00:00Z), fixed durations, fixed request ids.
Run: python3 Fixtures/logs/handwritten/apps/make_fixtures.py   (rewrites every file but README.md)
"""
import datetime
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
T0 = datetime.datetime(2026, 12, 1, 10, 0, 0, tzinfo=datetime.timezone.utc)
GAP_MS = 200

# Common workload: 7 authors, 20 books, author of book i = ((3*i) mod 7)+1.
AUTHOR_OF = {i: (3 * i) % 7 + 1 for i in range(1, 21)}
PAGE = list(range(1, 11))                      # the first 10 books ordered by id
R1_IDS = [AUTHOR_OF[i] for i in PAGE]          # 4,7,3,6,2,5,1,4,7,3
assert R1_IDS == [4, 7, 3, 6, 2, 5, 1, 4, 7, 3]
FIRST_SEEN = list(dict.fromkeys(R1_IDS))       # 4,7,3,6,2,5,1
R4_AUTHORS = [1, 2, 3, 4, 5]

REQUESTS = [  # name, path, HTTP response body size, request wall time (ms)
    ("R1", "/books", 812, 14.215),
    ("R2", "/books/eager", 1194, 4.871),
    ("R3", "/authors/1/repeat", 66, 3.402),
    ("R4", "/authors/book-counts", 213, 6.118),
]


def request_start(index):
    return T0 + datetime.timedelta(milliseconds=GAP_MS * index)


def stmt_us(k):
    """Fixed per-statement duration in microseconds (k = statement index in the file)."""
    return 300 + (k * 277) % 900


class Log:
    """Collects lines and, per request, its line range and statement counts."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.requests = []
        self.k = 0
        self.with_params = 0

    def add(self, text):
        for part in text.split("\n"):
            self.lines.append(part)
        return len(self.lines)

    def begin(self, name):
        self.requests.append({"name": name, "statements": 0, "first_line": len(self.lines) + 1})

    def end(self):
        self.requests[-1]["last_line"] = len(self.lines)

    def stmt(self, has_params):
        self.requests[-1]["statements"] += 1
        self.with_params += 1 if has_params else 0
        self.k += 1
        return stmt_us(self.k - 1)

    def write(self):
        with open(os.path.join(HERE, self.name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(self.lines) + "\n")

    def facts(self):
        return {
            "statements_executed": sum(r["statements"] for r in self.requests),
            "with_parameters": self.with_params,
            "requests": self.requests,
        }


# ---------------------------------------------------------------------------------------------
# Workload as each ORM runs it: list of (sql, params) per request; params None = none bound.

def efcore_workload():
    """EF Core 8 + Npgsql 8 (PostgreSQL). Conventions: DbSets Authors/Books, properties Id,
    Name, Title, AuthorId; required FK -> INNER JOIN. Columns: key first, then alphabetical."""
    books = ('SELECT b."Id", b."AuthorId", b."Title"\nFROM "Books" AS b\n'
             'ORDER BY b."Id"\nLIMIT @__p_0')
    author = 'SELECT a."Id", a."Name"\nFROM "Authors" AS a\nWHERE a."Id" = @__id_0\nLIMIT 1'
    eager = ('SELECT t."Id", t."AuthorId", t."Title", a."Id", a."Name"\nFROM (\n'
             '    SELECT b."Id", b."AuthorId", b."Title"\n    FROM "Books" AS b\n'
             '    ORDER BY b."Id"\n    LIMIT @__p_0\n) AS t\n'
             'INNER JOIN "Authors" AS a ON t."AuthorId" = a."Id"\nORDER BY t."Id"')
    authors = 'SELECT a."Id", a."Name"\nFROM "Authors" AS a\nORDER BY a."Id"\nLIMIT @__p_0'
    count = 'SELECT count(*)::int\nFROM "Books" AS b\nWHERE b."AuthorId" = @__authorId_0'
    return {
        "R1": [(books, [("@__p_0", 10)])] + [(author, [("@__id_0", i)]) for i in R1_IDS],
        "R2": [(eager, [("@__p_0", 10)])],
        "R3": [(author, [("@__id_0", 1)])] * 3,
        "R4": [(authors, [("@__p_0", 5)])] + [(count, [("@__authorId_0", a)]) for a in R4_AUTHORS],
    }


def sequelize_workload():
    """Sequelize 6, postgres dialect. Models Author/Book with tableName authors/books,
    timestamps: false, Book.belongsTo(Author, { foreignKey: 'author_id' }). SELECT values are
    escaped into the SQL text (no bind parameters), as Sequelize 6 logs them."""
    books = 'SELECT "id", "title", "author_id" FROM "books" AS "Book" ORDER BY "Book"."id" ASC LIMIT 10;'
    author = 'SELECT "id", "name" FROM "authors" AS "Author" WHERE "Author"."id" = {};'
    eager = ('SELECT "Book"."id", "Book"."title", "Book"."author_id", "Author"."id" AS "Author.id", '
             '"Author"."name" AS "Author.name" FROM "books" AS "Book" LEFT OUTER JOIN "authors" AS "Author" '
             'ON "Book"."author_id" = "Author"."id" ORDER BY "Book"."id" ASC LIMIT 10;')
    authors = 'SELECT "id", "name" FROM "authors" AS "Author" ORDER BY "Author"."id" ASC LIMIT 5;'
    count = 'SELECT count(*) AS "count" FROM "books" AS "Book" WHERE "Book"."author_id" = {};'
    return {
        "R1": [(books, None)] + [(author.format(i), None) for i in R1_IDS],
        "R2": [(eager, None)],
        "R3": [(author.format(1), None)] * 3,
        "R4": [(authors, None)] + [(count.format(a), None) for a in R4_AUTHORS],
    }


def prisma_workload():
    """Prisma 5 (PostgreSQL, schema "public"), models Author {id, name, books} and
    Book {id, title, authorId, author}; no @@map, so tables "Author"/"Book"."""
    books = ('SELECT "public"."Book"."id", "public"."Book"."title", "public"."Book"."authorId" '
             'FROM "public"."Book" WHERE 1=1 ORDER BY "public"."Book"."id" ASC LIMIT $1 OFFSET $2')
    author = ('SELECT "public"."Author"."id", "public"."Author"."name" FROM "public"."Author" '
              'WHERE ("public"."Author"."id" = $1 AND 1=1) LIMIT $2 OFFSET $3')
    n = len(FIRST_SEEN)
    preload = ('SELECT "public"."Author"."id", "public"."Author"."name" FROM "public"."Author" '
               'WHERE "public"."Author"."id" IN (' + ",".join(f"${i}" for i in range(1, n + 1))
               + f") OFFSET ${n + 1}")
    authors = ('SELECT "public"."Author"."id", "public"."Author"."name" FROM "public"."Author" '
               'WHERE 1=1 ORDER BY "public"."Author"."id" ASC LIMIT $1 OFFSET $2')
    count = ('SELECT COUNT(*) AS "_count._all" FROM (SELECT "public"."Book"."id" FROM "public"."Book" '
             'WHERE "public"."Book"."authorId" = $1 OFFSET $2) AS "sub"')
    return {
        "R1": [(books, [10, 0])] + [(author, [i, 1, 0]) for i in R1_IDS],
        "R2": [(books, [10, 0]), (preload, FIRST_SEEN + [0])],
        "R3": [(author, [1, 1, 0])] * 3,
        "R4": [(authors, [5, 0])] + [(count, [a, 0]) for a in R4_AUTHORS],
    }


def typeorm_workload():
    """TypeORM 0.3 (postgres driver). @Entity('authors') Author {id, name};
    @Entity('books') Book {id, title, @Column author_id, @ManyToOne author @JoinColumn author_id}.
    find({ take }) inlines LIMIT; find with relations + take runs TypeORM's two-query
    pagination (SELECT DISTINCT ids, then the joined rows WHERE id IN (...))."""
    books = ('SELECT "Book"."id" AS "Book_id", "Book"."title" AS "Book_title", "Book"."author_id" AS '
             '"Book_author_id" FROM "books" "Book" ORDER BY "Book"."id" ASC LIMIT 10')
    author = ('SELECT "Author"."id" AS "Author_id", "Author"."name" AS "Author_name" FROM "authors" '
              '"Author" WHERE (("Author"."id" = $1)) LIMIT 1')
    inner = ('SELECT "Book"."id" AS "Book_id", "Book"."title" AS "Book_title", "Book"."author_id" AS '
             '"Book_author_id", "Book__Book_author"."id" AS "Book__Book_author_id", '
             '"Book__Book_author"."name" AS "Book__Book_author_name" FROM "books" "Book" LEFT JOIN '
             '"authors" "Book__Book_author" ON "Book__Book_author"."id"="Book"."author_id"')
    distinct = ('SELECT DISTINCT "distinctAlias"."Book_id" AS "ids_Book_id", "distinctAlias"."Book_id" '
                'FROM (' + inner + ') "distinctAlias" ORDER BY "distinctAlias"."Book_id" ASC, '
                '"Book_id" ASC LIMIT 10')
    joined = (inner + ' WHERE "Book"."id" IN (' + ", ".join(str(i) for i in PAGE) + ')'
              ' ORDER BY "Book"."id" ASC')
    authors = ('SELECT "Author"."id" AS "Author_id", "Author"."name" AS "Author_name" FROM "authors" '
               '"Author" ORDER BY "Author"."id" ASC LIMIT 5')
    count = 'SELECT COUNT(1) AS "cnt" FROM "books" "Book" WHERE (("Book"."author_id" = $1))'
    return {
        "R1": [(books, None)] + [(author, [i]) for i in R1_IDS],
        "R2": [(distinct, None), (joined, None)],
        "R3": [(author, [1])] * 3,
        "R4": [(authors, None)] + [(count, [a]) for a in R4_AUTHORS],
    }


def ecto_workload():
    """Ecto 3 / ecto_sql 3.11 + Postgrex. Schemas MyApp.Author ("authors": name) and
    MyApp.Book ("books": title, belongs_to :author). Each entry: (sql, params, source, caller)."""
    books = 'SELECT b0."id", b0."title", b0."author_id" FROM "books" AS b0 ORDER BY b0."id" LIMIT 10'
    author = 'SELECT a0."id", a0."name" FROM "authors" AS a0 WHERE (a0."id" = $1)'
    preload = 'SELECT a0."id", a0."name", a0."id" FROM "authors" AS a0 WHERE (a0."id" = ANY($1))'
    authors = 'SELECT a0."id", a0."name" FROM "authors" AS a0 ORDER BY a0."id" LIMIT 5'
    count = 'SELECT count(*) FROM "books" AS b0 WHERE (b0."author_id" = $1)'
    bc = "lib/my_app_web/controllers/book_controller.ex"
    ac = "lib/my_app_web/controllers/author_controller.ex"
    # Ecto.Repo.Preloader.fetch_ids prepends each owner key while walking the books, then
    # fetch_query does Enum.uniq: the ids arrive reversed, first occurrence kept.
    preload_ids = list(dict.fromkeys(reversed(R1_IDS)))
    return {
        "R1": [(books, [], "books", ("MyAppWeb.BookController.index/2", bc, 12))]
        + [(author, [i], "authors", ("anonymous fn/1 in MyAppWeb.BookController.index/2", bc, 14))
           for i in R1_IDS],
        "R2": [(books, [], "books", ("MyAppWeb.BookController.eager/2", bc, 21)),
               (preload, [preload_ids], "authors", ("MyAppWeb.BookController.eager/2", bc, 22))],
        "R3": [(author, [1], "authors", ("anonymous fn/1 in MyAppWeb.AuthorController.repeat/2", ac, 9))] * 3,
        "R4": [(authors, [], "authors", ("MyAppWeb.AuthorController.book_counts/2", ac, 15))]
        + [(count, [a], "books", ("anonymous fn/1 in MyAppWeb.AuthorController.book_counts/2", ac, 17))
           for a in R4_AUTHORS],
    }


# ---------------------------------------------------------------------------------------------
# Writers

def js(v):
    """JSON.stringify of a parameter array (no spaces), as TypeORM and Prisma print them."""
    return json.dumps(v, separators=(",", ":"))


def write_efcore():
    log = Log("efcore.log")
    pad = "      "
    for line in ("info: Microsoft.Hosting.Lifetime[14]", pad + "Now listening on: http://localhost:5000",
                 "info: Microsoft.Hosting.Lifetime[0]", pad + "Application started. Press Ctrl+C to shut down.",
                 "info: Microsoft.Hosting.Lifetime[0]", pad + "Hosting environment: Development",
                 "info: Microsoft.Hosting.Lifetime[0]", pad + "Content root path: /app"):
        log.add(line)
    work = efcore_workload()
    elapsed = {"R1": 45.1234, "R2": 6.2481, "R3": 3.9017, "R4": 7.5502}
    for ri, (name, path, _size, _ms) in enumerate(REQUESTS):
        log.begin(name)
        url = "http://localhost:5000" + path
        log.add("info: Microsoft.AspNetCore.Hosting.Diagnostics[1]")
        log.add(pad + f"Request starting HTTP/1.1 GET {url} - - -")
        if ri == 0:  # the model is built on the first use of the DbContext
            log.add("warn: Microsoft.EntityFrameworkCore.Model.Validation[10400]")
            log.add(pad + "Sensitive data logging is enabled. Log entries and exception messages may "
                    "include sensitive application data; this mode should only be enabled during development.")
        for sql, params in work[name]:
            us = log.stmt(bool(params))
            ms = round(us / 1000)
            plist = ", ".join(f"{p}='{v}'" for p, v in params)
            log.add("info: Microsoft.EntityFrameworkCore.Database.Command[20101]")
            log.add(pad + f"Executed DbCommand ({ms}ms) [Parameters=[{plist}], CommandType='Text', "
                    "CommandTimeout='30']")
            for s in sql.split("\n"):
                log.add(pad + s)
        log.add("info: Microsoft.AspNetCore.Hosting.Diagnostics[2]")
        log.add(pad + f"Request finished HTTP/1.1 GET {url} - 200 - application/json;+charset=utf-8 "
                f"{elapsed[name]:.4f}ms")
        log.end()
    return log


def morgan_dev(path, size, ms):
    # morgan 1.10 'dev': '\x1b[0m:method :url \x1b[<color>m:status\x1b[0m :response-time ms -
    # :res[content-length]\x1b[0m', color 32 for 2xx; always colored (no TTY check).
    return f"\x1b[0mGET {path} \x1b[32m200\x1b[0m {ms:.3f} ms - {size}\x1b[0m"


def morgan_tiny(path, size, ms):
    # morgan 'tiny': ':method :url :status :res[content-length] - :response-time ms'
    return f"GET {path} 200 {size} - {ms:.3f} ms"


def morgan_combined(index, path, size, ms):
    # morgan 'combined': ':remote-addr - :remote-user [:date[clf]] ":method :url HTTP/:http-version"
    # :status :res[content-length] ":referrer" ":user-agent"'; :date is taken when the line is
    # written (response finished).
    t = request_start(index) + datetime.timedelta(microseconds=int(ms * 1000))
    return (f'::ffff:127.0.0.1 - - [{t.strftime("%d/%b/%Y:%H:%M:%S")} +0000] "GET {path} HTTP/1.1" '
            f'200 {size} "-" "curl/8.5.0"')


def write_sequelize(benchmark):
    log = Log("sequelize-benchmark.log" if benchmark else "sequelize.log")
    log.add("Server listening on http://localhost:3000")
    work = sequelize_workload()
    for name, path, size, ms in REQUESTS:
        log.begin(name)
        for sql, _ in work[name]:
            us = log.stmt(False)
            if benchmark:
                log.add(f"Executed (default): {sql} Elapsed time: {max(1, round(us / 1000))}ms")
            else:
                log.add(f"Executing (default): {sql}")
        log.add(morgan_dev(path, size, ms))
        log.end()
    return log


def write_prisma(events):
    log = Log("prisma-events.log" if events else "prisma.log")
    log.add("Server listening on http://localhost:3000")
    work = prisma_workload()
    for name, path, size, ms in REQUESTS:
        log.begin(name)
        for sql, params in work[name]:
            us = log.stmt(True)
            if events:
                log.add("Query: " + sql)
                log.add("Params: " + js(params))
                log.add(f"Duration: {max(1, round(us / 1000))}ms")
            else:
                log.add("prisma:query " + sql)
        log.add(morgan_tiny(path, size, ms))
        log.end()
    return log


def write_typeorm():
    log = Log("typeorm.log")
    log.add("Server listening on http://localhost:3000")
    work = typeorm_workload()
    for ri, (name, path, size, ms) in enumerate(REQUESTS):
        log.begin(name)
        for sql, params in work[name]:
            log.stmt(bool(params))
            log.add("query: " + sql + (" -- PARAMETERS: " + js(params) if params else ""))
        log.add(morgan_combined(ri, path, size, ms))
        log.end()
    return log


def ecto_params(params):
    # inspect(params, charlists: false) of integers / lists of integers
    def one(v):
        return "[" + ", ".join(one(x) for x in v) + "]" if isinstance(v, list) else str(v)
    return one(params)


def fwrite_g(us):
    return str(round(us // 100 / 10, 1))


REQUEST_IDS = ["GHkGCB8hYbk2v7cAAAAh", "GHkGCCoJiEs2v7cAAABB", "GHkGCDVXF1s2v7cAAABh",
               "GHkGCEC4uzA2v7cAAACB"]
PHOENIX = {  # controller action, Parameters, Sent ... in
    "R1": ("MyAppWeb.BookController.index/2", "%{}", "9ms"),
    "R2": ("MyAppWeb.BookController.eager/2", "%{}", "3ms"),
    "R3": ("MyAppWeb.AuthorController.repeat/2", '%{"id" => "1"}', "2ms"),
    "R4": ("MyAppWeb.AuthorController.book_counts/2", "%{}", "4ms"),
}


def write_ecto(metadata):
    """metadata=False: Phoenix dev.exs console format "[$level] $message\\n".
    metadata=True: Phoenix config.exs format "$time $metadata[$level] $message\\n",
    metadata: [:request_id], with the level at :debug."""
    log = Log("ecto-metadata.log" if metadata else "ecto.log")
    work = ecto_workload()
    for ri, (name, path, _size, _ms) in enumerate(REQUESTS):
        start = request_start(ri)
        clock = [0]  # microseconds into the request, for $time

        def entry(level, message, clock_us):
            if metadata:
                t = start + datetime.timedelta(microseconds=clock_us)
                prefix = f"{t.strftime('%H:%M:%S')}.{t.microsecond // 1000:03d} request_id={REQUEST_IDS[ri]} "
            else:
                prefix = ""
            log.add(f"{prefix}[{level}] {message}")

        log.begin(name)
        action, params, sent = PHOENIX[name]
        entry("info", f"GET {path}", 150)
        entry("debug", f"Processing with {action}\n  Parameters: {params}\n  Pipelines: [:api]", 420)
        clock[0] = 600
        for i, (sql, prm, source, (mfa, file, line)) in enumerate(work[name]):
            us = log.stmt(bool(prm))
            queue = 100 + (i * 37) % 200 if i == 0 else 0
            idle = (GAP_MS * 1000 - 9000 if ri else 1_204_300) if i == 0 else 400 + i * 90
            times = f"db={fwrite_g(us)}ms"
            if queue // 100:
                times += f" queue={fwrite_g(queue)}ms"
            times += f" idle={fwrite_g(idle)}ms"
            clock[0] += us + queue + 40
            # ecto_sql log_iodata + log_stacktrace: IO.ANSI.light_black() precedes "\n↳ ".
            entry("debug", f'QUERY OK source="{source}" {times}\n{sql} {ecto_params(prm)}\x1b[90m\n'
                  f"↳ {mfa}, at: {file}:{line}", clock[0])
        entry("info", f"Sent 200 in {sent}", clock[0] + 300)
        log.end()
    return log


def main():
    logs = [write_efcore(), write_sequelize(False), write_sequelize(True), write_prisma(False),
            write_prisma(True), write_typeorm(), write_ecto(False), write_ecto(True)]
    meta = {
        "efcore.log": ("Entity Framework Core 8 + Npgsql.EntityFrameworkCore.PostgreSQL 8 in ASP.NET Core 8 (console logger)",
                       "EF Core RelationalEventId.CommandExecuted [20101] text + Microsoft.Extensions.Logging simple console formatter; ASP.NET Core Hosting.Diagnostics [1]/[2]",
                       ("Authors", "Id"), ("Books", "AuthorId"), 1, False),
        "sequelize.log": ("Sequelize 6 (postgres) + Express/morgan 'dev'", "Sequelize abstract/query.js _logQuery + sequelize.js log(), logging: console.log", ("authors", "id"), ("books", "author_id"), 1, False),
        "sequelize-benchmark.log": ("Sequelize 6 (postgres), benchmark: true + Express/morgan 'dev'", "Sequelize sequelize.js log(): `${args[0]} Elapsed time: ${args[1]}ms`", ("authors", "id"), ("books", "author_id"), 1, False),
        "prisma.log": ("Prisma Client 5 (postgresql), log: ['query'] + Express/morgan 'tiny'", "Prisma docs: log levels, `prisma:query SELECT \"public\"...`", ("Author", "id"), ("Book", "authorId"), 2, False),
        "prisma-events.log": ("Prisma Client 5 (postgresql), log: [{ emit: 'event', level: 'query' }] + $on('query') printing Query/Params/Duration + Express/morgan 'tiny'", "Prisma docs: event-based logging example", ("Author", "id"), ("Book", "authorId"), 2, False),
        "typeorm.log": ("TypeORM 0.3 (postgres), logging: true (advanced-console logger, not a TTY) + Express/morgan 'combined'", "TypeORM AdvancedConsoleLogger.logQuery: 'query: ' + sql + ' -- PARAMETERS: ' + JSON.stringify(parameters)", ("authors", "id"), ("books", "author_id"), 2, False),
        "ecto.log": ("Phoenix 1.7 + Ecto SQL 3.11 (Postgrex), dev.exs logger format \"[$level] $message\\n\", Repo stacktrace: true", "ecto_sql Ecto.Adapters.SQL.log_iodata/log_stacktrace; Phoenix.Logger", ("authors", "id"), ("books", "author_id"), 2, True),
        "ecto-metadata.log": ("Phoenix 1.7 + Ecto SQL 3.11 (Postgrex), config.exs logger format \"$time $metadata[$level] $message\\n\" with metadata [:request_id], level :debug, Repo stacktrace: true", "ecto_sql Ecto.Adapters.SQL.log_iodata/log_stacktrace; Phoenix.Logger; Plug.RequestId", ("authors", "id"), ("books", "author_id"), 2, True),
    }
    files = {}
    for log in logs:
        log.write()
        orm, source, (atab, acol), (btab, bcol), eager, srcloc = meta[log.name]
        facts = log.facts()
        eager_count = next(r["statements"] for r in facts["requests"] if r["name"] == "R2")
        assert eager_count == eager, (log.name, eager_count)
        files[log.name] = {
            "orm": orm,
            "source_of_format": source,
            **facts,
            "n_plus_one": [
                {"table": atab, "column": acol, "repeats": 10, "distinct": 7, "request": "R1"},
                {"table": btab, "column": bcol, "kind": "count", "repeats": 5, "distinct": 5, "request": "R4"},
            ],
            "repeated": [{"table": atab, "column": acol, "repeats": 3, "distinct": 1, "request": "R3"}],
            "eager_request_statements": eager_count,
            "source_locations": srcloc,
        }
    expected = {
        "_notes": {
            "workload": "authors(id, name) 7 rows, books(id, title, author_id) 20 rows, author of book i = ((3*i) mod 7)+1; four requests 200 ms apart from 2026-12-01T10:00:00Z. R1 /books: 10 books then the author of each (ids 4,7,3,6,2,5,1,4,7,3). R2 /books/eager: the same page eager-loaded. R3 /authors/1/repeat: author 1 three times. R4 /authors/book-counts: 5 authors (ids 1-5) then a COUNT of each one's books.",
            "lines": "1-based. first_line/last_line span every line of the request: from its request-start line (ASP.NET Core 'Request starting', Phoenix '[info] GET') or, where the framework prints none (Express: morgan logs on response), its first SQL line; to its request-finished line (ASP.NET Core 'Request finished', Phoenix '[info] Sent', morgan access line). Multi-line entries (EF Core SQL, Ecto QUERY OK + SQL + stacktrace, Prisma Query/Params/Duration) count once as a statement.",
            "with_parameters": "statements whose log shows bound parameter values: EF Core '[Parameters=[...]]' non-empty, Prisma params, TypeORM '-- PARAMETERS:', Ecto a non-empty params list. Sequelize 6 escapes SELECT values into the SQL text (0). Values written as literals (TypeORM LIMIT 10, Ecto LIMIT 10, TypeORM's IN (1, ..., 10)) are not parameters.",
            "n_plus_one": "table/column are the ORM's real names (EF Core conventions Authors.Id / Books.AuthorId; Prisma models without @@map: Author.id / Book.authorId). R1 is an N+1 over the author id (10 executions, 7 distinct; ids 4, 7, 3 each twice); R4 a COUNT loop (5 executions, 5 distinct). R3 is the identical statement 3 times (repeated query, distinct 1), not an N+1. R2 must produce no finding: eager_request_statements is what the ORM sends for it (EF Core and Sequelize one JOIN; Prisma and Ecto a second query with IN / = ANY; TypeORM a SELECT DISTINCT of the page's ids, then the LEFT JOIN with WHERE id IN (...)). No ORM here caches R3's repeats.",
            "source_locations": "true where the log names the calling source line (Ecto's '↳ Module.fun/arity, at: file:line').",
        },
        "files": files,
    }
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
