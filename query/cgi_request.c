/* A search page request: the parameters checked and turned into what the
 * search runs.  Nothing here touches the index, so a bad request costs
 * nothing but a 400 page. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "query.h"
#include "schema.h"

int cab_cgi_id_valid(const char *id)
{
    size_t i = 0, n;

    for (n = 0; n < 2; n++, i++)
        if (!isdigit((unsigned char)id[i]))
            return 0;
    for (n = 0; isalpha((unsigned char)id[i]); n++, i++)
        ;
    if (n < 2 || n > 24)
        return 0;
    for (n = 0; isdigit((unsigned char)id[i]); n++, i++)
        ;
    return n >= 1 && n <= 7 && id[i] == '\0';
}

/* A positive decimal number up to 'max' without sign or spaces, else -1. */
static long number(const char *s, long max)
{
    long v = 0;

    if (!*s || strlen(s) > 9)
        return -1;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return -1;
        v = v * 10 + (*s - '0');
    }
    return v >= 1 && v <= max ? v : -1;
}

/* YYYY, YYYY-MM or YYYY-MM-DD in shape; the query parser checks the rest. */
static int date_shape(const char *s)
{
    size_t n = strlen(s);

    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}

/* "field:value" with a known filter field and a value without quotes
 * (one pair of surrounding quotes is allowed). */
static int filter_valid(const char *f)
{
    const char *colon = strchr(f, ':');
    const char *v;
    size_t vlen;

    if (!colon || colon == f || !cab_filter_field_find(f, (size_t)(colon - f)))
        return 0;
    v = colon + 1;
    vlen = strlen(v);
    if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
        v++;
        vlen -= 2;
    }
    if (vlen == 0 || vlen > CAB_MAX_FILTER_VALUE || memchr(v, '"', vlen))
        return 0;
    for (size_t i = 0; i < vlen; i++)
        if (!isspace((unsigned char)v[i]))
            return 1;
    return 0;
}

static cab_status parse_param(const struct cab_cgi_param *pp, struct cab_cgi_req *r,
                              char err[CAB_ERR_SIZE])
{
    const char *n = pp->name, *v = pp->value;
    long num;

    if (strcmp(n, "q") == 0) {
        if (strlen(v) > CAB_MAX_QUERY_BYTES) {
            snprintf(err, CAB_ERR_SIZE, "query too long: %zu bytes (at most %d)", strlen(v),
                     CAB_MAX_QUERY_BYTES);
            return CAB_TOO_LARGE;
        }
        r->q = v;
    } else if (strcmp(n, "page") == 0) {
        num = number(v, CAB_CGI_MAX_DEPTH);
        if (num < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad page number '%.40s' (1 to %d)", v,
                     CAB_CGI_MAX_DEPTH);
            return CAB_USAGE;
        }
        r->page = (unsigned)num;
    } else if (strcmp(n, "n") == 0) {
        num = number(v, CAB_CGI_MAX_N);
        if (num < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad number of hits per page '%.40s' (1 to %d)", v,
                     CAB_CGI_MAX_N);
            return CAB_USAGE;
        }
        r->n = (unsigned)num;
    } else if (strcmp(n, "sort") == 0) {
        if (*v && cab_sort_parse(v, &r->sort) != 0) {
            snprintf(err, CAB_ERR_SIZE, "unknown sort order '%.40s' (relevance, newest, oldest)",
                     v);
            return CAB_USAGE;
        }
    } else if (strcmp(n, "f") == 0) {
        if (!*v)
            return CAB_OK;
        if (r->n_filters >= CAB_CGI_MAX_FILTERS) {
            snprintf(err, CAB_ERR_SIZE, "too many filters (at most %d)", CAB_CGI_MAX_FILTERS);
            return CAB_USAGE;
        }
        if (!filter_valid(v)) {
            snprintf(err, CAB_ERR_SIZE, "bad filter '%.80s' (field:value, e.g. tag:KTIP)", v);
            return CAB_USAGE;
        }
        r->filters[r->n_filters++] = v;
    } else if (strcmp(n, "from") == 0 || strcmp(n, "to") == 0) {
        if (*v && !date_shape(v)) {
            snprintf(err, CAB_ERR_SIZE, "bad date '%.40s' (YYYY, YYYY-MM or YYYY-MM-DD)", v);
            return CAB_USAGE;
        }
        if (n[0] == 'f')
            r->from = v;
        else
            r->to = v;
    } else if (strcmp(n, "id") == 0) {
        if (!cab_cgi_id_valid(v)) {
            snprintf(err, CAB_ERR_SIZE, "bad cable ID '%.40s' (like 09ASTANA2101)", v);
            return CAB_USAGE;
        }
        r->id = v;
        for (size_t i = 0; v[i]; i++)
            r->id_upper[i] = (char)toupper((unsigned char)v[i]);
        r->id_upper[strlen(v)] = '\0';
    } else if (strcmp(n, "format") == 0) {
        if (strcmp(v, "json") == 0) {
            r->json = 1;
        } else if (*v && strcmp(v, "html") != 0) {
            snprintf(err, CAB_ERR_SIZE, "unknown format '%.40s' (html, json)", v);
            return CAB_USAGE;
        }
    }
    return CAB_OK;
}

