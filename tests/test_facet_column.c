/* Facet columns: counts equal a count of the documents' own values (split
 * parts, repeated parts, empty values and parts, deleted documents), over
 * few matches and over most; the file is used only for the database and
 * revision it describes, found through the index's stub; a damaged file
 * is refused or reported, never read outside its bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cab_mem.h"
#include "facet_column.h"
#include "xw.h"

#define SLOT_PARTS 6
#define SLOT_WHOLE 2
#define N_DOCS 400
#define SEP '\n'
#define N_WORDS 9

static const char *const words[N_WORDS] = {
    "KTIP", "PGOV", "PREL", "ECON", "Embassy Astana", "Embassy Rome", "a", "bb", "PHUM",
};

/* The values written, by document ID (index 0 unused); NULL: deleted. */
struct model {
    char *parts[N_DOCS + 1];
    char *whole[N_DOCS + 1];
};

struct fixture {
    char dir[64];
    struct model m;
};

static uint32_t rng_next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return *s >> 8;
}

/* Up to four parts, some repeated, some empty ("A\n\nB", "A\nA"). */
static char *make_parts(uint32_t *seed)
{
    char buf[128] = "";
    unsigned n = rng_next(seed) % 5;

    for (unsigned i = 0; i < n; i++) {
        if (i > 0)
            strcat(buf, "\n");
        if (rng_next(seed) % 7 != 0)
            strcat(buf, words[rng_next(seed) % N_WORDS]);
    }
    return cab_strdup(buf);
}

static char *make_whole(uint32_t *seed)
{
    unsigned r = rng_next(seed) % 6;

    return cab_strdup(r == 0 ? "" : words[r + 2]);
}

static void put_doc(xw_db *w, const struct model *m, uint32_t docid)
{
    char id[16];
    xw_doc *d;

    snprintf(id, sizeof id, "Q%u", (unsigned)docid);
    assert_int_equal(xw_doc_new(&d), CAB_OK);
    assert_int_equal(xw_doc_add_boolean_term(d, id), CAB_OK);
    assert_int_equal(xw_doc_add_term(d, "word", 1), CAB_OK);
    assert_int_equal(xw_doc_set_value(d, SLOT_PARTS, m->parts[docid], strlen(m->parts[docid])),
                     CAB_OK);
    assert_int_equal(xw_doc_set_value(d, SLOT_WHOLE, m->whole[docid], strlen(m->whole[docid])),
                     CAB_OK);
    assert_int_equal(xw_db_add(w, d), CAB_OK);
    xw_doc_free(d);
}

