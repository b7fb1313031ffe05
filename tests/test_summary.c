#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "summary.h"

static struct cable *sample(void)
{
    static struct cab_tag tags[] = {
        { "PGOV", CAB_TAG_SUBJECT }, { "KTIP", CAB_TAG_PROGRAM }, { "KZ", CAB_TAG_COUNTRY },
    };
    static struct cable c;

    memset(&c, 0, sizeof c);
    c.id = "09ASTANA2101";
    c.created = 1259643420;
    c.origin = "Embassy Astana";
    c.classification = "SECRET//NOFORN";
    c.subject = "KAZAKHSTAN: TRAFFICKING";
    c.tags = tags;
    c.n_tags = 3;
    return &c;
}

static void encode(const struct cable *c, struct cab_buf *b)
{
    cab_buf_init(b, CAB_MAX_SUMMARY);
    assert_int_equal(cab_summary_encode(c, b), CAB_OK);
}

static void test_round_trip_keeps_fields_and_tag_order(void **state)
{
    struct cab_buf b;
    struct cab_summary sm;
    const char *t;

    (void)state;
    encode(sample(), &b);
    assert_int_equal(cab_summary_parse(b.data, b.len, &sm), CAB_OK);
    assert_true(sm.created == 1259643420);
    assert_string_equal(sm.id, "09ASTANA2101");
    assert_string_equal(sm.origin, "Embassy Astana");
    assert_string_equal(sm.classification, "SECRET//NOFORN");
    assert_string_equal(sm.subject, "KAZAKHSTAN: TRAFFICKING");
    assert_int_equal(sm.n_tags, 3);
    t = sm.tags;
    assert_string_equal(t, "PGOV");
    t += strlen(t) + 1;
    assert_string_equal(t, "KTIP");
    t += strlen(t) + 1;
    assert_string_equal(t, "KZ");
    cab_buf_release(&b);
}

static void test_null_fields_and_unknown_time(void **state)
{
    struct cable c;
    struct cab_buf b;
    struct cab_summary sm;

    (void)state;
    memset(&c, 0, sizeof c);
    c.id = "X";
    c.created = CAB_TIME_UNKNOWN;
    encode(&c, &b);
    assert_int_equal(cab_summary_parse(b.data, b.len, &sm), CAB_OK);
    assert_true(sm.created == CAB_TIME_UNKNOWN);
    assert_string_equal(sm.origin, "");
    assert_string_equal(sm.subject, "");
    assert_int_equal(sm.n_tags, 0);
    cab_buf_release(&b);

    c.created = -86400;
    encode(&c, &b);
    assert_int_equal(cab_summary_parse(b.data, b.len, &sm), CAB_OK);
    assert_true(sm.created == -86400);
    cab_buf_release(&b);
}

static void test_truncated_and_damaged_are_bad_input(void **state)
{
    struct cab_buf b;
    struct cab_summary sm;
    char copy[512];

    (void)state;
    encode(sample(), &b);
    /* every cut that ends inside the fixed fields or a tag */
    for (size_t n = 0; n < b.len; n++) {
        memcpy(copy, b.data, n);
        copy[n] = '\0';
        if (n >= 2 && copy[n - 1] == '\0' && cab_summary_parse(copy, n, &sm) == CAB_OK) {
            /* a cut after a whole tag is a summary with fewer tags */
            assert_true(sm.n_tags < 3);
            continue;
        }
        assert_int_equal(cab_summary_parse(copy, n, &sm), CAB_BAD_INPUT);
    }
    memcpy(copy, b.data, b.len + 1);
    copy[0] = 'X';
    assert_int_equal(cab_summary_parse(copy, b.len, &sm), CAB_BAD_INPUT);
    memcpy(copy, b.data, b.len + 1);
    copy[2] = 'z';     /* created is not a number */
    assert_int_equal(cab_summary_parse(copy, b.len, &sm), CAB_BAD_INPUT);
    cab_buf_release(&b);
}

static void test_too_many_tags(void **state)
{
    struct cab_buf b;
    struct cab_summary sm;

    (void)state;
    encode(sample(), &b);
    for (int i = 0; i < CAB_MAX_TAGS; i++)
        assert_int_equal(cab_buf_add(&b, "T", 2), CAB_OK);
    assert_int_equal(cab_summary_parse(b.data, b.len, &sm), CAB_TOO_LARGE);
    cab_buf_release(&b);
}

static void test_encode_failure_leaves_buffer(void **state)
{
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 20);
    assert_int_equal(cab_buf_add(&b, "ab", 2), CAB_OK);
    assert_int_equal(cab_summary_encode(sample(), &b), CAB_TOO_LARGE);
    assert_int_equal(b.len, 2);
    cab_buf_release(&b);

    cab_buf_init(&b, CAB_MAX_SUMMARY);
    cab_alloc_fail_after(0);
    assert_int_equal(cab_summary_encode(sample(), &b), CAB_NOMEM);
    cab_alloc_fail_after(-1);
    assert_int_equal(b.len, 0);
    cab_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_keeps_fields_and_tag_order),
        cmocka_unit_test(test_null_fields_and_unknown_time),
        cmocka_unit_test(test_truncated_and_damaged_are_bad_input),
        cmocka_unit_test(test_too_many_tags),
        cmocka_unit_test(test_encode_failure_leaves_buffer),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
