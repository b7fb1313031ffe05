/* Printers: functions over a filled cab_results (notmuch's sprinter).
 *
 * One search, many printers: the text, JSON, CSV and ID printers here,
 * and the search page, which reuses the JSON printer for format=json so
 * the CLI and the page cannot disagree.  Printers write to a FILE (use
 * open_memstream() to get a buffer) and report a write failure as CAB_IO.
 *
 * JSON snippets are plain text plus "highlights": [[start, length], ...]
 * in Unicode code points of the snippet (what Python's str slicing and
 * most JSON consumers index by), so no marker can clash with the text.
 * CSV snippets mark matches with [[ and ]].
 */
#ifndef CAB_PRINTER_H
#define CAB_PRINTER_H

#include <stdint.h>
#include <stdio.h>

#include "search.h"

/* ---------------------------------------------------------------- JSON writer */

#define CAB_JSON_MAX_DEPTH 32

/* A streaming JSON writer that places commas and colons itself.  Strings
 * are escaped (quote, backslash, control characters, U+2028/U+2029), and
 * invalid UTF-8 is written as U+FFFD, so the output is always valid JSON
 * as long as the calls nest.  Misuse (too deep, a value where a key is
 * due) sets 'rc' to CAB_INTERNAL and later calls do nothing. */
struct cab_json {
    FILE *out;
    int depth;
    unsigned char first[CAB_JSON_MAX_DEPTH];  /* 1 until a container has a member */
    unsigned char is_obj[CAB_JSON_MAX_DEPTH]; /* 1 for objects, 0 for arrays */
    int want_value;                           /* a key was written, its value is due */
    cab_status rc;                            /* first misuse or write failure */
};

void cab_json_init(struct cab_json *j, FILE *out);
void cab_json_begin_object(struct cab_json *j);
void cab_json_end_object(struct cab_json *j);
void cab_json_begin_array(struct cab_json *j);
void cab_json_end_array(struct cab_json *j);
void cab_json_key(struct cab_json *j, const char *key);
void cab_json_string(struct cab_json *j, const char *s);     /* NULL writes null */
void cab_json_string_len(struct cab_json *j, const char *s, size_t len);
void cab_json_int(struct cab_json *j, int64_t v);
void cab_json_double(struct cab_json *j, double v);          /* non-finite writes null */
void cab_json_bool(struct cab_json *j, int v);
void cab_json_null(struct cab_json *j);
/* CAB_OK if everything nested and was written, else the first problem. */
cab_status cab_json_finish(struct cab_json *j);

/* Number of code points in s[0..len), counting each invalid byte as one
 * (as the writer replaces it with one U+FFFD). */
size_t cab_utf8_count(const char *s, size_t len);

/* ---------------------------------------------------------------- search printers */

struct cab_print_opts {
    int color;          /* 1: ANSI bold for matches and headings (text only) */
    const char *prog;   /* "search", "similar"...: for messages */
};

typedef cab_status (*cab_print_fn)(FILE *out, const struct cab_results *res,
                                   const struct cab_print_opts *o);

cab_status cab_print_text(FILE *out, const struct cab_results *res,
                          const struct cab_print_opts *o);
cab_status cab_print_json(FILE *out, const struct cab_results *res,
                          const struct cab_print_opts *o);
cab_status cab_print_csv(FILE *out, const struct cab_results *res,
                         const struct cab_print_opts *o);
cab_status cab_print_ids(FILE *out, const struct cab_results *res,
                         const struct cab_print_opts *o);

/* Write the results as one JSON object into 'j' (for callers that wrap it). */
void cab_json_results(struct cab_json *j, const struct cab_results *res);

/* The names cab_printer_find() knows, as a --format list. */
#define CAB_PRINTER_NAMES "text, json, csv, ids"

/* The printer named "text", "json", "csv" or "ids", or NULL. */
cab_print_fn cab_printer_find(const char *name);

/* Facets alone, as text (used by search and stats). */
cab_status cab_print_facets_text(FILE *out, const struct cab_facet *facets, size_t n,
                                 const struct cab_print_opts *o);

/* ---------------------------------------------------------------- cable printers */

/* Header fields and full text of one cable. */
cab_status cab_print_cable_text(FILE *out, const struct cable *c, const struct cab_print_opts *o);
/* One JSON object with every field (show --format json), on one line. */
cab_status cab_print_cable_json(FILE *out, const struct cable *c);
void cab_json_cable(struct cab_json *j, const struct cable *c);

/* RFC 4180 field: quoted when it holds a comma, quote, CR or LF. */
void cab_csv_field(FILE *out, const char *s);

#endif
