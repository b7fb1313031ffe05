/* Reference IDs: the cable's own and the ones it cites.
 *
 * A reference ID is the two-digit year, the post as one word and the
 * serial number without leading zeros: "09ASTANA2101", "06NEWDELHI5135",
 * "09STATE12345" (SECSTATE is STATE in IDs).  When the given ID is broken
 * ("08ECTION01OF02MANAMA492") or missing, it is rebuilt from the telegram:
 * the year from the DTG or creation date, the post and serial from the
 * classification line ("CONFIDENTIAL SECTION 01 OF 08 NEW DELHI 005135"),
 * else the serial from the "DE RUEHNE #5135/01" line and the post from
 * the FM line.
 *
 * Citations come only from the REF block ("REF: A. 09 STATE 12345 B.
 * ASTANA 1206 AND PREVIOUS", "BRASILIA 2799 AND 2764", "ANKARA 1234,
 * 1235"), never from prose.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "extract.h"
#include "extract_internal.h"

/* Tokens of one citation text looked at; the rest is ignored. */
#define MAX_CITE_TOKENS 4096
/* Words a post name may have ("RIO DE JANEIRO", "USUN NEW YORK"). */
#define MAX_POST_WORDS 3
/* Letters of a post name in an ID. */
#define MAX_POST_LETTERS 24
/* Bytes of REF block text looked at. */
#define MAX_REF_TEXT 16384

enum tok_type { TOK_WORD, TOK_NUM, TOK_PUNCT };

struct tok {
    const char *s;
    size_t len;
    enum tok_type type;
};

/* Words that never belong to a post name in a citation. */
static const char *const stop_words[] = {
    "AND", "OR", "OF", "THE", "SEE", "ALSO", "REF", "REFS", "REFTEL", "REFTELS",
    "REFERENCE", "REFERENCES", "PREVIOUS", "NOTAL", "EMAIL", "MAIL", "MEMCON", "TELCON",
    "TELECON", "PARA", "PARAS", "PARAGRAPH", "SECTION", "DATED", "ON", "IN", "AT", "DTG",
    "TO", "FROM", "NO", "NUMBER", "CABLE", "TELEGRAM", "PAGE", "PAGES", "WITH", "FOR", "BY",
    "LETTER", "NOTE", "FAX", "CALL", "MEETING", "REPORT", "ITEM", "ANNEX", "TABLE", "VOL",
    "AMEMBASSY", "AMCONSUL", "USMISSION", "EMBASSY", "CONSULATE", "IIR", "TDX", "OADR",
    "NOFORN", "SIPDIS", "EXDIS", "NODIS", "LIMDIS", "SENSITIVE", "NF", "FOUO", "SBU",
    "ONLY", "USE", "OFFICIAL", "UNCLAS", "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "E", "O",
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN",
    "JUNE", "JUL", "JULY", "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER",
    "NOV", "NOVEMBER", "DEC", "DECEMBER", "SEPTEL", "REFTELS", "ET", "AL", "YEAR", "YEARS",
};

static int is_stop(const struct tok *t)
{
    if (t->len == 1)
        return 1; /* list labels: "A.", "(B)" */
    for (size_t i = 0; i < sizeof stop_words / sizeof *stop_words; i++)
        if (strlen(stop_words[i]) == t->len && strncasecmp(stop_words[i], t->s, t->len) == 0)
            return 1;
    return 0;
}

static size_t tokenise(const char *s, size_t len, struct tok *t, size_t max)
{
    size_t n = 0, i = 0;

    while (i < len && n < max) {
        size_t start = i;

        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
            i++;
            continue;
        }
        if (isalpha((unsigned char)s[i])) {
            while (i < len && isalpha((unsigned char)s[i]))
                i++;
            t[n].type = TOK_WORD;
        } else if (isdigit((unsigned char)s[i])) {
            while (i < len && isdigit((unsigned char)s[i]))
                i++;
            t[n].type = TOK_NUM;
        } else {
            i++;
            t[n].type = TOK_PUNCT;
        }
        t[n].s = s + start;
        t[n].len = i - start;
        n++;
    }
    return n;
}

