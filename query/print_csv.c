/* CSV output (RFC 4180): a header row, then one row per hit, CRLF line
 * ends.  Tags are joined by ';'; snippet matches stand between [[ and ]]. */
#include <string.h>

#include "cab_mem.h"
#include "printer.h"

void cab_csv_field(FILE *out, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

cab_status cab_print_csv(FILE *out, const struct cab_results *res,
                         const struct cab_print_opts *o)
{
    (void)o;
    fputs("rank,id,date,origin,classification,subject,tags,score,snippet\r\n", out);
    for (size_t i = 0; i < res->n_hits; i++) {
        const struct cab_hit *h = &res->hits[i];
        char iso[21], *snip = NULL;
        cab_status st;

        fprintf(out, "%u,", (unsigned)h->rank);
        cab_csv_field(out, h->id);
        fputc(',', out);
        cab_csv_field(out, cab_time_iso(h->created, iso));
        fputc(',', out);
        cab_csv_field(out, h->origin);
        fputc(',', out);
        cab_csv_field(out, h->classification);
        fputc(',', out);
        cab_csv_field(out, h->subject);
        fputc(',', out);
        for (size_t k = 0; k < h->n_tags; k++)
            fprintf(out, "%s%s", k ? ";" : "", h->tags[k]);
        fprintf(out, ",%.6g,", h->score);
        st = cab_snippet_render(&h->snippet, "[[", "]]", &snip);
        if (st != CAB_OK)
            return st;
        cab_csv_field(out, snip);
        cab_free(snip);
        fputs("\r\n", out);
    }
    return ferror(out) ? CAB_IO : CAB_OK;
}
