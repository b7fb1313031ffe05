/* The query lexer: bytes to tokens.  Every check that needs no tree is
 * done here, in one pass and without recursion, so that hostile input
 * (deep parentheses, huge queries, broken UTF-8) is refused before the
 * recursive descent of parse.c starts. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "parse_internal.h"
#include "text.h"

cab_status qp_fail(struct qparser *p, cab_status rc, const char *fmt, ...)
{
    va_list ap;

    if (p->rc != CAB_OK)
        return p->rc;
    p->rc = rc;
    va_start(ap, fmt);
    vsnprintf(p->err, CAB_ERR_SIZE, fmt, ap);
    va_end(ap);
    return rc;
}

size_t qp_column(const struct qparser *p, size_t at)
{
    size_t col = 1;

    for (size_t i = 0; i < at && i < p->len; i++)
        if (((unsigned char)p->text[i] & 0xC0) != 0x80)
            col++;
    return col;
}

cab_status qp_count_term(struct qparser *p, size_t at)
{
    if (++p->nterms > CAB_MAX_QUERY_TERMS)
        return qp_fail(p, CAB_TOO_LARGE, "query has more than %d terms at column %zu",
                       CAB_MAX_QUERY_TERMS, qp_column(p, at));
    return p->rc;
}

/* Offset of the first byte that is not part of well-formed UTF-8 (no
 * overlong forms, surrogates or code points past U+10FFFF), or 'len'. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n;
        unsigned char lo = 0x80, hi = 0xBF;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        if (n > len - i || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return len;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters that end an unquoted run. */
