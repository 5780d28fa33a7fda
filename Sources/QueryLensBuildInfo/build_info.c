#include "QueryLensBuildInfo.h"

#ifndef QUERYLENS_COMMIT
#define QUERYLENS_COMMIT ""
#endif

const char *querylens_build_commit(void) { return QUERYLENS_COMMIT; }
