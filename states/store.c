/*
** store.c - the hashed state store: visited set, BFS frontier, trace links.
**
** The explorer's hot path: every generated successor is one bc_store_insert.
** The contract is in bootcheck/states.h; this file explains the layout.
*/
#include "bootcheck/states.h"
#include "bootcheck/debug.h"

#include "states_int.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* XXH3 inlined into the batch insert (bc_store_insert_words) */
#define XXH_INLINE_ALL
#include <xxhash.h>

/*
** ---------------------------------------------------------------------------
** Layout
**
** Visited set: open addressing over 2^log2 slots of 8 bytes, linear probing,
** doubled before it holds more than 3/4 of its slots in fp-only mode, 3/8
** in exact mode (3/4 there too when max_memory leaves no room to double
** sooner: reserve). No pointer per state and no occupancy array: a slot is 0
** when empty.
**
** Why 3/8 in exact mode: the time of a big search goes mostly into probes
** past the caches, and a probe that runs past the end of its slot's cache
** line pays a second miss, which the prefetch did not cover; the fuller
** the table, the longer the runs. Exact mode has no memory goal per
** state (it keeps every state anyway), so it trades memory for shorter
** runs: at N = 10 of bench/models/boot.boot, 2^25 slots (256 MiB) instead
** of 2^24, and about a fifth less CPU time (docs/performance.md). Fp-only
** mode keeps 3/4, its measure being bytes per state. The batch inserts
** (both modes, with fingerprints made here or given) prefetch a slot's
** next cache line with it.
**
**   exact mode:   slot = (low 32 bits of fp) << 32 | (id + 1)
**   fp-only mode: slot = fp (never 0: bc_fingerprint remaps 0, and so do we)
**
** A state's home slot is fp & mask, the LOW bits of its fingerprint. In exact
** mode the slot keeps exactly those low 32 bits, so growth rehashes from the
** slots alone (the caller's fp is never recomputed: the store does not
** depend on the hash function), and a slot whose 32 bits match is confirmed
** by memcmp against the arena. The price: beyond the home slot the filter
** has 32 - log2 bits, so at 10 M states (2^24 slots) about one probe in 300
** compares bytes for nothing. It also caps the exact table at 2^32 slots; at
** that size the table fills up to the 2^32-1 state limit instead of
** doubling (slowly, but correctly).
**
** States and links: two segmented arrays indexed by id. Chunk 0 holds
** 2^first items, chunk c holds 2^(first+c-1) up to 2^last items (about
** 4 MiB), and every later chunk holds 2^last. A small store stays small,
** a big one allocates a few large chunks, mapped with huge pages like the
** table (page faults and TLB misses were a third of the insert time with
** 4 KiB pages). Chunks never move. In exact mode the state chunks are the
** arena and live until bc_store_free, so bc_store_state pointers stay
** valid. In fp-only mode they are the FIFO: bc_store_next frees a chunk once
** it has read past it. Ids are handed out in insertion order, so in both
** modes the frontier is a cursor ('head') over ids. A link is (parent, how),
** 8 bytes per id. In fp-only mode a chunk the frontier has read past is
** kept as a spare for the next chunk the frontier needs (one munmap, mmap
** and first-touch zeroing less per chunk).
**
** Trace links on disk (fp-only mode): links are only read to rebuild a
** trace, so, as TLC does, they are appended to an unlinked temporary file
** (in $TMPDIR, else /tmp) through a buffer of LINK_BUF links, and read back
** with pread. The store's memory is then the table, the frontier and that
** buffer: about 8 / load bytes per state. The file holds 8 bytes per state
** and is not counted in 'bytes' (it is disk, or the kernel's page cache,
** which the kernel can write out; it is reported as disk_bytes). When the
** file cannot be created the links stay in memory as in exact mode.
**
** Growth in place: a table of 2 MiB or more lives at the start of a
** reservation of address space for the largest table the store may reach
** (2^max_log2 slots, or what max_memory allows: PROT_NONE, MAP_NORESERVE,
** 2 MiB aligned, marked for huge pages), of which the first 2^log2 slots
** are readable and writable. Doubling makes the next 2^log2 slots so
** (mprotect; the kernel zeroes their pages on first touch) and splits
** the table in place (rehash_in_place), so the kernel zeroes and the
** rehash writes one table's bytes where copying took two, and the old
** and new tables are never alive together: growth needs the added half
** only. Small tables, and any table when no reservation can be had (an
** address-space limit, RLIMIT_AS, counts reserved space: then none is
** tried), or past the end of its reservation (max_memory raised), grow
** by copying into a new block. Both ways put every slot in the same
** place (rehash, rehash_in_place): the layout never depends on which.
** Both walk the old table with split_slots, which writes an entry that
** sits at its home straight to its new home (no probe, no branch) and
** probes only for the others, with the layout of a probe per slot.
**
** Memory: every allocation goes through store_alloc/block_alloc (a table:
** table_alloc, table_open) and is counted in 'bytes' (sizes requested,
** not allocator overhead; a table's accessible bytes, not its
** reservation). An insert that needs memory first adds up all it will
** allocate, including a doubled table while the old one is still alive
** when the table is copied, checks that against max_memory, then
** allocates everything and commits only if all of it succeeded;
** otherwise nothing has changed.
**
** First touch ahead (opts->pretouch): on a virtual machine whose host
** backs guest memory on first touch, a fresh page costs far more than
** its zeroing (about 2.3 s per GB cold here, against 0.05 s warm; the
** store's growth was a third of a cold run's time). With a CPU to spare,
** a helper thread faults in, with madvise(MADV_POPULATE_WRITE), what the
** store will write soon: in exact mode the next state and link chunks
** (allocated a chunk ahead, at most one per array, counted in 'bytes'),
** and when the table doubles in place, its added half, from the end
** backwards while the rehash writes it from the start. Populating
** never changes a page's contents, so the helper needs no lock against
** the inserts; the store waits for it only before it unmaps memory it
** may be populating (a chunk the frontier has read past, a table, the
** store itself), and does without it under max_memory (where a chunk
** ahead would be memory the limit did not allow) and on kernels without
** MADV_POPULATE_WRITE (before Linux 5.14).
**
** Partitioning: one bc_store is one partition of the visited set. Nothing
** here is global or static, and a store is not thread-safe: each worker owns
** its stores. A parallel explorer routes a state to the partition
** owner = fp >> k (HIGH bits); slots are chosen by the LOW bits, which stay
** uniform inside a partition, so partitioning needs no change here.
** ---------------------------------------------------------------------------
*/

#define MAX_STATES ((uint64_t)UINT32_MAX) /* ids 0 .. 2^32-2 */
#define EXACT_MAX_LOG2 32u
#define FP_MAX_LOG2 33u
#define DEFAULT_LOG2 4u
#define CHUNK_TARGET ((size_t)1 << 22) /* bytes in a full-size chunk */
#define CHUNK_DOUBLINGS 10u            /* first chunk = full size / 2^10 */
#define HUGE_PAGE ((size_t)1 << 21)
#define MAP_THRESHOLD HUGE_PAGE /* blocks this big are mapped directly */
#define FP_ZERO 0x9e3779b97f4a7c15ull /* what bc_fingerprint maps 0 to */
#define TAG_MASK 0xffffffff00000000ull
#define LINK_BUF ((size_t)1 << 12) /* links buffered before a write */
#define WRAP_STACK 256u /* growth in place: wrapping slots kept on the stack */

#if defined(__GNUC__) || defined(__clang__)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define PREFETCH(p) __builtin_prefetch((p), 1, 3)
#else
#define UNLIKELY(x) (x)
#define PREFETCH(p) ((void)(p))
#endif

struct link {
  uint32_t parent, how;
};

/* A segmented array of fixed-size items, indexed by state id. */
struct seg {
  void **dir;      /* chunks by number; NULL once freed (FIFO) */
  size_t ndir;     /* length of dir */
  size_t item;     /* bytes per item */
  unsigned first;  /* chunk 0 holds 2^first items */
  unsigned last;   /* no chunk holds more than 2^last items */
};

struct bc_store {
  /* Used on every insert. */
  uint64_t *table;
  uint64_t mask;           /* capacity - 1 */
  uint64_t count;          /* distinct states stored = the next id */
  uint64_t slow_at;        /* inserting id >= slow_at calls reserve() */
  unsigned char *state_wr; /* where state 'count' goes */
  struct link *link_wr;    /* where link 'count' goes */
  size_t state_bytes;
  bool fp_only;
  uint64_t inserts, probes;
  struct seg states, links;

