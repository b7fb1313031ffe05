/* Places named in a cable (cab_extract_places of include/extract.h).
 *
 * Every run of up to MAX_PLACE_WORDS words is looked up in the gazetteer,
 * longest first.  A hit counts only with evidence that fits the text: in
 * mixed-case text the words must be capitalised, and a name that is also
 * an English word ("Nice", "Split", "Police") or a given name must stand
 * mid-sentence after "in", "to", "from"... or be in one of the cable's
 * countries.  All-capitals text asks more of cities: a large population,
 * the cable's own country, or a preposition before them.  Two patterns
 * find what no gazetteer lists: "Akmolinskaya Oblast" (a name before a
 * word for a region) and "the resort area of Borovoye" (a name after
 * "city of", "town of", "village of"...).  Names followed by a number are
 * telegram citations ("ASTANA 1206"), and words of a person's name found
 * in the cable are not places.
 */
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "extract.h"
#include "gazetteer.h"
#include "names.h"

/* Words of a gazetteer name tried at most ("Bosnia and Herzegovina"). */
#define MAX_PLACE_WORDS 4
/* Population that makes a city worth naming in all-capitals text by
 * itself, and with a preposition before it. */
#define CAPS_CITY_BIG 1000000u
#define CAPS_CITY_PREP 100000u
/* Below this, a foreign town named in passing ("the Obama administration")
 * needs a preposition or a list around it. */
#define SMALL_TOWN 100000u
/* A city this large is meant rather than the region of the same name. */
#define BIG_CITY 500000u

struct found {
    char name[CAB_MAX_NAME];
    char key[CAB_MAX_NAME];
    const struct cab_gaz_place *g; /* the gazetteer's entry, or NULL */
    const char *country;     /* owned by the gazetteer, or NULL */
    double lat, lon;
    int has_coords;
};

struct places {
    struct found *f;
    size_t n;
    const char *text;
    const struct cab_tok *tok;
    size_t ntok;
    struct cab_word *word;   /* the text's distinct words, with what is known of them */
    int caps;
    const struct cable *c;
    char (*person)[CAB_MAX_NAME]; /* folded names of the cable's people ("" when none) */
    char cable_cc[8][3];     /* ISO codes of the cable's countries */
    size_t n_cc;
    char origin[CAB_MAX_NAME]; /* folded city of the sending post */
};

static const char *const prepositions[] = {
    "in", "to", "from", "near", "at", "visit", "visited", "visiting", "via", "outside",
    "across", "toward", "towards", "into", "around", "throughout", "between", "and", NULL,
};

/* Words that may follow a place named in a list or a clause. */
static const char *const connectives[] = {
    "and", "or", "in", "on", "at", "to", "for", "with", "is", "was", "has", "had", "will",
    "would", "as", "where", "which", "that", "by", "from", "but", NULL,
};

/* Four letters or more each: region_pattern() relies on it. */
static const char *const region_words[] = {
    "oblast", "oblasts", "province", "region", "governorate", "prefecture", "krai", "kray",
    "oblys", "voivodeship", "rayon", "raion", "island", NULL,
};

/* Words that may follow a place's name as part of it: "Guantanamo Bay". */
static const char *const geo_suffixes[] = {
    "bay", "island", "islands", "province", "region", "district", "valley", "peninsula",
    "division", "oblast", "governorate", "prefecture", "county", "state", "municipality",
    NULL,
};

static const char *const settlement_words[] = {
    "city", "town", "village", "resort", "area", "port", "district", "province", "region",
    "island", "capital", NULL,
};

static const char *const place_particles[] = {
    "de", "da", "do", "del", "la", "el", "al", "of", "the", "and", "es", "sur", "am", "an",
    "upon", NULL,
};

static int word_in(const char *f, const char *const *list)
{
    size_t k;

    /* The first byte rules out nearly every word without a call. */
    for (k = 0; list[k]; k++)
        if (f[0] == list[k][0] && strcmp(f, list[k]) == 0)
            return 1;
    return 0;
}

/* The word lists asked of a word, answered once per distinct word of the
 * text and kept in its 'known' and 'is' bits (struct cab_word). */