/* Only blanks between tokens a and b (a before b). */
static int adjacent(const struct tok *a, const struct tok *b)
{
    for (const char *p = a->s + a->len; p < b->s; p++)
        if (*p != ' ' && *p != '\t')
            return 0;
    return 1;
}

static int is_punct(const struct tok *t, char c)
{
    return t->type == TOK_PUNCT && t->s[0] == c;
}

static int is_word(const struct tok *t, const char *w)
{
    return t->type == TOK_WORD && strlen(w) == t->len && strncasecmp(t->s, w, t->len) == 0;
}

/* Write the ID; -1 when the parts do not make one. */
static int make_id(int year2, const char *post, const char *num, size_t num_len,
                   char out[CAB_MAX_ID])
{
    while (num_len > 1 && *num == '0') {
        num++;
        num_len--;
    }
    if (year2 < 0 || year2 > 99 || num_len == 0 || num_len > 7 || (num_len == 1 && *num == '0'))
        return -1;
    if (strstr(post, "XXXXXX"))
        return -1; /* a redacted post */
    if (strcmp(post, "SECSTATE") == 0)
        post = "STATE";
    if (strlen(post) < 4 && strcmp(post, "UN") != 0)
        return -1;
    snprintf(out, CAB_MAX_ID, "%02d%s%.*s", year2, post, (int)num_len, num);
    return 0;
}

/* Post name from the words t[from..to), upper case, no blanks. */
static int post_name(const struct tok *t, size_t from, size_t to, char *post)
{
    size_t o = 0;

    for (size_t i = from; i < to; i++)
        for (size_t k = 0; k < t[i].len; k++) {
            if (o >= MAX_POST_LETTERS)
                return -1;
            post[o++] = (char)toupper((unsigned char)t[i].s[k]);
        }
    post[o] = '\0';
    return o > 0 ? 0 : -1;
}

typedef cab_status (*cite_fn)(void *ctx, const char *id);

/* Find the citations in s[0..len); call 'fn' with each ID. */
static cab_status scan_citations(const char *s, size_t len, int year2, cite_fn fn, void *ctx)
{
    struct tok *t;
    size_t n;
    char post[MAX_POST_LETTERS + 1] = "";
    int last_year = -1;
    size_t last_emit = (size_t)-1;
    cab_status st = CAB_OK;

    t = cab_malloc(MAX_CITE_TOKENS * sizeof *t);
    if (!t)
        return CAB_NOMEM;
    n = tokenise(s, len, t, MAX_CITE_TOKENS);
    for (size_t i = 0; i < n && st == CAB_OK; i++) {
        size_t j = i, year_tok;
        int year = year2;
        char id[CAB_MAX_ID];

        if (t[i].type != TOK_NUM)
            continue;
        /* Not a serial: dates (5/12), times, decimals, paragraph numbers "1.2". */
        if (i + 1 < n && t[i + 1].s == t[i].s + t[i].len &&
            (is_punct(&t[i + 1], '/') || is_punct(&t[i + 1], ':') || is_punct(&t[i + 1], '-') ||
             (is_punct(&t[i + 1], '.') && i + 2 < n && t[i + 2].type == TOK_NUM &&
              t[i + 2].s == t[i + 1].s + 1)))
            continue;
        if (i > 0 && t[i - 1].s + t[i - 1].len == t[i].s &&
            (is_punct(&t[i - 1], '/') || is_punct(&t[i - 1], '-') || is_punct(&t[i - 1], '.')))
            continue;
        while (j > 0 && i - j < MAX_POST_WORDS && t[j - 1].type == TOK_WORD &&
               adjacent(&t[j - 1], &t[j]) &&
               (!is_stop(&t[j - 1]) || (is_word(&t[j - 1], "THE") && is_word(&t[j], "HAGUE"))))
            j--;
        if (j < i) {
            if (post_name(t, j, i, post) != 0)
                continue;
            /* "09 STATE 12345", but not the "02" of "SECTION 01 OF 02 STATE 12345". */
            if (j > 0 && t[j - 1].type == TOK_NUM && adjacent(&t[j - 1], &t[j]) &&
                !(j > 1 && is_word(&t[j - 2], "OF"))) {
                year_tok = j - 1;
                if (t[year_tok].len == 2)
                    year = atoi(t[year_tok].s);
                else if (t[year_tok].len == 4 && (t[year_tok].s[0] == '1' || t[year_tok].s[0] == '2'))
                    year = atoi(t[year_tok].s) % 100;
            }
            last_year = year;
        } else if (i >= 2 && last_emit == i - 2 && post[0] &&
                   (is_word(&t[i - 1], "AND") || is_punct(&t[i - 1], ',') ||
                    is_punct(&t[i - 1], '&'))) {
            year = last_year; /* "BRASILIA 2799 AND 2764" */
        } else {
            continue;
        }
        if (make_id(year, post, t[i].s, t[i].len, id) != 0)
            continue;
        last_emit = i;
        st = fn(ctx, id);
    }
    cab_free(t);
    return st;
}

