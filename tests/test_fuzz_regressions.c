/* Replays every input a fuzzer ever crashed on (tests/fuzz/regressions/
 * <target>/) and every seed (tests/fuzz/seeds/<target>/) through the very
 * harness code of tests/fuzz/, in the normal build, so a fixed crash stays
 * fixed.  Each harness is compiled in here under its own entry point name.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LLVMFuzzerTestOneInput fuzz_detect_and_read_one
#include "fuzz/fuzz_detect_and_read.c" // NOLINT(bugprone-suspicious-include)
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_extract_one
#define LLVMFuzzerInitialize fuzz_extract_init
#include "fuzz/fuzz_extract.c" // NOLINT(bugprone-suspicious-include)
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

#define LLVMFuzzerTestOneInput fuzz_query_one
#define LLVMFuzzerInitialize fuzz_query_init
#include "fuzz/fuzz_query.c" // NOLINT(bugprone-suspicious-include)
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

#define LLVMFuzzerTestOneInput fuzz_record_one
#include "fuzz/fuzz_record.c" // NOLINT(bugprone-suspicious-include)
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerTestOneInput fuzz_cgi_params_one
#define LLVMFuzzerInitialize fuzz_cgi_params_init
#include "fuzz/fuzz_cgi_params.c" // NOLINT(bugprone-suspicious-include)
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize

typedef int (*fuzz_fn)(const uint8_t *data, size_t size);

/* Largest input replayed: the fuzzers' -max_len is well below. */
#define REPLAY_MAX (1u << 20)

/* Run 'fn' on every file of $CABLES_SRC/tests/fuzz/<kind>/<target>/;
 * the number of files replayed. */
static size_t replay_dir(const char *kind, const char *target, fuzz_fn fn)
{
    const char *src = getenv("CABLES_SRC");
    char dir[1024];
    struct dirent *e;
    size_t n = 0;
    DIR *d;

    if (src == NULL)
        src = CABLES_DATADIR;
    snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", src, kind, target);
    d = opendir(dir);
    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char path[2048];
        FILE *f;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        f = fopen(path, "rb");
        assert_non_null(f);
        uint8_t *buf = cab_malloc(REPLAY_MAX);
        assert_non_null(buf);
        size_t len = fread(buf, 1, REPLAY_MAX, f);
        fclose(f);
        /* An exact-size copy, so ASan sees any read past the input. */
        uint8_t *exact = cab_malloc(len ? len : 1);
        assert_non_null(exact);
        memcpy(exact, buf, len);
        cab_free(buf);
        print_message("replay %s/%s/%s\n", kind, target, e->d_name);
        assert_int_equal(fn(exact, len), 0);
        cab_free(exact);
        n++;
    }
    closedir(d);
    return n;
}

/* Every target has seeds; regressions exist for targets that crashed. */
static void replay(const char *target, fuzz_fn fn)
{
    assert_true(replay_dir("seeds", target, fn) > 0);
    (void)replay_dir("regressions", target, fn);
}

static void test_detect_and_read(void **state)
{
    (void)state;
    replay("detect_and_read", fuzz_detect_and_read_one);
}

static void test_extract(void **state)
{
    (void)state;
    assert_int_equal(fuzz_extract_init(NULL, NULL), 0);
    replay("extract", fuzz_extract_one);
    cab_extract_shutdown();
}

static void test_query(void **state)
{
    (void)state;
    assert_int_equal(fuzz_query_init(NULL, NULL), 0);
    replay("query", fuzz_query_one);
    xw_stemmer_free(stemmer);
    stemmer = NULL;
}

static void test_record(void **state)
{
    (void)state;
    replay("record", fuzz_record_one);
}

static void test_cgi_params(void **state)
{
    (void)state;
    assert_int_equal(fuzz_cgi_params_init(NULL, NULL), 0);
    replay("cgi_params", fuzz_cgi_params_one);
    if (sink != NULL)
        fclose(sink);
    sink = NULL;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_and_read),
        cmocka_unit_test(test_extract),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_record),
        cmocka_unit_test(test_cgi_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
