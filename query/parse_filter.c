/* field:value to a boolean query, following the filter table of
 * corpus/schema.c: the prefix, the case of the value and whether it is a
 * whole-value term, words, subject text or a date range. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "extract.h"
#include "parse_internal.h"
#include "text.h"

/* Shown values are clipped so messages stay readable. */
#define SHOW_MAX 40

static int show_len(const struct qparser *p, size_t off, size_t len)
{
    size_t n = len > SHOW_MAX ? SHOW_MAX : len;

    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): a parser always has its text */
    while (n < len && n > 0 && ((unsigned char)p->text[off + n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* text[off..off+len) trimmed, runs of spaces made one; 'out' holds at
 * least len + 1 bytes. */
static size_t squeeze(const char *s, size_t len, char *out)
{
    size_t o = 0;
    int space = 0;

    for (size_t i = 0; i < len; i++) {
        char c = s[i];

        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = c;
    }
    out[o] = '\0';
    return o;
}

static void upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static unsigned number(const char *s, size_t n)
{
    unsigned v = 0;

    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

static int year_ok(const char *s, size_t n)
{
    return n == 4 && digits(s, 4) && number(s, 4) >= 1900 && number(s, 4) <= 2100;
}

static unsigned month_days(unsigned y, unsigned m)
{
    static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* "YYYYMMDD" + 'hms' into out[15]; the parts are already range-checked. */
static void slot_time(char out[15], unsigned y, unsigned m, unsigned d, const char *hms)
{
    unsigned v = y * 10000 + m * 100 + d;

    for (int i = 7; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    memcpy(out + 8, hms, 7);
}

/* One date YYYY, YYYY-MM or YYYY-MM-DD: its first and last second as
 * slot values "YYYYMMDDhhmmss".  0 if malformed or impossible. */
static int parse_date(const char *s, size_t n, char lo[15], char hi[15])
{
    unsigned y, m = 0, d = 0;

    if ((n != 4 && n != 7 && n != 10) || !year_ok(s, 4))
        return 0;
    y = number(s, 4);
    if (n >= 7) {
        if (s[4] != '-' || !digits(s + 5, 2))
            return 0;
        m = number(s + 5, 2);
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        if (s[7] != '-' || !digits(s + 8, 2))
            return 0;
        d = number(s + 8, 2);
        if (d < 1 || d > month_days(y, m))
            return 0;
    }
    slot_time(lo, y, m ? m : 1, d ? d : 1, "000000");
    slot_time(hi, y, m ? m : 12, d ? d : month_days(y, m ? m : 12), "235959");
    return 1;
}

static cab_status bad_date(struct qparser *p, size_t off, size_t len)
{
    return qp_fail(p, CAB_USAGE,
                   "bad date '%.*s' at column %zu (use YYYY, YYYY-MM or YYYY-MM-DD, ranges A..B)",
                   show_len(p, off, len), p->text + off, qp_column(p, off));
}

/* date:D, date:A..B, date:A.., date:..B */
static cab_status date_filter(struct qparser *p, const struct qtok *t, xw_query **out)
{
    const char *v = p->text + t->off;
    const char *dots = NULL;
    char alo[15], ahi[15], blo[15], bhi[15];
    size_t alen, boff = 0, blen = 0;
    cab_status rc;

    for (size_t i = 0; i + 1 < t->len; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = v + i;
            break;
        }
    if (!dots) {
        if (!parse_date(v, t->len, alo, ahi))
            return bad_date(p, t->off, t->len);
        rc = xw_query_value_range(CAB_SLOT_CREATED, alo, ahi, out);
        return rc == CAB_OK ? CAB_OK : qp_nomem(p, rc);
    }
    alen = (size_t)(dots - v);
    boff = alen + 2;
    blen = t->len - boff;
    if (alen == 0 && blen == 0)
        return bad_date(p, t->off, t->len);
    if (alen > 0 && !parse_date(v, alen, alo, ahi))
        return bad_date(p, t->off, alen);
    if (blen > 0 && !parse_date(v + boff, blen, blo, bhi))
        return bad_date(p, t->off + boff, blen);
    if (alen > 0 && blen > 0 && strcmp(alo, bhi) > 0)
        return qp_fail(p, CAB_USAGE, "date range '%.*s' ends before it starts at column %zu",
                       show_len(p, t->off, t->len), v, qp_column(p, t->off));
    rc = xw_query_value_range(CAB_SLOT_CREATED, alen ? alo : NULL, blen ? bhi : NULL, out);
    return rc == CAB_OK ? CAB_OK : qp_nomem(p, rc);
}

/* country:KZ or country:kazakhstan -> the code, in 'val' (upper case). */
static cab_status country_code(struct qparser *p, const struct qtok *t, char *val, size_t n)
{
    const char *code;

    if (n == 2 && ((val[0] | 0x20) >= 'a' && (val[0] | 0x20) <= 'z') &&
        ((val[1] | 0x20) >= 'a' && (val[1] | 0x20) <= 'z')) {
        upper_ascii(val);
        return CAB_OK;
    }
    code = cab_country_code(val);
    if (!code)
        return qp_fail(p, CAB_USAGE,
                       "unknown country '%.*s' at column %zu (use a country name or its code, "
                       "such as GM for Germany)",
                       show_len(p, t->off, t->len), p->text + t->off, qp_column(p, t->off));
    snprintf(val, CAB_MAX_FILTER_VALUE + 1, "%s", code);
    return CAB_OK;
}

/* One whole-value term: prefix + value in the table's case. */
static cab_status term_filter(struct qparser *p, const struct qtok *t, xw_query **out)
{
    const struct cab_filter_field *f = t->field;
    char val[CAB_MAX_FILTER_VALUE + 1];
    char folded[CAB_MAX_FILTER_VALUE * 2 + 1];
    char term[CAB_MAX_FILTER_VALUE * 2 + 16];
    const char *prefix = f->prefix;
    size_t n = squeeze(p->text + t->off, t->len, val);
    cab_status rc;

    if (n == 0)
        return qp_fail(p, CAB_USAGE, "empty value for filter '%s:' at column %zu", f->name,
                       qp_column(p, t->at));
    if (strcmp(f->prefix, CAB_P_YEAR) == 0 && !year_ok(val, n))
        return qp_fail(p, CAB_USAGE, "bad year '%.*s' at column %zu (use YYYY, 1900 to 2100)",
                       show_len(p, t->off, t->len), p->text + t->off, qp_column(p, t->off));
    if (strcmp(f->prefix, CAB_P_COUNTRY) == 0 && country_code(p, t, val, n) != CAB_OK)
        return p->rc;
    if (f->upper) {
        upper_ascii(val);
        snprintf(term, sizeof term, "%s%s", prefix, val);
    } else {
        if (cab_word_fold(val, strlen(val), folded, sizeof folded) == 0)
            return qp_fail(p, CAB_INTERNAL, "cannot fold the value at column %zu",
                           qp_column(p, t->off));
        /* class: a level, or the full marking as published. */
        if (strcmp(f->prefix, CAB_P_CLASS) == 0 && strstr(folded, "//"))
            prefix = CAB_P_MARKING;
        snprintf(term, sizeof term, "%s%s", prefix, folded);
    }
    rc = xw_query_term(term, 1, out);
    return rc == CAB_OK ? CAB_OK : qp_nomem(p, rc);
}

/* Every word of the value with the word prefix (origin:, person:), or
 * subject text: one unquoted word is stemmed, else an exact phrase. */
static cab_status words_filter(struct qparser *p, const struct qtok *t, xw_query **out)
{
    const struct cab_filter_field *f = t->field;
    struct qlist l = { 0 };
    enum xw_op op = XW_OP_AND;

    if (f->kind == CAB_FILTER_WORDS) {
        qp_words(p, t->off, t->len, f->word_prefix, QW_EXACT, &l);
    } else {
        int stem = !t->quoted && qp_word_count(p, t->off, t->len) == 1;

        qp_words(p, t->off, t->len, f->prefix, stem ? QW_STEM : QW_EXACT, &l);
        op = XW_OP_PHRASE;
    }
    if (p->rc == CAB_OK && l.n == 0)
        qp_fail(p, CAB_USAGE, "no words in the value of filter '%s:' at column %zu", f->name,
                qp_column(p, t->at));
    if (p->rc == CAB_OK)
        qlist_combine(p, &l, op, 0, out);
    qlist_release(&l);
    return p->rc;
}

cab_status qp_filter(struct qparser *p, const struct qtok *t, xw_query **out)
{
    const struct cab_filter_field *f = t->field;

    *out = NULL;
    if (qp_count_term(p, t->at) != CAB_OK)
        return p->rc;
    if (!t->quoted && f->kind != CAB_FILTER_DATE && p->text[t->off + t->len - 1] == '*')
        return qp_fail(p, CAB_USAGE, "no wildcards in filter values ('%s:') at column %zu",
                       f->name, qp_column(p, t->at));
    /* A quoted person is one whole name, as the facet lists it, so a
     * drill-down on "Kessler" counts what the facet said; unquoted, any
     * person whose name holds the words. */
    if (t->quoted && f->kind == CAB_FILTER_WORDS && strcmp(f->prefix, CAB_P_PERSON) == 0)
        return term_filter(p, t, out);
    switch (f->kind) {
    case CAB_FILTER_TERM:
        return term_filter(p, t, out);
    case CAB_FILTER_WORDS:
    case CAB_FILTER_TEXT:
        return words_filter(p, t, out);
    case CAB_FILTER_DATE:
        return date_filter(p, t, out);
    }
    return qp_fail(p, CAB_INTERNAL, "filter '%s:' has no known kind", f->name);
}
