/* The gazetteer of include/gazetteer.h.
 *
 * iso-codes JSON layout (a fact of the Debian package): one object whose
 * single key ("3166-1" or "3166-2") holds an array of flat objects with
 * string values only: alpha_2, name, common_name, official_name for
 * countries; code ("KZ-AKM"), name, type ("Region") for subdivisions.
 * The reader below handles exactly that shape, and skips any other value.
 *
 * Entries live in one array sorted by folded name, so all places sharing a
 * name are adjacent; an open-addressing hash maps each distinct name to its
 * run.  Strings live in one pool and are referenced by offset while the
 * pool grows, then turned into pointers once loading is done.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef CABLES_HAVE_GEONAMES
#include <geonames/geonames.h>
#endif

#include "cab_buf.h"
#include "cab_mem.h"
#include "gazetteer.h"
#include "names.h"
#include "text.h"

#define ISO_DIR_DEFAULT "/usr/share/iso-codes/json"
#define MAX_ENTRIES (1u << 20)

struct raw_entry {
    uint32_t key, name, country; /* pool offsets */
    uint32_t population;
    double lat, lon;
    unsigned char kind, has_coords;
    char cc[3];
};

struct loader {
    struct cab_buf pool;
    struct raw_entry *raw;
    size_t n, alloc;
    uint32_t country_off[26 * 26]; /* display name of each alpha-2 code, 0 = none */
    cab_status rc;
    char *err;
};

struct gaz {
    char *pool;
    struct cab_gaz_place *places;
    size_t n;
    uint32_t *slots;    /* index+1 of a run's first entry, 0 = empty */
    uint32_t *counts;   /* run length, parallel to slots */
    uint32_t *hashes;   /* high half of the key's hash, parallel to slots */
    size_t nslots;      /* a power of two */
    /* The first words of names of several words (cab_gazetteer_has_head):
     * index+1 of an entry whose key starts with it, and the high half of
     * its hash; also 'nslots' long. */
    uint32_t *heads;
    uint32_t *head_hashes;
    uint32_t country_off[26 * 26]; /* pool offset of each code's country name */
};

static struct gaz gaz;
static int gaz_loaded;

/* Another name a place goes by in the cables, resolved to a loaded entry
 * (for coordinates) or standing alone. */
struct alias {
    const char *name;
    const char *target; /* folded name of the entry it stands for, or NULL */
    const char *cc;
    enum cab_gaz_kind kind;
};

