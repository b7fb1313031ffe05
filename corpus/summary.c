/* Hit summaries (see include/summary.h for the layout). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

#define MAGIC "H1"

static void put_field(struct cab_buf *b, cab_status *rc, const char *s)
{
    if (*rc == CAB_OK)
        *rc = cab_buf_add(b, s ? s : "", (s ? strlen(s) : 0) + 1);
}

cab_status cab_summary_encode(const struct cable *c, struct cab_buf *out)
{
    size_t start = out->len;
    char num[32] = "";
    cab_status rc = CAB_OK;

    if (c->created != CAB_TIME_UNKNOWN)
        snprintf(num, sizeof num, "%" PRId64, c->created);
    rc = cab_buf_add(out, MAGIC, 2);
    put_field(out, &rc, num);
    put_field(out, &rc, c->id);
    put_field(out, &rc, c->origin);
    put_field(out, &rc, c->classification);
    put_field(out, &rc, c->subject);
    for (size_t i = 0; i < c->n_tags; i++)
        put_field(out, &rc, c->tags[i].value);
    if (rc != CAB_OK)
        cab_buf_truncate(out, start);
    return rc;
}

/* The field at *p (NUL-terminated before 'end'), moving *p past it; NULL if none. */
static const char *next_field(const char **p, const char *end)
{
    const char *f = *p;
    const char *nul = f < end ? memchr(f, '\0', (size_t)(end - f)) : NULL;

    if (!nul)
        return NULL;
    *p = nul + 1;
    return f;
}

static int parse_time(const char *s, int64_t *out)
{
    char *e;
    long long v;

    if (!*s) {
        *out = CAB_TIME_UNKNOWN;
        return 0;
    }
    v = strtoll(s, &e, 10);
    if (*e != '\0' || (*s != '-' && (*s < '0' || *s > '9')))
        return -1;
    *out = (int64_t)v;
    return 0;
}

cab_status cab_summary_parse(const char *v, size_t len, struct cab_summary *out)
{
    const char *p = v + 2, *end = v + len, *created;

    memset(out, 0, sizeof *out);
    if (len < 2 || memcmp(v, MAGIC, 2) != 0)
        return CAB_BAD_INPUT;
    created = next_field(&p, end);
    out->id = next_field(&p, end);
    out->origin = next_field(&p, end);
    out->classification = next_field(&p, end);
    out->subject = next_field(&p, end);
    if (!out->subject || parse_time(created, &out->created) != 0)
        return CAB_BAD_INPUT;
    out->tags = p;
    while (p < end) {
        if (!next_field(&p, end))
            return CAB_BAD_INPUT;
        if (++out->n_tags > CAB_MAX_TAGS)
            return CAB_TOO_LARGE;
    }
    return CAB_OK;
}
