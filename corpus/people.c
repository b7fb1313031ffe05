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
    if (pp->n == CAB_MAX_PEOPLE)
        return;
    snprintf(pp->p[pp->n].display, sizeof pp->p[pp->n].display, "%s", display);
    memcpy(pp->p[pp->n].folded, folded, flen + 1);
    pp->p[pp->n].words = words;
    pp->p[pp->n].role = role;
    pp->n++;
}

/* --- Words --- */

static unsigned tok_class(const struct people *pp, size_t i)
{
    char f[CAB_MAX_NAME];
    const struct cab_tok *t = &pp->tok[i];
    size_t n = cab_name_fold(pp->text + t->start, t->len, f, sizeof f);

    return n ? cab_name_word_class(f, n) : 0;
}

static int tok_is(const struct people *pp, size_t i, const char *const *words)
{
    char f[CAB_MAX_NAME];
    const struct cab_tok *t = &pp->tok[i];
    size_t n = cab_name_fold(pp->text + t->start, t->len, f, sizeof f), k;

    for (k = 0; n && words[k]; k++)
        if (strcmp(f, words[k]) == 0)
            return 1;
    return 0;
}

static const char *const speech_verbs[] = {
    "said", "says", "told", "stated", "noted", "explained", "added", "asked", "reported",
    "stressed", "underscored", "emphasized", "emphasised", "claimed", "argued", "commented",
    "agreed", "remarked", "replied", "responded", "confirmed", "denied", "insisted",
    "observed", "warned", "urged", "expressed", "described", "complained", "acknowledged",
    "met", "called", "asserted", "announced", "suggested", "believes", "believed", "thinks",
    "thought", "recalled", "indicated", "opined", "lamented", "predicted", "admitted", NULL,
};

static const char *const particles[] = {
    "de", "da", "do", "dos", "das", "del", "della", "di", "van", "von", "der", "den", "ter",
    "bin", "ibn", "al", "el", "la", "le", "du", "y", "bint", NULL,
};

/* Lower-case role words that may follow a name and a comma. */
static const char *const roles[] = {
    "head", "director", "chairman", "chair", "president", "leader", "member", "owner",
    "founder", "spokesman", "spokeswoman", "deputy", "minister", "editor", "governor",
    "mayor", "chief", "secretary", "advisor", "adviser", "coordinator", "manager",
    "professor", "ambassador", "commander", "official", "representative", "executive",
    "former", "a", "an", "the", "who", "whose", NULL,
};

/* Word endings that make an all-capitals word a verb or noun, not a name. */
static int caps_word_ending(const char *f, size_t n)
{
    static const char *const ends[] = {
        "ed", "ing", "ly", "tion", "sion", "ment", "ness", "ity", "ies", "ive", "ous",
        "able", "ible", "ical", "ism", "ance", "ence", "ship", "ists", "ates", "ized",
    };
    size_t k;

    for (k = 0; k < sizeof ends / sizeof ends[0]; k++) {
        size_t e = strlen(ends[k]);

        if (n > e + 1 && memcmp(f + n - e, ends[k], e) == 0)
            return 1;
    }
    return 0;
}

/* A place from the gazetteer-free word lists cannot tell us much, so a
 * person's word is simply one that no list claims for something else. */
static int nameish(const struct people *pp, size_t i, int caps)
{
    const struct cab_tok *t = &pp->tok[i];
    char f[CAB_MAX_NAME];
    size_t n;
    unsigned cls;

    if (t->flags & (CAB_T_DIGIT | CAB_T_ABBR))
        return 0;
    n = cab_name_fold(pp->text + t->start, t->len, f, sizeof f);
    if (n == 0)
        return 0;
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
        if (caps_word_ending(f, n))
            return 0;
    }
    cls = cab_name_word_class(f, n);
    if (cls & (CAB_W_NONNAME | CAB_W_COMMON | CAB_W_TITLE))
        return 0;
    return 1;
}

/* "Galina", "E.", "Morozova" joined into "Galina E. Morozova". */
static size_t join_name(const struct people *pp, size_t a, size_t b, char *out, size_t cap)
{
    size_t o = 0, i;

    out[0] = '\0';
    for (i = a; i < b; i++) {
        const struct cab_tok *t = &pp->tok[i];
        size_t need = t->len + 3;

        if (o + need >= cap)
            return 0;
        if (o > 0)
            out[o++] = ' ';
        memcpy(out + o, pp->text + t->start, t->len);
        if ((t->flags & CAB_T_ALLCAPS) || (t->len == 1 && (t->flags & CAB_T_CAP))) {
            out[o + t->len] = '\0';
            cab_name_titlecase(out + o);
        }
        o += t->len;
        if (t->len == 1 && (t->flags & CAB_T_CAP))
            out[o++] = '.';
        out[o] = '\0';
    }
    return o;
}

