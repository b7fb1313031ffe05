/* From a cable to its index document (layout: top of indexer/index.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cab_buf.h"
#include "cab_hash.h"
#include "cab_mem.h"
#include "document.h"
#include "record.h"
#include "schema.h"
#include "summary.h"
#include "text.h"

/* Stems cached per builder: direct-mapped, so a miss costs one stem call. */
#define STEM_CACHE_SLOTS 4096
/* Gap in positions between subject and text, so no phrase spans the two. */
#define POSITION_GAP 100
#define SPELL_SLOTS (2 * CAB_MAX_SPELLING_WORDS)
#define FOLD_CAP (CAB_MAX_WORD * 4 + 1)

struct stem_slot {
    unsigned char wlen, slen;    /* 0 wlen: empty slot */
    char word[CAB_MAX_WORD + 1];
    char stem[CAB_MAX_WORD + 1];
};

struct spell_slot {
    char *word;                  /* owned; NULL: empty slot */
    uint32_t count;
};

struct cab_doc_builder {
    xw_stemmer *stemmer;
    struct stem_slot *stems;     /* STEM_CACHE_SLOTS */
    struct spell_slot *spell;    /* SPELL_SLOTS, or NULL without spelling */
    size_t n_spell;
    struct cab_buf term;         /* scratch for one term */
    struct cab_buf record;       /* scratch for the document data */
};

cab_status cab_doc_builder_new(int spelling, cab_doc_builder **out)
{
    cab_doc_builder *b;
    cab_status rc;

    *out = NULL;
    b = cab_calloc(1, sizeof *b);
    if (!b)
        return CAB_NOMEM;
    cab_buf_init(&b->term, CAB_MAX_TERM + FOLD_CAP);
    cab_buf_init(&b->record, CAB_MAX_RECORD);
    rc = xw_stemmer_new(&b->stemmer);
    if (rc != CAB_OK)
        goto out_free;
    b->stems = cab_calloc(STEM_CACHE_SLOTS, sizeof *b->stems);
    if (!b->stems) {
        rc = CAB_NOMEM;
        goto out_free;
    }
    if (spelling) {
        b->spell = cab_calloc(SPELL_SLOTS, sizeof *b->spell);
        if (!b->spell) {
            rc = CAB_NOMEM;
            goto out_free;
        }
    }
    *out = b;
    return CAB_OK;

out_free:
    cab_doc_builder_free(b);
    return rc;
}

static void spell_clear(cab_doc_builder *b)
{
    if (!b->spell)
        return;
    for (size_t i = 0; i < SPELL_SLOTS; i++) {
        cab_free(b->spell[i].word);
        b->spell[i].word = NULL;
        b->spell[i].count = 0;
    }
    b->n_spell = 0;
}

void cab_doc_builder_free(cab_doc_builder *b)
{
    if (!b)
        return;
    spell_clear(b);
    cab_free(b->spell);
    cab_free(b->stems);
    xw_stemmer_free(b->stemmer);
    cab_buf_release(&b->term);
    cab_buf_release(&b->record);
    cab_free(b);
}

void cab_doc_hash_hex(uint64_t hash, char out[17])
{
    static const char hex[] = "0123456789abcdef";

    for (int i = 15; i >= 0; i--) {
        out[i] = hex[hash & 15];
        hash >>= 4;
    }
    out[16] = '\0';
}

/* ---------------------------------------------------------------- building */

struct build {
    cab_doc_builder *b;
    xw_doc *doc;
    cab_status rc;       /* sticky: the first failure */
    char *err;
    uint32_t pos;        /* last position used */
};

static void fail(struct build *bd, cab_status rc, const char *what)
{
    if (bd->rc != CAB_OK)
        return;
    bd->rc = rc;
    cab_err_set(bd->err, "%s: %s", what,
             bd->doc ? xw_doc_errmsg(bd->doc) : cab_status_str(rc));
}

