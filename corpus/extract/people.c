/* People named in a cable (cab_extract_people of include/extract.h).
 *
 * Sources, strongest first: person tags (OVIP/OREP: visitors), the
 * "Classified By:" line or the old E.O. line's "(SURNAME, GIVEN)"
 * (classifier), the surname line that ends the telegram (signer), and
 * names in the text (mentioned).  A capitalised run of words counts as a
 * name only with evidence: a title or honorific before it, a known given
 * name first, a surname ending, an apposition (", Deputy Director of") or
 * a verb of speech after it.  All-capitals telegrams give no case to go
 * by, so there only titles, given names and names seen in the tags and
 * lines above count.  Every mention of a person folds into one entry: the
 * fullest form seen, with the strongest role.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "extract.h"
#include "gazetteer.h"
#include "names.h"

/* Words of a name kept at most, and mentions looked at after a title. */
#define MAX_NAME_WORDS 4
/* Bytes of a "Classified By:" line looked at. */
#define MAX_CLASSIFIER_LINE 240
/* Lines at the end of the body searched for the signer. */
#define MAX_SIGNER_LINES 12

struct person {
    char display[CAB_MAX_NAME];
    char folded[CAB_MAX_NAME];
    size_t words;
    enum cab_person_role role;
};

struct people {
    struct person *p;
    size_t n;
    const char *text;
    const struct cab_tok *tok;
    size_t ntok;
    struct cab_word *word;  /* the text's distinct words, with what is known of them */
    size_t body_start;      /* offset where the text follows the subject */
};

static int role_rank(enum cab_person_role r)
{
    switch (r) {
    case CAB_ROLE_VISITOR: return 3;
    case CAB_ROLE_SIGNER: return 2;
    case CAB_ROLE_CLASSIFIER: return 1;
    case CAB_ROLE_MENTIONED: return 0;
    }
    return 0;
}

static const char *last_word(const char *folded)
{
    const char *sp = strrchr(folded, ' ');

    return sp ? sp + 1 : folded;
}

/* Given names agree when one is missing or one starts the other
 * ("r" and "richard e", "hillary" and "hillary rodham"). */
static int given_compatible(const char *a, size_t alen, const char *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;
    size_t wa = strcspn(a, " "), wb = strcspn(b, " ");

    if (alen == 0 || blen == 0)
        return 1;
    if (wa > alen)
        wa = alen;
    if (wb > blen)
        wb = blen;
    if (wa == 1 || wb == 1)
        return a[0] == b[0];
    (void)n;
    return wa == wb && memcmp(a, b, wa) == 0;
}

/* Record one mention; 'display' is final (title-cased where needed). */
static void person_add(struct people *pp, const char *display, size_t words,
                       enum cab_person_role role)
{
    char folded[CAB_MAX_NAME];
    size_t flen = cab_name_fold(display, strlen(display), folded, sizeof folded);
    const char *sur;
    size_t i, glen;

    if (flen < 2)
        return;
    sur = last_word(folded);
    glen = sur > folded ? (size_t)(sur - folded - 1) : 0;
    for (i = 0; i < pp->n; i++) {
        struct person *q = &pp->p[i];
        const char *qs = last_word(q->folded);
        size_t qg = qs > q->folded ? (size_t)(qs - q->folded - 1) : 0;

        if (strcmp(qs, sur) != 0 || !given_compatible(q->folded, qg, folded, glen))
            continue;
        if (words > q->words || (words == q->words && strlen(display) > strlen(q->display))) {
            snprintf(q->display, sizeof q->display, "%s", display);
            memcpy(q->folded, folded, flen + 1);
            q->words = words;
        }
        if (role_rank(role) > role_rank(q->role))
            q->role = role;
        return;
    }
    /* "Lula" and "Wang" are the people called "Luiz Inacio Lula da Silva"
     * and "Wang Qishan" elsewhere in the cable. */
    if (words == 1) {
        for (i = 0; i < pp->n; i++) {
            const char *w = strstr(pp->p[i].folded, folded);

            if (pp->p[i].words > 1 && w && (w == pp->p[i].folded || w[-1] == ' ') &&
                (w[flen] == ' ' || w[flen] == '\0')) {
                if (role_rank(role) > role_rank(pp->p[i].role))
                    pp->p[i].role = role;
                return;
            }
        }
    }
    if (pp->n == CAB_MAX_PEOPLE)
        return;
    snprintf(pp->p[pp->n].display, sizeof pp->p[pp->n].display, "%s", display);
    memcpy(pp->p[pp->n].folded, folded, flen + 1);
    pp->p[pp->n].words = words;
    pp->p[pp->n].role = role;
    pp->n++;
}

/* Once every name is in, a lone word still standing apart may be part of
 * a fuller name found later in the text. */
static void merge_single_words(struct people *pp)
{
    size_t i, j, k;

    for (i = 0; i < pp->n;) {
        struct person *q = &pp->p[i];
        size_t flen = strlen(q->folded);
        int merged = 0;

        for (j = 0; q->words == 1 && j < pp->n && !merged; j++) {
            const char *w = strstr(pp->p[j].folded, q->folded);

            if (j == i || pp->p[j].words < 2 || !w ||
                !(w == pp->p[j].folded || w[-1] == ' ') || !(w[flen] == ' ' || w[flen] == '\0'))
                continue;
            if (role_rank(q->role) > role_rank(pp->p[j].role))
                pp->p[j].role = q->role;
            merged = 1;
        }
        if (!merged) {
            i++;
            continue;
        }
        for (k = i; k + 1 < pp->n; k++)
            pp->p[k] = pp->p[k + 1];
        pp->n--;
    }
}

/* --- Words --- */

/* Questions asked of a folded word, answered once per distinct word of
 * the text and kept in its 'known' and 'is' bits (struct cab_word): the
 * scans ask them of the same words again and again. */
