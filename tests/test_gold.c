/* Accuracy of people and place extraction on the hand-annotated cables of
 * tests/gold: precision and recall for each, printed, and checked against
 * floors.  Skipped (77) when the shared corpus is absent.
 *
 * A gold place matches an extracted one when their folded names are equal;
 * a gold person matches when the surnames (last words) are equal and the
 * given names agree (one missing, equal first words, or an initial that
 * fits).  Each extracted name matches at most one gold name.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../corpus/extract/names.h"
#include "cab_mem.h"
#include "corpus.h"
#include "extract.h"
#include "gazetteer.h"

#define MAX_GOLD_LINE 512
#define MAX_CABLE_FILE (16u << 20)
#define MIN_PRECISION 0.85
#define MIN_RECALL 0.75

struct score {
    size_t gold, found, matched;
};

static char src_dir[4096], shared_dir[4096];
static int verbose;

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    size_t n = 0, cap = 1 << 16;

    if (!f)
        return NULL;
    data = malloc(cap + 1);
    while (data) {
        size_t r = fread(data + n, 1, cap - n, f);

        n += r;
        if (n < cap || n >= MAX_CABLE_FILE)
            break;
        cap *= 2;
        char *more = realloc(data, cap + 1);

        if (!more)
            free(data);
        data = more;
    }
    fclose(f);
    if (data) {
        data[n] = '\0';
        *len = n;
    }
    return data;
}

static void fold(const char *s, char *out, size_t cap)
{
    if (cab_name_fold(s, strlen(s), out, cap) == 0)
        out[0] = '\0';
}

static const char *surname(const char *folded)
{
    const char *sp = strrchr(folded, ' ');

    return sp ? sp + 1 : folded;
}

static int person_match(const char *gold, const char *found)
{
    char g[CAB_MAX_NAME], f[CAB_MAX_NAME];
    const char *gs, *fs;
    size_t gl, fl, gw, fw;

    fold(gold, g, sizeof g);
    fold(found, f, sizeof f);
    gs = surname(g);
    fs = surname(f);
    if (strcmp(gs, fs) != 0)
        return 0;
    gl = (size_t)(gs - g);
    fl = (size_t)(fs - f);
    if (gl == 0 || fl == 0)
        return 1;
    gw = strcspn(g, " ");
    fw = strcspn(f, " ");
    if (gw == 1 || fw == 1)
        return g[0] == f[0];
    return gw == fw && memcmp(g, f, gw) == 0;
}

static int place_match(const char *gold, const char *found)
{
    char g[CAB_MAX_NAME], f[CAB_MAX_NAME];

    fold(gold, g, sizeof g);
    fold(found, f, sizeof f);
    return strcmp(g, f) == 0;
}

/* Gold names of one cable from a TSV file; returns how many, up to 'max'. */
static size_t gold_names(const char *file, const char *id, char names[][MAX_GOLD_LINE], size_t max)
{
    char path[8192], line[MAX_GOLD_LINE];
    FILE *f;
    size_t n = 0, idl = strlen(id);

    snprintf(path, sizeof path, "%s/tests/gold/%s", src_dir, file);
    f = fopen(path, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, id, idl) == 0 && line[idl] == '\t' && n < max)
            snprintf(names[n++], MAX_GOLD_LINE, "%s", line + idl + 1);
    }
    fclose(f);
    return n;
}

static void score_cable(const char *id, const char *kind, char gold[][MAX_GOLD_LINE], size_t ng,
                        const char **found, size_t nf, int (*match)(const char *, const char *),
                        struct score *s)
{
    int used[CAB_MAX_PEOPLE + CAB_MAX_PLACES] = { 0 };
    size_t i, j;

    s->gold += ng;
    s->found += nf;
    for (i = 0; i < ng; i++) {
        for (j = 0; j < nf; j++)
            if (!used[j] && match(gold[i], found[j]))
                break;
        if (j < nf) {
            used[j] = 1;
            s->matched++;
        } else if (verbose) {
            printf("%s %s missed: %s\n", id, kind, gold[i]);
        }
    }
    for (j = 0; j < nf && verbose; j++)
        if (!used[j])
            printf("%s %s extra: %s\n", id, kind, found[j]);
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 1.0;
}

