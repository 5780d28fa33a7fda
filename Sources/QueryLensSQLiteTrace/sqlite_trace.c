// QueryLens' SQLite tracer: loaded into an application with LD_PRELOAD (`querylens record
// --sqlite -- CMD`), it writes one QueryLens JSONL event per statement the application runs
// through a dynamically linked libsqlite3, to the file named by QUERYLENS_SQLITE_TRACE_OUTPUT.
//
// How: it interposes the sqlite3_open* functions, calls the real ones (dlsym(RTLD_NEXT)), and
// registers a SQLITE_TRACE_PROFILE callback on each new connection. The application never sees
// a difference: results, errors and its own tracing are untouched. A callback the application
// sets itself (sqlite3_trace_v2, or the legacy sqlite3_trace / sqlite3_profile) is kept and
// called from ours, with the events it asked for. Statically bundled SQLite (some Node, Go and
// Java drivers) cannot be seen this way; `record` says so when nothing was recorded.
//
// Each event: start time, duration (timed by the tracer, ns precision, written in ms), the connection as session
// (`sqlite:<pid>/<n>`), the database file, the SQL with its bound values expanded
// (sqlite3_expanded_sql; the plain SQL when expansion fails). One buffered writer per process,
// whole lines per write(2) on an O_APPEND descriptor, so processes that share the file never
// interleave lines; flushed when 64 KiB are pending, when a second has passed, before fork
// (the child starts with an empty buffer) and at exit.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_CAPACITY (64 * 1024)
#define MAX_CONNECTIONS 4096

// ---- what the application set on each connection, so that ours can chain to it ----

typedef int (*trace_v2_fn)(unsigned, void *, void *, void *);
typedef void (*legacy_trace_fn)(void *, const char *);
typedef void (*legacy_profile_fn)(void *, const char *, sqlite3_uint64);

