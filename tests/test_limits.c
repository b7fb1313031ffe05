/* Every named limit tested at its edge: at the limit the input is
 * accepted whole, one past it is refused (CAB_TOO_LARGE, CAB_USAGE or
 * CAB_BAD_INPUT) or cut to the limit, as the headers document.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "cable.h"
#include "corpus.h"
#include "extract.h"
#include "query.h"
#include "record.h"
#include "schema.h"
#include "search.h"
#include "xw.h"

/* ---------------------------------------------------------------- helpers */

static const char TELEGRAM[] =
    "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\n"
    "UNCLAS TEHRAN 08980\n\n";

/* A telegram with 'line' (and a newline) after its routing, parsed and extracted. */
static struct cable *extract_telegram(const char *line)
{
    struct cab_buf b;
    char err[CAB_ERR_SIZE];
    struct cable *c;

    cab_buf_init(&b, CAB_MAX_TEXT);
    assert_int_equal(cab_buf_addstr(&b, TELEGRAM), CAB_OK);
    assert_int_equal(cab_buf_addstr(&b, line), CAB_OK);
    assert_int_equal(cab_buf_addstr(&b, "\n\n1. Text of the cable.\n"), CAB_OK);
    if (cab_parse_document(b.data, b.len, "limits.txt", &c, err) != CAB_OK)
        fail_msg("parse failed: %s", err);
    if (cab_extract(c, err) != CAB_OK)
        fail_msg("extract failed: %s", err);
    cab_buf_release(&b);
    return c;
}

/* "PREFIX v0 v1 ... v(n-1)" with v made by 'item' into a new buffer. */
static char *item_list(const char *prefix, size_t n, void (*item)(size_t, char *, size_t))
{
    struct cab_buf b;
    char one[64];

    cab_buf_init(&b, CAB_MAX_TEXT);
    assert_int_equal(cab_buf_addstr(&b, prefix), CAB_OK);
    for (size_t i = 0; i < n; i++) {
        item(i, one, sizeof one);
        assert_int_equal(cab_buf_addf(&b, " %s", one), CAB_OK);
    }
    return cab_buf_detach(&b, NULL);
}

/* KAAA, KAAB, ...: distinct program tags. */
static void tag_item(size_t i, char *out, size_t cap)
{
    snprintf(out, cap, "K%c%c%c", 'A' + (int)(i / 676 % 26), 'A' + (int)(i / 26 % 26),
             'A' + (int)(i % 26));
}

/* A. STATE 1000, B. STATE 1001, ...: distinct citations. */
static void ref_item(size_t i, char *out, size_t cap)
{
    snprintf(out, cap, "%c. 09 STATE %zu", 'A' + (int)(i % 26), 1000 + i);
}

/* ---------------------------------------------------------------- cables */

static void test_field_at_limit(void **state)
{
    (void)state;
    char *line = cab_malloc(CAB_MAX_FIELD + 64);
    struct cable *c;

    /* "SUBJECT: " + words filling the subject to exactly CAB_MAX_FIELD bytes. */
    strcpy(line, "SUBJECT: ");
    size_t head = strlen(line);
    for (size_t i = 0; i < CAB_MAX_FIELD; i++)
        line[head + i] = (i % 8 == 7) ? ' ' : 'W';
    line[head + CAB_MAX_FIELD - 1] = 'Z';
    line[head + CAB_MAX_FIELD] = '\0';
    c = extract_telegram(line);
    assert_non_null(c->subject);
    assert_int_equal(strlen(c->subject), CAB_MAX_FIELD);
    cable_free(c);

    /* One byte past: cut to the limit. */
    line[head + CAB_MAX_FIELD] = 'Y';
    line[head + CAB_MAX_FIELD + 1] = '\0';
    c = extract_telegram(line);
    assert_non_null(c->subject);
    assert_true(strlen(c->subject) <= CAB_MAX_FIELD);
    assert_true(strlen(c->subject) >= CAB_MAX_FIELD - 8);
    assert_null(strchr(c->subject, 'Y'));
    cable_free(c);
    cab_free(line);
}

