#include <stdio.h>

#include "cab_mem.h"
#include "cable.h"

struct cable *cable_new(void)
{
    struct cable *c = cab_calloc(1, sizeof *c);

    if (!c)
        return NULL;
    c->created = CAB_TIME_UNKNOWN;
    c->released = CAB_TIME_UNKNOWN;
    c->dtg = CAB_TIME_UNKNOWN;
    return c;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cab_free(v[i]);
    cab_free(v);
}

void cable_clear_people(struct cable *c)
{
    for (size_t i = 0; i < c->n_people; i++)
        cab_free(c->people[i].name);
    cab_free(c->people);
    c->people = NULL;
    c->n_people = 0;
}

void cable_clear_places(struct cable *c)
{
    for (size_t i = 0; i < c->n_places; i++) {
        cab_free(c->places[i].name);
        cab_free(c->places[i].country);
    }
    cab_free(c->places);
    c->places = NULL;
    c->n_places = 0;
}

void cable_clear_extracted(struct cable *c)
{
    cab_free(c->class_level);
    free_strings(c->caveats, c->n_caveats);
    cab_free(c->precedence);
    cab_free(c->decl);
    for (size_t i = 0; i < c->n_tags; i++)
        cab_free(c->tags[i].value);
    cab_free(c->tags);
    for (size_t i = 0; i < c->n_countries; i++) {
        cab_free(c->countries[i].code);
        cab_free(c->countries[i].name);
    }
    cab_free(c->countries);
    free_strings(c->refs, c->n_refs);
    cable_clear_people(c);
    cable_clear_places(c);
    cab_free(c->text);

    c->class_level = NULL;
    c->caveats = NULL;
    c->n_caveats = 0;
    c->dtg = CAB_TIME_UNKNOWN;
    c->precedence = NULL;
    c->decl = NULL;
    c->tags = NULL;
    c->n_tags = 0;
    c->countries = NULL;
    c->n_countries = 0;
    c->refs = NULL;
    c->n_refs = 0;
    c->n_marked_paragraphs = 0;
    c->n_redactions = 0;
    c->text = NULL;
}

void cable_free(struct cable *c)
{
    if (!c)
        return;
    cable_clear_extracted(c);
    cab_free(c->id);
    cab_free(c->classification);
    cab_free(c->origin);
    cab_free(c->subject);
    cab_free(c->header);
    cab_free(c->body);
    cab_free(c->source_path);
    cab_free(c);
}

const char *cab_tag_kind_name(enum cab_tag_kind kind)
{
    switch (kind) {
    case CAB_TAG_SUBJECT:      return "subject";
    case CAB_TAG_PROGRAM:      return "program";
    case CAB_TAG_ORGANIZATION: return "organization";
    case CAB_TAG_COUNTRY:      return "country";
    case CAB_TAG_PERSON:       return "person";
    case CAB_TAG_OTHER:        return "other";
    }
    return "other";
}

const char *cab_person_role_name(enum cab_person_role role)
{
    switch (role) {
    case CAB_ROLE_MENTIONED:  return "mentioned";
    case CAB_ROLE_VISITOR:    return "visitor";
    case CAB_ROLE_CLASSIFIER: return "classifier";
    case CAB_ROLE_SIGNER:     return "signer";
    }
    return "mentioned";
}

const char *cab_format_name(enum cab_format format)
{
    switch (format) {
    case CAB_FORMAT_UNKNOWN:  return "unknown";
    case CAB_FORMAT_HTML:     return "html";
    case CAB_FORMAT_TEXT:     return "text";
    case CAB_FORMAT_TELEGRAM: return "telegram";
    case CAB_FORMAT_CSV:      return "csv";
    }
    return "unknown";
}

/* Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned)(y - era * 400);
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    return month == 2 ? 28 + leap : days[month - 1];
}

int64_t cab_time_from_civil(int year, int month, int day, int hour, int min, int sec)
{
    if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month) || hour < 0 || hour > 23 || min < 0 ||
        min > 59 || sec < 0 || sec > 60)
        return CAB_TIME_UNKNOWN;
    return days_from_civil(year, (unsigned)month, (unsigned)day) * 86400 +
           hour * 3600 + min * 60 + sec;
}

char *cab_time_iso(int64_t t, char out[21])
{
    int64_t days, z, era, y;
    unsigned doe, yoe, doy, mp, d, m, secs;

    if (t == CAB_TIME_UNKNOWN) {
        out[0] = '\0';
        return out;
    }
    days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    secs = (unsigned)(t - days * 86400);
    /* civil_from_days, the inverse of days_from_civil. */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = (unsigned)(z - era * 146097);
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = (int64_t)yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 0 || y > 9999) {
        out[0] = '\0';
        return out;
    }
    /* Every field is in range here; the modulos tell the compiler so. */
    snprintf(out, 21, "%04d-%02u-%02uT%02u:%02u:%02uZ", (int)y, m % 13u, d % 32u,
             secs / 3600 % 24u, secs / 60 % 60, secs % 60);
    return out;
}
