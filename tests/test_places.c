/* Places of a cable and the gazetteer behind them: loading and its
 * errors, lookups, English words that are also towns, capitals-only
 * telegrams, multi-word names, patterns for regions and towns the
 * gazetteer lacks, citations, limits, hostile text, allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "cable.h"
#include "extract.h"
#include "gazetteer.h"

static struct cable *make(const char *text, const char *country_code, const char *country)
{
    struct cable *c = cable_new();

    assert_non_null(c);
    c->body = cab_strdup(text);
    c->text = cab_strdup(text);
    c->origin = cab_strdup("Embassy Astana");
    if (country) {
        c->countries = cab_calloc(1, sizeof *c->countries);
        assert_non_null(c->countries);
        c->countries[0].code = cab_strdup(country_code);
        c->countries[0].name = cab_strdup(country);
        c->n_countries = 1;
    }
    return c;
}

static struct cable *places_of(const char *text, const char *cc, const char *country)
{
    struct cable *c = make(text, cc, country);

    assert_int_equal(cab_extract_places(c), CAB_OK);
    return c;
}

static const struct cab_place *place(const struct cable *c, const char *name)
{
    for (size_t i = 0; i < c->n_places; i++)
        if (strcmp(c->places[i].name, name) == 0)
            return &c->places[i];
    return NULL;
}

static int setup(void **state)
{
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(cab_gazetteer_init(err), CAB_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    cab_gazetteer_shutdown();
    return 0;
}

static void test_gazetteer_lookups(void **state)
{
    const struct cab_gaz_place *g;
    char err[CAB_ERR_SIZE];
    size_t n;

    (void)state;
    assert_true(cab_gazetteer_loaded());
    assert_int_equal(cab_gazetteer_init(err), CAB_OK); /* a no-op */
    assert_true(cab_gazetteer_size() > 5000);
    g = cab_gazetteer_find("kazakhstan", 10, &n);
    assert_non_null(g);
    assert_int_equal(g->kind, CAB_GAZ_COUNTRY);
    assert_string_equal(g->cc, "KZ");
    assert_string_equal(cab_gazetteer_country("KZ"), "Kazakhstan");
    assert_null(cab_gazetteer_country("Q"));
    assert_null(cab_gazetteer_country("QQ"));
    assert_null(cab_gazetteer_find("no such place at all", 20, &n));
    assert_int_equal(n, 0);
    assert_null(cab_gazetteer_find("", 0, &n));
    g = cab_gazetteer_find("astana", 6, &n);
    assert_non_null(g);
    assert_string_equal(g->country, "Kazakhstan");
#ifdef CABLES_HAVE_GEONAMES
    assert_true(g->has_coords);
    assert_true(g->lat > 50 && g->lat < 52 && g->lon > 70 && g->lon < 72);
    g = cab_gazetteer_find("kokshetau", 9, &n);
    assert_non_null(g);
    assert_int_equal(g->kind, CAB_GAZ_CITY);
    assert_true(g->population > 0);
