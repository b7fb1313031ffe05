/* Tests for the cable readers (include/corpus.h): every format, gzip,
 * standard input, damaged and hostile inputs, allocation failures, and the
 * real pages in the shared corpus when it is there. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "cab_mem.h"
#include "corpus.h"

static char tmpdir[] = "/tmp/test_readers.XXXXXX";

static const char page[] =
    "<?xml version='1.0' encoding='utf-8' ?>\n"
    "<html><head><title>Cable Viewer</title></head><body>\n"
    "<div class='pane'><a href='/date/1979-08_0.html'>1979/08</a></div>\n"
    "<table class='cable'>\n<tr>\n<th>Reference ID</th>\n<th>Created</th>\n"
    "<th>Released</th>\n<th>Classification</th>\n<th>Origin</th>\n</tr>\n<tr>\n"
    "<td>\n<a href='/cable/1979/08/79TEHRAN8980.html'>79TEHRAN8980</a>\n</td>\n"
    "<td>\n<a href='/date/1979-08_0.html'>1979-08-13 04:04</a>\n</td>\n"
    "<td>\n<a href='/reldate/2010-11-28_0.html'>2010-11-28 18:06</a>\n</td>\n"
    "<td>\n<a href='/classification/1_0.html' title='unclassified'>SECRET//NOFORN</a>\n</td>\n"
    "<td>\n<a href='/origin/17_0.html'>Embassy Tehran</a>\n</td>\n</tr>\n</table>\n"
    "<code><pre>R 130458Z AUG 79&#x000A;FM AMEMBASSY TEHRAN&#x000A;TO SECSTATE WASHDC 3182"
    "</pre></code>\n"
    "<code><pre>C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 &#x000A; &#x000A;"
    "TAGS: <a href='/tag/PEPR_0.html'>PEPR</a> <a href='/tag/IR_0.html'>IR</a>&#x000A;"
    "SUBJECT: NEGOTIATIONS &#x000A; &#x000A;"
    "<a id='par1' href='#par1'>\xC2\xB6</a>1. (C - ENTIRE TEXT). R&D &amp; &quot;BAZAAR&quot; "
    "&lt;x&gt; &#39;A&#39; &bogus; <<218634>> caf&eacute;&#x000A;<br>&#x000A;"
    "<a id='par2' href='#par2'>\xC2\xB6</a>2. <strong>END</strong> OF TEXT.&#x000A;LAINGEN"
    "</pre></code>\n</div></body></html>\n";

static const char seed_text[] =
    "Identifier\nCreated\nClassification\nOrigin\n09ASTANA2101\n2009-12-01 04:47:00\n"
    "UNCLASSIFIED\nEmbassy Astana\nCable title:\xC2\xA0\xC2\xA0\n\n"
    "KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO\n\n"
    "Tags:\xC2\xA0\xC2\xA0PGOV\xC2\xA0KTIP\xC2\xA0KZ\xC2\xA0\n"
    "pdf\xC2\xA0how-to read a cable\n"
    "VZCZCXRO3659\nPP RUEHIK\nDE RUEHTA #2101/01 3350447\nZNR UUUUU ZZH\n"
    "P 010447Z DEC 09\nFM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC PRIORITY 6933\n"
    "UNCLAS SECTION 01 OF 03 ASTANA 002101 \n\nSIPDIS\n\n"
    "E.O. 12958: N/A\nTAGS: PGOV ELAB SMIG SOCI KCRM KTIP KWMN KZ\n"
    "SUBJECT: KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO\n\n"
    "1. SUMMARY: During a November 12-13 visit to Kokshetau...\n\nSPRATLEN\n";

static const char telegram_vz[] =
    "VZCZCXRO3659\nPP RUEHIK\nDE RUEHTA #2101/01 3350447\nP 010447Z DEC 09\n"
    "FM AMEMBASSY ASTANA\nTO RUEHC/SECSTATE WASHDC PRIORITY 6933\n"
    "UNCLAS SECTION 01 OF 03 ASTANA 002101\n\nSIPDIS\n\n1. SUMMARY: Text.\n";

static const char csv_data[] =
    "\"1\",\"12/1/2009 4:47\",\"09ASTANA2101\",\"Embassy Astana\",\"UNCLASSIFIED\","
    "\"09ASTANA1206\",\"VZCZCXRO3659\nPP RUEHIK\nFM AMEMBASSY ASTANA\","
    "\"UNCLAS SECTION 01 OF 03 ASTANA 002101\n\n1. The play \"\"Night Stars\"\" opened.\n"
    "\"\"quoted line\"\"\nSPRATLEN\"\n"
    "\"2\",\"8/13/1979 4:04\",\"79TEHRAN8980\",\"Embassy Tehran\",\"CONFIDENTIAL\",\"\","
    "\"R 130458Z AUG 79\r\nFM AMEMBASSY TEHRAN\",\"C O N F I D E N T I A L\r\n"
    "1. HE SAID \\\"NO\\\", THEN LEFT.\r\nLAINGEN\"\r\n";

/* --- helpers --- */

