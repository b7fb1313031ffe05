/* One cable: what every reader yields, and what extraction adds to it.
 *
 * Readers (corpus.h) fill the "as read" part; cab_extract() (extract.h)
 * fills the "extracted" part from it.  A cable owns every string and array
 * it points to; cable_free() releases them all.  All text is valid UTF-8
 * without NUL bytes (readers repair invalid sequences).
 */
#ifndef CABLE_H
#define CABLE_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Times are seconds since 1970-01-01 UTC; this means "not known". */
#define CAB_TIME_UNKNOWN INT64_MIN

/* Named limits on what one cable may hold (documented in README). */
#define CAB_MAX_ID          64        /* bytes of a reference ID */
#define CAB_MAX_FIELD       4096      /* bytes of a one-line field (subject, origin...) */
#define CAB_MAX_TEXT        (16u << 20) /* bytes of header or body text */
#define CAB_MAX_TAGS        64
#define CAB_MAX_REFS        256
#define CAB_MAX_PEOPLE      256
#define CAB_MAX_PLACES      256

enum cab_format {
    CAB_FORMAT_UNKNOWN = 0,
    CAB_FORMAT_HTML,      /* cablegate page */
    CAB_FORMAT_TEXT,      /* plain text with a metadata block first */
    CAB_FORMAT_TELEGRAM,  /* bare telegram, starting at its routing header */
    CAB_FORMAT_CSV,       /* cables.csv, 8 quoted columns, no header row */
};

enum cab_tag_kind {
    CAB_TAG_SUBJECT = 0,  /* PGOV, PREL, ELAB... */
    CAB_TAG_PROGRAM,      /* KTIP, KDEM, K*... */
    CAB_TAG_ORGANIZATION, /* NATO, IAEA, UN... */
    CAB_TAG_COUNTRY,      /* FIPS-style country code: KZ, GM, CH */
    CAB_TAG_PERSON,       /* OVIP (CLINTON, HILLARY), OREP ... */
    CAB_TAG_OTHER,        /* well-formed but not recognised */
};

enum cab_person_role {
    CAB_ROLE_MENTIONED = 0,
    CAB_ROLE_VISITOR,     /* from an OVIP/OREP tag */
    CAB_ROLE_CLASSIFIER,  /* "Classified By: ..." */
    CAB_ROLE_SIGNER,      /* surname line at the end */
};

struct cab_tag {
    char *value;            /* normalised: "PGOV", "KZ", "CLINTON, HILLARY" for a person tag */
    enum cab_tag_kind kind;
};

struct cab_country {
    char *code;             /* FIPS-style code from TAGS, upper case: "GM" */
    char *name;             /* "Germany" */
};

struct cab_person {
    char *name;             /* canonical display form: "Galina Morozova", "Spratlen" */
    enum cab_person_role role;
};

struct cab_place {
    char *name;             /* display form: "Kokshetau", "Akmolinskaya Oblast" */
    char *country;          /* country name, or NULL if unknown */
    double lat, lon;        /* valid only when has_coords */
    int has_coords;
};

struct cable {
    /* --- as read --- */
    char *id;               /* reference ID as given (reader normalises spacing/case) */
    int64_t created;        /* creation date-time, or CAB_TIME_UNKNOWN */
    int64_t released;       /* release date-time, or CAB_TIME_UNKNOWN */
    char *classification;   /* full marking as published: "SECRET//NOFORN" */
    char *origin;           /* sending post as given: "Embassy Astana" or "AMEMBASSY ASTANA" */
    char *subject;          /* title/subject if the source gave one separately, else NULL */
    char *header;           /* routing header text ("VZCZC..."), may be "" */
    char *body;             /* the telegram text from the classification line on */
    char *source_path;      /* where it came from ("-" for standard input) */
    uint64_t source_offset; /* byte offset of the record in the (uncompressed) source */
    enum cab_format format;

    /* --- extracted (cab_extract) --- */
    char *class_level;      /* UNCLASSIFIED, CONFIDENTIAL, SECRET, ... (upper case) */
    char **caveats;         /* NOFORN, SIPDIS, ... upper case, distinct */
    size_t n_caveats;
    int64_t dtg;            /* date-time group of the telegram, or CAB_TIME_UNKNOWN */
    char *precedence;       /* ROUTINE, PRIORITY, IMMEDIATE, FLASH, NIACT... or NULL */
    char *decl;             /* declassification: "2029-01-19", or a word ("OADR"), or NULL */
    struct cab_tag *tags;   size_t n_tags;
    struct cab_country *countries; size_t n_countries;
    char **refs;            size_t n_refs;     /* normalised reference IDs cited */
    struct cab_person *people; size_t n_people;
    struct cab_place *places;  size_t n_places;
    unsigned n_marked_paragraphs;  /* paragraphs with (C), (S/NF), (SBU)... */
    unsigned n_redactions;         /* XXXXXXXXXXXX placeholders */
    char *text;             /* text for ranking: body without boilerplate */
};

/* A zeroed cable with every time set to CAB_TIME_UNKNOWN; NULL if out of memory.
 * The caller owns it and releases it with cable_free(). */
struct cable *cable_new(void);

/* Release 'c' and everything it owns.  NULL is fine. */
void cable_free(struct cable *c);

/* Release only the extracted part, so extraction can run again. */
void cable_clear_extracted(struct cable *c);

/* Release the people, or the places, alone (each extractor starts afresh). */
void cable_clear_people(struct cable *c);
void cable_clear_places(struct cable *c);

/* Names used in output ("subject", "program", ...; "mentioned", "signer", ...). */
const char *cab_tag_kind_name(enum cab_tag_kind kind);
const char *cab_person_role_name(enum cab_person_role role);
const char *cab_format_name(enum cab_format format);

/* ISO 8601 form of a time, "2009-12-01T04:47:00Z", into 'out' (at least 21 bytes).
 * Returns 'out'; writes "" for CAB_TIME_UNKNOWN. */
char *cab_time_iso(int64_t t, char out[21]);

/* Seconds since the epoch for a UTC civil date-time; CAB_TIME_UNKNOWN if out of range. */
int64_t cab_time_from_civil(int year, int month, int day, int hour, int min, int sec);

#ifdef __cplusplus
}
#endif

#endif
