/* Running searches: parse, search (reopening when a writer changed the
 * index under us), then fill cab_results from the hits' decoded records,
 * so printers never touch the database. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "facet_column.h"
#include "query.h"
#include "record.h"
#include "search.h"
#include "summary.h"

struct cab_searcher {
    xw_db *db;
    xw_stemmer *stem;
    char *path;            /* where the index was opened, to find its facet column */
    cab_fcol *col;         /* the facet column of the database as opened, if any */
    int col_looked;        /* looked for it since the last (re)open */
};

int cab_sort_parse(const char *name, enum cab_sort *out)
{
    static const char *const names[] = { "relevance", "newest", "oldest" };

    for (int i = 0; i < 3; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = (enum cab_sort)i;
            return 0;
        }
    return -1;
}

cab_status cab_searcher_open(const char *path, cab_searcher **out, char err[CAB_ERR_SIZE])
{
    cab_searcher *s;
    cab_status st;

    *out = NULL;
    s = cab_calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return CAB_NOMEM;
    }
    s->path = cab_strdup(path);
    if (!s->path) {
        cab_free(s);
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return CAB_NOMEM;
    }
    for (int attempt = 0;; attempt++) {
        st = xw_db_open(path, &s->db, err);
        if (st != CAB_DB_MODIFIED || attempt >= CAB_DB_RETRIES)
            break;
    }
    if (st == CAB_DB_NOT_FOUND)
        snprintf(err, CAB_ERR_SIZE, "no index at '%s' (create one with 'cables index')", path);
    if (st == CAB_OK) {
        st = xw_stemmer_new(&s->stem);
        if (st != CAB_OK)
            snprintf(err, CAB_ERR_SIZE, "cannot create the stemmer: %s", cab_status_str(st));
    }
    if (st != CAB_OK) {
        cab_searcher_close(s);
        return st;
    }
    *out = s;
    return CAB_OK;
}

void cab_searcher_close(cab_searcher *s)
{
    if (!s)
        return;
    xw_stemmer_free(s->stem);
    cab_fcol_close(s->col);
    xw_db_close(s->db);
    cab_free(s->path);
    cab_free(s);
}

xw_db *cab_searcher_db(cab_searcher *s)
{
    return s->db;
}

/* After CAB_DB_MODIFIED: move to the latest revision; 1 to try again. */
static int retry(cab_searcher *s, cab_status st, int *attempt)
{
    if (st != CAB_DB_MODIFIED || *attempt >= CAB_DB_RETRIES)
        return 0;
    (*attempt)++;
    cab_fcol_close(s->col);
    s->col = NULL;
    s->col_looked = 0;
    return xw_db_reopen(s->db) == CAB_OK;
}

/* The facet column of the database as opened, looked for once. */
static cab_fcol *facet_column(cab_searcher *s)
{
    if (!s->col_looked) {
        s->col_looked = 1;
        if (cab_fcol_open(s->path, s->db, &s->col) != CAB_OK)
            s->col = NULL;
    }
    return s->col;
}

/* Where each asked facet is in the column (cols[i]); 0 if one is not. */
static int column_has_facets(const cab_fcol *col, const struct cab_search_req *req, int *cols)
{
    for (size_t i = 0; col && i < req->n_facets; i++) {
        cols[i] = cab_fcol_find(col, req->facets[i].field->slot, req->facets[i].field->many,
                                CAB_VALUE_SEP);
        if (cols[i] < 0)
            return 0;
    }
    return col != NULL;
}

/* Facet fc counted from column k over the matches ids[0..n): only its top
 * values are copied out of the column. */
static cab_status facet_from_column(const cab_fcol *col, int k, const uint32_t *ids, size_t n,
                                    struct cab_facet *fc)
{
    uint32_t nv = cab_fcol_values(col, k);
    size_t top = fc->top < nv ? fc->top : nv, kept = 0, distinct = 0;
    uint32_t *counts = cab_calloc(nv ? nv : 1, sizeof *counts);
    uint32_t *best = cab_calloc(top ? top : 1, sizeof *best);
    cab_status st = counts && best ? CAB_OK : CAB_NOMEM;

