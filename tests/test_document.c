#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "cable.h"
#include "document.h"
#include "record.h"
#include "schema.h"
#include "xw.h"

static struct cable *sample_cable(void)
{
    struct cable *c = cable_new();

    assert_non_null(c);
    c->id = cab_strdup("09ASTANA2101");
    c->created = cab_time_from_civil(2009, 12, 1, 4, 47, 0);
    c->classification = cab_strdup("SECRET//NOFORN");
    c->origin = cab_strdup("Embassy Astana");
    c->subject = cab_strdup("SHELTERS for Trafficking");
    c->body = cab_strdup("unused when text is set");
    c->text = cab_strdup("The shelter in F-35 Kokshetau shelters victims.");
    c->source_path = cab_strdup("/corpus/09ASTANA2101.html");
    c->source_offset = 42;
    c->format = CAB_FORMAT_HTML;
    c->class_level = cab_strdup("SECRET");
    c->n_caveats = 2;
    c->caveats = cab_calloc(2, sizeof *c->caveats);
    c->caveats[0] = cab_strdup("SIPDIS");
    c->caveats[1] = cab_strdup("NOFORN");
    c->n_tags = 3;
    c->tags = cab_calloc(3, sizeof *c->tags);
    c->tags[0].value = cab_strdup("PGOV");
    c->tags[1].value = cab_strdup("ktip");
    c->tags[2].value = cab_strdup("KZ");
    c->tags[2].kind = CAB_TAG_COUNTRY;
    c->n_countries = 1;
    c->countries = cab_calloc(1, sizeof *c->countries);
    c->countries[0].code = cab_strdup("KZ");
    c->countries[0].name = cab_strdup("Kazakhstan");
    c->n_refs = 1;
    c->refs = cab_calloc(1, sizeof *c->refs);
    c->refs[0] = cab_strdup("09ASTANA1206");
    c->n_people = 1;
    c->people = cab_calloc(1, sizeof *c->people);
    c->people[0].name = cab_strdup("Galina Morozova");
    c->n_places = 1;
    c->places = cab_calloc(1, sizeof *c->places);
    c->places[0].name = cab_strdup("Akmolinskaya Oblast");
    return c;
}

/* All terms as "term:wdf\n" lines, in sorted order. */
static int collect(const char *term, size_t len, uint32_t freq, void *ctx)
{
    char line[300];

    snprintf(line, sizeof line, "%.*s:%u\n", (int)len, term, (unsigned)freq);
    strcat((char *)ctx, line);
    return 0;
}

static void assert_has(const char *all, const char *line)
{
    char want[300];

    snprintf(want, sizeof want, "\n%s\n", line);
    if (!strstr(all, want))
        fail_msg("missing term line '%s' in:\n%s", line, all);
}

static void assert_value(const xw_doc *doc, enum cab_slot slot, const char *want)
{
    size_t len;
    const char *v = xw_doc_value(doc, (unsigned)slot, &len);

    assert_int_equal(len, strlen(want));
    assert_memory_equal(v, want, len);
}

