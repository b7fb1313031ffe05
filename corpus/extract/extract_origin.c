/* The sending post, in the form the cablegate pages use for "Origin":
 * "Embassy Astana", "Consulate Rio De Janeiro", "Secretary of State",
 * "Mission USNATO", "USEU Brussels", "UNVIE", "US Interests Section
 * Havana", "Iran RPO Dubai".  The telegram writes the same posts as
 * "FM AMEMBASSY ASTANA", "FM AMCONSUL RIO DE JANEIRO", "FM SECSTATE
 * WASHDC", "FM USMISSION USNATO", "FM USINT HAVANA", "FM RPO DUBAI".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "extract_internal.h"

/* Words of an origin looked at; the rest is dropped. */
#define MAX_ORIGIN_WORDS 12

struct words {
    char w[MAX_ORIGIN_WORDS][64];
    size_t n;
};

static const char *const acronyms[] = {
    "US", "USNATO", "USEU", "UNVIE", "USUN", "USOSCE", "RPO", "AIT", "USDEL", "UN",
    "OSCE", "NATO", "EU", "USAID", "CDR", "USCENTCOM", "USEUCOM", "USPACOM", "DC", "IAEA",
    "FAO", "UNESCO", "OECD", "ICAO", "WHO", "USTR", "CIA", "DIA", "FBI", "NSC",
};

static const char *const drop_words[] = { "PRIORITY", "IMMEDIATE", "ROUTINE", "FLASH", "NIACT" };

static int in_list(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return 1;
    return 0;
}

/* Upper-case words of 's', without a routing indicator ("RUEHC/") and
 * without a trailing precedence or serial number. */
static void split_words(const char *s, size_t len, struct words *w)
{
    const char *slash = memchr(s, '/', len);
    size_t i = 0;

    if (slash && slash - s < 10 && memchr(s, ' ', (size_t)(slash - s)) == NULL) {
        len -= (size_t)(slash + 1 - s);
        s = slash + 1;
    }
    w->n = 0;
    while (i < len && w->n < MAX_ORIGIN_WORDS) {
        size_t k = 0;

        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ','))
            i++;
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ',') {
            if (k + 1 < sizeof w->w[0])
                w->w[w->n][k++] = (char)toupper((unsigned char)s[i]);
            i++;
        }
        if (k == 0)
            continue;
        w->w[w->n][k] = '\0';
        w->n++;
    }
    while (w->n > 0 && (in_list(w->w[w->n - 1], drop_words, sizeof drop_words / sizeof *drop_words) ||
                        isdigit((unsigned char)w->w[w->n - 1][0])))
        w->n--;
}

static int is(const struct words *w, size_t i, const char *word)
{
    return i < w->n && strcmp(w->w[i], word) == 0;
}

static cab_status add_title(struct cab_buf *b, const struct words *w, size_t from)
{
    cab_status st = CAB_OK;

    for (size_t i = from; i < w->n && st == CAB_OK; i++) {
        const char *word = w->w[i];

        if (b->len > 0)
            st = cab_buf_addch(b, ' ');
        if (strcmp(word, "KIEV") == 0)
            word = "KYIV"; /* the post's name since 2006, as the pages give it */
        if (in_list(word, acronyms, sizeof acronyms / sizeof *acronyms)) {
            if (st == CAB_OK)
                st = cab_buf_addstr(b, word);
            continue;
        }
        for (size_t k = 0; word[k] && st == CAB_OK; k++) {
            int first = k == 0 || word[k - 1] == '-' || word[k - 1] == '.';

            st = cab_buf_addch(b, first ? word[k] : (char)tolower((unsigned char)word[k]));
        }
    }
    return st;
}