    if (st == CAB_OK)
        st = cab_fcol_count(col, k, ids, n, counts);
    if (st == CAB_OK)
        kept = cab_fcol_top(col, k, counts, top, best, &distinct);
    for (size_t i = 0; i < kept && st == CAB_OK; i++) {
        size_t len;
        const char *value = cab_fcol_value(col, k, best[i], &len);

        st = cab_facet_add(fc, value, len, counts[best[i]]);
    }
    if (st == CAB_OK)
        st = cab_facet_finish_top(fc, distinct);
    cab_free(best);
    cab_free(counts);
    return st;
}

/* Facet fc as the search counted it: the n-th facet of 'xr'. */
static cab_status facet_from_results(const xw_results *xr, size_t f, struct cab_facet *fc)
{
    cab_status st = CAB_OK;

    for (size_t j = 0; j < xw_results_facet_size(xr, f) && st == CAB_OK; j++) {
        size_t len;
        uint32_t count;
        const char *v = xw_results_facet_value(xr, f, j, &len, &count);

        st = cab_facet_add(fc, v, len, count);
    }
    return st == CAB_OK ? cab_facet_finish(fc) : st;
}

static void hit_release(struct cab_hit *h)
{
    cab_free(h->id);
    cab_free(h->origin);
    cab_free(h->classification);
    cab_free(h->subject);
    for (size_t i = 0; i < h->n_tags; i++)
        cab_free(h->tags[i]);
    cab_free(h->tags);
    cab_snippet_release(&h->snippet);
    cable_free(h->cable);
}

void cab_results_free(struct cab_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n_hits; i++)
        hit_release(&res->hits[i]);
    cab_free(res->hits);
    for (size_t i = 0; i < res->n_facets; i++)
        cab_facet_release(&res->facets[i]);
    cab_free(res->facets);
    cab_free(res->query);
    cab_free(res->suggestion);
    cab_free(res);
}

static char *dup_or_empty(const char *s)
{
    return cab_strdup(s ? s : "");
}

/* The fields a hit shows, from its summary slot. */
static cab_status fill_from_summary(const struct cab_summary *sm, struct cab_hit *h)
{
    const char *t = sm->tags;

    h->created = sm->created;
    h->id = cab_strdup(sm->id);
    h->origin = cab_strdup(sm->origin);
    h->classification = cab_strdup(sm->classification);
    h->subject = cab_strdup(sm->subject);
    if (!h->id || !h->origin || !h->classification || !h->subject)
        return CAB_NOMEM;
    if (sm->n_tags == 0)
        return CAB_OK;
    h->tags = cab_calloc(sm->n_tags, sizeof *h->tags);
    if (!h->tags)
        return CAB_NOMEM;
    for (; h->n_tags < sm->n_tags; h->n_tags++, t += strlen(t) + 1) {
        h->tags[h->n_tags] = cab_strdup(t);
        if (!h->tags[h->n_tags])
            return CAB_NOMEM;
    }
    return CAB_OK;
}

/* The same fields from the decoded record. */
static cab_status fill_from_cable(const struct cable *c, struct cab_hit *h)
{
    h->created = c->created;
    h->id = dup_or_empty(c->id);
    h->origin = dup_or_empty(c->origin);
    h->classification = dup_or_empty(c->classification);
    h->subject = dup_or_empty(c->subject);
    if (!h->id || !h->origin || !h->classification || !h->subject)
        return CAB_NOMEM;
    if (c->n_tags == 0)
        return CAB_OK;
    h->tags = cab_calloc(c->n_tags, sizeof *h->tags);
    if (!h->tags)
        return CAB_NOMEM;
    for (; h->n_tags < c->n_tags; h->n_tags++) {
        h->tags[h->n_tags] = cab_strdup(c->tags[h->n_tags].value);
        if (!h->tags[h->n_tags])
            return CAB_NOMEM;
    }
    return CAB_OK;
}

