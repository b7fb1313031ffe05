/* Escaping for the search page, per context (HTML text and attributes,
 * URL components), gzip negotiation, and the HTML printer's handling of
 * hostile values in results. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "../query/cgi.h"
#include "cab_mem.h"

/* What 'fn' writes for 's', as a string the caller frees. */
static char *capture_html(const char *s, size_t len)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);

    assert_non_null(f);
    cab_html_escape(f, s, len);
    fclose(f);
    return data;
}

static char *capture_url(const char *s)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);

    assert_non_null(f);
    cab_url_encode(f, s);
    fclose(f);
    return data;
}

static void html_is(const char *in, size_t len, const char *want)
{
    char *got = capture_html(in, len);

    assert_string_equal(got, want);
    free(got);
}

static void test_html_escapes_markup_and_quotes(void **state)
{
    (void)state;
    html_is("plain", 5, "plain");
    html_is("<script>alert('x')</script>", 27,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    html_is("\" onmouseover=\"x", 16, "&quot; onmouseover=&quot;x");
    html_is("a&amp;b", 7, "a&amp;amp;b");
    html_is("", 0, "");
}

static void test_html_keeps_utf8_and_replaces_the_rest(void **state)
{
    (void)state;
    html_is("\xc3\xa9t\xc3\xa9", 5, "\xc3\xa9t\xc3\xa9");
    html_is("a\xffz", 3, "a\xef\xbf\xbdz");
    html_is("\xe2\x82", 2, "\xef\xbf\xbd\xef\xbf\xbd");
    html_is("a\x01\x7f\tb\nc", 7, "a\xef\xbf\xbd\xef\xbf\xbd\tb\nc");
    /* a NUL inside the given length is replaced, not a terminator */
    html_is("a\0<", 3, "a\xef\xbf\xbd&lt;");
}

static void test_html_escape_str_accepts_null(void **state)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);

    (void)state;
    cab_html_escape_str(f, NULL);
    cab_html_escape_str(f, "<");
    fclose(f);
    assert_string_equal(data, "&lt;");
    free(data);
}

static void test_url_encoding_leaves_only_unreserved(void **state)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        { "tag:KTIP", "tag%3AKTIP" },
        { "a b+c", "a%20b%2Bc" },
        { "javascript:alert(1)", "javascript%3Aalert%281%29" },
        { "\"><script>", "%22%3E%3Cscript%3E" },
        { "&amp;#", "%26amp%3B%23" },
        { "\xc3\xa9", "%C3%A9" },
        { "-._~09AZaz", "-._~09AZaz" },
        { "", "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *got = capture_url(cases[i].in);

        assert_string_equal(got, cases[i].want);
        free(got);
    }
}

static void test_gzip_negotiation(void **state)
{
    (void)state;
    assert_true(cab_gzip_accepted("gzip"));
    assert_true(cab_gzip_accepted("deflate, gzip;q=0.5, br"));
    assert_true(cab_gzip_accepted("GZIP"));
    assert_true(cab_gzip_accepted("*"));
    assert_true(cab_gzip_accepted("x-gzip"));
    assert_false(cab_gzip_accepted(NULL));
    assert_false(cab_gzip_accepted(""));
    assert_false(cab_gzip_accepted("identity"));
    assert_false(cab_gzip_accepted("gzip;q=0"));
    assert_false(cab_gzip_accepted("gzip; q=0.000"));
    assert_false(cab_gzip_accepted("*;q=0"));
    assert_false(cab_gzip_accepted("gzip;q=0, *"));
    assert_false(cab_gzip_accepted("gzipped"));
}

static void test_gzip_round_trip(void **state)
{
    static const char text[] = "<p>cables cables cables cables</p>";
    struct cab_buf b;
    char out[256];
    z_stream z;

    (void)state;
    cab_buf_init(&b, 1u << 20);
    assert_int_equal(cab_gzip_compress(text, sizeof text - 1, &b), CAB_OK);
    assert_true(b.len > 18);
    assert_int_equal((unsigned char)b.data[0], 0x1f);
    assert_int_equal((unsigned char)b.data[1], 0x8b);
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 31), Z_OK);
    z.next_in = (Bytef *)b.data;
    z.avail_in = (uInt)b.len;
    z.next_out = (Bytef *)out;
    z.avail_out = sizeof out;
    assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
    assert_int_equal(z.total_out, sizeof text - 1);
    assert_memory_equal(out, text, sizeof text - 1);
    inflateEnd(&z);
    cab_buf_release(&b);

    cab_buf_init(&b, 8);
    assert_int_equal(cab_gzip_compress(text, sizeof text - 1, &b), CAB_TOO_LARGE);
    cab_buf_release(&b);
}

