/* `cables serve`: the search page on 127.0.0.1 through lighttpd.
 *
 * Writes a lighttpd configuration into a fresh run directory (document
 * root holding a link to cables.cgi, found next to this program; the
 * index passed as an absolute CABLES_DB; no mod_deflate, since the page
 * compresses itself), runs `lighttpd -D -f CONF` in the foreground and
 * removes the directory when lighttpd ends.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd_opts.h"
#include "commands.h"

#define DEFAULT_PORT 8080

enum { O_DB, O_PORT };

static const struct cab_opt serve_opts[] = {
    [O_DB] = { "db", 0, "DIR", "index location (else $CABLES_DB, else ./cables.db)" },
    [O_PORT] = { "port", 'p', "P", "port on 127.0.0.1 (default 8080)" },
};

static const struct cab_cmd serve_cmd = {
    "serve", "", "Serve the search page on 127.0.0.1 with lighttpd (Ctrl-C stops it).",
    serve_opts, sizeof serve_opts / sizeof serve_opts[0],
    "  cables serve --db /srv/cables.db\n"
    "  cables serve --port 8888\n",
};

struct serve_args {
    const char *db;
    long port;
};

static pid_t child;

static void forward(int sig)
{
    if (child > 0)
        kill(child, sig);
}

static cab_status on_opt(int opt, const char *value, void *ctx, char err[CAB_ERR_SIZE])
{
    struct serve_args *a = ctx;

    if (opt == O_DB) {
        a->db = value;
        return CAB_OK;
    }
    a->port = cab_opt_number(value, 65535, 0);
    if (a->port < 1) {
        snprintf(err, CAB_ERR_SIZE, "bad port '%s' (1 to 65535)", value);
        return CAB_USAGE;
    }
    return CAB_OK;
}

/* 1 if 'path' can go inside a double-quoted lighttpd string as is. */
static int conf_safe(const char *path)
{
    return !strpbrk(path, "\"\\\n\r$");
}

/* cables.cgi beside the running program, into 'out'. */
static int find_cgi(char out[PATH_MAX])
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    char *slash;

    if (n <= 0)
        return -1;
    self[n] = '\0';
    slash = strrchr(self, '/');
    if (!slash || (size_t)(slash - self) + sizeof "/cables.cgi" > PATH_MAX)
        return -1;
    strcpy(slash, "/cables.cgi");
    if (access(self, X_OK) != 0)
        return -1;
    memcpy(out, self, strlen(self) + 1);
    return 0;
}

static int write_conf(const char *conf, const char *root, const char *db, long port)
{
    FILE *f = fopen(conf, "w");

    if (!f)
        return -1;
    fprintf(f,
            "server.modules = ( \"mod_setenv\", \"mod_cgi\" )\n"
            "server.bind = \"127.0.0.1\"\n"
            "server.port = %ld\n"
            "server.document-root = \"%s\"\n"
            "index-file.names = ( \"cables.cgi\" )\n"
            "cgi.assign = ( \".cgi\" => \"\" )\n"
            "setenv.set-environment = ( \"CABLES_DB\" => \"%s\" )\n"
            "server.max-request-size = 2048\n"
            "server.tag = \"cables\"\n",
            port, root, db);
    return fclose(f) == 0 ? 0 : -1;
}

static cab_status run_lighttpd(const char *conf)
{
    struct sigaction sa, old_int, old_term;
    int status;

    child = fork();
    if (child < 0)
        return CAB_IO;
    if (child == 0) {
        execlp("lighttpd", "lighttpd", "-D", "-f", conf, (char *)NULL);
        execl("/usr/sbin/lighttpd", "lighttpd", "-D", "-f", conf, (char *)NULL);
        fprintf(stderr, "cables serve: cannot run 'lighttpd': %s (install lighttpd)\n",
                strerror(errno));
        _exit(127);
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = forward;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        return CAB_IO;
    return CAB_OK;
}

cab_status cmd_serve(int argc, char **argv)
{
    struct serve_args a = { NULL, DEFAULT_PORT };
    char db[PATH_MAX], cgi[PATH_MAX], run[] = "/tmp/cables-serve.XXXXXX";
    char root[PATH_MAX], link[PATH_MAX], conf[PATH_MAX];
    int npos, help;
    cab_status st;

    st = cab_opts_parse(&serve_cmd, argc, argv, on_opt, &a, &npos, &help);
    if (st != CAB_OK || help)
        return st;
    if (npos != 0) {
        cab_cmd_error(&serve_cmd, "unexpected argument '%s' (see 'cables serve --help')",
                      argv[1]);
        return CAB_USAGE;
    }
    if (!realpath(cab_db_path(a.db), db)) {
        cab_cmd_error(&serve_cmd, "no index at '%s': %s (create one with 'cables index')",
                      cab_db_path(a.db), strerror(errno));
        return CAB_DB_NOT_FOUND;
    }
    if (find_cgi(cgi) != 0) {
        cab_cmd_error(&serve_cmd, "cannot find 'cables.cgi' next to this program");
        return CAB_NOT_FOUND;
    }
    if (!conf_safe(db) || !conf_safe(cgi)) {
        cab_cmd_error(&serve_cmd, "cannot serve from '%s': quotes, backslashes or '$' in the path",
                      db);
        return CAB_USAGE;
    }
    if (!mkdtemp(run)) {
        cab_cmd_error(&serve_cmd, "cannot create '%s': %s", run, strerror(errno));
        return CAB_IO;
    }
    snprintf(root, sizeof root, "%s/www", run);
    snprintf(link, sizeof link, "%s/www/cables.cgi", run);
    snprintf(conf, sizeof conf, "%s/lighttpd.conf", run);
    if (mkdir(root, 0755) != 0 || symlink(cgi, link) != 0 ||
        write_conf(conf, root, db, a.port) != 0) {
        cab_cmd_error(&serve_cmd, "cannot write the configuration in '%s': %s", run,
                      strerror(errno));
        st = CAB_IO;
        goto out;
    }
    printf("cables serve: http://127.0.0.1:%ld/ (index '%s'; Ctrl-C stops)\n", a.port, db);
    fflush(stdout);
    st = run_lighttpd(conf);
    if (st != CAB_OK)
        cab_cmd_error(&serve_cmd, "lighttpd failed (is port %ld free?)", a.port);
out:
    unlink(conf);
    unlink(link);
    rmdir(root);
    rmdir(run);
    return st;
}
