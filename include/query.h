/* The query language of SPEC.md, parsed into an xw_query.
 *
 * Free words are folded (text.h) and stemmed whatever their case; each
 * becomes Z+stem (and the exact word where it came from a phrase or was
 * quoted).  Filters map to the prefixes of schema.h.  Nothing is silently
 * dropped: any problem is an error that says what and where.
 *
 * Grammar, loosest binding first:
 *
 *   query    = or-expr
 *   or-expr  = seq { "OR" seq }
 *   seq      = and-expr { and-expr }          adjacency: implicit AND
 *   and-expr = unary { "AND" unary }
 *   unary    = { "NOT" | "-" | "+" } primary   NOT/- exclude, + is a no-op
 *   primary  = "(" or-expr ")" | filter | near | word | word"*" | "phrase"
 *   near     = (word | "phrase") { ("NEAR" | "NEAR/n") (word | "phrase") }
 *
 * Operators are the words AND, OR, NOT, NEAR and NEAR/n in any case
 * (SPEC: the language is case-insensitive), so "war or peace" is an OR;
 * to search for the word itself, quote it ("or").  '-' and
 * '+' are prefixes only when glued to what follows ("-word", "-tag:X",
 * "-(a b)"); a lone '-' or any other punctuation between words is
 * ignored, like the punctuation inside words.
 *
 * Words: a run of characters that text.h splits into several words
 * ("F-35", "U.S.") is the phrase of its words, unstemmed; a single word is
 * Z+stem.  "quoted" words are exact (unstemmed) terms, several of them a
 * phrase.  word* is an exact prefix wildcard (at least 2 letters, at most
 * CAB_MAX_WILDCARD expansions, else the search fails with CAB_TOO_LARGE).
 * a NEAR b: the exact words within a window of 10 positions in any order;
 * NEAR/n sets the window (at least the number of words; a chain uses its
 * largest n).
 *
 * Filters field:value and field:"value" (field names in any case, the
 * table in corpus/schema.c): boolean, they add no weight.  Among items
 * joined by adjacency, filters are grouped by field: the values of a
 * many-valued field (tag country caveat person place ref subject) are
 * AND-ed, those of a single-valued one (id origin class year date)
 * OR-ed; different fields and free text are AND-ed (free text ranks,
 * filtered by the rest).  Items joined by an explicit AND are all
 * required.  A group of only NOT items matches every cable but those.
 */
#ifndef QUERY_H
#define QUERY_H

#include <stddef.h>

#include "cab_status.h"
#include "xw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Named limits on a query (documented in README, enforced with CAB_TOO_LARGE). */
#define CAB_MAX_QUERY_BYTES   4096   /* bytes of query text */
#define CAB_MAX_QUERY_DEPTH   32     /* nesting of parentheses */
#define CAB_MAX_QUERY_TERMS   256    /* words, phrases and filters */
#define CAB_MAX_WILDCARD      200    /* terms one word* may expand to */
#define CAB_MAX_FILTER_VALUE  200    /* bytes of one filter value */
#define CAB_MAX_NEAR_WINDOW   100    /* largest n of NEAR/n */
#define CAB_NEAR_WINDOW       10     /* window of a plain NEAR */
#define CAB_MIN_WILDCARD      2      /* characters before '*' at least */

struct cab_parsed {
    xw_query *query;     /* owned; what to run */
    int boolean_only;    /* 1 if no free word ranks (filters only): totals are exact */
    int has_positive;    /* 1 if something matches positively (not only NOT terms) */
};

/* Parse 'text'.  On success fills 'out' (free with cab_parsed_release);
 * a query that does not rank (filters and NOT items only) comes scaled to
 * weight 0.  On failure 'out' holds nothing and the status is CAB_USAGE
 * (syntax: unbalanced quote or parenthesis, unknown filter, empty filter
 * value, bad date, year or country, empty query, operator without
 * operand, short or split wildcard, overlong word, invalid UTF-8),
 * CAB_TOO_LARGE (a limit above) or CAB_NOMEM, and 'err' says what and
 * where, columns counted in characters from 1, e.g. "unterminated quote
 * at column 7" or "unknown filter 'colour:' at column 1 (filters: id tag
 * country ...)".  'st' stems free words. */
cab_status cab_query_parse(const char *text, xw_stemmer *st, struct cab_parsed *out,
                           char err[CAB_ERR_SIZE]);

void cab_parsed_release(struct cab_parsed *p);

#ifdef __cplusplus
}
#endif

#endif