static void test_terms_follow_schema(void **state)
{
    static char all[16384];
    struct cable *c = sample_cable();
    cab_doc_builder *b;
    xw_doc *doc;
    char err[CAB_ERR_SIZE];
    uint64_t hash = 0;

    (void)state;
    assert_int_equal(cab_doc_builder_new(0, &b), CAB_OK);
    assert_int_equal(cab_doc_build(b, c, &doc, &hash, err), CAB_OK);
    strcpy(all, "\n");
    assert_int_equal(xw_doc_terms(doc, collect, all), CAB_OK);

    /* Unique ID and boolean fields (wdf 0), cased as schema.h says. */
    assert_has(all, "Q09ASTANA2101:0");
    assert_has(all, "KPGOV:0");
    assert_has(all, "KKTIP:0");
    assert_has(all, "KKZ:0");
    assert_has(all, "XCKZ:0");
    assert_has(all, "XOembassy astana:0");
    assert_has(all, "XOWastana:0");
    assert_has(all, "XOWembassy:0");
    assert_has(all, "XLsecret:0");
    assert_has(all, "XMsecret//noforn:0");
    assert_has(all, "XVnoforn:0");
    assert_has(all, "XVsipdis:0");
    assert_has(all, "XPgalina morozova:0");
    assert_has(all, "XPWmorozova:0");
    assert_has(all, "XGakmolinskaya oblast:0");
    assert_has(all, "XR09ASTANA1206:0");
    assert_has(all, "XY2009:0");
    assert_has(all, "XN2009-12:0");
    assert_has(all, "XS/corpus/09ASTANA2101.html:0");

    /* Subject words weigh CAB_SUBJECT_WDF and are also S and ZS terms;
     * 'shelters' occurs once in the subject and once in the text. */
    assert_has(all, "shelters:4");
    assert_has(all, "Sshelters:1");
    assert_has(all, "Strafficking:1");
    assert_has(all, "ZSshelter:1");
    assert_has(all, "Ztraffick:3");
    assert_has(all, "Zshelter:5");
    assert_has(all, "shelter:1");
    assert_has(all, "f:1");
    assert_has(all, "35:1");
    assert_has(all, "Z35:1");
    assert_has(all, "kokshetau:1");
    assert_has(all, "Zkokshetau:1");
    /* The body is not indexed when the ranking text is there. */
    assert_null(strstr(all, "\nunused:"));

    assert_value(doc, CAB_SLOT_CREATED, "20091201044700");
    assert_value(doc, CAB_SLOT_ID, "09ASTANA2101");
    assert_value(doc, CAB_SLOT_ORIGIN, "Embassy Astana");
    assert_value(doc, CAB_SLOT_CLASS, "SECRET");
    assert_value(doc, CAB_SLOT_MARKING, "SECRET//NOFORN");
    assert_value(doc, CAB_SLOT_YEAR, "2009");
    assert_value(doc, CAB_SLOT_MONTH, "2009-12");
    assert_value(doc, CAB_SLOT_TAGS, "KZ\nPGOV\nktip");
    assert_value(doc, CAB_SLOT_COUNTRIES, "KZ");
    assert_value(doc, CAB_SLOT_PEOPLE, "Galina Morozova");
    assert_value(doc, CAB_SLOT_PLACES, "Akmolinskaya Oblast");
    assert_value(doc, CAB_SLOT_CAVEATS, "NOFORN\nSIPDIS");
    assert_value(doc, CAB_SLOT_SOURCE, "/corpus/09ASTANA2101.html\n42");
    {
        char hex[17];

        cab_doc_hash_hex(hash, hex);
        assert_value(doc, CAB_SLOT_HASH, hex);
    }

    /* The data decodes back to the cable. */
    {
        size_t len;
        const char *data = xw_doc_data(doc, &len);
        struct cable *d;

        assert_int_equal(cab_record_decode(data, len, &d), CAB_OK);
        assert_string_equal(d->id, c->id);
        assert_string_equal(d->text, c->text);
        cable_free(d);
    }
    xw_doc_free(doc);
    cab_doc_builder_free(b);
    cable_free(c);
}

