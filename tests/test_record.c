#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "cab_buf.h"
#include "cab_mem.h"
#include "cable.h"
#include "record.h"

static char **strings(size_t n, const char *const *v)
{
    char **out = cab_calloc(n, sizeof *out);

    for (size_t i = 0; i < n; i++)
        out[i] = cab_strdup(v[i]);
    return out;
}

/* A cable with every field set, including odd ones (empty strings, NULLs
 * in optional places, negative times, coordinates). */
static struct cable *full_cable(void)
{
    static const char *const caveats[] = { "NOFORN", "SIPDIS" };
    static const char *const refs[] = { "09ASTANA1206", "08STATE12345", "09ASTANA99" };
    struct cable *c = cable_new();

    assert_non_null(c);
    c->id = cab_strdup("09ASTANA2101");
    c->created = cab_time_from_civil(2009, 12, 1, 4, 47, 0);
    c->released = cab_time_from_civil(2010, 11, 28, 18, 0, 0);
    c->classification = cab_strdup("SECRET//NOFORN");
    c->origin = cab_strdup("Embassy Astana");
    c->subject = cab_strdup("KAZAKHSTAN: SHELTER FOR TRAFFICKING VICTIMS \xc3\x89LYS\xc3\x89\x45");
    c->header = cab_strdup("");
    c->body = cab_strdup("S E C R E T ASTANA 002101\n\nSIPDIS\n\n1. (C) Body text.\n");
    c->source_path = cab_strdup("/data/2009/12/09ASTANA2101.html");
    c->source_offset = 1234567;
    c->format = CAB_FORMAT_HTML;
    c->class_level = cab_strdup("SECRET");
    c->caveats = strings(2, caveats);
    c->n_caveats = 2;
    c->dtg = -86400;
    c->precedence = NULL;
    c->decl = cab_strdup("2029-01-19");
    c->n_tags = 3;
    c->tags = cab_calloc(3, sizeof *c->tags);
    c->tags[0].value = cab_strdup("KTIP");
    c->tags[0].kind = CAB_TAG_PROGRAM;
    c->tags[1].value = cab_strdup("KZ");
    c->tags[1].kind = CAB_TAG_COUNTRY;
    c->tags[2].value = cab_strdup("CLINTON, HILLARY");
    c->tags[2].kind = CAB_TAG_PERSON;
    c->n_countries = 1;
    c->countries = cab_calloc(1, sizeof *c->countries);
    c->countries[0].code = cab_strdup("KZ");
    c->countries[0].name = cab_strdup("Kazakhstan");
    c->refs = strings(3, refs);
    c->n_refs = 3;
    c->n_people = 2;
    c->people = cab_calloc(2, sizeof *c->people);
    c->people[0].name = cab_strdup("Galina Morozova");
    c->people[0].role = CAB_ROLE_MENTIONED;
    c->people[1].name = cab_strdup("Spratlen");
    c->people[1].role = CAB_ROLE_SIGNER;
    c->n_places = 2;
    c->places = cab_calloc(2, sizeof *c->places);
    c->places[0].name = cab_strdup("Kokshetau");
    c->places[0].country = cab_strdup("Kazakhstan");
    c->places[0].lat = 53.2833;
    c->places[0].lon = 69.3833;
    c->places[0].has_coords = 1;
    c->places[1].name = cab_strdup("Akmolinskaya Oblast");
    c->places[1].country = NULL;
    c->n_marked_paragraphs = 7;
    c->n_redactions = 2;
    c->text = cab_strdup("Body text.");
    return c;
}

