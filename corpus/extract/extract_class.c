/* Classification level, handling caveats and paragraph markings.
 *
 * The level comes from the published marking ("SECRET//NOFORN") when the
 * source gave one, else from the telegram's classification line, which may
 * be letter-spaced ("C O N F I D E N T I A L") or abbreviated ("UNCLAS"),
 * else from the routing header's "ZNY CCCCC" group.  Caveats are taken
 * only where they are markings: the published marking, classification and
 * section lines, lines holding nothing but caveats ("SIPDIS"), and
 * paragraph markings ("(S/NF)"), never from prose.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "extract_internal.h"

/* Longest "REL TO ..." caveat kept. */
#define MAX_REL_CAVEAT 40

static const struct {
    const char *letters; /* without spaces */
    const char *level;
} levels[] = {
    { "TOPSECRET", "TOP SECRET" },
    { "SECRET", "SECRET" },
    { "CONFIDENTIAL", "CONFIDENTIAL" },
    { "UNCLASSIFIED", "UNCLASSIFIED" },
    { "UNCLAS", "UNCLASSIFIED" },
    { "LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE" },
};

static const struct {
    const char *text;
    const char *name;
} caveat_words[] = {
    { "FOR OFFICIAL USE ONLY", "FOUO" },
    { "SENSITIVE BUT UNCLASSIFIED", "SBU" },
    { "SENSITIVE BUT UNCLAS", "SBU" },
    { "NOFORN", "NOFORN" },
    { "NOFOR", "NOFORN" },
    { "NF", "NOFORN" },
    { "SIPDIS", "SIPDIS" },
    { "EXDIS", "EXDIS" },
    { "NODIS", "NODIS" },
    { "LIMDIS", "LIMDIS" },
    { "STADIS", "STADIS" },
    { "ORCON", "ORCON" },
    { "SBU", "SBU" },
    { "FOUO", "FOUO" },
    { "PROPIN", "PROPIN" },
    { "NOCONTRACT", "NOCONTRACT" },
    { "SENSITIVE", "SBU" },
    { "CHEROKEE", "CHEROKEE" },
};

int ex_class_level_parse(const char *s, size_t len, const char **level, size_t *used)
{
    size_t start = 0;

    while (start < len && (s[start] == ' ' || s[start] == '\t'))
        start++;
    for (size_t k = 0; k < sizeof levels / sizeof *levels; k++) {
        const char *w = levels[k].letters;
        size_t i = start;

        for (; *w && i < len; w++) {
            /* Letter-spaced markings put one blank between letters, and a
             * multi-word level has blanks between words. */
            while (i < len && s[i] == ' ' && w != levels[k].letters)
                i++;
            if (i >= len || toupper((unsigned char)s[i]) != *w)
                break;
            i++;
        }
        if (*w == '\0' && (i >= len || !isalpha((unsigned char)s[i]))) {
            *level = levels[k].level;
            *used = i;
            return 0;
        }
    }
    return -1;
}

typedef cab_status (*caveat_fn)(struct ex_doc *d, const char *name, size_t len);

/* Walk 's' token by token; call 'fn' for each caveat found (when fn is
 * not NULL).  Returns the number of tokens that were not caveats, or -1
 * when 'fn' failed (status in *st). */
static long scan_caveats(struct ex_doc *d, const char *s, size_t len, caveat_fn fn,
                         cab_status *st, size_t *found)
{
    size_t i = 0;
    long unknown = 0;

    *found = 0;
    while (i < len) {
        size_t k, n = 0;

        while (i < len && !isalnum((unsigned char)s[i]))
            i++;
        if (i >= len)
            break;
        /* Most tokens are prose: reject them on their first letter. */
        if (!strchr("FSNELOPCRfsneloprc", s[i])) {
            unknown++;
            if (!fn)
                return unknown;
            while (i < len && isalnum((unsigned char)s[i]))
                i++;
            continue;
        }
        if (len - i > 4 && strncasecmp(s + i, "REL ", 4) == 0) {
            char rel[MAX_REL_CAVEAT + 1] = "";
            size_t r = 0, j = i;

            /* "REL TO USA, NATO" or "REL NATO": up to the next slash. */
            /* One form for "REL TO USA, NATO" and "REL USA, NATO". */
            if (len - i > 7 && strncasecmp(s + i + 3, " TO ", 4) == 0) {
                memcpy(rel, "REL", 3);
                r = 3;
                j = i + 6;
            }
            /* Up to the next marking, or the "SECTION 01 OF 02 POST 123" after it. */
            while (j < len && s[j] != '/' && s[j] != ')' && !isdigit((unsigned char)s[j]) &&
                   r < MAX_REL_CAVEAT &&
                   !(len - j > 8 && strncasecmp(s + j, " SECTION", 8) == 0)) {
                if (s[j] == ' ' && r > 0 && rel[r - 1] == ' ')
                    ;
                else
                    rel[r++] = (char)toupper((unsigned char)s[j]);
                j++;
            }
            while (r > 0 && (rel[r - 1] == ' ' || rel[r - 1] == ',' || rel[r - 1] == '.'))
                r--;
            (*found)++;
            if (fn) {
                *st = fn(d, rel, r);
                if (*st != CAB_OK)
                    return -1;
            }
            i = j;
            continue;
        }
        for (k = 0; k < sizeof caveat_words / sizeof *caveat_words; k++) {
            n = strlen(caveat_words[k].text);
            if (n <= len - i && strncasecmp(s + i, caveat_words[k].text, n) == 0 &&
                (i + n == len || !isalnum((unsigned char)s[i + n])))
                break;
        }
        if (k < sizeof caveat_words / sizeof *caveat_words) {
            (*found)++;
            if (fn) {
                *st = fn(d, caveat_words[k].name, strlen(caveat_words[k].name));
                if (*st != CAB_OK)
                    return -1;
            }
            i += n;
            continue;
        }
        unknown++;
        if (!fn)
            return unknown; /* a caveat line has nothing else */
        while (i < len && isalnum((unsigned char)s[i]))
            i++;
    }
    return unknown;
}

