/*
** limit2.c - limit.c's search of bench/models/boot.boot on two threads,
** with the numbering of a one-thread search: the "limit-2" row of
** bench/run, what two cores can do on this model when the result must not
** depend on thread timing (as bootcheck's must not).
**
**   limit2 N [THREADS [--order]]     (1 <= N <= 14, THREADS 1 or 2)
**
** prints one line
**
**   states=<distinct> edges=<successors> violations=<n> deadlocks=<n>
**   table_bytes=<b> state_bytes=16 claims=<n> [order=<hex>]
**   seconds=<search s>
**
** and exits as limit does. With --order, 'order' is a hash of every state
** with its number and its parent's number and step: the same for one thread
** and for two, and the same as a one-thread breadth-first search that
** numbers states in the order it first generates them (limit.c's order).
**
** The search, level by level:
**   - one table of 16-byte slots shared by the threads: a fingerprint
**     (XXH3, never 0; 0 = empty) claimed with a compare-and-swap, and a
**     reference: 1 for a state of an earlier level, or (level, thread,
**     record) for a state new in this level, written after the claim (a
**     reader that finds the fingerprint and a reference of 0 waits for it).
**   - the threads take CHUNK states of the level at a time (an atomic
**     counter, so each thread's chunks come in increasing order) and
**     generate their successors in limit.c's batches, with its prefetch.
**   - a successor's key is (parent number << 32 | step): the one-thread
**     search keeps, for each new state, the least key that generates it,
**     and numbers the next level by it. A thread that inserts a state
**     writes a record (state, key) to its list; one that finds a state of
**     this level with a greater key lowers that key (compare-and-swap) and
**     writes a claim record (state, its key) to its own list. Each list is
**     in increasing key order (chunks in order, steps in order).
**   - at the level's end, each list keeps the records whose key is still
**     their state's least (exactly one record per new state), and the next
**     level is the merge of the two lists by key, each thread writing half
**     of it (the split found by binary search).
**   - a level is expanded in rounds, each no more states than could fill
**     the table to 3/4 at N + 1 new states each; between rounds one thread
**     decides and the table doubles when it must, both threads rehashing.
**   - the arrays (levels, records) are reserved address space, mapped on
**     first touch and kept from level to level; records never move while
**     a level runs (another thread's claim names them).
** What it costs against limit.c: 16-byte slots, a record per new state
** (and per claim), three passes over a level's records, and the barriers.
*/
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "limit_model.h"


#define BATCH 8    /* queue states per batch, as limit.c */
#define AHEAD 16   /* probes in flight, as limit.c */
#define CHUNK 1024 /* states a thread takes at a time */
#define FINAL 1    /* the reference of a state of an earlier level */

typedef struct {
  _Atomic uint64_t fp;
  _Atomic uint64_t ref;
} slot_t;

/* A record: a state this thread inserted (owner = itself, key lowered by
** others), or a claim on another's record (owner = that record). */
typedef struct rec {
  state_t s;
  uint64_t mine;         /* the key this record was made with */
  _Atomic uint64_t key;  /* inserted records: the least key so far */
  struct rec *owner;     /* NULL once the record is dropped */
} rec_t;

struct thread {
  int id;
  pthread_t t;
  rec_t *list;    /* this level's records */
  size_t n;
  uint64_t inserted, claims, edges, violations, deadlocks, order;
};

static slot_t *table;
static uint64_t mask, grow_at;
static int nthreads, want_order;
static struct thread th[2];
static pthread_barrier_t bar;

static state_t *cur, *nxt; /* this level, the next */
static size_t ncur;
static uint64_t base;  /* the number of cur[0] */
static uint64_t level = 1;
static atomic_size_t next_chunk;
static size_t round_end; /* this round expands cur[..round_end) */
static int finished, level_done, growing;

static void table_init(unsigned log2) {
  mask = ((uint64_t)1 << log2) - 1;
  table = map("limit2", (mask + 1) * sizeof *table, MAP_NORESERVE);
  grow_at = (mask + 1) / 4 * 3;
}

