/* The document data: one cable as compact bytes.
 *
 * Layout of a record:
 *
 *   bytes 0-3   magic "CBR1" (format version 1)
 *   bytes 4-7   length of the uncompressed payload, unsigned 32-bit little endian
 *   bytes 8-    the payload, one zlib stream (with its Adler-32 check)
 *
 * The payload is the fields in a fixed order, each encoded as:
 *
 *   str    varint (length + 1), 0 meaning NULL; then the bytes (no NUL)
 *   uint   varint: 7 bits a byte, least significant first, high bit = more
 *   time   uint of the zig-zag form of the signed seconds (CAB_TIME_UNKNOWN too)
 *   real   8 bytes, IEEE 754 double, little endian
 *
 *   id str, created time, released time, classification str, origin str,
 *   subject str, header str, body str, format uint,
 *   class_level str, n_caveats uint + caveats str..., dtg time,
 *   precedence str, decl str,
 *   n_tags uint + (value str, kind uint)...,
 *   n_countries uint + (code str, name str)...,
 *   n_refs uint + refs str...,
 *   n_people uint + (name str, role uint)...,
 *   n_places uint + (name str, country str, has_coords uint [, lat real, lon real])...,
 *   n_marked_paragraphs uint, n_redactions uint, text str,
 *   source_path str, source_offset uint
 *
 * The content hash covers the payload up to source_path: where a cable was
 * read from does not change what it says.  The decoder trusts nothing: it
 * checks every length against what is left, every count against the
 * limits of cable.h, every enum against its range, and that the payload
 * ends exactly after the last field.
 */
#include <stdint.h>
#include <string.h>

#include <zlib.h>

#include "cab_hash.h"
#include "cab_mem.h"
#include "record.h"

#define MAGIC "CBR1"
#define HEADER_SIZE 8

/* ---------------------------------------------------------------- encoding */

static void put_uint(struct cab_buf *b, cab_status *rc, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;

    if (*rc != CAB_OK)
        return;
    do {
        tmp[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            tmp[n] |= 0x80;
        n++;
    } while (v);
    *rc = cab_buf_add(b, tmp, n);
}

static void put_time(struct cab_buf *b, cab_status *rc, int64_t t)
{
    uint64_t zz = t < 0 ? ~((uint64_t)t << 1) : (uint64_t)t << 1;

    put_uint(b, rc, zz);
}

static void put_str(struct cab_buf *b, cab_status *rc, const char *s)
{
    size_t len;

    if (!s) {
        put_uint(b, rc, 0);
        return;
    }
    len = strlen(s);
    put_uint(b, rc, (uint64_t)len + 1);
    if (*rc == CAB_OK)
        *rc = cab_buf_add(b, s, len);
}

static void put_real(struct cab_buf *b, cab_status *rc, double d)
{
    unsigned char tmp[8];
    uint64_t bits;

    if (*rc != CAB_OK)
        return;
    memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; i++)
        tmp[i] = (unsigned char)(bits >> (8 * i));
    *rc = cab_buf_add(b, tmp, sizeof tmp);
}

