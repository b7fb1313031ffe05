/* People of a cable: titles, given names, appositions, the visitor tag,
 * the classifying official, the signer, all-capitals telegrams, what is
 * not a person, limits, hostile text, allocation failures, and the seed
 * cable end to end when the shared corpus is there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "cable.h"
#include "corpus.h"
#include "extract.h"
#include "gazetteer.h"

static struct cable *make(const char *body, const char *subject)
{
    struct cable *c = cable_new();

    assert_non_null(c);
    c->body = cab_strdup(body);
    c->text = cab_strdup(body);
    c->subject = subject ? cab_strdup(subject) : NULL;
    return c;
}

static struct cable *people_of(const char *body)
{
    struct cable *c = make(body, NULL);

    assert_int_equal(cab_extract_people(c), CAB_OK);
    return c;
}

static int contains_caseless(const char *s, const char *needle)
{
    size_t n = strlen(needle);

    for (; *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return 1;
    return 0;
}

/* The role of the person called 'name', or -1 if there is none. */
static int role_of(const struct cable *c, const char *name)
{
    for (size_t i = 0; i < c->n_people; i++)
        if (strcmp(c->people[i].name, name) == 0)
            return (int)c->people[i].role;
    return -1;
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

static void test_one_person_fullest_form(void **state)
{
    struct cable *c = people_of(
        "1. President Nursultan Nazarbayev opened the session. Later\n"
        "President Nazarbayev said that reform would go on, and\n"
        "NAZARBAYEV repeated it.\n");

    (void)state;
    assert_int_equal(c->n_people, 1);
    assert_string_equal(c->people[0].name, "Nursultan Nazarbayev");
    assert_int_equal(c->people[0].role, CAB_ROLE_MENTIONED);
    cable_free(c);
}

static void test_evidence_kinds(void **state)
{
    struct cable *c = people_of(
        "2. The Director of the Russian Drama Theater Anatolyi Tarasov\n"
        "welcomed us. We met Pawel Triszh, Deputy Director of the\n"
        "Department of Justice. Galina Morozova runs the shelter. Mr. Jones\n"
        "and Dr. Susan Kahn attended, and Kostas Mitsotakis said little.\n");

    (void)state;
    assert_int_equal(role_of(c, "Anatolyi Tarasov"), CAB_ROLE_MENTIONED);   /* surname ending */
    assert_int_equal(role_of(c, "Pawel Triszh"), CAB_ROLE_MENTIONED);       /* apposition */
    assert_int_equal(role_of(c, "Galina Morozova"), CAB_ROLE_MENTIONED);    /* given name */
    assert_int_equal(role_of(c, "Jones"), CAB_ROLE_MENTIONED);              /* honorific */
    assert_int_equal(role_of(c, "Susan Kahn"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Kostas Mitsotakis"), CAB_ROLE_MENTIONED);  /* "said" */
    assert_int_equal(role_of(c, "Russian Drama Theater"), -1);
    cable_free(c);
}

static void test_not_people(void **state)
{
    struct cable *c = people_of(
        "SUMMARY: The Embassy met the Ministry of Justice and the GOK.\n"
        "END SUMMARY.\n\nSIPDIS\n\n3. The Feminist League and the Union of\n"
        "Crisis Centers work in Kazakhstan. In January the Night Stars\n"
        "play opened. Following the meeting, Monday was quiet.\n"
        "COMMENT: Nothing to add. END COMMENT.\n");

    (void)state;
    assert_int_equal(c->n_people, 0);
    cable_free(c);
}

/* Where a run of capitals is cut: groups are no people, an office's name
 * before a given name is no part of the person, an adverb opening a
 * sentence is no first name. */
static void test_name_boundaries(void **state)
{
    struct cable *c = people_of(
        "4. We keep in touch with some Kurdish Islamists who doubt the plan,\n"
        "and some Displaced Persons who returned. The talks with the Illicit\n"
        "Programs David Trent told us the rules stand. Kanayo Felix Nwanze\n"
        "said the fund would grow. The view was \"shared widely.\" Separately\n"
        "Dorfmann stressed the risks, and later Marguerite Okonjo talked\n"
        "about the budget with Yelena Sorokina. He founded the Imam Rashad\n"
        "Popular Front.\n");

    (void)state;
    assert_int_equal(role_of(c, "Kurdish Islamists"), -1);
    assert_int_equal(role_of(c, "Displaced Persons"), -1);
    assert_int_equal(role_of(c, "David Trent"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Kanayo Felix Nwanze"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Separately Dorfmann"), -1);
    assert_int_equal(role_of(c, "Marguerite Okonjo"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Yelena Sorokina"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Rashad Popular"), -1);
    assert_int_equal(c->n_people, 4);
    cable_free(c);
}

static void test_visitor_tag(void **state)
{
    struct cable *c = make("1. The Secretary arrived.\n", NULL);

    (void)state;
    c->tags = cab_calloc(2, sizeof *c->tags);
    assert_non_null(c->tags);
    c->tags[0].value = cab_strdup("CLINTON, HILLARY");
    c->tags[0].kind = CAB_TAG_PERSON;
    c->tags[1].value = cab_strdup("PGOV");
    c->tags[1].kind = CAB_TAG_SUBJECT;
    c->n_tags = 2;
    assert_int_equal(cab_extract_people(c), CAB_OK);
    assert_int_equal(c->n_people, 1);
    assert_string_equal(c->people[0].name, "Hillary Clinton");
    assert_int_equal(c->people[0].role, CAB_ROLE_VISITOR);
    cable_free(c);
}

static void test_classifier_lines(void **state)
{
    static const struct {
        const char *line, *name;
    } cases[] = {
        { "Classified By: Ambassador Richard E. Hoagland: 1.4 (B), (D)", "Richard E. Hoagland" },
        { "CLASSIFIED BY: POLOFF JOHN SMITH FOR REASONS 1.4(B)", "John Smith" },
        { "Classified By: DCM Kevin Milas, reasons 1.4 (b) and (d)", "Kevin Milas" },
        { "Classified By: ADCM Rhoda Venn for reasons 1.4 (b) and (d).", "Rhoda Venn" },
        { "CLASSIFIED BY: CDA, A.I. RON MCMULLEN FOR REASON 1.5 (A/C).", "Ron Mcmullen" },
        { "Classified By: ISN/MTR DIRECTOR PAM DURHAM FOR REASONS", "Pam Durham" },
        { "E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P", "Victor L. Tomseth" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char body[512];
        struct cable *c;

        snprintf(body, sizeof body, "SIPDIS\n%s\n\n1. The talks went on.\n", cases[i].line);
        c = people_of(body);
        assert_int_equal(role_of(c, cases[i].name), CAB_ROLE_CLASSIFIER);
        cable_free(c);
    }
}

static void test_declassified_is_not_classifier(void **state)
{
    struct cable *c = people_of("E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009\n1. Text.\n");

    (void)state;
    assert_int_equal(c->n_people, 0);
    cable_free(c);
}

static void test_signer(void **state)
{
    struct cable *c = people_of("1. (C) We will follow up.\nEND COMMENT.\n\nCROCKER\n");
    struct cable *d = people_of("1. It went well.\n\nTuttle\n\nCONFIDENTIAL\n");
    struct cable *e = people_of("1. We expect they would argue so. DANILOVICH\n");
    struct cable *f = people_of("1. Nothing else.\nEND COMMENT.\n");

    (void)state;
    assert_int_equal(role_of(c, "Crocker"), CAB_ROLE_SIGNER);
    assert_int_equal(role_of(d, "Tuttle"), CAB_ROLE_SIGNER);
    assert_int_equal(role_of(e, "Danilovich"), CAB_ROLE_SIGNER);
    assert_int_equal(f->n_people, 0);
    cable_free(c);
    cable_free(d);
    cable_free(e);
    cable_free(f);
}

static void test_signer_and_classifier_are_one(void **state)
{
    struct cable *c = people_of(
        "Classified By: Ambassador Richard E. Hoagland: 1.4 (B), (D)\n\n"
        "1. Ambassador Hoagland raised the case.\n\nHOAGLAND\n");

    (void)state;
    assert_int_equal(c->n_people, 1);
    assert_string_equal(c->people[0].name, "Richard E. Hoagland");
    assert_int_equal(c->people[0].role, CAB_ROLE_SIGNER);
    cable_free(c);
}

static void test_all_capitals(void **state)
{
    struct cable *c = people_of(
        "1. PRESIDENT NAZARBAYEV SAID THAT AMBASSADOR SMITH HAD MET\n"
        "MR. JONES AND FOREIGN MINISTER TOKAEV IN ASTANA. THE GENERAL\n"
        "ELECTIONS WILL BE HELD. THE AMBASSADOR NOTED THE POINT.\n\nSPRATLEN\n");

    (void)state;
    assert_int_equal(role_of(c, "Nazarbayev"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Smith"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Jones"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Tokaev"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Spratlen"), CAB_ROLE_SIGNER);
    assert_int_equal(role_of(c, "Elections"), -1);
    assert_int_equal(role_of(c, "Noted"), -1);
    assert_int_equal(c->n_people, 5);
    cable_free(c);
}

static void test_rerun_replaces(void **state)
{
    struct cable *c = people_of("1. Galina Morozova spoke.\n");

    (void)state;
    assert_int_equal(c->n_people, 1);
    assert_int_equal(cab_extract_people(c), CAB_OK);
    assert_int_equal(c->n_people, 1);
    cable_free(c);
}

static void test_empty_and_missing_text(void **state)
{
    struct cable *c = cable_new();
    struct cable *d = people_of("");

    (void)state;
    assert_non_null(c);
    assert_int_equal(cab_extract_people(c), CAB_OK);
    assert_int_equal(c->n_people, 0);
    assert_int_equal(d->n_people, 0);
    cable_free(c);
    cable_free(d);
}

static void test_limit_on_people(void **state)
{
    size_t n = CAB_MAX_PEOPLE + 40, len = n * 40 + 1, o = 0;
    char *body = malloc(len);
    struct cable *c;

    (void)state;
    assert_non_null(body);
    for (size_t i = 0; i < n; i++) {
        char sur[8];
        size_t k = i;

        /* A different surname each time: Mr. Baaaov, Mr. Bbaaov... */
        for (int j = 0; j < 4; j++, k /= 26)
            sur[j] = (char)('a' + k % 26);
        sur[4] = '\0';
        o += (size_t)snprintf(body + o, len - o, "Mr. B%sov came. ", sur);
    }
    c = people_of(body);
    assert_int_equal(c->n_people, CAB_MAX_PEOPLE);
    cable_free(c);
    free(body);
}

static void test_hostile_text(void **state)
{
    static const char *const texts[] = {
        "Mr.", "Mr. ", "Classified By:", "Classified By: Ambassador", "E.O. 1(", "E.O. 12065: (,)",
        "''''''''", "- - - -", "A. B. C. D. E.", "\n\n\n\n", "X-\n", "O'", "Al-",
        "President President President", "Ms. O'Neil-", "\xc3\xa9\xc3\xa9 Mr. \xc3\x89mile",
    };

    (void)state;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct cable *c = people_of(texts[i]);

        for (size_t k = 0; k < c->n_people; k++)
            assert_true(strlen(c->people[k].name) > 0);
        cable_free(c);
    }
}

static void test_long_capitals(void **state)
{
    size_t len = 1u << 20;
    char *body = malloc(len + 1);
    struct cable *c;

    (void)state;
    assert_non_null(body);
    for (size_t i = 0; i < len; i++)
        body[i] = (i % 7 == 6) ? ' ' : 'A' + (char)(i % 26);
    body[len] = '\0';
    c = people_of(body);
    cable_free(c);
    free(body);
}

static void test_allocation_failures(void **state)
{
    (void)state;
    for (long n = 0; n < 200; n++) {
        struct cable *c = make("Classified By: DCM Kevin Milas, reasons 1.4 (b)\n"
                               "1. President Nursultan Nazarbayev met Galina Morozova.\n\nSPRATLEN\n",
                               "VISIT OF FOREIGN MINISTER TOKAEV");
        cab_status st;

        cab_alloc_fail_after(n);
        st = cab_extract_people(c);
        cab_alloc_fail_after(-1);
        assert_true(st == CAB_OK || st == CAB_NOMEM);
        if (st == CAB_NOMEM)
            assert_int_equal(c->n_people, 0);
        else
            assert_int_equal(c->n_people, 5);
        cable_free(c);
    }
}

/* The seed cable end to end: the people named in it and nothing else. */
static void test_seed_cable(void **state)
{
    const char *shared = getenv("CABLES_SHARED");
    char path[4096], err[CAB_ERR_SIZE];
    static const char *const not_people[] = {
        "league", "commission", "summary", "comment", "ngo", "embassy", "ministry", "theater",
        "department", "sipdis", "kokshetau", "kazakhstan", "astana", "night stars", "oblast",
    };
    static const char *const places[] = {
        "Kokshetau", "Astana", "Karaganda", "Borovoye", "Akmolinskaya Oblast",
    };
    struct cable *c = NULL;
    FILE *f;
    char *data;
    size_t len;

    (void)state;
    snprintf(path, sizeof path, "%s/corpus/seed/09ASTANA2101.txt", shared ? shared : "../shared");
    f = fopen(path, "rb");
    if (!f)
        skip();
    data = malloc(1u << 20);
    assert_non_null(data);
    len = fread(data, 1, 1u << 20, f);
    fclose(f);
    assert_int_equal(cab_parse_document(data, len, path, &c, err), CAB_OK);
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_int_equal(role_of(c, "Galina Morozova"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Pawel Triszh"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Anatolyi Tarasov"), CAB_ROLE_MENTIONED);
    assert_int_equal(role_of(c, "Spratlen"), CAB_ROLE_SIGNER);
    for (size_t i = 0; i < c->n_people; i++)
        for (size_t k = 0; k < sizeof not_people / sizeof not_people[0]; k++)
            assert_false(contains_caseless(c->people[i].name, not_people[k]));
    for (size_t k = 0; k < sizeof places / sizeof places[0]; k++) {
        size_t i;

        for (i = 0; i < c->n_places; i++)
            if (strcmp(c->places[i].name, places[k]) == 0)
                break;
        if (i == c->n_places)
            fail_msg("place '%s' not found", places[k]);
        assert_string_equal(c->places[i].country, "Kazakhstan");
    }
    cable_free(c);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_person_fullest_form),
        cmocka_unit_test(test_evidence_kinds),
        cmocka_unit_test(test_not_people),
        cmocka_unit_test(test_name_boundaries),
        cmocka_unit_test(test_visitor_tag),
        cmocka_unit_test(test_classifier_lines),
        cmocka_unit_test(test_declassified_is_not_classifier),
        cmocka_unit_test(test_signer),
        cmocka_unit_test(test_signer_and_classifier_are_one),
        cmocka_unit_test(test_all_capitals),
        cmocka_unit_test(test_rerun_replaces),
        cmocka_unit_test(test_empty_and_missing_text),
        cmocka_unit_test(test_limit_on_people),
        cmocka_unit_test(test_hostile_text),
        cmocka_unit_test(test_long_capitals),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_seed_cable),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
