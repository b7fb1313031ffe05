/* Plain text cables with a metadata block first, as cable sites offered
 * them for download:
 *
 *   Identifier
 *   Created
 *   Classification
 *   Origin
 *   09ASTANA2101               (values in the order of the labels)
 *   2009-12-01 04:47:00
 *   UNCLASSIFIED
 *   Embassy Astana
 *   Cable title:               (the title follows, maybe over lines)
 *   KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO
 *   Tags:  PGOV ELAB ...
 *   pdf how-to read a cable
 *   VZCZCXRO3659               (the telegram, as in telegram.c)
 *
 * "Label: value" on one line is read too.  Labels and titles often carry
 * no-break spaces.  Tags are not kept: extraction reads them from the
 * telegram's own TAGS line.
 */
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "reader_internal.h"

/* The shared metadata labels, then those of this form alone. */
enum label {
    L_NONE = CAB_META_OTHER,
    L_ID = CAB_META_ID,
    L_CREATED = CAB_META_CREATED,
    L_RELEASED = CAB_META_RELEASED,
    L_CLASS = CAB_META_CLASS,
    L_ORIGIN = CAB_META_ORIGIN,
    L_TITLE = CAB_META_COUNT,
    L_TAGS
};

#define MAX_PENDING 8

static const struct {
    const char *name;
    enum label label;
} labels[] = {
    { "Identifier", L_ID },       { "Reference ID", L_ID },  { "Created", L_CREATED },
    { "Released", L_RELEASED },   { "Classification", L_CLASS },
    { "Origin", L_ORIGIN },       { "Cable title", L_TITLE }, { "Tags", L_TAGS },
};

/* The label opening a trimmed line, with the value after it (if any). */
static enum label label_of(const char *s, size_t n, const char **value, size_t *value_len)
{
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t k = strlen(labels[i].name);

        if (!cab_has_prefix_ci(s, n, labels[i].name))
            continue;
        if (k == n) {
            *value = s + k;
            *value_len = 0;
            return labels[i].label;
        }
        if (s[k] == ':') {
            *value = cab_trim(s + k + 1, n - k - 1, value_len);
            return labels[i].label;
        }
    }
    return L_NONE;
}

int cab_text_starts_with_label(const char *s, size_t n)
{
    const char *v;
    size_t vn;
    enum label l = label_of(s, n, &v, &vn);

    return l != L_NONE && l != L_TITLE && l != L_TAGS;
}

static cab_status set_value(struct cable *c, enum label l, const char *v, size_t n)
{
    return l < L_TITLE ? cab_meta_set(c, (enum cab_meta)l, v, n) : CAB_OK;
}

cab_status cab_text_parse(const char *s, size_t n, const char *path, struct cable *c,
                          char err[CAB_ERR_SIZE])
{
    enum label pending[MAX_PENDING];
    size_t npending = 0, next_value = 0, pos = 0, rest = 0, tele = n;
    int in_title = 0;
    struct cab_buf title;
    cab_status st = CAB_OK;

    cab_buf_init(&title, CAB_MAX_FIELD);
    while (pos < n && st == CAB_OK) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - s) : n, len, vlen;
        const char *line = cab_trim(s + pos, end - pos, &len), *v;
        enum label l;

        if (len == 0) {
            pos = end + 1;
            continue;
        }
        l = label_of(line, len, &v, &vlen);
        if (next_value < npending && l == L_NONE) {
            st = set_value(c, pending[next_value++], line, len);
        } else if (l == L_TITLE) {
            in_title = 1;
            if (vlen)
                st = cab_buf_add(&title, v, vlen);
        } else if (l == L_TAGS) {
            in_title = 0;
        } else if (l != L_NONE && vlen == 0) {
            if (npending < MAX_PENDING)
                pending[npending++] = l;
        } else if (l != L_NONE) {
            st = set_value(c, l, v, vlen);
        } else if (cab_line_starts_telegram(line, len)) {
            tele = pos;
            break;
        } else if (in_title) {
            if (title.len)
                st = cab_buf_addch(&title, ' ');
            if (st == CAB_OK)
                st = cab_buf_add(&title, line, len);
        } else {
            /* Neither metadata nor telegram ("pdf how-to read a cable"):
             * without a telegram start later, the text begins here. */
            pos = end + 1;
            continue;
        }
        pos = end + 1;
        rest = pos < n ? pos : n;
    }
    if (st == CAB_TOO_LARGE)
        st = CAB_OK;              /* an overlong title is cut below */
    if (st == CAB_OK && title.len)
        st = cab_field_set(&c->subject, title.data, title.len);
    cab_buf_release(&title);
    if (st == CAB_OK)
        st = cab_telegram_split(s + (tele < n ? tele : rest), n - (tele < n ? tele : rest), c);
    if (st == CAB_TOO_LARGE)
        snprintf(err, CAB_ERR_SIZE, "'%s': cable text larger than %u MiB", path,
                 CAB_MAX_TEXT >> 20);
    else if (st == CAB_NOMEM)
        snprintf(err, CAB_ERR_SIZE, "'%s': out of memory", path);
    return st;
}
