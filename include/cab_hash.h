/* The one byte-string hash of cables: 64-bit FNV-1a.  Stable across
 * versions: the indexer stores it (each cable's content hash), so it never
 * changes. */
#ifndef CAB_HASH_H
#define CAB_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

uint64_t cab_fnv1a(const void *p, size_t len);

#ifdef __cplusplus
}
#endif

#endif
