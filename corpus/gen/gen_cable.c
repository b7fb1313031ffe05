/* One generated cable: metadata planned for the whole run (gen_plan), then
 * the routing header, the telegram body and the ground truth built from
 * our word lists.
 *
 * The body follows the shape of a real telegram: classification line,
 * SIPDIS, E.O. line, TAGS, SUBJECT, REF, "Classified By", numbered
 * paragraphs with portion markings, a summary and a comment, the signer's
 * surname last.  Cables before 1990 are written in capitals, as they were.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cab_mem.h"
#include "cable.h"
#include "gen.h"

#define FIRST_YEAR 1966
#define LAST_YEAR  2010
#define N_YEARS    (LAST_YEAR - FIRST_YEAR + 1)
#define MAX_CAST   12   /* people one cable may name */
#define MAX_REFS   5

static const char *const class_names[] = {
    "UNCLASSIFIED", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN", "SECRET", "SECRET//NOFORN",
};
/* Cablegate as a whole: about half unclassified, a tenth secret. */
static const double class_cdf[] = { 0.31, 0.53, 0.86, 0.91, 0.97, 1.0 };

const char *cab_gen_class_name(unsigned cls)
{
    return cls < sizeof class_names / sizeof *class_names ? class_names[cls] : "UNCLASSIFIED";
}

/* Relative number of cables per year, 1966..2010: a thin trickle before
 * 2004, most of the mass in 2006-2009, and 2010 cut off at the end of
 * February as the real collection is. */
static const double year_weight[N_YEARS] = {
    /* 1966 */ 0.2, 0.05, 0.05, 0.05, 0.05, 0.05, 0.2, 0.2, 0.2, 0.2,
    /* 1976 */ 0.2, 0.2, 0.3, 0.4, 0.2, 0.1, 0.1, 0.1, 0.1, 0.5,
    /* 1986 */ 0.2, 0.3, 0.2, 0.4, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1,
    /* 1996 */ 0.1, 0.1, 0.1, 0.1, 0.3, 0.4, 0.6, 1.0, 4.0, 8.0,
    /* 2006 */ 12.0, 15.0, 17.0, 18.0, 6.0,
};

static const char *const months[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
};
static const char *const month_names[] = {
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
};

static int days_in(int y, int m)
{
    static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    return m == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : d[m - 1];
}

static void civil(int64_t t, struct tm *tm)
{
    time_t tt = (time_t)t;

    gmtime_r(&tt, tm);
}

static int cmp_meta(const void *a, const void *b)
{
    const struct cab_gen_meta *x = a, *y = b;

    /* Every field takes part, so qsort's instability cannot change the order. */
    if (x->created != y->created)
        return x->created < y->created ? -1 : 1;
    if (x->post != y->post)
        return x->post < y->post ? -1 : 1;
    if (x->cls != y->cls)
        return x->cls < y->cls ? -1 : 1;
    if (x->format != y->format)
        return x->format < y->format ? -1 : 1;
    return (int)x->gzip - (int)y->gzip;
}

cab_status cab_gen_plan(struct cab_gen_run *run, const double fmt_weight[CAB_GEN_NFORMATS],
                        double gzip_fraction, char err[CAB_ERR_SIZE])
{
    struct cab_gen_rng r;
    size_t n_posts;
    double post_cdf[128], year_cdf[N_YEARS], fmt_cdf[CAB_GEN_NFORMATS], sum = 0;
    uint32_t *last = NULL;

    cab_gen_posts(&n_posts);
    err[0] = '\0';
    run->meta = cab_calloc(run->count ? run->count : 1, sizeof *run->meta);
    run->post_seen = cab_calloc(n_posts, sizeof *run->post_seen);
    run->post_cables = cab_calloc(n_posts, sizeof *run->post_cables);
    last = cab_calloc(n_posts * N_YEARS, sizeof *last);
    if (run->meta == NULL || run->post_seen == NULL || run->post_cables == NULL || last == NULL)
        goto out_nomem;
    for (size_t p = 0; p < n_posts; p++) {
        sum += 1.0 / ((double)p + 1.5);
        post_cdf[p] = sum;
    }
    sum = 0;
    for (int y = 0; y < N_YEARS; y++) {
        sum += year_weight[y];
        year_cdf[y] = sum;
    }
    sum = 0;
    for (int f = 0; f < CAB_GEN_NFORMATS; f++) {
        sum += fmt_weight[f];
        fmt_cdf[f] = sum;
    }

    cab_gen_rng_seed(&r, run->seed, 0);
    for (size_t i = 0; i < run->count; i++) {
        struct cab_gen_meta *m = &run->meta[i];
        int year = FIRST_YEAR + (int)cab_gen_rng_pick_cdf(&r, year_cdf, N_YEARS);
        int month = 1 + (int)cab_gen_rng_below(&r, year == LAST_YEAR ? 2 : 12);
        int day = 1 + (int)cab_gen_rng_below(&r, (uint32_t)days_in(year, month));

        m->created = cab_time_from_civil(year, month, day, (int)cab_gen_rng_below(&r, 24),
                                         (int)cab_gen_rng_below(&r, 60), 0);
        m->post = (uint16_t)cab_gen_rng_pick_cdf(&r, post_cdf, n_posts);
        m->cls = (uint8_t)cab_gen_rng_pick_cdf(&r, class_cdf, sizeof class_cdf / sizeof *class_cdf);
        m->format = (uint8_t)cab_gen_rng_pick_cdf(&r, fmt_cdf, CAB_GEN_NFORMATS);
        m->gzip = m->format != CAB_GEN_CSV && cab_gen_rng_chance(&r, gzip_fraction);
    }
    qsort(run->meta, run->count, sizeof *run->meta, cmp_meta);

    /* Serial numbers grow with time within a post and year, with gaps of at
     * least one: number - 1 is never generated, which makes a citation of
     * it a reference to a missing cable. */
    for (size_t i = 0; i < run->count; i++) {
        struct cab_gen_meta *m = &run->meta[i];
        struct tm tm;
        uint32_t *l;

        civil(m->created, &tm);
        l = &last[m->post * N_YEARS + (tm.tm_year + 1900 - FIRST_YEAR)];
        *l += m->post == 0 ? 20 + cab_gen_rng_below(&r, 300) : 2 + cab_gen_rng_below(&r, 40);
        m->number = *l;
        run->post_seen[m->post]++;
    }
    for (size_t p = 0; p < n_posts; p++) {
        run->post_cables[p] = cab_malloc((run->post_seen[p] + 1) * sizeof **run->post_cables);
        if (run->post_cables[p] == NULL)
            goto out_nomem;
        run->post_seen[p] = 0;
    }
    cab_free(last);
    return CAB_OK;

out_nomem:
    cab_free(last);
    snprintf(err, CAB_ERR_SIZE, "out of memory planning %zu cables", run->count);
    return CAB_NOMEM;
}

