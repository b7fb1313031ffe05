/* Field extraction: each extractor on real-world variants, malformed and
 * hostile input, allocation failures, the seed cable end to end (as a
 * page and as a bare telegram), and every cablegate page when present. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <dirent.h>
#include <regex.h>

#include "cab_mem.h"
#include "cable.h"
#include "corpus.h"
#include "extract.h"

static struct cable *make(const char *id, const char *header, const char *body)
{
    struct cable *c = cable_new();

    assert_non_null(c);
    c->id = id ? strdup(id) : NULL;
    c->header = strdup(header ? header : "");
    c->body = strdup(body);
    c->source_path = strdup("test");
    return c;
}

static struct cable *run(const char *id, const char *header, const char *body)
{
    char err[CAB_ERR_SIZE];
    struct cable *c = make(id, header, body);

    assert_int_equal(cab_extract(c, err), CAB_OK);
    return c;
}

static int has_tag(const struct cable *c, const char *v, enum cab_tag_kind kind)
{
    for (size_t i = 0; i < c->n_tags; i++)
        if (strcmp(c->tags[i].value, v) == 0)
            return c->tags[i].kind == kind;
    return 0;
}

static int has_str(char **v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return 1;
    return 0;
}

static const char *iso(int64_t t)
{
    static char buf[21];

    return cab_time_iso(t, buf);
}

/* --- reference IDs --- */

static void test_ref_normalise(void **state)
{
    char out[CAB_MAX_ID];

    (void)state;
    assert_int_equal(cab_ref_normalise("ASTANA 1206", 9, out), 0);
    assert_string_equal(out, "09ASTANA1206");
    assert_int_equal(cab_ref_normalise("ASTANA 001206", 9, out), 0);
    assert_string_equal(out, "09ASTANA1206");
    assert_int_equal(cab_ref_normalise("08 BAGHDAD 123", 9, out), 0);
    assert_string_equal(out, "08BAGHDAD123");
    assert_int_equal(cab_ref_normalise("SECSTATE 12345", 6, out), 0);
    assert_string_equal(out, "06STATE12345");
    assert_int_equal(cab_ref_normalise("09 STATE 12345", 10, out), 0);
    assert_string_equal(out, "09STATE12345");
    assert_int_equal(cab_ref_normalise("NEW DELHI 5135", 6, out), 0);
    assert_string_equal(out, "06NEWDELHI5135");
    assert_int_equal(cab_ref_normalise("2009 STATE 122247", 10, out), 0);
    assert_string_equal(out, "09STATE122247");
    assert_int_equal(cab_ref_normalise("state 77660", 8, out), 0);
    assert_string_equal(out, "08STATE77660");
    assert_int_equal(cab_ref_normalise("MEMCON OF 5/12", 9, out), -1);
    assert_int_equal(cab_ref_normalise("MAY 12", 9, out), -1);
    assert_int_equal(cab_ref_normalise("", 9, out), -1);
    assert_int_equal(cab_ref_normalise("ASTANA", 9, out), -1);
    assert_int_equal(cab_ref_normalise("ASTANA 0", 9, out), -1);
    assert_int_equal(cab_ref_normalise("ASTANA 123456789", 9, out), -1);
    assert_int_equal(cab_ref_normalise("ASTANA 12", 100, out), -1);
    assert_int_equal(cab_ref_normalise(NULL, 9, out), -1);
    assert_int_equal(cab_ref_normalise("XXXXXXXXXXXX 12", 9, out), -1);
}

static void test_id_given_and_broken(void **state)
{
    const char *body = "CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135\n\nSIPDIS\n\n"
                       "1. (C) Text.\n";
    const char *header = "VZCZCXYZ0000\nOO RUEHWEB\nDE RUEHNE #5135/01 2101234\n"
                         "ZNY CCCCC ZZH\nO 291234Z JUL 06\nFM AMEMBASSY NEW DELHI\n"
                         "TO RUEHC/SECSTATE WASHDC IMMEDIATE 1234\n";
    struct cable *c;

    (void)state;
    c = run("06newdelhi5135", header, body);
    assert_string_equal(c->id, "06NEWDELHI5135");
    cable_free(c);
    c = run("06NEWDELHI005135", header, body);
    assert_string_equal(c->id, "06NEWDELHI5135");
    cable_free(c);
    c = run("08ECTION01OF02MANAMA492", header, body);
    assert_string_equal(c->id, "06NEWDELHI5135");
    cable_free(c);
    c = run(NULL, header, body);
    assert_string_equal(c->id, "06NEWDELHI5135");
    assert_string_equal(c->origin, "Embassy New Delhi");
    cable_free(c);
    c = run("09SECSTATE12345", "", "UNCLASSIFIED STATE 012345\n");
    assert_string_equal(c->id, "09STATE12345");
    cable_free(c);
    /* No post on the classification line: the DE line and FM line. */
    c = run(NULL, header, "CONFIDENTIAL\n\n1. (C) Text.\n");
    assert_string_equal(c->id, "06NEWDELHI5135");
    cable_free(c);
}