  /* Bookkeeping. */
  int link_fd;          /* fp-only: the link file, -1: links in memory */
  struct link *link_buf; /* link_fd >= 0: links link_file.. */
  uint64_t link_file;   /* links written to the file */
  void *spare;          /* fp-only: a full-size state chunk, for reuse */
  uint64_t state_end;   /* first id past the state chunk being written */
  uint64_t link_end;    /* first id past the link chunk being written */
  uint64_t head;        /* next id bc_store_next returns */
  uint64_t read_end;    /* first id past the state chunk being read */
  const unsigned char *read; /* where state 'head' is */
  uint64_t grow_at;     /* most states the table holds before doubling */
  uint64_t state_limit; /* most distinct states (MAX_STATES unless tested) */
  unsigned log2, max_log2;
  size_t bytes;         /* everything allocated, this struct included */
  size_t peak_bytes;    /* the most 'bytes' has been */
  size_t max_memory;    /* 0: no limit */
  long fail_countdown;  /* test hook: < 0 off, else fail when it hits 0 */
  void *resv;           /* the table's reservation, or NULL: a block */
  size_t resv_len;      /* its length; 2^resv_log2 slots */
  size_t open_len;      /* its first bytes that are accessible */
  unsigned resv_log2;
  unsigned resv_cap;    /* test hook: most slots reserved (log2), 0 none */
  size_t resv_from;     /* tables of these bytes and more are reserved */
  bool plain_rehash;    /* test hook: copies probe for every slot */
  /* First touch ahead ("Layout"): the helper (NULL until first needed),
  ** and a chunk allocated ahead per array (NULL: none), with its number */
  struct pretouch *pt;
  bool pretouch;
  void *ahead_state, *ahead_link;
  size_t ahead_state_c, ahead_link_c;
};

static uint64_t min64(uint64_t a, uint64_t b) { return a < b ? a : b; }

static unsigned floor_log2(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return 63u - (unsigned)__builtin_clzll(x);
#else
  unsigned n = 0;
  while (x >>= 1)
    n++;
  return n;
#endif
}

/* ------------------------------------------------------------------------
** Allocation
*/

/* False when the test hook says this allocation is to fail. */
static bool alloc_allowed(struct bc_store *s) {
  if (s->fail_countdown < 0)
    return true;
  return s->fail_countdown-- != 0;
}

/* Small bookkeeping memory (directories). */
static void *store_alloc(struct bc_store *s, size_t n) {
  return alloc_allowed(s) ? malloc(n) : NULL;
}

