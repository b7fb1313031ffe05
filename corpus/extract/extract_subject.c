/* Subject: the telegram's "SUBJECT:" (or "SUBJ:") line joined across its
 * wrapped lines, whitespace collapsed; else the title the source gave.
 * The block ends at a blank line or at the next front-matter line (the
 * line map in extract.c decides which lines belong to it); a REF list run
 * into the subject ("... PRIMEREF: A. LONDON 1939") is cut off.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "extract_internal.h"

static const char *skip_keyword(const char *s, size_t *len)
{
    const char *end = s + *len;

    if (*len >= 7 && strncasecmp(s, "SUBJECT", 7) == 0)
        s += 7;
    else if (*len >= 4 && strncasecmp(s, "SUBJ", 4) == 0)
        s += 4;
    while (s < end && (*s == ':' || *s == '.' || *s == ' ' || *s == '\t'))
        s++;
    *len = (size_t)(end - s);
    return s;
}

static cab_status add_collapsed(struct cab_buf *b, const char *s, size_t len)
{
    cab_status st = CAB_OK;

    for (size_t i = 0; i < len && st == CAB_OK; i++) {
        if (isspace((unsigned char)s[i])) {
            if (b->len > 0 && b->data[b->len - 1] != ' ')
                st = cab_buf_addch(b, ' ');
        } else {
            st = cab_buf_addch(b, s[i]);
        }
    }
    if (st == CAB_OK && b->len > 0 && b->data[b->len - 1] != ' ')
        st = cab_buf_addch(b, ' ');
    return st;
}

/* Cut at a REF list run into the subject; 1 when cut. */
static int cut_ref(const char *s, size_t *len)
{
    const char *r = ex_memmem_ci(s, *len, "REF:");

    if (!r)
        r = ex_memmem_ci(s, *len, "REFS:");
    if (!r || r == s)
        return 0;
    *len = (size_t)(r - s);
    return 1;
}

/* Index of the first SUBJECT line, else of a TAGS or E.O. line with the
 * subject run into it; n_lines if none. */
static size_t first_subject_line(const struct ex_doc *d)
{
    size_t i;

    for (i = 0; i < d->n_lines; i++)
        if (d->lines[i].kind == EX_LINE_SUBJECT)
            return i;
    for (i = 0; i < d->n_lines; i++)
        if ((d->lines[i].kind == EX_LINE_TAGS || d->lines[i].kind == EX_LINE_EO) &&
            ex_memmem_ci(d->lines[i].s, d->lines[i].len, "SUBJECT"))
            return i;
    return i;
}

cab_status ex_extract_subject(struct ex_doc *d)
{
    struct cab_buf b;
    cab_status st = CAB_OK;
    int started = 0;
    char *subject;

    cab_buf_init(&b, CAB_MAX_FIELD);
    for (size_t i = first_subject_line(d); i < d->n_lines && st == CAB_OK; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *s = l->s;
        size_t len = l->len;

        if (l->kind != EX_LINE_SUBJECT) {
            const char *in;

            if (started)
                break; /* only the first block: page breaks repeat it */
            /* "TAGS: PREL SUBJECT: ..." on one line. */
            if (l->kind != EX_LINE_TAGS && l->kind != EX_LINE_EO)
                continue;
            in = ex_memmem_ci(s, len, "SUBJECT");
            if (!in)
                continue;
            len -= (size_t)(in - s);
            s = in;
        }
        if (!started)
            s = skip_keyword(s, &len);
        started = 1;
        if (cut_ref(s, &len)) {
            st = add_collapsed(&b, s, len);
            break;
        }
        st = add_collapsed(&b, s, len);
    }
    if (st == CAB_TOO_LARGE)
        st = CAB_OK; /* a subject longer than a field keeps its beginning */
    while (b.len > 0 && b.data[b.len - 1] == ' ')
        b.len--;
    if (b.alloc > 0)
        b.data[b.len] = '\0';
    if (st != CAB_OK || b.len == 0) {
        cab_buf_release(&b);
        return st;
    }
    subject = cab_buf_detach(&b, NULL);
    if (!subject)
        return CAB_NOMEM;
    cab_free(d->c->subject);
    d->c->subject = subject;
    return CAB_OK;
}
