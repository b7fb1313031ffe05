/* The spelling dictionary of a full build, filled once per merged shard.
 *
 * Segments are written without one: each segment's dictionary would hold
 * most of the vocabulary again, and every merge by compaction would
 * combine those dictionaries anew, compressing each of their fragments
 * every time (a sixth of a full build's instructions).  The merged shard
 * holds every text word as a term with no prefix, so its dictionary is
 * read from there: a word's count is its collection frequency, less the
 * extra weight a subject word carries (the subject term S+word counts its
 * subject occurrences once each).
 */
#include <string.h>

#include "cab_mem.h"
#include "document.h"
#include "schema.h"

/* Words added between two commits, to bound the writer's memory. */
#define WORDS_PER_COMMIT 100000

struct word_list {
    char **words;
    size_t n, cap;
    int nomem;
};

static int collect_word(const char *term, size_t len, uint32_t freq, void *ctx)
{
    struct word_list *l = ctx;
    char *copy;

    (void)freq;
    if (!cab_doc_spellable(term, len))
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 4096;
        char **grown = cab_realloc(l->words, cap * sizeof *grown);

        if (!grown) {
            l->nomem = 1;
            return 1;
        }
        l->words = grown;
        l->cap = cap;
    }
    copy = cab_strndup(term, len);
    if (!copy) {
        l->nomem = 1;
        return 1;
    }
    l->words[l->n++] = copy;
    return 0;
}

/* Every term that is a text word: those starting with a lower-case ASCII
 * letter or a non-ASCII byte (prefixes are upper case, and a word starting
 * with a digit is never spellable). */
static cab_status collect_words(xw_db *db, struct word_list *l)
{
    cab_status rc = CAB_OK;

    for (unsigned c = 'a'; c <= 0xff && rc == CAB_OK && !l->nomem; c++) {
        char first[2] = { (char)c, '\0' };

        if (c > 'z' && c < 0x80)
            continue;
        rc = xw_db_allterms(db, first, collect_word, l);
    }
    return rc == CAB_OK && l->nomem ? CAB_NOMEM : rc;
}

/* Occurrences of 'word' in subjects and texts. */
static cab_status occurrences(xw_db *db, const char *word, uint32_t *out)
{
    char subject[CAB_MAX_TERM + 2];
    uint64_t all = 0, in_subject = 0, extra;
    cab_status rc = xw_db_collection_freq(db, word, &all);

    if (rc == CAB_OK && strlen(word) + sizeof CAB_P_SUBJECT <= sizeof subject) {
        memcpy(subject, CAB_P_SUBJECT, sizeof CAB_P_SUBJECT - 1);
        strcpy(subject + sizeof CAB_P_SUBJECT - 1, word);
        rc = xw_db_collection_freq(db, subject, &in_subject);
    }
    extra = (uint64_t)(CAB_SUBJECT_WDF - 1) * in_subject;
    all = all > extra ? all - extra : 1;
    *out = all > UINT32_MAX ? UINT32_MAX : (uint32_t)all;
    return rc;
}

static cab_status add_words(xw_db *db, const struct word_list *l)
{
    cab_status rc = CAB_OK;

    for (size_t i = 0; i < l->n && rc == CAB_OK; i++) {
        uint32_t count;

        rc = occurrences(db, l->words[i], &count);
        if (rc == CAB_OK)
            rc = xw_db_add_spelling(db, l->words[i], count);
        if (rc == CAB_OK && (i + 1) % WORDS_PER_COMMIT == 0)
            rc = xw_db_commit(db);
    }
    return rc == CAB_OK ? xw_db_commit(db) : rc;
}

cab_status cab_doc_spelling_from_terms(xw_db *db, const char *path, char err[CAB_ERR_SIZE])
{
    struct word_list l = { 0 };
    cab_status rc = collect_words(db, &l);

    if (rc == CAB_OK)
        rc = add_words(db, &l);
    if (rc == CAB_NOMEM)
        cab_err_set(err, "out of memory filling the spelling dictionary of '%s'", path);
    else if (rc != CAB_OK)
        cab_err_set(err, "cannot fill the spelling dictionary of '%s': %s", path,
                    xw_db_errmsg(db));
    for (size_t i = 0; i < l.n; i++)
        cab_free(l.words[i]);
    cab_free(l.words);
    return rc;
}
