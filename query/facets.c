/* Facet counts from the per-slot (value, count) pairs of a search.
 *
 * A many-valued field's slot holds its values joined by CAB_VALUE_SEP, so
 * the pairs are per combination ("KTIP\nPGOV" -> 3); each part gets the
 * count of every combination it appears in.  Parts are gathered, sorted by
 * value and summed, then sorted by count: n log n and no hash table.
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

static cab_status add_part(struct cab_facet *f, const char *value, size_t len, uint32_t count)
{
    char *copy;

    if (len == 0)
        return CAB_OK;
    if (f->n_parts >= CAB_MAX_FACET_PARTS)
        return CAB_TOO_LARGE;
    if (f->n_parts == f->alloc_parts) {
        size_t n = f->alloc_parts ? f->alloc_parts * 2 : 64;
        struct cab_facet_value *p = cab_realloc(f->parts, n * sizeof *p);

        if (!p)
            return CAB_NOMEM;
        f->parts = p;
        f->alloc_parts = n;
    }
    copy = cab_strndup(value, len);
    if (!copy)
        return CAB_NOMEM;
    f->parts[f->n_parts].value = copy;
    f->parts[f->n_parts].count = count;
    f->n_parts++;
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

static int by_value(const void *a, const void *b)
{
    return strcmp(((const struct cab_facet_value *)a)->value,
                  ((const struct cab_facet_value *)b)->value);
}

static int by_count(const void *a, const void *b)
{
    const struct cab_facet_value *x = a, *y = b;

    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

cab_status cab_facet_finish(struct cab_facet *f)
{
    size_t i, n = 0;

    if (f->n_parts > 1)
        qsort(f->parts, f->n_parts, sizeof *f->parts, by_value);
    for (i = 0; i < f->n_parts; i++) {
        if (n > 0 && strcmp(f->parts[n - 1].value, f->parts[i].value) == 0) {
            uint64_t sum = (uint64_t)f->parts[n - 1].count + f->parts[i].count;

            f->parts[n - 1].count = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
            cab_free(f->parts[i].value);
        } else {
            f->parts[n++] = f->parts[i];
        }
    }
    if (n > 1)
        qsort(f->parts, n, sizeof *f->parts, by_count);
    f->distinct = n;
    for (i = f->top; i < n; i++)
        cab_free(f->parts[i].value);
    f->values = f->parts;
    f->n_values = n < f->top ? n : f->top;
    f->parts = NULL;
    f->n_parts = f->alloc_parts = 0;
    return CAB_OK;
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
            snprintf(err, CAB_ERR_SIZE, "bad facet size '%s' (a number from 1 to %u)",
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
