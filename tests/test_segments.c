/* Full builds in segments (indexer/segments.c): the merged database holds
 * the documents in the order they were added whatever the number of
 * writer threads, across group boundaries and shards; an ID added again
 * keeps its last copy only; metadata survives the merges; failures are
 * reported, and allocation failures leak nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../indexer/segments.h"
#include "cab_mem.h"

static char root[] = "/tmp/test_segments_XXXXXX";
static unsigned serial;

/* A fresh build directory under the test's root. */
static void fresh_dir(char *out, size_t cap, const char *what)
{
    snprintf(out, cap, "%s/%s-%u", root, what, serial++);
    assert_int_equal(mkdir(out, 0755), 0);
}

/* Document of cable number 'n', version 'v': its ID term and data. */
static xw_doc *make_doc(unsigned n, unsigned v)
{
    char term[32], data[32];
    xw_doc *doc = NULL;

    assert_int_equal(xw_doc_new(&doc), CAB_OK);
    snprintf(term, sizeof term, "Q%u", n);
    assert_int_equal(xw_doc_add_boolean_term(doc, term), CAB_OK);
    assert_int_equal(xw_doc_add_posting(doc, "shelter", 1, 1), CAB_OK);
    snprintf(data, sizeof data, "%u.%u", n, v);
    assert_int_equal(xw_doc_set_data(doc, data, strlen(data)), CAB_OK);
    return doc;
}

struct collect {
    xw_db *db;
    char data[4096][16];
    size_t n;
};

static int collect_doc(uint32_t docid, void *ctx)
{
    struct collect *k = ctx;
    xw_doc *doc = NULL;
    const char *d;
    size_t len;

    assert_int_equal(xw_db_get_doc(k->db, docid, &doc), CAB_OK);
    d = xw_doc_data(doc, &len);
    assert_true(len < sizeof k->data[0] && k->n < 4096);
    memcpy(k->data[k->n], d, len);
    k->data[k->n++][len] = '\0';
    xw_doc_free(doc);
    return 0;
}

/* The data of every document of 'path' in document ID order. */
static struct collect *read_back(const char *path)
{
    char err[CAB_ERR_SIZE];
    struct collect *k = calloc(1, sizeof *k);

    assert_non_null(k);
    assert_int_equal(xw_db_open(path, &k->db, err), CAB_OK);
    assert_int_equal(xw_db_alldocs(k->db, collect_doc, k), CAB_OK);
    xw_db_close(k->db);
    return k;
}

/* Builds cables 0..n-1 (cable i in shard i % shards), with a second
 * version of each cable whose number is a multiple of 'again' added right
 * after cable i + 3, into dest[0..shards). */
static void build(const char *dir, unsigned shards, unsigned writers, unsigned n,
                  unsigned again, char dest[][512])
{
    struct cab_segments_opts o = { shards, writers, 5, 4 };
    const char *d[8];
    char err[CAB_ERR_SIZE];
    cab_segments *sg = NULL;
    uint64_t bytes = 0;

    assert_int_equal(cab_segments_new(dir, &o, &sg, err), CAB_OK);
    for (unsigned i = 0; i < n; i++) {
        assert_int_equal(cab_segments_add(sg, i % shards, make_doc(i, 1), err),
                         CAB_OK);
        if (again && i >= 3 && (i - 3) % again == 0) {
            unsigned k = i - 3;
            char term[32];

            snprintf(term, sizeof term, "Q%u", k);
            assert_int_equal(cab_segments_add(sg, k % shards, make_doc(k, 2), err),
                             CAB_OK);
            assert_int_equal(cab_segments_rewritten(sg, k % shards, term, err), CAB_OK);
        }
    }
    assert_int_equal(cab_segments_set_metadata(sg, "src:/a", "12 34\n/a", 8, err), CAB_OK);
    for (unsigned s = 0; s < shards; s++) {
        snprintf(dest[s], 512, "%s/shard-%u", dir, s);
        d[s] = dest[s];
    }
    assert_int_equal(cab_segments_finish(sg, d, &bytes, err), CAB_OK);
    assert_true(bytes > 0);
    cab_segments_free(sg);
}

