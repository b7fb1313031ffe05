/* Unit tests of the generator's parts: PRNG, planning, one cable, writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "../corpus/gen/gen.h"
#include "cab_mem.h"

static void test_rng_is_deterministic(void **state)
{
    struct cab_gen_rng a, b, c;

    (void)state;
    cab_gen_rng_seed(&a, 42, 7);
    cab_gen_rng_seed(&b, 42, 7);
    cab_gen_rng_seed(&c, 42, 8);
    for (int i = 0; i < 1000; i++) {
        uint64_t x = cab_gen_rng_next(&a);
        assert_true(x == cab_gen_rng_next(&b));
        if (i == 0)
            assert_true(x != cab_gen_rng_next(&c));
    }
}

static void test_rng_ranges(void **state)
{
    struct cab_gen_rng r;
    unsigned hits[10] = { 0 };
    double cdf[3] = { 1, 1, 3 };  /* middle entry has weight 0 */

    (void)state;
    cab_gen_rng_seed(&r, 1, 0);
    assert_int_equal(cab_gen_rng_below(&r, 0), 0);
    for (int i = 0; i < 10000; i++) {
        uint32_t v = cab_gen_rng_below(&r, 10);
        double u = cab_gen_rng_unit(&r);
        assert_true(v < 10);
        assert_true(u >= 0.0 && u < 1.0);
        hits[v]++;
        assert_int_not_equal(cab_gen_rng_pick_cdf(&r, cdf, 3), 1);
    }
    for (int i = 0; i < 10; i++)
        assert_true(hits[i] > 800 && hits[i] < 1200);
}

static const double all_formats[CAB_GEN_NFORMATS] = { 7, 1, 1, 1 };

static void plan(struct cab_gen_run *run, uint64_t seed, size_t count)
{
    char err[CAB_ERR_SIZE];

    memset(run, 0, sizeof *run);
    run->seed = seed;
    run->count = count;
    run->body_median = 3000;
    run->body_sigma = 0.7;
    assert_int_equal(cab_gen_plan(run, all_formats, 0.1, err), CAB_OK);
}

static void test_plan_sorted_unique_ids(void **state)
{
    struct cab_gen_run run;
    char id[64];

    (void)state;
    plan(&run, 5, 2000);
    for (size_t i = 0; i < run.count; i++) {
        if (i > 0)
            assert_true(run.meta[i - 1].created <= run.meta[i].created);
        cab_gen_id(&run, i, id);
        assert_true(id[0] >= '0' && id[0] <= '9' && id[1] >= '0' && id[1] <= '9');
        for (size_t j = i > 50 ? i - 50 : 0; j < i; j++) {
            char other[64];
            cab_gen_id(&run, j, other);
            assert_string_not_equal(id, other);
        }
    }
    cab_gen_run_release(&run);
}

/* Build cables 0..n-1 as the program does; 'c' holds the last. */
static void build_all(struct cab_gen_run *run, struct cab_gen_cable *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(cab_gen_cable_build(run, i, c), CAB_OK);
        run->post_cables[run->meta[i].post][run->post_seen[run->meta[i].post]++] = (uint32_t)i;
    }
}

static void test_cable_shape(void **state)
{
    struct cab_gen_run run;
    struct cab_gen_cable c;
    size_t refs = 0, missing = 0;

    (void)state;
    plan(&run, 9, 300);
    cab_gen_cable_init(&c);
    for (size_t i = 0; i < run.count; i++) {
        assert_int_equal(cab_gen_cable_build(&run, i, &c), CAB_OK);
        run.post_cables[run.meta[i].post][run.post_seen[run.meta[i].post]++] = (uint32_t)i;
        assert_non_null(strstr(c.body.data, "TAGS: "));
        assert_non_null(strstr(c.body.data, "SUBJECT: "));
        assert_non_null(strstr(c.body.data, "SUMMARY:"));
        assert_non_null(strstr(c.header.data, c.post->tele));
        assert_true(c.body.len >= CAB_GEN_MIN_BODY && c.body.len < 2 * CAB_GEN_MAX_BODY);
        assert_non_null(strstr(c.people.data, "signer:"));
        refs += c.refs.len > 0;
        missing += c.missing.len > 0;
    }
    /* Many cables cite others, a few cite cables that do not exist. */
    assert_true(refs > 60);
    assert_true(missing > 5 && missing < refs);
    cab_gen_cable_release(&c);
    cab_gen_run_release(&run);
}

static void test_same_seed_same_cable(void **state)
{
    struct cab_gen_run r1, r2;
    struct cab_gen_cable a, b;

    (void)state;
    plan(&r1, 11, 50);
    plan(&r2, 11, 50);
    cab_gen_cable_init(&a);
    cab_gen_cable_init(&b);
    build_all(&r1, &a, 50);
    build_all(&r2, &b, 50);
    assert_string_equal(a.id, b.id);
    assert_string_equal(a.body.data, b.body.data);
    assert_string_equal(a.header.data, b.header.data);
    cab_gen_cable_release(&a);
    cab_gen_cable_release(&b);
    cab_gen_run_release(&r1);
    cab_gen_run_release(&r2);
}

