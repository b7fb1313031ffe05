/* Fuzz target: the record decoder (index data read back from disk).
 *
 * A record is a zlib stream, which random bytes hardly ever are: so an
 * input whose first byte is even is taken as the uncompressed payload and
 * wrapped into a record here (magic, length, zlib), reaching the field
 * decoder; an odd first byte sends the rest to the decoder as is.
 * Whatever decodes must encode again. */
#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "cable.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode(const char *rec, size_t len)
{
    struct cable *c = NULL;
    if (cab_record_decode(rec, len, &c) == CAB_OK) {
        if (c == NULL)
            __builtin_trap();
        struct cab_buf out;
        cab_buf_init(&out, CAB_MAX_RECORD);
        (void)cab_record_encode(c, &out);
        cab_buf_release(&out);
    }
    cable_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        decode((const char *)data + 1, size - 1);
        return 0;
    }
    const uint8_t *payload = data + 1;
    size_t plen = size - 1;
    uLongf zlen = compressBound((uLong)plen);
    unsigned char *rec = cab_malloc(8 + zlen);
    if (rec == NULL)
        return 0;
    memcpy(rec, "CBR1", 4);
    for (int i = 0; i < 4; i++)
        rec[4 + i] = (unsigned char)(plen >> (8 * i));
    if (compress2(rec + 8, &zlen, payload, (uLong)plen, 1) == Z_OK)
        decode((const char *)rec, 8 + zlen);
    cab_free(rec);
    return 0;
}
