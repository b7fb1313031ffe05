/* Facet counts from the per-slot (value, count) pairs of a search.
 *
 * A many-valued field's slot holds its values joined by CAB_VALUE_SEP, so
 * the pairs are per combination ("KTIP\nPGOV" -> 3); each part gets the
 * count of every combination it appears in.  Equal parts are summed as
 * they come, through a hash index kept in the same allocation as the parts
 * array (behind its 'alloc_parts' entries), so the array holds distinct
 * values only and finishing sorts those by count.  One entry per match and
 * a sort by value were the hottest part of a faceted search.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cab_mem.h"
#include "extract.h"
#include "search.h"

void cab_facet_init(struct cab_facet *f, const struct cab_facet_field *field, unsigned top)
{
    memset(f, 0, sizeof *f);
    f->field = field;
    f->top = top;
}

/* The hash index behind the parts: 2 * alloc_parts slots, each 0 (empty)
 * or 1 + the index of a part.  alloc_parts is a power of two. */
static uint32_t *index_of(const struct cab_facet *f)
{
    return (uint32_t *)(void *)(f->parts + f->alloc_parts);
}

static size_t hash_value(const char *value, size_t len)
{
    uint64_t h = 1469598103934665603u;    /* FNV-1a */

    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)value[i]) * 1099511628211u;
    return (size_t)(h ^ (h >> 29));
}

/* The slot holding value[0..len), or the empty slot where it belongs. */
static uint32_t *find_slot(const struct cab_facet *f, const char *value, size_t len)
{
    uint32_t *idx = index_of(f);
    size_t mask = 2 * f->alloc_parts - 1, i = hash_value(value, len) & mask;

    while (idx[i] != 0) {
        const char *v = f->parts[idx[i] - 1].value;

        if (strncmp(v, value, len) == 0 && v[len] == '\0')
            break;
        i = (i + 1) & mask;
    }
    return &idx[i];
}

static cab_status grow_parts(struct cab_facet *f)
{
    size_t n = f->alloc_parts ? f->alloc_parts * 2 : 64;
    struct cab_facet_value *p = cab_realloc(f->parts, n * sizeof *p + 2 * n * sizeof(uint32_t));

    if (!p)
        return CAB_NOMEM;
    f->parts = p;
    f->alloc_parts = n;
    memset(index_of(f), 0, 2 * n * sizeof(uint32_t));
    for (size_t i = 0; i < f->n_parts; i++)
        *find_slot(f, f->parts[i].value, strlen(f->parts[i].value)) = (uint32_t)i + 1;
    return CAB_OK;
}

static cab_status add_part(struct cab_facet *f, const char *value, size_t len, uint32_t count)
{
    uint32_t *slot;
    char *copy;

    if (len == 0)
        return CAB_OK;
    if (f->alloc_parts > 0) {
        slot = find_slot(f, value, len);
        if (*slot != 0) {
            struct cab_facet_value *v = &f->parts[*slot - 1];
            uint64_t sum = (uint64_t)v->count + count;

            v->count = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
            return CAB_OK;
        }
    }
    if (f->n_parts >= CAB_MAX_FACET_PARTS)
        return CAB_TOO_LARGE;
    if (f->n_parts == f->alloc_parts && grow_parts(f) != CAB_OK)
        return CAB_NOMEM;
    copy = cab_strndup(value, len);
    if (!copy)
        return CAB_NOMEM;
    slot = find_slot(f, value, len);
    f->parts[f->n_parts].value = copy;
    f->parts[f->n_parts].count = count;
    f->n_parts++;
    *slot = (uint32_t)f->n_parts;
    return CAB_OK;
}

cab_status cab_facet_add(struct cab_facet *f, const char *value, size_t len, uint32_t count)
{
    const char *end = value + len;
    cab_status st;

    if (!f->field || !f->field->many)
        return add_part(f, value, len, count);
    while (value < end) {
        const char *sep = memchr(value, CAB_VALUE_SEP, (size_t)(end - value));
        size_t n = sep ? (size_t)(sep - value) : (size_t)(end - value);

        st = add_part(f, value, n, count);
        if (st != CAB_OK)
            return st;
        value += n + (sep ? 1 : 0);
    }
    return CAB_OK;
}

