/* Learning from real cables (--learn): word frequencies and body sizes.
 *
 * Every regular file under the directory is read with the cable readers,
 * which recognise the format from the content; files that hold no cable
 * are passed over, as are names starting with '.' and symbolic links to
 * directories.  Words are counted in each cable's ranking text (as the
 * indexer extracts it).  Each directory's entries are visited in name order and
 * every result is sorted, so the same files give the same result whatever
 * order the file system lists them in.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cab_hash.h"
#include "cab_mem.h"
#include "corpus.h"
#include "extract.h"
#include "gen.h"
#include "text.h"

/* Words learnt: ASCII letters only, of this many letters. */
#define MIN_LETTERS     4
#define MAX_LETTERS     20
/* The commonest words are function words and nouns the built-in lists
 * already have: leave them out, keep the next ones. */
#define SKIP_COMMONEST  100
#define KEEP_WORDS      5000
/* Bound on the table: past this many distinct words only known ones are
 * counted (the frequent words turn up long before). */
#define MAX_DISTINCT    200000
#define FIRST_SLOTS     4096
#define MAX_DEPTH       64

struct word_slot {
    char word[MAX_LETTERS + 1];
    uint32_t count;             /* 0: slot empty */
};

/* Open addressing, linear probing, at most half full. */
struct word_table {
    struct word_slot *slots;
    size_t cap, n;
};

struct learner {
    const char *dir;
    char *err;
    struct word_table table;
    uint32_t *lengths;          /* body bytes of each cable read */
    size_t n_lengths, alloc_lengths;
};

static cab_status out_of_memory(struct learner *l)
{
    cab_err_set(l->err, "out of memory while learning from '%.300s'", l->dir);
    return CAB_NOMEM;
}

static struct word_slot *find_slot(struct word_slot *slots, size_t cap, const char *word,
                                   size_t len)
{
    size_t i = (size_t)cab_fnv1a(word, len) & (cap - 1);

    while (slots[i].count != 0 && strcmp(slots[i].word, word) != 0)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static cab_status grow_table(struct word_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : FIRST_SLOTS;
    struct word_slot *slots = cab_calloc(cap, sizeof *slots);

    if (slots == NULL)
        return CAB_NOMEM;
    for (size_t i = 0; i < t->cap; i++) {
        const struct word_slot *old = &t->slots[i];

        if (old->count != 0)
            *find_slot(slots, cap, old->word, strlen(old->word)) = *old;
    }
    cab_free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return CAB_OK;
}

static cab_status count_word(struct word_table *t, const char *word, size_t len)
{
    struct word_slot *s;

    if (t->cap > 0) {
        s = find_slot(t->slots, t->cap, word, len);
        if (s->count != 0) {
            if (s->count < UINT32_MAX)
                s->count++;
            return CAB_OK;
        }
    }
    if (t->n >= MAX_DISTINCT)
        return CAB_OK;
    if (2 * (t->n + 1) > t->cap) {
        cab_status rc = grow_table(t);

        if (rc != CAB_OK)
            return rc;
    }
    s = find_slot(t->slots, t->cap, word, len);
    memcpy(s->word, word, len + 1);
    s->count = 1;
    t->n++;
    return CAB_OK;
}

static int learnable(const char *word, size_t len)
{
    if (len < MIN_LETTERS || len > MAX_LETTERS)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] < 'a' || word[i] > 'z')
            return 0;
    return 1;
}

static cab_status count_words(struct word_table *t, const char *text)
{
    size_t len = strlen(text), pos = 0, start, wlen;
    cab_status rc = CAB_OK;

    while (rc == CAB_OK && cab_word_next(text, len, &pos, &start, &wlen)) {
        char folded[MAX_LETTERS + 1];
        size_t flen;

        /* Only ASCII words are kept, and folding keeps their length. */
        if (wlen < MIN_LETTERS || wlen > MAX_LETTERS)
            continue;
        flen = cab_word_fold(text + start, wlen, folded, sizeof folded);
        if (learnable(folded, flen))
            rc = count_word(t, folded, flen);
    }
    return rc;
}

static cab_status add_length(struct learner *l, size_t len)
{
    if (l->n_lengths == l->alloc_lengths) {
        size_t alloc = l->alloc_lengths ? 2 * l->alloc_lengths : 1024;
        uint32_t *v = cab_realloc(l->lengths, alloc * sizeof *v);

        if (v == NULL)
            return CAB_NOMEM;
        l->lengths = v;
        l->alloc_lengths = alloc;
    }
    /* Bodies are capped at CAB_MAX_TEXT by the readers: 32 bits hold them. */
    l->lengths[l->n_lengths++] = (uint32_t)len;
    return CAB_OK;
}

