/* What extraction costs beside reading: the CPU time of reading and
 * parsing every cable of the given sources, and of cab_extract() on them,
 * each the best of several rounds, so it can be set against the time of
 * `cables index` on the same sources.
 *
 *   extract_cost [--rounds N] SOURCE_FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cab_status.h"
#include "corpus.h"
#include "extract.h"

static double cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads every cable of 'paths'; with 'extract', runs cab_extract() on each
 * and adds its time to *extract_s.  Returns the number of cables. */
static size_t one_round(char **paths, int n, int extract, double *read_s, double *extract_s)
{
    size_t cables = 0;
    char err[CAB_ERR_SIZE];

    *read_s = *extract_s = 0;
    for (int i = 0; i < n; i++) {
        cab_reader *r = NULL;
        struct cable *c = NULL;
        double t0 = cpu_now();

        if (cab_reader_open(paths[i], &r, err) != CAB_OK)
            continue;
        for (;;) {
            cab_status st = cab_reader_next(r, &c);
            double t1 = cpu_now();

            *read_s += t1 - t0;
            if (st == CAB_BAD_INPUT) {
                t0 = cpu_now();
                continue;
            }
            if (st != CAB_OK || !c)
                break;
            if (extract) {
                (void)cab_extract(c, err);
                *extract_s += cpu_now() - t1;
            }
            cables++;
            cable_free(c);
            t0 = cpu_now();
        }
        cab_reader_close(r);
    }
    return cables;
}

int main(int argc, char **argv)
{
    int rounds = 3, first = 1;
    double best_read = 1e30, best_extract = 1e30, read_s, extract_s;
    char err[CAB_ERR_SIZE];
    size_t cables = 0;

    if (argc > 2 && strcmp(argv[1], "--rounds") == 0) {
        rounds = atoi(argv[2]);
        first = 3;
    }
    if (first >= argc || rounds < 1) {
        fprintf(stderr, "usage: extract_cost [--rounds N] SOURCE_FILE...\n");
        return 2;
    }
    if (cab_extract_init(err) != CAB_OK) {
        fprintf(stderr, "extract_cost: %s\n", err);
        return 2;
    }
    for (int k = 0; k < rounds; k++) {
        cables = one_round(argv + first, argc - first, 1, &read_s, &extract_s);
        if (read_s < best_read)
            best_read = read_s;
        if (extract_s < best_extract)
            best_extract = extract_s;
    }
    printf("cables %zu  read+parse %.3f s  extract %.3f s  (%.1f us per cable; best of %d)\n",
           cables, best_read, best_extract, cables ? best_extract * 1e6 / (double)cables : 0.0,
           rounds);
    cab_extract_shutdown();
    return 0;
}