#endif
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Missing and malformed iso-codes files are errors with a message. */
static void test_gazetteer_errors(void **state)
{
    char dir[] = "/tmp/cables-iso-XXXXXX", path[256], err[CAB_ERR_SIZE];
    static const char *const bad[] = {
        "", "{", "{\"3166-1\": [ {\"alpha_2\": \"KZ\", \"name\": \"Kaz", "[1, 2]",
        "{\"3166-1\": [ {\"name\": \"\\uZZZZ\"} ]}", "{\"3166-1\" [ ]}",
    };

    (void)state;
    assert_non_null(mkdtemp(dir));
    cab_gazetteer_shutdown();
    assert_int_equal(setenv("CABLES_ISO_CODES", dir, 1), 0);
    assert_int_equal(cab_gazetteer_init(err), CAB_NOT_FOUND);
    assert_non_null(strstr(err, "iso_3166-1.json"));
    assert_false(cab_gazetteer_loaded());
    snprintf(path, sizeof path, "%s/iso_3166-1.json", dir);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path, bad[i]);
        assert_int_equal(cab_gazetteer_init(err), CAB_BAD_INPUT);
        assert_non_null(strstr(err, "malformed"));
        assert_false(cab_gazetteer_loaded());
    }
    /* A small but valid pair of files loads. */
    write_file(path, "{\"3166-1\": [ {\"alpha_2\": \"KZ\", \"name\": \"Kazakhstan\", \"x\": 1},"
                     " {\"alpha_2\": \"TR\", \"name\": \"T\\u00fcrkiye\"} ]}");
    snprintf(path, sizeof path, "%s/iso_3166-2.json", dir);
    write_file(path, "{\"3166-2\": [ {\"code\": \"KZ-KAR\", \"name\": \"Karaganda Region\","
                     " \"type\": \"Region\"} ]}");
    assert_int_equal(cab_gazetteer_init(err), CAB_OK);
    assert_string_equal(cab_gazetteer_country("TR"), "Turkey");
    cab_gazetteer_shutdown();
    unlink(path);
    snprintf(path, sizeof path, "%s/iso_3166-1.json", dir);
    unlink(path);
    rmdir(dir);
    unsetenv("CABLES_ISO_CODES");
    assert_int_equal(cab_gazetteer_init(err), CAB_OK);
}

static void test_places_in_text(void **state)
{
    struct cable *c = places_of(
        "1. During a visit to the northern city of Kokshetau, the DCM met\n"
        "officials from Akmolinskaya Oblast. Women were trafficked to Greece,\n"
        "Israel and Turkey, and to Karaganda and Astana. (NOTE: The resort\n"
        "area of Borovoye is near. END NOTE.) She visited New Delhi and\n"
        "Rio de Janeiro.\n",
        "KZ", "Kazakhstan");
    const struct cab_place *p;

    (void)state;
    p = place(c, "Kokshetau");
    assert_non_null(p);
    assert_string_equal(p->country, "Kazakhstan");
    p = place(c, "Akmolinskaya Oblast");
    assert_non_null(p);
    assert_string_equal(p->country, "Kazakhstan");
    assert_false(p->has_coords);
    assert_non_null(place(c, "Borovoye"));
    assert_non_null(place(c, "Greece"));
    assert_non_null(place(c, "Turkey"));
    assert_non_null(place(c, "Karaganda"));
    p = place(c, "Astana");
    assert_non_null(p);
    assert_non_null(place(c, "New Delhi"));
    assert_non_null(place(c, "Rio de Janeiro"));
    assert_null(place(c, "Delhi"));
    assert_null(place(c, "Rio"));
#ifdef CABLES_HAVE_GEONAMES
    assert_true(p->has_coords);
#endif
    cable_free(c);
}

static void test_english_words(void **state)
{
    struct cable *c = places_of(
        "Nice work. The police said the split was a deal. Police arrested\n"
        "a man. Sale of goods. Of the many. Man is mortal. Mobile phones help.\n"
        "In March the Central Bank met.\n",
        NULL, NULL);
    struct cable *d = places_of("The minister flew to Nice on Monday.\n", NULL, NULL);

    (void)state;
    assert_int_equal(c->n_places, 0);
    assert_non_null(place(d, "Nice"));
    cable_free(c);
    cable_free(d);
}

/* Initials name a country ("U.K.", shown by its name), never a village
 * that happens to be spelled with two letters ("U.N."). */
static void test_initials(void **state)
{
    struct cable *c = places_of(
        "Iran opposed its referral to the U.N. Security Council, and the\n"
        "U.K. delegation said so.\n",
        NULL, NULL);

    (void)state;
    assert_null(place(c, "U N"));
    assert_null(place(c, "U K"));
    assert_non_null(place(c, "United Kingdom"));
    cable_free(c);
}