static void test_gold_accuracy(void **state)
{
    char list[8192], line[MAX_GOLD_LINE], err[CAB_ERR_SIZE];
    static char gold[CAB_MAX_PEOPLE + CAB_MAX_PLACES][MAX_GOLD_LINE];
    struct score people = { 0, 0, 0 }, places = { 0, 0, 0 };
    FILE *f;
    size_t ncables = 0;

    (void)state;
    assert_int_equal(cab_extract_init(err), CAB_OK);
    assert_int_equal(cab_gazetteer_init(err), CAB_OK);
    snprintf(list, sizeof list, "%s/tests/gold/cables.txt", src_dir);
    f = fopen(list, "r");
    assert_non_null(f);
    while (fgets(line, sizeof line, f)) {
        char path[8192], id[CAB_MAX_ID];
        const char *found[CAB_MAX_PEOPLE + CAB_MAX_PLACES];
        const char *slash, *dot;
        struct cable *c = NULL;
        size_t len = 0, ng, i;
        char *data;

        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0])
            continue;
        slash = strrchr(line, '/');
        slash = slash ? slash + 1 : line;
        dot = strrchr(slash, '.');
        snprintf(id, sizeof id, "%.*s", (int)(dot ? dot - slash : (long)strlen(slash)), slash);
        snprintf(path, sizeof path, "%s/corpus/%s", shared_dir, line);
        data = read_all(path, &len);
        if (!data) {
            print_message("cannot read '%s'\n", path);
            fail();
        }
        assert_int_equal(cab_parse_document(data, len, path, &c, err), CAB_OK);
        assert_int_equal(cab_extract(c, err), CAB_OK);
        ng = gold_names("people.tsv", id, gold, CAB_MAX_PEOPLE);
        for (i = 0; i < c->n_people; i++)
            found[i] = c->people[i].name;
        score_cable(id, "person", gold, ng, found, c->n_people, person_match, &people);
        ng = gold_names("places.tsv", id, gold, CAB_MAX_PLACES);
        for (i = 0; i < c->n_places; i++)
            found[i] = c->places[i].name;
        score_cable(id, "place", gold, ng, found, c->n_places, place_match, &places);
        cable_free(c);
        free(data);
        ncables++;
    }
    fclose(f);
    printf("gold set: %zu cables\n", ncables);
    printf("people: precision %.3f (%zu/%zu) recall %.3f (%zu/%zu)\n",
           ratio(people.matched, people.found), people.matched, people.found,
           ratio(people.matched, people.gold), people.matched, people.gold);
    printf("places: precision %.3f (%zu/%zu) recall %.3f (%zu/%zu)\n",
           ratio(places.matched, places.found), places.matched, places.found,
           ratio(places.matched, places.gold), places.matched, places.gold);
    assert_true(ncables >= 20);
    assert_true(ratio(people.matched, people.found) >= MIN_PRECISION);
    assert_true(ratio(people.matched, people.gold) >= MIN_RECALL);
    assert_true(ratio(places.matched, places.found) >= MIN_PRECISION);
    assert_true(ratio(places.matched, places.gold) >= MIN_RECALL);
    cab_gazetteer_shutdown();
    cab_extract_shutdown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold_accuracy),
    };
    const char *src = getenv("CABLES_SRC"), *shared = getenv("CABLES_SHARED");
    char probe[8192];
    FILE *f;

    if (!src)
        src = CABLES_DATADIR;
    if (!shared || !*shared) {
        snprintf(probe, sizeof probe, "%.2000s/../shared", src);
        shared = probe;
    }
    snprintf(src_dir, sizeof src_dir, "%.2000s", src);
    snprintf(shared_dir, sizeof shared_dir, "%.2000s", shared);
    snprintf(probe, sizeof probe, "%s/corpus/cablegate-html", shared_dir);
    f = fopen(probe, "r");
    if (!f) {
        printf("skipped: no shared corpus at '%s'\n", shared_dir);
        return 77;
    }
    fclose(f);
    verbose = getenv("CABLES_GOLD_VERBOSE") != NULL;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
