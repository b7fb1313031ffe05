/* Word lists and name helpers shared by people.c and places.c (internal
 * to corpus/extract/).  Words are looked up in their folded form (cab_name_fold). */
#ifndef CAB_NAMES_H
#define CAB_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "cab_buf.h"
#include "cab_status.h"

struct cable;

/* Longest folded name or place handled, in bytes. */
#define CAB_MAX_NAME 128

/* Classes of a folded word; a word may be in several. */
enum {
    CAB_W_TITLE = 1,        /* title, honorific, rank: "president", "mr", "dcm" */
    CAB_W_GIVEN = 2,        /* common given name: "galina", "john" */
    CAB_W_NONNAME = 4,      /* never part of a person's name: months, "embassy" */
    CAB_W_COMMON = 8,       /* frequent English word: "the", "said", "after" */
    CAB_W_COMMONPLACE = 16, /* English word that is also a city: "nice", "split" */
};

/* The classes of the folded word w[0..len) (a bit set of CAB_W_*). */
unsigned cab_name_word_class(const char *w, size_t len);

/* Fold s[0..len) for comparisons and lookups: lower case, Latin letters
 * without accents, '-' and runs of spaces as one space, '.' and
 * apostrophes dropped.  Writes into 'out' (cap bytes, NUL-terminated);
 * returns the length, or 0 if it does not fit or nothing is left. */
size_t cab_name_fold(const char *s, size_t len, char *out, size_t cap);

/* Fold s[0..len) as cab_name_fold does, and give in lens[k] what
 * cab_name_fold would return for s[0..ends[k]): the keys of a run of
 * words and of each of its first words in one pass.  The fold of
 * s[0..ends[k]) is then the first lens[k] bytes of 'out'.  'ends' are
 * ascending, at most len, and each must be 'len' or the index of an ASCII
 * byte.  Returns the length of the whole fold, or 0 when it does not fit,
 * nothing is left or 'ends' break these rules (lens[] is then unset). */
size_t cab_name_fold_prefixes(const char *s, size_t len, const size_t *ends, size_t nends,
                              size_t *lens, char *out, size_t cap);

/* Rewrite the ASCII letters of 's' in place so that each word starts with
 * a capital and goes on in lower case ("NAZARBAYEV" -> "Nazarbayev",
 * "AL-ASSAD" -> "Al-Assad").  Single letters stay capitals. */
void cab_name_titlecase(char *s);

/* Whether the folded word looks like a surname by its ending
 * ("tarasov", "morozova", "kovalenko", "gelashvili"). */
int cab_name_surname_suffix(const char *w, size_t len);

#endif

/* One word of a text, as the people and place finders see it: letters and
 * digits with inner apostrophes and hyphens ("O'Neil", "Al-Assad"); a
 * trailing possessive "'s" is left out of 'len'. */
struct cab_tok {
    size_t start, len;      /* byte span in the text */
    unsigned flags;         /* CAB_T_* */
    char prev, next;        /* nearest non-space bytes before and after ('\0' at the ends) */
    uint32_t word;          /* index of its folded word in a struct cab_words (cab_words_build) */
};

enum {
    CAB_T_CAP = 1,          /* starts with a capital letter */
    CAB_T_ALLCAPS = 2,      /* two or more letters, all capitals */
    CAB_T_DIGIT = 4,        /* holds a digit */
    CAB_T_DOT = 8,          /* a '.' follows at once */
    CAB_T_SENT = 16,        /* first word of a sentence, line item or paragraph */
    CAB_T_GAP = 32,         /* punctuation or a blank line separates it from the previous word */
    CAB_T_POSS = 64,        /* was followed by "'s" */
    CAB_T_ABBR = 128,       /* part of a dotted abbreviation: "U.S.", "a.i." */
    CAB_T_PLAIN = 256,      /* ASCII letters and digits only, so its fold is itself in lower
                             * case (set by cab_words_build) */
};

