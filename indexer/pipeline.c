/* The reading stage of an index run: see pipeline.h. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cab_mem.h"
#include "corpus.h"
#include "document.h"
#include "extract.h"
#include "pipeline.h"

/* One source being read. */
struct producer {
    const char *path;
    cab_reader *rd;
    int started, done;
};

/* Items of one source in flight, oldest first. */
struct slot {
    struct cab_item *head, *tail;
    size_t count;
};

struct cab_pipe {
    const char *const *paths;
    size_t n;
    unsigned jobs;
    cab_doc_builder **builders;  /* one per worker */

    pthread_mutex_t mu;
    pthread_cond_t have_item;    /* the writer waits on it */
    pthread_cond_t have_room;    /* workers wait on it */
    struct slot *slots;          /* nslots, position k in slot k % nslots */
    size_t nslots;
    size_t next_claim;           /* next source a worker takes */
    size_t cur;                  /* source the writer takes items from */
    int stop;

    pthread_t *threads;
    unsigned n_threads;
    int sync_init;

    struct producer inline_prod; /* jobs == 1 */
};

struct worker_arg {
    cab_pipe *p;
    unsigned index;
};

/* The one item every failure to allocate an item turns into. */
static struct cab_item nomem_item = { .kind = CAB_ITEM_FAILED, .rc = CAB_NOMEM };

void cab_item_free(struct cab_item *it)
{
    if (!it || it == &nomem_item)
        return;
    cable_free(it->cable);
    xw_doc_free(it->doc);
    cab_free(it->msg);
    cab_free(it);
}

