// Loads libpq with dlopen and forwards each ql_PQ* call to it (see include/CLibPQ.h).
#include "CLibPQ.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define LIBPQ_FUNCTIONS(X) \
    X(PGconn *, PQconnectdbParams, (const char *const *, const char *const *, int)) \
    X(ConnStatusType, PQstatus, (const PGconn *)) \
    X(void, PQfinish, (PGconn *)) \
    X(char *, PQhost, (const PGconn *)) \
    X(char *, PQport, (const PGconn *)) \
    X(char *, PQdb, (const PGconn *)) \
    X(char *, PQerrorMessage, (const PGconn *)) \
    X(int, PQserverVersion, (const PGconn *)) \
    X(PGresult *, PQexecParams, (PGconn *, const char *, int, const Oid *, const char *const *, const int *, const int *, int)) \
    X(ExecStatusType, PQresultStatus, (const PGresult *)) \
    X(char *, PQresultErrorField, (const PGresult *, int)) \
    X(char *, PQresultErrorMessage, (const PGresult *)) \
    X(int, PQntuples, (const PGresult *)) \
    X(int, PQnfields, (const PGresult *)) \
    X(int, PQgetisnull, (const PGresult *, int, int)) \
    X(char *, PQgetvalue, (const PGresult *, int, int)) \
    X(void, PQclear, (PGresult *)) \
    X(int, PQlibVersion, (void))

#define DECLARE_POINTER(type, name, arguments) static type(*p_##name) arguments;
LIBPQ_FUNCTIONS(DECLARE_POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char reason[512];

static void load(void) {
    // The soname first (the runtime package: libpq5), then the development link.
    void *library = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!library) library = dlopen("libpq.so", RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *error = dlerror();
        snprintf(reason, sizeof reason, "%s", error ? error : "libpq.so.5 not found");
        return;
    }
#define RESOLVE(type, name, arguments) \
    p_##name = (type(*) arguments)dlsym(library, #name); \
    if (!p_##name) { snprintf(reason, sizeof reason, "libpq has no %s", #name); return; }
    LIBPQ_FUNCTIONS(RESOLVE)
    loaded = 1;
}

int ql_libpq_load(char *error, size_t size) {
    pthread_once(&once, load);
    if (!loaded && error && size > 0) snprintf(error, size, "%s", reason);
    return loaded;
}

// Callers load first (PostgreSQLConnection does); without libpq these are never reached.
PGconn *ql_PQconnectdbParams(const char *const *k, const char *const *v, int e) { return p_PQconnectdbParams(k, v, e); }
ConnStatusType ql_PQstatus(const PGconn *c) { return p_PQstatus(c); }
void ql_PQfinish(PGconn *c) { p_PQfinish(c); }
char *ql_PQhost(const PGconn *c) { return p_PQhost(c); }
char *ql_PQport(const PGconn *c) { return p_PQport(c); }
char *ql_PQdb(const PGconn *c) { return p_PQdb(c); }
char *ql_PQerrorMessage(const PGconn *c) { return p_PQerrorMessage(c); }
int ql_PQserverVersion(const PGconn *c) { return p_PQserverVersion(c); }
PGresult *ql_PQexecParams(PGconn *c, const char *q, int n, const Oid *t, const char *const *v, const int *l, const int *f, int r) {
    return p_PQexecParams(c, q, n, t, v, l, f, r);
}
ExecStatusType ql_PQresultStatus(const PGresult *r) { return p_PQresultStatus(r); }
char *ql_PQresultErrorField(const PGresult *r, int f) { return p_PQresultErrorField(r, f); }
char *ql_PQresultErrorMessage(const PGresult *r) { return p_PQresultErrorMessage(r); }
int ql_PQntuples(const PGresult *r) { return p_PQntuples(r); }
int ql_PQnfields(const PGresult *r) { return p_PQnfields(r); }
int ql_PQgetisnull(const PGresult *r, int t, int f) { return p_PQgetisnull(r, t, f); }
char *ql_PQgetvalue(const PGresult *r, int t, int f) { return p_PQgetvalue(r, t, f); }
void ql_PQclear(PGresult *r) { p_PQclear(r); }
int ql_PQlibVersion(void) { return p_PQlibVersion(); }
