/* cables-gen: write a synthetic corpus of cables, deterministic from a
 * seed, in every format the readers accept, with a manifest of what each
 * cable holds (the ground truth tests compare the index against).
 *
 *   cables-gen --seed 1 --count 500 --out sample
 *
 * writes sample/cables/YYYY/MM/ID.html (cablegate pages), ID.txt (plain
 * text with a metadata block, or bare telegrams), some of them .gz, and
 * sample/cables/cables.csv; the manifest goes to sample/manifest.tsv.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cab_mem.h"
#include "cable.h"
#include "gen.h"

#define PROG "cables-gen"
#define MAX_PATH_LEN 4096

struct options {
    uint64_t seed;
    size_t count;
    const char *out;
    const char *manifest;
    const char *learn;
    double fmt_weight[CAB_GEN_NFORMATS];
    double gzip_fraction;
    int force, quiet;
};

struct option_help {
    const char *name, *arg, *help;
};

static const struct option_help option_table[] = {
    { "--seed", "N", "seed of the generator (default 1); same seed, same bytes" },
    { "--count", "N", "number of cables (default 500)" },
    { "--out", "DIR", "write DIR/cables/... and DIR/manifest.tsv (required)" },
    { "--formats", "LIST", "comma-separated: html,text,telegram,csv (default: all, mostly html)" },
    { "--gzip-fraction", "F", "share of single-cable files written gzip-compressed (default 0.1)" },
    { "--manifest", "FILE", "write the manifest here instead of DIR/manifest.tsv" },
    { "--learn", "DIR", "learn word frequencies and cable sizes from the cables under DIR "
                        "(e.g. a cablegate mirror)" },
    { "--force", NULL, "write into DIR/cables even if it exists" },
    { "--quiet", NULL, "no summary line" },
    { "--help", NULL, "show this help" },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: " PROG " --out DIR [options]\n\n"
               "Writes a synthetic corpus of diplomatic cables.\n\n");
    for (size_t i = 0; i < sizeof option_table / sizeof *option_table; i++) {
        char left[40];

        snprintf(left, sizeof left, "%s%s%s", option_table[i].name,
                 option_table[i].arg ? " " : "", option_table[i].arg ? option_table[i].arg : "");
        fprintf(f, "  %-22s %s\n", left, option_table[i].help);
    }
}

static int parse_unsigned(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;

    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno != 0 || *end != '\0' || *out > max ? -1 : 0;
}

static int parse_formats(const char *list, double w[CAB_GEN_NFORMATS])
{
    /* Default shares: mostly pages, a tenth each of the others. */
    static const double share[CAB_GEN_NFORMATS] = { 7, 1, 1, 1 };
    static const char *const names[CAB_GEN_NFORMATS] = { "html", "text", "telegram", "csv" };
    const char *p = list;

    for (int f = 0; f < CAB_GEN_NFORMATS; f++)
        w[f] = 0;
    while (*p != '\0') {
        size_t len = strcspn(p, ",");
        int found = 0;

        for (int f = 0; f < CAB_GEN_NFORMATS; f++) {
            if (strlen(names[f]) == len && strncmp(p, names[f], len) == 0) {
                w[f] = share[f];
                found = 1;
            }
        }
        if (!found)
            return -1;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

static cab_status parse_args(int argc, char **argv, struct options *o, char err[CAB_ERR_SIZE])
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->count = 500;
    o->gzip_fraction = 0.1;
    parse_formats("html,text,telegram,csv", o->fmt_weight);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long n;

        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--force") == 0) {
            o->force = 1;
            continue;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            snprintf(err, CAB_ERR_SIZE, "unexpected argument '%.300s'", a);
            return CAB_USAGE;
        }
        if (v == NULL) {
            snprintf(err, CAB_ERR_SIZE, "option '%.300s' needs a value", a);
            return CAB_USAGE;
        }
        i++;
        if (strcmp(a, "--seed") == 0) {
            if (parse_unsigned(v, UINT64_MAX, &n) != 0) {
                snprintf(err, CAB_ERR_SIZE, "bad seed '%.300s'", v);
                return CAB_USAGE;
            }
            o->seed = n;
        } else if (strcmp(a, "--count") == 0) {
            if (parse_unsigned(v, CAB_GEN_MAX_COUNT, &n) != 0) {
                snprintf(err, CAB_ERR_SIZE, "bad count '%.300s' (0 to %u)", v, CAB_GEN_MAX_COUNT);
                return CAB_USAGE;
            }
            o->count = (size_t)n;
        } else if (strcmp(a, "--out") == 0) {
            o->out = v;
        } else if (strcmp(a, "--manifest") == 0) {
            o->manifest = v;
        } else if (strcmp(a, "--learn") == 0) {
            o->learn = v;
        } else if (strcmp(a, "--formats") == 0) {
            if (parse_formats(v, o->fmt_weight) != 0 || *v == '\0') {
                snprintf(err, CAB_ERR_SIZE, "bad format list '%.300s' (html,text,telegram,csv)", v);
                return CAB_USAGE;
            }
        } else if (strcmp(a, "--gzip-fraction") == 0) {
            char *end;
            double f = strtod(v, &end);

            if (*v == '\0' || *end != '\0' || !(f >= 0.0 && f <= 1.0)) {
                snprintf(err, CAB_ERR_SIZE, "bad gzip fraction '%.300s' (0 to 1)", v);
                return CAB_USAGE;
            }
            o->gzip_fraction = f;
        } else {
            snprintf(err, CAB_ERR_SIZE, "unknown option '%.300s'", a);
            return CAB_USAGE;
        }
    }
    if (o->out == NULL) {
        snprintf(err, CAB_ERR_SIZE, "missing --out DIR");
        return CAB_USAGE;
    }
    return CAB_OK;
}