/* The order a single database written in input order would have. */
static void check_order(const char *path, unsigned shard, unsigned shards, unsigned n,
                        unsigned again)
{
    struct collect *k = read_back(path);
    size_t at = 0;

    for (unsigned i = 0; i < n; i++) {
        char want[16];
        unsigned k3 = i >= 3 ? i - 3 : 0;
        int moved = again && k3 % again == 0 && i >= 3;

        if (i % shards == shard && !(again && i % again == 0 && i + 3 < n)) {
            snprintf(want, sizeof want, "%u.1", i);
            assert_true(at < k->n);
            assert_string_equal(k->data[at++], want);
        }
        if (moved && k3 % shards == shard) {
            snprintf(want, sizeof want, "%u.2", k3);
            assert_true(at < k->n);
            assert_string_equal(k->data[at++], want);
        }
    }
    assert_int_equal(at, k->n);
    free(k);
}

static void test_order_whatever_writers(void **state)
{
    char dir[256], dest[8][512];
    /* 5 a segment, 4 segments a group: 203 spans 10 full groups and a part. */
    unsigned writers[] = { 0, 1, 3 };

    (void)state;
    for (size_t w = 0; w < sizeof writers / sizeof *writers; w++) {
        fresh_dir(dir, sizeof dir, "order");
        build(dir, 1, writers[w], 203, 0, dest);
        check_order(dest[0], 0, 1, 203, 0);
    }
}

static void test_one_full_group_and_small_builds(void **state)
{
    char dir[256], dest[8][512];
    /* Exactly one group (20 documents), fewer than a segment, one document. */
    unsigned sizes[] = { 20, 3, 1 };

    (void)state;
    for (size_t i = 0; i < 3; i++) {
        fresh_dir(dir, sizeof dir, "small");
        build(dir, 1, 2, sizes[i], 0, dest);
        check_order(dest[0], 0, 1, sizes[i], 0);
    }
}

static void test_shards(void **state)
{
    char dir[256], dest[8][512];

    (void)state;
    fresh_dir(dir, sizeof dir, "shards");
    build(dir, 3, 2, 157, 0, dest);
    for (unsigned s = 0; s < 3; s++)
        check_order(dest[s], s, 3, 157, 0);
}

static void test_rewritten_keep_last(void **state)
{
    char dir[256], dest[8][512], err[CAB_ERR_SIZE];
    xw_db *db = NULL;
    uint32_t n;

    (void)state;
    fresh_dir(dir, sizeof dir, "again");
    build(dir, 2, 2, 120, 7, dest);
    for (unsigned s = 0; s < 2; s++)
        check_order(dest[s], s, 2, 120, 7);
    assert_int_equal(xw_db_open(dest[0], &db, err), CAB_OK);
    assert_int_equal(xw_db_termfreq(db, "Q7", &n), CAB_OK);
    assert_int_equal(n, 0);
    assert_int_equal(xw_db_termfreq(db, "Q14", &n), CAB_OK);
    assert_int_equal(n, 1);
    xw_db_close(db);
}

static void test_metadata_and_spelling(void **state)
{
    char dir[256], dest[8][512], err[CAB_ERR_SIZE];
    char *val = NULL, *fix = NULL;
    xw_db *db = NULL;

    (void)state;
    fresh_dir(dir, sizeof dir, "meta");
    build(dir, 2, 2, 60, 0, dest);
    assert_int_equal(xw_db_open(dest[0], &db, err), CAB_OK);
    assert_int_equal(xw_db_get_metadata(db, "src:/a", &val, NULL), CAB_OK);
    assert_string_equal(val, "12 34\n/a");
    free(val);
    /* The words of the cables reach the merged spelling dictionary. */
    assert_int_equal(xw_db_suggest(db, "sheltr", &fix), CAB_OK);
    assert_string_equal(fix, "shelter");
    free(fix);
    xw_db_close(db);
}

