/* Times: the date-time group, precedence, creation date and the
 * declassification instruction.
 *
 * The DTG is "P 010447Z DEC 09": precedence letter(s), day, hour, minute,
 * Z, month, year.  It is on the routing header's fifth line or so, or,
 * for partial extracts, alone on a line before the classification line
 * ("150613Z Dec 05").  Cable years run 1966..2010 and are written with two
 * digits.  The E.O. line carries the declassification date in any of
 * MM/DD/YYYY, M/D/YY, YYYY/MM/DD, or a word (OADR, N/A, "1.6X1").
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "extract_internal.h"

int ex_year_from_2digits(int yy)
{
    return yy >= 66 ? 1900 + yy : 2000 + yy;
}

static int month_number(const char *m)
{
    static const char names[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";

    for (int i = 0; i < 12; i++)
        if (strncasecmp(m, names + 3 * i, 3) == 0)
            return i + 1;
    return 0;
}

static int num(const char *s, size_t len)
{
    int v = 0;

    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static const char *precedence_name(char letter)
{
    switch (toupper((unsigned char)letter)) {
    case 'R': return "ROUTINE";
    case 'P': return "PRIORITY";
    case 'O': return "IMMEDIATE";
    case 'Z': return "FLASH";
    case 'Y': return "FLASH OVERRIDE";
    default:  return NULL;
    }
}

/* Look for a DTG in one line; sets *t and *prec (letter or 0). */
static int dtg_in_line(struct ex_doc *d, const char *s, size_t len, int64_t *t, char *prec)
{
    const char *g;
    size_t gl;
    int day, hour, min, mon, year;

    if (len < 14 || ex_match(d, EX_PAT_DTG, s, len) != 1)
        return 0;
    g = ex_group(d, s, 1, &gl);
    *prec = gl > 0 ? g[0] : 0;
    g = ex_group(d, s, 2, &gl);
    day = num(g, gl);
    g = ex_group(d, s, 3, &gl);
    hour = num(g, gl);
    g = ex_group(d, s, 4, &gl);
    min = num(g, gl);
    g = ex_group(d, s, 5, &gl);
    mon = month_number(g);
    g = ex_group(d, s, 6, &gl);
    year = num(g, gl);
    if (gl == 2)
        year = ex_year_from_2digits(year);
    *t = cab_time_from_civil(year, mon, day, hour, min, 0);
    return *t != CAB_TIME_UNKNOWN;
}

static int dtg_from_header(struct ex_doc *d, const char *h, int64_t *t, char *prec)
{
    while (h && *h) {
        const char *end = strchr(h, '\n');
        size_t len = end ? (size_t)(end - h) : strlen(h);

        if (dtg_in_line(d, h, len, t, prec))
            return 1;
        h = end ? end + 1 : NULL;
    }
    return 0;
}

static int year_of(int64_t t)
{
    char iso[21];

    if (t == CAB_TIME_UNKNOWN)
        return 0;
    cab_time_iso(t, iso);
    return atoi(iso);
}

/* Read "M/D/Y", "Y/M/D" (also with '-' or '.') at 's'; 1 on success. */
static int read_date(const char *s, size_t len, int cable_year, int *y, int *m, int *dd)
{
    int part[3], digits[3];
    size_t i = 0;

    for (int k = 0; k < 3; k++) {
        size_t start = i;

        while (i < len && isdigit((unsigned char)s[i]) && i - start < 4)
            i++;
        digits[k] = (int)(i - start);
        if (digits[k] == 0)
            return 0;
        part[k] = num(s + start, i - start);
        if (k < 2) {
            if (i >= len || (s[i] != '/' && s[i] != '-' && s[i] != '.'))
                return 0;
            i++;
        }
    }
    if (i < len && isdigit((unsigned char)s[i]))
        return 0;
    if (digits[0] == 4) {
        *y = part[0];
        *m = part[1];
        *dd = part[2];
    } else {
        *m = part[0];
        *dd = part[1];
        *y = part[2];
        if (digits[2] == 2) {
            /* The century that puts the date nearest ten years after the
             * cable: declassification usually comes 10 to 25 years later. */
            int best = ex_year_from_2digits(*y);

            if (cable_year > 0) {
                int target = cable_year + 10;

                best = (cable_year / 100 - 1) * 100 + *y;
                for (int c = cable_year / 100; c <= cable_year / 100 + 1; c++) {
                    int cand = c * 100 + *y;

                    if (abs(cand - target) < abs(best - target))
                        best = cand;
                }
            }
            *y = best;
        } else if (digits[2] != 4) {
            return 0;
        }
    }
    return cab_time_from_civil(*y, *m, *dd, 0, 0, 0) != CAB_TIME_UNKNOWN;
}

