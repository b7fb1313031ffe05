/* The query language: each operator and filter against Xapian's own
 * description of the query built, each error with its status and column,
 * the limits, hostile input and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cab_mem.h"
#include "query.h"
#include "xw.h"

static xw_stemmer *stemmer;

static int setup(void **state)
{
    (void)state;
    return xw_stemmer_new(&stemmer) == CAB_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    xw_stemmer_free(stemmer);
    return 0;
}

/* Parse 'q', which must succeed, and compare Xapian's description. */
static void check_desc(const char *q, const char *want, int boolean_only)
{
    struct cab_parsed p;
    char err[CAB_ERR_SIZE];
    cab_status rc = cab_query_parse(q, stemmer, &p, err);
    char *desc;

    if (rc != CAB_OK)
        fail_msg("'%s' failed: %s", q, err);
    assert_string_equal(err, "");
    assert_non_null(p.query);
    desc = xw_query_describe(p.query);
    assert_non_null(desc);
    if (strcmp(desc, want) != 0)
        fail_msg("'%s'\n  got  %s\n  want %s", q, desc, want);
    free(desc);
    assert_int_equal(p.boolean_only, boolean_only);
    cab_parsed_release(&p);
    assert_null(p.query);
}

/* Parse 'q', which must fail with 'st' and a message holding 'want'. */
static void check_err(const char *q, cab_status st, const char *want)
{
    struct cab_parsed p;
    char err[CAB_ERR_SIZE];
    cab_status rc = cab_query_parse(q, stemmer, &p, err);

    if (rc != st)
        fail_msg("'%s': status %d, want %d (%s)", q, rc, st, err);
    assert_null(p.query);
    if (!strstr(err, want))
        fail_msg("'%s'\n  got  %s\n  want ...%s...", q, err, want);
}

static void test_free_words_stemmed_and_anded(void **state)
{
    (void)state;
    check_desc("shelter", "Query(Zshelter)", 0);
    check_desc("TRAFFICKING", "Query(Ztraffick)", 0);
    check_desc("Trafficking victims", "Query((Ztraffick AND Zvictim))", 0);
    check_desc("nazarbayev petraeus", "Query((Znazarbayev AND Zpetraeus))", 0);
    /* Lower-case operator words are words. */
    check_desc("war and peace", "Query((Zwar AND Zpeac))", 0);
    check_desc("war or peace", "Query((Zwar OR Zpeac))", 0);
    check_desc("war Not peace", "Query((Zwar AND_NOT Zpeac))", 0);
    check_desc("war \"and\" peace", "Query((Zwar AND and AND Zpeac))", 0);
    check_desc("this or that", "Query((Zthis OR Zthat))", 0);
    /* Pasted subject lines: capital AND is the default anyway. */
    check_desc("ARMS AND AMMUNITION", "Query((Zarm AND Zammunit))", 0);
}

static void test_punctuation_splits_like_the_indexer(void **state)
{
    (void)state;
    check_desc("F-35", "Query((f PHRASE 2 35))", 0);
    check_desc("U.S. policy", "Query(((u PHRASE 2 s) AND Zpolici))", 0);
    check_desc("KAZAKHSTAN: shelter", "Query((Zkazakhstan AND Zshelter))", 0);
    check_desc("shelter - victims", "Query((Zshelter AND Zvictim))", 0);
    check_desc("shelter, victims & food.", "Query((Zshelter AND Zvictim AND Zfood))", 0);
    check_desc("\xc3\x89LYS\xc3\x89\x45", "Query(Z\xc3\xa9lys\xc3\xa9)", 0);
}

static void test_quoted_words_are_exact(void **state)
{
    (void)state;
    check_desc("\"piracy\"", "Query(piracy)", 0);
    check_desc("\"PIRACY\"", "Query(piracy)", 0);
    check_desc("\"F-35\"", "Query((f PHRASE 2 35))", 0);
    check_desc("\"human trafficking\" shelter",
               "Query(((human PHRASE 2 trafficking) AND Zshelter))", 0);
    check_desc("\"AND OR NOT\"", "Query((and PHRASE 3 or PHRASE 3 not))", 0);
}