static int ends_run(char c)
{
    return is_space(c) || c == '(' || c == ')' || c == '"';
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Looked at in pieces shorter than CAB_MAX_WORD, cut at character
 * boundaries, because cab_word_next() skips overlong words silently. */
size_t qp_word_at(const char *text, size_t off, size_t len)
{
    size_t end = off + len;

    while (off < end) {
        size_t cut = off + CAB_MAX_WORD / 2, pos = 0, start, wlen;

        if (cut > end)
            cut = end;
        while (cut < end && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut++;
        if (cab_word_next(text + off, cut - off, &pos, &start, &wlen))
            return off + start;
        off = cut;
    }
    return SIZE_MAX;
}

static int utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* 1 if the character at 'i' can begin what a '-' or '+' applies to. */
static int starts_operand(const struct qparser *p, size_t i)
{
    char c = p->text[i];

    if (c == '"' || c == '(')
        return 1;
    return qp_word_at(p->text, i, (size_t)utf8_len((unsigned char)c)) != SIZE_MAX;
}

static struct qtok *push(struct qparser *p, enum qtok_kind kind, size_t at)
{
    struct qtok *t;

    if (p->ntoks == p->tcap) {
        size_t cap = p->tcap ? p->tcap * 2 : 16;
        struct qtok *v = cab_realloc(p->toks, cap * sizeof *v);

        if (!v) {
            qp_fail(p, CAB_NOMEM, "out of memory");
            return NULL;
        }
        p->toks = v;
        p->tcap = cap;
    }
    t = &p->toks[p->ntoks++];
    memset(t, 0, sizeof *t);
    t->kind = kind;
    t->at = t->off = at;
    return t;
}

/* "id tag country ..." for messages. */
static void filter_names(char *out, size_t cap)
{
    size_t used = 0;

    out[0] = '\0';
    for (size_t i = 0; i < cab_n_filter_fields; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? " " : "",
                         cab_filter_fields[i].name);

        if (n < 0 || (size_t)n >= cap - used)
            break;
        used += (size_t)n;
    }
}

static cab_status lex_near(struct qparser *p, size_t i, size_t j)
{
    struct qtok *t;
    unsigned window = 0;
    size_t k = i + 5;

    if (j - i > 5) {
        if (j - k > 3)
            k = j; /* too many digits: fall through to the error */
        for (; k < j && p->text[k] >= '0' && p->text[k] <= '9'; k++)
            window = window * 10 + (unsigned)(p->text[k] - '0');
    }
    if (j - i <= 5 || k != j || window < 1 || window > CAB_MAX_NEAR_WINDOW)
        return qp_fail(p, CAB_USAGE, "bad distance in '%.*s' at column %zu (use NEAR/1 to NEAR/%d)",
                       (int)(j - i > 16 ? 16 : j - i), p->text + i, qp_column(p, i),
                       CAB_MAX_NEAR_WINDOW);
    t = push(p, QT_NEAR, i);
    if (t)
        t->window = window;
    return p->rc;
}

/* Span of a quoted string whose opening quote is at 'q': sets *end past
 * the closing quote. */
static cab_status lex_quote(struct qparser *p, size_t q, size_t *end)
{
    const char *close = memchr(p->text + q + 1, '"', p->len - q - 1);

    *end = p->len;   /* defined on failure too */
    if (!close)
        return qp_fail(p, CAB_USAGE, "unterminated quote at column %zu", qp_column(p, q));
    *end = (size_t)(close - p->text) + 1;
    return CAB_OK;
}

/* field:value, field:"value", or (unknown name followed by a space) a word. */
static cab_status lex_filter(struct qparser *p, size_t i, size_t colon, size_t *j)
{
    const struct cab_filter_field *f = cab_filter_field_find(p->text + i, colon - i);
    size_t voff = colon + 1, vlen = *j - voff;
    int quoted = 0;
    struct qtok *t;

    if (vlen == 0 && *j < p->len && p->text[*j] == '"') {
        size_t end;

        if (lex_quote(p, *j, &end) != CAB_OK)
            return p->rc;
        voff = *j + 1;
        vlen = end - voff - 1;
        quoted = 1;
        *j = end;
    } else if (vlen == 0 && !f) {
        /* "KAZAKHSTAN: shelter", as in pasted subject lines: punctuation. */
        t = push(p, QT_WORD, i);
        if (t)
            t->len = *j - i;
        return p->rc;
    }
    if (!f) {
        char names[256];

        filter_names(names, sizeof names);
        return qp_fail(p, CAB_USAGE, "unknown filter '%.*s:' at column %zu (filters: %s)",
                       (int)(colon - i > 32 ? 32 : colon - i), p->text + i, qp_column(p, i),
                       names);
    }
    if (vlen == 0)
        return qp_fail(p, CAB_USAGE, "empty value for filter '%s:' at column %zu", f->name,
                       qp_column(p, i));
    if (vlen > CAB_MAX_FILTER_VALUE)
        return qp_fail(p, CAB_TOO_LARGE,
                       "value of filter '%s:' longer than %d bytes at column %zu", f->name,
                       CAB_MAX_FILTER_VALUE, qp_column(p, i));
    t = push(p, QT_FILTER, i);
    if (t) {
        t->off = voff;
        t->len = vlen;
        t->field = f;
        t->quoted = quoted;
    }
    return p->rc;
}

/* Operators are matched in any case (SPEC: the query language is
 * case-insensitive), so "or" is OR. */
static int run_is(const struct qparser *p, size_t i, size_t j, const char *word)
{
    size_t n = strlen(word);

    return j - i == n && strncasecmp(p->text + i, word, n) == 0;
}

/* An unquoted run text[i..j): operator, filter or words. */
static cab_status lex_run(struct qparser *p, size_t i, size_t *j)
{
    size_t k = i;
    struct qtok *t;

    if (run_is(p, i, *j, "AND"))
        return push(p, QT_AND, i) ? CAB_OK : p->rc;
    if (run_is(p, i, *j, "OR"))
        return push(p, QT_OR, i) ? CAB_OK : p->rc;
    if (run_is(p, i, *j, "NOT"))
        return push(p, QT_NOT, i) ? CAB_OK : p->rc;
    if (run_is(p, i, *j, "NEAR")) {
        t = push(p, QT_NEAR, i);
        if (t)
            t->window = CAB_NEAR_WINDOW;
        return p->rc;
    }
    if (*j - i >= 5 && strncasecmp(p->text + i, "NEAR/", 5) == 0)
        return lex_near(p, i, *j);
    while (k < *j && is_alpha(p->text[k]))
        k++;
    if (k > i && k < *j && p->text[k] == ':')
        return lex_filter(p, i, k, j);
    if (qp_word_at(p->text, i, *j - i) == SIZE_MAX)
        return CAB_OK; /* punctuation alone ("-", "&") carries no word */
    t = push(p, QT_WORD, i);
    if (t)
        t->len = *j - i;
    return p->rc;
}

cab_status qp_lex(struct qparser *p)
{
    size_t open[CAB_MAX_QUERY_DEPTH];
    size_t depth = 0, i = 0, bad;

    p->len = strnlen(p->text, (size_t)CAB_MAX_QUERY_BYTES + 1);
    if (p->len > CAB_MAX_QUERY_BYTES)
        return qp_fail(p, CAB_TOO_LARGE, "query longer than %d bytes", CAB_MAX_QUERY_BYTES);
    bad = utf8_check((const unsigned char *)p->text, p->len);
    if (bad < p->len)
        return qp_fail(p, CAB_USAGE, "query is not valid UTF-8 (byte %zu)", bad + 1);

    while (i < p->len && p->rc == CAB_OK) {
        char c = p->text[i];
        size_t j;

        if (is_space(c)) {
            i++;
        } else if (c == '(') {
            if (depth == CAB_MAX_QUERY_DEPTH)
                return qp_fail(p, CAB_TOO_LARGE, "parentheses nested deeper than %d at column %zu",
                               CAB_MAX_QUERY_DEPTH, qp_column(p, i));
            open[depth++] = i;
            push(p, QT_LPAREN, i);
            i++;
        } else if (c == ')') {
            if (depth == 0)
                return qp_fail(p, CAB_USAGE, "unbalanced ')' at column %zu", qp_column(p, i));
            depth--;
            push(p, QT_RPAREN, i);
            i++;
        } else if (c == '"') {
            struct qtok *t;

            if (lex_quote(p, i, &j) != CAB_OK)
                return p->rc;
            t = push(p, QT_PHRASE, i);
            if (t) {
                t->off = i + 1;
                t->len = j - i - 2;
            }
            i = j;
        } else if ((c == '-' || c == '+') && i + 1 < p->len && starts_operand(p, i + 1)) {
            push(p, c == '-' ? QT_MINUS : QT_PLUS, i);
            i++;
        } else {
            for (j = i; j < p->len && !ends_run(p->text[j]); j++)
                ;
            lex_run(p, i, &j);
            i = j;
        }
    }
    if (p->rc == CAB_OK && depth > 0)
        return qp_fail(p, CAB_USAGE, "unbalanced '(' at column %zu", qp_column(p, open[depth - 1]));
    if (p->rc == CAB_OK)
        push(p, QT_END, p->len);
    return p->rc;
}
