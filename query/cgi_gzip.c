/* Compressed responses: Accept-Encoding negotiation and a gzip body
 * (zlib's deflate with the gzip wrapper, windowBits 15 + 16). */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "cgi.h"

/* zlib level 1: pages are 5-20 KB of repetitive HTML, and level 1 makes
 * them about 7% larger than level 6 for a fraction of the CPU a request
 * spends compressing (bench/RESULTS.md, "Search page throughput"). */
#define GZIP_LEVEL 1

/* The q value of one coding's parameters ";q=0.5"; 1 when absent. */
static double qvalue(const char *p, const char *end)
{
    while (p < end) {
        const char *semi = memchr(p, ';', (size_t)(end - p));

        if (!semi)
            return 1.0;
        p = semi + 1;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
            char num[16];
            size_t n = 0;

            for (p += 2; p < end && n < sizeof num - 1 && (isdigit((unsigned char)*p) || *p == '.');)
                num[n++] = *p++;
            num[n] = '\0';
            return n ? strtod(num, NULL) : 0.0;
        }
    }
    return 1.0;
}

int cab_gzip_accepted(const char *ae)
{
    int gzip = -1, star = -1;

    while (ae && *ae) {
        const char *end = strchr(ae, ','), *name_end;
        size_t n;

        if (!end)
            end = ae + strlen(ae);
        while (ae < end && isspace((unsigned char)*ae))
            ae++;
        for (name_end = ae; name_end < end && *name_end != ';' && !isspace((unsigned char)*name_end);)
            name_end++;
        n = (size_t)(name_end - ae);
        if ((n == 4 && strncasecmp(ae, "gzip", 4) == 0) ||
            (n == 6 && strncasecmp(ae, "x-gzip", 6) == 0))
            gzip = qvalue(name_end, end) > 0.0;
        else if (n == 1 && *ae == '*')
            star = qvalue(name_end, end) > 0.0;
        ae = *end ? end + 1 : end;
    }
    return gzip >= 0 ? gzip : star > 0;
}

cab_status cab_gzip_compress(const char *data, size_t len, struct cab_buf *out)
{
    z_stream z;
    size_t bound, start = out->len;
    cab_status st;
    int rc;

    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return CAB_INTERNAL;
    bound = deflateBound(&z, (uLong)len) + 32;
    st = cab_buf_grow(out, bound);
    if (st != CAB_OK) {
        deflateEnd(&z);
        return st;
    }
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data + start;
    z.avail_out = (uInt)bound;
    rc = deflate(&z, Z_FINISH);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return CAB_INTERNAL;
    out->len = start + (size_t)z.total_out;
    out->data[out->len] = '\0';
    return CAB_OK;
}
