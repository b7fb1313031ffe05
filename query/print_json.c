/* JSON output: the search results object of SPEC.md and the cable object
 * of `cables show --format json`.  The search page's format=json calls
 * the same functions.
 *
 * Results: {"query", "total", "exact", "offset", "hits": [{"rank", "id",
 * "date", "origin", "classification", "subject", "tags", "score",
 * "snippet", "highlights"}], "facets": {"tag": [{"value", "count"}]...},
 * "facet_distinct": {"tag": N...}, "suggestion"}.  A country facet value
 * also has "name".  "highlights" are [start, length] pairs in code points
 * of "snippet"; "suggestion" is null unless nothing matched and the
 * corpus suggests a correction.
 */
#include <string.h>

#include "extract.h"
#include "printer.h"

static void time_value(struct cab_json *j, int64_t t)
{
    char iso[21];

    if (t == CAB_TIME_UNKNOWN)
        cab_json_null(j);
    else
        cab_json_string(j, cab_time_iso(t, iso));
}

static void highlights(struct cab_json *j, const struct cab_snippet *s)
{
    cab_json_begin_array(j);
    for (size_t i = 0; i < s->n_marks; i++) {
        cab_json_begin_array(j);
        cab_json_int(j, (int64_t)cab_utf8_count(s->text, s->marks[i].start));
        cab_json_int(j, (int64_t)cab_utf8_count(s->text + s->marks[i].start, s->marks[i].len));
        cab_json_end_array(j);
    }
    cab_json_end_array(j);
}

static void hit(struct cab_json *j, const struct cab_hit *h)
{
    cab_json_begin_object(j);
    cab_json_key(j, "rank");
    cab_json_int(j, h->rank);
    cab_json_key(j, "id");
    cab_json_string(j, h->id);
    cab_json_key(j, "date");
    time_value(j, h->created);
    cab_json_key(j, "origin");
    cab_json_string(j, h->origin);
    cab_json_key(j, "classification");
    cab_json_string(j, h->classification);
    cab_json_key(j, "subject");
    cab_json_string(j, h->subject);
    cab_json_key(j, "tags");
    cab_json_begin_array(j);
    for (size_t i = 0; i < h->n_tags; i++)
        cab_json_string(j, h->tags[i]);
    cab_json_end_array(j);
    cab_json_key(j, "score");
    cab_json_double(j, h->score);
    cab_json_key(j, "snippet");
    cab_json_string(j, h->snippet.text ? h->snippet.text : "");
    cab_json_key(j, "highlights");
    highlights(j, &h->snippet);
    cab_json_end_object(j);
}

void cab_json_results(struct cab_json *j, const struct cab_results *res)
{
    cab_json_begin_object(j);
    cab_json_key(j, "query");
    cab_json_string(j, res->query);
    cab_json_key(j, "total");
    cab_json_int(j, res->total);
    cab_json_key(j, "exact");
    cab_json_bool(j, res->total_exact);
    cab_json_key(j, "offset");
    cab_json_int(j, res->offset);
    cab_json_key(j, "hits");
    cab_json_begin_array(j);
    for (size_t i = 0; i < res->n_hits; i++)
        hit(j, &res->hits[i]);
    cab_json_end_array(j);
    cab_json_key(j, "facets");
    cab_json_begin_object(j);
    for (size_t i = 0; i < res->n_facets; i++) {
        const struct cab_facet *f = &res->facets[i];

        cab_json_key(j, f->field->name);
        cab_json_begin_array(j);
        for (size_t k = 0; k < f->n_values; k++) {
            const char *label = cab_facet_label(f, &f->values[k]);

            cab_json_begin_object(j);
            cab_json_key(j, "value");
            cab_json_string(j, f->values[k].value);
            cab_json_key(j, "count");
            cab_json_int(j, f->values[k].count);
            if (f->field->slot == CAB_SLOT_COUNTRIES) {
                cab_json_key(j, "name");
                cab_json_string(j, label);
            }
            cab_json_end_object(j);
        }
        cab_json_end_array(j);
    }
    cab_json_end_object(j);
    cab_json_key(j, "facet_distinct");
    cab_json_begin_object(j);
    for (size_t i = 0; i < res->n_facets; i++) {
        cab_json_key(j, res->facets[i].field->name);
        cab_json_int(j, (int64_t)res->facets[i].distinct);
    }
    cab_json_end_object(j);
    cab_json_key(j, "suggestion");
    cab_json_string(j, res->suggestion);
    cab_json_end_object(j);
}

