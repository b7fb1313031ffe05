#include <stdlib.h>
#include <string.h>

#include "cab_mem.h"

/* Countdown to an injected failure; negative means never. */
static long fail_countdown = -1;

static int should_fail(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0)
        return 1;
    fail_countdown--;
    return 0;
}

void cab_alloc_fail_after(long n)
{
    fail_countdown = n;
}

void *cab_malloc(size_t n)
{
    return should_fail() ? NULL : malloc(n ? n : 1);
}

void *cab_calloc(size_t count, size_t size)
{
    return should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1);
}

void *cab_realloc(void *p, size_t n)
{
    return should_fail() ? NULL : realloc(p, n ? n : 1);
}

void cab_free(void *p)
{
    free(p);
}

char *cab_strndup(const char *s, size_t n)
{
    char *copy;

    if (!s)
        return NULL;
    copy = cab_malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *cab_strdup(const char *s)
{
    return s ? cab_strndup(s, strlen(s)) : NULL;
}
