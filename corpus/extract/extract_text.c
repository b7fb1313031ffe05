/* Text for ranking: the body without its boilerplate.
 *
 * Out go the classification, section and page header lines, caveat lines
 * ("SIPDIS"), the E.O., TAGS, SUBJECT (indexed separately) and REF lines,
 * and notes such as "This record is a partial extract".  Paragraphs stay,
 * one line each as written.  Redaction placeholders (six or more X) are
 * taken out and counted.
 */
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "extract_internal.h"

/* Shortest run of X taken for a redaction placeholder. */
#define MIN_REDACTION 6

static int is_x(char ch)
{
    return ch == 'X' || ch == 'x';
}

static cab_status add_line(struct ex_doc *d, struct cab_buf *b, const char *s, size_t len)
{
    cab_status st = CAB_OK;
    size_t i = 0, from = 0;

    while (i < len && st == CAB_OK) {
        size_t run = 0;

        if (!is_x(s[i])) {
            i++;
            continue;
        }
        while (i + run < len && is_x(s[i + run]))
            run++;
        if (run >= MIN_REDACTION) {
            st = cab_buf_add(b, s + from, i - from);
            d->c->n_redactions++;
            from = i + run;
        }
        i += run;
    }
    if (st == CAB_OK)
        st = cab_buf_add(b, s + from, len - from);
    if (st == CAB_OK)
        st = cab_buf_addch(b, '\n');
    return st;
}

cab_status ex_extract_text(struct ex_doc *d)
{
    struct cab_buf b;
    cab_status st = CAB_OK;

    cab_buf_init(&b, CAB_MAX_TEXT);
    for (size_t i = 0; i < d->n_lines && st == CAB_OK; i++) {
        const struct ex_line *l = &d->lines[i];

        if (l->kind != EX_LINE_TEXT)
            continue;
        /* One blank line between paragraphs is enough. */
        if (l->len == 0 && (b.len == 0 || (b.len >= 2 && b.data[b.len - 2] == '\n')))
            continue;
        st = add_line(d, &b, l->s, l->len);
    }
    if (st == CAB_TOO_LARGE)
        st = CAB_OK; /* the body was already capped by the reader */
    while (b.len > 0 && b.data[b.len - 1] == '\n')
        b.len--;
    if (b.alloc > 0)
        b.data[b.len] = '\0';
    if (st != CAB_OK) {
        cab_buf_release(&b);
        return st;
    }
    d->c->text = cab_buf_detach(&b, NULL);
    return d->c->text ? CAB_OK : CAB_NOMEM;
}
