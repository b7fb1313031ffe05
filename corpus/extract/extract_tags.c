/* TAGS: the State Department's subject, program, organisation, country and
 * person tags.
 *
 * The line comes as "TAGS: PGOV PREL KZ", "TAGS PREL, PGOV, MO, FR",
 * "Tags: parm, prel", wrapped onto the next line, after the E.O. on the
 * same line, or with person tags: "OVIP (CLINTON, HILLARY)", "OVIP
 * CLINTON HILLARY".  Junk is common (run-together "PGOVPRELKZ", repeated
 * "TAGS", stray words), so a token is kept only when it is a known tag or
 * has a tag's shape, and a run-together token only when every piece of it
 * is known.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "extract.h"
#include "extract_internal.h"

/* Bytes of TAGS text looked at. */
#define MAX_TAGS_TEXT 4096
/* Longest token split into run-together tags. */
#define MAX_RUN_TOGETHER 48
/* Bytes of a person tag's name. */
#define MAX_PERSON_TAG 80

static const char *const known_tags[] = {
    "ABLD", "ABUD", "ADCO", "ADPM", "AEMR", "AFIN", "AFSN", "AGAO", "AINF", "AINR", "AINT",
    "AMED", "AMGT", "ANET", "AODE", "AORC", "APCS", "APER", "ASCH", "ASEC", "ASIG", "ATRN",
    "BBSR", "BEXP", "BMGT", "BTIO", "CASC", "CDB", "CFED", "CJAN", "CLOK", "CMGT", "CPAS",
    "CVIS", "EAGR", "EAID", "EAIR", "ECIN", "ECON", "ECPS", "EFIN", "EFIS", "EIND", "EINT",
    "EINV", "ELAB", "ELTN", "EMIN", "ENIV", "ENRG", "EPET", "ETRD", "ETTC", "EWWT", "EXIM",
    "IRAQI", "INRB", "KACT", "KAWC", "KAWK", "KBIO", "KBTR", "KBTS", "KCFE", "KCIP", "KCOR",
    "KCRM", "KCRS", "KDEM", "KDRG", "KFLO", "KFLU", "KFRD", "KGHG", "KGIC", "KHIV", "KHLS",
    "KIDE", "KIPR", "KIRF", "KISL", "KJUS", "KLIG", "KMCA", "KMDR", "KMPI", "KNAR", "KNNP",
    "KNPP", "KNUC", "KOLY", "KPAL", "KPAO", "KPKO", "KPLS", "KPOA", "KPRP", "KRAD", "KRVC",
    "KSAF", "KSCA", "KSEP", "KSPR", "KSTC", "KSTH", "KSUM", "KTDB", "KTER", "KTEX", "KTFN",
    "KTIA", "KTIP", "KUNR", "KVPR", "KWAC", "KWBG", "KWMN", "MARR", "MASS", "MCAP", "MNUC",
    "MOPS", "MTCRE", "MTCR", "OEXC", "OFDP", "OIIP", "OPDC", "OPRC", "OREP", "OSCI", "OTRA",
    "OVIP", "ODIP", "PARM", "PBIO", "PBTS", "PDEM", "PEPR", "PGOV", "PHSA", "PHUM", "PINR",
    "PINS", "PINT", "PINL", "PMIL", "PNAT", "POLM", "PREF", "PREL", "PROP", "PSOE", "PTER",
    "PTERM", "SCUL", "SENV", "SHUM", "SMIG", "SNAR", "SOCI", "TBIO", "TINT", "TNGD", "TPHY",
    "TRGY", "TSPA", "TSPL", "WTRO",
};

static const char *const organisations[] = {
    "NATO", "IAEA", "UN", "UNSC", "UNGA", "UNO", "EU", "EUN", "OSCE", "OPEC", "WTO",
    "ASEAN", "OAS", "IMF", "IBRD", "APEC", "SCO", "CSTO", "ICTY", "ICTR", "ICC", "UNHCR",
    "UNICEF", "UNDP", "UNEP", "UNESCO", "WHO", "FAO", "WFP", "UNMIK", "UNAMA", "UNAMI",
    "UNIFIL", "MONUC", "UNMIS", "UNAMID", "IEA", "OECD", "OIC", "GCC", "ECOWAS", "SADC",
    "MERCOSUR", "CARICOM", "UNHRC", "ISAF", "KFOR", "EFTA", "ICRC", "IOM", "NAM", "ARF",
    "CIS", "G8", "G20", "G7", "AU", "INTERPOL", "ICAO", "IMO", "WMO", "OPCW", "CTBTO",
    "NPT", "USEU", "FARC", "FMLN", "HAMAS", "ETA", "PKK", "UNRWA", "UNODC", "ILO", "WIPO",
    "EBRD", "ADB", "IDB", "AFDB", "ASEM", "SAARC", "OAU", "PLO", "UNFICYP", "MINUSTAH",
};

/* Tag categories: the first letter of a four-letter subject tag. */
static const char subject_letters[] = "ABCEIMOPST";

static int in_list(const char *s, size_t len, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == len && strncmp(list[i], s, len) == 0)
            return 1;
    return 0;
}

