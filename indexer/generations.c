/* The database directory of an index run: the XAPIANDB stub that names
 * the live generation, the gen-N and build-N directories, and the switch
 * from one generation to the next (a full build merged from its segments,
 * or a compaction), made safe against crashes by syncing the new
 * generation before an atomic rename of the stub.  The layout is described
 * at the top of index.c.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "run.h"
#include "segments.h"
#include "tree.h"
#include "xw.h"

/* Largest stub file read. */
#define STUB_MAX 65536

cab_status cab_dbdir_path(struct run *r, char *out, const char *name)
{
    if ((size_t)snprintf(out, PATH_MAX, "%s/%s", r->dbdir, name) >= PATH_MAX) {
        cab_err_set(r->err, "database path too long '%s'", r->dbdir);
        return CAB_TOO_LARGE;
    }
    return CAB_OK;
}

/* Reads XAPIANDB: the live generation and its shard count. */
cab_status cab_dbdir_read_stub(struct run *r)
{
    char path[PATH_MAX], buf[STUB_MAX];
    ssize_t n;
    char *line, *save = NULL;
    int fd;
    cab_status rc = cab_dbdir_path(r, path, STUB_NAME);

    r->live[0] = '\0';
    r->live_shards = 0;
    if (rc != CAB_OK)
        return rc;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return CAB_OK;
        cab_err_set(r->err, "cannot open '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0) {
        cab_err_set(r->err, "cannot read '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    buf[n] = '\0';
    for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *name = line, *slash;

        if (strncmp(name, "glass ", 6) != 0 || strncmp(name + 6, "gen-", 4) != 0) {
            cab_err_set(r->err, "'%s' is not a cables index stub: '%s'", path,
                     line);
            return CAB_DB_CORRUPT;
        }
        name += 6;
        slash = strchr(name, '/');
        if (slash)
            *slash = '\0';
        if (strlen(name) >= sizeof r->live) {
            cab_err_set(r->err, "generation name too long in '%s'", path);
            return CAB_DB_CORRUPT;
        }
        strcpy(r->live, name);
        r->live_shards++;
    }
    if (r->live_shards > CAB_MAX_SHARDS) {
        cab_err_set(r->err, "'%s' lists too many shards", path);
        return CAB_DB_CORRUPT;
    }
    return CAB_OK;
}

/* The path of shard 'i' of generation 'gen' (a build directory or a
 * generation), relative to the database directory. */
void cab_dbdir_shard_rel(char *out, size_t cap, const char *gen, unsigned shards, unsigned i)
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
        cab_err_set(r->err, "cannot sync '%s': %s", path, strerror(saved));
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
        cab_err_set(r->err, "cannot read '%s': %s", path, strerror(errno));
        return CAB_IO;
    }
    while (rc == CAB_OK && (e = readdir(d)) != NULL) {
        struct stat st;

        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub) {
            cab_err_set(r->err, "path too long under '%s'", path);
            rc = CAB_TOO_LARGE;
        } else if (lstat(sub, &st) != 0) {
            cab_err_set(r->err, "cannot read '%s': %s", sub, strerror(errno));
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

    rc = cab_dbdir_path(r, tmp, STUB_NAME ".tmp");
    if (rc == CAB_OK)
        rc = cab_dbdir_path(r, final, STUB_NAME);
    if (rc != CAB_OK)
        return rc;
    cab_buf_init(&b, STUB_MAX);
    for (unsigned i = 0; i < shards && rc == CAB_OK; i++) {
        cab_dbdir_shard_rel(rel, sizeof rel, gen, shards, i);
        rc = cab_buf_addf(&b, "glass %s\n", rel);
    }
    if (rc != CAB_OK) {
        cab_buf_release(&b);
        cab_err_set(r->err, "cannot write '%s': %s", tmp, cab_status_str(rc));
        return rc;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ok = fd >= 0 && write(fd, b.data, b.len) == (ssize_t)b.len && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    cab_buf_release(&b);
    if (!ok || rename(tmp, final) != 0) {
        cab_err_set(r->err, "cannot write '%s': %s", final, strerror(errno));
        unlink(tmp);
        return CAB_IO;
    }
    r->switched = 1;
    /* Until the directory is synced the rename may not survive a crash, so
     * a failure here keeps the previous generation on disk too. */
    return sync_path(r, r->dbdir);
}

/* Removes leftovers of interrupted runs and finds the next generation number. */
void cab_dbdir_sweep(struct run *r, int remove)
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
        if (cab_dbdir_path(r, path, e->d_name) == CAB_OK)
            cab_tree_remove(path);
    }
    closedir(d);
}

