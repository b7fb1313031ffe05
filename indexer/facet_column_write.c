/* Writing facet columns (include/facet_column.h): each slot's value
 * stream is read once, its distinct values numbered in the order first
 * seen, and the file written whole under a temporary name, synced and
 * renamed into place. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cab_buf.h"
#include "cab_hash.h"
#include "cab_mem.h"
#include "facet_column.h"

/* Distinct values and value numbers a column holds at most: the counts
 * are 32-bit. */
#define MAX_NUMBERS UINT32_MAX

struct dict_entry {
    uint32_t off, len, count;
    uint64_t hash;
};

/* One slot's column as it is built. */
struct builder {
    int split;
    char sep;
    uint32_t last;
    struct dict_entry *entries;
    size_t n_entries, cap_entries;
    uint32_t *table;            /* 0 empty, else entry index + 1 */
    size_t table_size;
    struct cab_buf strings;
    uint32_t *starts;           /* last + 1 */
    uint32_t *numbers;
    size_t n_numbers, cap_numbers;
    uint32_t filled;            /* starts[0..filled] are set */
    cab_status st;
};

static int grow_table(struct builder *b)
{
    size_t n = b->table_size ? b->table_size * 2 : 1024;
    uint32_t *t = cab_calloc(n, sizeof *t);

    if (!t)
        return -1;
    for (size_t i = 0; i < b->n_entries; i++) {
        size_t j = b->entries[i].hash & (n - 1);

        while (t[j] != 0)
            j = (j + 1) & (n - 1);
        t[j] = (uint32_t)(i + 1);
    }
    cab_free(b->table);
    b->table = t;
    b->table_size = n;
    return 0;
}

/* The number of value p[0..len), a new one if not seen before. */
static cab_status number_of(struct builder *b, const char *p, size_t len, uint32_t *out)
{
    uint64_t h = cab_fnv1a(p, len);
    size_t j;

    if ((b->n_entries + 1) * 2 > b->table_size && grow_table(b) != 0)
        return CAB_NOMEM;
    for (j = h & (b->table_size - 1); b->table[j] != 0; j = (j + 1) & (b->table_size - 1)) {
        struct dict_entry *e = &b->entries[b->table[j] - 1];

        if (e->hash == h && e->len == len && memcmp(b->strings.data + e->off, p, len) == 0) {
            *out = b->table[j] - 1;
            return CAB_OK;
        }
    }
    if (b->n_entries >= MAX_NUMBERS || b->strings.len > UINT32_MAX - len)
        return CAB_TOO_LARGE;
    if (b->n_entries == b->cap_entries) {
        size_t cap = b->cap_entries ? b->cap_entries * 2 : 256;
        struct dict_entry *e = cab_realloc(b->entries, cap * sizeof *e);

        if (!e)
            return CAB_NOMEM;
        b->entries = e;
        b->cap_entries = cap;
    }
    if (cab_buf_add(&b->strings, p, len) != CAB_OK)
        return CAB_NOMEM;
    b->entries[b->n_entries] = (struct dict_entry){ (uint32_t)(b->strings.len - len),
                                                    (uint32_t)len, 0, h };
    b->table[j] = (uint32_t)(b->n_entries + 1);
    *out = (uint32_t)b->n_entries++;
    return CAB_OK;
}

static cab_status add_number(struct builder *b, uint32_t v)
{
    if (b->n_numbers >= MAX_NUMBERS)
        return CAB_TOO_LARGE;
    if (b->n_numbers == b->cap_numbers) {
        size_t cap = b->cap_numbers ? b->cap_numbers * 2 : 4096;
        uint32_t *n = cab_realloc(b->numbers, cap * sizeof *n);

        if (!n)
            return CAB_NOMEM;
        b->numbers = n;
        b->cap_numbers = cap;
    }
    b->numbers[b->n_numbers++] = v;
    b->entries[v].count++;
    return CAB_OK;
}

/* One part of a document's value. */
static cab_status add_part(struct builder *b, const char *p, size_t len)
{
    uint32_t v;
    cab_status st;

    if (len == 0)
        return CAB_OK;
    st = number_of(b, p, len, &v);
    return st == CAB_OK ? add_number(b, v) : st;
}

