/* Searching the index: one search fills one cab_results that every
 * printer (text, JSON, CSV, IDs, the search page) reads (notmuch's
 * sprinter idea: the printers never touch the database).
 *
 * A cab_searcher holds an open database and a stemmer; it reopens the
 * database and retries when a writer changed it under the reader.  It is
 * not thread-safe: one per thread.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "cable.h"
#include "schema.h"
#include "xw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Named limits (documented in README). */
#define CAB_MAX_HITS          100000   /* hits one search may return (-n) */
#define CAB_MAX_OFFSET        10000000 /* first hit one search may start at */
#define CAB_MAX_FACET_TOP     10000    /* values one facet may list */
#define CAB_MAX_FACET_PARTS   (1u << 22) /* (value, count) parts one facet may sum */
#define CAB_MAX_SNIPPET_WORDS 30       /* words in a snippet window */
#define CAB_MAX_SNIPPET_BYTES 240      /* bytes of snippet text, before "..." */
#define CAB_MAX_SNIPPET_TERMS 256      /* query terms a snippet looks for */
#define CAB_DEFAULT_FACET_TOP 10
#define CAB_DB_RETRIES        2        /* reopens after CAB_DB_MODIFIED */

/* ---------------------------------------------------------------- snippets */

struct cab_mark {
    size_t start, len;       /* byte span of a matched word in the snippet text */
};

/* A short passage of a cable's text with its matched words located.
 * 'text' is plain (no markers) and valid UTF-8 when the source was. */
struct cab_snippet {
    char *text;              /* owned; "" when the source text was empty */
    struct cab_mark *marks;  /* owned; ascending, not overlapping */
    size_t n_marks;
};

/* Words a snippet looks for: exact words and stems, folded to lower case. */
struct cab_snippet_terms {
    char **words;  size_t n_words;   /* owned */
    char **stems;  size_t n_stems;   /* owned */
};

/* Collect the snippet terms of 'q': unprefixed terms are exact words, Z
 * and ZS terms are stems; boolean filter terms are left out.  At most
 * CAB_MAX_SNIPPET_TERMS of each kind are kept.  Release with
 * cab_snippet_terms_release(). */
cab_status cab_snippet_terms_from_query(const xw_query *q, struct cab_snippet_terms *out);
/* Add one term as xw_query_terms() gives it (for tests and callers without
 * a query). */
cab_status cab_snippet_terms_add(struct cab_snippet_terms *t, const char *term, size_t len);
void cab_snippet_terms_release(struct cab_snippet_terms *t);

/* The best window of about CAB_MAX_SNIPPET_WORDS words (and at most
 * CAB_MAX_SNIPPET_BYTES bytes) of text[0..len): the one holding the most
 * distinct terms, then the most matches.  A word matches when its folded
 * form is one of the exact words or its stem (with 'st') is one of the
 * stems.  Runs of white space become one space; "..." stands before and
 * after when the window does not reach the start or the end of the text.
 * With no terms (or no match) the window is the start of the text.  On
 * success the caller owns 'out' (cab_snippet_release). */
cab_status cab_snippet_make(const char *text, size_t len, const struct cab_snippet_terms *t,
                            xw_stemmer *st, struct cab_snippet *out);
void cab_snippet_release(struct cab_snippet *s);

/* The snippet text with each mark between 'open' and 'close', into a new
 * string the caller frees with cab_free().  CAB_USAGE if a marker is NULL
 * or empty (an empty marker would make matches invisible). */
cab_status cab_snippet_render(const struct cab_snippet *s, const char *open, const char *close,
                              char **out);

/* ---------------------------------------------------------------- facets */

struct cab_facet_value {
    char *value;             /* owned: "KTIP", "KZ", "Embassy Astana" */
    uint32_t count;          /* matches holding it */
};

/* Exact counts of one facet field over all matches of a search. */
struct cab_facet {
    const struct cab_facet_field *field;  /* row of schema.h's table */
    unsigned top;                          /* values wanted */
    struct cab_facet_value *values;        /* owned; the first min(top, distinct),
                                              most frequent first, ties by value */
    size_t n_values;
    size_t distinct;                       /* distinct values among all matches */
    /* accumulation state, used until cab_facet_finish() */
    struct cab_facet_value *parts;
    size_t n_parts, alloc_parts;
};

/* Start counting 'field', keeping its 'top' most frequent values. */
void cab_facet_init(struct cab_facet *f, const struct cab_facet_field *field, unsigned top);
/* Add 'count' to value[0..len); a many-valued field's value is split at
 * CAB_VALUE_SEP and the count added to each part (empty parts skipped).
 * CAB_TOO_LARGE past CAB_MAX_FACET_PARTS parts. */
cab_status cab_facet_add(struct cab_facet *f, const char *value, size_t len, uint32_t count);
/* Sum equal values, sort them, keep the top ones and set 'distinct'. */
cab_status cab_facet_finish(struct cab_facet *f);
/* The same for a facet given only its top values, each once and summed
 * already, out of 'distinct' values in all. */
cab_status cab_facet_finish_top(struct cab_facet *f, size_t distinct);
void cab_facet_release(struct cab_facet *f);