enum {
    Q_PARTICLE = 1u << 0,       /* in particles[] */
    Q_SPEECH = 1u << 1,         /* in speech_verbs[] */
    Q_ROLE = 1u << 2,           /* in roles[] */
    Q_LOWER_TITLE = 1u << 3,    /* in lower_titles[] */
    Q_WEAK_TITLE = 1u << 4,     /* in weak_titles[] */
    Q_POSITION = 1u << 5,       /* in position_words[] */
    Q_CAPS_ENDING = 1u << 6,    /* an ending of a verb or noun: caps_word_ending() */
    Q_FOREIGN = 1u << 7,        /* a country, part of the world or nationality */
    Q_BIG_CITY = 1u << 8,       /* a capital or big city: is_big_city() */
    Q_HEAD_GIVEN = 1u << 9,     /* hyphenated, with a given name first */
    Q_HEAD_TITLE = 1u << 10,    /* hyphenated, with a title first */
    Q_KNOWN_SURNAME = 1u << 11, /* last word of a name from the tags and lines */
};

typedef int (*word_test)(const struct cab_word *w);

/* The answer of 'test' for w, worked out on first asking. */
static int word_ask(struct cab_word *w, unsigned q, word_test test)
{
    if (!(w->known & q)) {
        w->known |= q;
        if (test(w))
            w->is |= q;
    }
    return (w->is & q) != 0;
}

static struct cab_word *tok_word(const struct people *pp, size_t i)
{
    return &pp->word[pp->tok[i].word];
}

static int word_in(const char *f, const char *const *words)
{
    size_t k;

    /* The first byte rules out nearly every word without a call. */
    for (k = 0; words[k]; k++)
        if (f[0] == words[k][0] && strcmp(f, words[k]) == 0)
            return 1;
    return 0;
}

/* Whether word i is one of 'words' (for short lists asked rarely). */
static int tok_is(const struct people *pp, size_t i, const char *const *words)
{
    return i < pp->ntok && tok_word(pp, i)->len && word_in(tok_word(pp, i)->fold, words);
}

/* Whether word i answers 'test' (for the lists asked of every word). */
static int tok_has(const struct people *pp, size_t i, unsigned q, word_test test)
{
    return i < pp->ntok && word_ask(tok_word(pp, i), q, test);
}

/* "Hans-Peter" is as much a given name as "Hans", "Minister-Counselor"
 * as much a title as "Minister". */
static int head_given(const struct cab_word *w)
{
    return strchr(w->fold, ' ') &&
           (cab_name_word_class(w->fold, strcspn(w->fold, " ")) & CAB_W_GIVEN);
}

static int head_title(const struct cab_word *w)
{
    return strchr(w->fold, ' ') &&
           (cab_name_word_class(w->fold, strcspn(w->fold, " ")) & CAB_W_TITLE);
}

static unsigned tok_class(const struct people *pp, size_t i)
{
    struct cab_word *w = tok_word(pp, i);

    if (w->cls != 0 || w->len == 0)
        return w->cls;
    return (word_ask(w, Q_HEAD_GIVEN, head_given) ? CAB_W_GIVEN : 0) |
           (word_ask(w, Q_HEAD_TITLE, head_title) ? CAB_W_TITLE : 0);
}

static const char *const speech_verbs[] = {
    "said", "says", "told", "stated", "noted", "explained", "added", "asked", "reported",
    "stressed", "underscored", "emphasized", "emphasised", "claimed", "argued", "commented",
    "agreed", "remarked", "replied", "responded", "confirmed", "denied", "insisted",
    "observed", "warned", "urged", "expressed", "described", "complained", "acknowledged",
    "met", "asserted", "announced", "suggested", "believes", "believed", "thinks",
    "thought", "recalled", "indicated", "opined", "lamented", "predicted", "admitted",
    "talked", "spoke", "cautioned", "conceded", "reiterated", "declared", "recounted",
    "mentioned", "who", NULL,
};

static const char *const particles[] = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "ter",
    "bin", "ibn", "al", "el", "la", "le", "du", "y", "bint", "zu", "ul", "ould", NULL,
};

/* Lower-case role words that may follow a name and a comma. */
static const char *const roles[] = {
    "head", "director", "chairman", "chair", "president", "leader", "member", "owner",
    "founder", "spokesman", "spokeswoman", "deputy", "minister", "editor", "governor",
    "mayor", "chief", "secretary", "advisor", "adviser", "coordinator", "manager",
    "professor", "ambassador", "commander", "official", "representative", "executive",
    "former", "who", NULL,
};

/* Titles that stand before a name in lower case too. */
static const char *const lower_titles[] = {
    "professor", "analyst", "journalist", "lawyer", "attorney", "editor", "columnist",
    "activist", "businessman", "businesswoman", "spokesman", "spokeswoman", "economist",
    "scholar", "historian", "researcher", "expert", "correspondent", "reporter", "general",
    "colonel", "judge", "prosecutor", "mayor", "governor", "ambassador", "minister",
    "senator", "president", "chairman", "leader", "commander", "dr", "mr", "mrs", "ms",
    NULL,
};

/* Titles that are also ordinary words: they name a person only as part of
 * a longer title ("Foreign Minister", "Vice President"), or in mixed-case
 * text where their capital shows them to be titles. */
static const char *const weak_titles[] = {
    "general", "foreign", "vice", "chief", "former", "acting", "special", "senior",
    "deputy", "assistant", "major", "private", "father", "state", "counselor", "counsellor",
    "consul", "dean", "fm", "pm", "shah", "speaker", "crown", "grand", "prime", "under",
    "lady", "lord", "sir", "hon", "chair", "premier", "emperor", "metropolitan", "rep",
    "representative", "mp", "excellency", "his", "her", "don", "dona", "sr", "sra", "m",
    "advisor", "adviser", "aide", "officer", "leader", "head", "member", "candidate",
    "coordinator", "delegate", "analyst", "journalist", "lawyer", "columnist", "activist",
    "businessman", "businesswoman", "economist", "scholar", "historian", "researcher",
    "expert", "correspondent", "reporter", NULL,
};

static int is_particle(const struct cab_word *w) { return word_in(w->fold, particles); }
static int is_speech_verb(const struct cab_word *w) { return word_in(w->fold, speech_verbs); }
static int is_role(const struct cab_word *w) { return word_in(w->fold, roles); }
static int is_lower_title(const struct cab_word *w) { return word_in(w->fold, lower_titles); }
static int is_weak_title(const struct cab_word *w) { return word_in(w->fold, weak_titles); }

