/* UTF-8 repair: every input byte sequence becomes valid UTF-8.
 *
 * Each byte that does not start a complete, shortest-form sequence of a
 * scalar value (no surrogates, nothing past U+10FFFF) becomes U+FFFD, so
 * Latin-1 text survives as readable ASCII plus replacement characters.
 * NUL bytes are dropped because every string we hand on is a C string.
 */
#include <string.h>

#include "cab_mem.h"
#include "reader_internal.h"

static const char replacement[3] = { '\xEF', '\xBF', '\xBD' };

/* Length of the valid sequence at p (at most 'left' bytes), 0 if invalid. */
static size_t seq_len(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];

    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return left >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && p[1] < 0xA0)
            return 0;             /* overlong */
        if (c == 0xED && p[1] >= 0xA0)
            return 0;             /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && p[1] < 0x90)
            return 0;             /* overlong */
        if (c == 0xF4 && p[1] >= 0x90)
            return 0;             /* past U+10FFFF */
        return 4;
    }
    return 0;
}

/* Write the repaired form of data to 'dst' (may be NULL to only count);
 * returns its length. */
static size_t repair_into(const unsigned char *p, size_t len, char *dst)
{
    size_t i = 0, o = 0;

    while (i < len) {
        size_t k;

        if (p[i] < 0x80) {
            /* ASCII runs are the common case. */
            size_t j = i;

            while (j < len && p[j] < 0x80 && p[j] != 0)
                j++;
            if (dst && j > i)
                memcpy(dst + o, p + i, j - i);
            o += j - i;
            i = j;
            if (i < len && p[i] == 0)
                i++;
            continue;
        }
        k = seq_len(p + i, len - i);
        if (k == 0) {
            if (dst)
                memcpy(dst + o, replacement, sizeof replacement);
            o += sizeof replacement;
            i++;
        } else {
            if (dst)
                memcpy(dst + o, p + i, k);
            o += k;
            i += k;
        }
    }
    return o;
}

char *cab_utf8_repair(const char *data, size_t len, size_t *out_len)
{
    const unsigned char *p = (const unsigned char *)data;
    size_t n = repair_into(p, len, NULL);
    char *out = cab_malloc(n + 1);

    if (!out)
        return NULL;
    repair_into(p, len, out);
    out[n] = '\0';
    if (out_len)
        *out_len = n;
    return out;
}

size_t cab_utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    /* Step back over continuation bytes to the start of a character. */
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}