static void test_or_not_and_precedence(void **state)
{
    (void)state;
    check_desc("a OR b", "Query((Za OR Zb))", 0);
    check_desc("a OR b c", "Query((Za OR (Zb AND Zc)))", 0);
    check_desc("a b OR c d", "Query(((Za AND Zb) OR (Zc AND Zd)))", 0);
    check_desc("(a OR b) c", "Query(((Za OR Zb) AND Zc))", 0);
    check_desc("a AND b", "Query((Za AND Zb))", 0);
    check_desc("a NOT b", "Query((Za AND_NOT Zb))", 0);
    check_desc("a AND NOT b", "Query((Za AND_NOT Zb))", 0);
    check_desc("a -b", "Query((Za AND_NOT Zb))", 0);
    check_desc("+a +b", "Query((Za AND Zb))", 0);
    check_desc("a b -c -d", "Query(((Za AND Zb) AND_NOT Zc AND_NOT Zd))", 0);
    check_desc("-(a b) c", "Query((Zc AND_NOT (Za AND Zb)))", 0);
    check_desc("a -\"x y\"", "Query((Za AND_NOT (x PHRASE 2 y)))", 0);
    check_desc("NOT NOT a", "Query(Za)", 0);
    check_desc("((a))", "Query(Za)", 0);
}

static void test_only_not_matches_everything_else(void **state)
{
    struct cab_parsed p;
    char err[CAB_ERR_SIZE];

    (void)state;
    check_desc("-word", "Query(0 * (<alldocuments> AND_NOT Zword))", 1);
    check_desc("NOT tag:PGOV", "Query(0 * (<alldocuments> AND_NOT KPGOV))", 1);
    check_desc("-tag:PGOV -tag:KTIP", "Query(0 * (<alldocuments> AND_NOT KPGOV AND_NOT KKTIP))",
               1);
    assert_int_equal(cab_query_parse("NOT tag:PGOV", stemmer, &p, err), CAB_OK);
    assert_int_equal(p.has_positive, 0);
    cab_parsed_release(&p);
    assert_int_equal(cab_query_parse("shelter -tag:PGOV", stemmer, &p, err), CAB_OK);
    assert_int_equal(p.has_positive, 1);
    assert_int_equal(p.boolean_only, 0);
    cab_parsed_release(&p);
}

static void test_near_and_wildcard(void **state)
{
    (void)state;
    check_desc("nazarbayev NEAR petraeus", "Query((nazarbayev NEAR 10 petraeus))", 0);
    check_desc("a NEAR/3 b", "Query((a NEAR 3 b))", 0);
    check_desc("a NEAR/1 b", "Query((a NEAR 2 b))", 0);
    check_desc("a NEAR/2 b NEAR/5 c", "Query((a NEAR 5 b NEAR 5 c))", 0);
    check_desc("\"a b\" NEAR c", "Query((a NEAR 10 b NEAR 10 c))", 0);
    check_desc("Shelters NEAR Victims x", "Query(((shelters NEAR 10 victims) AND Zx))", 0);
    check_desc("a near b", "Query((a NEAR 10 b))", 0);
    check_desc("traffick*", "Query(WILDCARD SYNONYM traffick)", 0);
    check_desc("TRAFFICK* tag:KTIP", "Query((WILDCARD SYNONYM traffick FILTER KKTIP))", 0);
    check_desc("ab*", "Query(WILDCARD SYNONYM ab)", 0);
    check_desc("caf\xc3\xa9*", "Query(WILDCARD SYNONYM caf\xc3\xa9)", 0);
}

