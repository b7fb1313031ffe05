/* cables-dump: print an index's documents in a stable text form, for
 * comparing two indexes (tests).  One block per document, in ID order:
 * its terms with their wdf and its values; the source (XS term and the
 * source slot) is left out unless --with-source is given, so the same
 * cables read from other files compare equal.  The content hash slot
 * stands for the document data. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "xw.h"

struct ctx {
    xw_db *db;
    int with_source;
    int failed;
};

static int print_term(const char *term, size_t len, uint32_t freq, void *arg)
{
    const struct ctx *c = arg;

    if (!c->with_source && len >= 2 && memcmp(term, CAB_P_SOURCE, 2) == 0)
        return 0;
    printf("  %.*s %u\n", (int)len, term, (unsigned)freq);
    return 0;
}

static int print_doc(const char *term, size_t len, uint32_t freq, void *arg)
{
    struct ctx *c = arg;
    xw_doc *doc = NULL;
    uint32_t docid;
    char idterm[256];

    (void)freq;
    snprintf(idterm, sizeof idterm, "%.*s", (int)len, term);
    if (xw_db_find(c->db, idterm, &docid) != CAB_OK ||
        xw_db_get_doc(c->db, docid, &doc) != CAB_OK) {
        c->failed = 1;
        return 1;
    }
    printf("%s\n", idterm);
    xw_doc_terms(doc, print_term, c);
    for (unsigned slot = 0; slot < CAB_SLOT_COUNT; slot++) {
        size_t vlen;
        const char *v = xw_doc_value(doc, slot, &vlen);

        if (slot == CAB_SLOT_SOURCE && !c->with_source)
            continue;
        printf("  #%u ", slot);
        for (size_t i = 0; i < vlen; i++)
            putchar(v[i] == '\n' ? '|' : v[i]);
        putchar('\n');
    }
    xw_doc_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    struct ctx c = { NULL, 0, 0 };
    char err[XW_ERR_SIZE];
    const char *path = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--with-source") == 0)
            c.with_source = 1;
        else
            path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "usage: cables-dump [--with-source] DB\n");
        return 2;
    }
    if (xw_db_open(path, &c.db, err) != CAB_OK) {
        fprintf(stderr, "cables-dump: %s\n", err);
        return 2;
    }
    if (xw_db_allterms(c.db, CAB_P_ID, print_doc, &c) != CAB_OK || c.failed) {
        fprintf(stderr, "cables-dump: %s\n", xw_db_errmsg(c.db));
        xw_db_close(c.db);
        return 2;
    }
    xw_db_close(c.db);
    return 0;
}
