/* Subcommands not written yet.  Each one is removed from here when its
 * real implementation lands in its own file. */
#include <stdio.h>

#include "commands.h"

static cab_status not_yet(const char *name)
{
    fprintf(stderr, "cables %s: not available yet\n", name);
    return CAB_USAGE;
}

cab_status cmd_serve(int argc, char **argv) { (void)argc; (void)argv; return not_yet("serve"); }