char *cab_origin_canonical(const char *origin)
{
    struct words w;
    struct cab_buf b;
    cab_status st = CAB_OK;
    size_t from = 1;

    split_words(origin, strlen(origin), &w);
    cab_buf_init(&b, CAB_MAX_FIELD);
    if (w.n == 0)
        return cab_buf_detach(&b, NULL);
    if (is(&w, 0, "SECSTATE") || (is(&w, 0, "SECRETARY") && is(&w, 2, "STATE")) ||
        (is(&w, 0, "STATE") && (w.n == 1 || is(&w, 1, "WASHDC"))) ||
        (is(&w, 0, "DEPT") && is(&w, 2, "STATE"))) {
        st = cab_buf_addstr(&b, "Secretary of State");
        from = w.n;
    } else if (is(&w, 0, "AMEMBASSY") || is(&w, 0, "EMBASSY") || is(&w, 0, "AMEMB")) {
        st = cab_buf_addstr(&b, "Embassy");
    } else if (is(&w, 0, "AMCONSUL") || is(&w, 0, "CONSULATE") || is(&w, 0, "AMCONGEN")) {
        st = cab_buf_addstr(&b, "Consulate");
    } else if (is(&w, 0, "USMISSION") || is(&w, 0, "MISSION") ||
               (is(&w, 0, "US") && is(&w, 1, "MISSION"))) {
        from = is(&w, 0, "US") ? 2 : 1;
        if (is(&w, from, "UNVIE")) {
            st = cab_buf_addstr(&b, "UNVIE");
            from = w.n;
        } else if (is(&w, from, "USUN")) {
            st = cab_buf_addstr(&b, "USUN New York");
            from = w.n;
        } else {
            st = cab_buf_addstr(&b, "Mission");
        }
    } else if (is(&w, 0, "USINT")) {
        st = cab_buf_addstr(&b, "US Interests Section");
    } else if (is(&w, 0, "USOFFICE")) {
        st = cab_buf_addstr(&b, "US Office");
    } else if (is(&w, 0, "RPO") || (is(&w, 0, "IRAN") && is(&w, 1, "RPO"))) {
        st = cab_buf_addstr(&b, "Iran RPO");
        from = is(&w, 0, "RPO") ? 1 : 2;
    } else if (is(&w, 0, "USEU")) {
        st = cab_buf_addstr(&b, "USEU Brussels");
        from = w.n;
    } else if (is(&w, 0, "UNVIE")) {
        st = cab_buf_addstr(&b, "UNVIE");
        from = w.n;
    } else if (is(&w, 0, "USUN")) {
        st = cab_buf_addstr(&b, "USUN New York");
        from = w.n;
    } else {
        from = 0;
    }
    if (st == CAB_OK)
        st = add_title(&b, &w, from);
    if (st != CAB_OK) {
        cab_buf_release(&b);
        return NULL;
    }
    return cab_buf_detach(&b, NULL);
}

int ex_origin_post(const char *origin, size_t len, char *out, size_t out_size)
{
    struct words w;
    size_t from = 0, o = 0;

    split_words(origin, len, &w);
    if (w.n == 0 || out_size < 2)
        return -1;
    if (is(&w, 0, "SECSTATE") || is(&w, 0, "STATE") ||
        (is(&w, 0, "SECRETARY") && is(&w, 2, "STATE"))) {
        snprintf(out, out_size, "STATE");
        return 0;
    }
    if (is(&w, 0, "AMEMBASSY") || is(&w, 0, "EMBASSY") || is(&w, 0, "AMCONSUL") ||
        is(&w, 0, "CONSULATE") || is(&w, 0, "USMISSION") || is(&w, 0, "MISSION") ||
        is(&w, 0, "USINT") || is(&w, 0, "USOFFICE") || is(&w, 0, "IRAN"))
        from = 1;
    else if (is(&w, 0, "US") && w.n > 2)
        from = is(&w, 1, "MISSION") ? 2 : 3; /* "US Interests Section X" */
    for (size_t i = from; i < w.n; i++)
        for (const char *p = w.w[i]; *p; p++)
            if (isalpha((unsigned char)*p) && o + 1 < out_size)
                out[o++] = *p;
    out[o] = '\0';
    return o > 0 ? 0 : -1;
}

/* The "FM" line of the routing header, or NULL. */
static const char *fm_line(const char *h, size_t *len)
{
    while (h && *h) {
        const char *end = strchr(h, '\n');
        size_t n = end ? (size_t)(end - h) : strlen(h);

        while (n > 0 && (*h == ' ' || *h == '\t')) {
            h++;
            n--;
        }
        if (n > 3 && strncasecmp(h, "FM ", 3) == 0) {
            *len = n - 3;
            return h + 3;
        }
        h = end ? end + 1 : NULL;
    }
    return NULL;
}

cab_status ex_extract_origin(struct ex_doc *d)
{
    struct cable *c = d->c;
    size_t len = 0;
    const char *fm = fm_line(c->header, &len);
    char *canon = NULL;

    if (c->origin && c->origin[0]) {
        canon = cab_origin_canonical(c->origin);
    } else if (fm) {
        char *copy = cab_strndup(fm, len);

        if (!copy)
            return CAB_NOMEM;
        canon = cab_origin_canonical(copy);
        cab_free(copy);
    } else {
        return CAB_OK; /* the ID step may still name the post from the section line */
    }
    if (!canon)
        return CAB_NOMEM;
    if (!canon[0]) {
        cab_free(canon);
        return CAB_OK;
    }
    cab_free(c->origin);
    c->origin = canon;
    return CAB_OK;
}
