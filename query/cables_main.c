/* cables: one command with subcommands, for analysts and cron jobs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"

struct command {
    const char *name;
    cab_status (*run)(int argc, char **argv);
    const char *usage;
    const char *summary;
};

static const struct command commands[] = {
    { "index", cmd_index,
      "[--db DIR] [--full] [--jobs N] [--shards N] [--dry-run] [--quiet] [--compact] SOURCE...",
      "add, replace and remove cables" },
    { "search", cmd_search,
      "[--db DIR] [-n N] [--offset K] [--sort relevance|newest|oldest] [--facet FIELD[:TOP]]... "
      "[--format text|json|csv|ids] QUERY...",
      "ranked search with facets" },
    { "count", cmd_count, "[--db DIR] QUERY...", "number of matching cables" },
    { "show", cmd_show, "[--db DIR] [--format text|json] ID...", "print cables" },
    { "similar", cmd_similar, "[--db DIR] [-n N] ID", "cables most like a given one" },
    { "refs", cmd_refs, "[--db DIR] ID", "cables it cites, and cables citing it" },
    { "stats", cmd_stats, "[--db DIR]", "documents, date span, index size, top facets" },
    { "serve", cmd_serve, "[--db DIR] [--port P]", "start lighttpd on 127.0.0.1 with cables.cgi" },
};

static void usage(FILE *out)
{
    fprintf(out, "usage: cables COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\nRun 'cables COMMAND --help' for a command's options and examples.\n"
                 "The index is --db DIR, else $CABLES_DB, else ./cables.db.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return cab_exit_code(CAB_USAGE);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("cables 0.1\n");
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return cab_exit_code(commands[i].run(argc - 1, argv + 1));
    fprintf(stderr, "cables: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return cab_exit_code(CAB_USAGE);
}
