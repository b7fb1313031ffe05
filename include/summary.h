/* The hit summary: what a result list shows of a cable, in one value slot
 * (CAB_SLOT_SUMMARY), so a page of hits needs no record decode.
 *
 * Layout: "H1", then NUL-terminated fields: created (decimal seconds, ""
 * when unknown), id, origin, classification, subject, then each tag value
 * in the cable's order.  A NULL string is stored as "".  Cable text holds
 * no NUL, so the fields need no escaping.
 */
#ifndef SUMMARY_H
#define SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "cab_buf.h"
#include "cab_status.h"
#include "cable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest summary: five one-line fields and the tags at their limits. */
#define CAB_MAX_SUMMARY (64 + 5 * CAB_MAX_FIELD + CAB_MAX_TAGS * (CAB_MAX_FIELD + 1))

/* A parsed summary; every pointer points into the parsed bytes. */
struct cab_summary {
    int64_t created;            /* or CAB_TIME_UNKNOWN */
    const char *id, *origin, *classification, *subject;
    const char *tags;           /* n_tags NUL-terminated values, one after another */
    size_t n_tags;
};

/* Append the summary of 'c' to 'out'.  CAB_NOMEM, or CAB_TOO_LARGE past
 * the cap of 'out'; 'out' is left as it was on failure. */
cab_status cab_summary_encode(const struct cable *c, struct cab_buf *out);

/* Parse v[0..len) (which must be followed by a NUL, as values are).
 * CAB_BAD_INPUT when it is not a whole summary, CAB_TOO_LARGE past
 * CAB_MAX_TAGS tags. */
cab_status cab_summary_parse(const char *v, size_t len, struct cab_summary *out);

#ifdef __cplusplus
}
#endif

#endif