static char *path_in_tmp(const char *name)
{
    static char buf[8][512];
    static int next;
    char *p = buf[next++ % 8];

    snprintf(p, 512, "%s/%s", tmpdir, name);
    return p;
}

static const char *write_file(const char *name, const void *data, size_t len)
{
    const char *p = path_in_tmp(name);
    FILE *f = fopen(p, "wb");

    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* One gzip member of data; caller frees. */
static unsigned char *gz(const void *data, size_t len, size_t *out_len)
{
    z_stream zs;
    uLong cap;
    unsigned char *out;

    memset(&zs, 0, sizeof zs);
    assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    cap = deflateBound(&zs, (uLong)len) + 32;
    out = malloc(cap);
    assert_non_null(out);
    zs.next_in = (Bytef *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
    *out_len = cap - zs.avail_out;
    deflateEnd(&zs);
    return out;
}

static const char *write_gz(const char *name, const void *data, size_t len)
{
    size_t n;
    unsigned char *z = gz(data, len, &n);
    const char *p = write_file(name, z, n);

    free(z);
    return p;
}

/* Read every cable of 'path'; returns how many, the first in *first (may
 * be NULL), and the status that ended the reading. */
static cab_status read_all(const char *path, struct cable **cables, size_t max, size_t *n,
                           char *msg)
{
    cab_reader *r;
    char err[CAB_ERR_SIZE];
    cab_status st = cab_reader_open(path, &r, err);

    *n = 0;
    if (st != CAB_OK) {
        snprintf(msg, CAB_ERR_SIZE, "%s", err);
        return st;
    }
    for (;;) {
        struct cable *c;

        st = cab_reader_next(r, &c);
        if (st != CAB_OK) {
            snprintf(msg, CAB_ERR_SIZE, "%s", cab_reader_errmsg(r));
            break;
        }
        if (!c)
            break;
        if (*n < max)
            cables[(*n)++] = c;
        else
            cable_free(c);
    }
    cab_reader_close(r);
    return st;
}

static void free_all(struct cable **c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cable_free(c[i]);
}

static struct cable *parse_ok(const char *data, size_t len, const char *path)
{
    struct cable *c;
    char err[CAB_ERR_SIZE];
    cab_status st = cab_parse_document(data, len, path, &c, err);

    if (st != CAB_OK)
        fail_msg("parse of '%s' failed: %s", path, err);
    assert_non_null(c);
    return c;
}

static void check_html(const struct cable *c)
{
    char t[21];

    assert_string_equal(c->id, "79TEHRAN8980");
    assert_string_equal(cab_time_iso(c->created, t), "1979-08-13T04:04:00Z");
    assert_string_equal(cab_time_iso(c->released, t), "2010-11-28T18:06:00Z");
    assert_string_equal(c->classification, "SECRET//NOFORN");
    assert_string_equal(c->origin, "Embassy Tehran");
    assert_null(c->subject);
    assert_int_equal(c->format, CAB_FORMAT_HTML);
    assert_string_equal(c->header, "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182");
    assert_non_null(strstr(c->body, "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 \n \nTAGS: PEPR IR\n"));
    assert_non_null(strstr(c->body, "\n1. (C - ENTIRE TEXT). R&D & \"BAZAAR\" <x> 'A' &bogus; <<218634>> caf\xC3\xA9\n\n2. END OF TEXT.\nLAINGEN"));
    assert_null(strstr(c->body, "\xC2\xB6"));
    assert_null(strstr(c->body, "<a"));
}

/* --- detection --- */

static void test_detect_format(void **state)
{
    static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0";

    (void)state;
    assert_int_equal(cab_detect_format(page, strlen(page)), CAB_FORMAT_HTML);
    assert_int_equal(cab_detect_format(seed_text, strlen(seed_text)), CAB_FORMAT_TEXT);
    assert_int_equal(cab_detect_format(telegram_vz, strlen(telegram_vz)), CAB_FORMAT_TELEGRAM);
    assert_int_equal(cab_detect_format("R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\n", 36), CAB_FORMAT_TELEGRAM);
    assert_int_equal(cab_detect_format("O 210722Z JUL 06\nFM AMEMBASSY X\n", 32), CAB_FORMAT_TELEGRAM);
    assert_int_equal(cab_detect_format("\n\nC O N F I D E N T I A L ANKARA 000348\n", 40), CAB_FORMAT_TELEGRAM);
    assert_int_equal(cab_detect_format("SECRET//NOFORN\nTEXT\n", 20), CAB_FORMAT_TELEGRAM);
    assert_int_equal(cab_detect_format(csv_data, strlen(csv_data)), CAB_FORMAT_CSV);
    assert_int_equal(cab_detect_format(bin, sizeof bin - 1), CAB_FORMAT_UNKNOWN);
    assert_int_equal(cab_detect_format("Dear diary,\ntoday\n", 18), CAB_FORMAT_UNKNOWN);
    assert_int_equal(cab_detect_format("SECRETARY OF STATE\n", 19), CAB_FORMAT_UNKNOWN);
    assert_int_equal(cab_detect_format("", 0), CAB_FORMAT_UNKNOWN);
}

/* --- single documents --- */

static void test_html_page(void **state)
{
    struct cable *c;

    (void)state;
    c = parse_ok(page, strlen(page), "1979/08/79TEHRAN8980.html");
    check_html(c);
    assert_string_equal(c->source_path, "1979/08/79TEHRAN8980.html");
    cable_free(c);
}

static void test_html_truncated(void **state)
{
    char err[CAB_ERR_SIZE];
    struct cable *c;
    const char *cut = strstr(page, "SUBJECT:");
    const char *no_id = strstr(page, "<table");

    (void)state;
    /* Cut inside the second <pre>: what is there is kept. */
    c = parse_ok(page, (size_t)(cut - page) + 12, "cut.html");
    assert_string_equal(c->id, "79TEHRAN8980");
    assert_string_equal(c->body, "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980 \n \nTAGS: PEPR IR\nSUBJECT: NEG");
    cable_free(c);
    /* Cut before the ID: rejected, naming the file. */
    assert_int_equal(cab_parse_document(page, (size_t)(no_id - page) + 30, "cut2.html", &c, err),
                     CAB_BAD_INPUT);
    assert_null(c);
    assert_string_equal(err, "'cut2.html': no reference id in the page");
}

static void test_plain_text(void **state)
{
    struct cable *c;
    char t[21];

    (void)state;
    c = parse_ok(seed_text, strlen(seed_text), "09ASTANA2101.txt");
    assert_int_equal(c->format, CAB_FORMAT_TEXT);
    assert_string_equal(c->id, "09ASTANA2101");
    assert_string_equal(cab_time_iso(c->created, t), "2009-12-01T04:47:00Z");
    assert_true(c->released == CAB_TIME_UNKNOWN);
    assert_string_equal(c->classification, "UNCLASSIFIED");
    assert_string_equal(c->origin, "Embassy Astana");
    assert_string_equal(c->subject, "KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO");
    assert_true(strncmp(c->header, "VZCZCXRO3659\nPP RUEHIK\n", 23) == 0);
    assert_non_null(strstr(c->header, "TO RUEHC/SECSTATE WASHDC PRIORITY 6933"));
    assert_null(strstr(c->header, "UNCLAS"));
    assert_true(strncmp(c->body, "UNCLAS SECTION 01 OF 03 ASTANA 002101", 37) == 0);
    assert_true(strcmp(c->body + strlen(c->body) - 8, "SPRATLEN") == 0);
    cable_free(c);
}

static void test_plain_text_inline_labels(void **state)
{
    static const char text[] =
        "Reference ID: 06 baghdad 2345\nCreated: 2006-07-21 07:22\n"
        "Classification: SECRET\nOrigin: Embassy Baghdad\n"
        "O 210722Z JUL 06\nFM AMEMBASSY BAGHDAD\nS E C R E T BAGHDAD 002345\nTEXT\n";
    struct cable *c;

    (void)state;
    c = parse_ok(text, strlen(text), "inline.txt");
    assert_string_equal(c->id, "06BAGHDAD2345");
    assert_string_equal(c->header, "O 210722Z JUL 06\nFM AMEMBASSY BAGHDAD");
    assert_string_equal(c->body, "S E C R E T BAGHDAD 002345\nTEXT");
    assert_null(c->subject);
    cable_free(c);
}

static void test_bare_telegrams(void **state)
{
    static const char old[] =
        "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980\n\nSUBJECT: NEGOTIATIONS\n";
    static const char classline[] = "SECRET//NOFORN\r\nSIPDIS\r\n\r\n1. (S/NF) Text.\r\n";
    struct cable *c;

    (void)state;
    c = parse_ok(telegram_vz, strlen(telegram_vz), "t1.txt");
    assert_int_equal(c->format, CAB_FORMAT_TELEGRAM);
    assert_null(c->id);
    assert_null(c->origin);
    assert_null(c->classification);
    assert_true(c->created == CAB_TIME_UNKNOWN);
    assert_string_equal(c->header, "VZCZCXRO3659\nPP RUEHIK\nDE RUEHTA #2101/01 3350447\n"
                                   "P 010447Z DEC 09\nFM AMEMBASSY ASTANA\n"
                                   "TO RUEHC/SECSTATE WASHDC PRIORITY 6933");
    assert_string_equal(c->body, "UNCLAS SECTION 01 OF 03 ASTANA 002101\n\nSIPDIS\n\n1. SUMMARY: Text.");
    cable_free(c);

    c = parse_ok(old, strlen(old), "t2.txt");
    assert_string_equal(c->header, "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 3182");
    assert_true(strncmp(c->body, "C O N F I D E N T I A L SECTION", 31) == 0);
    cable_free(c);

    c = parse_ok(classline, strlen(classline), "t3.txt");
    assert_string_equal(c->header, "");
    assert_string_equal(c->body, "SECRET//NOFORN\nSIPDIS\n\n1. (S/NF) Text.");
    cable_free(c);
}

static void test_document_errors(void **state)
{
    char err[CAB_ERR_SIZE];
    struct cable *c;
    static const char bin[] = "VZCZC\0\0\0\x01\x02";

    (void)state;
    assert_int_equal(cab_parse_document("", 0, "e.txt", &c, err), CAB_BAD_INPUT);
    assert_null(c);
    assert_string_equal(err, "'e.txt': empty");
    assert_int_equal(cab_parse_document(" \n\t\n", 4, "w.txt", &c, err), CAB_BAD_INPUT);
    assert_string_equal(err, "'w.txt': empty");
    assert_int_equal(cab_parse_document(bin, sizeof bin - 1, "x.bin", &c, err), CAB_BAD_INPUT);
    assert_string_equal(err, "'x.bin': not a cable (binary data)");
    assert_int_equal(cab_parse_document("hello world\n", 12, "h.txt", &c, err), CAB_BAD_INPUT);
    assert_string_equal(err, "'h.txt': unrecognised format");
    assert_int_equal(cab_parse_document(csv_data, strlen(csv_data), "c.csv", &c, err),
                     CAB_BAD_INPUT);
    assert_non_null(strstr(err, "'c.csv'"));
}

static void test_text_too_large(void **state)
{
    size_t n = CAB_MAX_TEXT + 100;
    char *big = malloc(n);
    char err[CAB_ERR_SIZE];
    struct cable *c;

    (void)state;
    assert_non_null(big);
    memset(big, 'A', n);
    memcpy(big, "UNCLAS ASTANA 002101\n", 21);
    for (size_t i = 100; i < n; i += 70)
        big[i] = '\n';
    assert_int_equal(cab_parse_document(big, n, "big.txt", &c, err), CAB_TOO_LARGE);
    assert_null(c);
    assert_string_equal(err, "'big.txt': telegram text larger than 16 MiB");
    free(big);
}

static void test_mis_encoded(void **state)
{
    /* Latin-1 bytes, a NUL, a stray continuation byte and an overlong. */
    static const char text[] =
        "UNCLAS BRASILIA 000123\nS\xC3O PAULO caf\xE9 \x80 x\0y \xC0\xAF end\n";
    char data[2048];
    struct cable *c;

    (void)state;
    /* A NUL within the first KB would make it binary: pad past that. */
    memset(data, '-', 1200);
    memcpy(data, "UNCLAS BRASILIA 000123\n", 23);
    data[1199] = '\n';
    memcpy(data + 1200, text + 23, sizeof text - 24);
    c = parse_ok(data, 1200 + sizeof text - 24, "latin1.txt");
    assert_non_null(strstr(c->body, "---\nS\xEF\xBF\xBDO PAULO caf\xEF\xBF\xBD "
                                    "\xEF\xBF\xBD xy \xEF\xBF\xBD\xEF\xBF\xBD end"));
    assert_true(strncmp(c->body, "UNCLAS BRASILIA 000123\n---", 26) == 0);
    cable_free(c);
}

static void test_utf8_repair(void **state)
{
    size_t n;
    char *s;

    (void)state;
    s = cab_utf8_repair("ok \xE2\x82\xAC \xF0\x9F\x98\x80", 11, &n);
    assert_string_equal(s, "ok \xE2\x82\xAC \xF0\x9F\x98\x80");
    assert_int_equal(n, 11);
    cab_free(s);
    /* Surrogate, past U+10FFFF, cut sequence at the end. */
    s = cab_utf8_repair("\xED\xA0\x80|\xF4\x90\x80\x80|\xE2\x82", 12, &n);
    assert_int_equal(n, strlen(s));
    assert_string_equal(s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
                           "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|"
                           "\xEF\xBF\xBD\xEF\xBF\xBD");
    cab_free(s);
    cab_alloc_fail_after(0);
    assert_null(cab_utf8_repair("abc", 3, &n));
    cab_alloc_fail_after(-1);
}

static void test_long_field_cut(void **state)
{
    /* An origin of 3000 two-byte characters is cut whole at 4096 bytes. */
    size_t n = 6000 + 200;
    char *text = malloc(n + 400), *p;
    struct cable *c;

    (void)state;
    assert_non_null(text);
    p = text + sprintf(text, "Identifier: 09X1\nOrigin: ");
    for (int i = 0; i < 3000; i++)
        p += sprintf(p, "\xC3\xA9");
    p += sprintf(p, "\nUNCLAS X 1\nTEXT\n");
    c = parse_ok(text, (size_t)(p - text), "long.txt");
    assert_int_equal(strlen(c->origin), CAB_MAX_FIELD);
    assert_int_equal((unsigned char)c->origin[CAB_MAX_FIELD - 2], 0xC3);
    cable_free(c);
    free(text);
}

/* --- the reader: files, gzip, standard input --- */

static void test_reader_each_format_plain_and_gzip(void **state)
{
    static const struct {
        const char *name;
        const char *data;
        enum cab_format fmt;
        size_t count;
    } inputs[] = {
        { "p.html", page, CAB_FORMAT_HTML, 1 },
        { "s.txt", seed_text, CAB_FORMAT_TEXT, 1 },
        { "t.txt", telegram_vz, CAB_FORMAT_TELEGRAM, 1 },
        { "c.csv", csv_data, CAB_FORMAT_CSV, 2 },
    };
    char name[64], msg[CAB_ERR_SIZE];
    struct cable *c[4];
    size_t n;

    (void)state;
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        for (int z = 0; z < 2; z++) {
            const char *path;
            cab_reader *r;
            struct cable *one;

            snprintf(name, sizeof name, "%s%s", inputs[i].name, z ? ".gz" : "");
            path = z ? write_gz(name, inputs[i].data, strlen(inputs[i].data))
                     : write_file(name, inputs[i].data, strlen(inputs[i].data));
            assert_int_equal(read_all(path, c, 4, &n, msg), CAB_OK);
            assert_int_equal(n, inputs[i].count);
            assert_int_equal(c[0]->format, inputs[i].fmt);
            assert_string_equal(c[0]->source_path, path);
            if (inputs[i].fmt == CAB_FORMAT_HTML)
                check_html(c[0]);
            free_all(c, n);
            assert_int_equal(cab_reader_open(path, &r, msg), CAB_OK);
            assert_int_equal(cab_reader_next(r, &one), CAB_OK);
            assert_int_equal(cab_reader_format(r), inputs[i].fmt);
            cable_free(one);
            cab_reader_close(r);
        }
    }
}

static void test_reader_gzip_members(void **state)
{
    size_t n1, n2;
    unsigned char *a = gz(page, 700, &n1), *b = gz(page + 700, strlen(page) - 700, &n2);
    unsigned char *both = malloc(n1 + n2 + 4);
    struct cable *c[2];
    size_t n;
    char msg[CAB_ERR_SIZE];

    (void)state;
    memcpy(both, a, n1);
    memcpy(both + n1, b, n2);
    assert_int_equal(read_all(write_file("two.html.gz", both, n1 + n2), c, 2, &n, msg), CAB_OK);
    assert_int_equal(n, 1);
    check_html(c[0]);
    free_all(c, n);
    /* Corrupt data and a cut member. */
    both[n1 + 12] ^= 0x55;
    both[n1 + 13] ^= 0x55;
    both[n1 + 14] ^= 0x55;
    assert_int_equal(read_all(write_file("bad.html.gz", both, n1 + n2), c, 2, &n, msg),
                     CAB_BAD_INPUT);
    assert_int_equal(n, 0);
    assert_non_null(strstr(msg, "/bad.html.gz': corrupt gzip data"));
    assert_int_equal(read_all(write_file("cut.html.gz", a, n1 - 10), c, 2, &n, msg),
                     CAB_BAD_INPUT);
    assert_non_null(strstr(msg, "/cut.html.gz': truncated gzip data"));
    free(a);
    free(b);
    free(both);
}

static void test_reader_gzip_bomb(void **state)
{
    static const char head[] = "VZCZCXRO3659\nUNCLAS X 1\n";
    size_t chunk = 1u << 20, n1, n2, copies = (CAB_MAX_DOCUMENT / chunk) + 4;
    char *fill = malloc(chunk);
    unsigned char *h = gz(head, strlen(head), &n1), *f;
    FILE *out;
    const char *path = path_in_tmp("bomb.gz");
    struct cable *c[1];
    size_t n;
    char msg[CAB_ERR_SIZE];

    (void)state;
    memset(fill, 'A', chunk);
    f = gz(fill, chunk, &n2);
    out = fopen(path, "wb");
    assert_non_null(out);
    fwrite(h, 1, n1, out);
    for (size_t i = 0; i < copies; i++)
        fwrite(f, 1, n2, out);
    fclose(out);
    assert_int_equal(read_all(path, c, 1, &n, msg), CAB_TOO_LARGE);
    assert_int_equal(n, 0);
    assert_non_null(strstr(msg, "/bomb.gz': gzip data expands more than 200 times"));
    free(fill);
    free(h);
    free(f);
}

static void test_reader_stdin(void **state)
{
    int saved = dup(0), fd;
    struct cable *c[2];
    size_t n;
    char msg[CAB_ERR_SIZE];
    FILE *f = fopen(write_gz("stdin.gz", seed_text, strlen(seed_text)), "rb");

    (void)state;
    assert_non_null(f);
    fd = fileno(f);
    assert_true(saved >= 0);
    assert_int_equal(dup2(fd, 0), 0);
    assert_int_equal(read_all("-", c, 2, &n, msg), CAB_OK);
    assert_int_equal(dup2(saved, 0), 0);
    close(saved);
    fclose(f);
    assert_int_equal(n, 1);
    assert_string_equal(c[0]->id, "09ASTANA2101");
    assert_string_equal(c[0]->source_path, "-");
    free_all(c, n);
}

static void test_reader_errors(void **state)
{
    cab_reader *r = (cab_reader *)1;
    char err[CAB_ERR_SIZE], msg[CAB_ERR_SIZE];
    struct cable *c[1];
    size_t n;
    const char *p;

    (void)state;
    p = path_in_tmp("missing.html");
    assert_int_equal(cab_reader_open(p, &r, err), CAB_NOT_FOUND);
    assert_null(r);
    assert_non_null(strstr(err, "cannot open '"));
    assert_non_null(strstr(err, "missing.html': No such file or directory"));
    assert_int_equal(cab_reader_open(tmpdir, &r, err), CAB_IO);
    assert_non_null(strstr(err, "Is a directory"));

    assert_int_equal(read_all(write_file("empty.txt", "", 0), c, 1, &n, msg), CAB_BAD_INPUT);
    assert_non_null(strstr(msg, "/empty.txt': empty"));
    assert_int_equal(read_all(write_gz("empty.gz", "", 0), c, 1, &n, msg), CAB_BAD_INPUT);
    assert_non_null(strstr(msg, "/empty.gz': empty"));
    assert_int_equal(read_all(write_file("x.bin", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), c, 1,
                              &n, msg), CAB_BAD_INPUT);
    assert_non_null(strstr(msg, "/x.bin': not a cable (binary data)"));
    assert_int_equal(read_all(write_file("x.md", "# Notes\nnothing\n", 16), c, 1, &n, msg),
                     CAB_BAD_INPUT);
    assert_non_null(strstr(msg, "/x.md': unrecognised format"));
    cab_reader_close(NULL);
}

/* --- CSV --- */

static void test_csv_records(void **state)
{
    struct cable *c[4];
    size_t n;
    char msg[CAB_ERR_SIZE], t[21];

    (void)state;
    assert_int_equal(read_all(write_file("r.csv", csv_data, strlen(csv_data)), c, 4, &n, msg),
                     CAB_OK);
    assert_int_equal(n, 2);
    assert_string_equal(c[0]->id, "09ASTANA2101");
    assert_string_equal(cab_time_iso(c[0]->created, t), "2009-12-01T04:47:00Z");
    assert_string_equal(c[0]->origin, "Embassy Astana");
    assert_string_equal(c[0]->classification, "UNCLASSIFIED");
    assert_string_equal(c[0]->header, "VZCZCXRO3659\nPP RUEHIK\nFM AMEMBASSY ASTANA");
    assert_string_equal(c[0]->body, "UNCLAS SECTION 01 OF 03 ASTANA 002101\n\n"
                                    "1. The play \"Night Stars\" opened.\n\"quoted line\"\nSPRATLEN");
    assert_int_equal(c[0]->source_offset, 0);
    assert_int_equal(c[0]->format, CAB_FORMAT_CSV);
    assert_string_equal(c[1]->id, "79TEHRAN8980");
    assert_string_equal(cab_time_iso(c[1]->created, t), "1979-08-13T04:04:00Z");
    assert_string_equal(c[1]->header, "R 130458Z AUG 79\nFM AMEMBASSY TEHRAN");
    assert_string_equal(c[1]->body, "C O N F I D E N T I A L\n1. HE SAID \"NO\", THEN LEFT.\nLAINGEN");
    assert_int_equal(c[1]->source_offset, strstr(csv_data, "\"2\",") - csv_data);
    free_all(c, n);
}

static void test_csv_unterminated_quote(void **state)
{
    char data[2048];
    cab_reader *r;
    char err[CAB_ERR_SIZE];
    struct cable *c;
    int len = snprintf(data, sizeof data, "%s\"3\",\"1/5/2009 11:11\",\"09BAGHDAD11\",\"E\",\"S\","
                       "\"\",\"H\",\"S E C R E T\nNO END", csv_data);

    (void)state;
    assert_true(len > 0);
    assert_int_equal(cab_reader_open(write_gz("u.csv.gz", data, (size_t)len), &r, err), CAB_OK);
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_string_equal(c->id, "09ASTANA2101");
    cable_free(c);
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_string_equal(c->id, "79TEHRAN8980");
    cable_free(c);
    assert_int_equal(cab_reader_next(r, &c), CAB_BAD_INPUT);
    assert_null(c);
    if (!strstr(cab_reader_errmsg(r), "/u.csv.gz': record at line 12: unterminated quote"))
        fail_msg("%s", cab_reader_errmsg(r));
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_null(c);
    cab_reader_close(r);
}

static void test_csv_bad_record_resync(void **state)
{
    static const char data[] =
        "\"1\",\"12/1/2009 4:47\",\"09A1\",\"E\",\"U\",\"\",\"H\"\n"         /* 7 fields */
        "\"2\",\"12/1/2009 4:47\",\"09A2\",\"E\",\"U\",\"\",\"H\",\"B\"x\n"  /* junk after */
        "continuation\n"
        "\"3\",\"12/1/2009 4:47\",\"09A3\",\"E\",\"U\",\"\",\"H\",\"B\",\"9\"\n" /* 9 fields */
        "\"4\",\"12/1/2009 4:47\",\"\",\"E\",\"U\",\"\",\"H\",\"B\"\n"        /* no ID */
        "\"5\",\"bad date\",\"09a 5\",\"E\",\"U\",\"\",\"H\",\"B\"\n";
    cab_reader *r;
    char err[CAB_ERR_SIZE];
    struct cable *c;
    static const char *const problems[] = {
        "record at line 1: fewer than 8 fields", "record at line 2: text after a closing quote",
        "record at line 4: more than 8 fields", "record at line 5: no valid reference id",
    };

    (void)state;
    assert_int_equal(cab_reader_open(write_file("b.csv", data, sizeof data - 1), &r, err), CAB_OK);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(cab_reader_next(r, &c), CAB_BAD_INPUT);
        assert_null(c);
        if (!strstr(cab_reader_errmsg(r), problems[i]))
            fail_msg("got '%s', want '%s'", cab_reader_errmsg(r), problems[i]);
    }
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_non_null(c);
    assert_string_equal(c->id, "09A5");
    assert_true(c->created == CAB_TIME_UNKNOWN);
    cable_free(c);
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_null(c);
    cab_reader_close(r);
}

