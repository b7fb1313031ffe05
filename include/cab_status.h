/* Status codes shared by every module of cables.
 *
 * Every fallible function returns a cab_status.  CAB_OK is 0; new values go
 * at the end and none is ever renumbered.  Human detail travels beside the
 * status, in the handle or in a buffer the caller lends (CAB_ERR_SIZE bytes).
 */
#ifndef CAB_STATUS_H
#define CAB_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#define CAB_ERR_SIZE 512

typedef enum cab_status {
    CAB_OK = 0,
    CAB_NOMEM,            /* an allocation failed */
    CAB_TOO_LARGE,        /* a named limit was reached */
    CAB_IO,               /* read or write failed (errno detail in the message) */
    CAB_NOT_FOUND,        /* a file, cable or value does not exist */
    CAB_BAD_INPUT,        /* input could not be parsed */
    CAB_USAGE,            /* bad option, bad argument, bad query */
    CAB_DB_NOT_FOUND,     /* no database at that path */
    CAB_DB_LOCKED,        /* another writer holds the database lock */
    CAB_DB_CORRUPT,       /* database files are damaged */
    CAB_DB_MODIFIED,      /* a writer changed the database under a reader */
    CAB_DB_FULL,          /* out of disk space */
    CAB_DB_ERROR,         /* any other database failure */
    CAB_NO_MATCH,         /* a search matched nothing */
    CAB_PARTIAL,          /* some inputs were rejected, the rest was done */
    CAB_BUSY,             /* index being updated by another process */
    CAB_INTERNAL,         /* a bug: an invariant did not hold */
} cab_status;

/* snprintf into an error buffer of CAB_ERR_SIZE bytes: the message may be
 * cut, never overrun. */
void cab_err_set(char *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A short, static English description of 'st'. */
const char *cab_status_str(cab_status st);

/* The process exit code for 'st', as SPEC.md defines it:
 * 0 success, 1 no match or some inputs rejected, 2 usage or fatal error,
 * 75 the index is being updated by another process. */
int cab_exit_code(cab_status st);

#ifdef __cplusplus
}
#endif

#endif
