/* xw: the thin C face of Xapian.
 *
 * Only C types cross this header; the structs behind the handles live in
 * query/xw.cc, the only file that sees Xapian.  Every function catches
 * every exception and returns a cab_status; the detail of a failure is in
 * the handle (xw_db_errmsg) or in the 'err' buffer the caller lends.
 * Functions that create something set their out-pointer first thing, to
 * NULL on failure.  Destructors accept NULL.
 *
 * Status mapping: DatabaseLockError -> CAB_DB_LOCKED,
 * DatabaseCorruptError -> CAB_DB_CORRUPT, DatabaseModifiedError ->
 * CAB_DB_MODIFIED, DatabaseNotFoundError / DatabaseOpeningError on a
 * missing path -> CAB_DB_NOT_FOUND, errors with ENOSPC -> CAB_DB_FULL,
 * WildcardError -> CAB_TOO_LARGE, std::bad_alloc -> CAB_NOMEM, any other
 * Xapian::Error -> CAB_DB_ERROR, anything else -> CAB_INTERNAL.
 * Also: DocNotFoundError -> CAB_NOT_FOUND; a write call on a database
 * opened for reading -> CAB_INTERNAL (a bug in the caller).
 */
#ifndef XW_H
#define XW_H

#include <stddef.h>
#include <stdint.h>

#include "cab_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define XW_ERR_SIZE CAB_ERR_SIZE
/* Longest term the glass backend stores, in bytes. */
#define XW_TERM_MAX 245
/* Longest user metadata key, in bytes. */
#define XW_METADATA_KEY_MAX 200

typedef struct xw_db xw_db;
typedef struct xw_doc xw_doc;
typedef struct xw_query xw_query;
typedef struct xw_results xw_results;
typedef struct xw_stemmer xw_stemmer;

/* ---------------------------------------------------------------- database */

enum xw_open_mode {
    XW_CREATE_OR_OPEN = 1,      /* writable; create if missing */
    XW_CREATE_OR_OVERWRITE = 2, /* writable; start empty */
    XW_OPEN = 3,                /* writable; must exist */
    XW_CREATE_SCRATCH = 4,      /* writable; start empty; never synced to disk:
                                   for a part of a build that is merged away */
};

/* Xapian 1.4 can end the process through std::terminate when a write
 * fails at some points of a commit (seen with a full disk while two
 * segments commit at once), past any catch of ours.  A program that writes
 * installs 'fn' to say so in its own words: it is called with errno as the
 * failed write left it and must not return (the process aborts if it does).
 * Process-wide; the last call wins. */
typedef void (*xw_fatal_fn)(int last_errno);
void xw_on_fatal(xw_fatal_fn fn);

/* Open for reading.  'path' is a database directory or a stub file (which
 * may list local and remote shards); a database opened from several paths
 * searches them as one.  On failure *out is NULL and 'err' says why. */
cab_status xw_db_open(const char *path, xw_db **out, char err[XW_ERR_SIZE]);
cab_status xw_db_open_many(const char *const *paths, size_t n, xw_db **out,
                           char err[XW_ERR_SIZE]);

/* Open one database for writing (glass backend).  CAB_DB_LOCKED if another
 * writer holds it. */
cab_status xw_db_open_writable(const char *path, enum xw_open_mode mode, xw_db **out,
                               char err[XW_ERR_SIZE]);

/* Close and free (a writer commits pending changes outside a transaction
 * first, as Xapian does).  NULL is fine. */
void xw_db_close(xw_db *db);

/* Message of the last failure on 'db'; owned by 'db', valid until the next call on it. */
const char *xw_db_errmsg(const xw_db *db);

/* Reader: move to the latest committed revision. */
cab_status xw_db_reopen(xw_db *db);

cab_status xw_db_doccount(xw_db *db, uint32_t *out);
/* Number of documents indexed by 'term' (0 if none). */
cab_status xw_db_termfreq(xw_db *db, const char *term, uint32_t *out);
/* Occurrences of 'term' in all documents: the sum of its wdf (0 if none). */
cab_status xw_db_collection_freq(xw_db *db, const char *term, uint64_t *out);
/* Total bytes of all the database's files (0 for remote shards). */
cab_status xw_db_size_on_disk(xw_db *db, uint64_t *out);

