/* The writers of an incremental index run: one writable database per
 * shard, and the transactions that group writes into batches of about
 * CAB_INDEX_BATCH cables, so that after a crash the index holds whole
 * batches.  A dry run reads the live index instead, and a full build
 * writes segments (segments.c), so neither opens a transaction.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>

#include "document.h"
#include "run.h"
#include "xw.h"

unsigned cab_writers_shard_of(const struct run *r, const char *id)
{
    return r->shards > 1 ? (unsigned)(cab_run_hash(id) % r->shards) : 0;
}

cab_status cab_writers_open(struct run *r, const char *gen, enum xw_open_mode mode)
{
    char rel[PATH_MAX], path[PATH_MAX];
    cab_status rc = CAB_OK;

    if (mode == XW_CREATE_OR_OVERWRITE && r->shards > 1) {
        if (cab_dbdir_path(r, path, gen) != CAB_OK)
            return CAB_TOO_LARGE;
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            cab_err_set(r->err, "cannot create '%s': %s", path, strerror(errno));
            return CAB_IO;
        }
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        cab_dbdir_shard_rel(rel, sizeof rel, gen, r->shards, i);
        rc = cab_dbdir_path(r, path, rel);
        if (rc == CAB_OK) {
            char why[CAB_ERR_SIZE];

            rc = xw_db_open_writable(path, mode, &r->w[i], why);
            if (rc != CAB_OK)
                cab_err_set(r->err, "cannot open '%s' for writing: %s", path, why);
        }
    }
    return rc;
}

void cab_writers_close(struct run *r)
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
            return cab_run_db_fail(r, rc, r->w[i], "cannot begin a transaction");
    }
    r->in_txn = 1;
    r->pending = 0;
    return CAB_OK;
}

/* Commits every shard; shard 0, which holds the source records, last. */
cab_status cab_writers_commit(struct run *r)
{
    cab_status rc;

    if (r->o->dry_run || r->seg || !r->in_txn)
        return CAB_OK;
    rc = cab_doc_spelling_flush(r->builder, r->w[0]);
    if (rc != CAB_OK)
        return cab_run_db_fail(r, rc, r->w[0], "cannot add spelling words");
    for (unsigned k = r->shards; k-- > 0;) {
        rc = xw_db_commit_transaction(r->w[k]);
        if (rc != CAB_OK)
            return cab_run_db_fail(r, rc, r->w[k], "cannot commit");
    }
    r->in_txn = 0;
    return CAB_OK;
}

/* Before each write: commit a full batch, open a transaction. */
cab_status cab_writers_before_write(struct run *r, unsigned weight)
{
    cab_status rc = CAB_OK;

    if (r->in_txn && r->pending >= (size_t)CAB_INDEX_BATCH * WEIGHT_DOC)
        rc = cab_writers_commit(r);
    if (rc == CAB_OK)
        rc = begin(r);
    r->pending += weight;
    return rc;
}

/* The reader of existing documents: the writer of the ID's shard, or the
 * live index in a dry run. */
xw_db *cab_writers_lookup(struct run *r, const char *id)
{
    return r->o->dry_run ? r->r : r->w[cab_writers_shard_of(r, id)];
}