void cab_gen_run_release(struct cab_gen_run *run)
{
    size_t n_posts;

    cab_gen_posts(&n_posts);
    for (size_t p = 0; run->post_cables != NULL && p < n_posts; p++)
        cab_free(run->post_cables[p]);
    cab_free(run->post_cables);
    cab_free(run->post_seen);
    cab_free(run->meta);
    run->meta = NULL;
    run->post_seen = NULL;
    run->post_cables = NULL;
}

void cab_gen_id(const struct cab_gen_run *run, size_t i, char out[64])
{
    size_t n_posts;
    const struct cab_gen_post *posts = cab_gen_posts(&n_posts);
    const struct cab_gen_meta *m = &run->meta[i];
    struct tm tm;

    civil(m->created, &tm);
    snprintf(out, 64, "%02d%s%u", tm.tm_year % 100, posts[m->post].idname, m->number);
}

void cab_gen_cable_init(struct cab_gen_cable *c)
{
    memset(c, 0, sizeof *c);
    cab_buf_init(&c->subject, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->header, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->body, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->tags, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->refs, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->missing, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->people, CAB_GEN_MAX_CABLE);
    cab_buf_init(&c->places, CAB_GEN_MAX_CABLE);
}

void cab_gen_cable_release(struct cab_gen_cable *c)
{
    cab_buf_release(&c->subject);
    cab_buf_release(&c->header);
    cab_buf_release(&c->body);
    cab_buf_release(&c->tags);
    cab_buf_release(&c->refs);
    cab_buf_release(&c->missing);
    cab_buf_release(&c->people);
    cab_buf_release(&c->places);
}

/* ---- building one cable ---- */

struct person {
    const char *given, *surname, *title;
    int mentioned;
    int american;
};

/* Everything one cable's text is drawn from, with a sticky status. */
struct builder {
    struct cab_gen_rng r;
    struct cab_gen_cable *c;
    const struct cab_gen_meta *m;
    const struct cab_gen_post *post;
    const char *country_name;
    struct tm tm;
    struct person cast[MAX_CAST];
    size_t n_cast;
    enum cab_gen_culture culture; /* of the local people named */
    const char *country_code;  /* for TAGS; NULL only for the oldest cables */
    char place_store[1024];    /* the places table, split at '|' */
    const char *places[16];
    size_t n_places;
    unsigned place_used;       /* bit per place mentioned */
    struct cab_buf para;       /* paragraph being written, unwrapped */
    unsigned width;            /* wrap column */
    cab_status rc;
};

static const char *const local_titles[] = {
    "President", "Prime Minister", "Foreign Minister", "Minister of Interior",
    "Deputy Foreign Minister", "Minister of Finance", "Minister of Energy", "General",
    "Governor", "Mayor", "Ambassador", "MP", "Chairman", "Mr.", "Ms.", "Dr.", "Deputy Minister",
    "Presidential Advisor", "Judge", "Colonel", "Speaker", "opposition leader",
};
static const char *const us_titles[] = {
    "Ambassador", "DCM", "Assistant Secretary", "Senator", "Secretary", "Deputy Secretary",
    "Special Envoy", "PolOff", "EconOff", "Under Secretary", "General", "Admiral",
};

static void add(struct builder *b, struct cab_buf *to, const char *s)
{
    if (b->rc == CAB_OK)
        b->rc = cab_buf_addstr(to, s);
}

