/* Facet totals and columns, written at the end of each run that leaves a
 * database changed: every facet field's counts over the whole database,
 * so that a search matching most of the index counts only the documents
 * it does not match (xw_db_store_facet_totals), and every document's
 * facet values as numbers (include/facet_column.h), so that a search
 * counts without reading values through Xapian.  Only a single database
 * uses them: a search over shards counts its matches.
 */
#include "facet_column.h"
#include "run.h"
#include "schema.h"
#include "xw.h"

/* Distinct values a facet's totals may hold: beyond that (people, places
 * of a very large index) reading them would cost a search more than
 * counting its matches. */
#define TOTALS_MAX_VALUES 100000

cab_status cab_totals_store(struct run *r, xw_db *db, const char *dir)
{
    unsigned slots[CAB_SLOT_COUNT];
    unsigned char split[CAB_SLOT_COUNT];
    size_t n = 0;
    cab_status rc;

    if (r->shards != 1)
        return CAB_OK;
    for (size_t i = 0; i < cab_n_facet_fields && n < CAB_SLOT_COUNT; i++, n++) {
        slots[n] = (unsigned)cab_facet_fields[i].slot;
        split[n] = cab_facet_fields[i].many ? 1 : 0;
    }
    rc = xw_db_store_facet_totals(db, slots, split, n, CAB_VALUE_SEP, TOTALS_MAX_VALUES);
    if (rc != CAB_OK) {
        cab_err_set(r->err, "cannot store the facet totals of '%s': %s", dir,
                    xw_db_errmsg(db));
        return rc;
    }
    return cab_fcol_write(db, dir, slots, split, n, CAB_VALUE_SEP, r->err);
}

cab_status cab_totals_store_path(struct run *r, const char *dir)
{
    char why[CAB_ERR_SIZE];
    xw_db *db;
    cab_status rc;

    if (r->shards != 1)
        return CAB_OK;
    rc = xw_db_open_writable(dir, XW_OPEN, &db, why);
    if (rc != CAB_OK) {
        cab_err_set(r->err, "cannot open '%s' for writing: %s", dir, why);
        return rc;
    }
    rc = cab_totals_store(r, db, dir);
    xw_db_close(db);
    return rc;
}
