/* Shared by the query parser's files: parse_lex.c (bytes to tokens),
 * parse_words.c (words to terms), parse_filter.c (field:value to a
 * boolean query) and parse.c (tokens to a query tree).  Not a public
 * contract: include/query.h is. */
#ifndef PARSE_INTERNAL_H
#define PARSE_INTERNAL_H

#include <stddef.h>

#include "cab_status.h"
#include "query.h"
#include "schema.h"
#include "xw.h"

enum qtok_kind {
    QT_END,
    QT_WORD,     /* unquoted run: one or more words, maybe a trailing '*' */
    QT_PHRASE,   /* "quoted text"; span is inside the quotes */
    QT_FILTER,   /* field:value; span is the value */
    QT_LPAREN,
    QT_RPAREN,
    QT_AND,
    QT_OR,
    QT_NOT,
    QT_NEAR,
    QT_MINUS,    /* -operand */
    QT_PLUS,     /* +operand */
};

struct qtok {
    enum qtok_kind kind;
    size_t at;                           /* byte offset where the token starts */
    size_t off, len;                     /* its text (see the kinds above) */
    const struct cab_filter_field *field; /* QT_FILTER: the table row */
    int quoted;                          /* QT_FILTER: value was in quotes */
    unsigned window;                     /* QT_NEAR: positions the words must fit in */
};

struct qparser {
    const char *text;      /* the query, valid UTF-8 once lexed */
    size_t len;
    struct qtok *toks;     /* owned; ends with QT_END */
    size_t ntoks, tcap, pos;
    xw_stemmer *st;
    size_t nterms;         /* words, filters and wildcards seen */
    cab_status rc;         /* first failure (sticky) */
    char *err;             /* CAB_ERR_SIZE bytes */
};

/* A growing list of queries, each owned by the list until taken. */
struct qlist {
    xw_query **v;
    size_t n, cap;
};

/* Record the first failure: 'rc' and a formatted message.  Returns p->rc. */
cab_status qp_fail(struct qparser *p, cab_status rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* One-based column (in characters) of byte offset 'at'. */
size_t qp_column(const struct qparser *p, size_t at);
/* Count one more term against CAB_MAX_QUERY_TERMS; fails past it. */
cab_status qp_count_term(struct qparser *p, size_t at);

/* Offset of the first letter or digit (as text.h counts them) in
 * text[off..off+len), even inside an overlong word; SIZE_MAX if none. */
size_t qp_word_at(const char *text, size_t off, size_t len);

/* Split p->text into p->toks, checking size, UTF-8, quotes, parentheses
 * (balance and depth), operator spelling and filter names. */
cab_status qp_lex(struct qparser *p);

/* Append 'q' (the list takes it; freed on failure). */
cab_status qlist_push(struct qparser *p, struct qlist *l, xw_query *q);
/* Combine the list with 'op' into *out and empty it; a single query is
 * moved out as it is. */
cab_status qlist_combine(struct qparser *p, struct qlist *l, enum xw_op op, unsigned window,
                         xw_query **out);
void qlist_release(struct qlist *l);
/* Wrap xw_* failures into p->rc with a message. */
cab_status qp_nomem(struct qparser *p, cab_status rc);

/* How each word of a span becomes a term. */
enum qword_form {
    QW_EXACT,    /* prefix + folded word */
    QW_STEM,     /* CAB_P_STEM + prefix + stem of the folded word */
};

/* Number of words in text[off..off+len) (overlong ones not counted). */
size_t qp_word_count(const struct qparser *p, size_t off, size_t len);

/* Push one term per word of text[off..off+len) onto 'l'.  Fails on a
 * word longer than CAB_MAX_WORD; a span without words pushes nothing. */
cab_status qp_words(struct qparser *p, size_t off, size_t len, const char *prefix,
                    enum qword_form form, struct qlist *l);

/* The boolean query of a QT_FILTER token. */
cab_status qp_filter(struct qparser *p, const struct qtok *t, xw_query **out);

#endif
