/* IDs only, one a line: for pipes (xargs cables show). */
#include <string.h>

#include "printer.h"

cab_status cab_print_ids(FILE *out, const struct cab_results *res,
                         const struct cab_print_opts *o)
{
    (void)o;
    for (size_t i = 0; i < res->n_hits; i++)
        fprintf(out, "%s\n", res->hits[i].id);
    return ferror(out) ? CAB_IO : CAB_OK;
}

cab_print_fn cab_printer_find(const char *name)
{
    static const struct {
        const char *name;
        cab_print_fn fn;
    } printers[] = {
        { "text", cab_print_text },
        { "json", cab_print_json },
        { "csv", cab_print_csv },
        { "ids", cab_print_ids },
    };

    for (size_t i = 0; i < sizeof printers / sizeof printers[0]; i++)
        if (strcmp(printers[i].name, name) == 0)
            return printers[i].fn;
    return NULL;
}
