/* Tests of the Xapian wrapper, compiled as C to prove xw.h is plain C.
 *
 * Every test runs in its own fresh directory under /tmp, removed afterwards.
 * The small corpus below is counted by hand; the facet and total checks
 * compare against those counts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../indexer/tree.h"
#include "cab_mem.h"
#include "xw.h"

#define PATH_CAP 512

#define SLOT_DATE 0
#define SLOT_ORIGIN 1

struct fixture {
    char dir[PATH_CAP]; /* fresh directory of this test */
    int mounted;        /* a tmpfs is mounted at dir/full */
};

struct cable_row {
    const char *text;
    const char *origin;
    const char *date;
};

/* Documents 1..8.  "fox": 1 3 4 7; origins: ankara 3, paris 2, astana 2, berlin 1. */
static const struct cable_row corpus[] = {
    { "the quick brown fox jumps", "ankara", "2001-01-01" },
    { "the lazy dog sleeps", "paris", "2002-01-01" },
    { "quick thinking fox", "ankara", "2003-01-01" },
    { "brown dog and brown fox", "paris", "2004-01-01" },
    { "human trafficking report", "astana", "2005-01-01" },
    { "trafficking in persons report", "astana", "2006-01-01" },
    { "the fox is quick", "ankara", "2007-01-01" },
    { "slow brown cow", "berlin", "2008-01-01" },
};
#define CORPUS_SIZE (sizeof corpus / sizeof corpus[0])

/* ------------------------------------------------------------- helpers */

/* out = a "/" b; the paths of these tests always fit. */
static void join(char *out, size_t cap, const char *a, const char *b)
{
    int n = snprintf(out, cap, "%s/%s", a, b);

    if (n < 0 || (size_t)n >= cap)
        abort();
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);

    if (!fx)
        return -1;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_xw.XXXXXX");
    if (!mkdtemp(fx->dir)) {
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[PATH_CAP + 64];

    if (fx->mounted) {
        snprintf(cmd, sizeof cmd, "umount '%s/full' 2>/dev/null", fx->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not unmount '%s/full'\n", fx->dir);
    }
    cab_tree_remove(fx->dir);
    free(fx);
    return 0;
}

static void path_in(char out[PATH_CAP], const struct fixture *fx, const char *name)
{
    join(out, PATH_CAP, fx->dir, name);
}

static xw_doc *make_doc(size_t i)
{
    const struct cable_row *row = &corpus[i];
    char word[64], term[80];
    const char *p = row->text;
    uint32_t pos = 0;
    xw_doc *doc;

    assert_int_equal(xw_doc_new(&doc), CAB_OK);
    while (*p) {
        size_t n = strcspn(p, " ");

        assert_true(n < sizeof word);
        memcpy(word, p, n);
        word[n] = '\0';
        assert_int_equal(xw_doc_add_posting(doc, word, ++pos, 1), CAB_OK);
        p += n;
        p += strspn(p, " ");
    }
    snprintf(term, sizeof term, "Q%zu", i + 1);
    assert_int_equal(xw_doc_add_boolean_term(doc, term), CAB_OK);
    snprintf(term, sizeof term, "XO%s", row->origin);
    assert_int_equal(xw_doc_add_boolean_term(doc, term), CAB_OK);
    assert_int_equal(xw_doc_set_value(doc, SLOT_DATE, row->date, strlen(row->date)), CAB_OK);
    assert_int_equal(xw_doc_set_value(doc, SLOT_ORIGIN, row->origin, strlen(row->origin)),
                     CAB_OK);
    snprintf(term, sizeof term, "cable %zu", i + 1);
    assert_int_equal(xw_doc_set_data(doc, term, strlen(term)), CAB_OK);
    return doc;
}

static void add_spellings(xw_db *db, const char *text)
{
    char word[64];

    while (*text) {
        size_t n = strcspn(text, " ");

        memcpy(word, text, n);
        word[n] = '\0';
        assert_int_equal(xw_db_add_spelling(db, word, 1), CAB_OK);
        text += n;
        text += strspn(text, " ");
    }
}

/* Index corpus rows [from, to) into a new database at 'path'. */
static void build_range(const char *path, size_t from, size_t to)
{
    char err[XW_ERR_SIZE];
    xw_db *db;

    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OVERWRITE, &db, err), CAB_OK);
    for (size_t i = from; i < to; i++) {
        char idterm[32];
        xw_doc *doc = make_doc(i);

        snprintf(idterm, sizeof idterm, "Q%zu", i + 1);
        assert_int_equal(xw_db_replace(db, idterm, doc), CAB_OK);
        add_spellings(db, corpus[i].text);
        xw_doc_free(doc);
    }
    assert_int_equal(xw_db_commit(db), CAB_OK);
    xw_db_close(db);
}

static xw_db *open_corpus(const struct fixture *fx)
{
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *db;

    path_in(path, fx, "db");
    build_range(path, 0, CORPUS_SIZE);
    assert_int_equal(xw_db_open(path, &db, err), CAB_OK);
    assert_non_null(db);
    return db;
}

static xw_query *term_q(const char *term)
{
    xw_query *q;

    assert_int_equal(xw_query_term(term, 1, &q), CAB_OK);
    return q;
}

static xw_query *combine2(enum xw_op op, const char *a, const char *b, unsigned window)
{
    xw_query *subs[2] = { term_q(a), term_q(b) };
    xw_query *q;

    assert_int_equal(xw_query_combine(op, subs, 2, window, &q), CAB_OK);
    xw_query_free(subs[0]);
    xw_query_free(subs[1]);
    return q;
}

static struct xw_search_opts opts_top(uint32_t count)
{
    struct xw_search_opts o;

    memset(&o, 0, sizeof o);
    o.count = count;
    o.check_at_least = UINT32_MAX;
    return o;
}

static xw_results *run(xw_db *db, xw_query *q, const struct xw_search_opts *o)
{
    char err[XW_ERR_SIZE];
    xw_results *res;
    cab_status st = xw_search(db, q, o, &res, err);

    if (st != CAB_OK)
        fail_msg("search failed: %s", err);
    return res;
}