/* Writes the payload; *hashed_len gets the length the content hash covers. */
static cab_status put_cable(struct cab_buf *b, const struct cable *c, size_t *hashed_len)
{
    cab_status rc = CAB_OK;

    put_str(b, &rc, c->id);
    put_time(b, &rc, c->created);
    put_time(b, &rc, c->released);
    put_str(b, &rc, c->classification);
    put_str(b, &rc, c->origin);
    put_str(b, &rc, c->subject);
    put_str(b, &rc, c->header);
    put_str(b, &rc, c->body);
    put_uint(b, &rc, (uint64_t)c->format);
    put_str(b, &rc, c->class_level);
    put_uint(b, &rc, c->n_caveats);
    for (size_t i = 0; i < c->n_caveats; i++)
        put_str(b, &rc, c->caveats[i]);
    put_time(b, &rc, c->dtg);
    put_str(b, &rc, c->precedence);
    put_str(b, &rc, c->decl);
    put_uint(b, &rc, c->n_tags);
    for (size_t i = 0; i < c->n_tags; i++) {
        put_str(b, &rc, c->tags[i].value);
        put_uint(b, &rc, (uint64_t)c->tags[i].kind);
    }
    put_uint(b, &rc, c->n_countries);
    for (size_t i = 0; i < c->n_countries; i++) {
        put_str(b, &rc, c->countries[i].code);
        put_str(b, &rc, c->countries[i].name);
    }
    put_uint(b, &rc, c->n_refs);
    for (size_t i = 0; i < c->n_refs; i++)
        put_str(b, &rc, c->refs[i]);
    put_uint(b, &rc, c->n_people);
    for (size_t i = 0; i < c->n_people; i++) {
        put_str(b, &rc, c->people[i].name);
        put_uint(b, &rc, (uint64_t)c->people[i].role);
    }
    put_uint(b, &rc, c->n_places);
    for (size_t i = 0; i < c->n_places; i++) {
        const struct cab_place *p = &c->places[i];

        put_str(b, &rc, p->name);
        put_str(b, &rc, p->country);
        put_uint(b, &rc, p->has_coords ? 1 : 0);
        if (p->has_coords) {
            put_real(b, &rc, p->lat);
            put_real(b, &rc, p->lon);
        }
    }
    put_uint(b, &rc, c->n_marked_paragraphs);
    put_uint(b, &rc, c->n_redactions);
    put_str(b, &rc, c->text);
    *hashed_len = b->len;
    put_str(b, &rc, c->source_path);
    put_uint(b, &rc, c->source_offset);
    return rc;
}

static voidpf zalloc_cab(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    if (size && items > SIZE_MAX / size)
        return Z_NULL;
    return cab_malloc((size_t)items * size);
}

static void zfree_cab(voidpf opaque, voidpf p)
{
    (void)opaque;
    cab_free(p);
}

/* Compresses payload[0..len) onto the end of 'out' after the header. */
static cab_status compress_onto(const struct cab_buf *payload, struct cab_buf *out)
{
    z_stream zs;
    size_t start = out->len;
    uLong bound = compressBound((uLong)payload->len);
    unsigned char *dst;
    cab_status rc;
    int zr;

    rc = cab_buf_grow(out, HEADER_SIZE + (size_t)bound);
    if (rc != CAB_OK)
        return rc;
    dst = (unsigned char *)out->data + start;
    memcpy(dst, MAGIC, 4);
    for (int i = 0; i < 4; i++)
        dst[4 + i] = (unsigned char)(payload->len >> (8 * i));

    memset(&zs, 0, sizeof zs);
    zs.zalloc = zalloc_cab;
    zs.zfree = zfree_cab;
    zr = deflateInit(&zs, 6);
    if (zr != Z_OK)
        return zr == Z_MEM_ERROR ? CAB_NOMEM : CAB_INTERNAL;
    zs.next_in = (Bytef *)payload->data;
    zs.avail_in = (uInt)payload->len;
    zs.next_out = dst + HEADER_SIZE;
    zs.avail_out = (uInt)bound;
    zr = deflate(&zs, Z_FINISH);
    if (zr != Z_STREAM_END) {
        deflateEnd(&zs);
        return zr == Z_MEM_ERROR ? CAB_NOMEM : CAB_INTERNAL;
    }
    out->len = start + HEADER_SIZE + zs.total_out;
    out->data[out->len] = '\0';
    deflateEnd(&zs);
    return CAB_OK;
}

cab_status cab_record_encode_hashed(const struct cable *c, struct cab_buf *out,
                                    uint64_t *hash)
{
    struct cab_buf payload;
    size_t hashed_len = 0;
    cab_status rc;

    cab_buf_init(&payload, CAB_MAX_RECORD);
    rc = put_cable(&payload, c, &hashed_len);
    if (rc == CAB_OK)
        rc = compress_onto(&payload, out);
    if (rc == CAB_OK && hash)
        *hash = cab_fnv1a(payload.data, hashed_len);
    cab_buf_release(&payload);
    return rc;
}

cab_status cab_record_encode(const struct cable *c, struct cab_buf *out)
{
    return cab_record_encode_hashed(c, out, NULL);
}

/* ---------------------------------------------------------------- decoding */

struct reader {
    const unsigned char *p;
    size_t left;
    cab_status rc;   /* sticky: the first failure */
};

