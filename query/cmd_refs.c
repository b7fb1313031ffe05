/* `cables refs`: the cables a cable cites (those the index lacks marked
 * "(not in index)") and the cables that cite it, oldest first. */
#include <stdio.h>
#include <string.h>

#include "cmd_opts.h"
#include "commands.h"
#include "printer.h"
#include "search.h"

enum { O_DB, O_FORMAT };

static const struct cab_opt refs_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_FORMAT] = { "format", 0, "FMT", "text (default) or json" },
};

static const struct cab_cmd refs_cmd = {
    "refs", "ID", "The cables a cable cites, and the cables citing it.",
    refs_opts, sizeof refs_opts / sizeof refs_opts[0],
    "  cables refs 09ASTANA2101\n"
    "  cables refs --format json 09ASTANA1206\n",
};

struct refs_args {
    const char *db, *format;
};

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct refs_args *a = ctx;

    if (opt == O_DB) {
        a->db = value;
        return CAB_OK;
    }
    return cab_opt_format(value, "text, json", &a->format, err);
}

static void print_text(const struct cable *c, const int *known, const struct cab_results *res)
{
    char iso[21];

    printf("cites (%zu):\n", c->n_refs);
    for (size_t i = 0; i < c->n_refs; i++)
        printf("  %s%s\n", c->refs[i], known[i] ? "" : "  (not in index)");
    printf("cited by (%u):\n", (unsigned)res->total);
    for (size_t i = 0; i < res->n_hits; i++) {
        cab_time_iso(res->hits[i].created, iso);
        iso[10] = '\0';
        printf("  %s  %s  %s\n", res->hits[i].id, iso, res->hits[i].subject);
    }
}

static cab_status print_json(const struct cable *c, const int *known,
                             const struct cab_results *res)
{
    struct cab_json j;
    char iso[21];

    cab_json_init(&j, stdout);
    cab_json_begin_object(&j);
    cab_json_key(&j, "id");
    cab_json_string(&j, c->id);
    cab_json_key(&j, "cites");
    cab_json_begin_array(&j);
    for (size_t i = 0; i < c->n_refs; i++) {
        cab_json_begin_object(&j);
        cab_json_key(&j, "id");
        cab_json_string(&j, c->refs[i]);
        cab_json_key(&j, "in_index");
        cab_json_bool(&j, known[i]);
        cab_json_end_object(&j);
    }
    cab_json_end_array(&j);
    cab_json_key(&j, "cited_by");
    cab_json_begin_array(&j);
    for (size_t i = 0; i < res->n_hits; i++) {
        cab_json_begin_object(&j);
        cab_json_key(&j, "id");
        cab_json_string(&j, res->hits[i].id);
        cab_json_key(&j, "date");
        cab_json_string(&j, cab_time_iso(res->hits[i].created, iso));
        cab_json_key(&j, "subject");
        cab_json_string(&j, res->hits[i].subject);
        cab_json_end_object(&j);
    }
    cab_json_end_array(&j);
    cab_json_end_object(&j);
    fputc('\n', stdout);
    return cab_json_finish(&j);
}

cab_status cmd_refs(int argc, char **argv)
{
    struct refs_args a = { NULL, "text" };
    struct cab_search_req req;
    struct cab_results *res = NULL;
    struct cable *c = NULL;
    cab_searcher *s = NULL;
    char err[CAB_ERR_SIZE];
    int npos, help, known[CAB_MAX_REFS];
    cab_status st;

    st = cab_opts_parse(&refs_cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos != 1) {
        cab_cmd_error(&refs_cmd, "give exactly one cable ID (see 'cables refs --help')");
        return CAB_USAGE;
    }
    st = cab_searcher_open(cab_db_path(a.db), &s, err);
    if (st == CAB_OK)
        st = cab_search_get_cable(s, argv[1], &c, NULL, err);
    if (st != CAB_OK) {
        cab_cmd_error(&refs_cmd, "%s", err);
        st = st == CAB_NOT_FOUND ? CAB_NO_MATCH : st;
        goto out;
    }
    for (size_t i = 0; i < c->n_refs && i < CAB_MAX_REFS; i++)
        known[i] = cab_search_has_id(s, c->refs[i]) == 1;
    memset(&req, 0, sizeof req);
    req.count = CAB_MAX_HITS;
    req.sort = CAB_SORT_OLDEST;
    st = cab_search_citing(s, c->id, &req, &res, err);
    if (st != CAB_OK) {
        cab_cmd_error(&refs_cmd, "%s", err);
        goto out;
    }
    if (strcmp(a.format, "json") == 0)
        st = print_json(c, known, res);
    else
        print_text(c, known, res);
    if (st == CAB_OK && fflush(stdout) != 0)
        st = CAB_IO;
    if (st != CAB_OK)
        cab_cmd_error(&refs_cmd, "cannot write the references: %s", cab_status_str(st));
out:
    cab_results_free(res);
    cable_free(c);
    cab_searcher_close(s);
    return st;
}