cab_status cab_print_json(FILE *out, const struct cab_results *res,
                          const struct cab_print_opts *o)
{
    struct cab_json j;

    (void)o;
    cab_json_init(&j, out);
    cab_json_results(&j, res);
    fputc('\n', out);
    return cab_json_finish(&j);
}

static void string_array(struct cab_json *j, char *const *v, size_t n)
{
    cab_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        cab_json_string(j, v[i]);
    cab_json_end_array(j);
}

void cab_json_cable(struct cab_json *j, const struct cable *c)
{
    cab_json_begin_object(j);
    cab_json_key(j, "id");
    cab_json_string(j, c->id);
    cab_json_key(j, "created");
    time_value(j, c->created);
    cab_json_key(j, "released");
    time_value(j, c->released);
    cab_json_key(j, "dtg");
    time_value(j, c->dtg);
    cab_json_key(j, "classification");
    cab_json_string(j, c->classification);
    cab_json_key(j, "class_level");
    cab_json_string(j, c->class_level);
    cab_json_key(j, "caveats");
    string_array(j, c->caveats, c->n_caveats);
    cab_json_key(j, "precedence");
    cab_json_string(j, c->precedence);
    cab_json_key(j, "decl");
    cab_json_string(j, c->decl);
    cab_json_key(j, "origin");
    cab_json_string(j, c->origin);
    cab_json_key(j, "subject");
    cab_json_string(j, c->subject);
    cab_json_key(j, "tags");
    cab_json_begin_array(j);
    for (size_t i = 0; i < c->n_tags; i++) {
        cab_json_begin_object(j);
        cab_json_key(j, "value");
        cab_json_string(j, c->tags[i].value);
        cab_json_key(j, "kind");
        cab_json_string(j, cab_tag_kind_name(c->tags[i].kind));
        cab_json_end_object(j);
    }
    cab_json_end_array(j);
    cab_json_key(j, "countries");
    cab_json_begin_array(j);
    for (size_t i = 0; i < c->n_countries; i++) {
        cab_json_begin_object(j);
        cab_json_key(j, "code");
        cab_json_string(j, c->countries[i].code);
        cab_json_key(j, "name");
        cab_json_string(j, c->countries[i].name);
        cab_json_end_object(j);
    }
    cab_json_end_array(j);
    cab_json_key(j, "references");
    string_array(j, c->refs, c->n_refs);
    cab_json_key(j, "people");
    cab_json_begin_array(j);
    for (size_t i = 0; i < c->n_people; i++) {
        cab_json_begin_object(j);
        cab_json_key(j, "name");
        cab_json_string(j, c->people[i].name);
        cab_json_key(j, "role");
        cab_json_string(j, cab_person_role_name(c->people[i].role));
        cab_json_end_object(j);
    }
    cab_json_end_array(j);
    cab_json_key(j, "places");
    cab_json_begin_array(j);
    for (size_t i = 0; i < c->n_places; i++) {
        const struct cab_place *p = &c->places[i];

        cab_json_begin_object(j);
        cab_json_key(j, "name");
        cab_json_string(j, p->name);
        cab_json_key(j, "country");
        cab_json_string(j, p->country);
        cab_json_key(j, "lat");
        if (p->has_coords)
            cab_json_double(j, p->lat);
        else
            cab_json_null(j);
        cab_json_key(j, "lon");
        if (p->has_coords)
            cab_json_double(j, p->lon);
        else
            cab_json_null(j);
        cab_json_end_object(j);
    }
    cab_json_end_array(j);
    cab_json_key(j, "marked_paragraphs");
    cab_json_int(j, c->n_marked_paragraphs);
    cab_json_key(j, "redactions");
    cab_json_int(j, c->n_redactions);
    cab_json_key(j, "source");
    cab_json_string(j, c->source_path);
    cab_json_key(j, "header");
    cab_json_string(j, c->header);
    cab_json_key(j, "text");
    cab_json_string(j, c->body);
    cab_json_end_object(j);
}

cab_status cab_print_cable_json(FILE *out, const struct cable *c)
{
    struct cab_json j;

    cab_json_init(&j, out);
    cab_json_cable(&j, c);
    fputc('\n', out);
    return cab_json_finish(&j);
}
