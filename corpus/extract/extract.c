/* Extraction orchestration: the patterns, the line map of the body, and
 * the order in which the extractors run.
 *
 * A telegram body, from its classification line on, looks like this (the
 * parts in brackets may be missing, repeated after a page break, written
 * in lower case or run together on one line):
 *
 *   C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980
 *   [SIPDIS / NOFORN lines]
 *   [STATE FOR ...]
 *   E.O. 12958: DECL: 01/19/2029
 *   TAGS: PGOV PREL KZ            (wrapped onto the next line sometimes)
 *   SUBJECT: ...                  (wrapped until a blank line)
 *   [ASTANA 00002101 001.3 OF 003]
 *   REF: A. STATE 1234 B. ASTANA 1206
 *   [Classified By: ...]
 *   1. (C) paragraphs ...
 *
 * Each line gets a kind once; the extractors then look only at their
 * lines, which keeps extraction linear in the size of the body.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cab_mem.h"
#include "extract.h"
#include "gazetteer.h"
#include "extract_internal.h"
#include "names.h"

/* Sources of the patterns; all are matched against one line at a time. */
static const char *const pattern_src[EX_PAT_COUNT] = {
    [EX_PAT_CLASS] =
        "^(T\\s?O\\s?P\\s+S\\s?E\\s?C\\s?R\\s?E\\s?T"
        "|S\\s?E\\s?C\\s?R\\s?E\\s?T"
        "|C\\s?O\\s?N\\s?F\\s?I\\s?D\\s?E\\s?N\\s?T\\s?I\\s?A\\s?L"
        "|U\\s?N\\s?C\\s?L\\s?A\\s?S\\s?S\\s?I\\s?F\\s?I\\s?E\\s?D"
        "|U\\s?N\\s?C\\s?L\\s?A\\s?S"
        "|L\\s?I\\s?M\\s?I\\s?T\\s?E\\s?D\\s+O\\s?F\\s?F\\s?I\\s?C\\s?I\\s?A\\s?L"
        "\\s+U\\s?S\\s?E)(?![A-Z])(.*)$",
    [EX_PAT_SECTION] = "\\bSECTION\\s*0*(\\d{1,3})\\s+OF\\s+0*(\\d{1,3})\\b",
    [EX_PAT_PAGE] =
        "^[A-Z][A-Z .'-]{1,40}?\\s+\\d{1,8}\\s+\\d{1,3}(?:\\.\\d{1,3})?\\s+OF\\s+\\d{1,3}\\s*$",
    [EX_PAT_DTG] =
        "(?<![A-Z0-9])(?:([A-Z]{1,2})\\s+)?([0-3]\\d)([0-2]\\d)([0-5]\\d)\\s?Z\\s+"
        "(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]{0,6}\\.?\\s+(\\d{4}|\\d{2})(?![0-9])",
    [EX_PAT_MARKING] =
        "^(?:\\d{1,3}\\s*[.)]\\s*)?\\(\\s*((?:TS|SBU|S|C|U|LOU)"
        "(?:\\s*(?:/{1,2}|-|\\s)\\s*[A-Z][A-Z ,]{0,30}?)*)\\s*\\)",
    [EX_PAT_PARA] = "^\\d{1,3}\\s*[.)](?:\\s|\\(|$)",
    [EX_PAT_DE_LINE] = "^DE\\s+[A-Z]{3,8}\\s*#\\s*(\\d{1,7})",
};

static pcre2_code *patterns[EX_PAT_COUNT];
static pcre2_general_context *gctx;
static int initialised;

static void *pcre_alloc(size_t n, void *data)
{
    (void)data;
    return cab_malloc(n);
}

static void pcre_free(void *p, void *data)
{
    (void)data;
    cab_free(p);
}