/* A hit from its summary when it has one; the record (a zlib inflate of
 * the whole cable) is decoded only for a snippet, the whole cable, or a
 * hit indexed before summaries existed. */
static cab_status fill_hit(cab_searcher *s, const xw_results *xr, uint32_t i,
                           const struct cab_search_req *req,
                           const struct cab_snippet_terms *terms, struct cab_hit *h,
                           char err[CAB_ERR_SIZE])
{
    struct cab_summary sm;
    struct cable *c = NULL;
    size_t len;
    const char *v = xw_results_value(xr, i, CAB_SLOT_SUMMARY, &len);
    int summary = len > 0 && cab_summary_parse(v, len, &sm) == CAB_OK;
    cab_status st = CAB_OK;

    h->docid = xw_results_docid(xr, i);
    h->score = xw_results_weight(xr, i);
    if (!summary || req->snippets || req->cables) {
        const char *data = xw_results_data(xr, i, &len);

        st = xw_results_has_data(xr, i) ? cab_record_decode(data, len, &c) : CAB_INTERNAL;
        if (st != CAB_OK) {
            snprintf(err, CAB_ERR_SIZE, "damaged record in document %u: %s",
                     (unsigned)h->docid, cab_status_str(st));
            return st;
        }
    }
    st = summary ? fill_from_summary(&sm, h) : fill_from_cable(c, h);
    if (st == CAB_OK && req->snippets) {
        const char *text = c->text && *c->text ? c->text : (c->body ? c->body : "");

        st = cab_snippet_make(text, strlen(text), terms, s->stem, &h->snippet);
    }
    if (st == CAB_OK && req->cables) {
        h->cable = c;
        c = NULL;
    }
    cable_free(c);
    if (st != CAB_OK && !*err)
        snprintf(err, CAB_ERR_SIZE, "%s", cab_status_str(st));
    return st;
}

static cab_status check_req(const struct cab_search_req *req, char err[CAB_ERR_SIZE])
{
    if (req->count > CAB_MAX_HITS) {
        snprintf(err, CAB_ERR_SIZE, "too many hits asked for: %u (at most %u)",
                 (unsigned)req->count, (unsigned)CAB_MAX_HITS);
        return CAB_USAGE;
    }
    if (req->offset > CAB_MAX_OFFSET) {
        snprintf(err, CAB_ERR_SIZE, "offset too large: %u (at most %u)", (unsigned)req->offset,
                 (unsigned)CAB_MAX_OFFSET);
        return CAB_USAGE;
    }
    if (req->n_facets > CAB_SLOT_COUNT * 4) {
        snprintf(err, CAB_ERR_SIZE, "too many facets asked for");
        return CAB_USAGE;
    }
    return CAB_OK;
}

/* The facets of 'req' into res->facets: counted from the column 'col'
 * over the matches 'xr' lists, or as 'xr' counted them.  CAB_DB_CORRUPT
 * (with res->facets empty again) when the column contradicts itself. */
static cab_status fill_facets(const struct cab_search_req *req, const xw_results *xr,
                              const cab_fcol *col, const int *cols, struct cab_results *res,
                              char err[CAB_ERR_SIZE])
{
    const uint32_t *ids = NULL;
    size_t n = 0;
    cab_status st = CAB_OK;

    if (req->n_facets == 0)
        return CAB_OK;
    if (col && !xw_results_matches(xr, &ids, &n)) {
        snprintf(err, CAB_ERR_SIZE, "the search did not list its matches");
        return CAB_INTERNAL;
    }
    if (!res->facets)
        res->facets = cab_calloc(req->n_facets, sizeof *res->facets);
    if (!res->facets) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return CAB_NOMEM;
    }
    for (size_t f = 0; f < req->n_facets && st == CAB_OK; f++) {
        struct cab_facet *fc = &res->facets[res->n_facets++];

        cab_facet_init(fc, req->facets[f].field, req->facets[f].top);
        st = col ? facet_from_column(col, cols[f], ids, n, fc) : facet_from_results(xr, f, fc);
        if (st != CAB_OK && st != CAB_DB_CORRUPT)
            snprintf(err, CAB_ERR_SIZE, "cannot count facet '%s': %s", fc->field->name,
                     cab_status_str(st));
    }
    if (st == CAB_DB_CORRUPT) {
        for (size_t f = 0; f < res->n_facets; f++)
            cab_facet_release(&res->facets[f]);
        res->n_facets = 0;
    }
    return st;
}

