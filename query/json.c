/* The JSON writer of printer.h.  Output is always valid JSON text: the
 * writer tracks nesting to place separators, and strings are re-encoded
 * so that no control character or invalid UTF-8 byte reaches the output. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "printer.h"

void cab_json_init(struct cab_json *j, FILE *out)
{
    memset(j, 0, sizeof *j);
    j->out = out;
}

/* Separator before a new value or key; CAB_INTERNAL on misuse. */
static int before(struct cab_json *j, int is_key)
{
    if (j->rc != CAB_OK)
        return 0;
    if (j->depth == 0) {
        if (is_key) {
            j->rc = CAB_INTERNAL;
            return 0;
        }
        return 1;
    }
    if (j->is_obj[j->depth - 1]) {
        if (is_key == j->want_value) {
            j->rc = CAB_INTERNAL;  /* key where a value is due, or the reverse */
            return 0;
        }
        if (!is_key) {
            j->want_value = 0;
            return 1;
        }
    }
    if (!j->first[j->depth - 1])
        fputc(',', j->out);
    j->first[j->depth - 1] = 0;
    return 1;
}

static void open_container(struct cab_json *j, int is_obj)
{
    if (!before(j, 0))
        return;
    if (j->depth >= CAB_JSON_MAX_DEPTH) {
        j->rc = CAB_INTERNAL;
        return;
    }
    fputc(is_obj ? '{' : '[', j->out);
    j->first[j->depth] = 1;
    j->is_obj[j->depth] = (unsigned char)is_obj;
    j->depth++;
}

static void close_container(struct cab_json *j, int is_obj)
{
    if (j->rc != CAB_OK)
        return;
    if (j->depth == 0 || j->is_obj[j->depth - 1] != is_obj || j->want_value) {
        j->rc = CAB_INTERNAL;
        return;
    }
    j->depth--;
    fputc(is_obj ? '}' : ']', j->out);
}

void cab_json_begin_object(struct cab_json *j) { open_container(j, 1); }
void cab_json_end_object(struct cab_json *j) { close_container(j, 1); }
void cab_json_begin_array(struct cab_json *j) { open_container(j, 0); }
void cab_json_end_array(struct cab_json *j) { close_container(j, 0); }

/* Length of the valid UTF-8 sequence at s[0..len), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
    size_t n;
    uint32_t v;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xC2 && s[0] <= 0xDF) {
        n = 2;
        v = s[0] & 0x1F;
    } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        n = 3;
        v = s[0] & 0x0F;
    } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        n = 4;
        v = s[0] & 0x07;
    } else {
        return 0;
    }
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* overlong forms, surrogates and values past U+10FFFF are invalid */
    if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

size_t cab_utf8_count(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n = 0;
    uint32_t cp;

    while (i < len) {
        size_t k = utf8_seq(u + i, len - i, &cp);

        i += k ? k : 1;
        n++;
    }
    return n;
}

static void write_string(FILE *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    uint32_t cp;

    fputc('"', out);
    while (i < len) {
        size_t k = utf8_seq(u + i, len - i, &cp);

        if (k == 0) {
            fputs("\\ufffd", out);
            i++;
            continue;
        }
        switch (cp) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        case '\b': fputs("\\b", out); break;
        case '\f': fputs("\\f", out); break;
        default:
            if (cp < 0x20 || cp == 0x7F || cp == 0x2028 || cp == 0x2029)
                fprintf(out, "\\u%04" PRIx32, cp);
            else
                fwrite(u + i, 1, k, out);
        }
        i += k;
    }
    fputc('"', out);
}

void cab_json_key(struct cab_json *j, const char *key)
{
    if (j->depth == 0 || !j->is_obj[j->depth - 1]) {
        if (j->rc == CAB_OK)
            j->rc = CAB_INTERNAL;
        return;
    }
    if (!before(j, 1))
        return;
    write_string(j->out, key, strlen(key));
    fputc(':', j->out);
    j->want_value = 1;
}

void cab_json_string_len(struct cab_json *j, const char *s, size_t len)
{
    if (!s) {
        cab_json_null(j);
        return;
    }
    if (before(j, 0))
        write_string(j->out, s, len);
}

void cab_json_string(struct cab_json *j, const char *s)
{
    cab_json_string_len(j, s, s ? strlen(s) : 0);
}

void cab_json_int(struct cab_json *j, int64_t v)
{
    if (before(j, 0))
        fprintf(j->out, "%" PRId64, v);
}

void cab_json_double(struct cab_json *j, double v)
{
    if (!isfinite(v)) {
        cab_json_null(j);
        return;
    }
    if (before(j, 0))
        fprintf(j->out, "%.10g", v);
}

void cab_json_bool(struct cab_json *j, int v)
{
    if (before(j, 0))
        fputs(v ? "true" : "false", j->out);
}

void cab_json_null(struct cab_json *j)
{
    if (before(j, 0))
        fputs("null", j->out);
}

cab_status cab_json_finish(struct cab_json *j)
{
    if (j->rc == CAB_OK && (j->depth != 0 || j->want_value))
        j->rc = CAB_INTERNAL;
    if (j->rc == CAB_OK && ferror(j->out))
        j->rc = CAB_IO;
    return j->rc;
}