static size_t map_len(size_t n) {
  return (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/*
** 'len' bytes (a multiple of HUGE_PAGE) of fresh anonymous memory mapped
** with 'prot' and MAP_PRIVATE | MAP_ANONYMOUS | 'flags', 2 MiB aligned
** and marked for transparent huge pages, or NULL.
*/
static void *map_huge(size_t len, int prot, int flags) {
  void *p = mmap(NULL, len + HUGE_PAGE, prot,
                 MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
  if (p == MAP_FAILED)
    return NULL;
  uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  size_t lead = (size_t)(start - (uintptr_t)p);
  if (lead)
    munmap(p, lead);
  if (HUGE_PAGE - lead)
    munmap((void *)(start + len), HUGE_PAGE - lead);
#ifdef MADV_HUGEPAGE
  madvise((void *)start, len, MADV_HUGEPAGE);
#endif
  return (void *)start;
}

/*
** 'n' bytes for a chunk or a table (zeroed when 'zero'), or NULL. Blocks of
** 2 MiB and more are mapped directly, 2 MiB aligned and marked for
** transparent huge pages; block_free must be given the same 'n'.
*/
static void *block_alloc(struct bc_store *s, size_t n, bool zero) {
  if (!alloc_allowed(s))
    return NULL;
  if (n < MAP_THRESHOLD)
    return zero ? calloc(1, n) : malloc(n);
  size_t len = map_len(n);
  if (len < n || len + HUGE_PAGE < len)
    return NULL;
  return map_huge(len, PROT_READ | PROT_WRITE, 0);
}

static void block_free(void *p, size_t n) {
  if (!p)
    return;
  if (n < MAP_THRESHOLD)
    free(p);
  else
    munmap(p, map_len(n));
}

/* ------------------------------------------------------------------------
** First touch ahead ("Layout")
*/

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels say EINVAL */
#endif
#define PT_QUEUE 4u /* requests waiting; a full queue drops the oldest */

struct pt_req {
  unsigned char *addr;
  size_t len;
  bool backward; /* from the end: the store writes it from the start */
};

struct pretouch {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  struct pt_req q[PT_QUEUE]; /* the newest last: taken first */
  unsigned n;
  struct pt_req cur; /* the request being populated, when busy */
  bool busy;      /* populating a request */
  bool quit;
  bool failed;    /* madvise refused: nothing more is tried */
  atomic_bool cancel; /* stop the request being populated */
};

static void pt_populate(struct pretouch *t, const struct pt_req *r) {
  for (size_t done = 0; done < r->len; done += HUGE_PAGE) {
    if (atomic_load_explicit(&t->cancel, memory_order_relaxed))
      return;
    size_t n = r->len - done < HUGE_PAGE ? r->len - done : HUGE_PAGE;
    unsigned char *p = r->backward ? r->addr + (r->len - done - n)
                                   : r->addr + done;
    if (madvise(p, n, MADV_POPULATE_WRITE) != 0) {
      if (errno == EINVAL) { /* the kernel has no MADV_POPULATE_WRITE */
        pthread_mutex_lock(&t->mu);
        t->failed = true;
        pthread_mutex_unlock(&t->mu);
      }
      return;
    }
  }
}

static void *pt_main(void *arg) {
  struct pretouch *t = arg;
  pthread_mutex_lock(&t->mu);
  for (;;) {
    while (!t->n && !t->quit)
      pthread_cond_wait(&t->cv, &t->mu);
    if (t->quit)
      break;
    struct pt_req r = t->q[--t->n];
    t->cur = r;
    t->busy = true;
    pthread_mutex_unlock(&t->mu);
    pt_populate(t, &r);
    pthread_mutex_lock(&t->mu);
    t->busy = false;
    pthread_cond_broadcast(&t->cv);
  }
  pthread_mutex_unlock(&t->mu);
  return NULL;
}

/* Ask the helper to fault in [addr, addr + len), starting it first. */
static void pt_post(struct bc_store *s, void *addr, size_t len,
                    bool backward) {
  if (!s->pretouch || s->max_memory || !addr || !len)
    return;
  struct pretouch *t = s->pt;
  if (!t) {
    if (!(t = calloc(1, sizeof *t))) {
      s->pretouch = false;
      return;
    }
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    atomic_init(&t->cancel, false);
    /* signals (an interrupt) are for the threads that search */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&t->thread, NULL, pt_main, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
      pthread_cond_destroy(&t->cv);
      pthread_mutex_destroy(&t->mu);
      free(t);
      s->pretouch = false; /* the store works the same without it */
      return;
    }
    s->pt = t;
  }
  pthread_mutex_lock(&t->mu);
  if (t->failed) {
    s->pretouch = false;
  } else {
    if (t->n == PT_QUEUE) { /* drop the oldest */
      memmove(t->q, t->q + 1, (PT_QUEUE - 1) * sizeof *t->q);
      t->n--;
    }
    t->q[t->n++] = (struct pt_req){addr, len, backward};
    pthread_cond_signal(&t->cv);
  }
  pthread_mutex_unlock(&t->mu);
}

static bool pt_overlaps(const struct pt_req *r, const unsigned char *p,
                        size_t n) {
  return r->addr < p + n && p < r->addr + r->len;
}

/* Drop the waiting requests that overlap [p, p + n) (every one when p is
** NULL), and stop and wait for the one being populated if it does: after
** this, that memory may be unmapped. */
static void pt_sync_range(struct bc_store *s, const void *p, size_t n) {
  struct pretouch *t = s->pt;
  if (!t)
    return;
  pthread_mutex_lock(&t->mu);
  unsigned k = 0;
  for (unsigned i = 0; i < t->n; i++)
    if (p && !pt_overlaps(&t->q[i], p, n))
      t->q[k++] = t->q[i];
  t->n = k;
  if (t->busy && (!p || pt_overlaps(&t->cur, p, n))) {
    atomic_store_explicit(&t->cancel, true, memory_order_relaxed);
    while (t->busy)
      pthread_cond_wait(&t->cv, &t->mu);
    atomic_store_explicit(&t->cancel, false, memory_order_relaxed);
  }
  pthread_mutex_unlock(&t->mu);
}

static void pt_sync(struct bc_store *s) { pt_sync_range(s, NULL, 0); }

static void pt_stop(struct bc_store *s) {
  struct pretouch *t = s->pt;
  if (!t)
    return;
  pt_sync(s);
  pthread_mutex_lock(&t->mu);
  t->quit = true;
  pthread_cond_signal(&t->cv);
  pthread_mutex_unlock(&t->mu);
  pthread_join(t->thread, NULL);
  pthread_cond_destroy(&t->cv);
  pthread_mutex_destroy(&t->mu);
  free(t);
  s->pt = NULL;
}

/* block_free for a block the helper may be populating. */
static void store_block_free(struct bc_store *s, void *p, size_t n) {
  if (p && n >= MAP_THRESHOLD)
    pt_sync_range(s, p, map_len(n));
  block_free(p, n);
}

/* ------------------------------------------------------------------------
** Segmented arrays
*/

/* Chunks of about 'target' bytes at most, of 'item' bytes each. */
static void seg_init(struct seg *g, size_t item, size_t target) {
  unsigned last = 0;
  while (last < 24 && item < (target >> last))
    last++;
  g->dir = NULL;
  g->ndir = 0;
  g->item = item;
  g->last = last;
  g->first = last > CHUNK_DOUBLINGS ? last - CHUNK_DOUBLINGS : 0;
}

/* log2 of the number of items in chunk 'c'. */
static unsigned seg_log2(const struct seg *g, size_t c) {
  if (c == 0)
    return g->first;
  return c <= (size_t)(g->last - g->first) ? g->first + (unsigned)c - 1
                                             : g->last;
}

static size_t seg_bytes(const struct seg *g, size_t c) {
  return g->item << seg_log2(g, c);
}

/* The chunk that holds item 'id'; sets *ret_off to its index there. */
static size_t seg_chunk(const struct seg *g, uint64_t id, uint64_t *ret_off) {
  if (id >> g->last) {
    *ret_off = id & (((uint64_t)1 << g->last) - 1);
    return (size_t)(g->last - g->first) + (size_t)(id >> g->last);
  }
  if (!(id >> g->first)) {
    *ret_off = id;
    return 0;
  }
  unsigned k = floor_log2(id); /* first <= k < last */
  *ret_off = id - ((uint64_t)1 << k);
  return k - g->first + 1;
}

static void *seg_at(const struct seg *g, uint64_t id) {
  uint64_t off;
  size_t c = seg_chunk(g, id, &off);
  bc_hot_assert(c < g->ndir && g->dir[c] && off < ((uint64_t)1 << seg_log2(g, c)));
  return (unsigned char *)g->dir[c] + (size_t)off * g->item;
}

static void seg_free(struct seg *g) {
  for (size_t c = 0; c < g->ndir; c++)
    block_free(g->dir[c], seg_bytes(g, c));
  free(g->dir);
}

/*
** What it takes to append item 'id', which starts a chunk: sets *ret_c to
** the chunk, *ret_ndir to the directory length needed, and returns the
** bytes to allocate (chunk, plus a new directory when it must grow).
*/
static size_t seg_need(const struct seg *g, uint64_t id, size_t *ret_c,
                       size_t *ret_ndir) {
  uint64_t off;
  size_t c = seg_chunk(g, id, &off);
  size_t n = g->ndir;
  assert(off == 0);
  *ret_c = c;
  if (c < n) {
    *ret_ndir = n;
    return seg_bytes(g, c);
  }
  n = n ? n : 8;
  while (n <= c)
    n *= 2;
  *ret_ndir = n;
  return seg_bytes(g, c) + n * sizeof(void *);
}

/* A copy of g's directory with room for 'len' entries, the rest NULL. */
static void **dir_grow(struct bc_store *s, const struct seg *g, size_t len) {
  void **d = store_alloc(s, len * sizeof *d);
  if (!d)
    return NULL;
  for (size_t i = 0; i < len; i++)
    d[i] = i < g->ndir ? g->dir[i] : NULL;
  return d;
}

/* Install chunk 'p' as number 'c', with directory 'dir' when not NULL. */
static void seg_commit(struct bc_store *s, struct seg *g, void **dir,
                       size_t ndir, size_t c, void *p) {
  if (dir) {
    free(g->dir);
    s->bytes -= g->ndir * sizeof(void *);
    g->dir = dir;
    g->ndir = ndir;
  }
  g->dir[c] = p;
}

/* ------------------------------------------------------------------------
** Table
*/

static size_t table_bytes(unsigned log2) {
  return sizeof(uint64_t) << log2;
}

/* Where a table of 2^log2 slots must double at the latest: 3/4 full
** (always one empty slot, so that probing stops). */
static uint64_t late_grow_at(const struct bc_store *s) {
  uint64_t cap = s->mask + 1;
  return s->log2 >= s->max_log2 ? cap - 1 : (cap >> 1) + (cap >> 2);
}

/*
** The first empty slot of the table: every slot before it belongs to the
** cluster that wraps around the table's end (or starts at slot 0). There
** is one: the table is never full.
*/
static uint64_t first_empty(const struct bc_store *s) {
  uint64_t e = 0;
  while (s->table[e])
    e++;
  assert(e <= s->mask);
  return e;
}

/*
** Insert slot value 'v', read at index i, into the table 't' of dmask + 1
** slots (ordinary linear probing from its home). Without a branch on
** whether the slot was empty (at 3/8 full that branch was mispredicted on
** about every third slot, most of the time growth took): an empty slot
** (v = 0) "probes" its own index i and ors 0 into it, which changes
** nothing; the probe loop's condition is false for it. 'shift' is 0 in
** fp-only mode (the slot is the fingerprint), 32 in exact mode (its high
** half).
*/
static inline void put_slot(uint64_t *t, uint64_t dmask, unsigned shift,
                            uint64_t i, uint64_t v) {
  uint64_t full = -(uint64_t)(v != 0); /* all ones, or 0 */
  uint64_t j = (((v >> shift) & full) | (i & ~full)) & dmask;
  while ((v != 0) & (t[j] != 0))
    j = (j + 1) & dmask;
  t[j] |= v;
}

/*
** Insert the slots src[from..to-1], in that order, into the table 'dst' of
** dmask + 1 slots, whose slots from..to-1 are empty (put_slot). Sizes in
** locals: the stores to 'dst' may alias *s.
*/
static void rehash_slots(const uint64_t *src, uint64_t from, uint64_t to,
                         uint64_t *dst, uint64_t dmask, unsigned shift) {
  for (uint64_t i = from; i < to; i++)
    put_slot(dst, dmask, shift, i, src[i]);
}

/*
** Split the slots from..to-1 of a table of 'cap' slots ('from' at or past
** its first empty slot e) into the doubled table 'dst' of 2 cap slots:
** the table rehash_slots(src, from, to, dst, 2 cap - 1, shift) builds,
** given that dst holds what that would have put there for the slots
** before 'from' and 0 elsewhere. 'dst' is 'src' (in place: slot i is
** cleared as it is walked) or an empty table (a copy). Cheaper, as most
** slots need no probe:
**
**   (1) A slot p >= e holds an entry whose home h is at most p
**       (rehash_in_place, (a)), and the slots h..p-1 hold entries from
**       slots before p. Inserted in the order of their slots, an entry
**       that stays low lands at or below p, one that moves up at or
**       below p + cap, and probes nothing past where it lands: by
**       induction, what was inserted before it lies below p (p + cap),
**       so slot p (p + cap) is free when it is probed. (The walk never
**       wraps around the doubled table; rehash_in_place's (d) allows it
**       only to be safe.)
**   (2) So an entry at its home (h = p; at 3/8 full, seven in ten)
**       lands at its new home, p or p + cap, whatever came before it.
**       And its order against an entry away from home from a slot
**       q < p does not matter: that one lands at or below q (q + cap)
**       and its probe stops there, short of p (p + cap). So a block's
**       entries at their homes may be inserted before its entries away
**       from home: every slot ends where it did.
**
** The walk goes in blocks of SPLIT_BLOCK slots: first every slot of the
** block without a branch on the slot (dst[i] keeps an entry at its home
** whose new bit is 0, dst[i + cap] gets one whose bit is 1, the other
** 0; an entry away from its home clears both and is kept aside), then the
** kept entries of the block in order, each by linear probing from its
** new home. A branch on "moves up" (every other entry) or on "away from
** home" (one slot in nine at 3/8 full) would be mispredicted; put_slot
** avoided that by reading the doubled table for every slot. Writing 0 to
** dst[i + cap] is safe: nothing inserted before lands there, and whatever
** lands there later is written later.
*/
#define SPLIT_BLOCK 256u

static void split_slots(const uint64_t *src, uint64_t from, uint64_t to,
                        uint64_t *dst, uint64_t cap, unsigned shift) {
  uint64_t omask = cap - 1, dmask = 2 * cap - 1, away[SPLIT_BLOCK];
  for (uint64_t b = from; b < to; b += SPLIT_BLOCK) {
    uint64_t end = to - b < SPLIT_BLOCK ? to : b + SPLIT_BLOCK, n = 0;
    for (uint64_t i = b; i < end; i++) {
      uint64_t v = src[i], h = v >> shift;
      /* v when away from its home, else 0 (an empty slot: 0) */
      uint64_t a = v & -(uint64_t)(((h ^ i) & omask) != 0);
      uint64_t t = v ^ a;                         /* v when at its home */
      uint64_t up = -(uint64_t)((h & cap) != 0); /* all ones: moves up */
      away[n] = a;
      n += a != 0;
      dst[i] = t & ~up;
      dst[i + cap] = t & up;
    }
    for (uint64_t k = 0; k < n; k++) {
      uint64_t v = away[k], j = (v >> shift) & dmask;
      while (dst[j])
        j = (j + 1) & dmask;
      dst[j] = v;
    }
  }
}

/*
** Copy every slot of the current table into the empty table 'dst' of
** 2^dlog2 slots: the slots from 'e' (first_empty) to the end, then those
** before it, in the order rehash_in_place inserts them, so that both give
** the same table. Slots are read in order and each lands at its home or
** home + old capacity, so both tables are walked almost sequentially.
*/
static void rehash(const struct bc_store *s, uint64_t *dst, unsigned dlog2,
                   uint64_t e) {
  uint64_t dmask = ((uint64_t)1 << dlog2) - 1;
  unsigned shift = s->fp_only ? 0 : 32;
  if (s->plain_rehash) /* test hook: every slot by put_slot */
    rehash_slots(s->table, e, s->mask + 1, dst, dmask, shift);
  else
    split_slots(s->table, e, s->mask + 1, dst, s->mask + 1, shift);
  rehash_slots(s->table, 0, e, dst, dmask, shift);
}

/*
** Double the table t of 'cap' slots in place: t[cap .. 2 cap - 1] exist
** and are 0. 'e' is the old table's first empty slot; buf has room for
** e slots. The result is the table rehash() builds: every slot inserted,
** by linear probing from its home in the doubled table (h or h + cap,
** h its old home), in the order e .. cap-1, then 0 .. e-1.
**
** The walk takes out slots 0..e-1 first (into buf, then cleared), then
** for i = e .. cap-1 clears slot i and inserts what it held. Why that is
** the same as inserting into an empty table, and overwrites nothing:
**
**   (a) A slot p >= e of the old table is not part of a cluster that
**       wraps around the end (it would run through slot e, which is
**       empty), so its home h is at most p.
**   (b) Invariant: when slot i is walked, the slots 0..i of the table
**       hold only slots inserted so far (none that is not yet walked:
**       those are at positions above i, slot i has just been cleared,
**       0..e-1 were cleared first). So up to i the table is exactly
**       the empty table after the same inserts.
**   (c) An entry that stays low (home h <= i) probes h, h+1, ... and
**       stops at slot i at the latest, which is empty: by (b) it lands
**       where it lands in the empty table, and at or below i.
**   (d) An entry that moves up (home h + cap) probes the upper half,
**       where only inserted entries are, and may wrap past 2 cap - 1
**       to slots 0, 1, ...: to reach slot i it would need the upper
**       half from h + cap on and all of 0..i-1 full, at least i + 1
**       entries, but at most i - e entries were inserted (slots e..i-1;
**       slot e is empty). So it lands below i, where it lands in the
**       empty table.
**   So (b) holds for i + 1. No entry ever moves to a slot not yet walked,
**   and none ever has a cleared slot on its probe path: an entry at q
**   inserted at step i probed only slots <= q < i, or upper slots, and
**   only slots above i are cleared later. After the walk the table holds
**   exactly the inserted entries, and the e buffered ones are inserted
**   last as into any table.
*/
static void rehash_in_place(uint64_t *t, uint64_t cap, unsigned shift,
                            uint64_t e, uint64_t *buf) {
  uint64_t dmask = 2 * cap - 1;
  for (uint64_t i = 0; i < e; i++) {
    buf[i] = t[i];
    t[i] = 0;
  }
  split_slots(t, e, cap, t, cap, shift); /* each slot: clear, insert */
  rehash_slots(buf, 0, e, t, dmask, shift);
}

/*
** A reservation for tables of up to 2^rlog2 slots whose first 'n' bytes
** are accessible, or NULL (*ret_len its length). Tried at smaller sizes
** down to 2^(log2+1) slots when address space is short.
*/
static void *resv_new(struct bc_store *s, unsigned log2, size_t *ret_len,
                      unsigned *ret_rlog2) {
  size_t n = table_bytes(log2);
  if (n < s->resv_from)
    return NULL;
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != RLIM_INFINITY)
    return NULL; /* reserved space would count against the limit */
  unsigned top = s->max_log2;
  if (s->max_memory && s->max_memory / sizeof(uint64_t) >= 1)
    top = floor_log2(s->max_memory / sizeof(uint64_t)) < top
              ? floor_log2(s->max_memory / sizeof(uint64_t))
              : top;
  if (s->resv_cap && s->resv_cap < top)
    top = s->resv_cap;
  for (unsigned r = top; r > log2; r--) {
    size_t len = map_len(table_bytes(r));
    void *start = map_huge(len, PROT_NONE, MAP_NORESERVE);
    if (!start)
      continue;
    *ret_len = len;
    *ret_rlog2 = r;
    return start;
  }
  return NULL;
}

/* Bytes of a reservation made accessible for an 'n'-byte table. */
static size_t open_len(size_t n, size_t resv_len) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t len = (n + page - 1) & ~(page - 1);
  return len < resv_len ? len : resv_len;
}

