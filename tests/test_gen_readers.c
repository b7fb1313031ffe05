/* Every generated format, plain and gzip-compressed, is read back by the
 * readers (corpus.h) with the ID the generator gave it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "../corpus/gen/gen.h"
#include "corpus.h"
#include "extract.h"

#define N_CABLES 120

static char dir[] = "/tmp/cables-gen-readers-XXXXXX";

static void write_bytes(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* The ID a reader gives, after extraction derives it where the source has none. */
static void read_ids(const char *path, char ids[][64], size_t *n)
{
    cab_reader *r;
    struct cable *c;
    char err[CAB_ERR_SIZE];

    assert_int_equal(cab_reader_open(path, &r, err), CAB_OK);
    for (;;) {
        cab_status rc = cab_reader_next(r, &c);

        if (rc != CAB_OK)
            fail_msg("reading '%s': %s", path, cab_reader_errmsg(r));
        if (c == NULL)
            break;
        rc = cab_extract(c, err);
        if (rc != CAB_OK)
            fail_msg("extracting from '%s': %s", path, err);
        snprintf(ids[(*n)++], 64, "%s", c->id);
        cable_free(c);
    }
    cab_reader_close(r);
}

static void test_generated_files_read_back(void **state)
{
    static const double formats[CAB_GEN_NFORMATS] = { 1, 1, 1, 1 };
    struct cab_gen_run run;
    struct cab_gen_cable c;
    struct cab_buf doc, gz, csv;
    char err[CAB_ERR_SIZE], path[256];
    static char want[N_CABLES][64], got[2 * N_CABLES][64];
    size_t n_got = 0, n_csv = 0;

    (void)state;
    memset(&run, 0, sizeof run);
    run.seed = 21;
    run.count = N_CABLES;
    run.body_median = 3000;
    run.body_sigma = 0.8;
    assert_int_equal(cab_gen_plan(&run, formats, 0.0, err), CAB_OK);
    cab_gen_cable_init(&c);
    cab_buf_init(&doc, 1u << 24);
    cab_buf_init(&gz, 1u << 24);
    cab_buf_init(&csv, 1u << 26);
    for (size_t i = 0; i < run.count; i++) {
        const struct cab_gen_meta *m = &run.meta[i];
        size_t before = n_got;

        assert_int_equal(cab_gen_cable_build(&run, i, &c), CAB_OK);
        run.post_cables[m->post][run.post_seen[m->post]++] = (uint32_t)i;
        snprintf(want[i], 64, "%s", c.id);
        cab_buf_reset(&doc);
        switch (m->format) {
        case CAB_GEN_HTML: assert_int_equal(cab_gen_write_html(&c, &doc), CAB_OK); break;
        case CAB_GEN_TEXT: assert_int_equal(cab_gen_write_text(&c, &doc), CAB_OK); break;
        case CAB_GEN_TELEGRAM: assert_int_equal(cab_gen_write_telegram(&c, &doc), CAB_OK); break;
        default:
            assert_int_equal(cab_gen_write_csv(&c, ++n_csv, &csv), CAB_OK);
            continue;
        }
        /* Each single-cable file twice: plain, and compressed. */
        snprintf(path, sizeof path, "%s/%zu.doc", dir, i);
        write_bytes(path, doc.data, doc.len);
        read_ids(path, got, &n_got);
        unlink(path);
        cab_buf_reset(&gz);
        assert_int_equal(cab_gen_gzip(doc.data, doc.len, &gz), CAB_OK);
        snprintf(path, sizeof path, "%s/%zu.doc.gz", dir, i);
        write_bytes(path, gz.data, gz.len);
        read_ids(path, got, &n_got);
        unlink(path);
        assert_int_equal(n_got, before + 2);
        assert_string_equal(got[before], c.id);
        assert_string_equal(got[before + 1], c.id);
    }
    assert_true(n_csv > 0);
    snprintf(path, sizeof path, "%s/cables.csv", dir);
    write_bytes(path, csv.data, csv.len);
    n_got = 0;
    read_ids(path, got, &n_got);
    unlink(path);
    assert_int_equal(n_got, n_csv);
    for (size_t i = 0, k = 0; i < run.count; i++)
        if (run.meta[i].format == CAB_GEN_CSV)
            assert_string_equal(got[k++], want[i]);

    cab_buf_release(&doc);
    cab_buf_release(&gz);
    cab_buf_release(&csv);
    cab_gen_cable_release(&c);
    cab_gen_run_release(&run);
}

static int setup(void **state)
{
    char err[CAB_ERR_SIZE];

    (void)state;
    if (mkdtemp(dir) == NULL)
        return -1;
    if (cab_extract_init(err) != CAB_OK)
        return -1;
    return cab_gen_words_init() == CAB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    cab_gen_words_free();
    cab_extract_shutdown();
    rmdir(dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_files_read_back),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
