/* cables.csv as distributed in 2011: no header row, one record per cable,
 * eight double-quoted columns:
 *
 *   "1","12/28/1966 18:06","66BUENOSAIRES2481","Embassy Buenos Aires",
 *   "UNCLASSIFIED","","P R 281848Z DEC 66\nFM ...","UNCLASSIFIED ..."
 *
 * row number, created (M/D/YYYY H:MM, UTC), reference ID, origin,
 * classification, references, routing header, text.  Header and text span
 * many lines.  A quote inside a field is doubled (""); some dumps write
 * \" instead, so that is read too, unless the quote plainly closes the
 * field (followed by ,"  in a middle column, or by the end of a line
 * that starts a new record in the last one).
 *
 * Memory is bounded by one record (CAB_MAX_DOCUMENT).  A bad record is
 * reported and skipped: reading goes on at the next line that starts a
 * record ("<digits>",").
 */
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "reader_internal.h"

#define NCOLS 8
/* Bytes looked ahead to see whether a line starts a record. */
#define LOOKAHEAD 40

enum { COL_ROW, COL_CREATED, COL_ID, COL_ORIGIN, COL_CLASS, COL_REFS, COL_HEADER, COL_BODY };

/* Outcome of reading one field or record. */
enum scan { SCAN_OK, SCAN_BAD, SCAN_UNTERMINATED, SCAN_TOO_BIG, SCAN_FATAL };

struct record {
    size_t start[NCOLS + 1];  /* field i is rec.data[start[i], start[i+1]) */
    uint64_t line;            /* line where the record starts */
    uint64_t offset;          /* its byte offset */
    const char *problem;      /* for SCAN_BAD */
    cab_status fatal;         /* for SCAN_FATAL */
};

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* '"<digits>","' at p (n bytes available). */
static int is_record_start(const unsigned char *p, size_t n)
{
    size_t i = 1;

    if (n < 1 || p[0] != '"')
        return 0;
    while (i < n && is_digit(p[i]))
        i++;
    return i > 1 && i + 2 < n && p[i] == '"' && p[i + 1] == ',' && p[i + 2] == '"';
}

static enum scan add(struct cab_reader *r, struct record *rec, const void *p, size_t n)
{
    cab_status st = cab_buf_add(&r->rec, p, n);

    if (st == CAB_OK)
        return SCAN_OK;
    if (st == CAB_TOO_LARGE)
        return SCAN_TOO_BIG;
    rec->fatal = st;
    return SCAN_FATAL;
}

static enum scan peek(struct cab_reader *r, struct record *rec, size_t want,
                      const unsigned char **p, size_t *avail)
{
    cab_status st = cab_src_peek(r, want, avail);

    if (st != CAB_OK) {
        rec->fatal = st;
        return SCAN_FATAL;
    }
    *p = r->win + r->win_pos;
    return SCAN_OK;
}

/* Does the quote at p[1] (after a backslash at p[0]) close field 'col'? */
static int backslash_quote_closes(const unsigned char *p, size_t n, int col)
{
    if (col < COL_BODY)
        return n >= 4 && p[2] == ',' && p[3] == '"';
    if (n == 2)
        return 1;                 /* end of input */
    if (p[2] == '\r' && n > 3 && p[3] == '\n')
        return n == 4 || is_record_start(p + 4, n - 4);
    if (p[2] == '\n')
        return n == 3 || is_record_start(p + 3, n - 3);
    return 0;
}

/* A quoted field; the opening quote is consumed. */
static enum scan quoted(struct cab_reader *r, struct record *rec, int col)
{
    const unsigned char *p;
    size_t avail, i;
    enum scan sc;