int ex_decl_parse(const char *s, size_t len, int cable_year, char *out, size_t out_size)
{
    const char *tags = ex_memmem_ci(s, len, "TAGS");
    size_t o = 0;
    int y, m, dd;

    if (tags)
        len = (size_t)(tags - s);
    while (len > 0 && (*s == ' ' || *s == ':' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '.' || s[len - 1] == ','))
        len--;
    if (len == 0 || out_size < 11)
        return -1;
    /* A date first, else the first date of a schedule such as "GDS 8/12/85". */
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]) || (i > 0 && isalnum((unsigned char)s[i - 1])))
            continue;
        if (read_date(s + i, len - i, cable_year, &y, &m, &dd)) {
            snprintf(out, out_size, "%04d-%02d-%02d", y, m, dd);
            return 0;
        }
        if (i == 0)
            break; /* "1.6X1" and similar: a word, not a date */
    }
    for (size_t i = 0; i < len && s[i] != '(' && o + 1 < out_size && o < EX_MAX_DECL; i++) {
        if ((s[i] == ' ' || s[i] == '\t') && (o == 0 || out[o - 1] == ' '))
            continue;
        out[o++] = s[i] == '\t' ? ' ' : (char)toupper((unsigned char)s[i]);
    }
    while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == ';' || out[o - 1] == ','))
        o--;
    out[o] = '\0';
    if (strstr(out, "XXXXXX"))
        return -1; /* redacted */
    return o > 0 ? 0 : -1;
}

static cab_status extract_decl(struct ex_doc *d)
{
    char out[EX_MAX_DECL + 1];

    for (size_t i = 0; i < d->n_lines; i++) {
        const struct ex_line *l = &d->lines[i];
        const char *v;
        size_t vlen;

        if (l->kind != EX_LINE_EO)
            continue;
        v = ex_memmem_ci(l->s, l->len, "DECL");
        if (v) {
            v += 4;
            while (v < l->s + l->len && isalpha((unsigned char)*v))
                v++; /* DECLASSIFY */
        } else {
            /* "E.O. 12958: N/A": the value follows the order's number. */
            v = l->s;
            while (v < l->s + l->len && !isdigit((unsigned char)*v))
                v++;
            while (v < l->s + l->len && isdigit((unsigned char)*v))
                v++;
        }
        vlen = (size_t)(l->s + l->len - v);
        if (ex_decl_parse(v, vlen, d->year, out, sizeof out) == 0) {
            d->c->decl = cab_strdup(out);
            return d->c->decl ? CAB_OK : CAB_NOMEM;
        }
    }
    return CAB_OK;
}

cab_status ex_extract_time(struct ex_doc *d)
{
    struct cable *c = d->c;
    int64_t t = CAB_TIME_UNKNOWN;
    char prec = 0;
    const char *name = NULL;
    int found = dtg_from_header(d, c->header, &t, &prec);

    for (size_t i = 0; !found && i < d->n_lines; i++)
        if (d->lines[i].kind == EX_LINE_DTG)
            found = dtg_in_line(d, d->lines[i].s, d->lines[i].len, &t, &prec);
    if (found) {
        c->dtg = t;
        name = precedence_name(prec);
        if (c->header && strstr(c->header, "NIACT"))
            name = "NIACT IMMEDIATE";
    }
    if (name) {
        c->precedence = cab_strdup(name);
        if (!c->precedence)
            return CAB_NOMEM;
    }
    if (c->created == CAB_TIME_UNKNOWN)
        c->created = c->dtg;
    d->year = year_of(c->created);
    return extract_decl(d);
}
