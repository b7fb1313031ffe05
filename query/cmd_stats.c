/* `cables stats`: what the index holds: documents, date span, size on
 * disk, and the top values of every facet field. */
#include <stdio.h>
#include <string.h>

#include "cmd_opts.h"
#include "commands.h"
#include "extract.h"
#include "printer.h"
#include "search.h"

enum { O_DB, O_TOP, O_FORMAT };

static const struct cab_opt stats_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_TOP] = { "top", 0, "N", "values to list per facet (default 10)" },
    [O_FORMAT] = { "format", 0, "FMT", "text (default) or json" },
};

static const struct cab_cmd stats_cmd = {
    "stats", "", "Documents, date span, index size and the top values of every facet.",
    stats_opts, sizeof stats_opts / sizeof stats_opts[0],
    "  cables stats\n"
    "  cables stats --top 3 --format json\n",
};

struct stats_args {
    const char *db, *format;
    unsigned top;
};

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct stats_args *a = ctx;
    long v;

    switch (opt) {
    case O_DB:
        a->db = value;
        return CAB_OK;
    case O_TOP:
        v = cab_opt_number(value, CAB_MAX_FACET_TOP, 0);
        if (v < 0) {
            snprintf(err, CAB_ERR_SIZE, "bad number of values '%s' (1 to %u)", value,
                     (unsigned)CAB_MAX_FACET_TOP);
            return CAB_USAGE;
        }
        a->top = (unsigned)v;
        return CAB_OK;
    case O_FORMAT:
        return cab_opt_format(value, "text, json", &a->format, err);
    }
    return CAB_INTERNAL;
}

/* Created time of the oldest or newest dated cable, CAB_TIME_UNKNOWN if none. */
static cab_status date_end(cab_searcher *s, enum cab_sort sort, int64_t *t, char err[CAB_ERR_SIZE])
{
    struct cab_search_req req;
    struct cab_results *res = NULL;
    xw_query *dated = NULL;
    cab_status st;

    *t = CAB_TIME_UNKNOWN;
    memset(&req, 0, sizeof req);
    req.count = 1;
    req.sort = sort;
    st = xw_query_value_range(CAB_SLOT_CREATED, "0", NULL, &dated);
    if (st == CAB_OK)
        st = cab_search_run_query(s, dated, "", &req, &res, err);
    if (st == CAB_OK && res->n_hits > 0)
        *t = res->hits[0].created;
    cab_results_free(res);
    xw_query_free(dated);
    return st;
}

/* The tag facet's values grouped by kind (subject, program, ...), the
 * 'top' most frequent of each, as "tag kind subject (N distinct)". */
static void print_tag_kinds(const struct cab_facet *tags, unsigned top)
{
    static const enum cab_tag_kind kinds[] = {
        CAB_TAG_SUBJECT, CAB_TAG_PROGRAM, CAB_TAG_ORGANIZATION,
        CAB_TAG_COUNTRY, CAB_TAG_PERSON,  CAB_TAG_OTHER,
    };

    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        size_t distinct = 0;
        unsigned shown = 0;

        for (size_t i = 0; i < tags->n_values; i++)
            distinct += cab_tag_kind_of(tags->values[i].value) == kinds[k];
        printf("\ntags of kind %s (%zu distinct)\n", cab_tag_kind_name(kinds[k]), distinct);
        for (size_t i = 0; i < tags->n_values && shown < top; i++) {
            if (cab_tag_kind_of(tags->values[i].value) != kinds[k])
                continue;
            printf("%10u  %s\n", (unsigned)tags->values[i].count, tags->values[i].value);
            shown++;
        }
    }
}

static void print_json(uint32_t docs, int64_t oldest, int64_t newest, uint64_t size,
                       const struct cab_results *res)
{
    struct cab_json j;
    char iso[21];

    cab_json_init(&j, stdout);
    cab_json_begin_object(&j);
    cab_json_key(&j, "documents");
    cab_json_int(&j, docs);
    cab_json_key(&j, "oldest");
    cab_json_string(&j, oldest == CAB_TIME_UNKNOWN ? NULL : cab_time_iso(oldest, iso));
    cab_json_key(&j, "newest");
    cab_json_string(&j, newest == CAB_TIME_UNKNOWN ? NULL : cab_time_iso(newest, iso));
    cab_json_key(&j, "size_bytes");
    cab_json_int(&j, (int64_t)size);
    cab_json_key(&j, "facets");
    cab_json_begin_object(&j);
    for (size_t i = 0; i + 1 < res->n_facets; i++) {
        const struct cab_facet *f = &res->facets[i];

        cab_json_key(&j, f->field->name);
        cab_json_begin_object(&j);
        cab_json_key(&j, "distinct");
        cab_json_int(&j, (int64_t)f->distinct);
        cab_json_key(&j, "values");
        cab_json_begin_array(&j);
        for (size_t k = 0; k < f->n_values; k++) {
            cab_json_begin_object(&j);
            cab_json_key(&j, "value");
            cab_json_string(&j, f->values[k].value);
            cab_json_key(&j, "count");
            cab_json_int(&j, f->values[k].count);
            cab_json_end_object(&j);
        }
        cab_json_end_array(&j);
        cab_json_end_object(&j);
    }
    cab_json_end_object(&j);
    cab_json_end_object(&j);
    fputc('\n', stdout);
}

