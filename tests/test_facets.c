#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "search.h"

static const struct cab_facet_field *field(const char *name)
{
    const struct cab_facet_field *f = cab_facet_field_find(name);

    assert_non_null(f);
    return f;
}

static void add(struct cab_facet *f, const char *v, uint32_t count)
{
    assert_int_equal(cab_facet_add(f, v, strlen(v), count), CAB_OK);
}

static void test_many_valued_values_are_split_and_summed(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("tag"), 10);
    add(&f, "KTIP\nPGOV", 3);
    add(&f, "PGOV", 2);
    add(&f, "KTIP\nPREL", 1);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 3);
    assert_int_equal(f.n_values, 3);
    assert_string_equal(f.values[0].value, "PGOV");
    assert_int_equal(f.values[0].count, 5);
    assert_string_equal(f.values[1].value, "KTIP");
    assert_int_equal(f.values[1].count, 4);
    assert_string_equal(f.values[2].value, "PREL");
    assert_int_equal(f.values[2].count, 1);
    cab_facet_release(&f);
}

static void test_top_keeps_most_frequent_and_counts_all_distinct(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("year"), 2);
    add(&f, "2008", 5);
    add(&f, "2006", 7);
    add(&f, "2009", 5);
    add(&f, "2010", 1);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 4);
    assert_int_equal(f.n_values, 2);
    assert_string_equal(f.values[0].value, "2006");
    /* equal counts: ordered by value */
    assert_string_equal(f.values[1].value, "2008");
    cab_facet_release(&f);
}

static void test_single_valued_field_is_not_split(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("origin"), 10);
    add(&f, "Embassy\nAstana", 2);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 1);
    assert_string_equal(f.values[0].value, "Embassy\nAstana");
    cab_facet_release(&f);
}

static void test_empty_parts_are_skipped(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("caveat"), 10);
    add(&f, "\nNOFORN\n\n", 2);
    add(&f, "", 9);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 1);
    assert_string_equal(f.values[0].value, "NOFORN");
    assert_int_equal(f.values[0].count, 2);
    cab_facet_release(&f);
}

static void test_no_values_gives_empty_facet(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("person"), 10);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 0);
    assert_int_equal(f.n_values, 0);
    cab_facet_release(&f);
}

static void test_counts_saturate(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("tag"), 10);
    add(&f, "A", UINT32_MAX - 1);
    add(&f, "A\nB", 5);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.values[0].count, UINT32_MAX);
    cab_facet_release(&f);
}

static void test_add_reports_nomem(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("tag"), 10);
    add(&f, "KTIP", 1);
    for (long n = 0; n < 3; n++) {
        cab_alloc_fail_after(n);
        cab_status st = cab_facet_add(&f, "X1\nX2\nX3\nX4", 11, 1);
        cab_alloc_fail_after(-1);
        assert_int_equal(st, CAB_NOMEM);
    }
    /* a release without finish frees what was gathered */
    cab_facet_release(&f);
}

static void test_country_label_is_the_name(void **state)
{
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("country"), 10);
    add(&f, "GM\nKZ", 1);
    add(&f, "ZZQ", 1);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_string_equal(cab_facet_label(&f, &f.values[0]), "Germany");
    assert_string_equal(cab_facet_label(&f, &f.values[1]), "Kazakhstan");
    /* unknown codes show as themselves */
    assert_string_equal(cab_facet_label(&f, &f.values[2]), "ZZQ");
    cab_facet_release(&f);
}

static void test_spec_parse(void **state)
{
    const struct cab_facet_field *ff;
    unsigned top;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(cab_facet_spec_parse("tag", &ff, &top, err), CAB_OK);
    assert_string_equal(ff->name, "tag");
    assert_int_equal(top, CAB_DEFAULT_FACET_TOP);
    assert_int_equal(cab_facet_spec_parse("place:25", &ff, &top, err), CAB_OK);
    assert_int_equal(ff->slot, CAB_SLOT_PLACES);
    assert_int_equal(top, 25);
    assert_int_equal(cab_facet_spec_parse("colour", &ff, &top, err), CAB_USAGE);
    assert_null(ff);
    assert_non_null(strstr(err, "unknown facet field 'colour'"));
    assert_non_null(strstr(err, "country"));
    assert_int_equal(cab_facet_spec_parse("tag:0", &ff, &top, err), CAB_USAGE);
    assert_non_null(strstr(err, "bad facet size '0'"));
    assert_int_equal(cab_facet_spec_parse("tag:x", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse("tag:-3", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse("tag:99999999999999999999", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse("tag:", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse(":5", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse("", &ff, &top, err), CAB_USAGE);
    assert_int_equal(cab_facet_spec_parse("averyveryveryverylongfieldnamethatdoesnotexist", &ff,
                                          &top, err), CAB_USAGE);
}

static void test_sort_parse(void **state)
{
    enum cab_sort s;

    (void)state;
    assert_int_equal(cab_sort_parse("newest", &s), 0);
    assert_int_equal(s, CAB_SORT_NEWEST);
    assert_int_equal(cab_sort_parse("oldest", &s), 0);
    assert_int_equal(s, CAB_SORT_OLDEST);
    assert_int_equal(cab_sort_parse("relevance", &s), 0);
    assert_int_equal(s, CAB_SORT_RELEVANCE);
    assert_int_equal(cab_sort_parse("Newest", &s), -1);
    assert_int_equal(cab_sort_parse("", &s), -1);
}

/* The top values of many, as a full sort would order them. */
struct ref {
    char name[16];
    uint32_t count;
};

static int ref_order(const void *a, const void *b)
{
    const struct ref *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

static void test_top_of_many_matches_full_order(void **state)
{
    static struct ref ref[500];
    struct cab_facet f;

    (void)state;
    cab_facet_init(&f, field("origin"), 7);
    for (unsigned i = 0; i < 500; i++) {
        snprintf(ref[i].name, sizeof ref[i].name, "post %03u", (i * 7919u) % 500u);
        ref[i].count = 1 + (i * 31u) % 9u;
        add(&f, ref[i].name, ref[i].count);
    }
    qsort(ref, 500, sizeof *ref, ref_order);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 500);
    assert_int_equal(f.n_values, 7);
    for (size_t i = 0; i < f.n_values; i++) {
        assert_string_equal(f.values[i].value, ref[i].name);
        assert_int_equal(f.values[i].count, ref[i].count);
    }
    cab_facet_release(&f);

    cab_facet_init(&f, field("origin"), 0);
    add(&f, "a", 1);
    add(&f, "b", 2);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.distinct, 2);
    assert_int_equal(f.n_values, 0);
    cab_facet_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_valued_values_are_split_and_summed),
        cmocka_unit_test(test_top_keeps_most_frequent_and_counts_all_distinct),
        cmocka_unit_test(test_single_valued_field_is_not_split),
        cmocka_unit_test(test_empty_parts_are_skipped),
        cmocka_unit_test(test_no_values_gives_empty_facet),
        cmocka_unit_test(test_counts_saturate),
        cmocka_unit_test(test_add_reports_nomem),
        cmocka_unit_test(test_country_label_is_the_name),
        cmocka_unit_test(test_spec_parse),
        cmocka_unit_test(test_top_of_many_matches_full_order),
        cmocka_unit_test(test_sort_parse),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
