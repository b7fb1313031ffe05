/* The search page's HTML printer: one more printer over cab_results (and
 * over one cable for the cable view).  It is the only code that writes
 * HTML, and every string it writes goes through cab_html_escape() or
 * cab_url_encode(); attributes are double-quoted and every link is
 * relative ("?q=..." or "#par3"), built here from encoded parameters.
 *
 * Plain HTML with a small inline stylesheet: no script, a fluid layout
 * that puts the facets under the hits on a narrow screen.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cgi.h"
#include "extract.h"
#include "printer.h"
#include "query.h"

static const char style[] =
    "body{font:16px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}"
    "a{color:#0645ad}header{background:#243b55;color:#fff;padding:.6em 1em}"
    "header a.home{color:#fff;font-weight:700;text-decoration:none;margin-right:1em}"
    "form{display:flex;flex-wrap:wrap;gap:.4em;align-items:center;margin:.4em 0}"
    "input,select,button{font:inherit;padding:.3em .4em}"
    "input[type=search]{flex:1 1 16em;min-width:0}input.date{width:7.5em}"
    ".wrap{display:flex;flex-wrap:wrap;gap:1.5em;padding:0 1em;max-width:72em;margin:auto}"
    "main{flex:3 1 30em;min-width:0}aside{flex:1 1 14em}"
    ".hit{margin:1.1em 0}.hit h2{font-size:1.05em;margin:0}"
    ".meta,.tags,.sum{color:#555;font-size:.9em;margin:.15em 0}.snip{margin:.2em 0}"
    "mark{background:#ffe26a;padding:0 .1em}"
    ".facet h3{font-size:.95em;margin:1em 0 .2em}.facet ul{list-style:none;margin:0;padding:0}"
    ".facet li{display:flex;justify-content:space-between;gap:.5em;font-size:.9em}"
    ".n{color:#666}.chip{display:inline-block;background:#e4ecf7;border-radius:1em;"
    "padding:.05em .6em;margin:.1em;text-decoration:none}"
    ".msg{background:#fde8e8;border:1px solid #e0a0a0;padding:.6em 1em;margin:1em 0}"
    ".pages a,.pages b{margin-right:.5em}dl{display:grid;grid-template-columns:max-content 1fr;"
    "gap:.2em 1em}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}"
    ".par{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.9em}"
    ".pn{color:#999;text-decoration:none;margin-right:.5em}.missing{color:#888}"
    "footer{padding:1em;color:#666;font-size:.85em;text-align:center}";

/* ---------------------------------------------------------------- links */

struct link {
    const struct cab_cgi_req *r;
    const char *add_filter;   /* a filter to add, or NULL */
    size_t drop;              /* index of a filter to leave out, or SIZE_MAX */
    int drop_dates;
    unsigned page;
    int json;
};

static void param(FILE *out, int *first, const char *name, const char *value)
{
    fputs(*first ? "?" : "&amp;", out);
    *first = 0;
    fputs(name, out);
    fputc('=', out);
    cab_url_encode(out, value);
}

/* A relative search link with the request's state and the changes in 'l'. */
static void search_href(FILE *out, const struct link *l)
{
    const struct cab_cgi_req *r = l->r;
    static const char *const sorts[] = { "relevance", "newest", "oldest" };
    char num[16];
    int first = 1;

    fputs("href=\"", out);
    if (*r->q)
        param(out, &first, "q", r->q);
    for (size_t i = 0; i < r->n_filters; i++)
        if (i != l->drop)
            param(out, &first, "f", r->filters[i]);
    if (l->add_filter)
        param(out, &first, "f", l->add_filter);
    if (!l->drop_dates && *r->from)
        param(out, &first, "from", r->from);
    if (!l->drop_dates && *r->to)
        param(out, &first, "to", r->to);
    if (r->sort != CAB_SORT_RELEVANCE)
        param(out, &first, "sort", sorts[r->sort]);
    if (r->n != CAB_CGI_DEFAULT_N) {
        snprintf(num, sizeof num, "%u", r->n);
        param(out, &first, "n", num);
    }
    if (l->page > 1) {
        snprintf(num, sizeof num, "%u", l->page);
        param(out, &first, "page", num);
    }
    if (l->json)
        param(out, &first, "format", "json");
    if (first)
        fputc('?', out);
    fputc('"', out);
}