static void test_term_filters(void **state)
{
    (void)state;
    check_desc("id:09astana2101", "Query(0 * Q09ASTANA2101)", 1);
    check_desc("tag:ktip", "Query(0 * KKTIP)", 1);
    check_desc("TAG:KTIP", "Query(0 * KKTIP)", 1);
    check_desc("tag:\"KTIP\"", "Query(0 * KKTIP)", 1);
    check_desc("country:KZ", "Query(0 * XCKZ)", 1);
    check_desc("country:kz", "Query(0 * XCKZ)", 1);
    check_desc("country:germany", "Query(0 * XCGM)", 1);
    check_desc("country:Germany", "Query(0 * XCGM)", 1);
    check_desc("caveat:NOFORN", "Query(0 * XVnoforn)", 1);
    check_desc("place:kokshetau", "Query(0 * XGkokshetau)", 1);
    check_desc("place:\" Akmolinskaya   Oblast \"", "Query(0 * XGakmolinskaya oblast)", 1);
    check_desc("ref:09astana1206", "Query(0 * XR09ASTANA1206)", 1);
    check_desc("year:2009", "Query(0 * XY2009)", 1);
}

static void test_class_level_or_marking(void **state)
{
    (void)state;
    check_desc("class:secret", "Query(0 * XLsecret)", 1);
    check_desc("class:SECRET", "Query(0 * XLsecret)", 1);
    check_desc("class:\"SECRET//NOFORN\"", "Query(0 * XMsecret//noforn)", 1);
    check_desc("class:secret//noforn", "Query(0 * XMsecret//noforn)", 1);
}

static void test_word_filters(void **state)
{
    (void)state;
    check_desc("origin:astana", "Query(0 * XOWastana)", 1);
    check_desc("origin:\"Embassy Astana\"", "Query(0 * (XOWembassy AND XOWastana))", 1);
    check_desc("person:morozova", "Query(0 * XPWmorozova)", 1);
    check_desc("person:\"Galina Morozova\"", "Query(0 * XPgalina morozova)", 1);
    check_desc("person:\"Kessler\"", "Query(0 * XPkessler)", 1);
    check_desc("date:\"2009\"", "Query(VALUE_RANGE 0 20090101000000 20091231235959)", 1);
    check_desc("subject:trafficking", "Query(0 * ZStraffick)", 1);
    check_desc("subject:\"trafficking\"", "Query(0 * Strafficking)", 1);
    check_desc("subject:\"human trafficking\"", "Query(0 * (Shuman PHRASE 2 Strafficking))", 1);
    check_desc("subject:F-35", "Query(0 * (Sf PHRASE 2 S35))", 1);
}

static void test_dates(void **state)
{
    (void)state;
    check_desc("date:2009", "Query(VALUE_RANGE 0 20090101000000 20091231235959)", 1);
    check_desc("date:2009-02", "Query(VALUE_RANGE 0 20090201000000 20090228235959)", 1);
    check_desc("date:2008-02", "Query(VALUE_RANGE 0 20080201000000 20080229235959)", 1);
    check_desc("date:2000-02-29", "Query(VALUE_RANGE 0 20000229000000 20000229235959)", 1);
    check_desc("date:2009-01..2009-06", "Query(VALUE_RANGE 0 20090101000000 20090630235959)", 1);
    check_desc("date:2009-12-01..2009-12-01",
               "Query(VALUE_RANGE 0 20091201000000 20091201235959)", 1);
    check_desc("date:2009..", "Query(VALUE_GE 0 20090101000000)", 1);
    check_desc("date:..2008-06-30", "Query(VALUE_LE 0 20080630235959)", 1);
    check_desc("shelter date:2009",
               "Query((Zshelter FILTER VALUE_RANGE 0 20090101000000 20091231235959))", 0);
}