cab_status cmd_stats(int argc, char **argv)
{
    struct stats_args a = { NULL, "text", CAB_DEFAULT_FACET_TOP };
    struct cab_print_opts po = { 0, "stats" };
    struct cab_facet_req facets[17];
    struct cab_search_req req;
    struct cab_results *res = NULL;
    cab_searcher *s = NULL;
    xw_query *all = NULL;
    char err[CAB_ERR_SIZE], iso1[21], iso2[21];
    int64_t oldest = CAB_TIME_UNKNOWN, newest = CAB_TIME_UNKNOWN;
    uint64_t size = 0;
    uint32_t docs = 0;
    int npos, help;
    cab_status st;

    st = cab_opts_parse(&stats_cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos != 0) {
        cab_cmd_error(&stats_cmd, "unexpected argument '%s'", argv[1]);
        return CAB_USAGE;
    }
    memset(&req, 0, sizeof req);
    for (size_t i = 0; i < cab_n_facet_fields && i < 16; i++) {
        facets[i].field = &cab_facet_fields[i];
        facets[i].top = a.top;
        req.n_facets++;
    }
    /* One more tag facet, with every value, for the tags-by-kind table. */
    facets[req.n_facets].field = cab_facet_field_find("tag");
    facets[req.n_facets].top = CAB_MAX_FACET_TOP;
    req.n_facets++;
    req.facets = facets;
    req.exact = 1;
    err[0] = '\0';
    st = cab_searcher_open(cab_db_path(a.db), &s, err);
    if (st == CAB_OK && xw_db_doccount(cab_searcher_db(s), &docs) != CAB_OK)
        st = CAB_DB_ERROR;
    if (st == CAB_OK && xw_db_size_on_disk(cab_searcher_db(s), &size) != CAB_OK)
        st = CAB_DB_ERROR;
    if (st == CAB_DB_ERROR)
        snprintf(err, CAB_ERR_SIZE, "%s", xw_db_errmsg(cab_searcher_db(s)));
    if (st == CAB_OK)
        st = date_end(s, CAB_SORT_OLDEST, &oldest, err);
    if (st == CAB_OK)
        st = date_end(s, CAB_SORT_NEWEST, &newest, err);
    if (st == CAB_OK)
        st = xw_query_match_all(&all);
    if (st == CAB_OK)
        st = cab_search_run_query(s, all, "", &req, &res, err);
    if (st != CAB_OK) {
        cab_cmd_error(&stats_cmd, "%s", err[0] ? err : cab_status_str(st));
        goto out;
    }
    if (strcmp(a.format, "json") == 0) {
        print_json(docs, oldest, newest, size, res);
    } else {
        printf("documents  %u\n", (unsigned)docs);
        printf("oldest     %s\n", oldest == CAB_TIME_UNKNOWN ? "-" : cab_time_iso(oldest, iso1));
        printf("newest     %s\n", newest == CAB_TIME_UNKNOWN ? "-" : cab_time_iso(newest, iso2));
        printf("size       %.1f MiB (%llu bytes)\n\n", (double)size / (1024.0 * 1024.0),
               (unsigned long long)size);
        st = cab_print_facets_text(stdout, res->facets, res->n_facets - 1, &po);
        if (st == CAB_OK)
            print_tag_kinds(&res->facets[res->n_facets - 1], a.top);
    }
    if (st == CAB_OK && fflush(stdout) != 0)
        st = CAB_IO;
    if (st != CAB_OK)
        cab_cmd_error(&stats_cmd, "cannot write the statistics: %s", cab_status_str(st));
out:
    xw_query_free(all);
    cab_results_free(res);
    cab_searcher_close(s);
    return st;
}
