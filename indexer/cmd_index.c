/* `cables index`: the subcommand around cab_index_run(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "indexer.h"
#include "xw.h"

struct opt {
    const char *name;
    const char *arg;     /* NULL for a flag */
    const char *help;
};

static const struct opt options[] = {
    { "db",      "DIR", "index directory (else $CABLES_DB, else ./cables.db)" },
    { "full",    NULL,  "rebuild the whole index into a new generation" },
    { "jobs",    "N",   "reading threads (default: one per core; the index is the same whatever N)" },
    { "shards",  "N",   "split the index into N shards by reference ID" },
    { "dry-run", NULL,  "list what would change (add ID path, change ID, remove ID)" },
    { "quiet",   NULL,  "print only errors" },
    { "compact", NULL,  "compact the index into a new generation at the end" },
    { "help",    NULL,  "show this help" },
};
enum { OPT_DB, OPT_FULL, OPT_JOBS, OPT_SHARDS, OPT_DRY_RUN, OPT_QUIET, OPT_COMPACT, OPT_HELP };

static void help(FILE *out)
{
    fprintf(out, "usage: cables index [--db DIR] [--full] [--jobs N] [--shards N] [--dry-run] "
                 "[--quiet] [--compact] SOURCE...\n\n"
                 "Add new cables, replace changed ones and remove those whose source file\n"
                 "left a given directory.  SOURCE is a file, a directory (walked for\n"
                 "*.html *.htm *.txt *.csv, each maybe .gz) or - for standard input.\n\n");
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
        char left[32];

        snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
                 options[i].arg ? options[i].arg : "");
        fprintf(out, "  %-14s %s\n", left, options[i].help);
    }
    fprintf(out, "\nexamples:\n  cables index ~/cablegate\n"
                 "  zcat cables.csv.gz | cables index --db /srv/cables.db -\n");
}

