/* Shared between the extraction files of corpus/extract/ (extract*.c,
 * countries.c); not part of any public contract.
 *
 * cab_extract() first splits the body into lines and gives each one a kind
 * (extract.c): the classification line, section and page headers, caveat
 * lines, the E.O., TAGS, SUBJECT and REF blocks, and plain text.  Every
 * extractor then reads only the lines of its kind, so each byte of the
 * body is looked at a bounded number of times.
 */
#ifndef EXTRACT_INTERNAL_H
#define EXTRACT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "cable.h"

/* Lines of the body looked at for the classification line. */
#define EX_CLASS_LINE_WINDOW 12
/* Lines after the classification line that may still be front matter. */
#define EX_FRONT_MAX_LINES 80
/* Wrapped lines joined into one subject, TAGS or REF block at most. */
#define EX_SUBJECT_MAX_LINES 6
#define EX_TAGS_MAX_LINES 4
#define EX_REF_MAX_LINES 40
/* Caveats kept per cable. */
#define EX_MAX_CAVEATS 16
/* Bytes of a declassification word ("TEN YEARS AFTER ...") kept. */
#define EX_MAX_DECL 64

enum ex_pattern {
    EX_PAT_CLASS,      /* classification line: level, then the rest */
    EX_PAT_SECTION,    /* "SECTION 01 OF 03" */
    EX_PAT_PAGE,       /* "ASTANA 00002101 002.3 OF 003" */
    EX_PAT_DTG,        /* "P 010447Z DEC 09" */
    EX_PAT_MARKING,    /* paragraph marking: "1. (S/NF)" */
    EX_PAT_PARA,       /* start of a numbered paragraph */
    EX_PAT_DE_LINE,    /* "DE RUEHTA #2101/01 3350447" */
    EX_PAT_COUNT
};

enum ex_line_kind {
    EX_LINE_TEXT = 0,
    EX_LINE_CLASS,     /* the first classification line */
    EX_LINE_SECTION,   /* a repeated classification/section line */
    EX_LINE_PAGE,      /* page header */
    EX_LINE_CAVEAT,    /* only handling words: SIPDIS, NOFORN... */
    EX_LINE_EO,        /* E.O. 12958: DECL: ... */
    EX_LINE_TAGS,
    EX_LINE_SUBJECT,
    EX_LINE_REF,
    EX_LINE_NOTE,      /* "This record is a partial extract ..." */
    EX_LINE_DTG,       /* a date-time group on its own line */
};

struct ex_line {
    const char *s;     /* start, after leading blanks and a paragraph sign */
    size_t len;        /* without trailing blanks */
    enum ex_line_kind kind;
};

struct ex_doc {
    struct cable *c;
    struct ex_line *lines;
    size_t n_lines;
    size_t class_line;           /* index, or n_lines if none */
    pcre2_match_data *md;        /* per call: extraction stays thread-safe */
    int year;                    /* four-digit year of the cable, 0 if unknown */
    cab_status rc;               /* sticky: a match ran out of memory */
    char err[CAB_ERR_SIZE];
};

/* extract.c: the compiled patterns (valid after cab_extract_init). */
const pcre2_code *ex_pattern(enum ex_pattern p);
/* 1 when 'p' matches s[0..len) (ovector in d->md), 0 when not, -1 on
 * error (out of memory also sets d->rc, which cab_extract() returns). */
int ex_match(struct ex_doc *d, enum ex_pattern p, const char *s, size_t len);
/* Start and length of group 'g' of the last match; 0 length if unset. */
const char *ex_group(struct ex_doc *d, const char *s, unsigned g, size_t *len);

/* Helpers shared by the extractors (extract.c). */
int ex_line_starts(const struct ex_line *l, const char *word); /* case-insensitive word prefix */
const char *ex_memmem_ci(const char *s, size_t len, const char *needle);
cab_status ex_strv_add(char ***v, size_t *n, size_t max, const char *s, size_t len);

/* extract_class.c */
int ex_class_level_parse(const char *s, size_t len, const char **level, size_t *used);
cab_status ex_extract_class(struct ex_doc *d);
int ex_is_caveat_line(const char *s, size_t len);

/* extract_time.c */
/* Four-digit year of a two-digit cable year: 66..99 -> 19xx, else 20xx. */
int ex_year_from_2digits(int yy);
/* "2029-01-19" (at least 11 bytes) for a DECL value; a word, upper case,
 * when it is not a date; 0 on success, -1 when empty.  'cable_year' (0 if
 * unknown) places two-digit years. */
int ex_decl_parse(const char *s, size_t len, int cable_year, char *out, size_t out_size);
cab_status ex_extract_time(struct ex_doc *d);

/* extract_origin.c */
cab_status ex_extract_origin(struct ex_doc *d);
/* Post name as it appears in reference IDs ("NEWDELHI", "STATE") for an
 * origin as written; 0 on success, -1 if none. */
int ex_origin_post(const char *origin, size_t len, char *out, size_t out_size);

/* extract_id.c */
int ex_id_valid(const char *id);
cab_status ex_extract_id(struct ex_doc *d);
cab_status ex_extract_refs(struct ex_doc *d);

/* extract_tags.c */
cab_status ex_extract_tags(struct ex_doc *d);
int ex_tag_plausible(const char *s, size_t len);

/* extract_subject.c */
cab_status ex_extract_subject(struct ex_doc *d);

/* extract_text.c */
cab_status ex_extract_text(struct ex_doc *d);

#endif