/* Growth, between rounds: start_growth (one thread) maps a table big
** enough, rehash (every thread, a share of the old slots each, claimed with
** compare-and-swap as inserts are) fills it, end_growth (one thread)
** unmaps the old. */
static slot_t *old_table;
static uint64_t old_slots;

static void start_growth(unsigned log2) {
  old_table = table;
  old_slots = mask + 1;
  table_init(log2);
}

static void rehash(int part, int parts) {
  uint64_t share = old_slots / (uint64_t)parts;
  uint64_t from = share * (uint64_t)part;
  uint64_t to = part == parts - 1 ? old_slots : from + share;
  for (uint64_t i = from; i < to; i++) {
    uint64_t f = atomic_load_explicit(&old_table[i].fp, memory_order_relaxed);
    if (!f)
      continue;
    uint64_t j = f & mask, zero = 0;
    while (!atomic_compare_exchange_weak_explicit(&table[j].fp, &zero, f,
                                                  memory_order_relaxed,
                                                  memory_order_relaxed)) {
      if (zero) /* taken: the next slot */
        j = (j + 1) & mask;
      zero = 0;
    }
    atomic_store_explicit(&table[j].ref,
                          atomic_load_explicit(&old_table[i].ref,
                                               memory_order_relaxed),
                          memory_order_relaxed);
  }
}

static void end_growth(void) {
  munmap(old_table, old_slots * sizeof *old_table);
  old_table = NULL;
}

/* Address space for an array that grows without moving: its pages are
** mapped on first touch and stay mapped from level to level. */
#define RESERVE ((size_t)1 << 38)

/* Insert successor s (fingerprint f, key) of this level. */
static inline void insert(struct thread *me, uint64_t f, const state_t *s,
                          uint64_t key) {
  uint64_t j = f & mask;
  for (;;) {
    slot_t *sl = &table[j];
    uint64_t x = atomic_load_explicit(&sl->fp, memory_order_acquire);
    if (x == 0) {
      rec_t *r = &me->list[me->n];
      r->s = *s;
      r->mine = key;
      r->owner = r;
      atomic_store_explicit(&r->key, key, memory_order_relaxed);
      if (atomic_compare_exchange_strong_explicit(&sl->fp, &x, f,
                                                  memory_order_acq_rel,
                                                  memory_order_acquire)) {
        /* the record before the reference that names it */
        atomic_store_explicit(&sl->ref,
                              level << 40 | (uint64_t)me->id << 32 | me->n,
                              memory_order_release);
        me->n++;
        me->inserted++;
        if (c4_fails(s))
          me->violations++;
        return;
      }
    }
    if (x == f) {
      uint64_t ref;
      while ((ref = atomic_load_explicit(&sl->ref, memory_order_acquire)) ==
             0)
        ; /* claimed a moment ago: its reference comes next */
      if (ref >> 40 != level)
        return; /* an earlier level's */
      rec_t *o = &th[(ref >> 32) & 0xff].list[(uint32_t)ref];
      uint64_t k = atomic_load_explicit(&o->key, memory_order_relaxed);
      while (key < k)
        if (atomic_compare_exchange_weak_explicit(&o->key, &k, key,
                                                  memory_order_relaxed,
                                                  memory_order_relaxed)) {
          rec_t *c = &me->list[me->n++];
          c->s = *s;
          c->mine = key;
          c->owner = o;
          me->claims++;
          break;
        }
      return;
    }
    j = (j + 1) & mask;
  }
}