/* Document numbers of the hits, as "1 3 4" (in hit order). */
static void hit_list(const xw_results *res, char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (uint32_t i = 0; i < xw_results_size(res) && used < cap; i++)
        used += (size_t)snprintf(out + used, cap - used, "%s%u", i ? " " : "",
                                 (unsigned)xw_results_docid(res, i));
}

/* Search 'q' (freed here) for all hits in docid order and compare. */
static void expect_hits(xw_db *db, xw_query *q, const char *want)
{
    struct xw_search_opts o = opts_top(100);
    xw_results *res;
    char got[256];

    /* Sorting by date is sorting by docid in this corpus. */
    o.sort = XW_SORT_VALUE_ASC;
    o.sort_slot = SLOT_DATE;
    res = run(db, q, &o);
    hit_list(res, got, sizeof got);
    assert_string_equal(got, want);
    xw_results_free(res);
    xw_query_free(q);
}

static uint32_t facet_count(const xw_results *res, size_t facet, const char *value)
{
    for (size_t j = 0; j < xw_results_facet_size(res, facet); j++) {
        size_t len;
        uint32_t count;
        const char *v = xw_results_facet_value(res, facet, j, &len, &count);

        if (len == strlen(value) && memcmp(v, value, len) == 0)
            return count;
    }
    return 0;
}

struct collected {
    char text[512]; /* names seen, space-separated */
    uint32_t freqs; /* sum of the frequencies */
    int calls;
    int stop_after; /* stop when calls reaches it (0: never) */
};

static int collect_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
    struct collected *c = ctx;
    size_t used = strlen(c->text);

    snprintf(c->text + used, sizeof c->text - used, "%s%.*s", used ? " " : "", (int)len, term);
    c->freqs += freq;
    c->calls++;
    return c->stop_after && c->calls >= c->stop_after;
}

static int collect_docid(uint32_t docid, void *ctx)
{
    struct collected *c = ctx;
    size_t used = strlen(c->text);

    snprintf(c->text + used, sizeof c->text - used, "%s%u", used ? " " : "", (unsigned)docid);
    c->calls++;
    return c->stop_after && c->calls >= c->stop_after;
}

/* Total size of the regular files directly in 'dir'. */
static uint64_t files_size(const char *dir)
{
    uint64_t total = 0;
    DIR *d = opendir(dir);
    struct dirent *de;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        char p[PATH_CAP];
        struct stat st;

        join(p, sizeof p, dir, de->d_name);
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            total += (uint64_t)st.st_size;
    }
    closedir(d);
    return total;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static uint32_t doccount(xw_db *db)
{
    uint32_t n;

    assert_int_equal(xw_db_doccount(db, &n), CAB_OK);
    return n;
}

/* ------------------------------------------------------------- writing */

static void test_write_replace_delete(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *db;
    xw_doc *doc;
    uint32_t docid, n;
    size_t len;
    const char *s;

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_OPEN, &db, err), CAB_DB_NOT_FOUND);
    assert_null(db);
    assert_true(strlen(err) > 0);
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OPEN, &db, err), CAB_OK);
    for (size_t i = 0; i < 3; i++) {
        char idterm[16];

        doc = make_doc(i);
        snprintf(idterm, sizeof idterm, "Q%zu", i + 1);
        assert_int_equal(xw_db_replace(db, idterm, doc), CAB_OK);
        xw_doc_free(doc);
    }
    assert_int_equal(xw_db_commit(db), CAB_OK);
    assert_int_equal(doccount(db), 3);

    /* Replacing by the ID term keeps the document number, changes the rest
     * (row 8 carries its own ID term Q8). */
    doc = make_doc(7);
    assert_int_equal(xw_doc_set_data(doc, "new two", 7), CAB_OK);
    assert_int_equal(xw_db_replace(db, "Q2", doc), CAB_OK);
    xw_doc_free(doc);
    assert_int_equal(xw_db_commit(db), CAB_OK);
    assert_int_equal(doccount(db), 3);
    assert_int_equal(xw_db_find(db, "Q2", &docid), CAB_NOT_FOUND);
    assert_int_equal(xw_db_find(db, "Q8", &docid), CAB_OK);
    assert_int_equal(docid, 2);
    assert_int_equal(xw_db_get_doc(db, docid, &doc), CAB_OK);
    s = xw_doc_data(doc, &len);
    assert_int_equal(len, 7);
    assert_memory_equal(s, "new two", 7);
    s = xw_doc_value(doc, SLOT_ORIGIN, &len);
    assert_int_equal(len, strlen("berlin"));
    assert_memory_equal(s, "berlin", len);
    s = xw_doc_value(doc, 42, &len);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    xw_doc_free(doc);
    assert_int_equal(xw_db_termfreq(db, "cow", &n), CAB_OK);
    assert_int_equal(n, 1);
    assert_int_equal(xw_db_termfreq(db, "lazy", &n), CAB_OK);
    assert_int_equal(n, 0);

    /* Deleting by ID term, and deleting what is not there. */
    assert_int_equal(xw_db_delete(db, "Q1"), CAB_OK);
    assert_int_equal(xw_db_delete(db, "Q99"), CAB_OK);
    assert_int_equal(xw_db_commit(db), CAB_OK);
    assert_int_equal(doccount(db), 2);
    assert_int_equal(xw_db_find(db, "Q1", &docid), CAB_NOT_FOUND);
    assert_true(strlen(xw_db_errmsg(db)) > 0);
    assert_int_equal(xw_db_get_doc(db, 1, &doc), CAB_NOT_FOUND);
    assert_null(doc);
    assert_int_equal(xw_db_get_doc(db, 0, &doc), CAB_NOT_FOUND);
    xw_db_close(db);
}