/* A string with its length, for lists tested many times over. */
struct lit {
    const char *s;
    size_t n;
};
#define LIT(x) { (x), sizeof(x) - 1 }

/* Word endings that make an all-capitals word a verb or noun, not a name. */
static int caps_word_ending(const char *f, size_t n)
{
    static const struct lit ends[] = {
        LIT("ed"), LIT("ing"), LIT("ly"), LIT("tion"), LIT("sion"), LIT("ment"), LIT("ness"),
        LIT("ity"), LIT("ies"), LIT("ive"), LIT("ous"), LIT("able"), LIT("ible"), LIT("ical"),
        LIT("ism"), LIT("ance"), LIT("ence"), LIT("ship"), LIT("ists"), LIT("ates"),
        LIT("ized"), LIT("ions"), LIT("ents"), LIT("ants"), LIT("ings"), LIT("ures"),
        LIT("ers"), LIT("ors"), LIT("etic"), LIT("atic"), LIT("itic"), LIT("ical"), LIT("ful"),
        LIT("less"),
    };
    size_t k;

    for (k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = ends[k].n;

        /* The last byte rules out most endings without a call. */
        if (n > e + 1 && f[n - 1] == ends[k].s[e - 1] && memcmp(f + n - e, ends[k].s, e) == 0)
            return 1;
    }
    return 0;
}

/* "Syrian", "Iraqi", "Chinese": a word made from a country's name. */
static int nationality(const char *f, size_t n)
{
    static const char *const irregular[] = {
        "french", "british", "dutch", "swiss", "greek", "turkish", "spanish", "polish",
        "danish", "swedish", "finnish", "irish", "scottish", "welsh", "english", "saudi",
        "emirati", "afghan", "kazakh", "uzbek", "tajik", "kyrgyz", "turkmen", "thai",
        "filipino", "argentine", "czech", "slovak", "kurdish", "palestinian", "arab",
        "persian", "european", "american", "african", "asian", "latin", "soviet", "israeli",
        "pakistani", "bangladeshi", "kuwaiti", "qatari", "omani", "yemeni", "bahraini",
        "iraqi", "somali", "malagasy", "lao", "burmese", "maltese", "portuguese", NULL,
    };
    static const struct lit endings[] = {
        LIT("ian"), LIT("an"), LIT("n"), LIT("ese"), LIT("i"), LIT("ish"), LIT("ean"), LIT("ic"),
    };
    size_t k;

    if (word_in(f, irregular))
        return 1;
    for (k = 0; k < sizeof endings / sizeof endings[0]; k++) {
        size_t e = endings[k].n, stem, cnt, extra;

        if (n <= e + 3 || memcmp(f + n - e, endings[k].s, e) != 0)
            continue;
        stem = n - e;
        /* The country's name is the stem and at most two more letters. */
        for (extra = 0; extra <= 2; extra++) {
            char key[CAB_MAX_NAME];
            const struct cab_gaz_place *g;
            size_t j;

            if (stem + extra + 1 > sizeof key)
                break;
            memcpy(key, f, stem);
            key[stem + extra] = '\0';
            if (extra == 0) {
                g = cab_gazetteer_find(key, stem, &cnt);
                if (g && g->kind == CAB_GAZ_COUNTRY)
                    return 1;
                continue;
            }
            /* Try the common endings of country names. */
            for (j = 0; j < 4; j++) {
                static const char *const tails[] = { "a", "ia", "y", "e" };

                if (strlen(tails[j]) != extra)
                    continue;
                memcpy(key + stem, tails[j], extra);
                g = cab_gazetteer_find(key, stem + extra, &cnt);
                if (g && g->kind == CAB_GAZ_COUNTRY)
                    return 1;
            }
        }
    }
    return 0;
}

static int caps_ending(const struct cab_word *w)
{
    return caps_word_ending(w->fold, w->len);
}

/* A country, a part of the world, or a word made from a country's name. */
static int foreign(const struct cab_word *w)
{
    size_t cnt;
    const struct cab_gaz_place *g = cab_gazetteer_find(w->fold, w->len, &cnt);

    if (g && (g->kind == CAB_GAZ_COUNTRY || g->kind == CAB_GAZ_AREA))
        return 1;
    return nationality(w->fold, w->len);
}

/* Whether a word could be part of a person's name: capitalised (in
 * mixed-case text), no digits, claimed by no word list. */
static int nameish(const struct people *pp, size_t i, int caps)
{
    const struct cab_tok *t = &pp->tok[i];
    struct cab_word *w = tok_word(pp, i);
    const char *dash;
    unsigned cls;

    if (t->flags & (CAB_T_DIGIT | CAB_T_ABBR))
        return 0;
    if ((t->next == '/' || t->prev == '/') && (caps || (t->flags & CAB_T_ALLCAPS)))
        return 0; /* office symbols: "ISN/MTR", "EUR/NCE" */
    if (w->len == 0)
        return 0;
    if (w->len >= 4 && w->fold[0] == 'x' && strspn(w->fold, "x") == w->len)
        return 0; /* XXXXXXXXXXXX stands for a name withheld */
    if (!caps) {
        if (!(t->flags & CAB_T_CAP))
            return 0;
        if ((t->flags & CAB_T_ALLCAPS) && t->len > 1)
            return 0; /* acronyms and headings in mixed-case text */
        if (t->len == 1)
            return (t->flags & CAB_T_DOT) != 0; /* initials */
    } else {
        if (t->len == 1)
            return (t->flags & CAB_T_DOT) != 0;
        if (word_ask(w, Q_CAPS_ENDING, caps_ending) && !(w->cls & CAB_W_GIVEN))
            return 0; /* "ALFRED" is a name, "CONFIRMED" is not */
    }
    /* "Lula-looking": a lower-case word after a hyphen is no name. */
    dash = memchr(pp->text + t->start, '-', t->len);
    if (dash) {
        const char *tail = strrchr(w->fold, ' ');

        if (tail && dash[1] >= 'a' && dash[1] <= 'z' && strlen(tail + 1) > 4)
            return 0;
    }
    cls = tok_class(pp, i);
    if (cls & (CAB_W_NONNAME | CAB_W_COMMON | CAB_W_TITLE))
        return 0;
    if (!(cls & CAB_W_GIVEN) && cab_gazetteer_loaded() && word_ask(w, Q_FOREIGN, foreign))
        return 0;
    return 1;
}