enum {
    Q_PREPOSITION = 1u << 0,
    Q_CONNECTIVE = 1u << 1,
    Q_REGION = 1u << 2,
    Q_GEO_SUFFIX = 1u << 3,
    Q_SETTLEMENT = 1u << 4,
    Q_PARTICLE = 1u << 5,
    Q_POST = 1u << 6,
};

static const char *const telegraphic_posts[] = {
    "amembassy", "amconsul", "usmission", "usun", "usnato", "useu", "secstate", "usdel",
    NULL,
};

static const char *const *list_of(unsigned q)
{
    switch (q) {
    case Q_PREPOSITION: return prepositions;
    case Q_CONNECTIVE: return connectives;
    case Q_REGION: return region_words;
    case Q_GEO_SUFFIX: return geo_suffixes;
    case Q_SETTLEMENT: return settlement_words;
    case Q_PARTICLE: return place_particles;
    default: return telegraphic_posts;
    }
}

static struct cab_word *tok_word(const struct places *pl, size_t i)
{
    return &pl->word[pl->tok[i].word];
}

/* Look word w up in the list 'q' names, and keep the answer. */
static void learn(struct cab_word *w, unsigned q)
{
    w->known |= q;
    if (w->len && word_in(w->fold, list_of(q)))
        w->is |= q;
}

/* Whether word i is in the list 'q' names: asked of most words, and
 * answered from what is known of them after the first time. */
static inline int tok_in(const struct places *pl, size_t i, unsigned q)
{
    struct cab_word *w;

    if (i >= pl->ntok)
        return 0;
    w = tok_word(pl, i);
    if (!(w->known & q))
        learn(w, q);
    return (w->is & q) != 0;
}

/* Words of people's names are not places ("Washington" in "George Washington"). */
static int person_word(const struct places *pl, const char *key)
{
    size_t i, kl = strlen(key);

    for (i = 0; i < pl->c->n_people; i++) {
        const char *f = pl->person[i], *w;

        for (w = f; *f && (w = strstr(w, key)) != NULL; w++)
            if ((w == f || w[-1] == ' ') && (w[kl] == '\0' || w[kl] == ' '))
                return 1;
    }
    return 0;
}

static int in_cable_country(const struct places *pl, const struct cab_gaz_place *g)
{
    size_t i;

    for (i = 0; i < pl->n_cc; i++)
        if (strcmp(pl->cable_cc[i], g->cc) == 0)
            return 1;
    return 0;
}

/* Whether 'longer' is 'key' followed by a word such as "Bay" or "Province". */
static int suffixed(const char *longer, const char *key)
{
    size_t n = strlen(key);

    return strncmp(longer, key, n) == 0 && longer[n] == ' ' && word_in(longer + n + 1, geo_suffixes);
}