static void addf(struct builder *b, struct cab_buf *to, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void addf(struct builder *b, struct cab_buf *to, const char *fmt, ...)
{
    va_list ap;

    if (b->rc != CAB_OK)
        return;
    va_start(ap, fmt);
    b->rc = cab_buf_vaddf(to, fmt, ap);
    va_end(ap);
}

/* Add 'item' to a '|'-separated list. */
static void list_add(struct builder *b, struct cab_buf *list, const char *item)
{
    if (list->len > 0)
        add(b, list, "|");
    add(b, list, item);
}

static const char *pick(struct cab_gen_rng *r, const char *const *items, size_t n)
{
    return items[cab_gen_rng_below(r, (uint32_t)n)];
}
#define PICK(r, arr) pick((r), (arr), sizeof(arr) / sizeof *(arr))

static void cast_person(struct builder *b, int american)
{
    struct person *p;

    if (b->n_cast >= MAX_CAST)
        return;
    p = &b->cast[b->n_cast];
    /* Redraw on a surname clash, so a later bare surname is unambiguous. */
    for (int tries = 0; tries < 8; tries++) {
        enum cab_gen_culture cu = american ? CAB_CULT_ANGLO : b->culture;
        int clash = 0;

        p->given = cab_gen_given_name(&b->r, cu);
        p->surname = cab_gen_surname(&b->r, cu);
        for (size_t i = 0; i < b->n_cast; i++)
            clash |= strcmp(b->cast[i].surname, p->surname) == 0;
        if (!clash) {
            p->title = american ? PICK(&b->r, us_titles) : PICK(&b->r, local_titles);
            p->mentioned = 0;
            p->american = american;
            b->n_cast++;
            return;
        }
    }
}

static void mention_person(struct builder *b, struct cab_buf *to)
{
    struct person *p;
    char name[128];

    if (b->n_cast == 0) {
        add(b, to, "our contact");
        return;
    }
    p = &b->cast[cab_gen_rng_below(&b->r, (uint32_t)b->n_cast)];
    if (!p->mentioned) {
        addf(b, to, "%s %s %s", p->title, p->given, p->surname);
        snprintf(name, sizeof name, "mentioned:%s %s", p->given, p->surname);
        list_add(b, &b->c->people, name);
        p->mentioned = 1;
    } else if (cab_gen_rng_chance(&b->r, 0.5)) {
        add(b, to, p->surname);
    } else {
        addf(b, to, "%s %s", p->title, p->surname);
    }
}

static void mention_place(struct builder *b, struct cab_buf *to)
{
    size_t i;

    if (b->n_places == 0) {
        add(b, to, b->country_name);
        return;
    }
    i = cab_gen_rng_below(&b->r, (uint32_t)b->n_places);
    add(b, to, b->places[i]);
    if (!(b->place_used & (1u << i))) {
        b->place_used |= 1u << i;
        list_add(b, &b->c->places, b->places[i]);
    }
}

/* Sentence templates.  %P person, %L place, %N noun, %S plural noun,
 * %A adjective, %V verb, %Y saying verb, %D adverb, %O organisation,
 * %C country, %T date, %# number, %Q quoted remark, %X redacted source. */
static const char *const templates[] = {
    "%P %Y that the %A %N would remain %A.",
    "According to %P, %O %D %V the %A %N in %L.",
    "%O %V the %N on %T, and %A %S %Y they were %A.",
    "The %N in %L remains %A, and %A %S have %D %V the %N.",
    "%P %Y that %O had %V %# %S since %T.",
    "In a %A meeting with the %N, %P %Y, \"%Q.\"",
    "%S from %L %V the %N, citing %A %S.",
    "We expect the %N to become more %A in the coming months.",
    "%P, who %V the %N last year, is widely seen as %A.",
    "Post will continue to follow the %A %N closely.",
    "The %A %N, which %O %V on %T, has drawn %A attention from %S.",
    "Several %S in %L told us that the %N was %A and %A.",
    "%P %D %V the %N of %O.",
    "Relations between %C and the United States on the %N are %A.",
    "Asked about the %N, %P %Y that it was %A.",
    "There are %# %S involved in the %A %N, %P %Y.",
    "(NOTE: %O %V the %N on %T. END NOTE.)",
    "%X %Y that %O had %D %V the %A %N.",
    "The %N is %A, but %S in %L remain %A about the %N.",
    "%P %Y the Ambassador that %S had %V the %N, adding, \"%Q.\"",
    "%O has not yet %V the %N, and %S expect further %S.",
    "%P and %P %V the %A %N at a %A session in %L.",
    "Our %A contacts %Y that the %N would not survive the %N.",
    "The %N cost an estimated %# million dollars, %P %Y.",
    "%C's %A %N, %P %Y, depends on the %N in %L.",
    "%S %D %V the %N, a move %P %Y was %A.",
    "%O is expected to announce the %N before %T.",
    "%X, a %A %N, %Y that %S in %L were %A.",
};

static void fill_template(struct builder *b, const char *t, struct cab_buf *to)
{
    for (; *t != '\0' && b->rc == CAB_OK; t++) {
        if (*t != '%' || t[1] == '\0') {
            b->rc = cab_buf_addch(to, *t);
            continue;
        }
        switch (*++t) {
        case 'P': mention_person(b, to); break;
        case 'L': mention_place(b, to); break;
        case 'N': add(b, to, cab_gen_word(&b->r, CAB_GEN_NOUN)); break;
        case 'S': add(b, to, cab_gen_word(&b->r, CAB_GEN_NOUNS)); break;
        case 'A': add(b, to, cab_gen_word(&b->r, CAB_GEN_ADJ)); break;
        case 'V': add(b, to, cab_gen_word(&b->r, CAB_GEN_VERB)); break;
        case 'Y': add(b, to, cab_gen_word(&b->r, CAB_GEN_SAYVERB)); break;
        case 'D': add(b, to, cab_gen_word(&b->r, CAB_GEN_ADVERB)); break;
        case 'O': add(b, to, cab_gen_word(&b->r, CAB_GEN_ORG)); break;
        case 'Q': add(b, to, cab_gen_word(&b->r, CAB_GEN_QUOTE)); break;
        case 'C': add(b, to, b->country_name); break;
        case 'X': add(b, to, "XXXXXXXXXXXX"); break;
        case 'T':
            addf(b, to, "%s %u", month_names[cab_gen_rng_below(&b->r, 12)],
                 1 + cab_gen_rng_below(&b->r, 28));
            break;
        case '#': addf(b, to, "%u", 2 + cab_gen_rng_below(&b->r, 400)); break;
        default: b->rc = cab_buf_addch(to, *t); break;
        }
    }
}

static void sentence(struct builder *b, struct cab_buf *to)
{
    size_t start = to->len;
    size_t n = sizeof templates / sizeof *templates;
    const char *t;

    /* Redacted sources only where something was withheld: classified cables. */
    do
        t = templates[cab_gen_rng_below(&b->r, (uint32_t)n)];
    while (b->m->cls < 2 && strstr(t, "%X") != NULL);
    fill_template(b, t, to);
    if (b->rc == CAB_OK) {
        char *s = to->data + start;
        if (strncmp(s, "(NOTE: ", 7) == 0)
            s += 7;
        else if (*s == '(' || *s == '"')
            s++;
        *s = (char)toupper((unsigned char)*s);
    }
}

/* Append 'text' to the body, wrapped at b->width, then a blank line. */
static void wrap_into_body(struct builder *b, const char *text)
{
    const char *p = text;

    while (*p != '\0' && b->rc == CAB_OK) {
        size_t len = strlen(p), cut = len;

        if (len > b->width) {
            cut = b->width;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0)
                cut = b->width;
        }
        if (b->rc == CAB_OK)
            b->rc = cab_buf_add(&b->c->body, p, cut);
        add(b, &b->c->body, "\n");
        p += cut;
        while (*p == ' ')
            p++;
    }
}