static const struct alias aliases[] = {
    { "Astana", "nur sultan", "KZ", CAB_GAZ_CITY },
    { "Abu Dhabi", "abu dhabi island and internal islands city", "AE", CAB_GAZ_CITY },
    { "Mecca", "makkah al mukarramah", "SA", CAB_GAZ_CITY },
    { "Nouakchott", NULL, "MR", CAB_GAZ_CITY },
    { "Akmola", "nur sultan", "KZ", CAB_GAZ_CITY },
    { "Kiev", "kyiv", "UA", CAB_GAZ_CITY },
    { "Washington", "washington dc", "US", CAB_GAZ_CITY },
    { "Washington, D.C.", "washington dc", "US", CAB_GAZ_CITY },
    { "Bombay", "mumbai", "IN", CAB_GAZ_CITY },
    { "Calcutta", "kolkata", "IN", CAB_GAZ_CITY },
    { "Madras", "chennai", "IN", CAB_GAZ_CITY },
    { "Bangalore", "bengaluru", "IN", CAB_GAZ_CITY },
    { "Peking", "beijing", "CN", CAB_GAZ_CITY },
    { "Rangoon", "yangon", "MM", CAB_GAZ_CITY },
    { "Saigon", "ho chi minh city", "VN", CAB_GAZ_CITY },
    { "Alma-Ata", "almaty", "KZ", CAB_GAZ_CITY },
    { "Ashkhabad", "ashgabat", "TM", CAB_GAZ_CITY },
    { "Sana'a", "sanaa", "YE", CAB_GAZ_CITY },
    { "Brasilia", "brasilia", "BR", CAB_GAZ_CITY },
    { "New York City", "new york", "US", CAB_GAZ_CITY },
    { "Hague", "the hague", "NL", CAB_GAZ_CITY },
    { "Russia", NULL, "RU", CAB_GAZ_COUNTRY },
    { "Burma", NULL, "MM", CAB_GAZ_COUNTRY },
    { "Britain", NULL, "GB", CAB_GAZ_COUNTRY },
    { "Great Britain", NULL, "GB", CAB_GAZ_COUNTRY },
    { "UK", NULL, "GB", CAB_GAZ_COUNTRY },
    { "England", NULL, "GB", CAB_GAZ_REGION },
    { "Scotland", NULL, "GB", CAB_GAZ_REGION },
    { "Wales", NULL, "GB", CAB_GAZ_REGION },
    { "Northern Ireland", NULL, "GB", CAB_GAZ_REGION },
    { "Holland", NULL, "NL", CAB_GAZ_COUNTRY },
    { "Czech Republic", NULL, "CZ", CAB_GAZ_COUNTRY },
    { "Macedonia", NULL, "MK", CAB_GAZ_COUNTRY },
    { "Ivory Coast", NULL, "CI", CAB_GAZ_COUNTRY },
    { "Cote d'Ivoire", NULL, "CI", CAB_GAZ_COUNTRY },
    { "Cape Verde", NULL, "CV", CAB_GAZ_COUNTRY },
    { "Swaziland", NULL, "SZ", CAB_GAZ_COUNTRY },
    { "East Timor", NULL, "TL", CAB_GAZ_COUNTRY },
    { "Vatican", NULL, "VA", CAB_GAZ_COUNTRY },
    { "Holy See", NULL, "VA", CAB_GAZ_COUNTRY },
    { "USA", NULL, "US", CAB_GAZ_COUNTRY },
    { "United States of America", NULL, "US", CAB_GAZ_COUNTRY },
    { "Democratic Republic of the Congo", NULL, "CD", CAB_GAZ_COUNTRY },
    { "DRC", NULL, "CD", CAB_GAZ_COUNTRY },
    { "Brunei", NULL, "BN", CAB_GAZ_COUNTRY },
    { "Kosovo", NULL, "XK", CAB_GAZ_COUNTRY },
    { "Gaza", NULL, "PS", CAB_GAZ_REGION },
    { "West Bank", NULL, "PS", CAB_GAZ_REGION },
    { "Chechnya", NULL, "RU", CAB_GAZ_REGION },
    { "Dagestan", NULL, "RU", CAB_GAZ_REGION },
    { "Tibet", NULL, "CN", CAB_GAZ_REGION },
    { "Xinjiang", NULL, "CN", CAB_GAZ_REGION },
    { "Kashmir", NULL, "IN", CAB_GAZ_REGION },
    { "Darfur", NULL, "SD", CAB_GAZ_REGION },
    { "Kurdistan", NULL, "IQ", CAB_GAZ_REGION },
    { "Crimea", NULL, "UA", CAB_GAZ_REGION },
    { "Abkhazia", NULL, "GE", CAB_GAZ_REGION },
    { "South Ossetia", NULL, "GE", CAB_GAZ_REGION },
    { "Transnistria", NULL, "MD", CAB_GAZ_REGION },
    { "Nagorno-Karabakh", NULL, "AZ", CAB_GAZ_REGION },
    { "Turkey", NULL, "TR", CAB_GAZ_COUNTRY },
    { "UAE", NULL, "AE", CAB_GAZ_COUNTRY },
    { "Emirates", NULL, "AE", CAB_GAZ_COUNTRY },
    { "Falklands", NULL, "FK", CAB_GAZ_COUNTRY },
    { "Falkland Islands", NULL, "FK", CAB_GAZ_COUNTRY },
    { "Palestine", NULL, "PS", CAB_GAZ_COUNTRY },
    { "Soviet Union", NULL, "RU", CAB_GAZ_COUNTRY },
    { "USSR", NULL, "RU", CAB_GAZ_COUNTRY },
    { "Persia", NULL, "IR", CAB_GAZ_COUNTRY },
};

/* Parts of the world that belong to no one country. */
static const char *const areas[] = {
    "Africa", "Asia", "Europe", "Latin America", "South America", "North America",
    "Central America", "Central Asia", "South Asia", "East Asia", "Southeast Asia",
    "Middle East", "Near East", "Far East", "Eastern Europe", "Western Europe",
    "Central Europe", "Southeast Europe", "Caucasus", "South Caucasus", "North Caucasus",
    "Balkans", "Western Balkans", "Caribbean", "Persian Gulf", "Arabian Gulf",
    "Gulf of Aden", "Horn of Africa", "Sub-Saharan Africa", "North Africa", "West Africa",
    "East Africa", "Southern Africa", "Central Africa", "Scandinavia", "Baltics",
    "Mediterranean", "Black Sea", "Caspian Sea", "Red Sea", "Arabian Peninsula",
    "Sahel", "Maghreb", "Levant", "Andes", "Amazon", "Pacific", "Atlantic", "Arctic",
    "Antarctica", "Oceania", "Indian Ocean", "Southern Cone", "Andean region",
};

