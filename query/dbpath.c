#include <stdlib.h>

#include "commands.h"

const char *cab_db_path(const char *opt)
{
    const char *env;

    if (opt && *opt)
        return opt;
    env = getenv("CABLES_DB");
    return env && *env ? env : "./cables.db";
}