/* Make the first 'len' bytes of reservation 'r', 'from' of them already
** so, accessible. The test hook counts it as an allocation. */
static bool resv_open(struct bc_store *s, void *r, size_t from, size_t len) {
  if (!alloc_allowed(s))
    return false;
  return len <= from || mprotect((char *)r + from, len - from,
                                 PROT_READ | PROT_WRITE) == 0;
}

/* A table, where it lives, and how much of it is accessible. */
struct table_block {
  uint64_t *t;
  void *resv; /* NULL: a block */
  size_t resv_len, open_len;
  unsigned resv_log2;
};

/*
** A new zeroed table of 2^log2 slots, in a reservation when it is big
** enough and one can be had, else a block. False when out of memory.
*/
static bool table_alloc(struct bc_store *s, unsigned log2,
                        struct table_block *ret) {
  size_t n = table_bytes(log2);
  memset(ret, 0, sizeof *ret);
  ret->resv = resv_new(s, log2, &ret->resv_len, &ret->resv_log2);
  if (ret->resv) {
    ret->open_len = open_len(n, ret->resv_len);
    if (!resv_open(s, ret->resv, 0, ret->open_len)) {
      munmap(ret->resv, ret->resv_len);
      ret->resv = NULL;
      return false;
    }
    ret->t = ret->resv;
    return true;
  }
  ret->t = block_alloc(s, n, true);
  return ret->t != NULL;
}

static void table_free(const struct table_block *b, unsigned log2) {
  if (b->resv)
    munmap(b->resv, b->resv_len);
  else
    block_free(b->t, table_bytes(log2));
}

/* The store's table as a table_block. */
static struct table_block cur_table(const struct bc_store *s) {
  struct table_block b = {s->table, s->resv, s->resv_len, s->open_len,
                          s->resv_log2};
  return b;
}

static void set_table(struct bc_store *s, const struct table_block *b,
                      unsigned log2) {
  uint64_t cap = (uint64_t)1 << log2;

  s->table = b->t;
  s->resv = b->resv;
  s->resv_len = b->resv_len;
  s->open_len = b->open_len;
  s->resv_log2 = b->resv_log2;
  s->log2 = log2;
  s->mask = cap - 1;
  /* 3/4 full (fp-only: memory per state is its measure), 3/8 (exact:
  ** time is), but always one empty slot so that probing stops */
  s->grow_at = log2 >= s->max_log2 || s->fp_only ? late_grow_at(s)
                                                 : (cap >> 2) + (cap >> 3);
}

#ifndef NDEBUG
static void check_table(const struct bc_store *s) {
  for (uint64_t i = 0; !s->fp_only && i <= s->mask; i++)
    assert(!s->table[i] ||
           ((uint32_t)s->table[i] >= 1 && (uint32_t)s->table[i] <= s->count));
}
#else
#define check_table(s) ((void)(s))
#endif

/* ------------------------------------------------------------------------
** Links on disk (fp-only mode)
*/

/* An unlinked temporary file for the links, or -1. */
static int open_link_file(void) {
  const char *dir = getenv("TMPDIR");
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/bootcheck-links-XXXXXX",
                   dir && *dir ? dir : "/tmp");
  if (n < 0 || (size_t)n >= sizeof path)
    return -1;
  int fd = mkstemp(path);
  if (fd < 0)
    return -1;
  unlink(path);
  return fd;
}

/* Write the buffered links link_file..id-1 to the file. 0, or -1. */
static int write_links(struct bc_store *s, uint64_t id) {
  const char *p = (const char *)s->link_buf;
  size_t len = (size_t)(id - s->link_file) * sizeof(struct link);
  off_t at = (off_t)(s->link_file * sizeof(struct link));
  while (len > 0) {
    ssize_t w = pwrite(s->link_fd, p, len, at);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    len -= (size_t)w;
    at += w;
  }
  return 0;
}

static size_t full_chunk(const struct seg *g) {
  return g->item << g->last;
}

/* ------------------------------------------------------------------------
** Growth
*/

/*
** Bytes of the chunks of 'g' that start at ids from..upto-1 ('from' starts
** a chunk), with room for their directory's growth: what appending up to
** id upto-1 will allocate.
*/
static size_t ahead(const struct seg *g, uint64_t from, uint64_t upto) {
  size_t n = 0;
  uint64_t off;
  while (from < upto) {
    size_t c = seg_chunk(g, from, &off);
    n += seg_bytes(g, c) + 4 * sizeof(void *);
    from += (uint64_t)1 << seg_log2(g, c);
  }
  return n;
}

