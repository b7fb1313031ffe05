/* Small normalisations shared by the readers: trimming, one-line fields,
 * reference IDs, header/body text and the two date forms the sources use.
 * Readers only tidy what the source states; extraction does the rest.
 */
#include <string.h>

#include "cab_mem.h"
#include "reader_internal.h"

const char *cab_find(const char *s, size_t n, const char *needle, size_t k)
{
    const char *p = s, *end = s + n;

    if (k == 0)
        return s;
    while ((size_t)(end - p) >= k) {
        p = memchr(p, needle[0], (size_t)(end - p) - k + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, k) == 0)
            return p;
        p++;
    }
    return NULL;
}

int cab_has_prefix_ci(const char *s, size_t n, const char *prefix)
{
    size_t i;

    for (i = 0; prefix[i]; i++) {
        char a = i < n ? s[i] : '\0', b = prefix[i];

        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 'a' + 'A');
        if (i >= n || a != b)
            return 0;
    }
    return 1;
}

static int is_space(const char *s, size_t n, size_t *width)
{
    unsigned char c = (unsigned char)s[0];

    *width = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return 1;
    if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xA0) {
        *width = 2;
        return 1;
    }
    return 0;
}

const char *cab_trim(const char *s, size_t n, size_t *out_n)
{
    size_t w;

    while (n > 0 && is_space(s, n, &w)) {
        s += w;
        n -= w;
    }
    while (n > 0) {
        if (is_space(s + n - 1, 1, &w)) {
            n--;
        } else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 &&
                   (unsigned char)s[n - 1] == 0xA0) {
            n -= 2;
        } else {
            break;
        }
    }
    *out_n = n;
    return s;
}

cab_status cab_field_set(char **dst, const char *s, size_t n)
{
    char *v;
    size_t len;

    s = cab_trim(s, n, &n);
    cab_free(*dst);
    *dst = NULL;
    if (n == 0)
        return CAB_OK;
    /* Repair at most what can survive the cut (3 bytes per input byte). */
    if (n > CAB_MAX_FIELD)
        n = CAB_MAX_FIELD;
    v = cab_utf8_repair(s, n, &len);
    if (!v)
        return CAB_NOMEM;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7F)
            v[i] = ' ';
    len = cab_utf8_cut(v, len, CAB_MAX_FIELD);
    v[len] = '\0';
    *dst = v;
    return CAB_OK;
}

cab_status cab_id_set(char **dst, const char *s, size_t n)
{
    char id[CAB_MAX_ID + 1];
    size_t len = 0;

    s = cab_trim(s, n, &n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == ' ' || c == '\t')
            continue;
        if (c < 0x21 || c > 0x7E || len == CAB_MAX_ID)
            return CAB_BAD_INPUT;
        id[len++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (len == 0)
        return CAB_BAD_INPUT;
    id[len] = '\0';
    cab_free(*dst);
    *dst = cab_strdup(id);
    return *dst ? CAB_OK : CAB_NOMEM;
}

cab_status cab_meta_set(struct cable *c, enum cab_meta m, const char *s, size_t n)
{
    cab_status st;

    switch (m) {
    case CAB_META_ID:
        st = cab_id_set(&c->id, s, n);
        return st == CAB_BAD_INPUT ? CAB_OK : st; /* a bad ID reads as no ID */
    case CAB_META_CREATED:
        c->created = cab_date_parse(s, n);
        return CAB_OK;
    case CAB_META_RELEASED:
        c->released = cab_date_parse(s, n);
        return CAB_OK;
    case CAB_META_CLASS:
        return cab_field_set(&c->classification, s, n);
    case CAB_META_ORIGIN:
        return cab_field_set(&c->origin, s, n);
    case CAB_META_OTHER:
    case CAB_META_COUNT:
        break;
    }
    return CAB_OK;
}

cab_status cab_text_set(char **dst, const char *s, size_t n)
{
    char *v;
    size_t len, o = 0, start = 0;

    cab_free(*dst);
    *dst = NULL;
    if (n > CAB_MAX_TEXT)
        return CAB_TOO_LARGE;
    v = cab_utf8_repair(s, n, &len);
    if (!v)
        return CAB_NOMEM;
    if (len > CAB_MAX_TEXT) {
        cab_free(v);
        return CAB_TOO_LARGE;
    }
    /* Skip leading blank lines, keep the indentation of the first one. */
    for (size_t i = 0; i < len; i++) {
        if (v[i] == '\n') {
            start = i + 1;
        } else if (v[i] != ' ' && v[i] != '\t' && v[i] != '\r') {
            break;
        }
    }
    for (size_t i = start; i < len; i++) {
        if (v[i] == '\r' && i + 1 < len && v[i + 1] == '\n')
            continue;
        v[o++] = v[i];
    }
    while (o > 0 && (v[o - 1] == ' ' || v[o - 1] == '\n' || v[o - 1] == '\t' ||
                     v[o - 1] == '\r'))
        o--;
    v[o] = '\0';
    *dst = v;
    return CAB_OK;
}

/* Up to 'max' digits at s[*i]; -1 when there are none. */
static int number(const char *s, size_t n, size_t *i, int max)
{
    int v = 0, k = 0;

    while (*i < n && k < max && s[*i] >= '0' && s[*i] <= '9') {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    return k ? v : -1;
}

int64_t cab_date_parse(const char *s, size_t n)
{
    size_t i = 0;
    int a, b, c, hh = 0, mm = 0, ss = 0, year, month, day;
    char sep;

    s = cab_trim(s, n, &n);
    a = number(s, n, &i, 4);
    if (a < 0 || i >= n || (s[i] != '-' && s[i] != '/'))
        return CAB_TIME_UNKNOWN;
    sep = s[i++];
    b = number(s, n, &i, 2);
    if (b < 0 || i >= n || s[i++] != sep)
        return CAB_TIME_UNKNOWN;
    c = number(s, n, &i, 4);
    if (c < 0)
        return CAB_TIME_UNKNOWN;
    if (sep == '-') {
        year = a, month = b, day = c;
    } else {
        month = a, day = b, year = c;
    }
    if (i < n && (s[i] == ' ' || s[i] == 'T')) {
        i++;
        hh = number(s, n, &i, 2);
        if (hh < 0 || i >= n || s[i++] != ':')
            return CAB_TIME_UNKNOWN;
        mm = number(s, n, &i, 2);
        if (mm < 0)
            return CAB_TIME_UNKNOWN;
        if (i < n && s[i] == ':') {
            i++;
            ss = number(s, n, &i, 2);
            if (ss < 0)
                return CAB_TIME_UNKNOWN;
        }
    }
    if (i != n)
        return CAB_TIME_UNKNOWN;
    return cab_time_from_civil(year, month, day, hh, mm, ss);
}
