/* Search latency with four facets: median and p99 over queries drawn from
 * the index's own vocabulary, run in-process through the search library,
 * and (with --cli) as one `cables search` process per query.
 *
 *   query_latency --db DIR [--queries N] [--cli PATH/TO/cables]
 */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "search.h"

extern char **environ;

#define MAX_QUERIES 2000
#define MAX_VOCAB 100000

struct vocab {
    char *words[MAX_VOCAB];
    size_t n;
};

/* Plain words seen in 5 to 500 cables: neither noise nor stopwords. */
static int take_word(const char *term, size_t len, uint32_t freq, void *ctx)
{
    struct vocab *v = ctx;

    if (len < 4 || len > 20 || term[0] < 'a' || term[0] > 'z' || freq < 5 || freq > 500)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (term[i] < 'a' || term[i] > 'z')
            return 0;
    v->words[v->n++] = strndup(term, len);
    return v->n >= MAX_VOCAB;
}

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

static void report(const char *what, double *ms, size_t n)
{
    qsort(ms, n, sizeof *ms, by_double);
    printf("%-34s n=%zu  median %.2f ms  p99 %.2f ms  max %.2f ms\n", what, n, ms[n / 2],
           ms[(size_t)((double)n * 0.99) < n ? (size_t)((double)n * 0.99) : n - 1], ms[n - 1]);
}

int main(int argc, char **argv)
{
    static const char *const facet_names[] = { "tag", "country", "year", "origin" };
    static const char *const filters[] = { "year:2009", "tag:PGOV", "class:secret", "tag:KTIP" };
    const char *db = NULL, *cli = NULL;
    size_t nq = 240;
    static struct vocab v;
    struct cab_facet_req facets[4];
    static char queries[MAX_QUERIES][128];
    static double ms[MAX_QUERIES];
    char err[CAB_ERR_SIZE];
    cab_searcher *s;
    unsigned seed = 1;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db = argv[++i];
        else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
            nq = (size_t)atoi(argv[++i]);
        else if (strcmp(argv[i], "--cli") == 0 && i + 1 < argc)
            cli = argv[++i];
    }
    if (!db || nq == 0 || nq > MAX_QUERIES) {
        fprintf(stderr, "usage: query_latency --db DIR [--queries N<=%d] [--cli CABLES]\n",
                MAX_QUERIES);
        return 2;
    }
    if (cab_searcher_open(db, &s, err) != CAB_OK) {
        fprintf(stderr, "query_latency: %s\n", err);
        return 2;
    }
    xw_db_allterms(cab_searcher_db(s), "", take_word, &v);
    if (v.n < 10) {
        fprintf(stderr, "query_latency: vocabulary too small (%zu words)\n", v.n);
        return 2;
    }
    /* a third single words, a third pairs, a third a word with a filter */
    for (size_t i = 0; i < nq; i++) {
        const char *a = v.words[rand_r(&seed) % v.n], *b = v.words[rand_r(&seed) % v.n];

        if (i % 3 == 0)
            snprintf(queries[i], sizeof queries[i], "%s", a);
        else if (i % 3 == 1)
            snprintf(queries[i], sizeof queries[i], "%s %s", a, b);
        else
            snprintf(queries[i], sizeof queries[i], "%s %s", filters[i % 4], a);
    }
    for (size_t f = 0; f < 4; f++) {
        facets[f].field = cab_facet_field_find(facet_names[f]);
        facets[f].top = 10;
    }

    for (size_t i = 0; i < nq; i++) {
        struct cab_search_req req = { 0 };
        struct cab_results *res = NULL;
        double t0 = now();

        req.query = queries[i];
        req.count = 10;
        req.facets = facets;
        req.n_facets = 4;
        req.snippets = 1;
        if (cab_search_run(s, &req, &res, err) != CAB_OK) {
            fprintf(stderr, "query_latency: '%s': %s\n", queries[i], err);
            return 1;
        }
        ms[i] = (now() - t0) * 1000.0;
        cab_results_free(res);
    }
    printf("%zu queries, %zu-word vocabulary, 10 hits with snippets, facets tag country year origin\n",
           nq, v.n);
    report("in-process cab_search_run", ms, nq);

    if (cli) {
        for (size_t i = 0; i < nq; i++) {
            char *args[] = { (char *)cli, "search", "--db", (char *)db, "--facet", "tag",
                             "--facet", "country", "--facet", "year", "--facet", "origin",
                             queries[i], NULL };
            posix_spawn_file_actions_t fa;
            pid_t pid;
            int status;
            double t0 = now();

            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", 1 /* O_WRONLY */, 0);
            posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
            if (posix_spawn(&pid, cli, &fa, NULL, args, environ) != 0) {
                fprintf(stderr, "query_latency: cannot run '%s'\n", cli);
                return 1;
            }
            waitpid(pid, &status, 0);
            posix_spawn_file_actions_destroy(&fa);
            ms[i] = (now() - t0) * 1000.0;
        }
        report("cables search process", ms, nq);
    }
    for (size_t i = 0; i < v.n; i++)
        free(v.words[i]);
    cab_searcher_close(s);
    return 0;
}