    for (;;) {
        sc = peek(r, rec, 1, &p, &avail);
        if (sc != SCAN_OK)
            return sc;
        if (avail == 0)
            return SCAN_UNTERMINATED;
        for (i = 0; i < avail && p[i] != '"' && p[i] != '\\' && p[i] != '\n'; i++)
            ;
        if (i > 0) {
            sc = add(r, rec, p, i);
            if (sc != SCAN_OK)
                return sc;
            r->win_pos += i;
            continue;
        }
        if (p[0] == '\n') {
            r->line++;
            sc = add(r, rec, "\n", 1);
            r->win_pos++;
        } else if (p[0] == '"') {
            sc = peek(r, rec, 2, &p, &avail);
            if (sc != SCAN_OK)
                return sc;
            if (avail < 2 || p[1] != '"') {
                r->win_pos++;
                return SCAN_OK;
            }
            sc = add(r, rec, "\"", 1);
            r->win_pos += 2;
        } else {
            sc = peek(r, rec, LOOKAHEAD, &p, &avail);
            if (sc != SCAN_OK)
                return sc;
            if (avail >= 2 && p[1] == '"' && !backslash_quote_closes(p, avail, col)) {
                sc = add(r, rec, "\"", 1);
                r->win_pos += 2;
            } else {
                sc = add(r, rec, "\\", 1);
                r->win_pos++;
            }
        }
        if (sc != SCAN_OK)
            return sc;
    }
}

/* An unquoted field, up to a comma or the end of the line. */
static enum scan unquoted(struct cab_reader *r, struct record *rec)
{
    const unsigned char *p;
    size_t avail, i;
    enum scan sc;

    for (;;) {
        sc = peek(r, rec, 1, &p, &avail);
        if (sc != SCAN_OK || avail == 0)
            return sc;
        for (i = 0; i < avail && p[i] != ',' && p[i] != '\n' && p[i] != '\r'; i++)
            ;
        sc = add(r, rec, p, i);
        if (sc != SCAN_OK)
            return sc;
        r->win_pos += i;
        if (i < avail)
            return SCAN_OK;
    }
}

/* What follows field 'col': a comma, or the end of the line after the last. */
static enum scan separator(struct cab_reader *r, struct record *rec, int col)
{
    const unsigned char *p;
    size_t avail;
    enum scan sc = peek(r, rec, 2, &p, &avail);

    if (sc != SCAN_OK)
        return sc;
    if (col < COL_BODY) {
        if (avail > 0 && p[0] == ',') {
            r->win_pos++;
            return SCAN_OK;
        }
        rec->problem = avail == 0 || p[0] == '\n' || p[0] == '\r'
                           ? "fewer than 8 fields" : "text after a closing quote";
        return SCAN_BAD;
    }
    if (avail == 0)
        return SCAN_OK;
    if (p[0] == '\r' && avail > 1 && p[1] == '\n')
        r->win_pos++;
    else if (p[0] != '\n') {
        rec->problem = p[0] == ',' ? "more than 8 fields" : "text after a closing quote";
        return SCAN_BAD;
    }
    r->win_pos++;
    r->line++;
    return SCAN_OK;
}

/* Skip empty lines; 0 at the end of the input. */
static enum scan skip_blank(struct cab_reader *r, struct record *rec, int *more)
{
    const unsigned char *p;
    size_t avail;
    enum scan sc;

    for (;;) {
        sc = peek(r, rec, 1, &p, &avail);
        if (sc != SCAN_OK)
            return sc;
        *more = avail > 0;
        if (avail == 0 || (p[0] != '\n' && p[0] != '\r'))
            return SCAN_OK;
        if (p[0] == '\n')
            r->line++;
        r->win_pos++;
    }
}

static enum scan scan_record(struct cab_reader *r, struct record *rec)
{
    const unsigned char *p;
    size_t avail;
    enum scan sc;

    cab_buf_reset(&r->rec);
    for (int col = 0; col < NCOLS; col++) {
        rec->start[col] = r->rec.len;
        sc = peek(r, rec, 1, &p, &avail);
        if (sc != SCAN_OK)
            return sc;
        if (avail > 0 && p[0] == '"') {
            r->win_pos++;
            sc = quoted(r, rec, col);
        } else {
            sc = unquoted(r, rec);
        }
        if (sc == SCAN_OK)
            sc = separator(r, rec, col);
        if (sc != SCAN_OK)
            return sc;
    }
    rec->start[NCOLS] = r->rec.len;
    return SCAN_OK;
}