static int is_known(const char *s, size_t len)
{
    return in_list(s, len, known_tags, sizeof known_tags / sizeof *known_tags);
}

static int is_org(const char *s, size_t len)
{
    return in_list(s, len, organisations, sizeof organisations / sizeof *organisations);
}

static int is_country(const char *s, size_t len)
{
    char code[3];

    if (len != 2)
        return 0;
    code[0] = s[0];
    code[1] = s[1];
    code[2] = '\0';
    return cab_country_name(code) != NULL;
}

static int all_letters(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isupper((unsigned char)s[i]))
            return 0;
    return 1;
}

static int shaped(const char *s, size_t len)
{
    if (!all_letters(s, len))
        return 0;
    if (len == 2)
        return 1;
    return len == 4 && (s[0] == 'K' || strchr(subject_letters, s[0]) != NULL);
}

/* 's' is upper case. */
int ex_tag_plausible(const char *s, size_t len)
{
    char up[16];

    if (len < 2 || len >= sizeof up)
        return 0;
    for (size_t i = 0; i < len; i++)
        up[i] = (char)toupper((unsigned char)s[i]);
    return is_known(up, len) || is_org(up, len) || (len <= 6 && shaped(up, len));
}

static enum cab_tag_kind kind_of(const char *s, size_t len)
{
    if (is_country(s, len))
        return CAB_TAG_COUNTRY;
    if (is_org(s, len))
        return CAB_TAG_ORGANIZATION;
    if (len == 2)
        return CAB_TAG_OTHER;
    if (len == 4 && s[0] == 'K' && all_letters(s, len))
        return CAB_TAG_PROGRAM;
    if (is_known(s, len) || shaped(s, len))
        return CAB_TAG_SUBJECT;
    return CAB_TAG_OTHER;
}

enum cab_tag_kind cab_tag_kind_of(const char *tag)
{
    char up[CAB_MAX_FIELD];
    size_t len = strlen(tag);

    /* Only person tags hold a name: "CLINTON, HILLARY", "BIDEN JOSEPH". */
    if (strpbrk(tag, ", ") || len >= sizeof up)
        return CAB_TAG_PERSON;
    for (size_t i = 0; i < len; i++)
        up[i] = (char)toupper((unsigned char)tag[i]);
    return kind_of(up, len);
}

static cab_status add_tag(struct cable *c, const char *s, size_t len, enum cab_tag_kind kind)
{
    struct cab_tag *nt;
    char *v;

    for (size_t i = 0; i < c->n_tags; i++)
        if (strlen(c->tags[i].value) == len && memcmp(c->tags[i].value, s, len) == 0)
            return CAB_OK;
    if (c->n_tags >= CAB_MAX_TAGS)
        return CAB_OK;
    v = cab_strndup(s, len);
    if (!v)
        return CAB_NOMEM;
    nt = cab_realloc(c->tags, (c->n_tags + 1) * sizeof *nt);
    if (!nt) {
        cab_free(v);
        return CAB_NOMEM;
    }
    c->tags = nt;
    c->tags[c->n_tags].value = v;
    c->tags[c->n_tags].kind = kind;
    c->n_tags++;
    if (kind == CAB_TAG_COUNTRY) {
        struct cab_country *nc = cab_realloc(c->countries, (c->n_countries + 1) * sizeof *nc);
        const char *name = cab_country_name(v);

        if (!nc)
            return CAB_NOMEM;
        c->countries = nc;
        nc[c->n_countries].code = cab_strdup(v);
        nc[c->n_countries].name = cab_strdup(name);
        if (!nc[c->n_countries].code || !nc[c->n_countries].name) {
            cab_free(nc[c->n_countries].code);
            cab_free(nc[c->n_countries].name);
            return CAB_NOMEM;
        }
        c->n_countries++;
    }
    return CAB_OK;
}

/* Pieces of a run-together token: every piece a known code or tag. */
static int split_run(const char *s, size_t len, size_t *cuts, size_t *n_cuts)
{
    /* ok[i]: s[i..len) splits; next[i]: length of the first piece. */
    unsigned char ok[MAX_RUN_TOGETHER + 1], next[MAX_RUN_TOGETHER + 1];
    size_t longest = 0;

    if (len > MAX_RUN_TOGETHER)
        return 0;
    ok[len] = 1;
    for (size_t i = len; i-- > 0;) {
        ok[i] = 0;
        for (size_t w = 6; w >= 2; w--) {
            if (i + w > len || !ok[i + w])
                continue;
            if ((w == 2 && is_country(s + i, 2)) || is_known(s + i, w) ||
                (w > 2 && is_org(s + i, w))) {
                ok[i] = 1;
                next[i] = (unsigned char)w;
                break;
            }
        }
    }
    if (!ok[0])
        return 0;
    *n_cuts = 0;
    for (size_t i = 0; i < len; i += next[i]) {
        cuts[(*n_cuts)++] = next[i];
        longest = next[i] > longest ? next[i] : longest;
    }
    /* Country codes alone split too many words ("BRUSSELS" is BR US SE LS). */
    return longest >= 4;
}

