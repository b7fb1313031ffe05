/* The option parser and help printer of cmd_opts.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_opts.h"

void cab_cmd_error(const struct cab_cmd *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "cables %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void print_help(const struct cab_cmd *cmd, FILE *out)
{
    fprintf(out, "usage: cables %s [OPTIONS] %s\n\n%s\n\noptions:\n", cmd->name, cmd->args,
            cmd->summary);
    for (size_t i = 0; i < cmd->n_opts; i++) {
        const struct cab_opt *o = &cmd->opts[i];
        char left[64];

        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(out, "  %-28s %s\n", left, o->help);
    }
    fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
    if (cmd->examples)
        fprintf(out, "\nexamples:\n%s", cmd->examples);
}

static cab_status usage_error(const struct cab_cmd *cmd, const char *msg)
{
    cab_cmd_error(cmd, "%s", msg);
    fprintf(stderr, "usage: cables %s [OPTIONS] %s (see 'cables %s --help')\n", cmd->name,
            cmd->args, cmd->name);
    return CAB_USAGE;
}

static int find_long(const struct cab_cmd *cmd, const char *name, size_t len)
{
    for (size_t i = 0; i < cmd->n_opts; i++)
        if (strlen(cmd->opts[i].name) == len && memcmp(cmd->opts[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

static int find_short(const struct cab_cmd *cmd, char c)
{
    for (size_t i = 0; i < cmd->n_opts; i++)
        if (cmd->opts[i].short_name == c)
            return (int)i;
    return -1;
}

cab_status cab_opts_parse(const struct cab_cmd *cmd, int argc, char **argv, cab_opt_fn fn,
                          void *ctx, int *npos, int *help)
{
    char err[CAB_ERR_SIZE], msg[CAB_ERR_SIZE + 64];
    int only_pos = 0;

    *npos = 0;
    *help = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        int opt = -1;

        if (only_pos || a[0] != '-' || a[1] == '\0') {
            argv[1 + (*npos)++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_help(cmd, stdout);
            *help = 1;
            return CAB_OK;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

            opt = find_long(cmd, a + 2, len);
            if (opt < 0) {
                snprintf(msg, sizeof msg, "unknown option '%.*s'", (int)(len < 64 ? len + 2 : 66),
                         a);
                return usage_error(cmd, msg);
            }
            if (eq && !cmd->opts[opt].arg) {
                snprintf(msg, sizeof msg, "option '--%s' takes no value", cmd->opts[opt].name);
                return usage_error(cmd, msg);
            }
            value = eq ? eq + 1 : NULL;
        } else {
            opt = find_short(cmd, a[1]);
            /* "-word" is the query language's exclusion, not an option */
            if (opt < 0 || (a[2] && !cmd->opts[opt].arg)) {
                argv[1 + (*npos)++] = argv[i];
                continue;
            }
            value = a[2] ? a + 2 : NULL;
        }
        if (cmd->opts[opt].arg && !value) {
            if (i + 1 >= argc) {
                snprintf(msg, sizeof msg, "option '--%s' needs a value (%s)",
                         cmd->opts[opt].name, cmd->opts[opt].arg);
                return usage_error(cmd, msg);
            }
            value = argv[++i];
        }
        err[0] = '\0';
        if (fn(opt, value, ctx, err) != CAB_OK)
            return usage_error(cmd, err[0] ? err : "bad option");
    }
    return CAB_OK;
}

long cab_opt_number(const char *value, long max, int allow_zero)
{
    char *end;
    long v;

    if (!value || value[0] < '0' || value[0] > '9')
        return -1;
    errno = 0;
    v = strtol(value, &end, 10);
    if (*end || errno || v > max || (v == 0 && !allow_zero))
        return -1;
    return v;
}

#define COLOR_MODES "auto, always, never"

/* Whether 'word' is one of the names in 'list' (separated by ", "). */
static int in_list(const char *word, const char *list)
{
    size_t len = strlen(word);

    while (*list) {
        size_t n = strcspn(list, ",");

        if (n == len && memcmp(list, word, len) == 0)
            return 1;
        list += n;
        list += strspn(list, ", ");
    }
    return 0;
}

cab_status cab_opt_format(const char *value, const char *allowed, const char **out,
                          char err[CAB_ERR_SIZE])
{
    if (!in_list(value, allowed)) {
        snprintf(err, CAB_ERR_SIZE, "unknown format '%s' (%s)", value, allowed);
        return CAB_USAGE;
    }
    *out = value;
    return CAB_OK;
}

cab_status cab_opt_color(const char *value, const char **out, char err[CAB_ERR_SIZE])
{
    if (!in_list(value, COLOR_MODES)) {
        snprintf(err, CAB_ERR_SIZE, "bad colour mode '%s' (%s)", value, COLOR_MODES);
        return CAB_USAGE;
    }
    *out = value;
    return CAB_OK;
}

int cab_color_mode(const char *mode, FILE *out)
{
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");

    if (strcmp(mode, "always") == 0)
        return 1;
    if (strcmp(mode, "never") == 0)
        return 0;
    if (strcmp(mode, "auto") != 0)
        return -1;
    if (no && *no)
        return 0;
    if (term && strcmp(term, "dumb") == 0)
        return 0;
    return isatty(fileno(out));
}
