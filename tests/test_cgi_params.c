/* Search page requests: form decoding, limits at their edges, bad
 * encodings, and the checks that turn parameters into a request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../query/cgi.h"
#include "cab_buf.h"
#include "cab_mem.h"
#include "query.h"

static cab_status parse(struct cab_cgi_params *p, const char *s, char err[CAB_ERR_SIZE])
{
    cab_cgi_params_init(p);
    err[0] = '\0';
    return cab_cgi_params_parse(p, s, strlen(s), err);
}

static void test_decodes_plus_percent_and_repeats(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(parse(&p, "q=human+traff%69cking&f=tag%3AKTIP&&f=year:2009&x", err),
                     CAB_OK);
    assert_int_equal(p.n, 4);
    assert_string_equal(cab_cgi_param_get(&p, "q"), "human trafficking");
    assert_string_equal(p.v[1].name, "f");
    assert_string_equal(p.v[1].value, "tag:KTIP");
    assert_string_equal(p.v[2].value, "year:2009");
    assert_string_equal(cab_cgi_param_get(&p, "x"), "");
    assert_null(cab_cgi_param_get(&p, "page"));
    cab_cgi_params_release(&p);
}

static void test_decodes_utf8_and_literal_plus(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(parse(&p, "q=%C3%A9t%C3%A9%2B1%25&a%3Db=c=d", err), CAB_OK);
    assert_string_equal(cab_cgi_param_get(&p, "q"), "\xc3\xa9t\xc3\xa9+1%");
    /* only the first '=' separates; an encoded one belongs to the name */
    assert_string_equal(cab_cgi_param_get(&p, "a=b"), "c=d");
    cab_cgi_params_release(&p);
}

static void test_rejects_bad_percent_escapes(void **state)
{
    static const char *const bad[] = { "q=%", "q=%4", "q=%zz", "q=a%g0", "q%=1", "q=%%41" };
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(&p, bad[i], err), CAB_BAD_INPUT);
        assert_non_null(strstr(err, "percent-encoding"));
        assert_int_equal(p.n, 0);
        cab_cgi_params_release(&p);
    }
}

static void test_rejects_nul_and_invalid_utf8(void **state)
{
    static const char *const bad[] = {
        "q=a%00b", "id=09ASTANA2101%00", "q=%ff", "q=%C0%AF", "q=%ED%A0%80",
        "q=%E2%82", "q=%F4%90%80%80", "%ff=1", "q=ok&q2=%80",
    };
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(&p, bad[i], err), CAB_BAD_INPUT);
        assert_non_null(strstr(err, "UTF-8"));
        cab_cgi_params_release(&p);
    }
}

static void test_utf8_validator(void **state)
{
    (void)state;
    assert_true(cab_utf8_valid("", 0));
    assert_true(cab_utf8_valid("abc", 3));
    assert_true(cab_utf8_valid("\xf0\x9f\x98\x80", 4));
    assert_true(cab_utf8_valid("\xef\xbf\xbd", 3));
    assert_false(cab_utf8_valid("a\0b", 3));
    assert_false(cab_utf8_valid("\xf0\x9f\x98", 3));
    assert_false(cab_utf8_valid("\xe0\x80\x80", 3));     /* overlong */
    assert_false(cab_utf8_valid("\xed\xbf\xbf", 3));     /* surrogate */
    assert_false(cab_utf8_valid("\xfe", 1));
}

static void test_parameter_count_limit_at_its_edge(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE], buf[CAB_CGI_MAX_PARAMS * 8 + 16];
    size_t len = 0;

    (void)state;
    for (int i = 0; i < CAB_CGI_MAX_PARAMS; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%sa=%d", i ? "&" : "", i);
    assert_int_equal(parse(&p, buf, err), CAB_OK);
    assert_int_equal(p.n, CAB_CGI_MAX_PARAMS);
    cab_cgi_params_release(&p);
    snprintf(buf + len, sizeof buf - len, "&b=1");
    assert_int_equal(parse(&p, buf, err), CAB_TOO_LARGE);
    assert_non_null(strstr(err, "too many parameters"));
    cab_cgi_params_release(&p);
}

static void test_request_size_limit_at_its_edge(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];
    char *buf = malloc(CAB_CGI_MAX_REQUEST + 2);

    (void)state;
    assert_non_null(buf);
    memset(buf, 'a', CAB_CGI_MAX_REQUEST + 1);
    memcpy(buf, "q=", 2);
    cab_cgi_params_init(&p);
    assert_int_equal(cab_cgi_params_parse(&p, buf, CAB_CGI_MAX_REQUEST, err), CAB_OK);
    assert_int_equal(strlen(cab_cgi_param_get(&p, "q")), CAB_CGI_MAX_REQUEST - 2);
    cab_cgi_params_release(&p);
    assert_int_equal(cab_cgi_params_parse(&p, buf, CAB_CGI_MAX_REQUEST + 1, err),
                     CAB_TOO_LARGE);
    assert_int_equal(p.n, 0);
    free(buf);
}

