/* Internal to cables-gen: the synthetic-cable generator.
 *
 * Everything here is deterministic from a 64-bit seed: our own PRNG
 * (splitmix64 to seed, xoshiro256** to draw), no libc rand(), and every
 * word list is our own.  The generator works in two passes: first the
 * metadata of every cable (date, post, classification, format), sorted by
 * date so reference numbers grow with time; then, cable by cable, the
 * text, drawn from an RNG seeded by (seed, cable index) alone.
 */
#ifndef CABLES_GEN_H
#define CABLES_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "cab_buf.h"
#include "cab_status.h"

/* Largest --count accepted, and the body size range drawn from. */
#define CAB_GEN_MAX_COUNT   10000000u
#define CAB_GEN_MIN_BODY    1000
#define CAB_GEN_MAX_BODY    60000
/* Cap of every buffer one generated cable is built in. */
#define CAB_GEN_MAX_CABLE   (1u << 20)

/* ---- PRNG (gen_rng.c) ---- */

struct cab_gen_rng {
    uint64_t s[4];  /* xoshiro256** state, never all zero */
};

/* State from 'seed' and a stream number (e.g. the cable index). */
void     cab_gen_rng_seed(struct cab_gen_rng *r, uint64_t seed, uint64_t stream);
uint64_t cab_gen_rng_next(struct cab_gen_rng *r);
/* Uniform in [0, n); 0 when n is 0. */
uint32_t cab_gen_rng_below(struct cab_gen_rng *r, uint32_t n);
/* Uniform in [0, 1). */
double   cab_gen_rng_unit(struct cab_gen_rng *r);
/* 1 with probability p. */
int      cab_gen_rng_chance(struct cab_gen_rng *r, double p);
/* Standard normal deviate. */
double   cab_gen_rng_normal(struct cab_gen_rng *r);
/* Index drawn from cumulative weights cdf[0..n-1] (non-decreasing, last > 0). */
size_t   cab_gen_rng_pick_cdf(struct cab_gen_rng *r, const double *cdf, size_t n);

/* ---- Word lists (gen_words.c, gen_names.c, gen_posts.c) ---- */

/* A list of strings and a Zipf-like cumulative weight for each. */
struct cab_gen_list {
    const char *const *items;
    size_t n;
};

enum cab_gen_wordclass {
    CAB_GEN_NOUN = 0,     /* "government", "delegation" */
    CAB_GEN_NOUNS,        /* plural: "officials", "reforms" */
    CAB_GEN_ADJ,          /* "bilateral" */
    CAB_GEN_VERB,         /* past tense, transitive: "welcomed" */
    CAB_GEN_SAYVERB,      /* "said", "noted" */
    CAB_GEN_ADVERB,       /* "repeatedly" */
    CAB_GEN_ORG,          /* "the Ministry of Foreign Affairs" */
    CAB_GEN_TOPIC,        /* subject-line phrase: "ENERGY SECTOR REFORM" */
    CAB_GEN_HEADING,      /* section heading in capitals */
    CAB_GEN_QUOTE,        /* a short quoted remark */
    CAB_GEN_NCLASSES
};

/* The built-in list of one word class. */
struct cab_gen_list cab_gen_words(enum cab_gen_wordclass wc);

/* A word of class 'wc', Zipf-weighted; for nouns and adjectives sometimes
 * a rare pseudo-word from the long tail.  Static storage. */
const char *cab_gen_word(struct cab_gen_rng *r, enum cab_gen_wordclass wc);

/* The i-th rare pseudo-word (same for every seed); static storage until
 * cab_gen_words_free().  cab_gen_words_init() must run first. */
cab_status cab_gen_words_init(void);
void       cab_gen_words_free(void);
const char *cab_gen_rare_word(size_t i);
size_t      cab_gen_rare_count(void);

/* Replace the built-in frequencies with those learnt by cab_gen_learn():
 * 'counts' holds one count per entry of 'words' (both copied). */
cab_status cab_gen_words_learnt(const char *const *words, const uint32_t *counts, size_t n);

/* ---- Learning from real cables (gen_learn.c) ---- */

/* What cab_gen_learn() found under a directory. */
struct cab_gen_learnt {
    const char **words;     /* most frequent first, the very commonest left out */
    uint32_t *counts;       /* occurrences of each word */
    size_t n_words;
    size_t n_cables;        /* cables read */
    double body_median;     /* bytes, within CAB_GEN_MIN_BODY..CAB_GEN_MAX_BODY */
    double body_sigma;      /* standard deviation of ln(body bytes) */
    char *storage;          /* the bytes 'words' point into */
};

/* Read every cable under 'dir' (recursively, any format the readers know;
 * other files are passed over) and learn its word frequencies and body
 * sizes into 'out'.  The same files give the same result whatever order
 * they are listed in.  On failure 'out' holds nothing and 'err' says why,
 * naming 'dir'. */
cab_status cab_gen_learn(const char *dir, struct cab_gen_learnt *out, char err[CAB_ERR_SIZE]);
void       cab_gen_learnt_release(struct cab_gen_learnt *l);

/* Subject tags ("PGOV") and program tags ("KTIP"), Zipf-weighted. */
const char *cab_gen_subject_tag(struct cab_gen_rng *r);

