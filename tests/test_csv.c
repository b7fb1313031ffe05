#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "../query/printer.h"

static char *field_of(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    cab_csv_field(f, s);
    fclose(f);
    return buf;
}

static void check_field(const char *in, const char *want)
{
    char *got = field_of(in);

    assert_string_equal(got, want);
    free(got);
}

static void test_field_quoting(void **state)
{
    (void)state;
    check_field("plain", "plain");
    check_field("", "");
    check_field(NULL, "");
    check_field("a,b", "\"a,b\"");
    check_field("say \"hi\"", "\"say \"\"hi\"\"\"");
    check_field("two\nlines", "\"two\nlines\"");
    check_field("cr\r", "\"cr\r\"");
    check_field("\"", "\"\"\"\"");
}

static void test_results_rows(void **state)
{
    struct cab_results res;
    struct cab_hit hit;
    struct cab_mark mark = { 4, 3 };
    char *tags[] = { "KTIP", "PGOV" };
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    memset(&res, 0, sizeof res);
    memset(&hit, 0, sizeof hit);
    hit.rank = 1;
    hit.id = "09ASTANA95";
    hit.created = cab_time_from_civil(2009, 1, 21, 4, 47, 0);
    hit.origin = "Embassy Astana";
    hit.classification = "SECRET//NOFORN";
    hit.subject = "KAZAKHSTAN: A \"SUBJECT\", WITH COMMA";
    hit.tags = tags;
    hit.n_tags = 2;
    hit.score = 2.5;
    hit.snippet.text = "the war ends";
    hit.snippet.marks = &mark;
    hit.snippet.n_marks = 1;
    res.hits = &hit;
    res.n_hits = 1;
    res.total = 1;
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(cab_print_csv(f, &res, NULL), CAB_OK);
    fclose(f);
    assert_string_equal(buf,
                        "rank,id,date,origin,classification,subject,tags,score,snippet\r\n"
                        "1,09ASTANA95,2009-01-21T04:47:00Z,Embassy Astana,SECRET//NOFORN,"
                        "\"KAZAKHSTAN: A \"\"SUBJECT\"\", WITH COMMA\",KTIP;PGOV,2.5,"
                        "the [[war]] ends\r\n");
    free(buf);
}

static void test_empty_results_have_header_only(void **state)
{
    struct cab_results res;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    memset(&res, 0, sizeof res);
    f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(cab_print_csv(f, &res, NULL), CAB_OK);
    fclose(f);
    assert_string_equal(buf, "rank,id,date,origin,classification,subject,tags,score,snippet\r\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_quoting),
        cmocka_unit_test(test_results_rows),
        cmocka_unit_test(test_empty_results_have_header_only),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
