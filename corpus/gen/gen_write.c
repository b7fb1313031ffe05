/* Writers: one generated cable in each format our readers accept.
 *
 * HTML follows the cablegate page: a <table class='cable'> with Reference
 * ID, Created, Released, Classification and Origin, then the routing
 * header and the body each in a <code><pre> block whose newlines are
 * written "&#x000A;", paragraph anchors "<a id='parN' href='#parN'>¶</a>",
 * TAGS entries as links, '&', '<', '>' as entities and, on some pages,
 * typographic quotes.  Text is the metadata block then the telegram; a
 * bare telegram starts at its routing header; cables.csv rows have eight
 * double-quoted columns with "" for a quote and raw newlines inside.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "gen.h"

#define TRY(expr) do { cab_status rc_ = (expr); if (rc_ != CAB_OK) return rc_; } while (0)

static void civil(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;

    gmtime_r(&tt, tm);
}

static cab_status add_escaped(struct cab_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '&': TRY(cab_buf_addstr(out, "&amp;")); break;
        case '<': TRY(cab_buf_addstr(out, "&lt;")); break;
        case '>': TRY(cab_buf_addstr(out, "&gt;")); break;
        default: TRY(cab_buf_addch(out, s[i])); break;
        }
    }
    return CAB_OK;
}

/* One line of a <pre> block: entities, and curly quotes when asked. */
static cab_status add_pre_line(struct cab_buf *out, const char *s, size_t len, int curly)
{
    if (!curly)
        return add_escaped(out, s, len);
    for (size_t i = 0; i < len; i++) {
        int after_word = i > 0 && isalnum((unsigned char)s[i - 1]);

        if (s[i] == '"') {
            int opening = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(';
            TRY(cab_buf_addstr(out, opening ? "\xe2\x80\x9c" : "\xe2\x80\x9d"));
        } else if (s[i] == '\'' && after_word) {
            TRY(cab_buf_addstr(out, "\xe2\x80\x99"));
        } else {
            TRY(add_escaped(out, s + i, 1));
        }
    }
    return CAB_OK;
}

static cab_status add_tag_links(struct cab_buf *out, const char *tags)
{
    const char *t = tags;
    int first = 1;

    while (*t != '\0') {
        const char *end = strchr(t, '|');
        size_t len = end ? (size_t)(end - t) : strlen(t);
        size_t code = 0;

        while (code < len && t[code] != ' ')
            code++;
        if (!first)
            TRY(cab_buf_addch(out, ' '));
        first = 0;
        TRY(cab_buf_addf(out, "<a href='/tag/%.*s_0.html'>%.*s</a>", (int)code, t, (int)code, t));
        /* A person tag links its code; the name follows as text. */
        TRY(add_escaped(out, t + code, len - code));
        t += len;
        if (*t == '|')
            t++;
    }
    return CAB_OK;
}

/* A <pre> block's text: each newline as " &#x000A;" after text, bare on
 * an empty line; numbered paragraphs get their anchor. */
static cab_status add_pre(struct cab_buf *out, const struct cab_gen_cable *c, const char *text,
                          int body)
{
    const char *p = text;

    while (*p != '\0') {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);

        if (body && len > 6 && strncmp(p, "TAGS: ", 6) == 0) {
            TRY(cab_buf_addstr(out, "TAGS: "));
            TRY(add_tag_links(out, c->tags.data));
        } else {
            size_t d = 0;

            while (d < len && isdigit((unsigned char)p[d]))
                d++;
            if (body && d > 0 && d < len && p[d] == '.')
                TRY(cab_buf_addf(out, "<a id='par%.*s' href='#par%.*s'>\xc2\xb6</a>", (int)d, p,
                                 (int)d, p));
            TRY(add_pre_line(out, p, len, c->curly));
        }
        if (nl == NULL)
            break;
        /* The last line of a block has no newline entity. */
        if (nl[1] != '\0')
            TRY(cab_buf_addstr(out, body && len > 0 ? " &#x000A;" : "&#x000A;"));
        p = nl + 1;
    }
    return CAB_OK;
}