static struct link base_link(const struct cab_cgi_req *r)
{
    struct link l = { r, NULL, SIZE_MAX, 0, 1, 0 };

    return l;
}

/* <a href="?f=field:value">label</a>: a fresh search for one filter. */
static void filter_anchor(FILE *out, const char *field, const char *value, const char *label)
{
    fputs("<a href=\"?f=", out);
    cab_url_encode(out, field);
    fputs("%3A", out);
    cab_url_encode(out, value);
    fputs("\">", out);
    cab_html_escape_str(out, label);
    fputs("</a>", out);
}

static void cable_anchor(FILE *out, const char *id, const char *label)
{
    fputs("<a href=\"?id=", out);
    cab_url_encode(out, id);
    fputs("\">", out);
    cab_html_escape_str(out, label && *label ? label : id);
    fputs("</a>", out);
}

/* ---------------------------------------------------------------- frame */

static void page_start(FILE *out, const struct cab_cgi_req *r, const char *title)
{
    static const char *const sorts[][2] = {
        { "relevance", "best match" }, { "newest", "newest first" }, { "oldest", "oldest first" },
    };

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
          "<meta name=\"referrer\" content=\"no-referrer\"><title>", out);
    if (title && *title) {
        cab_html_escape_str(out, title);
        fputs(" - ", out);
    }
    fprintf(out, "cables</title><style>%s</style></head><body>\n<header>", style);
    fputs("<form method=\"get\" action=\"\" role=\"search\"><a class=\"home\" href=\"?\">cables</a>"
          "<input type=\"search\" name=\"q\" aria-label=\"query\" placeholder=\"words, "
          "&quot;phrases&quot;, tag:KTIP, origin:astana ...\" value=\"", out);
    if (r)
        cab_html_escape_str(out, r->q);
    fputs("\">", out);
    for (size_t i = 0; r && i < r->n_filters; i++) {
        fputs("<input type=\"hidden\" name=\"f\" value=\"", out);
        cab_html_escape_str(out, r->filters[i]);
        fputs("\">", out);
    }
    fputs("<label>from <input class=\"date\" name=\"from\" placeholder=\"YYYY-MM-DD\" "
          "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" value=\"", out);
    if (r)
        cab_html_escape_str(out, r->from);
    fputs("\"></label><label>to <input class=\"date\" name=\"to\" placeholder=\"YYYY-MM-DD\" "
          "pattern=\"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\" value=\"", out);
    if (r)
        cab_html_escape_str(out, r->to);
    fputs("\"></label><select name=\"sort\" aria-label=\"order\">", out);
    for (int i = 0; i < 3; i++)
        fprintf(out, "<option value=\"%s\"%s>%s</option>", sorts[i][0],
                r && (int)r->sort == i ? " selected" : "", sorts[i][1]);
    fputs("</select>", out);
    if (r && r->n != CAB_CGI_DEFAULT_N)
        fprintf(out, "<input type=\"hidden\" name=\"n\" value=\"%u\">", r->n);
    fputs("<button type=\"submit\">Search</button></form></header>\n", out);
}

static void page_end(FILE *out, const struct link *json)
{
    fputs("<footer>", out);
    if (json) {
        fputs("<a ", out);
        search_href(out, json);
        fputs(">this page as JSON</a> · ", out);
    }
    fputs("words are stemmed; \"quotes\" match exactly; AND OR NOT ( ) word* NEAR; "
          "filters id: tag: country: origin: class: caveat: person: place: ref: subject: "
          "date: year:</footer>\n</body></html>\n", out);
}

static void message(FILE *out, const char *msg)
{
    if (!msg)
        return;
    fputs("<p class=\"msg\" role=\"alert\">", out);
    cab_html_escape_str(out, msg);
    fputs("</p>\n", out);
}

static cab_status finish(FILE *out)
{
    return ferror(out) ? CAB_IO : CAB_OK;
}

/* ---------------------------------------------------------------- results */