static void assert_str_same(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void assert_cables_equal(const struct cable *a, const struct cable *b)
{
    assert_str_same(a->id, b->id);
    assert_true(a->created == b->created);
    assert_true(a->released == b->released);
    assert_str_same(a->classification, b->classification);
    assert_str_same(a->origin, b->origin);
    assert_str_same(a->subject, b->subject);
    assert_str_same(a->header, b->header);
    assert_str_same(a->body, b->body);
    assert_str_same(a->source_path, b->source_path);
    assert_true(a->source_offset == b->source_offset);
    assert_int_equal(a->format, b->format);
    assert_str_same(a->class_level, b->class_level);
    assert_int_equal(a->n_caveats, b->n_caveats);
    for (size_t i = 0; i < a->n_caveats; i++)
        assert_str_same(a->caveats[i], b->caveats[i]);
    assert_true(a->dtg == b->dtg);
    assert_str_same(a->precedence, b->precedence);
    assert_str_same(a->decl, b->decl);
    assert_int_equal(a->n_tags, b->n_tags);
    for (size_t i = 0; i < a->n_tags; i++) {
        assert_str_same(a->tags[i].value, b->tags[i].value);
        assert_int_equal(a->tags[i].kind, b->tags[i].kind);
    }
    assert_int_equal(a->n_countries, b->n_countries);
    for (size_t i = 0; i < a->n_countries; i++) {
        assert_str_same(a->countries[i].code, b->countries[i].code);
        assert_str_same(a->countries[i].name, b->countries[i].name);
    }
    assert_int_equal(a->n_refs, b->n_refs);
    for (size_t i = 0; i < a->n_refs; i++)
        assert_str_same(a->refs[i], b->refs[i]);
    assert_int_equal(a->n_people, b->n_people);
    for (size_t i = 0; i < a->n_people; i++) {
        assert_str_same(a->people[i].name, b->people[i].name);
        assert_int_equal(a->people[i].role, b->people[i].role);
    }
    assert_int_equal(a->n_places, b->n_places);
    for (size_t i = 0; i < a->n_places; i++) {
        assert_str_same(a->places[i].name, b->places[i].name);
        assert_str_same(a->places[i].country, b->places[i].country);
        assert_int_equal(a->places[i].has_coords, b->places[i].has_coords);
        if (a->places[i].has_coords) {
            assert_true(a->places[i].lat == b->places[i].lat);
            assert_true(a->places[i].lon == b->places[i].lon);
        }
    }
    assert_int_equal(a->n_marked_paragraphs, b->n_marked_paragraphs);
    assert_int_equal(a->n_redactions, b->n_redactions);
    assert_str_same(a->text, b->text);
}

static void test_round_trip_full_cable(void **state)
{
    struct cable *c = full_cable(), *d = NULL;
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    assert_true(b.len > 8);
    assert_int_equal(cab_record_decode(b.data, b.len, &d), CAB_OK);
    assert_non_null(d);
    assert_cables_equal(c, d);
    cable_free(d);
    cable_free(c);
    cab_buf_release(&b);
}

static void test_round_trip_empty_cable(void **state)
{
    struct cable *c = cable_new(), *d = NULL;
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    assert_int_equal(cab_record_decode(b.data, b.len, &d), CAB_OK);
    assert_cables_equal(c, d);
    assert_true(d->created == CAB_TIME_UNKNOWN);
    cable_free(d);
    cable_free(c);
    cab_buf_release(&b);
}

static void test_encode_appends(void **state)
{
    struct cable *c = full_cable(), *d = NULL;
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_buf_addstr(&b, "prefix"), CAB_OK);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    assert_memory_equal(b.data, "prefix", 6);
    assert_int_equal(cab_record_decode(b.data + 6, b.len - 6, &d), CAB_OK);
    assert_cables_equal(c, d);
    cable_free(d);
    cable_free(c);
    cab_buf_release(&b);
}

static void test_hash_ignores_source_only(void **state)
{
    struct cable *c = full_cable();
    struct cab_buf b;
    uint64_t h1, h2, h3;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_record_encode_hashed(c, &b, &h1), CAB_OK);
    cab_free(c->source_path);
    c->source_path = cab_strdup("-");
    c->source_offset = 0;
    assert_int_equal(cab_record_encode_hashed(c, &b, &h2), CAB_OK);
    assert_true(h1 == h2);
    c->text[0] = 'b';
    assert_int_equal(cab_record_encode_hashed(c, &b, &h3), CAB_OK);
    assert_true(h1 != h3);
    cable_free(c);
    cab_buf_release(&b);
}

static void test_encode_respects_buffer_cap(void **state)
{
    struct cable *c = full_cable();
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 16);
    assert_int_equal(cab_record_encode(c, &b), CAB_TOO_LARGE);
    assert_int_equal(b.len, 0);
    cable_free(c);
    cab_buf_release(&b);
}

static cab_status decode_copy(const char *data, size_t len)
{
    /* A private copy, so a read past the end shows under ASan. */
    char *copy = malloc(len ? len : 1);
    struct cable *d = (struct cable *)&d;
    cab_status rc;

    if (len)
        memcpy(copy, data, len);
    rc = cab_record_decode(copy, len, &d);
    if (rc == CAB_OK)
        assert_non_null(d);
    else
        assert_null(d);
    cable_free(d);
    free(copy);
    return rc;
}

static void test_truncated_is_bad_input(void **state)
{
    struct cable *c = full_cable();
    struct cab_buf b;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    for (size_t len = 0; len < b.len; len++)
        assert_int_equal(decode_copy(b.data, len), CAB_BAD_INPUT);
    assert_int_equal(decode_copy(NULL, 0), CAB_BAD_INPUT);
    cable_free(c);
    cab_buf_release(&b);
}