static void test_transactions(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *w, *r;
    xw_doc *doc;

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    assert_int_equal(xw_db_commit(w), CAB_OK);
    assert_int_equal(xw_db_open(path, &r, err), CAB_OK);

    assert_int_equal(xw_db_begin(w), CAB_OK);
    doc = make_doc(0);
    assert_int_equal(xw_db_replace(w, "Q1", doc), CAB_OK);
    xw_doc_free(doc);
    assert_int_equal(xw_db_commit_transaction(w), CAB_OK);
    assert_int_equal(xw_db_reopen(r), CAB_OK);
    assert_int_equal(doccount(r), 1);

    assert_int_equal(xw_db_begin(w), CAB_OK);
    for (size_t i = 1; i < 4; i++) {
        char idterm[16];

        doc = make_doc(i);
        snprintf(idterm, sizeof idterm, "Q%zu", i + 1);
        assert_int_equal(xw_db_replace(w, idterm, doc), CAB_OK);
        xw_doc_free(doc);
    }
    assert_int_equal(xw_db_delete(w, "Q1"), CAB_OK);
    assert_int_equal(xw_db_cancel_transaction(w), CAB_OK);
    assert_int_equal(doccount(w), 1);
    assert_int_equal(xw_db_reopen(r), CAB_OK);
    assert_int_equal(doccount(r), 1);

    /* Cancelling with no transaction open is Xapian's usage error. */
    assert_int_equal(xw_db_cancel_transaction(w), CAB_DB_ERROR);
    assert_true(strlen(xw_db_errmsg(w)) > 0);
    /* A reader refuses writes without asking Xapian. */
    assert_int_equal(xw_db_commit(r), CAB_INTERNAL);
    assert_true(strlen(xw_db_errmsg(r)) > 0);
    xw_db_close(r);
    xw_db_close(w);
}

/* Closing commits changes outside a transaction and drops an open one. */
static void test_close_commits(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *w, *r;
    xw_doc *doc;

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    doc = make_doc(0);
    assert_int_equal(xw_db_replace(w, "Q1", doc), CAB_OK);
    xw_doc_free(doc);
    xw_db_close(w);

    assert_int_equal(xw_db_open_writable(path, XW_OPEN, &w, err), CAB_OK);
    assert_int_equal(xw_db_begin(w), CAB_OK);
    doc = make_doc(1);
    assert_int_equal(xw_db_replace(w, "Q2", doc), CAB_OK);
    xw_doc_free(doc);
    xw_db_close(w);

    assert_int_equal(xw_db_open(path, &r, err), CAB_OK);
    assert_int_equal(doccount(r), 1);
    xw_db_close(r);
}

/* ------------------------------------------------------------- searching */

