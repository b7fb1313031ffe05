#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "search.h"

static xw_stemmer *stemmer;

static int setup(void **state)
{
    (void)state;
    return xw_stemmer_new(&stemmer) == CAB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xw_stemmer_free(stemmer);
    return 0;
}

static void term(struct cab_snippet_terms *t, const char *s)
{
    assert_int_equal(cab_snippet_terms_add(t, s, strlen(s)), CAB_OK);
}

/* The snippet text of the i-th mark. */
static void assert_mark(const struct cab_snippet *s, size_t i, const char *word)
{
    assert_true(i < s->n_marks);
    assert_int_equal(s->marks[i].len, strlen(word));
    assert_memory_equal(s->text + s->marks[i].start, word, strlen(word));
}

static void test_terms_kinds(void **state)
{
    struct cab_snippet_terms t = { 0 };

    (void)state;
    term(&t, "shelter");       /* exact word */
    term(&t, "Zvictim");       /* stem */
    term(&t, "ZSnazarbayev");  /* subject stem */
    term(&t, "Spetraeus");     /* subject word */
    term(&t, "KKTIP");         /* filters: nothing to highlight */
    term(&t, "XPWmorozova");
    term(&t, "Q09ASTANA95");
    term(&t, "shelter");       /* once only */
    assert_int_equal(t.n_words, 2);
    assert_string_equal(t.words[0], "shelter");
    assert_string_equal(t.words[1], "petraeus");
    assert_int_equal(t.n_stems, 2);
    assert_string_equal(t.stems[0], "victim");
    assert_string_equal(t.stems[1], "nazarbayev");
    cab_snippet_terms_release(&t);
    cab_snippet_terms_release(NULL);
}

static void test_window_around_match_with_ellipses(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;
    char text[4096] = "";

    (void)state;
    for (int i = 0; i < 60; i++)
        strcat(text, "filler ");
    strcat(text, "the VICTIMS found Shelter here ");
    for (int i = 0; i < 60; i++)
        strcat(text, "padding ");
    term(&t, "shelter");
    term(&t, "Zvictim");
    assert_int_equal(cab_snippet_make(text, strlen(text), &t, stemmer, &s), CAB_OK);
    assert_int_equal(strncmp(s.text, "... ", 4), 0);
    assert_non_null(strstr(s.text, "the VICTIMS found Shelter here"));
    assert_int_equal(strcmp(s.text + strlen(s.text) - 4, " ..."), 0);
    assert_int_equal(s.n_marks, 2);
    assert_mark(&s, 0, "VICTIMS");
    assert_mark(&s, 1, "Shelter");
    assert_true(strlen(s.text) <= CAB_MAX_SNIPPET_BYTES + 8);
    cab_snippet_release(&s);
    cab_snippet_terms_release(&t);
}

static void test_prefers_window_with_more_distinct_terms(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;
    char text[8192] = "";

    (void)state;
    for (int i = 0; i < 20; i++)
        strcat(text, "alpha alpha filler ");
    for (int i = 0; i < 40; i++)
        strcat(text, "filler ");
    strcat(text, "alpha and beta together ");
    for (int i = 0; i < 40; i++)
        strcat(text, "filler ");
    term(&t, "alpha");
    term(&t, "beta");
    assert_int_equal(cab_snippet_make(text, strlen(text), &t, stemmer, &s), CAB_OK);
    assert_non_null(strstr(s.text, "alpha and beta together"));
    cab_snippet_release(&s);
    cab_snippet_terms_release(&t);
}

static void test_no_terms_gives_start_of_text(void **state)
{
    struct cab_snippet s;
    const char *text = "First   words\n\n of\tthe cable.";

    (void)state;
    assert_int_equal(cab_snippet_make(text, strlen(text), NULL, stemmer, &s), CAB_OK);
    /* white space collapsed, no ellipsis: the whole text fits */
    assert_string_equal(s.text, "First words of the cable");
    assert_int_equal(s.n_marks, 0);
    cab_snippet_release(&s);
}