static void test_command_line_arguments_are_taken_as_is(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    cab_cgi_params_init(&p);
    assert_int_equal(cab_cgi_params_add_arg(&p, "q=a+b%20c", err), CAB_OK);
    assert_int_equal(cab_cgi_params_add_arg(&p, "f=tag:KTIP", err), CAB_OK);
    assert_int_equal(cab_cgi_params_add_arg(&p, "flag", err), CAB_OK);
    assert_string_equal(cab_cgi_param_get(&p, "q"), "a+b%20c");
    assert_string_equal(cab_cgi_param_get(&p, "flag"), "");
    assert_int_equal(cab_cgi_params_add_arg(&p, "q=\xff", err), CAB_BAD_INPUT);
    assert_int_equal(p.n, 3);
    cab_cgi_params_release(&p);
}

static void test_allocation_failure_is_reported(void **state)
{
    struct cab_cgi_params p;
    char err[CAB_ERR_SIZE];

    (void)state;
    for (long n = 0; n < 4; n++) {
        cab_alloc_fail_after(n);
        cab_cgi_params_init(&p);
        assert_int_equal(cab_cgi_params_parse(&p, "q=a&f=b", 7, err), CAB_NOMEM);
        cab_alloc_fail_after(-1);
        assert_int_equal(p.n, (size_t)n / 2);
        cab_cgi_params_release(&p);
    }
}

/* ---------------------------------------------------------------- requests */

static cab_status req(const char *qs, struct cab_cgi_params *p, struct cab_cgi_req *r,
                      char err[CAB_ERR_SIZE])
{
    assert_int_equal(parse(p, qs, err), CAB_OK);
    return cab_cgi_req_parse(p, r, err);
}

static void test_request_defaults_and_values(void **state)
{
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(req("", &p, &r, err), CAB_OK);
    assert_int_equal(r.page, 1);
    assert_int_equal(r.n, CAB_CGI_DEFAULT_N);
    assert_int_equal(r.sort, CAB_SORT_RELEVANCE);
    assert_false(cab_cgi_req_searches(&r));
    cab_cgi_params_release(&p);

    assert_int_equal(req("q=x&page=3&n=100&sort=newest&format=json&f=tag:KTIP&from=2009-01"
                         "&to=2009&id=09astana2101&submit=Go",
                         &p, &r, err),
                     CAB_OK);
    assert_int_equal(r.page, 3);
    assert_int_equal(r.n, 100);
    assert_int_equal(r.sort, CAB_SORT_NEWEST);
    assert_true(r.json);
    assert_int_equal(r.n_filters, 1);
    assert_string_equal(r.from, "2009-01");
    assert_string_equal(r.id_upper, "09ASTANA2101");
    assert_true(cab_cgi_req_searches(&r));
    cab_cgi_params_release(&p);
}

static void test_request_numbers_at_their_edges(void **state)
{
    static const struct {
        const char *qs;
        cab_status st;
    } cases[] = {
        { "n=100", CAB_OK },          { "n=101", CAB_USAGE },     { "n=0", CAB_USAGE },
        { "n=-1", CAB_USAGE },        { "n=1e3", CAB_USAGE },     { "n=", CAB_USAGE },
        { "page=1000&n=10", CAB_OK }, { "page=1001&n=10", CAB_USAGE },
        { "page=100&n=100", CAB_OK }, { "page=101&n=100", CAB_USAGE },
        { "page=0", CAB_USAGE },      { "page=99999999999999999999", CAB_USAGE },
        { "page= 2", CAB_USAGE },     { "sort=random", CAB_USAGE }, { "sort=", CAB_OK },
        { "format=xml", CAB_USAGE },  { "format=html", CAB_OK },
    };
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cab_status st = req(cases[i].qs, &p, &r, err);

        if (st != cases[i].st)
            fail_msg("'%s' gave %d (%s)", cases[i].qs, st, err);
        cab_cgi_params_release(&p);
    }
}

static void test_request_ids(void **state)
{
    static const char *const good[] = { "09ASTANA2101", "66BUENOSAIRES2481", "09state1",
                                        "10USUNNEWYORK1234567" };
    static const char *const bad[] = { "", "../etc/passwd", "09ASTANA", "9ASTANA1",
                                       "09A1", "09ASTANA12345678", "09ASTANA2101 ",
                                       "09ASTANA2101/..", "09ASTANA-2101",
                                       "09ABCDEFGHIJKLMNOPQRSTUVWXY1" };
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE], qs[128];

    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        assert_true(cab_cgi_id_valid(good[i]));
        snprintf(qs, sizeof qs, "id=%s", good[i]);
        assert_int_equal(req(qs, &p, &r, err), CAB_OK);
        cab_cgi_params_release(&p);
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (cab_cgi_id_valid(bad[i]))
            fail_msg("'%s' taken for an ID", bad[i]);
    }
    assert_int_equal(req("id=..%2F..%2Fetc", &p, &r, err), CAB_USAGE);
    assert_non_null(strstr(err, "bad cable ID"));
    cab_cgi_params_release(&p);
}

