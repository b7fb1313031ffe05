/* HTML entities and tags in cable text.
 *
 * Cablegate pages write every newline inside <pre> as "&#x000A;", wrap
 * TAGS values in <a href='/tag/...'> links and put an anchor
 * "<a id='par1' href='#par1'>&para;</a>" before each numbered paragraph.
 * A raw '<' that does not open a tag ("<<218634>>") and an '&' that does
 * not open a known entity ("R&D", "&processes8;") are text and stay as
 * written.
 */
#include <stdlib.h>
#include <string.h>

#include "reader_internal.h"
#include "text.h"

struct named_entity {
    const char *name;
    unsigned code;
};

/* Sorted by name for bsearch. */
static const struct named_entity named[] = {
    { "AElig", 0xC6 },  { "Aacute", 0xC1 }, { "Agrave", 0xC0 },
    { "Ccedil", 0xC7 }, { "Eacute", 0xC9 }, { "Iacute", 0xCD },
    { "Ntilde", 0xD1 }, { "Oacute", 0xD3 }, { "Ouml", 0xD6 },
    { "Uacute", 0xDA }, { "Uuml", 0xDC },   { "aacute", 0xE1 },
    { "acirc", 0xE2 },  { "agrave", 0xE0 }, { "amp", '&' },
    { "apos", '\'' },   { "auml", 0xE4 },   { "bdquo", 0x201E },
    { "bull", 0x2022 }, { "ccedil", 0xE7 }, { "cent", 0xA2 },
    { "copy", 0xA9 },   { "dagger", 0x2020 }, { "deg", 0xB0 },
    { "eacute", 0xE9 }, { "ecirc", 0xEA },  { "egrave", 0xE8 },
    { "euro", 0x20AC }, { "frac12", 0xBD }, { "frac14", 0xBC },
    { "frac34", 0xBE }, { "gt", '>' },      { "hellip", 0x2026 },
    { "iacute", 0xED }, { "iexcl", 0xA1 },  { "iquest", 0xBF },
    { "laquo", 0xAB },  { "ldquo", 0x201C }, { "lsaquo", 0x2039 },
    { "lsquo", 0x2018 }, { "lt", '<' },     { "mdash", 0x2014 },
    { "middot", 0xB7 }, { "nbsp", 0xA0 },   { "ndash", 0x2013 },
    { "ntilde", 0xF1 }, { "oacute", 0xF3 }, { "ouml", 0xF6 },
    { "para", 0xB6 },   { "plusmn", 0xB1 }, { "pound", 0xA3 },
    { "quot", '"' },    { "raquo", 0xBB },  { "rdquo", 0x201D },
    { "reg", 0xAE },    { "rsaquo", 0x203A }, { "rsquo", 0x2019 },
    { "sbquo", 0x201A }, { "sect", 0xA7 },  { "shy", 0xAD },
    { "szlig", 0xDF },  { "times", 0xD7 },  { "trade", 0x2122 },
    { "uacute", 0xFA }, { "uuml", 0xFC },   { "yen", 0xA5 },
};

/* "&#65;" or "&#x41;": bytes consumed, 0 if malformed. */
static size_t decode_numeric(const char *s, size_t n, unsigned *cp)
{
    size_t i = 2;
    int hex = 0, digits = 0;
    unsigned long v = 0;

    if (i < n && (s[i] == 'x' || s[i] == 'X')) {
        hex = 1;
        i++;
    }
    for (; i < n && i < CAB_MAX_ENTITY; i++) {
        int d = hex ? cab_hex_value(s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);

        if (d < 0)
            break;
        v = v * (hex ? 16 : 10) + (unsigned long)d;
        if (v > 0x10FFFF)
            v = 0x110000;         /* stays out of range, never overflows */
        digits++;
    }
    if (!digits || i >= n || s[i] != ';')
        return 0;
    *cp = (unsigned)v;
    return i + 1;
}

static int cmp_named(const void *key, const void *elem)
{
    const struct named_entity *e = elem;
    const char *k = key;

    return strcmp(k, e->name);
}

size_t cab_entity_decode(const char *s, size_t n, char out[4], size_t *out_len)
{
    char name[CAB_MAX_ENTITY + 1];
    const struct named_entity *e;
    unsigned cp;
    size_t i, used;

    if (n < 3 || s[0] != '&')
        return 0;
    if (s[1] == '#') {
        used = decode_numeric(s, n, &cp);
        if (!used)
            return 0;
        *out_len = cab_utf8_encode(cp, out);
        return used;
    }
    for (i = 1; i < n && i <= CAB_MAX_ENTITY; i++) {
        char c = s[i];

        if (c == ';')
            break;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return 0;
        name[i - 1] = c;
    }
    if (i >= n || s[i] != ';' || i == 1)
        return 0;
    name[i - 1] = '\0';
    e = bsearch(name, named, sizeof named / sizeof named[0], sizeof named[0], cmp_named);
    if (!e)
        return 0;
    *out_len = cab_utf8_encode(e->code, out);
    return i + 1;
}

static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of the tag at s[0] == '<', or 0 when this '<' is text. */
static size_t tag_len(const char *s, size_t n)
{
    const char *end;

    if (n < 2)
        return 0;
    if (!(is_alpha(s[1]) || (s[1] == '/' && n > 2 && is_alpha(s[2]))))
        return 0;
    end = memchr(s, '>', n);
    if (!end)
        return 0;
    return (size_t)(end - s) + 1;
}

static int tag_is(const char *s, size_t n, const char *name)
{
    size_t k = strlen(name);

    return n > k + 1 && cab_has_prefix_ci(s + 1, n - 1, name) &&
           (s[k + 1] == '>' || s[k + 1] == ' ' || s[k + 1] == '/' || s[k + 1] == '\t');
}

/* An in-page anchor ("<a id='par1' href='#par1'>") whose text is only a
 * pilcrow marking the paragraph: drop it with its text. */
static int is_paragraph_anchor(const char *s, size_t n)
{
    return tag_is(s, n, "a") && (cab_find(s, n, "href='#", 7) || cab_find(s, n, "href=\"#", 7));
}

cab_status cab_html_text_add(struct cab_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    cab_status st = CAB_OK;

    while (i < n && st == CAB_OK) {
        char c = s[i];
        char enc[4];
        size_t used, enc_len, t;

        if (c != '<' && c != '&') {
            i++;
            continue;
        }
        st = cab_buf_add(b, s + run, i - run);
        if (st != CAB_OK)
            break;
        if (c == '&') {
            used = cab_entity_decode(s + i, n - i, enc, &enc_len);
            if (used) {
                st = cab_buf_add(b, enc, enc_len);
                i += used;
            } else {
                st = cab_buf_addch(b, '&');
                i++;
            }
            run = i;
            continue;
        }
        t = tag_len(s + i, n - i);
        if (!t) {
            st = cab_buf_addch(b, '<');
            run = ++i;
            continue;
        }
        if (is_paragraph_anchor(s + i, t)) {
            const char *close = cab_find(s + i + t, n - i - t, "</a>", 4);

            if (close && (size_t)(close - (s + i + t)) <= 16)
                t = (size_t)(close - (s + i)) + 4;
        } else if (tag_is(s + i, t, "br")) {
            /* The pages follow <br> with a newline of their own. */
            if (!(i + t < n && (s[i + t] == '\n' || cab_has_prefix_ci(s + i + t, n - i - t, "&#x000A;"))))
                st = cab_buf_addch(b, '\n');
        }
        i += t;
        run = i;
    }
    if (st == CAB_OK)
        st = cab_buf_add(b, s + run, n - run);
    return st;
}