static void test_tags_at_limit(void **state)
{
    (void)state;
    char *line = item_list("TAGS:", CAB_MAX_TAGS, tag_item);
    struct cable *c = extract_telegram(line);

    assert_int_equal(c->n_tags, CAB_MAX_TAGS);
    assert_string_equal(c->tags[CAB_MAX_TAGS - 1].value, "KACL");   /* the 64th */
    cable_free(c);
    cab_free(line);

    /* One past: the first CAB_MAX_TAGS are kept, the rest dropped. */
    line = item_list("TAGS:", CAB_MAX_TAGS + 1, tag_item);
    c = extract_telegram(line);
    assert_int_equal(c->n_tags, CAB_MAX_TAGS);
    for (size_t i = 0; i < c->n_tags; i++)
        assert_string_not_equal(c->tags[i].value, "KACM");      /* the 65th */
    cable_free(c);
    cab_free(line);
}

static void test_refs_at_limit(void **state)
{
    (void)state;
    char *line = item_list("REF:", CAB_MAX_REFS, ref_item);
    struct cable *c = extract_telegram(line);

    assert_int_equal(c->n_refs, CAB_MAX_REFS);
    assert_string_equal(c->refs[CAB_MAX_REFS - 1], "09STATE1255");
    cable_free(c);
    cab_free(line);

    line = item_list("REF:", CAB_MAX_REFS + 1, ref_item);
    c = extract_telegram(line);
    assert_int_equal(c->n_refs, CAB_MAX_REFS);
    for (size_t i = 0; i < c->n_refs; i++)
        assert_string_not_equal(c->refs[i], "09STATE1256");
    cable_free(c);
    cab_free(line);
}

/* A record holding 'people' people and 'places' places decodes only
 * within the limits: the decoder trusts no count. */
static cab_status record_roundtrip(size_t people, size_t places, struct cable **back)
{
    struct cable *c = cable_new();
    struct cab_buf rec;
    cab_status st;

    assert_non_null(c);
    c->id = cab_strdup("09ASTANA2101");
    c->people = cab_calloc(people + 1, sizeof *c->people);
    c->places = cab_calloc(places + 1, sizeof *c->places);
    assert_non_null(c->people);
    assert_non_null(c->places);
    for (size_t i = 0; i < people; i++) {
        char name[32];

        snprintf(name, sizeof name, "Person %zu", i);
        c->people[c->n_people].name = cab_strdup(name);
        c->people[c->n_people++].role = CAB_ROLE_MENTIONED;
    }
    for (size_t i = 0; i < places; i++) {
        char name[32];

        snprintf(name, sizeof name, "Place %zu", i);
        c->places[c->n_places++].name = cab_strdup(name);
    }
    cab_buf_init(&rec, CAB_MAX_RECORD);
    assert_int_equal(cab_record_encode(c, &rec), CAB_OK);
    st = cab_record_decode(rec.data, rec.len, back);
    cab_buf_release(&rec);
    cable_free(c);
    return st;
}

static void test_people_and_places_at_limit(void **state)
{
    (void)state;
    struct cable *c;

    assert_int_equal(record_roundtrip(CAB_MAX_PEOPLE, CAB_MAX_PLACES, &c), CAB_OK);
    assert_int_equal(c->n_people, CAB_MAX_PEOPLE);
    assert_int_equal(c->n_places, CAB_MAX_PLACES);
    assert_string_equal(c->people[CAB_MAX_PEOPLE - 1].name, "Person 255");
    assert_string_equal(c->places[CAB_MAX_PLACES - 1].name, "Place 255");
    cable_free(c);

    assert_int_equal(record_roundtrip(CAB_MAX_PEOPLE + 1, 0, &c), CAB_BAD_INPUT);
    assert_null(c);
    assert_int_equal(record_roundtrip(0, CAB_MAX_PLACES + 1, &c), CAB_BAD_INPUT);
    assert_null(c);
}

/* ---------------------------------------------------------------- queries */

static xw_stemmer *stemmer;

static int setup_stemmer(void **state)
{
    (void)state;
    return xw_stemmer_new(&stemmer) == CAB_OK ? 0 : -1;
}