static void test_ranked_term(void **state)
{
    xw_db *db = open_corpus(*state);
    struct xw_search_opts o = opts_top(10);
    xw_query *q = term_q("fox");
    xw_results *res = run(db, q, &o);
    size_t len;
    const char *data;

    assert_int_equal(xw_results_size(res), 4);
    assert_int_equal(xw_results_total(res), 4);
    assert_int_equal(xw_results_total_exact(res), 1);
    for (uint32_t i = 0; i < 4; i++) {
        uint32_t id = xw_results_docid(res, i);

        assert_true(id == 1 || id == 3 || id == 4 || id == 7);
        assert_true(xw_results_weight(res, i) > 0);
        if (i > 0)
            assert_true(xw_results_weight(res, i) <= xw_results_weight(res, i - 1));
        data = xw_results_data(res, i, &len);
        assert_int_equal(len, strlen("cable 1"));
        assert_int_equal(data[6] - '0', (int)id);
        data = xw_results_value(res, i, SLOT_DATE, &len);
        assert_int_equal(len, 10);
        assert_int_equal(data[3] - '0', (int)id);
    }
    /* Out of range asks get empty answers, not crashes. */
    assert_string_equal(xw_results_data(res, 99, &len), "");
    assert_int_equal(len, 0);
    xw_results_free(res);

    /* BM25 parameters change the weights but not the matches. */
    o.bm25_k1 = 2.0;
    o.bm25_b = 1.0;
    res = run(db, q, &o);
    assert_int_equal(xw_results_total(res), 4);
    xw_results_free(res);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_operators(void **state)
{
    xw_db *db = open_corpus(*state);
    xw_query *subs[3], *q;
    char *desc;

    expect_hits(db, combine2(XW_OP_AND, "fox", "quick", 0), "1 3 7");
    expect_hits(db, combine2(XW_OP_OR, "dog", "cow", 0), "2 4 8");
    expect_hits(db, combine2(XW_OP_AND_NOT, "fox", "quick", 0), "4");
    expect_hits(db, combine2(XW_OP_FILTER, "brown", "XOparis", 0), "4");
    expect_hits(db, combine2(XW_OP_AND_MAYBE, "report", "human", 0), "5 6");
    expect_hits(db, combine2(XW_OP_PHRASE, "brown", "fox", 0), "1 4");
    expect_hits(db, combine2(XW_OP_PHRASE, "fox", "brown", 0), "");
    expect_hits(db, combine2(XW_OP_PHRASE, "quick", "fox", 0), "");
    expect_hits(db, combine2(XW_OP_NEAR, "quick", "fox", 3), "1 3 7");
    expect_hits(db, combine2(XW_OP_SYNONYM, "dog", "cow", 0), "2 4 8");

    /* AND_NOT with several: first and none of the rest. */
    subs[0] = term_q("fox");
    subs[1] = term_q("quick");
    subs[2] = term_q("dog");
    assert_int_equal(xw_query_combine(XW_OP_AND_NOT, subs, 3, 0, &q), CAB_OK);
    for (int i = 0; i < 3; i++)
        xw_query_free(subs[i]);
    expect_hits(db, q, "");

    assert_int_equal(xw_query_match_all(&q), CAB_OK);
    expect_hits(db, q, "1 2 3 4 5 6 7 8");
    assert_int_equal(xw_query_match_nothing(&q), CAB_OK);
    expect_hits(db, q, "");

    q = term_q("fox");
    desc = xw_query_describe(q);
    assert_non_null(desc);
    assert_non_null(strstr(desc, "fox"));
    free(desc);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_scale_weight(void **state)
{
    xw_db *db = open_corpus(*state);
    struct xw_search_opts o = opts_top(10);
    xw_query *q = term_q("fox"), *scaled;
    xw_results *res;

    assert_int_equal(xw_query_scale(q, 0.0, &scaled), CAB_OK);
    res = run(db, scaled, &o);
    assert_int_equal(xw_results_size(res), 4);
    for (uint32_t i = 0; i < 4; i++)
        assert_true(xw_results_weight(res, i) == 0.0);
    xw_results_free(res);
    xw_query_free(scaled);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_wildcard(void **state)
{
    xw_db *db = open_corpus(*state);
    struct xw_search_opts o = opts_top(10);
    char err[XW_ERR_SIZE];
    xw_query *q;
    xw_results *res;

    assert_int_equal(xw_query_wildcard("traf", 10, &q), CAB_OK);
    expect_hits(db, q, "5 6");
    assert_int_equal(xw_query_wildcard("s", 2, &q), CAB_OK);
    expect_hits(db, q, "2 8");

    /* "s" expands to sleeps and slow: more than one term is too many. */
    assert_int_equal(xw_query_wildcard("s", 1, &q), CAB_OK);
    assert_int_equal(xw_search(db, q, &o, &res, err), CAB_TOO_LARGE);
    assert_null(res);
    assert_true(strlen(err) > 0);
    assert_true(strlen(xw_db_errmsg(db)) > 0);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_value_range(void **state)
{
    xw_db *db = open_corpus(*state);
    xw_query *q;

    assert_int_equal(xw_query_value_range(SLOT_DATE, "2003", "2005-12-31", &q), CAB_OK);
    expect_hits(db, q, "3 4 5");
    assert_int_equal(xw_query_value_range(SLOT_DATE, NULL, "2002-12-31", &q), CAB_OK);
    expect_hits(db, q, "1 2");
    assert_int_equal(xw_query_value_range(SLOT_DATE, "2007", NULL, &q), CAB_OK);
    expect_hits(db, q, "7 8");
    assert_int_equal(xw_query_value_range(SLOT_DATE, NULL, NULL, &q), CAB_OK);
    expect_hits(db, q, "1 2 3 4 5 6 7 8");
    assert_int_equal(xw_query_value_range(SLOT_DATE, "2009", NULL, &q), CAB_OK);
    expect_hits(db, q, "");
    xw_db_close(db);
}

static void test_sort_and_paging(void **state)
{
    xw_db *db = open_corpus(*state);
    struct xw_search_opts o = opts_top(100);
    xw_query *q;
    xw_results *res;
    char got[128];

    assert_int_equal(xw_query_match_all(&q), CAB_OK);
    o.sort = XW_SORT_VALUE_DESC;
    o.sort_slot = SLOT_DATE;
    res = run(db, q, &o);
    hit_list(res, got, sizeof got);
    assert_string_equal(got, "8 7 6 5 4 3 2 1");
    xw_results_free(res);

    /* By origin ascending: ankara, astana, berlin, paris; ties by docid. */
    o.sort = XW_SORT_VALUE_ASC;
    o.sort_slot = SLOT_ORIGIN;
    res = run(db, q, &o);
    hit_list(res, got, sizeof got);
    assert_string_equal(got, "1 3 7 5 6 8 2 4");
    xw_results_free(res);

    o.sort_slot = SLOT_DATE;
    o.offset = 3;
    o.count = 2;
    res = run(db, q, &o);
    hit_list(res, got, sizeof got);
    assert_string_equal(got, "4 5");
    assert_int_equal(xw_results_total(res), 8);
    xw_results_free(res);

    o.offset = 7;
    o.count = 5;
    res = run(db, q, &o);
    hit_list(res, got, sizeof got);
    assert_string_equal(got, "8");
    xw_results_free(res);

    o.offset = 20;
    res = run(db, q, &o);
    assert_int_equal(xw_results_size(res), 0);
    assert_int_equal(xw_results_total(res), 8);
    xw_results_free(res);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_facets_and_exact_total(void **state)
{
    xw_db *db = open_corpus(*state);
    const unsigned slots[2] = { SLOT_ORIGIN, SLOT_DATE };
    struct xw_search_opts o = opts_top(1);
    xw_query *q;
    xw_results *res;

    o.facet_slots = slots;
    o.n_facet_slots = 2;
    assert_int_equal(xw_query_match_all(&q), CAB_OK);
    res = run(db, q, &o);
    assert_int_equal(xw_results_size(res), 1);
    assert_int_equal(xw_results_facet_size(res, 0), 4);
    assert_int_equal(facet_count(res, 0, "ankara"), 3);
    assert_int_equal(facet_count(res, 0, "paris"), 2);
    assert_int_equal(facet_count(res, 0, "astana"), 2);
    assert_int_equal(facet_count(res, 0, "berlin"), 1);
    assert_int_equal(xw_results_facet_size(res, 1), 8);
    assert_int_equal(facet_count(res, 1, "2005-01-01"), 1);
    assert_int_equal(xw_results_facet_size(res, 2), 0);
    xw_results_free(res);
    xw_query_free(q);

    /* Counts cover all matches even though one hit is returned. */
    q = combine2(XW_OP_OR, "fox", "report", 0);
    res = run(db, q, &o);
    assert_int_equal(xw_results_size(res), 1);
    assert_int_equal(xw_results_total(res), 6);
    assert_int_equal(xw_results_total_exact(res), 1);
    assert_int_equal(xw_results_facet_size(res, 0), 3);
    assert_int_equal(facet_count(res, 0, "ankara"), 3);
    assert_int_equal(facet_count(res, 0, "paris"), 1);
    assert_int_equal(facet_count(res, 0, "astana"), 2);
    assert_int_equal(facet_count(res, 0, "berlin"), 0);
    xw_results_free(res);

    /* Counts only. */
    o.count = 0;
    res = run(db, q, &o);
    assert_int_equal(xw_results_size(res), 0);
    assert_int_equal(xw_results_total(res), 6);
    assert_int_equal(facet_count(res, 0, "ankara"), 3);
    xw_results_free(res);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_similar(void **state)
{
    xw_db *db = open_corpus(*state);
    const uint32_t ids[1] = { 5 };
    char err[XW_ERR_SIZE];
    struct collected c;
    xw_query *q;
    xw_results *res;
    struct xw_search_opts o = opts_top(10);
    int found6 = 0;

    /* Words only: neither the ID term Q5 nor the origin term XOastana. */
    assert_int_equal(xw_similar_query(db, ids, 1, 10, "", 0, &q, err), CAB_OK);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_query_terms(q, collect_term, &c), CAB_OK);
    assert_int_equal(c.calls, 3);
    assert_non_null(strstr(c.text, "human"));
    assert_non_null(strstr(c.text, "report"));
    assert_non_null(strstr(c.text, "trafficking"));
    res = run(db, q, &o);
    for (uint32_t i = 0; i < xw_results_size(res); i++)
        found6 |= xw_results_docid(res, i) == 6;
    assert_true(found6);
    xw_results_free(res);
    xw_query_free(q);

    /* "report" and "trafficking" are in two cables each. */
    assert_int_equal(xw_similar_query(db, ids, 1, 10, "", 1, &q, err), CAB_OK);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_query_terms(q, collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "human");
    xw_query_free(q);

    /* "XOastana" has the prefix X, but O starts another prefix. */
    assert_int_equal(xw_similar_query(db, ids, 1, 10, "X", 0, &q, err), CAB_OK);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_query_terms(q, collect_term, &c), CAB_OK);
    assert_int_equal(c.calls, 0);
    xw_query_free(q);
    xw_db_close(db);
}

static void test_query_terms_order(void **state)
{
    xw_query *subs[3], *inner, *outer;
    struct collected c;

    (void)state;
    subs[0] = term_q("zulu");
    subs[1] = term_q("alpha");
    assert_int_equal(xw_query_combine(XW_OP_PHRASE, subs, 2, 0, &inner), CAB_OK);
    xw_query_free(subs[0]);
    xw_query_free(subs[1]);
    subs[0] = inner;
    subs[1] = term_q("mike");
    subs[2] = term_q("zulu");
    assert_int_equal(xw_query_combine(XW_OP_OR, subs, 3, 0, &outer), CAB_OK);
    for (int i = 0; i < 3; i++)
        xw_query_free(subs[i]);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_query_terms(outer, collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "zulu alpha mike");
    xw_query_free(outer);
}

/* ------------------------------------------------------------- database extras */

static void test_spelling_and_metadata(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *db;
    char *s;
    size_t len;
    struct collected c;
    char longkey[256];

    path_in(path, fx, "db");
    build_range(path, 0, CORPUS_SIZE);
    assert_int_equal(xw_db_open_writable(path, XW_OPEN, &db, err), CAB_OK);
    assert_int_equal(xw_db_suggest(db, "traficking", &s), CAB_OK);
    assert_string_equal(s, "trafficking");
    free(s);
    assert_int_equal(xw_db_suggest(db, "qqqqqqqq", &s), CAB_OK);
    assert_string_equal(s, "");
    free(s);

    assert_int_equal(xw_db_set_metadata(db, "cables.version", "1", 1), CAB_OK);
    assert_int_equal(xw_db_set_metadata(db, "cables.built", "2024\0x", 6), CAB_OK);
    assert_int_equal(xw_db_set_metadata(db, "other", "y", 1), CAB_OK);
    assert_int_equal(xw_db_commit(db), CAB_OK);
    xw_db_close(db);

    assert_int_equal(xw_db_open(path, &db, err), CAB_OK);
    assert_int_equal(xw_db_get_metadata(db, "cables.built", &s, &len), CAB_OK);
    assert_int_equal(len, 6);
    assert_memory_equal(s, "2024\0x", 6);
    free(s);
    assert_int_equal(xw_db_get_metadata(db, "unset", &s, &len), CAB_OK);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);
    memset(longkey, 'k', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    assert_int_equal(xw_db_get_metadata(db, longkey, &s, &len), CAB_TOO_LARGE);
    assert_null(s);
    assert_true(strlen(xw_db_errmsg(db)) > 0);
    assert_int_equal(xw_db_get_metadata(db, "", &s, &len), CAB_TOO_LARGE);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_db_metadata_keys(db, "cables.", collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "cables.built cables.version");
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_db_metadata_keys(db, NULL, collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "cables.built cables.version other");
    xw_db_close(db);
}

static void test_iteration(void **state)
{
    xw_db *db = open_corpus(*state);
    struct collected c;
    xw_doc *doc;

    memset(&c, 0, sizeof c);
    assert_int_equal(xw_db_allterms(db, "XO", collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "XOankara XOastana XOberlin XOparis");
    assert_int_equal(c.freqs, 8);

    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    assert_int_equal(xw_db_allterms(db, "b", collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "brown");
    assert_int_equal(c.freqs, 3);

    memset(&c, 0, sizeof c);
    assert_int_equal(xw_db_alldocs(db, collect_docid, &c), CAB_OK);
    assert_string_equal(c.text, "1 2 3 4 5 6 7 8");
    memset(&c, 0, sizeof c);
    c.stop_after = 3;
    assert_int_equal(xw_db_alldocs(db, collect_docid, &c), CAB_OK);
    assert_string_equal(c.text, "1 2 3");

    /* Document 4: "brown dog and brown fox"; wdf of brown is 2. */
    assert_int_equal(xw_db_get_doc(db, 4, &doc), CAB_OK);
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_doc_terms(doc, collect_term, &c), CAB_OK);
    assert_string_equal(c.text, "Q4 XOparis and brown dog fox");
    assert_int_equal(c.freqs, 5);
    xw_doc_free(doc);
    xw_db_close(db);
}

static void test_compact(void **state)
{
    struct fixture *fx = *state;
    char a[PATH_CAP], b[PATH_CAP], out1[PATH_CAP], out2[PATH_CAP], missing[PATH_CAP];
    char err[XW_ERR_SIZE];
    const char *src[2] = { a, b };
    xw_db *db;

    path_in(a, fx, "a");
    path_in(b, fx, "b");
    path_in(out1, fx, "one");
    path_in(out2, fx, "merged");
    path_in(missing, fx, "missing");
    build_range(a, 0, 5);
    build_range(b, 5, CORPUS_SIZE);

    assert_int_equal(xw_compact(src, 1, out1, err), CAB_OK);
    assert_int_equal(xw_db_open(out1, &db, err), CAB_OK);
    assert_int_equal(doccount(db), 5);
    xw_db_close(db);

    assert_int_equal(xw_compact(src, 2, out2, err), CAB_OK);
    assert_int_equal(xw_db_open(out2, &db, err), CAB_OK);
    assert_int_equal(doccount(db), CORPUS_SIZE);
    expect_hits(db, term_q("trafficking"), "5 6");
    xw_db_close(db);

    /* The destination must be new. */
    assert_int_equal(xw_compact(src, 1, out2, err), CAB_USAGE);
    assert_true(strlen(err) > 0);
    src[1] = missing;
    path_in(out1, fx, "never");
    assert_int_equal(xw_compact(src, 2, out1, err), CAB_DB_NOT_FOUND);
    assert_true(strlen(err) > 0);
}

static void test_open_many_and_stub(void **state)
{
    struct fixture *fx = *state;
    char a[PATH_CAP], b[PATH_CAP], stub[PATH_CAP], text[3 * PATH_CAP];
    char err[XW_ERR_SIZE];
    const char *paths[2] = { a, b };
    uint64_t size, want;
    xw_db *db;

    path_in(a, fx, "a");
    path_in(b, fx, "b");
    path_in(stub, fx, "cables.stub");
    build_range(a, 0, 5);
    build_range(b, 5, CORPUS_SIZE);
    want = files_size(a) + files_size(b);
    assert_true(want > 0);

    assert_int_equal(xw_db_open_many(paths, 2, &db, err), CAB_OK);
    assert_int_equal(doccount(db), CORPUS_SIZE);
    /* Shards interleave: a's n-th document is 2n-1, b's is 2n. */
    expect_hits(db, term_q("report"), "9 2");
    assert_int_equal(xw_db_size_on_disk(db, &size), CAB_OK);
    assert_int_equal(size, want);
    xw_db_close(db);

    snprintf(text, sizeof text, "# two shards\nauto %s\nauto b\n", a);
    write_file(stub, text);
    assert_int_equal(xw_db_open(stub, &db, err), CAB_OK);
    assert_int_equal(doccount(db), CORPUS_SIZE);
    expect_hits(db, term_q("report"), "9 2");
    assert_int_equal(xw_db_size_on_disk(db, &size), CAB_OK);
    assert_int_equal(size, want);
    xw_db_close(db);

    assert_int_equal(xw_db_open(a, &db, err), CAB_OK);
    assert_int_equal(xw_db_size_on_disk(db, &size), CAB_OK);
    assert_int_equal(size, files_size(a));
    xw_db_close(db);

    assert_int_equal(xw_db_open_many(paths, 0, &db, err), CAB_USAGE);
    assert_null(db);
}

static void test_stem(void **state)
{
    xw_stemmer *st;
    char out[32];

    (void)state;
    assert_int_equal(xw_stemmer_new(&st), CAB_OK);
    assert_int_equal(xw_stem(st, "trafficking", 11, out, sizeof out), 8);
    assert_string_equal(out, "traffick");
    /* Only the given length counts. */
    assert_int_equal(xw_stem(st, "reports!!", 7, out, sizeof out), 6);
    assert_string_equal(out, "report");
    /* Does not fit: 0 and an empty string. */
    assert_int_equal(xw_stem(st, "trafficking", 11, out, 8), 0);
    assert_string_equal(out, "");
    xw_stemmer_free(st);
    xw_stemmer_free(NULL);
}

/* ------------------------------------------------------------- failures */

static void test_missing_database(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], a[PATH_CAP], stub[PATH_CAP], text[2 * PATH_CAP];
    char err[XW_ERR_SIZE];
    const char *paths[2] = { a, path };
    xw_db *db = (xw_db *)&db;

    path_in(path, fx, "nothing-here");
    assert_int_equal(xw_db_open(path, &db, err), CAB_DB_NOT_FOUND);
    assert_null(db);
    assert_true(strlen(err) > 0);
    assert_non_null(strstr(err, "nothing-here"));

    path_in(a, fx, "a");
    build_range(a, 0, 2);
    err[0] = '\0';
    assert_int_equal(xw_db_open_many(paths, 2, &db, err), CAB_DB_NOT_FOUND);
    assert_null(db);
    assert_true(strlen(err) > 0);

    /* A stub pointing at nothing. */
    path_in(stub, fx, "stub");
    snprintf(text, sizeof text, "auto %s\n", path);
    write_file(stub, text);
    err[0] = '\0';
    assert_int_equal(xw_db_open(stub, &db, err), CAB_DB_NOT_FOUND);
    assert_true(strlen(err) > 0);

    xw_db_close(NULL);
    xw_doc_free(NULL);
    xw_query_free(NULL);
    xw_results_free(NULL);
}

static void test_second_writer_locked(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *w, *w2;

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OPEN, &w, err), CAB_OK);
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OPEN, &w2, err), CAB_DB_LOCKED);
    assert_null(w2);
    assert_non_null(strstr(err, "lock"));
    xw_db_close(w);
    /* The lock goes with the writer. */
    assert_int_equal(xw_db_open_writable(path, XW_OPEN, &w2, err), CAB_OK);
    xw_db_close(w2);
}

