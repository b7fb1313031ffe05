/* `cables show`: cables by reference ID, decoded from the index.  With
 * several IDs, text output separates cables with a form feed line and
 * JSON output is one object per line (JSON Lines); one ID gives one
 * object. */
#include <stdio.h>
#include <string.h>

#include "cmd_opts.h"
#include "commands.h"
#include "printer.h"
#include "search.h"

enum { O_DB, O_FORMAT, O_COLOR };

static const struct cab_opt show_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_FORMAT] = { "format", 0, "FMT", "text (default) or json (one object per line)" },
    [O_COLOR] = { "color", 0, "WHEN", "bold field names: auto (default), always, never" },
};

static const struct cab_cmd show_cmd = {
    "show", "ID...", "Print cables: header fields, then the full text.",
    show_opts, sizeof show_opts / sizeof show_opts[0],
    "  cables show 09ASTANA2101\n"
    "  cables show --format json 09ASTANA95 | python3 -m json.tool\n"
    "  cables search --format ids 'tag:KTIP' | xargs cables show\n",
};

struct show_args {
    const char *db, *format, *color;
};

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct show_args *a = ctx;

    switch (opt) {
    case O_DB:
        a->db = value;
        return CAB_OK;
    case O_FORMAT:
        return cab_opt_format(value, "text, json", &a->format, err);
    case O_COLOR:
        return cab_opt_color(value, &a->color, err);
    }
    return CAB_INTERNAL;
}

cab_status cmd_show(int argc, char **argv)
{
    struct show_args a = { NULL, "text", "auto" };
    struct cab_print_opts po = { 0, "show" };
    cab_searcher *s = NULL;
    char err[CAB_ERR_SIZE];
    int npos, help, missing = 0, json;
    cab_status st;

    st = cab_opts_parse(&show_cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos == 0) {
        cab_cmd_error(&show_cmd, "no cable ID given (see 'cables show --help')");
        return CAB_USAGE;
    }
    json = strcmp(a.format, "json") == 0;
    po.color = !json && cab_color_mode(a.color, stdout) == 1;
    st = cab_searcher_open(cab_db_path(a.db), &s, err);
    if (st != CAB_OK) {
        cab_cmd_error(&show_cmd, "%s", err);
        return st;
    }
    for (int i = 0; i < npos && st == CAB_OK; i++) {
        struct cable *c = NULL;

        st = cab_search_get_cable(s, argv[1 + i], &c, NULL, err);
        if (st == CAB_NOT_FOUND || st == CAB_USAGE) {
            cab_cmd_error(&show_cmd, "%s", err);
            missing = 1;
            st = CAB_OK;
            continue;
        }
        if (st != CAB_OK) {
            cab_cmd_error(&show_cmd, "%s", err);
            break;
        }
        if (!json && i > 0)
            fputs("\f\n", stdout);
        st = json ? cab_print_cable_json(stdout, c) : cab_print_cable_text(stdout, c, &po);
        cable_free(c);
        if (st == CAB_OK && fflush(stdout) != 0)
            st = CAB_IO;
        if (st != CAB_OK)
            cab_cmd_error(&show_cmd, "cannot write the cable: %s", cab_status_str(st));
    }
    cab_searcher_close(s);
    if (st == CAB_OK && missing)
        st = CAB_NO_MATCH;
    return st;
}