/* Whether the words a..b are, as a whole, a place the gazetteer knows. */
static int is_place(const struct people *pp, size_t a, size_t b)
{
    char key[CAB_MAX_NAME];
    size_t n, cnt;

    if (!cab_gazetteer_loaded())
        return 0;
    n = cab_name_fold(pp->text + pp->tok[a].start,
                      pp->tok[b - 1].start + pp->tok[b - 1].len - pp->tok[a].start, key,
                      sizeof key);
    return n > 0 && cab_gazetteer_find(key, n, &cnt) != NULL;
}

/* Whether the words a..b are a country or a part of the world. */
static int is_country(const struct people *pp, size_t a, size_t b)
{
    char key[CAB_MAX_NAME];
    const struct cab_gaz_place *g;
    size_t n, cnt;

    if (!cab_gazetteer_loaded())
        return 0;
    n = cab_name_fold(pp->text + pp->tok[a].start,
                      pp->tok[b - 1].start + pp->tok[b - 1].len - pp->tok[a].start, key,
                      sizeof key);
    g = n ? cab_gazetteer_find(key, n, &cnt) : NULL;
    return g && (g->kind == CAB_GAZ_COUNTRY || g->kind == CAB_GAZ_AREA);
}

/* Whether word i is a capital or a big city ("Holbrooke Amman"): such a
 * word ends no name. */
static int big_city(const struct cab_word *w)
{
    const struct cab_gaz_place *g;
    size_t cnt, k;

    g = w->len && cab_gazetteer_loaded() ? cab_gazetteer_find(w->fold, w->len, &cnt) : NULL;
    for (k = 0; g && k < cnt; k++)
        if (g[k].kind == CAB_GAZ_CITY && g[k].population >= 500000)
            return 1;
    return 0;
}

static int is_big_city(const struct people *pp, size_t i)
{
    return word_ask(tok_word(pp, i), Q_BIG_CITY, big_city);
}

/* "Galina", "E.", "Morozova" joined into "Galina E. Morozova". */
static size_t join_name(const struct people *pp, size_t a, size_t b, char *out, size_t cap)
{
    size_t o = 0, i;

    out[0] = '\0';
    for (i = a; i < b; i++) {
        const struct cab_tok *t = &pp->tok[i];
        size_t need = t->len + 3, w;

        if (o + need >= cap)
            return 0;
        if (o > 0)
            out[o++] = ' ';
        w = cab_name_copy(pp->text + t->start, t->len, out + o);
        if ((t->flags & CAB_T_ALLCAPS) || (t->len == 1 && (t->flags & CAB_T_CAP))) {
            struct cab_word *fw = tok_word(pp, i);

            out[o + w] = '\0';
            cab_name_titlecase(out + o);
            if (i > a && i + 1 < b && fw->len == w && word_ask(fw, Q_PARTICLE, is_particle))
                memcpy(out + o, fw->fold, w);
        }
        o += w;
        if (t->len == 1 && (t->flags & CAB_T_CAP))
            out[o++] = '.';
        out[o] = '\0';
    }
    return o;
}

static void add_span(struct people *pp, size_t a, size_t b, enum cab_person_role role)
{
    char name[CAB_MAX_NAME];
    size_t i, words = 0;

    /* A name neither starts nor ends on an initial or a particle. */
    while (b > a && (pp->tok[b - 1].len == 1 || tok_has(pp, b - 1, Q_PARTICLE, is_particle)))
        b--;
    while (a < b && tok_has(pp, a, Q_PARTICLE, is_particle) && !(pp->tok[a].flags & CAB_T_CAP))
        a++;
    for (i = a; i < b; i++)
        if (!tok_has(pp, i, Q_PARTICLE, is_particle))
            words++;
    if (b <= a || words > MAX_NAME_WORDS)
        return;
    if (join_name(pp, a, b, name, sizeof name) > 0)
        person_add(pp, name, words, role);
}

/* Whether word i is a title that can stand before a name: a strong title,
 * or a weak one capitalised in mixed-case text or ending a longer title
 * ("Foreign Minister", "A/S", "U/S"). */
static int title_at(const struct people *pp, size_t i, int caps)
{
    const struct cab_tok *t = &pp->tok[i];
    struct cab_word *w = tok_word(pp, i);

    if (w->len == 1 && t->prev == '/' && i > 0 && pp->tok[i - 1].len == 1 &&
        (w->fold[0] == 's' || w->fold[0] == 'a'))
        return 1; /* "A/S Noriega", "U/S Grossman" */
    if (!(w->cls & CAB_W_TITLE))
        return 0;
    /* In running text "professor Tanel Demirel" and "retired general
     * Riza Kucukoglu" carry their titles in lower case. */
    if (!caps && !(t->flags & CAB_T_CAP))
        return word_ask(w, Q_LOWER_TITLE, is_lower_title);
    if (!word_ask(w, Q_WEAK_TITLE, is_weak_title))
        return 1;
    if (!caps)
        return strcmp(w->fold, "fm") != 0 || (t->flags & CAB_T_ALLCAPS);
    return i > 0 && !(t->flags & CAB_T_GAP) && (tok_class(pp, i - 1) & CAB_W_TITLE) &&
           !word_in(w->fold, (const char *const[]){ "shah", "state", "general", NULL });
}

/* Whether a name ending before word b is followed by a comma and a role
 * ("Pawel Triszh, Deputy Director of ...") or by a verb of speech. */
static int followed_by_evidence(const struct people *pp, size_t b)
{
    if (b >= pp->ntok)
        return 0;
    if (pp->tok[b - 1].next == ',' && ((tok_class(pp, b) & CAB_W_TITLE) || tok_has(pp, b, Q_ROLE, is_role)))
        return 1;
    return !(pp->tok[b].flags & CAB_T_GAP) && !(pp->tok[b].flags & CAB_T_CAP) &&
           tok_has(pp, b, Q_SPEECH, is_speech_verb);
}

/* Whether a word ends in one of 'endings' with at least three letters
 * before it. */
