/* Allocation through one door, so tests can make the Nth allocation fail. */
#ifndef CAB_MEM_H
#define CAB_MEM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *cab_malloc(size_t n);
void *cab_calloc(size_t count, size_t size);
void *cab_realloc(void *p, size_t n);
void  cab_free(void *p);

/* A copy of 's' (NULL gives NULL) or of its first 'n' bytes; the caller owns it. */
char *cab_strdup(const char *s);
char *cab_strndup(const char *s, size_t n);

/* Make the allocation after 'n' more successful ones fail; -1 turns it off.
 * For tests only; not thread-safe. */
void cab_alloc_fail_after(long n);

#ifdef __cplusplus
}
#endif

#endif
