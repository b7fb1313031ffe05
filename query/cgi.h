/* The search page, cables.cgi (SPEC.md "Search page"): request parsing,
 * escaping, the HTML printer and the response.  Internal to query/.
 *
 * A request is a list of name=value parameters from QUERY_STRING, a POST
 * body (application/x-www-form-urlencoded) or, from a shell, the command
 * line.  Everything a request brings is bounded by the limits below and
 * checked (UTF-8, no NUL, numbers in range) before anything touches the
 * index; every problem is a status with a message for a 400 page.
 *
 * Parameters: q (query), page (1-based), n (hits per page), sort
 * (relevance, newest, oldest), f (a filter "field:value", repeatable),
 * from and to (a date range: YYYY, YYYY-MM or YYYY-MM-DD), id (show one
 * cable), format (html or json).  Unknown parameters are ignored.
 */
#ifndef CAB_CGI_H
#define CAB_CGI_H

#include <stddef.h>
#include <stdio.h>

#include "cab_buf.h"
#include "cab_status.h"
#include "search.h"

/* Named limits of a request (documented in README.md, "The search page"). */
#define CAB_CGI_MAX_REQUEST   (64u << 10) /* bytes of QUERY_STRING or POST body */
#define CAB_CGI_MAX_PARAMS    64          /* parameters in one request */
#define CAB_CGI_MAX_FILTERS   16          /* f= parameters */
#define CAB_CGI_MAX_N         100         /* hits per page */
#define CAB_CGI_MAX_DEPTH     10000       /* page * n */
#define CAB_CGI_DEFAULT_N     10
#define CAB_CGI_FACET_TOP     10          /* values listed per facet */
#define CAB_CGI_MAX_PAGE_BYTES (8u << 20) /* bytes of one rendered page */
#define CAB_CGI_CPU_SECONDS   10          /* RLIMIT_CPU of one request */
#define CAB_CGI_WALL_SECONDS  20          /* alarm() of one request */
#define CAB_CGI_SIMILAR       5           /* similar cables on a cable page */
#define CAB_CGI_CITING        100         /* citing cables listed on a cable page */

/* ---------------------------------------------------------------- parameters */

struct cab_cgi_param {
    char *name;              /* owned; decoded, valid UTF-8, no NUL */
    char *value;             /* owned; decoded, valid UTF-8, no NUL */
};

struct cab_cgi_params {
    struct cab_cgi_param v[CAB_CGI_MAX_PARAMS];
    size_t n;
};

void cab_cgi_params_init(struct cab_cgi_params *p);
void cab_cgi_params_release(struct cab_cgi_params *p);

/* Add the parameters of data[0..len), "a=1&b=2" form encoding ('+' is a
 * space, %XX a byte; ';' does not separate), to 'p'.  Empty pieces
 * ("a=1&&b") are skipped; a piece without '=' is a name with an empty
 * value.  CAB_TOO_LARGE past CAB_CGI_MAX_REQUEST bytes or
 * CAB_CGI_MAX_PARAMS parameters, CAB_BAD_INPUT for a bad %-escape, a NUL
 * byte or invalid UTF-8 in a name or value, CAB_NOMEM; 'err' says which.
 * On failure 'p' keeps the parameters added before. */
cab_status cab_cgi_params_parse(struct cab_cgi_params *p, const char *data, size_t len,
                                char err[CAB_ERR_SIZE]);

/* Add one "name=value" taken as is (no %-decoding): the command-line
 * form `cables.cgi q=shelter f=tag:KTIP`.  Same checks and statuses. */
cab_status cab_cgi_params_add_arg(struct cab_cgi_params *p, const char *arg,
                                  char err[CAB_ERR_SIZE]);

/* The value of the first parameter named 'name', or NULL.  Owned by 'p'. */
const char *cab_cgi_param_get(const struct cab_cgi_params *p, const char *name);

/* 1 if s[0..len) is valid UTF-8 without NUL bytes, overlong forms or
 * surrogates, else 0. */
int cab_utf8_valid(const char *s, size_t len);

/* ---------------------------------------------------------------- request */

struct cab_cgi_req {
    const char *q;                              /* "" if absent; owned by the params */
    const char *filters[CAB_CGI_MAX_FILTERS];   /* "field:value", owned by the params */
    size_t n_filters;
    const char *from, *to;                      /* "" if absent */
    const char *id;                             /* NULL unless a cable is asked for */
    char id_upper[CAB_MAX_ID];                  /* 'id' in upper case */
    unsigned page;                              /* 1-based */
    unsigned n;                                 /* hits per page */
    enum cab_sort sort;
    int json;                                   /* format=json */
};

