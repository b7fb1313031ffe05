/* From a cable to its index document, following schema.h exactly.
 *
 * The layout of a document (terms, values, data) is described at the top
 * of indexer/index.c.  A builder holds what is worth keeping between
 * cables: a stemmer, a small cache of stems and the spelling words counted
 * since the last flush.  One builder per thread.
 */
#ifndef DOCUMENT_H
#define DOCUMENT_H

#include <stdint.h>

#include "cab_status.h"
#include "cable.h"
#include "xw.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest term written; longer boolean terms (a very long source path) are
 * left out, as Xapian refuses terms past 245 bytes. */
#define CAB_MAX_TERM 240
/* Distinct spelling words counted between two flushes; more are ignored. */
#define CAB_MAX_SPELLING_WORDS 65536
/* Shortest word added to the spelling dictionary, in bytes. */
#define CAB_MIN_SPELLING_WORD 4

typedef struct cab_doc_builder cab_doc_builder;

/* A new builder; 'spelling' non-zero counts text words for the spelling
 * dictionary.  Sets *out first thing (NULL on failure). */
cab_status cab_doc_builder_new(int spelling, cab_doc_builder **out);

/* NULL is fine. */
void cab_doc_builder_free(cab_doc_builder *b);

/* The document of 'c' (which must have an ID and be extracted).  The
 * caller owns *out and frees it with xw_doc_free().  *hash (if not NULL)
 * gets the content hash also stored in CAB_SLOT_HASH.  On failure *out is
 * NULL and 'err' says why (CAB_NOMEM, CAB_BAD_INPUT for a cable without
 * an ID, CAB_TOO_LARGE). */
cab_status cab_doc_build(cab_doc_builder *b, const struct cable *c, xw_doc **out,
                         uint64_t *hash, char err[CAB_ERR_SIZE]);

/* Count the words of the subject and text of 'c' for the spelling
 * dictionary, as cab_doc_build() does in a builder made with spelling on
 * (the writer's thread counts the cables it writes while other threads
 * build their documents with spelling off).  CAB_NOMEM at worst. */
cab_status cab_doc_spelling_count(cab_doc_builder *b, const struct cable *c);

/* Add the words counted since the last flush to the spelling dictionary of
 * 'db' (a writer) and forget them. */
cab_status cab_doc_spelling_flush(cab_doc_builder *b, xw_db *db);

/* Whether a text word (as folded) goes to the spelling dictionary. */
int cab_doc_spellable(const char *w, size_t len);

/* Fill the spelling dictionary of 'db' (a writer, just merged from
 * segments written without one) from the text words its documents hold,
 * each counted as cab_doc_spelling_count() counts it: one a time it
 * occurs in a subject or a text.  Commits.  'err' names 'path'. */
cab_status cab_doc_spelling_from_terms(xw_db *db, const char *path, char err[CAB_ERR_SIZE]);

/* The hash form stored in CAB_SLOT_HASH: 16 lower-case hex digits, into
 * 'out' (17 bytes). */
void cab_doc_hash_hex(uint64_t hash, char out[17]);

#ifdef __cplusplus
}
#endif

#endif
