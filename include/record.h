/* The document data of the index: one cable, every field, compressed.
 *
 * What `cables show` prints and the search page displays is decoded from
 * here, so a query never needs the original source.  The layout is
 * described at the top of corpus/record.c.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>

#include "cab_buf.h"
#include "cab_status.h"
#include "cable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Append the encoding of 'c' (as read and extracted) to 'out' (zlib-compressed). */
cab_status cab_record_encode(const struct cable *c, struct cab_buf *out);

/* Decode data[0..len) into a new cable (caller frees with cable_free).
 * Sets *out first thing; CAB_BAD_INPUT if the data is damaged. */
cab_status cab_record_decode(const char *data, size_t len, struct cable **out);

#ifdef __cplusplus
}
#endif

#endif