static void test_filter_combination_rule(void **state)
{
    (void)state;
    check_desc("tag:KTIP year:2009 shelter", "Query((Zshelter FILTER KKTIP FILTER XY2009))", 0);
    /* Many-valued fields: both. */
    check_desc("tag:PGOV tag:KTIP", "Query(0 * (KPGOV AND KKTIP))", 1);
    check_desc("country:KZ country:RS", "Query(0 * (XCKZ AND XCRS))", 1);
    check_desc("person:a person:b", "Query(0 * (XPWa AND XPWb))", 1);
    check_desc("caveat:noforn caveat:sipdis", "Query(0 * (XVnoforn AND XVsipdis))", 1);
    /* Single-valued fields: either. */
    check_desc("year:2008 year:2009", "Query(0 * (XY2008 OR XY2009))", 1);
    check_desc("class:secret class:confidential", "Query(0 * (XLsecret OR XLconfidential))", 1);
    check_desc("origin:astana origin:almaty shelter",
               "Query((Zshelter FILTER (XOWastana OR XOWalmaty)))", 0);
    check_desc("date:2008 date:2010",
               "Query(0 * (VALUE_RANGE 0 20080101000000 20081231235959 OR "
               "VALUE_RANGE 0 20100101000000 20101231235959))",
               1);
    /* Grouped by field whatever the order; different fields AND-ed. */
    check_desc("year:2008 tag:A year:2009 tag:B",
               "Query(0 * ((XY2008 OR XY2009) AND (KA AND KB)))", 1);
    /* Explicit operators are taken as written. */
    check_desc("tag:A OR tag:B", "Query(0 * (KA OR KB))", 1);
    check_desc("year:2008 AND year:2009", "Query(0 * (XY2008 AND XY2009))", 1);
    /* A filter OR-ed with words adds no weight. */
    check_desc("shelter OR tag:KTIP", "Query((Zshelter OR 0 * KKTIP))", 0);
    check_desc("(shelter tag:KTIP) OR refugee", "Query(((Zshelter FILTER KKTIP) OR Zrefuge))", 0);
}

static void test_syntax_errors_with_columns(void **state)
{
    (void)state;
    check_err("", CAB_USAGE, "empty query");
    check_err(" \t ", CAB_USAGE, "empty query");
    check_err("- & .", CAB_USAGE, "query has no words");
    check_err("shelter \"human trafficking", CAB_USAGE, "unterminated quote at column 9");
    check_err("tag:\"KTIP", CAB_USAGE, "unterminated quote at column 5");
    check_err("(a OR b", CAB_USAGE, "unbalanced '(' at column 1");
    check_err("((a) b", CAB_USAGE, "unbalanced '(' at column 1");
    check_err("a OR b)", CAB_USAGE, "unbalanced ')' at column 7");
    check_err("())(", CAB_USAGE, "unbalanced ')' at column 3");
    check_err("()", CAB_USAGE, "empty parentheses at column 1");
    check_err("AND foo", CAB_USAGE, "missing operand before 'AND' at column 1");
    check_err("OR foo", CAB_USAGE, "missing operand before 'OR' at column 1");
    check_err("foo OR", CAB_USAGE, "missing operand after 'OR' at column 5");
    check_err("foo AND", CAB_USAGE, "missing operand after 'AND' at column 5");
    check_err("a OR OR b", CAB_USAGE, "missing operand after 'OR' at column 3");
    check_err("(a AND) b", CAB_USAGE, "missing operand after 'AND' at column 4");
    check_err("NOT", CAB_USAGE, "missing operand after 'NOT' at column 1");
    check_err("foo NOT", CAB_USAGE, "missing operand after 'NOT' at column 5");
    check_err("NEAR b", CAB_USAGE, "missing operand before 'NEAR' at column 1");
    check_err("a NEAR", CAB_USAGE, "'NEAR' needs a word or phrase on each side at column 3");
    check_err("a NEAR tag:X", CAB_USAGE, "'NEAR' needs a word or phrase on each side at column 3");
    check_err("a NEAR b*", CAB_USAGE, "'NEAR' needs a word or phrase on each side at column 3");
    check_err("a NEAR/0 b", CAB_USAGE, "bad distance in 'NEAR/0' at column 3");
    check_err("a NEAR/101 b", CAB_USAGE, "bad distance in 'NEAR/101' at column 3");
    check_err("a NEAR/x b", CAB_USAGE, "bad distance in 'NEAR/x' at column 3");
    check_err("\"\"", CAB_USAGE, "empty phrase at column 1");
    check_err("a \"--\"", CAB_USAGE, "empty phrase at column 3");
}