static void test_request_filters_and_dates(void **state)
{
    static const char *const bad[] = {
        "f=colour:red", "f=KTIP", "f=:x", "f=tag:", "f=tag:%20", "f=tag:a%22b",
        "from=2009-1", "to=20091", "from=2009-01-01T00", "from=x", "to=2009/01",
    };
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE];

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (req(bad[i], &p, &r, err) != CAB_USAGE)
            fail_msg("'%s' accepted", bad[i]);
        cab_cgi_params_release(&p);
    }
    assert_int_equal(req("f=", &p, &r, err), CAB_OK);
    assert_int_equal(r.n_filters, 0);
    cab_cgi_params_release(&p);
}

static void test_filter_count_limit_at_its_edge(void **state)
{
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE], buf[CAB_CGI_MAX_FILTERS * 16 + 16];
    size_t len = 0;

    (void)state;
    for (int i = 0; i < CAB_CGI_MAX_FILTERS; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%sf=tag:T%d", i ? "&" : "", i);
    assert_int_equal(req(buf, &p, &r, err), CAB_OK);
    assert_int_equal(r.n_filters, CAB_CGI_MAX_FILTERS);
    cab_cgi_params_release(&p);
    snprintf(buf + len, sizeof buf - len, "&f=tag:X");
    assert_int_equal(req(buf, &p, &r, err), CAB_USAGE);
    assert_non_null(strstr(err, "too many filters"));
    cab_cgi_params_release(&p);
}

static void test_query_length_limit_at_its_edge(void **state)
{
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    char err[CAB_ERR_SIZE];
    char *buf = malloc(CAB_MAX_QUERY_BYTES + 8);

    (void)state;
    assert_non_null(buf);
    memcpy(buf, "q=", 2);
    memset(buf + 2, 'a', CAB_MAX_QUERY_BYTES);
    buf[2 + CAB_MAX_QUERY_BYTES] = '\0';
    assert_int_equal(req(buf, &p, &r, err), CAB_OK);
    cab_cgi_params_release(&p);
    strcat(buf, "a");
    assert_int_equal(req(buf, &p, &r, err), CAB_TOO_LARGE);
    assert_non_null(strstr(err, "query too long"));
    cab_cgi_params_release(&p);
    free(buf);
}

static void query_is(const char *qs, const char *want)
{
    struct cab_cgi_params p;
    struct cab_cgi_req r;
    struct cab_buf b;
    char err[CAB_ERR_SIZE];

    assert_int_equal(req(qs, &p, &r, err), CAB_OK);
    cab_buf_init(&b, 1u << 16);
    assert_int_equal(cab_cgi_req_query(&r, &b), CAB_OK);
    assert_string_equal(b.data, want);
    cab_buf_release(&b);
    cab_cgi_params_release(&p);
}

static void test_query_text_combines_q_filters_and_dates(void **state)
{
    (void)state;
    query_is("q=a+OR+b&f=tag:KTIP", "(a OR b) tag:\"KTIP\"");
    query_is("f=origin:Embassy+Astana&f=person:%22Galina+Morozova%22",
             "origin:\"Embassy Astana\" person:\"Galina Morozova\"");
    query_is("q=x&from=2009-01", "(x) date:2009-01..");
    query_is("to=2010", "date:..2010");
    query_is("q=a)+OR+(b", "a) OR (b");
    query_is("q=%22(%22&to=2010", "(\"(\") date:..2010");
    query_is("q=a+OR+b", "a OR b");
    query_is("q=+++&f=year:2009", "year:\"2009\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decodes_plus_percent_and_repeats),
        cmocka_unit_test(test_decodes_utf8_and_literal_plus),
        cmocka_unit_test(test_rejects_bad_percent_escapes),
        cmocka_unit_test(test_rejects_nul_and_invalid_utf8),
        cmocka_unit_test(test_utf8_validator),
        cmocka_unit_test(test_parameter_count_limit_at_its_edge),
        cmocka_unit_test(test_request_size_limit_at_its_edge),
        cmocka_unit_test(test_command_line_arguments_are_taken_as_is),
        cmocka_unit_test(test_allocation_failure_is_reported),
        cmocka_unit_test(test_request_defaults_and_values),
        cmocka_unit_test(test_request_numbers_at_their_edges),
        cmocka_unit_test(test_request_ids),
        cmocka_unit_test(test_request_filters_and_dates),
        cmocka_unit_test(test_filter_count_limit_at_its_edge),
        cmocka_unit_test(test_query_length_limit_at_its_edge),
        cmocka_unit_test(test_query_text_combines_q_filters_and_dates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
