#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "../query/printer.h"

struct capture {
    FILE *f;
    char *buf;
    size_t len;
    struct cab_json j;
};

static void start(struct capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
    cab_json_init(&c->j, c->f);
}

/* Finish, check the status, compare the text, free. */
static void expect(struct capture *c, cab_status st, const char *text)
{
    assert_int_equal(cab_json_finish(&c->j), st);
    fclose(c->f);
    if (text)
        assert_string_equal(c->buf, text);
    free(c->buf);
}

static void test_nesting_and_separators(void **state)
{
    struct capture c;

    (void)state;
    start(&c);
    cab_json_begin_object(&c.j);
    cab_json_key(&c.j, "a");
    cab_json_int(&c.j, -3);
    cab_json_key(&c.j, "b");
    cab_json_begin_array(&c.j);
    cab_json_bool(&c.j, 1);
    cab_json_bool(&c.j, 0);
    cab_json_null(&c.j);
    cab_json_begin_object(&c.j);
    cab_json_end_object(&c.j);
    cab_json_begin_array(&c.j);
    cab_json_end_array(&c.j);
    cab_json_end_array(&c.j);
    cab_json_key(&c.j, "c");
    cab_json_double(&c.j, 1.5);
    cab_json_key(&c.j, "d");
    cab_json_string(&c.j, NULL);
    cab_json_end_object(&c.j);
    expect(&c, CAB_OK, "{\"a\":-3,\"b\":[true,false,null,{},[]],\"c\":1.5,\"d\":null}");
}

static void test_string_escapes(void **state)
{
    struct capture c;

    (void)state;
    start(&c);
    cab_json_string(&c.j, "q\" b\\ n\n r\r t\t \x01 \x1f \x7f caf\xc3\xa9");
    expect(&c, CAB_OK,
           "\"q\\\" b\\\\ n\\n r\\r t\\t \\u0001 \\u001f \\u007f caf\xc3\xa9\"");
}

static void test_line_separators_escaped(void **state)
{
    struct capture c;

    (void)state;
    start(&c);
    cab_json_string(&c.j, "a\xe2\x80\xa8" "b\xe2\x80\xa9");
    expect(&c, CAB_OK, "\"a\\u2028b\\u2029\"");
}

static void test_invalid_utf8_replaced(void **state)
{
    struct capture c;

    (void)state;
    start(&c);
    /* stray byte, overlong '/', surrogate, truncated sequence */
    cab_json_string(&c.j, "\xff-\xc0\xaf-\xed\xa0\x80-\xe2\x82");
    expect(&c, CAB_OK,
           "\"\\ufffd-\\ufffd\\ufffd-\\ufffd\\ufffd\\ufffd-\\ufffd\\ufffd\"");
    start(&c);
    cab_json_string_len(&c.j, "a\0b", 3);
    expect(&c, CAB_OK, "\"a\\u0000b\"");
}

static void test_non_finite_is_null(void **state)
{
    struct capture c;

    (void)state;
    start(&c);
    cab_json_begin_array(&c.j);
    cab_json_double(&c.j, NAN);
    cab_json_double(&c.j, INFINITY);
    cab_json_end_array(&c.j);
    expect(&c, CAB_OK, "[null,null]");
}

static void test_misuse_is_reported(void **state)
{
    struct capture c;

    (void)state;
    start(&c);                       /* key outside an object */
    cab_json_key(&c.j, "k");
    expect(&c, CAB_INTERNAL, NULL);

    start(&c);                       /* value where a key is due */
    cab_json_begin_object(&c.j);
    cab_json_int(&c.j, 1);
    expect(&c, CAB_INTERNAL, NULL);

    start(&c);                       /* key without its value */
    cab_json_begin_object(&c.j);
    cab_json_key(&c.j, "k");
    cab_json_end_object(&c.j);
    expect(&c, CAB_INTERNAL, NULL);

    start(&c);                       /* unclosed */
    cab_json_begin_array(&c.j);
    expect(&c, CAB_INTERNAL, NULL);

    start(&c);                       /* mismatched close */
    cab_json_begin_array(&c.j);
    cab_json_end_object(&c.j);
    expect(&c, CAB_INTERNAL, NULL);

    start(&c);                       /* too deep */
    for (int i = 0; i <= CAB_JSON_MAX_DEPTH; i++)
        cab_json_begin_array(&c.j);
    expect(&c, CAB_INTERNAL, NULL);
}

static void test_utf8_count(void **state)
{
    (void)state;
    assert_int_equal(cab_utf8_count("", 0), 0);
    assert_int_equal(cab_utf8_count("abc", 3), 3);
    assert_int_equal(cab_utf8_count("caf\xc3\xa9", 5), 4);
    assert_int_equal(cab_utf8_count("\xf0\x9f\x98\x80x", 5), 2);
    assert_int_equal(cab_utf8_count("\xff\xfe", 2), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting_and_separators),
        cmocka_unit_test(test_string_escapes),
        cmocka_unit_test(test_line_separators_escaped),
        cmocka_unit_test(test_invalid_utf8_replaced),
        cmocka_unit_test(test_non_finite_is_null),
        cmocka_unit_test(test_misuse_is_reported),
        cmocka_unit_test(test_utf8_count),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