/* Expand this thread's chunks of cur[..round_end). */
static void expand_round(struct thread *me) {
  state_t succ[BATCH * (MAXN + 1)];
  uint64_t fps[BATCH * (MAXN + 1)], keys[BATCH * (MAXN + 1)];
  for (;;) {
    size_t start = atomic_fetch_add(&next_chunk, CHUNK);
    if (start >= round_end)
      return;
    size_t end = start + CHUNK < round_end ? start + CHUNK : round_end;
    for (size_t head = start; head < end;) {
      size_t e = end - head > BATCH ? head + BATCH : end;
      int ns = 0;
      for (size_t q = head; q < e; q++) {
        int k = successors(&cur[q], &succ[ns], &me->violations);
        if (k == 0 && is_deadlock(&cur[q]))
          me->deadlocks++;
        for (int i = ns; i < ns + k; i++) {
          fps[i] = fp_of(&succ[i]);
          keys[i] = (base + q) << 32 | (uint64_t)(i - ns);
          if (i < AHEAD)
            __builtin_prefetch(&table[fps[i] & mask], 1, 0);
        }
        ns += k;
      }
      head = e;
      me->edges += (uint64_t)ns;
      for (int i = 0; i < ns; i++) {
        if (i + AHEAD < ns)
          __builtin_prefetch(&table[fps[i + AHEAD] & mask], 1, 0);
        insert(me, fps[i], &succ[i], keys[i]);
      }
    }
  }
}

/* Drop the records whose key is no longer their state's least. */
static void mark(struct thread *me) {
  for (size_t i = 0; i < me->n; i++) {
    rec_t *r = &me->list[i];
    if (atomic_load_explicit(&r->owner->key, memory_order_relaxed) != r->mine)
      r->owner = NULL;
  }
}

static void compact(struct thread *me) {
  size_t k = 0;
  for (size_t i = 0; i < me->n; i++)
    if (me->list[i].owner)
      me->list[k++] = me->list[i];
  me->n = k;
}

/* Positions [lo, hi) of the merge of the two lists by key into nxt. */
static void merge(struct thread *me, size_t lo, size_t hi) {
  const rec_t *a = th[0].list, *b = th[1].list;
  size_t na = th[0].n, nb = nthreads > 1 ? th[1].n : 0;
  /* the first lo outputs take i of a and lo - i of b */
  size_t l = lo > nb ? lo - nb : 0, h = lo < na ? lo : na;
  while (l < h) {
    size_t i = l + (h - l) / 2;
    if (a[i].mine < b[lo - i - 1].mine)
      l = i + 1;
    else
      h = i;
  }
  size_t i = l, j = lo - l;
  for (size_t o = lo; o < hi; o++) {
    const rec_t *r = j >= nb || (i < na && a[i].mine < b[j].mine) ? &a[i++]
                                                                   : &b[j++];
    nxt[o] = r->s;
    if (want_order) {
      uint64_t id = base + ncur + o, h2[3] = {r->s.w[0], r->s.w[1], r->mine};
      me->order += XXH3_64bits_withSeed(h2, sizeof h2, id);
    }
  }
}

/* The table's states: the initial one and every one inserted. */
static uint64_t table_states(void) {
  return 1 + th[0].inserted + th[1].inserted;
}

/* The log2 of the table the next round needs (room for two chunks a
** thread at N + 1 new states each), or 0 when it has that room. */
static unsigned growth_needed(void) {
  uint64_t want = table_states() +
                  (uint64_t)(n_aps + 1) * CHUNK * 2 * (uint64_t)nthreads;
  unsigned log2 = (unsigned)__builtin_ctzll(mask + 1);
  if (want <= grow_at)
    return 0;
  while (((uint64_t)1 << log2) / 4 * 3 < want)
    log2++;
  return log2;
}

/* One thread, every other waiting: the next round, from where the last
** ended, as many states as can be expanded before the table is 3/4 full. */
static void plan_round(void) {
  uint64_t room = (grow_at - table_states()) / (uint64_t)(n_aps + 1);
  size_t left = ncur - round_end;
  atomic_store(&next_chunk, round_end);
  round_end += room < left ? (size_t)room : left;
}

/* One thread, every other waiting: the merged level becomes the next. */
static void next_level(size_t nn) {
  base += ncur;
  state_t *t = cur;
  cur = nxt;
  nxt = t;
  ncur = nn;
  level++; /* the references of this level's states now read as earlier */
  for (int i = 0; i < nthreads; i++)
    th[i].n = 0;
  round_end = 0;
  finished = ncur == 0;
}

static int serial_wait(void) {
  return pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD;
}