static cab_status add_token(struct cable *c, const char *s, size_t len)
{
    size_t cuts[MAX_RUN_TOGETHER], n_cuts = 0;
    cab_status st = CAB_OK;

    if ((len == 4 && memcmp(s, "TAGS", 4) == 0) || (len == 3 && memcmp(s, "TAG", 3) == 0))
        return CAB_OK;
    if (ex_tag_plausible(s, len))
        return add_tag(c, s, len, kind_of(s, len));
    if (len > 4 && all_letters(s, len) && split_run(s, len, cuts, &n_cuts))
        for (size_t i = 0, off = 0; i < n_cuts && st == CAB_OK; off += cuts[i], i++)
            st = add_tag(c, s + off, cuts[i], kind_of(s + off, cuts[i]));
    return st;
}

/* "CLINTON, HILLARY" from "CLINTON, HILLARY" or "CLINTON HILLARY": the
 * surname, a comma, then the other names. */
static cab_status add_person(struct cable *c, const char *s, size_t len)
{
    char name[MAX_PERSON_TAG + 1];
    size_t o = 0, i = 0, words = 0;

    while (i < len) {
        size_t start;

        while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ',' || s[i] == '\n'))
            i++;
        start = i;
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != ',' && s[i] != '\n')
            i++;
        if (i == start)
            break;
        if (o + (i - start) + 3 > MAX_PERSON_TAG)
            break;
        if (words == 1)
            name[o++] = ',';
        if (words >= 1)
            name[o++] = ' ';
        for (size_t k = start; k < i; k++)
            name[o++] = (char)toupper((unsigned char)s[k]);
        words++;
    }
    if (o == 0)
        return CAB_OK;
    return add_tag(c, name, o, CAB_TAG_PERSON);
}

static int is_person_marker(const char *s, size_t len)
{
    return len == 4 && (memcmp(s, "OVIP", 4) == 0 || memcmp(s, "OREP", 4) == 0 ||
                        memcmp(s, "ODIP", 4) == 0);
}

static cab_status parse_tags(struct cable *c, char *s, size_t len)
{
    size_t i = 0;
    int after_person = 0;
    cab_status st = CAB_OK;

    for (size_t k = 0; k < len; k++)
        s[k] = (char)toupper((unsigned char)s[k]);
    while (i < len && st == CAB_OK) {
        size_t start;

        while (i < len && (s[i] == ' ' || s[i] == ',' || s[i] == ';' || s[i] == '/' ||
                           s[i] == ':' || s[i] == '\t' || s[i] == '\n' || s[i] == '.'))
            i++;
        if (i >= len)
            break;
        if (s[i] == '(') {
            const char *close = memchr(s + i, ')', len - i);
            size_t end = close ? (size_t)(close - s) : len;

            if (after_person)
                st = add_person(c, s + i + 1, end - i - 1);
            i = end + 1;
            after_person = 0;
            continue;
        }
        start = i;
        while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '&'))
            i++;
        if (i == start) {
            i++; /* a stray symbol */
            continue;
        }
        if (after_person && !ex_tag_plausible(s + start, i - start)) {
            /* "OVIP CLINTON HILLARY": the name runs to the next tag. */
            size_t end = i;

            while (end < len) {
                size_t ws = end, we;

                while (ws < len && (s[ws] == ' ' || s[ws] == ','))
                    ws++;
                we = ws;
                while (we < len && isalpha((unsigned char)s[we]))
                    we++;
                if (we == ws || ex_tag_plausible(s + ws, we - ws))
                    break;
                end = we;
            }
            st = add_person(c, s + start, end - start);
            i = end;
            after_person = 0;
            continue;
        }
        st = add_token(c, s + start, i - start);
        after_person = is_person_marker(s + start, i - start);
    }
    return st;
}

cab_status ex_extract_tags(struct ex_doc *d)
{
    struct cab_buf b;
    cab_status st = CAB_OK;

    cab_buf_init(&b, MAX_TAGS_TEXT);
    for (size_t i = 0; i < d->n_lines && st == CAB_OK; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *s = l->s, *subj;
        size_t len = l->len;

        if (l->kind == EX_LINE_EO) {
            /* "E.O. 12958: DECL: 12/31/19 TAGS: PGOV PREL" */
            const char *t = ex_memmem_ci(s, len, "TAGS");

            if (!t)
                continue;
            len -= (size_t)(t - s);
            s = t;
        } else if (l->kind != EX_LINE_TAGS) {
            continue;
        }
        subj = ex_memmem_ci(s, len, "SUBJ");
        if (subj)
            len = (size_t)(subj - s);
        /* A huge line keeps its beginning. */
        if (len + 1 > b.max - b.len)
            len = b.max - b.len > 0 ? b.max - b.len - 1 : 0;
        st = cab_buf_add(&b, s, len);
        if (st == CAB_OK)
            st = cab_buf_addch(&b, ' ');
    }
    if (st == CAB_TOO_LARGE)
        st = CAB_OK; /* the first MAX_TAGS_TEXT bytes are plenty */
    if (st == CAB_OK && b.len > 0)
        st = parse_tags(d->c, b.data, b.len);
    cab_buf_release(&b);
    return st;
}