static int ends_in(const struct cab_word *w, const char *const *endings)
{
    for (size_t i = 0; endings[i]; i++) {
        size_t n = strlen(endings[i]);

        if (w->len > n + 2 && memcmp(w->fold + w->len - n, endings[i], n) == 0)
            return 1;
    }
    return 0;
}

/* Whether a word is a plural noun of a group ("Fundamentalists",
 * "Shiites", "Palestinians", "Catholics"): a run ending in one names people
 * in general, whatever verb follows. */
static int group_plural(const struct cab_word *w)
{
    return ends_in(w, (const char *const[]){ "ists", "ites", "ians", "ics", NULL });
}

/* Whether a word shaped like a noun of an office's name stands just before
 * a known given name in a..b ("Financial Crimes David Cohen",
 * "Nonproliferation Martin Briens"), where a name's own first word does not
 * ("Kanayo Felix Nwanze", "Hatem Ben Salim"). */
static int office_before_given(const struct people *pp, size_t a, size_t b)
{
    for (size_t k = a + 1; k + 1 < b; k++)
        if ((tok_class(pp, k) & CAB_W_GIVEN) &&
            ends_in(tok_word(pp, k - 1),
                    (const char *const[]){ "s", "tion", "ment", "ship", "ism", NULL }))
            return 1;
    return 0;
}

/* "Specifically", "Separately": an adverb opens a sentence, not a name
 * (where the sentence's start is not seen, as after a closing quote). */
static int adverb(const struct cab_word *w)
{
    return ends_in(w, (const char *const[]){ "ly", NULL });
}

/* A sentence's first word is capitalised anyway: it stays in a name only
 * if it looks like one. */
static int weak_first_word(const struct people *pp, size_t i)
{
    struct cab_word *w = tok_word(pp, i);

    return w->len == 0 || word_ask(w, Q_CAPS_ENDING, caps_ending) || w->len <= 2 ||
           (w->cls & (CAB_W_COMMON | CAB_W_NONNAME | CAB_W_TITLE));
}

/* Judge the capitalised words a..b of mixed-case text. */
static void judge_run(struct people *pp, size_t a, size_t b)
{
    int titled = a > 0 && !(pp->tok[a].flags & CAB_T_GAP) && title_at(pp, a - 1, 0);
    int named = a > 0 && !(pp->tok[a].flags & CAB_T_GAP) &&
                tok_is(pp, a - 1, (const char *const[]){ "named", "nicknamed", NULL });
    size_t k, words = 0;

    if (!titled && !(tok_class(pp, a) & CAB_W_GIVEN) &&
        (((pp->tok[a].flags & CAB_T_SENT) && weak_first_word(pp, a)) || adverb(tok_word(pp, a))))
        a++;
    if (a >= b)
        return;
    while (b - a > 1 && !(tok_class(pp, b - 1) & CAB_W_GIVEN) && is_big_city(pp, b - 1))
        b--;
    if (pp->tok[a].len == 1 && !titled)
        return; /* starts with an initial and nothing before it */
    for (k = a; k < b; k++)
        if (!tok_has(pp, k, Q_PARTICLE, is_particle))
            words++;
    if (b - a == 1) {
        /* One word: a title before it, not a title or an office after it. */
        if ((titled || named) && pp->tok[a].len > 1 &&
            !(b < pp->ntok && !(pp->tok[b].flags & CAB_T_GAP) && (pp->tok[b].flags & CAB_T_CAP) &&
              (tok_class(pp, b) & (CAB_W_TITLE | CAB_W_NONNAME))) &&
            !(is_place(pp, a, b) && !titled))
            add_span(pp, a, b, CAB_ROLE_MENTIONED);
        return;
    }
    if (is_place(pp, a, b) && !titled)
        return;
    if (words <= MAX_NAME_WORDS &&
        (titled || (tok_class(pp, a) & CAB_W_GIVEN) ||
         (followed_by_evidence(pp, b) && !group_plural(tok_word(pp, b - 1)) &&
          !office_before_given(pp, a, b)))) {
        add_span(pp, a, b, CAB_ROLE_MENTIONED);
        return;
    }
    /* "Special Ambassador for Climate Change Sergio Barbosa Serra": the
     * name starts at a given name. */
    for (k = a + 1; k + 1 < b; k++)
        if ((tok_class(pp, k) & CAB_W_GIVEN) && b - k <= MAX_NAME_WORDS) {
            add_span(pp, k, b, CAB_ROLE_MENTIONED);
            return;
        }
    if (words <= 3) {
        const struct cab_word *w = tok_word(pp, b - 1);

        if (w->len && cab_name_surname_suffix(w->fold, w->len))
            add_span(pp, a, b, CAB_ROLE_MENTIONED);
    }
}

/* Mixed-case text: runs of capitalised words, split at words that cannot
 * be part of a name, each part judged on its evidence. */
static void scan_mixed(struct people *pp)
{
    size_t i = 0;

    while (i < pp->ntok) {
        size_t a = i, b;

        /* Subjects are often in title case: only their capitals count. */
        if (pp->tok[i].start < pp->body_start || !nameish(pp, i, 0)) {
            i++;
            continue;
        }
        b = i + 1;
        while (b < pp->ntok && !(pp->tok[b].flags & CAB_T_GAP) &&
               !(pp->tok[b - 1].flags & CAB_T_POSS)) {
            if (nameish(pp, b, 0)) {
                b++;
                continue;
            }
            /* "Luiz Inacio Lula da Silva": a particle between two name words. */
            if (!(pp->tok[b].flags & CAB_T_CAP) && tok_has(pp, b, Q_PARTICLE, is_particle) &&
                b + 1 < pp->ntok && !(pp->tok[b + 1].flags & CAB_T_GAP) && nameish(pp, b + 1, 0)) {
                b += 2;
                continue;
            }
            break;
        }
        i = b;
        judge_run(pp, a, b);
    }
}

/* Capitals: a title followed by name words ("FOREIGN MINISTER TOKAEV"), a
 * known given name followed by one or two name words, or an address line
 * ("NSC FOR RESTREPO").  In mixed-case text only words in capitals are
 * looked at this way. */