struct connection {
    sqlite3 *db;
    unsigned number;
    unsigned app_mask;
    trace_v2_fn app_callback;
    void *app_context;
    legacy_trace_fn legacy_trace;
    void *legacy_trace_context;
    legacy_profile_fn legacy_profile;
    void *legacy_profile_context;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct connection connections[MAX_CONNECTIONS];
static unsigned connection_count;
static unsigned next_number;

static char buffer[BUFFER_CAPACITY];
static size_t buffered;
static int output = -1;
static int output_failed;
static time_t last_flush;

// The real functions, resolved once.
static int (*real_open)(const char *, sqlite3 **);
static int (*real_open16)(const void *, sqlite3 **);
static int (*real_open_v2)(const char *, sqlite3 **, int, const char *);
static int (*real_trace_v2)(sqlite3 *, unsigned, trace_v2_fn, void *);
static void *(*real_trace)(sqlite3 *, legacy_trace_fn, void *);
static void *(*real_profile)(sqlite3 *, legacy_profile_fn, void *);
static int (*real_close)(sqlite3 *);
static int (*real_close_v2)(sqlite3 *);
static char *(*real_expanded_sql)(sqlite3_stmt *);
static const char *(*real_sql)(sqlite3_stmt *);
static sqlite3 *(*real_db_handle)(sqlite3_stmt *);
static const char *(*real_db_filename)(sqlite3 *, const char *);
static void (*real_free)(void *);

// The next definition of `name` after this library. When the application loaded libsqlite3
// with dlopen(RTLD_LOCAL) (Python's _sqlite3 module, most language bindings), RTLD_NEXT cannot
// see it: the library is then found by its soname among those already loaded.
static void *real(const char *name) {
    void *found = dlsym(RTLD_NEXT, name);
    if (found) return found;
    void *library = dlopen("libsqlite3.so.0", RTLD_LAZY | RTLD_NOLOAD);
    return library ? dlsym(library, name) : NULL;
}

// Resolved on first use, not at load time: the application may load SQLite later.
static void resolve(void) {
    if (real_open && real_open_v2 && real_trace_v2) return;
    real_open16 = real("sqlite3_open16");
    real_open_v2 = real("sqlite3_open_v2");
    real_trace_v2 = real("sqlite3_trace_v2");
    real_trace = real("sqlite3_trace");
    real_profile = real("sqlite3_profile");
    real_close = real("sqlite3_close");
    real_close_v2 = real("sqlite3_close_v2");
    real_expanded_sql = real("sqlite3_expanded_sql");
    real_sql = real("sqlite3_sql");
    real_db_handle = real("sqlite3_db_handle");
    real_db_filename = real("sqlite3_db_filename");
    real_free = real("sqlite3_free");
    real_open = real("sqlite3_open");
}

// ---- the writer ----

static void flush_locked(void) {
    if (buffered == 0) return;
    if (output < 0 && !output_failed) {
        const char *path = getenv("QUERYLENS_SQLITE_TRACE_OUTPUT");
        output = path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
        if (output < 0) output_failed = 1;
    }
    size_t written = 0;
    while (output >= 0 && written < buffered) {
        ssize_t count = write(output, buffer + written, buffered - written);
        if (count <= 0) break;
        written += (size_t)count;
    }
    buffered = 0;
    last_flush = time(NULL);
}

static void append_locked(const char *bytes, size_t count) {
    if (buffered + count > BUFFER_CAPACITY) flush_locked();
    if (count > BUFFER_CAPACITY) {
        // A statement larger than the buffer: written on its own, still one write(2).
        if (output < 0 && !output_failed) flush_locked();
        if (output >= 0) {
            size_t written = 0;
            while (written < count) {
                ssize_t n = write(output, bytes + written, count - written);
                if (n <= 0) break;
                written += (size_t)n;
            }
        }
        return;
    }
    memcpy(buffer + buffered, bytes, count);
    buffered += count;
}

// A growable line, built outside the lock.
struct line {
    char *bytes;
    size_t count, capacity;
};

static void put(struct line *line, const char *bytes, size_t count) {
    if (line->count + count > line->capacity) {
        size_t capacity = (line->capacity + count) * 2;
        char *grown = realloc(line->bytes, capacity);
        if (!grown) return;
        line->bytes = grown;
        line->capacity = capacity;
    }
    memcpy(line->bytes + line->count, bytes, count);
    line->count += count;
}

static void put_text(struct line *line, const char *text) { put(line, text, strlen(text)); }

// A JSON string: quotes, backslashes and control characters escaped; other bytes as they are
// (invalid UTF-8 is the reader's to handle, as for any log).
static void put_quoted(struct line *line, const char *text) {
    put(line, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        char escaped[8];
        switch (*p) {
        case '"': put(line, "\\\"", 2); break;
        case '\\': put(line, "\\\\", 2); break;
        case '\n': put(line, "\\n", 2); break;
        case '\r': put(line, "\\r", 2); break;
        case '\t': put(line, "\\t", 2); break;
        default:
            if (*p < 0x20) {
                snprintf(escaped, sizeof escaped, "\\u%04x", *p);
                put_text(line, escaped);
            } else {
                put(line, (const char *)p, 1);
            }
        }
    }
    put(line, "\"", 1);
}

static void record(sqlite3_stmt *statement, sqlite3_uint64 nanoseconds, unsigned number) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    int64_t end = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
    int64_t start = end - (int64_t)nanoseconds;
    time_t seconds = (time_t)(start / 1000000000LL);
    struct tm utc;
    gmtime_r(&seconds, &utc);
    char text[160];
    struct line line = {0};

    strftime(text, sizeof text, "{\"ts\":\"%Y-%m-%dT%H:%M:%S", &utc);
    put_text(&line, text);
    snprintf(text, sizeof text, ".%06lldZ\",\"duration_ms\":%.6f,\"session\":\"sqlite:%d/%u\",\"thread\":%ld",
             (long long)((start % 1000000000LL) / 1000), (double)nanoseconds / 1e6, (int)getpid(), number, (long)syscall(SYS_gettid));
    put_text(&line, text);
    sqlite3 *db = real_db_handle ? real_db_handle(statement) : NULL;
    const char *file = db && real_db_filename ? real_db_filename(db, "main") : NULL;
    put_text(&line, ",\"db\":");
    put_quoted(&line, file && *file ? file : ":memory:");
    char *expanded = real_expanded_sql ? real_expanded_sql(statement) : NULL;
    const char *sql = expanded ? expanded : (real_sql ? real_sql(statement) : NULL);
    put_text(&line, ",\"sql\":");
    put_quoted(&line, sql ? sql : "");
    put_text(&line, "}\n");
    if (expanded && real_free) real_free(expanded);
    if (!line.bytes) return;

