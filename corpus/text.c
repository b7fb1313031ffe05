/* The tokenizer of include/text.h.  Works on UTF-8 bytes directly: ASCII
 * bytes are classified and folded on the spot, other code points decoded
 * and classified by a few ranges, because the corpus is English with
 * names in Latin scripts. */
#include <stdint.h>
#include <string.h>

#include "text.h"

/* Length of the UTF-8 sequence at s[0..len) and its code point; a broken
 * sequence counts as one byte of U+FFFD (readers repair input, but the
 * query side may see anything). */
static size_t decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n, i;
    uint32_t v;

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (n > len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    *cp = v;
    return n;
}

static int is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
               (cp >= 'A' && cp <= 'Z');
    if (cp >= 0xA0 && cp <= 0xBF)     /* Latin-1 punctuation and symbols */
        return 0;
    if (cp == 0xD7 || cp == 0xF7)     /* multiplication and division signs */
        return 0;
    if (cp >= 0x2000 && cp <= 0x206F) /* general punctuation: quotes, dashes */
        return 0;
    if (cp >= 0x3000 && cp <= 0x303F) /* CJK punctuation */
        return 0;
    if (cp == 0xFEFF || cp == 0xFFFD)
        return 0;
    return 1;
}

/* '1' for the ASCII bytes that belong to words: digits and letters. */
static const char ascii_word[129] = "0000000000000000"
                                    "0000000000000000"
                                    "0000000000000000"
                                    "1111111111000000"  /* 0-9 */
                                    "0111111111111111"  /* A-O */
                                    "1111111111100000"  /* P-Z */
                                    "0111111111111111"  /* a-o */
                                    "1111111111100000"; /* p-z */

/* Length of the character at u[i..len) and whether it belongs to a word. */
static inline size_t char_at(const unsigned char *u, size_t i, size_t len, int *word)
{
    uint32_t cp;
    size_t n;

    if (u[i] < 0x80) {
        *word = ascii_word[u[i]] == '1';
        return 1;
    }
    n = decode(u + i, len - i, &cp);
    *word = is_word_char(cp);
    return n;
}

int cab_word_next(const char *s, size_t len, size_t *pos, size_t *start, size_t *wlen)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = *pos;

    while (i < len) {
        int word;
        size_t n = char_at(u, i, len, &word);
        size_t begin;

        if (!word) {
            i += n;
            continue;
        }
        begin = i;
        while (i < len) {
            if (u[i] < 0x80) {
                /* the common case, a run of ASCII letters: one test a byte */
                if (ascii_word[u[i]] != '1')
                    break;
                i++;
                continue;
            }
            n = char_at(u, i, len, &word);
            if (!word)
                break;
            i += n;
        }
        if (i - begin <= CAB_MAX_WORD) {
            *start = begin;
            *wlen = i - begin;
            *pos = i;
            return 1;
        }
    }
    *pos = len;
    return 0;
}

/* Lower case of a code point in the ranges where case folding is simple. */
static uint32_t fold(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if ((cp >= 0xC0 && cp <= 0xDE) && cp != 0xD7)
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x138 && cp != 0x149 &&
        cp != 0x17F) {
        /* Latin Extended-A pairs capitals and small letters, the capital
         * even up to U+0137 and odd from U+0139 to U+0148 and U+0179 on. */
        if ((cp <= 0x137 || (cp >= 0x14A && cp <= 0x177)) && cp % 2 == 0)
            return cp + 1;
        if (((cp >= 0x139 && cp <= 0x148) || cp >= 0x179) && cp % 2 == 1)
            return cp + 1;
        if (cp == 0x178)
            return 0xFF;
    }
    return cp;
}

size_t cab_utf8_encode(uint32_t cp, char out[4])
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t cab_word_fold(const char *s, size_t len, char *out, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, o = 0;

    while (i < len) {
        uint32_t cp;
        char tmp[4];
        size_t n, m;

        if (u[i] > 0 && u[i] < 0x80) {
            if (o + 2 > cap)
                return 0;
            out[o++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]);
            i++;
            continue;
        }
        n = decode(u + i, len - i, &cp);
        m = cab_utf8_encode(fold(cp), tmp);

        if (o + m + 1 > cap)
            return 0;
        memcpy(out + o, tmp, m);
        o += m;
        i += n;
    }
    if (o + 1 > cap)
        return 0;
    out[o] = '\0';
    return o;
}

int cab_hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
