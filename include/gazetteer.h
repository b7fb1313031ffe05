/* The gazetteer: countries and subdivisions from Debian's iso-codes
 * (ISO 3166-1 and 3166-2 JSON files), world cities with coordinates and
 * population from libgeonames when the build has it, and a few other names
 * places go by in the cables ("Astana", "Kiev", "Burma").  Loaded once per
 * process into memory and looked up by folded name (cab_name_fold) through
 * a hash table.
 *
 * The iso-codes files are read from $CABLES_ISO_CODES (a directory) when
 * set, else from /usr/share/iso-codes/json.
 */
#ifndef CAB_GAZETTEER_H
#define CAB_GAZETTEER_H

#include <stddef.h>

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest iso-codes JSON file read, and largest total of gazetteer strings. */
#define CAB_MAX_ISO_FILE (8u << 20)
#define CAB_MAX_GAZ_POOL (32u << 20)

enum cab_gaz_kind {
    CAB_GAZ_COUNTRY = 1,
    CAB_GAZ_REGION,       /* province, oblast, state, governorate... */
    CAB_GAZ_CITY,
    CAB_GAZ_AREA,         /* a continent, sea or world region: "Central Asia" */
};

struct cab_gaz_place {
    const char *key;        /* folded name: "nur sultan" */
    const char *name;       /* as the gazetteer spells it: "Nur-Sultan" */
    const char *country;    /* country name: "Kazakhstan"; never NULL, may be "" */
    char cc[3];             /* ISO 3166-1 alpha-2 code, "" when unknown */
    enum cab_gaz_kind kind;
    unsigned population;    /* 0 when unknown */
    double lat, lon;        /* valid only when has_coords */
    int has_coords;
};

/* Load the gazetteer.  Later calls are no-ops once it is loaded.  Not
 * thread-safe: call it from the main thread before extracting (as
 * cab_extract_init() does).  CAB_IO or CAB_NOT_FOUND (with 'err' naming the
 * file) when the iso-codes files cannot be read, CAB_BAD_INPUT when they
 * are not the JSON expected, CAB_TOO_LARGE past the limits above, CAB_NOMEM. */
cab_status cab_gazetteer_init(char err[CAB_ERR_SIZE]);

/* Release the gazetteer.  Safe to call when it was never loaded. */
void cab_gazetteer_shutdown(void);

/* Whether cab_gazetteer_init() has succeeded. */
int cab_gazetteer_loaded(void);

/* Places whose folded name is key[0..len): a pointer to the first of *n
 * entries (countries first, then by population, largest first), or NULL
 * with *n = 0.  Owned by the gazetteer; valid until cab_gazetteer_shutdown(). */
const struct cab_gaz_place *cab_gazetteer_find(const char *key, size_t len, size_t *n);

/* Whether some name of two or more words starts with the folded word
 * word[0..len) and a space ("new" for "new york", "nur" for "nur sultan"):
 * when not, no longer name starting with that word need be looked up.
 * 0 when the gazetteer is not loaded. */
int cab_gazetteer_has_head(const char *word, size_t len);

/* Number of entries loaded (names, not distinct places). */
size_t cab_gazetteer_size(void);

/* Country name for an ISO 3166-1 alpha-2 code ("KZ"), or NULL.  Owned by
 * the gazetteer. */
const char *cab_gazetteer_country(const char *cc);

#ifdef __cplusplus
}
#endif

#endif