/* After generation 'gen' (at 'dst') was written with status 'rc': syncs
 * it and switches readers to it, or removes it on failure. */
static cab_status switch_to(struct run *r, cab_status rc, const char *dst, const char *gen)
{
    if (rc == CAB_OK)
        rc = sync_tree(r, dst);
    if (rc == CAB_OK)
        rc = write_stub(r, gen, r->shards);
    if (rc != CAB_OK) {
        /* Once the stub names it, the new generation stays: the next run
         * removes whichever one the stub does not list. */
        if (!r->switched)
            cab_tree_remove(dst);
        return rc;
    }
    r->stats->size_after = cab_tree_size(dst);
    r->stats->compacted = 1;
    return CAB_OK;
}

/* Merges the segments of a full build into generation 'gen' and switches
 * readers to it. */
cab_status cab_dbdir_finish_full(struct run *r, const char *gen)
{
    char dst[PATH_MAX], rel[PATH_MAX];
    char (*paths)[PATH_MAX] = NULL;
    const char *dest[CAB_MAX_SHARDS];
    cab_status rc = cab_dbdir_path(r, dst, gen);

    if (rc != CAB_OK)
        return rc;
    if (r->shards > 1 && mkdir(dst, 0755) != 0) {
        cab_err_set(r->err, "cannot create '%s': %s", dst, strerror(errno));
        return CAB_IO;
    }
    paths = cab_calloc(r->shards, sizeof *paths);
    if (!paths) {
        cab_err_set(r->err, "out of memory merging the segments");
        rc = CAB_NOMEM;
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        cab_dbdir_shard_rel(rel, sizeof rel, gen, r->shards, i);
        rc = cab_dbdir_path(r, paths[i], rel);
        dest[i] = paths[i];
    }
    if (rc == CAB_OK)
        rc = cab_segments_finish(r->seg, dest, &r->stats->size_before, r->err);
    if (rc == CAB_OK)
        rc = cab_columns_store_path(r, paths[0]);
    cab_free(paths);
    return switch_to(r, rc, dst, gen);
}

/* Compacts generation 'from' into generation 'to' and switches readers
 * to it. */
cab_status cab_dbdir_compact_switch(struct run *r, const char *from, const char *to)
{
    char src[PATH_MAX], dst[PATH_MAX], rel[PATH_MAX];
    cab_status rc;

    rc = cab_dbdir_path(r, src, from);
    if (rc == CAB_OK)
        rc = cab_dbdir_path(r, dst, to);
    if (rc != CAB_OK)
        return rc;
    r->stats->size_before = cab_tree_size(src);
    if (r->shards > 1 && mkdir(dst, 0755) != 0) {
        cab_err_set(r->err, "cannot create '%s': %s", dst, strerror(errno));
        return CAB_IO;
    }
    for (unsigned i = 0; i < r->shards && rc == CAB_OK; i++) {
        char s_path[PATH_MAX], d_path[PATH_MAX];
        const char *one;

        cab_dbdir_shard_rel(rel, sizeof rel, from, r->shards, i);
        rc = cab_dbdir_path(r, s_path, rel);
        cab_dbdir_shard_rel(rel, sizeof rel, to, r->shards, i);
        if (rc == CAB_OK)
            rc = cab_dbdir_path(r, d_path, rel);
        one = s_path;
        if (rc == CAB_OK)
            rc = xw_compact(&one, 1, d_path, r->err);
        if (rc == CAB_OK)
            rc = cab_columns_store_path(r, d_path);
    }
    rc = switch_to(r, rc, dst, to);
    if (rc == CAB_OK)
        cab_tree_remove(src);
    return rc;
}