static void scan_caps(struct people *pp, int all_caps)
{
    size_t i;

    for (i = 0; i + 1 < pp->ntok; i++) {
        size_t a, b;
        int titled, given;

        if (!all_caps && !(pp->tok[i + 1].flags & CAB_T_ALLCAPS))
            continue;
        titled = title_at(pp, i, 1) && !(pp->tok[i + 1].flags & CAB_T_GAP) &&
                 (all_caps || (pp->tok[i].flags & CAB_T_ALLCAPS) || pp->tok[i].len == 1);
        given = !titled && nameish(pp, i, 1) && (tok_class(pp, i) & CAB_W_GIVEN) &&
                !(pp->tok[i + 1].flags & CAB_T_GAP) &&
                (all_caps || (pp->tok[i].flags & CAB_T_ALLCAPS));
        if (!titled && !given)
            continue;
        a = titled ? i + 1 : i;
        b = a;
        while (b < pp->ntok && b - a < 3 && (nameish(pp, b, 1) || tok_has(pp, b, Q_PARTICLE, is_particle)) &&
               (b - a < 2 || tok_has(pp, b - 1, Q_PARTICLE, is_particle) || tok_has(pp, a, Q_PARTICLE, is_particle) ||
                (tok_class(pp, b - 1) & CAB_W_GIVEN)) &&
               (all_caps || pp->tok[b].len == 1 || (pp->tok[b].flags & CAB_T_ALLCAPS)) &&
               (b == a || !(pp->tok[b].flags & CAB_T_GAP)) &&
               (b == a || !(pp->tok[b - 1].flags & CAB_T_POSS)))
            b++;
        if (given && b - a < 2)
            continue;
        if (b > a && !(b - a == 1 && pp->tok[a].len == 1) && !(is_place(pp, a, b) && !titled)) {
            add_span(pp, a, b, CAB_ROLE_MENTIONED);
            i = b - 1;
        }
    }
}

/* "NSC FOR RESTREPO", "LONDON FOR KOLKER, PARIS FOR FENDRICK": the people
 * a telegram is meant for, in its address lines. */
static void scan_address_lines(struct people *pp)
{
    size_t i;

    for (i = 1; i + 1 < pp->ntok; i++) {
        size_t a = i + 1, b = a, k;
        const struct cab_tok *end;

        if (!(pp->tok[i].flags & CAB_T_ALLCAPS) || (pp->tok[i].flags & CAB_T_GAP) ||
            !tok_is(pp, i, (const char *const[]){ "for", NULL }) ||
            !(pp->tok[i - 1].flags & CAB_T_ALLCAPS) || (pp->tok[a].flags & CAB_T_GAP))
            continue;
        /* FOR comes early in its line or list item. */
        for (k = i; k > 0 && i - k < 4; k--) {
            const struct cab_tok *t = &pp->tok[k];

            if (t->prev == ',' || t->prev == ';' ||
                memchr(pp->text + pp->tok[k - 1].start, '\n', t->start - pp->tok[k - 1].start))
                break;
        }
        if (i - k >= 3)
            continue;
        while (b < pp->ntok && b - a < 3 && (pp->tok[b].flags & CAB_T_ALLCAPS) &&
               nameish(pp, b, 1) && (b == a || !(pp->tok[b].flags & CAB_T_GAP)))
            b++;
        if (b == a || (b - a == 1 && pp->tok[a].len < 4))
            continue;
        /* The name must end its line, or a list item. */
        end = &pp->tok[b - 1];
        for (k = end->start + end->len; pp->text[k] == ' '; k++)
            ;
        if (!(pp->text[k] == '\n' || pp->text[k] == '\0' || pp->text[k] == ',' ||
              pp->text[k] == ';' || tok_is(pp, b, (const char *const[]){ "and", NULL })))
            continue;
        if (is_country(pp, a, b))
            continue;
        add_span(pp, a, b, CAB_ROLE_MENTIONED);
        i = b - 1;
    }
}

/* Names known from tags and lines count wherever they recur: matters for
 * all-capitals text, where nothing else marks them. */
static void scan_known(struct people *pp)
{
    size_t i, k, n0 = pp->n;
    size_t sur_len[CAB_MAX_PEOPLE];
    char sur_first[CAB_MAX_PEOPLE];

    /* Length and first byte of each surname rule out nearly every word
     * before the surname itself is looked for. */
    for (k = 0; k < n0; k++) {
        const char *sur = last_word(pp->p[k].folded);

        sur_len[k] = strlen(sur);
        sur_first[k] = sur[0];
    }
    /* A person found here only adds to or keeps the surnames of the
     * first n0, so each word's answer holds for the whole scan. */
    for (i = 0; i < pp->ntok; i++) {
        struct cab_word *w = tok_word(pp, i);

        if (w->len < 3)
            continue;
        if (!(w->known & Q_KNOWN_SURNAME)) {
            w->known |= Q_KNOWN_SURNAME;
            for (k = 0; k < n0; k++)
                if (sur_len[k] == w->len && sur_first[k] == w->fold[0] &&
                    strcmp(last_word(pp->p[k].folded), w->fold) == 0) {
                    w->is |= Q_KNOWN_SURNAME;
                    break;
                }
        }
        if (w->is & Q_KNOWN_SURNAME)
            add_span(pp, i, i + 1, CAB_ROLE_MENTIONED);
    }
}

/* --- The lines --- */

/* "CLINTON, HILLARY R" -> "Hillary R. Clinton". */
static void add_tag_person(struct people *pp, const char *value, enum cab_person_role role)
{
    char name[2 * CAB_MAX_NAME + 2], given[CAB_MAX_NAME], sur[CAB_MAX_NAME];
    const char *comma = strchr(value, ',');
    size_t words = 1, i;

    if (!comma) {
        snprintf(name, sizeof name, "%s", value);
    } else {
        size_t sl = (size_t)(comma - value);
        const char *g = comma + 1;
        size_t o = 0;

        if (sl >= sizeof sur)
            return;
        memcpy(sur, value, sl);
        sur[sl] = '\0';
        while (*g == ' ')
            g++;
        /* Single letters are initials. */
        for (i = 0; g[i] && o + 4 < sizeof given; i++) {
            given[o++] = g[i];
            if (g[i] != ' ' && g[i] != '.' && (i == 0 || g[i - 1] == ' ') &&
                (g[i + 1] == ' ' || g[i + 1] == '\0'))
                given[o++] = '.';
            if (g[i] == ' ')
                words++;
        }
        given[o] = '\0';
        while (o > 0 && given[o - 1] == ' ')
            given[--o] = '\0';
        if (o == 0)
            snprintf(name, sizeof name, "%s", sur);
        else {
            snprintf(name, sizeof name, "%s %s", given, sur);
            words++;
        }
    }
    cab_name_titlecase(name);
    person_add(pp, name, words, role);
}

