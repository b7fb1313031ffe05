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

#include "facet_column.h"
#include "indexer.h"
#include "xw.h"

struct events {
    int rejected, dry_run;
    char last[CAB_ERR_SIZE + 256];
};

static void on_event(enum cab_index_event ev, const char *msg, void *ctx)
{
    struct events *e = ctx;

    if (ev == CAB_EV_REJECTED)
        e->rejected++;
    if (ev == CAB_EV_DRY_RUN)
        e->dry_run++;
    snprintf(e->last, sizeof e->last, "%s", msg);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A plain-text cable in the metadata-block layout of the corpus. */
static void write_cable(const char *dir, const char *id, const char *word)
{
    char text[2048], name[64];

    snprintf(text, sizeof text,
             "Identifier\nCreated\nClassification\nOrigin\n%s\n2009-12-01 04:47:00\n"
             "UNCLASSIFIED\nEmbassy Astana\nCable title:  \n\nKAZAKHSTAN: SHELTER %s\n\n"
             "Tags:  PGOV KTIP KZ \n"
             "UNCLAS ASTANA 002101\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV, KTIP, KZ\n"
             "SUBJECT: KAZAKHSTAN: SHELTER %s\n\n1. Summary: the shelter in Kokshetau "
             "helps %s victims of trafficking.\n\nHOAGLAND\n",
             id, word, word, word);
    snprintf(name, sizeof name, "%s.txt", id);
    write_file(dir, name, text);
}

static void rm_rf(const char *dir)
{
    char cmd[600];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static uint32_t doc_count(const char *db)
{
    char err[XW_ERR_SIZE];
    xw_db *d;
    uint32_t n = 0;

    assert_int_equal(xw_db_open(db, &d, err), CAB_OK);
    assert_int_equal(xw_db_doccount(d, &n), CAB_OK);
    xw_db_close(d);
    return n;
}

static void test_lock_is_exclusive(void **state)
{
    char dir[] = "/tmp/test_index_XXXXXX", err[CAB_ERR_SIZE], want[64];
    int fd1, fd2;

    (void)state;
    assert_non_null(mkdtemp(dir));
    assert_int_equal(cab_index_lock(dir, &fd1, err), CAB_OK);
    assert_true(fd1 >= 0);
    assert_int_equal(cab_index_lock(dir, &fd2, err), CAB_BUSY);
    assert_int_equal(fd2, -1);
    snprintf(want, sizeof want, "(pid %ld)", (long)getpid());
    assert_non_null(strstr(err, "index is being updated by another process"));
    assert_non_null(strstr(err, want));
    cab_index_unlock(fd1);
    assert_int_equal(cab_index_lock(dir, &fd2, err), CAB_OK);
    cab_index_unlock(fd2);
    assert_int_equal(cab_index_lock("/nonexistent/dir", &fd1, err), CAB_IO);
    assert_non_null(strstr(err, "cannot open '/nonexistent/dir/lock'"));
    rm_rf(dir);
}

static void test_sources_walk(void **state)
{
    char dir[] = "/tmp/test_index_XXXXXX", sub[64], missing[80], err[CAB_ERR_SIZE] = "";
    struct cab_source_list l;
    struct events ev = { 0 };
    size_t rejected = 0;
    char *args[3];

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/sub", dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    write_file(dir, "b.txt.gz", "x");
    write_file(dir, "a.HTML", "x");
    write_file(dir, "c.csv", "x");
    write_file(dir, "d.jpg", "x");
    write_file(dir, ".hidden.html", "x");
    write_file(sub, "e.htm", "x");
    snprintf(missing, sizeof missing, "%s/missing.html", dir);
    args[0] = dir;
    args[1] = missing;
    args[2] = "-";
    assert_int_equal(cab_sources_collect(args, 3, &l, &rejected, on_event, &ev, err), CAB_OK);
    assert_int_equal(rejected, 1);
    assert_int_equal(ev.rejected, 1);
    assert_non_null(strstr(ev.last, "missing.html"));
    assert_int_equal(l.n, 5);
    assert_non_null(strstr(l.v[0].path, "/a.HTML"));
    assert_non_null(strstr(l.v[1].path, "/b.txt.gz"));
    assert_non_null(strstr(l.v[2].path, "/c.csv"));
    assert_non_null(strstr(l.v[3].path, "/sub/e.htm"));
    assert_string_equal(l.v[4].path, "-");
    assert_int_equal(l.v[0].size, 1);
    assert_int_equal(l.n_dirs, 1);
    assert_true(cab_sources_in_dirs(&l, l.v[3].path));
    assert_false(cab_sources_in_dirs(&l, "/elsewhere/a.html"));
    {
        char sibling[80];

        /* "/tmp/test_index_X" does not contain "/tmp/test_index_XY/..." */
        snprintf(sibling, sizeof sibling, "%sY/a.html", l.dirs[0]);
        assert_false(cab_sources_in_dirs(&l, sibling));
    }
    cab_sources_release(&l);
    rm_rf(dir);
}

static cab_status run(const char *db, const char *src, int dry_run, struct cab_index_stats *st,
                      struct events *ev)
{
    struct cab_index_opts o = { db, 0, dry_run, 0, 0, 1, 0 };
    char *args[1];
    char err[CAB_ERR_SIZE];

    args[0] = (char *)src;
    memset(ev, 0, sizeof *ev);
    return cab_index_run(&o, args, 1, st, on_event, ev, err);
}

/* Whether the index has a facet column describing it as it is, so that
 * searches count from it. */
static int column_current(const char *db)
{
    char err[XW_ERR_SIZE];
    cab_fcol *c = NULL;
    xw_db *d;
    cab_status st;

    assert_int_equal(xw_db_open(db, &d, err), CAB_OK);
    st = cab_fcol_open(db, d, &c);
    cab_fcol_close(c);
    xw_db_close(d);
    return st == CAB_OK;
}

static cab_status run_compact(const char *db)
{
    struct cab_index_opts o = { db, 0, 0, 1, 0, 1, 0 };
    struct cab_index_stats st;
    struct events ev;
    char err[CAB_ERR_SIZE];

    memset(&ev, 0, sizeof ev);
    return cab_index_run(&o, NULL, 0, &st, on_event, &ev, err);
}

static void test_run_is_incremental(void **state)
{
    char dir[] = "/tmp/test_index_XXXXXX", src[64], db[64], path[128];
    struct cab_index_stats st;
    struct events ev;
    int fd;
    char err[CAB_ERR_SIZE];

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/src", dir);
    snprintf(db, sizeof db, "%s/db", dir);
    assert_int_equal(mkdir(src, 0755), 0);
    write_cable(src, "09ASTANA2101", "ONE");
    write_cable(src, "09ASTANA2102", "TWO");

    assert_int_equal(run(db, src, 1, &st, &ev), CAB_OK);
    assert_int_equal(ev.dry_run, 2);
    assert_int_equal(st.added, 2);

    assert_int_equal(run(db, src, 0, &st, &ev), CAB_OK);
    assert_int_equal(st.added, 2);
    assert_int_equal(st.rejected, 0);
    assert_int_equal(doc_count(db), 2);
    assert_true(column_current(db));
    /* a compacted copy is another database: written again */
    assert_int_equal(run_compact(db), CAB_OK);
    assert_int_equal(doc_count(db), 2);
    assert_true(column_current(db));

    assert_int_equal(run(db, src, 0, &st, &ev), CAB_OK);
    assert_int_equal(st.added + st.changed + st.removed, 0);
    assert_int_equal(st.unchanged, 2);
    assert_true(column_current(db));

    /* Rewritten with new words: changed; the other file removed. */
    sleep(1);
    write_cable(src, "09ASTANA2101", "THREE");
    snprintf(path, sizeof path, "%s/09ASTANA2102.txt", src);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(run(db, src, 1, &st, &ev), CAB_OK);
    assert_int_equal(ev.dry_run, 2);
    assert_int_equal(doc_count(db), 2);
    assert_int_equal(run(db, src, 0, &st, &ev), CAB_OK);
    assert_int_equal(st.changed, 1);
    assert_int_equal(st.removed, 1);
    assert_int_equal(st.added, 0);
    assert_int_equal(doc_count(db), 1);
    assert_true(column_current(db));

    /* A binary file beside: rejected, the rest stays. */
    write_file(src, "junk.html", "\x01\x02\x03\x04\x05\x00\x07");
    assert_int_equal(run(db, src, 0, &st, &ev), CAB_PARTIAL);
    assert_int_equal(st.rejected, 1);
    assert_non_null(strstr(ev.last, "junk.html"));
    assert_int_equal(doc_count(db), 1);

    /* Another writer holds the lock: CAB_BUSY, nothing changes. */
    assert_int_equal(cab_index_lock(db, &fd, err), CAB_OK);
    write_cable(src, "09ASTANA2103", "FOUR");
    assert_int_equal(run(db, src, 0, &st, &ev), CAB_BUSY);
    cab_index_unlock(fd);
    assert_int_equal(doc_count(db), 1);
    rm_rf(dir);
}

static void test_run_usage_errors(void **state)
{
    struct cab_index_opts o = { "/tmp/never-created-cables-db", 0, 0, 0, 0, 1, 100 };
    struct cab_index_stats st;
    struct events ev = { 0 };
    char err[CAB_ERR_SIZE];
    char *args[1] = { "/tmp" };

    (void)state;
    assert_int_equal(cab_index_run(&o, args, 1, &st, on_event, &ev, err), CAB_USAGE);
    assert_non_null(strstr(err, "shards"));
    o.shards = 0;
    o.compact = 1;
    assert_int_equal(cab_index_run(&o, args, 0, &st, on_event, &ev, err), CAB_DB_NOT_FOUND);
    assert_non_null(strstr(err, "nothing to compact"));
    rm_rf("/tmp/never-created-cables-db");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lock_is_exclusive),
        cmocka_unit_test(test_sources_walk),
        cmocka_unit_test(test_run_is_incremental),
        cmocka_unit_test(test_run_usage_errors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