static void test_flipped_bytes_never_crash(void **state)
{
    struct cable *c = full_cable();
    struct cab_buf b;
    unsigned seed = 7;
    size_t rejected = 0, flips = 0;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    for (size_t i = 0; i < b.len; i++) {
        for (int bit = 0; bit < 8; bit++) {
            cab_status rc;

            b.data[i] ^= (char)(1 << bit);
            rc = decode_copy(b.data, b.len);
            b.data[i] ^= (char)(1 << bit);
            /* Padding bits after the last deflate block carry nothing. */
            assert_true(rc == CAB_BAD_INPUT || rc == CAB_OK);
            rejected += rc == CAB_BAD_INPUT;
            flips++;
        }
    }
    assert_true(rejected + 8 >= flips);
    for (int round = 0; round < 2000; round++) {
        char junk[300];
        size_t n = (size_t)rand_r(&seed) % sizeof junk;

        for (size_t i = 0; i < n; i++)
            junk[i] = (char)rand_r(&seed);
        if (n >= 4 && round % 2)
            memcpy(junk, "CBR1", 4);
        assert_int_equal(decode_copy(junk, n), CAB_BAD_INPUT);
    }
    cable_free(c);
    cab_buf_release(&b);
}

/* A valid zlib stream around a hostile payload: the decoder must check
 * the fields themselves, not only the checksum. */
static cab_status decode_payload(const unsigned char *payload, size_t len)
{
    unsigned char out[1024];
    uLongf olen = sizeof out - 8;

    assert_int_equal(compress(out + 8, &olen, payload, (uLong)len), Z_OK);
    memcpy(out, "CBR1", 4);
    for (int i = 0; i < 4; i++)
        out[4 + i] = (unsigned char)(len >> (8 * i));
    return decode_copy((const char *)out, olen + 8);
}

static void test_hostile_payloads(void **state)
{
    /* id "A", then a string claiming 1000 bytes. */
    static const unsigned char long_str[] = { 2, 'A', 0, 0, 0, 0xe9, 0x07, 'x' };
    /* id with a NUL inside. */
    static const unsigned char nul_str[] = { 4, 'A', 0, 'B' };
    /* varint that never ends. */
    static const unsigned char endless[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                             0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
    unsigned char huge_count[64] = { 0 };
    unsigned char bad_format[64] = { 0 };
    struct cable *c = cable_new();
    struct cab_buf b;

    (void)state;
    assert_int_equal(decode_payload(long_str, sizeof long_str), CAB_BAD_INPUT);
    assert_int_equal(decode_payload(nul_str, sizeof nul_str), CAB_BAD_INPUT);
    assert_int_equal(decode_payload(endless, sizeof endless), CAB_BAD_INPUT);
    /* All fields NULL/0 up to the caveat count, then a count of 2^20. */
    huge_count[10] = 0x80;
    huge_count[11] = 0x80;
    huge_count[12] = 0x40;
    assert_int_equal(decode_payload(huge_count, 13), CAB_BAD_INPUT);
    /* Format 9 does not exist. */
    assert_int_equal(decode_payload(bad_format, 24), CAB_OK);
    bad_format[8] = 9;
    assert_int_equal(decode_payload(bad_format, 24), CAB_BAD_INPUT);

    /* An empty cable's payload plus one trailing byte. */
    cab_buf_init(&b, 1u << 20);
    assert_int_equal(cab_record_encode(c, &b), CAB_OK);
    {
        unsigned char payload[64];
        uLongf plen = sizeof payload;

        assert_int_equal(uncompress(payload, &plen, (const Bytef *)b.data + 8, (uLong)b.len - 8),
                         Z_OK);
        assert_int_equal(decode_payload(payload, plen), CAB_OK);
        payload[plen] = 0;
        assert_int_equal(decode_payload(payload, plen + 1), CAB_BAD_INPUT);
    }
    cable_free(c);
    cab_buf_release(&b);
}

static void test_allocation_failures(void **state)
{
    struct cable *c = full_cable(), *d = NULL;
    struct cab_buf b;
    cab_status rc;
    long n;

    (void)state;
    cab_buf_init(&b, 1u << 24);
    for (n = 0;; n++) {
        cab_alloc_fail_after(n);
        rc = cab_record_encode(c, &b);
        cab_alloc_fail_after(-1);
        if (rc == CAB_OK)
            break;
        assert_int_equal(rc, CAB_NOMEM);
        assert_int_equal(b.len, 0);
    }
    assert_true(n > 0);
    for (n = 0;; n++) {
        cab_alloc_fail_after(n);
        rc = cab_record_decode(b.data, b.len, &d);
        cab_alloc_fail_after(-1);
        if (rc == CAB_OK)
            break;
        assert_int_equal(rc, CAB_NOMEM);
        assert_null(d);
    }
    assert_true(n > 10);
    assert_cables_equal(c, d);
    cable_free(d);
    cable_free(c);
    cab_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_full_cable),
        cmocka_unit_test(test_round_trip_empty_cable),
        cmocka_unit_test(test_encode_appends),
        cmocka_unit_test(test_hash_ignores_source_only),
        cmocka_unit_test(test_encode_respects_buffer_cap),
        cmocka_unit_test(test_truncated_is_bad_input),
        cmocka_unit_test(test_flipped_bytes_never_crash),
        cmocka_unit_test(test_hostile_payloads),
        cmocka_unit_test(test_allocation_failures),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