static const char *marking(struct builder *b)
{
    static const char *const unclass[] = { "(U)", "(SBU)", "" };
    static const char *const conf[] = { "(C)", "(C)", "(C)", "(SBU)", "(U)" };
    static const char *const conf_nf[] = { "(C/NF)", "(C)", "(SBU)" };
    static const char *const secret[] = { "(S)", "(S)", "(C)", "(U)" };
    static const char *const secret_nf[] = { "(S/NF)", "(S/NF)", "(S)", "(C)" };

    switch (b->m->cls) {
    case 0: return "";
    case 1: return PICK(&b->r, unclass);
    case 2: return PICK(&b->r, conf);
    case 3: return PICK(&b->r, conf_nf);
    case 4: return PICK(&b->r, secret);
    default: return PICK(&b->r, secret_nf);
    }
}

static void paragraph(struct builder *b, unsigned num, const char *lead, const char *tail)
{
    const char *mark = marking(b);
    int n = 2 + (int)cab_gen_rng_below(&b->r, 6);

    cab_buf_reset(&b->para);
    addf(b, &b->para, "%u. %s%s%s", num, mark, *mark ? " " : "", lead);
    for (int i = 0; i < n; i++) {
        if (i > 0 || *lead)
            add(b, &b->para, " ");
        sentence(b, &b->para);
    }
    add(b, &b->para, tail);
    wrap_into_body(b, b->para.data);
    add(b, &b->c->body, "\n");
}

static void class_line(struct builder *b, unsigned section, unsigned sections)
{
    static const char *const spaced[] = {
        "UNCLAS", "UNCLAS", "C O N F I D E N T I A L", "C O N F I D E N T I A L",
        "S E C R E T", "S E C R E T",
    };
    static const char *const plain[] = {
        "UNCLAS", "UNCLAS", "CONFIDENTIAL", "CONFIDENTIAL", "SECRET", "SECRET",
    };

    if (sections > 1)
        addf(b, &b->c->body, "%s SECTION %02u OF %02u %s %06u\n", plain[b->m->cls], section,
             sections, b->post->cite, b->m->number);
    else
        addf(b, &b->c->body, "%s %s %06u\n", spaced[b->m->cls], b->post->cite, b->m->number);
}

