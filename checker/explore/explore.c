/*
** explore.c - the breadth-first explorer: every enabled step of every
** process from every reachable state, constraint checks on steps and
** states, shortest counterexamples rebuilt from the stores' trace links.
**
** Parallel search is level-synchronous with hash partitioning (as DiVinE
** and LTSmin do): worker w owns the states whose fingerprint's high bits
** map to w, in a bc_store of its own. A level runs in phases separated by
** barriers:
**   1. expand: each worker takes its own frontier states of level d,
**      generates their successors into a batch, prefetches their table
**      slots, inserts those it owns and appends the others to an outbox per
**      owner (without symmetry, the fast path: a struct-of-arrays
**      batch, written by the compiled engine's fused loop when there is
**      one, each record fingerprinted once, this worker's own inserted
**      and the others copied into struct-of-arrays outboxes at each
**      flush, copy_out(); each owner inserts its outboxes XCHUNK records
**      per store call; there, phases 1 and 2 alternate in rounds of up to
**      ROUND states per worker with one barrier a round, see level_fast()
**      and round_states(); with the liveness graph, the batch is a
**      buffer per round whose records' numbers are routed to an outbox
**      per owner, one round a level, so that the states are numbered as
**      the per-record path numbers them: route_live());
**   2. exchange: each worker inserts what the others sent it (and, with
**      the liveness graph, writes each one's id back into its record, or
**      on the fast path into its fingerprint in the sender's buffer);
**   3. after the second barrier, each worker copies those ids into its own
**      part of the liveness graph (fill_edges), while one of them merges
**      the level's results (end_level).
** Every state inserted during level d is at depth d + 1 whoever owns it,
** so the distinct-state count, the depth and the length of every shortest
** counterexample are those of the one-worker search. Candidate
** counterexamples found during a level are merged at its end by a fixed key
** (source state id, transition number), so the result does not depend on
** thread timing. The outboxes are the owner/exchange boundary: a
** distributed version would send them over MPI instead of sharing memory.
**
** A global state id is local_id * workers + owner, 32 bits in all.
*/
#include "bootcheck/explore.h"
#include "bootcheck/arena.h"
#include "bootcheck/debug.h"
#include "bootcheck/states.h"
#include "base/barrier.h"
#include "base/safeout.h"
#include "explore/live.h"
#include "explore/live_sym.h"
#include "explore/por.h"
#include "explore/replay.h"
#include "explore/symmetry.h"
#include "explore/window.h"
#include "model/vm.h"

#include <assert.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64 /* successors generated before inserting (but FAST_BATCH) */
#define PREFETCH_AHEAD 16 /* table slots prefetched ahead of the inserts */
#define XCHUNK 1024       /* outbox records per batch insert (x->fast) */
/* x->fast, one worker or x->copyout: successors generated before one store
** call (with several workers, before inserting this worker's own and
** copying out the others'). A store call keeps its prefetches PREFETCH_AHEAD
** records ahead of its probes and begins without that lead: with BATCH
** records a call one worker took 8-17% longer on boot.boot and the zoo
** (docs/performance.md, "Bigger batches"; 256 to 2,048 alike); with 2
** workers, a store call of BATCH / 2 records stalled on its probes */
#ifndef FAST_BATCH
#define FAST_BATCH 1024
#endif
/* x->fast, several workers: frontier states a worker expands before an
** exchange, at most; a round's outboxes (about 4 successors a state for
** each other worker, 32 bytes each with a 2-word state: 1 MB) stay
** mostly in the caches until their owners have inserted them. With
** bigger states, fewer states a round (round_states()): ROUND_WORDS
** state words a round, at least 1,024 states */
#define ROUND 8192
#define ROUND_WORDS 16384
/* expand_level() looks at the limits every 1024 states of a call */
_Static_assert(ROUND % 1024 == 0, "limits are checked within rounds");
#define MAX_WORKERS 256
/* several workers: a level that one thread should expand in less than this
** many seconds (by the time a state took in the level before) is run by
** one thread (level_serial); -DSERIAL_SECONDS=1e9 builds a search that
** runs every level so, for testing */
#ifndef SERIAL_SECONDS
#define SERIAL_SECONDS 0.0005
#endif

const char *bc_verdict_name(enum bc_verdict v) {
  switch (v) {
  case BC_HOLDS:
    return "holds";
  case BC_VIOLATED:
    return "violated";
  default:
    return "unknown";
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t peak_rss(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0)
    return 0;
  return (size_t)ru.ru_maxrss * 1024;
}

/* A successor waiting to be inserted (batch) or sent (outbox). */
struct rec {
  uint64_t fp;
  bc_state_id parent;
  uint32_t how;
  /* state bytes follow, rounded up to 8 */
};

struct recbuf {
  unsigned char *data;
  size_t n, cap; /* records */
};

/* An outbox of the fast path (x->fast, several workers): the successors
** one worker owns among those the sender generated in a round, as their
** numbers in the sender's round buffer (struct rset), which has their
** fingerprints: no copy. */
struct soabuf {
  uint32_t *sel;
  size_t n, cap;
};

/* An outbox of the fast path without the liveness graph (several
** workers): the successors of a round that one other worker owns, copied
** out of the sender's batch (words, fingerprints, parents, transition
** numbers), so that the batch stays small and in the cache as with one
** worker, and the owner reads only its own records, in order. */
struct obox {
  uint64_t *words, *fps;
  uint32_t *parent, *how;
  size_t n, cap; /* records */
};

/* x->fast with the liveness graph, several workers: the arrays of a
** round's successors (the batch, struct bc_native_out, grown to hold the
** whole round), kept while the others insert those they own from them. */
struct rset {
  uint64_t *words;
  uint32_t *parent, *how;
  uint64_t *fps; /* bc_fingerprint of each record, as routed */
  size_t cap;
};

struct worker;

/* Shared between workers. */
struct ex {
  const struct bc_program *p;
  const struct bc_explore_opts *o;
  struct bc_run *run;
  unsigned nw;
  struct worker *w;
  size_t recsize;           /* sizeof(struct rec) + padded state */
  bool sym;                 /* symmetry reduction: states are canonical */
  /* fingerprints from the state's words (bc_fingerprint_words), with one
  ** worker; with more, bc_fingerprint of the bytes, as before: the owner
  ** of a state, and so the state numbers and which of two equally short
  ** counterexamples is shown, come from the fingerprint */
  bool word_fp;
  struct bc_por *por;       /* partial-order reduction, or NULL */
  struct bc_live_graph *live; /* the graph for liveness (live.c), or NULL */
  bool live_decides;        /* ... and it is (not only the windows') */
  bool live_quotient;       /* ... for bc_live_decide_quotient */
  /* the fast path (no symmetry; with or without the liveness graph), any
  ** number of workers: successors in struct-of-arrays records (struct
  ** bc_native_out), inserted by one batch call (bc_store_insert_words,
  ** or, with several workers, bc_store_insert_words_fp for this worker's
  ** share of the batch and for each outbox); the compiled engine's fused
  ** loop writes them itself (expand) */
  bool fast, expand;
  /* x->fast, several workers, no graph: each batch's records go into
  ** this worker's store or are copied to their owner's outbox (struct
  ** obox) at each flush (copy_out) */
  bool copyout;
  size_t flush_at;          /* successors a batch holds: FAST_BATCH, BATCH */
  size_t sw;                /* words of a state */
  /* with the compiled model (not under --por): the compiled function of
  ** each `always` and `reachable` expression (by constraint index),
  ** called on a new state in place (check_state_native) */
  bc_native_fn *cfn;
  struct bc_barrier bar;
  atomic_bool stop;
  enum bc_stop why;
  struct cx *cx;            /* decided counterexamples, per constraint */
  size_t undecided;
  int64_t *always, *reach;  /* constraint indices by kind */
  size_t nalways, nreach;
  size_t deadlock_ci;
  uint64_t depth;
  uint64_t rounds;          /* x->fast, several workers: this level's */
  uint64_t round;           /* ... and a round's states (round_states) */
  double t0, last_progress;
  bool done;                /* the next level is empty */
  bool finish;              /* decided at the end of a level: leave now */
  bool serial;              /* ... the next level is narrow: level_serial */
  double level_t0;          /* when the level began */
  uint64_t level_states;    /* ... and its frontier */
  double state_cost;        /* the seconds a state took in the last level
                               (its wall time times the threads it ran on) */
  /* the first runtime error, by worker order */
  bool have_err, err_in_step;
  struct bc_vm_error err;
  bc_state_id err_state;
};

struct worker {
  struct ex *x;
  unsigned id;
  pthread_t thread;
  struct bc_vm vm;
  struct bc_store *store;
  uint8_t *cur;
  struct bc_sym_scratch sc;
  struct bc_por_scratch ps;
  bc_state_id cur_gid;
  uint32_t how;
  struct recbuf batch;
  struct bc_native_out soa; /* x->fast: the batch */
  size_t soa_cap;           /* records it has room for, one more spare */
  /* one worker: scratch fingerprints (soa_cap + XCHUNK + 1); several:
  ** the fingerprints of the round buffer's records */
  uint64_t *fps;
  uint32_t *newidx;         /* batch indices of new states (scratch_cap) */
  uint32_t *ids;            /* with the graph: records' ids (scratch_cap) */
  size_t scratch_cap;
  /* x->fast, several workers: the batch is round buffer rs[set] (its
  ** arrays are in 'soa' and 'fps' meanwhile), its records before
  ** soa_from fingerprinted and routed */
  struct rset rs[2];
  unsigned set;
  size_t soa_from;
  struct recbuf *out;       /* per destination worker */
  /* x->fast, several workers: the outboxes (this worker's own included),
  ** in two sets of nw (sbuf), used by turns from round to round
  ** (level_fast), as rs; sout is this round's */
  struct soabuf *sout, *sbuf;
  /* x->copyout: the outboxes, in two sets of nw used by turns (the
  ** entry of this worker unused), as sbuf; oout is this round's */
  struct obox *oout, *obox;
  /* x->copyout: the batch's records this worker owns, then (states of 3
  ** words or more) the others' (copy_out2: room for twice the batch) */
  uint32_t *own;
  struct cx *cx;            /* candidates found this level */
  bool any_cx;
  uint64_t generated;
  uint64_t ndistinct; /* this worker's new states; published in distinct */
  uint64_t left;      /* x->fast: this level's states still to expand */
  _Alignas(64) atomic_uint_fast64_t distinct; /* after each batch */
  atomic_uint_fast64_t expanded; /* for the progress line */
  atomic_uint_fast64_t gen_pub;
  bool have_err, err_in_step;
  struct bc_vm_error err;
  bc_state_id err_state;
  int fail;                 /* store error (BC_ENOMEM / BC_ELIMIT) */
};

static inline unsigned owner_of(const struct ex *x, uint64_t fp) {
  /* the same owner as % nw; a mask when nw is a power of two (a 64-bit
  ** division costs tens of cycles per successor) */
  if ((x->nw & (x->nw - 1)) == 0)
    return (unsigned)(fp >> 32) & (x->nw - 1);
  return (unsigned)((fp >> 32) % x->nw);
}

static inline bc_state_id gid(const struct ex *x, unsigned w,
                              bc_state_id local) {
  /* insert() refuses a state whose global id would reach BC_NO_STATE */
  assert(w < x->nw && (uint64_t)local * x->nw + w < (uint64_t)BC_NO_STATE);
  return (bc_state_id)((uint64_t)local * x->nw + w);
}

volatile sig_atomic_t bc_explore_signal;
volatile sig_atomic_t bc_explore_memlow;

static void halt(struct ex *x, enum bc_stop why) {
  if (!atomic_exchange(&x->stop, true))
    x->why = why;
}

/* ----------------------------------------------------------- records */

static struct rec *rec_push(struct ex *x, struct recbuf *b) {
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 256;
    b->data = bc_xrealloc(b->data, b->cap * x->recsize);
  }
  return (struct rec *)(void *)(b->data + (b->n++) * x->recsize);
}