static int find_option(const char *arg, const char **value)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);

    *value = eq ? eq + 1 : NULL;
    for (size_t i = 0; i < sizeof options / sizeof options[0]; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

static int parse_count(const char *s, unsigned max, unsigned *out)
{
    char *end;
    long v;

    if (!s || !*s)
        return -1;
    v = strtol(s, &end, 10);
    if (*end || v < 1 || v > (long)max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static void bad_count(const char *name, int max, const char *value)
{
    fprintf(stderr, "cables index: '--%s' needs a number from 1 to %d, not '%s'\n", name, max,
            value);
}

/* One reading thread per online core, within the limit. */
static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (n < 1)
        return 1;
    return n > CAB_MAX_JOBS ? CAB_MAX_JOBS : (unsigned)n;
}

static void on_report(enum cab_index_event ev, const char *msg, void *ctx)
{
    int quiet = *(const int *)ctx;

    if (ev == CAB_EV_DRY_RUN)
        printf("%s\n", msg);
    else if (ev == CAB_EV_REJECTED || !quiet)
        fprintf(stderr, "cables index: %s\n", msg);
}

/* The index a run writes, for the report of a fatal stop in the database
 * library (fixed before any writer starts). */
static const char *fatal_db;

/* The stop leaves what a crash leaves: the last committed state, and a
 * rebuild's unfinished generation for the next run to remove. */
static void on_fatal(int last_errno)
{
    char msg[CAB_ERR_SIZE + 256];
    int len;

    len = snprintf(msg, sizeof msg,
                   "cables index: %s: the database library stopped on a failed write (%s); "
                   "the index keeps its last committed state\n",
                   fatal_db, last_errno ? strerror(last_errno) : "no error code");
    if (len > 0)
        (void)!write(STDERR_FILENO, msg, (size_t)len < sizeof msg ? (size_t)len : sizeof msg - 1);
    _exit(cab_exit_code(CAB_DB_ERROR));
}

static void summary(const struct cab_index_stats *st)
{
    double secs = st->seconds > 0 ? st->seconds : 1e-9;

    if (st->compacted)
        fprintf(stderr, "cables index: compacted %.1f MB into %.1f MB\n",
                (double)st->size_before / 1e6, (double)st->size_after / 1e6);
    fprintf(stderr,
            "cables index: %zu added, %zu changed, %zu removed, %zu unchanged, %zu rejected "
            "in %.1f s (%.0f cables/s, %.1f MB/s)\n",
            st->added, st->changed, st->removed, st->unchanged, st->rejected, st->seconds,
            (double)(st->added + st->changed) / secs, (double)st->bytes / 1e6 / secs);
}

cab_status cmd_index(int argc, char **argv)
{
    struct cab_index_opts o = { NULL, 0, 0, 0, 0, 0, 0 };
    struct cab_index_stats st;
    char err[CAB_ERR_SIZE];
    const char *db = NULL;
    char **sources;
    size_t n = 0;
    int quiet = 0, only_sources = 0;
    cab_status rc;

    sources = calloc((size_t)argc + 1, sizeof *sources);
    if (!sources) {
        fprintf(stderr, "cables index: out of memory\n");
        return CAB_NOMEM;
    }
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value;
        int opt;

        if (only_sources || arg[0] != '-' || strcmp(arg, "-") == 0) {
            sources[n++] = argv[i];
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_sources = 1;
            continue;
        }
        if (strcmp(arg, "-h") == 0) {
            help(stdout);
            free(sources);
            return CAB_OK;
        }
        opt = arg[1] == '-' ? find_option(arg, &value) : -1;
        if (opt < 0) {
            fprintf(stderr, "cables index: unknown option '%s'\n"
                            "usage: cables index [OPTIONS] SOURCE... (see --help)\n", arg);
            free(sources);
            return CAB_USAGE;
        }
        if (options[opt].arg && !value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "cables index: option '--%s' needs a value\n",
                        options[opt].name);
                free(sources);
                return CAB_USAGE;
            }
            value = argv[++i];
        } else if (!options[opt].arg && value) {
            fprintf(stderr, "cables index: option '--%s' takes no value\n", options[opt].name);
            free(sources);
            return CAB_USAGE;
        }
        switch (opt) {
        case OPT_DB:      db = value; break;
        case OPT_FULL:    o.full = 1; break;
        case OPT_DRY_RUN: o.dry_run = 1; break;
        case OPT_QUIET:   quiet = 1; break;
        case OPT_COMPACT: o.compact = 1; break;
        case OPT_HELP:
            help(stdout);
            free(sources);
            return CAB_OK;
        case OPT_JOBS:
            if (parse_count(value, CAB_MAX_JOBS, &o.jobs) != 0) {
                bad_count("jobs", CAB_MAX_JOBS, value);
                free(sources);
                return CAB_USAGE;
            }
            break;
        case OPT_SHARDS:
            if (parse_count(value, CAB_MAX_SHARDS, &o.shards) != 0) {
                bad_count("shards", CAB_MAX_SHARDS, value);
                free(sources);
                return CAB_USAGE;
            }
            break;
        }
    }
    if (n == 0 && !o.compact) {
        fprintf(stderr, "cables index: no SOURCE given\n"
                        "usage: cables index [OPTIONS] SOURCE... (see --help)\n");
        free(sources);
        return CAB_USAGE;
    }
    if (o.jobs == 0)
        o.jobs = default_jobs();
    o.db = cab_db_path(db);
    o.progress = !quiet && isatty(STDERR_FILENO);
    fatal_db = o.db;
    xw_on_fatal(on_fatal);
    rc = cab_index_run(&o, sources, n, &st, on_report, &quiet, err);
    free(sources);
    if (rc != CAB_OK && rc != CAB_PARTIAL) {
        fprintf(stderr, "cables index: %s\n", *err ? err : cab_status_str(rc));
        return rc;
    }
    if (!quiet)
        summary(&st);
    return rc;
}