cab_status cab_gen_write_html(const struct cab_gen_cable *c, struct cab_buf *out)
{
    struct tm cr, rel;
    char lower[64];
    size_t subj_len = strcspn(c->subject.data, "\n");
    size_t n_posts;
    const struct cab_gen_post *posts = cab_gen_posts(&n_posts);

    civil(c->created, &cr);
    civil(c->released, &rel);
    snprintf(lower, sizeof lower, "%s", c->classification);
    for (char *s = lower; *s; s++)
        *s = (char)tolower((unsigned char)*s);
    TRY(cab_buf_addstr(out,
        "<?xml version='1.0' encoding='utf-8' ?>\n"
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
        "<html lang='en' xml:lang='en' xmlns='http://www.w3.org/1999/xhtml'>\n"
        "<head>\n<title>Cable Viewer</title>\n"
        "<link href='/static/css/cables.css' rel='stylesheet' type='text/css' />\n"
        "</head>\n<body>\n<div class='main'>\n<div class='pane small'>\n"
        "<a href='/index.html'>Cable index</a>\n"));
    TRY(cab_buf_addf(out, "<h3>Browse by creation date</h3>\n<div class='sort'>\n"
                     "<a href='/date/%04d-%02d_0.html'>%04d/%02d</a>\n</div>\n</div>\n",
                     cr.tm_year + 1900, cr.tm_mon + 1, cr.tm_year + 1900, cr.tm_mon + 1));
    TRY(cab_buf_addf(out, "<div class='pane big'>\n<h3>Viewing cable %s, ", c->id));
    TRY(add_escaped(out, c->subject.data, subj_len > 60 ? 60 : subj_len));
    TRY(cab_buf_addstr(out, "</h3>\n<table class='cable'>\n<tr>\n<th>Reference ID</th>\n"
                            "<th>Created</th>\n<th>Released</th>\n<th>Classification</th>\n"
                            "<th>Origin</th>\n</tr>\n<tr>\n"));
    TRY(cab_buf_addf(out, "<td>\n<a href='/cable/%04d/%02d/%s.html'>%s</a>\n</td>\n",
                     cr.tm_year + 1900, cr.tm_mon + 1, c->id, c->id));
    TRY(cab_buf_addf(out, "<td>\n<a href='/date/%04d-%02d_0.html'>%04d-%02d-%02d %02d:%02d</a>\n</td>\n",
                     cr.tm_year + 1900, cr.tm_mon + 1, cr.tm_year + 1900, cr.tm_mon + 1,
                     cr.tm_mday, cr.tm_hour, cr.tm_min));
    TRY(cab_buf_addf(out, "<td>\n<a href='/reldate/%04d-%02d-%02d_0.html'>%04d-%02d-%02d %02d:%02d</a>\n</td>\n",
                     rel.tm_year + 1900, rel.tm_mon + 1, rel.tm_mday, rel.tm_year + 1900,
                     rel.tm_mon + 1, rel.tm_mday, rel.tm_hour, rel.tm_min));
    TRY(cab_buf_addf(out, "<td>\n<a href='/classification/%d_0.html' title='%s'>%s</a>\n</td>\n",
                     (int)(strlen(c->classification) % 7), lower, c->classification));
    TRY(cab_buf_addf(out, "<td>\n<a href='/origin/%d_0.html'>%s</a>\n</td>\n</tr>\n</table>\n",
                     (int)(c->post - posts), c->post->origin));
    TRY(cab_buf_addstr(out, "<code><pre>"));
    TRY(add_pre(out, c, c->header.data, 0));
    TRY(cab_buf_addstr(out, "</pre></code>\n<code><pre>"));
    TRY(add_pre(out, c, c->body.data, 1));
    return cab_buf_addstr(out, "</pre></code>\n</div>\n</div>\n</body>\n</html>\n");
}

