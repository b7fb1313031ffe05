/* Where the search page finds the index: the environment or a
 * configuration file, never the request. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgi.h"
#include "commands.h"

#define MAX_CONF_LINE 4096

/* The value of "db = PATH" in the file at 'path' into 'out', or 0. */
static int conf_db(const char *path, char *out, size_t cap)
{
    FILE *f = fopen(path, "r");
    char line[MAX_CONF_LINE];
    int found = 0;

    if (!f)
        return 0;
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line, *end;

        while (isspace((unsigned char)*p))
            p++;
        if (strncmp(p, "db", 2) != 0)
            continue;
        p += 2;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p++ != '=')
            continue;
        while (*p == ' ' || *p == '\t')
            p++;
        end = p + strlen(p);
        while (end > p && isspace((unsigned char)end[-1]))
            *--end = '\0';
        if (*p && strlen(p) < cap) {
            memcpy(out, p, strlen(p) + 1);
            found = 1;
        }
    }
    fclose(f);
    return found;
}

const char *cab_cgi_db_path(void)
{
    static char path[MAX_CONF_LINE];
    const char *env = getenv("CABLES_DB"), *conf = getenv("CABLES_CONF");

    if (env && *env)
        return env;
    if (conf && *conf && conf_db(conf, path, sizeof path))
        return path;
    if (conf_db("/etc/cables.conf", path, sizeof path))
        return path;
    return cab_db_path(NULL);
}
