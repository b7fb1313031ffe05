/* Cablegate HTML pages.
 *
 * A page is about 40 KB of navigation, then the cable:
 *
 *   <table class='cable'>
 *   <tr><th>Reference ID</th><th>Created</th><th>Released</th>
 *       <th>Classification</th><th>Origin</th></tr>
 *   <tr><td><a href='/cable/1979/08/79TEHRAN8980.html'>79TEHRAN8980</a></td>
 *       <td><a href=...>1979-08-13 04:04</a></td>       (UTC, no seconds)
 *       <td><a href=...>2010-11-28 18:06</a></td>       (released)
 *       <td><a href=... title='unclassified'>CONFIDENTIAL</a></td>
 *       <td><a href=...>Embassy Tehran</a></td></tr>
 *   </table>
 *   <code><pre>R 130458Z AUG 79&#x000A;FM AMEMBASSY TEHRAN...</pre></code>
 *   <code><pre>C O N F I D E N T I A L SECTION 01 OF 02 ...</pre></code>
 *
 * The first <pre> is the routing header, the following ones the text.
 * Newlines are written "&#x000A;"; TAGS values are links and paragraphs
 * carry "<a id='par1' href='#par1'>&para;</a>" anchors.  The link title of
 * the classification sometimes disagrees with its text; the text is what
 * was published, so it wins.  A page cut short still yields what it holds
 * as long as the reference ID survived.
 */
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "reader_internal.h"

#define MAX_COLUMNS 16

static enum cab_meta column_of(const char *s, size_t n)
{
    static const struct {
        const char *label;
        enum cab_meta col;
    } labels[] = {
        { "Reference ID", CAB_META_ID },  { "Reference", CAB_META_ID },
        { "Created", CAB_META_CREATED },  { "Released", CAB_META_RELEASED },
        { "Classification", CAB_META_CLASS }, { "Origin", CAB_META_ORIGIN },
    };

    s = cab_trim(s, n, &n);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strlen(labels[i].label) == n && cab_has_prefix_ci(s, n, labels[i].label))
            return labels[i].col;
    return CAB_META_OTHER;
}

/* Text of the cell whose open tag ('<th' or '<td') is at or after *pos
 * within [*pos, end); returns 0 when there is none.  Advances *pos. */
static int next_cell(const char *s, size_t end, size_t *pos, const char *open,
                     const char **cell, size_t *cell_len)
{
    const char *p = cab_find(s + *pos, end - *pos, open, 3), *gt, *close;
    char closer[6] = { '<', '/', open[1], open[2], '>', '\0' };

    if (!p)
        return 0;
    gt = memchr(p, '>', (size_t)(s + end - p));
    if (!gt)
        return 0;
    gt++;
    close = cab_find(gt, (size_t)(s + end - gt), closer, 5);
    *cell = gt;
    *cell_len = close ? (size_t)(close - gt) : (size_t)(s + end - gt);
    *pos = (size_t)(*cell + *cell_len - s);
    return 1;
}

/* The metadata table between 'from' and 'end'. */
static cab_status parse_table(const char *s, size_t from, size_t end, struct cable *c)
{
    enum cab_meta cols[MAX_COLUMNS];
    size_t ncols = 0, pos = from, ncell = 0, len;
    const char *cell;
    struct cab_buf text;
    cab_status st = CAB_OK;

    cab_buf_init(&text, CAB_MAX_FIELD * 4);
    while (ncols < MAX_COLUMNS && next_cell(s, end, &pos, "<th", &cell, &len)) {
        cab_buf_reset(&text);
        if (len > CAB_MAX_FIELD)
            len = CAB_MAX_FIELD;
        st = cab_html_text_add(&text, cell, len);
        if (st != CAB_OK)
            goto out;
        cols[ncols++] = column_of(text.data, text.len);
    }
    if (ncols == 0) {
        /* No header row: the columns in the order the site used. */
        static const enum cab_meta order[] = { CAB_META_ID, CAB_META_CREATED,
                                               CAB_META_RELEASED, CAB_META_CLASS,
                                               CAB_META_ORIGIN };

        memcpy(cols, order, sizeof order);
        ncols = sizeof order / sizeof order[0];
    }
    pos = from;
    while (ncell < ncols && next_cell(s, end, &pos, "<td", &cell, &len)) {
        cab_buf_reset(&text);
        if (len > CAB_MAX_FIELD)
            len = CAB_MAX_FIELD;
        st = cab_html_text_add(&text, cell, len);
        if (st == CAB_OK)
            st = cab_meta_set(c, cols[ncell], text.data, text.len);
        if (st != CAB_OK)
            goto out;
        ncell++;
    }
out:
    cab_buf_release(&text);
    return st;
}