static void add_span(struct people *pp, size_t a, size_t b, enum cab_person_role role)
{
    char name[CAB_MAX_NAME];

    /* A name never ends on an initial. */
    while (b > a && pp->tok[b - 1].len == 1)
        b--;
    if (b <= a || b - a > MAX_NAME_WORDS)
        return;
    if (join_name(pp, a, b, name, sizeof name) > 0)
        person_add(pp, name, b - a, role);
}

static int is_title_at(const struct people *pp, size_t i)
{
    return (tok_class(pp, i) & CAB_W_TITLE) != 0;
}

/* Whether a name of words a..b is followed by a comma and a role
 * ("Pawel Triszh, Deputy Director of ...") or by a verb of speech. */
static int followed_by_evidence(const struct people *pp, size_t b)
{
    if (b >= pp->ntok)
        return 0;
    if (pp->tok[b - 1].next == ',' && ((tok_class(pp, b) & CAB_W_TITLE) || tok_is(pp, b, roles)))
        return 1;
    return !(pp->tok[b].flags & CAB_T_GAP) && tok_is(pp, b, speech_verbs);
}

/* Mixed-case text: runs of capitalised words, split at words that cannot
 * be part of a name, each part judged on its evidence. */
static void scan_mixed(struct people *pp)
{
    size_t i = 0;

    while (i < pp->ntok) {
        size_t a = i, b, j;
        int titled;

        if (!nameish(pp, i, 0)) {
            i++;
            continue;
        }
        b = i + 1;
        while (b < pp->ntok && !(pp->tok[b].flags & CAB_T_GAP)) {
            if (nameish(pp, b, 0)) {
                b++;
                continue;
            }
            /* "Luiz Inacio Lula da Silva": a particle between two name words. */
            if (!(pp->tok[b].flags & CAB_T_CAP) && tok_is(pp, b, particles) &&
                b + 1 < pp->ntok && !(pp->tok[b + 1].flags & CAB_T_GAP) && nameish(pp, b + 1, 0)) {
                b += 2;
                continue;
            }
            break;
        }
        i = b;
        titled = a > 0 && !(pp->tok[a].flags & CAB_T_GAP) && is_title_at(pp, a - 1) &&
                 !(pp->tok[a - 1].flags & CAB_T_ABBR);
        /* A sentence's first word is capitalised anyway: it must earn its place. */
        if ((pp->tok[a].flags & CAB_T_SENT) && !titled &&
            !(tok_class(pp, a) & CAB_W_GIVEN))
            a++;
        if (a >= b)
            continue;
        if (b - a > MAX_NAME_WORDS)
            continue; /* an organisation or a title of something */
        for (j = a; j < b; j++)
            if (pp->tok[j].len == 1 && j == a)
                break;
        if (j == a && !titled)
            continue; /* starts with an initial and nothing before it */
        if (b - a == 1) {
            if (titled && pp->tok[a].len > 1)
                add_span(pp, a, b, CAB_ROLE_MENTIONED);
            continue;
        }
        if (titled || (tok_class(pp, a) & CAB_W_GIVEN) || followed_by_evidence(pp, b)) {
            add_span(pp, a, b, CAB_ROLE_MENTIONED);
            continue;
        }
        {
            char f[CAB_MAX_NAME];
            const struct cab_tok *t = &pp->tok[b - 1];
            size_t n = cab_name_fold(pp->text + t->start, t->len, f, sizeof f);

            if (n && cab_name_surname_suffix(f, n) && b - a <= 3)
                add_span(pp, a, b, CAB_ROLE_MENTIONED);
        }
    }
}

/* All-capitals text: a title followed by name words ("FOREIGN MINISTER
 * TOKAEV"), or a known given name followed by one or two name words. */
static void scan_caps(struct people *pp)
{
    size_t i;

    for (i = 0; i + 1 < pp->ntok; i++) {
        size_t b;
        int titled = is_title_at(pp, i) && !(pp->tok[i + 1].flags & CAB_T_GAP);
        int given = !titled && nameish(pp, i, 1) && (tok_class(pp, i) & CAB_W_GIVEN) &&
                    !(pp->tok[i + 1].flags & CAB_T_GAP);
        size_t a = titled ? i + 1 : i;

        if (!titled && !given)
            continue;
        b = a;
        while (b < pp->ntok && b - a < 3 && nameish(pp, b, 1) &&
               (b == a || !(pp->tok[b].flags & CAB_T_GAP)))
            b++;
        if (given && b - a < 2)
            continue;
        if (b > a && !(b - a == 1 && pp->tok[a].len == 1)) {
            add_span(pp, a, b, CAB_ROLE_MENTIONED);
            i = b - 1;
        }
    }
}