static cab_status make_dir(const char *path, char err[CAB_ERR_SIZE])
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        snprintf(err, CAB_ERR_SIZE, "cannot create '%.300s': %s", path, strerror(errno));
        return CAB_IO;
    }
    return CAB_OK;
}

static cab_status write_file(const char *path, const char *data, size_t len,
                             char err[CAB_ERR_SIZE])
{
    FILE *f = fopen(path, "wb");

    if (f == NULL) {
        snprintf(err, CAB_ERR_SIZE, "cannot create '%.300s': %s", path, strerror(errno));
        return CAB_IO;
    }
    /* Close once, whichever of the write or the close failed. */
    int bad = fwrite(data, 1, len, f) != len;

    if (fclose(f) != 0 || bad) {
        snprintf(err, CAB_ERR_SIZE, "cannot write '%.300s': %s", path, strerror(errno));
        return CAB_IO;
    }
    return CAB_OK;
}

/* The whole run's state, released in one place. */
struct gen {
    struct options o;
    struct cab_gen_run run;
    struct cab_gen_cable cable;
    struct cab_buf doc, gz;
    FILE *csv, *manifest;
    char csv_path[MAX_PATH_LEN], manifest_path[MAX_PATH_LEN];
    unsigned char made_dir[2100 - 1900][12];
    size_t n_format[CAB_GEN_NFORMATS], n_gzip, csv_rows;
    unsigned long long bytes;
};

