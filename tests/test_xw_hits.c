/* xw_search options of the hot path: facet parts counted during the
 * match, only the slots and data a page needs copied, bare counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xw.h"

#define SLOT_TAGS 6
#define SLOT_ORIGIN 2
#define SLOT_MARK 14
#define N_DOCS 6

/* tags joined by '\n' as the indexer stores them; "" for none */
static const char *const tags[N_DOCS] = {
    "KTIP\nPGOV", "PGOV", "KTIP\nPREL", "", "PGOV\nPREL", "PGOV\n\nPREL",
};
static const char *const origins[N_DOCS] = {
    "Embassy Astana", "Embassy Astana", "Embassy Rome", "Embassy Rome", "", "Embassy Astana",
};

struct fixture {
    char dir[64];
    xw_db *db;
};

/* The documents above in a new database at 'dir'; the first 'most' of
 * them also hold the term "most". */
static int write_docs(const char *dir, int most)
{
    xw_db *w;
    char err[XW_ERR_SIZE];

    if (xw_db_open_writable(dir, XW_CREATE_OR_OVERWRITE, &w, err) != CAB_OK)
        return -1;
    for (int i = 0; i < N_DOCS; i++) {
        xw_doc *d;
        char id[16], data[16];

        snprintf(id, sizeof id, "Q%d", i);
        snprintf(data, sizeof data, "data %d", i);
        if (xw_doc_new(&d) != CAB_OK)
            return -1;
        xw_doc_add_term(d, "word", 1);
        if (i < most)
            xw_doc_add_term(d, "most", 1);
        xw_doc_add_boolean_term(d, id);
        xw_doc_set_value(d, SLOT_TAGS, tags[i], strlen(tags[i]));
        xw_doc_set_value(d, SLOT_ORIGIN, origins[i], strlen(origins[i]));
        if (i % 2 == 0)
            xw_doc_set_value(d, SLOT_MARK, "m", 1);
        xw_doc_set_data(d, data, strlen(data));
        if (xw_db_replace(w, id, d) != CAB_OK)
            return -1;
        xw_doc_free(d);
    }
    xw_db_close(w);
    return 0;
}

