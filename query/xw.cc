/* xw: the C face of Xapian (see include/xw.h).
 *
 * Each handle is a C++ object placed in memory from cab_malloc(), so the
 * allocation-failure tests reach these constructors too.  Every extern "C"
 * function catches everything and hands it to classify(), which rethrows
 * and turns the exception's type into a cab_status and a message.
 */
#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <dirent.h>
#include <sys/stat.h>

#include "cab_mem.h"
#include "xw.h"

/* Largest stub file read when measuring a database's size. */
#define XW_STUB_MAX (64 * 1024)
/* How deep stub files may point at other stub files. */
#define XW_STUB_DEPTH_MAX 8

struct xw_db {
    Xapian::Database db;           /* the reader, or a view of 'wdb' */
    Xapian::WritableDatabase wdb;  /* only when 'writable' */
    bool writable;
    std::vector<std::string> paths; /* as opened, for the size on disk */
    bool remote;                   /* a stub lists a remote shard */
    char errmsg[XW_ERR_SIZE];
};

struct xw_doc {
    Xapian::Document doc;
    std::map<unsigned, std::string> values; /* copies handed out by xw_doc_value */
    std::string data;                       /* copy handed out by xw_doc_data */
    bool have_data;
    char errmsg[XW_ERR_SIZE];
};

struct xw_query {
    Xapian::Query q;

    explicit xw_query(const Xapian::Query &from) : q(from) {}
};

struct xw_hit {
    uint32_t docid;
    double weight;
    std::string data;
    bool have_data;
    std::vector<std::pair<unsigned, std::string>> values; /* ascending slot */
};

struct xw_results {
    std::vector<xw_hit> hits;
    uint32_t total;
    bool exact;
    std::vector<std::vector<std::pair<std::string, uint32_t>>> facets;
    std::vector<uint32_t> matches; /* list_matches: every match, ascending */
    bool listed;
};

struct xw_stemmer {
    Xapian::Stem stem;

    explicit xw_stemmer(const char *language) : stem(language) {}
};

/* ------------------------------------------------------------- plumbing */

/* A T built in memory from cab_malloc(); NULL when that fails. */
template <typename T, typename... Args> static T *make(Args &&...args)
{
    void *mem = cab_malloc(sizeof(T));

    if (!mem)
        return nullptr;
    try {
        return new (mem) T(std::forward<Args>(args)...);
    } catch (...) {
        cab_free(mem);
        throw;
    }
}

template <typename T> static void destroy(T *p)
{
    if (!p)
        return;
    p->~T();
    cab_free(p);
}