static cab_status run(cab_searcher *s, const xw_query *q, const char *label,
                      const struct cab_search_req *req, int exact,
                      struct cab_results **out, char err[CAB_ERR_SIZE])
{
    struct xw_search_opts opts;
    unsigned slots[CAB_SLOT_COUNT * 4];
    unsigned char split[CAB_SLOT_COUNT * 4];
    struct cab_snippet_terms terms = { 0 };
    struct cab_results *res;
    xw_results *xr = NULL;
    int cols[CAB_SLOT_COUNT * 4];
    int by_column = 0;
    cab_status st;
    int attempt = 0;

    st = check_req(req, err);
    if (st != CAB_OK)
        return st;
    memset(&opts, 0, sizeof opts);
    opts.offset = req->offset;
    opts.count = req->count;
    opts.sort = req->sort == CAB_SORT_NEWEST   ? XW_SORT_VALUE_DESC
                : req->sort == CAB_SORT_OLDEST ? XW_SORT_VALUE_ASC
                                               : XW_SORT_RELEVANCE;
    opts.sort_slot = CAB_SLOT_CREATED;
    /* a hit reads its summary; the record only when it needs the text */
    opts.value_slots = UINT64_C(1) << CAB_SLOT_SUMMARY;
    opts.data = req->snippets || req->cables ? XW_DATA_ALL : XW_DATA_UNLESS_VALUE;
    opts.data_slot = CAB_SLOT_SUMMARY;
    /* an estimate is enough for ranked pages; facets need every match */
    opts.check_at_least = exact || req->n_facets > 0 ? UINT32_MAX
                                                     : req->offset + req->count + 100;
    for (size_t i = 0; i < req->n_facets; i++) {
        slots[i] = req->facets[i].field->slot;
        split[i] = req->facets[i].field->many ? 1 : 0;
    }
    opts.facet_slots = slots;
    opts.n_facet_slots = req->n_facets;
    /* parts counted during the match: far fewer than the combinations */
    opts.facet_split = split;
    opts.facet_sep = CAB_VALUE_SEP;

    res = cab_calloc(1, sizeof *res);
    if (!res)
        goto out_nomem;
    res->query = cab_strdup(label ? label : "");
    if (!res->query)
        goto out_nomem;
    res->offset = req->offset;
    do {
        err[0] = '\0';
        by_column = req->n_facets > 0 && column_has_facets(facet_column(s), req, cols);
        opts.n_facet_slots = by_column ? 0 : req->n_facets;
        opts.list_matches = by_column;
        st = xw_search(s->db, q, &opts, &xr, err);
    } while (st != CAB_OK && retry(s, st, &attempt));
    if (st != CAB_OK)
        goto out_fail;
    res->total = xw_results_total(xr);
    res->total_exact = xw_results_total_exact(xr);

    if (req->snippets) {
        st = cab_snippet_terms_from_query(q, &terms);
        if (st != CAB_OK)
            goto out_fail;
    }
    res->n_hits = 0;
    if (xw_results_size(xr) > 0) {
        res->hits = cab_calloc(xw_results_size(xr), sizeof *res->hits);
        if (!res->hits)
            goto out_nomem;
    }
    err[0] = '\0';
    for (uint32_t i = 0; i < xw_results_size(xr); i++) {
        struct cab_hit *h = &res->hits[res->n_hits++];

        h->rank = req->offset + i + 1;
        st = fill_hit(s, xr, i, req, &terms, h, err);
        if (st != CAB_OK)
            goto out_fail;
    }