static cab_status learn_cable(struct learner *l, struct cable *c)
{
    size_t body_len = c->body ? strlen(c->body) : 0;
    char ignored[CAB_ERR_SIZE];
    const char *text;
    cab_status rc;

    /* An empty body has no size to learn (and no logarithm). */
    if (body_len == 0)
        return CAB_OK;
    /* The ranking text leaves out routing lines, TAGS and the like, whose
     * words would otherwise rank among the learnt ones. */
    rc = cab_extract(c, ignored);
    if (rc == CAB_NOMEM)
        return rc;
    text = c->text ? c->text : c->body;
    rc = add_length(l, body_len);
    if (rc == CAB_OK)
        rc = count_words(&l->table, text);
    return rc;
}

/* Every cable of one file; a file that cannot be read, or holds no cable,
 * is passed over.  Only running out of memory stops the walk. */
static cab_status learn_file(struct learner *l, const char *path)
{
    char ignored[CAB_ERR_SIZE];
    cab_reader *r;
    cab_status rc = cab_reader_open(path, &r, ignored);

    if (rc != CAB_OK)
        return rc == CAB_NOMEM ? rc : CAB_OK;
    for (;;) {
        struct cable *c;

        rc = cab_reader_next(r, &c);
        if (rc == CAB_BAD_INPUT)
            continue;
        if (rc != CAB_OK || c == NULL)
            break;
        rc = learn_cable(l, c);
        cable_free(c);
        if (rc != CAB_OK)
            break;
    }
    cab_reader_close(r);
    return rc == CAB_NOMEM ? rc : CAB_OK;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cab_free(names[i]);
    cab_free(names);
}

/* The entries of an open directory but '.'-names, sorted; NULL with
 * *n == 0 when there are none.  Closes 'd'. */
static cab_status sorted_names(DIR *d, char ***names, size_t *n)
{
    size_t alloc = 0;
    struct dirent *e;

    *names = NULL;
    *n = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (*n == alloc) {
            size_t more = alloc ? 2 * alloc : 64;
            char **v = cab_realloc(*names, more * sizeof *v);

            if (v == NULL)
                break;
            *names = v;
            alloc = more;
        }
        (*names)[*n] = cab_strdup(e->d_name);
        if ((*names)[*n] == NULL)
            break;
        (*n)++;
    }
    closedir(d);
    if (e != NULL) {
        free_names(*names, *n);
        *names = NULL;
        *n = 0;
        return CAB_NOMEM;
    }
    if (*n > 0)
        qsort(*names, *n, sizeof **names, cmp_name);
    return CAB_OK;
}

static cab_status walk_dir(struct learner *l, const char *dir, unsigned depth);

/* One entry: a directory (not through a link) is walked, a regular file
 * (maybe through a link) is read, anything else is passed over. */
static cab_status visit(struct learner *l, const char *path, unsigned depth)
{
    struct stat st;

    if (lstat(path, &st) != 0)
        return CAB_OK;
    if (S_ISDIR(st.st_mode))
        return depth < MAX_DEPTH ? walk_dir(l, path, depth + 1) : CAB_OK;
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return CAB_OK;
    return S_ISREG(st.st_mode) ? learn_file(l, path) : CAB_OK;
}

static cab_status walk_dir(struct learner *l, const char *dir, unsigned depth)
{
    DIR *d = opendir(dir);
    char **names;
    size_t n;
    cab_status rc;

    if (d == NULL) {
        if (depth > 0)
            return CAB_OK; /* an unreadable subdirectory is passed over */
        cab_err_set(l->err, "cannot read '%.300s': %s", dir, strerror(errno));
        return CAB_IO;
    }
    rc = sorted_names(d, &names, &n);
    for (size_t i = 0; i < n && rc == CAB_OK; i++) {
        char path[PATH_MAX];

        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) < sizeof path)
            rc = visit(l, path, depth);
    }
    free_names(names, n);
    return rc;
}

static int cmp_length(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return (x > y) - (x < y);
}

/* Median and log-normal shape of the body sizes.  Sums run over the sorted
 * lengths so that rounding never depends on the order files were read. */
