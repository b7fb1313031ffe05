/* Internals shared by the cable readers of corpus/read/ (reader.c,
 * html.c, plaintext.c, telegram.c, csv.c, fields.c, utf8.c, entities.c).
 * Not part of the public contract: see include/corpus.h for that.
 */
#ifndef READER_INTERNAL_H
#define READER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

#include "cab_buf.h"
#include "cab_status.h"
#include "cable.h"
#include "corpus.h"

/* Bytes of decompressed input kept in the sliding window, and of raw
 * (possibly compressed) input read at a time. */
#define CAB_READER_WINDOW (256u << 10)
#define CAB_READER_RAW    (64u << 10)
/* Bytes looked at to recognise a format (a cablegate page has ~40 KB of
 * navigation before the cable). */
#define CAB_DETECT_BYTES  (64u << 10)
/* Bytes checked for NUL to call an input binary. */
#define CAB_BINARY_PROBE  1024u
/* Longest entity name or number we try to decode ("&#x0000000A;"). */
#define CAB_MAX_ENTITY    32u

struct cab_reader {
    char *path;               /* as given; "-" for standard input */
    int fd;                   /* -1 once closed */
    int own_fd;               /* close fd at the end (not for stdin) */

    unsigned char *raw;       /* raw input buffer, CAB_READER_RAW bytes */
    size_t raw_pos, raw_len;
    int raw_eof;
    uint64_t raw_total;       /* raw bytes read so far */

    int gzip;                 /* input is gzip (one or more members) */
    int z_ready;              /* 'zs' initialised */
    int z_member_done;        /* last member ended, no next one seen yet */
    z_stream zs;

    unsigned char *win;       /* decompressed window */
    size_t win_pos, win_len;
    uint64_t win_base;        /* stream offset of win[0] */
    uint64_t out_total;       /* decompressed bytes produced so far */
    int eof;                  /* no more decompressed data will come */

    int started;              /* format detected */
    int done;                 /* input finished or ended by an error */
    enum cab_format format;

    struct cab_buf rec;       /* CSV record fields, reused */
    uint64_t line;            /* CSV: 1-based line at the window position */

    char errmsg[CAB_ERR_SIZE];
};

/* Stream access (reader.c).  Make at least 'want' bytes readable at
 * r->win + r->win_pos unless the input ends first; *avail gets what is
 * there.  Errors (I/O, corrupt gzip, bomb) set r->errmsg. */
cab_status cab_src_peek(struct cab_reader *r, size_t want, size_t *avail);

/* Stream offset of the current position. */
uint64_t cab_src_offset(const struct cab_reader *r);

/* CSV (csv.c): next record, as cab_reader_next() describes. */
cab_status cab_csv_next(struct cab_reader *r, struct cable **out);

/* Single-cable formats: fill 'c' from the whole input.  'err' gets the
 * problem (the caller prefixes nothing: messages name 'path'). */
cab_status cab_html_parse(const char *s, size_t n, const char *path,
                          struct cable *c, char err[CAB_ERR_SIZE]);
cab_status cab_text_parse(const char *s, size_t n, const char *path,
                          struct cable *c, char err[CAB_ERR_SIZE]);
cab_status cab_telegram_parse(const char *s, size_t n, const char *path,
                              struct cable *c, char err[CAB_ERR_SIZE]);

/* Split telegram text at its classification line into c->header and
 * c->body (telegram.c).  Without a classification line everything goes to
 * the body.  CAB_TOO_LARGE past CAB_MAX_TEXT, CAB_NOMEM. */
cab_status cab_telegram_split(const char *s, size_t n, struct cable *c);

/* Does this line (no newline) open a telegram: "VZCZC...", a
 * precedence and date-time group ("R 130458Z AUG 79"), a routing line
 * ("PP RUEHIK"), "FM ..." or a classification line? */
int cab_line_starts_telegram(const char *s, size_t n);
/* Is this line a classification line ("UNCLAS SECTION 01 OF 03 ...",
 * "C O N F I D E N T I A L ...", "SECRET//NOFORN")? */
int cab_line_is_classification(const char *s, size_t n);
/* Does this trimmed line hold a metadata label of the plain text format
 * ("Identifier", "Created:", ...)?  (plaintext.c) */
int cab_text_starts_with_label(const char *s, size_t n);

/* Entities (entities.c).  's' points at '&'.  On success writes the
 * UTF-8 text (1..4 bytes) to 'out', sets *out_len and returns the bytes
 * consumed; returns 0 when this is not an entity we know. */
size_t cab_entity_decode(const char *s, size_t n, char out[4], size_t *out_len);

/* Append HTML text to 'b': tags dropped (paragraph anchors with their
 * pilcrow), entities decoded, everything else copied. */
cab_status cab_html_text_add(struct cab_buf *b, const char *s, size_t n);

/* UTF-8 (utf8.c).  Largest length <= 'max' that does not cut a
 * character of the valid UTF-8 string 's' of length 'n'. */
size_t cab_utf8_cut(const char *s, size_t n, size_t max);

/* Fields (fields.c).  Each replaces *dst (freeing the old value). */
/* One-line field: trimmed (spaces, tabs, newlines, no-break spaces),
 * control characters made spaces, repaired, cut at CAB_MAX_FIELD; an empty
 * result leaves NULL.  CAB_NOMEM only. */
cab_status cab_field_set(char **dst, const char *s, size_t n);
/* Reference ID: spaces removed, upper case.  CAB_BAD_INPUT when empty or
 * longer than CAB_MAX_ID, CAB_NOMEM. */
cab_status cab_id_set(char **dst, const char *s, size_t n);
/* Header or body text: repaired, NUL dropped, CRLF made LF, leading blank
 * lines and trailing white space removed.  CAB_TOO_LARGE past
 * CAB_MAX_TEXT, CAB_NOMEM. */
cab_status cab_text_set(char **dst, const char *s, size_t n);
/* The metadata fields the HTML page and the plain-text form both label. */
enum cab_meta {
    CAB_META_OTHER,      /* a label this reader does not keep */
    CAB_META_ID,
    CAB_META_CREATED,
    CAB_META_RELEASED,
    CAB_META_CLASS,
    CAB_META_ORIGIN,
    CAB_META_COUNT
};
/* Sets the field 'm' of 'c' from the labelled value s[0..n) with the
 * setters above; a bad ID reads as no ID.  CAB_NOMEM only. */
cab_status cab_meta_set(struct cable *c, enum cab_meta m, const char *s, size_t n);
/* "2009-12-01 04:47[:00]" or "12/1/2009 4:47[:00]" (UTC) to seconds;
 * CAB_TIME_UNKNOWN when it is neither. */
int64_t cab_date_parse(const char *s, size_t n);
/* Bounds of 's' without leading and trailing white space (incl. U+00A0). */
const char *cab_trim(const char *s, size_t n, size_t *out_n);
/* Case-insensitive prefix test on a counted string. */
int cab_has_prefix_ci(const char *s, size_t n, const char *prefix);
/* First occurrence of needle[0..k) in s[0..n), or NULL. */
const char *cab_find(const char *s, size_t n, const char *needle, size_t k);

#endif