    pthread_mutex_lock(&lock);
    append_locked(line.bytes, line.count);
    if (time(NULL) - last_flush >= 1) flush_locked();
    pthread_mutex_unlock(&lock);
    free(line.bytes);
}

// ---- statement timing ----
//
// SQLITE_TRACE_PROFILE reports a duration measured by the VFS clock, which has millisecond
// resolution on Unix: most statements would last 0 ms. The tracer times each statement itself
// instead, from its SQLITE_TRACE_STMT (start) to its SQLITE_TRACE_PROFILE (end), per thread
// (statements nest: a query run from a user function).

struct started { sqlite3_stmt *statement; int64_t at; };
static __thread struct started started[32];
static __thread int started_count;

static int64_t monotonic_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
}

static void statement_started(sqlite3_stmt *statement) {
    if (started_count == 32) {
        memmove(started, started + 1, sizeof started[0] * 31);
        started_count--;
    }
    started[started_count++] = (struct started){statement, monotonic_now()};
}

// The statement's own duration in nanoseconds, or SQLite's when its start was not seen.
static sqlite3_uint64 statement_finished(sqlite3_stmt *statement, sqlite3_uint64 reported) {
    for (int i = started_count - 1; i >= 0; i--) {
        if (started[i].statement != statement) continue;
        int64_t elapsed = monotonic_now() - started[i].at;
        memmove(started + i, started + i + 1, sizeof started[0] * (size_t)(started_count - i - 1));
        started_count--;
        return elapsed > 0 ? (sqlite3_uint64)elapsed : reported;
    }
    return reported;
}

// ---- connections ----

static struct connection *find_locked(sqlite3 *db) {
    for (unsigned i = 0; i < connection_count; i++)
        if (connections[i].db == db) return &connections[i];
    return NULL;
}

static int callback(unsigned type, void *context, void *p, void *x) {
    sqlite3 *db = context;
    pthread_mutex_lock(&lock);
    struct connection *found = find_locked(db);
    struct connection copy = found ? *found : (struct connection){0};
    pthread_mutex_unlock(&lock);
    // A trigger's statements report their start too, as a `-- trigger` comment: not a start.
    if (type == SQLITE_TRACE_STMT && !(x && strncmp((const char *)x, "--", 2) == 0)) statement_started((sqlite3_stmt *)p);
    if (type == SQLITE_TRACE_PROFILE) {
        record((sqlite3_stmt *)p, statement_finished((sqlite3_stmt *)p, *(sqlite3_uint64 *)x), copy.number);
        if (copy.legacy_profile) {
            const char *sql = real_sql ? real_sql((sqlite3_stmt *)p) : NULL;
            copy.legacy_profile(copy.legacy_profile_context, sql ? sql : "", *(sqlite3_uint64 *)x);
        }
    }
    if (type == SQLITE_TRACE_STMT && copy.legacy_trace) copy.legacy_trace(copy.legacy_trace_context, (const char *)x);
    if (copy.app_callback && (copy.app_mask & type)) return copy.app_callback(type, copy.app_context, p, x);
    return 0;
}

// (Re)registers our callback with the union of what QueryLens and the application want.
static void install(sqlite3 *db) {
    if (!real_trace_v2 || !db) return;
    pthread_mutex_lock(&lock);
    struct connection *found = find_locked(db);
    if (!found && connection_count < MAX_CONNECTIONS) {
        found = &connections[connection_count++];
        *found = (struct connection){.db = db, .number = ++next_number};
    }
    unsigned mask = SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE;
    if (found) mask |= found->app_mask;
    pthread_mutex_unlock(&lock);
    real_trace_v2(db, mask, (trace_v2_fn)callback, db);
}