/* Call 'fn' for each term starting with 'prefix' in sorted order, with its
 * document frequency; stop early (returning CAB_OK) when 'fn' returns non-zero. */
typedef int (*xw_term_fn)(const char *term, size_t len, uint32_t freq, void *ctx);
cab_status xw_db_allterms(xw_db *db, const char *prefix, xw_term_fn fn, void *ctx);

/* Call 'fn' for each document ID in ascending order; stop when it returns non-zero. */
typedef int (*xw_docid_fn)(uint32_t docid, void *ctx);
cab_status xw_db_alldocs(xw_db *db, xw_docid_fn fn, void *ctx);

/* Document ID of the document indexed by 'term' (a unique ID term);
 * CAB_NOT_FOUND if none.  An empty ID term here and in xw_db_replace and
 * xw_db_delete is CAB_BAD_INPUT (it would name every document).  With several shards the ID is the combined one. */
cab_status xw_db_find(xw_db *db, const char *term, uint32_t *docid);

/* The document 'docid'; the caller frees it with xw_doc_free().  CAB_NOT_FOUND if none. */
cab_status xw_db_get_doc(xw_db *db, uint32_t docid, xw_doc **out);

/* User metadata.  get: *out is a NUL-terminated copy the caller frees with
 * free(), "" if unset.  Keys are 1 to XW_METADATA_KEY_MAX bytes, else
 * CAB_TOO_LARGE. */
cab_status xw_db_get_metadata(xw_db *db, const char *key, char **out, size_t *len);
cab_status xw_db_set_metadata(xw_db *db, const char *key, const char *val, size_t len);
/* Call 'fn' for each metadata key starting with 'prefix' (key passed as term). */
cab_status xw_db_metadata_keys(xw_db *db, const char *prefix, xw_term_fn fn, void *ctx);

/* Writer: add or replace the document indexed by the unique term 'idterm'. */
cab_status xw_db_replace(xw_db *db, const char *idterm, const xw_doc *doc);
/* Writer: add 'doc' as a new document (no lookup of an ID term). */
cab_status xw_db_add(xw_db *db, const xw_doc *doc);
/* Writer: delete the documents indexed by 'idterm' (none is not an error). */
cab_status xw_db_delete(xw_db *db, const char *idterm);
/* Writer: delete every document indexed by 'idterm' but the one with the
 * highest document ID (the one written last); *deleted gets how many went. */
cab_status xw_db_keep_last(xw_db *db, const char *idterm, uint32_t *deleted);
/* Writer: add 'word' to the spelling dictionary with frequency 'inc'. */
cab_status xw_db_add_spelling(xw_db *db, const char *word, uint32_t inc);

/* Writer: transactions (flushed: the commit makes them durable). */
cab_status xw_db_begin(xw_db *db);
cab_status xw_db_commit_transaction(xw_db *db);
cab_status xw_db_cancel_transaction(xw_db *db);
/* Writer: commit changes made outside a transaction. */
cab_status xw_db_commit(xw_db *db);

/* The revision a single database was at when opened (or reopened, or as
 * its writer last committed); 0 for several databases or on error. */
uint64_t xw_db_revision(const xw_db *db);

/* The identity of a single database (Xapian's UUID, 36 characters and a
 * NUL): a compaction or a rebuild makes a new one.  CAB_DB_ERROR for
 * several databases. */
#define XW_UUID_SIZE 37
cab_status xw_db_uuid(xw_db *db, char out[XW_UUID_SIZE]);
/* The highest document ID ever used (0 for an empty database). */
cab_status xw_db_lastdocid(xw_db *db, uint32_t *out);

/* Call 'fn' with each document's value in 'slot', in ascending document
 * order (documents without one are skipped); stop early (returning CAB_OK)
 * when 'fn' returns non-zero. */
typedef int (*xw_value_fn)(uint32_t docid, const char *value, size_t len, void *ctx);
cab_status xw_db_slot_values(xw_db *db, unsigned slot, xw_value_fn fn, void *ctx);

/* Spelling correction for 'word' learned from the corpus; *out is a copy
 * the caller frees with free(), "" if there is none. */
cab_status xw_db_suggest(xw_db *db, const char *word, char **out);