static void set_msg(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_msg(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;

    if (!buf || size == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void clear_msg(char *buf)
{
    if (buf)
        buf[0] = '\0';
}

/* Whether 'path' is absent (and so the error is "no database there"). */
static bool path_missing(const char *path)
{
    struct stat st;

    return path && stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

static bool is_enospc(const Xapian::Error &e)
{
    const char *es = e.get_error_string();
    const char *nospace = strerror(ENOSPC);

    if (es && strcmp(es, nospace) == 0)
        return true;
    return e.get_msg().find(nospace) != std::string::npos
           || e.get_context().find(nospace) != std::string::npos;
}

static void describe(const Xapian::Error &e, char *buf, size_t size)
{
    const char *es = e.get_error_string();
    const std::string &ctx = e.get_context();

    set_msg(buf, size, "%s: %s%s%s%s%s%s", e.get_type(), e.get_msg().c_str(),
            ctx.empty() ? "" : " (", ctx.c_str(), ctx.empty() ? "" : ")",
            es ? ": " : "", es ? es : "");
}

/* The status of a Xapian error whose type says 'st', unless the disk is full. */
static cab_status xapian_status(const Xapian::Error &e, cab_status st, char *buf, size_t size)
{
    describe(e, buf, size);
    return is_enospc(e) ? CAB_DB_FULL : st;
}

/* Call only inside a catch block: maps the exception in flight to a status
 * and writes its description to buf.  'path' is the database being opened,
 * if any, to tell a missing database from one that cannot be opened. */
static cab_status classify(char *buf, size_t size, const char *path = nullptr) noexcept
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        return xapian_status(e, CAB_DB_LOCKED, buf, size);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return xapian_status(e, CAB_DB_CORRUPT, buf, size);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return xapian_status(e, CAB_DB_MODIFIED, buf, size);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return xapian_status(e, CAB_DB_NOT_FOUND, buf, size);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return xapian_status(e, path_missing(path) ? CAB_DB_NOT_FOUND : CAB_DB_ERROR, buf, size);
    } catch (const Xapian::WildcardError &e) {
        return xapian_status(e, CAB_TOO_LARGE, buf, size);
    } catch (const Xapian::DocNotFoundError &e) {
        return xapian_status(e, CAB_NOT_FOUND, buf, size);
    } catch (const Xapian::Error &e) {
        return xapian_status(e, CAB_DB_ERROR, buf, size);
    } catch (const std::bad_alloc &) {
        set_msg(buf, size, "out of memory");
        return CAB_NOMEM;
    } catch (const std::exception &e) {
        set_msg(buf, size, "unexpected failure: %s", e.what());
        return CAB_INTERNAL;
    } catch (...) {
        set_msg(buf, size, "unexpected failure of an unknown kind");
        return CAB_INTERNAL;
    }
}

static xw_fatal_fn fatal_fn;

/* Read errno before anything else can change it: it is the only trace of
 * the failed write that ended the process. */
[[noreturn]] static void on_terminate()
{
    int last_errno = errno;

    if (fatal_fn)
        fatal_fn(last_errno);
    abort();
}

extern "C" void xw_on_fatal(xw_fatal_fn fn)
{
    fatal_fn = fn;
    std::set_terminate(on_terminate);
}

/* Failure of a call that has no handle or buffer to report to. */
static cab_status classify_quiet() noexcept
{
    char scratch[XW_ERR_SIZE];

    return classify(scratch, sizeof scratch);
}

static cab_status not_writable(xw_db *db)
{
    set_msg(db->errmsg, sizeof db->errmsg, "database is open for reading only");
    return CAB_INTERNAL;
}

/* C strings may be NULL; Xapian takes that as the empty string. */
static std::string nz(const char *s)
{
    return s ? std::string(s) : std::string();
}

/* An empty ID term would name every document of the database. */
static bool idterm_ok(xw_db *db, const char *idterm)
{
    if (idterm && *idterm)
        return true;
    set_msg(db->errmsg, sizeof db->errmsg, "empty document ID term");
    return false;
}

/* Copy s into memory the caller frees with free(). */
static char *copy_out(const std::string &s)
{
    char *p = static_cast<char *>(cab_malloc(s.size() + 1));

    if (!p)
        return nullptr;
    memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    return p;
}

/* ------------------------------------------------------------- database */

static bool path_remote(const std::string &path, int depth);

static cab_status open_paths(const char *const *paths, size_t n, xw_db **out, char *err)
{
    xw_db *db = nullptr;
    const char *current = nullptr;

    *out = nullptr;
    clear_msg(err);
    if (!paths || n == 0) {
        set_msg(err, XW_ERR_SIZE, "no database path given");
        return CAB_USAGE;
    }
    try {
        db = make<xw_db>();
        if (!db) {
            set_msg(err, XW_ERR_SIZE, "out of memory");
            return CAB_NOMEM;
        }
        db->writable = false;
        db->remote = false;
        clear_msg(db->errmsg);
        for (size_t i = 0; i < n; i++) {
            current = paths[i];
            db->db.add_database(Xapian::Database(paths[i]));
            db->paths.emplace_back(paths[i]);
            if (!db->remote && path_remote(paths[i], 0))
                db->remote = true;
        }
        *out = db;
        return CAB_OK;
    } catch (...) {
        cab_status st = classify(err, XW_ERR_SIZE, current);

        destroy(db);
        return st;
    }
}

extern "C" cab_status xw_db_open(const char *path, xw_db **out, char err[XW_ERR_SIZE])
{
    return open_paths(&path, path ? 1 : 0, out, err);
}

extern "C" cab_status xw_db_open_many(const char *const *paths, size_t n, xw_db **out,
                                      char err[XW_ERR_SIZE])
{
    return open_paths(paths, n, out, err);
}

extern "C" cab_status xw_db_open_writable(const char *path, enum xw_open_mode mode,
                                          xw_db **out, char err[XW_ERR_SIZE])
{
    xw_db *db = nullptr;
    int flags = Xapian::DB_BACKEND_GLASS;

    *out = nullptr;
    clear_msg(err);
    switch (mode) {
    case XW_CREATE_OR_OPEN:
        flags |= Xapian::DB_CREATE_OR_OPEN;
        break;
    case XW_CREATE_OR_OVERWRITE:
        flags |= Xapian::DB_CREATE_OR_OVERWRITE;
        break;
    case XW_OPEN:
        flags |= Xapian::DB_OPEN;
        break;
    case XW_CREATE_SCRATCH:
        flags |= Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC;
        break;
    default:
        set_msg(err, XW_ERR_SIZE, "unknown open mode %d", static_cast<int>(mode));
        return CAB_INTERNAL;
    }
    if (!path) {
        set_msg(err, XW_ERR_SIZE, "no database path given");
        return CAB_USAGE;
    }
    try {
        db = make<xw_db>();
        if (!db) {
            set_msg(err, XW_ERR_SIZE, "out of memory");
            return CAB_NOMEM;
        }
        clear_msg(db->errmsg);
        db->wdb = Xapian::WritableDatabase(path, flags);
        db->db = db->wdb;
        db->writable = true;
        db->remote = false;
        db->paths.emplace_back(path);
        *out = db;
        return CAB_OK;
    } catch (...) {
        cab_status st = classify(err, XW_ERR_SIZE, path);

        destroy(db);
        return st;
    }
}

extern "C" void xw_db_close(xw_db *db)
{
    if (!db)
        return;
    try {
        /* Commits pending changes outside a transaction, cancels one inside. */
        db->db.close();
    } catch (...) {
        /* Closing cannot report; the data is as safe as the last commit. */
    }
    destroy(db);
}

extern "C" const char *xw_db_errmsg(const xw_db *db)
{
    return db ? db->errmsg : "no database";
}

extern "C" cab_status xw_db_reopen(xw_db *db)
{
    try {
        db->db.reopen();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

/* One number read from the database: 0 and the database's status when
 * reading it throws. */
template <typename Number, typename Read>
static cab_status read_number(xw_db *db, Number *out, Read read)
{
    *out = 0;
    try {
        *out = read();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_doccount(xw_db *db, uint32_t *out)
{
    return read_number(db, out, [db] { return db->db.get_doccount(); });
}

extern "C" cab_status xw_db_termfreq(xw_db *db, const char *term, uint32_t *out)
{
    return read_number(db, out, [db, term] { return db->db.get_termfreq(nz(term)); });
}

extern "C" cab_status xw_db_collection_freq(xw_db *db, const char *term, uint64_t *out)
{
    return read_number(db, out, [db, term] { return db->db.get_collection_freq(nz(term)); });
}

/* Size of every regular file directly inside directory 'dir'. */
static uint64_t dir_size(const std::string &dir)
{
    uint64_t total = 0;
    DIR *d = opendir(dir.c_str());
    struct dirent *de;

    if (!d)
        return 0;
    while ((de = readdir(d)) != nullptr) {
        struct stat st;
        std::string p = dir + "/" + de->d_name;

        if (stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            total += static_cast<uint64_t>(st.st_size);
    }
    closedir(d);
    return total;
}

static uint64_t path_size(const std::string &path, int depth);

/* The local databases a stub file lists; remote and in-memory ones weigh nothing.
 * Relative paths are relative to the stub's directory, as Xapian reads them. */
static uint64_t stub_size(const std::string &stub, int depth)
{
    std::ifstream in(stub);
    std::string line, base;
    uint64_t total = 0;
    size_t read = 0;
    size_t slash = stub.rfind('/');

    base = slash == std::string::npos ? std::string(".") : stub.substr(0, slash);
    while (read < XW_STUB_MAX && std::getline(in, line)) {
        size_t sp;
        std::string type, where;

        read += line.size() + 1;
        if (line.empty() || line[0] == '#')
            continue;
        sp = line.find(' ');
        if (sp == std::string::npos)
            continue;
        type = line.substr(0, sp);
        where = line.substr(sp + 1);
        if (type != "auto" && type != "glass" && type != "chert")
            continue;
        if (where.empty())
            continue;
        if (where[0] != '/')
            where = base + "/" + where;
        total += path_size(where, depth + 1);
    }
    return total;
}

/* A single-file database holds binary data from its first block on; a
 * stub file is text. */
static bool looks_binary(const std::string &path)
{
    char head[512];
    std::ifstream in(path, std::ios::binary);

    in.read(head, sizeof head);
    return memchr(head, '\0', static_cast<size_t>(in.gcount())) != nullptr;
}

static uint64_t path_size(const std::string &path, int depth)
{
    struct stat st;

    if (depth > XW_STUB_DEPTH_MAX || stat(path.c_str(), &st) != 0)
        return 0;
    if (S_ISDIR(st.st_mode)) {
        std::string stub = path + "/XAPIANDB";

        if (stat(stub.c_str(), &st) == 0 && S_ISREG(st.st_mode))
            return stub_size(stub, depth);
        return dir_size(path);
    }
    if (!S_ISREG(st.st_mode))
        return 0;
    if (looks_binary(path))
        return static_cast<uint64_t>(st.st_size);
    return stub_size(path, depth);
}

/* Whether a stub file lists a remote shard, directly or through another stub. */
static bool stub_remote(const std::string &stub, int depth)
{
    std::ifstream in(stub);
    std::string line, base;
    size_t read = 0;
    size_t slash = stub.rfind('/');

    base = slash == std::string::npos ? std::string(".") : stub.substr(0, slash);
    while (read < XW_STUB_MAX && std::getline(in, line)) {
        size_t sp = line.find(' ');
        std::string type = line.substr(0, sp), where;

        read += line.size() + 1;
        if (type == "remote")
            return true;
        if (sp == std::string::npos || (type != "auto" && type != "glass" && type != "chert"))
            continue;
        where = line.substr(sp + 1);
        if (where.empty())
            continue;
        if (where[0] != '/')
            where = base + "/" + where;
        if (path_remote(where, depth + 1))
            return true;
    }
    return false;
}

static bool path_remote(const std::string &path, int depth)
{
    struct stat st;

    if (depth > XW_STUB_DEPTH_MAX || stat(path.c_str(), &st) != 0)
        return false;
    if (S_ISDIR(st.st_mode)) {
        std::string stub = path + "/XAPIANDB";

        return stat(stub.c_str(), &st) == 0 && S_ISREG(st.st_mode) && stub_remote(stub, depth);
    }
    return S_ISREG(st.st_mode) && !looks_binary(path) && stub_remote(path, depth);
}

extern "C" cab_status xw_db_size_on_disk(xw_db *db, uint64_t *out)
{
    *out = 0;
    try {
        uint64_t total = 0;

        for (const std::string &p : db->paths)
            total += path_size(p, 0);
        *out = total;
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_allterms(xw_db *db, const char *prefix, xw_term_fn fn, void *ctx)
{
    try {
        std::string pfx = prefix ? prefix : "";

        for (auto it = db->db.allterms_begin(pfx); it != db->db.allterms_end(pfx); ++it) {
            const std::string term = *it;

            if (fn(term.c_str(), term.size(), it.get_termfreq(), ctx))
                break;
        }
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_alldocs(xw_db *db, xw_docid_fn fn, void *ctx)
{
    try {
        for (auto it = db->db.postlist_begin(""); it != db->db.postlist_end(""); ++it) {
            if (fn(*it, ctx))
                break;
        }
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_find(xw_db *db, const char *term, uint32_t *docid)
{
    *docid = 0;
    if (!idterm_ok(db, term))
        return CAB_BAD_INPUT;
    try {
        auto it = db->db.postlist_begin(term);

        if (it == db->db.postlist_end(term)) {
            set_msg(db->errmsg, sizeof db->errmsg, "no document has the term '%s'", term);
            return CAB_NOT_FOUND;
        }
        *docid = *it;
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_get_doc(xw_db *db, uint32_t docid, xw_doc **out)
{
    xw_doc *doc = nullptr;

    *out = nullptr;
    if (docid == 0) {
        set_msg(db->errmsg, sizeof db->errmsg, "no document has the ID 0");
        return CAB_NOT_FOUND;
    }
    try {
        doc = make<xw_doc>();
        if (!doc) {
            set_msg(db->errmsg, sizeof db->errmsg, "out of memory");
            return CAB_NOMEM;
        }
        doc->have_data = false;
        clear_msg(doc->errmsg);
        doc->doc = db->db.get_document(docid);
        *out = doc;
        return CAB_OK;
    } catch (...) {
        destroy(doc);
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

static bool key_ok(xw_db *db, const char *key)
{
    size_t len = key ? strlen(key) : 0;

    if (len == 0 || len > XW_METADATA_KEY_MAX) {
        set_msg(db->errmsg, sizeof db->errmsg,
                "metadata key of %zu bytes is not between 1 and %d bytes", len,
                XW_METADATA_KEY_MAX);
        return false;
    }
    return true;
}

extern "C" cab_status xw_db_get_metadata(xw_db *db, const char *key, char **out, size_t *len)
{
    *out = nullptr;
    if (len)
        *len = 0;
    if (!key_ok(db, key))
        return CAB_TOO_LARGE;
    try {
        std::string val = db->db.get_metadata(key);
        char *copy = copy_out(val);

        if (!copy) {
            set_msg(db->errmsg, sizeof db->errmsg, "out of memory");
            return CAB_NOMEM;
        }
        *out = copy;
        if (len)
            *len = val.size();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_set_metadata(xw_db *db, const char *key, const char *val, size_t len)
{
    if (!db->writable)
        return not_writable(db);
    if (!key_ok(db, key))
        return CAB_TOO_LARGE;
    try {
        db->wdb.set_metadata(key, std::string(val ? val : "", val ? len : 0));
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_metadata_keys(xw_db *db, const char *prefix, xw_term_fn fn,
                                          void *ctx)
{
    try {
        std::string pfx = prefix ? prefix : "";

        for (auto it = db->db.metadata_keys_begin(pfx); it != db->db.metadata_keys_end(pfx);
             ++it) {
            const std::string key = *it;

            if (fn(key.c_str(), key.size(), 0, ctx))
                break;
        }
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_replace(xw_db *db, const char *idterm, const xw_doc *doc)
{
    if (!db->writable)
        return not_writable(db);
    if (!idterm_ok(db, idterm))
        return CAB_BAD_INPUT;
    if (!doc) {
        set_msg(db->errmsg, sizeof db->errmsg, "no document to store");
        return CAB_INTERNAL;
    }
    try {
        db->wdb.replace_document(idterm, doc->doc);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_add(xw_db *db, const xw_doc *doc)
{
    if (!db->writable)
        return not_writable(db);
    if (!doc) {
        set_msg(db->errmsg, sizeof db->errmsg, "no document to store");
        return CAB_INTERNAL;
    }
    try {
        db->wdb.add_document(doc->doc);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_keep_last(xw_db *db, const char *idterm, uint32_t *deleted)
{
    *deleted = 0;
    if (!db->writable)
        return not_writable(db);
    if (!idterm_ok(db, idterm))
        return CAB_BAD_INPUT;
    try {
        std::vector<Xapian::docid> ids;

        for (auto it = db->wdb.postlist_begin(idterm); it != db->wdb.postlist_end(idterm); ++it)
            ids.push_back(*it);
        /* Posting lists are in ascending document ID order. */
        for (size_t i = 0; i + 1 < ids.size(); i++) {
            db->wdb.delete_document(ids[i]);
            ++*deleted;
        }
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_delete(xw_db *db, const char *idterm)
{
    if (!db->writable)
        return not_writable(db);
    if (!idterm_ok(db, idterm))
        return CAB_BAD_INPUT;
    try {
        db->wdb.delete_document(idterm);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_add_spelling(xw_db *db, const char *word, uint32_t inc)
{
    if (!db->writable)
        return not_writable(db);
    try {
        db->wdb.add_spelling(nz(word), inc);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_begin(xw_db *db)
{
    if (!db->writable)
        return not_writable(db);
    try {
        db->wdb.begin_transaction(true);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_commit_transaction(xw_db *db)
{
    if (!db->writable)
        return not_writable(db);
    try {
        db->wdb.commit_transaction();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_cancel_transaction(xw_db *db)
{
    if (!db->writable)
        return not_writable(db);
    try {
        db->wdb.cancel_transaction();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_commit(xw_db *db)
{
    if (!db->writable)
        return not_writable(db);
    try {
        db->wdb.commit();
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_suggest(xw_db *db, const char *word, char **out)
{
    *out = nullptr;
    try {
        char *copy = copy_out(db->db.get_spelling_suggestion(nz(word)));

        if (!copy) {
            set_msg(db->errmsg, sizeof db->errmsg, "out of memory");
            return CAB_NOMEM;
        }
        *out = copy;
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_compact(const char *const *src, size_t n, const char *dest,
                                 char err[XW_ERR_SIZE])
{
    struct stat st;
    const char *current = nullptr;

    clear_msg(err);
    if (!src || n == 0 || !dest) {
        set_msg(err, XW_ERR_SIZE, "compaction needs a source and a destination");
        return CAB_USAGE;
    }
    if (stat(dest, &st) == 0) {
        set_msg(err, XW_ERR_SIZE, "cannot compact into '%s': it already exists", dest);
        return CAB_USAGE;
    }
    try {
        Xapian::Database all;

        for (size_t i = 0; i < n; i++) {
            current = src[i];
            all.add_database(Xapian::Database(src[i]));
        }
        current = nullptr;
        all.compact(dest, Xapian::DB_BACKEND_GLASS);
        return CAB_OK;
    } catch (...) {
        return classify(err, XW_ERR_SIZE, current);
    }
}

extern "C" uint64_t xw_db_revision(const xw_db *db)
{
    try {
        return db->db.size() == 1 ? db->db.get_revision() : 0;
    } catch (...) {
        return 0;
    }
}

extern "C" cab_status xw_db_uuid(xw_db *db, char out[XW_UUID_SIZE])
{
    out[0] = '\0';
    try {
        std::string uuid;

        if (db->db.size() != 1) {
            set_msg(db->errmsg, sizeof db->errmsg, "several databases have no one identity");
            return CAB_DB_ERROR;
        }
        uuid = db->db.get_uuid();
        if (uuid.empty() || uuid.size() >= XW_UUID_SIZE) {
            set_msg(db->errmsg, sizeof db->errmsg, "the database has no identity");
            return CAB_DB_ERROR;
        }
        memcpy(out, uuid.c_str(), uuid.size() + 1);
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

extern "C" cab_status xw_db_lastdocid(xw_db *db, uint32_t *out)
{
    return read_number(db, out, [db] { return db->db.get_lastdocid(); });
}

extern "C" cab_status xw_db_slot_values(xw_db *db, unsigned slot, xw_value_fn fn, void *ctx)
{
    try {
        for (auto it = db->db.valuestream_begin(slot); it != db->db.valuestream_end(slot); ++it) {
            const std::string v = *it;

            if (fn(it.get_docid(), v.data(), v.size(), ctx))
                break;
        }
        return CAB_OK;
    } catch (...) {
        return classify(db->errmsg, sizeof db->errmsg);
    }
}

/* ------------------------------------------------------------- document */

extern "C" cab_status xw_doc_new(xw_doc **out)
{
    *out = nullptr;
    try {
        xw_doc *doc = make<xw_doc>();

        if (!doc)
            return CAB_NOMEM;
        doc->have_data = false;
        clear_msg(doc->errmsg);
        *out = doc;
        return CAB_OK;
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" void xw_doc_free(xw_doc *doc)
{
    destroy(doc);
}

/* Pointers handed out before a change are no longer promised. */
static void forget_copies(xw_doc *doc)
{
    doc->values.clear();
    doc->data.clear();
    doc->have_data = false;
}

/* Refused here, where the caller can still see which term it was, rather
 * than when the whole document is written. */
static cab_status check_term(xw_doc *doc, const char *term)
{
    size_t len = term ? strlen(term) : 0;

    if (len == 0) {
        set_msg(doc->errmsg, sizeof doc->errmsg, "empty term");
        return CAB_BAD_INPUT;
    }
    if (len > XW_TERM_MAX) {
        set_msg(doc->errmsg, sizeof doc->errmsg, "term of %zu bytes is longer than %d: '%.40s...'",
                len, XW_TERM_MAX, term);
        return CAB_TOO_LARGE;
    }
    return CAB_OK;
}

extern "C" cab_status xw_doc_add_posting(xw_doc *doc, const char *term, uint32_t pos,
                                         uint32_t wdf)
{
    cab_status st = check_term(doc, term);

    if (st != CAB_OK)
        return st;
    try {
        doc->doc.add_posting(term, pos, wdf);
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" cab_status xw_doc_add_term(xw_doc *doc, const char *term, uint32_t wdf)
{
    cab_status st = check_term(doc, term);

    if (st != CAB_OK)
        return st;
    try {
        doc->doc.add_term(term, wdf);
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" cab_status xw_doc_add_boolean_term(xw_doc *doc, const char *term)
{
    cab_status st = check_term(doc, term);

    if (st != CAB_OK)
        return st;
    try {
        doc->doc.add_boolean_term(term);
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" cab_status xw_doc_set_value(xw_doc *doc, unsigned slot, const char *val, size_t len)
{
    try {
        forget_copies(doc);
        doc->doc.add_value(slot, std::string(val ? val : "", val ? len : 0));
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" cab_status xw_doc_set_data(xw_doc *doc, const char *data, size_t len)
{
    try {
        forget_copies(doc);
        doc->doc.set_data(std::string(data ? data : "", data ? len : 0));
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" const char *xw_doc_value(const xw_doc *cdoc, unsigned slot, size_t *len)
{
    /* The copies are a cache; filling it does not change the document. */
    xw_doc *doc = const_cast<xw_doc *>(cdoc);

    if (len)
        *len = 0;
    try {
        auto it = doc->values.find(slot);

        if (it == doc->values.end())
            it = doc->values.emplace(slot, doc->doc.get_value(slot)).first;
        if (len)
            *len = it->second.size();
        return it->second.c_str();
    } catch (...) {
        classify(doc->errmsg, sizeof doc->errmsg);
        return "";
    }
}

extern "C" const char *xw_doc_data(const xw_doc *cdoc, size_t *len)
{
    xw_doc *doc = const_cast<xw_doc *>(cdoc);

    if (len)
        *len = 0;
    try {
        if (!doc->have_data) {
            doc->data = doc->doc.get_data();
            doc->have_data = true;
        }
        if (len)
            *len = doc->data.size();
        return doc->data.c_str();
    } catch (...) {
        classify(doc->errmsg, sizeof doc->errmsg);
        return "";
    }
}

extern "C" cab_status xw_doc_terms(const xw_doc *cdoc, xw_term_fn fn, void *ctx)
{
    xw_doc *doc = const_cast<xw_doc *>(cdoc);

    try {
        for (auto it = doc->doc.termlist_begin(); it != doc->doc.termlist_end(); ++it) {
            const std::string term = *it;

            if (fn(term.c_str(), term.size(), it.get_wdf(), ctx))
                break;
        }
        return CAB_OK;
    } catch (...) {
        return classify(doc->errmsg, sizeof doc->errmsg);
    }
}

extern "C" const char *xw_doc_errmsg(const xw_doc *doc)
{
    return doc ? doc->errmsg : "no document";
}

/* ------------------------------------------------------------- queries */

static cab_status new_query(const Xapian::Query &q, xw_query **out)
{
    xw_query *res = make<xw_query>(q);

    if (!res)
        return CAB_NOMEM;
    *out = res;
    return CAB_OK;
}

extern "C" cab_status xw_query_term(const char *term, uint32_t wqf, xw_query **out)
{
    *out = nullptr;
    try {
        return new_query(Xapian::Query(term ? term : "", wqf), out);
    } catch (...) {
        return classify_quiet();
    }
}

static bool map_op(enum xw_op op, Xapian::Query::op *xop)
{
    switch (op) {
    case XW_OP_AND:
        *xop = Xapian::Query::OP_AND;
        return true;
    case XW_OP_OR:
        *xop = Xapian::Query::OP_OR;
        return true;
    case XW_OP_AND_NOT:
        *xop = Xapian::Query::OP_AND_NOT;
        return true;
    case XW_OP_FILTER:
        *xop = Xapian::Query::OP_FILTER;
        return true;
    case XW_OP_AND_MAYBE:
        *xop = Xapian::Query::OP_AND_MAYBE;
        return true;
    case XW_OP_PHRASE:
        *xop = Xapian::Query::OP_PHRASE;
        return true;
    case XW_OP_NEAR:
        *xop = Xapian::Query::OP_NEAR;
        return true;
    case XW_OP_SYNONYM:
        *xop = Xapian::Query::OP_SYNONYM;
        return true;
    }
    return false;
}

extern "C" cab_status xw_query_combine(enum xw_op op, xw_query *const *subs, size_t n,
                                       unsigned window, xw_query **out)
{
    Xapian::Query::op xop;

    *out = nullptr;
    if (!map_op(op, &xop) || (n > 0 && !subs))
        return CAB_INTERNAL;
    try {
        std::vector<Xapian::Query> parts;

        parts.reserve(n);
        for (size_t i = 0; i < n; i++) {
            if (!subs[i])
                return CAB_INTERNAL;
            parts.push_back(subs[i]->q);
        }
        return new_query(Xapian::Query(xop, parts.begin(), parts.end(), window), out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" cab_status xw_query_wildcard(const char *prefix, unsigned max_terms, xw_query **out)
{
    *out = nullptr;
    try {
        return new_query(Xapian::Query(Xapian::Query::OP_WILDCARD, prefix ? prefix : "",
                                       max_terms, Xapian::Query::WILDCARD_LIMIT_ERROR),
                         out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" cab_status xw_query_value_range(unsigned slot, const char *lo, const char *hi,
                                           xw_query **out)
{
    *out = nullptr;
    try {
        if (lo && hi)
            return new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi), out);
        if (lo)
            return new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo), out);
        if (hi)
            return new_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi), out);
        /* Both ends open: every document with a value in the slot. */
        return new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string()), out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" cab_status xw_query_match_all(xw_query **out)
{
    *out = nullptr;
    try {
        return new_query(Xapian::Query::MatchAll, out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" cab_status xw_query_match_nothing(xw_query **out)
{
    *out = nullptr;
    try {
        return new_query(Xapian::Query::MatchNothing, out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" cab_status xw_query_scale(const xw_query *q, double factor, xw_query **out)
{
    *out = nullptr;
    try {
        return new_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor), out);
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" char *xw_query_describe(const xw_query *q)
{
    try {
        return copy_out(q->q.get_description());
    } catch (...) {
        classify_quiet();
        return nullptr;
    }
}

extern "C" void xw_query_free(xw_query *q)
{
    destroy(q);
}

/* Walks the query tree left to right, so terms come in the order the query
 * was built; Query::get_terms_begin() would sort terms of equal position. */
static bool walk_terms(const Xapian::Query &q, std::set<std::string> &seen, xw_term_fn fn,
                       void *ctx)
{
    size_t n = q.get_num_subqueries();

    if (n == 0) {
        for (auto it = q.get_terms_begin(); it != q.get_terms_end(); ++it) {
            const std::string term = *it;

            if (seen.insert(term).second && fn(term.c_str(), term.size(), 0, ctx))
                return true;
        }
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (walk_terms(q.get_subquery(i), seen, fn, ctx))
            return true;
    }
    return false;
}

extern "C" cab_status xw_query_terms(const xw_query *q, xw_term_fn fn, void *ctx)
{
    try {
        std::set<std::string> seen;

        walk_terms(q->q, seen, fn, ctx);
        return CAB_OK;
    } catch (...) {
        return classify_quiet();
    }
}

/* ------------------------------------------------------------- search */

/* Everything the page needs, copied so it outlives database changes:
 * the slots asked for (reading one value does not load the others) and
 * the data of the hits that need it. */
static void copy_hits(const Xapian::MSet &mset, const struct xw_search_opts *opts,
                      xw_results *res)
{
    res->hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::Document doc = it.get_document();
        xw_hit hit;
        bool data = opts->data == XW_DATA_ALL;

        hit.docid = *it;
        hit.weight = it.get_weight();
        if (opts->value_slots == 0) {
            for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
                hit.values.emplace_back(v.get_valueno(), *v);
        } else {
            for (unsigned slot = 0; slot < 64; slot++) {
                if (!(opts->value_slots & (UINT64_C(1) << slot)))
                    continue;
                std::string v = doc.get_value(slot);

                if (!v.empty())
                    hit.values.emplace_back(slot, std::move(v));
            }
        }
        if (opts->data == XW_DATA_UNLESS_VALUE)
            data = doc.get_value(opts->data_slot).empty();
        if (data)
            hit.data = doc.get_data();
        hit.have_data = data;
        res->hits.push_back(std::move(hit));
    }
}

/* Counts facet values in a hash table keyed by the bytes (no std::map of
 * strings, as ValueCountMatchSpy has); with 'split', the parts of each
 * value: far fewer distinct keys than the combinations a many-valued slot
 * holds. */
class FacetCounter {
    struct entry {
        size_t off, len;                 /* key bytes in 'keys' */
        uint64_t hash;
        Xapian::doccount count;
    };
    std::string keys;
    std::vector<entry> entries;
    std::vector<uint32_t> table;         /* 0: empty, else 1 + entry index */

    /* Eight bytes a step: values are short, and this runs per value per match. */
    static uint64_t hash_of(const char *p, size_t len)
    {
        uint64_t h = 0x9e3779b97f4a7c15u ^ len, w;

        for (; len >= 8; p += 8, len -= 8) {
            memcpy(&w, p, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdu;
            h ^= h >> 32;
        }
        if (len > 0) {
            w = 0;
            memcpy(&w, p, len);
            h = (h ^ w) * 0xc4ceb9fe1a85ec53u;
        }
        h *= 0xff51afd7ed558ccdu;
        return h ^ (h >> 33);
    }

    void grow()
    {
        size_t n = table.empty() ? 64 : table.size() * 2;

        table.assign(n, 0);
        for (size_t i = 0; i < entries.size(); i++) {
            size_t j = entries[i].hash & (n - 1);

            while (table[j] != 0)
                j = (j + 1) & (n - 1);
            table[j] = static_cast<uint32_t>(i + 1);
        }
    }

    void add(const char *p, size_t len)
    {
        uint64_t h = hash_of(p, len);
        size_t mask, j;

        if ((entries.size() + 1) * 2 > table.size())
            grow();
        mask = table.size() - 1;
        for (j = h & mask; table[j] != 0; j = (j + 1) & mask) {
            entry &e = entries[table[j] - 1];

            if (e.hash == h && e.len == len && memcmp(keys.data() + e.off, p, len) == 0) {
                e.count++;
                return;
            }
        }
        entries.push_back(entry{ keys.size(), len, h, 1 });
        keys.append(p, len);
        table[j] = static_cast<uint32_t>(entries.size());
    }

  public:
    /* One match's value p[0..len); empty values and parts are not counted. */
    void count(const char *p, size_t len, bool split, char sep)
    {
        const char *end = p + len;

        if (len == 0)
            return;
        if (!split) {
            add(p, len);
            return;
        }
        while (p < end) {
            const char *s = static_cast<const char *>(memchr(p, sep, static_cast<size_t>(end - p)));
            size_t n = s ? static_cast<size_t>(s - p) : static_cast<size_t>(end - p);

            if (n > 0)
                add(p, n);
            p += n + (s ? 1 : 0);
        }
    }

    /* Each distinct value and its count, in the order first counted. */
    void copy_to(std::vector<std::pair<std::string, uint32_t>> &out) const
    {
        out.reserve(entries.size());
        for (const entry &e : entries)
            out.emplace_back(keys.substr(e.off, e.len), e.count);
    }
};

/* One slot's values for ascending docids, read from the slot's value
 * stream: Document::get_value() searches the B-tree from the top for
 * every match, the stream moves forward through the chunks once. */
class SlotReader {
    Xapian::Database db;
    Xapian::valueno slot;
    Xapian::ValueIterator it, stream_end;
    Xapian::docid last = 0;
    bool started = false;

  public:
    SlotReader(const Xapian::Database &database, Xapian::valueno s) : db(database), slot(s)
    {
    }

    /* The value of 'did' into 'out'; false if it has none. */
    bool read(Xapian::docid did, std::string &out)
    {
        if (!started || did < last) {
            it = db.valuestream_begin(slot);
            started = true;
        }
        last = did;
        if (it != stream_end && it.get_docid() < did)
            it.skip_to(did);
        if (it == stream_end || it.get_docid() != did)
            return false;
        out = *it;
        return true;
    }
};

/* Facet counts taken as the matcher visits each match, from the match's
 * own document: over several databases a match spy sees the docid within
 * its shard, so the matches cannot be listed for counting afterwards. */
class FacetSpy : public Xapian::MatchSpy {
    const struct xw_search_opts &opts;

  public:
    std::vector<FacetCounter> counters; /* one per facet slot */

    explicit FacetSpy(const struct xw_search_opts &o) : opts(o), counters(o.n_facet_slots)
    {
    }

    void operator()(const Xapian::Document &doc, double) override
    {
        for (size_t i = 0; i < counters.size(); i++) {
            const std::string v = doc.get_value(opts.facet_slots[i]);

            counters[i].count(v.data(), v.size(), opts.facet_split && opts.facet_split[i],
                              opts.facet_sep);
        }
    }
};

/* The docids of every match of a single database, as the matcher visits
 * them. */
class MatchList : public Xapian::MatchSpy {
  public:
    std::vector<Xapian::docid> docids;

    void operator()(const Xapian::Document &doc, double) override
    {
        docids.push_back(doc.get_docid());
    }
};

/* Reads the values of the matches 'docids' (ascending) into 'counter':
 * seeking each one costs less than reading the whole stream, even for
 * most documents, as a seek within a chunk skips values without copying
 * them. */
static void count_values(const Xapian::Database &db, unsigned slot, bool split, char sep,
                         const std::vector<Xapian::docid> &docids, FacetCounter &counter)
{
    SlotReader reader(db, slot);
    std::string v;

    for (Xapian::docid did : docids)
        if (reader.read(did, v))
            counter.count(v.data(), v.size(), split, sep);
}

/* Exact counts of each facet slot over the matches 'docids' (ascending). */
static void count_facets(const Xapian::Database &db, const struct xw_search_opts *opts,
                         const std::vector<Xapian::docid> &docids, xw_results *res)
{
    res->facets.resize(opts->n_facet_slots);
    for (size_t i = 0; i < opts->n_facet_slots; i++) {
        FacetCounter counter;

        count_values(db, opts->facet_slots[i], opts->facet_split && opts->facet_split[i],
                     opts->facet_sep, docids, counter);
        counter.copy_to(res->facets[i]);
    }
}

static Xapian::MSet match(xw_db *db, const xw_query *q, const struct xw_search_opts *opts,
                          Xapian::doccount first, Xapian::doccount count,
                          Xapian::doccount check,
                          const std::vector<std::unique_ptr<Xapian::MatchSpy>> &spies)
{
    Xapian::Enquire enq(db->db);

    enq.set_query(q->q);
    /* A bare count needs no weights. */
    if (count == 0 && check >= db->db.get_doccount())
        enq.set_weighting_scheme(Xapian::BoolWeight());
    else if (opts->bm25_k1 != 0 || opts->bm25_b != 0)
        enq.set_weighting_scheme(Xapian::BM25Weight(opts->bm25_k1, 0, 1, opts->bm25_b, 0.5));
    if (opts->sort != XW_SORT_RELEVANCE)
        enq.set_sort_by_value_then_relevance(opts->sort_slot, opts->sort == XW_SORT_VALUE_DESC);
    for (const auto &spy : spies)
        enq.add_matchspy(spy.get());
    return enq.get_mset(first, count, check);
}

/* Whether 'q' reads positions (phrase, NEAR) or values (ranges): each
 * costs more than the weights, so such a query is better matched once. */
static bool costly_to_match(const Xapian::Query &q)
{
    switch (q.get_type()) {
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
    case Xapian::Query::OP_VALUE_RANGE:
    case Xapian::Query::OP_VALUE_GE:
    case Xapian::Query::OP_VALUE_LE:
        return true;
    default:
        break;
    }
    for (size_t i = 0; i < q.get_num_subqueries(); i++)
        if (costly_to_match(q.get_subquery(i)))
            return true;
    return false;
}

/* Facets over local databases.  On one database the matches are listed
 * by a pass without weights and the page ranked by a second pass that may
 * skip documents which cannot reach it: one weighted pass over every match
 * costs more than both, unless matching itself is the costly part, or the
 * page is sorted by a value, which no document can be skipped for. */
static void search_local_facets(xw_db *db, const xw_query *q,
                                const struct xw_search_opts *opts, xw_results *res)
{
    std::vector<std::unique_ptr<Xapian::MatchSpy>> spies, none;
    Xapian::doccount all = db->db.get_doccount();
    bool single = db->db.size() == 1;
    bool once = !single || opts->count == 0 || opts->sort != XW_SORT_RELEVANCE ||
                costly_to_match(q->q);
    MatchList *list = single ? new MatchList : nullptr;
    FacetSpy *spy = single ? nullptr : new FacetSpy(*opts);
    Xapian::MSet mset;

    if (single)
        spies.emplace_back(list);
    else
        spies.emplace_back(spy);
    if (once)
        mset = match(db, q, opts, opts->offset, opts->count, all, spies);
    else
        mset = match(db, q, opts, 0, 0, all, spies);
    res->total = mset.get_matches_estimated();
    res->exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (!once)
        mset = match(db, q, opts, opts->offset, opts->count, 0, none);
    copy_hits(mset, opts, res);
    if (single) {
        std::vector<Xapian::docid> &ids = list->docids;

        if (!std::is_sorted(ids.begin(), ids.end()))
            std::sort(ids.begin(), ids.end());
        if (opts->n_facet_slots == 0) {
            res->matches.assign(ids.begin(), ids.end());
            res->listed = true;
        } else {
            count_facets(db->db, opts, ids, res);
        }
        return;
    }
    res->facets.resize(opts->n_facet_slots);
    for (size_t i = 0; i < opts->n_facet_slots; i++)
        spy->counters[i].copy_to(res->facets[i]);
}

static void run_search(xw_db *db, const xw_query *q, const struct xw_search_opts *opts,
                       xw_results *res)
{
    std::vector<std::unique_ptr<Xapian::MatchSpy>> spies;
    Xapian::doccount check = opts->check_at_least;
    Xapian::MSet mset;

    if (check == UINT32_MAX)
        check = db->db.get_doccount();
    if (!db->remote && (opts->n_facet_slots > 0 || (opts->list_matches && db->db.size() == 1))) {
        try {
            search_local_facets(db, q, opts, res);
            return;
        } catch (const Xapian::UnimplementedError &) {
            /* a remote shard the stubs did not show: Xapian's own spies */
            res->hits.clear();
        }
    }
    for (size_t i = 0; i < opts->n_facet_slots; i++)
        spies.emplace_back(new Xapian::ValueCountMatchSpy(opts->facet_slots[i]));
    mset = match(db, q, opts, opts->offset, opts->count, check, spies);
    res->total = mset.get_matches_estimated();
    res->exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    copy_hits(mset, opts, res);
    res->facets.resize(opts->n_facet_slots);
    for (size_t i = 0; i < opts->n_facet_slots; i++) {
        const auto &spy = static_cast<const Xapian::ValueCountMatchSpy &>(*spies[i]);

        for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
            res->facets[i].emplace_back(*it, it.get_termfreq());
    }
}

extern "C" cab_status xw_search(xw_db *db, const xw_query *q, const struct xw_search_opts *opts,
                                xw_results **out, char err[XW_ERR_SIZE])
{
    xw_results *res = nullptr;

    *out = nullptr;
    clear_msg(err);
    if (!db || !q || !opts) {
        set_msg(err, XW_ERR_SIZE, "search needs a database, a query and options");
        return CAB_INTERNAL;
    }
    if (opts->n_facet_slots > 0 && !opts->facet_slots) {
        set_msg(err, XW_ERR_SIZE, "facet slots missing");
        return CAB_INTERNAL;
    }
    try {
        res = make<xw_results>();
        if (!res) {
            set_msg(err, XW_ERR_SIZE, "out of memory");
            return CAB_NOMEM;
        }
        res->total = 0;
        res->exact = false;
        res->listed = false;
        run_search(db, q, opts, res);
        *out = res;
        return CAB_OK;
    } catch (...) {
        cab_status st = classify(db->errmsg, sizeof db->errmsg);

        if (err)
            snprintf(err, XW_ERR_SIZE, "%s", db->errmsg);
        destroy(res);
        return st;
    }
}

extern "C" void xw_results_free(xw_results *res)
{
    destroy(res);
}

extern "C" uint32_t xw_results_size(const xw_results *res)
{
    return static_cast<uint32_t>(res->hits.size());
}

extern "C" uint32_t xw_results_total(const xw_results *res)
{
    return res->total;
}

extern "C" int xw_results_total_exact(const xw_results *res)
{
    return res->exact ? 1 : 0;
}

extern "C" uint32_t xw_results_docid(const xw_results *res, uint32_t i)
{
    return i < res->hits.size() ? res->hits[i].docid : 0;
}

extern "C" double xw_results_weight(const xw_results *res, uint32_t i)
{
    return i < res->hits.size() ? res->hits[i].weight : 0.0;
}

extern "C" const char *xw_results_data(const xw_results *res, uint32_t i, size_t *len)
{
    if (len)
        *len = 0;
    if (i >= res->hits.size())
        return "";
    if (len)
        *len = res->hits[i].data.size();
    return res->hits[i].data.c_str();
}

extern "C" int xw_results_has_data(const xw_results *res, uint32_t i)
{
    return i < res->hits.size() && res->hits[i].have_data ? 1 : 0;
}

extern "C" const char *xw_results_value(const xw_results *res, uint32_t i, unsigned slot,
                                        size_t *len)
{
    if (len)
        *len = 0;
    if (i >= res->hits.size())
        return "";
    for (const auto &v : res->hits[i].values) {
        if (v.first == slot) {
            if (len)
                *len = v.second.size();
            return v.second.c_str();
        }
    }
    return "";
}

extern "C" int xw_results_matches(const xw_results *res, const uint32_t **ids, size_t *n)
{
    *ids = res->listed ? res->matches.data() : nullptr;
    *n = res->listed ? res->matches.size() : 0;
    return res->listed ? 1 : 0;
}

extern "C" size_t xw_results_facet_size(const xw_results *res, size_t facet)
{
    return facet < res->facets.size() ? res->facets[facet].size() : 0;
}

extern "C" const char *xw_results_facet_value(const xw_results *res, size_t facet, size_t j,
                                              size_t *len, uint32_t *count)
{
    if (len)
        *len = 0;
    if (count)
        *count = 0;
    if (facet >= res->facets.size() || j >= res->facets[facet].size())
        return "";
    const auto &fv = res->facets[facet][j];
    if (len)
        *len = fv.first.size();
    if (count)
        *count = fv.second;
    return fv.first.c_str();
}

/* Lets through the terms of one prefix that a word follows: not a longer
 * prefix (an uppercase letter next) and not a bare number. */
class WordsOfPrefix : public Xapian::ExpandDecider {
    std::string prefix;

  public:
    explicit WordsOfPrefix(const char *p) : prefix(p ? p : "") {}

    bool operator()(const std::string &term) const override
    {
        if (term.size() <= prefix.size() || term.compare(0, prefix.size(), prefix) != 0)
            return false;
        unsigned char next = static_cast<unsigned char>(term[prefix.size()]);
        if (next >= 'A' && next <= 'Z')
            return false;
        return term.find_first_not_of("0123456789", prefix.size()) != std::string::npos;
    }
};

extern "C" cab_status xw_similar_query(xw_db *db, const uint32_t *docids, size_t n,
                                       unsigned nterms, const char *prefix,
                                       uint32_t max_docs, xw_query **out,
                                       char err[XW_ERR_SIZE])
{
    *out = nullptr;
    clear_msg(err);
    if (n > 0 && !docids) {
        set_msg(err, XW_ERR_SIZE, "no documents given");
        return CAB_INTERNAL;
    }
    try {
        Xapian::Enquire enq(db->db);
        Xapian::RSet rset;
        WordsOfPrefix decider(prefix);
        std::vector<Xapian::Query> terms;

        for (size_t i = 0; i < n; i++)
            rset.add_document(docids[i]);
        /* Common terms are dropped after the ranking, from a few more
         * candidates than needed: asking the frequency of every term of the
         * documents would cost a round trip each on a remote shard. */
        Xapian::ESet eset = enq.get_eset(max_docs ? nterms * 3 : nterms, rset, &decider);
        for (auto it = eset.begin(); it != eset.end() && terms.size() < nterms; ++it) {
            if (max_docs == 0 || db->db.get_termfreq(*it) <= max_docs)
                terms.emplace_back(*it);
        }
        cab_status st = new_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                                  out);
        if (st != CAB_OK)
            set_msg(err, XW_ERR_SIZE, "out of memory");
        return st;
    } catch (...) {
        cab_status st = classify(db->errmsg, sizeof db->errmsg);

        if (err)
            snprintf(err, XW_ERR_SIZE, "%s", db->errmsg);
        return st;
    }
}

/* ------------------------------------------------------------- stemming */

extern "C" cab_status xw_stemmer_new(xw_stemmer **out)
{
    *out = nullptr;
    try {
        xw_stemmer *st = make<xw_stemmer>("english");

        if (!st)
            return CAB_NOMEM;
        *out = st;
        return CAB_OK;
    } catch (...) {
        return classify_quiet();
    }
}

extern "C" void xw_stemmer_free(xw_stemmer *st)
{
    destroy(st);
}

extern "C" size_t xw_stem(xw_stemmer *st, const char *word, size_t len, char *out, size_t cap)
{
    if (cap > 0)
        out[0] = '\0';
    try {
        std::string stem = st->stem(std::string(word, len));

        if (stem.size() + 1 > cap)
            return 0;
        memcpy(out, stem.data(), stem.size());
        out[stem.size()] = '\0';
        return stem.size();
    } catch (...) {
        classify_quiet();
        return 0;
    }
}
