/* Cable readers: from a file, a gzip-compressed file or standard input to
 * a stream of struct cable.
 *
 * The format is recognised from the content, never from the file name:
 * a cablegate HTML page, plain text with a metadata block, a bare telegram,
 * or cables.csv (which holds many cables; the others hold one).  Gzip input
 * is recognised by its magic bytes and decompressed as it streams.  A CSV
 * is streamed record by record, never read whole.
 *
 * Readers never touch Xapian and never print: problems come back as a
 * status plus a message naming the input and the problem.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <stddef.h>

#include "cab_status.h"
#include "cable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest single-cable file (uncompressed) and largest CSV record accepted. */
#define CAB_MAX_DOCUMENT (64u << 20)
/* Largest ratio of uncompressed to compressed size before a gzip input is
 * taken for a bomb (checked once past CAB_MAX_DOCUMENT bytes). */
#define CAB_MAX_GZIP_RATIO 200

typedef struct cab_reader cab_reader;

/* Open 'path' ("-" is standard input).  Sets *out first thing (NULL on
 * failure).  On failure 'err' holds e.g. "cannot open 'x.html': No such
 * file or directory". */
cab_status cab_reader_open(const char *path, cab_reader **out, char err[CAB_ERR_SIZE]);

/* The next cable.  Returns CAB_OK with *out set (caller owns it, free with
 * cable_free), or CAB_OK with *out == NULL at the end of the input.
 * CAB_BAD_INPUT means one record was malformed and skipped: the message
 * (cab_reader_errmsg) names the input, the record and the problem, and the
 * caller may call again for the next record.  Other errors (CAB_IO,
 * CAB_NOMEM, CAB_TOO_LARGE for a gzip bomb) end the input. */
cab_status cab_reader_next(cab_reader *r, struct cable **out);

/* Message of the last failure; owned by 'r', valid until the next call on it. */
const char *cab_reader_errmsg(const cab_reader *r);

/* Format of the input, known after the first cab_reader_next(). */
enum cab_format cab_reader_format(const cab_reader *r);

/* Close and free.  NULL is fine. */
void cab_reader_close(cab_reader *r);

/* Recognise the format from the first bytes of an (uncompressed) input. */
enum cab_format cab_detect_format(const char *data, size_t len);

/* Parse one whole single-cable input (HTML, text or telegram) held in
 * memory, as the reader does: for tests and fuzzing.  'path' is only used
 * in messages and stored as the source.  Sets *out first thing. */
cab_status cab_parse_document(const char *data, size_t len, const char *path,
                              struct cable **out, char err[CAB_ERR_SIZE]);

/* Copy of 'data' with invalid UTF-8 replaced by U+FFFD and NUL bytes
 * dropped; *out_len gets its length.  Caller owns the result; NULL when
 * out of memory. */
char *cab_utf8_repair(const char *data, size_t len, size_t *out_len);

#ifdef __cplusplus
}
#endif

#endif
