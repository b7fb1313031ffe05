/* Opening inputs, recognising their format and streaming their bytes.
 *
 * Bytes come from a file or standard input through a sliding window.  A
 * gzip input (magic 1f 8b) is inflated as it streams, member after member
 * as gzip(1) does; output far larger than its input is taken for a bomb.
 * Single-cable formats are read whole (up to CAB_MAX_DOCUMENT) and parsed;
 * cables.csv goes record by record through csv.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cab_mem.h"
#include "reader_internal.h"

/* Keep room for a whole raw read at the end of the window before
 * compacting. */
#define COMPACT_BELOW (16u << 10)

static void set_err(struct cab_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_err(struct cab_reader *r, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(r->errmsg, sizeof r->errmsg, fmt, ap);
    va_end(ap);
}

static voidpf z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return cab_calloc(items, size);
}

static void z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    cab_free(p);
}

/* Read raw bytes into r->raw after what is still unread. */
static cab_status raw_fill(struct cab_reader *r)
{
    ssize_t got;

    if (r->raw_pos > 0) {
        memmove(r->raw, r->raw + r->raw_pos, r->raw_len - r->raw_pos);
        r->raw_len -= r->raw_pos;
        r->raw_pos = 0;
    }
    if (r->raw_eof || r->raw_len == CAB_READER_RAW)
        return CAB_OK;
    do
        got = read(r->fd, r->raw + r->raw_len, CAB_READER_RAW - r->raw_len);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        set_err(r, "cannot read '%s': %s", r->path, strerror(errno));
        return CAB_IO;
    }
    if (got == 0)
        r->raw_eof = 1;
    r->raw_len += (size_t)got;
    r->raw_total += (uint64_t)got;
    return CAB_OK;
}

/* After a member's end: another member, or the end of the data (bytes
 * that are not a gzip member are ignored, as gzip(1) does). */
static cab_status next_member(struct cab_reader *r)
{
    cab_status st;

    while (r->raw_len - r->raw_pos < 2 && !r->raw_eof) {
        st = raw_fill(r);
        if (st != CAB_OK)
            return st;
    }
    if (r->raw_len - r->raw_pos >= 2 && r->raw[r->raw_pos] == 0x1f &&
        r->raw[r->raw_pos + 1] == 0x8b) {
        if (inflateReset(&r->zs) != Z_OK) {
            set_err(r, "'%s': cannot restart gzip decoding", r->path);
            return CAB_INTERNAL;
        }
        r->z_member_done = 0;
    } else {
        r->eof = 1;
    }
    return CAB_OK;
}

static cab_status inflate_some(struct cab_reader *r)
{
    size_t room = CAB_READER_WINDOW - r->win_len, in_before, produced;
    uint64_t consumed;
    int ret;
    cab_status st;

    if (r->z_member_done)
        return next_member(r);
    if (r->raw_pos == r->raw_len) {
        st = raw_fill(r);
        if (st != CAB_OK)
            return st;
        if (r->raw_len == 0) {
            set_err(r, "'%s': truncated gzip data", r->path);
            return CAB_BAD_INPUT;
        }
    }
    r->zs.next_in = r->raw + r->raw_pos;
    r->zs.avail_in = (uInt)(r->raw_len - r->raw_pos);
    r->zs.next_out = r->win + r->win_len;
    r->zs.avail_out = (uInt)room;
    in_before = r->zs.avail_in;
    ret = inflate(&r->zs, Z_NO_FLUSH);
    r->raw_pos += in_before - r->zs.avail_in;
    produced = room - r->zs.avail_out;
    r->win_len += produced;
    r->out_total += produced;
    consumed = r->raw_total - (r->raw_len - r->raw_pos);
    if (r->out_total > CAB_MAX_DOCUMENT &&
        r->out_total / CAB_MAX_GZIP_RATIO > consumed) {
        set_err(r, "'%s': gzip data expands more than %d times (a decompression bomb?)",
                r->path, CAB_MAX_GZIP_RATIO);
        return CAB_TOO_LARGE;
    }
    switch (ret) {
    case Z_STREAM_END:
        r->z_member_done = 1;
        return CAB_OK;
    case Z_OK:
        return CAB_OK;
    case Z_BUF_ERROR:
        if (r->raw_pos == r->raw_len && r->raw_eof) {
            set_err(r, "'%s': truncated gzip data", r->path);
            return CAB_BAD_INPUT;
        }
        return CAB_OK;
    case Z_MEM_ERROR:
        set_err(r, "'%s': out of memory", r->path);
        return CAB_NOMEM;
    default:
        set_err(r, "'%s': corrupt gzip data: %s", r->path,
                r->zs.msg ? r->zs.msg : "bad stream");
        return CAB_BAD_INPUT;
    }
}