/*
** First touch ahead: allocate chunk 'c' of 'g' (the one after the chunk
** just installed) into *slot (counted in 'bytes' from now on) and have
** the helper fault it in, when the store pretouches, keeps every state
** (fp-only mode reuses the chunks its frontier has read: its measure is
** memory), has no memory limit and no test hook counting its
** allocations, and the chunk is big enough to be mapped (smaller ones
** come from malloc, warm). A failure only means no chunk ahead.
*/
static void alloc_ahead(struct bc_store *s, const struct seg *g, size_t c,
                        void **slot, size_t *slot_c) {
  size_t n = seg_bytes(g, c);
  if (!s->pretouch || s->fp_only || s->max_memory ||
      s->fail_countdown >= 0 || *slot || n < MAP_THRESHOLD)
    return;
  if (!(*slot = block_alloc(s, n, false)))
    return;
  *slot_c = c;
  s->bytes += n;
  if (s->bytes > s->peak_bytes)
    s->peak_bytes = s->bytes;
  pt_post(s, *slot, map_len(n), false);
}

/* Free the chunks allocated ahead. */
static void free_ahead(struct bc_store *s) {
  if (s->ahead_state) {
    size_t n = seg_bytes(&s->states, s->ahead_state_c);
    store_block_free(s, s->ahead_state, n);
    s->bytes -= n;
  }
  if (s->ahead_link) {
    size_t n = seg_bytes(&s->links, s->ahead_link_c);
    store_block_free(s, s->ahead_link, n);
    s->bytes -= n;
  }
  s->ahead_state = s->ahead_link = NULL;
}

/*
** Make room for the state with id s->count: a new state chunk and link
** chunk when the current ones are full (and their directories when those
** are full), and a doubled table when the table is at its load threshold.
** Returns BC_OK, BC_ELIMIT at the state limit, or BC_ENOMEM when
** max_memory or an allocation stops it; on error nothing has changed.
** Then sets slow_at to the next id that needs a call here.
*/
static int reserve(struct bc_store *s) {
  uint64_t id = s->count;
  if (id >= s->state_limit)
    return BC_ELIMIT;

  bool need_state = id == s->state_end;
  bool need_link = id == s->link_end;
  bool need_grow = id >= s->grow_at;
  size_t sc = 0, sndir = 0, lc = 0, lndir = 0;

  /* All that this call holds at its peak, the old table included. */
  size_t need = 0;
  bool use_spare = false, state_ahead = false, link_ahead = false;
  if (need_state) {
    need += seg_need(&s->states, id, &sc, &sndir);
    state_ahead = s->ahead_state && s->ahead_state_c == sc;
    if (state_ahead)
      need -= seg_bytes(&s->states, sc); /* already counted */
    else if (s->spare &&
        seg_bytes(&s->states, sc) == full_chunk(&s->states)) {
      need -= full_chunk(&s->states); /* already counted */
      use_spare = true;
    }
  }
  bool file_link = need_link && s->link_fd >= 0;
  if (need_link && !file_link) {
    need += seg_need(&s->links, id, &lc, &lndir);
    link_ahead = s->ahead_link && s->ahead_link_c == lc;
    if (link_ahead)
      need -= seg_bytes(&s->links, lc); /* already counted */
  }
  /* Growth in place needs the added half (and a buffer for the slots
  ** of the cluster that wraps, when they are many); a copy, the doubled
  ** table while the old one is still alive. */
  size_t grow = 0, wrap_bytes = 0;
  uint64_t e = 0, wrap_stack[WRAP_STACK], *wrap = wrap_stack;
  bool in_place = false;
  if (need_grow) {
    assert(s->log2 < s->max_log2);
    e = first_empty(s);
    in_place = s->resv && s->log2 < s->resv_log2;
    if (!in_place)
      grow = table_bytes(s->log2 + 1);
    else {
      wrap_bytes = e > WRAP_STACK ? (size_t)e * sizeof *wrap : 0;
      grow = table_bytes(s->log2) + wrap_bytes;
    }
    need += grow;
  }
  /* Exact mode doubles early (3/8 full), for speed; without room for
  ** that under max_memory it fills the table to 3/4 first, so a limit
  ** stops it no sooner than in fp-only mode's rule. In place, "room" is
  ** room for the chunks up to 3/4 too: the doubling would take what the
  ** states up to there need, and not doubling gets them. */
  bool late = false;
  if (s->max_memory && need_grow && id < late_grow_at(s) &&
      need - grow <= s->max_memory - s->bytes) {
    size_t early = need;
    if (in_place) {
      uint64_t upto = late_grow_at(s);
      early += ahead(&s->states, need_state ? id + ((uint64_t)1 << seg_log2(
                                                        &s->states, sc))
                                            : s->state_end,
                     upto);
      if (s->link_fd < 0)
        early += ahead(&s->links, need_link ? id + ((uint64_t)1 << seg_log2(
                                                        &s->links, lc))
                                            : s->link_end,
                       upto);
    }
    late = early > s->max_memory - s->bytes;
  }
  if (late) {
    need -= grow;
    need_grow = false;
  }
  if (s->max_memory && need > s->max_memory - s->bytes)
    return BC_ENOMEM;

  void **sdir = NULL, **ldir = NULL;
  void *schunk = NULL, *lchunk = NULL;
  struct table_block table = {0};
  if (need_state) {
    if (sndir != s->states.ndir && !(sdir = dir_grow(s, &s->states, sndir)))
      goto no_mem;
    if (use_spare)
      schunk = s->spare;
    else if (state_ahead)
      schunk = s->ahead_state;
    else if (!(schunk = block_alloc(s, seg_bytes(&s->states, sc), false)))
      goto no_mem;
  }
  if (file_link) {
    /* Idempotent: after a later failure here the same links are written
     * again at the same place. */
    if (write_links(s, id) != 0) {
      if (!use_spare && !state_ahead)
        block_free(schunk, seg_bytes(&s->states, sc));
      free(sdir);
      return BC_EIO;
    }
  } else if (need_link) {
    if (lndir != s->links.ndir && !(ldir = dir_grow(s, &s->links, lndir)))
      goto no_mem;
    if (link_ahead)
      lchunk = s->ahead_link;
    else if (!(lchunk = block_alloc(s, seg_bytes(&s->links, lc), false)))
      goto no_mem;
  }
  if (need_grow && in_place) {
    if (wrap_bytes && !(wrap = store_alloc(s, wrap_bytes)))
      goto no_mem;
    size_t len = open_len(table_bytes(s->log2 + 1), s->resv_len);
    if (!resv_open(s, s->resv, s->open_len, len))
      goto no_mem;
    s->open_len = len; /* accessible, untouched (zero), not yet counted */
  } else if (need_grow && !table_alloc(s, s->log2 + 1, &table)) {
    goto no_mem;
  }

  /* Commit. */
  s->bytes += need;
  if (s->bytes > s->peak_bytes)
    s->peak_bytes = s->bytes;
  if (use_spare)
    s->spare = NULL;
  if (state_ahead)
    s->ahead_state = NULL;
  if (link_ahead)
    s->ahead_link = NULL;
  if (file_link) {
    s->link_file = id;
    s->link_wr = s->link_buf;
    s->link_end = id + LINK_BUF;
  }
  if (need_state) {
    seg_commit(s, &s->states, sdir, sndir, sc, schunk);
    s->state_wr = schunk;
    s->state_end = id + ((uint64_t)1 << seg_log2(&s->states, sc));
  }
  if (need_link && !file_link) {
    seg_commit(s, &s->links, ldir, lndir, lc, lchunk);
    s->link_wr = lchunk;
    s->link_end = id + ((uint64_t)1 << seg_log2(&s->links, lc));
  }
  if (need_grow && in_place) {
    pt_post(s, s->table + s->mask + 1, table_bytes(s->log2), true);
    rehash_in_place(s->table, s->mask + 1, s->fp_only ? 0 : 32, e, wrap);
    if (wrap_bytes) {
      free(wrap);
      s->bytes -= wrap_bytes;
    }
    struct table_block b = cur_table(s);
    set_table(s, &b, s->log2 + 1);
    check_table(s);
  } else if (need_grow) {
    rehash(s, table.t, s->log2 + 1, e);
    struct table_block old = cur_table(s);
    pt_sync(s); /* it may be populating the old table */
    table_free(&old, s->log2);
    s->bytes -= table_bytes(s->log2);
    set_table(s, &table, s->log2 + 1);
    check_table(s);
  }
  /* a table filled late, then doubled, may already be past its new 3/8 */
  if (late || s->grow_at <= id)
    s->grow_at = late_grow_at(s);
  s->slow_at = min64(min64(s->grow_at, s->state_limit),
                     min64(s->state_end, s->link_end));
  assert(s->slow_at > id && s->grow_at < s->mask + 1); /* room for id */
  if (need_state && !s->spare)
    alloc_ahead(s, &s->states, sc + 1, &s->ahead_state, &s->ahead_state_c);
  if (need_link && !file_link)
    alloc_ahead(s, &s->links, lc + 1, &s->ahead_link, &s->ahead_link_c);
  return BC_OK;

no_mem:
  if (wrap != wrap_stack)
    free(wrap);
  free(sdir);
  free(ldir);
  if (!use_spare && !state_ahead)
    block_free(schunk, seg_bytes(&s->states, sc));
  if (!link_ahead)
    block_free(lchunk, seg_bytes(&s->links, lc));
  return BC_ENOMEM;
}

