/* The changes of an index run, cable by cable: whether a cable read is
 * added, replaced or left alone, when a document is removed, which of
 * several versions of a cable wins (best format, then smaller path, then
 * smaller offset), and the map of what the run did to each ID, from which
 * the net summary counts come.
 */
#include <limits.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "cable.h"
#include "document.h"
#include "pipeline.h"
#include "record.h"
#include "run.h"
#include "schema.h"
#include "segments.h"
#include "xw.h"

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
            i = cab_run_hash(m->v[k].id) & (cap - 1);
            while (v[i].id)
                i = (i + 1) & (cap - 1);
            v[i] = m->v[k];
        }
        cab_free(m->v);
        m->v = v;
        m->cap = cap;
    }
    i = cab_run_hash(id) & (m->cap - 1);
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

void cab_id_map_release(struct id_map *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        cab_free(m->v[i].id);
        cab_free(m->v[i].path);
    }
    cab_free(m->v);
    memset(m, 0, sizeof *m);
}

/* The document of 'idterm' from the writer (or, in a dry run, the reader)
 * of its shard; *out is NULL when there is none. */
static cab_status existing_doc(struct run *r, const char *id, const char *idterm,
                               xw_doc **out)
{
    xw_db *db = cab_writers_lookup(r, id);
    uint32_t docid;
    cab_status rc;

    *out = NULL;
    if (!db)
        return CAB_OK;
    rc = xw_db_find(db, idterm, &docid);
    if (rc == CAB_NOT_FOUND)
        return CAB_OK;
    if (rc == CAB_OK)
        rc = xw_db_get_doc(db, docid, out);
    if (rc != CAB_OK)
        return cab_run_db_fail(r, rc, db, "cannot read the index");
    return CAB_OK;
}

/* Value 'slot' of 'doc' into a new string ("" if none). */
static cab_status value_copy(const xw_doc *doc, enum cab_slot slot, char **out)
{
    size_t len;
    const char *v = xw_doc_value(doc, (unsigned)slot, &len);

    *out = cab_strndup(v, len);
    return *out ? CAB_OK : CAB_NOMEM;
}

/* The cable stored for 'idterm' (for precedence), or NULL. */
static cab_status existing_cable(struct run *r, const char *id, const char *idterm,
                                 struct cable **out)
{
    xw_doc *doc;
    const char *data;
    size_t len;
    cab_status rc;

    *out = NULL;
    rc = existing_doc(r, id, idterm, &doc);
    if (rc != CAB_OK || !doc)
        return rc;
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

/* Removes the document of 'id' if it came from 'path'. */
cab_status cab_changes_remove(struct run *r, const char *id, const char *path)
{
    char idterm[CAB_MAX_ID + 2], *src = NULL;
    xw_doc *old;
    cab_status rc;

    id_term(idterm, id);
    rc = existing_doc(r, id, idterm, &old);
    if (rc == CAB_OK && old)
        rc = value_copy(old, CAB_SLOT_SOURCE, &src);
    xw_doc_free(old);
    if (rc != CAB_OK || !old || !source_is(src, path)) {
        cab_free(src);
        return rc;
    }
    cab_free(src);
    rc = cab_writers_before_write(r, WEIGHT_DOC);
    if (rc != CAB_OK)
        return rc;
    if (r->o->dry_run) {
        cab_run_report(r, CAB_EV_DRY_RUN, "remove %s", id);
    } else {
        xw_db *db = r->w[cab_writers_shard_of(r, id)];

        rc = xw_db_delete(db, idterm);
        if (rc != CAB_OK)
            return cab_run_db_fail(r, rc, db, "cannot remove a cable");
    }
    mark(r, id, ID_REMOVED);
    r->stats->removed++;
    return cab_rec_force_others(r, id, path);
}

static cab_status write_doc(struct run *r, const struct cable *c, const char *idterm,
                            const xw_doc *doc)
{
    xw_db *db;
    cab_status rc = cab_writers_before_write(r, WEIGHT_DOC);

    if (rc != CAB_OK || r->o->dry_run)
        return rc;
    rc = cab_doc_spelling_count(r->builder, c);
    if (rc != CAB_OK) {
        cab_err_set(r->err, "out of memory counting spelling words");
        return rc;
    }
    db = r->w[cab_writers_shard_of(r, c->id)];
    rc = xw_db_replace(db, idterm, doc);
    return rc == CAB_OK ? CAB_OK : cab_run_db_fail(r, rc, db, "cannot write a cable");
}

/* Adds, replaces or leaves alone the document of one cable, built by the
 * reading stage with content hash 'hash'. */
cab_status cab_changes_handle(struct run *r, const struct cable *c, const xw_doc *doc,
                               uint64_t hash)
{
    char idterm[CAB_MAX_ID + 2], hex[17];
    char *old_hash = NULL, *old_src = NULL;
    struct cab_buf src;
    xw_doc *old_doc;
    int found;
    cab_status rc;

    id_term(idterm, c->id);
    cab_doc_hash_hex(hash, hex);
    /* one read of the stored document gives both values */
    rc = existing_doc(r, c->id, idterm, &old_doc);
    found = old_doc != NULL;
    if (rc == CAB_OK && found)
        rc = value_copy(old_doc, CAB_SLOT_HASH, &old_hash);
    if (rc == CAB_OK && found)
        rc = value_copy(old_doc, CAB_SLOT_SOURCE, &old_src);
    xw_doc_free(old_doc);
    if (rc != CAB_OK)
        goto out;

    if (!found) {
        rc = write_doc(r, c, idterm, doc);
        if (rc == CAB_OK && r->o->dry_run)
            cab_run_report(r, CAB_EV_DRY_RUN, "add %s %s", c->id, c->source_path);
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
            cab_run_report(r, CAB_EV_DRY_RUN, "change %s", c->id);
        mark(r, c->id, ID_CHANGED);
    }
out:
    cab_free(old_hash);
    cab_free(old_src);
    return rc;
}

/* A full build: adds the cable of item 'it' (taking its cable and
 * document) unless an earlier version of it wins. */
cab_status cab_changes_handle_full(struct run *r, struct cab_item *it)
{
    const struct cable *c = it->cable;
    const char *path = c->source_path ? c->source_path : "";
    struct id_slot *s = id_find(&r->ids, c->id, 1);
    unsigned shard = cab_writers_shard_of(r, c->id);
    int rank = format_rank(c->format);
    char idterm[CAB_MAX_ID + 2];
    char *copy;
    cab_status rc = CAB_OK;

    if (!s) {
        cab_err_set(r->err, "out of memory indexing '%s'", path);
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
        cab_err_set(r->err, "out of memory indexing '%s'", path);
        rc = CAB_NOMEM;
    }
    if (rc != CAB_OK)
        return rc;
    cab_free(s->path);
    s->path = copy;
    s->offset = c->source_offset;
    s->rank = rank;
    s->state = ID_ADDED;
    rc = cab_segments_add(r->seg, shard, it->doc, r->err);
    it->doc = NULL;
    return rc;
}