/* Country names as the cables use them, where ISO's differ. */
static const struct {
    const char *cc, *name;
} display_names[] = {
    { "TR", "Turkey" }, { "RU", "Russia" }, { "MM", "Burma" }, { "CZ", "Czech Republic" },
    { "CI", "Cote d'Ivoire" }, { "CD", "Democratic Republic of the Congo" },
    { "CV", "Cape Verde" }, { "MK", "Macedonia" }, { "SZ", "Swaziland" }, { "BN", "Brunei" },
    { "PS", "Palestinian Territories" }, { "VA", "Holy See" },
};

/* Subdivision types worth naming: the rest (municipalities, parishes,
 * wards) are too small and too often ordinary words. */
static const char *const region_types[] = {
    "Province", "Region", "State", "Governorate", "Prefecture", "Autonomous region",
    "Autonomous republic", "Republic", "Department", "Canton", "Emirate", "Oblast",
    "Federal district", "Autonomous province", "Autonomous city", "Capital district",
    "Capital city", "Administrative region", "Territory", "Union territory",
    "Autonomous community", "Country", "Island", "Federal territory", "Land",
    "Federal state", "Special administrative region",
};

static const char *loader_str(const struct loader *l, uint32_t off)
{
    return l->pool.data + off;
}

static uint32_t pool_add(struct loader *l, const char *s, size_t len)
{
    size_t off = l->pool.len;

    if (l->rc != CAB_OK)
        return 0;
    l->rc = cab_buf_add(&l->pool, s, len);
    if (l->rc == CAB_OK)
        l->rc = cab_buf_addch(&l->pool, '\0');
    if (l->rc != CAB_OK) {
        snprintf(l->err, CAB_ERR_SIZE, "gazetteer too large");
        return 0;
    }
    return (uint32_t)off;
}

static int cc_index(const char *cc)
{
    if (cc[0] < 'A' || cc[0] > 'Z' || cc[1] < 'A' || cc[1] > 'Z')
        return -1;
    return (cc[0] - 'A') * 26 + (cc[1] - 'A');
}

/* Add one name for a place; 'name' is kept as the display form. */
static struct raw_entry *add_one(struct loader *l, const char *name, const char *cc,
                                   enum cab_gaz_kind kind)
{
    char key[CAB_MAX_NAME];
    size_t klen = cab_name_fold(name, strlen(name), key, sizeof key);
    struct raw_entry *e;
    int ci;

    if (l->rc != CAB_OK || klen == 0)
        return NULL;
    if (l->n == l->alloc) {
        size_t na = l->alloc ? l->alloc * 2 : 4096;
        struct raw_entry *r;

        if (na > MAX_ENTRIES) {
            l->rc = CAB_TOO_LARGE;
            snprintf(l->err, CAB_ERR_SIZE, "gazetteer has more than %u names", MAX_ENTRIES);
            return NULL;
        }
        r = cab_realloc(l->raw, na * sizeof *r);
        if (!r) {
            l->rc = CAB_NOMEM;
            snprintf(l->err, CAB_ERR_SIZE, "out of memory loading the gazetteer");
            return NULL;
        }
        l->raw = r;
        l->alloc = na;
    }
    e = &l->raw[l->n];
    memset(e, 0, sizeof *e);
    e->key = pool_add(l, key, klen);
    e->name = pool_add(l, name, strlen(name));
    ci = cc ? cc_index(cc) : -1;
    e->country = ci >= 0 ? l->country_off[ci] : 0;
    if (ci >= 0) {
        e->cc[0] = cc[0];
        e->cc[1] = cc[1];
    }
    e->kind = (unsigned char)kind;
    if (l->rc != CAB_OK)
        return NULL;
    l->n++;
    return e;
}

/* German umlauts as the cables spell them: "Baden-Wuerttemberg". */
static int umlaut_variant(const char *name, char *out, size_t cap)
{
    size_t o = 0;
    int changed = 0;

    for (; *name; name++) {
        const unsigned char *u = (const unsigned char *)name;
        const char *rep = NULL;

        if (u[0] == 0xC3 && u[1]) {
            switch (u[1]) {
            case 0xA4: rep = "ae"; break;
            case 0xB6: rep = "oe"; break;
            case 0xBC: rep = "ue"; break;
            case 0x84: rep = "Ae"; break;
            case 0x96: rep = "Oe"; break;
            case 0x9C: rep = "Ue"; break;
            default: break;
            }
        }
        if (rep) {
            if (o + 3 >= cap)
                return 0;
            out[o++] = rep[0];
            out[o++] = rep[1];
            name++;
            changed = 1;
        } else {
            if (o + 2 >= cap)
                return 0;
            out[o++] = *name;
        }
    }
    out[o] = '\0';
    return changed;
}