/* The term 'prefix' + s[0..len) in the scratch buffer; NULL if too long. */
static const char *make_term(struct build *bd, const char *prefix, const char *s, size_t len)
{
    struct cab_buf *t = &bd->b->term;
    size_t plen = strlen(prefix);

    if (plen + len > CAB_MAX_TERM || len == 0)
        return NULL;
    cab_buf_reset(t);
    if (cab_buf_add(t, prefix, plen) != CAB_OK || cab_buf_add(t, s, len) != CAB_OK)
        return NULL;
    return t->data;
}

static void add_bool(struct build *bd, const char *prefix, const char *s, size_t len)
{
    const char *term;
    cab_status rc;

    if (bd->rc != CAB_OK)
        return;
    term = make_term(bd, prefix, s, len);
    if (!term)
        return;
    rc = xw_doc_add_boolean_term(bd->doc, term);
    if (rc != CAB_OK)
        fail(bd, rc, "cannot add a term");
}

/* Boolean term with the value folded to lower case. */
static void add_bool_lower(struct build *bd, const char *prefix, const char *value)
{
    char folded[CAB_MAX_TERM + 1];
    size_t n;

    if (!value || !*value)
        return;
    n = cab_word_fold(value, strlen(value), folded, sizeof folded);
    if (n)
        add_bool(bd, prefix, folded, n);
}

/* Boolean term with the value in upper case (ASCII). */
static void add_bool_upper(struct build *bd, const char *prefix, const char *value)
{
    char upper[CAB_MAX_TERM + 1];
    size_t n;

    if (!value || !*value)
        return;
    n = strlen(value);
    if (n > CAB_MAX_TERM)
        return;
    for (size_t i = 0; i < n; i++)
        upper[i] = (value[i] >= 'a' && value[i] <= 'z') ? (char)(value[i] - 32) : value[i];
    add_bool(bd, prefix, upper, n);
}

/* One boolean term per word of 'value', with 'prefix'. */
static void add_bool_words(struct build *bd, const char *prefix, const char *value)
{
    size_t pos = 0, start, len, len_all;
    char folded[FOLD_CAP];

    if (!value)
        return;
    len_all = strlen(value);
    while (bd->rc == CAB_OK && cab_word_next(value, len_all, &pos, &start, &len)) {
        size_t n = cab_word_fold(value + start, len, folded, sizeof folded);

        if (n && n <= CAB_MAX_WORD)
            add_bool(bd, prefix, folded, n);
    }
}

/* The stem of a folded word, from the cache when possible; 0 on failure. */
static size_t stem_of(cab_doc_builder *b, const char *word, size_t len, const char **stem)
{
    struct stem_slot *s = &b->stems[cab_fnv1a(word, len) & (STEM_CACHE_SLOTS - 1)];
    size_t n;

    if (s->wlen == len && memcmp(s->word, word, len) == 0) {
        *stem = s->stem;
        return s->slen;
    }
    n = xw_stem(b->stemmer, word, len, s->stem, sizeof s->stem);
    if (n == 0) {
        s->wlen = 0;
        return 0;
    }
    memcpy(s->word, word, len);
    s->word[len] = '\0';
    s->wlen = (unsigned char)len;
    s->slen = (unsigned char)n;
    *stem = s->stem;
    return n;
}

int cab_doc_spellable(const char *w, size_t len)
{
    if (len < CAB_MIN_SPELLING_WORD)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (w[i] >= '0' && w[i] <= '9')
            return 0;
    return 1;
}

/* Counts a word for the spelling dictionary; a full table ignores new words. */
static void spell_count(struct build *bd, const char *w, size_t len)
{
    cab_doc_builder *b = bd->b;
    size_t i;

    if (!b->spell || !cab_doc_spellable(w, len))
        return;
    i = cab_fnv1a(w, len) & (SPELL_SLOTS - 1);
    while (b->spell[i].word) {
        if (strlen(b->spell[i].word) == len && memcmp(b->spell[i].word, w, len) == 0) {
            b->spell[i].count++;
            return;
        }
        i = (i + 1) & (SPELL_SLOTS - 1);
    }
    if (b->n_spell >= CAB_MAX_SPELLING_WORDS)
        return;
    b->spell[i].word = cab_strndup(w, len);
    if (!b->spell[i].word) {
        fail(bd, CAB_NOMEM, "cannot count spelling words");
        return;
    }
    b->spell[i].count = 1;
    b->n_spell++;
}

