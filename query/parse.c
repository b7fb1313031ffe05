/* The query parser: tokens (parse_lex.c) to an xw_query by recursive
 * descent, one function per level of the grammar in include/query.h.
 * Recursion happens only at parentheses, whose depth the lexer has
 * already bounded.  Each level returns a node that says whether it ranks
 * (free text) and, for a bare filter, its field, so that a sequence of
 * items can group filters by field as SPEC.md asks. */
#include <stdint.h>
#include <string.h>

#include "cab_mem.h"
#include "parse_internal.h"
#include "text.h"

struct node {
    xw_query *q;                          /* owned */
    const struct cab_filter_field *field; /* a bare filter: its row */
    int weighted;                         /* free text adds weight */
    int all;                              /* only NOT items: everything but them */
    int negated;                          /* NOT, '-' */
};

struct group {
    struct node *v;
    size_t n, cap;
};

static cab_status parse_or(struct qparser *p, struct node *out);

static const struct qtok *peek(const struct qparser *p)
{
    return &p->toks[p->pos];
}

static cab_status group_push(struct qparser *p, struct group *g, struct node *n)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 8;
        struct node *v = cab_realloc(g->v, cap * sizeof *v);

        if (!v) {
            xw_query_free(n->q);
            n->q = NULL;
            return qp_fail(p, CAB_NOMEM, "out of memory");
        }
        g->v = v;
        g->cap = cap;
    }
    g->v[g->n++] = *n;
    n->q = NULL;
    return CAB_OK;
}

static void group_release(struct group *g)
{
    for (size_t i = 0; i < g->n; i++)
        xw_query_free(g->v[i].q);
    cab_free(g->v);
    memset(g, 0, sizeof *g);
}

static const char *tok_name(enum qtok_kind kind)
{
    switch (kind) {
    case QT_AND:
        return "AND";
    case QT_OR:
        return "OR";
    case QT_NOT:
        return "NOT";
    case QT_NEAR:
        return "NEAR";
    case QT_MINUS:
        return "-";
    case QT_PLUS:
        return "+";
    default:
        return "?";
    }
}

static cab_status missing(struct qparser *p, const char *side, const struct qtok *t)
{
    return qp_fail(p, CAB_USAGE, "missing operand %s '%s' at column %zu", side, tok_name(t->kind),
                   qp_column(p, t->at));
}

/* The filters of a group, one query per field: values of a many-valued
 * field AND-ed, of a single-valued one OR-ed where adjacency joined
 * them ('implicit'), AND-ed under an explicit AND. */
static cab_status group_filters(struct qparser *p, struct group *g, size_t i, int implicit,
                                struct qlist *filt)
{
    const struct cab_filter_field *f = g->v[i].field;
    struct qlist same = { 0 };
    xw_query *q;

    for (size_t j = i; j < g->n && p->rc == CAB_OK; j++) {
        if (g->v[j].q && !g->v[j].negated && !g->v[j].weighted && g->v[j].field == f) {
            qlist_push(p, &same, g->v[j].q);
            g->v[j].q = NULL;
        }
    }
    if (p->rc == CAB_OK &&
        qlist_combine(p, &same, implicit && !f->many ? XW_OP_OR : XW_OP_AND, 0, &q) == CAB_OK)
        qlist_push(p, filt, q);
    qlist_release(&same);
    return p->rc;
}

/* Items joined by adjacency or by AND: free text ranks, filtered by the
 * filters, minus the NOT items. */