static void header(struct builder *b, size_t n_posts, const struct cab_gen_post *posts)
{
    static const char prec[] = { 'R', 'P', 'O', 'P', 'R', 'Z' };
    static const char *const prec_word[] = {
        "ROUTINE", "PRIORITY", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH",
    };
    static const char *const zn[] = { "ZNR UUUUU ZZH", "ZNR UUUUU ZZH", "ZNY CCCCC ZZH",
                                      "ZNY CCCCC ZZH", "ZNY SSSSS ZZH", "ZNY SSSSS ZZH" };
    static const char *const agencies[] = {
        "RUEAIIA/CIA WASHDC", "RHEFDIA/DIA WASHDC", "RHEHNSC/NSC WASHDC", "RUEKJCS/SECDEF WASHDC",
        "RUEKJCS/JOINT STAFF WASHDC", "RUCPDOC/USDOC WASHDC", "RUEATRS/DEPT OF TREASURY WASHDC",
        "RHMFISS/CDR USCENTCOM MACDILL AFB FL", "RUEAWJL/DEPT OF JUSTICE WASHDC",
    };
    struct cab_buf *h = &b->c->header;
    int pi = (int)cab_gen_rng_below(&b->r, (uint32_t)(b->tm.tm_year + 1900 < 2000 ? 2 : 6));
    unsigned n_info = cab_gen_rng_below(&b->r, 9);
    int from_state = b->post->country == NULL && strcmp(b->post->idname, "STATE") == 0;
    const struct cab_gen_post *to = &posts[1 + cab_gen_rng_below(&b->r, (uint32_t)n_posts - 1)];

    if (b->tm.tm_year + 1900 < 1990) {
        /* Old telegrams carry only the DTG and the addressees. */
        addf(b, h, "%c %02d%02d%02dZ %s %02d\n", prec[pi], b->tm.tm_mday, b->tm.tm_hour,
             b->tm.tm_min, months[b->tm.tm_mon], b->tm.tm_year % 100);
        addf(b, h, "FM %s\n", b->post->tele);
        if (from_state)
            addf(b, h, "TO %s %u\n", to->tele, 1000 + cab_gen_rng_below(&b->r, 9000));
        else
            addf(b, h, "TO SECSTATE WASHDC %u\n", 1000 + cab_gen_rng_below(&b->r, 9000));
        return;
    }
    addf(b, h, "VZCZC%s%04u\n", cab_gen_rng_chance(&b->r, 0.5) ? "XRO" : "XYZ",
         cab_gen_rng_below(&b->r, 10000));
    addf(b, h, "%c%c %s\n", prec[pi], prec[pi], posts[cab_gen_rng_below(&b->r, (uint32_t)n_posts)].ri);
    addf(b, h, "DE %s #%04u/01 %03d%02d%02d\n", b->post->ri, b->m->number % 10000,
         b->tm.tm_yday + 1, b->tm.tm_hour, b->tm.tm_min);
    addf(b, h, "%s\n", zn[b->m->cls]);
    addf(b, h, "%c %02d%02d%02dZ %s %02d\n", prec[pi], b->tm.tm_mday, b->tm.tm_hour,
         b->tm.tm_min, months[b->tm.tm_mon], b->tm.tm_year % 100);
    addf(b, h, "FM %s\n", b->post->tele);
    if (from_state)
        addf(b, h, "TO %s/%s %s %04u\n", to->ri, to->tele, prec_word[pi],
             cab_gen_rng_below(&b->r, 10000));
    else
        addf(b, h, "TO RUEHC/SECSTATE WASHDC %s %04u\n", prec_word[pi],
             cab_gen_rng_below(&b->r, 10000));
    for (unsigned i = 0; i < n_info; i++) {
        const struct cab_gen_post *p = &posts[1 + cab_gen_rng_below(&b->r, (uint32_t)n_posts - 1)];

        if (cab_gen_rng_chance(&b->r, 0.3))
            addf(b, h, "%s%s\n", i == 0 ? "INFO " : "", PICK(&b->r, agencies));
        else
            addf(b, h, "%s%s/%s %s %04u\n", i == 0 ? "INFO " : "", p->ri, p->tele, prec_word[pi],
                 cab_gen_rng_below(&b->r, 10000));
    }
    add(b, h, "BT\n");
}

static void eo_line(struct builder *b)
{
    int year = b->tm.tm_year + 1900;
    int decl = year + 10;

    if (b->m->cls < 2) {
        add(b, &b->c->body, year < 1995 ? "E.O. 12356: N/A\n" : "E.O. 12958: N/A\n");
    } else if (year < 1978) {
        add(b, &b->c->body, "E.O. 11652: GDS\n");
    } else if (year < 1982) {
        addf(b, &b->c->body, "E.O. 12065: GDS %d/%d/%02d\n", b->tm.tm_mon + 1, b->tm.tm_mday,
             (year + 6) % 100);
    } else if (year < 1995) {
        add(b, &b->c->body, "E.O. 12356: DECL: OADR\n");
    } else {
        addf(b, &b->c->body, "E.O. %s: DECL: %02d/%02d/%d\n",
             year == 2010 || (year == 2009 && b->tm.tm_mon == 11) ? "13526" : "12958",
             b->tm.tm_mon + 1, b->tm.tm_mday, decl);
    }
}