static void learn_sizes(struct learner *l, struct cab_gen_learnt *out)
{
    const uint32_t *v = l->lengths;
    size_t n = l->n_lengths, mid = n / 2;
    double mean = 0, var = 0, median;

    qsort(l->lengths, n, sizeof *l->lengths, cmp_length);
    median = n % 2 ? v[mid] : ((double)v[mid - 1] + v[mid]) / 2;
    if (median < CAB_GEN_MIN_BODY)
        median = CAB_GEN_MIN_BODY;
    if (median > CAB_GEN_MAX_BODY)
        median = CAB_GEN_MAX_BODY;
    for (size_t i = 0; i < n; i++)
        mean += log(v[i]);
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        var += (log(v[i]) - mean) * (log(v[i]) - mean);
    out->body_median = median;
    out->body_sigma = sqrt(var / (double)n);
    out->n_cables = n;
}

static int cmp_slot(const void *a, const void *b)
{
    const struct word_slot *x = *(const struct word_slot *const *)a;
    const struct word_slot *y = *(const struct word_slot *const *)b;

    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->word, y->word);
}

/* The words by count, then alphabetically, past the commonest. */
static cab_status learn_words(struct learner *l, struct cab_gen_learnt *out)
{
    const struct word_table *t = &l->table;
    const struct word_slot **ranked = cab_malloc((t->n ? t->n : 1) * sizeof *ranked);
    size_t n = 0, keep;

    if (ranked == NULL)
        return CAB_NOMEM;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].count != 0)
            ranked[n++] = &t->slots[i];
    qsort(ranked, n, sizeof *ranked, cmp_slot);
    keep = n > SKIP_COMMONEST ? n - SKIP_COMMONEST : 0;
    if (keep > KEEP_WORDS)
        keep = KEEP_WORDS;
    if (keep == 0) {
        cab_free(ranked);
        return CAB_OK;
    }
    out->words = cab_calloc(keep, sizeof *out->words);
    out->counts = cab_calloc(keep, sizeof *out->counts);
    out->storage = cab_malloc(keep * (MAX_LETTERS + 1));
    if (out->words == NULL || out->counts == NULL || out->storage == NULL) {
        cab_free(ranked);
        return CAB_NOMEM;
    }
    for (size_t i = 0; i < keep; i++) {
        const struct word_slot *s = ranked[SKIP_COMMONEST + i];
        char *w = out->storage + i * (MAX_LETTERS + 1);

        memcpy(w, s->word, sizeof s->word);
        out->words[i] = w;
        out->counts[i] = s->count;
    }
    out->n_words = keep;
    cab_free(ranked);
    return CAB_OK;
}

static cab_status check_dir(const char *dir, char err[CAB_ERR_SIZE])
{
    struct stat st;

    if (stat(dir, &st) != 0) {
        int e = errno;

        cab_err_set(err, "cannot read '%.300s': %s", dir, strerror(e));
        return e == ENOENT ? CAB_NOT_FOUND : CAB_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        cab_err_set(err, "'%.300s' is not a directory", dir);
        return CAB_USAGE;
    }
    return CAB_OK;
}

static cab_status learn_results(struct learner *l, struct cab_gen_learnt *out)
{
    if (l->n_lengths == 0) {
        cab_err_set(l->err, "no cables found under '%.300s'", l->dir);
        return CAB_USAGE;
    }
    learn_sizes(l, out);
    if (learn_words(l, out) != CAB_OK)
        return out_of_memory(l);
    if (out->n_words == 0) {
        cab_err_set(l->err, "too few distinct words to learn in the %zu cables under '%.300s'",
                    out->n_cables, l->dir);
        return CAB_USAGE;
    }
    return CAB_OK;
}

cab_status cab_gen_learn(const char *dir, struct cab_gen_learnt *out, char err[CAB_ERR_SIZE])
{
    struct learner l = { .dir = dir, .err = err };
    cab_status rc;

    memset(out, 0, sizeof *out);
    rc = check_dir(dir, err);
    if (rc == CAB_OK)
        rc = cab_extract_init(err);
    if (rc == CAB_OK) {
        rc = walk_dir(&l, dir, 0);
        if (rc == CAB_NOMEM)
            rc = out_of_memory(&l);
    }
    if (rc == CAB_OK)
        rc = learn_results(&l, out);
    if (rc != CAB_OK)
        cab_gen_learnt_release(out);
    cab_extract_shutdown();
    cab_free(l.table.slots);
    cab_free(l.lengths);
    return rc;
}

void cab_gen_learnt_release(struct cab_gen_learnt *l)
{
    cab_free(l->words);
    cab_free(l->counts);
    cab_free(l->storage);
    memset(l, 0, sizeof *l);
}
