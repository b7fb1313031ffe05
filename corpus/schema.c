#include <string.h>
#include <strings.h>

#include "schema.h"

const struct cab_facet_field cab_facet_fields[] = {
    { "tag",     CAB_SLOT_TAGS,      1 },
    { "country", CAB_SLOT_COUNTRIES, 1 },
    { "origin",  CAB_SLOT_ORIGIN,    0 },
    { "class",   CAB_SLOT_CLASS,     0 },
    { "caveat",  CAB_SLOT_CAVEATS,   1 },
    { "year",    CAB_SLOT_YEAR,      0 },
    { "month",   CAB_SLOT_MONTH,     0 },
    { "person",  CAB_SLOT_PEOPLE,    1 },
    { "place",   CAB_SLOT_PLACES,    1 },
};
const size_t cab_n_facet_fields = sizeof cab_facet_fields / sizeof cab_facet_fields[0];

/* 'class' matches the level, or the full marking when it holds "//";
 * 'country' accepts a name too: the query parser maps it to the code. */
const struct cab_filter_field cab_filter_fields[] = {
    /* name       prefix           word prefix        kind               upper many */
    { "id",      CAB_P_ID,        NULL,              CAB_FILTER_TERM,  1, 0 },
    { "tag",     CAB_P_TAG,       NULL,              CAB_FILTER_TERM,  1, 1 },
    { "country", CAB_P_COUNTRY,   NULL,              CAB_FILTER_TERM,  1, 1 },
    { "origin",  CAB_P_ORIGIN,    CAB_P_ORIGIN_W,    CAB_FILTER_WORDS, 0, 0 },
    { "class",   CAB_P_CLASS,     NULL,              CAB_FILTER_TERM,  0, 0 },
    { "caveat",  CAB_P_CAVEAT,    NULL,              CAB_FILTER_TERM,  0, 1 },
    { "person",  CAB_P_PERSON,    CAB_P_PERSON_W,    CAB_FILTER_WORDS, 0, 1 },
    { "place",   CAB_P_PLACE,     NULL,              CAB_FILTER_TERM,  0, 1 },
    { "ref",     CAB_P_REF,       NULL,              CAB_FILTER_TERM,  1, 1 },
    { "subject", CAB_P_SUBJECT,   NULL,              CAB_FILTER_TEXT,  0, 1 },
    { "date",    NULL,            NULL,              CAB_FILTER_DATE,  0, 0 },
    { "year",    CAB_P_YEAR,      NULL,              CAB_FILTER_TERM,  0, 0 },
};
const size_t cab_n_filter_fields = sizeof cab_filter_fields / sizeof cab_filter_fields[0];

const struct cab_facet_field *cab_facet_field_find(const char *name)
{
    for (size_t i = 0; i < cab_n_facet_fields; i++)
        if (strcasecmp(cab_facet_fields[i].name, name) == 0)
            return &cab_facet_fields[i];
    return NULL;
}

const struct cab_filter_field *cab_filter_field_find(const char *name, size_t len)
{
    for (size_t i = 0; i < cab_n_filter_fields; i++)
        if (strlen(cab_filter_fields[i].name) == len &&
            strncasecmp(cab_filter_fields[i].name, name, len) == 0)
            return &cab_filter_fields[i];
    return NULL;
}