static const char *find_caseless(const char *s, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    int first = needle[0] | 0x20;

    /* Either case of the first byte has it once 0x20 is set: a cheap test
     * that rules out most places before the call. */
    for (; s + n <= end; s++)
        if ((*s | 0x20) == first && strncasecmp(s, needle, n) == 0)
            return s;
    return NULL;
}

static const char *const position_words[] = {
    "political", "economic", "pol", "econ", "counselor", "counsellor", "officer",
    "section", "chief", "mission", "charge", "daffaires", "affaires", "ai", "acting",
    "public", "affairs", "consul", "principal", "regional", "management", "by", "us",
    "polecon", "econpol", "polmil", "military", "attache", "senior", "desk", "commercial",
    "agricultural", "labor", "science", "technology", "rso", "pao", "conoff", "pe", "ep",
    "pol/econ", "econ/pol", "pol/mil", "a/dcm", "dcm", "a/pol", "deputy", "interim",
    "political/economic", "economic/political", "section", "unit", "classified", "cg",
    "com", NULL,
};

static int is_position(const struct cab_word *w)
{
    return word_in(w->fold, position_words);
}

/* The first name in a short stretch of text such as "Ambassador Richard
 * E. Hoagland" or "CDA, A.I. RON MCMULLEN". */
static void add_from_line(struct people *pp, const char *s, size_t len,
                          enum cab_person_role role)
{
    struct people sub = *pp;
    struct cab_words words;
    const struct cab_tok *tok;
    size_t n, i, a = 0, b = 0;

    if (cab_words_build(s, len, &words) != CAB_OK)
        return;
    tok = words.tok;
    n = words.ntok;
    sub.text = s;
    sub.tok = tok;
    sub.ntok = n;
    sub.word = words.word;
    for (i = 0; i < n; i++) {
        int initial = tok[i].len == 1 && (tok[i].flags & CAB_T_DOT);
        int ok = !(tok[i].flags & (CAB_T_DIGIT | CAB_T_ABBR)) && (tok[i].flags & CAB_T_CAP) &&
                 tok[i].next != '/' && tok[i].prev != '/' &&
                 (initial || (!tok_has(&sub, i, Q_POSITION, is_position) &&
                              !(tok_class(&sub, i) & (CAB_W_TITLE | CAB_W_NONNAME | CAB_W_COMMON)) &&
                              tok[i].len > 1));

        if (ok && b > a && b == i && !(tok[i].flags & CAB_T_GAP)) {
            b = i + 1;
        } else if (b > a) {
            break;
        } else if (ok) {
            a = i;
            b = i + 1;
        }
    }
    if (b > a && (b - a > 1 || tok[a].len > 2) && !is_place(&sub, a, b))
        add_span(&sub, a, b, role);
    pp->n = sub.n;
    cab_words_release(&words);
}

/* "classified by" as words, not inside "declassified by". */
static const char *find_classified_by(const char *s, const char *end)
{
    const char *p = s;

    while ((p = find_caseless(p, end, "classified by")) != NULL) {
        if (p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z')))
            return p;
        p++;
    }
    return NULL;
}

static void find_classifier(struct people *pp, const char *body)
{
    const char *end = body + strlen(body);
    const char *p = find_classified_by(body, end);
    const char *eo;

    if (p) {
        const char *s = p + strlen("classified by"), *e;
        size_t k;

        while (s < end && (*s == ':' || *s == ' '))
            s++;
        e = s;
        /* The name ends at the reasons. */
        for (k = 0; e < end && k < MAX_CLASSIFIER_LINE; e++, k++) {
            if (*e == ':' || *e == ';' || *e == '(' || (*e == '\n' && k > 8) ||
                strncasecmp(e, " for ", 5) == 0 || strncasecmp(e, " reason", 7) == 0 ||
                strncasecmp(e, " 1.4", 4) == 0 || strncasecmp(e, " 1.5", 4) == 0 ||
                strncasecmp(e, " e.o", 4) == 0 || strncasecmp(e, " - ", 3) == 0)
                break;
        }
        add_from_line(pp, s, (size_t)(e - s), CAB_ROLE_CLASSIFIER);
        return;
    }
    /* Old telegrams: "E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P". */
    eo = find_caseless(body, end, "E.O. 1");
    if (eo) {
        const char *nl = memchr(eo, '\n', (size_t)(end - eo));
        const char *open, *close, *comma;
        char value[CAB_MAX_NAME];
        size_t i, o = 0;

        if (!nl)
            nl = end;
        open = memchr(eo, '(', (size_t)(nl - eo));
        close = open ? memchr(open, ')', (size_t)(nl - open)) : NULL;
        comma = open && close ? memchr(open, ',', (size_t)(close - open)) : NULL;
        if (!comma || close - open >= (long)sizeof value)
            return;
        for (i = 1; open + i < close; i++) {
            char c = open[i];

            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == ',' ||
                  c == '.' || c == '-' || c == '\''))
                return; /* not a name: "(DECL: ...)" */
            if (c != '.')
                value[o++] = c;
        }
        value[o] = '\0';
        add_tag_person(pp, value, CAB_ROLE_CLASSIFIER);
    }
}

/* A line that is only a classification marking or telegram trailer. */
static int trailer_line(const char *s, size_t len)
{
    static const char *const trailers[] = {
        "unclassified", "confidential", "secret", "limited official use", "nnnn", "bt",
        "unclas", "sensitive but unclassified", "for official use only", "noforn",
        "confidential noforn", "secret noforn", "sipdis", "end cable", "c o n f i d e n t i a l",
        "s e c r e t", "u n c l a s s i f i e d", NULL,
    };
    char f[CAB_MAX_NAME];
    size_t n = cab_name_fold(s, len, f, sizeof f), k;

    if (n == 0 && len > 0)
        return len < 64 ? 1 : 0;
    for (k = 0; trailers[k]; k++)
        if (strcmp(f, trailers[k]) == 0 || (strncmp(f, trailers[k], strlen(trailers[k])) == 0 &&
                                            strchr("/ ", f[strlen(trailers[k])])))
            return 1;
    return strstr(f, "classified website") != NULL || strncmp(f, "visit ", 6) == 0 ||
           strncmp(f, "http", 4) == 0;
}

