/* Reading facet columns (include/facet_column.h): the file is mapped, its
 * header and slot entries checked against the database and the file's
 * size, and every start and value number checked as it is read, so a
 * damaged file never reads outside its mapping. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cab_mem.h"
#include "facet_column.h"

/* Longest XAPIANDB stub this reader follows (one line). */
#define MAX_STUB 256

struct column {
    unsigned slot;
    int split;
    uint32_t nvalues, nnumbers;
    const unsigned char *dict;     /* nvalues x 12 bytes */
    const unsigned char *starts;   /* (last + 1) x 4 bytes */
    const unsigned char *numbers;  /* nnumbers x 4 bytes */
    const char *strings;
    uint32_t strings_len;
};

struct cab_fcol {
    void *map;
    size_t size;
    uint64_t revision;
    uint32_t last;
    char sep;
    uint32_t ncolumns;
    struct column *columns;
};

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* The database directory of 'dbpath' into 'dir': the generation its stub
 * names, or 'dbpath' itself when it has no stub.  -1 for stubs of
 * several or remote databases. */
static int database_dir(const char *dbpath, char *dir, size_t size)
{
    char stub[PATH_MAX], line[MAX_STUB + 1];
    const char *name = line + 6;
    size_t n, len;
    FILE *f;

    if ((size_t)snprintf(stub, sizeof stub, "%s/XAPIANDB", dbpath) >= sizeof stub)
        return -1;
    f = fopen(stub, "r");
    if (!f)
        return (size_t)snprintf(dir, size, "%s", dbpath) < size ? 0 : -1;
    n = fread(line, 1, MAX_STUB, f);
    fclose(f);
    line[n] = '\0';
    len = strcspn(line, "\n");
    /* exactly one line, "glass NAME", NAME inside the index directory */
    if (strncmp(line, "glass ", 6) != 0 || (line[len] == '\n' && line[len + 1] != '\0'))
        return -1;
    line[len] = '\0';
    if (*name == '\0' || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return -1;
    return (size_t)snprintf(dir, size, "%s/%s", dbpath, name) < size ? 0 : -1;
}

/* Whether a column agrees with itself where that is cheap to see: every
 * string inside the strings, the totals adding up to the value numbers,
 * the starts beginning at 0 and ending at the last number. */
static int column_consistent(const struct column *col, uint32_t last)
{
    uint64_t sum = 0;

    for (uint32_t v = 0; v < col->nvalues; v++) {
        const unsigned char *e = col->dict + (size_t)v * 12;
        uint32_t off = get32(e), len = get32(e + 4);

        if (off > col->strings_len || len > col->strings_len - off)
            return 0;
        sum += get32(e + 8);
    }
    return sum == col->nnumbers && get32(col->starts) == 0 &&
           get32(col->starts + (size_t)last * 4) == col->nnumbers;
}

/* Reads the slot entries after the header; 0 if the sections follow
 * each other from the entries to the end of the file, as written. */
static int read_entries(cab_fcol *c, const unsigned char *base, uint32_t nslots)
{
    uint64_t starts_bytes = ((uint64_t)c->last + 1) * 4;
    uint64_t next = (uint64_t)CAB_FCOL_HEADER + (uint64_t)nslots * CAB_FCOL_ENTRY;

    if ((uint64_t)CAB_FCOL_HEADER + (uint64_t)nslots * CAB_FCOL_ENTRY > c->size)
        return -1;
    c->columns = cab_calloc(nslots ? nslots : 1, sizeof *c->columns);
    if (!c->columns)
        return -1;
    c->ncolumns = nslots;
    for (uint32_t i = 0; i < nslots; i++) {
        const unsigned char *e = base + CAB_FCOL_HEADER + (size_t)i * CAB_FCOL_ENTRY;
        struct column *col = &c->columns[i];
        uint64_t off = get64(e + 16), need;

        col->slot = get32(e);
        col->split = get32(e + 4) != 0;
        col->nvalues = get32(e + 8);
        col->nnumbers = get32(e + 12);
        col->strings_len = get32(e + 24);
        need = (uint64_t)col->nvalues * 12 + starts_bytes + (uint64_t)col->nnumbers * 4 +
               col->strings_len;
        if (off != next || off > c->size || need > c->size - off)
            return -1;
        next = off + ((need + 3) & ~(uint64_t)3);
        col->dict = base + off;
        col->starts = col->dict + (size_t)col->nvalues * 12;
        col->numbers = col->starts + starts_bytes;
        col->strings = (const char *)(col->numbers + (size_t)col->nnumbers * 4);
        if (!column_consistent(col, c->last))
            return -1;
    }
    return next == c->size ? 0 : -1;
}

cab_status cab_fcol_open(const char *dbpath, xw_db *db, cab_fcol **out)
{
    char dir[PATH_MAX], path[PATH_MAX + sizeof CAB_FCOL_FILE + 1], uuid[XW_UUID_SIZE];
    char stored[CAB_FCOL_UUID + 1];
    const unsigned char *base;
    struct stat st;
    uint32_t last;
    cab_fcol *c;
    int fd;

    *out = NULL;
    if (database_dir(dbpath, dir, sizeof dir) != 0 || xw_db_uuid(db, uuid) != CAB_OK ||
        xw_db_lastdocid(db, &last) != CAB_OK)
        return CAB_NOT_FOUND;
    snprintf(path, sizeof path, "%s/%s", dir, CAB_FCOL_FILE);
    /* not blocking: a FIFO put there must not hang a search */
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return CAB_NOT_FOUND;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < CAB_FCOL_HEADER) {
        close(fd);
        return CAB_NOT_FOUND;
    }
    c = cab_calloc(1, sizeof *c);
    if (!c) {
        close(fd);
        return CAB_NOMEM;
    }
    c->size = (size_t)st.st_size;
    c->map = mmap(NULL, c->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (c->map == MAP_FAILED) {
        cab_free(c);
        return CAB_NOT_FOUND;
    }
    base = c->map;
    memcpy(stored, base + 8, CAB_FCOL_UUID);
    stored[CAB_FCOL_UUID] = '\0';
    c->revision = get64(base + 48);
    c->last = get32(base + 56);
    c->sep = (char)base[64];
    if (memcmp(base, CAB_FCOL_MAGIC, 8) != 0 || strcmp(stored, uuid) != 0 ||
        c->revision != xw_db_revision(db) || c->last != last ||
        read_entries(c, base, get32(base + 60)) != 0) {
        cab_fcol_close(c);
        return CAB_NOT_FOUND;
    }
    *out = c;
    return CAB_OK;
}

void cab_fcol_close(cab_fcol *c)
{
    if (!c)
        return;
    if (c->map && c->map != MAP_FAILED)
        munmap(c->map, c->size);
    cab_free(c->columns);
    cab_free(c);
}

uint64_t cab_fcol_revision(const cab_fcol *c)
{
    return c->revision;
}

int cab_fcol_find(const cab_fcol *c, unsigned slot, int split, char sep)
{
    for (uint32_t i = 0; i < c->ncolumns; i++)
        if (c->columns[i].slot == slot && c->columns[i].split == (split != 0) &&
            (!split || c->sep == sep))
            return (int)i;
    return -1;
}

uint32_t cab_fcol_values(const cab_fcol *c, int k)
{
    return c->columns[k].nvalues;
}

const char *cab_fcol_value(const cab_fcol *c, int k, uint32_t v, size_t *len)
{
    const struct column *col = &c->columns[k];
    uint32_t off = 0, n = 0;

    if (v < col->nvalues) {
        off = get32(col->dict + (size_t)v * 12);
        n = get32(col->dict + (size_t)v * 12 + 4);
    }
    if (v >= col->nvalues || off > col->strings_len || n > col->strings_len - off) {
        *len = 0;
        return "";
    }
    *len = n;
    return col->strings + off;
}

/* Adds 'step' (1 or -1) to the count of each value number of document d. */
static int tally(const struct column *col, uint32_t d, int step, uint32_t *counts)
{
    uint32_t from = get32(col->starts + (size_t)(d - 1) * 4);
    uint32_t to = get32(col->starts + (size_t)d * 4);

    if (from > to || to > col->nnumbers)
        return -1;
    for (uint32_t j = from; j < to; j++) {
        uint32_t v = get32(col->numbers + (size_t)j * 4);

        if (v >= col->nvalues || (step < 0 && counts[v] == 0))
            return -1;
        counts[v] += (uint32_t)step;
    }
    return 0;
}

cab_status cab_fcol_count(const cab_fcol *c, int k, const uint32_t *docids, size_t n,
                          uint32_t *counts)
{
    const struct column *col = &c->columns[k];
    size_t next = 0;

    if (n > c->last || c->last - n >= n) {
        memset(counts, 0, (size_t)col->nvalues * sizeof *counts);
        for (size_t i = 0; i < n; i++)
            if (docids[i] == 0 || docids[i] > c->last || tally(col, docids[i], 1, counts) != 0)
                return CAB_DB_CORRUPT;
        return CAB_OK;
    }
    /* most documents match: start from the totals, take the others away */
    for (uint32_t v = 0; v < col->nvalues; v++)
        counts[v] = get32(col->dict + (size_t)v * 12 + 8);
    for (uint32_t d = 1; d <= c->last; d++) {
        if (next < n && docids[next] == d) {
            next++;
            continue;
        }
        if (tally(col, d, -1, counts) != 0)
            return CAB_DB_CORRUPT;
    }
    return next == n ? CAB_OK : CAB_DB_CORRUPT;
}

/* Whether value a of the column ranks before value b: the higher count
 * first, then the smaller bytes (as a facet lists its values). */
static int ranks_before(const cab_fcol *c, int k, const uint32_t *counts, uint32_t a,
                        uint32_t b)
{
    size_t la, lb;
    const char *va, *vb;
    int cmp;

    if (counts[a] != counts[b])
        return counts[a] > counts[b];
    va = cab_fcol_value(c, k, a, &la);
    vb = cab_fcol_value(c, k, b, &lb);
    cmp = memcmp(va, vb, la < lb ? la : lb);
    return cmp < 0 || (cmp == 0 && la < lb);
}

/* Heap of value numbers with the one ranking last at the root. */
static void sift_last_up(const cab_fcol *c, int k, const uint32_t *counts, uint32_t *heap,
                         size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, last = i;
        uint32_t t;

        if (l < n && ranks_before(c, k, counts, heap[last], heap[l]))
            last = l;
        if (r < n && ranks_before(c, k, counts, heap[last], heap[r]))
            last = r;
        if (last == i)
            return;
        t = heap[i];
        heap[i] = heap[last];
        heap[last] = t;
        i = last;
    }
}

size_t cab_fcol_top(const cab_fcol *c, int k, const uint32_t *counts, size_t top,
                    uint32_t *best, size_t *distinct)
{
    uint32_t nv = c->columns[k].nvalues;
    size_t n = 0;

    *distinct = 0;
    for (uint32_t v = 0; v < nv; v++) {
        if (counts[v] == 0)
            continue;
        ++*distinct;
        if (n < top) {
            best[n++] = v;
            if (n == top)
                for (size_t i = n / 2; i-- > 0;)
                    sift_last_up(c, k, counts, best, n, i);
        } else if (top > 0 && ranks_before(c, k, counts, v, best[0])) {
            best[0] = v;
            sift_last_up(c, k, counts, best, n, 0);
        }
    }
    if (n < top)
        for (size_t i = n / 2; i-- > 0;)
            sift_last_up(c, k, counts, best, n, i);
    /* take the last one off the heap, one at a time, to the end */
    for (size_t m = n; m > 1; m--) {
        uint32_t t = best[0];

        best[0] = best[m - 1];
        best[m - 1] = t;
        sift_last_up(c, k, counts, best, m - 1, 0);
    }
    return n;
}
