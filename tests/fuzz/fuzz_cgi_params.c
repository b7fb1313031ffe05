/* Fuzz target: the search page's request handling, from the raw query
 * string to the query text it would run (no index is touched). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "../../query/cgi.h"
#include "query.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char err[CAB_ERR_SIZE];
    struct cab_cgi_params p;
    cab_cgi_params_init(&p);
    cab_status st = cab_cgi_params_parse(&p, s, size, err);
    for (size_t i = 0; i < p.n; i++) {
        if (!cab_utf8_valid(p.v[i].name, strlen(p.v[i].name))
            || !cab_utf8_valid(p.v[i].value, strlen(p.v[i].value)))
            __builtin_trap();   /* the parser promises valid UTF-8 */
        if (sink != NULL) {
            cab_html_escape_str(sink, p.v[i].value);
            cab_url_encode(sink, p.v[i].value);
        }
    }
    if (st == CAB_OK) {
        struct cab_cgi_req r;
        if (cab_cgi_req_parse(&p, &r, err) == CAB_OK) {
            (void)cab_cgi_req_searches(&r);
            struct cab_buf q;
            cab_buf_init(&q, 4 * CAB_MAX_QUERY_BYTES);
            (void)cab_cgi_req_query(&r, &q);
            cab_buf_release(&q);
        }
    }
    cab_cgi_params_release(&p);

    /* The same bytes as a header value and as raw HTML text. */
    char *hdr = cab_strndup(s, size);
    if (hdr != NULL) {
        (void)cab_gzip_accepted(hdr);
        (void)cab_cgi_id_valid(hdr);
        cab_free(hdr);
    }
    if (sink != NULL)
        cab_html_escape(sink, s, size);
    return 0;
}