cab_status cab_cgi_req_parse(const struct cab_cgi_params *p, struct cab_cgi_req *r,
                             char err[CAB_ERR_SIZE])
{
    memset(r, 0, sizeof *r);
    r->q = r->from = r->to = "";
    r->page = 1;
    r->n = CAB_CGI_DEFAULT_N;
    for (size_t i = 0; i < p->n; i++) {
        cab_status st = parse_param(&p->v[i], r, err);

        if (st != CAB_OK)
            return st;
    }
    if ((unsigned long)r->page * r->n > CAB_CGI_MAX_DEPTH) {
        snprintf(err, CAB_ERR_SIZE, "page %u is too deep (results stop at %d)", r->page,
                 CAB_CGI_MAX_DEPTH);
        return CAB_USAGE;
    }
    return CAB_OK;
}

int cab_cgi_req_searches(const struct cab_cgi_req *r)
{
    for (const char *s = r->q; *s; s++)
        if (!isspace((unsigned char)*s))
            return 1;
    return r->n_filters > 0 || *r->from || *r->to;
}

/* 1 if the parentheses of 's' outside double quotes balance. */
static int balanced(const char *s)
{
    int depth = 0, quoted = 0;

    for (; *s; s++) {
        if (*s == '"')
            quoted = !quoted;
        else if (!quoted && *s == '(')
            depth++;
        else if (!quoted && *s == ')' && --depth < 0)
            return 0;
    }
    return depth == 0 && !quoted;
}

cab_status cab_cgi_req_query(const struct cab_cgi_req *r, struct cab_buf *out)
{
    cab_status st = CAB_OK;
    int has_q = 0;

    for (const char *s = r->q; *s; s++)
        has_q |= !isspace((unsigned char)*s);
    if (has_q && (r->n_filters || *r->from || *r->to) && balanced(r->q))
        /* Parentheses keep a top-level OR in q from swallowing the filters;
         * unbalanced text goes as is so the parser reports it. */
        st = cab_buf_addf(out, "(%s)", r->q);
    else if (has_q)
        st = cab_buf_addstr(out, r->q);
    for (size_t i = 0; st == CAB_OK && i < r->n_filters; i++) {
        const char *f = r->filters[i], *colon = strchr(f, ':');
        const char *v = colon + 1;
        size_t vlen = strlen(v);

        if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
            v++;
            vlen -= 2;
        }
        st = cab_buf_addf(out, "%s%.*s:\"%.*s\"", out->len ? " " : "", (int)(colon - f), f,
                          (int)vlen, v);
    }
    if (st == CAB_OK && (*r->from || *r->to))
        st = cab_buf_addf(out, "%sdate:%s..%s", out->len ? " " : "", r->from, r->to);
    return st;
}
