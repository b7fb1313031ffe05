/* What the files of an index run share: the state of one run and the
 * functions each file offers the others.  This is not a contract for other
 * modules (include/indexer.h is); the run is split by job so that each file
 * stays small:
 *
 *   index.c           the run: its steps, the reading stage, the summary
 *   generations.c     the database directory: stub, generations, switching
 *   source_records.c  the "src:" records of the sources read
 *   changes.c         what to add, replace or remove, and which version wins
 *   writers.c         the shard writers and their batched transactions
 *   columns.c         the facet columns written at the end of a run
 *
 * The layouts and the rules of a run are described at the top of index.c.
 */
#ifndef INDEXER_RUN_H
#define INDEXER_RUN_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "cable.h"
#include "document.h"
#include "indexer.h"
#include "pipeline.h"
#include "segments.h"
#include "xw.h"

/* The stub file naming the live generation, inside the database directory. */
#define STUB_NAME "XAPIANDB"

/* Weights of the writes in a batch: a batch holds CAB_INDEX_BATCH
 * documents or removals, fewer when source records come between them. */
#define WEIGHT_DOC 4
#define WEIGHT_RECORD 1

/* What this run did to an ID, net of its earlier changes. */
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

/* One index run: its options, the database, what it read and changed. */
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

/* --- index.c: errors and reports of the run --- */

/* Formats one event and hands it to the run's report callback. */
void cab_run_report(struct run *r, enum cab_index_event ev, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the run's error to "what: " and the message of 'db'; returns 'rc'. */
cab_status cab_run_db_fail(struct run *r, cab_status rc, xw_db *db, const char *what);

/* FNV-1a of 's'.  It picks an ID's shard and names long source records, so
 * it is part of the index format: changing it would need a full rebuild. */
uint64_t cab_run_hash(const char *s);

/* --- generations.c: the database directory --- */

/* 'name' inside the database directory, into 'out' (PATH_MAX bytes);
 * CAB_TOO_LARGE with the error set when it does not fit. */
cab_status cab_dbdir_path(struct run *r, char *out, const char *name);

/* Reads XAPIANDB into r->live and r->live_shards ("" and 0 when there is
 * no index yet); CAB_DB_CORRUPT when it is not a stub this project wrote. */
cab_status cab_dbdir_read_stub(struct run *r);

/* The path of shard 'i' of generation 'gen' (a build directory or a
 * generation), relative to the database directory. */
void cab_dbdir_shard_rel(char *out, size_t cap, const char *gen, unsigned shards, unsigned i);

/* Sets r->next_gen past every gen-N and build-N present and, if 'remove',
 * removes those the stub does not list (leftovers of interrupted runs). */
void cab_dbdir_sweep(struct run *r, int remove);

/* Merges the segments of the full build r->seg into generation 'gen',
 * syncs it and switches readers to it. */
cab_status cab_dbdir_finish_full(struct run *r, const char *gen);

/* Compacts generation 'from' into generation 'to', switches readers to it
 * and removes 'from'. */
cab_status cab_dbdir_compact_switch(struct run *r, const char *from, const char *to);

/* --- source_records.c: the "src:" metadata records --- */

/* Frees what 's' owns, not 's'. */
void cab_rec_release(struct src_rec *s);

/* Loads the source records of 'db' into r->recs, sorted by path.  A
 * damaged record is left out, which only costs a re-read of its source. */
cab_status cab_rec_load(struct run *r, xw_db *db);

/* Queues for reading again every recorded source holding 'id' but
 * 'except' (and still present). */
cab_status cab_rec_force_others(struct run *r, const char *id, const char *except);

/* Writes the record of source 's', read to its end and holding
 * ids[0..n_ids) (sorted in place), and removes the IDs it held before but
 * holds no more. */
cab_status cab_rec_finish_source(struct run *r, const struct cab_source *s, char **ids,
                                 size_t n_ids);

/* Step 1 of an incremental run: drops the sources recorded under a
 * directory of this run that are no longer there, with their documents. */
cab_status cab_rec_drop_vanished(struct run *r);

/* Step 3: whether source 's' need not be read, its size and mtime being
 * those of its record (never in a full build, when forced, or for "-"). */
int cab_rec_unchanged_source(struct run *r, const struct cab_source *s);

/* --- changes.c: adding, replacing and removing documents --- */

/* Frees the map and empties it. */
void cab_id_map_release(struct id_map *m);

/* Removes the document of 'id' if it came from 'path', and queues the
 * other sources of 'id' for reading again. */
cab_status cab_changes_remove(struct run *r, const char *id, const char *path);

/* An incremental run: adds, replaces or leaves alone the document 'doc' of
 * cable 'c' (content hash 'hash'), both borrowed. */
cab_status cab_changes_handle(struct run *r, const struct cable *c, const xw_doc *doc,
                              uint64_t hash);

/* A full build: adds the cable of item 'it' unless an earlier version of
 * it wins; once handed to the segments, it->cable and it->doc are NULL. */
cab_status cab_changes_handle_full(struct run *r, struct cab_item *it);

/* --- writers.c: the shard writers and their transactions --- */

/* The shard that holds 'id'. */
unsigned cab_writers_shard_of(const struct run *r, const char *id);

/* Opens r->w[] on every shard of generation 'gen'. */
cab_status cab_writers_open(struct run *r, const char *gen, enum xw_open_mode mode);

/* Closes every writer in r->w[] and sets it to NULL. */
void cab_writers_close(struct run *r);

/* Commits the open transaction on every shard; shard 0, which holds the
 * source records, last.  Nothing to do in a dry run or a full build. */
cab_status cab_writers_commit(struct run *r);

/* Before each write of 'weight': commits a full batch, opens a transaction. */
cab_status cab_writers_before_write(struct run *r, unsigned weight);

/* The reader of existing documents: the writer of the ID's shard, or the
 * live index in a dry run (NULL when there is none).  Owned by the run. */
xw_db *cab_writers_lookup(struct run *r, const char *id);

/* --- columns.c: the facet columns of a single database --- */

/* Writes the facet column file of 'db' into 'dir', the database's own
 * directory, unless the run writes several shards. */
cab_status cab_columns_store(struct run *r, xw_db *db, const char *dir);
/* The same, opening the database at 'dir'. */
cab_status cab_columns_store_path(struct run *r, const char *dir);

#endif