static void date_text(FILE *out, int64_t t)
{
    char iso[21];

    cab_time_iso(t, iso);
    iso[10] = '\0';
    fputs(*iso ? iso : "date unknown", out);
}

/* The snippet with its marks in <mark>, everything escaped. */
static void snippet(FILE *out, const struct cab_snippet *s)
{
    size_t at = 0, len = s->text ? strlen(s->text) : 0;

    for (size_t i = 0; i < s->n_marks; i++) {
        const struct cab_mark *m = &s->marks[i];

        if (m->start < at || m->start + m->len > len)
            break;
        cab_html_escape(out, s->text + at, m->start - at);
        fputs("<mark>", out);
        cab_html_escape(out, s->text + m->start, m->len);
        fputs("</mark>", out);
        at = m->start + m->len;
    }
    cab_html_escape(out, s->text ? s->text + at : "", len - at);
}

static void hit(FILE *out, const struct cab_hit *h)
{
    fputs("<article class=\"hit\"><h2>", out);
    cable_anchor(out, h->id, *h->subject ? h->subject : h->id);
    fputs("</h2>\n<p class=\"meta\">", out);
    cab_html_escape_str(out, h->id);
    fputs(" · <time>", out);
    date_text(out, h->created);
    fputs("</time>", out);
    if (*h->origin) {
        fputs(" · ", out);
        cab_html_escape_str(out, h->origin);
    }
    if (*h->classification) {
        fputs(" · ", out);
        cab_html_escape_str(out, h->classification);
    }
    fputs("</p>\n", out);
    if (h->snippet.text && *h->snippet.text) {
        fputs("<p class=\"snip\">", out);
        snippet(out, &h->snippet);
        fputs("</p>\n", out);
    }
    if (h->n_tags) {
        fputs("<p class=\"tags\">", out);
        for (size_t i = 0; i < h->n_tags; i++) {
            if (i)
                fputc(' ', out);
            filter_anchor(out, "tag", h->tags[i], h->tags[i]);
        }
        fputs("</p>\n", out);
    }
    fputs("</article>\n", out);
}

/* "field:value" as the page writes a drill-down filter. */
static void filter_text(char *buf, size_t cap, const char *field, const char *value)
{
    snprintf(buf, cap, "%s:%s", field, value);
}

static int filter_selected(const struct cab_cgi_req *r, const char *f)
{
    for (size_t i = 0; i < r->n_filters; i++)
        if (strcmp(r->filters[i], f) == 0)
            return 1;
    return 0;
}

static void facet(FILE *out, const struct cab_cgi_req *r, const struct cab_facet *f)
{
    char fl[CAB_MAX_FILTER_VALUE + 64];
    const char *field = strcmp(f->field->name, "month") == 0 ? "date" : f->field->name;

    if (f->n_values == 0)
        return;
    fprintf(out, "<section class=\"facet\"><h3>%s <span class=\"n\">(%zu)</span></h3><ul>\n",
            f->field->name, f->distinct);
    for (size_t i = 0; i < f->n_values; i++) {
        const struct cab_facet_value *v = &f->values[i];
        struct link l = base_link(r);

        filter_text(fl, sizeof fl, field, v->value);
        fputs("<li>", out);
        if (filter_selected(r, fl) || strchr(v->value, '"') ||
            strlen(v->value) > CAB_MAX_FILTER_VALUE) {
            fputs("<span>", out);
            cab_html_escape_str(out, cab_facet_label(f, v));
            fputs("</span>", out);
        } else {
            l.add_filter = fl;
            fputs("<a ", out);
            search_href(out, &l);
            fputs(">", out);
            cab_html_escape_str(out, cab_facet_label(f, v));
            fputs("</a>", out);
        }
        fprintf(out, " <span class=\"n\">%u</span></li>\n", (unsigned)v->count);
    }
    fputs("</ul></section>\n", out);
}