static uint64_t get_uint(struct reader *r)
{
    uint64_t v = 0;

    for (unsigned shift = 0; r->rc == CAB_OK; shift += 7) {
        unsigned char byte;

        if (r->left == 0 || shift > 63) {
            r->rc = CAB_BAD_INPUT;
            break;
        }
        byte = *r->p++;
        r->left--;
        if (shift == 63 && (byte & 0x7e))
            r->rc = CAB_BAD_INPUT;
        v |= (uint64_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80))
            return v;
    }
    return 0;
}

/* A count of at most 'max' items. */
static size_t get_count(struct reader *r, size_t max)
{
    uint64_t v = get_uint(r);

    if (r->rc == CAB_OK && v > max)
        r->rc = CAB_BAD_INPUT;
    return r->rc == CAB_OK ? (size_t)v : 0;
}

static int64_t get_time(struct reader *r)
{
    uint64_t zz = get_uint(r);

    if (zz & 1)
        return -(int64_t)(zz >> 1) - 1;
    return (int64_t)(zz >> 1);
}

static unsigned get_enum(struct reader *r, unsigned max)
{
    return (unsigned)get_count(r, max);
}

static char *get_str(struct reader *r)
{
    uint64_t v = get_uint(r);
    size_t len;
    char *s;

    if (r->rc != CAB_OK || v == 0)
        return NULL;
    len = (size_t)(v - 1);
    if (v - 1 > r->left || memchr(r->p, '\0', len)) {
        r->rc = CAB_BAD_INPUT;
        return NULL;
    }
    s = cab_strndup((const char *)r->p, len);
    if (!s) {
        r->rc = CAB_NOMEM;
        return NULL;
    }
    r->p += len;
    r->left -= len;
    return s;
}

