/* The subcommands of `cables` (SPEC.md).  Each takes the arguments after
 * its name (argv[0] is the subcommand) and returns a status that main
 * turns into the exit code with cab_exit_code(); each prints its own
 * results to stdout and its own errors to stderr, prefixed "cables NAME: ".
 */
#ifndef COMMANDS_H
#define COMMANDS_H

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

cab_status cmd_index(int argc, char **argv);
cab_status cmd_search(int argc, char **argv);
cab_status cmd_count(int argc, char **argv);
cab_status cmd_show(int argc, char **argv);
cab_status cmd_similar(int argc, char **argv);
cab_status cmd_refs(int argc, char **argv);
cab_status cmd_stats(int argc, char **argv);
cab_status cmd_serve(int argc, char **argv);

/* The index location: 'opt' (from --db) if given, else $CABLES_DB, else "./cables.db". */
const char *cab_db_path(const char *opt);

#ifdef __cplusplus
}
#endif

#endif