static int setup(void **state)
{
    static struct fixture fx;
    char err[XW_ERR_SIZE];

    snprintf(fx.dir, sizeof fx.dir, "/tmp/test_xw_hits.XXXXXX");
    if (!mkdtemp(fx.dir) || write_docs(fx.dir, N_DOCS - 1) != 0)
        return -1;
    if (xw_db_open(fx.dir, &fx.db, err) != CAB_OK)
        return -1;
    *state = &fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[128];

    xw_db_close(fx->db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    return system(cmd) == 0 ? 0 : -1;
}

static xw_results *search_term(xw_db *db, const char *term, const struct xw_search_opts *o)
{
    xw_query *q;
    xw_results *res;
    char err[XW_ERR_SIZE];

    assert_int_equal(xw_query_term(term, 1, &q), CAB_OK);
    assert_int_equal(xw_search(db, q, o, &res, err), CAB_OK);
    xw_query_free(q);
    return res;
}

static xw_results *search(xw_db *db, const struct xw_search_opts *o)
{
    return search_term(db, "word", o);
}

/* Count of 'value' in facet 'f' (0 if absent; fails if listed twice). */
static uint32_t facet_count(const xw_results *res, size_t f, const char *value)
{
    uint32_t found = 0;
    int seen = 0;

    for (size_t j = 0; j < xw_results_facet_size(res, f); j++) {
        size_t len;
        uint32_t count;
        const char *v = xw_results_facet_value(res, f, j, &len, &count);

        assert_true(len > 0);
        if (len == strlen(value) && memcmp(v, value, len) == 0) {
            assert_int_equal(seen, 0);
            seen = 1;
            found = count;
        }
    }
    return found;
}

static void test_facet_parts_are_counted_whole_values_kept(void **state)
{
    struct fixture *fx = *state;
    const unsigned slots[] = { SLOT_TAGS, SLOT_ORIGIN, SLOT_TAGS };
    const unsigned char split[] = { 1, 0, 0 };
    struct xw_search_opts o = { 0 };
    xw_results *res;

    o.count = 10;
    o.check_at_least = UINT32_MAX;
    o.facet_slots = slots;
    o.n_facet_slots = 3;
    o.facet_split = split;
    o.facet_sep = '\n';
    res = search(fx->db, &o);
    assert_int_equal(xw_results_total(res), N_DOCS);
    /* split: parts, empty ones skipped */
    assert_int_equal(xw_results_facet_size(res, 0), 3);
    assert_int_equal(facet_count(res, 0, "PGOV"), 4);
    assert_int_equal(facet_count(res, 0, "KTIP"), 2);
    assert_int_equal(facet_count(res, 0, "PREL"), 3);
    /* not split: whole values, empty values left out */
    assert_int_equal(xw_results_facet_size(res, 1), 2);
    assert_int_equal(facet_count(res, 1, "Embassy Astana"), 3);
    assert_int_equal(facet_count(res, 1, "Embassy Rome"), 2);
    assert_int_equal(xw_results_facet_size(res, 2), 5);
    assert_int_equal(facet_count(res, 2, "KTIP\nPGOV"), 1);
    assert_int_equal(facet_count(res, 2, "PGOV"), 1);
    xw_results_free(res);
}

static void test_only_asked_slots_and_data(void **state)
{
    struct fixture *fx = *state;
    struct xw_search_opts o = { 0 };
    xw_results *res;
    size_t len;

    o.count = 10;
    o.value_slots = UINT64_C(1) << SLOT_MARK;
    o.data = XW_DATA_UNLESS_VALUE;
    o.data_slot = SLOT_MARK;
    res = search(fx->db, &o);
    assert_int_equal(xw_results_size(res), N_DOCS);
    for (uint32_t i = 0; i < xw_results_size(res); i++) {
        int marked = (xw_results_docid(res, i) - 1) % 2 == 0;

        assert_string_equal(xw_results_value(res, i, SLOT_ORIGIN, &len), "");
        assert_int_equal(len, 0);
        assert_string_equal(xw_results_value(res, i, SLOT_MARK, &len), marked ? "m" : "");
        assert_int_equal(xw_results_has_data(res, i), !marked);
        if (!marked)
            assert_memory_equal(xw_results_data(res, i, &len), "data ", 5);
    }
    xw_results_free(res);

    o.value_slots = 0;
    o.data = XW_DATA_NONE;
    res = search(fx->db, &o);
    for (uint32_t i = 0; i < xw_results_size(res); i++) {
        assert_int_equal(xw_results_has_data(res, i), 0);
        assert_string_equal(xw_results_data(res, i, &len), "");
        assert_string_equal(xw_results_value(res, i, SLOT_TAGS, &len), tags[xw_results_docid(res, i) - 1]);
    }
    xw_results_free(res);

    /* zeroed options: every slot and all data, as before */
    memset(&o, 0, sizeof o);
    o.count = 10;
    res = search(fx->db, &o);
    for (uint32_t i = 0; i < xw_results_size(res); i++) {
        assert_int_equal(xw_results_has_data(res, i), 1);
        assert_string_equal(xw_results_value(res, i, SLOT_ORIGIN, &len),
                            origins[xw_results_docid(res, i) - 1]);
    }
    xw_results_free(res);
}

static void test_bare_count_is_exact(void **state)
{
    struct fixture *fx = *state;
    struct xw_search_opts o = { 0 };
    xw_results *res;

    o.check_at_least = UINT32_MAX;
    res = search(fx->db, &o);
    assert_int_equal(xw_results_size(res), 0);
    assert_int_equal(xw_results_total(res), N_DOCS);
    assert_int_equal(xw_results_total_exact(res), 1);
    xw_results_free(res);
}

/* Facets of "most" (the first five documents) over a fresh reader of
 * 'dir': tags split into parts and origins whole. */
static void check_most(const char *dir, uint32_t pgov, uint32_t econ)
{
    const unsigned slots[] = { SLOT_TAGS, SLOT_ORIGIN };
    const unsigned char split[] = { 1, 0 };
    struct xw_search_opts o = { 0 };
    char err[XW_ERR_SIZE];
    xw_results *res;
    xw_db *db;

    assert_int_equal(xw_db_open(dir, &db, err), CAB_OK);
    o.count = 2;
    o.check_at_least = UINT32_MAX;
    o.facet_slots = slots;
    o.n_facet_slots = 2;
    o.facet_split = split;
    o.facet_sep = '\n';
    res = search_term(db, "most", &o);
    assert_int_equal(xw_results_total(res), N_DOCS - 1);
    assert_int_equal(xw_results_size(res), 2);
    assert_int_equal(facet_count(res, 0, "PGOV"), pgov);
    assert_int_equal(facet_count(res, 0, "KTIP"), 2);
    assert_int_equal(facet_count(res, 0, "PREL"), 2);
    assert_int_equal(facet_count(res, 0, "ECON"), econ);
    assert_int_equal(xw_results_facet_size(res, 0), econ ? 4 : 3);
    assert_int_equal(facet_count(res, 1, "Embassy Astana"), 2);
    assert_int_equal(facet_count(res, 1, "Embassy Rome"), 2);
    assert_int_equal(xw_results_facet_size(res, 1), 2);
    xw_results_free(res);
    xw_db_close(db);
}

static void test_facets_after_a_write_and_listed_matches(void **state)
{
    struct xw_search_opts o = { 0 };
    char dir[64], err[XW_ERR_SIZE], cmd[128];
    const uint32_t *ids;
    xw_results *res;
    size_t n;
    xw_db *w;
    xw_doc *d;

    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_xw_listed.XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(write_docs(dir, N_DOCS - 1), 0);
    check_most(dir, 3, 0);
    /* a later write: the counts follow it */
    assert_int_equal(xw_db_open_writable(dir, XW_OPEN, &w, err), CAB_OK);
    assert_int_equal(xw_doc_new(&d), CAB_OK);
    xw_doc_add_term(d, "word", 1);
    xw_doc_add_term(d, "most", 1);
    xw_doc_add_boolean_term(d, "Q1");
    xw_doc_set_value(d, SLOT_TAGS, "ECON", 4);
    xw_doc_set_value(d, SLOT_ORIGIN, "Embassy Astana", 14);
    assert_int_equal(xw_db_replace(w, "Q1", d), CAB_OK);
    xw_doc_free(d);
    assert_int_equal(xw_db_commit(w), CAB_OK);
    xw_db_close(w);
    check_most(dir, 2, 1);

    /* listed matches, ascending, instead of facets; the page as asked */
    assert_int_equal(xw_db_open(dir, &w, err), CAB_OK);
    o.count = 2;
    o.check_at_least = UINT32_MAX;
    o.list_matches = 1;
    res = search_term(w, "most", &o);
    assert_int_equal(xw_results_matches(res, &ids, &n), 1);
    assert_int_equal(n, N_DOCS - 1);
    for (size_t i = 0; i < n; i++)
        assert_true(i == 0 || ids[i] > ids[i - 1]);
    assert_int_equal(xw_results_size(res), 2);
    assert_int_equal(xw_results_total(res), N_DOCS - 1);
    xw_results_free(res);
    /* not listed unless asked */
    o.list_matches = 0;
    res = search_term(w, "most", &o);
    assert_int_equal(xw_results_matches(res, &ids, &n), 0);
    assert_null(ids);
    xw_results_free(res);
    xw_db_close(w);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facet_parts_are_counted_whole_values_kept),
        cmocka_unit_test(test_only_asked_slots_and_data),
        cmocka_unit_test(test_bare_count_is_exact),
        cmocka_unit_test(test_facets_after_a_write_and_listed_matches),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