/* Cite earlier cables: most often the same post's recent ones; some
 * citations name numbers that were never generated. */
static void references(struct builder *b, struct cab_gen_run *run, size_t i, struct cab_buf *line)
{
    unsigned n = cab_gen_rng_chance(&b->r, 0.45) ? 1 + cab_gen_rng_below(&b->r, MAX_REFS) : 0;
    size_t n_posts;
    const struct cab_gen_post *posts = cab_gen_posts(&n_posts);
    char cited[MAX_REFS][64];
    unsigned n_cited = 0;

    for (unsigned k = 0; k < n && i > 0; k++) {
        size_t j;
        uint32_t seen = run->post_seen[b->m->post];
        const struct cab_gen_meta *rm;
        struct tm rtm;
        char id[64];
        int missing = cab_gen_rng_chance(&b->r, 0.15);
        int dup = 0;

        if (seen > 0 && cab_gen_rng_chance(&b->r, 0.6)) {
            uint32_t back = 1 + cab_gen_rng_below(&b->r, seen < 20 ? seen : 20);
            j = run->post_cables[b->m->post][seen - back];
        } else {
            size_t span = i < 3000 ? i : 3000;
            j = i - 1 - cab_gen_rng_below(&b->r, (uint32_t)span);
        }
        rm = &run->meta[j];
        civil(rm->created, &rtm);
        snprintf(id, sizeof id, "%02d%s%u", rtm.tm_year % 100, posts[rm->post].idname,
                 rm->number - (missing ? 1 : 0));
        for (unsigned q = 0; q < n_cited; q++)
            dup |= strcmp(cited[q], id) == 0;
        if (dup)
            continue;
        memcpy(cited[n_cited++], id, sizeof id);
        list_add(b, &b->c->refs, id);
        if (missing)
            list_add(b, &b->c->missing, id);
        if (n > 1)
            addf(b, line, "%s%c.\x01", n_cited > 1 ? " " : "", 'A' + (int)n_cited - 1);
        if (rtm.tm_year != b->tm.tm_year || cab_gen_rng_chance(&b->r, 0.2))
            addf(b, line, "%02d\x01", rtm.tm_year % 100);
        for (const char *p = posts[rm->post].cite; *p != '\0' && b->rc == CAB_OK; p++)
            b->rc = cab_buf_addch(line, *p == ' ' ? '\x01' : *p);
        addf(b, line, "\x01%u", rm->number - (missing ? 1 : 0));
    }
}

static void upcase(char *s)
{
    for (; *s != '\0'; s++)
        *s = (char)toupper((unsigned char)*s);
}

static void split_places(struct builder *b, const char *table)
{
    char *p = b->place_store;

    snprintf(b->place_store, sizeof b->place_store, "%s", table);
    b->n_places = 0;
    while (*p != '\0' && b->n_places < 16) {
        char *bar = strchr(p, '|');

        b->places[b->n_places++] = p;
        if (bar == NULL)
            break;
        *bar = '\0';
        p = bar + 1;
    }
}

static void tag_line(struct builder *b, struct person *vip)
{
    const char *chosen[8] = { NULL };
    unsigned n = 1 + cab_gen_rng_below(&b->r, 5), k = 0;
    char vip_tag[160];

    while (k < n) {
        const char *t = cab_gen_subject_tag(&b->r);
        int dup = 0;

        for (unsigned q = 0; q < k; q++)
            dup |= chosen[q] == t;
        if (!dup)
            chosen[k++] = t;
    }
    for (unsigned q = 0; q < k; q++)
        add(b, &b->c->tags, q ? "|" : ""), add(b, &b->c->tags, chosen[q]);
    if (strcmp(b->post->idname, "USNATO") == 0)
        list_add(b, &b->c->tags, "NATO");
    list_add(b, &b->c->tags, b->country_code);
    if (vip != NULL) {
        char up_s[64], up_g[64];

        snprintf(up_s, sizeof up_s, "%s", vip->surname);
        snprintf(up_g, sizeof up_g, "%s", vip->given);
        upcase(up_s);
        upcase(up_g);
        snprintf(vip_tag, sizeof vip_tag, "OVIP (%s, %s)", up_s, up_g);
        list_add(b, &b->c->tags, vip_tag);
    }
    add(b, &b->c->body, "TAGS: ");
    for (const char *t = b->c->tags.data; *t != '\0' && b->rc == CAB_OK; t++)
        b->rc = cab_buf_addch(&b->c->body, *t == '|' ? ' ' : *t);
    add(b, &b->c->body, "\n");
}