enum cab_gen_culture {
    CAB_CULT_ANGLO = 0, CAB_CULT_RUSSIAN, CAB_CULT_CENTRAL_ASIAN, CAB_CULT_ARABIC,
    CAB_CULT_TURKISH, CAB_CULT_GERMAN, CAB_CULT_CHINESE, CAB_CULT_KOREAN,
    CAB_CULT_INDIAN, CAB_CULT_SPANISH, CAB_CULT_FRENCH, CAB_CULT_JAPANESE,
    CAB_CULT_PERSIAN, CAB_CULT_AFRICAN, CAB_CULT_PORTUGUESE, CAB_CULT_ITALIAN,
    CAB_CULT_NORDIC, CAB_CULT_POLISH, CAB_CULT_SOUTHEAST_ASIAN,
    CAB_CULT_COUNT
};

/* A given name and a surname of 'culture'; static storage. */
const char *cab_gen_given_name(struct cab_gen_rng *r, enum cab_gen_culture culture);
const char *cab_gen_surname(struct cab_gen_rng *r, enum cab_gen_culture culture);

struct cab_gen_post {
    const char *origin;     /* as Cablegate names it: "Embassy Astana" */
    const char *tele;       /* as the FM line names it: "AMEMBASSY ASTANA" */
    const char *idname;     /* in reference IDs: "ASTANA", "NEWDELHI" */
    const char *cite;       /* in citations and the class line: "NEW DELHI" */
    const char *ri;         /* routing indicator: "RUEHTA" */
    const char *country;    /* FIPS-style code, NULL for Washington */
    const char *country_name; /* "Kazakhstan" */
    const char *places;     /* cities and regions, '|'-separated */
    enum cab_gen_culture culture;
};

/* The post table, most prolific first (the draw is Zipf over this order). */
const struct cab_gen_post *cab_gen_posts(size_t *n);

/* ---- One cable (gen_cable.c) ---- */

enum cab_gen_format {
    CAB_GEN_HTML = 0, CAB_GEN_TEXT, CAB_GEN_TELEGRAM, CAB_GEN_CSV, CAB_GEN_NFORMATS
};

/* What pass one decides for each cable. */
struct cab_gen_meta {
    int64_t  created;       /* seconds since the epoch, UTC */
    uint32_t number;        /* serial number within post and year */
    uint16_t post;          /* index in cab_gen_posts() */
    uint8_t  cls;           /* index in the classification table */
    uint8_t  format;        /* enum cab_gen_format */
    uint8_t  gzip;          /* 1: write compressed */
};

/* A generated cable: the parts every writer needs, and the ground truth. */
struct cab_gen_cable {
    char id[64];
    int64_t created, released;
    const struct cab_gen_post *post;
    const char *classification;   /* full marking: "SECRET//NOFORN" */
    struct cab_buf subject;       /* subject line as in the body, unwrapped */
    struct cab_buf header;        /* routing header, '\n' line ends */
    struct cab_buf body;          /* from the classification line on */
    struct cab_buf tags;          /* ' '-separated TAGS entries */
    struct cab_buf refs;          /* '|'-separated IDs cited */
    struct cab_buf missing;       /* '|'-separated IDs cited but not generated */
    struct cab_buf people;        /* '|'-separated "role:Name" */
    struct cab_buf places;        /* '|'-separated place names */
    int curly;                    /* HTML writer uses typographic quotes */
};

/* The whole run: options and pass-one results. */
struct cab_gen_run {
    uint64_t seed;
    size_t count;
    struct cab_gen_meta *meta;    /* 'count' entries, sorted by date */
    uint32_t *post_seen;          /* per post: how many generated so far */
    uint32_t **post_cables;       /* per post: indices generated so far */
    double body_median;           /* bytes */
    double body_sigma;            /* log-normal shape */
};

/* Pass one: fill run->meta for run->count cables with format weights
 * 'fmt_weight' and compressed fraction 'gzip_fraction'.  'err' on failure. */
cab_status cab_gen_plan(struct cab_gen_run *run, const double fmt_weight[CAB_GEN_NFORMATS],
                        double gzip_fraction, char err[CAB_ERR_SIZE]);
void cab_gen_run_release(struct cab_gen_run *run);

void cab_gen_cable_init(struct cab_gen_cable *c);
void cab_gen_cable_release(struct cab_gen_cable *c);

/* Pass two: build cable 'i' of the run into 'c' (reset first).  Cables
 * must be built in index order: references cite cables built before. */
cab_status cab_gen_cable_build(struct cab_gen_run *run, size_t i, struct cab_gen_cable *c);

/* The reference ID of cable 'i' into 'out' (64 bytes). */
void cab_gen_id(const struct cab_gen_run *run, size_t i, char out[64]);

/* Classification markings, by index of struct cab_gen_meta.cls. */
const char *cab_gen_class_name(unsigned cls);

/* ---- Writers (gen_write.c) ---- */

/* Append cable 'c' in its format to 'out'. */
cab_status cab_gen_write_html(const struct cab_gen_cable *c, struct cab_buf *out);
cab_status cab_gen_write_text(const struct cab_gen_cable *c, struct cab_buf *out);
cab_status cab_gen_write_telegram(const struct cab_gen_cable *c, struct cab_buf *out);
/* One cables.csv record numbered 'row'. */
cab_status cab_gen_write_csv(const struct cab_gen_cable *c, size_t row, struct cab_buf *out);
/* gzip-compress 'in' into 'out' (appended); deterministic bytes (mtime 0). */
cab_status cab_gen_gzip(const char *in, size_t len, struct cab_buf *out);

#endif