    st = fill_facets(req, xr, by_column ? s->col : NULL, cols, res, err);
    if (st == CAB_DB_CORRUPT && by_column) {
        /* a damaged column is only a cache: count through Xapian instead */
        cab_fcol_close(s->col);
        s->col = NULL;
        xw_results_free(xr);
        xr = NULL;
        opts.n_facet_slots = req->n_facets;
        opts.list_matches = 0;
        opts.count = 0;
        st = xw_search(s->db, q, &opts, &xr, err);
        if (st == CAB_OK)
            st = fill_facets(req, xr, NULL, cols, res, err);
    }
    if (st != CAB_OK)
        goto out_fail;
    cab_snippet_terms_release(&terms);
    xw_results_free(xr);
    *out = res;
    return CAB_OK;

out_nomem:
    st = CAB_NOMEM;
    snprintf(err, CAB_ERR_SIZE, "out of memory");
out_fail:
    cab_snippet_terms_release(&terms);
    xw_results_free(xr);
    cab_results_free(res);
    return st;
}

cab_status cab_search_run_query(cab_searcher *s, const xw_query *q, const char *label,
                                const struct cab_search_req *req, struct cab_results **out,
                                char err[CAB_ERR_SIZE])
{
    *out = NULL;
    err[0] = '\0';
    return run(s, q, label, req, req->exact, out, err);
}

cab_status cab_search_run(cab_searcher *s, const struct cab_search_req *req,
                          struct cab_results **out, char err[CAB_ERR_SIZE])
{
    struct cab_parsed parsed;
    cab_status st;

    *out = NULL;
    err[0] = '\0';
    memset(&parsed, 0, sizeof parsed);
    st = cab_query_parse(req->query, s->stem, &parsed, err);
    if (st != CAB_OK) {
        if (!err[0])
            snprintf(err, CAB_ERR_SIZE, "%s", cab_status_str(st));
        return st;
    }
    st = run(s, parsed.query, req->query, req, req->exact || parsed.boolean_only, out, err);
    cab_parsed_release(&parsed);
    if (st == CAB_OK && (*out)->total == 0) {
        /* a failed suggestion only loses the hint */
        if (cab_search_suggest(s, req->query, &(*out)->suggestion) != CAB_OK)
            (*out)->suggestion = NULL;
    }
    return st;
}

/* "Q" + the ID in upper case, into 'term' (CAB_MAX_ID + 2 bytes); -1 if too long. */
static int id_term(const char *prefix, const char *id, char *term, size_t cap)
{
    size_t p = strlen(prefix), n = strlen(id);

    if (n == 0 || p + n + 1 > cap)
        return -1;
    memcpy(term, prefix, p);
    for (size_t i = 0; i < n; i++)
        term[p + i] = (char)toupper((unsigned char)id[i]);
    term[p + n] = '\0';
    return 0;
}

static cab_status find_docid(cab_searcher *s, const char *id, uint32_t *docid,
                             char err[CAB_ERR_SIZE])
{
    char term[CAB_MAX_ID + 8];
    int attempt = 0;
    cab_status st;

    *docid = 0;
    if (id_term(CAB_P_ID, id, term, sizeof term) != 0) {
        snprintf(err, CAB_ERR_SIZE, "bad reference ID '%.80s'", id);
        return CAB_USAGE;
    }
    do {
        st = xw_db_find(s->db, term, docid);
    } while (st != CAB_OK && retry(s, st, &attempt));
    if (st == CAB_NOT_FOUND)
        snprintf(err, CAB_ERR_SIZE, "no cable '%s' in the index", id);
    else if (st != CAB_OK)
        snprintf(err, CAB_ERR_SIZE, "%s", xw_db_errmsg(s->db));
    return st;
}

