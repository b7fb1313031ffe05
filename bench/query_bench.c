/* Query latency over the fixed queries of bench/queries.txt.
 *
 * In process (--db): each query through cab_search_run as
 *   top10       ranked top 10 (no snippets), every query
 *   top10-free  the same, on the free-word kinds only (what the peers run)
 *   facets4     top 10 plus exact counts of tag, country, year and origin
 *   count       exact match count only
 * One process per query (--exec PROG ARG...): PROG ARG... QUERY is run for
 * each free-word query with its output thrown away (for `cables search`
 * and for quest).
 *
 *   query_bench --queries FILE [--runs R] [--limit N] [--only MODE] --db DIR
 *   query_bench --queries FILE [--runs R] [--limit N] --label NAME --exec PROG ARG...
 *
 * Each mode prints one "stat" line: n, median, p95 and p99 in ms (the
 * median over the runs of each), and the spread (max - min) of the runs'
 * medians, the measure of machine noise.
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "search.h"

extern char **environ;

#define MAX_QUERIES 5000
#define MAX_QUERY_LEN 1024
#define MAX_RUNS 50
#define MAX_EXEC_ARGS 32

enum mode { M_TOP10, M_TOP10_FREE, M_FACETS4, M_COUNT, N_MODES };

static const char *const mode_names[N_MODES] = { "top10", "top10-free", "facets4", "count" };

struct query {
    char *text;
    int free_words;      /* a kind the peers can run */
};

struct series {
    double med[MAX_RUNS], p95[MAX_RUNS], p99[MAX_RUNS];
    int runs;
    long matches;
};

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

    return n == 0 ? 0.0 : sorted[i < n ? i : n - 1];
}

static void series_add(struct series *s, double *ms, size_t n)
{
    qsort(ms, n, sizeof *ms, by_double);
    s->med[s->runs] = pct(ms, n, 0.5);
    s->p95[s->runs] = pct(ms, n, 0.95);
    s->p99[s->runs] = pct(ms, n, 0.99);
    s->runs++;
}

static void series_print(const char *label, struct series *s, size_t n)
{
    size_t r = (size_t)s->runs;

    if (r == 0)
        return;
    qsort(s->med, r, sizeof(double), by_double);
    qsort(s->p95, r, sizeof(double), by_double);
    qsort(s->p99, r, sizeof(double), by_double);
    printf("stat %s n=%zu runs=%zu median_ms=%.3f p95_ms=%.3f p99_ms=%.3f spread_ms=%.3f "
           "matches=%ld\n",
           label, n, r, s->med[r / 2], s->p95[r / 2], s->p99[r / 2], s->med[r - 1] - s->med[0],
           s->matches);
}

static int is_free_kind(const char *kind)
{
    return strcmp(kind, "common") == 0 || strcmp(kind, "rare") == 0 || strcmp(kind, "or") == 0
        || strcmp(kind, "and") == 0 || strcmp(kind, "phrase") == 0;
}

static size_t load(const char *path, struct query *q, size_t limit)
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
        q[n].text = strdup(tab + 1);
        q[n].free_words = is_free_kind(line);
        n++;
    }
    fclose(f);
    return n;
}

/* One query in one mode; -1 on error. */
static double run_one(cab_searcher *s, const char *query, enum mode m,
                      const struct cab_facet_req *facets, long *matches)
{
    struct cab_search_req req = { 0 };
    struct cab_results *res = NULL;
    char err[CAB_ERR_SIZE];
    double t0 = now();

    req.query = query;
    req.count = m == M_COUNT ? 0 : 10;
    req.exact = m == M_COUNT;
    if (m == M_FACETS4) {
        req.facets = facets;
        req.n_facets = 4;
    }
    if (cab_search_run(s, &req, &res, err) != CAB_OK) {
        fprintf(stderr, "query_bench: '%s': %s\n", query, err);
        return -1;
    }
    *matches += res->total;
    cab_results_free(res);
    return (now() - t0) * 1000.0;
}