/* ------------------------------------------------------------------------
** Public interface
*/

int bc_store_new(const struct bc_store_opts *opts, struct bc_store **ret) {
  if (!opts || !ret || opts->state_bytes == 0)
    return BC_EINVAL;
  unsigned max_log2 = opts->fingerprint_only ? FP_MAX_LOG2 : EXACT_MAX_LOG2;
  unsigned log2 = opts->initial_log2 ? opts->initial_log2 : DEFAULT_LOG2;
  if (log2 > max_log2)
    return BC_EINVAL;
  size_t lbuf = opts->fingerprint_only ? LINK_BUF * sizeof(struct link) : 0;
  if (opts->max_memory &&
      opts->max_memory < sizeof(struct bc_store) + table_bytes(log2) + lbuf)
    return BC_ENOMEM;

  struct bc_store *s = calloc(1, sizeof *s);
  if (!s)
    return BC_ENOMEM;
  s->link_fd = -1;
  if (lbuf && (s->link_fd = open_link_file()) >= 0) {
    if (!(s->link_buf = malloc(lbuf))) {
      close(s->link_fd);
      free(s);
      return BC_ENOMEM;
    }
    s->bytes += lbuf;
  }
  s->state_bytes = opts->state_bytes;
  s->fp_only = opts->fingerprint_only;
  s->max_memory = opts->max_memory;
  s->pretouch = opts->pretouch;
  s->max_log2 = max_log2;
  s->state_limit = MAX_STATES;
  s->fail_countdown = -1;
  s->bytes += sizeof *s;
  seg_init(&s->states, s->state_bytes, CHUNK_TARGET);
  seg_init(&s->links, sizeof(struct link), CHUNK_TARGET);

  s->resv_from = MAP_THRESHOLD;
  struct table_block t;
  if (!table_alloc(s, log2, &t)) {
    if (s->link_fd >= 0)
      close(s->link_fd);
    free(s->link_buf);
    free(s);
    return BC_ENOMEM;
  }
  s->bytes += table_bytes(log2);
  s->peak_bytes = s->bytes;
  set_table(s, &t, log2);
  /* state_end = link_end = read_end = 0: the first insert allocates the
   * first chunks, the first bc_store_next finds chunk 0. */
  s->slow_at = 0;
  *ret = s;
  return BC_OK;
}

void bc_store_free(struct bc_store *s) {
  if (!s)
    return;
  pt_stop(s);
  free_ahead(s);
  seg_free(&s->states);
  seg_free(&s->links);
  block_free(s->spare, full_chunk(&s->states));
  if (s->table) {
    struct table_block b = cur_table(s);
    table_free(&b, s->log2);
  }
  if (s->link_fd >= 0)
    close(s->link_fd);
  free(s->link_buf);
  free(s);
}

/*
** The hot path: one probe sequence in the table (normally one cache line);
** a new state is then appended to the current state and link chunks, which
** are written in order. The rest is in reserve(), once per chunk or table
** doubling.
*/
/* Equal states? Small states (the usual boot model is a few bytes) are
** compared with two overlapping word loads instead of a call to memcmp. */
static inline bool same_state(const void *a, const void *b, size_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, (const char *)a + n - 8, 8);
    memcpy(&b1, (const char *)b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    memcpy(&a0, a, 4);
    memcpy(&b0, b, 4);
    memcpy(&a1, (const char *)a + n - 4, 4);
    memcpy(&b1, (const char *)b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return memcmp(a, b, n) == 0;
}

/*
** Append a new state, not in the table: make room when a chunk or the
** table is full, find its empty slot, store. Out of line, and called as a
** tail call, so that the common case, a state already visited, returns
** without saving registers.
*/
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int insert_new(struct bc_store *s, const void *state, uint64_t fp,
                      bc_state_id parent, uint32_t how, bc_state_id *ret_id) {
  uint64_t id = s->count;
  if (UNLIKELY(id >= s->slow_at)) {
    int rc = reserve(s);
    if (rc < 0)
      return rc;
  }
  /* The slot is in the cache: the caller's lookup just ended at it. */
  bc_hot_assert(id < s->slow_at && id < s->state_end && id < s->link_end);
  uint64_t *tab = s->table;
  uint64_t mask = s->mask, probes = 1, i;
  for (i = fp & mask; tab[i]; i = (i + 1) & mask)
    probes++;
  tab[i] = s->fp_only ? fp : fp << 32 | (id + 1);
  s->link_wr->parent = parent;
  s->link_wr->how = how;
  s->link_wr++;
  bc_state_copy(s->state_wr, state, s->state_bytes);
  s->state_wr += s->state_bytes;
  s->count = id + 1;
  s->inserts++;
  s->probes += probes;
  if (ret_id)
    *ret_id = (bc_state_id)id;
  return 1;
}

/* Exact mode: a tag match is confirmed against the stored state. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int insert_exact(struct bc_store *s, const void *state, uint64_t fp,
                        bc_state_id parent, uint32_t how,
                        bc_state_id *ret_id) {
  const uint64_t *tab = s->table;
  uint64_t mask = s->mask, tag = fp << 32, probes = 1;
  for (uint64_t i = fp & mask;; i = (i + 1) & mask, probes++) {
    uint64_t v = tab[i];
    if (!v)
      return insert_new(s, state, fp, parent, how, ret_id);
    if ((v & TAG_MASK) == tag) {
      uint64_t id = (uint32_t)v - 1;
      bc_hot_assert(id < s->count);
      if (same_state(seg_at(&s->states, id), state, s->state_bytes)) {
        if (ret_id)
          *ret_id = (bc_state_id)id;
        s->inserts++;
        s->probes += probes;
        return 0;
      }
    }
  }
}

bc_state_id bc_store_find(const struct bc_store *s, const void *state,
                          uint64_t fp) {
  if (s->fp_only || !s->table)
    return BC_NO_STATE;
  const uint64_t *tab = s->table;
  uint64_t mask = s->mask, tag = fp << 32;
  for (uint64_t i = fp & mask;; i = (i + 1) & mask) {
    uint64_t v = tab[i];
    if (!v)
      return BC_NO_STATE;
    if ((v & TAG_MASK) == tag) {
      uint64_t id = (uint32_t)v - 1;
      if (same_state(seg_at(&s->states, id), state, s->state_bytes))
        return (bc_state_id)id;
    }
  }
}

/* Fingerprint-only mode stays in this function, in few registers. */
int bc_store_insert(struct bc_store *s, const void *state, uint64_t fp,
                    bc_state_id parent, uint32_t how, bc_state_id *ret_id) {
  if (!s->fp_only)
    return insert_exact(s, state, fp, parent, how, ret_id);
  if (UNLIKELY(fp == 0))
    fp = FP_ZERO;
  const uint64_t *tab = s->table;
  uint64_t mask = s->mask, probes = 1;
  for (uint64_t i = fp & mask;; i = (i + 1) & mask, probes++) {
    uint64_t v = tab[i];
    if (v == fp)
      break;
    if (!v)
      return insert_new(s, state, fp, parent, how, ret_id);
  }
  if (ret_id)
    *ret_id = BC_NO_STATE;
  s->inserts++;
  s->probes += probes;
  return 0;
}

/*
** The batch inserts (bc_store_insert_words, bc_store_insert_words_fp): one
** loop over the batch, no call per record. With 'hash' (the one-worker
** search), the first AHEAD records are fingerprinted (XXH3 of their words,
** as bc_fingerprint_words) and their table slots prefetched; then the loop
** fingerprints record i + AHEAD and prefetches its slot while it probes
** record i (the hash's arithmetic overlaps the probe's load). Without it
** (several workers: the explorer fingerprinted the records to find their
** owners), the fingerprints are the caller's and only the prefetches run
** ahead; 'sel', when not NULL ('has_sel'), names the records to insert.
** Either way the loop appends the new ones as insert_new does, and a state
** already visited costs its probe only. With 'ids' ('has_ids'), each
** record's id, found or new, is written too (the explorer's liveness graph
** takes its edges from there). The loop is instantiated per mode, per
** state size of 1-4 words, per 'hash', 'has_sel' and 'has_ids', so none
** is tested per record; the store's cursors (count, where the next state and
** link go) live in locals, written back before reserve() and at the end.
*/
#define AHEAD 16

/* seg_at for the state arena, its fields given (in registers): the
** chunks of 2^last states first, as most ids of a big store are there. */
static inline const unsigned char *arena_at(void *const *dir, unsigned first,
                                            unsigned last, size_t sb,
                                            uint64_t id) {
  size_t c;
  uint64_t off;
  if (id >> last) {
    off = id & (((uint64_t)1 << last) - 1);
    c = (size_t)(last - first) + (size_t)(id >> last);
  } else if (!(id >> first)) {
    off = id;
    c = 0;
  } else {
    unsigned k = floor_log2(id);
    off = id - ((uint64_t)1 << k);
    c = k - first + 1;
  }
  return (const unsigned char *)dir[c] + (size_t)off * sb;
}

static inline uint64_t words_fp(const uint64_t *w, size_t sw) {
  uint64_t h = (uint64_t)XXH3_64bits(w, sw * 8);
  return h ? h : FP_ZERO;
}

/* same_state in the batch loop, for states of k words (0: more than 4):
** states of 3 or 4 words are compared with four overlapping word loads,
** not memcmp (past 32 bytes memcmp is as fast: there the time is the
** cache misses, docs/performance.md). Not in same_state itself: gcc then
** compiled the loop of 2 words into more instructions. */
static inline bool same_record(const void *a, const void *b, size_t n,
                               const size_t k) {
  if (k == 3 || k == 4) { /* 16 < n <= 32 */
    uint64_t a0, a1, a2, a3, b0, b1, b2, b3;
    memcpy(&a0, a, 8);
    memcpy(&b0, b, 8);
    memcpy(&a1, (const char *)a + 8, 8);
    memcpy(&b1, (const char *)b + 8, 8);
    memcpy(&a2, (const char *)a + n - 16, 8);
    memcpy(&b2, (const char *)b + n - 16, 8);
    memcpy(&a3, (const char *)a + n - 8, 8);
    memcpy(&b3, (const char *)b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2) | (a3 ^ b3)) == 0;
  }
  return same_state(a, b, n);
}