static void test_all_capitals(void **state)
{
    struct cable *c = places_of(
        "1. THE MINISTER TRAVELED TO KARAGANDA AND THEN TO MOSCOW. THE MAN\n"
        "FROM THE POLICE SAID NICE THINGS. REF: ASTANA 1206. RIO DE JANEIRO\n"
        "WAS QUIET.\n",
        "KZ", "Kazakhstan");

    (void)state;
    assert_non_null(place(c, "Karaganda"));
    assert_non_null(place(c, "Moscow"));
    assert_non_null(place(c, "Rio de Janeiro"));
    assert_null(place(c, "Man"));
    assert_null(place(c, "Police"));
    assert_null(place(c, "Nice"));
    assert_null(place(c, "Astana")); /* a citation, not a mention */
    cable_free(c);
}

static void test_one_name_per_place(void **state)
{
    struct cable *c = places_of(
        "Detainees at Guantanamo Bay. GUANTANAMO again. The Falkland Islands,\n"
        "or Falklands. Astana, ASTANA and Astana.\n",
        NULL, NULL);
    size_t astana = 0;

    (void)state;
    assert_non_null(place(c, "Guantanamo Bay"));
    assert_null(place(c, "Guantanamo"));
    assert_non_null(place(c, "Falkland Islands"));
    assert_null(place(c, "Falklands"));
    for (size_t i = 0; i < c->n_places; i++)
        astana += strcasecmp(c->places[i].name, "astana") == 0;
    assert_int_equal(astana, 1);
    cable_free(c);
}

static void test_people_are_not_places(void **state)
{
    struct cable *c = make("The Obama administration met President Obama.\n", NULL, NULL);

    (void)state;
    assert_int_equal(cab_extract_people(c), CAB_OK);
    assert_int_equal(cab_extract_places(c), CAB_OK);
    assert_null(place(c, "Obama"));
    cable_free(c);
}

static void test_limit_on_places(void **state)
{
    size_t n = CAB_MAX_PLACES + 50, len = n * 32 + 1, o = 0;
    char *text = malloc(len);
    struct cable *c;

    (void)state;
    assert_non_null(text);
    for (size_t i = 0; i < n; i++) {
        char name[8];
        size_t k = i;

        for (int j = 0; j < 4; j++, k /= 26)
            name[j] = (char)('a' + k % 26);
        name[4] = '\0';
        o += (size_t)snprintf(text + o, len - o, "to Kar%s Oblast, ", name);
    }
    c = places_of(text, "KZ", "Kazakhstan");
    assert_int_equal(c->n_places, CAB_MAX_PLACES);
    cable_free(c);
    free(text);
}

static void test_hostile_text(void **state)
{
    static const char *const texts[] = {
        "", "Oblast", " Oblast Oblast", "city of", "city of ", "to", "RIO DE", "Rio de",
        "\xc3\xa9", "-\n-\n-", "Baden-\n", "X-\nY", "\"Paris\"", "ASTANA 1", "a b c d e f",
    };

    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct cable *c = places_of(texts[i], NULL, NULL);

        for (size_t k = 0; k < c->n_places; k++)
            assert_true(strlen(c->places[k].name) > 0);
        cable_free(c);
    }
}

static void test_allocation_failures(void **state)
{
    (void)state;
    for (long n = 0; n < 40; n++) {
        struct cable *c = make("Women went from Astana to Greece and Akmolinskaya Oblast.\n",
                               "KZ", "Kazakhstan");
        cab_status st;

        cab_alloc_fail_after(n);
        st = cab_extract_places(c);
        cab_alloc_fail_after(-1);
        assert_true(st == CAB_OK || st == CAB_NOMEM);
        assert_int_equal(c->n_places, st == CAB_OK ? 3 : 0);
        cable_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gazetteer_lookups),
        cmocka_unit_test(test_gazetteer_errors),
        cmocka_unit_test(test_places_in_text),
        cmocka_unit_test(test_english_words),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_all_capitals),
        cmocka_unit_test(test_one_name_per_place),
        cmocka_unit_test(test_people_are_not_places),
        cmocka_unit_test(test_limit_on_places),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_allocation_failures),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