struct one {
    char id[CAB_MAX_ID];
    int found;
};

static cab_status keep_first(void *ctx, const char *id)
{
    struct one *o = ctx;

    if (!o->found)
        snprintf(o->id, sizeof o->id, "%s", id);
    o->found++;
    return CAB_OK;
}

static cab_status keep_last(void *ctx, const char *id)
{
    struct one *o = ctx;

    snprintf(o->id, sizeof o->id, "%s", id);
    o->found++;
    return CAB_OK;
}

int cab_ref_normalise(const char *citation, int year2, char out[CAB_MAX_ID])
{
    struct one o = { "", 0 };

    if (!citation || year2 < 0 || year2 > 99)
        return -1;
    if (scan_citations(citation, strlen(citation), year2, keep_first, &o) != CAB_OK ||
        o.found != 1)
        return -1;
    snprintf(out, CAB_MAX_ID, "%s", o.id);
    return 0;
}

int ex_id_valid(const char *id)
{
    size_t i = 0, letters = 0, digits = 0;

    if (!id || !isdigit((unsigned char)id[0]) || !isdigit((unsigned char)id[1]))
        return 0;
    for (i = 2; isupper((unsigned char)id[i]); i++)
        letters++;
    for (; isdigit((unsigned char)id[i]); i++)
        digits++;
    if (id[i] != '\0' || letters < 2 || digits == 0 || digits > 7 || i >= CAB_MAX_ID)
        return 0;
    return strstr(id, "ECTION") == NULL;
}

/* Upper case, no blanks, SECSTATE as STATE, serial without leading zeros. */
static void normalise_given(const char *in, char out[CAB_MAX_ID])
{
    size_t o = 0, num_start;

    for (size_t i = 0; in[i] && o + 1 < CAB_MAX_ID; i++)
        if (isalnum((unsigned char)in[i]))
            out[o++] = (char)toupper((unsigned char)in[i]);
    out[o] = '\0';
    if (o > 10 && strncmp(out + 2, "SECSTATE", 8) == 0)
        memmove(out + 2, out + 5, o - 4);
    o = strlen(out);
    num_start = o;
    while (num_start > 0 && isdigit((unsigned char)out[num_start - 1]))
        num_start--;
    if (num_start > 2 && num_start < o) {
        size_t z = num_start;

        while (z + 1 < o && out[z] == '0')
            z++;
        memmove(out + num_start, out + z, o - z + 1);
    }
}

/* Serial from "DE RUEHNE #5135/01 3350447". */
static int serial_from_de(struct ex_doc *d, const char *h, char *num, size_t size)
{
    while (h && *h) {
        const char *end = strchr(h, '\n');
        size_t len = end ? (size_t)(end - h) : strlen(h);

        if (len > 3 && strncasecmp(h, "DE ", 3) == 0 && ex_match(d, EX_PAT_DE_LINE, h, len) == 1) {
            size_t gl;
            const char *g = ex_group(d, h, 1, &gl);

            snprintf(num, size, "%.*s", (int)gl, g);
            return 0;
        }
        h = end ? end + 1 : NULL;
    }
    return -1;
}