static inline struct rec *rec_at(const struct ex *x, const struct recbuf *b,
                                 size_t i) {
  bc_hot_assert(i < b->n && x->recsize % 8 == 0);
  return (struct rec *)(void *)(b->data + i * x->recsize);
}

static inline const uint8_t *rec_state(const struct rec *r) {
  return (const uint8_t *)(r + 1);
}

/* ----------------------------------------------------------- checks */

static void candidate(struct worker *w, size_t ci, bc_state_id s,
                      uint32_t how) {
  struct ex *x = w->x;
  assert(ci < x->p->nconstraints && s != BC_NO_STATE);
  if (x->cx[ci].found)
    return;
  struct cx c = {true, s, how};
  if (cx_less(&c, &w->cx[ci])) {
    w->cx[ci] = c;
    w->any_cx = true;
  }
}

static void worker_error(struct worker *w, bool in_step, bc_state_id s) {
  if (w->vm.err.code == BC_RT_TIME) { /* not the model's error */
    halt(w->x, BC_STOP_TIME);
    return;
  }
  /* The level goes on (end_level() stops the search after it), so the
  ** states and the error reported do not depend on thread timing: each
  ** worker keeps the error of the smallest state id, end_level() the
  ** smallest of all. */
  if (!w->have_err || s < w->err_state) {
    w->have_err = true;
    w->err_in_step = in_step;
    w->err = w->vm.err;
    w->err_state = s;
  }
}

/* Evaluate the constraints 'list' on a new state (a record's or a batch's:
** padded); a value equal to 'decides' makes the state a candidate (a
** counterexample for `always`, a witness for `reachable`). False after a
** runtime error. */
static bool eval_state(struct worker *w, const int64_t *list, size_t n,
                       bool decides, const uint8_t *s, bc_state_id id) {
  struct ex *x = w->x;
  for (size_t i = 0; i < n; i++) {
    size_t ci = (size_t)list[i];
    if (x->cx[ci].found)
      continue;
    int64_t v;
    if (bc_vm_eval_padded(&w->vm, x->p->constraints[ci].code, s, &v) != 0) {
      worker_error(w, false, id);
      return false;
    }
    if ((v != 0) == decides)
      candidate(w, ci, id, UINT32_MAX);
  }
  return true;
}

/* Invariants and reachability on a new state. */
static void check_state(struct worker *w, const uint8_t *s, bc_state_id id) {
  struct ex *x = w->x;
  if (eval_state(w, x->always, x->nalways, false, s, id))
    eval_state(w, x->reach, x->nreach, true, s, id);
}

/* check_state on a new state (padded: a record's, a batch's words) with
** the compiled expressions, called directly (no copy, no dispatch). A
** result other than a value (an error) is left to check_state, which
** evaluates the state again the usual way and reports exactly what it
** reports. */
static void check_state_native(struct worker *w, const uint8_t *s,
                               bc_state_id id) {
  struct ex *x = w->x;
  struct bc_native_ctx *cx = &w->vm.ncx;
  for (int pass = 0; pass < 2; pass++) {
    const int64_t *list = pass ? x->reach : x->always;
    size_t n = pass ? x->nreach : x->nalways;
    for (size_t i = 0; i < n; i++) {
      size_t ci = (size_t)list[i];
      if (x->cx[ci].found)
        continue;
      int64_t v;
      cx->nchoice = 0;
      if (x->cfn[ci](cx, (uint8_t *)(uintptr_t)s, 0, &v) != 0) {
        check_state(w, s, id);
        return;
      }
      if ((v != 0) == (pass == 1))
        candidate(w, ci, id, UINT32_MAX);
    }
  }
}

/* A store insertion failed with 'rc': stop the search with the reason.
** BC_ENOMEM is --max-memory when a limit was given (an allocation failing
** below it is rare and reads the same). */
static void insert_failed(struct worker *w, int rc) {
  struct ex *x = w->x;
  w->fail = rc;
  halt(x, rc == BC_EIO                        ? BC_STOP_IO
          : rc == BC_ENOMEM && x->o->max_memory ? BC_STOP_MEMORY
          : rc == BC_ENOMEM                     ? BC_STOP_NOMEM
                                                : BC_STOP_MAX_STATES);
}

/*
** Insert one state into this worker's store. With the liveness graph, the
** edge from the parent: written into this worker's part when it owns the
** parent (every record of the expand phase), else (a record another
** worker sent) the target's global id replaces the record's fingerprint,
** for the sender to copy into its own part after the exchange
** (fill_edges).
*/
static void insert(struct worker *w, struct rec *r) {
  struct ex *x = w->x;
  bc_state_id local;
  int rc = bc_store_insert(w->store, rec_state(r), r->fp, r->parent, r->how,
                           &local);
  if (rc == BC_ENOMEM && x->live && bc_live_graph_drop(x->live, w->id))
    /* the graph shared the store's memory: the safety search goes on
    ** without it (the liveness verdicts will be unknown) */
    rc = bc_store_insert(w->store, rec_state(r), r->fp, r->parent, r->how,
                         &local);
  if (rc < 0) {
    insert_failed(w, rc);
    return;
  }
  if (rc == 1) {
    if ((uint64_t)local * x->nw + w->id >= (uint64_t)BC_NO_STATE) {
      w->fail = BC_ELIMIT;
      halt(x, BC_STOP_MAX_STATES);
      return;
    }
    w->ndistinct++; /* no atomic per state: published per batch */
    if (x->live && bc_live_graph_state(x->live, w->id, local, &w->vm,
                                       rec_state(r)) != 0)
      worker_error(w, false, gid(x, w->id, local));
    if (x->live && r->parent == BC_NO_STATE)
      bc_live_graph_initial(x->live, gid(x, w->id, local));
    if (x->nalways || x->nreach) {
      if (x->cfn)
        check_state_native(w, rec_state(r), gid(x, w->id, local));
      else
        check_state(w, rec_state(r), gid(x, w->id, local));
    }
  }
  if (x->live && r->parent != BC_NO_STATE) {
    if (r->parent % x->nw == w->id)
      bc_live_graph_edge(x->live, r->parent, r->how, gid(x, w->id, local));
    else
      r->fp = gid(x, w->id, local);
  }
}

/* Insert every record of 'b' into this worker's store, with
** PREFETCH_AHEAD table slots in flight, not a whole batch at once (more
** misses than the core can track stall the prefetches). */
static void insert_all(struct worker *w, struct recbuf *b) {
  struct ex *x = w->x;
  size_t n = b->n;
  for (size_t i = 0; i < n && i < PREFETCH_AHEAD; i++)
    bc_store_prefetch(w->store, rec_at(x, b, i)->fp);
  for (size_t i = 0; i < n && !atomic_load(&x->stop); i++) {
    if (i + PREFETCH_AHEAD < n)
      bc_store_prefetch(w->store, rec_at(x, b, i + PREFETCH_AHEAD)->fp);
    insert(w, rec_at(x, b, i));
  }
  atomic_store_explicit(&w->distinct, w->ndistinct, memory_order_relaxed);
}

static void flush_fast(struct worker *w);

/* Insert or send the batched successors. */
static void flush(struct worker *w) {
  struct ex *x = w->x;
  struct recbuf *b = &w->batch;
  if (x->fast) {
    flush_fast(w);
    return;
  }
  if (x->nw == 1) { /* every record is this worker's */
    insert_all(w, b);
    b->n = 0;
    return;
  }
  /* the bounds in locals: the copies store through uint64_t pointers,
  ** which may alias the size_t fields of *x and *b, so the compiler reads
  ** those again in the loops (this function is most of what 2 workers
  ** execute beyond one: docs/performance.md, "Threads") */
  const size_t n = b->n, words = x->recsize / 8;
  const unsigned me = w->id;
  for (size_t i = 0; i < n; i++) {
    const struct rec *r = rec_at(x, b, i);
    if (owner_of(x, r->fp) == me)
      bc_store_prefetch(w->store, r->fp);
  }
  for (size_t i = 0; i < n && !atomic_load(&x->stop); i++) {
    struct rec *r = rec_at(x, b, i);
    unsigned o = owner_of(x, r->fp);
    if (o == me) {
      insert(w, r);
    } else { /* records are whole words: copy them inline */
      uint64_t *d = (uint64_t *)(void *)rec_push(x, &w->out[o]);
      const uint64_t *sw = (const uint64_t *)(const void *)r;
      for (size_t k = 0; k < words; k++)
        d[k] = sw[k];
    }
  }
  atomic_store_explicit(&w->distinct, w->ndistinct, memory_order_relaxed);
  b->n = 0;
}

static void batch_succ(struct worker *w, const uint8_t *succ, uint32_t how,
                       const uint64_t *viol);

/* Room for 'n' records in the scratch arrays of a store call. */
static void scratch_reserve(struct worker *w, size_t n) {
  if (n <= w->scratch_cap)
    return;
  w->scratch_cap = n;
  w->newidx = bc_xrealloc(w->newidx, n * sizeof *w->newidx);
  if (w->x->live)
    w->ids = bc_xrealloc(w->ids, n * sizeof *w->ids);
}

