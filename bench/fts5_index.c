/* SQLite FTS5 peer for the indexing benchmark: the same sources, read by
 * the same readers as `cables index`, written into one FTS5 table
 * (id, subject, body; porter stemming) in one transaction, then merged
 * with FTS5's 'optimize'.
 *
 *   fts5_index --db FILE SOURCE...
 *
 * Prints one line: cables, source bytes, seconds to build, bytes of the
 * database before and after 'optimize'.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "corpus.h"
#include "indexer.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "fts5_index: %s: %s\n", sql, msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void on_event(enum cab_index_event ev, const char *msg, void *ctx)
{
    (void)ev;
    (void)ctx;
    fprintf(stderr, "fts5_index: %s\n", msg);
}

/* Read every cable of 'path' into the prepared insert. */
static int add_source(sqlite3_stmt *ins, const char *path, size_t *cables)
{
    char err[CAB_ERR_SIZE];
    cab_reader *rd;
    struct cable *c;
    cab_status rc;

    if (cab_reader_open(path, &rd, err) != CAB_OK) {
        fprintf(stderr, "fts5_index: %s\n", err);
        return 0;
    }
    for (;;) {
        rc = cab_reader_next(rd, &c);
        if (rc == CAB_BAD_INPUT)
            continue;
        if (rc != CAB_OK || c == NULL)
            break;
        sqlite3_bind_text(ins, 1, c->id ? c->id : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, c->subject ? c->subject : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, c->body ? c->body : "", -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            fprintf(stderr, "fts5_index: insert failed: %s\n",
                    sqlite3_errmsg(sqlite3_db_handle(ins)));
            cable_free(c);
            cab_reader_close(rd);
            return -1;
        }
        sqlite3_reset(ins);
        cable_free(c);
        (*cables)++;
    }
    cab_reader_close(rd);
    return 0;
}

int main(int argc, char **argv)
{
    char err[CAB_ERR_SIZE];
    struct cab_source_list src = { 0 };
    size_t rejected = 0, cables = 0;
    uint64_t bytes = 0;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    const char *path;
    double t0, t1;
    long long before;
    int status = 1;

    if (argc < 4 || strcmp(argv[1], "--db") != 0) {
        fprintf(stderr, "usage: fts5_index --db FILE SOURCE...\n");
        return 2;
    }
    path = argv[2];
    remove(path);
    t0 = now();
    if (cab_sources_collect(argv + 3, (size_t)argc - 3, &src, &rejected, on_event, NULL, err)
        != CAB_OK) {
        fprintf(stderr, "fts5_index: %s\n", err);
        return 1;
    }
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "fts5_index: cannot open '%s': %s\n", path, sqlite3_errmsg(db));
        goto out;
    }
    if (exec_sql(db, "CREATE VIRTUAL TABLE t USING fts5(id UNINDEXED, subject, body, "
                        "tokenize='porter unicode61')") != 0
        || exec_sql(db, "BEGIN") != 0)
        goto out;
    if (sqlite3_prepare_v2(db, "INSERT INTO t(id, subject, body) VALUES (?, ?, ?)", -1, &ins,
                           NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5_index: prepare: %s\n", sqlite3_errmsg(db));
        goto out;
    }
    for (size_t i = 0; i < src.n; i++) {
        bytes += src.v[i].size;
        if (add_source(ins, src.v[i].path, &cables) != 0)
            goto out;
    }
    if (exec_sql(db, "COMMIT") != 0)
        goto out;
    t1 = now();
    before = file_size(path);
    if (exec_sql(db, "INSERT INTO t(t) VALUES ('optimize'); VACUUM;") != 0)
        goto out;
    printf("cables %zu bytes %llu seconds %.3f size %lld optimized %lld optimize_seconds %.3f\n",
           cables, (unsigned long long)bytes, t1 - t0, before, file_size(path), now() - t1);
    status = 0;
out:
    sqlite3_finalize(ins);
    sqlite3_close(db);
    cab_sources_release(&src);
    return status;
}
