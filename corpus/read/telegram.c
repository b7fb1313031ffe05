/* Bare telegrams: the cable text with no metadata around it.
 *
 * A telegram opens with its routing header -- "VZCZCXRO3659", routing
 * indicators ("PP RUEHIK"), "DE RUEHTA #2101/01 3350447", the precedence
 * and date-time group ("P 010447Z DEC 09"), "FM AMEMBASSY ASTANA", "TO",
 * "INFO" -- then the classification line ("UNCLAS SECTION 01 OF 03 ASTANA
 * 002101", "C O N F I D E N T I A L ...") and the text.  Older cables often
 * start at the date-time group, and some extracts at the classification
 * line.  The reader splits at the classification line; everything else
 * (ID, date, origin) is for extraction to derive.
 */
#include <stdio.h>
#include <string.h>

#include "reader_internal.h"

static const char *const markings[] = {
    "UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET", "TOP SECRET",
    "LIMITED OFFICIAL USE", "U N C L A S", "C O N F I D E N T I A L",
    "S E C R E T", "T O P S E C R E T",
};

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_letter(char c)
{
    return is_upper(c) || (c >= 'a' && c <= 'z');
}

int cab_line_is_classification(const char *s, size_t n)
{
    s = cab_trim(s, n, &n);
    for (size_t i = 0; i < sizeof markings / sizeof markings[0]; i++) {
        size_t k = strlen(markings[i]);

        /* "SECRET//NOFORN" yes, "SECRETARY" no. */
        if (cab_has_prefix_ci(s, n, markings[i]) && (k == n || !is_letter(s[k])))
            return 1;
    }
    return 0;
}

/* "130458Z AUG 79" at s: day, hour, minute, 'Z', month, two-digit year. */
static int is_dtg(const char *s, size_t n)
{
    for (size_t i = 0; i < 6; i++)
        if (i >= n || !is_digit(s[i]))
            return 0;
    if (n < 14 || s[6] != 'Z' || s[7] != ' ')
        return 0;
    return is_letter(s[8]) && is_letter(s[9]) && is_letter(s[10]) && s[11] == ' ' &&
           is_digit(s[12]) && is_digit(s[13]);
}

/* Precedence letters ("R", "O P", "P R") then a date-time group, or a
 * routing line ("PP RUEHIK", "RR RUEHWEB"). */
static int is_precedence_line(const char *s, size_t n)
{
    size_t i = 0;

    while (i + 1 < n && strchr("ZOPRY", s[i]) && s[i + 1] == ' ')
        i += 2;
    if (is_dtg(s + i, n - i))
        return 1;
    if (n >= 5 && strchr("ZOPRY", s[0]) && s[1] == s[0] && s[2] == ' ' && s[3] == 'R' &&
        is_upper(s[4]))
        return 1;
    return 0;
}

int cab_line_starts_telegram(const char *s, size_t n)
{
    s = cab_trim(s, n, &n);
    if (n >= 5 && memcmp(s, "VZCZC", 5) == 0)
        return 1;
    if (n >= 4 && memcmp(s, "FM ", 3) == 0 && is_upper(s[3]))
        return 1;
    return is_precedence_line(s, n) || cab_line_is_classification(s, n);
}

cab_status cab_telegram_split(const char *s, size_t n, struct cable *c)
{
    size_t pos = 0, cut = n;
    cab_status st;

    while (pos < n) {
        const char *nl = memchr(s + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - s) : n;

        if (cab_line_is_classification(s + pos, end - pos)) {
            cut = pos;
            break;
        }
        pos = end + 1;
    }
    if (cut == n)
        cut = 0;                  /* no classification line: all text is body */
    st = cab_text_set(&c->header, s, cut);
    if (st == CAB_OK)
        st = cab_text_set(&c->body, s + cut, n - cut);
    return st;
}

cab_status cab_telegram_parse(const char *s, size_t n, const char *path,
                              struct cable *c, char err[CAB_ERR_SIZE])
{
    cab_status st = cab_telegram_split(s, n, c);

    if (st == CAB_TOO_LARGE)
        snprintf(err, CAB_ERR_SIZE, "'%s': telegram text larger than %u MiB", path,
                 CAB_MAX_TEXT >> 20);
    else if (st == CAB_NOMEM)
        snprintf(err, CAB_ERR_SIZE, "'%s': out of memory", path);
    return st;
}
