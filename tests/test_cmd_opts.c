/* The shared checks of the query commands' --format and --color values
 * (query/cmd_opts.c): the same words and the same messages everywhere. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../query/cmd_opts.h"
#include "../query/printer.h"

static void test_format_accepts_listed_names(void **state)
{
    char err[CAB_ERR_SIZE] = "";
    const char *out = "text";

    (void)state;
    assert_int_equal(cab_opt_format("json", "text, json", &out, err), CAB_OK);
    assert_string_equal(out, "json");
    assert_int_equal(cab_opt_format("text", "text, json", &out, err), CAB_OK);
    assert_string_equal(out, "text");
    assert_int_equal(cab_opt_format("ids", CAB_PRINTER_NAMES, &out, err), CAB_OK);
    assert_string_equal(out, "ids");
    assert_string_equal(err, "");
}

static void test_format_rejects_with_the_list(void **state)
{
    char err[CAB_ERR_SIZE];
    const char *out = "text";

    (void)state;
    assert_int_equal(cab_opt_format("csv", "text, json", &out, err), CAB_USAGE);
    assert_string_equal(err, "unknown format 'csv' (text, json)");
    assert_string_equal(out, "text");
    assert_int_equal(cab_opt_format("xml", CAB_PRINTER_NAMES, &out, err), CAB_USAGE);
    assert_string_equal(err, "unknown format 'xml' (text, json, csv, ids)");
    assert_string_equal(out, "text");
}

/* Only whole names match: no prefixes, no pieces of the list itself. */
static void test_format_needs_a_whole_name(void **state)
{
    static const char *const bad[] = { "", "t", "tex", "texts", "TEXT", "text,", "text, json",
                                       ",", " ", "json " };
    char err[CAB_ERR_SIZE];
    const char *out = "text";

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(cab_opt_format(bad[i], "text, json", &out, err), CAB_USAGE);
    assert_string_equal(out, "text");
}

/* A long value is cut to fit, never overruns the message buffer. */
static void test_format_long_value_truncated(void **state)
{
    char value[4 * CAB_ERR_SIZE], err[CAB_ERR_SIZE];
    const char *out = NULL;

    (void)state;
    memset(value, 'x', sizeof value - 1);
    value[sizeof value - 1] = '\0';
    assert_int_equal(cab_opt_format(value, "text, json", &out, err), CAB_USAGE);
    assert_null(out);
    assert_int_equal(strlen(err), CAB_ERR_SIZE - 1);
    assert_memory_equal(err, "unknown format 'xxx", 19);
}

/* Every name offered to search and similar has a printer behind it. */
static void test_printer_names_all_exist(void **state)
{
    static const char *const names[] = { "text", "json", "csv", "ids" };
    char err[CAB_ERR_SIZE];
    const char *out = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        assert_int_equal(cab_opt_format(names[i], CAB_PRINTER_NAMES, &out, err), CAB_OK);
        assert_non_null(cab_printer_find(out));
    }
    assert_null(cab_printer_find("xml"));
}

static void test_color_modes(void **state)
{
    static const char *const good[] = { "auto", "always", "never" };
    char err[CAB_ERR_SIZE];
    const char *out = NULL;

    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(cab_opt_color(good[i], &out, err), CAB_OK);
        assert_string_equal(out, good[i]);
    }
    out = "auto";
    assert_int_equal(cab_opt_color("sometimes", &out, err), CAB_USAGE);
    assert_string_equal(err, "bad colour mode 'sometimes' (auto, always, never)");
    assert_string_equal(out, "auto");
    assert_int_equal(cab_opt_color("", &out, err), CAB_USAGE);
    assert_string_equal(err, "bad colour mode '' (auto, always, never)");
    assert_int_equal(cab_opt_color("Always", &out, err), CAB_USAGE);
}

/* What the check accepts, the colour decision understands. */
static void test_color_agrees_with_mode(void **state)
{
    char err[CAB_ERR_SIZE];
    const char *out = NULL;

    (void)state;
    assert_int_equal(cab_opt_color("always", &out, err), CAB_OK);
    assert_int_equal(cab_color_mode(out, stdout), 1);
    assert_int_equal(cab_opt_color("never", &out, err), CAB_OK);
    assert_int_equal(cab_color_mode(out, stdout), 0);
    assert_int_equal(cab_opt_color("auto", &out, err), CAB_OK);
    assert_true(cab_color_mode(out, stdout) >= 0);
    assert_int_equal(cab_color_mode("sometimes", stdout), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_accepts_listed_names),
        cmocka_unit_test(test_format_rejects_with_the_list),
        cmocka_unit_test(test_format_needs_a_whole_name),
        cmocka_unit_test(test_format_long_value_truncated),
        cmocka_unit_test(test_printer_names_all_exist),
        cmocka_unit_test(test_color_modes),
        cmocka_unit_test(test_color_agrees_with_mode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
