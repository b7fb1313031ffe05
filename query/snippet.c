/* Snippets: the passage of a cable that best shows why it matched.
 *
 * The text is split with the indexer's tokenizer (text.h), so a word
 * highlighted here is a word the index holds.  Stemming every word of a
 * long cable for each hit would dominate a search, so only words whose
 * first letter starts some query stem are stemmed: an English stem keeps
 * the first letter of its word.  A cable repeats its words, so each
 * spelling is matched once and remembered.
 */
#include <string.h>

#include "cab_buf.h"
#include "cab_hash.h"
#include "cab_mem.h"
#include "search.h"
#include "text.h"

struct word {
    size_t start, len;  /* byte span in the source text */
    int term;           /* index of the matched term (words, then stems), or -1 */
};

static cab_status push_term(char ***v, size_t *n, const char *s, size_t len)
{
    char **grown;
    char *copy;

    for (size_t i = 0; i < *n; i++)
        if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
            return CAB_OK;
    if (*n >= CAB_MAX_SNIPPET_TERMS)
        return CAB_OK;
    copy = cab_strndup(s, len);
    if (!copy)
        return CAB_NOMEM;
    grown = cab_realloc(*v, (*n + 1) * sizeof **v);
    if (!grown) {
        cab_free(copy);
        return CAB_NOMEM;
    }
    grown[(*n)++] = copy;
    *v = grown;
    return CAB_OK;
}

static int is_lower_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

cab_status cab_snippet_terms_add(struct cab_snippet_terms *t, const char *term, size_t len)
{
    const unsigned char *u = (const unsigned char *)term;

    if (len == 0 || len > CAB_MAX_WORD + 2)
        return CAB_OK;
    if (is_lower_start(u[0]))
        return push_term(&t->words, &t->n_words, term, len);
    if (u[0] == 'Z') {
        /* Z+stem, or ZS+stem for subject words */
        size_t skip = (len > 2 && u[1] == 'S') ? 2 : 1;

        if (len > skip && is_lower_start(u[skip]))
            return push_term(&t->stems, &t->n_stems, term + skip, len - skip);
    }
    if (u[0] == 'S' && len > 1 && is_lower_start(u[1]))
        return push_term(&t->words, &t->n_words, term + 1, len - 1);
    return CAB_OK;  /* boolean filter term: nothing to highlight */
}

struct collect {
    struct cab_snippet_terms *t;
    cab_status rc;
};

static int collect_term(const char *term, size_t len, uint32_t freq, void *ctx)
{
    struct collect *c = ctx;

    (void)freq;
    c->rc = cab_snippet_terms_add(c->t, term, len);
    return c->rc != CAB_OK;
}

cab_status cab_snippet_terms_from_query(const xw_query *q, struct cab_snippet_terms *out)
{
    struct collect c = { out, CAB_OK };
    cab_status st;

    memset(out, 0, sizeof *out);
    st = xw_query_terms(q, collect_term, &c);
    if (st == CAB_OK)
        st = c.rc;
    if (st != CAB_OK)
        cab_snippet_terms_release(out);
    return st;
}

void cab_snippet_terms_release(struct cab_snippet_terms *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_words; i++)
        cab_free(t->words[i]);
    for (size_t i = 0; i < t->n_stems; i++)
        cab_free(t->stems[i]);
    cab_free(t->words);
    cab_free(t->stems);
    memset(t, 0, sizeof *t);
}

void cab_snippet_release(struct cab_snippet *s)
{
    if (!s)
        return;
    cab_free(s->text);
    cab_free(s->marks);
    memset(s, 0, sizeof *s);
}

static int find_term(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return (int)i;
    return -1;
}

