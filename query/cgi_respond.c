/* Answering one search page request: check it, run the search or fetch
 * the cable, and render a page.  Every outcome is a complete page with a
 * status: 400 for a bad request (nothing touched), 404 for an unknown
 * cable, 503 when the index cannot be used (missing, locked, damaged,
 * out of memory), 500 only for an invariant that did not hold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cab_mem.h"
#include "cgi.h"
#include "printer.h"
#include "query.h"

#define RETRY_AFTER 10   /* seconds a client should wait after a 503 */

static const char html_type[] = "text/html; charset=utf-8";
static const char json_type[] = "application/json";

/* The HTTP status for a status coming back from the index. */
static int http_status(cab_status st)
{
    switch (st) {
    case CAB_OK:
        return 200;
    case CAB_USAGE:
    case CAB_TOO_LARGE:
    case CAB_BAD_INPUT:
        return 400;
    case CAB_NOT_FOUND:
        return 404;
    case CAB_INTERNAL:
        return 500;
    default:
        return 503;
    }
}

/* Render into resp->body through a memory stream; 0 on success. */
struct sink {
    FILE *f;
    char *data;
    size_t len;
};

static int sink_open(struct sink *s)
{
    s->data = NULL;
    s->len = 0;
    s->f = open_memstream(&s->data, &s->len);
    return s->f ? 0 : -1;
}

static cab_status sink_close(struct sink *s, cab_status st, struct cab_cgi_response *resp)
{
    if (fclose(s->f) != 0 && st == CAB_OK)
        st = CAB_IO;
    if (st == CAB_OK && s->len > CAB_CGI_MAX_PAGE_BYTES)
        st = CAB_TOO_LARGE;
    cab_buf_reset(&resp->body);
    if (st == CAB_OK)
        st = cab_buf_add(&resp->body, s->data, s->len);
    free(s->data);
    return st;
}

void cab_cgi_error_page(struct cab_cgi_response *resp, int status, const struct cab_cgi_req *req,
                        const char *message)
{
    struct cab_html_ctx ctx = { req, message };
    struct sink s;
    cab_status st = CAB_NOMEM;

    resp->status = status;
    resp->content_type = html_type;
    resp->retry_after = status == 503 ? RETRY_AFTER : 0;
    if (sink_open(&s) == 0)
        st = sink_close(&s, cab_html_results_page(s.f, &ctx, NULL), resp);
    if (st != CAB_OK) {
        /* Out of memory: a fixed page still answers. */
        cab_buf_reset(&resp->body);
        (void)cab_buf_addstr(&resp->body, "<!DOCTYPE html><title>cables</title>"
                                          "<p>The page could not be made; try again.</p>\n");
    }
}

/* A failed search or fetch as a page; 'req' is set for 400s so the form
 * keeps the query. */
static cab_status fail(struct cab_cgi_response *resp, cab_status st,
                       const struct cab_cgi_req *req, const char *err)
{
    int status = http_status(st);
    char msg[CAB_ERR_SIZE + 64];

    if (status == 400 || status == 404)
        snprintf(msg, sizeof msg, "%s", err);
    else {
        /* The detail (paths) is for the server's error log, not the page. */
        fprintf(stderr, "cables.cgi: %s\n", *err ? err : cab_status_str(st));
        snprintf(msg, sizeof msg, "the index is not available just now (%s); try again later",
                 cab_status_str(st));
    }
    cab_cgi_error_page(resp, status, status == 500 ? NULL : req, msg);
    return st;
}

static cab_status search_page(cab_searcher *s, const struct cab_cgi_req *r,
                              struct cab_cgi_response *resp)
{
    static const char *const fields[] = { "tag", "country", "origin", "class",
                                          "year", "person", "place" };
    struct cab_facet_req facets[sizeof fields / sizeof *fields];
    struct cab_search_req req;
    struct cab_results *res = NULL;
    struct cab_html_ctx ctx = { r, NULL };
    struct cab_buf q;
    struct sink sk;
    char err[CAB_ERR_SIZE] = "";
    cab_status st;

