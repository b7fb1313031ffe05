/* What a run reads: files named on the command line whatever their name,
 * directories walked for cable files, and "-" for standard input. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cab_mem.h"
#include "indexer.h"

static int has_suffix(const char *name, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);

    return len >= n && strncasecmp(name + len - n, suffix, n) == 0;
}

/* *.html *.htm *.txt *.csv, each maybe .gz. */
static int cable_name(const char *name)
{
    static const char *const ext[] = { ".html", ".htm", ".txt", ".csv" };
    size_t len = strlen(name);

    if (name[0] == '.')
        return 0;
    if (has_suffix(name, len, ".gz"))
        len -= 3;
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
        if (has_suffix(name, len, ext[i]))
            return 1;
    return 0;
}

static int64_t mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

cab_status cab_sources_add(struct cab_source_list *l, const char *path, uint64_t size,
                           int64_t mtime)
{
    struct cab_source *s;

    if (l->n >= CAB_MAX_SOURCES)
        return CAB_TOO_LARGE;
    if (l->n == l->alloc) {
        size_t alloc = l->alloc ? 2 * l->alloc : 64;
        struct cab_source *v = cab_realloc(l->v, alloc * sizeof *v);

        if (!v)
            return CAB_NOMEM;
        l->v = v;
        l->alloc = alloc;
    }
    s = &l->v[l->n];
    s->path = cab_strdup(path);
    if (!s->path)
        return CAB_NOMEM;
    s->size = size;
    s->mtime_ns = mtime;
    s->forced = 0;
    l->n++;
    return CAB_OK;
}

static int cmp_source(const void *a, const void *b)
{
    return strcmp(((const struct cab_source *)a)->path, ((const struct cab_source *)b)->path);
}

struct walk {
    struct cab_source_list *l;
    size_t *rejected;
    cab_index_report_fn report;
    void *ctx;
    char *err;
};

static void reject(struct walk *w, const char *path, const char *why)
{
    char msg[PATH_MAX + 256];

    snprintf(msg, sizeof msg, "cannot read '%s': %s", path, why);
    (*w->rejected)++;
    w->report(CAB_EV_REJECTED, msg, w->ctx);
}

static cab_status walk_dir(struct walk *w, const char *dir, unsigned depth)
{
    struct dirent *e;
    cab_status rc = CAB_OK;
    DIR *d;

    if (depth > CAB_MAX_WALK_DEPTH) {
        reject(w, dir, "directories nested too deep");
        return CAB_OK;
    }
    d = opendir(dir);
    if (!d) {
        reject(w, dir, strerror(errno));
        return CAB_OK;
    }
    while (rc == CAB_OK && (e = readdir(d)) != NULL) {
        char path[PATH_MAX];
        struct stat st;

        if (e->d_name[0] == '.')
            continue;
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= sizeof path) {
            reject(w, e->d_name, "path too long");
            continue;
        }
        if (stat(path, &st) != 0) {
            reject(w, path, strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode))
            rc = walk_dir(w, path, depth + 1);
        else if (S_ISREG(st.st_mode) && cable_name(e->d_name))
            rc = cab_sources_add(w->l, path, (uint64_t)st.st_size, mtime_ns(&st));
        else if (cable_name(e->d_name))
            reject(w, path, "not a regular file");
    }
    closedir(d);
    if (rc != CAB_OK)
        cab_err_set(w->err, "cannot list the sources of '%s': %s", dir,
                 cab_status_str(rc));
    return rc;
}

static cab_status add_dir(struct cab_source_list *l, const char *dir)
{
    char **v = cab_realloc(l->dirs, (l->n_dirs + 1) * sizeof *v);

    if (!v)
        return CAB_NOMEM;
    l->dirs = v;
    l->dirs[l->n_dirs] = cab_strdup(dir);
    if (!l->dirs[l->n_dirs])
        return CAB_NOMEM;
    l->n_dirs++;
    return CAB_OK;
}

cab_status cab_sources_collect(char *const *args, size_t n, struct cab_source_list *out,
                               size_t *rejected, cab_index_report_fn report, void *ctx,
                               char err[CAB_ERR_SIZE])
{
    struct walk w = { out, rejected, report, ctx, err };
    cab_status rc = CAB_OK;

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n && rc == CAB_OK; i++) {
        char real[PATH_MAX];
        struct stat st;
        size_t first = out->n;

        if (strcmp(args[i], "-") == 0) {
            rc = cab_sources_add(out, "-", 0, 0);
            continue;
        }
        if (!realpath(args[i], real) || stat(real, &st) != 0) {
            reject(&w, args[i], strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            rc = add_dir(out, real);
            if (rc == CAB_OK)
                rc = walk_dir(&w, real, 0);
            if (rc == CAB_OK && out->n > first)
                qsort(out->v + first, out->n - first, sizeof *out->v, cmp_source);
        } else {
            rc = cab_sources_add(out, real, (uint64_t)st.st_size, mtime_ns(&st));
        }
    }
    if (rc != CAB_OK && !*err)
        cab_err_set(err, "cannot list the sources: %s", cab_status_str(rc));
    return rc;
}

void cab_sources_release(struct cab_source_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        cab_free(l->v[i].path);
    cab_free(l->v);
    for (size_t i = 0; i < l->n_dirs; i++)
        cab_free(l->dirs[i]);
    cab_free(l->dirs);
    memset(l, 0, sizeof *l);
}

int cab_sources_in_dirs(const struct cab_source_list *l, const char *path)
{
    for (size_t i = 0; i < l->n_dirs; i++) {
        size_t n = strlen(l->dirs[i]);

        if (strncmp(path, l->dirs[i], n) == 0 && (path[n] == '/' || l->dirs[i][n - 1] == '/'))
            return 1;
    }
    return 0;
}