static int setup(void **state)
{
    struct fixture *fx = cab_calloc(1, sizeof *fx);
    uint32_t seed = 7;
    char err[XW_ERR_SIZE];
    xw_db *w;

    assert_non_null(fx);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_fcol.XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    assert_int_equal(xw_db_open_writable(fx->dir, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    for (uint32_t d = 1; d <= N_DOCS; d++) {
        fx->m.parts[d] = make_parts(&seed);
        fx->m.whole[d] = make_whole(&seed);
        put_doc(w, &fx->m, d);
    }
    /* gaps: deleted documents, and the last one too */
    for (uint32_t d = 5; d <= N_DOCS; d += 37) {
        char id[16];

        snprintf(id, sizeof id, "Q%u", (unsigned)d);
        assert_int_equal(xw_db_delete(w, id), CAB_OK);
        cab_free(fx->m.parts[d]);
        cab_free(fx->m.whole[d]);
        fx->m.parts[d] = fx->m.whole[d] = NULL;
    }
    assert_int_equal(xw_db_delete(w, "Q400"), CAB_OK);
    cab_free(fx->m.parts[N_DOCS]);
    cab_free(fx->m.whole[N_DOCS]);
    fx->m.parts[N_DOCS] = fx->m.whole[N_DOCS] = NULL;
    assert_int_equal(xw_db_commit(w), CAB_OK);
    xw_db_close(w);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
    assert_int_equal(system(cmd), 0);
    for (int d = 0; d <= N_DOCS; d++) {
        cab_free(fx->m.parts[d]);
        cab_free(fx->m.whole[d]);
    }
    cab_free(fx);
    return 0;
}

static const unsigned slots[] = { SLOT_PARTS, SLOT_WHOLE };
static const unsigned char split[] = { 1, 0 };

static void write_column(const char *dir)
{
    char err[CAB_ERR_SIZE];
    xw_db *w;

    assert_int_equal(xw_db_open_writable(dir, XW_OPEN, &w, err), CAB_OK);
    assert_int_equal(cab_fcol_write(w, dir, slots, split, 2, SEP, err), CAB_OK);
    xw_db_close(w);
}

/* How many times 'word' is counted in the value of document d. */
static uint32_t occurrences(const char *value, int parts, const char *word)
{
    size_t n = strlen(word);
    uint32_t k = 0;

    if (!value || !*value)
        return 0;
    if (!parts)
        return strcmp(value, word) == 0;
    for (const char *p = value;;) {
        size_t len = strcspn(p, "\n");

        k += len == n && memcmp(p, word, n) == 0;
        if (p[len] == '\0')
            return k;
        p += len + 1;
    }
}

/* Checks column k's counts over 'ids' against the model. */
static void check_counts(const cab_fcol *c, int k, char *const *values, int parts,
                         const uint32_t *ids, size_t n)
{
    uint32_t nv = cab_fcol_values(c, k);
    uint32_t *counts = cab_calloc(nv + 1, sizeof *counts);
    uint32_t seen = 0;

    assert_non_null(counts);
    assert_int_equal(cab_fcol_count(c, k, ids, n, counts), CAB_OK);
    for (uint32_t v = 0; v < nv; v++) {
        size_t len;
        const char *s = cab_fcol_value(c, k, v, &len);
        char word[64];
        uint32_t want = 0;

        assert_true(len > 0 && len < sizeof word);
        memcpy(word, s, len);
        word[len] = '\0';
        for (size_t i = 0; i < n; i++)
            want += occurrences(values[ids[i]], parts, word);
        assert_int_equal(counts[v], want);
        seen += want;
    }
    /* nothing was left uncounted: every occurrence is some value's */
    for (size_t i = 0; i < n; i++)
        for (int w = 0; w < N_WORDS; w++)
            seen -= occurrences(values[ids[i]], parts, words[w]);
    assert_int_equal(seen, 0);
    cab_free(counts);
}

/* Every live document whose ID passes 'keep'. */
static size_t pick(const struct model *m, uint32_t *ids, int every, int offset)
{
    size_t n = 0;

    for (uint32_t d = 1; d <= N_DOCS; d++)
        if (m->parts[d] && (int)(d % (uint32_t)every) != offset)
            ids[n++] = d;
    return n;
}

static void test_counts_match_the_documents(void **state)
{
    struct fixture *fx = *state;
    uint32_t ids[N_DOCS];
    char err[XW_ERR_SIZE];
    cab_fcol *c;
    xw_db *db;
    int kp, kw;

    write_column(fx->dir);
    assert_int_equal(xw_db_open(fx->dir, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(fx->dir, db, &c), CAB_OK);
    kp = cab_fcol_find(c, SLOT_PARTS, 1, SEP);
    kw = cab_fcol_find(c, SLOT_WHOLE, 0, SEP);
    assert_true(kp >= 0 && kw >= 0);
    assert_int_equal(cab_fcol_find(c, SLOT_PARTS, 0, SEP), -1);  /* counted another way */
    assert_int_equal(cab_fcol_find(c, SLOT_PARTS, 1, ','), -1);
    assert_int_equal(cab_fcol_find(c, 9, 0, SEP), -1);
    /* few matches (counted), most matches (subtracted), all, none */
    for (int every = 2; every <= 11; every += 3)
        for (int keep_most = 0; keep_most <= 1; keep_most++) {
            size_t n = pick(&fx->m, ids, every, keep_most ? 0 : -1);

            if (!keep_most) {
                size_t k = 0;

                for (size_t i = 0; i < n; i++)
                    if (ids[i] % (uint32_t)every == 0)
                        ids[k++] = ids[i];
                n = k;
            }
            check_counts(c, kp, fx->m.parts, 1, ids, n);
            check_counts(c, kw, fx->m.whole, 0, ids, n);
        }
    check_counts(c, kp, fx->m.parts, 1, ids, 0);
    cab_fcol_close(c);
    xw_db_close(db);
}

/* Reference order for the top values: the higher count, then the bytes. */
static const cab_fcol *sorting_col;
static int sorting_k;
static const uint32_t *sorting_counts;

static int by_rank(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t lx, ly;
    const char *vx, *vy;
    int cmp;

    if (sorting_counts[x] != sorting_counts[y])
        return sorting_counts[x] > sorting_counts[y] ? -1 : 1;
    vx = cab_fcol_value(sorting_col, sorting_k, x, &lx);
    vy = cab_fcol_value(sorting_col, sorting_k, y, &ly);
    cmp = memcmp(vx, vy, lx < ly ? lx : ly);
    return cmp ? cmp : (lx > ly) - (lx < ly);
}

/* cab_fcol_top against a full sort, for every 'top' up to all values. */
static void check_top(const cab_fcol *c, int k, const uint32_t *counts)
{
    uint32_t nv = cab_fcol_values(c, k), all[N_WORDS] = { 0 }, best[N_WORDS + 2] = { 0 };
    size_t n = 0, distinct;

    for (uint32_t v = 0; v < nv; v++)
        if (counts[v] > 0)
            all[n++] = v;
    sorting_col = c;
    sorting_k = k;
    sorting_counts = counts;
    qsort(all, n, sizeof *all, by_rank);
    for (size_t top = 0; top <= nv + 2; top++) {
        size_t kept = cab_fcol_top(c, k, counts, top, best, &distinct);

        assert_int_equal(distinct, n);
        assert_int_equal(kept, top < n ? top : n);
        for (size_t i = 0; i < kept; i++)
            assert_int_equal(best[i], all[i]);
    }
}

static void test_top_values(void **state)
{
    struct fixture *fx = *state;
    uint32_t ids[N_DOCS], counts[N_WORDS];
    char err[XW_ERR_SIZE];
    cab_fcol *c;
    xw_db *db;
    size_t n = pick(&fx->m, ids, 3, 1);

    write_column(fx->dir);
    assert_int_equal(xw_db_open(fx->dir, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(fx->dir, db, &c), CAB_OK);
    for (int split_parts = 0; split_parts <= 1; split_parts++) {
        int k = cab_fcol_find(c, split_parts ? SLOT_PARTS : SLOT_WHOLE, split_parts, SEP);
        uint32_t nv = cab_fcol_values(c, k);

        assert_true(nv > 2 && nv <= N_WORDS);
        assert_int_equal(cab_fcol_count(c, k, ids, n, counts), CAB_OK);
        check_top(c, k, counts);
        /* all tied: the order is the values' bytes alone */
        for (uint32_t v = 0; v < nv; v++)
            counts[v] = 4;
        check_top(c, k, counts);
        /* ties among some, a value left out */
        for (uint32_t v = 0; v < nv; v++)
            counts[v] = v % 3;
        check_top(c, k, counts);
    }
    cab_fcol_close(c);
    xw_db_close(db);
}

static void test_only_for_its_database_and_revision(void **state)
{
    struct fixture *fx = *state;
    char err[XW_ERR_SIZE], other[80], path[128], cmd[512];
    cab_fcol *c;
    xw_db *db, *w;

    write_column(fx->dir);
    /* a later commit makes it stale for a reader of the new revision */
    assert_int_equal(xw_db_open_writable(fx->dir, XW_OPEN, &w, err), CAB_OK);
    put_doc(w, &fx->m, 1);
    assert_int_equal(xw_db_commit(w), CAB_OK);
    xw_db_close(w);
    assert_int_equal(xw_db_open(fx->dir, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(fx->dir, db, &c), CAB_NOT_FOUND);
    assert_null(c);
    xw_db_close(db);
    /* written again, it holds */
    write_column(fx->dir);
    assert_int_equal(xw_db_open(fx->dir, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(fx->dir, db, &c), CAB_OK);
    cab_fcol_close(c);
    xw_db_close(db);

    /* a copy of the database is another database */
    snprintf(other, sizeof other, "%s-other", fx->dir);
    assert_int_equal(xw_db_open_writable(other, XW_CREATE_OR_OVERWRITE, &w, err), CAB_OK);
    put_doc(w, &fx->m, 1);
    assert_int_equal(xw_db_commit(w), CAB_OK);
    xw_db_close(w);
    snprintf(cmd, sizeof cmd, "cp '%s/%s' '%s/'", fx->dir, CAB_FCOL_FILE, other);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(xw_db_open(other, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(other, db, &c), CAB_NOT_FOUND);
    xw_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", other);
    assert_int_equal(system(cmd), 0);

    /* found through an index directory's stub naming one generation */
    snprintf(other, sizeof other, "%s-index", fx->dir);
    assert_int_equal(mkdir(other, 0755), 0);
    snprintf(cmd, sizeof cmd, "ln -s '%s' '%s/gen-1' && printf 'glass gen-1\\n' > '%s/XAPIANDB'",
             fx->dir, other, other);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(xw_db_open(other, &db, err), CAB_OK);
    assert_int_equal(cab_fcol_open(other, db, &c), CAB_OK);
    cab_fcol_close(c);
    /* a stub of several databases has no one column */
    snprintf(path, sizeof path, "%s/XAPIANDB", other);
    snprintf(cmd, sizeof cmd, "printf 'glass gen-1\\nglass gen-1\\n' > '%s'", path);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(cab_fcol_open(other, db, &c), CAB_NOT_FOUND);
    xw_db_close(db);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", other);
    assert_int_equal(system(cmd), 0);
}

/* Overwrites 4 bytes of the column file at 'off' with 'v'. */
static void poke(const char *dir, long off, uint32_t v)
{
    char path[128];
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, CAB_FCOL_FILE);
    f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, off, SEEK_SET), 0);
    assert_int_equal(fwrite(b, 1, 4, f), 4);
    assert_int_equal(fclose(f), 0);
}

static long file_size(const char *dir)
{
    char path[128];
    struct stat st;

    snprintf(path, sizeof path, "%s/%s", dir, CAB_FCOL_FILE);
    assert_int_equal(stat(path, &st), 0);
    return (long)st.st_size;
}

/* Opens the column and counts every facet over every live document and
 * over a few: each either works or says the file is damaged. */
static void count_damaged(const char *dir, const struct model *m, int *refused, int *corrupt)
{
    uint32_t ids[N_DOCS], counts[64];
    char err[XW_ERR_SIZE];
    cab_fcol *c;
    xw_db *db;

    assert_int_equal(xw_db_open(dir, &db, err), CAB_OK);
    if (cab_fcol_open(dir, db, &c) != CAB_OK) {
        ++*refused;
        xw_db_close(db);
        return;
    }
    for (int k = 0; k < 2; k++) {
        size_t n = pick(m, ids, 3, 0);
        uint32_t nv = cab_fcol_values(c, k);
        uint32_t *cnt = nv <= 64 ? counts : cab_calloc(nv, sizeof *cnt);
        cab_status a, b;

        assert_non_null(cnt);
        a = cab_fcol_count(c, k, ids, n, cnt);
        b = cab_fcol_count(c, k, ids, 3, cnt);
        assert_true(a == CAB_OK || a == CAB_DB_CORRUPT);
        assert_true(b == CAB_OK || b == CAB_DB_CORRUPT);
        *corrupt += a == CAB_DB_CORRUPT || b == CAB_DB_CORRUPT;
        for (uint32_t v = 0; v < nv; v++) {
            size_t len;

            assert_non_null(cab_fcol_value(c, k, v, &len));
        }
        if (cnt != counts)
            cab_free(cnt);
    }
    cab_fcol_close(c);
    xw_db_close(db);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* File offset of the first value number of the first slot. */
static uint64_t first_number(const char *dir)
{
    unsigned char head[CAB_FCOL_HEADER + CAB_FCOL_ENTRY];
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, CAB_FCOL_FILE);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    return get32(head + CAB_FCOL_HEADER + 16) + (uint64_t)get32(head + CAB_FCOL_HEADER + 8) * 12 +
           ((uint64_t)get32(head + 56) + 1) * 4;
}

static void test_damaged_files(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    uint32_t seed = 99;
    int refused = 0, corrupt = 0;
    long size;

    write_column(fx->dir);
    size = file_size(fx->dir);
    /* a value number beyond the dictionary: the first slot's first number */
    poke(fx->dir, (long)first_number(fx->dir), UINT32_MAX);
    count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    assert_int_equal(refused, 0);
    assert_true(corrupt > 0);
    /* a section offset past the end: refused */
    refused = 0;
    write_column(fx->dir);
    poke(fx->dir, CAB_FCOL_HEADER + 16, (uint32_t)size);
    count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    assert_int_equal(refused, 1);
    /* cut short: refused */
    refused = 0;
    write_column(fx->dir);
    snprintf(path, sizeof path, "%s/%s", fx->dir, CAB_FCOL_FILE);
    assert_int_equal(truncate(path, size - 1), 0);
    count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    assert_int_equal(refused, 1);
    /* a FIFO in its place: refused at once, and replaced by the next write */
    refused = 0;
    unlink(path);
    assert_int_equal(mkfifo(path, 0644), 0);
    count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    assert_int_equal(refused, 1);
    write_column(fx->dir);
    refused = 0;
    count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    assert_int_equal(refused, 0);
    /* random words anywhere past the identity: never a read out of bounds */
    for (int i = 0; i < 200; i++) {
        unlink(path);
        write_column(fx->dir);
        for (int j = 0; j < 3; j++) {
            long off = 56 + (long)(rng_next(&seed) % (uint32_t)(size - 60));

            poke(fx->dir, off & ~3L, rng_next(&seed) % 3 == 0 ? rng_next(&seed) : UINT32_MAX);
        }
        count_damaged(fx->dir, &fx->m, &refused, &corrupt);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_counts_match_the_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_for_its_database_and_revision, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_damaged_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_top_values, setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
