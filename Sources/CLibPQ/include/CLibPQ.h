// libpq, loaded at run time: QueryLens reads logs and SQLite files on machines without libpq,
// and says what to install when a PostgreSQL database is asked for. The declarations follow
// libpq-fe.h (libpq's ABI, stable since PostgreSQL 9.x) for the functions QueryLens calls;
// each is named ql_<libpq name> and forwards to the loaded library.
#ifndef QUERYLENS_CLIBPQ_H
#define QUERYLENS_CLIBPQ_H

#include <stddef.h>

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;
typedef unsigned int Oid;

typedef enum { CONNECTION_OK = 0, CONNECTION_BAD = 1 } ConnStatusType;
typedef enum {
    PGRES_EMPTY_QUERY = 0,
    PGRES_COMMAND_OK = 1,
    PGRES_TUPLES_OK = 2
} ExecStatusType;

/// Loads libpq (libpq.so.5) once. Returns 1 when loaded; otherwise 0 with the loader's reason in
/// `error` (at most `size` bytes, NUL-terminated). Safe to call from several threads.
int ql_libpq_load(char *error, size_t size);

PGconn *ql_PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname);
ConnStatusType ql_PQstatus(const PGconn *conn);
void ql_PQfinish(PGconn *conn);
char *ql_PQhost(const PGconn *conn);
char *ql_PQport(const PGconn *conn);
char *ql_PQdb(const PGconn *conn);
char *ql_PQerrorMessage(const PGconn *conn);
int ql_PQserverVersion(const PGconn *conn);
PGresult *ql_PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                          const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat);
ExecStatusType ql_PQresultStatus(const PGresult *res);
char *ql_PQresultErrorField(const PGresult *res, int fieldcode);
char *ql_PQresultErrorMessage(const PGresult *res);
int ql_PQntuples(const PGresult *res);
int ql_PQnfields(const PGresult *res);
int ql_PQgetisnull(const PGresult *res, int tup_num, int field_num);
char *ql_PQgetvalue(const PGresult *res, int tup_num, int field_num);
void ql_PQclear(PGresult *res);
int ql_PQlibVersion(void);

#endif
