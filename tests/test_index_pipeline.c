/* The reading stage of the indexer (indexer/pipeline.c): items come in
 * input order whatever the number of threads, each source ends once, a
 * source that cannot be read is rejected then ended, and stopping early
 * joins the threads without leaks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../indexer/pipeline.h"
#include "extract.h"
#include "gazetteer.h"

#define N_SRC 12

static char dir[] = "/tmp/test_pipe_XXXXXX";
static char paths[N_SRC][128];
static const char *path_v[N_SRC];

/* A plain-text cable in the metadata-block layout of the corpus. */
static void write_cable(const char *path, const char *id, const char *word)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fprintf(f,
            "Identifier\nCreated\nClassification\nOrigin\n%s\n2009-12-01 04:47:00\n"
            "UNCLASSIFIED\nEmbassy Astana\nCable title:  \n\nKAZAKHSTAN: SHELTER %s\n\n"
            "Tags:  PGOV KTIP KZ \n"
            "UNCLAS ASTANA 002101\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV, KTIP, KZ\n"
            "SUBJECT: KAZAKHSTAN: SHELTER %s\n\n1. Summary: the shelter in Kokshetau "
            "helps %s victims of trafficking.\n\nHOAGLAND\n",
            id, word, word, word);
    fclose(f);
}

static int setup(void **state)
{
    char err[CAB_ERR_SIZE];

    (void)state;
    if (!mkdtemp(dir))
        return -1;
    for (int i = 0; i < N_SRC; i++) {
        char id[32], word[32];

        snprintf(paths[i], sizeof paths[i], "%s/c%02d.txt", dir, i);
        path_v[i] = paths[i];
        if (i == 4) {
            /* Missing: rejected, then ended. */
            continue;
        }
        snprintf(id, sizeof id, "09ASTANA%04d", 2100 + i);
        snprintf(word, sizeof word, "WORD%c", 'A' + i);
        write_cable(paths[i], id, word);
    }
    if (cab_extract_init(err) != CAB_OK)
        return -1;
    cab_gazetteer_init(err);
    return 0;
}

static int teardown(void **state)
{
    char cmd[256];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* The items of a whole run as one line per item. */
static void trace(unsigned jobs, char *out, size_t cap)
{
    char err[CAB_ERR_SIZE];
    cab_pipe *p = NULL;
    struct cab_item *it;
    size_t len = 0;

    assert_int_equal(cab_pipe_new(path_v, N_SRC, jobs, &p, err), CAB_OK);
    while ((it = cab_pipe_next(p)) != NULL) {
        const char *what = "?";

        switch (it->kind) {
        case CAB_ITEM_CABLE:    what = it->cable->id; break;
        case CAB_ITEM_REJECTED: what = "rejected"; break;
        case CAB_ITEM_FAILED:   what = "failed"; break;
        case CAB_ITEM_END:      what = it->complete ? "end" : it->opened ? "cut" : "unread"; break;
        }
        if (it->kind == CAB_ITEM_CABLE)
            assert_non_null(it->doc);
        len += (size_t)snprintf(out + len, cap - len, "%zu %s\n", it->pos, what);
        assert_true(len < cap);
        cab_item_free(it);
    }
    cab_pipe_free(p);
}

static void test_order_whatever_the_jobs(void **state)
{
    char one[4096], two[4096], five[4096];

    (void)state;
    trace(1, one, sizeof one);
    trace(2, two, sizeof two);
    trace(5, five, sizeof five);
    assert_string_equal(one, two);
    assert_string_equal(one, five);
    assert_non_null(strstr(one, "0 09ASTANA2100\n0 end\n1 09ASTANA2101\n1 end\n"));
    /* The missing source: one rejection, then its end, unread. */
    assert_non_null(strstr(one, "\n4 rejected\n4 unread\n5 09ASTANA2105\n"));
    assert_non_null(strstr(one, "11 09ASTANA2111\n11 end\n"));
}

static void test_no_sources(void **state)
{
    char err[CAB_ERR_SIZE];
    cab_pipe *p = NULL;

    (void)state;
    assert_int_equal(cab_pipe_new(path_v, 0, 3, &p, err), CAB_OK);
    assert_null(cab_pipe_next(p));
    assert_null(cab_pipe_next(p));
    cab_pipe_free(p);
    cab_pipe_free(NULL);
}

/* Stopping after one item while the threads are still reading. */
static void test_stop_early(void **state)
{
    char err[CAB_ERR_SIZE];
    cab_pipe *p = NULL;
    struct cab_item *it;

    (void)state;
    for (unsigned jobs = 1; jobs <= 4; jobs++) {
        assert_int_equal(cab_pipe_new(path_v, N_SRC, jobs, &p, err), CAB_OK);
        it = cab_pipe_next(p);
        assert_non_null(it);
        assert_int_equal(it->kind, CAB_ITEM_CABLE);
        assert_int_equal(it->pos, 0);
        cab_item_free(it);
        cab_pipe_free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_whatever_the_jobs),
        cmocka_unit_test(test_no_sources),
        cmocka_unit_test(test_stop_early),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