/* The loop, for states of 'k' words when k is not 0 (a constant: XXH3
** and the record addresses fold), else of sw words; 'fp_only' is a
** constant too. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline int insert_words(struct bc_store *s, const uint64_t *words,
                               size_t sw, const uint32_t *parent,
                               const uint32_t *how, size_t n, uint64_t *fps,
                               const uint64_t *given, const uint32_t *sel,
                               uint32_t *new_idx, uint32_t *ids,
                               size_t *ret_new, size_t *ret_done,
                               const size_t k, const bool fp_only,
                               const bool hash, const bool has_sel,
                               const bool has_ids) {
  if (k)
    sw = k;
#define REC(q) (has_sel ? (size_t)sel[q] : (size_t)(q)) /* record number */
  uint64_t *tab = s->table;
  uint64_t mask = s->mask;
  size_t i, m = n < AHEAD ? n : AHEAD;
  for (i = 0; i < m; i++) {
    uint64_t fp;
    if (hash)
      fps[i] = fp = words_fp(words + REC(i) * sw, sw);
    else
      fp = given[REC(i)];
    PREFETCH(&tab[fp & mask]);
    PREFETCH(&tab[((fp & mask) + 8) & mask]);
  }

  const size_t sb = s->state_bytes;
#if defined(__GNUC__) || defined(__clang__)
  /* what the instance knows of the state's size (bc_store_insert_words
  ** checks sw against it): same_state's tests fold (exact mode only: it
  ** changed the code of fp-only mode's copy, not for the better) */
  if (!fp_only && k && (sb <= 8 * (k - 1) || sb > 8 * k))
    __builtin_unreachable();
#endif
  uint64_t count = s->count, slow_at = s->slow_at, probes = 0;
  unsigned char *state_wr = s->state_wr;
  struct link *link_wr = s->link_wr;
  /* exact mode: the arena's directory in locals (the stores below may
  ** alias *s, so s->states would be read again per tag match); it moves
  ** only in reserve() */
  void *const *adir = s->states.dir;
  const unsigned afirst = s->states.first, alast = s->states.last;
  size_t nnew = 0;
  int rc = BC_OK;
  for (i = 0; i < n; i++) {
    if (i + AHEAD < n) {
      uint64_t f;
      if (hash)
        fps[i + AHEAD] = f = words_fp(words + REC(i + AHEAD) * sw, sw);
      else
        f = given[REC(i + AHEAD)];
      PREFETCH(&tab[f & mask]);
      /* the probe may go on into the next cache line */
      PREFETCH(&tab[((f & mask) + 8) & mask]);
    }
    const size_t r = REC(i);
    uint64_t fp = hash ? fps[i] : given[r], j = fp & mask, p0 = probes;
    const uint64_t *st = words + r * sw;
    if (fp_only) {
      uint64_t v;
      for (probes++; (v = tab[j]) != 0 && v != fp; j = (j + 1) & mask)
        probes++;
      if (v) { /* visited */
        if (has_ids)
          ids[i] = BC_NO_STATE;
        continue;
      }
    } else {
      uint64_t tag = fp << 32, v;
      bool seen = false;
      for (probes++; (v = tab[j]) != 0; j = (j + 1) & mask, probes++) {
        if ((v & TAG_MASK) == tag &&
            same_record(arena_at(adir, afirst, alast, sb, (uint32_t)v - 1),
                        st, sb, k)) {
          seen = true;
          break;
        }
      }
      if (seen) {
        if (has_ids)
          ids[i] = (uint32_t)v - 1;
        continue;
      }
    }
    /* new: j is the empty slot that ended the probe */
    uint64_t id = count;
    if (UNLIKELY(id >= slow_at)) {
      s->count = count;
      s->state_wr = state_wr;
      s->link_wr = link_wr;
      rc = reserve(s);
      if (rc < 0)
        break;
      tab = s->table; /* perhaps doubled: find the slot again */
      mask = s->mask;
      adir = s->states.dir;
      slow_at = s->slow_at;
      state_wr = s->state_wr;
      link_wr = s->link_wr;
      for (probes = p0 + 1, j = fp & mask; tab[j]; j = (j + 1) & mask)
        probes++;
    }
    tab[j] = fp_only ? fp : fp << 32 | (id + 1);
    link_wr->parent = parent[r];
    link_wr->how = how[r];
    link_wr++;
    bc_state_copy(state_wr, st, sb);
    state_wr += sb;
    count = id + 1;
    new_idx[nnew++] = (uint32_t)r;
    if (has_ids)
      ids[i] = (uint32_t)id;
  }
  for (size_t q = i + AHEAD + 1; hash && q < n; q++) /* stopped: the rest */
    fps[q] = words_fp(words + REC(q) * sw, sw);
#undef REC
  s->count = count;
  s->state_wr = state_wr;
  s->link_wr = link_wr;
  s->inserts += i;
  s->probes += probes;
  *ret_new = nnew;
  *ret_done = i;
  return rc;
}

/* One instance of the loop per (words, mode, hash, sel, ids): all fold.
** With ids (the liveness graph's edges, exact mode), fp-only mode has the
** generic instance only. */
#define INSERT_WORDS(k, fp_only, has_ids)                                     \
  insert_words(s, words, sw, parent, how, n, fps, NULL, NULL, new_idx, ids,  \
               ret_new, ret_done, k, fp_only, true, false, has_ids)
#define INSERT_WORDS_FP(k, fp_only, has_sel, has_ids)                         \
  insert_words(s, words, sw, parent, how, n, NULL, fps, sel, new_idx, ids,   \
               ret_new, ret_done, k, fp_only, false, has_sel, has_ids)

/* The instances with ids, out of line: in bc_store_insert_words itself
** they made it big enough that gcc no longer inlined XXH3 into the
** instances without (+7% instructions in a search without the graph). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int insert_words_ids(struct bc_store *s, const uint64_t *words,
                            size_t sw, const uint32_t *parent,
                            const uint32_t *how, size_t n, uint64_t *fps,
                            uint32_t *new_idx, uint32_t *ids,
                            size_t *ret_new, size_t *ret_done) {
  if (s->fp_only)
    return INSERT_WORDS(0, true, true);
  switch (sw) {
  case 1: return INSERT_WORDS(1, false, true);
  case 2: return INSERT_WORDS(2, false, true);
  case 3: return INSERT_WORDS(3, false, true);
  case 4: return INSERT_WORDS(4, false, true);
  default: return INSERT_WORDS(0, false, true);
  }
}

/* And those without, out of line too: with the test of 'ids' in the
** same function, gcc compiled them into more instructions (+2% in the
** store with 3-word states). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int insert_words_plain(struct bc_store *s, const uint64_t *words,
                              size_t sw, const uint32_t *parent,
                              const uint32_t *how, size_t n, uint64_t *fps,
                              uint32_t *new_idx, size_t *ret_new,
                              size_t *ret_done) {
  uint32_t *ids = NULL; /* for INSERT_WORDS */
  (void)ids;
  if (s->fp_only) {
    switch (sw) { /* the usual boot models: a few words */
    case 1: return INSERT_WORDS(1, true, false);
    case 2: return INSERT_WORDS(2, true, false);
    case 3: return INSERT_WORDS(3, true, false);
    case 4: return INSERT_WORDS(4, true, false);
    default: return INSERT_WORDS(0, true, false);
    }
  }
  switch (sw) {
  case 1: return INSERT_WORDS(1, false, false);
  case 2: return INSERT_WORDS(2, false, false);
  case 3: return INSERT_WORDS(3, false, false);
  case 4: return INSERT_WORDS(4, false, false);
  default: return INSERT_WORDS(0, false, false);
  }
}