static void selected(FILE *out, const struct cab_cgi_req *r)
{
    if (r->n_filters == 0 && !*r->from && !*r->to)
        return;
    fputs("<p class=\"sum\">filters: ", out);
    for (size_t i = 0; i < r->n_filters; i++) {
        struct link l = base_link(r);

        l.drop = i;
        fputs("<a class=\"chip\" title=\"remove this filter\" ", out);
        search_href(out, &l);
        fputs(">", out);
        cab_html_escape_str(out, r->filters[i]);
        fputs(" ×</a>", out);
    }
    if (*r->from || *r->to) {
        struct link l = base_link(r);

        l.drop_dates = 1;
        fputs("<a class=\"chip\" title=\"remove the dates\" ", out);
        search_href(out, &l);
        fputs(">date:", out);
        cab_html_escape_str(out, r->from);
        fputs("..", out);
        cab_html_escape_str(out, r->to);
        fputs(" ×</a>", out);
    }
    fputs("</p>\n", out);
}

static void pages(FILE *out, const struct cab_cgi_req *r, const struct cab_results *res)
{
    unsigned last = (res->total + r->n - 1) / r->n, first, end;

    if (last > CAB_CGI_MAX_DEPTH / r->n)
        last = CAB_CGI_MAX_DEPTH / r->n;
    if (last <= 1)
        return;
    first = r->page > 5 ? r->page - 5 : 1;
    end = first + 9 < last ? first + 9 : last;
    fputs("<nav class=\"pages\" aria-label=\"pages\">", out);
    if (r->page > 1) {
        struct link l = base_link(r);

        l.page = r->page - 1;
        fputs("<a rel=\"prev\" ", out);
        search_href(out, &l);
        fputs(">« previous</a>", out);
    }
    for (unsigned p = first; p <= end; p++) {
        struct link l = base_link(r);

        l.page = p;
        if (p == r->page) {
            fprintf(out, "<b>%u</b>", p);
            continue;
        }
        fputs("<a ", out);
        search_href(out, &l);
        fprintf(out, ">%u</a>", p);
    }
    if (r->page < last) {
        struct link l = base_link(r);

        l.page = r->page + 1;
        fputs("<a rel=\"next\" ", out);
        search_href(out, &l);
        fputs(">next »</a>", out);
    }
    fputs("</nav>\n", out);
}

static void intro(FILE *out)
{
    static const char *const examples[] = {
        "human trafficking", "tag:KTIP year:2009 shelter", "\"exact phrase\" OR nuclear*",
        "origin:astana -tag:PGOV",
    };

    fputs("<p>Search the cables: free words are ranked; filters narrow the results. "
          "Examples:</p><ul>", out);
    for (size_t i = 0; i < sizeof examples / sizeof *examples; i++) {
        fputs("<li><a href=\"?q=", out);
        cab_url_encode(out, examples[i]);
        fputs("\">", out);
        cab_html_escape_str(out, examples[i]);
        fputs("</a></li>", out);
    }
    fputs("</ul>\n", out);
}

cab_status cab_html_results_page(FILE *out, const struct cab_html_ctx *ctx,
                                 const struct cab_results *res)
{
    const struct cab_cgi_req *r = ctx->req;
    struct link json;

    page_start(out, r, r ? r->q : NULL);
    fputs("<div class=\"wrap\"><main>\n", out);
    message(out, ctx->message);
    if (r)
        selected(out, r);
    if (!res || !r) {   /* results are shown only for a request */
        if (!ctx->message)
            intro(out);
        fputs("</main></div>\n", out);
        page_end(out, NULL);
        return finish(out);
    }
    fputs("<p class=\"sum\">", out);
    if (res->total == 0) {
        fputs("No cables match.", out);
    } else {
        fprintf(out, "%s%u cable%s match; showing %u-%u.", res->total_exact ? "" : "about ",
                (unsigned)res->total, res->total == 1 ? "" : "s", (unsigned)res->offset + 1,
                (unsigned)(res->offset + res->n_hits));
    }
    if (res->suggestion) {
        fputs(" Did you mean <a href=\"?q=", out);
        cab_url_encode(out, res->suggestion);
        fputs("\">", out);
        cab_html_escape_str(out, res->suggestion);
        fputs("</a>?", out);
    }
    fputs("</p>\n", out);
    for (size_t i = 0; i < res->n_hits; i++)
        hit(out, &res->hits[i]);
    pages(out, r, res);
    fputs("</main><aside>\n", out);
    for (size_t i = 0; i < res->n_facets; i++)
        facet(out, r, &res->facets[i]);
    fputs("</aside></div>\n", out);
    json = base_link(r);
    json.page = r->page;
    json.json = 1;
    page_end(out, &json);
    return finish(out);
}

