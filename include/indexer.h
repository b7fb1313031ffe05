/* `cables index`: from cable sources to the Xapian index, incrementally.
 *
 * The database layout, the document layout and the rules of an
 * incremental run are described at the top of indexer/index.c.  The
 * library never prints: what a user should see (rejected inputs, dry-run
 * lines) comes back through a report callback.
 */
#ifndef INDEXER_H
#define INDEXER_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Cables written per transaction (small batches are fastest: PERF-NOTES). */
#define CAB_INDEX_BATCH 300
/* Most shards and parse threads accepted. */
#define CAB_MAX_SHARDS 64
#define CAB_MAX_JOBS 64
/* Most source files one run considers, and deepest directory walked. */
#define CAB_MAX_SOURCES 10000000u
#define CAB_MAX_WALK_DEPTH 64

struct cab_index_opts {
    const char *db;      /* database directory */
    int full;            /* rebuild into a new generation */
    int dry_run;         /* report what would change, change nothing */
    int compact;         /* compact into a new generation at the end */
    int progress;        /* draw a progress bar on stderr */
    unsigned jobs;       /* reading threads (0 or 1: in the writer's thread) */
    unsigned shards;     /* 0: keep what the index has (1 for a new one) */
};

struct cab_index_stats {
    size_t added, changed, removed, unchanged, rejected;
    uint64_t bytes;              /* source bytes parsed */
    double seconds;
    uint64_t size_before;        /* bytes, when compacted */
    uint64_t size_after;
    int compacted;
};

enum cab_index_event {
    CAB_EV_REJECTED,     /* an input or record rejected: message names it and why */
    CAB_EV_DRY_RUN,      /* "add ID path", "change ID", "remove ID" */
    CAB_EV_WARNING,      /* something worth knowing that did not stop the run */
};

/* Called for each event; 'msg' is valid only during the call. */
typedef void (*cab_index_report_fn)(enum cab_index_event ev, const char *msg, void *ctx);

/* Index 'sources' (files, directories, "-") into the database of 'opts'.
 * Returns CAB_OK, CAB_PARTIAL when inputs were rejected while the rest was
 * indexed, CAB_BUSY when another process holds the index (nothing
 * changed), or another status with 'err' for a fatal error. */
cab_status cab_index_run(const struct cab_index_opts *opts, char *const *sources, size_t n,
                         struct cab_index_stats *stats, cab_index_report_fn report, void *ctx,
                         char err[CAB_ERR_SIZE]);

/* --- lock.c: one writer per database --- */

/* Take the writer lock of database directory 'dir' (file "lock" inside,
 * holding the pid).  *fd gets the open lock file.  CAB_BUSY with the
 * holder's pid in 'err' when another process has it. */
cab_status cab_index_lock(const char *dir, int *fd, char err[CAB_ERR_SIZE]);
/* Release it (a negative fd is fine). */
void cab_index_unlock(int fd);

/* --- sources.c: what to read --- */

struct cab_source {
    char *path;          /* absolute path, or "-" for standard input */
    uint64_t size;       /* at the walk */
    int64_t mtime_ns;
    int forced;          /* read it even if unchanged */
};

struct cab_source_list {
    struct cab_source *v;    /* owned */
    size_t n, alloc;
    char **dirs;             /* absolute paths of the directories given */
    size_t n_dirs;
};

/* Collect the sources named by args[0..n): a directory is walked
 * recursively for *.html *.htm *.txt *.csv (each also .gz), a file is
 * taken whatever its name, "-" is standard input.  An argument that cannot
 * be read is reported (CAB_EV_REJECTED) and counted in *rejected.  The
 * entries of each directory come in path order. */
cab_status cab_sources_collect(char *const *args, size_t n, struct cab_source_list *out,
                               size_t *rejected, cab_index_report_fn report, void *ctx,
                               char err[CAB_ERR_SIZE]);
/* Append one source (copies 'path'). */
cab_status cab_sources_add(struct cab_source_list *l, const char *path, uint64_t size,
                           int64_t mtime_ns);
void cab_sources_release(struct cab_source_list *l);
/* Whether 'path' lies inside one of the directories given. */
int cab_sources_in_dirs(const struct cab_source_list *l, const char *path);

/* --- progress.c: a progress bar on stderr --- */

struct cab_progress {
    int enabled;
    double start, last;      /* seconds */
    size_t total;            /* sources to read */
};

void cab_progress_init(struct cab_progress *p, int enabled, size_t total);
void cab_progress_update(struct cab_progress *p, size_t done, size_t cables, uint64_t bytes);
void cab_progress_end(struct cab_progress *p);
/* Seconds on a monotonic clock. */
double cab_progress_now(void);

#ifdef __cplusplus
}
#endif

#endif
