/* Fuzz target: the query parser, with a real stemmer. */
#include <stdint.h>
#include <stdlib.h>

#include "cab_mem.h"
#include "query.h"
#include "xw.h"

static xw_stemmer *stemmer;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (xw_stemmer_new(&stemmer) != CAB_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The parser takes a C string: cut at the first NUL as a caller would. */
    char *text = cab_strndup((const char *)data, size);
    if (text == NULL)
        return 0;
    char err[CAB_ERR_SIZE];
    struct cab_parsed p;
    if (cab_query_parse(text, stemmer, &p, err) == CAB_OK) {
        if (p.query == NULL)
            __builtin_trap();   /* success must give a query */
        char *d = xw_query_describe(p.query);
        free(d);
        cab_parsed_release(&p);
    }
    cab_free(text);
    return 0;
}