/* xw_value_fn: one document's value, split into parts if asked. */
static int take_value(uint32_t docid, const char *value, size_t len, void *ctx)
{
    struct builder *b = ctx;
    const char *end = value + len;

    if (docid == 0 || docid > b->last || docid <= b->filled) {
        b->st = CAB_INTERNAL; /* the stream is in ascending order within 1..last */
        return 1;
    }
    while (b->filled < docid - 1)
        b->starts[++b->filled] = (uint32_t)b->n_numbers;
    while (b->split && value < end) {
        const char *s = memchr(value, b->sep, (size_t)(end - value));
        size_t n = s ? (size_t)(s - value) : (size_t)(end - value);

        b->st = add_part(b, value, n);
        if (b->st != CAB_OK)
            return 1;
        value += n + (s ? 1 : 0);
    }
    if (!b->split)
        b->st = add_part(b, value, len);
    if (b->st != CAB_OK)
        return 1;
    b->starts[++b->filled] = (uint32_t)b->n_numbers;
    return 0;
}

static void builder_release(struct builder *b)
{
    cab_free(b->entries);
    cab_free(b->table);
    cab_buf_release(&b->strings);
    cab_free(b->starts);
    cab_free(b->numbers);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static int write_all(int fd, const void *p, size_t len)
{
    const char *c = p;

    while (len > 0) {
        ssize_t w = write(fd, c, len);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Writes 32-bit numbers little endian, a block at a time. */
static int write_u32s(int fd, const uint32_t *v, size_t n)
{
    unsigned char block[4096];

    while (n > 0) {
        size_t k = n < sizeof block / 4 ? n : sizeof block / 4;

        for (size_t i = 0; i < k; i++)
            put32(block + 4 * i, v[i]);
        if (write_all(fd, block, 4 * k) != 0)
            return -1;
        v += k;
        n -= k;
    }
    return 0;
}

/* The size of a slot's section, padded to 4 bytes. */
static uint64_t section_size(const struct builder *b)
{
    return (uint64_t)b->n_entries * 12 + ((uint64_t)b->last + 1) * 4 + (uint64_t)b->n_numbers * 4 +
           ((b->strings.len + 3) & ~(size_t)3);
}

static int write_section(int fd, const struct builder *b)
{
    static const char zeros[4];
    unsigned char e[12];

    for (size_t i = 0; i < b->n_entries; i++) {
        put32(e, b->entries[i].off);
        put32(e + 4, b->entries[i].len);
        put32(e + 8, b->entries[i].count);
        if (write_all(fd, e, sizeof e) != 0)
            return -1;
    }
    if (write_u32s(fd, b->starts, (size_t)b->last + 1) != 0 ||
        write_u32s(fd, b->numbers, b->n_numbers) != 0 ||
        (b->strings.len > 0 && write_all(fd, b->strings.data, b->strings.len) != 0))
        return -1;
    return write_all(fd, zeros, ((b->strings.len + 3) & ~(size_t)3) - b->strings.len);
}

static int write_file(int fd, const char *uuid, uint64_t rev, uint32_t last, char sep,
                      const unsigned *slots, struct builder *b, size_t n)
{
    unsigned char head[CAB_FCOL_HEADER] = { 0 };
    uint64_t off = CAB_FCOL_HEADER + (uint64_t)n * CAB_FCOL_ENTRY;

    memcpy(head, CAB_FCOL_MAGIC, 8);
    memcpy(head + 8, uuid, strlen(uuid));
    put64(head + 48, rev);
    put32(head + 56, last);
    put32(head + 60, (uint32_t)n);
    head[64] = (unsigned char)sep;
    if (write_all(fd, head, sizeof head) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char e[CAB_FCOL_ENTRY] = { 0 };

        put32(e, slots[i]);
        put32(e + 4, b[i].split ? 1 : 0);
        put32(e + 8, (uint32_t)b[i].n_entries);
        put32(e + 12, (uint32_t)b[i].n_numbers);
        put64(e + 16, off);
        put32(e + 24, (uint32_t)b[i].strings.len);
        if (write_all(fd, e, sizeof e) != 0)
            return -1;
        off += section_size(&b[i]);
    }
    for (size_t i = 0; i < n; i++)
        if (write_section(fd, &b[i]) != 0)
            return -1;
    return fsync(fd);
}

/* Whether the file in 'dir' already describes 'db' as it is, every slot
 * counted the way asked: the reader's own checks decide. */
static int current(xw_db *db, const char *dir, const unsigned *slots,
                   const unsigned char *split, size_t n, char sep)
{
    cab_fcol *c;
    int ok = 1;

    if (cab_fcol_open(dir, db, &c) != CAB_OK)
        return 0;
    for (size_t i = 0; i < n && ok; i++)
        ok = cab_fcol_find(c, slots[i], split && split[i], sep) >= 0;
    cab_fcol_close(c);
    return ok;
}

static cab_status build_columns(xw_db *db, const unsigned *slots, const unsigned char *split,
                                size_t n, char sep, uint32_t last, struct builder *b,
                                char err[CAB_ERR_SIZE])
{
    for (size_t i = 0; i < n; i++) {
        cab_status st;

        b[i].split = split && split[i];
        b[i].sep = sep;
        b[i].last = last;
        cab_buf_init(&b[i].strings, UINT32_MAX);
        b[i].starts = cab_calloc((size_t)last + 1, sizeof *b[i].starts);
        if (!b[i].starts) {
            cab_err_set(err, "out of memory building the facet columns");
            return CAB_NOMEM;
        }
        st = xw_db_slot_values(db, slots[i], take_value, &b[i]);
        if (st == CAB_OK)
            st = b[i].st;
        if (st == CAB_TOO_LARGE)
            return st;
        if (st != CAB_OK) {
            cab_err_set(err, "cannot build the facet column of slot %u: %s", slots[i],
                        st == CAB_NOMEM ? "out of memory" : xw_db_errmsg(db));
            return st;
        }
        while (b[i].filled < last)
            b[i].starts[++b[i].filled] = (uint32_t)b[i].n_numbers;
    }
    return CAB_OK;
}

cab_status cab_fcol_write(xw_db *db, const char *dir, const unsigned *slots,
                          const unsigned char *split, size_t n, char sep,
                          char err[CAB_ERR_SIZE])
{
    char path[PATH_MAX], tmp[PATH_MAX], uuid[XW_UUID_SIZE];
    struct builder *b;
    uint32_t last;
    uint64_t rev = xw_db_revision(db);
    cab_status st;
    int fd;

    if (xw_db_uuid(db, uuid) != CAB_OK || xw_db_lastdocid(db, &last) != CAB_OK) {
        cab_err_set(err, "cannot read the identity of the database in '%s': %s", dir,
                    xw_db_errmsg(db));
        return CAB_DB_ERROR;
    }
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, CAB_FCOL_FILE) >= sizeof path ||
        (size_t)snprintf(tmp, sizeof tmp, "%s/%s.new", dir, CAB_FCOL_FILE) >= sizeof tmp) {
        cab_err_set(err, "path too long: '%s'", dir);
        return CAB_TOO_LARGE;
    }
    if (current(db, dir, slots, split, n, sep))
        return CAB_OK;
    b = cab_calloc(n ? n : 1, sizeof *b);
    if (!b) {
        cab_err_set(err, "out of memory building the facet columns");
        return CAB_NOMEM;
    }
    st = build_columns(db, slots, split, n, sep, last, b, err);
    if (st == CAB_TOO_LARGE) {
        /* beyond 32-bit counts: no column, searches count through Xapian */
        st = unlink(path) == 0 || errno == ENOENT ? CAB_OK : CAB_IO;
        if (st != CAB_OK)
            cab_err_set(err, "cannot remove '%s': %s", path, strerror(errno));
    } else if (st == CAB_OK) {
        int failed, saved;

        /* a fresh file: never through whatever a crash or a hand left at 'tmp' */
        unlink(tmp);
        failed = (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0;
        saved = errno;

        if (!failed) {
            failed = write_file(fd, uuid, rev, last, sep, slots, b, n) != 0;
            saved = errno;
            if (close(fd) != 0 && !failed) {
                failed = 1;
                saved = errno;
            }
        }
        if (!failed && rename(tmp, path) != 0) {
            failed = 1;
            saved = errno;
        }
        if (failed) {
            unlink(tmp);
            cab_err_set(err, "cannot write '%s': %s", path, strerror(saved));
            st = saved == ENOSPC ? CAB_DB_FULL : CAB_IO;
        }
    }
    for (size_t i = 0; i < n; i++)
        builder_release(&b[i]);
    cab_free(b);
    return st;
}