/* Skip to the next line that starts a record (or the end). */
static cab_status resync(struct cab_reader *r)
{
    const unsigned char *p, *nl;
    size_t avail;
    cab_status st;

    for (;;) {
        st = cab_src_peek(r, 1, &avail);
        if (st != CAB_OK || avail == 0)
            return st;
        p = r->win + r->win_pos;
        nl = memchr(p, '\n', avail);
        if (!nl) {
            r->win_pos += avail;
            continue;
        }
        r->win_pos += (size_t)(nl - p) + 1;
        r->line++;
        st = cab_src_peek(r, LOOKAHEAD, &avail);
        if (st != CAB_OK)
            return st;
        if (avail == 0 || is_record_start(r->win + r->win_pos, avail))
            return CAB_OK;
    }
}

static cab_status record_error(struct cab_reader *r, const struct record *rec,
                               const char *problem)
{
    snprintf(r->errmsg, sizeof r->errmsg, "'%s': record at line %llu: %s", r->path,
             (unsigned long long)rec->line, problem);
    return CAB_BAD_INPUT;
}

static cab_status build(struct cab_reader *r, const struct record *rec, struct cable **out)
{
    const char *d = r->rec.data;
    const size_t *s = rec->start;
    struct cable *c = cable_new();
    cab_status st;

#define FIELD(i) d + s[i], s[(i) + 1] - s[i]
    if (!c) {
        snprintf(r->errmsg, sizeof r->errmsg, "'%s': out of memory", r->path);
        return CAB_NOMEM;
    }
    c->format = CAB_FORMAT_CSV;
    c->source_offset = rec->offset;
    c->created = cab_date_parse(FIELD(COL_CREATED));
    c->source_path = cab_strdup(r->path);
    st = c->source_path ? CAB_OK : CAB_NOMEM;
    if (st == CAB_OK)
        st = cab_id_set(&c->id, FIELD(COL_ID));
    if (st == CAB_BAD_INPUT) {
        cable_free(c);
        return record_error(r, rec, "no valid reference id");
    }
    if (st == CAB_OK)
        st = cab_field_set(&c->origin, FIELD(COL_ORIGIN));
    if (st == CAB_OK)
        st = cab_field_set(&c->classification, FIELD(COL_CLASS));
    if (st == CAB_OK)
        st = cab_text_set(&c->header, FIELD(COL_HEADER));
    if (st == CAB_OK)
        st = cab_text_set(&c->body, FIELD(COL_BODY));
#undef FIELD
    if (st != CAB_OK) {
        cable_free(c);
        if (st == CAB_TOO_LARGE)
            return record_error(r, rec, "header or text larger than 16 MiB");
        snprintf(r->errmsg, sizeof r->errmsg, "'%s': out of memory", r->path);
        return st;
    }
    *out = c;
    return CAB_OK;
}

cab_status cab_csv_next(struct cab_reader *r, struct cable **out)
{
    struct record rec = { .problem = NULL, .fatal = CAB_OK };
    int more = 0;
    enum scan sc = skip_blank(r, &rec, &more);
    cab_status st, rs;

    if (sc == SCAN_OK && !more)
        return CAB_OK;
    rec.line = r->line;
    rec.offset = cab_src_offset(r);
    if (sc == SCAN_OK)
        sc = scan_record(r, &rec);
    switch (sc) {
    case SCAN_OK:
        st = build(r, &rec, out);
        if (st != CAB_OK && st != CAB_BAD_INPUT)
            r->done = 1;
        return st;
    case SCAN_UNTERMINATED:
        return record_error(r, &rec, "unterminated quote");
    case SCAN_BAD:
    case SCAN_TOO_BIG:
        st = record_error(r, &rec, sc == SCAN_BAD ? rec.problem : "larger than the 64 MiB record limit");
        rs = resync(r);
        if (rs != CAB_OK) {
            /* The input itself failed: that message wins and ends it. */
            r->done = 1;
            return rs;
        }
        return st;
    case SCAN_FATAL:
        break;
    }
    r->done = 1;
    if (!r->errmsg[0])
        snprintf(r->errmsg, sizeof r->errmsg, "'%s': out of memory", r->path);
    return rec.fatal;
}