/* How a facet value is shown: the country name for a country code
 * ("KZ" -> "Kazakhstan"), else the value itself.  Static or owned by 'v'. */
const char *cab_facet_label(const struct cab_facet *f, const struct cab_facet_value *v);

/* Parse a --facet argument "FIELD" or "FIELD:TOP".  CAB_USAGE with 'err'
 * for an unknown field or a bad TOP. */
cab_status cab_facet_spec_parse(const char *arg, const struct cab_facet_field **field,
                                unsigned *top, char err[CAB_ERR_SIZE]);

/* ---------------------------------------------------------------- search */

enum cab_sort {
    CAB_SORT_RELEVANCE = 0,
    CAB_SORT_NEWEST,
    CAB_SORT_OLDEST,
};

/* "relevance", "newest", "oldest" -> 0 and *out, else -1. */
int cab_sort_parse(const char *name, enum cab_sort *out);

struct cab_facet_req {
    const struct cab_facet_field *field;
    unsigned top;
};

struct cab_search_req {
    const char *query;          /* the query text (SPEC language) */
    uint32_t offset;            /* first hit (0-based) */
    uint32_t count;             /* hits wanted; 0 counts only */
    enum cab_sort sort;
    const struct cab_facet_req *facets;
    size_t n_facets;
    int exact;                  /* 1: exact total even for ranked queries */
    int snippets;               /* 1: make a snippet per hit */
    int cables;                 /* 1: keep each hit's decoded cable */
};

struct cab_hit {
    uint32_t rank;              /* 1-based, counting from the first match */
    uint32_t docid;
    char *id;                   /* owned */
    int64_t created;            /* or CAB_TIME_UNKNOWN */
    char *origin;               /* owned; "" if unknown */
    char *classification;       /* owned; full marking, "" if unknown */
    char *subject;              /* owned; "" if none */
    char **tags;  size_t n_tags; /* owned */
    double score;               /* BM25 weight; 0 for boolean queries and sorts */
    struct cab_snippet snippet; /* empty unless asked for */
    struct cable *cable;        /* owned; NULL unless asked for */
};

struct cab_results {
    char *query;                /* owned copy of the query text */
    uint32_t total;             /* matches */
    int total_exact;            /* 1 if 'total' is exact, else an estimate */
    uint32_t offset;
    struct cab_hit *hits;  size_t n_hits;
    struct cab_facet *facets; size_t n_facets;
    char *suggestion;           /* owned; a corrected query when nothing
                                   matched and the corpus suggests one, else NULL */
};

typedef struct cab_searcher cab_searcher;

/* Open the index at 'path' for reading.  Sets *out first thing (NULL on
 * failure, with 'err'). */
cab_status cab_searcher_open(const char *path, cab_searcher **out, char err[CAB_ERR_SIZE]);
void cab_searcher_close(cab_searcher *s);
/* Owned by 's', for callers that need the raw database (stats). */
xw_db *cab_searcher_db(cab_searcher *s);

/* Run 'req'.  On success the caller owns *out (cab_results_free); no
 * match is CAB_OK with total 0 (and a suggestion when there is one).
 * CAB_USAGE / CAB_TOO_LARGE for a bad query, with 'err' saying where. */
cab_status cab_search_run(cab_searcher *s, const struct cab_search_req *req,
                          struct cab_results **out, char err[CAB_ERR_SIZE]);

/* Run an already built query (for similar and refs); 'label' is stored as
 * the results' query text; snippets look for the terms of 'q'. */
cab_status cab_search_run_query(cab_searcher *s, const xw_query *q, const char *label,
                                const struct cab_search_req *req, struct cab_results **out,
                                char err[CAB_ERR_SIZE]);

void cab_results_free(struct cab_results *res);

/* The cable with reference ID 'id' (case-insensitive).  Caller owns *out
 * (cable_free); CAB_NOT_FOUND when the index does not hold it.  'docid'
 * may be NULL. */
cab_status cab_search_get_cable(cab_searcher *s, const char *id, struct cable **out,
                                uint32_t *docid, char err[CAB_ERR_SIZE]);

/* 1 if the index holds a cable with ID 'id', 0 if not, -1 on error. */
int cab_search_has_id(cab_searcher *s, const char *id);

/* Cables most like the cable 'id' (relevance feedback over its own terms,
 * boolean filter terms left out), itself excluded.  CAB_NOT_FOUND if the
 * index does not hold 'id'. */
cab_status cab_search_similar(cab_searcher *s, const char *id, const struct cab_search_req *req,
                              struct cab_results **out, char err[CAB_ERR_SIZE]);

/* Cables citing 'id' (term XR+ID), oldest first. */
cab_status cab_search_citing(cab_searcher *s, const char *id, const struct cab_search_req *req,
                             struct cab_results **out, char err[CAB_ERR_SIZE]);

/* A corrected query for 'query' (each free word replaced by the corpus's
 * spelling suggestion), or NULL in *out when there is none.  Caller frees
 * *out with cab_free(). */
cab_status cab_search_suggest(cab_searcher *s, const char *query, char **out);

#ifdef __cplusplus
}
#endif

#endif