/* ---------------------------------------------------------------- printer */

static char *render(const struct cab_cgi_req *r, const struct cab_results *res, const char *msg)
{
    struct cab_html_ctx ctx = { r, msg };
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);

    assert_non_null(f);
    assert_int_equal(cab_html_results_page(f, &ctx, res), CAB_OK);
    fclose(f);
    return data;
}

static void test_page_escapes_hostile_results(void **state)
{
    static char evil[] = "<img src=x onerror=alert(1)>\"'";
    static char id[] = "09ASTANA2101", empty[] = "";
    static char snip[] = "a <b> shelter & \"x\" end";
    char *tags[] = { evil };
    struct cab_mark marks[] = { { 2, 3 }, { 6, 7 } };
    struct cab_hit h;
    struct cab_results res;
    struct cab_cgi_req r;
    char *page;

    (void)state;
    memset(&h, 0, sizeof h);
    memset(&res, 0, sizeof res);
    memset(&r, 0, sizeof r);
    h.rank = 1;
    h.id = id;
    h.created = 0;
    h.origin = evil;
    h.classification = empty;
    h.subject = evil;
    h.tags = tags;
    h.n_tags = 1;
    h.snippet.text = snip;
    h.snippet.marks = marks;
    h.snippet.n_marks = 2;
    res.query = evil;
    res.total = 1;
    res.total_exact = 1;
    res.hits = &h;
    res.n_hits = 1;
    res.suggestion = evil;
    r.q = "\"><script>alert(1)</script>";
    r.from = "";
    r.to = "";
    r.filters[0] = "tag:\"><svg onload=x>";
    r.n_filters = 1;
    r.page = 1;
    r.n = 10;
    page = render(&r, &res, NULL);
    assert_null(strstr(page, "<script>alert"));
    assert_null(strstr(page, "<img"));
    assert_null(strstr(page, "<svg"));
    assert_null(strstr(page, "javascript:"));
    assert_non_null(strstr(page, "&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"));
    assert_non_null(strstr(page, "value=\"&quot;&gt;&lt;script&gt;"));
    /* marks become <mark>, the text between them is escaped */
    assert_non_null(strstr(page, "a <mark>&lt;b&gt;</mark> <mark>shelter</mark> &amp; "));
    /* links are relative and carry only encoded parameters */
    assert_non_null(strstr(page, "href=\"?id=09ASTANA2101\""));
    assert_non_null(strstr(page, "href=\"?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""));
    free(page);
}

static void test_page_with_a_message_escapes_it(void **state)
{
    char *page;

    (void)state;
    page = render(NULL, NULL, "bad filter '<b>'");
    assert_non_null(strstr(page, "bad filter &#39;&lt;b&gt;&#39;"));
    assert_non_null(strstr(page, "<meta name=\"viewport\""));
    assert_non_null(strstr(page, "name=\"q\""));
    free(page);
}

static void test_marks_out_of_range_are_not_trusted(void **state)
{
    static char id[] = "09ASTANA2101", empty[] = "", snip[] = "short";
    struct cab_mark marks[] = { { 3, 50 } };
    struct cab_hit h;
    struct cab_results res;
    struct cab_cgi_req r;
    char *page;

    (void)state;
    memset(&h, 0, sizeof h);
    memset(&res, 0, sizeof res);
    memset(&r, 0, sizeof r);
    h.id = id;
    h.origin = h.classification = h.subject = empty;
    h.snippet.text = snip;
    h.snippet.marks = marks;
    h.snippet.n_marks = 1;
    res.query = empty;
    res.total = 1;
    res.hits = &h;
    res.n_hits = 1;
    r.q = r.from = r.to = "";
    r.page = 1;
    r.n = 10;
    page = render(&r, &res, NULL);
    assert_non_null(strstr(page, "<p class=\"snip\">short</p>"));
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes_markup_and_quotes),
        cmocka_unit_test(test_html_keeps_utf8_and_replaces_the_rest),
        cmocka_unit_test(test_html_escape_str_accepts_null),
        cmocka_unit_test(test_url_encoding_leaves_only_unreserved),
        cmocka_unit_test(test_gzip_negotiation),
        cmocka_unit_test(test_gzip_round_trip),
        cmocka_unit_test(test_page_escapes_hostile_results),
        cmocka_unit_test(test_page_with_a_message_escapes_it),
        cmocka_unit_test(test_marks_out_of_range_are_not_trusted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
