/* SQLite FTS5 peer for the query benchmark: the free-word queries of
 * bench/queries.txt (kinds common, rare, or, and, phrase; FTS5 has no
 * equivalent of our filters) as `MATCH ... ORDER BY bm25(t) LIMIT 10`,
 * timed one by one, in-process.
 *
 *   fts5_query --db FILE --queries bench/queries.txt [--runs R] [--limit N]
 *
 * Prints one "stat" line: median, p95 and p99 latency in ms (the median
 * over the runs of each) and the spread of the runs' medians.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#define MAX_QUERIES 5000
#define MAX_QUERY_LEN 1024
#define MAX_RUNS 50

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);

    return sorted[i < n ? i : n - 1];
}

static int free_words_only(const char *kind)
{
    return strcmp(kind, "common") == 0 || strcmp(kind, "rare") == 0 || strcmp(kind, "or") == 0
        || strcmp(kind, "and") == 0 || strcmp(kind, "phrase") == 0;
}

static size_t load(const char *path, char **q, size_t limit)
{
    char line[MAX_QUERY_LEN + 64];
    FILE *f = fopen(path, "r");
    size_t n = 0;

    if (f == NULL) {
        perror(path);
        exit(2);
    }
    while (n < limit && fgets(line, sizeof line, f) != NULL) {
        char *tab = strchr(line, '\t');

        if (tab == NULL)
            continue;
        *tab = '\0';
        tab[strcspn(tab + 1, "\n") + 1] = '\0';
        if (free_words_only(line))
            q[n++] = strdup(tab + 1);
    }
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    static char *queries[MAX_QUERIES];
    static double ms[MAX_QUERIES];
    double med[MAX_RUNS], p95[MAX_RUNS], p99[MAX_RUNS];
    const char *dbpath = NULL, *qpath = NULL;
    size_t limit = MAX_QUERIES, n;
    int runs = 3;
    sqlite3 *db;
    sqlite3_stmt *st;
    long hits = 0;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--db") == 0)
            dbpath = argv[i + 1];
        else if (strcmp(argv[i], "--queries") == 0)
            qpath = argv[i + 1];
        else if (strcmp(argv[i], "--runs") == 0)
            runs = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--limit") == 0)
            limit = (size_t)atol(argv[i + 1]);
    }
    if (dbpath == NULL || qpath == NULL || runs < 1 || runs > MAX_RUNS || limit > MAX_QUERIES) {
        fprintf(stderr, "usage: fts5_query --db FILE --queries FILE [--runs R] [--limit N]\n");
        return 2;
    }
    n = load(qpath, queries, limit);
    if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db, "SELECT id FROM t WHERE t MATCH ? ORDER BY bm25(t) LIMIT 10",
                              -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "fts5_query: '%s': %s\n", dbpath, sqlite3_errmsg(db));
        return 1;
    }
    for (int r = 0; r < runs; r++) {
        for (size_t i = 0; i < n; i++) {
            double t0 = now();

            sqlite3_bind_text(st, 1, queries[i], -1, SQLITE_STATIC);
            while (sqlite3_step(st) == SQLITE_ROW)
                hits++;
            sqlite3_reset(st);
            ms[i] = (now() - t0) * 1e3;
        }
        qsort(ms, n, sizeof *ms, by_double);
        med[r] = pct(ms, n, 0.5);
        p95[r] = pct(ms, n, 0.95);
        p99[r] = pct(ms, n, 0.99);
    }
    qsort(med, (size_t)runs, sizeof *med, by_double);
    qsort(p95, (size_t)runs, sizeof *p95, by_double);
    qsort(p99, (size_t)runs, sizeof *p99, by_double);
    printf("stat fts5-top10 n=%zu runs=%d median_ms=%.3f p95_ms=%.3f p99_ms=%.3f "
           "spread_ms=%.3f hits=%ld\n",
           n, runs, med[runs / 2], p95[runs / 2], p99[runs / 2], med[runs - 1] - med[0], hits);
    sqlite3_finalize(st);
    sqlite3_close(db);
    for (size_t i = 0; i < n; i++)
        free(queries[i]);
    return 0;
}
