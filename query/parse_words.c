/* Words of the query to terms, split and folded by text.h exactly as the
 * indexer does, and the list of queries the parser combines. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "parse_internal.h"
#include "text.h"

cab_status qp_nomem(struct qparser *p, cab_status rc)
{
    if (rc == CAB_NOMEM)
        return qp_fail(p, CAB_NOMEM, "out of memory");
    return qp_fail(p, rc, "cannot build the query (%s)", cab_status_str(rc));
}

cab_status qlist_push(struct qparser *p, struct qlist *l, xw_query *q)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        xw_query **v = cab_realloc(l->v, cap * sizeof(xw_query *));

        if (!v) {
            xw_query_free(q);
            return qp_fail(p, CAB_NOMEM, "out of memory");
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = q;
    return CAB_OK;
}

void qlist_release(struct qlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        xw_query_free(l->v[i]);
    cab_free(l->v);
    memset(l, 0, sizeof *l);
}

cab_status qlist_combine(struct qparser *p, struct qlist *l, enum xw_op op, unsigned window,
                         xw_query **out)
{
    cab_status rc;

    *out = NULL;
    if (l->n == 0)
        return qp_fail(p, CAB_INTERNAL, "empty combination in the query parser");
    if (l->n == 1) {
        *out = l->v[0];
        l->n = 0;
        return CAB_OK;
    }
    rc = xw_query_combine(op, l->v, l->n, window, out);
    if (rc != CAB_OK)
        return qp_nomem(p, rc);
    for (size_t i = 0; i < l->n; i++)
        xw_query_free(l->v[i]);
    l->n = 0;
    return CAB_OK;
}

size_t qp_word_count(const struct qparser *p, size_t off, size_t len)
{
    size_t pos = 0, start, wlen, n = 0;

    while (cab_word_next(p->text + off, len, &pos, &start, &wlen))
        n++;
    return n;
}

/* A word the tokenizer skipped (too long) lies in text[from..to)? */
static cab_status check_gap(struct qparser *p, size_t from, size_t to)
{
    size_t at = qp_word_at(p->text, from, to - from);

    if (at != SIZE_MAX)
        return qp_fail(p, CAB_USAGE, "word longer than %d bytes at column %zu", CAB_MAX_WORD,
                       qp_column(p, at));
    return CAB_OK;
}

static cab_status push_word(struct qparser *p, const char *word, size_t wlen, size_t at,
                            const char *prefix, enum qword_form form, struct qlist *l)
{
    char folded[CAB_MAX_WORD * 4 + 1];
    char stem[CAB_MAX_WORD * 4 + 1];
    char term[CAB_MAX_WORD * 4 + 16];
    size_t n = cab_word_fold(word, wlen, folded, sizeof folded);
    xw_query *q;
    cab_status rc;

    if (qp_count_term(p, at) != CAB_OK)
        return p->rc;
    if (n == 0)
        return qp_fail(p, CAB_INTERNAL, "cannot fold the word at column %zu", qp_column(p, at));
    if (form == QW_STEM) {
        if (!p->st)
            return qp_fail(p, CAB_INTERNAL, "no stemmer for the query");
        n = xw_stem(p->st, folded, n, stem, sizeof stem);
        if (n == 0)
            return qp_fail(p, CAB_NOMEM, "cannot stem the word at column %zu", qp_column(p, at));
        snprintf(term, sizeof term, "%s%s%s", CAB_P_STEM, prefix, stem);
    } else {
        snprintf(term, sizeof term, "%s%s", prefix, folded);
    }
    rc = xw_query_term(term, 1, &q);
    if (rc != CAB_OK)
        return qp_nomem(p, rc);
    return qlist_push(p, l, q);
}

cab_status qp_words(struct qparser *p, size_t off, size_t len, const char *prefix,
                    enum qword_form form, struct qlist *l)
{
    const char *s = p->text + off;
    size_t pos = 0, prev = 0, start, wlen;

    while (p->rc == CAB_OK && cab_word_next(s, len, &pos, &start, &wlen)) {
        if (check_gap(p, off + prev, off + start) != CAB_OK)
            break;
        push_word(p, s + start, wlen, off + start, prefix, form, l);
        prev = pos;
    }
    if (p->rc == CAB_OK)
        check_gap(p, off + prev, off + len);
    return p->rc;
}
