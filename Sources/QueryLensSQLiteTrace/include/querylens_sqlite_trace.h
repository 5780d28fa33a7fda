// QueryLens' SQLite tracer has no API of its own: loaded with LD_PRELOAD, it defines
// sqlite3_open, sqlite3_open16, sqlite3_open_v2, sqlite3_trace_v2, sqlite3_trace,
// sqlite3_profile, sqlite3_close and sqlite3_close_v2 with SQLite's own signatures
// (<sqlite3.h>), and writes to the file named by QUERYLENS_SQLITE_TRACE_OUTPUT.
// See sqlite_trace.c and docs/recorder.md.