/* Add a name and the other spellings it implies: without a trailing
 * "(Malvinas)", with umlauts spelt out.  Returns the main entry. */
static struct raw_entry *add_entry(struct loader *l, const char *name, const char *cc,
                                   enum cab_gaz_kind kind)
{
    char alt[CAB_MAX_NAME];
    const char *paren = strchr(name, '(');
    struct raw_entry *e = add_one(l, name, cc, kind);
    size_t idx = e ? (size_t)(e - l->raw) : 0;

    if (!e)
        return NULL;
    if (umlaut_variant(name, alt, sizeof alt))
        add_one(l, alt, cc, kind);
    if (paren && paren > name && (size_t)(paren - name) < sizeof alt) {
        size_t n = (size_t)(paren - name);

        while (n > 0 && name[n - 1] == ' ')
            n--;
        memcpy(alt, name, n);
        alt[n] = '\0';
        if (n > 0)
            add_one(l, alt, cc, kind);
    }
    return l->rc == CAB_OK ? &l->raw[idx] : NULL;
}

/* --- A reader for the iso-codes JSON shape --- */

struct json {
    const char *p, *end;
};

static void json_space(struct json *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
        j->p++;
}

static int json_hex4(struct json *j, unsigned *v)
{
    int i;

    *v = 0;
    if (j->end - j->p < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        int h = cab_hex_value(j->p[i]);

        if (h < 0)
            return -1;
        *v = (*v << 4) | (unsigned)h;
    }
    j->p += 4;
    return 0;
}

/* A string at j->p (after its opening quote) into out[cap] as UTF-8;
 * overlong strings are cut.  Returns -1 on malformed input. */