static void add_posting(struct build *bd, const char *prefix, const char *w, size_t len,
                        uint32_t wdf)
{
    const char *term = make_term(bd, prefix, w, len);
    cab_status rc;

    if (!term)
        return;
    rc = xw_doc_add_posting(bd->doc, term, bd->pos, wdf);
    if (rc != CAB_OK)
        fail(bd, rc, "cannot add a posting");
}

static void add_weighted(struct build *bd, const char *prefix, const char *w, size_t len,
                         uint32_t wdf)
{
    const char *term = make_term(bd, prefix, w, len);
    cab_status rc;

    if (!term)
        return;
    rc = xw_doc_add_term(bd->doc, term, wdf);
    if (rc != CAB_OK)
        fail(bd, rc, "cannot add a term");
}

/* Free text: each word with its position, and Z+stem; subject words
 * weigh more and are also indexed as S+word and ZS+stem. */
static void add_text(struct build *bd, const char *s, int subject)
{
    uint32_t wdf = subject ? CAB_SUBJECT_WDF : 1;
    size_t pos = 0, start, len, all;
    char w[FOLD_CAP];

    if (!s)
        return;
    all = strlen(s);
    while (bd->rc == CAB_OK && cab_word_next(s, all, &pos, &start, &len)) {
        const char *stem = NULL;
        size_t n = cab_word_fold(s + start, len, w, sizeof w), slen;

        if (n == 0 || n > CAB_MAX_WORD)
            continue;
        bd->pos++;
        add_posting(bd, "", w, n, wdf);
        slen = stem_of(bd->b, w, n, &stem);
        if (slen)
            add_weighted(bd, CAB_P_STEM, stem, slen, wdf);
        if (subject) {
            add_posting(bd, CAB_P_SUBJECT, w, n, 1);
            if (slen)
                add_weighted(bd, CAB_P_STEM CAB_P_SUBJECT, stem, slen, 1);
        }
        spell_count(bd, w, n);
    }
}

/* The spelling words of free text, without building terms. */
static void count_text(struct build *bd, const char *s)
{
    size_t pos = 0, start, len, all;
    char w[FOLD_CAP];

    if (!s)
        return;
    all = strlen(s);
    while (bd->rc == CAB_OK && cab_word_next(s, all, &pos, &start, &len)) {
        size_t n = cab_word_fold(s + start, len, w, sizeof w);

        if (n == 0 || n > CAB_MAX_WORD)
            continue;
        spell_count(bd, w, n);
    }
}

static void set_value(struct build *bd, enum cab_slot slot, const char *v, size_t len)
{
    cab_status rc;

    if (bd->rc != CAB_OK || !v || len == 0)
        return;
    rc = xw_doc_set_value(bd->doc, (unsigned)slot, v, len);
    if (rc != CAB_OK)
        fail(bd, rc, "cannot set a value");
}

static void set_value_str(struct build *bd, enum cab_slot slot, const char *v)
{
    if (v)
        set_value(bd, slot, v, strlen(v));
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A many-valued slot: the values sorted, distinct, joined by CAB_VALUE_SEP.
 * 'v' holds 'n' pointers, each at 'stride' bytes from the previous. */
static void set_value_many(struct build *bd, enum cab_slot slot, const void *v, size_t n,
                           size_t stride)
{
    struct cab_buf joined;
    const char **sorted;
    size_t m = 0;

    if (bd->rc != CAB_OK || n == 0)
        return;
    sorted = cab_calloc(n, sizeof *sorted);
    if (!sorted) {
        fail(bd, CAB_NOMEM, "cannot set a value");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const char *s = *(const char *const *)((const char *)v + i * stride);

        if (s && *s)
            sorted[m++] = s;
    }
    qsort(sorted, m, sizeof *sorted, cmp_str);
    cab_buf_init(&joined, CAB_MAX_RECORD);
    for (size_t i = 0; i < m && bd->rc == CAB_OK; i++) {
        if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0)
            continue;
        if ((joined.len && cab_buf_addch(&joined, CAB_VALUE_SEP) != CAB_OK) ||
            cab_buf_addstr(&joined, sorted[i]) != CAB_OK)
            fail(bd, CAB_NOMEM, "cannot set a value");
    }
    set_value(bd, slot, joined.data, joined.len);
    cab_buf_release(&joined);
    cab_free(sorted);
}

