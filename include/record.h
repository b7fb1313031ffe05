/* The document data of the index: one cable, every field, compressed.
 *
 * What `cables show` prints and the search page displays is decoded from
 * here, so a query never needs the original source.  The layout is
 * described at the top of corpus/record.c.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "cab_buf.h"
#include "cab_status.h"
#include "cable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest uncompressed record accepted by the decoder (header and body
 * text at their limits, plus the fields). */
#define CAB_MAX_RECORD (3 * CAB_MAX_TEXT + (1u << 20))

/* Append the encoding of 'c' (as read and extracted) to 'out' (zlib-compressed).
 * On failure (CAB_NOMEM, CAB_TOO_LARGE) 'out' is left as it was. */
cab_status cab_record_encode(const struct cable *c, struct cab_buf *out);

/* As cab_record_encode(), and sets *hash (if not NULL) to a 64-bit hash of
 * the cable's content: every field except where it was read from (source
 * path and offset), so the same cable read again hashes the same. */
cab_status cab_record_encode_hashed(const struct cable *c, struct cab_buf *out,
                                    uint64_t *hash);

/* Decode data[0..len) into a new cable (caller frees with cable_free).
 * Sets *out first thing; CAB_BAD_INPUT if the data is damaged, CAB_NOMEM
 * when out of memory. */
cab_status cab_record_decode(const char *data, size_t len, struct cable **out);

#ifdef __cplusplus
}
#endif

#endif
