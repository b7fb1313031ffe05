/* The "src:" metadata records of an index run: what each source held when
 * it was last read to its end (size, mtime and IDs), loaded at the start of
 * a run, written in the transaction of the source's last document, and
 * used to skip unchanged sources, drop vanished ones and read again the
 * other sources of a removed ID.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "indexer.h"
#include "record.h"
#include "run.h"
#include "segments.h"
#include "xw.h"

#define META_PREFIX "src:"
/* Longest metadata key written as "src:" + path. */
#define META_KEY_MAX 190

void cab_rec_release(struct src_rec *s)
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
        snprintf(out, cap, META_PREFIX "#%016llx", (unsigned long long)cab_run_hash(path));
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

cab_status cab_rec_load(struct run *r, xw_db *db)
{
    struct key_list keys = { NULL, 0, CAB_OK };
    cab_status rc;

    rc = xw_db_metadata_keys(db, META_PREFIX, collect_key, &keys);
    if (rc != CAB_OK)
        rc = cab_run_db_fail(r, rc, db, "cannot read the source records");
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
            rc = cab_run_db_fail(r, rc, db, "cannot read a source record");
            break;
        }
        s->key = keys.v[i];
        keys.v[i] = NULL;
        r->n_recs++;
        rc = rec_parse(s, val);
        free(val);
        if (rc == CAB_BAD_INPUT) {
            /* A damaged record only costs a re-read of its source. */
            cab_rec_release(s);
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
        cab_err_set(r->err, "out of memory reading the source records");
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

/* Queues for reading again every other recorded source holding 'id'. */
cab_status cab_rec_force_others(struct run *r, const char *id, const char *except)
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

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Writes the record of a source read to its end, and removes the IDs it
 * held before but holds no more. */
cab_status cab_rec_finish_source(struct run *r, const struct cab_source *s, char **ids,
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
            rc = cab_changes_remove(r, old->ids[i], s->path);
    if (rc != CAB_OK || r->o->dry_run)
        return rc;

    cab_buf_init(&val, CAB_MAX_RECORD);
    rc = cab_buf_addf(&val, "%llu %lld\n%s", (unsigned long long)s->size,
                      (long long)s->mtime_ns, s->path);
    for (size_t i = 0; i < n_ids && rc == CAB_OK; i++)
        if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
            rc = cab_buf_addf(&val, "\n%s", ids[i]);
    if (rc == CAB_OK)
        rc = cab_writers_before_write(r, WEIGHT_RECORD);
    if (rc == CAB_OK && r->seg) {
        meta_key(key, sizeof key, s->path);
        rc = cab_segments_set_metadata(r->seg, key, val.data, val.len, r->err);
    } else if (rc == CAB_OK) {
        meta_key(key, sizeof key, s->path);
        rc = xw_db_set_metadata(r->w[0], key, val.data, val.len);
        if (rc != CAB_OK)
            rc = cab_run_db_fail(r, rc, r->w[0], "cannot record a source");
    } else if (!*r->err) {
        cab_err_set(r->err, "cannot record '%s': %s", s->path, cab_status_str(rc));
    }
    cab_buf_release(&val);
    return rc;
}

/* Step 1: sources gone from a given directory. */
cab_status cab_rec_drop_vanished(struct run *r)
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
            rc = cab_changes_remove(r, s->ids[k], s->path);
        if (rc != CAB_OK || r->o->dry_run)
            continue;
        rc = cab_writers_before_write(r, WEIGHT_RECORD);
        if (rc == CAB_OK) {
            meta_key(key, sizeof key, s->path);
            rc = xw_db_set_metadata(r->w[0], key, "", 0);
            if (rc != CAB_OK)
                rc = cab_run_db_fail(r, rc, r->w[0], "cannot drop a source record");
        }
    }
    return rc;
}

int cab_rec_unchanged_source(struct run *r, const struct cab_source *s)
{
    const struct src_rec *old;

    if (r->full || s->forced || strcmp(s->path, "-") == 0)
        return 0;
    old = rec_find(r, s->path);
    return old && old->size == s->size && old->mtime_ns == s->mtime_ns;
}