int ex_is_caveat_line(const char *s, size_t len)
{
    size_t found;
    cab_status st = CAB_OK;

    if (len > 80)
        return 0;
    return scan_caveats(NULL, s, len, NULL, &st, &found) == 0 && found > 0;
}

static cab_status add_caveat(struct ex_doc *d, const char *name, size_t len)
{
    if (len == 0)
        return CAB_OK;
    return ex_strv_add(&d->c->caveats, &d->c->n_caveats, EX_MAX_CAVEATS, name, len);
}

static cab_status collect(struct ex_doc *d, const char *s, size_t len)
{
    cab_status st = CAB_OK;
    size_t found;

    scan_caveats(d, s, len, add_caveat, &st, &found);
    return st;
}

/* Level from the "ZNY CCCCC ZZH" group of the routing header. */
static const char *level_from_header(const char *h)
{
    static const struct {
        const char *group;
        const char *level;
    } groups[] = {
        { "TTTTT", "TOP SECRET" },   { "SSSSS", "SECRET" },       { "CCCCC", "CONFIDENTIAL" },
        { "UUUUU", "UNCLASSIFIED" }, { "EEEEE", "UNCLASSIFIED" },
    };
    const char *z;

    if (!h)
        return NULL;
    z = strstr(h, "\nZN");
    if (!z && strncmp(h, "ZN", 2) == 0)
        z = h - 1;
    if (!z || strlen(z) < 10)
        return NULL;
    for (size_t k = 0; k < sizeof groups / sizeof *groups; k++)
        if (strncmp(z + 5, groups[k].group, 5) == 0)
            return groups[k].level;
    return NULL;
}

static int has_caveat(const struct cable *c, const char *name)
{
    for (size_t i = 0; i < c->n_caveats; i++)
        if (strcmp(c->caveats[i], name) == 0)
            return 1;
    return 0;
}

/* The full marking as cablegate publishes it, for sources that had none. */
static cab_status fill_marking(struct cable *c)
{
    char buf[80];

    if (c->classification || !c->class_level)
        return CAB_OK;
    if (has_caveat(c, "NOFORN") && strcmp(c->class_level, "UNCLASSIFIED") != 0)
        snprintf(buf, sizeof buf, "%s//NOFORN", c->class_level);
    else if (has_caveat(c, "FOUO") && strcmp(c->class_level, "UNCLASSIFIED") == 0)
        snprintf(buf, sizeof buf, "UNCLASSIFIED//FOR OFFICIAL USE ONLY");
    else
        snprintf(buf, sizeof buf, "%s", c->class_level);
    c->classification = cab_strdup(buf);
    return c->classification ? CAB_OK : CAB_NOMEM;
}

cab_status ex_extract_class(struct ex_doc *d)
{
    struct cable *c = d->c;
    const char *level = NULL;
    size_t used;
    cab_status st = CAB_OK;

    if (c->classification &&
        ex_class_level_parse(c->classification, strlen(c->classification), &level, &used) == 0)
        st = collect(d, c->classification + used, strlen(c->classification + used));
    for (size_t i = 0; st == CAB_OK && i < d->n_lines; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *lv;

        switch (l->kind) {
        case EX_LINE_CLASS:
        case EX_LINE_SECTION:
            if (ex_class_level_parse(l->s, l->len, &lv, &used) != 0)
                break;
            if (!level && l->kind == EX_LINE_CLASS)
                level = lv;
            st = collect(d, l->s + used, l->len - used);
            break;
        case EX_LINE_CAVEAT:
            st = collect(d, l->s, l->len);
            break;
        case EX_LINE_TEXT:
            if (l->len > 2 && (l->s[0] == '(' || isdigit((unsigned char)l->s[0])) &&
                ex_match(d, EX_PAT_MARKING, l->s, l->len) == 1) {
                size_t glen;
                const char *g = ex_group(d, l->s, 1, &glen);

                c->n_marked_paragraphs++;
                st = collect(d, g, glen);
            }
            break;
        default:
            break;
        }
    }
    if (st != CAB_OK)
        return st;
    if (!level)
        level = level_from_header(c->header);
    if (level) {
        c->class_level = cab_strdup(level);
        if (!c->class_level)
            return CAB_NOMEM;
    }
    return fill_marking(c);
}