/* The struct-of-arrays batch (x->fast): room for 'cap' records and the
** spare one the fused loop writes before it knows the step is enabled. */
static void soa_resize(struct worker *w, size_t cap) {
  struct ex *x = w->x;
  struct bc_native_out *o = &w->soa;
  o->words = bc_xrealloc(o->words, (cap + 1) * x->sw * sizeof *o->words);
  o->parent = bc_xrealloc(o->parent, (cap + 1) * sizeof *o->parent);
  o->how = bc_xrealloc(o->how, (cap + 1) * sizeof *o->how);
  w->fps = bc_xrealloc(w->fps, (cap + XCHUNK + 1) * sizeof *w->fps);
  if (x->copyout)
    w->own = bc_xrealloc(w->own, 2 * (cap + 1) * sizeof *w->own);
  /* the new states of a batch, of an outbox chunk, or of this worker's
  ** share of a batch (copy_out); with the
  ** graph and several workers, the buffer holds a level's records for
  ** the others: route_live() asks for what a flush needs */
  if (!x->live || x->nw == 1)
    scratch_reserve(w, cap + XCHUNK + 1);
  else
    scratch_reserve(w, 2 * BATCH + XCHUNK + 1);
  w->soa_cap = cap;
  o->lim = cap;
}

/* out->grow: a state with more successors than the batch holds. */
static int soa_grow(struct bc_native_out *o) {
  struct worker *w = o->ctx;
  if (o->next_how >= UINT32_MAX - 1) {
    /* a successor's number is 32 bits (on_succ) */
    w->fail = BC_ELIMIT;
    halt(w->x, BC_STOP_MAX_STATES);
    return 1;
  }
  soa_resize(w, 2 * w->soa_cap);
  return 0;
}

/* out->viol: a step assertion failed on the successor numbered 'how'. */
static void soa_viol(struct bc_native_out *o, uint32_t how,
                     const uint64_t *viol) {
  struct worker *w = o->ctx;
  for (size_t ci = 0; ci < w->x->p->nconstraints; ci++)
    if ((viol[ci / 64] >> (ci % 64)) & 1)
      candidate(w, ci, w->cur_gid, how);
}

/* insert_soa's store call again, for records 'from'..n-1 of its batch
** (one worker: records 0..n-1 of the arrays, fingerprinted by the store
** into fps; several: the records sel[0..n-1]): the new ones' record
** numbers go to newidx, the ids of all (when 'ids') to ids[from..]. */
static int store_batch(struct worker *w, const uint64_t *words,
                       const uint32_t *parent, const uint32_t *how,
                       uint64_t *fps, const uint32_t *sel, size_t from,
                       size_t n, uint32_t *newidx, uint32_t *ids,
                       size_t *ret_new, size_t *ret_done) {
  struct ex *x = w->x;
  int rc;
  if (x->nw == 1) {
    rc = bc_store_insert_words(w->store, words + from * x->sw, x->sw,
                               parent + from, how + from, n - from,
                               fps + from, newidx, ids ? ids + from : NULL,
                               ret_new, ret_done);
    for (size_t j = 0; from && j < *ret_new; j++)
      newidx[j] += (uint32_t)from;
  } else {
    rc = bc_store_insert_words_fp(w->store, words, x->sw, parent, how, fps,
                                  sel + from, n - from, newidx,
                                  ids ? ids + from : NULL, ret_new,
                                  ret_done);
  }
  *ret_done += from;
  return rc;
}

/*
** Insert records of a struct-of-arrays batch into this worker's store with
** one batch call, then check the constraints on the new states only.
** One worker: records 0..n-1, fingerprinted by the store (into 'fps',
** scratch). Several: the records sel[0..n-1] of a round buffer,
** fingerprinted by their sender (route(), fps[record]). The new states'
** ids follow the store's count, in order. With the liveness graph, the
** new states' predicate bits are recorded, and ids[i] (when not NULL) is
** the local id of the i-th record inserted, found or new (for the
** graph's edges); when the store runs out of the memory it shares with
** the graph, the graph is dropped and the rest inserted without it, as
** insert() does. Returns the number of ids written: n, fewer when the
** graph was dropped, 0 after a store error (which stops the search).
*/
static size_t insert_soa(struct worker *w, const uint64_t *words,
                       const uint32_t *parent, const uint32_t *how,
                       uint64_t *fps, const uint32_t *sel, size_t n,
                       uint32_t *ids) {
  struct ex *x = w->x;
  size_t nnew = 0, done = 0, valid = n;
  uint64_t base = w->ndistinct; /* the store's count: ids are in order */
  int rc = x->nw == 1 ? bc_store_insert_words(w->store, words, x->sw, parent,
                                              how, n, fps, w->newidx, ids,
                                              &nnew, &done)
                      : bc_store_insert_words_fp(w->store, words, x->sw,
                                                 parent, how, fps, sel, n,
                                                 w->newidx, ids, &nnew,
                                                 &done);
  if (rc == BC_ENOMEM && x->live && bc_live_graph_drop(x->live, w->id)) {
    valid = done;
    /* the graph shared the store's memory (its edges, 'ids' with one
    ** worker, are gone): the safety search goes on without it */
    size_t more = 0;
    rc = store_batch(w, words, parent, how, fps, sel, done, n,
                     w->newidx + nnew, NULL, &more, &done);
    nnew += more;
  }
  w->ndistinct += nnew;
  if (x->nw > 1 && nnew) {
    /* a global id must stay below BC_NO_STATE (gid()): the locals
    ** l * nw + id < BC_NO_STATE; a state past them stops the search as in
    ** insert(), unchecked */
    uint64_t lim = ((uint64_t)BC_NO_STATE - w->id + x->nw - 1) / x->nw;
    if (base + nnew > lim) {
      nnew = lim > base ? (size_t)(lim - base) : 0;
      rc = BC_ELIMIT;
    }
  }
  if (x->live && nnew) {
    /* the graph's bits of the new states (before the checks, as in
    ** insert(): of two runtime errors in one state, the predicate's is
    ** kept) */
    const size_t sw = x->sw, nw = x->nw;
    const uint32_t *newidx = w->newidx;
    bc_state_id id = gid(x, w->id, (bc_state_id)base);
    for (size_t j = 0; j < nnew; j++, id += (bc_state_id)nw) {
      const uint8_t *st = (const uint8_t *)(words + (size_t)newidx[j] * sw);
      if (bc_live_graph_state(x->live, w->id, (uint32_t)(base + j), &w->vm,
                              st) != 0)
        worker_error(w, false, id);
    }
  }
  if ((x->nalways || x->nreach) && nnew) {
    /* in locals: the checks call through pointers (one worker: the ids
    ** are base + j, no multiplication per state) */
    const size_t sw = x->sw, nw = x->nw;
    const uint32_t *newidx = w->newidx;
    const bool native = x->cfn != NULL;
    bc_state_id id = gid(x, w->id, (bc_state_id)base);
    for (size_t j = 0; j < nnew; j++, id += (bc_state_id)nw) {
      const uint8_t *st = (const uint8_t *)(words + (size_t)newidx[j] * sw);
      if (native)
        check_state_native(w, st, id);
      else
        check_state(w, st, id);
    }
  }
  if (rc < 0)
    insert_failed(w, rc);
  atomic_store_explicit(&w->distinct, w->ndistinct, memory_order_relaxed);
  return rc < 0 || !ids ? 0 : valid;
}

/* Make room in an outbox for 'more' records. */
static void soabuf_reserve(struct soabuf *b, size_t more) {
  if (b->n + more <= b->cap)
    return;
  while (b->n + more > b->cap)
    b->cap = b->cap ? 2 * b->cap : 256;
  b->sel = bc_xrealloc(b->sel, b->cap * sizeof *b->sel);
}

/* Keep the batch's arrays, perhaps grown, as round buffer w->set (x->fast,
** several workers); the others read them after the round's barrier. */
static void save_set(struct worker *w) {
  struct rset *c = &w->rs[w->set];
  c->words = w->soa.words;
  c->parent = w->soa.parent;
  c->how = w->soa.how;
  c->fps = w->fps;
  c->cap = w->soa_cap;
}

/* Make round buffer 'set' the batch, empty (the batch was saved). */
static void load_set(struct worker *w, unsigned set) {
  const struct rset *u = &w->rs[set];
  w->soa.words = u->words;
  w->soa.parent = u->parent;
  w->soa.how = u->how;
  w->fps = u->fps;
  w->soa_cap = w->soa.lim = u->cap;
  w->soa.n = w->soa_from = 0;
  w->set = set;
}

/* Make room in an outbox for 'more' records of 'sw' words. */
static void obox_reserve(struct obox *b, size_t more, size_t sw) {
  if (b->n + more <= b->cap)
    return;
  while (b->n + more > b->cap)
    b->cap = b->cap ? 2 * b->cap : 1024;
  b->words = bc_xrealloc(b->words, b->cap * sw * sizeof *b->words);
  b->fps = bc_xrealloc(b->fps, b->cap * sizeof *b->fps);
  b->parent = bc_xrealloc(b->parent, b->cap * sizeof *b->parent);
  b->how = bc_xrealloc(b->how, b->cap * sizeof *b->how);
}

/*
** copy_out() with 2 workers, for states of 'sw' words (a constant where
** inlined by width: the copy is unrolled; with sw a variable the loop
** took 41 instructions a successor on boot.boot, under cachegrind): this
** worker's own records are listed in 'own', the other's copied to its
** outbox 'b'. Returns the number of own. States of 1-2 words: every record
** is copied, and only the other's move the outbox's end on (no branch on
** the owner, a random bit of the fingerprint). Wider: the other's are
** listed first (after 'own'), then only they are copied.
*/
#if defined(__GNUC__) || defined(__clang__)
#define ALWAYS_INLINE __attribute__((always_inline)) inline
#else
#define ALWAYS_INLINE inline
#endif
static ALWAYS_INLINE size_t copy_out2(struct obox *b, unsigned me,
                                      const uint64_t *restrict words,
                                      size_t sw,
                                      const uint64_t *restrict fps,
                                      const uint32_t *restrict parent,
                                      const uint32_t *restrict how, size_t n,
                                      uint32_t *restrict own) {
  uint64_t *restrict bw = b->words + b->n * sw, *restrict bf = b->fps + b->n;
  uint32_t *restrict bp = b->parent + b->n, *restrict bh = b->how + b->n;
  size_t nown = 0, noth = 0;
  if (sw <= 2) {
    for (size_t i = 0; i < n; i++) {
      uint64_t f = fps[i];
      size_t other = ((unsigned)(f >> 32) & 1u) != me;
      for (size_t k = 0; k < sw; k++)
        bw[noth * sw + k] = words[i * sw + k];
      bf[noth] = f;
      bp[noth] = parent[i];
      bh[noth] = how[i];
      own[nown] = (uint32_t)i;
      noth += other;
      nown += other ^ 1;
    }
  } else {
    uint32_t *restrict oth = own + n; /* room: soa_resize */
    for (size_t i = 0; i < n; i++) {
      size_t other = ((unsigned)(fps[i] >> 32) & 1u) != me;
      own[nown] = (uint32_t)i;
      oth[noth] = (uint32_t)i;
      noth += other;
      nown += other ^ 1;
    }
    for (size_t j = 0; j < noth; j++) {
      size_t i = oth[j];
      for (size_t k = 0; k < sw; k++)
        bw[j * sw + k] = words[i * sw + k];
      bf[j] = fps[i];
      bp[j] = parent[i];
      bh[j] = how[i];
    }
  }
  b->n += noth;
  return nown;
}