static void subject_line(struct builder *b)
{
    struct cab_buf *s = &b->c->subject;
    char country[64];

    snprintf(country, sizeof country, "%s", b->country_name);
    upcase(country);
    switch (cab_gen_rng_below(&b->r, 4)) {
    case 0:
        addf(b, s, "%s: %s", country, cab_gen_word(&b->r, CAB_GEN_TOPIC));
        break;
    case 1:
        addf(b, s, "%s: %s IN ", country, cab_gen_word(&b->r, CAB_GEN_TOPIC));
        mention_place(b, s);
        break;
    case 2:
        addf(b, s, "%s - ", cab_gen_word(&b->r, CAB_GEN_TOPIC));
        fill_template(b, "%A %N", s);
        break;
    default:
        addf(b, s, "%s: %s", country, cab_gen_word(&b->r, CAB_GEN_TOPIC));
        add(b, s, " - ");
        fill_template(b, "%O %V %N", s);
        break;
    }
    if (b->rc == CAB_OK)
        upcase(s->data);
}

/* The post's chief of mission for a three-year span: the same signer on
 * a post's cables of that period, as in the real collection. */
static void chief_of_mission(struct builder *b, uint64_t seed, struct person *p)
{
    struct cab_gen_rng r;

    cab_gen_rng_seed(&r, seed ^ 0x5151, 1000000000ULL + b->m->post * 64ULL +
                     (uint64_t)(b->tm.tm_year / 3));
    p->given = cab_gen_given_name(&r, CAB_CULT_ANGLO);
    p->surname = cab_gen_surname(&r, CAB_CULT_ANGLO);
    p->title = strcmp(b->post->idname, "STATE") == 0 ? "Secretary" : "Ambassador";
    p->american = 1;
}