static void add_place(struct places *pl, const char *name, const char *country,
                      const struct cab_gaz_place *g)
{
    char key[CAB_MAX_NAME];
    size_t n = cab_name_fold(name, strlen(name), key, sizeof key), i;
    struct found *f;

    if (n < 2)
        return;
    for (i = 0; i < pl->n; i++) {
        const struct found *o = &pl->f[i];

        if (strcmp(o->key, key) == 0 || suffixed(o->key, key))
            return;
        /* One city, one name: "New York City" and "New York". */
        if (g && o->g && g->kind == CAB_GAZ_CITY && o->g->kind == CAB_GAZ_CITY &&
            strcmp(g->cc, o->g->cc) == 0 && g->has_coords && o->g->has_coords &&
            g->lat == o->g->lat && g->lon == o->g->lon)
            return;
        /* One country, one name: "Falkland Islands" and "Falklands". */
        if (g && o->g && g->kind == CAB_GAZ_COUNTRY && o->g->kind == CAB_GAZ_COUNTRY &&
            g->cc[0] && strcmp(g->cc, o->g->cc) == 0)
            return;
        if (suffixed(key, o->key)) {
            snprintf(pl->f[i].name, sizeof pl->f[i].name, "%s", name);
            memcpy(pl->f[i].key, key, n + 1);
            return;
        }
    }
    if (pl->n == CAB_MAX_PLACES)
        return;
    f = &pl->f[pl->n++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    memcpy(f->key, key, n + 1);
    f->g = g;
    f->country = country && *country ? country : NULL;
    if (g && g->has_coords) {
        f->lat = g->lat;
        f->lon = g->lon;
        f->has_coords = 1;
    }
}

/* The display form: as written in mixed-case text, else title-cased with
 * small words in lower case ("RIO DE JANEIRO" -> "Rio de Janeiro"). */
static void display_name(const struct places *pl, size_t a, size_t b, char *out, size_t cap)
{
    size_t o = 0, i;

    out[0] = '\0';
    for (i = a; i < b; i++) {
        const struct cab_tok *t = &pl->tok[i];
        int allcaps = (t->flags & CAB_T_ALLCAPS) != 0;
        size_t w;

        if (o + t->len + 2 >= cap)
            return;
        if (i > a)
            out[o++] = ' ';
        w = cab_name_copy(pl->text + t->start, t->len, out + o);
        out[o + w] = '\0';
        if ((allcaps || pl->caps) && !(allcaps && t->len <= 3 && b - a == 1)) {
            cab_name_titlecase(out + o);
            if (i > a && tok_word(pl, i)->len == w && tok_in(pl, i, Q_PARTICLE))
                memcpy(out + o, tok_word(pl, i)->fold, w);
        }
        o += w;
    }
    out[o] = '\0';
}

/* The best of the gazetteer's places for a name: a country, else one in
 * the cable's countries, else the most populous. */
static const struct cab_gaz_place *best_place(const struct places *pl,
                                              const struct cab_gaz_place *g, size_t n)
{
    size_t i;

    if (g[0].kind == CAB_GAZ_COUNTRY || g[0].kind == CAB_GAZ_AREA)
        return &g[0];
    for (i = 0; i < n; i++)
        if (in_cable_country(pl, &g[i]))
            return &g[i];
    /* "New York", "Sao Paulo": a big city before the region it names. */
    for (i = 0; g[0].kind == CAB_GAZ_REGION && i < n; i++)
        if (g[i].kind == CAB_GAZ_CITY && g[i].population >= BIG_CITY)
            return &g[i];
    return &g[0];
}

/* Whether words a..b are all single letters ("U.K.", "U.A.E."). */
static int initials(const struct places *pl, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (pl->tok[i].len != 1)
            return 0;
    return 1;
}

/* Whether words a..b, found in the gazetteer as 'g', name a place here. */
static int accept(const struct places *pl, size_t a, size_t b, const struct cab_gaz_place *g,
                  const char *key)
{
    const struct cab_tok *t = &pl->tok[a];
    unsigned cls = b - a == 1 ? tok_word(pl, a)->cls : 0; /* the class of 'key' */
    int caps = pl->caps || (t->flags & CAB_T_ALLCAPS);
    int prep = a > 0 && !(t->flags & CAB_T_GAP) && tok_in(pl, a - 1, Q_PREPOSITION);
    int home = in_cable_country(pl, g);
    size_t i;

    if (!(t->flags & CAB_T_CAP))
        return 0;
    if (b < pl->ntok && (pl->tok[b].flags & CAB_T_DIGIT) && !(pl->tok[b].flags & CAB_T_GAP))
        return 0; /* "ASTANA 1206": a telegram cited */
    if (a > 0 && !(t->flags & CAB_T_GAP) && tok_in(pl, a - 1, Q_POST))
        return 0; /* routing lines: "INFO AMEMBASSY PRETORIA" */
    if (t->prev == '"' && pl->tok[b - 1].next == '"')
        return 0; /* a name in quotes is the name of something */
    if (initials(pl, a, b) && g->kind != CAB_GAZ_COUNTRY)
        return 0; /* "U.N." is no village named "U N"; "U.K." is a country */
    if (person_word(pl, key))
        return 0;
    if (strcmp(key, pl->origin) == 0)
        return 1;
    if (!caps)
        for (i = a; i < b; i++)
            if (!(pl->tok[i].flags & CAB_T_CAP) && !tok_in(pl, i, Q_PARTICLE))
                return 0;
    /* "New York Times", "Tehran Times": a place starting a longer name. */
    if (b < pl->ntok && !(pl->tok[b].flags & CAB_T_GAP) && (pl->tok[b].flags & CAB_T_CAP) &&
        !(pl->tok[b].flags & CAB_T_ALLCAPS) && !(pl->tok[b - 1].flags & CAB_T_POSS) && !caps) {
        const struct cab_word *w = tok_word(pl, b);

        if (w->len && !(w->cls & (CAB_W_TITLE | CAB_W_NONNAME)) && !tok_in(pl, b, Q_GEO_SUFFIX))
            return 0;
    }
    /* "University Candido Mendes": a city ending a longer name. */
    if (!caps && g->kind == CAB_GAZ_CITY && a > 0 && !(t->flags & (CAB_T_GAP | CAB_T_SENT)) &&
        (pl->tok[a - 1].flags & CAB_T_CAP) && !(pl->tok[a - 1].flags & CAB_T_ALLCAPS)) {
        const struct cab_word *w = tok_word(pl, a - 1);

        if (w->len && !(w->cls & (CAB_W_TITLE | CAB_W_NONNAME | CAB_W_COMMON)))
            return 0;
    }
    if (g->kind == CAB_GAZ_COUNTRY || g->kind == CAB_GAZ_AREA) {
        if (cls & (CAB_W_COMMON | CAB_W_COMMONPLACE))
            return !caps && !(t->flags & CAB_T_SENT);
        return strlen(key) >= 4 || !caps || (t->flags & CAB_T_DOT) == 0;
    }
    if (cls & (CAB_W_COMMON | CAB_W_NONNAME | CAB_W_TITLE))
        return 0; /* months, "March", "Police", "Mission" */
    if (cls & (CAB_W_COMMONPLACE | CAB_W_GIVEN)) {
        /* An ordinary word or a given name needs the case and the context,
         * and must stand alone: "Central" in "Central Bank" is no place. */
        if (caps || (t->flags & CAB_T_SENT))
            return 0;
        if (b < pl->ntok && (pl->tok[b].flags & CAB_T_CAP) && !(pl->tok[b].flags & CAB_T_GAP))
            return 0;
        if (a > 0 && (pl->tok[a - 1].flags & CAB_T_CAP) && !(t->flags & CAB_T_GAP))
            return 0;
        return prep || home;
    }
    if (a > 0 && !(t->flags & CAB_T_GAP) && g->kind == CAB_GAZ_CITY) {
        const struct cab_word *w = tok_word(pl, a - 1);

        if ((w->cls & CAB_W_TITLE) && (pl->tok[a - 1].flags & CAB_T_CAP))
            return 0; /* "President Obama" */
    }
    if (!caps && g->kind != CAB_GAZ_CITY)
        return 1;
    if (!caps) {
        char nx = pl->tok[b - 1].next;

        /* A small foreign town: a preposition before it, or a list or the
         * end of a clause after it. */
        return b - a > 1 || home || prep || g->population >= SMALL_TOWN ||
               (!(pl->tok[b - 1].flags & CAB_T_POSS) &&
                (nx == ',' || nx == ';' || nx == '.' || nx == ')' || nx == '\0' ||
                 (b < pl->ntok && !(pl->tok[b].flags & CAB_T_GAP) && tok_in(pl, b, Q_CONNECTIVE))));
    }
    if (pl->tok[a].len < 4 && b - a == 1)
        return 0;
    if (g->kind == CAB_GAZ_REGION)
        return home || prep;
    return g->population >= CAPS_CITY_BIG || (home && g->population >= 15000) ||
           (prep && g->population >= CAPS_CITY_PREP);
}

/* "Akmolinskaya Oblast": one or two name words before a word for a region. */
static size_t region_pattern(struct places *pl, size_t i)
{
    size_t a, b;
    char name[CAB_MAX_NAME];

    if (i == 0 || (pl->tok[i].flags & CAB_T_GAP) || (!pl->caps && !(pl->tok[i].flags & CAB_T_CAP)))
        return 0;
    /* Every word for a region has four letters or more. */
    if (tok_word(pl, i)->len < 4 || !tok_in(pl, i, Q_REGION))
        return 0;
    a = i;
    while (a > 0 && i - a < 2 && !(pl->tok[a].flags & CAB_T_GAP)) {
        const struct cab_word *w = tok_word(pl, a - 1);
        const struct cab_tok *t = &pl->tok[a - 1];

        if (w->len < 4 || (t->flags & CAB_T_DIGIT) || (!pl->caps && !(t->flags & CAB_T_CAP)) ||
            (w->cls & (CAB_W_COMMON | CAB_W_NONNAME | CAB_W_TITLE)))
            break;
        a--;
    }
    if (a == i)
        return 0;
    b = i + 1;
    display_name(pl, a, b, name, sizeof name);
    add_place(pl, name, pl->n_cc == 1 ? cab_gazetteer_country(pl->cable_cc[0]) : NULL, NULL);
    return b;
}

/* "city of Kokshetau", "the resort area of Borovoye". */
static void settlement_pattern(struct places *pl, size_t i)
{
    char f[CAB_MAX_NAME], name[CAB_MAX_NAME];
    size_t a = i + 2, b, n;
    const struct cab_gaz_place *g;

    /* "of" first: it rules out nearly every word at the cost of a compare. */
    if (pl->caps || a >= pl->ntok || (pl->tok[i].flags & CAB_T_CAP) ||
        strcmp(tok_word(pl, i + 1)->fold, "of") != 0 || !tok_in(pl, i, Q_SETTLEMENT))
        return;
    b = a;
    while (b < pl->ntok && b - a < 3 && (pl->tok[b].flags & CAB_T_CAP) &&
           !(pl->tok[b].flags & (CAB_T_ALLCAPS | CAB_T_DIGIT)) &&
           (b == a || !(pl->tok[b].flags & CAB_T_GAP))) {
        const struct cab_word *w = tok_word(pl, b);

        if (!w->len || (w->cls & (CAB_W_COMMON | CAB_W_NONNAME | CAB_W_TITLE)))
            break;
        b++;
    }
    if (b == a)
        return;
    display_name(pl, a, b, name, sizeof name);
    n = cab_name_fold(name, strlen(name), f, sizeof f);
    if (person_word(pl, f))
        return;
    g = cab_gazetteer_find(f, n, &n);
    if (g)
        g = best_place(pl, g, n);
    add_place(pl, name,
              g ? g->country : pl->n_cc == 1 ? cab_gazetteer_country(pl->cable_cc[0]) : NULL, g);
}

/* The bytes cab_name_tokenize() takes for blanks between two words. */
static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* fold_run() the short way: when the n words from i are plain (CAB_T_PLAIN)
 * and blanks, after the dot of "St." or none, part them (no CAB_T_GAP),
 * their fold is their folds joined by single spaces.  "U.K." (no blank)
 * folds to "uk", and a possessive "'s" inside the run would be folded too,
 * so those take the long way.  Returns 0 when
 * the short way does not apply, or when the whole fold would not fit in
 * CAB_MAX_NAME bytes, as cab_name_fold_prefixes() does. */
static size_t join_run(const struct places *pl, size_t i, size_t n, char run[CAB_MAX_NAME],
                       size_t keys[MAX_PLACE_WORDS])
{
    size_t o = 0, k;

    for (k = 0; k < n; k++) {
        const struct cab_tok *t = &pl->tok[i + k];
        const struct cab_word *w = tok_word(pl, i + k);

        if (!(t->flags & CAB_T_PLAIN) || (k + 1 < n && (t->flags & CAB_T_POSS)) ||
            (k > 0 && !blank(pl->text[t->start - 1])) || o + (k > 0) + w->len >= CAB_MAX_NAME)
            return 0;
        if (k > 0)
            run[o++] = ' ';
        memcpy(run + o, w->fold, w->len);
        o += w->len;
        keys[k] = o;
    }
    run[o] = '\0';
    return o;
}

/* The words from i on that no punctuation parts, MAX_PLACE_WORDS at most,
 * folded in one pass: the key of words i..i+w is the first keys[w - 1]
 * bytes of 'run'.  Returns 0 when the run cannot be folded that way (the
 * keys are then folded one by one). */
static size_t fold_run(const struct places *pl, size_t i, char run[CAB_MAX_NAME],
                       size_t keys[MAX_PLACE_WORDS])
{
    size_t ends[MAX_PLACE_WORDS], n = 0, start = pl->tok[i].start, len;

    do {
        const struct cab_tok *t = &pl->tok[i + n];

        ends[n++] = t->start + t->len - start;
    } while (n < MAX_PLACE_WORDS && i + n < pl->ntok && !(pl->tok[i + n].flags & CAB_T_GAP));
    if (n == 1) {
        /* A word alone: its fold is known already. */
        const struct cab_word *w = tok_word(pl, i);

        memcpy(run, w->fold, w->len + 1);
        keys[0] = w->len;
        return w->len;
    }
    len = join_run(pl, i, n, run, keys);
    if (len)
        return len;
    return cab_name_fold_prefixes(pl->text + start, ends[n - 1], ends, n, keys, run,
                                  CAB_MAX_NAME);
}

static void scan(struct places *pl)
{
    size_t i = 0;

    while (i < pl->ntok) {
        size_t w, best_b = 0, skip, run_len, run_keys[MAX_PLACE_WORDS];
        const struct cab_gaz_place *best = NULL;
        char best_key[CAB_MAX_NAME], run[CAB_MAX_NAME];
        const char *head_end;
        int head;

        settlement_pattern(pl, i);
        skip = region_pattern(pl, i);
        if (skip) {
            i = skip;
            continue;
        }
        if (!(pl->tok[i].flags & CAB_T_CAP)) {
            i++; /* a place's name starts with a capital */
            continue;
        }
        run_len = fold_run(pl, i, run, run_keys);
        /* Keys holding the run's first space need a name starting with
         * its first word: most words start none, and then only the
         * shortest keys are looked up. */
        head_end = run_len ? memchr(run, ' ', run_len) : NULL;
        head = !head_end || cab_gazetteer_has_head(run, (size_t)(head_end - run));
        for (w = MAX_PLACE_WORDS; w >= 1 && !best; w--) {
            size_t b = i + w, n, cnt, k;
            char key[CAB_MAX_NAME];
            const struct cab_gaz_place *g, *first;

            if (b > pl->ntok)
                continue;
            for (k = i + 1; k < b; k++)
                if (pl->tok[k].flags & CAB_T_GAP)
                    break;
            if (k < b)
                continue;
            if (run_len) {
                n = run_keys[w - 1];
                if (!head && (size_t)(head_end - run) < n)
                    continue;
                memcpy(key, run, n);
                key[n] = '\0';
            } else {
                n = cab_name_fold(pl->text + pl->tok[i].start,
                                  pl->tok[b - 1].start + pl->tok[b - 1].len - pl->tok[i].start,
                                  key, sizeof key);
            }
            if (!n)
                continue;
            g = cab_gazetteer_find(key, n, &cnt);
            if (!g)
                continue;
            /* The likeliest place of that name first, then the others:
             * "RIO DE JANEIRO" is the city when the state would not do. */
            first = best_place(pl, g, cnt);
            for (k = 0; k <= cnt && !best; k++) {
                const struct cab_gaz_place *cand = k == 0 ? first : &g[k - 1];

                if ((k == 0 || cand != first) && accept(pl, i, b, cand, key)) {
                    best = cand;
                    best_b = b;
                    memcpy(best_key, key, n + 1);
                }
            }
        }
        if (best) {
            char name[CAB_MAX_NAME];

            if (best_b < pl->ntok && !(pl->tok[best_b].flags & CAB_T_GAP) &&
                (pl->caps || (pl->tok[best_b].flags & CAB_T_CAP)) &&
                tok_in(pl, best_b, Q_GEO_SUFFIX) && best->kind != CAB_GAZ_COUNTRY)
                best_b++;
            if (initials(pl, i, best_b) && best->country[0])
                snprintf(name, sizeof name, "%s", best->country); /* "U.K.": United Kingdom */
            else
                display_name(pl, i, best_b, name, sizeof name);
            add_place(pl, name, best->country, best);
            i = best_b;
        } else {
            i++;
        }
    }
}

/* The city of the sending post: "Embassy Astana", "AMCONSUL RIO DE JANEIRO". */
static void origin_city(struct places *pl)
{
    static const char *const post_words[] = {
        "embassy", "consulate", "general", "mission", "amembassy", "amconsul", "usmission",
        "us", "usun", "office", "american", "institute", "interests", "section", "branch",
        "to", "the", "u", "s", "usnato", "useu", NULL,
    };
    const char *o = pl->c->origin;
    char f[CAB_MAX_NAME];
    size_t n, i = 0;

    pl->origin[0] = '\0';
    if (!o)
        return;
    n = cab_name_fold(o, strlen(o), f, sizeof f);
    while (i < n) {
        size_t w = strcspn(f + i, " ");
        char word[CAB_MAX_NAME];

        memcpy(word, f + i, w);
        word[w] = '\0';
        if (!word_in(word, post_words))
            break;
        i += w + (f[i + w] == ' ');
    }
    if (i < n)
        snprintf(pl->origin, sizeof pl->origin, "%s", f + i);
}

static void cable_countries(struct places *pl)
{
    size_t i;

    for (i = 0; i < pl->c->n_countries && pl->n_cc < 8; i++) {
        const char *name = pl->c->countries[i].name;
        char f[CAB_MAX_NAME];
        size_t n, cnt, k;
        const struct cab_gaz_place *g;

        if (!name)
            continue;
        n = cab_name_fold(name, strlen(name), f, sizeof f);
        g = n ? cab_gazetteer_find(f, n, &cnt) : NULL;
        for (k = 0; g && k < cnt; k++)
            if (g[k].kind == CAB_GAZ_COUNTRY && g[k].cc[0]) {
                memcpy(pl->cable_cc[pl->n_cc++], g[k].cc, 3);
                break;
            }
    }
}

cab_status cab_places_find(struct cable *c, struct cab_name_text *t)
{
    struct places pl;
    size_t i;
    cab_status rc = CAB_OK;

    cable_clear_places(c);
    if (!cab_gazetteer_loaded()) {
        char err[CAB_ERR_SIZE];

        rc = cab_gazetteer_init(err);
        if (rc != CAB_OK)
            return rc;
    }
    memset(&pl, 0, sizeof pl);
    pl.c = c;
    /* Not zeroed: add_place() clears each entry it adds. */
    pl.f = cab_malloc(CAB_MAX_PLACES * sizeof *pl.f);
    if (!pl.f)
        return CAB_NOMEM;
    pl.person = cab_malloc((c->n_people ? c->n_people : 1) * sizeof *pl.person);
    if (!pl.person) {
        cab_free(pl.f);
        return CAB_NOMEM;
    }
    for (i = 0; i < c->n_people; i++)
        if (cab_name_fold(c->people[i].name, strlen(c->people[i].name), pl.person[i],
                          sizeof pl.person[i]) == 0)
            pl.person[i][0] = '\0';
    cab_words_forget(&t->words);
    pl.text = t->buf.data;
    pl.tok = t->words.tok;
    pl.ntok = t->words.ntok;
    pl.word = t->words.word;
    pl.caps = t->caps;
    cable_countries(&pl);
    origin_city(&pl);
    scan(&pl);
    if (pl.n > 0) {
        c->places = cab_calloc(pl.n, sizeof *c->places);
        if (!c->places) {
            rc = CAB_NOMEM;
            goto out;
        }
        for (i = 0; i < pl.n; i++) {
            struct cab_place *p = &c->places[i];

            c->n_places = i + 1;
            p->name = cab_strdup(pl.f[i].name);
            p->country = pl.f[i].country ? cab_strdup(pl.f[i].country) : NULL;
            p->lat = pl.f[i].lat;
            p->lon = pl.f[i].lon;
            p->has_coords = pl.f[i].has_coords;
            if (!p->name || (pl.f[i].country && !p->country)) {
                cable_clear_places(c);
                rc = CAB_NOMEM;
                goto out;
            }
        }
    }
out:
    cab_free(pl.person);
    cab_free(pl.f);
    return rc;
}

cab_status cab_extract_places(struct cable *c)
{
    cable_clear_places(c);
    return cab_name_text_run(c, cab_places_find);
}
