/* Fuzz target: extraction.  The input is parsed as a document and then
 * extracted; its first line is also fed raw to the citation and origin
 * normalisers, which see text straight from cables. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cab_mem.h"
#include "cable.h"
#include "corpus.h"
#include "extract.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char err[CAB_ERR_SIZE];
    if (cab_extract_init(err) != CAB_OK)
        abort();
    return 0;
}

/* The normalisers take C strings: feed them the input up to its first NUL
 * or newline, at most one field long. */
static void normalise_raw(const char *s, size_t size)
{
    size_t n = 0;
    while (n < size && n < CAB_MAX_FIELD && s[n] != '\0' && s[n] != '\n')
        n++;
    char *line = cab_strndup(s, n);
    if (line == NULL)
        return;
    char id[CAB_MAX_ID];
    int year2 = size > 0 ? (unsigned char)s[0] % 100 : 9;
    if (cab_ref_normalise(line, year2, id) == 0 && strnlen(id, CAB_MAX_ID) == CAB_MAX_ID)
        __builtin_trap();   /* an ID must be a terminated string */
    char *post = cab_origin_canonical(line);
    cab_free(post);
    (void)cab_country_code(line);
    (void)cab_country_name(line);
    cab_free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    normalise_raw(s, size);

    char err[CAB_ERR_SIZE];
    struct cable *c = NULL;
    if (cab_parse_document(s, size, "fuzz.txt", &c, err) == CAB_OK) {
        (void)cab_extract(c, err);
        /* Extraction again must replace, not pile up. */
        (void)cab_extract(c, err);
    }
    cable_free(c);
    return 0;
}