/*
** flush_fast() without the liveness graph, several workers: the batch's
** records 0..n-1, fingerprinted. This worker's own go into its store now, in
** the order generated; the others are copied to their owners' outboxes for
** this round, which the owners insert after the round's barrier. The order of
** each store's inserts, and so the state numbers, are those of the search
** that inserted a worker's own records of a round at its end (a worker's own
** always before the others', in the order generated). The batch stays small
** and in the cache, as with one worker, and the owner reads only its own
** records, in order: with 150-byte states a round's buffer of every successor
** (about 6 MB) was out of the caches when the owner compared its duplicates
** with it (docs/performance.md, "Outboxes copied out"). With 2 workers,
** copy_out2.
*/
static void copy_out(struct worker *w, size_t n) {
  struct ex *x = w->x;
  const struct bc_native_out *o = &w->soa;
  /* in locals: the copies store through uint64_t and uint32_t pointers,
  ** which may alias the counts and sizes of *x, *o and the outboxes */
  const unsigned me = w->id, nw = x->nw, mask = nw - 1;
  const bool pow2 = (nw & mask) == 0; /* as owner_of() */
  const size_t sw = x->sw;
  const uint64_t *fps = w->fps, *words = o->words;
  const uint32_t *parent = o->parent, *how = o->how;
  uint32_t *own = w->own;
  size_t nown = 0;
  for (unsigned d = 0; d < nw; d++)
    if (d != me)
      obox_reserve(&w->oout[d], n, sw);
  if (nw == 2) {
    struct obox *b = &w->oout[me ^ 1u];
    switch (sw) { /* the copy of a state unrolled for the usual widths */
#define SW(k)                                                                  \
  case k:                                                                      \
    nown = copy_out2(b, me, words, k, fps, parent, how, n, own);               \
    break;
      SW(1) SW(2) SW(3) SW(4)
#undef SW
    default:
      nown = copy_out2(b, me, words, sw, fps, parent, how, n, own);
    }
  } else {
    for (size_t i = 0; i < n; i++) {
      uint64_t f = fps[i];
      unsigned d = pow2 ? (unsigned)(f >> 32) & mask
                        : (unsigned)((f >> 32) % nw);
      if (d == me) {
        own[nown++] = (uint32_t)i;
        continue;
      }
      struct obox *b = &w->oout[d];
      size_t at = b->n++;
      for (size_t k = 0; k < sw; k++)
        b->words[at * sw + k] = words[i * sw + k];
      b->fps[at] = f;
      b->parent[at] = parent[i];
      b->how[at] = how[i];
    }
  }
  if (nown)
    insert_soa(w, w->soa.words, w->soa.parent, w->soa.how, w->fps, own,
               nown, NULL);
}

/*
** flush_fast() with the liveness graph and several workers, whose level is
** one round (level_fast): the records from..n-1, fingerprinted, in the
** order the per-record search inserted them. This worker's own go into its
** store now (as insert() did them at each flush), their ids into the
** graph's edges; the others are moved down over them, so that the round
** buffer keeps only what the exchange will insert at the level's end (as
** the per-record search's outboxes did), and routed to their owners'
** outboxes, which name them by their new places.
*/
static void route_live(struct worker *w, size_t from, size_t n) {
  struct ex *x = w->x;
  struct bc_native_out *o = &w->soa;
  /* in locals: the copies below store through uint64_t and uint32_t
  ** pointers, which may alias the counts and sizes of *x, *o and the
  ** outboxes (as in route()) */
  const unsigned me = w->id, nw = x->nw, mask = nw - 1;
  const bool pow2 = (nw & mask) == 0; /* as owner_of() */
  const size_t sw = x->sw;
  uint64_t *fps = w->fps, *words = o->words;
  uint32_t *parent = o->parent, *how = o->how;
#define OWNER(f)                                                               \
  (pow2 ? (unsigned)((f) >> 32) & mask : (unsigned)(((f) >> 32) % nw))
  struct soabuf *own = &w->sout[me];
  for (unsigned d = 0; d < nw; d++)
    soabuf_reserve(&w->sout[d], n - from);
  scratch_reserve(w, n - from);
  uint32_t *sel = own->sel;
  size_t nown = 0;
  for (size_t i = from; i < n; i++) {
    sel[nown] = (uint32_t)i;
    nown += OWNER(fps[i]) == me;
  }
  if (nown) {
    const uint32_t *ids = w->ids;
    size_t m = insert_soa(w, words, parent, how, fps, sel, nown, w->ids);
    /* record i is edge i - from of the part's last n - from */
    uint32_t *e = bc_live_graph_tail(x->live, me, n - from);
    for (size_t j = 0; e && j < m; j++)
      e[sel[j] - from] = gid(x, me, ids[j]);
  }
  size_t c = from;
  if (nw == 2) {
    /* one other worker: its count in a register, and no branch on the
    ** owner (a random bit: route()); every record is copied, and only
    ** the other's move the end on */
    struct soabuf *b = &w->sout[me ^ 1u];
    uint32_t *bs = b->sel;
    size_t bn = b->n;
    for (size_t i = from; i < n; i++) {
      uint64_t f = fps[i];
      size_t other = OWNER(f) != me;
      for (size_t k = 0; k < sw; k++)
        words[c * sw + k] = words[i * sw + k];
      parent[c] = parent[i];
      how[c] = how[i];
      fps[c] = f;
      bs[bn] = (uint32_t)c;
      bn += other;
      c += other;
    }
    b->n = bn;
  } else {
    for (size_t i = from; i < n; i++) {
      unsigned d = OWNER(fps[i]);
      if (d == me)
        continue;
      for (size_t k = 0; k < sw; k++)
        words[c * sw + k] = words[i * sw + k];
      parent[c] = parent[i];
      how[c] = how[i];
      fps[c] = fps[i];
      struct soabuf *b = &w->sout[d];
      b->sel[b->n++] = (uint32_t)c++;
    }
  }
#undef OWNER
  o->n = w->soa_from = c;
}

/*
** Insert the batch (x->fast). One worker: one bc_store_insert_words. More:
** the records generated since the last flush are fingerprinted once
** (bc_fingerprint of their bytes, as on the per-record path: the owners, and
** so the state numbers and which of two equally short counterexamples is
** shown, are that path's); this worker's own go into its store, the others'
** to their owners' outboxes (copy_out(); with the graph, route_live(), the
** batch being the round's buffer). The stop flag is read once per batch: with
** one worker only this worker sets it, between states (or when an insert
** fails, which ends the batch at that record).
*/
static void flush_fast(struct worker *w) {
  struct ex *x = w->x;
  struct bc_native_out *o = &w->soa;
  size_t n = o->n, from = w->soa_from;
  if (n == from || atomic_load_explicit(&x->stop, memory_order_relaxed)) {
    o->n = from;
    return;
  }
  if (x->nw == 1) {
    /* with the graph, the store writes each record's id, found or new,
    ** into its edge: the records are the part's last edges, in order */
    uint32_t *ids = x->live ? bc_live_graph_tail(x->live, 0, n) : NULL;
    o->n = 0;
    insert_soa(w, o->words, o->parent, o->how, w->fps, NULL, n, ids);
    return;
  }
  bc_fingerprint_many(o->words + from * x->sw, x->sw, x->p->state_bytes,
                      n - from, w->fps + from);
  if (x->live) {
    route_live(w, from, n);
    return;
  }
  assert(from == 0); /* copy_out empties the batch */
  copy_out(w, n);
  o->n = 0;
}

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct worker *w = ctx;
  (void)inst;
  (void)step;
  bc_hot_assert(inst < w->x->p->ninsts && step < w->x->p->nsteps);
  if (w->how == UINT32_MAX - 1) {
    /* a successor's number is 32 bits (UINT32_MAX: the state itself);
    ** traces could not name the next one */
    w->fail = BC_ELIMIT;
    halt(w->x, BC_STOP_MAX_STATES);
    return 1;
  }
  if (w->x->live && !w->x->fast)
    bc_live_graph_reserve(w->x->live, w->id);
  batch_succ(w, succ, w->how++, viol);
  return 0;
}

/* A successor under partial-order reduction: violations are seen on every
** step taken from the state, only the reduced set's states are kept. */
static int on_succ_por(void *ctx, const uint8_t *succ, unsigned inst,
                       unsigned step, const uint64_t *viol, uint32_t how,
                       bool ample) {
  struct worker *w = ctx;
  struct ex *x = w->x;
  (void)inst;
  (void)step;
  if (ample) {
    batch_succ(w, succ, how, viol);
  } else if (viol) {
    for (size_t ci = 0; ci < x->p->nconstraints; ci++)
      if ((viol[ci / 64] >> (ci % 64)) & 1)
        candidate(w, ci, w->cur_gid, how);
  }
  return 0;
}

static void batch_succ(struct worker *w, const uint8_t *succ, uint32_t how,
                       const uint64_t *viol) {
  struct ex *x = w->x;
  bc_hot_assert(w->cur_gid != BC_NO_STATE && how != UINT32_MAX);
  w->generated++;
  if (viol) {
    for (size_t ci = 0; ci < x->p->nconstraints; ci++)
      if ((viol[ci / 64] >> (ci % 64)) & 1)
        candidate(w, ci, w->cur_gid, how);
  }
  if (x->fast) {
    struct bc_native_out *o = &w->soa;
    size_t n = o->n;
    bc_state_copy_words(o->words + n * x->sw, succ, x->p->state_bytes);
    o->parent[n] = w->cur_gid;
    o->how[n] = how;
    if ((o->n = n + 1) >= o->lim)
      soa_resize(w, 2 * w->soa_cap);
    return;
  }
  struct rec *r = rec_push(x, &w->batch);
  uint8_t *st = (uint8_t *)(r + 1);
  /* whole aligned words in, the same words hashed: no load spans two
  ** stores (succ has padding: vm.h) */
  bc_state_copy_words(st, succ, x->p->state_bytes);
  if (x->sym) /* a successor of w->cur (bc_sym_parent in expand_level) */
    bc_sym_canon_succ(x->p, st, &w->sc);
  r->fp = x->word_fp ? bc_fingerprint_words((const uint64_t *)(void *)st,
                                             bc_state_words(
                                                 x->p->state_bytes))
                     : bc_fingerprint(st, x->p->state_bytes);
  r->parent = w->cur_gid;
  r->how = how;
}