static void test_empty_shard(void **state)
{
    struct cab_segments_opts o = { 2, 1, 5, 4 };
    char dir[256], dest[2][512], err[CAB_ERR_SIZE];
    const char *d[2];
    cab_segments *sg = NULL;
    xw_db *db = NULL;
    uint64_t bytes;
    uint32_t n = 99;

    (void)state;
    fresh_dir(dir, sizeof dir, "empty");
    assert_int_equal(cab_segments_new(dir, &o, &sg, err), CAB_OK);
    for (unsigned i = 0; i < 7; i++)
        assert_int_equal(cab_segments_add(sg, 0, make_doc(i, 1), err), CAB_OK);
    for (unsigned s = 0; s < 2; s++) {
        snprintf(dest[s], sizeof dest[s], "%s/shard-%u", dir, s);
        d[s] = dest[s];
    }
    assert_int_equal(cab_segments_finish(sg, d, &bytes, err), CAB_OK);
    cab_segments_free(sg);
    assert_int_equal(xw_db_open(dest[1], &db, err), CAB_OK);
    assert_int_equal(xw_db_doccount(db, &n), CAB_OK);
    assert_int_equal(n, 0);
    xw_db_close(db);
}

static void test_destination_exists(void **state)
{
    struct cab_segments_opts o = { 1, 2, 5, 4 };
    char dir[256], dest[512], err[CAB_ERR_SIZE];
    const char *d[1] = { dest };
    cab_segments *sg = NULL;
    uint64_t bytes;

    (void)state;
    fresh_dir(dir, sizeof dir, "exists");
    snprintf(dest, sizeof dest, "%s/taken", dir);
    assert_int_equal(mkdir(dest, 0755), 0);
    assert_int_equal(cab_segments_new(dir, &o, &sg, err), CAB_OK);
    for (unsigned i = 0; i < 30; i++)
        assert_int_equal(cab_segments_add(sg, 0, make_doc(i, 1), err), CAB_OK);
    assert_int_not_equal(cab_segments_finish(sg, d, &bytes, err), CAB_OK);
    assert_non_null(strstr(err, "taken"));
    cab_segments_free(sg);
}

static void test_bad_options(void **state)
{
    struct cab_segments_opts o = { 0, 1, 0, 0 };
    char err[CAB_ERR_SIZE];
    cab_segments *sg = (cab_segments *)&o;

    (void)state;
    assert_int_equal(cab_segments_new(root, &o, &sg, err), CAB_USAGE);
    assert_null(sg);
    assert_non_null(strstr(err, "shards"));
    o.shards = 1;
    o.writers = 1;
    assert_int_equal(cab_segments_new(root, &o, &sg, err), CAB_OK);
    assert_int_equal(cab_segments_add(sg, 5, make_doc(1, 1), err), CAB_INTERNAL);
    cab_segments_free(sg);
}

/* Each allocation of a small build fails in turn: the build reports it or
 * succeeds, and frees everything (the sanitizer and valgrind runs check). */
static void test_allocation_failures(void **state)
{
    (void)state;
    for (long fail = 0; fail < 200; fail++) {
        struct cab_segments_opts o = { 2, 1, 3, 2 };
        char dir[256], dest[2][512], err[CAB_ERR_SIZE];
        const char *d[2];
        cab_segments *sg = NULL;
        cab_status rc;
        uint64_t bytes;

        fresh_dir(dir, sizeof dir, "nomem");
        for (unsigned s = 0; s < 2; s++) {
            snprintf(dest[s], sizeof dest[s], "%s/shard-%u", dir, s);
            d[s] = dest[s];
        }
        /* Documents are made before the failures start. */
        xw_doc *docs[14];

        for (unsigned i = 0; i < 14; i++)
            docs[i] = make_doc(i, 1);
        cab_alloc_fail_after(fail);
        rc = cab_segments_new(dir, &o, &sg, err);
        for (unsigned i = 0; i < 14; i++) {
            if (rc == CAB_OK)
                rc = cab_segments_add(sg, i % 2, docs[i], err);
            else
                xw_doc_free(docs[i]);
        }
        if (rc == CAB_OK)
            rc = cab_segments_set_metadata(sg, "src:/a", "x", 1, err);
        if (rc == CAB_OK)
            rc = cab_segments_finish(sg, d, &bytes, err);
        cab_alloc_fail_after(-1);
        cab_segments_free(sg);
        assert_true(rc == CAB_OK || rc == CAB_NOMEM);
        if (rc == CAB_OK)
            break;
    }
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[256];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_whatever_writers),
        cmocka_unit_test(test_one_full_group_and_small_builds),
        cmocka_unit_test(test_shards),
        cmocka_unit_test(test_rewritten_keep_last),
        cmocka_unit_test(test_metadata_and_spelling),
        cmocka_unit_test(test_empty_shard),
        cmocka_unit_test(test_destination_exists),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_allocation_failures),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