/* Append more decompressed bytes to the window, or set r->eof. */
static cab_status produce(struct cab_reader *r)
{
    size_t take;
    cab_status st;

    if (r->gzip)
        return inflate_some(r);
    if (r->raw_pos == r->raw_len) {
        st = raw_fill(r);
        if (st != CAB_OK)
            return st;
        if (r->raw_len == 0) {
            r->eof = 1;
            return CAB_OK;
        }
    }
    take = r->raw_len - r->raw_pos;
    if (take > CAB_READER_WINDOW - r->win_len)
        take = CAB_READER_WINDOW - r->win_len;
    memcpy(r->win + r->win_len, r->raw + r->raw_pos, take);
    r->raw_pos += take;
    r->win_len += take;
    r->out_total += take;
    return CAB_OK;
}

cab_status cab_src_peek(struct cab_reader *r, size_t want, size_t *avail)
{
    cab_status st;

    while (r->win_len - r->win_pos < want && !r->eof) {
        if (CAB_READER_WINDOW - r->win_len < COMPACT_BELOW && r->win_pos > 0) {
            memmove(r->win, r->win + r->win_pos, r->win_len - r->win_pos);
            r->win_base += r->win_pos;
            r->win_len -= r->win_pos;
            r->win_pos = 0;
        }
        if (r->win_len == CAB_READER_WINDOW)
            break;
        st = produce(r);
        if (st != CAB_OK)
            return st;
    }
    *avail = r->win_len - r->win_pos;
    return CAB_OK;
}

uint64_t cab_src_offset(const struct cab_reader *r)
{
    return r->win_base + r->win_pos;
}

cab_status cab_reader_open(const char *path, cab_reader **out, char err[CAB_ERR_SIZE])
{
    struct cab_reader *r;
    struct stat sb;

    *out = NULL;
    err[0] = '\0';
    r = cab_calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, CAB_ERR_SIZE, "cannot open '%s': out of memory", path);
        return CAB_NOMEM;
    }
    r->fd = -1;
    r->line = 1;
    cab_buf_init(&r->rec, CAB_MAX_DOCUMENT);
    r->path = cab_strdup(path);
    r->raw = cab_malloc(CAB_READER_RAW);
    r->win = cab_malloc(CAB_READER_WINDOW);
    if (!r->path || !r->raw || !r->win) {
        snprintf(err, CAB_ERR_SIZE, "cannot open '%s': out of memory", path);
        cab_reader_close(r);
        return CAB_NOMEM;
    }
    if (strcmp(path, "-") == 0) {
        r->fd = STDIN_FILENO;
    } else {
        /* O_NONBLOCK so a FIFO without a writer cannot hang the open; reads
         * block again below. */
        r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (r->fd >= 0) {
            int fl = fcntl(r->fd, F_GETFL);

            if (fl != -1)
                (void)fcntl(r->fd, F_SETFL, fl & ~O_NONBLOCK);
        }
        if (r->fd < 0) {
            int e = errno;

            snprintf(err, CAB_ERR_SIZE, "cannot open '%s': %s", path, strerror(e));
            cab_reader_close(r);
            return e == ENOENT || e == ENOTDIR ? CAB_NOT_FOUND : CAB_IO;
        }
        r->own_fd = 1;
    }
    if (fstat(r->fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        snprintf(err, CAB_ERR_SIZE, "cannot read '%s': %s", path, strerror(EISDIR));
        cab_reader_close(r);
        return CAB_IO;
    }
    *out = r;
    return CAB_OK;
}

