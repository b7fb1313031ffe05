/* The index run: from sources to the Xapian index, incrementally.
 *
 * Database layout.  The --db path is a directory:
 *
 *   DB/XAPIANDB        stub file listing the live database(s), one line each,
 *                      relative to DB: "glass gen-3", or with shards
 *                      "glass gen-3/shard-0", "glass gen-3/shard-1", ...
 *   DB/gen-N/          the live generation (a glass database, or shard-I/
 *                      directories holding one each)
 *   DB/lock            the writer lock (flock), holding the writer's pid
 *
 * Readers open DB itself (Xapian takes a directory holding XAPIANDB as a
 * stub), so `xapian-delve DB` works and `xapian-check DB/gen-N` checks one
 * generation.  A full rebuild (--full, the first run, or a new shard
 * count) writes segments in DB/build-N (indexer/segments.h), merges them
 * into DB/gen-N, then switches by
 * writing XAPIANDB.tmp, fsync and rename(2) over XAPIANDB; the previous
 * generation is removed afterwards (open readers keep their files; a
 * reader that then fails reopens by path).  Leftovers of an interrupted
 * rebuild (any build-* or gen-* not listed in XAPIANDB) are removed by
 * the next run, under the lock.  A live generation is never deleted or
 * replaced while it is listed.  --compact compacts the live generation
 * into the next one and switches the same way.
 *
 * Document layout (indexer/document.c builds it, schema.h names it):
 *
 *   terms    Q+ID (unique); words of subject and text, lower case, with
 *            positions (subject first, then a gap of 100, then the text);
 *            Z+stem of each word; subject words with wdf CAB_SUBJECT_WDF
 *            and also S+word (positions) and ZS+stem; boolean K+tag,
 *            XC+country, XO+origin, XOW+origin word, XL+level,
 *            XM+marking, XV+caveat, XP+person, XPW+person word, XG+place,
 *            XR+cited ID, XY+year, XN+year-month, XS+source path
 *   values   the slots of schema.h; CAB_SLOT_HASH is the content hash
 *            (every field except the source), CAB_SLOT_SOURCE "path\noffset"
 *   data     the whole cable, corpus/record.c
 *   spelling words of four letters or more of subject and text of the
 *            cables written, counted per batch by the writer (replaced
 *            cables add their words again)
 *
 * Metadata.  For each source file read to its end: key "src:" + absolute
 * path (or "src:#" + a hash of it when the path is long) holding
 * "SIZE MTIME_NS\nPATH\nID\nID...": what it held when last read.  With
 * shards it lives in shard 0.
 *
 * An incremental run:
 *   1. sources recorded under a SOURCE directory given to this run but no
 *      longer there are dropped: each ID whose document came from them is
 *      removed, and any other recorded source of that ID is read again;
 *   2. every source whose size or mtime differs from its record (or that
 *      is new, or forced by 1 or 3) is read: each cable is added if its ID
 *      is new, replaced if its content hash or source differs, else left
 *      alone; IDs the source held before but no longer holds are removed
 *      when their document came from it (and other sources of the ID are
 *      read again);
 *   3. a source whose size and mtime are unchanged is not read at all.
 * The same cable in several sources is one document: the version from the
 * best format wins (html, then text, then csv, then telegram), then the
 * smaller path, then the smaller offset.  Standard input ("-") is always
 * read and never recorded.
 *
 * Sources are read, extracted and built into documents on --jobs threads
 * (indexer/pipeline.c); this file takes them in input order, so the index
 * is the same whatever the number of threads.  An incremental run writes
 * them itself; a full build hands them to --jobs segment writers
 * (indexer/segments.c) and, as segments cannot be searched meanwhile,
 * keeps what it wrote of each ID in memory to settle duplicates.
 *
 * Batches of about CAB_INDEX_BATCH cables are one transaction each; a source's
 * record is written in the transaction of its last document, so after a
 * crash the index holds whole batches and the next run reads again any
 * source whose record did not make it.  The summary counts are net:
 * added = IDs new to the index, changed = IDs rewritten, removed = IDs
 * gone, unchanged = the rest of the index.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "corpus.h"
#include "document.h"
#include "extract.h"
#include "gazetteer.h"
#include "indexer.h"
#include "pipeline.h"
#include "record.h"
#include "schema.h"
#include "segments.h"
#include "xw.h"

/* snprintf into an error buffer; the message may be cut, never overrun. */
static void set_err(char *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_err(char *err, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, CAB_ERR_SIZE, fmt, ap);
    va_end(ap);
}

#define STUB_NAME "XAPIANDB"
#define META_PREFIX "src:"
/* Longest metadata key written as "src:" + path. */
#define META_KEY_MAX 190
/* Largest stub file read. */
#define STUB_MAX 65536

enum id_state { ID_NONE = 0, ID_ADDED, ID_CHANGED, ID_REMOVED };

struct id_slot {
    char *id;            /* owned; NULL: empty */
    enum id_state state;
    /* Full builds: the version written, to settle a later duplicate. */
    char *path;          /* owned; NULL: none written */
    uint64_t offset;
    int rank;            /* format_rank() */
    int rewritten;       /* written more than once */
};

/* What a run changed, per ID (so the summary counts are net). */
struct id_map {
    struct id_slot *v;
    size_t n, cap;
};

/* One recorded source, from the metadata. */
struct src_rec {
    char *key;           /* metadata key, owned */
    char *path;          /* owned */
    uint64_t size;
    int64_t mtime_ns;
    char **ids;          /* owned */
    size_t n_ids;
    int seen;            /* found by this run's walk */
};

struct run {
    const struct cab_index_opts *o;
    struct cab_index_stats *stats;
    cab_index_report_fn report;
    void *ctx;
    char *err;

    char dbdir[PATH_MAX];
    char live[64];               /* live generation name, "" if none */
    int switched;                /* the stub now names the new generation */
    unsigned live_shards;
    unsigned shards;
    unsigned next_gen;
    int full;
    unsigned jobs;               /* reading threads */

    xw_db *w[CAB_MAX_SHARDS];    /* writers (not in a dry run) */
    xw_db *r;                    /* reader for a dry run, maybe NULL */
    cab_segments *seg;           /* full build (not in a dry run) */
    size_t pending;              /* writes in the open transaction */
    int in_txn;