cab_status cab_extract_init(char err[CAB_ERR_SIZE])
{
    pcre2_compile_context *cctx;
    cab_status rc;

    if (initialised)
        return CAB_OK;
    gctx = pcre2_general_context_create(pcre_alloc, pcre_free, NULL);
    if (!gctx)
        goto out_nomem;
    cctx = pcre2_compile_context_create(gctx);
    if (!cctx)
        goto out_nomem;
    for (int i = 0; i < EX_PAT_COUNT; i++) {
        int code;
        PCRE2_SIZE off;

        patterns[i] = pcre2_compile((PCRE2_SPTR)pattern_src[i], PCRE2_ZERO_TERMINATED,
                                    PCRE2_CASELESS | PCRE2_UTF | PCRE2_NO_UTF_CHECK,
                                    &code, &off, cctx);
        if (!patterns[i]) {
            PCRE2_UCHAR msg[256];

            pcre2_get_error_message(code, msg, sizeof msg);
            pcre2_compile_context_free(cctx);
            cab_extract_shutdown();
            snprintf(err, CAB_ERR_SIZE, "cannot compile extraction pattern %d: %s", i,
                     (const char *)msg);
            return CAB_INTERNAL;
        }
        /* JIT is an optimisation only: without it matching still works. */
        (void)pcre2_jit_compile(patterns[i], PCRE2_JIT_COMPLETE);
    }
    pcre2_compile_context_free(cctx);
    /* Loaded here, once, rather than on first use by the people and place
     * extractors: cab_extract() runs on several threads. */
    rc = cab_gazetteer_init(err);
    if (rc != CAB_OK) {
        cab_extract_shutdown();
        return rc;
    }
    initialised = 1;
    return CAB_OK;

out_nomem:
    cab_extract_shutdown();
    snprintf(err, CAB_ERR_SIZE, "out of memory compiling extraction patterns");
    return CAB_NOMEM;
}

void cab_extract_shutdown(void)
{
    for (int i = 0; i < EX_PAT_COUNT; i++) {
        pcre2_code_free(patterns[i]);
        patterns[i] = NULL;
    }
    pcre2_general_context_free(gctx);
    gctx = NULL;
    cab_gazetteer_shutdown();
    initialised = 0;
}

const pcre2_code *ex_pattern(enum ex_pattern p)
{
    return patterns[p];
}

int ex_match(struct ex_doc *d, enum ex_pattern p, const char *s, size_t len)
{
    int rc = pcre2_match(patterns[p], (PCRE2_SPTR)s, len, 0, PCRE2_NO_UTF_CHECK, d->md, NULL);

    if (rc >= 0)
        return 1;
    if (rc == PCRE2_ERROR_NOMEMORY && d->rc == CAB_OK)
        d->rc = CAB_NOMEM;
    return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

const char *ex_group(struct ex_doc *d, const char *s, unsigned g, size_t *len)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);

    if (g >= pcre2_get_ovector_count(d->md) || ov[2 * g] == PCRE2_UNSET) {
        *len = 0;
        return s;
    }
    *len = ov[2 * g + 1] - ov[2 * g];
    return s + ov[2 * g];
}

int ex_line_starts(const struct ex_line *l, const char *word)
{
    size_t n = strlen(word);

    return l->len >= n && strncasecmp(l->s, word, n) == 0;
}

const char *ex_memmem_ci(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (strncasecmp(s + i, needle, n) == 0)
            return s + i;
    return NULL;
}

cab_status ex_strv_add(char ***v, size_t *n, size_t max, const char *s, size_t len)
{
    char **nv;
    char *copy;

    for (size_t i = 0; i < *n; i++)
        if (strlen((*v)[i]) == len && memcmp((*v)[i], s, len) == 0)
            return CAB_OK;
    if (*n >= max)
        return CAB_OK; /* the cap drops extras quietly: a cable is not wrong for having many */
    copy = cab_strndup(s, len);
    if (!copy)
        return CAB_NOMEM;
    nv = cab_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv) {
        cab_free(copy);
        return CAB_NOMEM;
    }
    nv[(*n)++] = copy;
    *v = nv;
    return CAB_OK;
}

/* --- The line map. --- */