static int is_blank(const char *s, size_t n)
{
    size_t k;

    cab_trim(s, n, &k);
    return k == 0;
}

static int has_nul(const char *s, size_t n)
{
    return memchr(s, '\0', n < CAB_BINARY_PROBE ? n : CAB_BINARY_PROBE) != NULL;
}

enum cab_format cab_detect_format(const char *data, size_t len)
{
    const char *s = data, *nl;
    size_t n = len, i, first;

    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
    }
    if (has_nul(s, n))
        return CAB_FORMAT_UNKNOWN;
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        n--;
    }
    if (n < 2)
        return CAB_FORMAT_UNKNOWN;
    if (s[0] == '<' && (s[1] == '!' || s[1] == '?' || (s[1] >= 'a' && s[1] <= 'z') ||
                        (s[1] >= 'A' && s[1] <= 'Z')))
        return CAB_FORMAT_HTML;
    i = s[0] == '"' ? 1 : 0;
    first = i;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i > first && i + 1 < n &&
        ((first == 1 && s[i] == '"' && i + 2 < n && s[i + 1] == ',' && s[i + 2] == '"') ||
         (first == 0 && s[i] == ',' && s[i + 1] == '"')))
        return CAB_FORMAT_CSV;
    nl = memchr(s, '\n', n);
    first = nl ? (size_t)(nl - s) : n;
    {
        size_t tl;
        const char *t = cab_trim(s, first, &tl);

        if (cab_text_starts_with_label(t, tl))
            return CAB_FORMAT_TEXT;
        if (cab_line_starts_telegram(t, tl))
            return CAB_FORMAT_TELEGRAM;
    }
    return CAB_FORMAT_UNKNOWN;
}

/* Check the opening bytes: empty, binary or a known format. */
static cab_status classify(const char *s, size_t n, const char *path,
                           enum cab_format *fmt, char err[CAB_ERR_SIZE])
{
    *fmt = CAB_FORMAT_UNKNOWN;
    if (is_blank(s, n)) {
        snprintf(err, CAB_ERR_SIZE, "'%s': empty", path);
        return CAB_BAD_INPUT;
    }
    if (has_nul(s, n)) {
        snprintf(err, CAB_ERR_SIZE, "'%s': not a cable (binary data)", path);
        return CAB_BAD_INPUT;
    }
    *fmt = cab_detect_format(s, n);
    if (*fmt == CAB_FORMAT_UNKNOWN) {
        snprintf(err, CAB_ERR_SIZE, "'%s': unrecognised format", path);
        return CAB_BAD_INPUT;
    }
    return CAB_OK;
}

static cab_status parse_as(const char *data, size_t len, const char *path,
                           enum cab_format fmt, struct cable **out, char err[CAB_ERR_SIZE])
{
    struct cable *c = cable_new();
    cab_status st;

    if (!c || !(c->source_path = cab_strdup(path))) {
        cable_free(c);
        snprintf(err, CAB_ERR_SIZE, "'%s': out of memory", path);
        return CAB_NOMEM;
    }
    c->format = fmt;
    switch (fmt) {
    case CAB_FORMAT_HTML:
        st = cab_html_parse(data, len, path, c, err);
        break;
    case CAB_FORMAT_TEXT:
        st = cab_text_parse(data, len, path, c, err);
        break;
    case CAB_FORMAT_TELEGRAM:
        st = cab_telegram_parse(data, len, path, c, err);
        break;
    default:
        snprintf(err, CAB_ERR_SIZE, "'%s': cables.csv is read record by record", path);
        st = CAB_BAD_INPUT;
        break;
    }
    if (st != CAB_OK) {
        cable_free(c);
        return st;
    }
    *out = c;
    return CAB_OK;
}