/* Check the parameters and fill 'r' (which points into 'p').  CAB_USAGE
 * with 'err' for a bad page, n, sort, format, filter, date or id, an
 * empty or overlong q (CAB_TOO_LARGE past CAB_MAX_QUERY_BYTES) or too
 * many filters. */
cab_status cab_cgi_req_parse(const struct cab_cgi_params *p, struct cab_cgi_req *r,
                             char err[CAB_ERR_SIZE]);

/* 1 if 'id' is a reference ID: two digits, 2 to 24 letters, 1 to 7
 * digits, letters in any case. */
int cab_cgi_id_valid(const char *id);

/* The query text the search runs: q (in parentheses when filters follow
 * and its parentheses balance), then each filter as field:"value", then
 * date:FROM..TO.  Appends to 'out'; CAB_TOO_LARGE past the buffer's cap. */
cab_status cab_cgi_req_query(const struct cab_cgi_req *r, struct cab_buf *out);

/* 1 if the request asks for a search (q, a filter or a date). */
int cab_cgi_req_searches(const struct cab_cgi_req *r);

/* ---------------------------------------------------------------- escaping */

/* Write s[0..len) escaped for HTML text and double-quoted attribute
 * values: & < > " ' become entities, control characters other than tab,
 * LF and CR become U+FFFD, invalid UTF-8 bytes become U+FFFD. */
void cab_html_escape(FILE *out, const char *s, size_t len);
void cab_html_escape_str(FILE *out, const char *s);   /* NULL writes nothing */

/* Write 's' percent-encoded as a URL query component: every byte but
 * A-Z a-z 0-9 - . _ ~ becomes %XX (space too), so the result is safe
 * inside a double-quoted attribute and can never start a scheme. */
void cab_url_encode(FILE *out, const char *s);

/* ---------------------------------------------------------------- pages */

/* What a page needs besides the results: the request, for the form and
 * for links (always relative, "?q=...", built from encoded parameters). */
struct cab_html_ctx {
    const struct cab_cgi_req *req;
    const char *message;      /* an error to show above the form, or NULL */
};

/* The search page: form, selected filters, hits with snippets, facets
 * with drill-down links, paging.  'res' may be NULL (the empty form, or
 * an error page when ctx->message is set).  CAB_IO on a write failure. */
cab_status cab_html_results_page(FILE *out, const struct cab_html_ctx *ctx,
                                 const struct cab_results *res);

/* One cable: every field, the text with paragraph anchors (par1...),
 * the cables it cites ('known'[i] says whether refs[i] is in the index),
 * the cables citing it and similar cables (each may be NULL). */
cab_status cab_html_cable_page(FILE *out, const struct cab_html_ctx *ctx, const struct cable *c,
                               const int *known, const struct cab_results *citing,
                               const struct cab_results *similar);

/* ---------------------------------------------------------------- response */

struct cab_cgi_response {
    int status;                 /* 200, 400, 404, 405, 500, 503 */
    const char *content_type;   /* static */
    int retry_after;            /* seconds for 503, else 0 */
    struct cab_buf body;
};

/* Answer a parsed request against the index at 'db' (from the
 * environment or the configuration, never from the request).  Always
 * fills 'resp' with a complete page, whatever happened; returns the
 * status of the search for logging. */
cab_status cab_cgi_respond(const struct cab_cgi_params *p, const char *db,
                           struct cab_cgi_response *resp);

/* A complete error page with 'status' and 'message' into 'resp' (the
 * search box included when 'req' is given). */
void cab_cgi_error_page(struct cab_cgi_response *resp, int status, const struct cab_cgi_req *req,
                        const char *message);

/* 1 if an Accept-Encoding header value accepts gzip (a "gzip" or "*"
 * coding whose q is not 0), else 0.  NULL gives 0. */
int cab_gzip_accepted(const char *ae);

/* Compress data[0..len) into 'out' with a gzip wrapper.  CAB_NOMEM,
 * CAB_TOO_LARGE past the buffer's cap, CAB_INTERNAL if zlib fails. */
cab_status cab_gzip_compress(const char *data, size_t len, struct cab_buf *out);

/* The index path for the page: $CABLES_DB, else "db = PATH" in the file
 * named by $CABLES_CONF, else in /etc/cables.conf, else "./cables.db".
 * Returns a static buffer or the environment's string. */
const char *cab_cgi_db_path(void);

#endif
