/* "did you mean": the query again with each free word that the corpus's
 * spelling dictionary would correct replaced by the correction.  Filters
 * (field:value), operators and prefixes (word*) are copied unchanged. */
#include <stdlib.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "query.h"
#include "schema.h"
#include "search.h"
#include "text.h"

static int is_operator(const char *s, size_t len)
{
    static const char *const ops[] = { "AND", "OR", "NOT", "NEAR" };

    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strlen(ops[i]) == len && memcmp(ops[i], s, len) == 0)
            return 1;
    return 0;
}

/* End of the filter value starting at 'p' (a quoted string or up to space). */
static const char *skip_value(const char *p)
{
    if (*p == '"') {
        const char *q = strchr(p + 1, '"');

        return q ? q + 1 : p + strlen(p);
    }
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != ')')
        p++;
    return p;
}

cab_status cab_search_suggest(cab_searcher *s, const char *query, char **out)
{
    struct cab_buf b;
    size_t len = strlen(query), pos = 0, start, wlen, copied = 0;
    int changed = 0;
    cab_status st = CAB_OK;

    *out = NULL;
    if (len > CAB_MAX_QUERY_BYTES)
        return CAB_OK;
    cab_buf_init(&b, 2 * CAB_MAX_QUERY_BYTES);
    while (st == CAB_OK && cab_word_next(query, len, &pos, &start, &wlen)) {
        char folded[CAB_MAX_WORD + 1], *fix = NULL;
        size_t flen;

        if (query[pos] == ':' && cab_filter_field_find(query + start, wlen)) {
            pos = (size_t)(skip_value(query + pos + 1) - query);
            continue;
        }
        if (query[pos] == '*' || is_operator(query + start, wlen))
            continue;
        flen = cab_word_fold(query + start, wlen, folded, sizeof folded);
        if (flen == 0 || xw_db_suggest(cab_searcher_db(s), folded, &fix) != CAB_OK)
            continue;
        if (fix && *fix && strcmp(fix, folded) != 0) {
            st = cab_buf_add(&b, query + copied, start - copied);
            if (st == CAB_OK)
                st = cab_buf_addstr(&b, fix);
            copied = start + wlen;
            changed = 1;
        }
        free(fix);
    }
    if (st == CAB_OK && changed)
        st = cab_buf_addstr(&b, query + copied);
    if (st == CAB_OK && changed) {
        *out = cab_buf_detach(&b, NULL);
        if (!*out)
            st = CAB_NOMEM;
    }
    cab_buf_release(&b);
    return st;
}