static cab_status split_lines(struct ex_doc *d, const char *body)
{
    size_t n = 1, i = 0;
    const char *p;

    for (p = body; *p; p++)
        n += *p == '\n';
    d->lines = cab_calloc(n, sizeof *d->lines);
    if (!d->lines)
        return CAB_NOMEM;
    p = body;
    while (*p || i == 0) {
        const char *end = strchr(p, '\n');
        const char *s = p;
        size_t len;

        if (!end)
            end = p + strlen(p);
        for (;;) {
            while (s < end && (*s == ' ' || *s == '\t' || *s == '\r'))
                s++;
            /* The paragraph sign that cablegate pages put before numbers. */
            if (end - s >= 2 && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xb6)
                s += 2;
            else
                break;
        }
        len = (size_t)(end - s);
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
            len--;
        d->lines[i].s = s;
        d->lines[i].len = len;
        d->lines[i].kind = EX_LINE_TEXT;
        i++;
        if (!*end)
            break;
        p = end + 1;
    }
    d->n_lines = i;
    return CAB_OK;
}

/* "REF", "REFS:", "REFTEL", "REF A:"... followed by something not a letter. */
static int is_ref_start(const struct ex_line *l)
{
    static const char *const words[] = { "REFERENCES", "REFERENCE", "REFTELS", "REFTEL",
                                         "REFS", "REF" };

    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t n = strlen(words[i]);

        if (ex_line_starts(l, words[i])) {
            char next = l->len > n ? l->s[n] : '\0';

            if (next == ':' || next == '.' || next == ' ' || next == '\t' || next == '\0' ||
                next == '(' || next == '-')
                return !(next == ' ' && l->len > n + 2 && l->s[n + 1] >= 'a' &&
                         l->s[n + 1] <= 'z' && l->s[n + 2] >= 'a' && l->s[n + 2] <= 'z');
            return 0;
        }
    }
    return 0;
}

static int is_word_start(const struct ex_line *l, const char *word)
{
    size_t n = strlen(word);
    char next;

    if (!ex_line_starts(l, word))
        return 0;
    next = l->len > n ? l->s[n] : '\0';
    return next == ':' || next == ' ' || next == '.' || next == '\t' || next == '\0';
}

static int is_eo_line(const struct ex_line *l)
{
    return ex_line_starts(l, "E.O.") || ex_line_starts(l, "E. O.") ||
           ex_line_starts(l, "EO 1") || ex_line_starts(l, "EO:") || ex_line_starts(l, "E.O 1") ||
           ex_line_starts(l, "EO1");
}

static int is_subject_start(const struct ex_line *l)
{
    return is_word_start(l, "SUBJECT") || is_word_start(l, "SUBJ");
}

static int is_tags_start(const struct ex_line *l)
{
    return is_word_start(l, "TAGS") || is_word_start(l, "TAG");
}

/* Every token of the line could be a tag: a TAGS line wrapped onto this one. */
static int is_tag_continuation(const struct ex_line *l)
{
    size_t i = 0, tokens = 0;

    while (i < l->len) {
        size_t start;

        while (i < l->len && (l->s[i] == ' ' || l->s[i] == ',' || l->s[i] == ';'))
            i++;
        start = i;
        while (i < l->len && l->s[i] != ' ' && l->s[i] != ',' && l->s[i] != ';')
            i++;
        if (i > start) {
            if (!ex_tag_plausible(l->s + start, i - start))
                return 0;
            tokens++;
        }
    }
    return tokens > 0;
}

/* A REF list item: "B. PARIS 8313", "(C) STATE 1234", or a wrapped
 * line with the next item in it ("OF 10/6 D) STATE 215870"). */
static int has_list_label(const struct ex_line *l)
{
    if (l->len >= 2 && isupper((unsigned char)l->s[0]) && (l->s[1] == '.' || l->s[1] == ')'))
        return 1;
    if (l->len >= 3 && l->s[0] == '(' && isupper((unsigned char)l->s[1]) && l->s[2] == ')')
        return 1;
    for (size_t i = 1; i + 2 < l->len && i < 80; i++)
        if (l->s[i - 1] == ' ' && isupper((unsigned char)l->s[i]) &&
            (l->s[i + 1] == ')' || l->s[i + 1] == '.') && l->s[i + 2] == ' ')
            return 1;
    return 0;
}