/* ----------------------------------------------------------- phases */

static uint64_t total_distinct(const struct ex *x) {
  uint64_t n = 0;
  for (unsigned i = 0; i < x->nw; i++)
    n += atomic_load_explicit(&x->w[i].distinct, memory_order_relaxed);
  return n;
}

static void progress(struct ex *x) {
  uint64_t gen = 0, done = 0;
  for (unsigned i = 0; i < x->nw; i++) {
    gen += atomic_load_explicit(&x->w[i].gen_pub, memory_order_relaxed);
    done += atomic_load_explicit(&x->w[i].expanded, memory_order_relaxed);
  }
  uint64_t d = total_distinct(x);
  double dt = now() - x->t0;
  bc_out_rawf(stderr, "\r%12" PRIu64 " generated %12" PRIu64
                      " distinct %10" PRIu64 " queued  depth %4" PRIu64
                      "  %9.0f states/s ",
              gen, d, d > done ? d - done : 0, x->depth,
              dt > 0 ? (double)d / dt : 0.0);
  fflush(stderr);
}

/* Phase 1: expand this worker's states of the current level, at most
** 'most' of them. */
static void expand_level(struct worker *w, uint64_t most) {
  struct ex *x = w->x;
  const struct bc_program *p = x->p;
  struct bc_store_stats st;
  bc_store_stats(w->store, &st);
  uint64_t n = st.frontier < most ? st.frontier : most, k = 0;
  for (; k < n && !atomic_load_explicit(&x->stop, memory_order_relaxed);
       k++) {
    bc_state_id local;
    const void *sp = bc_store_next(w->store, &local);
    if (!sp)
      break;
    bc_state_load_words(w->cur, sp, p->state_bytes);
    if (x->sym) { /* once per state: its sorted keys and twins */
      bc_sym_parent(p, &w->sc, w->cur);
      bc_vm_set_twins(&w->vm, w->cur, w->sc.twins);
    }
    w->cur_gid = gid(x, w->id, local);
    w->how = 0;
    if (x->live && !x->fast)
      bc_live_graph_expand(x->live, w->id, local);
    long ns;
    const size_t n0 = w->soa.n; /* x->fast: the state's first successor */
    if (x->expand) { /* the compiled loop writes into the batch */
      struct bc_native_out *o = &w->soa;
      int stopped;
      o->cur_parent = w->cur_gid;
      o->next_how = 0;
      ns = bc_vm_expand(&w->vm, w->cur, o, &stopped);
      w->generated += o->n - n0;
    } else {
      ns = x->por ? bc_por_successors(x->por, &w->ps, &w->vm, w->cur,
                                      on_succ_por, w)
                  : bc_vm_successors(&w->vm, w->cur, on_succ, w);
    }
    if (x->sym) {
      bc_sym_parent(p, &w->sc, NULL);
      bc_vm_set_twins(&w->vm, NULL, NULL);
    }
    if (x->live && x->fast) /* its edges, written at the flush */
      bc_live_graph_expanded(x->live, w->id, local,
                             (uint32_t)(w->soa.n - n0));
    else if (x->live)
      bc_live_graph_done(x->live, w->id, local);
    if (ns < 0) { /* the state's other successors are still counted */
      worker_error(w, true, w->cur_gid);
      continue;
    }
    if (ns == 0 && x->deadlock_ci != SIZE_MAX && !bc_vm_all_ended(p, w->cur))
      candidate(w, x->deadlock_ci, w->cur_gid, UINT32_MAX);
    if ((x->fast ? w->soa.n - w->soa_from : w->batch.n) >= x->flush_at)
      flush(w);
    if ((k & 1023) == 1023) {
      atomic_store_explicit(&w->expanded,
                            atomic_load_explicit(&w->expanded,
                                                 memory_order_relaxed) + 1024,
                            memory_order_relaxed);
      atomic_store_explicit(&w->gen_pub, w->generated, memory_order_relaxed);
      if ((x->o->max_states && total_distinct(x) >= x->o->max_states) ||
          (x->o->trial_states && total_distinct(x) >= x->o->trial_states))
        halt(x, BC_STOP_MAX_STATES);
      double t = now();
      if (x->o->time_limit > 0 && t - x->t0 > x->o->time_limit)
        halt(x, BC_STOP_TIME);
      if (bc_explore_signal)
        halt(x, BC_STOP_SIGNAL);
      if (bc_explore_memlow)
        halt(x, BC_STOP_NOMEM);
      if (w->id == 0 && x->o->progress && t - x->last_progress >= 2.0) {
        progress(x);
        x->last_progress = t;
      }
    }
  }
  flush(w);
}

/* Phase 2 on the fast path without the graph: insert the records of
** another worker's outbox 'b' for this one, XCHUNK records per batch
** call, then empty it (only this worker reads it; its sender writes it
** again after the next round's barrier). */
static void exchange_out(struct worker *w, struct obox *b) {
  struct ex *x = w->x;
  const size_t sw = x->sw;
  for (size_t at = 0; at < b->n && !atomic_load(&x->stop); at += XCHUNK) {
    size_t k = b->n - at < XCHUNK ? b->n - at : XCHUNK;
    insert_soa(w, b->words + at * sw, b->parent + at, b->how + at,
               b->fps + at, NULL, k, NULL);
  }
  b->n = 0;
}

/* Phase 2 on the fast path with the graph: insert the records of round
** buffer 'rs' of
** another worker that outbox 'b' names, XCHUNK records per batch call,
** then empty the outbox (only this worker reads it; its sender writes it
** again after the next round's barrier). With the liveness graph, each
** record's global id replaces its fingerprint, for the sender to copy
** into its part of the graph (fill_edges), which empties the outbox. */
static void exchange_soa(struct worker *w, const struct rset *rs,
                         struct soabuf *b) {
  struct ex *x = w->x;
  for (size_t at = 0; at < b->n && !atomic_load(&x->stop); at += XCHUNK) {
    size_t k = b->n - at < XCHUNK ? b->n - at : XCHUNK;
    size_t m = insert_soa(w, rs->words, rs->parent, rs->how, rs->fps,
                          b->sel + at, k, x->live ? w->ids : NULL);
    for (size_t j = 0; x->live && j < m; j++)
      rs->fps[b->sel[at + j]] = gid(x, w->id, w->ids[j]);
  }
  if (!x->live)
    b->n = 0;
}

/* Phase 2: insert what the other workers sent this one, prefetching table
** slots PREFETCH_AHEAD records ahead of the inserts. */
static void exchange(struct worker *w, unsigned set) {
  struct ex *x = w->x;
  for (unsigned src = 0; src < x->nw; src++) {
    if (src == w->id)
      continue;
    if (x->copyout)
      exchange_out(w, &x->w[src].obox[set * x->nw + w->id]);
    else if (x->fast)
      exchange_soa(w, &x->w[src].rs[set],
                   &x->w[src].sbuf[set * x->nw + w->id]);
    else
      insert_all(w, &x->w[src].out[w->id]);
  }
}

/*
** Phase 3, with the liveness graph and several workers: the edges this
** worker's states have to states other workers own. Each owner wrote the
** target's id into this worker's record during phase 2 (insert(); on the
** fast path, exchange_soa() into the record's fingerprint); the
** barrier between the phases orders those writes before these reads, and
** this worker's part of the graph is written by this worker alone
** (live.c). Then the outboxes are emptied for the next level (here, not
** in end_level(), which runs meanwhile). A stop during phase 2 may have
** left records uninserted: the graph is not used then.
*/
static void fill_edges(struct worker *w) {
  struct ex *x = w->x;
  bool fill = x->live && !atomic_load(&x->stop);
  if (x->fast) { /* the outboxes of the level's one round (level_fast) */
    if (!x->live || x->nw == 1)
      return;
    const struct rset *rs = &w->rs[0];
    for (unsigned o = 0; o < x->nw; o++) {
      struct soabuf *b = &w->sbuf[o];
      for (size_t i = 0; fill && o != w->id && i < b->n; i++) {
        uint32_t r = b->sel[i];
        bc_live_graph_edge(x->live, rs->parent[r], rs->how[r],
                           (bc_state_id)rs->fps[r]);
      }
      b->n = 0;
    }
    return;
  }
  for (unsigned o = 0; o < x->nw; o++) {
    struct recbuf *b = &w->out[o];
    for (size_t i = 0; fill && i < b->n; i++) {
      const struct rec *r = rec_at(x, b, i);
      bc_live_graph_edge(x->live, r->parent, r->how, (bc_state_id)r->fp);
    }
    b->n = 0;
  }
}