/* Which term word 'w' matches, or -1. */
static int match_word(const struct cab_snippet_terms *t, xw_stemmer *st, const char *text,
                      const struct word *w)
{
    char folded[CAB_MAX_WORD + 1], stem[CAB_MAX_WORD + 1];
    size_t flen = cab_word_fold(text + w->start, w->len, folded, sizeof folded);
    int i, first = 0;

    if (flen == 0)
        return -1;
    i = find_term(t->words, t->n_words, folded);
    if (i >= 0)
        return i;
    if (!st || t->n_stems == 0)
        return -1;
    for (size_t k = 0; k < t->n_stems && !first; k++)
        first = t->stems[k][0] == folded[0];
    if (!first || xw_stem(st, folded, flen, stem, sizeof stem) == 0)
        return -1;
    i = find_term(t->stems, t->n_stems, stem);
    return i >= 0 ? (int)t->n_words + i : -1;
}

/* What each spelling met so far matched: open addressing on the word's
 * bytes; when the table is full, words are matched without it. */
#define SEEN_SLOTS 4096
#define SEEN_MAX (SEEN_SLOTS / 4 * 3)

struct seen_word {
    size_t start, len;  /* one occurrence in the text; len 0: empty slot */
    int term;
};

struct seen {
    struct seen_word *slots;
    size_t used;
};

static int match_remembered(struct seen *seen, const struct cab_snippet_terms *t,
                            xw_stemmer *st, const char *text, const struct word *w)
{
    size_t i;
    struct seen_word *e;

    if (!seen->slots || w->len == 0)
        return match_word(t, st, text, w);
    i = (size_t)cab_fnv1a(text + w->start, w->len) & (SEEN_SLOTS - 1);
    for (e = &seen->slots[i]; e->len > 0; e = &seen->slots[i]) {
        if (e->len == w->len && memcmp(text + e->start, text + w->start, w->len) == 0)
            return e->term;
        i = (i + 1) & (SEEN_SLOTS - 1);
    }
    if (seen->used >= SEEN_MAX)
        return match_word(t, st, text, w);
    e->start = w->start;
    e->len = w->len;
    e->term = match_word(t, st, text, w);
    seen->used++;
    return e->term;
}

/* The window [*from, *to) of words with the most distinct terms, then the
 * most matches; the first such window wins. */
static void best_window(const struct word *w, size_t n, size_t *from, size_t *to)
{
    unsigned counts[2 * CAB_MAX_SNIPPET_TERMS] = { 0 };
    size_t distinct = 0, hits = 0, best_d = 0, best_h = 0, best = 0;
    size_t win = CAB_MAX_SNIPPET_WORDS;

    for (size_t i = 0; i < n; i++) {
        if (w[i].term >= 0) {
            if (counts[w[i].term]++ == 0)
                distinct++;
            hits++;
        }
        if (i >= win && w[i - win].term >= 0) {
            if (--counts[w[i - win].term] == 0)
                distinct--;
            hits--;
        }
        if (distinct > best_d || (distinct == best_d && hits > best_h)) {
            best_d = distinct;
            best_h = hits;
            best = i + 1 >= win ? i + 1 - win : 0;
        }
    }
    if (best_d > 0) {
        /* start a few words before the first match, for context */
        size_t first = best;

        while (first < n && w[first].term < 0)
            first++;
        best = first > best + 3 ? first - 3 : best;
    }
    *from = best;
    *to = best + win < n ? best + win : n;
}

static cab_status add_gap(struct cab_buf *b, const char *s, size_t len)
{
    int space = 0;
    cab_status st = CAB_OK;

    for (size_t i = 0; i < len && st == CAB_OK; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c <= ' ' || c == 0x7f) {
            space = 1;
            continue;
        }
        if (space)
            st = cab_buf_addch(b, ' ');
        space = 0;
        if (st == CAB_OK)
            st = cab_buf_addch(b, (char)c);
    }
    if (space && st == CAB_OK)
        st = cab_buf_addch(b, ' ');
    return st;
}