static void test_id_missing_is_bad_input(void **state)
{
    char err[CAB_ERR_SIZE];
    struct cable *c = make(NULL, "", "Some text without any marking.\n");

    (void)state;
    assert_int_equal(cab_extract(c, err), CAB_BAD_INPUT);
    assert_non_null(strstr(err, "no reference id"));
    cable_free(c);
    /* A section line but no date: no year for the ID. */
    c = make(NULL, "", "SECRET SECTION 01 OF 02 PARIS 001234\n");
    assert_int_equal(cab_extract(c, err), CAB_BAD_INPUT);
    cable_free(c);
}

/* --- times --- */

static void test_dtg_and_precedence(void **state)
{
    static const struct {
        const char *header;
        const char *iso;
        const char *prec;
    } cases[] = {
        { "P 010447Z DEC 09\nFM AMEMBASSY ASTANA\n", "2009-12-01T04:47:00Z", "PRIORITY" },
        { "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\n", "1979-08-13T04:58:00Z", "ROUTINE" },
        { "O 291108Z NOV 06\n", "2006-11-29T11:08:00Z", "IMMEDIATE" },
        { "Z 010000Z JAN 10\n", "2010-01-01T00:00:00Z", "FLASH" },
        { "O 281806Z DEC 66\n", "1966-12-28T18:06:00Z", "IMMEDIATE" },
        { "O 010101Z MAR 05\nTO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 1\n",
          "2005-03-01T01:01:00Z", "NIACT IMMEDIATE" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct cable *c = run("09ASTANA1", cases[i].header, "UNCLASSIFIED\n");

        assert_string_equal(iso(c->dtg), cases[i].iso);
        assert_string_equal(c->precedence, cases[i].prec);
        assert_string_equal(iso(c->created), cases[i].iso);
        cable_free(c);
    }
}

static void test_dtg_malformed(void **state)
{
    static const char *const headers[] = {
        "P 0104", "P 010447Z", "P 010447Z DEC", "P 320447Z DEC 09", "P 012547Z DEC 09",
        "P 010447Z FOO 09", "", "P 310447Z FEB 09",
    };

    (void)state;
    for (size_t i = 0; i < sizeof headers / sizeof *headers; i++) {
        struct cable *c = run("09ASTANA1", headers[i], "UNCLASSIFIED\n");

        assert_true(c->dtg == CAB_TIME_UNKNOWN);
        assert_null(c->precedence);
        cable_free(c);
    }
}

static void test_dtg_in_partial_extract(void **state)
{
    struct cable *c = run("05PARIS8462", "",
                          "This record is a partial extract of the original cable.\n"
                          "150613Z Dec 05\nC O N F I D E N T I A L SECTION 01 OF 02 PARIS 008462\n");

    (void)state;
    assert_string_equal(iso(c->dtg), "2005-12-15T06:13:00Z");
    assert_null(c->precedence);
    assert_string_equal(c->class_level, "CONFIDENTIAL");
    assert_null(strstr(c->text, "partial extract"));
    cable_free(c);
}

static void test_created_kept(void **state)
{
    struct cable *c = make("09ASTANA2101", "P 010447Z DEC 09\n", "UNCLASSIFIED\n");
    char err[CAB_ERR_SIZE];

    (void)state;
    c->created = cab_time_from_civil(2009, 12, 1, 4, 50, 0);
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_string_equal(iso(c->created), "2009-12-01T04:50:00Z");
    assert_string_equal(iso(c->dtg), "2009-12-01T04:47:00Z");
    cable_free(c);
}

static void test_decl(void **state)
{
    static const struct {
        const char *header; /* gives the cable year */
        const char *line;
        const char *decl;
    } cases[] = {
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL: 01/19/2029", "2029-01-19" },
        { "P 010447Z DEC 09\n", "EO 12958 DECL: 2019/12/01", "2019-12-01" },
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL: 1/9/19", "2019-01-09" },
        { "P 010447Z DEC 99\n", "E.O. 12958: DECL: 12/31/09", "2009-12-31" },
        { "P 010447Z DEC 79\n", "E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P",
          "1985-08-12" },
        { "P 010447Z DEC 09\n", "E.O. 12958: N/A", "N/A" },
        { "P 010447Z DEC 09\n", "E.O. 12958:  DECL:  OADR", "OADR" },
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL: 1.6X1", "1.6X1" },
        { "P 010447Z DEC 09\n", "E.o. 12958: decl: ten years after korean unification",
          "TEN YEARS AFTER KOREAN UNIFICATION" },
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL: 12/31/19 TAGS: PGOV PREL", "2019-12-31" },
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL: 02/30/2019", "02/30/2019" },
        { "P 010447Z DEC 09\n", "E.O. 12958: DECL:", NULL },
        { "P 010447Z DEC 09\n", "EO 12958 XXXXXXXXXXXXX", NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char body[512];
        struct cable *c;

        snprintf(body, sizeof body, "CONFIDENTIAL\n\n%s\nTAGS: PREL\n\n1. (C) Text.\n",
                 cases[i].line);
        c = run("09ASTANA1", cases[i].header, body);
        if (cases[i].decl)
            assert_string_equal(c->decl, cases[i].decl);
        else
            assert_null(c->decl);
        cable_free(c);
    }
}

/* --- classification and caveats --- */

static void test_class_levels(void **state)
{
    static const struct {
        const char *line;
        const char *level;
    } cases[] = {
        { "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980", "CONFIDENTIAL" },
        { "UNCLAS SECTION 01 OF 03 ASTANA 002101", "UNCLASSIFIED" },
        { "S E C R E T CAIRO 005924", "SECRET" },
        { "S e c r e t berlin 001068", "SECRET" },
        { "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED" },
        { "SECRET//NOFORN", "SECRET" },
        { "TOP SECRET", "TOP SECRET" },
        { "LIMITED OFFICIAL USE LONDON 1234", "LIMITED OFFICIAL USE" },
        { "SECRETARY OF STATE MET", NULL },
        { "Nothing here", NULL },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char body[256];
        struct cable *c;

        snprintf(body, sizeof body, "%s\n\n1. Text.\n", cases[i].line);
        c = run("09ASTANA1", "", body);
        if (cases[i].level)
            assert_string_equal(c->class_level, cases[i].level);
        else
            assert_null(c->class_level);
        cable_free(c);
    }
}

static void test_class_from_metadata_and_header(void **state)
{
    struct cable *c = make("09ASTANA1", "", "Text only.\n");
    char err[CAB_ERR_SIZE];

    (void)state;
    c->classification = strdup("SECRET//NOFORN");
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_string_equal(c->class_level, "SECRET");
    assert_true(has_str(c->caveats, c->n_caveats, "NOFORN"));
    cable_free(c);
    c = run("09ASTANA1", "VZCZC\nZNY CCCCC ZZH\n", "Text only.\n");
    assert_string_equal(c->class_level, "CONFIDENTIAL");
    assert_string_equal(c->classification, "CONFIDENTIAL");
    cable_free(c);
}

static void test_caveats(void **state)
{
    const char *body =
        "S E C R E T//NOFORN//REL TO USA, NATO SECTION 01 OF 02 USNATO 000123\n"
        "\nSIPDIS\nNODIS\n\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL\n"
        "SUBJECT: NOFORN IN A SUBJECT IS NOT A MARKING\n\n"
        "1. (S/NF) One.\n2. (SBU) Two.\n3. (C//REL NATO) Three.\n"
        "4. (U//FOUO) Four.\n(C) Five.\n"
        "6. The EXDIS channel was mentioned in prose, and ORCON too.\n"
        "7. (C - ENTIRE TEXT).\n";
    struct cable *c = run("09USNATO123", "", body);

    (void)state;
    assert_string_equal(c->class_level, "SECRET");
    assert_true(has_str(c->caveats, c->n_caveats, "NOFORN"));
    assert_true(has_str(c->caveats, c->n_caveats, "SIPDIS"));
    assert_true(has_str(c->caveats, c->n_caveats, "NODIS"));
    assert_true(has_str(c->caveats, c->n_caveats, "SBU"));
    assert_true(has_str(c->caveats, c->n_caveats, "FOUO"));
    assert_true(has_str(c->caveats, c->n_caveats, "REL USA, NATO"));
    assert_true(has_str(c->caveats, c->n_caveats, "REL NATO"));
    assert_false(has_str(c->caveats, c->n_caveats, "EXDIS"));
    assert_false(has_str(c->caveats, c->n_caveats, "ORCON"));
    assert_int_equal(c->n_marked_paragraphs, 6);
    assert_string_equal(c->classification, "SECRET//NOFORN");
    cable_free(c);

    c = run("09ASTANA1", "", "UNCLASSIFIED//FOR OFFICIAL USE ONLY\n\nText.\n");
    assert_true(has_str(c->caveats, c->n_caveats, "FOUO"));
    assert_int_equal(c->n_caveats, 1);
    assert_string_equal(c->classification, "UNCLASSIFIED//FOR OFFICIAL USE ONLY");
    cable_free(c);
}

/* --- origin --- */

static void test_origin_canonical(void **state)
{
    static const char *const cases[][2] = {
        { "AMEMBASSY ASTANA", "Embassy Astana" },
        { "Embassy Astana", "Embassy Astana" },
        { "embassy astana", "Embassy Astana" },
        { "AMEMBASSY NEW DELHI", "Embassy New Delhi" },
        { "AMCONSUL RIO DE JANEIRO", "Consulate Rio De Janeiro" },
        { "SECSTATE WASHDC", "Secretary of State" },
        { "Secretary of State", "Secretary of State" },
        { "USMISSION USNATO", "Mission USNATO" },
        { "Mission USNATO", "Mission USNATO" },
        { "USMISSION UNVIE VIENNA", "UNVIE" },
        { "USEU BRUSSELS", "USEU Brussels" },
        { "USINT HAVANA", "US Interests Section Havana" },
        { "RPO DUBAI", "Iran RPO Dubai" },
        { "IRAN RPO DUBAI", "Iran RPO Dubai" },
        { "AMEMBASSY KIEV", "Embassy Kyiv" },
        { "RUEHTA/AMEMBASSY ASTANA PRIORITY 6933", "Embassy Astana" },
        { "AMEMBASSY PORT AU PRINCE", "Embassy Port Au Prince" },
        { "", "" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *o = cab_origin_canonical(cases[i][0]);

        assert_non_null(o);
        assert_string_equal(o, cases[i][1]);
        cab_free(o);
    }
}

static void test_origin_from_fm_line(void **state)
{
    struct cable *c = run("09ASTANA2101", "P 010447Z DEC 09\nFM AMEMBASSY ASTANA\nTO X\n",
                          "UNCLASSIFIED\n");

    (void)state;
    assert_string_equal(c->origin, "Embassy Astana");
    cable_free(c);
}

/* --- subject --- */

static void test_subject(void **state)
{
    static const struct {
        const char *lines;
        const char *subject;
    } cases[] = {
        { "SUBJECT: KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO\n"
          "MAKES A BIG DIFFERENCE IN A SMALL PLACE\n\nREFTEL: ASTANA 1206\n",
          "KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO MAKES A BIG DIFFERENCE IN "
          "A SMALL PLACE" },
        { "SUBJ:   SHORT    ONE\nREF: STATE 1234\n", "SHORT ONE" },
        { "Subject: (s) germany requests release\nnonpaper to the customs\nRef: a. State 77660\n",
          "(s) germany requests release nonpaper to the customs" },
        { "SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939\n",
          "(C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIME" },
        { "SUBJECT: WRAPPED\nCLASSIFIED BY: SOMEONE\n", "WRAPPED" },
        { "SUBJECT: WRAPPED\n1. (C) Paragraph.\n", "WRAPPED" },
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char body[1024];
        struct cable *c;

        snprintf(body, sizeof body, "CONFIDENTIAL\n\nTAGS: PREL\n%s\n1. (C) Text.\n",
                 cases[i].lines);
        c = run("09ASTANA1", "", body);
        assert_string_equal(c->subject, cases[i].subject);
        cable_free(c);
    }
}

static void test_subject_from_source_kept(void **state)
{
    struct cable *c = make("09ASTANA1", "", "CONFIDENTIAL\n\n1. (C) Text.\n");
    char err[CAB_ERR_SIZE];

    (void)state;
    c->subject = strdup("TITLE FROM THE PAGE");
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_string_equal(c->subject, "TITLE FROM THE PAGE");
    cable_free(c);
}

/* --- tags --- */

static struct cable *tags_of(const char *line)
{
    char body[8192];

    snprintf(body, sizeof body, "CONFIDENTIAL\n\nE.O. 12958: N/A\n%s\nSUBJECT: X\n\n1. Text.\n",
             line);
    return run("09ASTANA1", "", body);
}

static void test_tags_kinds(void **state)
{
    struct cable *c = tags_of("TAGS: PGOV ELAB SMIG SOCI KCRM KTIP KWMN KZ NATO IAEA XA");

    (void)state;
    assert_int_equal(c->n_tags, 11);
    assert_true(has_tag(c, "PGOV", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "ELAB", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "KTIP", CAB_TAG_PROGRAM));
    assert_true(has_tag(c, "KZ", CAB_TAG_COUNTRY));
    assert_true(has_tag(c, "NATO", CAB_TAG_ORGANIZATION));
    assert_true(has_tag(c, "IAEA", CAB_TAG_ORGANIZATION));
    assert_true(has_tag(c, "XA", CAB_TAG_OTHER));
    assert_int_equal(c->n_countries, 1);
    assert_string_equal(c->countries[0].code, "KZ");
    assert_string_equal(c->countries[0].name, "Kazakhstan");
    cable_free(c);
}

static void test_tags_variants(void **state)
{
    struct cable *c;

    (void)state;
    c = tags_of("TAGS PREL, PGOV, MO, FR ");
    assert_int_equal(c->n_tags, 4);
    assert_true(has_tag(c, "MO", CAB_TAG_COUNTRY));
    cable_free(c);
    c = tags_of("Tags: parm, prel, ettc, mtcre, ksca, ir, aec, gm");
    assert_true(has_tag(c, "PARM", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "MTCRE", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "GM", CAB_TAG_COUNTRY));
    assert_false(has_tag(c, "AEC", CAB_TAG_OTHER)); /* not a known tag, not a tag shape */
    assert_int_equal(c->n_tags, 7);
    cable_free(c);
    c = tags_of("TAGS: PREL PGOV ECON\nIZ IR");
    assert_int_equal(c->n_tags, 5);
    assert_true(has_tag(c, "IR", CAB_TAG_COUNTRY));
    cable_free(c);
    c = tags_of("TAGS: PGOVPRELKZ EAID,ECON");
    assert_int_equal(c->n_tags, 5);
    assert_true(has_tag(c, "PGOV", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "KZ", CAB_TAG_COUNTRY));
    assert_true(has_tag(c, "EAID", CAB_TAG_SUBJECT));
    cable_free(c);
    c = tags_of("TAGS: PREL, PGOV, MOPS, IZ, TAGS PREL, PGOV, MOPS, IZ, TAGS");
    assert_int_equal(c->n_tags, 4);
    cable_free(c);
    c = tags_of("TAGS: PREL BRUSSELS POLITICS HELLOWORLD QQQQ ZZZZZZZZ");
    assert_int_equal(c->n_tags, 1);
    cable_free(c);
    c = tags_of("TAGS:");
    assert_int_equal(c->n_tags, 0);
    cable_free(c);
    c = run("09ASTANA1", "", "CONFIDENTIAL\n\nTAGS: PREL SUBJECT: SUBJECT ON THE TAGS LINE\n\n1. X\n");
    assert_int_equal(c->n_tags, 1);
    assert_string_equal(c->subject, "SUBJECT ON THE TAGS LINE");
    cable_free(c);
    c = tags_of("TAGS: PREL SUBJECT: NOT THIS ONE");
    assert_string_equal(c->subject, "X");
    cable_free(c);
}

static void test_tags_in_eo_line(void **state)
{
    struct cable *c = run("09ASTANA1", "",
                          "CONFIDENTIAL\n\nE.O. 12958: DECL: 12/31/19 TAGS: PGOV PREL ECON RP\n"
                          "SUBJECT: X\n\n1. Text.\n");

    (void)state;
    assert_int_equal(c->n_tags, 4);
    assert_true(has_tag(c, "RP", CAB_TAG_COUNTRY));
    assert_string_equal(c->decl, "2019-12-31");
    cable_free(c);
}

static void test_tags_people(void **state)
{
    struct cable *c = tags_of("TAGS: PREL OVIP (CLINTON, HILLARY) OREP (STEINBERG, JAMES B.) KZ");

    (void)state;
    assert_true(has_tag(c, "OVIP", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "CLINTON, HILLARY", CAB_TAG_PERSON));
    assert_true(has_tag(c, "STEINBERG, JAMES B.", CAB_TAG_PERSON));
    assert_true(has_tag(c, "KZ", CAB_TAG_COUNTRY));
    cable_free(c);
    c = tags_of("TAGS: OVIP CLINTON HILLARY PREL");
    assert_true(has_tag(c, "CLINTON, HILLARY", CAB_TAG_PERSON));
    assert_true(has_tag(c, "PREL", CAB_TAG_SUBJECT));
    cable_free(c);
    c = tags_of("TAGS: ovip (steinberg, james b.");
    assert_true(has_tag(c, "STEINBERG, JAMES B.", CAB_TAG_PERSON));
    cable_free(c);
}

static void test_tags_many(void **state)
{
    static char line[60000];
    size_t o = 0;
    struct cable *c;
    char err[CAB_ERR_SIZE];
    char *body;

    (void)state;
    o += (size_t)snprintf(line, sizeof line, "TAGS:");
    for (int i = 0; i < 10000 && o + 8 < sizeof line; i++)
        o += (size_t)snprintf(line + o, sizeof line - o, " K%c%c%c", 'A' + i % 26,
                              'A' + (i / 26) % 26, 'A' + (i / 676) % 26);
    body = malloc(o + 100);
    assert_non_null(body);
    snprintf(body, o + 100, "CONFIDENTIAL\n\n%s\n\n1. Text.\n", line);
    c = make("09ASTANA1", "", body);
    free(body);
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_int_equal(c->n_tags, CAB_MAX_TAGS);
    cable_free(c);
}

static void test_countries(void **state)
{
    (void)state;
    assert_string_equal(cab_country_name("GM"), "Germany");
    assert_string_equal(cab_country_name("ch"), "China");
    assert_string_equal(cab_country_name("IZ"), "Iraq");
    assert_string_equal(cab_country_name("KS"), "South Korea");
    assert_string_equal(cab_country_name("KN"), "North Korea");
    assert_string_equal(cab_country_name("UP"), "Ukraine");
    assert_string_equal(cab_country_name("AS"), "Australia");
    assert_string_equal(cab_country_name("AU"), "Austria");
    assert_string_equal(cab_country_name("BM"), "Burma");
    assert_null(cab_country_name("XA"));
    assert_null(cab_country_name("G"));
    assert_null(cab_country_name("GMX"));
    assert_null(cab_country_name(NULL));
    assert_string_equal(cab_country_code("germany"), "GM");
    assert_string_equal(cab_country_code("South Korea"), "KS");
    assert_string_equal(cab_country_code("korea, south"), "KS");
    assert_string_equal(cab_country_code("Myanmar"), "BM");
    assert_string_equal(cab_country_code("United Arab Emirates"), "AE");
    assert_string_equal(cab_country_code("RUSSIA"), "RS");
    assert_null(cab_country_code("Atlantis"));
    assert_null(cab_country_code(NULL));
}

/* --- references --- */

static struct cable *refs_of(const char *block)
{
    char body[4096];

    snprintf(body, sizeof body,
             "CONFIDENTIAL SECTION 01 OF 02 ANKARA 000999\n\nSIPDIS\n\nE.O. 12958: DECL: "
             "01/01/2019\nTAGS: PREL\nSUBJECT: X\n\n%s\n\nClassified By: A for reasons 1.4 "
             "(b)\n\n1. (C) Paragraph citing STATE 55555 in prose.\n",
             block);
    return run("09ANKARA999", "P 010447Z DEC 09\n", body);
}

static void test_refs(void **state)
{
    struct cable *c;

    (void)state;
    c = refs_of("REFTEL: ASTANA 1206");
    assert_int_equal(c->n_refs, 1);
    assert_string_equal(c->refs[0], "09ASTANA1206");
    cable_free(c);
    c = refs_of("REF: A. 09 STATE 12345 B. MEMCON OF 5/12");
    assert_int_equal(c->n_refs, 1);
    assert_string_equal(c->refs[0], "09STATE12345");
    cable_free(c);
    c = refs_of("REFS: A) BRASILIA 2799 AND 2764\n(B) ANKARA 1234, 1235\n"
                "C. SECSTATE 123456\nD. 08 BAGHDAD 123 AND PREVIOUS");
    assert_int_equal(c->n_refs, 6);
    assert_true(has_str(c->refs, c->n_refs, "09BRASILIA2799"));
    assert_true(has_str(c->refs, c->n_refs, "09BRASILIA2764"));
    assert_true(has_str(c->refs, c->n_refs, "09ANKARA1234"));
    assert_true(has_str(c->refs, c->n_refs, "09ANKARA1235"));
    assert_true(has_str(c->refs, c->n_refs, "09STATE123456"));
    assert_true(has_str(c->refs, c->n_refs, "08BAGHDAD123"));
    assert_false(has_str(c->refs, c->n_refs, "09STATE55555"));
    cable_free(c);
    c = refs_of("REF A: ASTANA 001206\n\nB. NEW DELHI 5135");
    assert_int_equal(c->n_refs, 2);
    assert_true(has_str(c->refs, c->n_refs, "09ASTANA1206"));
    assert_true(has_str(c->refs, c->n_refs, "09NEWDELHI5135"));
    cable_free(c);
    /* Self-references and duplicates go. */
    c = refs_of("REF: ANKARA 999 AND ANKARA 1000; ANKARA 1000");
    assert_int_equal(c->n_refs, 1);
    assert_string_equal(c->refs[0], "09ANKARA1000");
    cable_free(c);
    c = refs_of("REF: ??? %%% 12 MAY 2009 PARA 3 E-MAIL OF 3/4/09 XXXXXXXXXXXX 12");
    assert_int_equal(c->n_refs, 0);
    cable_free(c);
    c = refs_of("Ref: a. State 77660\nb. Berlin 1000");
    assert_int_equal(c->n_refs, 2);
    assert_true(has_str(c->refs, c->n_refs, "09STATE77660"));
    assert_true(has_str(c->refs, c->n_refs, "09BERLIN1000"));
    cable_free(c);
}

static void test_refs_capped(void **state)
{
    char *block = malloc(16000);
    size_t o = 0;
    struct cable *c;

    (void)state;
    assert_non_null(block);
    o += (size_t)snprintf(block, 16000, "REF:");
    for (int i = 1; i <= 400 && o + 20 < 16000; i++)
        o += (size_t)snprintf(block + o, 16000 - o, " PARIS %d,", i);
    c = refs_of(block);
    free(block);
    assert_int_equal(c->n_refs, CAB_MAX_REFS);
    cable_free(c);
}

/* --- text --- */

static void test_text_boilerplate_out(void **state)
{
    const char *body =
        "UNCLAS SECTION 01 OF 03 ASTANA 002101\n\nSIPDIS\n\nSTATE FOR INL/AAE\n\n"
        "E.O. 12958: N/A\nTAGS: PGOV KZ\nSUBJECT: SUBJECTLINE WORDS\nWRAPPED SUBJECTWORD\n\n"
        "ASTANA 00002101 001.3 OF 003\n\nREFTEL: ASTANA 1206\n\n"
        "1. SUMMARY: First paragraph with XXXXXXXXXXXX and xxxxxxxx names.\n\n"
        "ASTANA 00002101 002.3 OF 003\n\nUNCLAS SECTION 02 OF 03 ASTANA 002101\n\n"
        "2. Second paragraph, XXXXXXXXXXXX again; a XXX stays.\n\nSPRATLEN\n";
    struct cable *c = run("09ASTANA2101", "", body);

    (void)state;
    assert_non_null(strstr(c->text, "STATE FOR INL/AAE"));
    assert_non_null(strstr(c->text, "1. SUMMARY: First paragraph with  and  names."));
    assert_non_null(strstr(c->text, "2. Second paragraph,  again; a XXX stays."));
    assert_non_null(strstr(c->text, "SPRATLEN"));
    assert_null(strstr(c->text, "SIPDIS"));
    assert_null(strstr(c->text, "SECTION"));
    assert_null(strstr(c->text, "002.3 OF 003"));
    assert_null(strstr(c->text, "E.O."));
    assert_null(strstr(c->text, "TAGS"));
    assert_null(strstr(c->text, "SUBJECTWORD"));
    assert_null(strstr(c->text, "REFTEL"));
    assert_int_equal(c->n_redactions, 3);
    cable_free(c);
}

static void test_empty_body(void **state)
{
    struct cable *c = run("09ASTANA1", "", "");

    (void)state;
    assert_string_equal(c->text, "");
    assert_null(c->class_level);
    assert_int_equal(c->n_tags, 0);
    cable_free(c);
}

static void test_rerun_replaces(void **state)
{
    struct cable *c = tags_of("TAGS: PREL KZ");
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(cab_extract(c, err), CAB_OK);
    assert_int_equal(c->n_tags, 2);
    assert_int_equal(c->n_countries, 1);
    cable_free(c);
}

static void test_alloc_failures(void **state)
{
    const char *body =
        "S E C R E T//NOFORN SECTION 01 OF 02 ANKARA 000999\n\nSIPDIS\n\nE.O. 12958: DECL: "
        "01/01/2019\nTAGS: PREL OVIP (CLINTON, HILLARY) KZ\nSUBJECT: X Y\n\nREF: STATE 1\n\n"
        "1. (S/NF) Text XXXXXXXXX.\n";
    int succeeded = 0;

    (void)state;
    for (long n = 0; n < 400 && !succeeded; n++) {
        struct cable *c = make(NULL, "P 010447Z DEC 09\nFM AMEMBASSY ANKARA\n", body);
        char err[CAB_ERR_SIZE];
        cab_status st;

        cab_alloc_fail_after(n);
        st = cab_extract(c, err);
        cab_alloc_fail_after(-1);
        if (st != CAB_OK && st != CAB_NOMEM)
            fail_msg("allocation %ld: status %d: %s", n, (int)st, err);
        if (st == CAB_NOMEM)
            assert_non_null(strstr(err, "out of memory"));
        succeeded = st == CAB_OK;
        if (succeeded) {
            assert_string_equal(c->id, "09ANKARA999");
            assert_int_equal(c->n_refs, 1);
        }
        cable_free(c);
    }
    assert_true(succeeded);
}

/* --- end to end --- */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long size;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    data = malloc((size_t)size + 1);
    assert_non_null(data);
    *len = fread(data, 1, (size_t)size, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

static const char *shared_dir(void)
{
    const char *d = getenv("CABLES_SHARED");

    return d ? d : "/work/shared";
}

static void check_seed(const struct cable *c, int whole)
{
    assert_string_equal(c->id, "09ASTANA2101");
    assert_string_equal(iso(c->created), "2009-12-01T04:47:00Z");
    assert_string_equal(c->origin, "Embassy Astana");
    assert_string_equal(c->class_level, "UNCLASSIFIED");
    assert_string_equal(iso(c->dtg), "2009-12-01T04:47:00Z");
    assert_string_equal(c->precedence, "PRIORITY");
    if (!whole)
        return;
    assert_int_equal(c->n_tags, 8);
    assert_true(has_tag(c, "PGOV", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "ELAB", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "SMIG", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "SOCI", CAB_TAG_SUBJECT));
    assert_true(has_tag(c, "KCRM", CAB_TAG_PROGRAM));
    assert_true(has_tag(c, "KTIP", CAB_TAG_PROGRAM));
    assert_true(has_tag(c, "KWMN", CAB_TAG_PROGRAM));
    assert_true(has_tag(c, "KZ", CAB_TAG_COUNTRY));
    assert_int_equal(c->n_countries, 1);
    assert_string_equal(c->countries[0].name, "Kazakhstan");
    assert_int_equal(c->n_refs, 1);
    assert_string_equal(c->refs[0], "09ASTANA1206");
    assert_string_equal(c->decl, "N/A");
    assert_true(has_str(c->caveats, c->n_caveats, "SIPDIS"));
    assert_string_equal(c->subject, "KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO "
                                    "MAKES A BIG DIFFERENCE IN A SMALL PLACE");
    assert_non_null(strstr(c->text, "Galina Morozova"));
    assert_null(strstr(c->text, "00002101 002.3 OF 003"));
}

static void test_seed(void **state)
{
    char path[1024], err[CAB_ERR_SIZE];
    size_t len = 0;
    char *data, *tele;
    struct cable *c;

    (void)state;
    snprintf(path, sizeof path, "%s/corpus/seed/09ASTANA2101.txt", shared_dir());
    data = slurp(path, &len);
    if (!data)
        skip();
    assert_int_equal(cab_parse_document(data, len, path, &c, err), CAB_OK);
    assert_int_equal(cab_extract(c, err), CAB_OK);
    check_seed(c, 1);
    cable_free(c);

    /* The same cable as a bare telegram: metadata lines removed. */
    tele = strstr(data, "VZCZC");
    assert_non_null(tele);
    assert_int_equal(cab_parse_document(tele, len - (size_t)(tele - data), "tele", &c, err),
                     CAB_OK);
    assert_int_equal(cab_extract(c, err), CAB_OK);
    check_seed(c, 1);
    cable_free(c);
    free(data);
}

static int check_page(const char *path, const regex_t *re)
{
    char err[CAB_ERR_SIZE];
    size_t len = 0;
    char *data = slurp(path, &len);
    struct cable *c = NULL;
    int ok;

    if (!data)
        return 0;
    ok = cab_parse_document(data, len, path, &c, err) == CAB_OK && cab_extract(c, err) == CAB_OK &&
         c->id && regexec(re, c->id, 0, NULL, 0) == 0 && c->class_level && c->origin &&
         c->origin[0] && c->text;
    cable_free(c);
    free(data);
    return ok;
}

static void walk(const char *dir, const regex_t *re, int *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        char path[2048];
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            walk(path, re, n);
        } else if (strstr(e->d_name, ".html")) {
            if (!check_page(path, re))
                fail_msg("extraction failed for '%s'", path);
            (*n)++;
        }
    }
    closedir(d);
}

static void test_all_pages(void **state)
{
    char dir[1024];
    regex_t re;
    int n = 0;

    (void)state;
    snprintf(dir, sizeof dir, "%s/corpus/cablegate-html", shared_dir());
    if (access(dir, R_OK) != 0)
        skip();
    assert_int_equal(regcomp(&re, "^[0-9]{2}[A-Z]+[0-9]+$", REG_EXTENDED | REG_NOSUB), 0);
    walk(dir, &re, &n);
    regfree(&re);
    assert_true(n > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ref_normalise),
        cmocka_unit_test(test_id_given_and_broken),
        cmocka_unit_test(test_id_missing_is_bad_input),
        cmocka_unit_test(test_dtg_and_precedence),
        cmocka_unit_test(test_dtg_malformed),
        cmocka_unit_test(test_dtg_in_partial_extract),
        cmocka_unit_test(test_created_kept),
        cmocka_unit_test(test_decl),
        cmocka_unit_test(test_class_levels),
        cmocka_unit_test(test_class_from_metadata_and_header),
        cmocka_unit_test(test_caveats),
        cmocka_unit_test(test_origin_canonical),
        cmocka_unit_test(test_origin_from_fm_line),
        cmocka_unit_test(test_subject),
        cmocka_unit_test(test_subject_from_source_kept),
        cmocka_unit_test(test_tags_kinds),
        cmocka_unit_test(test_tags_variants),
        cmocka_unit_test(test_tags_in_eo_line),
        cmocka_unit_test(test_tags_people),
        cmocka_unit_test(test_tags_many),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_refs_capped),
        cmocka_unit_test(test_text_boilerplate_out),
        cmocka_unit_test(test_empty_body),
        cmocka_unit_test(test_rerun_replaces),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_seed),
        cmocka_unit_test(test_all_pages),
    };
    char err[CAB_ERR_SIZE];
    int rc;

    if (cab_extract_init(err) != CAB_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    rc = cmocka_run_group_tests(tests, NULL, NULL);
    cab_extract_shutdown();
    return rc;
}