/* Between levels (one thread): merge candidates, decide whether to go on. */
static void end_level(struct ex *x) {
  for (size_t ci = 0; ci < x->p->nconstraints; ci++) {
    struct cx best = {false, 0, 0};
    for (unsigned i = 0; i < x->nw; i++)
      if (x->w[i].cx[ci].found && cx_less(&x->w[i].cx[ci], &best))
        best = x->w[i].cx[ci];
    if (best.found && !x->cx[ci].found) {
      x->cx[ci] = best;
      assert(x->undecided > 0);
      x->undecided--;
      if (x->o->stop_at_first &&
          x->p->constraints[ci].kind != BC_CK_REACHABLE)
        halt(x, BC_STOP_FIRST);
    }
  }
  for (unsigned i = 0; i < x->nw; i++) {
    struct worker *w = &x->w[i];
    if (w->any_cx) {
      memset(w->cx, 0, x->p->nconstraints * sizeof *w->cx);
      w->any_cx = false;
    }
    if (w->have_err && (!x->have_err || w->err_state < x->err_state)) {
      x->have_err = true;
      x->err_in_step = w->err_in_step;
      x->err = w->err;
      x->err_state = w->err_state;
    }
  }
  if (x->have_err)
    halt(x, BC_STOP_ERROR);
  if (x->undecided == 0)
    halt(x, BC_STOP_DECIDED);
  if ((x->o->max_states && total_distinct(x) >= x->o->max_states) ||
      (x->o->trial_states && total_distinct(x) >= x->o->trial_states))
    halt(x, BC_STOP_MAX_STATES);
  if (bc_explore_signal)
    halt(x, BC_STOP_SIGNAL);
  if (bc_explore_memlow)
    halt(x, BC_STOP_NOMEM);
  uint64_t frontier = 0;
  x->rounds = 0;
  for (unsigned i = 0; i < x->nw; i++) {
    struct bc_store_stats st;
    bc_store_stats(x->w[i].store, &st);
    frontier += st.frontier;
    x->w[i].left = st.frontier; /* the next level's rounds (level_fast) */
    /* with the graph, one round: the inserts in the per-record search's
    ** order (route_live) */
    uint64_t r = x->live ? (st.frontier ? 1 : 0)
                         : (st.frontier + x->round - 1) / x->round;
    if (r > x->rounds)
      x->rounds = r;
  }
  x->done = frontier == 0;
  /* The level's time decides whether the next runs on one thread: the
  ** threads do the same inserts in the same order either way, so this
  ** changes no state number and no report (level_serial). */
  double t = now();
  if (x->level_states)
    x->state_cost = (t - x->level_t0) * (x->serial ? 1 : x->nw) /
                    (double)x->level_states;
  x->level_t0 = t;
  x->level_states = frontier;
  x->serial = x->nw > 1 && (double)frontier * x->state_cost < SERIAL_SECONDS;
  if (!x->done)
    x->depth++;
  /* Read by every worker after the last barrier of the level: 'stop' may
  ** change under their feet once the next level starts, this may not. */
  x->finish = x->done || atomic_load(&x->stop);
}

/* Phase 1 of round r on the fast path: this worker's share of the level's
** states for the round, into this round's outboxes. */
static void round_expand(struct worker *w, uint64_t r) {
  struct ex *x = w->x;
  unsigned set = (unsigned)(r & 1);
  uint64_t k = w->left < x->round || x->live ? w->left : x->round;
  w->left -= k;
  if (x->copyout) {
    w->oout = w->obox + set * x->nw;
    expand_level(w, k);
  } else {
    w->sout = w->sbuf + set * x->nw;
    load_set(w, set);
    expand_level(w, k);
    save_set(w); /* as grown, for the others' exchange */
  }
}

/*
** Phases 1 and 2 on the fast path: in rounds of x->round frontier states per
** worker (round_states()), each expanded, then exchanged, so that a round's
** outboxes are still in the caches when their owners insert them (a level's
** did not stay there). Every worker runs the level's number of rounds, with
** or without states left (or after a stop), so the barriers match; the
** insertion order, and so the state numbers, depend on the round size, not on
** thread timing. One barrier a round: the outboxes of round r are set r % 2,
** so a worker may fill round r + 1's while another still inserts what it sent
** in round r; it fills set r % 2 again in round r + 2, after the barrier of
** round r + 1, which every worker reaches once done with round r's. (Each
** worker's store is its own, so that one may still insert while the other
** expands changes nothing in either.) The last round's exchange is followed
** by the caller's barrier.
*/
static void level_fast(struct worker *w) {
  struct ex *x = w->x;
  uint64_t rounds = x->rounds ? x->rounds : 1;
  for (uint64_t r = 0; r < rounds; r++) {
    round_expand(w, r);
    bc_barrier_wait(&x->bar);
    exchange(w, (unsigned)(r & 1));
  }
}

/*
** A narrow level (x->serial: one thread would expand its frontier in
** less than SERIAL_SECONDS, at the last level's time a state, end_level())
** run by one thread: each phase of the
** parallel level for every worker in turn, with no barrier between them.
** Each store sees the same inserts in the same order as in the parallel
** level (a worker's own in the order generated, then each other worker's
** in worker order, round by round), so the same state numbers, the same
** candidates and the same report; the other threads wait at one barrier
** while the levels stay narrow. On the x86 spec with --por the levels
** are a few states each (NAP = 64: 0.10 s with one worker, 0.53-0.63 s
** with two, each barrier a wake-up of the other thread:
** docs/performance.md "Narrow levels on one thread").
*/
static void level_serial(struct ex *x) {
  if (x->fast) {
    uint64_t rounds = x->rounds ? x->rounds : 1;
    for (uint64_t r = 0; r < rounds; r++) {
      for (unsigned i = 0; i < x->nw; i++)
        round_expand(&x->w[i], r);
      for (unsigned i = 0; i < x->nw; i++)
        exchange(&x->w[i], (unsigned)(r & 1));
    }
  } else {
    for (unsigned i = 0; i < x->nw; i++)
      expand_level(&x->w[i], UINT64_MAX);
    for (unsigned i = 0; i < x->nw; i++)
      exchange(&x->w[i], 0);
  }
  for (unsigned i = 0; i < x->nw; i++)
    fill_edges(&x->w[i]);
  end_level(x);
}

/*
** The states a worker expands in a round: ROUND_WORDS state words, in
** multiples of 1,024 states, from 1,024 to ROUND. Measured with 2 workers
** (docs/performance.md, "Outboxes copied out"): 150-byte states (19 words)
** took 0.31 s in rounds of 1,024 states against 0.41-0.53 s in rounds of
** 8,192, whose records no longer stayed in the caches until the other worker
** had compared its duplicates with them; 2-word states were a little faster
** in rounds of 8,192. The round size orders the inserts, and so numbers the
** states, on levels wider than a round (not thread timing).
*/
static uint64_t round_states(size_t sw) {
  uint64_t r = ROUND_WORDS / (sw ? sw : 1) / 1024 * 1024;
  return r < 1024 ? 1024 : r > ROUND ? ROUND : r;
}

static void *worker_main(void *arg) {
  struct worker *w = arg;
  struct ex *x = w->x;
  for (;;) {
    if (x->serial) { /* decided by end_level, like x->finish */
      /* every worker has read x->serial before worker 0's levels change
      ** it; then the others wait while worker 0 runs the narrow levels */
      bc_barrier_wait(&x->bar);
      if (w->id == 0)
        while (x->serial && !x->finish)
          level_serial(x);
      bc_barrier_wait(&x->bar);
      if (x->finish)
        break;
      continue;
    }
    if (x->fast) {
      level_fast(w);
    } else {
      expand_level(w, UINT64_MAX);
      bc_barrier_wait(&x->bar);
      exchange(w, 0);
    }
    bool serial =
        bc_barrier_wait(&x->bar) == 1;
    fill_edges(w);
    if (serial)
      end_level(x);
    bc_barrier_wait(&x->bar);
    if (x->finish)
      break;
  }
  return NULL;
}

/* ----------------------------------------------------------- traces */

static void link_of(const struct ex *x, bc_state_id g, bc_state_id *parent,
                    uint32_t *how) {
  assert(g != BC_NO_STATE);
  bc_store_link(x->w[g % x->nw].store, g / x->nw, parent, how);
}

static void link_cb(void *ctx, uint32_t g, uint32_t *parent, uint32_t *how) {
  link_of(ctx, g, parent, how);
}

uint32_t *bc_explore_path(bc_link_fn link, void *ctx, uint32_t id,
                          size_t extra, size_t *depth) {
  size_t n = 0;
  for (uint32_t s = id;;) {
    uint32_t parent, how;
    link(ctx, s, &parent, &how);
    if (parent == BC_NO_STATE)
      break;
    n++;
    s = parent;
  }
  uint32_t *hows = bc_xcalloc(n + extra + 1, sizeof *hows);
  size_t k = n;
  for (uint32_t s = id; k > 0;) {
    uint32_t parent, how;
    link(ctx, s, &parent, &how);
    hows[--k] = how;
    s = parent;
  }
  *depth = n;
  return hows;
}

/*
** Rebuild the execution that reaches state 'id' (global) and then, when
** 'extra' is not UINT32_MAX, takes successor number 'extra' of it: walk the
** links back, then replay the transition numbers forwards from the initial
** state (a concrete execution in every mode).
*/
static struct bc_trace *build_trace(struct ex *x, bc_state_id id,
                                    uint32_t extra, unsigned *map_inst) {
  const struct bc_program *p = x->p;
  size_t depth;
  uint32_t *hows = bc_explore_path(link_cb, x, id, 1, &depth);
  assert(depth <= x->depth + 1); /* a link goes one level up */
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, x->run->choice);
  bc_vm_skip_twins(&vm, x->sym);
  if (x->o->native) /* replaying runs each state's instances: compiled */
    bc_vm_use_native(&vm, x->o->native);
  uint32_t *pi =
      x->sym ? bc_xcalloc(bc_sym_members(p) + 1, sizeof *pi) : NULL;
  struct bc_trace *t = bc_explore_replay(p, &vm, x->sym, hows, depth, extra,
                                         pi);
  if (pi && map_inst) /* an instance named in the last (canonical) state */
    *map_inst = bc_sym_inst(p, *map_inst, pi);
  free(pi);
  bc_vm_release(&vm);
  free(hows);
  return t;
}

struct bc_trace *bc_explore_replay(const struct bc_program *p,
                                   struct bc_vm *vm, bool sym,
                                   uint32_t *hows, size_t depth,
                                   uint32_t extra, uint32_t *pi) {
  size_t len = depth + (extra != UINT32_MAX ? 1 : 0);
  if (extra != UINT32_MAX)
    hows[depth] = extra;
  struct bc_trace *t = bc_xcalloc(1, sizeof *t);
  size_t nb = p->state_bytes;
  t->len = len;
  t->on_step = extra != UINT32_MAX;
  t->states = bc_xcalloc((len + 1) * nb + BC_STATE_PAD, 1);
  t->steps = bc_xcalloc(len + 1, sizeof *t->steps);
  memcpy(t->states, p->init, nb);
  if (sym) {
    /* The stored states are canonical: replay on them, mapped back to a
    ** concrete execution. */
    t->len = bc_sym_replay(p, vm, hows, len, t->states, t->steps, pi);
  } else {
    for (size_t i = 0; i < len; i++) {
      struct bc_trace_step *st = &t->steps[i];
      if (bc_vm_successor_nth(vm, t->states + i * nb, hows[i],
                              t->states + (i + 1) * nb, &st->inst,
                              &st->step) != 0) {
        t->len = i; /* cannot happen: steps are deterministic per choice */
        break;
      }
    }
  }
  return t;
}

/* The recorded states and links, for live.c (global ids). */
static void live_link(void *ctx, uint32_t id, uint32_t *parent,
                      uint32_t *how) {
  link_of(ctx, id, parent, how);
}