cab_status cab_snippet_make(const char *text, size_t len, const struct cab_snippet_terms *t,
                            xw_stemmer *st, struct cab_snippet *out)
{
    struct word *words = NULL;
    size_t n = 0, alloc = 0, pos = 0, start, wlen, from, to, nm = 0;
    struct cab_buf b;
    /* without the table (no memory for it) every word is matched anew */
    struct seen seen = { t ? cab_calloc(SEEN_SLOTS, sizeof *seen.slots) : NULL, 0 };
    cab_status rc = CAB_OK;

    memset(out, 0, sizeof *out);
    cab_buf_init(&b, 4 * CAB_MAX_SNIPPET_BYTES + 16);
    while (cab_word_next(text, len, &pos, &start, &wlen)) {
        if (n == alloc) {
            size_t na = alloc ? alloc * 2 : 256;
            struct word *p = cab_realloc(words, na * sizeof *p);

            if (!p) {
                rc = CAB_NOMEM;
                goto out_free;
            }
            words = p;
            alloc = na;
        }
        words[n].start = start;
        words[n].len = wlen;
        words[n].term = t ? match_remembered(&seen, t, st, text, &words[n]) : -1;
        n++;
    }
    best_window(words, n, &from, &to);
    /* keep within the byte budget, dropping words from the end */
    while (to > from + 1 &&
           words[to - 1].start + words[to - 1].len - words[from].start > CAB_MAX_SNIPPET_BYTES)
        to--;
    if (to > from) {
        out->marks = cab_calloc(to - from, sizeof *out->marks);
        if (!out->marks) {
            rc = CAB_NOMEM;
            goto out_free;
        }
    }
    if (from > 0)
        rc = cab_buf_addstr(&b, "... ");
    for (size_t i = from; i < to && rc == CAB_OK; i++) {
        if (i > from)
            rc = add_gap(&b, text + words[i - 1].start + words[i - 1].len,
                         words[i].start - words[i - 1].start - words[i - 1].len);
        if (rc == CAB_OK && words[i].term >= 0) {
            out->marks[nm].start = b.len;
            out->marks[nm].len = words[i].len;
            nm++;
        }
        if (rc == CAB_OK)
            rc = cab_buf_add(&b, text + words[i].start, words[i].len);
    }
    if (rc == CAB_OK && to < n)
        rc = cab_buf_addstr(&b, " ...");
    if (rc != CAB_OK)
        goto out_free;
    out->n_marks = nm;
    out->text = cab_buf_detach(&b, NULL);
    if (!out->text)
        rc = CAB_NOMEM;

out_free:
    cab_free(seen.slots);
    cab_free(words);
    cab_buf_release(&b);
    if (rc != CAB_OK)
        cab_snippet_release(out);
    return rc;
}

cab_status cab_snippet_render(const struct cab_snippet *s, const char *open, const char *close,
                              char **out)
{
    struct cab_buf b;
    size_t at = 0;
    const char *text = s->text ? s->text : "";
    cab_status rc = CAB_OK;

    *out = NULL;
    if (!open || !close || !*open || !*close)
        return CAB_USAGE;
    cab_buf_init(&b, (size_t)-1 / 2);
    for (size_t i = 0; i < s->n_marks && rc == CAB_OK; i++) {
        rc = cab_buf_add(&b, text + at, s->marks[i].start - at);
        if (rc == CAB_OK)
            rc = cab_buf_addstr(&b, open);
        if (rc == CAB_OK)
            rc = cab_buf_add(&b, text + s->marks[i].start, s->marks[i].len);
        if (rc == CAB_OK)
            rc = cab_buf_addstr(&b, close);
        at = s->marks[i].start + s->marks[i].len;
    }
    if (rc == CAB_OK)
        rc = cab_buf_addstr(&b, text + at);
    if (rc == CAB_OK) {
        *out = cab_buf_detach(&b, NULL);
        if (!*out)
            rc = CAB_NOMEM;
    }
    cab_buf_release(&b);
    return rc;
}