static void test_filter_errors(void **state)
{
    (void)state;
    check_err("colour:red", CAB_USAGE,
              "unknown filter 'colour:' at column 1 (filters: id tag country origin class "
              "caveat person place ref subject date year)");
    check_err("shelter xyz:\"a b\"", CAB_USAGE, "unknown filter 'xyz:' at column 9");
    check_err("tag:", CAB_USAGE, "empty value for filter 'tag:' at column 1");
    check_err("a tag: KTIP", CAB_USAGE, "empty value for filter 'tag:' at column 3");
    check_err("tag:\"\"", CAB_USAGE, "empty value for filter 'tag:' at column 1");
    check_err("tag:\"   \"", CAB_USAGE, "empty value for filter 'tag:' at column 1");
    check_err("origin:\"--\"", CAB_USAGE, "no words in the value of filter 'origin:' at column 1");
    check_err("tag:K*", CAB_USAGE, "no wildcards in filter values ('tag:') at column 1");
    check_err("country:narnia", CAB_USAGE, "unknown country 'narnia' at column 9");
    check_err("year:20x9", CAB_USAGE, "bad year '20x9' at column 6");
    check_err("year:1899", CAB_USAGE, "bad year '1899' at column 6");
    check_err("year:09", CAB_USAGE, "bad year '09' at column 6");
}

static void test_date_errors(void **state)
{
    (void)state;
    check_err("date:2009-13", CAB_USAGE,
              "bad date '2009-13' at column 6 (use YYYY, YYYY-MM or YYYY-MM-DD, ranges A..B)");
    check_err("date:2009-02-30", CAB_USAGE, "bad date '2009-02-30' at column 6");
    check_err("date:2009-02-29", CAB_USAGE, "bad date '2009-02-29' at column 6");
    check_err("date:1900-02-29", CAB_USAGE, "bad date '1900-02-29' at column 6");
    check_err("date:2009-1", CAB_USAGE, "bad date '2009-1' at column 6");
    check_err("date:2009-00", CAB_USAGE, "bad date '2009-00' at column 6");
    check_err("date:yesterday", CAB_USAGE, "bad date 'yesterday' at column 6");
    check_err("date:..", CAB_USAGE, "bad date '..' at column 6");
    check_err("date:2009...2010", CAB_USAGE, "bad date '.2010' at column 12");
    check_err("date:2009..2010-13", CAB_USAGE, "bad date '2010-13' at column 12");
    check_err("date:2009..2008", CAB_USAGE,
              "date range '2009..2008' ends before it starts at column 6");
    check_err("date:2009-07..2009-06-30", CAB_USAGE, "ends before it starts at column 6");
}

static void test_words_and_wildcards_errors(void **state)
{
    char q[200];

    (void)state;
    check_err("a*", CAB_USAGE, "wildcard 'a*' needs at least 2 letters before '*' at column 1");
    check_err("x \xc3\xa9*", CAB_USAGE, "needs at least 2 letters before '*' at column 3");
    check_err("F-3*", CAB_USAGE, "wildcard 'F-3*' must be one word and '*' at column 1");
    check_err("foo**", CAB_USAGE, "must be one word and '*' at column 1");
    memset(q, 0, sizeof q);
    memcpy(q, "ok ", 3);
    memset(q + 3, 'w', 70);
    check_err(q, CAB_USAGE, "word longer than 64 bytes at column 4");
    q[73] = '*';
    check_err(q, CAB_USAGE, "word longer than 64 bytes at column 4");
    memcpy(q, "\"a ", 3);
    q[73] = '"';
    check_err(q, CAB_USAGE, "word longer than 64 bytes at column 4");
}

static void test_columns_count_characters(void **state)
{
    (void)state;
    /* Two-byte characters before the error count once each. */
    check_err("\xc3\xa9\xc3\xa9 xyz:1", CAB_USAGE, "unknown filter 'xyz:' at column 4");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    check_err("\xff", CAB_USAGE, "query is not valid UTF-8");
    check_err("ab\xc3", CAB_USAGE, "query is not valid UTF-8 (byte 3)");
    check_err("\xc0\xaf", CAB_USAGE, "query is not valid UTF-8");       /* overlong '/' */
    check_err("\xed\xa0\x80", CAB_USAGE, "query is not valid UTF-8");   /* surrogate */
    check_err("\xf4\x90\x80\x80", CAB_USAGE, "query is not valid UTF-8"); /* past U+10FFFF */
}

