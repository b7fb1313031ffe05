/* Option tables for the query subcommands (notmuch's option tables, git's
 * parse-options): the parser and the --help text come from one table, so
 * they cannot disagree.  Internal to query/. */
#ifndef CAB_CMD_OPTS_H
#define CAB_CMD_OPTS_H

#include <stdio.h>

#include "cab_status.h"

struct cab_opt {
    const char *name;     /* long name without "--" */
    char short_name;      /* 'n' for -n, or 0 */
    const char *arg;      /* "N", "DIR"...; NULL for a flag */
    const char *help;     /* one line */
};

struct cab_cmd {
    const char *name;       /* "search" */
    const char *args;       /* "QUERY..." */
    const char *summary;    /* one line */
    const struct cab_opt *opts;
    size_t n_opts;
    const char *examples;   /* lines, each "cables ..." */
};

/* Called for each option found: 'opt' is its index in the table, 'value'
 * its argument (NULL for a flag).  Returns CAB_OK or CAB_USAGE with 'err'. */
typedef cab_status (*cab_opt_fn)(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE]);

/* Parse argv[1..argc) (argv[0] is the subcommand).  Options may come
 * anywhere; "--" ends them; "--name=value", "--name value", "-n value"
 * and "-nvalue" are accepted.  An argument of one dash and letters that
 * is not a known short option is a positional argument (the query
 * language's -word).  Positional arguments are moved to the front of
 * argv+1 and counted in *npos.  --help (or -h) prints the help to stdout
 * and sets *help.  Errors print "cables NAME: message" and a usage hint
 * to stderr and return CAB_USAGE. */
cab_status cab_opts_parse(const struct cab_cmd *cmd, int argc, char **argv, cab_opt_fn fn,
                          void *ctx, int *npos, int *help);

/* Print "cables NAME: <message>" to stderr. */
void cab_cmd_error(const struct cab_cmd *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Parse a count option into 1..max ('allow_zero': 0..max); -1 on error. */
long cab_opt_number(const char *value, long max, int allow_zero);

/* Check a --format value against 'allowed', the names a command accepts
 * separated by ", " ("text, json", or printer.h's CAB_PRINTER_NAMES).  On
 * success *out = value (so it points where 'value' does, into argv); on
 * error *out is left as it was and 'err' reads "unknown format 'x' (text,
 * json)".  Returns CAB_OK or CAB_USAGE. */
cab_status cab_opt_format(const char *value, const char *allowed, const char **out,
                          char err[CAB_ERR_SIZE]);

/* Check a --color value ("auto", "always" or "never"), as cab_opt_format
 * does: *out = value on success; CAB_USAGE with 'err' otherwise. */
cab_status cab_opt_color(const char *value, const char **out, char err[CAB_ERR_SIZE]);

/* Whether to colour: 'mode' "always", "never" or "auto" (a terminal, no
 * NO_COLOR, TERM not dumb).  -1 for an unknown mode. */
int cab_color_mode(const char *mode, FILE *out);

#endif
