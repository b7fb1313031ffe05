#include <stdio.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"

static char empty_string[1];

void cab_buf_init(struct cab_buf *b, size_t max)
{
    b->data = empty_string;
    b->len = 0;
    b->alloc = 0;
    b->max = max;
}

void cab_buf_reset(struct cab_buf *b)
{
    b->len = 0;
    if (b->alloc)
        b->data[0] = '\0';
}

void cab_buf_release(struct cab_buf *b)
{
    if (b->alloc)
        cab_free(b->data);
    cab_buf_init(b, b->max);
}

char *cab_buf_detach(struct cab_buf *b, size_t *len)
{
    char *out;

    if (len)
        *len = b->len;
    out = b->alloc ? b->data : cab_strdup("");
    cab_buf_init(b, b->max);
    return out;
}

cab_status cab_buf_grow(struct cab_buf *b, size_t extra)
{
    size_t want, cap;
    char *p;

    if (extra > b->max || b->len > b->max - extra)
        return CAB_TOO_LARGE;
    want = b->len + extra + 1;
    if (want <= b->alloc)
        return CAB_OK;
    cap = b->alloc ? b->alloc : 64;
    while (cap < want)
        cap = cap > ((size_t)-1) / 2 ? want : cap * 2;
    if (cap > b->max + 1)
        cap = b->max + 1 > want ? b->max + 1 : want;
    p = cab_realloc(b->alloc ? b->data : NULL, cap);
    if (!p)
        return CAB_NOMEM;
    if (!b->alloc)
        p[0] = '\0';
    b->data = p;
    b->alloc = cap;
    return CAB_OK;
}

cab_status cab_buf_add(struct cab_buf *b, const void *data, size_t len)
{
    cab_status st = cab_buf_grow(b, len);

    if (st != CAB_OK)
        return st;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return CAB_OK;
}

cab_status cab_buf_addstr(struct cab_buf *b, const char *s)
{
    return cab_buf_add(b, s, strlen(s));
}

cab_status cab_buf_addch(struct cab_buf *b, char c)
{
    return cab_buf_add(b, &c, 1);
}

cab_status cab_buf_vaddf(struct cab_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    int n;
    cab_status st;

    va_copy(again, ap);
    n = vsnprintf(NULL, 0, fmt, again);
    va_end(again);
    if (n < 0)
        return CAB_INTERNAL;
    st = cab_buf_grow(b, (size_t)n);
    if (st != CAB_OK)
        return st;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return CAB_OK;
}

cab_status cab_buf_addf(struct cab_buf *b, const char *fmt, ...)
{
    va_list ap;
    cab_status st;

    va_start(ap, fmt);
    st = cab_buf_vaddf(b, fmt, ap);
    va_end(ap);
    return st;
}

void cab_buf_truncate(struct cab_buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = '\0';
    }
}
