/* The reading stage of an index run: sources read, parsed, extracted and
 * turned into documents on worker threads, handed to the one writer in
 * input order.
 *
 * Each worker takes the next source and reads it to its end; the writer
 * takes the items of the lowest source not yet finished, so the index is
 * written in the same order whatever the number of workers.  A bounded
 * number of sources is in flight (CAB_PIPE_SLOTS_PER_JOB per worker) and
 * each holds at most CAB_PIPE_ITEMS_PER_SOURCE items not yet taken, so
 * memory stays bounded even for one large CSV source.  With one job there
 * is no thread: items are made in the writer's thread as it asks.
 */
#ifndef INDEXER_PIPELINE_H
#define INDEXER_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"
#include "cable.h"
#include "xw.h"

#define CAB_PIPE_SLOTS_PER_JOB 2
#define CAB_PIPE_ITEMS_PER_SOURCE 32

enum cab_item_kind {
    CAB_ITEM_CABLE,      /* a cable with its document */
    CAB_ITEM_REJECTED,   /* an input or record rejected (msg says why) */
    CAB_ITEM_FAILED,     /* a fatal error (rc, msg): the run stops */
    CAB_ITEM_END,        /* the source is done (last item of a source) */
};

struct cab_item {
    enum cab_item_kind kind;
    size_t pos;              /* position in the list given to cab_pipe_new */
    struct cable *cable;     /* CABLE: owned */
    xw_doc *doc;             /* CABLE: owned */
    uint64_t hash;           /* CABLE: content hash */
    cab_status rc;           /* REJECTED, FAILED */
    char *msg;               /* REJECTED, FAILED: owned, may be NULL on no memory */
    int opened;              /* END: the source could be opened */
    int complete;            /* END: the source was read to its end */
    struct cab_item *next;
};

typedef struct cab_pipe cab_pipe;

/* Starts reading paths[0..n) (borrowed: they must outlive the pipe) on
 * 'jobs' workers (1: in the caller's thread).  Sets *out first thing. */
cab_status cab_pipe_new(const char *const *paths, size_t n, unsigned jobs, cab_pipe **out,
                        char err[CAB_ERR_SIZE]);

/* The next item in input order, owned by the caller (cab_item_free), or
 * NULL once every source has ended. */
struct cab_item *cab_pipe_next(cab_pipe *p);

void cab_item_free(struct cab_item *it);

/* Stops the workers (items not taken are dropped), joins them, frees.
 * NULL is fine. */
void cab_pipe_free(cab_pipe *p);

#endif
