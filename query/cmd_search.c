/* `cables search` and `cables count` (SPEC.md): run one query and hand the
 * results to the printer the user chose. */
#include <stdio.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "cmd_opts.h"
#include "commands.h"
#include "printer.h"
#include "query.h"
#include "search.h"

#define MAX_FACETS 32

enum { O_DB, O_N, O_OFFSET, O_SORT, O_FACET, O_FORMAT, O_COLOR };

static const struct cab_opt search_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_N] = { "n", 'n', "N", "hits to show (default 10; 0 for facets or totals only)" },
    [O_OFFSET] = { "offset", 0, "K", "skip the first K hits (paging)" },
    [O_SORT] = { "sort", 0, "ORDER", "relevance (default), newest or oldest" },
    [O_FACET] = { "facet", 0, "FIELD[:TOP]",
                  "count values of tag, country, origin, class, caveat, year, month, person, place" },
    [O_FORMAT] = { "format", 0, "FMT", "text (default), json, csv or ids" },
    [O_COLOR] = { "color", 0, "WHEN", "highlight matches: auto (default), always, never" },
};

static const struct cab_cmd search_cmd = {
    "search", "QUERY...", "Ranked search over the index, with exact facet counts.",
    search_opts, sizeof search_opts / sizeof search_opts[0],
    "  cables search human trafficking\n"
    "  cables search 'tag:KTIP year:2009 shelter' --facet origin --facet person:5\n"
    "  cables search --sort newest -n 20 --offset 20 'origin:astana'\n"
    "  cables search --format ids 'ref:09ASTANA1206' | xargs cables show\n"
    "  cables search --format json -n 0 --facet tag:50 'country:KZ'\n",
};

static const struct cab_opt count_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
};

static const struct cab_cmd count_cmd = {
    "count", "QUERY...", "Print the exact number of cables matching the query.",
    count_opts, sizeof count_opts / sizeof count_opts[0],
    "  cables count 'tag:KTIP'\n"
    "  cables count '\"human trafficking\" year:2009'\n",
};

struct search_args {
    const char *db;
    struct cab_search_req req;
    struct cab_facet_req facets[MAX_FACETS];
    const char *format;
    const char *color;
};

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct search_args *a = ctx;
    long v;

    switch (opt) {
    case O_DB:
        a->db = value;
        return CAB_OK;
    case O_N:
        v = cab_opt_number(value, CAB_MAX_HITS, 1);
        if (v < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad number of hits '%s' (0 to %u)", value,
                     (unsigned)CAB_MAX_HITS);
            return CAB_USAGE;
        }
        a->req.count = (uint32_t)v;
        return CAB_OK;
    case O_OFFSET:
        v = cab_opt_number(value, CAB_MAX_OFFSET, 1);
        if (v < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad offset '%s' (0 to %u)", value,
                     (unsigned)CAB_MAX_OFFSET);
            return CAB_USAGE;
        }
        a->req.offset = (uint32_t)v;
        return CAB_OK;
    case O_SORT:
        if (cab_sort_parse(value, &a->req.sort) != 0) {
            snprintf(err, CAB_ERR_SIZE, "unknown sort order '%s' (relevance, newest, oldest)",
                     value);
            return CAB_USAGE;
        }
        return CAB_OK;
    case O_FACET:
        if (a->req.n_facets >= MAX_FACETS) {
            snprintf(err, CAB_ERR_SIZE, "too many facets (at most %d)", MAX_FACETS);
            return CAB_USAGE;
        }
        if (cab_facet_spec_parse(value, &a->facets[a->req.n_facets].field,
                                 &a->facets[a->req.n_facets].top, err) != CAB_OK)
            return CAB_USAGE;
        a->req.n_facets++;
        return CAB_OK;
    case O_FORMAT:
        return cab_opt_format(value, CAB_PRINTER_NAMES, &a->format, err);
    case O_COLOR:
        return cab_opt_color(value, &a->color, err);
    }
    return CAB_INTERNAL;
}

/* The query words joined with single spaces; caller frees. */
static char *join_query(int n, char **words)
{
    struct cab_buf b;

    cab_buf_init(&b, CAB_MAX_QUERY_BYTES * 4);
    for (int i = 0; i < n; i++) {
        if ((i && cab_buf_addch(&b, ' ') != CAB_OK) || cab_buf_addstr(&b, words[i]) != CAB_OK) {
            cab_buf_release(&b);
            return NULL;
        }
    }
    return cab_buf_detach(&b, NULL);
}

static cab_status run(const struct cab_cmd *cmd, int argc, char **argv, int counting)
{
    struct search_args a;
    struct cab_print_opts po = { 0, cmd->name };
    struct cab_results *res = NULL;
    cab_searcher *s = NULL;
    char err[CAB_ERR_SIZE], *query = NULL;
    int npos, help;
    cab_status st;

    memset(&a, 0, sizeof a);
    a.req.count = 10;
    a.req.facets = a.facets;
    a.format = "text";
    a.color = "auto";
    st = cab_opts_parse(cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos == 0) {
        cab_cmd_error(cmd, "no query given (see 'cables %s --help')", cmd->name);
        return CAB_USAGE;
    }
    query = join_query(npos, argv + 1);
    if (!query) {
        cab_cmd_error(cmd, "query too long");
        return CAB_TOO_LARGE;
    }
    a.req.query = query;
    if (counting) {
        a.req.count = 0;
        a.req.exact = 1;
    } else {
        a.req.snippets = strcmp(a.format, "ids") != 0;
    }
    po.color = cab_color_mode(a.color, stdout) == 1 && strcmp(a.format, "text") == 0;

    st = cab_searcher_open(cab_db_path(a.db), &s, err);
    if (st == CAB_OK)
        st = cab_search_run(s, &a.req, &res, err);
    if (st != CAB_OK) {
        cab_cmd_error(cmd, "%s", err);
        goto out;
    }
    if (counting) {
        printf("%u\n", (unsigned)res->total);
    } else {
        st = cab_printer_find(a.format)(stdout, res, &po);
        if (st == CAB_OK && fflush(stdout) != 0)
            st = CAB_IO;
        if (st != CAB_OK) {
            cab_cmd_error(cmd, "cannot write the results: %s", cab_status_str(st));
            goto out;
        }
    }
    if (res->total == 0) {
        if (res->suggestion && strcmp(a.format, "json") != 0)
            fprintf(stderr, "did you mean: %s\n", res->suggestion);
        st = CAB_NO_MATCH;
    }

out:
    cab_results_free(res);
    cab_searcher_close(s);
    cab_free(query);
    return st;
}

cab_status cmd_search(int argc, char **argv)
{
    return run(&search_cmd, argc, argv, 0);
}

cab_status cmd_count(int argc, char **argv)
{
    return run(&count_cmd, argc, argv, 1);
}