/* Overwrite every file of 'dir' with text of the same size. */
static void scribble(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        char p[PATH_CAP];
        struct stat st;
        FILE *f;

        join(p, sizeof p, dir, de->d_name);
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        f = fopen(p, "r+");
        assert_non_null(f);
        for (off_t i = 0; i < st.st_size; i++)
            fputc("garbage\n"[i % 8], f);
        assert_int_equal(fclose(f), 0);
    }
    closedir(d);
}

static void test_corrupt_database(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], file[PATH_CAP + 32], err[XW_ERR_SIZE];
    xw_db *db;
    FILE *f;
    struct stat st;

    path_in(path, fx, "db");
    build_range(path, 0, CORPUS_SIZE);
    scribble(path);
    assert_int_equal(xw_db_open(path, &db, err), CAB_DB_CORRUPT);
    assert_null(db);
    assert_true(strlen(err) > 0);

    /* Only the postings table damaged, the version file intact. */
    build_range(path, 0, CORPUS_SIZE);
    snprintf(file, sizeof file, "%s/postlist.glass", path);
    assert_int_equal(stat(file, &st), 0);
    f = fopen(file, "r+");
    assert_non_null(f);
    for (off_t i = 0; i < st.st_size; i++)
        fputc('#', f);
    assert_int_equal(fclose(f), 0);
    err[0] = '\0';
    assert_int_equal(xw_db_open(path, &db, err), CAB_DB_CORRUPT);
    assert_true(strlen(err) > 0);
}