static void test_limits(void **state)
{
    char *q = malloc(1u << 20);
    char nest[CAB_MAX_QUERY_DEPTH * 2 + 8];
    clock_t t0;
    size_t i;

    (void)state;
    assert_non_null(q);
    /* 10,000 open parentheses: refused at once, no deep recursion. */
    memset(q, '(', 10000);
    q[10000] = '\0';
    t0 = clock();
    check_err(q, CAB_TOO_LARGE, "query longer than 4096 bytes");
    memset(q, '(', 4000);
    memcpy(q + 4000, "a", 2);
    check_err(q, CAB_TOO_LARGE, "parentheses nested deeper than 32 at column 33");
    assert_true(clock() - t0 < CLOCKS_PER_SEC);
    /* Exactly the limit of nesting is fine. */
    for (i = 0; i < CAB_MAX_QUERY_DEPTH; i++) {
        nest[i] = '(';
        nest[CAB_MAX_QUERY_DEPTH + 1 + i] = ')';
    }
    nest[CAB_MAX_QUERY_DEPTH] = 'a';
    nest[CAB_MAX_QUERY_DEPTH * 2 + 1] = '\0';
    check_desc(nest, "Query(Za)", 0);
    /* 1 MB of words. */
    memset(q, 'a', (1u << 20) - 1);
    for (i = 1; i < (1u << 20) - 1; i += 2)
        q[i] = ' ';
    q[(1u << 20) - 1] = '\0';
    check_err(q, CAB_TOO_LARGE, "query longer than 4096 bytes");
    /* Exactly the byte limit is fine; one more is not. */
    q[CAB_MAX_QUERY_BYTES] = '\0';
    memset(q, ' ', CAB_MAX_QUERY_BYTES);
    memcpy(q, "shelter", 7);
    check_desc(q, "Query(Zshelter)", 0);
    q[CAB_MAX_QUERY_BYTES] = ' ';
    q[CAB_MAX_QUERY_BYTES + 1] = '\0';
    check_err(q, CAB_TOO_LARGE, "query longer than 4096 bytes");
    /* Terms: words, phrase words and filters all count. */
    for (i = 0; i < CAB_MAX_QUERY_TERMS; i++)
        memcpy(q + 2 * i, "a ", 2);
    q[2 * CAB_MAX_QUERY_TERMS] = '\0';
    {
        struct cab_parsed p;
        char err[CAB_ERR_SIZE];

        assert_int_equal(cab_query_parse(q, stemmer, &p, err), CAB_OK);
        cab_parsed_release(&p);
    }
    memcpy(q + 2 * CAB_MAX_QUERY_TERMS, "tag:X", 6);
    check_err(q, CAB_TOO_LARGE, "query has more than 256 terms at column 513");
    memset(q, 0, 1u << 20);
    q[0] = '"';
    for (i = 0; i <= CAB_MAX_QUERY_TERMS; i++)
        memcpy(q + 1 + 2 * i, "b ", 2);
    q[1 + 2 * (CAB_MAX_QUERY_TERMS + 1)] = '"';
    check_err(q, CAB_TOO_LARGE, "query has more than 256 terms");
    /* A value too long for a term. */
    memset(q, 0, 1u << 20);
    memcpy(q, "place:", 6);
    memset(q + 6, 'x', CAB_MAX_FILTER_VALUE + 1);
    check_err(q, CAB_TOO_LARGE, "value of filter 'place:' longer than 200 bytes at column 1");
    free(q);
}

static void test_null_text_is_empty(void **state)
{
    struct cab_parsed p;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_int_equal(cab_query_parse(NULL, stemmer, &p, err), CAB_USAGE);
    assert_string_equal(err, "empty query");
    cab_parsed_release(NULL);
}