static void test_csv_oversized_record(void **state)
{
    static const char head[] = "\"1\",\"12/1/2009 4:47\",\"09BIG1\",\"E\",\"U\",\"\",\"H\",\"";
    static const char next[] = "\"\n\"2\",\"12/2/2009 4:47\",\"09SMALL2\",\"E\",\"U\",\"\",\"H\",\"B\"\n";
    const char *path = path_in_tmp("big.csv");
    FILE *f = fopen(path, "wb");
    char line[81];
    cab_reader *r;
    char err[CAB_ERR_SIZE];
    struct cable *c;

    (void)state;
    assert_non_null(f);
    memset(line, 'X', 80);
    line[80] = '\n';
    fputs(head, f);
    for (size_t i = 0; i < CAB_MAX_DOCUMENT / 81 + 10; i++)
        fwrite(line, 1, 81, f);
    fputs(next, f);
    fclose(f);
    assert_int_equal(cab_reader_open(path, &r, err), CAB_OK);
    assert_int_equal(cab_reader_next(r, &c), CAB_BAD_INPUT);
    assert_non_null(strstr(cab_reader_errmsg(r), "record at line 1: larger than the 64 MiB record limit"));
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_non_null(c);
    assert_string_equal(c->id, "09SMALL2");
    cable_free(c);
    assert_int_equal(cab_reader_next(r, &c), CAB_OK);
    assert_null(c);
    cab_reader_close(r);
}