/* The level's end: the records that stay, merged into the next level. */
static void end_level(struct thread *me) {
  mark(me);
  pthread_barrier_wait(&bar);
  compact(me);
  pthread_barrier_wait(&bar);
  size_t nn = th[0].n + (nthreads > 1 ? th[1].n : 0);
  size_t half = nthreads > 1 ? nn / 2 : nn;
  if (me->id == 0)
    merge(me, 0, half);
  else
    merge(me, half, nn);
  if (serial_wait())
    next_level(nn);
  pthread_barrier_wait(&bar);
}

/* Rounds until the search ends; every decision is taken by one thread
** between barriers and read by all after the next (next_chunk may move
** on before a slower thread would read it). */
static void *run(void *arg) {
  struct thread *me = arg;
  for (;;) {
    expand_round(me);
    if (serial_wait())
      level_done = round_end == ncur;
    pthread_barrier_wait(&bar);
    if (level_done) {
      end_level(me);
      if (finished)
        return NULL;
    }
    if (serial_wait()) {
      unsigned log2 = growth_needed();
      growing = log2 != 0;
      if (growing)
        start_growth(log2);
    }
    pthread_barrier_wait(&bar);
    if (growing) {
      rehash(me->id, nthreads);
      if (serial_wait())
        end_growth();
    }
    if (serial_wait())
      plan_round();
    pthread_barrier_wait(&bar);
  }
}

int main(int argc, char **argv) {
  int n = argc >= 2 ? atoi(argv[1]) : 0;
  nthreads = argc >= 3 ? atoi(argv[2]) : 2;
  want_order = argc == 4 && strcmp(argv[3], "--order") == 0;
  if (argc < 2 || argc > 4 || (argc == 4 && !want_order) || n < 1 ||
      n > MAXN || nthreads < 1 || nthreads > 2) {
    fprintf(stderr, "usage: limit2 N [THREADS [--order]]   "
                    "(1 <= N <= %d, THREADS 1 or 2)\n", MAXN);
    return 2;
  }
  model_init(n);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);

  table_init(16);
  state_t init = {{0, 0}};
  uint64_t f = fp_of(&init);
  atomic_store(&table[f & mask].fp, f);
  atomic_store(&table[f & mask].ref, FINAL);
  cur = map("limit2", RESERVE, MAP_NORESERVE);
  nxt = map("limit2", RESERVE, MAP_NORESERVE);
  cur[0] = init;
  ncur = 1;
  uint64_t violations = c4_fails(&init) ? 1 : 0;
  for (int i = 0; i < nthreads; i++) {
    th[i].id = i;
    th[i].list = map("limit2", RESERVE, MAP_NORESERVE);
  }
  if (want_order) {
    uint64_t h2[3] = {0, 0, UINT64_MAX};
    th[0].order = XXH3_64bits_withSeed(h2, sizeof h2, 0);
  }
  unsigned log2 = growth_needed();
  if (log2) {
    start_growth(log2);
    rehash(0, 1);
    end_growth();
  }
  plan_round();
  pthread_barrier_init(&bar, NULL, (unsigned)nthreads);
  for (int i = 0; i < nthreads; i++)
    if (pthread_create(&th[i].t, NULL, run, &th[i]) != 0) {
      perror("limit2: pthread_create");
      return 3;
    }
  for (int i = 0; i < nthreads; i++)
    pthread_join(th[i].t, NULL);

  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  uint64_t edges = 0, deadlocks = 0, claims = 0, order = 0;
  for (int i = 0; i < nthreads; i++) {
    edges += th[i].edges;
    violations += th[i].violations;
    deadlocks += th[i].deadlocks;
    claims += th[i].claims;
    order += th[i].order;
  }
  printf("states=%llu edges=%llu violations=%llu deadlocks=%llu "
         "table_bytes=%llu state_bytes=%zu claims=%llu",
         (unsigned long long)table_states(), (unsigned long long)edges,
         (unsigned long long)violations, (unsigned long long)deadlocks,
         (unsigned long long)((mask + 1) * sizeof *table), sizeof(state_t),
         (unsigned long long)claims);
  if (want_order)
    printf(" order=%016llx", (unsigned long long)order);
  printf(" seconds=%.4f\n", secs);
  return violations || deadlocks ? 1 : 0;
}
