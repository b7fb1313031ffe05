/* The index schema: which term prefix and value slot each field uses.
 *
 * One table (corpus/schema.c) read by the indexer, the query parser, the
 * facet counter and the printers, so they cannot disagree (as notmuch's
 * prefix table).  Prefixes follow Xapian's conventions so that Xapian's
 * own tools (xapian-delve, quest) can read the index: Q for the unique
 * reference ID, Z for stems, X... for the rest.
 *
 * Free text: the words of subject and text are indexed unprefixed, folded
 * to lower case, with positions (for phrases, NEAR and exact "quoted"
 * words), and as Z+stem without positions (for ranked, stemmed matching).
 * Subject words count CAB_SUBJECT_WDF times.  Subject words are also
 * indexed with the S prefix (and ZS+stem) for subject: queries.
 *
 * Boolean terms hold the field value in the case written here: tags,
 * country codes, IDs, refs in upper case; the rest folded to lower case.
 *
 * Values: single-valued fields hold their value; many-valued fields hold
 * their values joined by CAB_VALUE_SEP (sorted, distinct), so one
 * ValueCountMatchSpy per slot gives exact facet counts (also through
 * Xapian's remote backend), the query side splitting the combined values.
 */
#ifndef SCHEMA_H
#define SCHEMA_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CAB_VALUE_SEP '\n'
#define CAB_SUBJECT_WDF 3

/* Term prefixes. */
#define CAB_P_ID        "Q"      /* Q09ASTANA2101 (unique ID term) */
#define CAB_P_STEM      "Z"      /* Z + stem of a text word */
#define CAB_P_SUBJECT   "S"      /* subject word; stems as ZS... */
#define CAB_P_TAG       "K"      /* KPGOV, KKTIP, KKZ (every TAGS entry) */
#define CAB_P_COUNTRY   "XC"     /* XCKZ (FIPS-style code) */
#define CAB_P_ORIGIN    "XO"     /* XOembassy astana (whole canonical name) */
#define CAB_P_ORIGIN_W  "XOW"    /* XOWastana (each word of it) */
#define CAB_P_CLASS     "XL"     /* XLsecret (level) */
#define CAB_P_MARKING   "XM"     /* XMsecret//noforn (full marking) */
#define CAB_P_CAVEAT    "XV"     /* XVnoforn */
#define CAB_P_PERSON    "XP"     /* XPgalina morozova (whole canonical name) */
#define CAB_P_PERSON_W  "XPW"    /* XPWmorozova (each word of it) */
#define CAB_P_PLACE     "XG"     /* XGkokshetau, XGakmolinskaya oblast */
#define CAB_P_REF       "XR"     /* XR09ASTANA1206 (a cited ID) */
#define CAB_P_YEAR      "XY"     /* XY2009 */
#define CAB_P_MONTH     "XN"     /* XN2009-12 */
#define CAB_P_SOURCE    "XS"     /* XS/path/to/source (where the cable came from) */

/* Value slots. */
enum cab_slot {
    CAB_SLOT_CREATED = 0,   /* "YYYYMMDDhhmmss" (UTC), sorts and ranges as a string */
    CAB_SLOT_ID = 1,        /* "09ASTANA2101" */
    CAB_SLOT_ORIGIN = 2,    /* "Embassy Astana" */
    CAB_SLOT_CLASS = 3,     /* "SECRET" (level) */
    CAB_SLOT_YEAR = 4,      /* "2009" */
    CAB_SLOT_MONTH = 5,     /* "2009-12" */
    CAB_SLOT_TAGS = 6,      /* "KTIP\nPGOV" */
    CAB_SLOT_COUNTRIES = 7, /* "KZ" (codes; printed as names) */
    CAB_SLOT_PEOPLE = 8,    /* display names */
    CAB_SLOT_PLACES = 9,    /* display names */
    CAB_SLOT_CAVEATS = 10,  /* "NOFORN\nSIPDIS" */
    CAB_SLOT_HASH = 11,     /* content hash, 16 hex digits */
    CAB_SLOT_SOURCE = 12,   /* "path\noffset" */
    CAB_SLOT_MARKING = 13,  /* full marking "SECRET//NOFORN" */
    CAB_SLOT_SUMMARY = 14,  /* what a hit shows, without the record (summary.h) */
    CAB_SLOT_COUNT
};

/* One row per facet field of SPEC.md. */
struct cab_facet_field {
    const char *name;        /* "tag", "country", ... as users type it */
    enum cab_slot slot;
    int many;                /* 1: slot holds CAB_VALUE_SEP-joined values */
};

/* One row per query filter of SPEC.md. */
enum cab_filter_kind {
    CAB_FILTER_TERM,         /* prefix + normalised value */
    CAB_FILTER_WORDS,        /* every word of the value, with the word prefix */
    CAB_FILTER_DATE,         /* date or range on CAB_SLOT_CREATED */
    CAB_FILTER_TEXT,         /* words parsed like free text with a prefix (subject:) */
};

struct cab_filter_field {
    const char *name;        /* "tag", "country", ... */
    const char *prefix;      /* term prefix */
    const char *word_prefix; /* for CAB_FILTER_WORDS: prefix of each word; else NULL */
    enum cab_filter_kind kind;
    int upper;               /* 1: value is upper-cased, else folded to lower case */
    int many;                /* 1: a cable can hold many: repeated values AND, else OR */
};

extern const struct cab_facet_field cab_facet_fields[];
extern const size_t cab_n_facet_fields;
extern const struct cab_filter_field cab_filter_fields[];
extern const size_t cab_n_filter_fields;

/* The row named 'name' (case-insensitive), or NULL. */
const struct cab_facet_field *cab_facet_field_find(const char *name);
const struct cab_filter_field *cab_filter_field_find(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif
