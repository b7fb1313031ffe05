/* A growable byte buffer with a cap (after git's strbuf and curl's dynbuf).
 *
 * Invariant: after cab_buf_init() 'data' is never NULL and always
 * NUL-terminated.  Growing past 'max' returns CAB_TOO_LARGE and leaves the
 * buffer as it was; so does an allocation failure (CAB_NOMEM).
 */
#ifndef CAB_BUF_H
#define CAB_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

struct cab_buf {
    char  *data;   /* never NULL; NUL-terminated */
    size_t len;    /* bytes used, not counting the NUL */
    size_t alloc;  /* bytes allocated; 0 while 'data' is the static empty string */
    size_t max;    /* largest 'len' allowed */
};

void  cab_buf_init(struct cab_buf *b, size_t max);   /* no allocation */
void  cab_buf_reset(struct cab_buf *b);              /* empty, keep memory */
void  cab_buf_release(struct cab_buf *b);            /* free contents, back to init state */
/* Caller owns the returned string (never NULL unless out of memory); the buffer is re-initialised. */
char *cab_buf_detach(struct cab_buf *b, size_t *len);

cab_status cab_buf_grow(struct cab_buf *b, size_t extra);
cab_status cab_buf_add(struct cab_buf *b, const void *data, size_t len);
cab_status cab_buf_addstr(struct cab_buf *b, const char *s);
cab_status cab_buf_addch(struct cab_buf *b, char c);
cab_status cab_buf_addf(struct cab_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
cab_status cab_buf_vaddf(struct cab_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Drop bytes past 'len' (no-op if already shorter). */
void cab_buf_truncate(struct cab_buf *b, size_t len);

#ifdef __cplusplus
}
#endif

#endif
