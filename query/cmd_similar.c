/* `cables similar`: the cables most like a given one, by relevance
 * feedback over its own text terms (filters such as tags left out). */
#include <stdio.h>
#include <string.h>

#include "cmd_opts.h"
#include "commands.h"
#include "printer.h"
#include "search.h"

enum { O_DB, O_N, O_FORMAT, O_COLOR };

static const struct cab_opt similar_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_N] = { "n", 'n', "N", "cables to show (default 10)" },
    [O_FORMAT] = { "format", 0, "FMT", "text (default), json, csv or ids" },
    [O_COLOR] = { "color", 0, "WHEN", "highlight matches: auto (default), always, never" },
};

static const struct cab_cmd similar_cmd = {
    "similar", "ID", "Cables most like the given cable (itself left out).",
    similar_opts, sizeof similar_opts / sizeof similar_opts[0],
    "  cables similar 09ASTANA95\n"
    "  cables similar -n 5 --format ids 09ASTANA2101\n",
};

struct similar_args {
    const char *db, *format, *color;
    uint32_t n;
};

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct similar_args *a = ctx;
    long v;

    switch (opt) {
    case O_DB:
        a->db = value;
        return CAB_OK;
    case O_N:
        v = cab_opt_number(value, CAB_MAX_HITS, 0);
        if (v < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad number of cables '%s' (1 to %u)", value,
                     (unsigned)CAB_MAX_HITS);
            return CAB_USAGE;
        }
        a->n = (uint32_t)v;
        return CAB_OK;
    case O_FORMAT:
        return cab_opt_format(value, CAB_PRINTER_NAMES, &a->format, err);
    case O_COLOR:
        return cab_opt_color(value, &a->color, err);
    }
    return CAB_INTERNAL;
}

cab_status cmd_similar(int argc, char **argv)
{
    struct similar_args a = { NULL, "text", "auto", 10 };
    struct cab_print_opts po = { 0, "similar" };
    struct cab_search_req req;
    struct cab_results *res = NULL;
    cab_searcher *s = NULL;
    char err[CAB_ERR_SIZE];
    int npos, help;
    cab_status st;

    st = cab_opts_parse(&similar_cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos != 1) {
        cab_cmd_error(&similar_cmd, "give exactly one cable ID (see 'cables similar --help')");
        return CAB_USAGE;
    }
    memset(&req, 0, sizeof req);
    req.count = a.n;
    req.snippets = strcmp(a.format, "ids") != 0;
    po.color = strcmp(a.format, "text") == 0 && cab_color_mode(a.color, stdout) == 1;
    st = cab_searcher_open(cab_db_path(a.db), &s, err);
    if (st == CAB_OK)
        st = cab_search_similar(s, argv[1], &req, &res, err);
    if (st == CAB_NOT_FOUND || st == CAB_USAGE) {
        cab_cmd_error(&similar_cmd, "%s", err);
        st = st == CAB_NOT_FOUND ? CAB_NO_MATCH : st;
        goto out;
    }
    if (st != CAB_OK) {
        cab_cmd_error(&similar_cmd, "%s", err);
        goto out;
    }
    st = cab_printer_find(a.format)(stdout, res, &po);
    if (st == CAB_OK && fflush(stdout) != 0)
        st = CAB_IO;
    if (st != CAB_OK)
        cab_cmd_error(&similar_cmd, "cannot write the results: %s", cab_status_str(st));
    else if (res->total == 0)
        st = CAB_NO_MATCH;
out:
    cab_results_free(res);
    cab_searcher_close(s);
    return st;
}