/* Compact the database (directory or stub) at 'src' into a new database
 * at 'dest' (must not exist); several sources are merged into one. */
cab_status xw_compact(const char *const *src, size_t n, const char *dest,
                      char err[XW_ERR_SIZE]);

/* ---------------------------------------------------------------- document */

cab_status xw_doc_new(xw_doc **out);
void xw_doc_free(xw_doc *doc);
/* Terms are 1 to XW_TERM_MAX bytes: an empty (or NULL) term gives
 * CAB_BAD_INPUT, a longer one CAB_TOO_LARGE, with the detail in
 * xw_doc_errmsg().  The document is unchanged on failure. */
/* Term at position 'pos' (positions start at 1), adding 'wdf' to its frequency. */
cab_status xw_doc_add_posting(xw_doc *doc, const char *term, uint32_t pos, uint32_t wdf);
/* Term without position. */
cab_status xw_doc_add_term(xw_doc *doc, const char *term, uint32_t wdf);
/* Boolean term: no weight (wdf 0), for filtering. */
cab_status xw_doc_add_boolean_term(xw_doc *doc, const char *term);
cab_status xw_doc_set_value(xw_doc *doc, unsigned slot, const char *val, size_t len);
cab_status xw_doc_set_data(xw_doc *doc, const char *data, size_t len);
/* Owned by 'doc', valid until it changes or is freed; "" if unset. */
const char *xw_doc_value(const xw_doc *doc, unsigned slot, size_t *len);
const char *xw_doc_data(const xw_doc *doc, size_t *len);
/* Call 'fn' for each term of 'doc' in sorted order; 'freq' is the wdf. */
cab_status xw_doc_terms(const xw_doc *doc, xw_term_fn fn, void *ctx);
/* Message of the last failure on 'doc'. */
const char *xw_doc_errmsg(const xw_doc *doc);

/* ---------------------------------------------------------------- queries */

enum xw_op {
    XW_OP_AND,
    XW_OP_OR,
    XW_OP_AND_NOT,    /* first AND NOT (OR of the rest) */
    XW_OP_FILTER,     /* first, filtered by the rest, which add no weight */
    XW_OP_AND_MAYBE,  /* first, with the rest adding weight where they match */
    XW_OP_PHRASE,     /* terms adjacent, in order, within 'window' (0: exact) */
    XW_OP_NEAR,       /* terms within 'window' positions, any order */
    XW_OP_SYNONYM,    /* OR, weighted as one term */
};

/* Queries are immutable values; combining copies references, so the
 * parts may be freed right after.  All of these return CAB_NOMEM at worst. */
cab_status xw_query_term(const char *term, uint32_t wqf, xw_query **out);
cab_status xw_query_combine(enum xw_op op, xw_query *const *subs, size_t n,
                            unsigned window, xw_query **out);
/* Every term starting with 'prefix'; expanding to more than 'max_terms'
 * terms fails at search time with CAB_TOO_LARGE. */
cab_status xw_query_wildcard(const char *prefix, unsigned max_terms, xw_query **out);
/* Documents whose value in 'slot' lies in [lo, hi] (string order); NULL
 * for an open end. */
cab_status xw_query_value_range(unsigned slot, const char *lo, const char *hi, xw_query **out);
cab_status xw_query_match_all(xw_query **out);
cab_status xw_query_match_nothing(xw_query **out);
/* 'q' with its weights multiplied by 'factor' (0 makes it purely boolean). */
cab_status xw_query_scale(const xw_query *q, double factor, xw_query **out);
/* Xapian's description of the query, for debugging; caller frees with free(). */
char *xw_query_describe(const xw_query *q);
void xw_query_free(xw_query *q);

/* Terms of 'q' (each distinct term once, in query order): for snippets. */
cab_status xw_query_terms(const xw_query *q, xw_term_fn fn, void *ctx);

/* ---------------------------------------------------------------- search */

enum xw_sort {
    XW_SORT_RELEVANCE = 0,
    XW_SORT_VALUE_ASC,    /* by 'sort_slot', then relevance */
    XW_SORT_VALUE_DESC,
};

/* Which hits get their document data copied (zero: every hit). */
enum xw_data {
    XW_DATA_ALL = 0,
    XW_DATA_NONE,
    XW_DATA_UNLESS_VALUE,        /* only hits with no value in 'data_slot' */
};

