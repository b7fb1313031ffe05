/* Subcommands not written yet.  Each one is removed from here when its
 * real implementation lands in its own file. */
#include <stdio.h>

#include "commands.h"

static cab_status not_yet(const char *name)
{
    fprintf(stderr, "cables %s: not available yet\n", name);
    return CAB_USAGE;
}

cab_status cmd_index(int argc, char **argv) { (void)argc; (void)argv; return not_yet("index"); }
cab_status cmd_search(int argc, char **argv) { (void)argc; (void)argv; return not_yet("search"); }
cab_status cmd_count(int argc, char **argv) { (void)argc; (void)argv; return not_yet("count"); }
cab_status cmd_show(int argc, char **argv) { (void)argc; (void)argv; return not_yet("show"); }
cab_status cmd_similar(int argc, char **argv) { (void)argc; (void)argv; return not_yet("similar"); }
cab_status cmd_refs(int argc, char **argv) { (void)argc; (void)argv; return not_yet("refs"); }
cab_status cmd_stats(int argc, char **argv) { (void)argc; (void)argv; return not_yet("stats"); }
cab_status cmd_serve(int argc, char **argv) { (void)argc; (void)argv; return not_yet("serve"); }