/* A line that ends a SUBJECT, TAGS or REF block. */
static int is_block_end(struct ex_doc *d, const struct ex_line *l)
{
    return is_subject_start(l) || is_tags_start(l) || is_eo_line(l) || is_ref_start(l) ||
           ex_line_starts(l, "CLASSIFIED BY") || ex_line_starts(l, "CLASSIFIED  BY") ||
           ex_line_starts(l, "SUMMARY") || ex_match(d, EX_PAT_PARA, l->s, l->len) == 1 ||
           ex_match(d, EX_PAT_MARKING, l->s, l->len) == 1;
}

/* A classification line repeated after a page break, or a bare marking line
 * such as the closing "CONFIDENTIAL". */
static int is_section_line(struct ex_doc *d, const struct ex_line *l)
{
    const char *rest;
    size_t rest_len, words = 0;

    if (ex_match(d, EX_PAT_CLASS, l->s, l->len) != 1)
        return 0;
    rest = ex_group(d, l->s, 2, &rest_len);
    if (ex_match(d, EX_PAT_SECTION, rest, rest_len) == 1)
        return 1;
    while (rest_len > 0 && (*rest == ' ' || *rest == '/' || *rest == '-')) {
        rest++;
        rest_len--;
    }
    if (rest_len == 0 || ex_is_caveat_line(rest, rest_len))
        return 1;
    /* "SECRET STATE 123456": a post and a number, nothing else. */
    if (rest[rest_len - 1] < '0' || rest[rest_len - 1] > '9')
        return 0;
    for (size_t i = 0; i < rest_len; i++)
        words += rest[i] == ' ' && i + 1 < rest_len && rest[i + 1] != ' ';
    return words <= 5;
}

static int is_note_line(const struct ex_line *l)
{
    return ex_line_starts(l, "This record is a partial extract");
}

static void mark_lines(struct ex_doc *d)
{
    enum ex_line_kind block = EX_LINE_TEXT;
    size_t block_lines = 0, front_end;
    int front = 1;

    d->class_line = d->n_lines;
    for (size_t i = 0, seen = 0; i < d->n_lines && seen < EX_CLASS_LINE_WINDOW; i++) {
        struct ex_line *l = &d->lines[i];

        if (l->len == 0)
            continue;
        seen++;
        if (ex_match(d, EX_PAT_CLASS, l->s, l->len) == 1) {
            l->kind = EX_LINE_CLASS;
            d->class_line = i;
            break;
        }
        if (is_note_line(l))
            l->kind = EX_LINE_NOTE;
        else if (ex_match(d, EX_PAT_DTG, l->s, l->len) == 1 && l->len < 40)
            l->kind = EX_LINE_DTG;
    }
    front_end = (d->class_line < d->n_lines ? d->class_line : 0) + EX_FRONT_MAX_LINES;

    for (size_t i = d->class_line < d->n_lines ? d->class_line + 1 : 0; i < d->n_lines; i++) {
        struct ex_line *l = &d->lines[i];

        if (l->kind != EX_LINE_TEXT)
            continue;
        if (l->len == 0) {
            /* A blank line ends a subject or TAGS block; a REF list may go
             * on after one when the next line is its next item. */
            if (block == EX_LINE_REF) {
                size_t j = i + 1;

                while (j < d->n_lines && d->lines[j].len == 0)
                    j++;
                if (j < d->n_lines && has_list_label(&d->lines[j]) && !is_block_end(d, &d->lines[j]))
                    continue;
            }
            block = EX_LINE_TEXT;
            continue;
        }
        if (ex_match(d, EX_PAT_PAGE, l->s, l->len) == 1) {
            l->kind = EX_LINE_PAGE;
            continue;
        }
        if (ex_is_caveat_line(l->s, l->len)) {
            l->kind = EX_LINE_CAVEAT;
            continue;
        }
        if (is_section_line(d, l)) {
            l->kind = EX_LINE_SECTION;
            block = EX_LINE_TEXT;
            continue;
        }
        if (!front)
            continue;
        if (i > front_end || ex_match(d, EX_PAT_PARA, l->s, l->len) == 1 ||
            ex_match(d, EX_PAT_MARKING, l->s, l->len) == 1) {
            front = 0;
            continue;
        }
        if (is_eo_line(l)) {
            l->kind = EX_LINE_EO;
            block = EX_LINE_TEXT;
        } else if (is_tags_start(l)) {
            l->kind = EX_LINE_TAGS;
            block = EX_LINE_TAGS;
            block_lines = 1;
        } else if (is_subject_start(l)) {
            l->kind = EX_LINE_SUBJECT;
            block = EX_LINE_SUBJECT;
            block_lines = 1;
        } else if (is_ref_start(l)) {
            l->kind = EX_LINE_REF;
            block = EX_LINE_REF;
            block_lines = 1;
        } else if (is_note_line(l)) {
            l->kind = EX_LINE_NOTE;
        } else if (block == EX_LINE_SUBJECT && block_lines < EX_SUBJECT_MAX_LINES &&
                   !is_block_end(d, l)) {
            l->kind = EX_LINE_SUBJECT;
            block_lines++;
        } else if (block == EX_LINE_TAGS && block_lines < EX_TAGS_MAX_LINES &&
                   !is_block_end(d, l) && is_tag_continuation(l)) {
            l->kind = EX_LINE_TAGS;
            block_lines++;
        } else if (block == EX_LINE_REF && block_lines < EX_REF_MAX_LINES &&
                   !is_block_end(d, l)) {
            l->kind = EX_LINE_REF;
            block_lines++;
        } else {
            block = EX_LINE_TEXT;
        }
    }
}