static cab_status emit(struct gen *g, size_t i, char err[CAB_ERR_SIZE])
{
    static const char *const names[CAB_GEN_NFORMATS] = { "html", "text", "telegram", "csv" };
    const struct cab_gen_meta *m = &g->run.meta[i];
    struct cab_gen_cable *c = &g->cable;
    char path[MAX_PATH_LEN], rel[256], created[21], released[21];
    struct tm tm;
    time_t t = (time_t)m->created;
    cab_status rc;
    const char *data;
    size_t len, row = 0;

    rc = cab_gen_cable_build(&g->run, i, c);
    if (rc != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "cannot build cable %zu: %s", i, cab_status_str(rc));
        return rc;
    }
    g->run.post_cables[m->post][g->run.post_seen[m->post]++] = (uint32_t)i;
    cab_buf_reset(&g->doc);
    switch (m->format) {
    case CAB_GEN_HTML: rc = cab_gen_write_html(c, &g->doc); break;
    case CAB_GEN_TEXT: rc = cab_gen_write_text(c, &g->doc); break;
    case CAB_GEN_TELEGRAM: rc = cab_gen_write_telegram(c, &g->doc); break;
    default: rc = cab_gen_write_csv(c, g->csv_rows + 1, &g->doc); break;
    }
    if (rc != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "cannot write cable '%.300s': %s", c->id, cab_status_str(rc));
        return rc;
    }
    g->n_format[m->format]++;
    if (m->format == CAB_GEN_CSV) {
        row = ++g->csv_rows;
        snprintf(rel, sizeof rel, "cables/cables.csv");
        if (fwrite(g->doc.data, 1, g->doc.len, g->csv) != g->doc.len) {
            snprintf(err, CAB_ERR_SIZE, "cannot write '%.300s': %s", g->csv_path, strerror(errno));
            return CAB_IO;
        }
        g->bytes += g->doc.len;
    } else {
        gmtime_r(&t, &tm);
        if (!g->made_dir[tm.tm_year][tm.tm_mon]) {
            snprintf(path, sizeof path, "%s/cables/%04d", g->o.out, tm.tm_year + 1900);
            if ((rc = make_dir(path, err)) != CAB_OK)
                return rc;
            snprintf(path, sizeof path, "%s/cables/%04d/%02d", g->o.out, tm.tm_year + 1900,
                     tm.tm_mon + 1);
            if ((rc = make_dir(path, err)) != CAB_OK)
                return rc;
            g->made_dir[tm.tm_year][tm.tm_mon] = 1;
        }
        snprintf(rel, sizeof rel, "cables/%04d/%02d/%s.%s%s", tm.tm_year + 1900, tm.tm_mon + 1,
                 c->id, m->format == CAB_GEN_HTML ? "html" : "txt", m->gzip ? ".gz" : "");
        data = g->doc.data;
        len = g->doc.len;
        if (m->gzip) {
            cab_buf_reset(&g->gz);
            rc = cab_gen_gzip(g->doc.data, g->doc.len, &g->gz);
            if (rc != CAB_OK) {
                snprintf(err, CAB_ERR_SIZE, "cannot compress cable '%.300s': %s", c->id,
                         cab_status_str(rc));
                return rc;
            }
            data = g->gz.data;
            len = g->gz.len;
            g->n_gzip++;
        }
        snprintf(path, sizeof path, "%s/%s", g->o.out, rel);
        if ((rc = write_file(path, data, len, err)) != CAB_OK)
            return rc;
        g->bytes += len;
    }
    fprintf(g->manifest, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%zu\t%s\t%s\t%s\t%s\t%s\t%s\n", c->id,
            cab_time_iso(c->created, created), cab_time_iso(c->released, released),
            c->post->origin, c->classification, names[m->format], rel, row, c->subject.data,
            c->tags.data, c->refs.data, c->missing.data, c->people.data, c->places.data);
    return CAB_OK;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* --learn: words and body sizes from real cables replace the defaults. */
static cab_status learn(struct gen *g, char err[CAB_ERR_SIZE])
{
    struct cab_gen_learnt l;
    struct timespec t0;
    cab_status rc;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = cab_gen_learn(g->o.learn, &l, err);
    if (rc != CAB_OK)
        return rc;
    rc = cab_gen_words_learnt(l.words, l.counts, l.n_words);
    if (rc != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
    } else {
        g->run.body_median = l.body_median;
        g->run.body_sigma = l.body_sigma;
        if (!g->o.quiet)
            fprintf(stderr, PROG ": learnt %zu words from %zu cables under '%s' "
                            "(median body %.0f bytes, sigma %.3f) in %.2f s\n",
                    l.n_words, l.n_cables, g->o.learn, l.body_median, l.body_sigma,
                    seconds_since(&t0));
    }
    cab_gen_learnt_release(&l);
    return rc;
}