static cab_status combine_group(struct qparser *p, struct group *g, int implicit,
                                struct node *out)
{
    struct qlist text = { 0 }, filt = { 0 }, neg = { 0 }, parts = { 0 };
    size_t npos = 0, nall = 0;
    xw_query *core = NULL;
    cab_status rc;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < g->n && p->rc == CAB_OK; i++) {
        struct node *n = &g->v[i];

        if (!n->q)
            continue; /* taken with an earlier filter of its field */
        if (n->negated) {
            qlist_push(p, &neg, n->q);
            n->q = NULL;
            continue;
        }
        npos++;
        nall += n->all ? 1 : 0;
        if (n->field && !n->weighted) {
            group_filters(p, g, i, implicit, &filt);
            continue;
        }
        qlist_push(p, n->weighted ? &text : &filt, n->q);
        n->q = NULL;
    }
    if (p->rc != CAB_OK)
        goto out;
    if (text.n > 0) {
        if (qlist_combine(p, &text, XW_OP_AND, 0, &core) != CAB_OK)
            goto out;
        out->weighted = 1;
        if (filt.n > 0) {
            rc = qlist_push(p, &parts, core);
            core = NULL;
            if (rc != CAB_OK)
                goto out;
            for (size_t i = 0; i < filt.n && p->rc == CAB_OK; i++) {
                qlist_push(p, &parts, filt.v[i]);
                filt.v[i] = NULL;
            }
            filt.n = 0;
            if (p->rc != CAB_OK || qlist_combine(p, &parts, XW_OP_FILTER, 0, &core) != CAB_OK)
                goto out;
        }
    } else if (filt.n > 0) {
        if (qlist_combine(p, &filt, XW_OP_AND, 0, &core) != CAB_OK)
            goto out;
    } else {
        rc = xw_query_match_all(&core);
        if (rc != CAB_OK) {
            qp_nomem(p, rc);
            goto out;
        }
    }
    out->all = npos == 0 || nall == npos;
    if (neg.n > 0) {
        rc = qlist_push(p, &parts, core);
        core = NULL;
        if (rc != CAB_OK)
            goto out;
        for (size_t i = 0; i < neg.n && p->rc == CAB_OK; i++) {
            qlist_push(p, &parts, neg.v[i]);
            neg.v[i] = NULL;
        }
        neg.n = 0;
        if (p->rc == CAB_OK)
            qlist_combine(p, &parts, XW_OP_AND_NOT, 0, &core);
    }
out:
    if (p->rc == CAB_OK) {
        out->q = core;
    } else {
        xw_query_free(core);
        out->weighted = out->all = 0;
    }
    qlist_release(&text);
    qlist_release(&filt);
    qlist_release(&neg);
    qlist_release(&parts);
    return p->rc;
}

/* word*: every indexed word starting with the folded prefix. */
static cab_status wildcard_node(struct qparser *p, const struct qtok *t, struct node *out)
{
    char folded[CAB_MAX_WORD * 4 + 1];
    size_t plen = t->len - 1, pos = 0, start = 0, wlen = 0, chars = 0, n;
    const char *s = p->text + t->off;
    cab_status rc;

    if (qp_word_count(p, t->off, plen) == 0 && qp_word_at(p->text, t->off, plen) != SIZE_MAX)
        return qp_fail(p, CAB_USAGE, "word longer than %d bytes at column %zu", CAB_MAX_WORD,
                       qp_column(p, qp_word_at(p->text, t->off, plen)));
    if (qp_word_count(p, t->off, plen) != 1 || !cab_word_next(s, plen, &pos, &start, &wlen) ||
        start + wlen != plen)
        return qp_fail(p, CAB_USAGE, "wildcard '%.*s' must be one word and '*' at column %zu",
                       (int)(t->len > 40 ? 40 : t->len), s, qp_column(p, t->at));
    n = cab_word_fold(s + start, wlen, folded, sizeof folded);
    for (size_t i = 0; i < n; i++)
        chars += ((unsigned char)folded[i] & 0xC0) != 0x80;
    if (n == 0 || chars < CAB_MIN_WILDCARD)
        return qp_fail(p, CAB_USAGE,
                       "wildcard '%.*s' needs at least %d letters before '*' at column %zu",
                       (int)t->len, s, CAB_MIN_WILDCARD, qp_column(p, t->at));
    if (qp_count_term(p, t->at) != CAB_OK)
        return p->rc;
    rc = xw_query_wildcard(folded, CAB_MAX_WILDCARD, &out->q);
    if (rc != CAB_OK)
        return qp_nomem(p, rc);
    out->weighted = 1;
    return CAB_OK;
}

/* A run of words: one word is its stem; several ("F-35") the phrase of
 * the exact words.  A quoted phrase is always exact. */
static cab_status words_node(struct qparser *p, const struct qtok *t, struct node *out)
{
    struct qlist l = { 0 };
    enum qword_form form = QW_EXACT;

    if (t->kind == QT_WORD) {
        if (p->text[t->off + t->len - 1] == '*')
            return wildcard_node(p, t, out);
        if (qp_word_count(p, t->off, t->len) == 1)
            form = QW_STEM;
    }
    if (qp_words(p, t->off, t->len, "", form, &l) == CAB_OK) {
        if (l.n == 0)
            qp_fail(p, CAB_USAGE, "%s at column %zu",
                    t->kind == QT_PHRASE ? "empty phrase" : "no words", qp_column(p, t->at));
        else
            qlist_combine(p, &l, XW_OP_PHRASE, 0, &out->q);
    }
    qlist_release(&l);
    out->weighted = p->rc == CAB_OK;
    return p->rc;
}