/* People, then places (which leave out words of people's names): both
 * read the same words, so the text is split and folded once for both. */
static cab_status find_people_and_places(struct cable *c)
{
    struct cab_name_text t;
    cab_status st;

    cable_clear_people(c);
    cable_clear_places(c);
    st = cab_name_text_build(c, &t);
    if (st == CAB_OK)
        st = cab_people_find(c, &t);
    if (st == CAB_OK)
        st = cab_places_find(c, &t);
    cab_name_text_release(&t);
    return st;
}

static cab_status run(struct ex_doc *d)
{
    static cab_status (*const steps[])(struct ex_doc *) = {
        ex_extract_class, ex_extract_time, ex_extract_origin, ex_extract_id,
        ex_extract_subject, ex_extract_tags, ex_extract_refs, ex_extract_text,
    };
    cab_status st = CAB_OK;

    mark_lines(d);
    for (size_t i = 0; i < sizeof steps / sizeof *steps && st == CAB_OK; i++) {
        /* A match that ran out of memory explains any later failure. */
        if (d->rc != CAB_OK)
            return d->rc;
        st = steps[i](d);
    }
    if (d->rc != CAB_OK)
        return d->rc;
    if (st == CAB_OK)
        st = find_people_and_places(d->c);
    return st;
}

cab_status cab_extract(struct cable *c, char err[CAB_ERR_SIZE])
{
    struct ex_doc d;
    cab_status st;

    err[0] = '\0';
    if (!initialised) {
        st = cab_extract_init(err);
        if (st != CAB_OK)
            return st;
    }
    cable_clear_extracted(c);
    memset(&d, 0, sizeof d);
    d.c = c;
    d.md = pcre2_match_data_create(16, gctx);
    if (!d.md) {
        snprintf(err, CAB_ERR_SIZE, "out of memory extracting fields");
        return CAB_NOMEM;
    }
    st = split_lines(&d, c->body ? c->body : "");
    if (st == CAB_OK)
        st = run(&d);
    if (st == CAB_NOMEM)
        snprintf(err, CAB_ERR_SIZE, "out of memory extracting fields");
    else if (st != CAB_OK)
        snprintf(err, CAB_ERR_SIZE, "%s", d.err[0] ? d.err : cab_status_str(st));
    cab_free(d.lines);
    pcre2_match_data_free(d.md);
    return st;
}
