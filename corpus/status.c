#include <stdarg.h>
#include <stdio.h>

#include "cab_status.h"

void cab_err_set(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, CAB_ERR_SIZE, fmt, ap);
    va_end(ap);
}

const char *cab_status_str(cab_status st)
{
    switch (st) {
    case CAB_OK:           return "success";
    case CAB_NOMEM:        return "out of memory";
    case CAB_TOO_LARGE:    return "limit exceeded";
    case CAB_IO:           return "input/output error";
    case CAB_NOT_FOUND:    return "not found";
    case CAB_BAD_INPUT:    return "malformed input";
    case CAB_USAGE:        return "usage error";
    case CAB_DB_NOT_FOUND: return "database not found";
    case CAB_DB_LOCKED:    return "database locked by another writer";
    case CAB_DB_CORRUPT:   return "database corrupt";
    case CAB_DB_MODIFIED:  return "database modified by a writer";
    case CAB_DB_FULL:      return "out of disk space";
    case CAB_DB_ERROR:     return "database error";
    case CAB_NO_MATCH:     return "no match";
    case CAB_PARTIAL:      return "some inputs rejected";
    case CAB_BUSY:         return "index is being updated by another process";
    case CAB_INTERNAL:     return "internal error";
    }
    return "unknown status";
}

int cab_exit_code(cab_status st)
{
    switch (st) {
    case CAB_OK:
        return 0;
    case CAB_NO_MATCH:
    case CAB_PARTIAL:
        return 1;
    case CAB_BUSY:
        return 75;
    default:
        return 2;
    }
}