static void write_round(xw_db *w, int round, size_t ndocs)
{
    for (size_t i = 0; i < ndocs; i++) {
        char idterm[32], term[32];
        xw_doc *doc;

        assert_int_equal(xw_doc_new(&doc), CAB_OK);
        snprintf(idterm, sizeof idterm, "Q%zu", i);
        assert_int_equal(xw_doc_add_boolean_term(doc, idterm), CAB_OK);
        for (uint32_t k = 0; k < 40; k++) {
            snprintf(term, sizeof term, "w%u_%zu", (unsigned)k, (i + (size_t)round) % 97);
            assert_int_equal(xw_doc_add_posting(doc, term, k + 1, 1), CAB_OK);
        }
        assert_int_equal(xw_doc_set_data(doc, term, strlen(term)), CAB_OK);
        assert_int_equal(xw_db_replace(w, idterm, doc), CAB_OK);
        xw_doc_free(doc);
    }
    assert_int_equal(xw_db_commit(w), CAB_OK);
}

static void test_modified_under_reader(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    struct xw_search_opts o = opts_top(10);
    xw_db *w, *r;
    xw_query *q;
    xw_results *res;
    cab_status st = CAB_OK;

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    write_round(w, 0, 200);
    assert_int_equal(xw_db_open(path, &r, err), CAB_OK);
    q = term_q("w3_5");
    /* Glass keeps two revisions; later commits reuse the reader's blocks. */
    for (int round = 1; round <= 6 && st == CAB_OK; round++) {
        write_round(w, round, 200);
        st = xw_search(r, q, &o, &res, err);
        xw_results_free(res);
    }
    assert_int_equal(st, CAB_DB_MODIFIED);
    assert_true(strlen(err) > 0);
    assert_int_equal(xw_db_reopen(r), CAB_OK);
    res = run(r, q, &o);
    assert_true(xw_results_total(res) > 0);
    xw_results_free(res);
    xw_query_free(q);
    xw_db_close(r);
    xw_db_close(w);
}

