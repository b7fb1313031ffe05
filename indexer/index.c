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
 *   spelling words of subject and text (four bytes or more, no digits)
 *            with their occurrences: an incremental run counts the
 *            cables it writes per batch (replaced cables add their words
 *            again); a full build reads each merged shard's word terms
 *            (indexer/spelling.c)
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
 *
 * Where the code is (indexer/run.h holds what the files share): this file
 * runs the steps above and takes the reading stage's items;
 * indexer/generations.c keeps the database directory and switches
 * generations; indexer/source_records.c reads and writes the metadata
 * records and does steps 1 and 3; indexer/changes.c decides what is added,
 * replaced or removed and which version wins; indexer/writers.c holds the
 * shard writers and their batches.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cab_hash.h"
#include "cab_mem.h"
#include "document.h"
#include "extract.h"
#include "gazetteer.h"
#include "indexer.h"
#include "pipeline.h"
#include "run.h"
#include "segments.h"
#include "tree.h"
#include "xw.h"

uint64_t cab_run_hash(const char *s)
{
    return cab_fnv1a(s, strlen(s));
}

void cab_run_report(struct run *r, enum cab_index_event ev, const char *fmt, ...)
{
    char msg[CAB_ERR_SIZE + 256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->report(ev, msg, r->ctx);
}

cab_status cab_run_db_fail(struct run *r, cab_status rc, xw_db *db, const char *what)
{
    cab_err_set(r->err, "%s: %s", what, xw_db_errmsg(db));
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
            cab_err_set(r->err, "out of memory reading '%s'", s->path);
            return rc;
        }
        r->cables++;
        if (r->seg)
            return cab_changes_handle_full(r, it);
        return cab_changes_handle(r, it->cable, it->doc, it->hash);
    case CAB_ITEM_REJECTED:
        r->stats->rejected++;
        cab_run_report(r, CAB_EV_REJECTED, "%s", it->msg ? it->msg : cab_status_str(it->rc));
        return CAB_OK;
    case CAB_ITEM_FAILED:
        if (it->msg)
            cab_err_set(r->err, "%s", it->msg);
        else
            cab_err_set(r->err, "out of memory reading '%s'", s->path);
        return it->rc != CAB_OK ? it->rc : CAB_INTERNAL;
    case CAB_ITEM_END:
        if (it->opened)
            r->stats->bytes += s->size;
        if (it->complete && strcmp(s->path, "-") != 0)
            rc = cab_rec_finish_source(r, s, ids->v, ids->n);
        id_list_clear(ids);
        return rc;
    }
    return CAB_INTERNAL;
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
        if (!r->full && cab_dbdir_path(r, path, STUB_NAME) == CAB_OK)
            rc = xw_db_open(path, &r->r, r->err);
        else
            rc = CAB_OK;
        if (rc == CAB_OK && r->r)
            rc = cab_rec_load(r, r->r);
        return rc;
    }
    if (r->full) {
        snprintf(build, cap, "build-%u", r->next_gen);
        if (cab_dbdir_path(r, path, build) != CAB_OK)
            return CAB_TOO_LARGE;
        if (mkdir(path, 0755) != 0) {
            cab_err_set(r->err, "cannot create '%s': %s", path, strerror(errno));
            return CAB_IO;
        }
        seg.shards = r->shards;
        seg.writers = r->jobs > 1 ? r->jobs : 0;
        return cab_segments_new(path, &seg, &r->seg, r->err);
    }
    rc = cab_writers_open(r, r->live, XW_OPEN);
    if (rc == CAB_OK)
        rc = cab_rec_load(r, r->w[0]);
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
        cab_err_set(r->err, "out of memory listing the sources");
        goto out;
    }
    /* The paths are the list's own strings, which stay put if it grows. */
    for (size_t i = from; i < to; i++) {
        if (cab_rec_unchanged_source(r, &r->src.v[i]))
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
        rc = cab_rec_drop_vanished(r);
    cab_progress_init(&prog, r->o->progress, r->src.n);
    for (size_t from = 0; rc == CAB_OK && from < r->src.n;) {
        size_t to = r->src.n;

        rc = read_round(r, from, &prog);
        from = to;
    }
    cab_progress_end(&prog);
    if (rc == CAB_OK)
        rc = cab_writers_commit(r);
    if (rc == CAB_OK && !r->full && !r->o->dry_run) {
        char live_dir[PATH_MAX];

        rc = cab_dbdir_path(r, live_dir, r->live);
        if (rc == CAB_OK)
            rc = cab_columns_store(r, r->w[0], live_dir);
    }
    if (rc == CAB_OK)
        count_states(r);
    return rc;
}

static cab_status run_locked(struct run *r, char *const *sources, size_t n)
{
    char build[64] = "", gen[64], path[PATH_MAX];
    cab_status rc;

    rc = cab_dbdir_read_stub(r);
    if (rc != CAB_OK)
        return rc;
    cab_dbdir_sweep(r, !r->o->dry_run);
    r->shards = r->o->shards ? r->o->shards : (r->live_shards ? r->live_shards : 1);
    r->full = r->o->full || !r->live[0] || r->shards != r->live_shards;
    if (n == 0 && !r->o->compact) {
        cab_err_set(r->err, "no SOURCE given");
        return CAB_USAGE;
    }
    if (n == 0 && r->full) {
        cab_err_set(r->err, "nothing to compact: no index at '%s'", r->dbdir);
        return CAB_DB_NOT_FOUND;
    }
    rc = cab_doc_builder_new(1, &r->builder);
    if (rc == CAB_OK)
        rc = open_for_run(r, build, sizeof build);
    if (rc == CAB_OK && n > 0)
        rc = run_sources(r, sources, n);
    cab_writers_close(r);
    snprintf(gen, sizeof gen, "gen-%u", r->next_gen);
    if (rc == CAB_OK && r->seg)
        rc = cab_dbdir_finish_full(r, gen);
    /* The writer threads stop before their files go. */
    cab_segments_free(r->seg);
    r->seg = NULL;
    /* What is left of a build (all of it, if unfinished) never becomes live. */
    if (build[0] && cab_dbdir_path(r, path, build) == CAB_OK)
        cab_tree_remove(path);
    if (rc != CAB_OK || r->o->dry_run)
        return rc;
    if (!r->full && r->o->compact)
        rc = cab_dbdir_compact_switch(r, r->live, gen);
    /* The previous generation is no longer listed: readers that hold it
     * open keep their files until they reopen. */
    if (rc == CAB_OK && r->full && r->live[0] && cab_dbdir_path(r, path, r->live) == CAB_OK)
        cab_tree_remove(path);
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
        cab_err_set(err, "at most %d shards", CAB_MAX_SHARDS);
        return CAB_USAGE;
    }
    if ((size_t)snprintf(r.dbdir, sizeof r.dbdir, "%s", opts->db) >= sizeof r.dbdir) {
        cab_err_set(err, "database path too long '%s'", opts->db);
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
            cab_err_set(err, "cannot create '%s': %s", r.dbdir, strerror(errno));
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
    cab_id_map_release(&r.ids);
    for (size_t i = 0; i < r.n_recs; i++)
        cab_rec_release(&r.recs[i]);
    cab_free(r.recs);
    cab_sources_release(&r.src);
    stats->seconds = cab_progress_now() - start;
    if (rc == CAB_OK && stats->rejected)
        rc = CAB_PARTIAL;
    return rc;
}
