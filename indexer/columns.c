/* Facet columns (include/facet_column.h), written at the end of each run
 * that leaves a database changed, so that a search counts its facets from
 * them instead of reading every match's values through Xapian.  Only a
 * single database has one: a search over shards counts through Xapian.
 */
#include "facet_column.h"
#include "run.h"
#include "schema.h"
#include "xw.h"

cab_status cab_columns_store(struct run *r, xw_db *db, const char *dir)
{
    unsigned slots[CAB_SLOT_COUNT];
    unsigned char split[CAB_SLOT_COUNT];
    size_t n = 0;

    if (r->shards != 1)
        return CAB_OK;
    for (size_t i = 0; i < cab_n_facet_fields && n < CAB_SLOT_COUNT; i++, n++) {
        slots[n] = (unsigned)cab_facet_fields[i].slot;
        split[n] = cab_facet_fields[i].many ? 1 : 0;
    }
    return cab_fcol_write(db, dir, slots, split, n, CAB_VALUE_SEP, r->err);
}

cab_status cab_columns_store_path(struct run *r, const char *dir)
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
    rc = cab_columns_store(r, db, dir);
    xw_db_close(db);
    return rc;
}
