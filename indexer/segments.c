/* A full build in segments merged by compaction: see segments.h. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "document.h"
#include "indexer.h"
#include "segments.h"
#include "tree.h"

struct meta {
    char *key, *val;     /* owned */
    size_t len;
};

enum job_kind {
    JOB_WRITE,           /* write one segment */
    JOB_MERGE,           /* merge one shard into its final database */
};

struct job {
    enum job_kind kind;
    unsigned shard;
    uint32_t index;          /* WRITE: segment number in its shard */
    xw_doc **docs;           /* WRITE: one slot per document of a segment, owned */
    size_t n_docs;
    struct meta *meta;       /* WRITE: owned */
    size_t n_meta, cap_meta;
    const char *dest;        /* MERGE: borrowed */
    struct job *next;
};

/* Groups are tracked as segments start; the arrays only grow. */
struct shard {
    struct job *filling;     /* the segment being filled, or NULL */
    uint32_t started;        /* segments numbered so far */
    uint32_t *written;       /* per group: segments written */
    unsigned char *merged;   /* per group: merged into its group database */
    size_t n_groups, cap_groups;
    char **rewritten;        /* ID terms added more than once, owned */
    size_t n_rewritten, cap_rewritten;
};

/* Room left in a path for a work file's name. */
#define NAME_ROOM 64

struct cab_segments {
    char dir[PATH_MAX - NAME_ROOM];
    unsigned n_shards, writers;
    unsigned docs, group;        /* per segment, per group */
    struct shard shard[CAB_MAX_SHARDS];

    pthread_mutex_t mu;
    pthread_cond_t have_job;     /* writer threads wait on it */
    pthread_cond_t have_room;    /* the caller waits on it */
    pthread_cond_t idle;         /* the caller waits on it in finish */
    struct job *head, *tail;
    size_t queued, busy;
    int stop;
    int sync_init;
    pthread_t *threads;
    unsigned n_threads;

    cab_status rc;               /* first failure, under mu */
    char err[CAB_ERR_SIZE];
    uint64_t segment_bytes;      /* under mu */
};

/* Records the first failure; later calls return it. */
static void fail(cab_segments *sg, cab_status rc, const char *msg)
{
    pthread_mutex_lock(&sg->mu);
    if (sg->rc == CAB_OK) {
        sg->rc = rc;
        snprintf(sg->err, sizeof sg->err, "%s", msg);
    }
    pthread_mutex_unlock(&sg->mu);
}

static cab_status failed(cab_segments *sg, char *err)
{
    cab_status rc;

    pthread_mutex_lock(&sg->mu);
    rc = sg->rc;
    if (rc != CAB_OK)
        snprintf(err, CAB_ERR_SIZE, "%s", sg->err);
    pthread_mutex_unlock(&sg->mu);
    return rc;
}

static void job_free(struct job *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n_docs; i++)
        xw_doc_free(j->docs[i]);
    for (size_t i = 0; i < j->n_meta; i++) {
        cab_free(j->meta[i].key);
        cab_free(j->meta[i].val);
    }
    cab_free(j->docs);
    cab_free(j->meta);
    cab_free(j);
}

/* ---------------------------------------------------------------- files */

static void segment_path(const cab_segments *sg, char *out, unsigned shard, uint32_t index)
{
    snprintf(out, PATH_MAX, "%s/s%u-%06u", sg->dir, shard, (unsigned)index);
}

static void group_path(const cab_segments *sg, char *out, unsigned shard, size_t group)
{
    snprintf(out, PATH_MAX, "%s/s%u-g%04zu", sg->dir, shard, group);
}

/* ---------------------------------------------------------------- jobs */

/* A segment has no spelling dictionary: each shard gets one once merged. */
static cab_status write_docs(xw_db *db, struct job *j, const char *path, char *err)
{
    cab_status rc = CAB_OK;

    for (size_t i = 0; i < j->n_docs && rc == CAB_OK; i++)
        rc = xw_db_add(db, j->docs[i]);
    for (size_t i = 0; i < j->n_meta && rc == CAB_OK; i++)
        rc = xw_db_set_metadata(db, j->meta[i].key, j->meta[i].val, j->meta[i].len);
    if (rc == CAB_OK)
        rc = xw_db_commit(db);
    if (rc == CAB_NOMEM)
        cab_err_set(err, "out of memory writing '%s'", path);
    else if (rc != CAB_OK)
        cab_err_set(err, "cannot write '%s': %s", path, xw_db_errmsg(db));
    return rc;
}

