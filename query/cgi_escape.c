/* Escaping for the search page: HTML text and attribute values, and URL
 * query components.  Every string the page writes goes through one of
 * these; attributes are always double-quoted. */
#include <stdio.h>
#include <string.h>

#include "cgi.h"

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Length of the valid UTF-8 sequence at s[0..len) (lead byte >= 0x80), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
    size_t need;

    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        need = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        need = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        need = 4;
    else
        return 0;
    if (need > len)
        return 0;
    return cab_utf8_valid((const char *)s, need) ? need : 0;
}

void cab_html_escape(FILE *out, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;

    while (i < len) {
        unsigned char c = u[i];
        const char *rep = NULL;
        size_t adv = 1;

        if (c >= 0x80) {
            adv = utf8_seq(u + i, len - i);
            if (adv == 0) {
                rep = replacement;
                adv = 1;
            }
        } else if (c == '&') {
            rep = "&amp;";
        } else if (c == '<') {
            rep = "&lt;";
        } else if (c == '>') {
            rep = "&gt;";
        } else if (c == '"') {
            rep = "&quot;";
        } else if (c == '\'') {
            rep = "&#39;";
        } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            rep = replacement;
        }
        if (rep) {
            fwrite(s + i - run, 1, run, out);
            fputs(rep, out);
            run = 0;
        } else {
            run += adv;
        }
        i += adv;
    }
    fwrite(s + i - run, 1, run, out);
}

void cab_html_escape_str(FILE *out, const char *s)
{
    if (s)
        cab_html_escape(out, s, strlen(s));
}

void cab_url_encode(FILE *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *u = (const unsigned char *)s; u && *u; u++) {
        if ((*u >= 'A' && *u <= 'Z') || (*u >= 'a' && *u <= 'z') || (*u >= '0' && *u <= '9') ||
            *u == '-' || *u == '.' || *u == '_' || *u == '~') {
            fputc(*u, out);
        } else {
            fputc('%', out);
            fputc(hex[*u >> 4], out);
            fputc(hex[*u & 15], out);
        }
    }
}