static int bench_in_process(const char *db, struct query *q, size_t n, int runs, int only)
{
    static const char *const facet_names[] = { "tag", "country", "year", "origin" };
    static double ms[MAX_QUERIES];
    struct series ser[N_MODES] = { 0 };
    size_t counted[N_MODES] = { 0 };
    struct cab_facet_req facets[4];
    char err[CAB_ERR_SIZE];
    cab_searcher *s;

    if (cab_searcher_open(db, &s, err) != CAB_OK) {
        fprintf(stderr, "query_bench: %s\n", err);
        return 2;
    }
    for (size_t f = 0; f < 4; f++) {
        facets[f].field = cab_facet_field_find(facet_names[f]);
        facets[f].top = 10;
    }
    for (int r = 0; r < runs; r++) {
        for (int m = 0; m < N_MODES; m++) {
            size_t k = 0;

            if (only >= 0 && m != only)
                continue;
            for (size_t i = 0; i < n; i++) {
                if (m == M_TOP10_FREE && !q[i].free_words)
                    continue;
                ms[k] = run_one(s, q[i].text, (enum mode)m, facets, &ser[m].matches);
                if (ms[k] < 0) {
                    cab_searcher_close(s);
                    return 1;
                }
                k++;
            }
            counted[m] = k;
            series_add(&ser[m], ms, k);
        }
    }
    for (int m = 0; m < N_MODES; m++)
        series_print(mode_names[m], &ser[m], counted[m]);
    cab_searcher_close(s);
    return 0;
}

/* Run argv + query with its output thrown away; -1 if it could not run. */
static double spawn_one(char **args, size_t nargs, char *query)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status;
    double t0 = now();

    args[nargs] = query;
    args[nargs + 1] = NULL;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    if (posix_spawnp(&pid, args[0], &fa, NULL, args, environ) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    waitpid(pid, &status, 0);
    posix_spawn_file_actions_destroy(&fa);
    return (now() - t0) * 1000.0;
}

static int bench_exec(const char *label, char **argv, size_t argc, struct query *q, size_t n,
                      int runs)
{
    static double ms[MAX_QUERIES];
    char *args[MAX_EXEC_ARGS + 2];
    struct series ser = { 0 };
    size_t k = 0;

    if (argc == 0 || argc > MAX_EXEC_ARGS) {
        fprintf(stderr, "query_bench: --exec needs 1 to %d words\n", MAX_EXEC_ARGS);
        return 2;
    }
    memcpy(args, argv, argc * sizeof *args);
    for (int r = 0; r < runs; r++) {
        k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!q[i].free_words)
                continue;
            ms[k] = spawn_one(args, argc, q[i].text);
            if (ms[k] < 0) {
                fprintf(stderr, "query_bench: cannot run '%s'\n", args[0]);
                return 1;
            }
            k++;
        }
        series_add(&ser, ms, k);
    }
    series_print(label, &ser, k);
    return 0;
}

int main(int argc, char **argv)
{
    static struct query queries[MAX_QUERIES];
    const char *db = NULL, *qpath = NULL, *label = "exec";
    size_t limit = MAX_QUERIES, n;
    int runs = 3, only = -1, exec_at = 0, rc;

    for (int i = 1; i < argc && exec_at == 0; i++) {
        if (strcmp(argv[i], "--exec") == 0) {
            exec_at = i + 1;
        } else if (i + 1 >= argc) {
            break;
        } else if (strcmp(argv[i], "--db") == 0) {
            db = argv[++i];
        } else if (strcmp(argv[i], "--queries") == 0) {
            qpath = argv[++i];
        } else if (strcmp(argv[i], "--runs") == 0) {
            runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--limit") == 0) {
            limit = (size_t)atol(argv[++i]);
        } else if (strcmp(argv[i], "--label") == 0) {
            label = argv[++i];
        } else if (strcmp(argv[i], "--only") == 0) {
            i++;
            for (int m = 0; m < N_MODES; m++)
                if (strcmp(argv[i], mode_names[m]) == 0)
                    only = m;
            if (only < 0) {
                fprintf(stderr, "query_bench: unknown mode '%s'\n", argv[i]);
                return 2;
            }
        }
    }
    if (qpath == NULL || (db == NULL) == (exec_at == 0) || runs < 1 || runs > MAX_RUNS
        || limit > MAX_QUERIES) {
        fprintf(stderr, "usage: query_bench --queries FILE [--runs R<=%d] [--limit N] "
                        "(--db DIR [--only MODE] | --label NAME --exec PROG ARG...)\n",
                MAX_RUNS);
        return 2;
    }
    n = load(qpath, queries, limit);
    if (exec_at)
        rc = bench_exec(label, argv + exec_at, (size_t)(argc - exec_at), queries, n, runs);
    else
        rc = bench_in_process(db, queries, n, runs, only);
    for (size_t i = 0; i < n; i++)
        free(queries[i].text);
    return rc;
}