static void test_disk_full(void **state)
{
    struct fixture *fx = *state;
    char mnt[PATH_CAP], path[PATH_CAP + 8], cmd[2 * PATH_CAP], err[XW_ERR_SIZE];
    static char data[4000];
    cab_status st = CAB_OK;
    xw_db *w;

    path_in(mnt, fx, "full");
    assert_int_equal(mkdir(mnt, 0700), 0);
    snprintf(cmd, sizeof cmd, "mount -t tmpfs -o size=256k tmpfs '%s' 2>/dev/null", mnt);
    if (system(cmd) != 0)
        skip();
    fx->mounted = 1;
    snprintf(path, sizeof path, "%s/db", mnt);
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    memset(data, 'x', sizeof data);
    for (int i = 0; i < 2000 && st == CAB_OK; i++) {
        char term[48];
        xw_doc *doc;

        assert_int_equal(xw_doc_new(&doc), CAB_OK);
        for (uint32_t k = 0; k < 50 && st == CAB_OK; k++) {
            snprintf(term, sizeof term, "t%d_%u", i, (unsigned)k);
            assert_int_equal(xw_doc_add_posting(doc, term, k + 1, 1), CAB_OK);
        }
        assert_int_equal(xw_doc_set_data(doc, data, sizeof data), CAB_OK);
        snprintf(term, sizeof term, "Q%d", i);
        st = xw_db_replace(w, term, doc);
        xw_doc_free(doc);
        if (st == CAB_OK && i % 20 == 19)
            st = xw_db_commit(w);
    }
    assert_int_equal(st, CAB_DB_FULL);
    assert_non_null(strstr(xw_db_errmsg(w), "No space left"));
    xw_db_close(w);
    snprintf(cmd, sizeof cmd, "umount '%s'", mnt);
    assert_int_equal(system(cmd), 0);
    fx->mounted = 0;
}

/* std::terminate, as libxapian calls it when a failed write escapes a
 * commit (a C test has no other way to reach it). */
extern void cxx_terminate(void) __asm__("_ZSt9terminatev") __attribute__((noreturn));

static void exit_with_errno(int last_errno)
{
    _exit(last_errno == ENOSPC ? 42 : 43);
}

static void return_from_handler(int last_errno)
{
    (void)last_errno;
}

/* The status of a child that installs 'fn' and is then terminated with
 * errno at ENOSPC. */
static int terminated_child(xw_fatal_fn fn)
{
    int status = 0;
    pid_t pid = fork();

    assert_true(pid >= 0);
    if (pid == 0) {
        xw_on_fatal(fn);
        errno = ENOSPC;
        cxx_terminate();
    }
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return status;
}

static void test_fatal_stop(void **state)
{
    int status;

    (void)state;
    status = terminated_child(exit_with_errno);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 42);
    /* A handler that returns still ends the process. */
    status = terminated_child(return_from_handler);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void test_hostile_terms(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE], term[XW_TERM_MAX + 2];
    struct collected c;
    xw_db *db;
    xw_doc *doc;
    uint32_t docid;

    assert_int_equal(xw_doc_new(&doc), CAB_OK);
    assert_int_equal(xw_doc_add_posting(doc, "", 1, 1), CAB_BAD_INPUT);
    assert_true(strlen(xw_doc_errmsg(doc)) > 0);
    assert_int_equal(xw_doc_add_term(doc, NULL, 1), CAB_BAD_INPUT);
    memset(term, 'a', XW_TERM_MAX);
    term[XW_TERM_MAX] = '\0';
    assert_int_equal(xw_doc_add_term(doc, term, 1), CAB_OK);
    term[XW_TERM_MAX] = 'a';
    term[XW_TERM_MAX + 1] = '\0';
    assert_int_equal(xw_doc_add_boolean_term(doc, term), CAB_TOO_LARGE);
    assert_non_null(strstr(xw_doc_errmsg(doc), "longer than"));
    /* Only the accepted term is in the document. */
    memset(&c, 0, sizeof c);
    assert_int_equal(xw_doc_terms(doc, collect_term, &c), CAB_OK);
    assert_int_equal(c.calls, 1);

    path_in(path, fx, "db");
    assert_int_equal(xw_db_open_writable(path, XW_CREATE_OR_OPEN, &db, err), CAB_OK);
    assert_int_equal(xw_db_replace(db, "Q1", doc), CAB_OK);
    /* An empty ID term would name every document. */
    assert_int_equal(xw_db_replace(db, "", doc), CAB_BAD_INPUT);
    assert_int_equal(xw_db_delete(db, NULL), CAB_BAD_INPUT);
    assert_int_equal(xw_db_find(db, "", &docid), CAB_BAD_INPUT);
    assert_true(strlen(xw_db_errmsg(db)) > 0);
    assert_int_equal(xw_db_commit(db), CAB_OK);
    assert_int_equal(doccount(db), 1);
    xw_doc_free(doc);
    xw_db_close(db);
}