/* Every allocation of a busy query made to fail in turn: a clean status,
 * never a crash or a leak (valgrind and ASan watch the latter). */
static void test_allocation_failures(void **state)
{
    const char *q = "(shelter OR \"human trafficking\") tag:KTIP tag:PGOV year:2008 year:2009 "
                    "-country:KZ a NEAR b traff* date:2009..";
    long n;
    int ok = 0;

    (void)state;
    for (n = 0; n < 2000 && !ok; n++) {
        struct cab_parsed p;
        char err[CAB_ERR_SIZE];
        cab_status rc;

        cab_alloc_fail_after(n);
        rc = cab_query_parse(q, stemmer, &p, err);
        cab_alloc_fail_after(-1);
        if (rc == CAB_OK) {
            ok = 1;
            assert_non_null(p.query);
        } else {
            assert_int_equal(rc, CAB_NOMEM);
            assert_null(p.query);
            assert_string_equal(err, "out of memory");
        }
        cab_parsed_release(&p);
    }
    assert_true(ok);
    assert_true(n > 20);
}

/* A small deterministic generator (xorshift) for hostile queries. */
static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

static void test_random_queries_never_crash(void **state)
{
    static const char *const pieces[] = {
        "(", ")", "\"", "-", "+", "*", ":", " ", " ", "AND ", "OR ", "NOT ", "NEAR ",
        "NEAR/3 ", "tag:", "date:", "year:", "country:", "class:", "origin:", "subject:",
        "..", "2009", "-06", "word", "F-35", "\xc3\xa9", "\xe2\x80\x9c", "x", "ab*", "//",
    };
    size_t counts[3] = { 0, 0, 0 };

    (void)state;
    for (int iter = 0; iter < 4000; iter++) {
        char q[128];
        size_t len = 0, want = rng() % 60;
        struct cab_parsed p;
        char err[CAB_ERR_SIZE];
        cab_status rc;

        while (len < want) {
            if (rng() % 4 == 0) {
                q[len++] = (char)(rng() % 255 + 1); /* any byte but NUL */
            } else {
                const char *s = pieces[rng() % (sizeof pieces / sizeof pieces[0])];
                size_t n = strlen(s);

                if (len + n >= sizeof q - 1)
                    break;
                memcpy(q + len, s, n);
                len += n;
            }
        }
        q[len] = '\0';
        rc = cab_query_parse(q, stemmer, &p, err);
        if (rc == CAB_OK) {
            char *desc = xw_query_describe(p.query);

            assert_non_null(desc);
            free(desc);
            assert_string_equal(err, "");
            counts[0]++;
        } else {
            if (rc != CAB_USAGE && rc != CAB_TOO_LARGE)
                fail_msg("status %d for '%s': %s", rc, q, err);
            assert_null(p.query);
            assert_true(err[0] != '\0');
            counts[rc == CAB_USAGE ? 1 : 2]++;
        }
        cab_parsed_release(&p);
    }
    /* The generator reaches both outcomes. */
    assert_true(counts[0] > 100);
    assert_true(counts[1] > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_free_words_stemmed_and_anded),
        cmocka_unit_test(test_punctuation_splits_like_the_indexer),
        cmocka_unit_test(test_quoted_words_are_exact),
        cmocka_unit_test(test_or_not_and_precedence),
        cmocka_unit_test(test_only_not_matches_everything_else),
        cmocka_unit_test(test_near_and_wildcard),
        cmocka_unit_test(test_term_filters),
        cmocka_unit_test(test_class_level_or_marking),
        cmocka_unit_test(test_word_filters),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_filter_combination_rule),
        cmocka_unit_test(test_syntax_errors_with_columns),
        cmocka_unit_test(test_filter_errors),
        cmocka_unit_test(test_date_errors),
        cmocka_unit_test(test_words_and_wildcards_errors),
        cmocka_unit_test(test_columns_count_characters),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_null_text_is_empty),
        cmocka_unit_test(test_allocation_failures),
        cmocka_unit_test(test_random_queries_never_crash),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