cab_status cab_gen_cable_build(struct cab_gen_run *run, size_t i, struct cab_gen_cable *c)
{
    struct builder *b;
    size_t n_posts;
    const struct cab_gen_post *posts = cab_gen_posts(&n_posts);
    double target;
    unsigned sections, num = 1, section = 1;
    size_t start;
    int year;
    struct person chief, deputy, *vip = NULL;
    char name[160];
    cab_status rc;

    b = cab_calloc(1, sizeof *b);
    if (b == NULL)
        return CAB_NOMEM;
    cab_buf_reset(&c->subject);
    cab_buf_reset(&c->header);
    cab_buf_reset(&c->body);
    cab_buf_reset(&c->tags);
    cab_buf_reset(&c->refs);
    cab_buf_reset(&c->missing);
    cab_buf_reset(&c->people);
    cab_buf_reset(&c->places);
    cab_buf_init(&b->para, CAB_GEN_MAX_CABLE);

    b->c = c;
    b->m = &run->meta[i];
    b->post = &posts[b->m->post];
    cab_gen_rng_seed(&b->r, run->seed, (uint64_t)i + 1);
    civil(b->m->created, &b->tm);
    year = b->tm.tm_year + 1900;
    b->width = 58 + cab_gen_rng_below(&b->r, 12);

    cab_gen_id(run, i, c->id);
    c->created = b->m->created;
    c->released = cab_time_from_civil(2010, 11, 28, 0, 0, 0) +
                  (int64_t)cab_gen_rng_below(&b->r, 270 * 86400);
    c->post = b->post;
    c->classification = cab_gen_class_name(b->m->cls);
    c->curly = year >= 2000 && cab_gen_rng_chance(&b->r, 0.4);

    /* Washington and the missions write about someone else's country. */
    if (b->post->country != NULL) {
        b->country_code = b->post->country;
        b->country_name = b->post->country_name;
        b->culture = b->post->culture;
        split_places(b, b->post->places);
    } else {
        const struct cab_gen_post *other;

        do
            other = &posts[1 + cab_gen_rng_below(&b->r, (uint32_t)n_posts - 1)];
        while (other->country == NULL);
        b->country_code = other->country;
        b->country_name = other->country_name;
        b->culture = other->culture;
        split_places(b, other->places);
    }

    /* The cast: locals of the post's culture, a few Americans. */
    for (unsigned k = 2 + cab_gen_rng_below(&b->r, 5); k > 0; k--)
        cast_person(b, 0);
    for (unsigned k = cab_gen_rng_below(&b->r, 3); k > 0; k--)
        cast_person(b, 1);
    chief_of_mission(b, run->seed, &chief);
    if (year >= 1995 && cab_gen_rng_chance(&b->r, 0.08) && b->n_cast < MAX_CAST) {
        vip = &b->cast[b->n_cast];
        cast_person(b, 1);
        if (b->n_cast == 0 || vip != &b->cast[b->n_cast - 1])
            vip = NULL;
        else
            vip->title = "Secretary";
    }

    /* Size: log-normal, clamped to the range real cables span. */
    target = run->body_median * exp(run->body_sigma * cab_gen_rng_normal(&b->r));
    if (target < CAB_GEN_MIN_BODY)
        target = CAB_GEN_MIN_BODY + cab_gen_rng_below(&b->r, 500);
    if (target > CAB_GEN_MAX_BODY)
        target = CAB_GEN_MAX_BODY - cab_gen_rng_below(&b->r, 5000);
    sections = 1 + (unsigned)(target / 9000);

    header(b, n_posts, posts);

    /* The opening block, repeated at the top of each section. */
    class_line(b, 1, sections);
    add(b, &c->body, "\n");
    if (b->m->cls == 3 || b->m->cls == 5)
        add(b, &c->body, "NOFORN\n");
    if (b->m->cls == 1)
        add(b, &c->body, "SENSITIVE\n");
    if (year >= 2002)
        add(b, &c->body, "SIPDIS\n");
    if (b->m->cls == 1 || b->m->cls == 3 || b->m->cls == 5 || year >= 2002)
        add(b, &c->body, "\n");
    if (cab_gen_rng_chance(&b->r, 0.4)) {
        static const char *const offices[] = {
            "EUR/RUS", "SCA/CEN", "NEA/I", "EAP/CM", "WHA/AND", "AF/E", "INL/AAE", "G/TIP",
            "DRL", "EEB/ESC", "ISN/MNSA", "PM/RSAT", "S/CT", "EUR/WE", "IO/UNP",
        };
        addf(b, &c->body, "STATE FOR %s, %s\n\n", PICK(&b->r, offices), PICK(&b->r, offices));
    }
    eo_line(b);
    tag_line(b, vip);
    subject_line(b);
    cab_buf_reset(&b->para);
    addf(b, &b->para, "SUBJECT: %s", c->subject.data);
    wrap_into_body(b, b->para.data);
    add(b, &c->body, "\n");

    cab_buf_reset(&b->para);
    references(b, run, i, &b->para);
    if (b->para.len > 0) {
        char *refs = cab_strdup(b->para.data);

        if (refs == NULL) {
            b->rc = CAB_NOMEM;
        } else {
            cab_buf_reset(&b->para);
            addf(b, &b->para, "%s %s", cab_gen_rng_chance(&b->r, 0.8) ? "REF:" : "REFTEL:", refs);
            cab_free(refs);
            start = c->body.len;
            wrap_into_body(b, b->para.data);
            for (char *p = c->body.data + start; *p != '\0'; p++)
                if (*p == '\x01')
                    *p = ' ';
            add(b, &c->body, "\n");
        }
    }

    if (b->m->cls >= 2 && year >= 1990) {
        static const char *const reasons[] = {
            "1.4 (b) and (d)", "1.4 (b), (d)", "1.4(b),(d)", "1.4 (d)", "1.4 (b), (c) and (d)",
            "1.5 (b) and (d)",
        };
        struct person *who = &chief;

        if (cab_gen_rng_chance(&b->r, 0.35)) {
            static const char *const roles[] = { "DCM", "Political Counselor", "PolOff",
                                                 "Charge d'Affaires", "EconCouns" };
            struct cab_gen_rng dr;

            cab_gen_rng_seed(&dr, run->seed ^ 0x7a7a, (uint64_t)i);
            deputy.given = cab_gen_given_name(&dr, CAB_CULT_ANGLO);
            deputy.surname = cab_gen_surname(&dr, CAB_CULT_ANGLO);
            deputy.title = PICK(&dr, roles);
            who = &deputy;
        }
        addf(b, &c->body, "Classified By: %s %s %s, for reasons %s\n\n", who->title,
             who->given, who->surname, PICK(&b->r, reasons));
        snprintf(name, sizeof name, "classifier:%s %s", who->given, who->surname);
        list_add(b, &c->people, name);
    }
    if (vip != NULL) {
        snprintf(name, sizeof name, "visitor:%s %s", vip->given, vip->surname);
        list_add(b, &c->people, name);
    }

    paragraph(b, num++, "SUMMARY:", " END SUMMARY.");
    while (c->body.len < (size_t)target && b->rc == CAB_OK) {
        if (sections > 1 && c->body.len > section * (size_t)target / sections) {
            section++;
            add(b, &c->body, "\n");
            addf(b, &c->body, "%s %08u %03u OF %03u\n\n\n", b->post->cite, b->m->number,
                 section, sections);
            class_line(b, section, sections);
            add(b, &c->body, "\n");
        }
        if (cab_gen_rng_chance(&b->r, 0.08)) {
            add(b, &c->body, cab_gen_word(&b->r, CAB_GEN_HEADING));
            add(b, &c->body, "\n\n");
        }
        if (b->m->cls >= 2 && cab_gen_rng_chance(&b->r, 0.03)) {
            /* A list of protected sources, as the published cables have. */
            for (unsigned k = 1 + cab_gen_rng_below(&b->r, 4); k > 0; k--)
                add(b, &c->body, "XXXXXXXXXXXX\n");
            add(b, &c->body, "\n");
        }
        paragraph(b, num++, "", "");
    }
    paragraph(b, num++, "COMMENT:", " END COMMENT.");
    while (section < sections) {
        /* A short cable must still close all the sections its line announced. */
        section++;
        addf(b, &c->body, "%s %08u %03u OF %03u\n\n", b->post->cite, b->m->number, section,
             sections);
        paragraph(b, num++, "", "");
    }
    cab_buf_reset(&b->para);
    addf(b, &b->para, "%s", chief.surname);
    upcase(b->para.data);
    add(b, &c->body, b->para.data);
    add(b, &c->body, "\n");
    snprintf(name, sizeof name, "signer:%s", chief.surname);
    list_add(b, &c->people, name);

    if (year < 1990 && b->rc == CAB_OK) {
        upcase(c->body.data);
        upcase(c->header.data);
    }
    rc = b->rc;
    cab_buf_release(&b->para);
    cab_free(b);
    return rc;
}
