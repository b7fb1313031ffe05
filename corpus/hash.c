/* 64-bit FNV-1a (Fowler, Noll, Vo): offset basis and prime as published. */
#include "cab_hash.h"

uint64_t cab_fnv1a(const void *p, size_t len)
{
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325ULL;

    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
