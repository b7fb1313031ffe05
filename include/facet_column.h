/* Facet columns: each facet field's values per document as small numbers,
 * one file per generation, so that a search counts its facets by reading
 * arrays instead of asking Xapian for every match's values.
 *
 * The indexer writes the file beside the database's tables
 * (gen-N/cables-facets.col) after each run that leaves the database
 * changed; a search uses it only while the database's UUID and revision
 * are the ones it describes, and otherwise counts through Xapian as
 * before.  Layout (integers little endian; the sections follow the slot entries
 * in order, each padded to 4 bytes, and the file ends with the last):
 *
 *   header, 96 bytes
 *     0  8  magic "CBFCOL01"
 *     8 40  UUID of the database, NUL padded
 *    48  8  revision described
 *    56  4  last document ID L
 *    60  4  number of slots S
 *    64  1  separator the split slots were split at
 *    65 31  zero
 *   S slot entries, 32 bytes each
 *     0  4  value slot
 *     4  4  1 if each value was split into parts at the separator, else 0
 *     8  4  distinct values V
 *    12  4  value numbers N (one per part occurrence)
 *    16  8  file offset of the slot's section
 *    24  4  bytes of the slot's strings
 *    28  4  zero
 *   slot section
 *     V x (offset in the strings, length, documents holding it): 12 bytes
 *     L + 1 starts: document d's numbers are numbers[start[d-1]..start[d])
 *     N value numbers, each < V
 *     the strings, padded to 4 bytes
 *
 * Empty values and empty parts are left out, as when counting through
 * Xapian; a part that occurs twice in one value counts twice there and
 * here.
 */
#ifndef FACET_COLUMN_H
#define FACET_COLUMN_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "xw.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CAB_FCOL_FILE "cables-facets.col"
#define CAB_FCOL_MAGIC "CBFCOL01"
#define CAB_FCOL_HEADER 96
#define CAB_FCOL_ENTRY 32
#define CAB_FCOL_UUID 40

/* --------------------------------------------------------------- writing */

/* Writes the column file of the single database 'db' (open for writing,
 * all committed) into its directory 'dir', for slots[0..n) (split[i]: the
 * parts of each value, at 'sep').  The file is written whole under another
 * name, synced and renamed over the old one.  Does nothing when the file
 * there already describes the database as it is. */
cab_status cab_fcol_write(xw_db *db, const char *dir, const unsigned *slots,
                          const unsigned char *split, size_t n, char sep,
                          char err[CAB_ERR_SIZE]);

/* --------------------------------------------------------------- reading */

typedef struct cab_fcol cab_fcol;

/* Maps the column file of the index at 'dbpath' (an index directory with
 * its XAPIANDB stub naming one generation, or a database directory) if it
 * describes 'db' as opened.  CAB_NOT_FOUND when there is none to use: no
 * file, another database or revision, several databases, a file whose
 * header, sizes, strings or totals do not agree with each other. */
cab_status cab_fcol_open(const char *dbpath, xw_db *db, cab_fcol **out);
void cab_fcol_close(cab_fcol *c);

/* The revision the column describes. */
uint64_t cab_fcol_revision(const cab_fcol *c);

/* The column's index of 'slot' counted the way asked, or -1. */
int cab_fcol_find(const cab_fcol *c, unsigned slot, int split, char sep);

/* Distinct values of column k, and value number 'v' of it. */
uint32_t cab_fcol_values(const cab_fcol *c, int k);
const char *cab_fcol_value(const cab_fcol *c, int k, uint32_t v, size_t *len);

/* Counts of each value of column k among the documents docids[0..n)
 * (ascending) into counts[0..cab_fcol_values()).  Counts the documents
 * left out instead, and subtracts, when they are fewer.  CAB_DB_CORRUPT if
 * the file contradicts itself (counts are then meaningless). */
cab_status cab_fcol_count(const cab_fcol *c, int k, const uint32_t *docids, size_t n,
                          uint32_t *counts);

/* The numbers of the (up to) 'top' values of column k with the highest
 * counts[] into best[0..return), highest first, ties by the smaller value
 * bytes; *distinct = how many values have a count above zero. */
size_t cab_fcol_top(const cab_fcol *c, int k, const uint32_t *counts, size_t top,
                    uint32_t *best, size_t *distinct);

#ifdef __cplusplus
}
#endif

#endif