/* Names known from tags and lines count wherever they recur: matters for
 * all-capitals text, where nothing else marks them. */
static void scan_known(struct people *pp)
{
    size_t i, k, n0 = pp->n;

    for (i = 0; i < pp->ntok; i++) {
        char f[CAB_MAX_NAME];
        size_t n = cab_name_fold(pp->text + pp->tok[i].start, pp->tok[i].len, f, sizeof f);

        if (n < 3)
            continue;
        for (k = 0; k < n0; k++)
            if (strcmp(last_word(pp->p[k].folded), f) == 0)
                break;
        if (k < n0)
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

    for (; s + n <= end; s++)
        if (strncasecmp(s, needle, n) == 0)
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
    NULL,
};

/* Names from a short stretch of text such as "Ambassador Richard E. Hoagland". */
static void add_from_line(struct people *pp, const char *s, size_t len,
                          enum cab_person_role role)
{
    struct people sub = *pp;
    struct cab_tok *tok;
    size_t n, i, a = 0, b = 0;

    if (cab_name_tokenize(s, len, &tok, &n) != CAB_OK)
        return;
    sub.text = s;
    sub.tok = tok;
    sub.ntok = n;
    for (i = 0; i < n; i++) {
        int ok = !(tok[i].flags & CAB_T_DIGIT) && (tok[i].flags & CAB_T_CAP) &&
                 !tok_is(&sub, i, position_words) &&
                 !(tok_class(&sub, i) & (CAB_W_TITLE | CAB_W_NONNAME | CAB_W_COMMON)) &&
                 (tok[i].len > 1 || (tok[i].flags & CAB_T_DOT)) && !(tok[i].flags & CAB_T_ABBR);

        if (ok && (b == i || b == a)) {
            if (b == a)
                a = i;
            b = i + 1;
        } else if (b > a) {
            break;
        }
    }
    if (b > a && (b - a > 1 || tok[a].len > 2))
        add_span(&sub, a, b, role);
    pp->n = sub.n;
    cab_free(tok);
}

static void find_classifier(struct people *pp, const char *body)
{
    const char *end = body + strlen(body);
    const char *p = find_caseless(body, end, "classified by");
    const char *eo;

    if (p) {
        const char *s = p + strlen("classified by"), *e;
        size_t k;

        while (s < end && (*s == ':' || *s == ' '))
            s++;
        e = s;
        /* The name ends at the reasons or at punctuation. */
        for (k = 0; e < end && k < MAX_CLASSIFIER_LINE; e++, k++) {
            if (*e == ':' || *e == ';' || *e == ',' || *e == '(' || *e == '\n' ||
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

static void find_signer(struct people *pp, const char *body)
{
    const char *end = body + strlen(body);
    int lines = 0;

    while (end > body && lines < MAX_SIGNER_LINES) {
        const char *e = end, *s;
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
        if (words > 2 || !(s[0] >= 'A' && s[0] <= 'Z'))
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

static void people_release(struct cable *c)
{
    size_t i;

    for (i = 0; i < c->n_people; i++)
        cab_free(c->people[i].name);
    cab_free(c->people);
    c->people = NULL;
    c->n_people = 0;
}

cab_status cab_extract_people(struct cable *c)
{
    struct people pp;
    struct cab_tok *tok = NULL;
    const char *text = c->text ? c->text : c->body ? c->body : "";
    size_t i, ntok = 0;
    cab_status rc = CAB_OK;

    people_release(c);
    memset(&pp, 0, sizeof pp);
    pp.p = cab_calloc(CAB_MAX_PEOPLE, sizeof *pp.p);
    if (!pp.p)
        return CAB_NOMEM;
    for (i = 0; i < c->n_tags; i++)
        if (c->tags[i].kind == CAB_TAG_PERSON && c->tags[i].value)
            add_tag_person(&pp, c->tags[i].value, CAB_ROLE_VISITOR);
    if (c->body) {
        find_classifier(&pp, c->body);
        find_signer(&pp, c->body);
    }
    rc = cab_name_tokenize(text, strlen(text), &tok, &ntok);
    if (rc != CAB_OK)
        goto out;
    pp.text = text;
    pp.tok = tok;
    pp.ntok = ntok;
    if (cab_name_text_is_caps(text, strlen(text)))
        scan_caps(&pp);
    else
        scan_mixed(&pp);
    scan_known(&pp);
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
                people_release(c);
                rc = CAB_NOMEM;
                goto out;
            }
        }
    }
out:
    cab_free(tok);
    cab_free(pp.p);
    return rc;
}