/* a NEAR b NEAR/n c: the exact words of each operand, within a window. */
static cab_status near_node(struct qparser *p, struct node *out)
{
    struct qlist l = { 0 };
    const struct qtok *near = &p->toks[p->pos + 1];
    unsigned window = 0;

    for (;;) {
        const struct qtok *t = peek(p);

        if ((t->kind != QT_WORD && t->kind != QT_PHRASE) ||
            (t->kind == QT_WORD && p->text[t->off + t->len - 1] == '*')) {
            qp_fail(p, CAB_USAGE, "'NEAR' needs a word or phrase on each side at column %zu",
                    qp_column(p, near->at));
            break;
        }
        if (qp_words(p, t->off, t->len, "", QW_EXACT, &l) != CAB_OK)
            break;
        p->pos++;
        if (peek(p)->kind != QT_NEAR)
            break;
        near = peek(p);
        if (near->window > window)
            window = near->window;
        p->pos++;
    }
    if (p->rc == CAB_OK) {
        if (window < l.n)
            window = (unsigned)l.n;
        if (l.n < 2)
            qp_fail(p, CAB_USAGE, "'NEAR' needs a word or phrase on each side at column %zu",
                    qp_column(p, near->at));
        else
            qlist_combine(p, &l, XW_OP_NEAR, window, &out->q);
    }
    qlist_release(&l);
    out->weighted = p->rc == CAB_OK;
    return p->rc;
}

static cab_status parse_primary(struct qparser *p, struct node *out)
{
    const struct qtok *t = peek(p);

    memset(out, 0, sizeof *out);
    switch (t->kind) {
    case QT_LPAREN:
        p->pos++;
        if (peek(p)->kind == QT_RPAREN)
            return qp_fail(p, CAB_USAGE, "empty parentheses at column %zu", qp_column(p, t->at));
        if (parse_or(p, out) != CAB_OK)
            return p->rc;
        if (peek(p)->kind != QT_RPAREN) {
            xw_query_free(out->q);
            out->q = NULL;
            return qp_fail(p, CAB_INTERNAL, "parenthesis at column %zu not closed",
                           qp_column(p, t->at));
        }
        p->pos++;
        out->field = NULL;
        out->negated = 0;
        return CAB_OK;
    case QT_WORD:
    case QT_PHRASE:
        if (p->toks[p->pos + 1].kind == QT_NEAR)
            return near_node(p, out);
        p->pos++;
        return words_node(p, t, out);
    case QT_FILTER:
        p->pos++;
        out->field = t->field;
        return qp_filter(p, t, &out->q);
    case QT_NEAR:
    case QT_AND:
    case QT_OR:
        return missing(p, "before", t);
    default:
        return qp_fail(p, CAB_INTERNAL, "unexpected token at column %zu", qp_column(p, t->at));
    }
}

static int ends_operand(enum qtok_kind kind)
{
    return kind == QT_END || kind == QT_RPAREN || kind == QT_OR || kind == QT_AND ||
           kind == QT_NEAR;
}

/* unary = { NOT | - | + } primary */
static cab_status parse_unary(struct qparser *p, struct node *out)
{
    const struct qtok *op = NULL;
    int neg = 0;

    memset(out, 0, sizeof *out);
    while (peek(p)->kind == QT_NOT || peek(p)->kind == QT_MINUS || peek(p)->kind == QT_PLUS) {
        op = peek(p);
        neg ^= op->kind != QT_PLUS;
        p->pos++;
    }
    if (op && ends_operand(peek(p)->kind))
        return missing(p, "after", op);
    if (parse_primary(p, out) != CAB_OK)
        return p->rc;
    out->negated = neg;
    return CAB_OK;
}

/* and-expr = unary { AND unary } */
static cab_status parse_and(struct qparser *p, struct node *out)
{
    struct group g = { 0 };
    struct node n;

    memset(out, 0, sizeof *out);
    if (parse_unary(p, &n) != CAB_OK || group_push(p, &g, &n) != CAB_OK)
        goto out;
    while (peek(p)->kind == QT_AND) {
        const struct qtok *t = peek(p);

        p->pos++;
        if (ends_operand(peek(p)->kind)) {
            missing(p, "after", t);
            goto out;
        }
        if (parse_unary(p, &n) != CAB_OK || group_push(p, &g, &n) != CAB_OK)
            goto out;
    }
    if (g.n == 1) {
        *out = g.v[0];
        g.v[0].q = NULL;
    } else {
        combine_group(p, &g, 0, out);
    }
out:
    group_release(&g);
    return p->rc;
}