struct xw_search_opts {
    uint32_t offset;             /* first hit to return */
    uint32_t count;              /* hits to return (may be 0: counts only) */
    enum xw_sort sort;
    unsigned sort_slot;
    uint32_t check_at_least;     /* UINT32_MAX: the whole match set (exact totals) */
    const unsigned *facet_slots; /* value slots to count over all matches */
    size_t n_facet_slots;
    double bm25_k1, bm25_b;      /* 0, 0: Xapian's defaults */
    /* Additions; zero keeps the behaviour above. */
    uint64_t value_slots;        /* slots copied per hit: bit s for slot s (< 64); 0: all */
    enum xw_data data;           /* which hits get their document data */
    unsigned data_slot;          /* for XW_DATA_UNLESS_VALUE */
    /* Per facet slot (NULL: none): 1 to count the parts of each value,
     * split at 'facet_sep' with empty parts skipped, instead of whole
     * values.  Over remote shards the whole values may come back anyway,
     * so callers split what they get (splitting a part changes nothing). */
    const unsigned char *facet_split;
    char facet_sep;
    /* 1: list the document ID of every match (xw_results_matches), for a
     * caller that counts facets its own way; one local database only, and
     * only when no facet slots are given. */
    int list_matches;
};

/* Run 'q' on 'db'.  On CAB_DB_MODIFIED the caller reopens and retries.
 * The results belong to the caller (xw_results_free) and stay valid after
 * the database changes; they must be freed before 'db' is closed. */
cab_status xw_search(xw_db *db, const xw_query *q, const struct xw_search_opts *opts,
                     xw_results **out, char err[XW_ERR_SIZE]);
void xw_results_free(xw_results *res);

/* Hits on this page. */
uint32_t xw_results_size(const xw_results *res);
/* Number of matches: exact when check_at_least covered them all. */
uint32_t xw_results_total(const xw_results *res);
/* 1 if xw_results_total() is exact. */
int xw_results_total_exact(const xw_results *res);
uint32_t xw_results_docid(const xw_results *res, uint32_t i);
double xw_results_weight(const xw_results *res, uint32_t i);
/* Owned by 'res', valid until xw_results_free(). */
const char *xw_results_data(const xw_results *res, uint32_t i, size_t *len);
/* "" for a slot not asked for (see value_slots). */
const char *xw_results_value(const xw_results *res, uint32_t i, unsigned slot, size_t *len);
/* 1 if hit i carries its document data (see xw_search_opts.data). */
int xw_results_has_data(const xw_results *res, uint32_t i);

/* 1 if the matches were listed (xw_search_opts.list_matches), with
 * *ids and *n set to them in ascending order (owned by 'res'); else 0. */
int xw_results_matches(const xw_results *res, const uint32_t **ids, size_t *n);

/* Facet counts of the n-th facet slot (as given in opts): the distinct
 * values of the slot among all matches (or their parts, see facet_split),
 * with how many matches hold each, in no particular order.  Owned by 'res'. */
size_t xw_results_facet_size(const xw_results *res, size_t facet);
const char *xw_results_facet_value(const xw_results *res, size_t facet, size_t j,
                                   size_t *len, uint32_t *count);

/* A query of the 'nterms' best terms of the given documents (relevance
 * feedback, Xapian's ESet) among the terms of 'prefix' followed by a word:
 * not by another uppercase prefix letter, not by digits only.  With
 * max_docs > 0, terms held by more documents are left out.  Caller frees it. */
cab_status xw_similar_query(xw_db *db, const uint32_t *docids, size_t n, unsigned nterms,
                            const char *prefix, uint32_t max_docs, xw_query **out,
                            char err[XW_ERR_SIZE]);

/* ---------------------------------------------------------------- stemming */

/* An English stemmer; one per thread (a stemmer is not thread-safe). */
cab_status xw_stemmer_new(xw_stemmer **out);
void xw_stemmer_free(xw_stemmer *st);
/* Stem of word[0..len) (already folded to lower case) into 'out' (cap
 * bytes, NUL-terminated); returns the stem's length, 0 if it did not fit
 * or on failure. */
size_t xw_stem(xw_stemmer *st, const char *word, size_t len, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