/* Merges the databases paths[0..n) into 'dest' and removes them. */
static cab_status compact_away(char (*paths)[PATH_MAX], size_t n, const char *dest, char *err)
{
    const char **src = cab_calloc(n, sizeof *src);
    char why[CAB_ERR_SIZE];
    cab_status rc;

    if (!src) {
        cab_err_set(err, "out of memory merging the segments into '%s'", dest);
        return CAB_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        src[i] = paths[i];
    rc = xw_compact(src, n, dest, why);
    if (rc != CAB_OK)
        cab_err_set(err, "cannot merge the segments into '%s': %s", dest, why);
    for (size_t i = 0; i < n && rc == CAB_OK; i++)
        cab_tree_remove(paths[i]);
    cab_free(src);
    return rc;
}

/* Merges segments [first, first + n) of a shard into 'dest' and removes them. */
static cab_status merge_segments(cab_segments *sg, unsigned shard, uint32_t first, uint32_t n,
                                 const char *dest, char *err)
{
    char (*paths)[PATH_MAX] = cab_calloc(n, sizeof *paths);
    cab_status rc;

    if (!paths) {
        cab_err_set(err, "out of memory merging the segments into '%s'", dest);
        return CAB_NOMEM;
    }
    for (uint32_t i = 0; i < n; i++)
        segment_path(sg, paths[i], shard, first + i);
    rc = compact_away(paths, n, dest, err);
    cab_free(paths);
    return rc;
}

/* Writes one segment; the writer that completes a group merges it. */
static cab_status run_write(cab_segments *sg, struct job *j, char *err)
{
    char path[PATH_MAX], why[CAB_ERR_SIZE];
    struct shard *s = &sg->shard[j->shard];
    size_t g = j->index / sg->group;
    xw_db *db = NULL;
    uint64_t size;
    int complete;
    cab_status rc;

    segment_path(sg, path, j->shard, j->index);
    rc = xw_db_open_writable(path, XW_CREATE_SCRATCH, &db, why);
    if (rc != CAB_OK) {
        cab_err_set(err, "cannot open '%s' for writing: %s", path, why);
        return rc;
    }
    rc = write_docs(db, j, path, err);
    xw_db_close(db);
    if (rc != CAB_OK)
        return rc;

    size = cab_tree_size(path);
    pthread_mutex_lock(&sg->mu);
    sg->segment_bytes += size;
    complete = ++s->written[g] == sg->group;
    if (complete)
        s->merged[g] = 1;
    pthread_mutex_unlock(&sg->mu);
    if (!complete)
        return CAB_OK;
    group_path(sg, path, j->shard, g);
    return merge_segments(sg, j->shard, (uint32_t)(g * sg->group), sg->group, path, err);
}

/* Keeps the last copy of each ID term added more than once, then fills
 * the spelling dictionary from the words left. */
static cab_status finish_shard(struct shard *s, const char *dest, char *err)
{
    char why[CAB_ERR_SIZE];
    xw_db *db = NULL;
    uint32_t deleted;
    cab_status rc = xw_db_open_writable(dest, XW_OPEN, &db, why);

    if (rc != CAB_OK) {
        cab_err_set(err, "cannot open '%s' for writing: %s", dest, why);
        return rc;
    }
    for (size_t i = 0; i < s->n_rewritten && rc == CAB_OK; i++)
        rc = xw_db_keep_last(db, s->rewritten[i], &deleted);
    if (rc == CAB_OK && s->n_rewritten > 0)
        rc = xw_db_commit(db);
    if (rc != CAB_OK)
        cab_err_set(err, "cannot drop replaced cables from '%s': %s", dest, xw_db_errmsg(db));
    else
        rc = cab_doc_spelling_from_terms(db, dest, err);
    xw_db_close(db);
    return rc;
}

static cab_status merge_groups(cab_segments *sg, unsigned shard, const char *dest, char *err)
{
    struct shard *s = &sg->shard[shard];
    char (*paths)[PATH_MAX] = cab_calloc(s->n_groups, sizeof *paths);
    cab_status rc = CAB_OK;

    if (!paths) {
        cab_err_set(err, "out of memory merging the segments into '%s'", dest);
        return CAB_NOMEM;
    }
    for (size_t g = 0; g < s->n_groups; g++)
        group_path(sg, paths[g], shard, g);
    /* A lone group is already compact: it becomes the shard as it is. */
    if (s->n_groups == 1 && rename(paths[0], dest) != 0) {
        cab_err_set(err, "cannot rename '%s' to '%s': %s", paths[0], dest, strerror(errno));
        rc = CAB_IO;
    } else if (s->n_groups > 1) {
        rc = compact_away(paths, s->n_groups, dest, err);
    }
    cab_free(paths);
    return rc;
}

/* Merges a shard's last groups and then its groups into its database. */
static cab_status run_merge(cab_segments *sg, struct job *j, char *err)
{
    struct shard *s = &sg->shard[j->shard];
    char path[PATH_MAX], why[CAB_ERR_SIZE];
    cab_status rc = CAB_OK;

    if (s->n_groups == 0) {
        xw_db *db = NULL;

        rc = xw_db_open_writable(j->dest, XW_CREATE_OR_OVERWRITE, &db, why);
        if (rc != CAB_OK)
            cab_err_set(err, "cannot create '%s': %s", j->dest, why);
        xw_db_close(db);
        return rc;
    }
    if (s->n_groups == 1 && !s->merged[0]) {
        /* A small build: one merge, straight from the segments. */
        rc = merge_segments(sg, j->shard, 0, s->started, j->dest, err);
    } else {
        for (size_t g = 0; g < s->n_groups && rc == CAB_OK; g++) {
            uint32_t first = (uint32_t)(g * sg->group);
            uint32_t n = s->started - first;

            if (s->merged[g])
                continue;
            group_path(sg, path, j->shard, g);
            rc = merge_segments(sg, j->shard, first, n < sg->group ? n : sg->group, path,
                                err);
            s->merged[g] = rc == CAB_OK;
        }
        if (rc == CAB_OK)
            rc = merge_groups(sg, j->shard, j->dest, err);
    }
    if (rc == CAB_OK)
        rc = finish_shard(s, j->dest, err);
    return rc;
}

static cab_status run_job(cab_segments *sg, struct job *j, char *err)
{
    return j->kind == JOB_WRITE ? run_write(sg, j, err) : run_merge(sg, j, err);
}

/* ---------------------------------------------------------------- threads */

static void *writer_main(void *arg)
{
    cab_segments *sg = arg;
    char err[CAB_ERR_SIZE];
    cab_status rc;

    pthread_mutex_lock(&sg->mu);
    for (;;) {
        struct job *j;
        int skip;

        while (!sg->head && !sg->stop)
            pthread_cond_wait(&sg->have_job, &sg->mu);
        if (sg->stop)
            break;
        j = sg->head;
        sg->head = j->next;
        if (!sg->head)
            sg->tail = NULL;
        sg->queued--;
        sg->busy++;
        skip = sg->rc != CAB_OK;
        pthread_cond_signal(&sg->have_room);
        pthread_mutex_unlock(&sg->mu);

        rc = skip ? CAB_OK : run_job(sg, j, err);
        job_free(j);
        if (rc != CAB_OK)
            fail(sg, rc, err);

        pthread_mutex_lock(&sg->mu);
        sg->busy--;
        if (!sg->head && sg->busy == 0)
            pthread_cond_broadcast(&sg->idle);
    }
    pthread_mutex_unlock(&sg->mu);
    return NULL;
}

/* Hands a job to the writers, or runs it here without them.  Takes 'j'. */
static cab_status submit(cab_segments *sg, struct job *j, char *err)
{
    cab_status rc;

    if (sg->writers == 0) {
        rc = run_job(sg, j, err);
        job_free(j);
        if (rc != CAB_OK)
            fail(sg, rc, err);
        return rc;
    }
    pthread_mutex_lock(&sg->mu);
    while (sg->queued >= (size_t)sg->writers * CAB_SEG_QUEUE_PER_WRITER && sg->rc == CAB_OK)
        pthread_cond_wait(&sg->have_room, &sg->mu);
    if (sg->tail)
        sg->tail->next = j;
    else
        sg->head = j;
    sg->tail = j;
    sg->queued++;
    pthread_cond_signal(&sg->have_job);
    pthread_mutex_unlock(&sg->mu);
    return failed(sg, err);
}

static void wait_idle(cab_segments *sg)
{
    if (sg->writers == 0)
        return;
    pthread_mutex_lock(&sg->mu);
    while (sg->head || sg->busy)
        pthread_cond_wait(&sg->idle, &sg->mu);
    pthread_mutex_unlock(&sg->mu);
}

/* ---------------------------------------------------------------- building */

/* The segment being filled for a shard, started if need be. */
static cab_status filling(cab_segments *sg, unsigned shard, struct job **out, char *err)
{
    struct shard *s = &sg->shard[shard];
    struct job *j;
    size_t g;

    *out = s->filling;
    if (s->filling)
        return CAB_OK;
    j = cab_calloc(1, sizeof *j);
    if (j) {
        j->docs = cab_calloc(sg->docs, sizeof *j->docs);
    }
    g = s->started / sg->group;
    pthread_mutex_lock(&sg->mu);
    if (j && j->docs && g >= s->cap_groups) {
        size_t cap = s->cap_groups ? 2 * s->cap_groups : 16;
        uint32_t *w = cab_realloc(s->written, cap * sizeof *w);
        unsigned char *m = w ? cab_realloc(s->merged, cap) : NULL;

        if (w)
            s->written = w;
        if (m) {
            s->merged = m;
            memset(s->written + s->cap_groups, 0, (cap - s->cap_groups) * sizeof *w);
            memset(s->merged + s->cap_groups, 0, cap - s->cap_groups);
            s->cap_groups = cap;
        }
    }
    pthread_mutex_unlock(&sg->mu);
    if (!j || !j->docs || g >= s->cap_groups) {
        job_free(j);
        cab_err_set(err, "out of memory starting a segment");
        return CAB_NOMEM;
    }
    j->kind = JOB_WRITE;
    j->shard = shard;
    j->index = s->started++;
    if (g + 1 > s->n_groups)
        s->n_groups = g + 1;
    s->filling = j;
    *out = j;
    return CAB_OK;
}

static cab_status submit_filling(cab_segments *sg, unsigned shard, char *err)
{
    struct job *j = sg->shard[shard].filling;

    sg->shard[shard].filling = NULL;
    return j ? submit(sg, j, err) : CAB_OK;
}

cab_status cab_segments_add(cab_segments *sg, unsigned shard, xw_doc *doc,
                            char err[CAB_ERR_SIZE])
{
    struct job *j = NULL;
    cab_status rc = shard < sg->n_shards ? failed(sg, err) : CAB_INTERNAL;

    if (rc == CAB_INTERNAL)
        cab_err_set(err, "no shard %u", shard);
    if (rc == CAB_OK)
        rc = filling(sg, shard, &j, err);
    if (rc != CAB_OK) {
        xw_doc_free(doc);
        return rc;
    }
    j->docs[j->n_docs++] = doc;
    return j->n_docs == sg->docs ? submit_filling(sg, shard, err) : CAB_OK;
}

cab_status cab_segments_set_metadata(cab_segments *sg, const char *key, const char *val,
                                     size_t len, char err[CAB_ERR_SIZE])
{
    struct job *j = NULL;
    cab_status rc = failed(sg, err);

    if (rc == CAB_OK)
        rc = filling(sg, 0, &j, err);
    if (rc == CAB_OK && j->n_meta == j->cap_meta) {
        size_t cap = j->cap_meta ? 2 * j->cap_meta : 8;
        struct meta *m = cab_realloc(j->meta, cap * sizeof *m);

        if (!m)
            rc = CAB_NOMEM;
        else {
            j->meta = m;
            j->cap_meta = cap;
        }
    }
    if (rc == CAB_OK) {
        struct meta *m = &j->meta[j->n_meta];

        m->key = cab_strdup(key);
        m->val = cab_malloc(len + 1);
        m->len = len;
        if (m->key && m->val) {
            memcpy(m->val, val, len);
            m->val[len] = '\0';
            j->n_meta++;
        } else {
            cab_free(m->key);
            cab_free(m->val);
            rc = CAB_NOMEM;
        }
    }
    if (rc == CAB_NOMEM)
        cab_err_set(err, "out of memory recording '%s'", key);
    return rc;
}

cab_status cab_segments_rewritten(cab_segments *sg, unsigned shard, const char *idterm,
                                  char err[CAB_ERR_SIZE])
{
    struct shard *s = &sg->shard[shard];

    if (s->n_rewritten == s->cap_rewritten) {
        size_t cap = s->cap_rewritten ? 2 * s->cap_rewritten : 16;
        char **v = cab_realloc(s->rewritten, cap * sizeof *v);

        if (!v) {
            cab_err_set(err, "out of memory noting a replaced cable");
            return CAB_NOMEM;
        }
        s->rewritten = v;
        s->cap_rewritten = cap;
    }
    s->rewritten[s->n_rewritten] = cab_strdup(idterm);
    if (!s->rewritten[s->n_rewritten]) {
        cab_err_set(err, "out of memory noting a replaced cable");
        return CAB_NOMEM;
    }
    s->n_rewritten++;
    return CAB_OK;
}

cab_status cab_segments_finish(cab_segments *sg, const char *const *dest,
                               uint64_t *segment_bytes, char err[CAB_ERR_SIZE])
{
    cab_status rc = CAB_OK;

    *segment_bytes = 0;
    for (unsigned i = 0; i < sg->n_shards && rc == CAB_OK; i++)
        rc = submit_filling(sg, i, err);
    wait_idle(sg);
    if (rc == CAB_OK)
        rc = failed(sg, err);
    /* Every segment is written: the shards merge in parallel. */
    for (unsigned i = 0; i < sg->n_shards && rc == CAB_OK; i++) {
        struct job *j = cab_calloc(1, sizeof *j);

        if (!j) {
            cab_err_set(err, "out of memory merging the segments");
            rc = CAB_NOMEM;
            break;
        }
        j->kind = JOB_MERGE;
        j->shard = i;
        j->dest = dest[i];
        rc = submit(sg, j, err);
    }
    wait_idle(sg);
    if (rc == CAB_OK)
        rc = failed(sg, err);
    pthread_mutex_lock(&sg->mu);
    *segment_bytes = sg->segment_bytes;
    pthread_mutex_unlock(&sg->mu);
    return rc;
}

/* ---------------------------------------------------------------- life */

cab_status cab_segments_new(const char *dir, const struct cab_segments_opts *opts,
                            cab_segments **out, char err[CAB_ERR_SIZE])
{
    unsigned writers = opts->writers;
    cab_segments *sg;

    *out = NULL;
    if (opts->shards == 0 || opts->shards > CAB_MAX_SHARDS) {
        cab_err_set(err, "cannot build %u shards (1 to %d)", opts->shards, CAB_MAX_SHARDS);
        return CAB_USAGE;
    }
    sg = cab_calloc(1, sizeof *sg);
    if (!sg) {
        cab_err_set(err, "out of memory starting a build");
        return CAB_NOMEM;
    }
    *out = sg;
    if ((size_t)snprintf(sg->dir, sizeof sg->dir, "%s", dir) >= sizeof sg->dir) {
        cab_err_set(err, "build directory path too long '%s'", dir);
        return CAB_TOO_LARGE;
    }
    sg->n_shards = opts->shards;
    sg->writers = writers;
    sg->docs = opts->docs ? opts->docs : CAB_SEG_DOCS;
    sg->group = opts->group ? opts->group : CAB_SEG_GROUP;
    if (pthread_mutex_init(&sg->mu, NULL) != 0) {
        cab_err_set(err, "cannot start the writers");
        return CAB_INTERNAL;
    }
    pthread_cond_init(&sg->have_job, NULL);
    pthread_cond_init(&sg->have_room, NULL);
    pthread_cond_init(&sg->idle, NULL);
    sg->sync_init = 1;
    if (writers > 0) {
        sg->threads = cab_calloc(writers, sizeof *sg->threads);
        if (!sg->threads) {
            cab_err_set(err, "out of memory starting a build");
            return CAB_NOMEM;
        }
    }
    for (unsigned i = 0; i < writers; i++) {
        if (pthread_create(&sg->threads[i], NULL, writer_main, sg) != 0) {
            cab_err_set(err, "cannot start a writer thread: %s", strerror(errno));
            return CAB_INTERNAL;
        }
        sg->n_threads++;
    }
    return CAB_OK;
}

void cab_segments_free(cab_segments *sg)
{
    if (!sg)
        return;
    if (sg->sync_init) {
        pthread_mutex_lock(&sg->mu);
        sg->stop = 1;
        pthread_cond_broadcast(&sg->have_job);
        pthread_mutex_unlock(&sg->mu);
        for (unsigned i = 0; i < sg->n_threads; i++)
            pthread_join(sg->threads[i], NULL);
        pthread_cond_destroy(&sg->have_job);
        pthread_cond_destroy(&sg->have_room);
        pthread_cond_destroy(&sg->idle);
        pthread_mutex_destroy(&sg->mu);
    }
    while (sg->head) {
        struct job *j = sg->head;

        sg->head = j->next;
        job_free(j);
    }
    for (unsigned i = 0; i < CAB_MAX_SHARDS; i++) {
        struct shard *s = &sg->shard[i];

        job_free(s->filling);
        cab_free(s->written);
        cab_free(s->merged);
        for (size_t k = 0; k < s->n_rewritten; k++)
            cab_free(s->rewritten[k]);
        cab_free(s->rewritten);
    }
    cab_free(sg->threads);
    cab_free(sg);
}