static const void *live_state(void *ctx, uint32_t id) {
  const struct ex *x = ctx;
  return bc_store_state(x->w[id % x->nw].store, id / x->nw);
}

/* The global id of a (canonical) state, looked up as the search inserted
** it (its fingerprint, its owner); the stores keep their tables. */
static uint32_t live_find(void *ctx, const uint8_t *state) {
  struct ex *x = ctx;
  size_t nb = x->p->state_bytes;
  uint8_t *buf = x->w[0].cur; /* a padded state, free after the search */
  memset(buf, 0, bc_state_words(nb) * 8);
  memcpy(buf, state, nb);
  uint64_t fp = x->word_fp ? bc_fingerprint_words(
                                 (const uint64_t *)(void *)buf,
                                 bc_state_words(nb))
                           : bc_fingerprint(buf, nb);
  unsigned w = owner_of(x, fp);
  bc_state_id local = bc_store_find(x->w[w].store, buf, fp);
  return local == BC_NO_STATE ? BC_NO_STATE : gid(x, w, local);
}

void bc_trace_free(struct bc_trace *t) {
  if (!t)
    return;
  free(t->states);
  free(t->steps);
  free(t);
}

/* bc_live_decide_quotient is done with the search's stores and graph. */
static void release_graph(void *ctx) {
  struct ex *x = ctx;
  for (unsigned i = 0; i < x->nw; i++) {
    bc_store_free(x->w[i].store);
    x->w[i].store = NULL;
  }
  bc_live_graph_free(x->live);
  x->live = NULL;
}

/* ----------------------------------------------------------- driver */

static unsigned default_workers(void) {
  long n = 1;
#ifdef _SC_NPROCESSORS_ONLN
  n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
  return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (unsigned)n;
}

/* Free the fast path's buffers (the batch, the round buffers, the
** outboxes and the scratch arrays): after the search, or with the rest. */
static void soa_release(struct worker *w, unsigned nw) {
  if (w->sbuf) { /* the batch is one of the round buffers */
    save_set(w);
    load_set(w, w->set ^ 1u);
    free(w->rs[w->set ^ 1u].words);
    free(w->rs[w->set ^ 1u].parent);
    free(w->rs[w->set ^ 1u].how);
    free(w->rs[w->set ^ 1u].fps);
    for (unsigned j = 0; j < 2 * nw; j++)
      free(w->sbuf[j].sel);
    free(w->sbuf);
  }
  if (w->obox) {
    for (unsigned j = 0; j < 2 * nw; j++) {
      free(w->obox[j].words);
      free(w->obox[j].fps);
      free(w->obox[j].parent);
      free(w->obox[j].how);
    }
    free(w->obox);
  }
  free(w->own);
  free(w->soa.words);
  free(w->soa.parent);
  free(w->soa.how);
  free(w->fps);
  free(w->newidx);
  free(w->ids);
  memset(w->rs, 0, sizeof w->rs);
  w->soa.words = NULL;
  w->soa.parent = w->soa.how = NULL;
  w->fps = NULL;
  w->newidx = w->ids = NULL;
  w->sbuf = w->sout = NULL;
  w->obox = w->oout = NULL;
  w->own = NULL;
  w->soa_cap = w->scratch_cap = 0;
}

static void worker_release(struct worker *w, unsigned nw) {
  bc_vm_release(&w->vm);
  bc_store_free(w->store);
  free(w->cur);
  bc_sym_scratch_release(&w->sc);
  bc_por_scratch_release(&w->ps);
  free(w->batch.data);
  soa_release(w, nw);
  if (w->out)
    for (unsigned j = 0; j < nw; j++)
      free(w->out[j].data);
  free(w->out);
  free(w->cx);
}

int bc_explore(const struct bc_program *p, const unsigned *choice,
               const struct bc_explore_opts *o, struct bc_run *ret) {
  return bc_explore_windows(p, choice, o, ret, NULL);
}

