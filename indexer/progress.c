/* A one-line progress bar on stderr, redrawn at most ten times a second. */
#include <stdio.h>
#include <time.h>

#include "indexer.h"

#define BAR_WIDTH 30

double cab_progress_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void cab_progress_init(struct cab_progress *p, int enabled, size_t total)
{
    p->enabled = enabled;
    p->start = cab_progress_now();
    p->last = 0;
    p->total = total;
}

void cab_progress_update(struct cab_progress *p, size_t done, size_t cables, uint64_t bytes)
{
    double now, secs;
    size_t fill;
    char bar[BAR_WIDTH + 1];

    if (!p->enabled)
        return;
    now = cab_progress_now();
    if (now - p->last < 0.1 && done < p->total)
        return;
    p->last = now;
    secs = now - p->start;
    fill = p->total ? done * BAR_WIDTH / p->total : BAR_WIDTH;
    for (size_t i = 0; i < BAR_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = '\0';
    fprintf(stderr, "\r[%s] %zu/%zu files, %zu cables, %.1f MB/s ", bar, done, p->total,
            cables, secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
    fflush(stderr);
}

void cab_progress_end(struct cab_progress *p)
{
    if (!p->enabled)
        return;
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}
