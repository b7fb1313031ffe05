/* Extraction: from a cable as read to the fields and facets an analyst
 * filters on (the "extracted" part of struct cable).  PCRE2 patterns,
 * compiled once per process.  Never touches Xapian, never prints.
 */
#ifndef EXTRACT_H
#define EXTRACT_H

#include "cab_status.h"
#include "cable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Compile the patterns and load the gazetteer.  Called once, before any
 * extraction, from the main thread; later calls are no-ops.  Safe to skip:
 * cab_extract() calls it if needed (but not thread-safely). */
cab_status cab_extract_init(char err[CAB_ERR_SIZE]);

/* Release what cab_extract_init() loaded (for leak checkers). */
void cab_extract_shutdown(void);

/* Fill every extracted field of 'c' from its "as read" fields, and
 * normalise the "as read" ones: 'id' to the canonical reference ID
 * (derived from the telegram when missing or broken), 'origin' to one
 * canonical post name ("Embassy Astana"), 'subject' joined across wrapped
 * lines, 'created' from the DTG when the source had no date.  Replaces
 * anything extracted before.  Thread-safe after cab_extract_init().
 * CAB_BAD_INPUT (with 'err') when no reference ID can be found or derived. */
cab_status cab_extract(struct cable *c, char err[CAB_ERR_SIZE]);

/* --- The pieces, exposed for tests and for the query parser. --- */

/* Canonical reference ID from a citation such as "ASTANA 1206" or
 * "09 ASTANA 1206" or "SECSTATE 12345", with 'year2' (two digits, e.g. 9)
 * used when the citation has none.  Writes into 'out' (CAB_MAX_ID bytes);
 * returns 0 on success, -1 if it is not a citation. */
int cab_ref_normalise(const char *citation, int year2, char out[CAB_MAX_ID]);

/* Kind of a tag as stored in the index ("PGOV", "KTIP", "KZ", "NATO", or
 * a person tag's "CLINTON, HILLARY"): the classification cab_extract()
 * gives it. */
enum cab_tag_kind cab_tag_kind_of(const char *tag);

/* Country name for a FIPS-style code ("GM" -> "Germany"), or NULL. */
const char *cab_country_name(const char *code);
/* FIPS-style code for a country name, case-insensitive ("germany" -> "GM"), or NULL. */
const char *cab_country_code(const char *name);

/* Canonical post name for an origin as written ("AMEMBASSY ASTANA",
 * "Embassy Astana", "SECSTATE WASHDC").  Caller owns the result; NULL when
 * out of memory. */
char *cab_origin_canonical(const char *origin);

/* People and places of 'c' (its text, tags and header must be there):
 * called by cab_extract() after the other fields; exposed for tests. */
cab_status cab_extract_people(struct cable *c);
cab_status cab_extract_places(struct cable *c);

#ifdef __cplusplus
}
#endif

#endif