static void test_not_a_database(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    xw_db *db;

    /* An empty directory holds no database. */
    path_in(path, fx, "empty");
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(xw_db_open(path, &db, err), CAB_DB_NOT_FOUND);
    assert_true(strlen(err) > 0);

    /* A text file is read as a stub, and its lines make no sense. */
    path_in(path, fx, "notes.txt");
    write_file(path, "hello world\nnot a database\n");
    assert_int_equal(xw_db_open(path, &db, err), CAB_DB_ERROR);
    assert_null(db);
    assert_non_null(strstr(err, "notes.txt"));
}

static void test_remote_shard(void **state)
{
    struct fixture *fx = *state;
    char a[PATH_CAP], b[PATH_CAP], stub[PATH_CAP], text[3 * PATH_CAP];
    char err[XW_ERR_SIZE];
    const unsigned slots[1] = { SLOT_ORIGIN };
    struct xw_search_opts o = opts_top(3);
    uint64_t size;
    xw_query *q;
    xw_results *res;
    xw_db *db;

    if (system("command -v xapian-progsrv >/dev/null 2>&1") != 0)
        skip();
    path_in(a, fx, "a");
    path_in(b, fx, "b");
    path_in(stub, fx, "stub");
    build_range(a, 0, 4);
    build_range(b, 4, CORPUS_SIZE);
    snprintf(text, sizeof text, "auto a\nremote :xapian-progsrv %s\n", b);
    write_file(stub, text);
    assert_int_equal(xw_db_open(stub, &db, err), CAB_OK);
    assert_int_equal(doccount(db), CORPUS_SIZE);

    /* Facet counts travel back from the remote shard. */
    o.facet_slots = slots;
    o.n_facet_slots = 1;
    assert_int_equal(xw_query_match_all(&q), CAB_OK);
    res = run(db, q, &o);
    assert_int_equal(xw_results_total(res), CORPUS_SIZE);
    assert_int_equal(xw_results_total_exact(res), 1);
    assert_int_equal(facet_count(res, 0, "ankara"), 3);
    assert_int_equal(facet_count(res, 0, "paris"), 2);
    assert_int_equal(facet_count(res, 0, "astana"), 2);
    assert_int_equal(facet_count(res, 0, "berlin"), 1);
    xw_results_free(res);
    xw_query_free(q);

    /* A remote shard takes no local space. */
    assert_int_equal(xw_db_size_on_disk(db, &size), CAB_OK);
    assert_int_equal(size, files_size(a));
    xw_db_close(db);
}

/* Each handle's allocation goes through cab_malloc, so it can fail. */
static void test_out_of_memory(void **state)
{
    struct fixture *fx = *state;
    char path[PATH_CAP], err[XW_ERR_SIZE];
    struct xw_search_opts o = opts_top(10);
    xw_db *db;
    xw_doc *doc;
    xw_query *q, *q2;
    xw_results *res;
    xw_stemmer *st;
    char *s;
    size_t len;

    path_in(path, fx, "db");
    build_range(path, 0, 3);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_db_open(path, &db, err), CAB_NOMEM);
    assert_null(db);
    assert_true(strlen(err) > 0);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_doc_new(&doc), CAB_NOMEM);
    assert_null(doc);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_query_term("fox", 1, &q), CAB_NOMEM);
    assert_null(q);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_stemmer_new(&st), CAB_NOMEM);
    assert_null(st);
    cab_alloc_fail_after(-1);

    assert_int_equal(xw_db_open(path, &db, err), CAB_OK);
    q = term_q("fox");
    cab_alloc_fail_after(0);
    assert_int_equal(xw_search(db, q, &o, &res, err), CAB_NOMEM);
    assert_null(res);
    assert_true(strlen(err) > 0);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_query_scale(q, 2.0, &q2), CAB_NOMEM);
    assert_null(q2);
    cab_alloc_fail_after(0);
    assert_null(xw_query_describe(q));
    cab_alloc_fail_after(0);
    assert_int_equal(xw_db_suggest(db, "fox", &s), CAB_NOMEM);
    assert_null(s);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_db_get_metadata(db, "k", &s, &len), CAB_NOMEM);
    assert_null(s);
    cab_alloc_fail_after(0);
    assert_int_equal(xw_db_get_doc(db, 1, &doc), CAB_NOMEM);
    assert_null(doc);
    cab_alloc_fail_after(-1);
    xw_query_free(q);
    xw_db_close(db);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_write_replace_delete),
        T(test_transactions),
        T(test_close_commits),
        T(test_ranked_term),
        T(test_operators),
        T(test_scale_weight),
        T(test_wildcard),
        T(test_value_range),
        T(test_sort_and_paging),
        T(test_facets_and_exact_total),
        T(test_similar),
        T(test_query_terms_order),
        T(test_spelling_and_metadata),
        T(test_iteration),
        T(test_compact),
        T(test_open_many_and_stub),
        T(test_stem),
        T(test_missing_database),
        T(test_second_writer_locked),
        T(test_corrupt_database),
        T(test_modified_under_reader),
        T(test_disk_full),
        T(test_fatal_stop),
        T(test_hostile_terms),
        T(test_not_a_database),
        T(test_remote_shard),
        T(test_out_of_memory),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