static void test_writers(void **state)
{
    struct cab_gen_run run;
    struct cab_gen_cable c;
    struct cab_buf out;

    (void)state;
    plan(&run, 3, 40);
    cab_gen_cable_init(&c);
    build_all(&run, &c, 40);
    cab_buf_init(&out, 1u << 22);

    assert_int_equal(cab_gen_write_html(&c, &out), CAB_OK);
    assert_non_null(strstr(out.data, "<table class='cable'>"));
    assert_non_null(strstr(out.data, "&#x000A;"));
    assert_non_null(strstr(out.data, "<a id='par1' href='#par1'>\xc2\xb6</a>1."));
    assert_non_null(strstr(out.data, "<a href='/tag/"));
    assert_non_null(strstr(out.data, c.id));
    assert_null(strstr(strstr(out.data, "<code><pre>"), "\n<a id"));

    cab_buf_reset(&out);
    assert_int_equal(cab_gen_write_text(&c, &out), CAB_OK);
    assert_true(strncmp(out.data, "Identifier\nCreated\nClassification\nOrigin\n", 41) == 0);

    cab_buf_reset(&out);
    assert_int_equal(cab_gen_write_telegram(&c, &out), CAB_OK);
    assert_true(strncmp(out.data, c.header.data, c.header.len) == 0);

    /* A quote inside a CSV field is doubled. */
    cab_buf_reset(&c.body);
    assert_int_equal(cab_buf_addstr(&c.body, "he said \"no\"\nend"), CAB_OK);
    cab_buf_reset(&out);
    assert_int_equal(cab_gen_write_csv(&c, 12, &out), CAB_OK);
    assert_true(strncmp(out.data, "\"12\",\"", 6) == 0);
    assert_non_null(strstr(out.data, "\"he said \"\"no\"\"\nend\"\n"));

    cab_buf_release(&out);
    cab_gen_cable_release(&c);
    cab_gen_run_release(&run);
}

static void test_gzip_round_trip(void **state)
{
    const char text[] = "UNCLAS ASTANA 002101\n\nSIPDIS\n";
    struct cab_buf gz, small;
    char back[128];
    uLongf back_len = sizeof back;
    z_stream zs;

    (void)state;
    cab_buf_init(&gz, 1u << 20);
    assert_int_equal(cab_gen_gzip(text, strlen(text), &gz), CAB_OK);
    assert_int_equal((unsigned char)gz.data[0], 0x1f);
    assert_int_equal((unsigned char)gz.data[1], 0x8b);
    assert_int_equal(gz.data[4] | gz.data[5] | gz.data[6] | gz.data[7], 0); /* mtime 0 */
    memset(&zs, 0, sizeof zs);
    assert_int_equal(inflateInit2(&zs, 15 + 16), Z_OK);
    zs.next_in = (Bytef *)gz.data;
    zs.avail_in = (uInt)gz.len;
    zs.next_out = (Bytef *)back;
    zs.avail_out = (uInt)back_len;
    assert_int_equal(inflate(&zs, Z_FINISH), Z_STREAM_END);
    assert_int_equal(zs.total_out, strlen(text));
    assert_memory_equal(back, text, strlen(text));
    inflateEnd(&zs);
    /* A capped buffer reports the cap instead of overflowing. */
    cab_buf_init(&small, 16);
    assert_int_equal(cab_gen_gzip(text, strlen(text), &small), CAB_TOO_LARGE);
    cab_buf_release(&small);
    cab_buf_release(&gz);
}

static void test_build_reports_nomem(void **state)
{
    struct cab_gen_run run;
    struct cab_gen_cable c;
    cab_status rc = CAB_NOMEM;

    (void)state;
    plan(&run, 4, 5);
    cab_gen_cable_init(&c);
    for (long n = 0; n < 400 && rc == CAB_NOMEM; n++) {
        cab_alloc_fail_after(n);
        rc = cab_gen_cable_build(&run, 0, &c);
        cab_alloc_fail_after(-1);
        assert_true(rc == CAB_OK || rc == CAB_NOMEM);
    }
    assert_int_equal(rc, CAB_OK);
    cab_gen_cable_release(&c);
    cab_gen_run_release(&run);
}

static int setup(void **state)
{
    (void)state;
    return cab_gen_words_init() == CAB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cab_gen_words_free();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_is_deterministic),
        cmocka_unit_test(test_rng_ranges),
        cmocka_unit_test(test_plan_sorted_unique_ids),
        cmocka_unit_test(test_cable_shape),
        cmocka_unit_test(test_same_seed_same_cable),
        cmocka_unit_test(test_writers),
        cmocka_unit_test(test_gzip_round_trip),
        cmocka_unit_test(test_build_reports_nomem),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