static void forget(sqlite3 *db) {
    pthread_mutex_lock(&lock);
    for (unsigned i = 0; i < connection_count; i++) {
        if (connections[i].db == db) {
            connections[i] = connections[--connection_count];
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

int sqlite3_open(const char *filename, sqlite3 **db) {
    resolve();
    if (!real_open) return SQLITE_ERROR;
    int status = real_open(filename, db);
    if (status == SQLITE_OK && db) install(*db);
    return status;
}

int sqlite3_open16(const void *filename, sqlite3 **db) {
    resolve();
    if (!real_open16) return SQLITE_ERROR;
    int status = real_open16(filename, db);
    if (status == SQLITE_OK && db) install(*db);
    return status;
}

int sqlite3_open_v2(const char *filename, sqlite3 **db, int flags, const char *vfs) {
    resolve();
    if (!real_open_v2) return SQLITE_ERROR;
    int status = real_open_v2(filename, db, flags, vfs);
    if (status == SQLITE_OK && db) install(*db);
    return status;
}

int sqlite3_trace_v2(sqlite3 *db, unsigned mask, int (*app)(unsigned, void *, void *, void *), void *context) {
    resolve();
    pthread_mutex_lock(&lock);
    struct connection *found = find_locked(db);
    if (found) {
        found->app_mask = app ? mask : 0;
        found->app_callback = app;
        found->app_context = context;
        found->legacy_trace = NULL;
        found->legacy_profile = NULL;
    }
    pthread_mutex_unlock(&lock);
    if (!found) return real_trace_v2 ? real_trace_v2(db, mask, app, context) : SQLITE_ERROR;
    install(db);
    return SQLITE_OK;
}

void *sqlite3_trace(sqlite3 *db, void (*app)(void *, const char *), void *context) {
    resolve();
    pthread_mutex_lock(&lock);
    struct connection *found = find_locked(db);
    void *previous = NULL;
    if (found) {
        previous = found->legacy_trace_context;
        found->legacy_trace = app;
        found->legacy_trace_context = context;
    }
    pthread_mutex_unlock(&lock);
    if (!found) return real_trace ? real_trace(db, app, context) : NULL;
    install(db);
    return previous;
}

void *sqlite3_profile(sqlite3 *db, void (*app)(void *, const char *, sqlite3_uint64), void *context) {
    resolve();
    pthread_mutex_lock(&lock);
    struct connection *found = find_locked(db);
    void *previous = NULL;
    if (found) {
        previous = found->legacy_profile_context;
        found->legacy_profile = app;
        found->legacy_profile_context = context;
    }
    pthread_mutex_unlock(&lock);
    if (!found) return real_profile ? real_profile(db, app, context) : NULL;
    install(db);
    return previous;
}

int sqlite3_close(sqlite3 *db) {
    resolve();
    int status = real_close ? real_close(db) : SQLITE_ERROR;
    if (status == SQLITE_OK) forget(db);
    return status;
}

int sqlite3_close_v2(sqlite3 *db) {
    resolve();
    int status = real_close_v2 ? real_close_v2(db) : SQLITE_ERROR;
    if (status == SQLITE_OK) forget(db);
    return status;
}

// ---- process lifetime ----

static void before_fork(void) { pthread_mutex_lock(&lock); flush_locked(); }
static void after_fork_parent(void) { pthread_mutex_unlock(&lock); }
static void after_fork_child(void) {
    // The parent wrote everything before the fork; the child's buffer starts empty. The
    // connections it inherited are still traced under the parent's numbers.
    buffered = 0;
    pthread_mutex_unlock(&lock);
}

static void at_exit(void) {
    pthread_mutex_lock(&lock);
    flush_locked();
    pthread_mutex_unlock(&lock);
}

__attribute__((constructor)) static void initialize(void) {
    last_flush = time(NULL);
    pthread_atfork(before_fork, after_fork_parent, after_fork_child);
    atexit(at_exit);
}