static void add_dates(struct build *bd, int64_t created)
{
    char iso[21], v[16];

    if (created == CAB_TIME_UNKNOWN || !*cab_time_iso(created, iso))
        return;
    /* "2009-12-01T04:47:00Z" -> "20091201044700", "2009", "2009-12" */
    memcpy(v, iso, 4);
    memcpy(v + 4, iso + 5, 2);
    memcpy(v + 6, iso + 8, 2);
    memcpy(v + 8, iso + 11, 2);
    memcpy(v + 10, iso + 14, 2);
    memcpy(v + 12, iso + 17, 2);
    set_value(bd, CAB_SLOT_CREATED, v, 14);
    set_value(bd, CAB_SLOT_YEAR, iso, 4);
    set_value(bd, CAB_SLOT_MONTH, iso, 7);
    add_bool(bd, CAB_P_YEAR, iso, 4);
    add_bool(bd, CAB_P_MONTH, iso, 7);
}

static void add_fields(struct build *bd, const struct cable *c)
{
    add_bool_upper(bd, CAB_P_ID, c->id);
    set_value_str(bd, CAB_SLOT_ID, c->id);

    for (size_t i = 0; i < c->n_tags; i++)
        add_bool_upper(bd, CAB_P_TAG, c->tags[i].value);
    set_value_many(bd, CAB_SLOT_TAGS, c->n_tags ? &c->tags[0].value : NULL, c->n_tags,
                   sizeof *c->tags);
    for (size_t i = 0; i < c->n_countries; i++)
        add_bool_upper(bd, CAB_P_COUNTRY, c->countries[i].code);
    set_value_many(bd, CAB_SLOT_COUNTRIES, c->n_countries ? &c->countries[0].code : NULL,
                   c->n_countries, sizeof *c->countries);

    add_bool_lower(bd, CAB_P_ORIGIN, c->origin);
    add_bool_words(bd, CAB_P_ORIGIN_W, c->origin);
    set_value_str(bd, CAB_SLOT_ORIGIN, c->origin);

    add_bool_lower(bd, CAB_P_CLASS, c->class_level);
    set_value_str(bd, CAB_SLOT_CLASS, c->class_level);
    add_bool_lower(bd, CAB_P_MARKING, c->classification);
    set_value_str(bd, CAB_SLOT_MARKING, c->classification);
    for (size_t i = 0; i < c->n_caveats; i++)
        add_bool_lower(bd, CAB_P_CAVEAT, c->caveats[i]);
    set_value_many(bd, CAB_SLOT_CAVEATS, c->caveats, c->n_caveats, sizeof *c->caveats);

    for (size_t i = 0; i < c->n_people; i++) {
        add_bool_lower(bd, CAB_P_PERSON, c->people[i].name);
        add_bool_words(bd, CAB_P_PERSON_W, c->people[i].name);
    }
    set_value_many(bd, CAB_SLOT_PEOPLE, c->n_people ? &c->people[0].name : NULL, c->n_people,
                   sizeof *c->people);
    for (size_t i = 0; i < c->n_places; i++)
        add_bool_lower(bd, CAB_P_PLACE, c->places[i].name);
    set_value_many(bd, CAB_SLOT_PLACES, c->n_places ? &c->places[0].name : NULL, c->n_places,
                   sizeof *c->places);
    for (size_t i = 0; i < c->n_refs; i++)
        add_bool_upper(bd, CAB_P_REF, c->refs[i]);

    add_dates(bd, c->created);
    if (c->source_path)
        add_bool(bd, CAB_P_SOURCE, c->source_path, strlen(c->source_path));
}