static int json_string(struct json *j, char *out, size_t cap)
{
    size_t o = 0;

    while (j->p < j->end && *j->p != '"') {
        char buf[4];
        size_t n = 1;
        unsigned cp;

        if (*j->p != '\\') {
            buf[0] = *j->p++;
        } else {
            j->p++;
            if (j->p >= j->end)
                return -1;
            switch (*j->p++) {
            case 'n': buf[0] = '\n'; break;
            case 't': buf[0] = '\t'; break;
            case 'r': buf[0] = '\r'; break;
            case 'b': buf[0] = '\b'; break;
            case 'f': buf[0] = '\f'; break;
            case '"': buf[0] = '"'; break;
            case '\\': buf[0] = '\\'; break;
            case '/': buf[0] = '/'; break;
            case 'u':
                if (json_hex4(j, &cp) < 0)
                    return -1;
                if (cp >= 0xD800 && cp <= 0xDBFF && j->end - j->p >= 6 && j->p[0] == '\\' &&
                    j->p[1] == 'u') {
                    unsigned lo;

                    j->p += 2;
                    if (json_hex4(j, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
                        return -1;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                if (cp == 0)
                    cp = 0xFFFD;
                if (cp < 0x80) {
                    buf[0] = (char)cp;
                } else if (cp < 0x800) {
                    buf[0] = (char)(0xC0 | (cp >> 6));
                    buf[1] = (char)(0x80 | (cp & 0x3F));
                    n = 2;
                } else if (cp < 0x10000) {
                    buf[0] = (char)(0xE0 | (cp >> 12));
                    buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    buf[2] = (char)(0x80 | (cp & 0x3F));
                    n = 3;
                } else {
                    buf[0] = (char)(0xF0 | (cp >> 18));
                    buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
                    buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
                    buf[3] = (char)(0x80 | (cp & 0x3F));
                    n = 4;
                }
                break;
            default:
                return -1;
            }
        }
        if (o + n < cap) {
            memcpy(out + o, buf, n);
            o += n;
        }
    }
    if (j->p >= j->end)
        return -1;
    j->p++;
    if (cap > 0)
        out[o < cap ? o : cap - 1] = '\0';
    return 0;
}

/* Skip a value that is not a string: number, true, false, null. */
static int json_skip_scalar(struct json *j)
{
    const char *start = j->p;

    while (j->p < j->end && *j->p != ',' && *j->p != '}' && *j->p != ']' && *j->p != ' ' &&
           *j->p != '\n')
        j->p++;
    return j->p > start ? 0 : -1;
}

enum { F_NAME, F_COMMON, F_OFFICIAL, F_ALPHA2, F_CODE, F_TYPE, F_COUNT };

static const char *const field_names[F_COUNT] = {
    "name", "common_name", "official_name", "alpha_2", "code", "type",
};

typedef void (*record_fn)(struct loader *l, char fields[F_COUNT][CAB_MAX_NAME]);

/* Walk {"KEY": [ {...}, ... ]} calling 'fn' once per flat object. */
static int json_records(struct json *j, struct loader *l, record_fn fn)
{
    char key[64];
    char fields[F_COUNT][CAB_MAX_NAME];

    json_space(j);
    if (j->p >= j->end || *j->p++ != '{')
        return -1;
    json_space(j);
    if (j->p >= j->end || *j->p++ != '"' || json_string(j, key, sizeof key) < 0)
        return -1;
    json_space(j);
    if (j->p >= j->end || *j->p++ != ':')
        return -1;
    json_space(j);
    if (j->p >= j->end || *j->p++ != '[')
        return -1;
    for (;;) {
        json_space(j);
        if (j->p < j->end && *j->p == ']')
            return 0;
        if (j->p >= j->end || *j->p++ != '{')
            return -1;
        memset(fields, 0, sizeof fields);
        for (;;) {
            char value[CAB_MAX_NAME];
            int f;

            json_space(j);
            if (j->p < j->end && *j->p == '}') {
                j->p++;
                break;
            }
            if (j->p >= j->end || *j->p++ != '"' || json_string(j, key, sizeof key) < 0)
                return -1;
            json_space(j);
            if (j->p >= j->end || *j->p++ != ':')
                return -1;
            json_space(j);
            value[0] = '\0';
            if (j->p < j->end && *j->p == '"') {
                j->p++;
                if (json_string(j, value, sizeof value) < 0)
                    return -1;
            } else if (json_skip_scalar(j) < 0) {
                return -1;
            }
            for (f = 0; f < F_COUNT; f++)
                if (strcmp(key, field_names[f]) == 0)
                    memcpy(fields[f], value, sizeof value);
            json_space(j);
            if (j->p < j->end && *j->p == ',')
                j->p++;
        }
        fn(l, fields);
        if (l->rc != CAB_OK)
            return 0;
        json_space(j);
        if (j->p < j->end && *j->p == ',')
            j->p++;
    }
}

static cab_status read_file(const char *path, char **out, size_t *len, char *err)
{
    struct cab_buf b;
    FILE *f;
    char chunk[65536];
    cab_status rc = CAB_OK;
    size_t n;

    *out = NULL;
    cab_buf_init(&b, CAB_MAX_ISO_FILE);
    f = fopen(path, "rb");
    if (!f) {
        int e = errno;

        snprintf(err, CAB_ERR_SIZE, "cannot open '%s': %s", path, strerror(e));
        return e == ENOENT ? CAB_NOT_FOUND : CAB_IO;
    }
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = cab_buf_add(&b, chunk, n);
        if (rc != CAB_OK) {
            snprintf(err, CAB_ERR_SIZE, rc == CAB_TOO_LARGE ? "file too large '%s'"
                                                            : "out of memory reading '%s'",
                     path);
            goto out_close;
        }
    }
    if (ferror(f)) {
        rc = CAB_IO;
        snprintf(err, CAB_ERR_SIZE, "cannot read '%s': %s", path, strerror(errno));
        goto out_close;
    }
    *out = cab_buf_detach(&b, len);
    if (!*out) {
        rc = CAB_NOMEM;
        snprintf(err, CAB_ERR_SIZE, "out of memory reading '%s'", path);
    }
out_close:
    fclose(f);
    cab_buf_release(&b);
    return rc;
}

/* "Iran, Islamic Republic of" is known as "Iran". */
static void short_name(const char *name, char *out, size_t cap)
{
    const char *comma = strchr(name, ',');
    size_t n = comma ? (size_t)(comma - name) : strlen(name);

    if (n >= cap)
        n = cap - 1;
    memcpy(out, name, n);
    out[n] = '\0';
}

static void on_country(struct loader *l, char fields[F_COUNT][CAB_MAX_NAME])
{
    char display[CAB_MAX_NAME];
    int ci = cc_index(fields[F_ALPHA2]);

    if (ci < 0 || fields[F_NAME][0] == '\0')
        return;
    if (fields[F_COMMON][0])
        snprintf(display, sizeof display, "%s", fields[F_COMMON]);
    else
        short_name(fields[F_NAME], display, sizeof display);
    for (size_t i = 0; i < sizeof display_names / sizeof display_names[0]; i++)
        if (strcmp(display_names[i].cc, fields[F_ALPHA2]) == 0)
            snprintf(display, sizeof display, "%s", display_names[i].name);
    l->country_off[ci] = pool_add(l, display, strlen(display));
    add_entry(l, display, fields[F_ALPHA2], CAB_GAZ_COUNTRY);
    if (strcmp(display, fields[F_NAME]) != 0 && !strchr(fields[F_NAME], ','))
        add_entry(l, fields[F_NAME], fields[F_ALPHA2], CAB_GAZ_COUNTRY);
    if (fields[F_OFFICIAL][0])
        add_entry(l, fields[F_OFFICIAL], fields[F_ALPHA2], CAB_GAZ_COUNTRY);
}

/* A subdivision name that is an ordinary word ("Central", "Western")
 * would be found everywhere. */
static int ordinary_name(const char *name)
{
    char key[CAB_MAX_NAME];
    size_t len = cab_name_fold(name, strlen(name), key, sizeof key);

    if (len < 4)
        return 1;
    return (cab_name_word_class(key, len) &
            (CAB_W_COMMON | CAB_W_COMMONPLACE | CAB_W_NONNAME | CAB_W_GIVEN)) != 0;
}

static void on_subdivision(struct loader *l, char fields[F_COUNT][CAB_MAX_NAME])
{
    size_t i;

    if (strlen(fields[F_CODE]) < 4 || fields[F_CODE][2] != '-' || ordinary_name(fields[F_NAME]))
        return;
    for (i = 0; i < sizeof region_types / sizeof region_types[0]; i++)
        if (strcmp(fields[F_TYPE], region_types[i]) == 0)
            break;
    if (i == sizeof region_types / sizeof region_types[0])
        return;
    add_entry(l, fields[F_NAME], fields[F_CODE], CAB_GAZ_REGION);
}

static cab_status load_iso(struct loader *l, const char *dir, const char *file, record_fn fn)
{
    char path[1024];
    char *data;
    size_t len;
    struct json j;
    cab_status rc;

    if (strlen(dir) + strlen(file) + 2 > sizeof path) {
        snprintf(l->err, CAB_ERR_SIZE, "iso-codes directory name too long '%.400s'", dir);
        return CAB_TOO_LARGE;
    }
    memcpy(path, dir, strlen(dir));
    path[strlen(dir)] = '/';
    memcpy(path + strlen(dir) + 1, file, strlen(file) + 1);
    rc = read_file(path, &data, &len, l->err);
    if (rc != CAB_OK)
        return rc;
    j.p = data;
    j.end = data + len;
    if (json_records(&j, l, fn) < 0 && l->rc == CAB_OK) {
        l->rc = CAB_BAD_INPUT;
        snprintf(l->err, CAB_ERR_SIZE, "malformed iso-codes file '%.400s' at byte %zu", path,
                 (size_t)(j.p - data));
    }
    cab_free(data);
    return l->rc;
}

static void load_cities(struct loader *l)
{
#ifdef CABLES_HAVE_GEONAMES
    int i, n = geonames_get_n_cities();

    for (i = 0; i < n && l->rc == CAB_OK; i++) {
        GeonamesCity *city = geonames_get_city(i);
        size_t first = l->n, k;

        if (!city)
            continue;
        add_entry(l, geonames_city_get_name(city), geonames_city_get_country_code(city),
                  CAB_GAZ_CITY);
        for (k = first; k < l->n; k++) {
            l->raw[k].lat = geonames_city_get_latitude(city);
            l->raw[k].lon = geonames_city_get_longitude(city);
            l->raw[k].has_coords = 1;
            l->raw[k].population = geonames_city_get_population(city);
        }
        geonames_city_free(city);
    }
#else
    (void)l;
#endif
}

static uint64_t hash_key(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u;
    size_t i;

    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static struct loader *sort_loader;

/* Countries first, then parts of the world, regions, cities. */
static int kind_rank(unsigned char kind)
{
    switch (kind) {
    case CAB_GAZ_COUNTRY: return 0;
    case CAB_GAZ_AREA: return 1;
    case CAB_GAZ_REGION: return 2;
    default: return 3;
    }
}

static int raw_cmp(const void *a, const void *b)
{
    const struct raw_entry *x = a, *y = b;
    int c = strcmp(loader_str(sort_loader, x->key), loader_str(sort_loader, y->key));

    if (c)
        return c;
    if (kind_rank(x->kind) != kind_rank(y->kind))
        return kind_rank(x->kind) < kind_rank(y->kind) ? -1 : 1;
    if (x->population != y->population)
        return x->population > y->population ? -1 : 1;
    return 0;
}

static const struct raw_entry *raw_find(const struct loader *l, const char *key)
{
    size_t i;

    /* Only used for the few aliases, before sorting. */
    for (i = 0; i < l->n; i++)
        if (strcmp(loader_str(l, l->raw[i].key), key) == 0 && l->raw[i].kind == CAB_GAZ_CITY)
            return &l->raw[i];
    return NULL;
}

static void load_aliases(struct loader *l)
{
    size_t i, nraw = l->n;

    for (i = 0; i < sizeof areas / sizeof areas[0]; i++)
        add_entry(l, areas[i], NULL, CAB_GAZ_AREA);
    for (i = 0; i < sizeof aliases / sizeof aliases[0] && l->rc == CAB_OK; i++) {
        const struct alias *a = &aliases[i];
        struct raw_entry target;
        const struct raw_entry *t = NULL;
        size_t first, k;

        if (a->target) {
            size_t save = l->n;

            l->n = nraw;
            t = raw_find(l, a->target);
            l->n = save;
            if (t)
                target = *t; /* add_entry may move the array */
        }
        first = l->n;
        add_entry(l, a->name, a->cc, a->kind);
        for (k = first; t && k < l->n; k++) {
            l->raw[k].lat = target.lat;
            l->raw[k].lon = target.lon;
            l->raw[k].has_coords = target.has_coords;
            l->raw[k].population = target.population;
        }
    }
}

/* Whether 'key' starts with word[0..len) and a space. */
static int key_has_head(const char *key, const char *word, size_t len)
{
    /* strncmp stops at the end of a shorter key. */
    return strncmp(key, word, len) == 0 && key[len] == ' ';
}

/* The slot of the head word[0..len) (hash 'h') in 'heads', or the empty
 * slot where it would go. */
static size_t head_slot(const struct cab_gaz_place *places, const uint32_t *heads,
                        const uint32_t *head_hashes, size_t nslots, const char *word, size_t len,
                        uint64_t h)
{
    size_t s = (size_t)h & (nslots - 1);

    while (heads[s] && !(head_hashes[s] == (uint32_t)(h >> 32) &&
                         key_has_head(places[heads[s] - 1].key, word, len)))
        s = (s + 1) & (nslots - 1);
    return s;
}

/* Note the first word of entry i's key when the key has more words. */
static void add_head(const struct cab_gaz_place *places, size_t i, uint32_t *heads,
                     uint32_t *head_hashes, size_t nslots)
{
    const char *key = places[i].key, *sp = strchr(key, ' ');
    uint64_t h;
    size_t s;

    if (!sp)
        return;
    h = hash_key(key, (size_t)(sp - key));
    s = head_slot(places, heads, head_hashes, nslots, key, (size_t)(sp - key), h);
    if (!heads[s]) {
        heads[s] = (uint32_t)i + 1;
        head_hashes[s] = (uint32_t)(h >> 32);
    }
}

static cab_status build_index(struct loader *l)
{
    size_t i, nslots = 1;
    struct cab_gaz_place *places;
    uint32_t *slots, *counts, *hashes, *heads, *head_hashes;

    sort_loader = l;
    qsort(l->raw, l->n, sizeof *l->raw, raw_cmp);
    sort_loader = NULL;
    while (nslots < l->n * 2 + 16)
        nslots <<= 1;
    places = cab_calloc(l->n ? l->n : 1, sizeof *places);
    slots = cab_calloc(nslots, sizeof *slots);
    counts = cab_calloc(nslots, sizeof *counts);
    hashes = cab_calloc(nslots, sizeof *hashes);
    heads = cab_calloc(nslots, sizeof *heads);
    head_hashes = cab_calloc(nslots, sizeof *head_hashes);
    if (!places || !slots || !counts || !hashes || !heads || !head_hashes) {
        cab_free(places);
        cab_free(slots);
        cab_free(counts);
        cab_free(hashes);
        cab_free(heads);
        cab_free(head_hashes);
        snprintf(l->err, CAB_ERR_SIZE, "out of memory loading the gazetteer");
        return CAB_NOMEM;
    }
    gaz.pool = cab_buf_detach(&l->pool, NULL);
    if (!gaz.pool) {
        cab_free(places);
        cab_free(slots);
        cab_free(counts);
        cab_free(hashes);
        cab_free(heads);
        cab_free(head_hashes);
        snprintf(l->err, CAB_ERR_SIZE, "out of memory loading the gazetteer");
        return CAB_NOMEM;
    }
    for (i = 0; i < l->n; i++) {
        const struct raw_entry *r = &l->raw[i];
        struct cab_gaz_place *p = &places[i];

        p->key = gaz.pool + r->key;
        p->name = gaz.pool + r->name;
        p->country = gaz.pool + r->country; /* offset 0 is "" when unknown */
        memcpy(p->cc, r->cc, sizeof p->cc);
        p->kind = (enum cab_gaz_kind)r->kind;
        p->population = r->population;
        p->lat = r->lat;
        p->lon = r->lon;
        p->has_coords = r->has_coords;
    }
    for (i = 0; i < l->n;) {
        size_t j = i + 1, len = strlen(places[i].key);
        uint64_t h = hash_key(places[i].key, len);
        size_t s = (size_t)h & (nslots - 1);

        while (j < l->n && strcmp(places[j].key, places[i].key) == 0)
            j++;
        while (slots[s])
            s = (s + 1) & (nslots - 1);
        slots[s] = (uint32_t)i + 1;
        counts[s] = (uint32_t)(j - i);
        hashes[s] = (uint32_t)(h >> 32);
        i = j;
    }
    for (i = 0; i < l->n;) {
        size_t j = i + 1;

        while (j < l->n && strcmp(places[j].key, places[i].key) == 0)
            j++;
        add_head(places, i, heads, head_hashes, nslots);
        i = j;
    }
    memcpy(gaz.country_off, l->country_off, sizeof gaz.country_off);
    gaz.heads = heads;
    gaz.head_hashes = head_hashes;
    gaz.places = places;
    gaz.n = l->n;
    gaz.slots = slots;
    gaz.counts = counts;
    gaz.hashes = hashes;
    gaz.nslots = nslots;
    return CAB_OK;
}

cab_status cab_gazetteer_init(char err[CAB_ERR_SIZE])
{
    struct loader l;
    const char *dir = getenv("CABLES_ISO_CODES");
    cab_status rc;

    err[0] = '\0';
    if (gaz_loaded)
        return CAB_OK;
    if (!dir || !*dir)
        dir = ISO_DIR_DEFAULT;
    memset(&l, 0, sizeof l);
    l.err = err;
    cab_buf_init(&l.pool, CAB_MAX_GAZ_POOL);
    pool_add(&l, "", 0); /* offset 0: the unknown country */
    rc = load_iso(&l, dir, "iso_3166-1.json", on_country);
    if (rc == CAB_OK)
        rc = load_iso(&l, dir, "iso_3166-2.json", on_subdivision);
    if (rc == CAB_OK) {
        load_cities(&l);
        load_aliases(&l);
        rc = l.rc;
    }
    if (rc == CAB_OK)
        rc = build_index(&l);
    cab_free(l.raw);
    cab_buf_release(&l.pool);
    if (rc == CAB_OK)
        gaz_loaded = 1;
    return rc;
}

void cab_gazetteer_shutdown(void)
{
    if (!gaz_loaded)
        return;
    cab_free(gaz.pool);
    cab_free(gaz.places);
    cab_free(gaz.slots);
    cab_free(gaz.counts);
    cab_free(gaz.hashes);
    cab_free(gaz.heads);
    cab_free(gaz.head_hashes);
    memset(&gaz, 0, sizeof gaz);
    gaz_loaded = 0;
}

int cab_gazetteer_loaded(void)
{
    return gaz_loaded;
}

const struct cab_gaz_place *cab_gazetteer_find(const char *key, size_t len, size_t *n)
{
    uint64_t h;
    size_t s;

    *n = 0;
    if (!gaz_loaded || len == 0)
        return NULL;
    h = hash_key(key, len);
    s = (size_t)h & (gaz.nslots - 1);
    while (gaz.slots[s]) {
        const struct cab_gaz_place *p = &gaz.places[gaz.slots[s] - 1];

        /* The other half of the hash tells most keys apart without reading them. */
        if (gaz.hashes[s] == (uint32_t)(h >> 32) && strncmp(p->key, key, len) == 0 &&
            p->key[len] == '\0') {
            *n = gaz.counts[s];
            return p;
        }
        s = (s + 1) & (gaz.nslots - 1);
    }
    return NULL;
}

int cab_gazetteer_has_head(const char *word, size_t len)
{
    size_t s;

    if (!gaz_loaded)
        return 0;
    s = head_slot(gaz.places, gaz.heads, gaz.head_hashes, gaz.nslots, word, len,
                  hash_key(word, len));
    return gaz.heads[s] != 0;
}

size_t cab_gazetteer_size(void)
{
    return gaz.n;
}

const char *cab_gazetteer_country(const char *cc)
{
    int ci;

    if (!gaz_loaded || !cc || !cc[0] || !cc[1] || cc[2])
        return NULL;
    ci = cc_index(cc);
    if (ci < 0 || gaz.country_off[ci] == 0)
        return NULL;
    return gaz.pool + gaz.country_off[ci];
}