static int teardown_stemmer(void **state)
{
    (void)state;
    xw_stemmer_free(stemmer);
    return 0;
}

/* Parse 'text'; on success release it at once. */
static cab_status parse(const char *text)
{
    struct cab_parsed p;
    char err[CAB_ERR_SIZE];
    cab_status st = cab_query_parse(text, stemmer, &p, err);

    if (st == CAB_OK)
        cab_parsed_release(&p);
    return st;
}

static void test_query_bytes_at_limit(void **state)
{
    (void)state;
    char *q = cab_malloc(CAB_MAX_QUERY_BYTES + 2);

    memset(q, ' ', CAB_MAX_QUERY_BYTES + 1);
    memcpy(q, "shelter", 7);
    q[CAB_MAX_QUERY_BYTES] = '\0';
    assert_int_equal(parse(q), CAB_OK);
    q[CAB_MAX_QUERY_BYTES] = ' ';
    q[CAB_MAX_QUERY_BYTES + 1] = '\0';
    assert_int_equal(parse(q), CAB_TOO_LARGE);
    cab_free(q);
}

static void test_query_depth_at_limit(void **state)
{
    (void)state;
    char q[2 * CAB_MAX_QUERY_DEPTH + 16];

    for (int depth = CAB_MAX_QUERY_DEPTH; depth <= CAB_MAX_QUERY_DEPTH + 1; depth++) {
        size_t n = 0;

        for (int i = 0; i < depth; i++)
            q[n++] = '(';
        q[n++] = 'x';
        for (int i = 0; i < depth; i++)
            q[n++] = ')';
        q[n] = '\0';
        assert_int_equal(parse(q), depth <= CAB_MAX_QUERY_DEPTH ? CAB_OK : CAB_TOO_LARGE);
    }
}

static void test_query_terms_at_limit(void **state)
{
    (void)state;
    char q[CAB_MAX_QUERY_BYTES];
    size_t n = 0;

    /* Two-letter words aa, ab, ...: CAB_MAX_QUERY_TERMS of them, then one more. */
    for (int i = 0; i < CAB_MAX_QUERY_TERMS; i++) {
        q[n++] = (char)('a' + i / 26);
        q[n++] = (char)('a' + i % 26);
        q[n++] = ' ';
    }
    q[n] = '\0';
    assert_int_equal(parse(q), CAB_OK);
    memcpy(q + n, "zz", 3);
    assert_int_equal(parse(q), CAB_TOO_LARGE);
}

static void test_filter_value_at_limit(void **state)
{
    (void)state;
    char q[CAB_MAX_FILTER_VALUE + 32];

    /* subject:"wwwwwww wwwwwww ...": words short enough, the value exactly at the limit. */
    strcpy(q, "subject:\"");
    size_t head = strlen(q);
    for (size_t i = 0; i < CAB_MAX_FILTER_VALUE; i++)
        q[head + i] = (i % 8 == 7) ? ' ' : 'w';
    q[head + CAB_MAX_FILTER_VALUE - 1] = 'w';
    strcpy(q + head + CAB_MAX_FILTER_VALUE, "\"");
    assert_int_equal(parse(q), CAB_OK);
    strcpy(q + head + CAB_MAX_FILTER_VALUE, "w\"");
    assert_int_equal(parse(q), CAB_TOO_LARGE);
}

static void test_near_window_at_limit(void **state)
{
    (void)state;
    char q[64];

    snprintf(q, sizeof q, "oil NEAR/%d gas", CAB_MAX_NEAR_WINDOW);
    assert_int_equal(parse(q), CAB_OK);
    snprintf(q, sizeof q, "oil NEAR/%d gas", CAB_MAX_NEAR_WINDOW + 1);
    assert_int_not_equal(parse(q), CAB_OK);
}

/* Search 'query' over a fresh index whose documents hold the words
 * wx000 ... wx(n-1); the status of the search. */