static int derive_id(struct ex_doc *d, char out[CAB_MAX_ID])
{
    struct cable *c = d->c;
    int year2 = d->year > 0 ? d->year % 100 : -1;
    char num[16], post[MAX_POST_LETTERS + 8];

    if (year2 < 0)
        return -1;
    for (size_t i = 0; i < d->n_lines; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *rest;
        size_t rest_len;
        struct one o = { "", 0 };

        if (l->kind != EX_LINE_CLASS && l->kind != EX_LINE_SECTION)
            continue;
        if (ex_match(d, EX_PAT_CLASS, l->s, l->len) != 1)
            continue;
        rest = ex_group(d, l->s, 2, &rest_len);
        if (scan_citations(rest, rest_len, year2, keep_last, &o) != CAB_OK) {
            d->rc = CAB_NOMEM;
            return -1;
        }
        if (o.found) {
            snprintf(out, CAB_MAX_ID, "%s", o.id);
            return 0;
        }
        if (l->kind == EX_LINE_CLASS)
            break;
    }
    if (serial_from_de(d, c->header, num, sizeof num) != 0 || !c->origin ||
        ex_origin_post(c->origin, strlen(c->origin), post, sizeof post) != 0)
        return -1;
    return make_id(year2, post, num, strlen(num), out);
}

cab_status ex_extract_id(struct ex_doc *d)
{
    struct cable *c = d->c;
    char id[CAB_MAX_ID] = "";

    if (c->id)
        normalise_given(c->id, id);
    if (!ex_id_valid(id) && derive_id(d, id) != 0) {
        if (d->rc != CAB_OK)
            return d->rc;
        snprintf(d->err, sizeof d->err, "no reference id in '%s'",
                 c->source_path ? c->source_path : "-");
        return CAB_BAD_INPUT;
    }
    if (!c->id || strcmp(c->id, id) != 0) {
        char *copy = cab_strdup(id);

        if (!copy)
            return CAB_NOMEM;
        cab_free(c->id);
        c->id = copy;
    }
    /* A post known only from the section line still gives an origin. */
    if (!c->origin) {
        size_t p = 2, q;
        char name[CAB_MAX_ID + 16];

        for (q = p; isupper((unsigned char)id[q]); q++)
            ;
        if (q - p == 5 && strncmp(id + p, "STATE", 5) == 0)
            snprintf(name, sizeof name, "SECSTATE WASHDC");
        else
            snprintf(name, sizeof name, "AMEMBASSY %.*s", (int)(q - p), id + p);
        c->origin = cab_origin_canonical(name);
        if (!c->origin)
            return CAB_NOMEM;
    }
    return CAB_OK;
}

static cab_status add_ref(void *ctx, const char *id)
{
    struct cable *c = ctx;

    if (c->id && strcmp(c->id, id) == 0)
        return CAB_OK;
    return ex_strv_add(&c->refs, &c->n_refs, CAB_MAX_REFS, id, strlen(id));
}

cab_status ex_extract_refs(struct ex_doc *d)
{
    struct cab_buf b;
    cab_status st = CAB_OK;
    int year2 = d->year > 0 ? d->year % 100 : -1;

    if (year2 < 0 && d->c->id && isdigit((unsigned char)d->c->id[0]))
        year2 = atoi(d->c->id) % 100;
    if (year2 < 0)
        return CAB_OK;
    cab_buf_init(&b, MAX_REF_TEXT);
    for (size_t i = 0; i < d->n_lines && st == CAB_OK; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *s = l->s;
        size_t len = l->len;

        if (l->kind == EX_LINE_SUBJECT) {
            /* "SUBJECT: ... PRIMEREF: A. LONDON 1939": run together. */
            const char *r = ex_memmem_ci(s, len, "REF:");

            if (!r)
                continue;
            len -= (size_t)(r - s);
            s = r;
        } else if (l->kind != EX_LINE_REF) {
            continue;
        }
        /* Past the cap the rest is not a REF block any more; but a single
         * overlong line still gives the citations that fit, cut at a space
         * so no number is cut short. */
        int last = len + 1 > b.max - b.len;
        if (last) {
            len = b.max - b.len > 0 ? b.max - b.len - 1 : 0;
            while (len > 0 && !isspace((unsigned char)s[len]))
                len--;
        }
        st = cab_buf_add(&b, s, len);
        if (st == CAB_OK)
            st = cab_buf_addch(&b, '\n');
        if (st == CAB_TOO_LARGE)
            st = CAB_OK;
        if (last)
            break;
    }
    if (st == CAB_OK && b.len > 0)
        st = scan_citations(b.data, b.len, year2, add_ref, d->c);
    cab_buf_release(&b);
    return st;
}