static char *msgf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *msgf(const char *fmt, ...)
{
    char buf[CAB_ERR_SIZE + 256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return cab_strdup(buf);
}

static struct cab_item *item_new(enum cab_item_kind kind, size_t pos)
{
    struct cab_item *it = cab_calloc(1, sizeof *it);

    if (it) {
        it->kind = kind;
        it->pos = pos;
    }
    return it;
}

static struct cab_item *end_item(struct producer *pr, size_t pos, int opened, int complete)
{
    struct cab_item *it = item_new(CAB_ITEM_END, pos);

    cab_reader_close(pr->rd);
    pr->rd = NULL;
    pr->done = 1;
    if (it) {
        it->opened = opened;
        it->complete = complete;
    }
    return it;
}

/* The next item of source 'pos'; NULL when out of memory. */
static struct cab_item *produce(struct producer *pr, size_t pos, cab_doc_builder *b)
{
    char err[CAB_ERR_SIZE];
    struct cable *c = NULL;
    struct cab_item *it;
    cab_status rc;

    if (pr->done)
        return NULL;
    if (!pr->started) {
        pr->started = 1;
        rc = cab_reader_open(pr->path, &pr->rd, err);
        if (rc != CAB_OK) {
            /* The rejection first, then the end of the source. */
            it = item_new(rc == CAB_NOMEM ? CAB_ITEM_FAILED : CAB_ITEM_REJECTED, pos);
            if (it) {
                it->rc = rc;
                it->msg = cab_strdup(err);
            }
            return it;
        }
    }
    if (!pr->rd)
        return end_item(pr, pos, 0, 0);
    rc = cab_reader_next(pr->rd, &c);
    if (rc != CAB_OK) {
        it = item_new(rc == CAB_NOMEM ? CAB_ITEM_FAILED : CAB_ITEM_REJECTED, pos);
        if (it) {
            it->rc = rc;
            it->msg = cab_strdup(cab_reader_errmsg(pr->rd));
        }
        if (rc != CAB_BAD_INPUT) {
            /* The reader cannot go on: the source ends after this one. */
            cab_reader_close(pr->rd);
            pr->rd = NULL;
            pr->started = 2;
        }
        return it;
    }
    if (!c)
        return end_item(pr, pos, 1, 1);
    rc = cab_extract(c, err);
    if (rc != CAB_OK) {
        it = item_new(rc == CAB_NOMEM ? CAB_ITEM_FAILED : CAB_ITEM_REJECTED, pos);
        if (it) {
            it->rc = rc;
            it->msg = msgf("'%s': %s", pr->path, err);
        }
        cable_free(c);
        return it;
    }
    it = item_new(CAB_ITEM_CABLE, pos);
    if (!it) {
        cable_free(c);
        return NULL;
    }
    it->cable = c;
    rc = cab_doc_build(b, c, &it->doc, &it->hash, err);
    if (rc != CAB_OK) {
        it->kind = CAB_ITEM_FAILED;
        it->rc = rc;
        it->msg = msgf("cannot index '%s': %s", c->id ? c->id : "", err);
    }
    return it;
}

/* A source whose reader stopped early ends as opened but incomplete. */
static struct cab_item *produce_next(struct producer *pr, size_t pos, cab_doc_builder *b)
{
    if (pr->started == 2 && !pr->done) {
        pr->done = 1;
        {
            struct cab_item *it = item_new(CAB_ITEM_END, pos);

            if (it)
                it->opened = 1;
            return it;
        }
    }
    return produce(pr, pos, b);
}

static int is_last(const struct cab_item *it)
{
    return it->kind == CAB_ITEM_END || it->kind == CAB_ITEM_FAILED;
}

static void *worker_main(void *arg)
{
    struct worker_arg *wa = arg;
    cab_pipe *p = wa->p;
    cab_doc_builder *b = p->builders[wa->index];

    cab_free(wa);
    for (;;) {
        struct producer pr = { NULL, NULL, 0, 0 };
        struct slot *s;
        size_t pos;

        pthread_mutex_lock(&p->mu);
        while (!p->stop && p->next_claim < p->n && p->next_claim - p->cur >= p->nslots)
            pthread_cond_wait(&p->have_room, &p->mu);
        if (p->stop || p->next_claim >= p->n) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        pos = p->next_claim++;
        pthread_mutex_unlock(&p->mu);

        pr.path = p->paths[pos];
        s = &p->slots[pos % p->nslots];
        for (;;) {
            struct cab_item *it = produce_next(&pr, pos, b);
            int last;

            if (!it)
                it = &nomem_item;
            last = is_last(it);
            pthread_mutex_lock(&p->mu);
            while (!p->stop && s->count >= CAB_PIPE_ITEMS_PER_SOURCE)
                pthread_cond_wait(&p->have_room, &p->mu);
            if (p->stop) {
                pthread_mutex_unlock(&p->mu);
                if (it != &nomem_item)
                    cab_item_free(it);
                cab_reader_close(pr.rd);
                return NULL;
            }
            if (it == &nomem_item)
                it = NULL;
            if (it) {
                it->next = NULL;
                if (s->tail)
                    s->tail->next = it;
                else
                    s->head = it;
                s->tail = it;
                s->count++;
            } else {
                /* No memory even for the failure: tell the writer by stopping. */
                p->stop = 2;
            }
            pthread_cond_broadcast(&p->have_item);
            pthread_mutex_unlock(&p->mu);
            if (last || !it) {
                cab_reader_close(pr.rd);
                break;
            }
        }
    }
}

static struct cab_item *next_inline(cab_pipe *p)
{
    struct producer *pr = &p->inline_prod;
    struct cab_item *it;

    if (p->cur >= p->n)
        return NULL;
    if (!pr->path)
        pr->path = p->paths[p->cur];
    it = produce_next(pr, p->cur, p->builders[0]);
    if (!it) {
        it = item_new(CAB_ITEM_FAILED, p->cur);
        if (!it)
            return &nomem_item;
        it->rc = CAB_NOMEM;
    }
    if (is_last(it)) {
        cab_reader_close(pr->rd);
        memset(pr, 0, sizeof *pr);
        p->cur++;
    }
    return it;
}

struct cab_item *cab_pipe_next(cab_pipe *p)
{
    struct cab_item *it = NULL;
    struct slot *s;

    if (p->n_threads == 0)
        return next_inline(p);
    pthread_mutex_lock(&p->mu);
    if (p->cur < p->n) {
        s = &p->slots[p->cur % p->nslots];
        while (!s->head && p->stop != 2)
            pthread_cond_wait(&p->have_item, &p->mu);
        if (!s->head) {
            it = &nomem_item;
        } else {
            it = s->head;
            s->head = it->next;
            if (!s->head)
                s->tail = NULL;
            s->count--;
            it->next = NULL;
            if (is_last(it))
                p->cur++;
            pthread_cond_broadcast(&p->have_room);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return it;
}

cab_status cab_pipe_new(const char *const *paths, size_t n, unsigned jobs, cab_pipe **out,
                        char err[CAB_ERR_SIZE])
{
    cab_pipe *p;
    unsigned workers;
    cab_status rc = CAB_OK;

    *out = NULL;
    if (jobs == 0)
        jobs = 1;
    p = cab_calloc(1, sizeof *p);
    if (!p)
        goto nomem;
    p->paths = paths;
    p->n = n;
    p->jobs = jobs;
    workers = jobs > 1 ? jobs : 1;
    p->builders = cab_calloc(workers, sizeof *p->builders);
    if (!p->builders)
        goto nomem;
    for (unsigned i = 0; i < workers && rc == CAB_OK; i++)
        rc = cab_doc_builder_new(0, &p->builders[i]);
    if (rc != CAB_OK)
        goto nomem;
    if (jobs == 1) {
        *out = p;
        return CAB_OK;
    }
    p->nslots = (size_t)jobs * CAB_PIPE_SLOTS_PER_JOB;
    p->slots = cab_calloc(p->nslots, sizeof *p->slots);
    p->threads = cab_calloc(jobs, sizeof *p->threads);
    if (!p->slots || !p->threads)
        goto nomem;
    if (pthread_mutex_init(&p->mu, NULL) != 0)
        goto nomem;
    if (pthread_cond_init(&p->have_item, NULL) != 0) {
        pthread_mutex_destroy(&p->mu);
        goto nomem;
    }
    if (pthread_cond_init(&p->have_room, NULL) != 0) {
        pthread_cond_destroy(&p->have_item);
        pthread_mutex_destroy(&p->mu);
        goto nomem;
    }
    p->sync_init = 1;
    for (unsigned i = 0; i < jobs; i++) {
        struct worker_arg *wa = cab_malloc(sizeof *wa);

        if (!wa)
            break;
        wa->p = p;
        wa->index = i;
        if (pthread_create(&p->threads[p->n_threads], NULL, worker_main, wa) != 0) {
            cab_free(wa);
            break;
        }
        p->n_threads++;
    }
    if (p->n_threads == 0) {
        snprintf(err, CAB_ERR_SIZE, "cannot start a reading thread");
        cab_pipe_free(p);
        return CAB_INTERNAL;
    }
    *out = p;
    return CAB_OK;
nomem:
    snprintf(err, CAB_ERR_SIZE, "out of memory starting the reading threads");
    cab_pipe_free(p);
    return CAB_NOMEM;
}

void cab_pipe_free(cab_pipe *p)
{
    if (!p)
        return;
    if (p->sync_init) {
        pthread_mutex_lock(&p->mu);
        p->stop = 1;
        pthread_cond_broadcast(&p->have_room);
        pthread_cond_broadcast(&p->have_item);
        pthread_mutex_unlock(&p->mu);
        for (unsigned i = 0; i < p->n_threads; i++)
            pthread_join(p->threads[i], NULL);
        pthread_cond_destroy(&p->have_room);
        pthread_cond_destroy(&p->have_item);
        pthread_mutex_destroy(&p->mu);
    }
    for (size_t i = 0; p->slots && i < p->nslots; i++) {
        while (p->slots[i].head) {
            struct cab_item *it = p->slots[i].head;

            p->slots[i].head = it->next;
            cab_item_free(it);
        }
    }
    cab_reader_close(p->inline_prod.rd);
    for (unsigned i = 0; p->builders && i < (p->jobs > 1 ? p->jobs : 1); i++)
        cab_doc_builder_free(p->builders[i]);
    cab_free(p->builders);
    cab_free(p->slots);
    cab_free(p->threads);
    cab_free(p);
}