int bc_explore_windows(const struct bc_program *p, const unsigned *choice,
                       const struct bc_explore_opts *o, struct bc_run *ret,
                       struct bc_window_run *win) {
  if (win)
    memset(win, 0, sizeof *win);
  memset(ret, 0, sizeof *ret);
  struct bc_run *run = ret;
  run->nconstraints = p->nconstraints;
  run->choice = bc_xcalloc(p->nplacements + 1, sizeof(unsigned));
  memcpy(run->choice, choice, p->nplacements * sizeof(unsigned));
  run->res = bc_xcalloc(p->nconstraints + 1, sizeof *run->res);
  run->fingerprint_only = o->fingerprint_only;

  struct ex x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.o = o;
  x.run = run;
  x.nw = o->workers ? o->workers : default_workers();
  if (x.nw > MAX_WORKERS)
    x.nw = MAX_WORKERS;
  x.sym = o->symmetry && p->nsymfams > 0;
  x.word_fp = x.nw == 1;
  /* room for the 8-byte field accesses past the last byte of symmetry
  ** canonicalisation, which works in the record; nothing else runs the VM
  ** on a record (bc_vm_eval copies the state first) */
  x.recsize = sizeof(struct rec) +
              ((p->state_bytes + (x.sym ? BC_STATE_PAD : 0) + 7) &
               ~(size_t)7);
  run->symmetry = x.sym;
  x.cx = bc_xcalloc(p->nconstraints + 1, sizeof *x.cx);
  x.always = bc_xcalloc(p->nconstraints + 1, sizeof(int64_t));
  x.reach = bc_xcalloc(p->nconstraints + 1, sizeof(int64_t));
  x.deadlock_ci = SIZE_MAX;
  for (size_t i = 0; i < p->nconstraints; i++) {
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_EVENTUALLY)
      continue; /* not decided by this search */
    x.undecided++;
    if (k == BC_CK_ALWAYS)
      x.always[x.nalways++] = (int64_t)i;
    else if (k == BC_CK_REACHABLE)
      x.reach[x.nreach++] = (int64_t)i;
    else if (k == BC_CK_DEADLOCK)
      x.deadlock_ci = i;
  }
  if (x.undecided == 0)
    x.undecided = SIZE_MAX; /* explore everything: the count is wanted */
  /* Liveness (live.c) on the graph this search records: exact states,
  ** unreduced; the whole space, so no early stop when the safety
  ** verdicts are known. Otherwise live.c explores on its own. */
  if (bc_live_any(p) && !o->no_liveness) {
    /* every mode explores all, so counts agree between modes (tests/difftest:
    ** --fingerprint stopped early where the exact store recorded the graph) */
    x.undecided = SIZE_MAX;
    /* any number of workers: each writes its own part of the graph
    ** (live.c; a worker once wrote into another's arrays while that one
    ** grew them, a race seen as a crash under MALLOC_PERTURB_) */
    if (!o->fingerprint_only && !x.sym && !o->por) {
      x.live = bc_live_graph_new(p, x.nw);
      x.live_decides = true;
    } else if (!o->fingerprint_only && !o->por && !bc_live_sym_refusal(p)) {
      /* the quotient, which live.c's own pass would explore again */
      x.live = bc_live_graph_new(p, x.nw);
      bc_live_graph_quotient(x.live);
      x.live_quotient = true;
    }
  }
  /* The exposure windows (window.c) from the same graph, with or without
  ** symmetry (canonical states are what their own pass explores), not
  ** under --por (longest runs are not preserved) */
  if (win && p->nwindows && !o->fingerprint_only && !o->por) {
    if (!x.live)
      x.live = bc_live_graph_new(p, x.nw);
    bc_live_graph_windows(x.live, !x.live_decides && !x.live_quotient);
  }
  atomic_init(&x.stop, false);
  x.sw = bc_state_words(p->state_bytes);
  x.fast = !x.sym;
  x.copyout = x.fast && x.nw > 1 && !x.live;
  x.flush_at = x.copyout || (x.fast && x.nw == 1) ? FAST_BATCH : BATCH;
  x.round = round_states(x.sw);

  x.w = bc_xcalloc_aligned(x.nw, sizeof *x.w, _Alignof(struct worker));
  struct bc_store_opts so = {p->state_bytes, o->fingerprint_only, 0,
                             /* a share of at least 1 byte: 0 is none */
                             o->max_memory ? (o->max_memory / x.nw
                                                  ? o->max_memory / x.nw
                                                  : 1)
                                           : 0,
                             /* a CPU to spare for first touch ahead */
                             !o->beside && default_workers() > x.nw};
  int rc = BC_OK;
  for (unsigned i = 0; i < x.nw && rc == BC_OK; i++) {
    struct worker *w = &x.w[i];
    w->x = &x;
    w->id = i;
    atomic_init(&w->distinct, 0);
    atomic_init(&w->expanded, 0);
    atomic_init(&w->gen_pub, 0);
    rc = bc_store_new(&so, &w->store);
    if (rc != BC_OK)
      break;
    if (x.live) /* its part of the graph shares the store's memory */
      bc_live_graph_budget(x.live, i, w->store, so.max_memory);
    bc_vm_init(&w->vm, p);
    bc_vm_configure(&w->vm, run->choice);
    bc_vm_skip_twins(&w->vm, x.sym);
    if (o->native)
      bc_vm_use_native(&w->vm, o->native);
    w->cur = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
    if (x.sym)
      bc_sym_scratch_init(&w->sc, p);
    w->out = bc_xcalloc(x.nw, sizeof *w->out);
    w->cx = bc_xcalloc(p->nconstraints + 1, sizeof *w->cx);
    if (x.fast) {
      w->soa.grow = soa_grow;
      w->soa.viol = soa_viol;
      w->soa.ctx = w;
      soa_resize(w, 2 * BATCH);
      if (x.copyout) {
        w->oout = w->obox = bc_xcalloc(2 * (size_t)x.nw, sizeof *w->obox);
      } else if (x.nw > 1) { /* two round buffers, the batch in turn */
        w->sout = w->sbuf = bc_xcalloc(2 * (size_t)x.nw, sizeof *w->sbuf);
        save_set(w);
        load_set(w, 1);
        soa_resize(w, 2 * BATCH);
        save_set(w);
        load_set(w, 0);
      }
    }
    if (o->por) {
      if (!x.por)
        x.por = bc_por_new(p, &w->vm);
      bc_por_scratch_init(&w->ps, x.por);
    }
  }
  run->por = x.por != NULL;
  x.expand = x.fast && !x.por && bc_vm_can_expand(&x.w[0].vm);
  if (o->native && !x.por) {
    bool all = true;
    x.cfn = bc_xcalloc(p->nconstraints + 1, sizeof *x.cfn);
    for (size_t i = 0; i < x.nalways + x.nreach; i++) {
      size_t ci = (size_t)(i < x.nalways ? x.always[i]
                                         : x.reach[i - x.nalways]);
      x.cfn[ci] = bc_native_at(o->native, p->constraints[ci].code);
      all &= x.cfn[ci] != NULL;
    }
    if (!all) {
      free(x.cfn);
      x.cfn = NULL;
    }
  }
  if (rc != BC_OK) {
    for (unsigned i = 0; i < x.nw; i++)
      worker_release(&x.w[i], x.nw);
    bc_live_graph_free(x.live);
    bc_por_free(x.por);
    free(x.w);
    free(x.cx);
    free(x.always);
    free(x.reach);
    free(x.cfn);
    free(run->choice); /* the caller has no run to release */
    free(run->res);
    run->choice = NULL;
    run->res = NULL;
    return rc;
  }

  x.t0 = x.last_progress = now();
  /* a step that loops for long stops at the time limit too (vm.h) */
  for (unsigned i = 0; i < x.nw; i++)
    x.w[i].vm.deadline = o->time_limit > 0 ? bc_vm_now() + o->time_limit
                                           : 0;
  /* the initial state, into its owner's store */
  {
    uint8_t *init = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
    memcpy(init, p->init, p->state_bytes);
    if (x.sym)
      bc_sym_canon(p, init, &x.w[0].sc, NULL);
    uint64_t fp = x.word_fp ? bc_fingerprint_words(
                                  (const uint64_t *)(void *)init,
                                  bc_state_words(p->state_bytes))
                            : bc_fingerprint(init, p->state_bytes);
    struct worker *w = &x.w[owner_of(&x, fp)];
    struct rec *r = rec_push(&x, &w->batch);
    r->fp = fp;
    r->parent = BC_NO_STATE;
    r->how = 0;
    memcpy((uint8_t *)(r + 1), init, p->state_bytes);
    free(init);
    w->batch.n = 0;
    insert(w, r);
    atomic_store_explicit(&w->distinct, w->ndistinct, memory_order_relaxed);
    end_level(&x);
    x.depth = 0;
  }

  if (!atomic_load(&x.stop) && !x.done) {
    if (x.nw == 1) {
      struct worker *w = &x.w[0];
      for (;;) {
        expand_level(w, UINT64_MAX);
        end_level(&x);
        if (x.done || atomic_load(&x.stop))
          break;
      }
    } else {
      if (bc_barrier_init(&x.bar, x.nw) != 0) {
        fprintf(stderr, "bootcheck: cannot set up %u threads\n", x.nw);
        abort();
      }
      unsigned started = 0;
      for (unsigned i = 1; i < x.nw; i++) {
        if (pthread_create(&x.w[i].thread, NULL, worker_main, &x.w[i]) != 0)
          break;
        started++;
      }
      if (started + 1 != x.nw) {
        /* could not start every thread: let the others fail at once */
        fprintf(stderr, "bootcheck: cannot start %u threads\n", x.nw);
        abort();
      }
      worker_main(&x.w[0]);
      for (unsigned i = 1; i < x.nw; i++)
        pthread_join(x.w[i].thread, NULL);
      bc_barrier_destroy(&x.bar);
    }
  }
  if (o->progress && now() - x.t0 >= 2.0)
    fputc('\n', stderr);
  if (!atomic_load(&x.stop))
    x.why = BC_STOP_EXHAUSTED;
  run->stop = x.why;

  /* statistics */
  double dt = now() - x.t0;
  uint64_t distinct = 0, queue = 0, inserts = 0, disk = 0;
  size_t bytes = 0, peak = 0;
  double bound = 0;
  for (unsigned i = 0; i < x.nw; i++) {
    struct bc_store_stats st;
    bc_store_stats(x.w[i].store, &st);
    distinct += st.distinct;
    queue += st.frontier;
    bytes += st.bytes;
    peak += st.peak_bytes;
    disk += st.disk_bytes;
    inserts += st.inserts;
    run->stats.generated += x.w[i].generated;
    run->stats.por_reduced += x.w[i].ps.reduced;
    run->stats.por_full += x.w[i].ps.full;
  }
  if (o->fingerprint_only) /* n (g - n) / 2^64 over the whole search */
    bound = (double)distinct * (double)(inserts - distinct) /
            18446744073709551616.0;
  run->stats.distinct = distinct;
  run->stats.diameter = x.depth;
  run->stats.queue = queue;
  run->stats.seconds = dt;
  run->stats.states_per_s = dt > 0 ? (double)distinct / dt : 0;
  run->stats.peak_rss = peak_rss();
  run->stats.store_bytes = bytes;
  run->stats.bytes_per_state = distinct ? (double)bytes / (double)distinct : 0;
  run->stats.peak_store_bytes = peak;
  run->stats.trace_file_bytes = disk;
  run->stats.collision_bound = bound;

  /* verdicts */
  bool exhausted = x.why == BC_STOP_EXHAUSTED;
  run->complete = true;
  for (size_t i = 0; i < p->nconstraints; i++) {
    struct bc_cresult *r = &run->res[i];
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_EVENTUALLY) { /* decided below, by checker/explore/live.c */
      r->verdict = BC_UNKNOWN;
      r->note = "the safety search stopped before the liveness pass";
      continue;
    }
    if (x.cx[i].found) {
      r->verdict = k == BC_CK_REACHABLE ? BC_HOLDS : BC_VIOLATED;
      r->trace = build_trace(&x, x.cx[i].state, x.cx[i].how, NULL);
    } else if (exhausted) {
      r->verdict = k == BC_CK_REACHABLE ? BC_VIOLATED : BC_HOLDS;
      if (k == BC_CK_REACHABLE)
        r->note = "no reachable state satisfies it";
    } else {
      r->verdict = BC_UNKNOWN;
      run->complete = false;
    }
  }
  bool live_after = false;
  if (bc_live_any(p) && o->no_liveness) {
    for (size_t i = 0; i < p->nconstraints; i++)
      if (p->constraints[i].kind == BC_CK_EVENTUALLY)
        run->res[i].note = "not checked (--no-liveness)";
  }
  /* the recorded graph, complete */
  bool graph = x.live && x.why == BC_STOP_EXHAUSTED && !x.have_err;
  struct bc_live_src src = {&x, live_link, live_state,
                            x.live_quotient ? live_find : NULL, 0,
                            o->time_limit > 0 ? x.t0 + o->time_limit : 0};
  if (graph) {
    /* the stores stay (the BFS links, the states' bytes), without their
    ** tables; the search's buffers go */
    for (unsigned i = 0; i < x.nw; i++) {
      struct worker *w = &x.w[i];
      struct bc_store_stats st;
      if (!x.live_quotient) /* else live_find looks states up */
        bc_store_drop_table(w->store);
      bc_store_stats(w->store, &st);
      src.held += st.bytes;
      free(w->batch.data);
      w->batch.data = NULL;
      soa_release(w, x.nw);
      for (unsigned j = 0; j < x.nw; j++) {
        free(w->out[j].data);
        w->out[j].data = NULL;
      }
    }
  }
  if (bc_live_any(p) && !o->no_liveness) {
    if (graph && x.live_decides) {
      bc_live_decide(x.live, &src, o, run);
    } else if (!x.live_decides && (x.why == BC_STOP_EXHAUSTED ||
                                   x.why == BC_STOP_DECIDED) &&
               !x.have_err) {
      live_after = true; /* its own pass, once the stores are freed */
    } else {
      run->complete = false;
    }
  }
  /* the windows from the graph when it is complete and within the limit
  ** their own pass has (else the caller runs that pass) */
  if (win && graph && !(o->max_states && distinct > o->max_states))
    bc_window_from_graph(p, run->choice, x.sym, o->native, x.nw, x.live,
                         &src, win);
  /* the quotient's liveness pass without exploring it again (before a
  ** fallback to the unreduced pass it frees the stores and the graph,
  ** which nothing reads after this) */
  if (live_after && graph && x.live_quotient &&
      bc_live_decide_quotient(x.live, &src, release_graph, o, run))
    live_after = false;
  bc_live_graph_free(x.live);
  if (x.have_err) {
    const struct bc_vm_error *e = &x.err;
    bc_vm_error_format(p, e, run->errmsg, sizeof run->errmsg);
    run->errline = e->pc < p->ncode ? p->code_line[e->pc] : 0;
    unsigned inst = e->inst;
    run->errtrace = build_trace(&x, x.err_state, UINT32_MAX, &inst);
    run->errtrace->error_step = x.err_in_step;
    run->errtrace->err_step = (struct bc_trace_step){inst, e->step};
    run->complete = false;
  }

  for (unsigned i = 0; i < x.nw; i++)
    worker_release(&x.w[i], x.nw);
  bc_por_free(x.por);
  free(x.w);
  free(x.cx);
  free(x.always);
  free(x.reach);
  free(x.cfn);
  if (live_after && o->defer_liveness)
    run->live_pending = true;
  else if (live_after)
    bc_live_check(p, o, run);
  return 0;
}

unsigned bc_explore_default_workers(void) { return default_workers(); }

unsigned bc_pass_threads(const struct bc_explore_opts *o) {
  if (o->max_memory)
    return 1;
  return o->workers ? o->workers : default_workers();
}

void bc_run_release(struct bc_run *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nconstraints; i++)
    bc_trace_free(r->res[i].trace);
  free(r->res);
  free(r->choice);
  bc_trace_free(r->errtrace);
  memset(r, 0, sizeof *r);
}

const struct bc_expect *bc_expect_match(const struct bc_program *p,
                                        const unsigned *choice) {
  const struct bc_expect *match = NULL;
  for (size_t i = 0; i < p->nexpects; i++) {
    const struct bc_expect *e = &p->expects[i];
    bool ok = true;
    for (unsigned b = 0; b < e->nbind; b++)
      ok &= choice[e->bind_placement[b]] == (unsigned)e->bind_hook[b];
    if (ok)
      match = e;
  }
  return match;
}

bool bc_expect_violates(const struct bc_expect *e, size_t ci) {
  for (unsigned k = 0; e && k < e->nviol; k++)
    if (e->violated[k] == (int)ci)
      return true;
  return false;
}

bool bc_run_as_expected(const struct bc_program *p, const struct bc_run *r,
                        bool *ret_has_expect) {
  const struct bc_expect *match = bc_expect_match(p, r->choice);
  if (ret_has_expect)
    *ret_has_expect = match != NULL;
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    enum bc_verdict v = r->res[ci].verdict;
    if (v != BC_UNKNOWN && (v == BC_VIOLATED) != bc_expect_violates(match, ci))
      return false;
  }
  return true;
}