    cab_doc_builder *builder;
    struct id_map ids;
    struct src_rec *recs;
    size_t n_recs, cap_recs;
    struct cab_source_list src;
    size_t cables;               /* read this run */
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;

    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ULL;
    }
    return h;
}

static void report(struct run *r, enum cab_index_event ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(struct run *r, enum cab_index_event ev, const char *fmt, ...)
{
    char msg[CAB_ERR_SIZE + 256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->report(ev, msg, r->ctx);
}

/* ---------------------------------------------------------------- ID map */

static struct id_slot *id_find(struct id_map *m, const char *id, int create)
{
    size_t i;

    if (m->cap == 0 || (create && 2 * (m->n + 1) > m->cap)) {
        size_t cap = m->cap ? 2 * m->cap : 1024;
        struct id_slot *v;

        if (!create && m->cap == 0)
            return NULL;
        v = cab_calloc(cap, sizeof *v);
        if (!v)
            return NULL;
        for (size_t k = 0; k < m->cap; k++) {
            if (!m->v[k].id)
                continue;
            i = fnv1a(m->v[k].id) & (cap - 1);
            while (v[i].id)
                i = (i + 1) & (cap - 1);
            v[i] = m->v[k];
        }
        cab_free(m->v);
        m->v = v;
        m->cap = cap;
    }
    i = fnv1a(id) & (m->cap - 1);
    while (m->v[i].id) {
        if (strcmp(m->v[i].id, id) == 0)
            return &m->v[i];
        i = (i + 1) & (m->cap - 1);
    }
    if (!create)
        return NULL;
    m->v[i].id = cab_strdup(id);
    if (!m->v[i].id)
        return NULL;
    m->v[i].state = ID_NONE;
    m->n++;
    return &m->v[i];
}

static void id_map_release(struct id_map *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        cab_free(m->v[i].id);
        cab_free(m->v[i].path);
    }
    cab_free(m->v);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- files */

static cab_status path_in(struct run *r, char *out, const char *name)
{
    if ((size_t)snprintf(out, PATH_MAX, "%s/%s", r->dbdir, name) >= PATH_MAX) {
        set_err(r->err, "database path too long '%s'", r->dbdir);
        return CAB_TOO_LARGE;
    }
    return CAB_OK;
}

static uint64_t dir_size(const char *path)
{
    struct stat st;
    uint64_t total = 0;
    struct dirent *e;
    DIR *d;

    if (lstat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return (uint64_t)st.st_size;
    d = opendir(path);
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char sub[PATH_MAX];

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < sizeof sub)
            total += dir_size(sub);
    }
    closedir(d);
    return total;
}

static void remove_tree(const char *path)
{
    struct stat st;
    struct dirent *e;
    DIR *d;

    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    d = opendir(path);
    if (d) {
        while ((e = readdir(d)) != NULL) {
            char sub[PATH_MAX];

            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < sizeof sub)
                remove_tree(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

/* Reads XAPIANDB: the live generation and its shard count. */
static cab_status read_stub(struct run *r)
{
    char path[PATH_MAX], buf[STUB_MAX];
    ssize_t n;
    char *line, *save = NULL;
    int fd;
    cab_status rc = path_in(r, path, STUB_NAME);

    r->live[0] = '\0';
    r->live_shards = 0;
    if (rc != CAB_OK)
        return rc;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return CAB_OK;
        set_err(r->err, "cannot open '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) {
        set_err(r->err, "cannot read '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    buf[n] = '\0';
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *name = line, *slash;

        if (strncmp(name, "glass ", 6) != 0 || strncmp(name + 6, "gen-", 4) != 0) {
            set_err(r->err, "'%s' is not a cables index stub: '%s'", path,
                     line);
            return CAB_DB_CORRUPT;
        }
        name += 6;
        slash = strchr(name, '/');
        if (slash)
            *slash = '\0';
        if (strlen(name) >= sizeof r->live) {
            set_err(r->err, "generation name too long in '%s'", path);
            return CAB_DB_CORRUPT;
        }
        strcpy(r->live, name);
        r->live_shards++;
    }
    if (r->live_shards > CAB_MAX_SHARDS) {
        set_err(r->err, "'%s' lists too many shards", path);
        return CAB_DB_CORRUPT;
    }
    return CAB_OK;
}

/* The path of shard 'i' of generation 'gen' (a build directory or a
 * generation), relative to the database directory. */
static void shard_rel(char *out, size_t cap, const char *gen, unsigned shards, unsigned i)
{
    if (shards <= 1)
        snprintf(out, cap, "%s", gen);
    else
        snprintf(out, cap, "%s/shard-%u", gen, i);
}

/* fsync of one file or directory, reported as an error of the run. */
static cab_status sync_path(struct run *r, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    int ok = fd >= 0 && fsync(fd) == 0;
    int saved = errno;

    if (fd >= 0)
        close(fd);
    if (!ok) {
        set_err(r->err, "cannot sync '%s': %s", path, strerror(saved));
        return CAB_IO;
    }
    return CAB_OK;
}

/* fsync of every file and directory under 'path': a new generation must
 * be on disk before the stub names it (Xapian's compaction does not
 * report every failed sync). */
static cab_status sync_tree(struct run *r, const char *path)
{
    char sub[PATH_MAX];
    struct dirent *e;
    cab_status rc = CAB_OK;
    DIR *d = opendir(path);

    if (!d) {
        set_err(r->err, "cannot read '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    while (rc == CAB_OK && (e = readdir(d)) != NULL) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub) {
            set_err(r->err, "path too long under '%s'", path);
            rc = CAB_TOO_LARGE;
        } else if (lstat(sub, &st) != 0) {
            set_err(r->err, "cannot read '%s': %s", sub, strerror(errno));
            rc = CAB_IO;
        } else if (S_ISDIR(st.st_mode)) {
            rc = sync_tree(r, sub);
        } else if (S_ISREG(st.st_mode)) {
            rc = sync_path(r, sub);
        }
    }
    closedir(d);
    return rc == CAB_OK ? sync_path(r, path) : rc;
}

/* Switches readers to generation 'gen' atomically. */
static cab_status write_stub(struct run *r, const char *gen, unsigned shards)
{
    char tmp[PATH_MAX], final[PATH_MAX], rel[PATH_MAX];
    struct cab_buf b;
    cab_status rc;
    int fd, ok;

    rc = path_in(r, tmp, STUB_NAME ".tmp");
    if (rc == CAB_OK)
        rc = path_in(r, final, STUB_NAME);
    if (rc != CAB_OK)
        return rc;
    cab_buf_init(&b, STUB_MAX);
    for (unsigned i = 0; i < shards && rc == CAB_OK; i++) {
        shard_rel(rel, sizeof rel, gen, shards, i);
        rc = cab_buf_addf(&b, "glass %s\n", rel);
    }
    if (rc != CAB_OK) {
        cab_buf_release(&b);
        set_err(r->err, "cannot write '%s': %s", tmp, cab_status_str(rc));
        return rc;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ok = fd >= 0 && write(fd, b.data, b.len) == (ssize_t)b.len && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    cab_buf_release(&b);
    if (!ok || rename(tmp, final) != 0) {
        set_err(r->err, "cannot write '%s': %s", final, strerror(errno));
        unlink(tmp);
        return CAB_IO;
    }
    r->switched = 1;
    /* Until the directory is synced the rename may not survive a crash, so
     * a failure here keeps the previous generation on disk too. */
    return sync_path(r, r->dbdir);
}

/* Removes leftovers of interrupted runs and finds the next generation number. */
static void sweep(struct run *r, int remove)
{
    struct dirent *e;
    DIR *d = opendir(r->dbdir);

    r->next_gen = 1;
    if (!d)
        return;
    while ((e = readdir(d)) != NULL) {
        unsigned n;
        char path[PATH_MAX];

        if (sscanf(e->d_name, "gen-%u", &n) != 1 && sscanf(e->d_name, "build-%u", &n) != 1)
            continue;
        if (n >= r->next_gen)
            r->next_gen = n + 1;
        if (!remove || strcmp(e->d_name, r->live) == 0)
            continue;
        if (path_in(r, path, e->d_name) == CAB_OK)
            remove_tree(path);
    }
    closedir(d);
}

/* ---------------------------------------------------------------- writers */

static unsigned shard_of(const struct run *r, const char *id)
{
    return r->shards > 1 ? (unsigned)(fnv1a(id) % r->shards) : 0;
}

static cab_status db_fail(struct run *r, cab_status rc, xw_db *db, const char *what)
{
    set_err(r->err, "%s: %s", what, xw_db_errmsg(db));
    return rc;
}

static cab_status open_writers(struct run *r, const char *gen, enum xw_open_mode mode)
{
    char rel[PATH_MAX], path[PATH_MAX];
    cab_status rc = CAB_OK;

    if (mode == XW_CREATE_OR_OVERWRITE && r->shards > 1) {
        if (path_in(r, path, gen) != CAB_OK)
            return CAB_TOO_LARGE;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            set_err(r->err, "cannot create '%s': %s", path, strerror(errno));
            return CAB_IO;
        }
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        shard_rel(rel, sizeof rel, gen, r->shards, i);
        rc = path_in(r, path, rel);
        if (rc == CAB_OK) {
            char why[CAB_ERR_SIZE];

            rc = xw_db_open_writable(path, mode, &r->w[i], why);
            if (rc != CAB_OK)
                set_err(r->err, "cannot open '%s' for writing: %s", path, why);
        }
    }
    return rc;
}

static void close_writers(struct run *r)
{
    for (unsigned i = 0; i < CAB_MAX_SHARDS; i++) {
        xw_db_close(r->w[i]);
        r->w[i] = NULL;
    }
}

static cab_status begin(struct run *r)
{
    cab_status rc;

    if (r->o->dry_run || r->seg || r->in_txn)
        return CAB_OK;
    for (unsigned i = 0; i < r->shards; i++) {
        rc = xw_db_begin(r->w[i]);
        if (rc != CAB_OK)
            return db_fail(r, rc, r->w[i], "cannot begin a transaction");
    }
    r->in_txn = 1;
    r->pending = 0;
    return CAB_OK;
}

/* Commits every shard; shard 0, which holds the source records, last. */
static cab_status commit(struct run *r)
{
    cab_status rc;

    if (r->o->dry_run || r->seg || !r->in_txn)
        return CAB_OK;
    rc = cab_doc_spelling_flush(r->builder, r->w[0]);
    if (rc != CAB_OK)
        return db_fail(r, rc, r->w[0], "cannot add spelling words");
    for (unsigned k = r->shards; k-- > 0;) {
        rc = xw_db_commit_transaction(r->w[k]);
        if (rc != CAB_OK)
            return db_fail(r, rc, r->w[k], "cannot commit");
    }
    r->in_txn = 0;
    return CAB_OK;
}

/* Weights of the writes in a batch: a batch holds CAB_INDEX_BATCH
 * documents or removals, fewer when source records come between them. */
#define WEIGHT_DOC 4
#define WEIGHT_RECORD 1

/* Before each write: commit a full batch, open a transaction. */
static cab_status before_write(struct run *r, unsigned weight)
{
    cab_status rc = CAB_OK;

    if (r->in_txn && r->pending >= (size_t)CAB_INDEX_BATCH * WEIGHT_DOC)
        rc = commit(r);
    if (rc == CAB_OK)
        rc = begin(r);
    r->pending += weight;
    return rc;
}

/* The reader of existing documents: the writer of the ID's shard, or the
 * live index in a dry run. */
static xw_db *lookup_db(struct run *r, const char *id)
{
    return r->o->dry_run ? r->r : r->w[shard_of(r, id)];
}

/* Value 'slot' of the document of 'idterm' into a new string ("" if none);
 * *found says whether the document exists. */
static cab_status existing_value(struct run *r, const char *id, const char *idterm,
                                 enum cab_slot slot, char **out, int *found)
{
    xw_db *db = lookup_db(r, id);
    xw_doc *doc = NULL;
    uint32_t docid;
    const char *v;
    size_t len;
    cab_status rc;

    *out = NULL;
    *found = 0;
    if (!db)
        return CAB_OK;
    rc = xw_db_find(db, idterm, &docid);
    if (rc == CAB_NOT_FOUND)
        return CAB_OK;
    if (rc == CAB_OK)
        rc = xw_db_get_doc(db, docid, &doc);
    if (rc != CAB_OK)
        return db_fail(r, rc, db, "cannot read the index");
    v = xw_doc_value(doc, (unsigned)slot, &len);
    *out = cab_strndup(v, len);
    xw_doc_free(doc);
    if (!*out)
        return CAB_NOMEM;
    *found = 1;
    return CAB_OK;
}

/* The cable stored for 'idterm' (for precedence), or NULL. */
static cab_status existing_cable(struct run *r, const char *id, const char *idterm,
                                 struct cable **out)
{
    xw_db *db = lookup_db(r, id);
    xw_doc *doc = NULL;
    uint32_t docid;
    const char *data;
    size_t len;
    cab_status rc;

    *out = NULL;
    if (!db || xw_db_find(db, idterm, &docid) != CAB_OK)
        return CAB_OK;
    rc = xw_db_get_doc(db, docid, &doc);
    if (rc != CAB_OK)
        return db_fail(r, rc, db, "cannot read the index");
    data = xw_doc_data(doc, &len);
    if (cab_record_decode(data, len, out) != CAB_OK)
        *out = NULL;
    xw_doc_free(doc);
    return CAB_OK;
}

static int format_rank(enum cab_format f)
{
    switch (f) {
    case CAB_FORMAT_HTML:     return 0;
    case CAB_FORMAT_TEXT:     return 1;
    case CAB_FORMAT_CSV:      return 2;
    case CAB_FORMAT_TELEGRAM: return 3;
    case CAB_FORMAT_UNKNOWN:  return 4;
    }
    return 4;
}

/* Whether a version of a cable (format rank, source path and offset)
 * wins over another. */
static int version_wins(int ra, const char *pa, uint64_t oa, int rb, const char *pb,
                        uint64_t ob)
{
    int cmp;

    if (ra != rb)
        return ra < rb;
    cmp = strcmp(pa, pb);
    if (cmp != 0)
        return cmp < 0;
    return oa <= ob;
}

static int wins(const struct cable *a, const struct cable *b)
{
    return version_wins(format_rank(a->format), a->source_path ? a->source_path : "",
                        a->source_offset, format_rank(b->format),
                        b->source_path ? b->source_path : "", b->source_offset);
}

static void mark(struct run *r, const char *id, enum id_state now)
{
    struct id_slot *s = id_find(&r->ids, id, 1);

    if (!s)
        return;
    if (now == ID_REMOVED) {
        /* Added in this run and gone again: no net change. */
        s->state = s->state == ID_ADDED ? ID_NONE : ID_REMOVED;
    } else if (now == ID_ADDED) {
        s->state = s->state == ID_REMOVED ? ID_CHANGED : ID_ADDED;
    } else if (s->state == ID_NONE) {
        s->state = ID_CHANGED;
    }
}

/* ---------------------------------------------------------------- source records */

static void rec_release(struct src_rec *s)
{
    cab_free(s->key);
    cab_free(s->path);
    for (size_t i = 0; i < s->n_ids; i++)
        cab_free(s->ids[i]);
    cab_free(s->ids);
}

static void meta_key(char *out, size_t cap, const char *path)
{
    if (strlen(path) + strlen(META_PREFIX) <= META_KEY_MAX)
        snprintf(out, cap, META_PREFIX "%s", path);
    else
        snprintf(out, cap, META_PREFIX "#%016llx", (unsigned long long)fnv1a(path));
}

/* Parses "SIZE MTIME\nPATH\nID..." into 's' (which owns 'key'). */
static cab_status rec_parse(struct src_rec *s, char *val)
{
    char *line, *save = NULL, *path;
    unsigned long long size;
    long long mtime;

    line = strtok_r(val, "\n", &save);
    path = strtok_r(NULL, "\n", &save);
    if (!line || !path || sscanf(line, "%llu %lld", &size, &mtime) != 2)
        return CAB_BAD_INPUT;
    s->size = size;
    s->mtime_ns = mtime;
    s->path = cab_strdup(path);
    if (!s->path)
        return CAB_NOMEM;
    while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
        char **v = cab_realloc(s->ids, (s->n_ids + 1) * sizeof *v);

        if (!v)
            return CAB_NOMEM;
        s->ids = v;
        s->ids[s->n_ids] = cab_strdup(line);
        if (!s->ids[s->n_ids])
            return CAB_NOMEM;
        s->n_ids++;
    }
    return CAB_OK;
}

struct key_list {
    char **v;
    size_t n;
    cab_status rc;
};

static int collect_key(const char *term, size_t len, uint32_t freq, void *ctx)
{
    struct key_list *k = ctx;
    char **v;

    (void)freq;
    v = cab_realloc(k->v, (k->n + 1) * sizeof *v);
    if (!v) {
        k->rc = CAB_NOMEM;
        return 1;
    }
    k->v = v;
    k->v[k->n] = cab_strndup(term, len);
    if (!k->v[k->n]) {
        k->rc = CAB_NOMEM;
        return 1;
    }
    k->n++;
    return 0;
}

static int cmp_rec(const void *a, const void *b)
{
    return strcmp(((const struct src_rec *)a)->path, ((const struct src_rec *)b)->path);
}

static cab_status load_records(struct run *r, xw_db *db)
{
    struct key_list keys = { NULL, 0, CAB_OK };
    cab_status rc;

    rc = xw_db_metadata_keys(db, META_PREFIX, collect_key, &keys);
    if (rc != CAB_OK)
        rc = db_fail(r, rc, db, "cannot read the source records");
    else
        rc = keys.rc;
    if (rc == CAB_OK && keys.n) {
        r->recs = cab_calloc(keys.n, sizeof *r->recs);
        if (!r->recs)
            rc = CAB_NOMEM;
    }
    for (size_t i = 0; i < keys.n && rc == CAB_OK; i++) {
        struct src_rec *s = &r->recs[r->n_recs];
        char *val = NULL;

        rc = xw_db_get_metadata(db, keys.v[i], &val, NULL);
        if (rc != CAB_OK) {
            rc = db_fail(r, rc, db, "cannot read a source record");
            break;
        }
        s->key = keys.v[i];
        keys.v[i] = NULL;
        r->n_recs++;
        rc = rec_parse(s, val);
        free(val);
        if (rc == CAB_BAD_INPUT) {
            /* A damaged record only costs a re-read of its source. */
            rec_release(s);
            memset(s, 0, sizeof *s);
            r->n_recs--;
            rc = CAB_OK;
        }
    }
    for (size_t i = 0; i < keys.n; i++)
        cab_free(keys.v[i]);
    cab_free(keys.v);
    if (rc == CAB_OK && r->n_recs)
        qsort(r->recs, r->n_recs, sizeof *r->recs, cmp_rec);
    if (rc == CAB_NOMEM)
        set_err(r->err, "out of memory reading the source records");
    return rc;
}

/* The records sorted by path once loaded, so lookups are binary searches. */
static struct src_rec *rec_find(struct run *r, const char *path)
{
    struct src_rec key = { 0 };

    if (r->n_recs == 0)
        return NULL;
    key.path = (char *)path;
    return bsearch(&key, r->recs, r->n_recs, sizeof *r->recs, cmp_rec);
}

/* ---------------------------------------------------------------- changes */

static void id_term(char *out, const char *id)
{
    size_t i = 0;

    out[i++] = 'Q';
    for (; *id && i < CAB_MAX_ID; id++)
        out[i++] = (*id >= 'a' && *id <= 'z') ? (char)(*id - 32) : *id;
    out[i] = '\0';
}

/* Whether the "path\noffset" source value names 'path'. */
static int source_is(const char *value, const char *path)
{
    const char *nl = value ? strrchr(value, '\n') : NULL;
    size_t n = strlen(path);

    return nl && (size_t)(nl - value) == n && memcmp(value, path, n) == 0;
}

/* Queues for reading again every other recorded source holding 'id'. */
static cab_status force_others(struct run *r, const char *id, const char *except)
{
    for (size_t i = 0; i < r->n_recs; i++) {
        struct src_rec *s = &r->recs[i];
        struct stat st;

        if (strcmp(s->path, except) == 0 || stat(s->path, &st) != 0)
            continue;
        for (size_t k = 0; k < s->n_ids; k++) {
            cab_status rc;
            size_t at = r->src.n;

            if (strcmp(s->ids[k], id) != 0)
                continue;
            rc = cab_sources_add(&r->src, s->path, (uint64_t)st.st_size,
                                 (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec);
            if (rc != CAB_OK)
                return rc;
            r->src.v[at].forced = 1;
            break;
        }
    }
    return CAB_OK;
}

/* Removes the document of 'id' if it came from 'path'. */
static cab_status remove_from(struct run *r, const char *id, const char *path)
{
    char idterm[CAB_MAX_ID + 2], *src = NULL;
    int found;
    cab_status rc;

    id_term(idterm, id);
    rc = existing_value(r, id, idterm, CAB_SLOT_SOURCE, &src, &found);
    if (rc != CAB_OK || !found || !source_is(src, path)) {
        cab_free(src);
        return rc;
    }
    cab_free(src);
    rc = before_write(r, WEIGHT_DOC);
    if (rc != CAB_OK)
        return rc;
    if (r->o->dry_run) {
        report(r, CAB_EV_DRY_RUN, "remove %s", id);
    } else {
        xw_db *db = r->w[shard_of(r, id)];

        rc = xw_db_delete(db, idterm);
        if (rc != CAB_OK)
            return db_fail(r, rc, db, "cannot remove a cable");
    }
    mark(r, id, ID_REMOVED);
    r->stats->removed++;
    return force_others(r, id, path);
}

static cab_status write_doc(struct run *r, const struct cable *c, const char *idterm,
                            const xw_doc *doc)
{
    xw_db *db;
    cab_status rc = before_write(r, WEIGHT_DOC);

    if (rc != CAB_OK || r->o->dry_run)
        return rc;
    rc = cab_doc_spelling_count(r->builder, c);
    if (rc != CAB_OK) {
        set_err(r->err, "out of memory counting spelling words");
        return rc;
    }
    db = r->w[shard_of(r, c->id)];
    rc = xw_db_replace(db, idterm, doc);
    return rc == CAB_OK ? CAB_OK : db_fail(r, rc, db, "cannot write a cable");
}

/* Adds, replaces or leaves alone the document of one cable, built by the
 * reading stage with content hash 'hash'. */
static cab_status handle_cable(struct run *r, const struct cable *c, const xw_doc *doc,
                               uint64_t hash)
{
    char idterm[CAB_MAX_ID + 2], hex[17];
    char *old_hash = NULL, *old_src = NULL;
    struct cab_buf src;
    int found;
    cab_status rc;

    id_term(idterm, c->id);
    cab_doc_hash_hex(hash, hex);
    rc = existing_value(r, c->id, idterm, CAB_SLOT_HASH, &old_hash, &found);
    if (rc == CAB_OK && found)
        rc = existing_value(r, c->id, idterm, CAB_SLOT_SOURCE, &old_src, &found);
    if (rc != CAB_OK)
        goto out;

    if (!found) {
        rc = write_doc(r, c, idterm, doc);
        if (rc == CAB_OK && r->o->dry_run)
            report(r, CAB_EV_DRY_RUN, "add %s %s", c->id, c->source_path);
        if (rc == CAB_OK)
            mark(r, c->id, ID_ADDED);
        goto out;
    }
    cab_buf_init(&src, 2 * PATH_MAX);
    rc = cab_buf_addf(&src, "%s\n%llu", c->source_path ? c->source_path : "",
                      (unsigned long long)c->source_offset);
    if (rc == CAB_OK && strcmp(old_hash, hex) == 0 && strcmp(old_src, src.data) == 0) {
        cab_buf_release(&src);
        goto out;
    }
    cab_buf_release(&src);
    if (rc == CAB_OK && !source_is(old_src, c->source_path ? c->source_path : "")) {
        struct cable *old = NULL;

        rc = existing_cable(r, c->id, idterm, &old);
        if (rc == CAB_OK && old && wins(old, c)) {
            cable_free(old);
            goto out;
        }
        cable_free(old);
    }
    if (rc == CAB_OK)
        rc = write_doc(r, c, idterm, doc);
    if (rc == CAB_OK) {
        struct id_slot *s = id_find(&r->ids, c->id, 0);

        if (r->o->dry_run && !(s && s->state == ID_ADDED))
            report(r, CAB_EV_DRY_RUN, "change %s", c->id);
        mark(r, c->id, ID_CHANGED);
    }
out:
    cab_free(old_hash);
    cab_free(old_src);
    return rc;
}

/* A full build: adds the cable of item 'it' (taking its cable and
 * document) unless an earlier version of it wins. */
static cab_status handle_cable_full(struct run *r, struct cab_item *it)
{
    const struct cable *c = it->cable;
    const char *path = c->source_path ? c->source_path : "";
    struct id_slot *s = id_find(&r->ids, c->id, 1);
    unsigned shard = shard_of(r, c->id);
    int rank = format_rank(c->format);
    char idterm[CAB_MAX_ID + 2];
    char *copy;
    cab_status rc = CAB_OK;

    if (!s) {
        set_err(r->err, "out of memory indexing '%s'", path);
        return CAB_NOMEM;
    }
    if (s->path) {
        /* The same source holding an ID twice: its later version counts,
         * as in an incremental run. */
        if (strcmp(s->path, path) != 0 &&
            version_wins(s->rank, s->path, s->offset, rank, path, c->source_offset))
            return CAB_OK;
        if (!s->rewritten) {
            id_term(idterm, c->id);
            rc = cab_segments_rewritten(r->seg, shard, idterm, r->err);
            s->rewritten = rc == CAB_OK;
        }
    }
    copy = rc == CAB_OK ? cab_strdup(path) : NULL;
    if (rc == CAB_OK && !copy) {
        set_err(r->err, "out of memory indexing '%s'", path);
        rc = CAB_NOMEM;
    }
    if (rc != CAB_OK)
        return rc;
    cab_free(s->path);
    s->path = copy;
    s->offset = c->source_offset;
    s->rank = rank;
    s->state = ID_ADDED;
    rc = cab_segments_add(r->seg, shard, it->doc, it->cable, r->err);
    it->doc = NULL;
    it->cable = NULL;
    return rc;
}

/* ---------------------------------------------------------------- sources */

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the record of a source read to its end, and removes the IDs it
 * held before but holds no more. */
static cab_status finish_source(struct run *r, const struct cab_source *s, char **ids,
                                size_t n_ids)
{
    struct src_rec *old = rec_find(r, s->path);
    struct cab_buf val;
    char key[PATH_MAX + 32];
    cab_status rc = CAB_OK;

    if (n_ids)
        qsort(ids, n_ids, sizeof *ids, cmp_strp);
    for (size_t i = 0; old && i < old->n_ids && rc == CAB_OK; i++)
        if (!n_ids || !bsearch(&old->ids[i], ids, n_ids, sizeof *ids, cmp_strp))
            rc = remove_from(r, old->ids[i], s->path);
    if (rc != CAB_OK || r->o->dry_run)
        return rc;

    cab_buf_init(&val, CAB_MAX_RECORD);
    rc = cab_buf_addf(&val, "%llu %lld\n%s", (unsigned long long)s->size,
                      (long long)s->mtime_ns, s->path);
    for (size_t i = 0; i < n_ids && rc == CAB_OK; i++)
        if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
            rc = cab_buf_addf(&val, "\n%s", ids[i]);
    if (rc == CAB_OK)
        rc = before_write(r, WEIGHT_RECORD);
    if (rc == CAB_OK && r->seg) {
        meta_key(key, sizeof key, s->path);
        rc = cab_segments_set_metadata(r->seg, key, val.data, val.len, r->err);
    } else if (rc == CAB_OK) {
        meta_key(key, sizeof key, s->path);
        rc = xw_db_set_metadata(r->w[0], key, val.data, val.len);
        if (rc != CAB_OK)
            rc = db_fail(r, rc, r->w[0], "cannot record a source");
    } else if (!*r->err) {
        set_err(r->err, "cannot record '%s': %s", s->path, cab_status_str(rc));
    }
    cab_buf_release(&val);
    return rc;
}

/* The IDs read from the source being taken from the pipeline. */
struct id_list {
    char **v;
    size_t n, cap;
};

static void id_list_clear(struct id_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        cab_free(l->v[i]);
    l->n = 0;
}

static cab_status id_list_add(struct id_list *l, const char *id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **v = cab_realloc(l->v, cap * sizeof *v);

        if (!v)
            return CAB_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n] = cab_strdup(id);
    if (!l->v[l->n])
        return CAB_NOMEM;
    l->n++;
    return CAB_OK;
}

/* Takes one item of the reading stage: source 'at' of the run's list. */
static cab_status take_item(struct run *r, struct cab_item *it, size_t at, struct id_list *ids)
{
    const struct cab_source *s = &r->src.v[at];
    cab_status rc = CAB_OK;

    switch (it->kind) {
    case CAB_ITEM_CABLE:
        rc = id_list_add(ids, it->cable->id);
        if (rc != CAB_OK) {
            set_err(r->err, "out of memory reading '%s'", s->path);
            return rc;
        }
        r->cables++;
        if (r->seg)
            return handle_cable_full(r, it);
        return handle_cable(r, it->cable, it->doc, it->hash);
    case CAB_ITEM_REJECTED:
        r->stats->rejected++;
        report(r, CAB_EV_REJECTED, "%s", it->msg ? it->msg : cab_status_str(it->rc));
        return CAB_OK;
    case CAB_ITEM_FAILED:
        if (it->msg)
            set_err(r->err, "%s", it->msg);
        else
            set_err(r->err, "out of memory reading '%s'", s->path);
        return it->rc != CAB_OK ? it->rc : CAB_INTERNAL;
    case CAB_ITEM_END:
        if (it->opened)
            r->stats->bytes += s->size;
        if (it->complete && strcmp(s->path, "-") != 0)
            rc = finish_source(r, s, ids->v, ids->n);
        id_list_clear(ids);
        return rc;
    }
    return CAB_INTERNAL;
}

/* Step 1: sources gone from a given directory. */
static cab_status drop_vanished(struct run *r)
{
    cab_status rc = CAB_OK;
    char key[PATH_MAX + 32];

    for (size_t i = 0; i < r->src.n; i++) {
        struct src_rec *s = rec_find(r, r->src.v[i].path);

        if (s)
            s->seen = 1;
    }
    for (size_t i = 0; i < r->n_recs && rc == CAB_OK; i++) {
        struct src_rec *s = &r->recs[i];

        if (s->seen || !cab_sources_in_dirs(&r->src, s->path))
            continue;
        for (size_t k = 0; k < s->n_ids && rc == CAB_OK; k++)
            rc = remove_from(r, s->ids[k], s->path);
        if (rc != CAB_OK || r->o->dry_run)
            continue;
        rc = before_write(r, WEIGHT_RECORD);
        if (rc == CAB_OK) {
            meta_key(key, sizeof key, s->path);
            rc = xw_db_set_metadata(r->w[0], key, "", 0);
            if (rc != CAB_OK)
                rc = db_fail(r, rc, r->w[0], "cannot drop a source record");
        }
    }
    return rc;
}

static int unchanged_source(struct run *r, const struct cab_source *s)
{
    const struct src_rec *old;

    if (r->full || s->forced || strcmp(s->path, "-") == 0)
        return 0;
    old = rec_find(r, s->path);
    return old && old->size == s->size && old->mtime_ns == s->mtime_ns;
}

/* ---------------------------------------------------------------- the run */

/* Merges the segments of a full build into generation 'gen' and switches
 * readers to it. */
static cab_status finish_full(struct run *r, const char *gen)
{
    char dst[PATH_MAX], rel[PATH_MAX];
    char (*paths)[PATH_MAX] = NULL;
    const char *dest[CAB_MAX_SHARDS];
    cab_status rc = path_in(r, dst, gen);

    if (rc != CAB_OK)
        return rc;
    if (r->shards > 1 && mkdir(dst, 0755) != 0) {
        set_err(r->err, "cannot create '%s': %s", dst, strerror(errno));
        return CAB_IO;
    }
    paths = cab_calloc(r->shards, sizeof *paths);
    if (!paths) {
        set_err(r->err, "out of memory merging the segments");
        rc = CAB_NOMEM;
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        shard_rel(rel, sizeof rel, gen, r->shards, i);
        rc = path_in(r, paths[i], rel);
        dest[i] = paths[i];
    }
    if (rc == CAB_OK)
        rc = cab_segments_finish(r->seg, dest, &r->stats->size_before, r->err);
    cab_free(paths);
    if (rc == CAB_OK)
        rc = sync_tree(r, dst);
    if (rc == CAB_OK)
        rc = write_stub(r, gen, r->shards);
    if (rc != CAB_OK) {
        if (!r->switched)
            remove_tree(dst);
        return rc;
    }
    r->stats->size_after = dir_size(dst);
    r->stats->compacted = 1;
    return CAB_OK;
}

/* Compacts generation 'from' into generation 'to' and switches readers
 * to it. */
static cab_status compact_switch(struct run *r, const char *from, const char *to)
{
    char src[PATH_MAX], dst[PATH_MAX], rel[PATH_MAX];
    cab_status rc;

    rc = path_in(r, src, from);
    if (rc == CAB_OK)
        rc = path_in(r, dst, to);
    if (rc != CAB_OK)
        return rc;
    r->stats->size_before = dir_size(src);
    if (r->shards > 1 && mkdir(dst, 0755) != 0) {
        set_err(r->err, "cannot create '%s': %s", dst, strerror(errno));
        return CAB_IO;
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        char s_path[PATH_MAX], d_path[PATH_MAX];
        const char *one;

        shard_rel(rel, sizeof rel, from, r->shards, i);
        rc = path_in(r, s_path, rel);
        shard_rel(rel, sizeof rel, to, r->shards, i);
        if (rc == CAB_OK)
            rc = path_in(r, d_path, rel);
        one = s_path;
        if (rc == CAB_OK)
            rc = xw_compact(&one, 1, d_path, r->err);
    }
    if (rc == CAB_OK)
        rc = sync_tree(r, dst);
    if (rc == CAB_OK)
        rc = write_stub(r, to, r->shards);
    if (rc != CAB_OK) {
        /* Once the stub names it, the new generation stays: the next run
         * removes whichever one the stub does not list. */
        if (!r->switched)
            remove_tree(dst);
        return rc;
    }
    r->stats->size_after = dir_size(dst);
    r->stats->compacted = 1;
    remove_tree(src);
    return CAB_OK;
}

static uint32_t doc_count(struct run *r)
{
    uint32_t total = 0, n;

    if (r->seg) {
        for (size_t i = 0; i < r->ids.cap; i++)
            total += r->ids.v[i].path != NULL;
        return total;
    }
    if (r->o->dry_run) {
        if (r->r && xw_db_doccount(r->r, &n) == CAB_OK)
            total = n;
        return total;
    }
    for (unsigned i = 0; i < r->shards; i++)
        if (xw_db_doccount(r->w[i], &n) == CAB_OK)
            total += n;
    return total;
}

static void count_states(struct run *r)
{
    uint32_t docs = doc_count(r);
    size_t added = 0, changed = 0, removed = 0;

    for (size_t i = 0; i < r->ids.cap; i++) {
        if (!r->ids.v[i].id)
            continue;
        added += r->ids.v[i].state == ID_ADDED;
        changed += r->ids.v[i].state == ID_CHANGED;
        removed += r->ids.v[i].state == ID_REMOVED;
    }
    r->stats->added = added;
    r->stats->changed = changed;
    r->stats->removed = removed;
    if (r->o->dry_run)
        docs = docs + (uint32_t)added - (uint32_t)removed;
    r->stats->unchanged = docs >= added + changed ? docs - added - changed : 0;
}

static cab_status open_for_run(struct run *r, char *build, size_t cap)
{
    struct cab_segments_opts seg = { 0 };
    char path[PATH_MAX];
    cab_status rc;

    if (r->o->dry_run) {
        if (!r->full && path_in(r, path, STUB_NAME) == CAB_OK)
            rc = xw_db_open(path, &r->r, r->err);
        else
            rc = CAB_OK;
        if (rc == CAB_OK && r->r)
            rc = load_records(r, r->r);
        return rc;
    }
    if (r->full) {
        snprintf(build, cap, "build-%u", r->next_gen);
        if (path_in(r, path, build) != CAB_OK)
            return CAB_TOO_LARGE;
        if (mkdir(path, 0755) != 0) {
            set_err(r->err, "cannot create '%s': %s", path, strerror(errno));
            return CAB_IO;
        }
        seg.shards = r->shards;
        seg.writers = r->jobs > 1 ? r->jobs : 0;
        return cab_segments_new(path, &seg, &r->seg, r->err);
    }
    rc = open_writers(r, r->live, XW_OPEN);
    if (rc == CAB_OK)
        rc = load_records(r, r->w[0]);
    return rc;
}

/* Reads the sources [from, r->src.n) that need it through the reading
 * stage; the list may grow meanwhile (sources forced by removals), which
 * the caller reads in a next round. */
static cab_status read_round(struct run *r, size_t from, struct cab_progress *prog)
{
    size_t to = r->src.n, n = 0, done = from;
    const char **paths = NULL;
    size_t *where = NULL;
    struct id_list ids = { NULL, 0, 0 };
    struct cab_item *it;
    cab_pipe *pipe = NULL;
    cab_status rc = CAB_OK;

    paths = cab_calloc(to - from + 1, sizeof *paths);
    where = cab_calloc(to - from + 1, sizeof *where);
    if (!paths || !where) {
        rc = CAB_NOMEM;
        set_err(r->err, "out of memory listing the sources");
        goto out;
    }
    /* The paths are the list's own strings, which stay put if it grows. */
    for (size_t i = from; i < to; i++) {
        if (unchanged_source(r, &r->src.v[i]))
            continue;
        paths[n] = r->src.v[i].path;
        where[n++] = i;
    }
    rc = cab_pipe_new(paths, n, r->jobs, &pipe, r->err);
    while (rc == CAB_OK && (it = cab_pipe_next(pipe)) != NULL) {
        size_t at = where[it->pos];
        int end = it->kind == CAB_ITEM_END;

        rc = take_item(r, it, at, &ids);
        cab_item_free(it);
        if (end) {
            /* Unchanged sources before this one count as done too. */
            done = at + 1;
            prog->total = r->src.n;
            cab_progress_update(prog, done, r->cables, r->stats->bytes);
        }
    }
    if (rc == CAB_OK && done < to) {
        prog->total = r->src.n;
        cab_progress_update(prog, to, r->cables, r->stats->bytes);
    }
out:
    cab_pipe_free(pipe);
    id_list_clear(&ids);
    cab_free(ids.v);
    cab_free(paths);
    cab_free(where);
    return rc;
}

static cab_status run_sources(struct run *r, char *const *sources, size_t n)
{
    struct cab_progress prog;
    cab_status rc;

    rc = cab_sources_collect(sources, n, &r->src, &r->stats->rejected, r->report, r->ctx,
                             r->err);
    if (rc == CAB_OK && !r->full)
        rc = drop_vanished(r);
    cab_progress_init(&prog, r->o->progress, r->src.n);
    for (size_t from = 0; rc == CAB_OK && from < r->src.n;) {
        size_t to = r->src.n;

        rc = read_round(r, from, &prog);
        from = to;
    }
    cab_progress_end(&prog);
    if (rc == CAB_OK)
        rc = commit(r);
    if (rc == CAB_OK)
        count_states(r);
    return rc;
}

static cab_status run_locked(struct run *r, char *const *sources, size_t n)
{
    char build[64] = "", gen[64], path[PATH_MAX];
    cab_status rc;

    rc = read_stub(r);
    if (rc != CAB_OK)
        return rc;
    sweep(r, !r->o->dry_run);
    r->shards = r->o->shards ? r->o->shards : (r->live_shards ? r->live_shards : 1);
    r->full = r->o->full || !r->live[0] || r->shards != r->live_shards;
    if (n == 0 && !r->o->compact) {
        set_err(r->err, "no SOURCE given");
        return CAB_USAGE;
    }
    if (n == 0 && r->full) {
        set_err(r->err, "nothing to compact: no index at '%s'", r->dbdir);
        return CAB_DB_NOT_FOUND;
    }
    rc = cab_doc_builder_new(1, &r->builder);
    if (rc == CAB_OK)
        rc = open_for_run(r, build, sizeof build);
    if (rc == CAB_OK && n > 0)
        rc = run_sources(r, sources, n);
    close_writers(r);
    snprintf(gen, sizeof gen, "gen-%u", r->next_gen);
    if (rc == CAB_OK && r->seg)
        rc = finish_full(r, gen);
    /* The writer threads stop before their files go. */
    cab_segments_free(r->seg);
    r->seg = NULL;
    /* What is left of a build (all of it, if unfinished) never becomes live. */
    if (build[0] && path_in(r, path, build) == CAB_OK)
        remove_tree(path);
    if (rc != CAB_OK || r->o->dry_run)
        return rc;
    if (!r->full && r->o->compact)
        rc = compact_switch(r, r->live, gen);
    /* The previous generation is no longer listed: readers that hold it
     * open keep their files until they reopen. */
    if (rc == CAB_OK && r->full && r->live[0] && path_in(r, path, r->live) == CAB_OK)
        remove_tree(path);
    return rc;
}

cab_status cab_index_run(const struct cab_index_opts *opts, char *const *sources, size_t n,
                         struct cab_index_stats *stats, cab_index_report_fn report_fn,
                         void *ctx, char err[CAB_ERR_SIZE])
{
    struct run r;
    char gaz_err[CAB_ERR_SIZE];
    double start = cab_progress_now();
    int lock = -1;
    cab_status rc;

    memset(stats, 0, sizeof *stats);
    memset(&r, 0, sizeof r);
    err[0] = '\0';
    r.o = opts;
    r.jobs = opts->jobs ? opts->jobs : 1;
    r.stats = stats;
    r.report = report_fn;
    r.ctx = ctx;
    r.err = err;
    if (opts->shards > CAB_MAX_SHARDS) {
        set_err(err, "at most %d shards", CAB_MAX_SHARDS);
        return CAB_USAGE;
    }
    if ((size_t)snprintf(r.dbdir, sizeof r.dbdir, "%s", opts->db) >= sizeof r.dbdir) {
        set_err(err, "database path too long '%s'", opts->db);
        return CAB_TOO_LARGE;
    }
    rc = cab_extract_init(err);
    if (rc != CAB_OK)
        return rc;
    /* The gazetteer loads on first use otherwise, which is not safe from
     * several threads; without it, extraction fails the same way on one
     * thread. */
    if (cab_gazetteer_init(gaz_err) != CAB_OK)
        r.jobs = 1;
    if (!opts->dry_run) {
        if (mkdir(r.dbdir, 0755) != 0 && errno != EEXIST) {
            set_err(err, "cannot create '%s': %s", r.dbdir, strerror(errno));
            return CAB_IO;
        }
        rc = cab_index_lock(r.dbdir, &lock, err);
        if (rc != CAB_OK)
            return rc;
    }
    rc = run_locked(&r, sources, n);
    cab_index_unlock(lock);

    xw_db_close(r.r);
    cab_doc_builder_free(r.builder);
    id_map_release(&r.ids);
    for (size_t i = 0; i < r.n_recs; i++)
        rec_release(&r.recs[i]);
    cab_free(r.recs);
    cab_sources_release(&r.src);
    stats->seconds = cab_progress_now() - start;
    if (rc == CAB_OK && stats->rejected)
        rc = CAB_PARTIAL;
    return rc;
}