static void test_empty_text(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;

    (void)state;
    term(&t, "x");
    assert_int_equal(cab_snippet_make("", 0, &t, stemmer, &s), CAB_OK);
    assert_string_equal(s.text, "");
    assert_int_equal(s.n_marks, 0);
    cab_snippet_release(&s);
    assert_int_equal(cab_snippet_make(" ... !!! ", 9, &t, stemmer, &s), CAB_OK);
    assert_string_equal(s.text, "");
    cab_snippet_release(&s);
    cab_snippet_terms_release(&t);
}

static void test_byte_budget_with_long_words(void **state)
{
    struct cab_snippet s;
    char text[4096] = "";

    (void)state;
    for (int i = 0; i < 100; i++)
        strcat(text, "abcdefghijklmnopqrstuvwxyz ");
    assert_int_equal(cab_snippet_make(text, strlen(text), NULL, stemmer, &s), CAB_OK);
    assert_true(strlen(s.text) <= CAB_MAX_SNIPPET_BYTES + 4);
    assert_true(strlen(s.text) > CAB_MAX_SNIPPET_BYTES / 2);
    cab_snippet_release(&s);
}

static void test_hostile_bytes(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;
    const char text[] = "\xff\xfe bad \xc0\xaf bytes \x01\x02 match\xed\xa0\x80 end";

    (void)state;
    term(&t, "match");
    assert_int_equal(cab_snippet_make(text, sizeof text - 1, &t, stemmer, &s), CAB_OK);
    assert_non_null(strstr(s.text, "match"));
    /* control characters never reach the snippet */
    assert_null(strchr(s.text, '\x01'));
    cab_snippet_release(&s);
    cab_snippet_terms_release(&t);
}

static void test_render_markers(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;
    const char *text = "one Two three two";
    char *out;

    (void)state;
    term(&t, "two");
    assert_int_equal(cab_snippet_make(text, strlen(text), &t, stemmer, &s), CAB_OK);
    assert_int_equal(cab_snippet_render(&s, "[[", "]]", &out), CAB_OK);
    assert_string_equal(out, "one [[Two]] three [[two]]");
    cab_free(out);
    assert_int_equal(cab_snippet_render(&s, "", "]]", &out), CAB_USAGE);
    assert_null(out);
    assert_int_equal(cab_snippet_render(&s, "[[", NULL, &out), CAB_USAGE);
    assert_null(out);
    cab_snippet_release(&s);
    cab_snippet_terms_release(&t);
}

static void test_make_reports_nomem(void **state)
{
    struct cab_snippet_terms t = { 0 };
    struct cab_snippet s;
    const char *text = "a match in a short text";

    (void)state;
    term(&t, "match");
    for (long n = 0; n < 4; n++) {
        cab_alloc_fail_after(n);
        cab_status st = cab_snippet_make(text, strlen(text), &t, stemmer, &s);
        cab_alloc_fail_after(-1);
        if (st == CAB_OK) {
            cab_snippet_release(&s);
            break;
        }
        assert_int_equal(st, CAB_NOMEM);
        assert_null(s.text);
    }
    cab_alloc_fail_after(0);
    assert_int_equal(cab_snippet_terms_add(&t, "other", 5), CAB_NOMEM);
    cab_alloc_fail_after(-1);
    cab_snippet_terms_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_kinds),
        cmocka_unit_test(test_window_around_match_with_ellipses),
        cmocka_unit_test(test_prefers_window_with_more_distinct_terms),
        cmocka_unit_test(test_no_terms_gives_start_of_text),
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_byte_budget_with_long_words),
        cmocka_unit_test(test_hostile_bytes),
        cmocka_unit_test(test_render_markers),
        cmocka_unit_test(test_make_reports_nomem),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