/* ---------------------------------------------------------------- one cable */

static void field_start(FILE *out, const char *name)
{
    fprintf(out, "<dt>%s</dt><dd>", name);
}

static void field_text(FILE *out, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    field_start(out, name);
    cab_html_escape_str(out, value);
    fputs("</dd>\n", out);
}

static void field_time(FILE *out, const char *name, int64_t t)
{
    char iso[21];

    if (t == CAB_TIME_UNKNOWN)
        return;
    field_text(out, name, cab_time_iso(t, iso));
}

static void fields(FILE *out, const struct cable *c)
{
    fputs("<dl class=\"fields\">\n", out);
    field_text(out, "ID", c->id);
    field_time(out, "created", c->created);
    field_time(out, "released", c->released);
    field_time(out, "date-time group", c->dtg);
    if (c->classification && *c->classification) {
        field_start(out, "classification");
        cab_html_escape_str(out, c->classification);
        if (c->class_level && *c->class_level) {
            fputs(" (", out);
            filter_anchor(out, "class", c->class_level, c->class_level);
            fputs(")", out);
        }
        fputs("</dd>\n", out);
    }
    if (c->n_caveats) {
        field_start(out, "caveats");
        for (size_t i = 0; i < c->n_caveats; i++) {
            fputs(i ? ", " : "", out);
            filter_anchor(out, "caveat", c->caveats[i], c->caveats[i]);
        }
        fputs("</dd>\n", out);
    }
    field_text(out, "precedence", c->precedence);
    field_text(out, "declassify", c->decl);
    if (c->origin && *c->origin) {
        field_start(out, "origin");
        filter_anchor(out, "origin", c->origin, c->origin);
        fputs("</dd>\n", out);
    }
    field_text(out, "subject", c->subject);
    if (c->n_tags) {
        field_start(out, "tags");
        for (size_t i = 0; i < c->n_tags; i++) {
            fputs(i ? ", " : "", out);
            filter_anchor(out, "tag", c->tags[i].value, c->tags[i].value);
            fprintf(out, " <span class=\"n\">%s</span>", cab_tag_kind_name(c->tags[i].kind));
        }
        fputs("</dd>\n", out);
    }
    if (c->n_countries) {
        field_start(out, "countries");
        for (size_t i = 0; i < c->n_countries; i++) {
            fputs(i ? ", " : "", out);
            filter_anchor(out, "country", c->countries[i].code,
                          c->countries[i].name ? c->countries[i].name : c->countries[i].code);
        }
        fputs("</dd>\n", out);
    }
    if (c->n_people) {
        field_start(out, "people");
        for (size_t i = 0; i < c->n_people; i++) {
            fputs(i ? ", " : "", out);
            filter_anchor(out, "person", c->people[i].name, c->people[i].name);
            if (c->people[i].role != CAB_ROLE_MENTIONED)
                fprintf(out, " <span class=\"n\">%s</span>",
                        cab_person_role_name(c->people[i].role));
        }
        fputs("</dd>\n", out);
    }
    if (c->n_places) {
        field_start(out, "places");
        for (size_t i = 0; i < c->n_places; i++) {
            const struct cab_place *p = &c->places[i];

            fputs(i ? ", " : "", out);
            filter_anchor(out, "place", p->name, p->name);
            if (p->country && *p->country) {
                fputs(" <span class=\"n\">", out);
                cab_html_escape_str(out, p->country);
                if (p->has_coords)
                    fprintf(out, " %.3f,%.3f", p->lat, p->lon);
                fputs("</span>", out);
            }
        }
        fputs("</dd>\n", out);
    }
    if (c->n_marked_paragraphs)
        fprintf(out, "<dt>marked paragraphs</dt><dd>%u</dd>\n", c->n_marked_paragraphs);
    if (c->n_redactions)
        fprintf(out, "<dt>redactions</dt><dd>%u</dd>\n", c->n_redactions);
    field_text(out, "format", cab_format_name(c->format));
    fputs("</dl>\n", out);
}