int cab_search_has_id(cab_searcher *s, const char *id)
{
    char err[CAB_ERR_SIZE];
    uint32_t docid;
    cab_status st = find_docid(s, id, &docid, err);

    return st == CAB_OK ? 1 : st == CAB_NOT_FOUND || st == CAB_USAGE ? 0 : -1;
}

cab_status cab_search_get_cable(cab_searcher *s, const char *id, struct cable **out,
                                uint32_t *docid, char err[CAB_ERR_SIZE])
{
    uint32_t did;
    xw_doc *doc = NULL;
    const char *data;
    size_t len;
    int attempt = 0;
    cab_status st;

    *out = NULL;
    st = find_docid(s, id, &did, err);
    if (st != CAB_OK)
        return st;
    do {
        st = xw_db_get_doc(s->db, did, &doc);
    } while (st != CAB_OK && retry(s, st, &attempt));
    if (st != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "cannot read cable '%s': %s", id, xw_db_errmsg(s->db));
        return st;
    }
    data = xw_doc_data(doc, &len);
    st = cab_record_decode(data, len, out);
    if (st != CAB_OK)
        snprintf(err, CAB_ERR_SIZE, "damaged record for cable '%s'", id);
    xw_doc_free(doc);
    if (st == CAB_OK && docid)
        *docid = did;
    return st;
}

/* Similar cables share the text's most telling stems.  A stem found in
 * more than a twentieth of the cables tells little and is the dearest to
 * match (a long posting list); small indexes keep all of theirs. */
#define SIMILAR_TERMS 20
#define SIMILAR_COMMON_SHARE 20
#define SIMILAR_COMMON_FLOOR 1000

cab_status cab_search_similar(cab_searcher *s, const char *id, const struct cab_search_req *req,
                              struct cab_results **out, char err[CAB_ERR_SIZE])
{
    char term[CAB_MAX_ID + 8];
    uint32_t docid;
    xw_query *like = NULL, *self = NULL, *q = NULL, *parts[2];
    int attempt = 0;
    cab_status st;

    *out = NULL;
    err[0] = '\0';
    st = find_docid(s, id, &docid, err);
    if (st != CAB_OK)
        return st;
    do {
        uint32_t docs = 0, common;

        st = xw_db_doccount(s->db, &docs);
        common = docs / SIMILAR_COMMON_SHARE;
        if (common < SIMILAR_COMMON_FLOOR)
            common = SIMILAR_COMMON_FLOOR;
        if (st == CAB_OK)
            st = xw_similar_query(s->db, &docid, 1, SIMILAR_TERMS, CAB_P_STEM, common, &like,
                                  err);
        else
            snprintf(err, CAB_ERR_SIZE, "%s", xw_db_errmsg(s->db));
    } while (st != CAB_OK && retry(s, st, &attempt));
    if (st != CAB_OK)
        return st;
    id_term(CAB_P_ID, id, term, sizeof term);
    st = xw_query_term(term, 1, &self);
    if (st == CAB_OK) {
        parts[0] = like;
        parts[1] = self;
        st = xw_query_combine(XW_OP_AND_NOT, parts, 2, 0, &q);
    }
    if (st == CAB_OK)
        st = run(s, q, id, req, req->exact, out, err);
    else
        snprintf(err, CAB_ERR_SIZE, "out of memory");
    xw_query_free(q);
    xw_query_free(self);
    xw_query_free(like);
    return st;
}

cab_status cab_search_citing(cab_searcher *s, const char *id, const struct cab_search_req *req,
                             struct cab_results **out, char err[CAB_ERR_SIZE])
{
    char term[CAB_MAX_ID + 8];
    xw_query *q = NULL;
    cab_status st;

    *out = NULL;
    err[0] = '\0';
    if (id_term(CAB_P_REF, id, term, sizeof term) != 0) {
        snprintf(err, CAB_ERR_SIZE, "bad reference ID '%.80s'", id);
        return CAB_USAGE;
    }
    st = xw_query_term(term, 1, &q);
    if (st != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return st;
    }
    st = run(s, q, id, req, 1, out, err);
    xw_query_free(q);
    return st;
}