/* seq = and-expr { and-expr } */
static cab_status parse_seq(struct qparser *p, struct node *out)
{
    struct group g = { 0 };
    struct node n;

    memset(out, 0, sizeof *out);
    for (;;) {
        enum qtok_kind kind = peek(p)->kind;

        if (kind == QT_END || kind == QT_RPAREN || kind == QT_OR)
            break;
        if (parse_and(p, &n) != CAB_OK || group_push(p, &g, &n) != CAB_OK)
            goto out;
    }
    if (g.n == 0)
        missing(p, "before", peek(p));
    else if (g.n == 1 && !g.v[0].negated) {
        *out = g.v[0];
        g.v[0].q = NULL;
    } else {
        combine_group(p, &g, 1, out);
    }
out:
    group_release(&g);
    return p->rc;
}

/* or-expr = seq { OR seq }.  Parts that do not rank are scaled to no
 * weight, so a filter OR-ed with words adds nothing to the score. */
static cab_status parse_or(struct qparser *p, struct node *out)
{
    struct group g = { 0 };
    struct qlist l = { 0 };
    struct node n;
    int weighted = 0, all = 0;

    memset(out, 0, sizeof *out);
    for (;;) {
        const struct qtok *t;

        if (parse_seq(p, &n) != CAB_OK || group_push(p, &g, &n) != CAB_OK)
            goto out;
        t = peek(p);
        if (t->kind != QT_OR)
            break;
        p->pos++;
        if (ends_operand(peek(p)->kind)) {
            missing(p, "after", t);
            goto out;
        }
    }
    if (g.n == 1) {
        *out = g.v[0];
        g.v[0].q = NULL;
        goto out;
    }
    for (size_t i = 0; i < g.n; i++) {
        weighted |= g.v[i].weighted;
        all |= g.v[i].all;
    }
    for (size_t i = 0; i < g.n && p->rc == CAB_OK; i++) {
        xw_query *q = g.v[i].q;

        if (weighted && !g.v[i].weighted) {
            cab_status rc = xw_query_scale(g.v[i].q, 0, &q);

            if (rc != CAB_OK) {
                qp_nomem(p, rc);
                break;
            }
        } else {
            g.v[i].q = NULL;
        }
        qlist_push(p, &l, q);
    }
    if (p->rc == CAB_OK && qlist_combine(p, &l, XW_OP_OR, 0, &out->q) == CAB_OK) {
        out->weighted = weighted;
        out->all = all;
    }
out:
    qlist_release(&l);
    group_release(&g);
    return p->rc;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != '\f' && *s != '\v')
            return 0;
    return 1;
}

cab_status cab_query_parse(const char *text, xw_stemmer *st, struct cab_parsed *out,
                           char err[CAB_ERR_SIZE])
{
    struct qparser p;
    struct node n = { 0 };

    memset(out, 0, sizeof *out);
    memset(&p, 0, sizeof p);
    err[0] = '\0';
    p.text = text ? text : "";
    p.st = st;
    p.err = err;
    if (qp_lex(&p) != CAB_OK)
        goto out;
    if (p.toks[0].kind == QT_END) {
        qp_fail(&p, CAB_USAGE, blank(p.text) ? "empty query" : "query has no words");
        goto out;
    }
    if (parse_or(&p, &n) != CAB_OK)
        goto out;
    if (peek(&p)->kind != QT_END) {
        qp_fail(&p, CAB_INTERNAL, "query not read to the end (column %zu)",
                qp_column(&p, peek(&p)->at));
        goto out;
    }
    if (!n.weighted) {
        xw_query *scaled;
        cab_status rc = xw_query_scale(n.q, 0, &scaled);

        if (rc != CAB_OK) {
            qp_nomem(&p, rc);
            goto out;
        }
        xw_query_free(n.q);
        n.q = scaled;
    }
    out->query = n.q;
    n.q = NULL;
    out->boolean_only = !n.weighted;
    out->has_positive = !n.all;
out:
    xw_query_free(n.q);
    cab_free(p.toks);
    return p.rc;
}

void cab_parsed_release(struct cab_parsed *p)
{
    if (!p)
        return;
    xw_query_free(p->query);
    memset(p, 0, sizeof *p);
}
