/* Words: the one tokenizer shared by the indexer, the query parser and the
 * snippet maker, so that what is indexed and what is asked agree.
 *
 * A word is a maximal run of letters and digits; every other character
 * splits (SPEC: "F-35" is the words f and 35).  ASCII letters and digits
 * count, and so does every non-ASCII code point except punctuation and
 * spaces (U+00A0-U+00BF, U+2000-U+206F, U+3000-U+303F, U+FFFD).
 * Words are folded to lower case (ASCII, Latin-1 and Latin Extended-A).
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Longest word indexed, in bytes after folding; longer runs are skipped. */
#define CAB_MAX_WORD 64

/* Find the next word in s[0..len) starting at '*pos'.  Returns 1 and sets
 * *start and *wlen to its byte span in 's' and advances *pos past it, or
 * returns 0 at the end.  Words longer than CAB_MAX_WORD bytes are skipped. */
int cab_word_next(const char *s, size_t len, size_t *pos, size_t *start, size_t *wlen);

/* Fold s[0..len) to lower case into 'out' (cap bytes, NUL-terminated).
 * Returns the length written, or 0 if it does not fit. */
size_t cab_word_fold(const char *s, size_t len, char *out, size_t cap);

/* UTF-8 bytes of code point 'cp' into 'out'; returns their number (1 to 4).
 * NUL, surrogates and values past U+10FFFF are written as U+FFFD. */
size_t cab_utf8_encode(uint32_t cp, char out[4]);

/* Value of a hexadecimal digit, or -1 if 'c' is not one. */
int cab_hex_value(char c);

#ifdef __cplusplus
}
#endif

#endif