/* --- allocation failures --- */

static void check_nomem_parse(const char *data, size_t len)
{
    for (long k = 0; k < 10000; k++) {
        struct cable *c = (struct cable *)1;
        char err[CAB_ERR_SIZE];
        cab_status st;

        cab_alloc_fail_after(k);
        st = cab_parse_document(data, len, "nomem.txt", &c, err);
        cab_alloc_fail_after(-1);
        if (st == CAB_OK) {
            assert_non_null(c);
            cable_free(c);
            assert_true(k > 3);
            return;
        }
        assert_int_equal(st, CAB_NOMEM);
        assert_null(c);
        assert_string_equal(err, "'nomem.txt': out of memory");
    }
    fail_msg("parse never succeeded");
}

static void check_nomem_reader(const char *path, size_t want)
{
    for (long k = 0; k < 10000; k++) {
        struct cable *c[4];
        size_t n;
        char msg[CAB_ERR_SIZE];
        cab_status st;

        cab_alloc_fail_after(k);
        st = read_all(path, c, 4, &n, msg);
        cab_alloc_fail_after(-1);
        free_all(c, n);
        if (st == CAB_OK) {
            assert_int_equal(n, want);
            return;
        }
        assert_int_equal(st, CAB_NOMEM);
        if (!strstr(msg, "out of memory"))
            fail_msg("k=%ld: %s", k, msg);
    }
    fail_msg("reading never succeeded");
}