static cab_status wildcard_search(unsigned n)
{
    char dir[] = "/tmp/test_limits.XXXXXX";
    char err[XW_ERR_SIZE], cmd[64];
    xw_db *db;
    struct cab_parsed p;
    xw_results *res = NULL;
    struct xw_search_opts o;
    cab_status st;

    assert_non_null(mkdtemp(dir));
    assert_int_equal(xw_db_open_writable(dir, XW_CREATE_OR_OVERWRITE, &db, err), CAB_OK);
    for (unsigned i = 0; i < n; i++) {
        char term[16], idterm[16];
        xw_doc *doc;

        snprintf(term, sizeof term, "wx%03u", i);
        snprintf(idterm, sizeof idterm, "Q%u", i);
        assert_int_equal(xw_doc_new(&doc), CAB_OK);
        assert_int_equal(xw_doc_add_posting(doc, term, 1, 1), CAB_OK);
        assert_int_equal(xw_db_replace(db, idterm, doc), CAB_OK);
        xw_doc_free(doc);
    }
    assert_int_equal(xw_db_commit(db), CAB_OK);
    assert_int_equal(cab_query_parse("wx*", stemmer, &p, err), CAB_OK);
    memset(&o, 0, sizeof o);
    o.count = 10;
    o.check_at_least = UINT32_MAX;
    st = xw_search(db, p.query, &o, &res, err);
    if (st == CAB_OK)
        assert_int_equal(xw_results_total(res), n);
    xw_results_free(res);
    cab_parsed_release(&p);
    xw_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    return st;
}

static void test_wildcard_at_limit(void **state)
{
    (void)state;
    assert_int_equal(wildcard_search(CAB_MAX_WILDCARD), CAB_OK);
    assert_int_equal(wildcard_search(CAB_MAX_WILDCARD + 1), CAB_TOO_LARGE);
}

/* ---------------------------------------------------------------- facets */

static void test_facet_top_at_limit(void **state)
{
    (void)state;
    const struct cab_facet_field *field;
    unsigned top;
    char arg[32], err[CAB_ERR_SIZE];

    snprintf(arg, sizeof arg, "tag:%d", CAB_MAX_FACET_TOP);
    assert_int_equal(cab_facet_spec_parse(arg, &field, &top, err), CAB_OK);
    assert_int_equal(top, CAB_MAX_FACET_TOP);
    snprintf(arg, sizeof arg, "tag:%d", CAB_MAX_FACET_TOP + 1);
    assert_int_equal(cab_facet_spec_parse(arg, &field, &top, err), CAB_USAGE);
}

static void test_facet_values_returned(void **state)
{
    (void)state;
    const struct cab_facet_field *field;
    unsigned top;
    char err[CAB_ERR_SIZE];
    struct cab_facet f;

    /* Five distinct values, top 3: the three most frequent come back. */
    assert_int_equal(cab_facet_spec_parse("origin:3", &field, &top, err), CAB_OK);
    cab_facet_init(&f, field, top);
    static const char *const v[] = { "Embassy A", "Embassy B", "Embassy C", "Embassy D",
                                     "Embassy E" };
    for (uint32_t i = 0; i < 5; i++)
        assert_int_equal(cab_facet_add(&f, v[i], strlen(v[i]), 10 - i), CAB_OK);
    assert_int_equal(cab_facet_finish(&f), CAB_OK);
    assert_int_equal(f.n_values, 3);
    assert_int_equal(f.distinct, 5);
    assert_string_equal(f.values[2].value, "Embassy C");
    cab_facet_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_at_limit),
        cmocka_unit_test(test_tags_at_limit),
        cmocka_unit_test(test_refs_at_limit),
        cmocka_unit_test(test_people_and_places_at_limit),
        cmocka_unit_test(test_query_bytes_at_limit),
        cmocka_unit_test(test_query_depth_at_limit),
        cmocka_unit_test(test_query_terms_at_limit),
        cmocka_unit_test(test_filter_value_at_limit),
        cmocka_unit_test(test_near_window_at_limit),
        cmocka_unit_test(test_wildcard_at_limit),
        cmocka_unit_test(test_facet_top_at_limit),
        cmocka_unit_test(test_facet_values_returned),
    };
    int rc = cmocka_run_group_tests(tests, setup_stemmer, teardown_stemmer);

    cab_extract_shutdown();
    return rc;
}
