/* The query language of SPEC.md, parsed into an xw_query.
 *
 * Free words are folded (text.h) and stemmed whatever their case; each
 * becomes Z+stem (and the exact word where it came from a phrase or was
 * quoted).  Filters map to the prefixes of schema.h.  Nothing is silently
 * dropped: any problem is an error that says what and where.
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

struct cab_parsed {
    xw_query *query;     /* owned; what to run */
    int boolean_only;    /* 1 if no free word ranks (filters only): totals are exact */
    int has_positive;    /* 1 if something matches positively (not only NOT terms) */
};

/* Parse 'text'.  On success fills 'out' (free with cab_parsed_release).
 * On failure returns CAB_USAGE (syntax: unbalanced quote or parenthesis,
 * unknown filter, bad date, empty query, operator without operand) or
 * CAB_TOO_LARGE (a limit above), and 'err' says what and where, e.g.
 * "unterminated quote at column 7" or "unknown filter 'colour:' at column 1
 * (filters: id tag country ...)".  'st' stems free words. */
cab_status cab_query_parse(const char *text, xw_stemmer *st, struct cab_parsed *out,
                           char err[CAB_ERR_SIZE]);

void cab_parsed_release(struct cab_parsed *p);

#ifdef __cplusplus
}
#endif

#endif