static double get_real(struct reader *r)
{
    uint64_t bits = 0;
    double d;

    if (r->rc != CAB_OK)
        return 0;
    if (r->left < 8) {
        r->rc = CAB_BAD_INPUT;
        return 0;
    }
    for (int i = 0; i < 8; i++)
        bits |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    r->left -= 8;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* An array of 'n' zeroed items, or NULL for none. */
static void *get_array(struct reader *r, size_t n, size_t size)
{
    void *a;

    if (r->rc != CAB_OK || n == 0)
        return NULL;
    a = cab_calloc(n, size);
    if (!a)
        r->rc = CAB_NOMEM;
    return a;
}

/* Items of arrays are never NULL. */
static void need(struct reader *r, const char *s)
{
    if (r->rc == CAB_OK && !s)
        r->rc = CAB_BAD_INPUT;
}

static void get_cable(struct reader *r, struct cable *c)
{
    size_t n;

    c->id = get_str(r);
    c->created = get_time(r);
    c->released = get_time(r);
    c->classification = get_str(r);
    c->origin = get_str(r);
    c->subject = get_str(r);
    c->header = get_str(r);
    c->body = get_str(r);
    c->format = (enum cab_format)get_enum(r, CAB_FORMAT_CSV);
    c->class_level = get_str(r);

    /* Counts grow as items are decoded, so cable_free() releases exactly
     * what was decoded even when decoding stops part-way. */
    n = get_count(r, CAB_MAX_TAGS);
    c->caveats = get_array(r, n, sizeof *c->caveats);
    while (r->rc == CAB_OK && c->n_caveats < n) {
        c->caveats[c->n_caveats++] = get_str(r);
        need(r, c->caveats[c->n_caveats - 1]);
    }
    c->dtg = get_time(r);
    c->precedence = get_str(r);
    c->decl = get_str(r);

    n = get_count(r, CAB_MAX_TAGS);
    c->tags = get_array(r, n, sizeof *c->tags);
    while (r->rc == CAB_OK && c->n_tags < n) {
        struct cab_tag *t = &c->tags[c->n_tags++];

        t->value = get_str(r);
        need(r, t->value);
        t->kind = (enum cab_tag_kind)get_enum(r, CAB_TAG_OTHER);
    }

    n = get_count(r, CAB_MAX_TAGS);
    c->countries = get_array(r, n, sizeof *c->countries);
    while (r->rc == CAB_OK && c->n_countries < n) {
        struct cab_country *k = &c->countries[c->n_countries++];

        k->code = get_str(r);
        need(r, k->code);
        k->name = get_str(r);
    }

    n = get_count(r, CAB_MAX_REFS);
    c->refs = get_array(r, n, sizeof *c->refs);
    while (r->rc == CAB_OK && c->n_refs < n) {
        c->refs[c->n_refs++] = get_str(r);
        need(r, c->refs[c->n_refs - 1]);
    }

    n = get_count(r, CAB_MAX_PEOPLE);
    c->people = get_array(r, n, sizeof *c->people);
    while (r->rc == CAB_OK && c->n_people < n) {
        struct cab_person *p = &c->people[c->n_people++];

        p->name = get_str(r);
        need(r, p->name);
        p->role = (enum cab_person_role)get_enum(r, CAB_ROLE_SIGNER);
    }

    n = get_count(r, CAB_MAX_PLACES);
    c->places = get_array(r, n, sizeof *c->places);
    while (r->rc == CAB_OK && c->n_places < n) {
        struct cab_place *p = &c->places[c->n_places++];

        p->name = get_str(r);
        need(r, p->name);
        p->country = get_str(r);
        p->has_coords = (int)get_enum(r, 1);
        if (p->has_coords) {
            p->lat = get_real(r);
            p->lon = get_real(r);
        }
    }

    c->n_marked_paragraphs = (unsigned)get_count(r, UINT32_MAX);
    c->n_redactions = (unsigned)get_count(r, UINT32_MAX);
    c->text = get_str(r);
    c->source_path = get_str(r);
    c->source_offset = get_uint(r);
    if (r->rc == CAB_OK && r->left != 0)
        r->rc = CAB_BAD_INPUT;
}

/* Inflates data[HEADER_SIZE..len) into a new buffer of exactly 'ulen' bytes. */
static cab_status inflate_payload(const unsigned char *data, size_t len, size_t ulen,
                                  unsigned char **out)
{
    z_stream zs;
    unsigned char *dst;
    int zr;

    *out = NULL;
    dst = cab_malloc(ulen ? ulen : 1);
    if (!dst)
        return CAB_NOMEM;
    memset(&zs, 0, sizeof zs);
    zs.zalloc = zalloc_cab;
    zs.zfree = zfree_cab;
    zr = inflateInit(&zs);
    if (zr != Z_OK) {
        cab_free(dst);
        return zr == Z_MEM_ERROR ? CAB_NOMEM : CAB_INTERNAL;
    }
    zs.next_in = (Bytef *)(data + HEADER_SIZE);
    zs.avail_in = (uInt)(len - HEADER_SIZE);
    zs.next_out = dst;
    zs.avail_out = (uInt)ulen;
    zr = inflate(&zs, Z_FINISH);
    inflateEnd(&zs);
    if (zr != Z_STREAM_END || zs.total_out != ulen || zs.avail_in != 0) {
        cab_free(dst);
        return zr == Z_MEM_ERROR ? CAB_NOMEM : CAB_BAD_INPUT;
    }
    *out = dst;
    return CAB_OK;
}

cab_status cab_record_decode(const char *data, size_t len, struct cable **out)
{
    const unsigned char *u = (const unsigned char *)data;
    unsigned char *payload;
    struct reader r;
    struct cable *c;
    size_t ulen = 0;
    cab_status rc;

    *out = NULL;
    if (!data || len < HEADER_SIZE || memcmp(data, MAGIC, 4) != 0 || len - HEADER_SIZE > UINT32_MAX)
        return CAB_BAD_INPUT;
    for (int i = 0; i < 4; i++)
        ulen |= (size_t)u[4 + i] << (8 * i);
    if (ulen > CAB_MAX_RECORD)
        return CAB_BAD_INPUT;
    rc = inflate_payload(u, len, ulen, &payload);
    if (rc != CAB_OK)
        return rc;
    c = cable_new();
    if (!c) {
        cab_free(payload);
        return CAB_NOMEM;
    }
    r.p = payload;
    r.left = ulen;
    r.rc = CAB_OK;
    get_cable(&r, c);
    cab_free(payload);
    if (r.rc != CAB_OK) {
        cable_free(c);
        return r.rc;
    }
    *out = c;
    return CAB_OK;
}
