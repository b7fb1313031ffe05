/* A full build written as many small databases ("segments") on writer
 * threads, then merged by compaction.
 *
 * Why: adding documents to a small new database and merging the databases
 * with Xapian's compaction costs much less than flushing the same
 * documents into one database's growing B-trees, and segments can be
 * written on several threads at once (bench/RESULTS.md, "Indexing").
 *
 * Order, and so the index, is the same whatever the number of threads:
 * segment k of a shard holds that shard's documents k*D to (k+1)*D - 1
 * in the order they were added (D documents a segment); each run of G
 * consecutive segments is merged into a group database as
 * soon as all of them are written, and a shard's groups are merged in
 * order into its final database by cab_segments_finish(), which then
 * fills the shard's spelling dictionary from the words it holds.
 *
 * A segment cannot be searched while the build goes on, so a document
 * written twice under the same ID term (a later version of a cable that
 * wins over the earlier one) is simply added again; the caller names such
 * IDs with cab_segments_rewritten() and cab_segments_finish() keeps only
 * the copy added last.
 *
 * Work files live in the directory given to cab_segments_new(); nothing
 * in it is synced to disk (the caller syncs the final databases).
 */
#ifndef INDEXER_SEGMENTS_H
#define INDEXER_SEGMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "xw.h"

/* Documents in a segment, by default. */
#define CAB_SEG_DOCS 250
/* Consecutive segments merged into one group database, by default. */
#define CAB_SEG_GROUP 32
/* Jobs waiting for a writer thread, per thread, before adding blocks. */
#define CAB_SEG_QUEUE_PER_WRITER 2

typedef struct cab_segments cab_segments;

struct cab_segments_opts {
    unsigned shards;     /* 1 to CAB_MAX_SHARDS */
    unsigned writers;    /* threads; 0: segments are written in the
                            caller's thread as they fill */
    unsigned docs;       /* per segment; 0: CAB_SEG_DOCS */
    unsigned group;      /* segments per group; 0: CAB_SEG_GROUP */
};

/* Starts a build in the existing directory 'dir'.  Sets *out first thing. */
cab_status cab_segments_new(const char *dir, const struct cab_segments_opts *opts,
                            cab_segments **out, char err[CAB_ERR_SIZE]);

/* Adds a document to shard 'shard', taking ownership of 'doc' even on
 * failure.  A failure of a writer thread is returned by the next call. */
cab_status cab_segments_add(cab_segments *sg, unsigned shard, xw_doc *doc,
                            char err[CAB_ERR_SIZE]);

/* Sets user metadata in shard 0 (each key once in a build). */
cab_status cab_segments_set_metadata(cab_segments *sg, const char *key, const char *val,
                                     size_t len, char err[CAB_ERR_SIZE]);

/* 'idterm' of shard 'shard' was added more than once: finish keeps the
 * last copy only.  Naming an ID twice is harmless. */
cab_status cab_segments_rewritten(cab_segments *sg, unsigned shard, const char *idterm,
                                  char err[CAB_ERR_SIZE]);

/* Writes what is left and merges shard i into the new database dest[i]
 * (which must not exist), shards in parallel on the writer threads.
 * *segment_bytes gets the size of all segments as first written. */
cab_status cab_segments_finish(cab_segments *sg, const char *const *dest,
                               uint64_t *segment_bytes, char err[CAB_ERR_SIZE]);

/* Stops the writers and frees everything but the work files, which the
 * caller removes with its directory.  NULL is fine. */
void cab_segments_free(cab_segments *sg);

#endif
