/* cables.cgi: the search page as a CGI program (RFC 3875).
 *
 * One process per request, so it does only what the page needs: read
 * the request, open the index once, search, write the page (gzip when
 * the client accepts it).  The index path comes from the environment or
 * the configuration file (cgi.h), never from the request.
 *
 * Without REQUEST_METHOD it runs from a shell: each argument is one
 * name=value parameter, taken as is (`./cables.cgi q=shelter f=tag:KTIP
 * page=2`), and the response is printed with its headers.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cab_mem.h"
#include "cgi.h"

static volatile sig_atomic_t started; /* 1 once the headers are being written */

/* A request that ran out of time gets a complete 503, not a cut page. */
static void on_timeout(int sig)
{
    static const char msg[] =
        "Status: 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
        "Cache-Control: no-store\r\nRetry-After: 10\r\n\r\n"
        "<!DOCTYPE html><title>cables</title><p>The search took too long; try a narrower "
        "query.</p>\n";
    ssize_t n;

    (void)sig;
    if (!started)
        n = write(STDOUT_FILENO, msg, sizeof msg - 1);
    (void)n;
    _exit(0);
}

static void limit_time(void)
{
    struct rlimit rl = { CAB_CGI_CPU_SECONDS, CAB_CGI_CPU_SECONDS + 2 };
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_timeout;
    sigaction(SIGXCPU, &sa, NULL);
    sigaction(SIGALRM, &sa, NULL);
    setrlimit(RLIMIT_CPU, &rl);
    alarm(CAB_CGI_WALL_SECONDS);
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
    }
}

/* Read the POST body: exactly CONTENT_LENGTH bytes of form encoding. */
static cab_status read_body(struct cab_cgi_params *p, char err[CAB_ERR_SIZE])
{
    const char *type = getenv("CONTENT_TYPE"), *lenstr = getenv("CONTENT_LENGTH");
    unsigned long long len;
    char *end, *body;
    size_t got = 0;
    cab_status st;

    if (!type || strncasecmp(type, "application/x-www-form-urlencoded", 33) != 0 ||
        (type[33] && type[33] != ';' && type[33] != ' ')) {
        snprintf(err, CAB_ERR_SIZE, "unsupported form encoding (use application/x-www-form-urlencoded)");
        return CAB_USAGE;
    }
    errno = 0;
    len = lenstr && *lenstr ? strtoull(lenstr, &end, 10) : 0;
    if (errno || (lenstr && *lenstr && *end) || (lenstr && *lenstr == '-')) {
        snprintf(err, CAB_ERR_SIZE, "bad content length");
        return CAB_USAGE;
    }
    if (len > CAB_CGI_MAX_REQUEST) {
        snprintf(err, CAB_ERR_SIZE, "request too large: %llu bytes (at most %u)", len,
                 (unsigned)CAB_CGI_MAX_REQUEST);
        return CAB_TOO_LARGE;
    }
    body = cab_malloc((size_t)len + 1);
    if (!body) {
        snprintf(err, CAB_ERR_SIZE, "out of memory");
        return CAB_NOMEM;
    }
    while (got < len) {
        size_t n = fread(body + got, 1, (size_t)len - got, stdin);

        if (n == 0)
            break;
        got += n;
    }
    if (got < len) {
        snprintf(err, CAB_ERR_SIZE, "request body shorter than its content length");
        st = CAB_USAGE;
    } else {
        st = cab_cgi_params_parse(p, body, got, err);
    }
    cab_free(body);
    return st;
}

/* Collect the parameters of this request; 'status' set when it is refused. */
static cab_status read_params(int argc, char **argv, struct cab_cgi_params *p, int *head,
                              char err[CAB_ERR_SIZE])
{
    const char *method = getenv("REQUEST_METHOD"), *qs = getenv("QUERY_STRING");
    cab_status st = CAB_OK;

    *head = 0;
    if (!method) {
        for (int i = 1; i < argc && st == CAB_OK; i++)
            st = cab_cgi_params_add_arg(p, argv[i], err);
        return st;
    }
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 &&
        strcmp(method, "POST") != 0) {
        snprintf(err, CAB_ERR_SIZE, "method not allowed (GET, HEAD or POST)");
        return CAB_IO;
    }
    *head = strcmp(method, "HEAD") == 0;
    if (qs && *qs)
        st = cab_cgi_params_parse(p, qs, strlen(qs), err);
    if (st == CAB_OK && strcmp(method, "POST") == 0)
        st = read_body(p, err);
    return st;
}

static void write_response(const struct cab_cgi_response *resp, int head)
{
    struct cab_buf gz;
    const char *body = resp->body.data;
    size_t len = resp->body.len;
    int gzip = cab_gzip_accepted(getenv("HTTP_ACCEPT_ENCODING"));

    cab_buf_init(&gz, CAB_CGI_MAX_PAGE_BYTES * 2);
    if (gzip && cab_gzip_compress(body, len, &gz) == CAB_OK) {
        body = gz.data;
        len = gz.len;
    } else {
        gzip = 0;
    }
    started = 1;
    printf("Status: %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n", resp->status,
           reason(resp->status), resp->content_type, len);
    printf("Cache-Control: %s\r\nVary: Accept-Encoding\r\n",
           resp->status == 200 ? "public, max-age=60" : "no-store");
    if (gzip)
        fputs("Content-Encoding: gzip\r\n", stdout);
    if (resp->retry_after)
        printf("Retry-After: %d\r\n", resp->retry_after);
    if (resp->status == 405)
        fputs("Allow: GET, HEAD, POST\r\n", stdout);
    fputs("X-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n"
          "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'\r\n\r\n", stdout);
    if (!head)
        fwrite(body, 1, len, stdout);
    fflush(stdout);
    cab_buf_release(&gz);
}

int main(int argc, char **argv)
{
    struct cab_cgi_params p;
    struct cab_cgi_response resp;
    char err[CAB_ERR_SIZE] = "";
    int head;
    cab_status st;

    limit_time();
    cab_cgi_params_init(&p);
    memset(&resp, 0, sizeof resp);
    cab_buf_init(&resp.body, CAB_CGI_MAX_PAGE_BYTES);
    st = read_params(argc, argv, &p, &head, err);
    if (st == CAB_IO)
        cab_cgi_error_page(&resp, 405, NULL, err);
    else if (st == CAB_NOMEM)
        cab_cgi_error_page(&resp, 503, NULL, err);
    else if (st != CAB_OK)
        cab_cgi_error_page(&resp, 400, NULL, err);
    else
        cab_cgi_respond(&p, cab_cgi_db_path(), &resp);
    write_response(&resp, head);
    cab_buf_release(&resp.body);
    cab_cgi_params_release(&p);
    return 0;
}