static void add_source_value(struct build *bd, const struct cable *c)
{
    char num[32];
    struct cab_buf v;

    if (bd->rc != CAB_OK || !c->source_path)
        return;
    cab_buf_init(&v, CAB_MAX_RECORD);
    snprintf(num, sizeof num, "%llu", (unsigned long long)c->source_offset);
    if (cab_buf_addstr(&v, c->source_path) != CAB_OK || cab_buf_addch(&v, '\n') != CAB_OK ||
        cab_buf_addstr(&v, num) != CAB_OK)
        fail(bd, CAB_NOMEM, "cannot set the source");
    set_value(bd, CAB_SLOT_SOURCE, v.data, v.len);
    cab_buf_release(&v);
}

/* What a hit shows, so a result page needs no record decode.  Only memory
 * failures fail the document: without a summary a hit reads the record. */
static void add_summary_value(struct build *bd, const struct cable *c)
{
    struct cab_buf v;
    cab_status rc;

    if (bd->rc != CAB_OK)
        return;
    cab_buf_init(&v, CAB_MAX_SUMMARY);
    rc = cab_summary_encode(c, &v);
    if (rc == CAB_OK)
        set_value(bd, CAB_SLOT_SUMMARY, v.data, v.len);
    else if (rc == CAB_NOMEM)
        fail(bd, rc, "cannot set the summary");
    cab_buf_release(&v);
}

cab_status cab_doc_build(cab_doc_builder *b, const struct cable *c, xw_doc **out,
                         uint64_t *hash, char err[CAB_ERR_SIZE])
{
    struct build bd = { b, NULL, CAB_OK, err, 0 };
    uint64_t h = 0;
    char hex[17];
    cab_status rc;

    *out = NULL;
    err[0] = '\0';
    if (!c->id || !*c->id) {
        cab_err_set(err, "cable has no reference ID");
        return CAB_BAD_INPUT;
    }
    rc = xw_doc_new(&bd.doc);
    if (rc != CAB_OK) {
        fail(&bd, rc, "cannot create a document");
        return rc;
    }
    add_text(&bd, c->subject, 1);
    bd.pos += POSITION_GAP;
    add_text(&bd, c->text ? c->text : c->body, 0);
    add_fields(&bd, c);
    add_source_value(&bd, c);
    add_summary_value(&bd, c);

    cab_buf_reset(&b->record);
    if (bd.rc == CAB_OK) {
        rc = cab_record_encode_hashed(c, &b->record, &h);
        if (rc != CAB_OK)
            fail(&bd, rc, "cannot encode the cable");
    }
    cab_doc_hash_hex(h, hex);
    set_value(&bd, CAB_SLOT_HASH, hex, 16);
    if (bd.rc == CAB_OK) {
        rc = xw_doc_set_data(bd.doc, b->record.data, b->record.len);
        if (rc != CAB_OK)
            fail(&bd, rc, "cannot set the document data");
    }
    if (bd.rc != CAB_OK) {
        xw_doc_free(bd.doc);
        return bd.rc;
    }
    if (hash)
        *hash = h;
    *out = bd.doc;
    return CAB_OK;
}

cab_status cab_doc_spelling_count(cab_doc_builder *b, const struct cable *c)
{
    char err[CAB_ERR_SIZE];
    struct build bd = { b, NULL, CAB_OK, err, 0 };

    count_text(&bd, c->subject);
    count_text(&bd, c->text ? c->text : c->body);
    return bd.rc;
}

cab_status cab_doc_spelling_flush(cab_doc_builder *b, xw_db *db)
{
    cab_status rc = CAB_OK;

    if (!b->spell)
        return CAB_OK;
    for (size_t i = 0; i < SPELL_SLOTS && rc == CAB_OK; i++)
        if (b->spell[i].word)
            rc = xw_db_add_spelling(db, b->spell[i].word, b->spell[i].count);
    spell_clear(b);
    return rc;
}