/* 1 if s[0..len) is only white space. */
static int blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

/* The text in paragraphs at blank lines, each anchored par1, par2... */
static void paragraphs(FILE *out, const char *text)
{
    const char *p = text ? text : "", *start = NULL;
    unsigned n = 0;

    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        int empty = blank(p, len);

        if (start && (empty || !nl)) {
            const char *end = empty ? p : p + len;

            while (end > start && (end[-1] == '\n' || end[-1] == '\r'))
                end--;
            n++;
            fprintf(out, "<p class=\"par\" id=\"par%u\"><a class=\"pn\" href=\"#par%u\">¶%u</a>",
                    n, n, n);
            cab_html_escape(out, start, (size_t)(end - start));
            fputs("</p>\n", out);
            start = NULL;
        }
        if (!empty && !start)
            start = p;
        if (!nl)
            break;
        p = nl + 1;
    }
    if (start) {
        n++;
        fprintf(out, "<p class=\"par\" id=\"par%u\"><a class=\"pn\" href=\"#par%u\">¶%u</a>", n,
                n, n);
        cab_html_escape_str(out, start);
        fputs("</p>\n", out);
    }
}

static void hit_list(FILE *out, const struct cab_results *res)
{
    fputs("<ul>\n", out);
    for (size_t i = 0; i < res->n_hits; i++) {
        const struct cab_hit *h = &res->hits[i];

        fputs("<li>", out);
        cable_anchor(out, h->id, h->id);
        fputs(" <time>", out);
        date_text(out, h->created);
        fputs("</time> ", out);
        cab_html_escape_str(out, h->subject);
        fputs("</li>\n", out);
    }
    fputs("</ul>\n", out);
}

cab_status cab_html_cable_page(FILE *out, const struct cab_html_ctx *ctx, const struct cable *c,
                               const int *known, const struct cab_results *citing,
                               const struct cab_results *similar)
{
    page_start(out, ctx->req, c->id);
    fputs("<div class=\"wrap\"><main>\n", out);
    message(out, ctx->message);
    fputs("<article class=\"cable\"><h1>", out);
    cab_html_escape_str(out, c->subject && *c->subject ? c->subject : c->id);
    fputs("</h1>\n", out);
    fields(out, c);
    if (c->header && *c->header) {
        fputs("<details><summary>routing header</summary><p class=\"par\">", out);
        cab_html_escape_str(out, c->header);
        fputs("</p></details>\n", out);
    }
    fputs("<section><h2>Text</h2>\n", out);
    paragraphs(out, c->body);
    fputs("</section></article>\n</main><aside>\n", out);
    fprintf(out, "<section class=\"facet\"><h3>cites <span class=\"n\">(%zu)</span></h3><ul>\n",
            c->n_refs);
    for (size_t i = 0; i < c->n_refs; i++) {
        fputs("<li>", out);
        if (known && known[i]) {
            cable_anchor(out, c->refs[i], c->refs[i]);
        } else {
            fputs("<span class=\"missing\">", out);
            cab_html_escape_str(out, c->refs[i]);
            fputs(" (not in index)</span>", out);
        }
        fputs("</li>\n", out);
    }
    fputs("</ul></section>\n", out);
    if (citing) {
        fprintf(out, "<section class=\"facet\"><h3>cited by <span class=\"n\">(%u)</span></h3>",
                (unsigned)citing->total);
        hit_list(out, citing);
        if (citing->total > citing->n_hits)
            filter_anchor(out, "ref", c->id, "all citing cables");
        fputs("</section>\n", out);
    }
    if (similar && similar->n_hits) {
        fputs("<section class=\"facet\"><h3>similar cables</h3>", out);
        hit_list(out, similar);
        fputs("</section>\n", out);
    }
    fputs("</aside></div>\n", out);
    page_end(out, NULL);
    return finish(out);
}
