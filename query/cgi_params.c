/* Request parameters: application/x-www-form-urlencoded parsing with
 * percent-decoding, bounded in bytes and count, and checked so that every
 * name and value is valid UTF-8 without NUL bytes. */
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "cgi.h"
#include "text.h"

void cab_cgi_params_init(struct cab_cgi_params *p)
{
    memset(p, 0, sizeof *p);
}

void cab_cgi_params_release(struct cab_cgi_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        cab_free(p->v[i].name);
        cab_free(p->v[i].value);
    }
    p->n = 0;
}

int cab_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;

    while (i < len) {
        unsigned c = u[i];
        size_t need;
        unsigned cp, min;

        if (c == 0)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1; cp = c & 0x1f; min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2; cp = c & 0x0f; min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3; cp = c & 0x07; min = 0x10000;
        } else {
            return 0;
        }
        if (len - i <= need)
            return 0;
        for (size_t k = 1; k <= need; k++) {
            if ((u[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (u[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += need + 1;
    }
    return 1;
}

/* Decode s[0..len) into a new string; NULL with 'err' on a bad escape. */
static char *decode(const char *s, size_t len, const char *what, char err[CAB_ERR_SIZE],
                    cab_status *st)
{
    char *out = cab_malloc(len + 1);
    size_t o = 0;

    if (!out) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        *st = CAB_NOMEM;
        return NULL;
    }
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%') {
            int hi = i + 2 < len ? cab_hex_value(s[i + 1]) : -1;
            int lo = i + 2 < len ? cab_hex_value(s[i + 2]) : -1;

            if (hi < 0 || lo < 0) {
                snprintf(err, CAB_ERR_SIZE, "bad percent-encoding in %s", what);
                *st = CAB_BAD_INPUT;
                cab_free(out);
                return NULL;
            }
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    if (memchr(out, '\0', o) || !cab_utf8_valid(out, o)) {
        snprintf(err, CAB_ERR_SIZE, "invalid UTF-8 or NUL byte in %s", what);
        *st = CAB_BAD_INPUT;
        cab_free(out);
        return NULL;
    }
    return out;
}

/* Add name[0..nlen)=value[0..vlen), decoding both when 'raw' is 0. */
static cab_status add(struct cab_cgi_params *p, const char *name, size_t nlen, const char *value,
                      size_t vlen, int raw, char err[CAB_ERR_SIZE])
{
    struct cab_cgi_param *pp;
    cab_status st = CAB_OK;
    char what[48];

    if (p->n >= CAB_CGI_MAX_PARAMS) {
        snprintf(err, CAB_ERR_SIZE, "too many parameters (at most %d)", CAB_CGI_MAX_PARAMS);
        return CAB_TOO_LARGE;
    }
    pp = &p->v[p->n];
    if (raw) {
        if (!cab_utf8_valid(name, nlen) || !cab_utf8_valid(value, vlen)) {
            snprintf(err, CAB_ERR_SIZE, "invalid UTF-8 or NUL byte in a parameter");
            return CAB_BAD_INPUT;
        }
        pp->name = cab_strndup(name, nlen);
        pp->value = cab_strndup(value, vlen);
        if (!pp->name || !pp->value) {
            snprintf(err, CAB_ERR_SIZE, "out of memory");
            st = CAB_NOMEM;
        }
    } else {
        pp->name = decode(name, nlen, "a parameter name", err, &st);
        if (pp->name) {
            snprintf(what, sizeof what, "parameter '%.24s'", pp->name);
            if (!cab_utf8_valid(what, strlen(what)))
                snprintf(what, sizeof what, "a parameter");
            pp->value = decode(value, vlen, what, err, &st);
        }
    }
    if (st != CAB_OK) {
        cab_free(pp->name);
        cab_free(pp->value);
        pp->name = pp->value = NULL;
        return st;
    }
    p->n++;
    return CAB_OK;
}

cab_status cab_cgi_params_parse(struct cab_cgi_params *p, const char *data, size_t len,
                                char err[CAB_ERR_SIZE])
{
    size_t i = 0;

    if (len > CAB_CGI_MAX_REQUEST) {
        snprintf(err, CAB_ERR_SIZE, "request too large: %zu bytes (at most %u)", len,
                 (unsigned)CAB_CGI_MAX_REQUEST);
        return CAB_TOO_LARGE;
    }
    while (i < len) {
        const char *piece = data + i, *amp = memchr(piece, '&', len - i), *eq;
        size_t plen = amp ? (size_t)(amp - piece) : len - i;
        cab_status st;

        i += plen + 1;
        if (plen == 0)
            continue;
        eq = memchr(piece, '=', plen);
        if (eq)
            st = add(p, piece, (size_t)(eq - piece), eq + 1, plen - (size_t)(eq - piece) - 1, 0,
                     err);
        else
            st = add(p, piece, plen, "", 0, 0, err);
        if (st != CAB_OK)
            return st;
    }
    return CAB_OK;
}

cab_status cab_cgi_params_add_arg(struct cab_cgi_params *p, const char *arg,
                                  char err[CAB_ERR_SIZE])
{
    size_t len = strlen(arg);
    const char *eq = strchr(arg, '=');

    if (len > CAB_CGI_MAX_REQUEST) {
        snprintf(err, CAB_ERR_SIZE, "argument too large: %zu bytes (at most %u)", len,
                 (unsigned)CAB_CGI_MAX_REQUEST);
        return CAB_TOO_LARGE;
    }
    if (!eq)
        return add(p, arg, len, "", 0, 1, err);
    return add(p, arg, (size_t)(eq - arg), eq + 1, len - (size_t)(eq - arg) - 1, 1, err);
}

const char *cab_cgi_param_get(const struct cab_cgi_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->v[i].name, name) == 0)
            return p->v[i].value;
    return NULL;
}