static int strpbrk_n(const char *s, size_t len, const char *set)
{
    size_t i;

    for (i = 0; i < len; i++)
        if (strchr(set, s[i]))
            return 1;
    return 0;
}

/* The signature may close the last paragraph ("... in the U.S. DANILOVICH")
 * or follow a closing formula ("END COMMENT THORNE", "MINIMIZE CONSIDERED
 * SHANNON"): what follows them, if it is in capitals. */
static const char *last_sentence(const char *s, const char *e)
{
    static const char *const formulas[] = {
        "END COMMENT", "END NOTE", "END SUMMARY", "END CABLE", "END TEXT",
        "MINIMIZE CONSIDERED", NULL,
    };
    const char *p = e, *start;
    size_t k;

    while (p > s && p[-1] != '.' && p[-1] != '!' && p[-1] != '?' && p[-1] != ')' &&
           p[-1] != '"')
        p--;
    if (p == s)
        start = s;
    else
        start = p;
    while (start < e && *start == ' ')
        start++;
    for (k = 0; formulas[k]; k++) {
        size_t n = strlen(formulas[k]);

        if ((size_t)(e - start) > n && strncmp(start, formulas[k], n) == 0 && start[n] == ' ') {
            start += n + 1;
            break;
        }
    }
    if (start == s)
        return s;
    /* Only capitals may stand for a signature after a sentence. */
    for (p = start; p < e; p++)
        if (*p >= 'a' && *p <= 'z')
            return s;
    return start;
}

static void find_signer(struct people *pp, const char *body)
{
    const char *end = body + strlen(body);
    int lines = 0;

    while (end > body && lines < MAX_SIGNER_LINES) {
        const char *e = end, *s, *tail;
        char f[CAB_MAX_NAME], name[CAB_MAX_NAME];
        size_t n, i, words = 1;

        while (e > body && (e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\r' || e[-1] == '\t'))
            e--;
        s = e;
        while (s > body && s[-1] != '\n')
            s--;
        end = s;
        if (e == s)
            break;
        lines++;
        while (s < e && *s == ' ')
            s++;
        if (trailer_line(s, (size_t)(e - s)))
            continue;
        tail = last_sentence(s, e);
        /* Archive notes and dates after the signature: "Systematic Review 05 JUL 2006". */
        if (tail == s && lines <= 4 &&
            (memchr(s, '/', (size_t)(e - s)) || strpbrk_n(s, (size_t)(e - s), "0123456789")))
            continue;
        s = tail;
        if (e - s < 3 || e - s >= (long)sizeof name)
            return;
        for (i = 0; s + i < e; i++) {
            char c = s[i];

            if (c == ' ')
                words++;
            else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                       c == '\'' || c == '.'))
                return;
        }
        if (words > 2 || !(s[0] >= 'A' && s[0] <= 'Z') || strncasecmp(s, "xxxx", 4) == 0)
            return;
        n = cab_name_fold(s, (size_t)(e - s), f, sizeof f);
        for (i = 0; i < n;) {
            size_t w = strcspn(f + i, " ");

            if (cab_name_word_class(f + i, w) & (CAB_W_NONNAME | CAB_W_COMMON | CAB_W_TITLE))
                return;
            i += w + (f[i + w] == ' ');
        }
        memcpy(name, s, (size_t)(e - s));
        name[e - s] = '\0';
        if (name[e - s - 1] == '.')
            name[e - s - 1] = '\0';
        cab_name_titlecase(name);
        person_add(pp, name, words, CAB_ROLE_SIGNER);
        return;
    }
}

cab_status cab_people_find(struct cable *c, struct cab_name_text *t)
{
    struct people pp;
    size_t i;
    cab_status rc = CAB_OK;

    cable_clear_people(c);
    if (!cab_gazetteer_loaded()) {
        char err[CAB_ERR_SIZE];

        rc = cab_gazetteer_init(err);
        if (rc != CAB_OK)
            return rc;
    }
    memset(&pp, 0, sizeof pp);
    /* Not zeroed: an entry is written whole when a person is added. */
    pp.p = cab_malloc(CAB_MAX_PEOPLE * sizeof *pp.p);
    if (!pp.p)
        return CAB_NOMEM;
    for (i = 0; i < c->n_tags; i++)
        if (c->tags[i].kind == CAB_TAG_PERSON && c->tags[i].value)
            add_tag_person(&pp, c->tags[i].value, CAB_ROLE_VISITOR);
    if (c->body) {
        find_classifier(&pp, c->body);
        find_signer(&pp, c->body);
    }
    cab_words_forget(&t->words);
    pp.text = t->buf.data;
    pp.body_start = t->body_start;
    pp.tok = t->words.tok;
    pp.ntok = t->words.ntok;
    pp.word = t->words.word;
    if (t->caps) {
        scan_caps(&pp, 1);
    } else {
        scan_mixed(&pp);
        scan_caps(&pp, 0);
    }
    scan_address_lines(&pp);
    scan_known(&pp);
    merge_single_words(&pp);
    if (pp.n > 0) {
        c->people = cab_calloc(pp.n, sizeof *c->people);
        if (!c->people) {
            rc = CAB_NOMEM;
            goto out;
        }
        for (i = 0; i < pp.n; i++) {
            c->people[i].name = cab_strdup(pp.p[i].display);
            c->people[i].role = pp.p[i].role;
            c->n_people = i + 1;
            if (!c->people[i].name) {
                cable_clear_people(c);
                rc = CAB_NOMEM;
                goto out;
            }
        }
    }
out:
    cab_free(pp.p);
    return rc;
}

cab_status cab_extract_people(struct cable *c)
{
    cable_clear_people(c);
    return cab_name_text_run(c, cab_people_find);
}
