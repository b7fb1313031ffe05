#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text.h"

/* Collects the folded words of 's', space-separated, into 'out'. */
static void words_of(const char *s, char *out, size_t cap)
{
    size_t pos = 0, start, len, used = 0;
    char word[CAB_MAX_WORD * 4 + 1];

    out[0] = '\0';
    while (cab_word_next(s, strlen(s), &pos, &start, &len)) {
        size_t n = cab_word_fold(s + start, len, word, sizeof word);

        assert_true(n > 0);
        assert_true(used + n + 2 < cap);
        if (used)
            out[used++] = ' ';
        memcpy(out + used, word, n + 1);
        used += n;
    }
}

static void test_splits_at_non_alphanumerics(void **state)
{
    char out[256];

    (void)state;
    words_of("F-35 jets, the U.S. one's \"quote\"", out, sizeof out);
    assert_string_equal(out, "f 35 jets the u s one s quote");
}

static void test_typographic_punctuation_splits(void **state)
{
    char out[256];

    (void)state;
    words_of("\xe2\x80\x9cNight Stars\xe2\x80\x9d \xe2\x80\x94 play\xc2\xa0here", out, sizeof out);
    assert_string_equal(out, "night stars play here");
}

static void test_folds_latin_letters(void **state)
{
    char out[256];

    (void)state;
    words_of("KOKSHETAU \xc3\x89LYS\xc3\x89\x45 \xc5\x81\xc3\xb3\x64\xc5\xba", out, sizeof out);
    assert_string_equal(out, "kokshetau \xc3\xa9lys\xc3\xa9\x65 \xc5\x82\xc3\xb3\x64\xc5\xba");
}

static void test_skips_overlong_words(void **state)
{
    char text[CAB_MAX_WORD + 20];
    char out[256];

    (void)state;
    memset(text, 'x', CAB_MAX_WORD + 1);
    strcpy(text + CAB_MAX_WORD + 1, " ok");
    words_of(text, out, sizeof out);
    assert_string_equal(out, "ok");
}

static void test_broken_utf8_splits_but_never_overruns(void **state)
{
    const char s[] = "ab\xff\xfe" "cd\xe2\x80";
    char out[64];

    (void)state;
    words_of(s, out, sizeof out);
    assert_string_equal(out, "ab cd");
}

static void test_fold_reports_small_buffer(void **state)
{
    char out[4];

    (void)state;
    assert_int_equal(cab_word_fold("ABCD", 4, out, sizeof out), 0);
    assert_int_equal(cab_word_fold("ABC", 3, out, sizeof out), 3);
    assert_string_equal(out, "abc");
}

static void test_empty_input_has_no_words(void **state)
{
    size_t pos = 0, start, len;

    (void)state;
    assert_int_equal(cab_word_next("", 0, &pos, &start, &len), 0);
    assert_int_equal(cab_word_next(" ,.;", 4, &pos, &start, &len), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_splits_at_non_alphanumerics),
        cmocka_unit_test(test_typographic_punctuation_splits),
        cmocka_unit_test(test_folds_latin_letters),
        cmocka_unit_test(test_skips_overlong_words),
        cmocka_unit_test(test_broken_utf8_splits_but_never_overruns),
        cmocka_unit_test(test_fold_reports_small_buffer),
        cmocka_unit_test(test_empty_input_has_no_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