cab_status cab_parse_document(const char *data, size_t len, const char *path,
                              struct cable **out, char err[CAB_ERR_SIZE])
{
    enum cab_format fmt;
    cab_status st;

    *out = NULL;
    err[0] = '\0';
    if (len > CAB_MAX_DOCUMENT) {
        snprintf(err, CAB_ERR_SIZE, "'%s': larger than %u MiB", path, CAB_MAX_DOCUMENT >> 20);
        return CAB_TOO_LARGE;
    }
    st = classify(data, len < CAB_DETECT_BYTES ? len : CAB_DETECT_BYTES, path, &fmt, err);
    if (st == CAB_OK && is_blank(data, len)) {
        snprintf(err, CAB_ERR_SIZE, "'%s': empty", path);
        st = CAB_BAD_INPUT;
    }
    if (st != CAB_OK)
        return st;
    return parse_as(data, len, path, fmt, out, err);
}

static cab_status start(struct cab_reader *r)
{
    size_t avail;
    cab_status st;

    while (r->raw_len < 2 && !r->raw_eof) {
        st = raw_fill(r);
        if (st != CAB_OK)
            return st;
    }
    if (r->raw_len >= 2 && r->raw[0] == 0x1f && r->raw[1] == 0x8b) {
        r->zs.zalloc = z_alloc;
        r->zs.zfree = z_free;
        if (inflateInit2(&r->zs, 16 + MAX_WBITS) != Z_OK) {
            set_err(r, "'%s': out of memory", r->path);
            return CAB_NOMEM;
        }
        r->gzip = 1;
        r->z_ready = 1;
    }
    st = cab_src_peek(r, CAB_DETECT_BYTES, &avail);
    if (st != CAB_OK)
        return st;
    st = classify((const char *)r->win + r->win_pos, avail, r->path, &r->format, r->errmsg);
    r->started = 1;
    return st;
}

/* A single-cable input: read it whole, then parse it. */
static cab_status read_document(struct cab_reader *r, struct cable **out)
{
    struct cab_buf doc;
    size_t avail;
    cab_status st;

    cab_buf_init(&doc, CAB_MAX_DOCUMENT);
    for (;;) {
        st = cab_src_peek(r, CAB_READER_WINDOW, &avail);
        if (st != CAB_OK || avail == 0)
            break;
        st = cab_buf_add(&doc, r->win + r->win_pos, avail);
        if (st == CAB_TOO_LARGE)
            set_err(r, "'%s': larger than %u MiB", r->path, CAB_MAX_DOCUMENT >> 20);
        else if (st == CAB_NOMEM)
            set_err(r, "'%s': out of memory", r->path);
        if (st != CAB_OK)
            break;
        r->win_pos += avail;
    }
    if (st == CAB_OK)
        st = parse_as(doc.data, doc.len, r->path, r->format, out, r->errmsg);
    cab_buf_release(&doc);
    return st;
}

cab_status cab_reader_next(cab_reader *r, struct cable **out)
{
    cab_status st;

    *out = NULL;
    if (r->done)
        return CAB_OK;
    r->errmsg[0] = '\0';
    if (!r->started) {
        st = start(r);
        if (st != CAB_OK) {
            r->done = 1;
            return st;
        }
    }
    if (r->format == CAB_FORMAT_CSV)
        return cab_csv_next(r, out);
    st = read_document(r, out);
    r->done = 1;
    return st;
}

const char *cab_reader_errmsg(const cab_reader *r)
{
    return r->errmsg;
}

enum cab_format cab_reader_format(const cab_reader *r)
{
    return r->format;
}

void cab_reader_close(cab_reader *r)
{
    if (!r)
        return;
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    if (r->z_ready)
        inflateEnd(&r->zs);
    cab_buf_release(&r->rec);
    cab_free(r->raw);
    cab_free(r->win);
    cab_free(r->path);
    cab_free(r);
}