static void test_alloc_failures(void **state)
{
    (void)state;
    check_nomem_parse(page, strlen(page));
    check_nomem_parse(seed_text, strlen(seed_text));
    check_nomem_parse(telegram_vz, strlen(telegram_vz));
    check_nomem_reader(write_gz("nm.csv.gz", csv_data, strlen(csv_data)), 2);
    check_nomem_reader(write_gz("nm.html.gz", page, strlen(page)), 1);
}

/* --- the shared corpus --- */

static const char *shared_dir(void)
{
    const char *d = getenv("CABLES_SHARED");

    return d && *d ? d : "/work/shared";
}

static void test_seed_file(void **state)
{
    char path[1024], msg[CAB_ERR_SIZE];
    struct cable *c[1], *t;
    size_t n;
    FILE *f;
    char *data;
    long len;
    const char *vz;

    (void)state;
    snprintf(path, sizeof path, "%s/corpus/seed/09ASTANA2101.txt", shared_dir());
    if (access(path, R_OK) != 0)
        skip();
    assert_int_equal(read_all(path, c, 1, &n, msg), CAB_OK);
    assert_int_equal(n, 1);
    assert_string_equal(c[0]->id, "09ASTANA2101");
    assert_string_equal(c[0]->origin, "Embassy Astana");
    assert_string_equal(c[0]->subject, "KAZAKHSTAN: ANTI-TRAFFICKING PROGRAMS IN KOKSHETAU - NGO");
    assert_true(strncmp(c[0]->header, "VZCZCXRO3659\n", 13) == 0);
    assert_true(strncmp(c[0]->body, "UNCLAS SECTION 01 OF 03 ASTANA 002101", 37) == 0);

    /* The same cable without its metadata block is a bare telegram. */
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    rewind(f);
    data = malloc((size_t)len + 1);
    assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    data[len] = '\0';
    vz = strstr(data, "VZCZC");
    assert_non_null(vz);
    t = parse_ok(vz, (size_t)(data + len - vz), "bare.txt");
    assert_int_equal(t->format, CAB_FORMAT_TELEGRAM);
    assert_null(t->id);
    assert_string_equal(t->header, c[0]->header);
    assert_string_equal(t->body, c[0]->body);
    cable_free(t);
    free(data);
    free_all(c, n);
}