/* Positions allow phrases, and the spelling dictionary learns text words. */
static void test_positions_make_phrases(void **state)
{
    struct cable *c = sample_cable();
    cab_doc_builder *b;
    xw_doc *doc;
    xw_db *db;
    xw_query *t[2], *phrase;
    xw_results *res;
    struct xw_search_opts opts = { 0 };
    char err[CAB_ERR_SIZE], dir[] = "/tmp/test_document_XXXXXX";

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(xw_db_open_writable(dir, XW_CREATE_OR_OVERWRITE, &db, err), CAB_OK);
    assert_int_equal(cab_doc_builder_new(1, &b), CAB_OK);
    assert_int_equal(cab_doc_build(b, c, &doc, NULL, err), CAB_OK);
    assert_int_equal(xw_db_replace(db, "Q09ASTANA2101", doc), CAB_OK);
    assert_int_equal(cab_doc_spelling_flush(b, db), CAB_OK);
    assert_int_equal(xw_db_commit(db), CAB_OK);

    opts.count = 10;
    opts.check_at_least = UINT32_MAX;
    assert_int_equal(xw_query_term("f", 1, &t[0]), CAB_OK);
    assert_int_equal(xw_query_term("35", 1, &t[1]), CAB_OK);
    assert_int_equal(xw_query_combine(XW_OP_PHRASE, t, 2, 0, &phrase), CAB_OK);
    assert_int_equal(xw_search(db, phrase, &opts, &res, err), CAB_OK);
    assert_int_equal(xw_results_total(res), 1);
    xw_results_free(res);
    xw_query_free(phrase);
    /* Subject and text do not join into one phrase. */
    xw_query_free(t[0]);
    assert_int_equal(xw_query_term("trafficking", 1, &t[0]), CAB_OK);
    xw_query_free(t[1]);
    assert_int_equal(xw_query_term("the", 1, &t[1]), CAB_OK);
    assert_int_equal(xw_query_combine(XW_OP_PHRASE, t, 2, 0, &phrase), CAB_OK);
    assert_int_equal(xw_search(db, phrase, &opts, &res, err), CAB_OK);
    assert_int_equal(xw_results_total(res), 0);
    xw_results_free(res);
    xw_query_free(phrase);
    xw_query_free(t[0]);
    xw_query_free(t[1]);

    {
        char *s = NULL;

        assert_int_equal(xw_db_suggest(db, "kokshetaw", &s), CAB_OK);
        assert_string_equal(s, "kokshetau");
        free(s);
    }
    xw_doc_free(doc);
    cab_doc_builder_free(b);
    xw_db_close(db);
    cable_free(c);
    {
        char cmd[128];

        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
    }
}

static void test_cable_without_id_is_bad_input(void **state)
{
    struct cable *c = sample_cable();
    cab_doc_builder *b;
    xw_doc *doc = (xw_doc *)&doc;
    char err[CAB_ERR_SIZE];

    (void)state;
    cab_free(c->id);
    c->id = NULL;
    assert_int_equal(cab_doc_builder_new(0, &b), CAB_OK);
    assert_int_equal(cab_doc_build(b, c, &doc, NULL, err), CAB_BAD_INPUT);
    assert_null(doc);
    assert_non_null(strstr(err, "reference ID"));
    cab_doc_builder_free(b);
    cable_free(c);
}

static void test_empty_cable_has_id_only(void **state)
{
    static char all[4096];
    struct cable *c = cable_new();
    cab_doc_builder *b;
    xw_doc *doc;
    char err[CAB_ERR_SIZE];

    (void)state;
    c->id = cab_strdup("10STATE1");
    assert_int_equal(cab_doc_builder_new(0, &b), CAB_OK);
    assert_int_equal(cab_doc_build(b, c, &doc, NULL, err), CAB_OK);
    strcpy(all, "\n");
    assert_int_equal(xw_doc_terms(doc, collect, all), CAB_OK);
    assert_string_equal(all, "\nQ10STATE1:0\n");
    xw_doc_free(doc);
    cab_doc_builder_free(b);
    cable_free(c);
}

static void test_allocation_failures(void **state)
{
    struct cable *c = sample_cable();
    cab_doc_builder *b = NULL;
    xw_doc *doc = NULL;
    char err[CAB_ERR_SIZE];
    cab_status rc;
    long n;

    (void)state;
    for (n = 0;; n++) {
        cab_alloc_fail_after(n);
        rc = cab_doc_builder_new(1, &b);
        if (rc == CAB_OK)
            rc = cab_doc_build(b, c, &doc, NULL, err);
        cab_alloc_fail_after(-1);
        if (rc == CAB_OK)
            break;
        assert_int_equal(rc, CAB_NOMEM);
        assert_null(doc);
        cab_doc_builder_free(b);
        b = NULL;
    }
    assert_true(n > 3);
    xw_doc_free(doc);
    cab_doc_builder_free(b);
    cable_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms_follow_schema),
        cmocka_unit_test(test_positions_make_phrases),
        cmocka_unit_test(test_cable_without_id_is_bad_input),
        cmocka_unit_test(test_empty_cable_has_id_only),
        cmocka_unit_test(test_allocation_failures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
