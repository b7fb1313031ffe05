/* Text output for people: one block per hit, facets after, and the cable
 * view of `cables show`.  Bold (ANSI) only when the caller says the
 * output is a terminal that wants colour. */
#include <string.h>

#include "cab_mem.h"
#include "extract.h"
#include "printer.h"

#define BOLD "\033[1m"
#define PLAIN "\033[0m"

static void date_only(int64_t t, char out[21])
{
    cab_time_iso(t, out);
    out[10] = '\0';  /* "2009-12-01" */
    if (!out[0])
        strcpy(out, "----------");
}

static cab_status print_hit(FILE *out, const struct cab_hit *h, const struct cab_print_opts *o)
{
    char date[21];

    date_only(h->created, date);
    fprintf(out, "%u. %s%s%s  %s  %s  %s\n", (unsigned)h->rank, o->color ? BOLD : "", h->id,
            o->color ? PLAIN : "", date, *h->origin ? h->origin : "(unknown origin)",
            *h->classification ? h->classification : "(unknown classification)");
    if (*h->subject)
        fprintf(out, "   %s\n", h->subject);
    if (h->snippet.text && *h->snippet.text) {
        char *line = NULL;
        cab_status st = o->color ? cab_snippet_render(&h->snippet, BOLD, PLAIN, &line)
                                 : CAB_OK;

        if (st != CAB_OK)
            return st;
        fprintf(out, "   %s\n", line ? line : h->snippet.text);
        cab_free(line);
    }
    fputc('\n', out);
    return CAB_OK;
}

cab_status cab_print_facets_text(FILE *out, const struct cab_facet *facets, size_t n,
                                 const struct cab_print_opts *o)
{
    for (size_t i = 0; i < n; i++) {
        const struct cab_facet *f = &facets[i];

        fprintf(out, "%s%s%s (%zu distinct)\n", o->color ? BOLD : "", f->field->name,
                o->color ? PLAIN : "", f->distinct);
        for (size_t k = 0; k < f->n_values; k++) {
            const char *label = cab_facet_label(f, &f->values[k]);

            if (label != f->values[k].value)
                fprintf(out, "  %8u  %s (%s)\n", (unsigned)f->values[k].count, label,
                        f->values[k].value);
            else
                fprintf(out, "  %8u  %s\n", (unsigned)f->values[k].count, label);
        }
        if (i + 1 < n)
            fputc('\n', out);
    }
    return ferror(out) ? CAB_IO : CAB_OK;
}

cab_status cab_print_text(FILE *out, const struct cab_results *res,
                          const struct cab_print_opts *o)
{
    cab_status st = CAB_OK;

    if (res->n_hits > 0)
        fprintf(out, "%s%u %s; showing %u-%u\n\n", res->total_exact ? "" : "about ",
                (unsigned)res->total, res->total == 1 ? "match" : "matches",
                (unsigned)res->hits[0].rank, (unsigned)res->hits[res->n_hits - 1].rank);
    else if (res->total > 0)
        fprintf(out, "%s%u %s\n\n", res->total_exact ? "" : "about ",
                (unsigned)res->total, res->total == 1 ? "match" : "matches");
    for (size_t i = 0; i < res->n_hits && st == CAB_OK; i++)
        st = print_hit(out, &res->hits[i], o);
    if (st == CAB_OK && res->n_facets > 0)
        st = cab_print_facets_text(out, res->facets, res->n_facets, o);
    if (st == CAB_OK && ferror(out))
        st = CAB_IO;
    return st;
}

static void field(FILE *out, const struct cab_print_opts *o, const char *name, const char *v)
{
    if (!v || !*v)
        return;
    fprintf(out, "%s%-15s%s %s\n", o->color ? BOLD : "", name, o->color ? PLAIN : "", v);
}

static void time_field(FILE *out, const struct cab_print_opts *o, const char *name, int64_t t)
{
    char iso[21];

    field(out, o, name, cab_time_iso(t, iso));
}

static void list_start(FILE *out, const struct cab_print_opts *o, const char *name, size_t n)
{
    if (n > 0)
        fprintf(out, "%s%-15s%s", o->color ? BOLD : "", name, o->color ? PLAIN : "");
}

cab_status cab_print_cable_text(FILE *out, const struct cable *c, const struct cab_print_opts *o)
{
    field(out, o, "ID:", c->id);
    time_field(out, o, "Created:", c->created);
    time_field(out, o, "Released:", c->released);
    time_field(out, o, "DTG:", c->dtg);
    field(out, o, "Classification:", c->classification);
    list_start(out, o, "Caveats:", c->n_caveats);
    for (size_t i = 0; i < c->n_caveats; i++)
        fprintf(out, " %s", c->caveats[i]);
    if (c->n_caveats)
        fputc('\n', out);
    field(out, o, "Precedence:", c->precedence);
    field(out, o, "Origin:", c->origin);
    field(out, o, "Subject:", c->subject);
    list_start(out, o, "Tags:", c->n_tags);
    for (size_t i = 0; i < c->n_tags; i++)
        fprintf(out, " %s%s", c->tags[i].value, i + 1 < c->n_tags ? "," : "\n");
    list_start(out, o, "Countries:", c->n_countries);
    for (size_t i = 0; i < c->n_countries; i++)
        fprintf(out, " %s (%s)%s", c->countries[i].name ? c->countries[i].name : "?",
                c->countries[i].code, i + 1 < c->n_countries ? "," : "\n");
    list_start(out, o, "References:", c->n_refs);
    for (size_t i = 0; i < c->n_refs; i++)
        fprintf(out, " %s", c->refs[i]);
    if (c->n_refs)
        fputc('\n', out);
    list_start(out, o, "People:", c->n_people);
    for (size_t i = 0; i < c->n_people; i++)
        fprintf(out, " %s (%s)%s", c->people[i].name, cab_person_role_name(c->people[i].role),
                i + 1 < c->n_people ? "," : "\n");
    list_start(out, o, "Places:", c->n_places);
    for (size_t i = 0; i < c->n_places; i++)
        fprintf(out, " %s%s", c->places[i].name, i + 1 < c->n_places ? "," : "\n");
    fputc('\n', out);
    if (c->body && *c->body) {
        size_t n = strlen(c->body);

        fputs(c->body, out);
        if (c->body[n - 1] != '\n')
            fputc('\n', out);
    }
    return ferror(out) ? CAB_IO : CAB_OK;
}