static size_t parse_tree(const char *dir, size_t *bad)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t count = 0;

    if (!d)
        return 0;
    while ((e = readdir(d))) {
        char p[1024];
        struct stat sb;

        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (stat(p, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            count += parse_tree(p, bad);
        } else if (strstr(e->d_name, ".html")) {
            struct cable *c[1];
            size_t n;
            char msg[CAB_ERR_SIZE];
            cab_status st = read_all(p, c, 1, &n, msg);

            count++;
            if (st != CAB_OK || n != 1 || !c[0]->id || !c[0]->body[0] ||
                c[0]->created == CAB_TIME_UNKNOWN || !c[0]->origin || !c[0]->classification ||
                c[0]->format != CAB_FORMAT_HTML || strstr(c[0]->body, "<a ") ||
                !strstr(p, c[0]->id)) {
                print_error("bad page '%s': %s\n", p, msg);
                (*bad)++;
            }
            free_all(c, n);
        }
    }
    closedir(d);
    return count;
}

static void test_real_pages(void **state)
{
    char dir[1024];
    size_t bad = 0, count;

    (void)state;
    snprintf(dir, sizeof dir, "%s/corpus/cablegate-html", shared_dir());
    if (access(dir, R_OK) != 0)
        skip();
    count = parse_tree(dir, &bad);
    assert_true(count >= 1000);
    assert_int_equal(bad, 0);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[600];

    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect_format),
        cmocka_unit_test(test_html_page),
        cmocka_unit_test(test_html_truncated),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_plain_text_inline_labels),
        cmocka_unit_test(test_bare_telegrams),
        cmocka_unit_test(test_document_errors),
        cmocka_unit_test(test_text_too_large),
        cmocka_unit_test(test_mis_encoded),
        cmocka_unit_test(test_utf8_repair),
        cmocka_unit_test(test_long_field_cut),
        cmocka_unit_test(test_reader_each_format_plain_and_gzip),
        cmocka_unit_test(test_reader_gzip_members),
        cmocka_unit_test(test_reader_gzip_bomb),
        cmocka_unit_test(test_reader_stdin),
        cmocka_unit_test(test_reader_errors),
        cmocka_unit_test(test_csv_records),
        cmocka_unit_test(test_csv_unterminated_quote),
        cmocka_unit_test(test_csv_bad_record_resync),
        cmocka_unit_test(test_csv_oversized_record),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_seed_file),
        cmocka_unit_test(test_real_pages),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