/* The <pre> blocks from 'from' on: the first into 'header', the rest into
 * 'body'. */
static cab_status parse_pre(const char *s, size_t n, size_t from, struct cab_buf *header,
                            struct cab_buf *body)
{
    size_t pos = from, nblocks = 0;
    cab_status st = CAB_OK;

    for (;;) {
        const char *p = cab_find(s + pos, n - pos, "<pre", 4), *gt, *close;
        size_t start, stop;

        if (!p)
            break;
        gt = memchr(p, '>', (size_t)(s + n - p));
        if (!gt)
            break;
        start = (size_t)(gt + 1 - s);
        close = cab_find(s + start, n - start, "</pre>", 6);
        stop = close ? (size_t)(close - s) : n;
        if (nblocks == 0) {
            st = cab_html_text_add(header, s + start, stop - start);
        } else {
            if (body->len)
                st = cab_buf_addch(body, '\n');
            if (st == CAB_OK)
                st = cab_html_text_add(body, s + start, stop - start);
        }
        if (st != CAB_OK)
            return st;
        nblocks++;
        pos = close ? stop + 6 : n;
    }
    if (nblocks == 1) {
        /* Only one block: it is the text if it opens with the marking. */
        const char *nl = memchr(header->data, '\n', header->len);
        size_t first = nl ? (size_t)(nl - header->data) : header->len;

        if (cab_line_is_classification(header->data, first)) {
            struct cab_buf tmp = *body;

            *body = *header;
            *header = tmp;
        }
    }
    return CAB_OK;
}

cab_status cab_html_parse(const char *s, size_t n, const char *path, struct cable *c,
                          char err[CAB_ERR_SIZE])
{
    const char *table = cab_find(s, n, "<table class='cable'", 20);
    size_t pre_from = 0;
    struct cab_buf header, body;
    cab_status st = CAB_OK;

    if (!table)
        table = cab_find(s, n, "<table class=\"cable\"", 20);
    if (table) {
        size_t from = (size_t)(table - s);
        const char *close = cab_find(table, n - from, "</table>", 8);
        size_t end = close ? (size_t)(close - s) : n;

        st = parse_table(s, from, end, c);
        pre_from = close ? end + 8 : from;
    }
    if (st == CAB_OK && !c->id) {
        snprintf(err, CAB_ERR_SIZE, "'%s': no reference id in the page", path);
        return CAB_BAD_INPUT;
    }
    cab_buf_init(&header, CAB_MAX_TEXT);
    cab_buf_init(&body, CAB_MAX_TEXT);
    if (st == CAB_OK)
        st = parse_pre(s, n, pre_from, &header, &body);
    if (st == CAB_OK)
        st = cab_text_set(&c->header, header.data, header.len);
    if (st == CAB_OK)
        st = cab_text_set(&c->body, body.data, body.len);
    cab_buf_release(&header);
    cab_buf_release(&body);
    if (st == CAB_TOO_LARGE)
        snprintf(err, CAB_ERR_SIZE, "'%s': cable text larger than %u MiB", path,
                 CAB_MAX_TEXT >> 20);
    else if (st == CAB_NOMEM)
        snprintf(err, CAB_ERR_SIZE, "'%s': out of memory", path);
    return st;
}