int bc_store_insert_words(struct bc_store *s, const uint64_t *words,
                          size_t sw, const uint32_t *parent,
                          const uint32_t *how, size_t n, uint64_t *fps,
                          uint32_t *new_idx, uint32_t *ids, size_t *ret_new,
                          size_t *ret_done) {
  bc_hot_assert(sw == bc_state_words(s->state_bytes));
  if (ids)
    return insert_words_ids(s, words, sw, parent, how, n, fps, new_idx, ids,
                            ret_new, ret_done);
  return insert_words_plain(s, words, sw, parent, how, n, fps, new_idx,
                            ret_new, ret_done);
}

/* bc_store_insert_words_fp with ids, selection 'has_sel'. */
#define INSERT_FP_IDS(has_sel)                                                \
  do {                                                                        \
    if (s->fp_only)                                                           \
      return INSERT_WORDS_FP(0, true, has_sel, true);                         \
    switch (sw) {                                                             \
    case 1: return INSERT_WORDS_FP(1, false, has_sel, true);                  \
    case 2: return INSERT_WORDS_FP(2, false, has_sel, true);                  \
    case 3: return INSERT_WORDS_FP(3, false, has_sel, true);                  \
    case 4: return INSERT_WORDS_FP(4, false, has_sel, true);                  \
    default: return INSERT_WORDS_FP(0, false, has_sel, true);                 \
    }                                                                         \
  } while (0)

/* As insert_words_ids. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noinline))
#endif
static int insert_words_fp_ids(struct bc_store *s, const uint64_t *words,
                               size_t sw, const uint32_t *parent,
                               const uint32_t *how, const uint64_t *fps,
                               const uint32_t *sel, size_t n,
                               uint32_t *new_idx, uint32_t *ids,
                               size_t *ret_new, size_t *ret_done) {
  if (sel)
    INSERT_FP_IDS(true);
  INSERT_FP_IDS(false);
}

int bc_store_insert_words_fp(struct bc_store *s, const uint64_t *words,
                             size_t sw, const uint32_t *parent,
                             const uint32_t *how, const uint64_t *fps,
                             const uint32_t *sel, size_t n,
                             uint32_t *new_idx, uint32_t *ids,
                             size_t *ret_new, size_t *ret_done) {
  bc_hot_assert(sw == bc_state_words(s->state_bytes));
  if (ids)
    return insert_words_fp_ids(s, words, sw, parent, how, fps, sel, n,
                               new_idx, ids, ret_new, ret_done);
  if (sel) { /* the parallel search: records of another worker's round */
    if (s->fp_only) {
      switch (sw) {
      case 1: return INSERT_WORDS_FP(1, true, true, false);
      case 2: return INSERT_WORDS_FP(2, true, true, false);
      case 3: return INSERT_WORDS_FP(3, true, true, false);
      case 4: return INSERT_WORDS_FP(4, true, true, false);
      default: return INSERT_WORDS_FP(0, true, true, false);
      }
    }
    switch (sw) {
    case 1: return INSERT_WORDS_FP(1, false, true, false);
    case 2: return INSERT_WORDS_FP(2, false, true, false);
    case 3: return INSERT_WORDS_FP(3, false, true, false);
    case 4: return INSERT_WORDS_FP(4, false, true, false);
    default: return INSERT_WORDS_FP(0, false, true, false);
    }
  }
  if (s->fp_only) {
    switch (sw) {
    case 1: return INSERT_WORDS_FP(1, true, false, false);
    case 2: return INSERT_WORDS_FP(2, true, false, false);
    case 3: return INSERT_WORDS_FP(3, true, false, false);
    case 4: return INSERT_WORDS_FP(4, true, false, false);
    default: return INSERT_WORDS_FP(0, true, false, false);
    }
  }
  switch (sw) {
  case 1: return INSERT_WORDS_FP(1, false, false, false);
  case 2: return INSERT_WORDS_FP(2, false, false, false);
  case 3: return INSERT_WORDS_FP(3, false, false, false);
  case 4: return INSERT_WORDS_FP(4, false, false, false);
  default: return INSERT_WORDS_FP(0, false, false, false);
  }
}

void bc_store_prefetch(const struct bc_store *s, uint64_t fp) {
  if (s->fp_only && UNLIKELY(fp == 0))
    fp = FP_ZERO;
  PREFETCH(&s->table[fp & s->mask]);
}

const void *bc_store_next(struct bc_store *s, bc_state_id *ret_id) {
  uint64_t h = s->head;
  bc_hot_assert(h <= s->count);
  if (h == s->count)
    return NULL;
  if (h == s->read_end) { /* move on to the next chunk */
    uint64_t off;
    size_t c = seg_chunk(&s->states, h, &off);
    assert(off == 0);
    if (s->fp_only && c > 0) {
      /* All of chunk c-1 was read; the pointer last returned from it is
       * no longer valid, so it can go. */
      size_t n = seg_bytes(&s->states, c - 1);
      if (!s->spare && n == full_chunk(&s->states)) {
        s->spare = s->states.dir[c - 1]; /* still counted in 'bytes' */
      } else {
        s->bytes -= n;
        store_block_free(s, s->states.dir[c - 1], n);
      }
      s->states.dir[c - 1] = NULL;
    }
    s->read = s->states.dir[c];
    s->read_end = h + ((uint64_t)1 << seg_log2(&s->states, c));
  }
  const void *p = s->read;
  bc_hot_assert(p && h < s->read_end);
  s->read += s->state_bytes;
  s->head = h + 1;
  if (ret_id)
    *ret_id = (bc_state_id)h;
  return p;
}

void bc_store_link(const struct bc_store *s, bc_state_id id,
                   bc_state_id *ret_parent, uint32_t *ret_how) {
  bc_state_id parent = BC_NO_STATE;
  uint32_t how = 0;
  if (id < s->count && s->link_fd < 0) {
    const struct link *l = seg_at(&s->links, id);
    parent = l->parent;
    how = l->how;
  } else if (id < s->count && id >= s->link_file) {
    parent = s->link_buf[id - s->link_file].parent;
    how = s->link_buf[id - s->link_file].how;
  } else if (id < s->count) {
    struct link l;
    if (pread(s->link_fd, &l, sizeof l, (off_t)(id * sizeof l)) ==
        (ssize_t)sizeof l) {
      parent = l.parent;
      how = l.how;
    }
  }
  if (ret_parent)
    *ret_parent = parent;
  if (ret_how)
    *ret_how = how;
}

const void *bc_store_state(const struct bc_store *s, bc_state_id id) {
  if (s->fp_only || id >= s->count)
    return NULL;
  return seg_at(&s->states, id);
}

void bc_store_stats(const struct bc_store *s, struct bc_store_stats *ret) {
  ret->distinct = s->count;
  ret->inserts = s->inserts;
  ret->frontier = s->count - s->head;
  ret->capacity = s->mask + 1;
  ret->bytes = s->bytes;
  ret->peak_bytes = s->peak_bytes;
  ret->disk_bytes = s->link_fd >= 0 ? s->count * sizeof(struct link) : 0;
  ret->probes = s->probes;
}

void bc_store_set_max_memory(struct bc_store *s, size_t max_memory) {
  /* reserve() computes max_memory - bytes: never below bytes */
  if (max_memory)
    free_ahead(s); /* memory a limit does not allow */
  s->max_memory = max_memory && max_memory < s->bytes ? s->bytes : max_memory;
}

void bc_store_drop_table(struct bc_store *s) {
  if (!s->table)
    return;
  struct table_block b = cur_table(s);
  pt_sync(s);
  table_free(&b, s->log2);
  s->bytes -= table_bytes(s->log2);
  s->table = NULL;
  s->resv = NULL;
}

double bc_store_collision_bound(const struct bc_store *s) {
  if (!s->fp_only)
    return 0.0;
  double n = (double)s->count;
  double g = (double)s->inserts;
  return n * (g - n) / 18446744073709551616.0; /* 2^64 */
}

/* ------------------------------------------------------------------------
** Test hooks (states_int.h)
*/

void bc_store_set_state_limit(struct bc_store *s, uint64_t limit) {
  s->state_limit = limit < MAX_STATES ? limit : MAX_STATES;
  if (s->slow_at > s->state_limit)
    s->slow_at = s->state_limit;
}

void bc_store_fail_alloc_after(struct bc_store *s, long n) {
  s->fail_countdown = n < 0 ? -1 : n;
}

void bc_store_set_in_place(struct bc_store *s, size_t from_bytes,
                           unsigned max_log2) {
  s->resv_from = from_bytes;
  s->resv_cap = max_log2;
}

void bc_store_set_plain_rehash(struct bc_store *s, bool plain) {
  s->plain_rehash = plain;
}

bool bc_store_table_reserved(const struct bc_store *s) {
  return s->resv != NULL;
}

uint64_t bc_store_table_digest(const struct bc_store *s) {
  uint64_t h = 0;
  for (uint64_t i = 0; s->table && i <= s->mask; i++)
    h = (h ^ s->table[i] ^ i) * 0x100000001b3ull;
  return h;
}