    cab_buf_init(&q, CAB_MAX_QUERY_BYTES * 2);
    if (cab_cgi_req_query(r, &q) != CAB_OK || q.len > CAB_MAX_QUERY_BYTES) {
        cab_buf_release(&q);
        return fail(resp, CAB_TOO_LARGE, r, "query with its filters too long");
    }
    memset(&req, 0, sizeof req);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        facets[i].field = cab_facet_field_find(fields[i]);
        facets[i].top = CAB_CGI_FACET_TOP;
    }
    req.query = q.data;
    req.offset = (r->page - 1) * r->n;
    req.count = r->n;
    req.sort = r->sort;
    req.facets = facets;
    req.n_facets = sizeof fields / sizeof *fields;
    req.snippets = 1;
    st = cab_search_run(s, &req, &res, err);
    cab_buf_release(&q);
    if (st != CAB_OK)
        return fail(resp, st, r, err);
    if (sink_open(&sk) != 0) {
        st = CAB_NOMEM;
    } else if (r->json) {
        resp->content_type = json_type;
        st = sink_close(&sk, cab_print_json(sk.f, res, NULL), resp);
    } else {
        st = sink_close(&sk, cab_html_results_page(sk.f, &ctx, res), resp);
    }
    cab_results_free(res);
    if (st != CAB_OK)
        return fail(resp, st, r, "");
    resp->status = 200;
    return CAB_OK;
}

static cab_status cable_page(cab_searcher *s, const struct cab_cgi_req *r,
                             struct cab_cgi_response *resp)
{
    struct cab_search_req req;
    struct cab_results *citing = NULL, *similar = NULL;
    struct cab_html_ctx ctx = { r, NULL };
    struct cable *c = NULL;
    struct sink sk;
    char err[CAB_ERR_SIZE] = "";
    int known[CAB_MAX_REFS];
    cab_status st;

    st = cab_search_get_cable(s, r->id_upper, &c, NULL, err);
    if (st != CAB_OK)
        return fail(resp, st, r, err);
    if (sink_open(&sk) != 0) {
        st = CAB_NOMEM;
        goto out;
    }
    if (r->json) {
        resp->content_type = json_type;
        st = sink_close(&sk, cab_print_cable_json(sk.f, c), resp);
        goto out;
    }
    for (size_t i = 0; i < c->n_refs && i < CAB_MAX_REFS; i++)
        known[i] = cab_search_has_id(s, c->refs[i]) == 1;
    memset(&req, 0, sizeof req);
    req.count = CAB_CGI_CITING;
    req.sort = CAB_SORT_OLDEST;
    st = cab_search_citing(s, c->id, &req, &citing, err);
    if (st == CAB_OK) {
        req.count = CAB_CGI_SIMILAR;
        req.sort = CAB_SORT_RELEVANCE;
        /* Similar cables are a bonus: the page stands without them. */
        if (cab_search_similar(s, c->id, &req, &similar, err) != CAB_OK)
            similar = NULL;
    }
    if (st == CAB_OK)
        st = cab_html_cable_page(sk.f, &ctx, c, known, citing, similar);
    st = sink_close(&sk, st, resp);
out:
    cable_free(c);
    cab_results_free(citing);
    cab_results_free(similar);
    if (st != CAB_OK)
        return fail(resp, st, r, err);
    resp->status = 200;
    return CAB_OK;
}

cab_status cab_cgi_respond(const struct cab_cgi_params *p, const char *db,
                           struct cab_cgi_response *resp)
{
    struct cab_cgi_req r;
    struct cab_html_ctx ctx;
    cab_searcher *s = NULL;
    char err[CAB_ERR_SIZE] = "";
    cab_status st;

    resp->status = 200;
    resp->content_type = html_type;
    resp->retry_after = 0;
    st = cab_cgi_req_parse(p, &r, err);
    if (st != CAB_OK) {
        /* The form shows what can be shown safely: nothing of the request. */
        cab_cgi_error_page(resp, 400, NULL, err);
        return st;
    }
    if (!r.id && !cab_cgi_req_searches(&r)) {
        struct sink sk;

        ctx.req = &r;
        ctx.message = NULL;
        if (r.json)
            return fail(resp, CAB_USAGE, &r, "no query given (q, f, from, to or id)");
        st = sink_open(&sk) == 0 ? sink_close(&sk, cab_html_results_page(sk.f, &ctx, NULL), resp)
                                 : CAB_NOMEM;
        return st == CAB_OK ? st : fail(resp, st, &r, "");
    }
    st = cab_searcher_open(db, &s, err);
    if (st != CAB_OK)
        return fail(resp, st == CAB_NOT_FOUND ? CAB_DB_NOT_FOUND : st, &r, err);
    st = r.id ? cable_page(s, &r, resp) : search_page(s, &r, resp);
    cab_searcher_close(s);
    return st;
}