static cab_status run_gen(struct gen *g, char err[CAB_ERR_SIZE])
{
    char path[MAX_PATH_LEN];
    struct stat st;
    cab_status rc;
    struct timespec t0;
    int tty = isatty(STDERR_FILENO);

    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (cab_gen_words_init() != CAB_OK) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return CAB_NOMEM;
    }
    g->run.seed = g->o.seed;
    g->run.count = g->o.count;
    g->run.body_median = 5000;
    g->run.body_sigma = 0.75;
    if (strlen(g->o.out) > MAX_PATH_LEN - 200) {
        snprintf(err, CAB_ERR_SIZE, "output path too long '%.300s'", g->o.out);
        return CAB_USAGE;
    }
    /* Refused before learning, which may take a while. */
    snprintf(path, sizeof path, "%s/cables", g->o.out);
    if (!g->o.force && stat(path, &st) == 0) {
        snprintf(err, CAB_ERR_SIZE, "'%.300s' already exists (use --force to write into it)", path);
        return CAB_USAGE;
    }
    if (g->o.learn != NULL && (rc = learn(g, err)) != CAB_OK)
        return rc;
    if ((rc = cab_gen_plan(&g->run, g->o.fmt_weight, g->o.gzip_fraction, err)) != CAB_OK)
        return rc;

    if ((rc = make_dir(g->o.out, err)) != CAB_OK)
        return rc;
    if ((rc = make_dir(path, err)) != CAB_OK)
        return rc;
    snprintf(g->csv_path, sizeof g->csv_path, "%s/cables/cables.csv", g->o.out);
    if (g->o.fmt_weight[CAB_GEN_CSV] > 0) {
        g->csv = fopen(g->csv_path, "wb");
        if (g->csv == NULL) {
            snprintf(err, CAB_ERR_SIZE, "cannot create '%.300s': %s", g->csv_path, strerror(errno));
            return CAB_IO;
        }
        setvbuf(g->csv, NULL, _IOFBF, 1 << 20);
    }
    if (g->o.manifest != NULL)
        snprintf(g->manifest_path, sizeof g->manifest_path, "%s", g->o.manifest);
    else
        snprintf(g->manifest_path, sizeof g->manifest_path, "%s/manifest.tsv", g->o.out);
    g->manifest = fopen(g->manifest_path, "wb");
    if (g->manifest == NULL) {
        snprintf(err, CAB_ERR_SIZE, "cannot create '%.300s': %s", g->manifest_path, strerror(errno));
        return CAB_IO;
    }
    setvbuf(g->manifest, NULL, _IOFBF, 1 << 20);
    fputs("#id\tcreated\treleased\torigin\tclassification\tformat\tpath\trow\tsubject\ttags"
          "\trefs\tmissing_refs\tpeople\tplaces\n", g->manifest);

    for (size_t i = 0; i < g->run.count; i++) {
        if ((rc = emit(g, i, err)) != CAB_OK)
            return rc;
        if (tty && !g->o.quiet && (i + 1) % 1000 == 0)
            fprintf(stderr, "\r" PROG ": %zu/%zu", i + 1, g->run.count);
    }
    if (g->csv != NULL) {
        FILE *f = g->csv;

        g->csv = NULL;
        if (fclose(f) != 0) {
            snprintf(err, CAB_ERR_SIZE, "cannot write '%.300s': %s", g->csv_path, strerror(errno));
            return CAB_IO;
        }
    }
    {
        FILE *f = g->manifest;

        g->manifest = NULL;
        if (ferror(f) || fclose(f) != 0) {
            snprintf(err, CAB_ERR_SIZE, "cannot write '%.300s': %s", g->manifest_path,
                     strerror(errno));
            return CAB_IO;
        }
    }
    if (!g->o.quiet)
        fprintf(stderr, "%s" PROG ": %zu cables (%zu html, %zu text, %zu telegram, %zu csv; "
                        "%zu gzip), %.1f MB in %.1f s\n",
                tty ? "\r" : "", g->run.count, g->n_format[CAB_GEN_HTML],
                g->n_format[CAB_GEN_TEXT], g->n_format[CAB_GEN_TELEGRAM],
                g->n_format[CAB_GEN_CSV], g->n_gzip, (double)g->bytes / 1e6,
                seconds_since(&t0));
    return CAB_OK;
}

int main(int argc, char **argv)
{
    struct gen *g = cab_calloc(1, sizeof *g);
    char err[CAB_ERR_SIZE] = "";
    cab_status rc;

    if (g == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return cab_exit_code(CAB_NOMEM);
    }
    rc = parse_args(argc, argv, &g->o, err);
    if (rc == CAB_USAGE) {
        fprintf(stderr, PROG ": %s\n", err);
        fprintf(stderr, "try '" PROG " --help'\n");
        cab_free(g);
        return cab_exit_code(rc);
    }
    cab_gen_cable_init(&g->cable);
    cab_buf_init(&g->doc, 4 * CAB_GEN_MAX_CABLE);
    cab_buf_init(&g->gz, 4 * CAB_GEN_MAX_CABLE);
    rc = run_gen(g, err);
    if (rc != CAB_OK)
        fprintf(stderr, PROG ": %s\n", err);
    if (g->csv != NULL)
        fclose(g->csv);
    if (g->manifest != NULL)
        fclose(g->manifest);
    cab_buf_release(&g->doc);
    cab_buf_release(&g->gz);
    cab_gen_cable_release(&g->cable);
    cab_gen_run_release(&g->run);
    cab_gen_words_free();
    cab_free(g);
    return cab_exit_code(rc);
}