cab_status cab_gen_write_text(const struct cab_gen_cable *c, struct cab_buf *out)
{
    static const char nbsp[] = "\xc2\xa0";
    struct tm cr;

    civil(c->created, &cr);
    TRY(cab_buf_addf(out, "Identifier\nCreated\nClassification\nOrigin\n%s\n"
                          "%04d-%02d-%02d %02d:%02d:00\n%s\n%s\n",
                     c->id, cr.tm_year + 1900, cr.tm_mon + 1, cr.tm_mday, cr.tm_hour,
                     cr.tm_min, c->classification, c->post->origin));
    TRY(cab_buf_addf(out, "Cable title:%s%s\n\n%s\n\nTags:%s%s", nbsp, nbsp, c->subject.data,
                     nbsp, nbsp));
    for (const char *t = c->tags.data; *t != '\0'; t++) {
        if (*t == '|')
            TRY(cab_buf_addf(out, "%s ", nbsp));
        else
            TRY(cab_buf_addch(out, *t));
    }
    TRY(cab_buf_addf(out, "%s \npdf%s how-to read a cable\n", nbsp, nbsp));
    TRY(cab_buf_add(out, c->header.data, c->header.len));
    return cab_buf_add(out, c->body.data, c->body.len);
}

cab_status cab_gen_write_telegram(const struct cab_gen_cable *c, struct cab_buf *out)
{
    TRY(cab_buf_add(out, c->header.data, c->header.len));
    return cab_buf_add(out, c->body.data, c->body.len);
}

static cab_status add_csv_field(struct cab_buf *out, const char *s, int last)
{
    TRY(cab_buf_addch(out, '"'));
    for (; *s != '\0'; s++) {
        if (*s == '"')
            TRY(cab_buf_addch(out, '"'));
        TRY(cab_buf_addch(out, *s));
    }
    return cab_buf_addstr(out, last ? "\"\n" : "\",");
}

cab_status cab_gen_write_csv(const struct cab_gen_cable *c, size_t row, struct cab_buf *out)
{
    struct tm cr;
    char num[32], date[32];

    civil(c->created, &cr);
    snprintf(num, sizeof num, "%zu", row);
    snprintf(date, sizeof date, "%d/%d/%04d %d:%02d", cr.tm_mon + 1, cr.tm_mday,
             cr.tm_year + 1900, cr.tm_hour, cr.tm_min);
    TRY(add_csv_field(out, num, 0));
    TRY(add_csv_field(out, date, 0));
    TRY(add_csv_field(out, c->id, 0));
    TRY(add_csv_field(out, c->post->origin, 0));
    TRY(add_csv_field(out, c->classification, 0));
    TRY(add_csv_field(out, c->refs.data, 0));
    TRY(add_csv_field(out, c->header.data, 0));
    return add_csv_field(out, c->body.data, 1);
}

cab_status cab_gen_gzip(const char *in, size_t len, struct cab_buf *out)
{
    z_stream zs;
    int zrc;

    memset(&zs, 0, sizeof zs);
    /* windowBits 15 + 16: a gzip wrapper with mtime 0 and no name, so the
     * bytes depend on the input alone. */
    if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return CAB_NOMEM;
    zs.next_in = (Bytef *)(uintptr_t)in;
    zs.avail_in = (uInt)len;
    do {
        cab_status rc = cab_buf_grow(out, 65536);

        if (rc != CAB_OK) {
            deflateEnd(&zs);
            return rc;
        }
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = (uInt)(out->alloc - out->len - 1);
        zrc = deflate(&zs, Z_FINISH);
        out->len = out->alloc - 1 - zs.avail_out;
        out->data[out->len] = '\0';
    } while (zrc == Z_OK);
    deflateEnd(&zs);
    return zrc == Z_STREAM_END ? CAB_OK : CAB_INTERNAL;
}