static int by_count(const void *a, const void *b)
{
    const struct cab_facet_value *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

static void swap_values(struct cab_facet_value *a, struct cab_facet_value *b)
{
    struct cab_facet_value t = *a;

    *a = *b;
    *b = t;
}

/* Max-heap by by_count on v[0..n): the root is the last of the kept ones. */
static void sift_down(struct cab_facet_value *v, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, big = i;

        if (l < n && by_count(&v[l], &v[big]) > 0)
            big = l;
        if (r < n && by_count(&v[r], &v[big]) > 0)
            big = r;
        if (big == i)
            return;
        swap_values(&v[i], &v[big]);
        i = big;
    }
}

/* Moves the first 'k' values in by_count order to the front, sorted.  The
 * values are distinct, so that order is total and the result is the one a
 * full sort gives; people and places facets have thousands of values. */
static void sort_top(struct cab_facet_value *v, size_t n, size_t k)
{
    if (k < n) {
        for (size_t i = k / 2; i-- > 0;)
            sift_down(v, k, i);
        for (size_t i = k; i < n && k > 0; i++) {
            if (by_count(&v[i], &v[0]) < 0) {
                swap_values(&v[i], &v[0]);
                sift_down(v, k, 0);
            }
        }
        n = k;
    }
    if (n > 1)
        qsort(v, n, sizeof *v, by_count);
}

cab_status cab_facet_finish(struct cab_facet *f)
{
    size_t i, n = f->n_parts;

    /* the parts are distinct already: only the order by count is left */
    sort_top(f->parts, n, f->top);
    f->distinct = n;
    for (i = f->top; i < n; i++)
        cab_free(f->parts[i].value);
    f->values = f->parts;
    f->n_values = n < f->top ? n : f->top;
    f->parts = NULL;
    f->n_parts = f->alloc_parts = 0;
    return CAB_OK;
}

cab_status cab_facet_finish_top(struct cab_facet *f, size_t distinct)
{
    cab_status st = cab_facet_finish(f);

    if (st == CAB_OK)
        f->distinct = distinct;
    return st;
}

void cab_facet_release(struct cab_facet *f)
{
    size_t i;

    if (!f)
        return;
    for (i = 0; i < f->n_parts; i++)
        cab_free(f->parts[i].value);
    cab_free(f->parts);
    for (i = 0; i < f->n_values; i++)
        cab_free(f->values[i].value);
    cab_free(f->values);
    memset(f, 0, sizeof *f);
}

const char *cab_facet_label(const struct cab_facet *f, const struct cab_facet_value *v)
{
    if (f->field && f->field->slot == CAB_SLOT_COUNTRIES) {
        const char *name = cab_country_name(v->value);

        if (name)
            return name;
    }
    return v->value;
}

cab_status cab_facet_spec_parse(const char *arg, const struct cab_facet_field **field,
                                unsigned *top, char err[CAB_ERR_SIZE])
{
    const char *colon = strchr(arg, ':');
    size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
    char name[32];

    *field = NULL;
    *top = CAB_DEFAULT_FACET_TOP;
    if (n == 0 || n >= sizeof name)
        goto out_unknown;
    memcpy(name, arg, n);
    name[n] = '\0';
    *field = cab_facet_field_find(name);
    if (!*field)
        goto out_unknown;
    if (colon) {
        char *end;
        unsigned long v;

        errno = 0;
        v = strtoul(colon + 1, &end, 10);
        if (colon[1] < '0' || colon[1] > '9' || *end || errno || v == 0 ||
            v > CAB_MAX_FACET_TOP) {
            snprintf(err, CAB_ERR_SIZE, "bad facet size '%s' (a number from 1 to %d)",
                     colon + 1, CAB_MAX_FACET_TOP);
            *field = NULL;
            return CAB_USAGE;
        }
        *top = (unsigned)v;
    }
    return CAB_OK;

out_unknown:
    {
        size_t used = (size_t)snprintf(err, CAB_ERR_SIZE, "unknown facet field '%.*s' (fields:",
                                       (int)(n < 64 ? n : 64), arg);

        for (size_t i = 0; i < cab_n_facet_fields && used < CAB_ERR_SIZE; i++)
            used += (size_t)snprintf(err + used, CAB_ERR_SIZE - used, " %s",
                                     cab_facet_fields[i].name);
        if (used < CAB_ERR_SIZE)
            snprintf(err + used, CAB_ERR_SIZE - used, ")");
    }
    return CAB_USAGE;
}