/* Copy a word's bytes s[0..len) to 'out' (room for len bytes) without the
 * line break of a word hyphenated across lines; returns the bytes written. */
size_t cab_name_copy(const char *s, size_t len, char *out);

/* Blank out the lines of a text that point to a post's classified web
 * site ("Visit Ankara's Classified Web Site at http://..."): every cable
 * of a post carries them, so the places and people there are noise. */
void cab_name_blank_boilerplate(char *text, size_t len);

/* Largest number of words looked at in one text. */
#define CAB_MAX_TOKENS (4u << 20)

/* Split s[0..len) into words.  *out (caller frees with cab_free) gets
 * *n words; CAB_NOMEM when out of memory (*out is then NULL). */
cab_status cab_name_tokenize(const char *s, size_t len, struct cab_tok **out, size_t *n);

/* A distinct word of a text in its folded form.  The finders ask the same
 * questions of a word many times per text, so they keep the answers here:
 * 'known' says which of their tests were worked out, 'is' the answers
 * (the bits are each finder's own). */
struct cab_word {
    const char *fold;       /* cab_name_fold of the word, or "" when that gives 0 */
    size_t len;             /* length of 'fold' */
    unsigned cls;           /* cab_name_word_class of 'fold' */
    unsigned known, is;     /* the finder's tests: worked out / true */
};

/* The words of a text: its tokens (as cab_name_tokenize gives them), each
 * pointing to its distinct folded word, so that a word is folded and
 * classified once per text. */
struct cab_words {
    struct cab_tok *tok;
    size_t ntok;
    struct cab_word *word;
    size_t nword;
    char *pool;             /* the folded forms */
};

/* Split s[0..len) into words and fold and classify each distinct one.
 * 'w' is filled (and released with cab_words_release) even on failure;
 * CAB_NOMEM when out of memory (it is then empty). */
cab_status cab_words_build(const char *s, size_t len, struct cab_words *w);

/* Free what cab_words_build allocated; an empty 'w' is fine. */
void cab_words_release(struct cab_words *w);

/* Forget the finders' answers ('known' and 'is' of every word), so that
 * another finder can keep its own in the same bits. */
void cab_words_forget(struct cab_words *w);

/* Whether a text is written in capitals only, as old telegrams are (fewer
 * than one letter in twenty is lower case). */
int cab_name_text_is_caps(const char *s, size_t len);

/* What the people and place finders read of a cable: its subject, a blank
 * line, then its text (the body when there is no text), with the lines of
 * boilerplate blanked; split into words once and shared by both finders. */
struct cab_name_text {
    struct cab_buf buf;     /* the text; NUL-terminated */
    size_t body_start;      /* offset where the text follows the subject */
    int caps;               /* cab_name_text_is_caps of the whole */
    struct cab_words words;
};

/* Build the finders' text of 'c' into 't', which is filled (and released
 * with cab_name_text_release) even on failure; CAB_NOMEM when out of
 * memory, CAB_TOO_LARGE past the limits of a cable's text. */
cab_status cab_name_text_build(const struct cable *c, struct cab_name_text *t);

/* Free what cab_name_text_build allocated; an empty 't' is fine. */
void cab_name_text_release(struct cab_name_text *t);

/* The finders on a text built from 'c' by cab_name_text_build (the public
 * cab_extract_people and cab_extract_places build their own).  Each one
 * starts by forgetting the other's answers (cab_words_forget), and the
 * place finder reads the people found, so people go first. */
cab_status cab_people_find(struct cable *c, struct cab_name_text *t);
cab_status cab_places_find(struct cable *c, struct cab_name_text *t);

/* One finder on its own: builds the text of 'c', runs 'find' on it and
 * releases the text. */
typedef cab_status (*cab_name_finder)(struct cable *c, struct cab_name_text *t);
cab_status cab_name_text_run(struct cable *c, cab_name_finder find);
