/*
** states.h - the hashed state store (states/): fingerprints, visited set,
** BFS frontier and trace links.
**
** The store knows nothing of specs: a state is an opaque, fixed-size byte
** vector. The explorer (checker/explore/explore.c) inserts the successors it
** generates and takes states back in breadth-first order; every state gets a
** sequential id, and each id keeps a link to its parent and the number of the
** transition that produced it, so a trace is rebuilt by walking back to the
** initial state and replaying those transition numbers forwards.
**
** Two modes:
** - exact (default): full states are kept in an append-only arena; a
**   fingerprint match is confirmed by comparing bytes, so no state is ever
**   merged with another by mistake.
** - fingerprint-only: only 64-bit fingerprints are kept in the visited
**   set (full states only while they wait in the frontier). Two states with
**   the same fingerprint are merged; the caller reports the probability of
**   that (bc_store_collision_bound). The trace links go to an unlinked
**   temporary file (TLC's approach), not to memory, when one can be made.
*/
#ifndef BOOTCHECK_STATES_H
#define BOOTCHECK_STATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Library error codes: 0 is success, errors are negative. */
enum {
  BC_OK = 0,
  BC_ENOMEM = -1,    /* out of memory, or over the store's memory limit */
  BC_ELIMIT = -2,    /* over a count limit (state ids are 32 bits) */
  BC_EINVAL = -3,    /* bad argument */
  BC_EIO = -4,       /* cannot write the trace-link file */
};
const char *bc_strerror(int err);

/* The id of a stored state; the initial states are 0, 1, ... */
typedef uint32_t bc_state_id;
#define BC_NO_STATE ((bc_state_id)UINT32_MAX)

/* 64-bit XXH3 fingerprint of a packed state. Never 0 (0 is remapped). */
uint64_t bc_fingerprint(const void *state, size_t len);

/* The fingerprint of a state held as 'nwords' aligned 64-bit words (the
** bytes after the state in the last word zero, see bc_state_copy_words):
** XXH3 of the words, so that words just stored are read back whole from
** the store buffer. Not equal to bc_fingerprint of the same state: one
** store uses one of the two. Never 0. */
uint64_t bc_fingerprint_words(const uint64_t *w, size_t nwords);

/* bc_fingerprint of 'n' states of 'len' bytes held 'sw' words apart from
** 'w' (fps[i] is state i's), without a call per state. */
void bc_fingerprint_many(const uint64_t *w, size_t sw, size_t len, size_t n,
                         uint64_t *fps);

/* The number of 64-bit words of a state of n bytes. */
static inline size_t bc_state_words(size_t n) { return (n + 7) / 8; }

/*
** Copy a state of 'n' bytes at 'src', which may be read up to n rounded up
** to 8 (its padding), into the 8-byte aligned 'dst' as whole words; the
** bytes after n in the last word are zero. Every store is an aligned word,
** so word reads of 'dst' right after are forwarded from the store buffer.
*/
static inline void bc_state_copy_words(void *dst, const void *src,
                                       size_t n) {
  uint64_t *d = (uint64_t *)dst;
  const unsigned char *s = (const unsigned char *)src;
  size_t nw = bc_state_words(n);
  if (nw > 16) {
    /* a big state (a family of hundreds of members: kilobytes, copied
    ** per instance where instances are enumerated one by one): one
    ** memcpy, whose wide stores a word read still forwards from; the loop
    ** of words, which gcc -O2 does not vectorize, was 1,214 of 3,808
    ** samples of x86 NAP=512 --por (2 KB states, docs/performance.md) */
    memcpy(d, s, 8 * (nw - 1));
  } else {
    for (size_t k = 0; k + 1 < nw; k++)
      memcpy(&d[k], s + 8 * k, 8);
  }
  if (nw) {
    uint64_t t;
    memcpy(&t, s + 8 * (nw - 1), 8);
    unsigned r = (unsigned)(n & 7);
    d[nw - 1] = r ? t & ((UINT64_C(1) << (8 * r)) - 1) : t;
  }
}

/* Word k of the state 'src' (n bytes, readable to its padding) into 'dst'
** as bc_state_copy_words puts it: put back one word of a copy. */
static inline void bc_state_put_word(void *dst, const void *src, size_t n,
                                     size_t k) {
  uint64_t t;
  memcpy(&t, (const unsigned char *)src + 8 * k, 8);
  if (8 * k + 8 > n)
    t &= (UINT64_C(1) << (8 * (n & 7))) - 1;
  memcpy((unsigned char *)dst + 8 * k, &t, 8);
}

/*
** bc_state_copy_words for a 'src' that may not be read past n bytes (a
** state in a packed array): the last word's bytes are read with one load
** ending at byte n, shifted down.
*/
static inline void bc_state_load_words(void *dst, const void *src,
                                       size_t n) {
  uint64_t *d = (uint64_t *)dst;
  const unsigned char *s = (const unsigned char *)src;
  size_t full = n / 8;
  unsigned r = (unsigned)(n & 7);
  for (size_t k = 0; k < full; k++)
    memcpy(&d[k], s + 8 * k, 8);
  if (r && n >= 8) {
    uint64_t t;
    memcpy(&t, s + n - 8, 8);
    d[full] = t >> (8 * (8 - r));
  } else if (r) {
    uint64_t t = 0;
    for (unsigned i = 0; i < r; i++)
      t |= (uint64_t)s[i] << (8 * i);
    d[0] = t;
  }
}

/*
** Copy a state of 'n' bytes: memcpy, but states of 4 to 16 bytes (the usual
** boot model) are moved as two overlapping words inline, without the call
** a memcpy of a size unknown at compile time costs.
*/
static inline void bc_state_copy(void *dst, const void *src, size_t n) {
  unsigned char *d = (unsigned char *)dst;
  const unsigned char *s = (const unsigned char *)src;
  if (n >= 8 && n <= 16) {
    uint64_t a, b;
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
    memcpy(d, &a, 8);
    memcpy(d + n - 8, &b, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t a, b;
    memcpy(&a, s, 4);
    memcpy(&b, s + n - 4, 4);
    memcpy(d, &a, 4);
    memcpy(d + n - 4, &b, 4);
  } else {
    memcpy(d, s, n);
  }
}

struct bc_store_opts {
  size_t state_bytes;     /* size of every state, >= 1 */
  bool fingerprint_only;  /* false: exact mode */
  unsigned initial_log2;  /* initial table capacity 2^n slots (0: 16) */
  size_t max_memory;      /* bytes the store may use in all (0: no limit) */
  /* fault in, from a helper thread, memory the store will write soon
  ** (states/store.c, "First touch ahead"): for a caller with a CPU to
  ** spare; ignored under max_memory */
  bool pretouch;
};

struct bc_store;

/* Create a store. Returns BC_OK and sets *ret, or a negative error. */
int bc_store_new(const struct bc_store_opts *opts, struct bc_store **ret);
/* Free a store and everything in it; NULL is allowed. */
void bc_store_free(struct bc_store *s);

/*
** Insert 'state' (state_bytes bytes, fingerprint 'fp' as computed by
** bc_fingerprint) reached from 'parent' by transition number 'how'
** (BC_NO_STATE and 0 for an initial state). Returns 1 when the state is new
** (then *ret_id is its id and it is appended to the frontier), 0 when it was
** already visited (*ret_id is its id in exact mode, BC_NO_STATE in
** fingerprint-only mode), or a negative error (BC_ENOMEM when the memory
** limit or malloc stops it, BC_EIO when the link file cannot be written;
** the store is unchanged and still usable).
** ret_id may be NULL.
*/
int bc_store_insert(struct bc_store *s, const void *state, uint64_t fp,
                    bc_state_id parent, uint32_t how, bc_state_id *ret_id);

/*
** The id of 'state' (fingerprint 'fp') in an exact store, or BC_NO_STATE
** when it was never inserted (and always in fingerprint-only mode, or
** after bc_store_drop_table). A look-up only: the store is unchanged.
*/
bc_state_id bc_store_find(const struct bc_store *s, const void *state,
                          uint64_t fp);

/*
** Insert a batch of 'n' states held as whole words (sw =
** bc_state_words(state_bytes) words each, the bytes after the state in
** the last word zero): record i is words[i * sw ...], reached from
** parent[i] by transition how[i]. Fingerprints are bc_fingerprint_words
** (written to fps[0..n-1], the caller's scratch of n entries); the result
** is that of n bc_store_insert calls in order, without a call per record.
** The batch indices of the new states go to new_idx (ascending), their
** number to *ret_new; their ids follow the store's distinct count before
** the call, in that order. When 'ids' is not NULL, ids[i] is record i's
** id, whether it is new or was found (as bc_store_insert's *ret_id:
** BC_NO_STATE for a state found in fingerprint-only mode), for each
** record handled (i < *ret_done). Returns BC_OK, or the error of the first
** record that failed (as bc_store_insert); *ret_done is the number of
** records handled before it (n on success).
*/
int bc_store_insert_words(struct bc_store *s, const uint64_t *words,
                          size_t sw, const uint32_t *parent,
                          const uint32_t *how, size_t n, uint64_t *fps,
                          uint32_t *new_idx, uint32_t *ids, size_t *ret_new,
                          size_t *ret_done);

/*
** bc_store_insert_words with the fingerprints given: fps[r] is record r's
** (any function of the state, one per store, never 0 in fingerprint-only
** mode: bc_fingerprint and bc_fingerprint_words never are), not
** computed again. With 'sel', the n records inserted are sel[0..n-1], in
** that order (the others are left alone); without (NULL), records
** 0..n-1. new_idx gets the record numbers of the new states (sel[i], not
** i), ids[i] (when not NULL) the id of the i-th record inserted (sel[i]),
** *ret_done the number of records handled before an error. The
** parallel search fingerprints its successors to find their owners, then
** inserts its own and, later, those the other workers sent it.
*/
int bc_store_insert_words_fp(struct bc_store *s, const uint64_t *words,
                             size_t sw, const uint32_t *parent,
                             const uint32_t *how, const uint64_t *fps,
                             const uint32_t *sel, size_t n,
                             uint32_t *new_idx, uint32_t *ids,
                             size_t *ret_new, size_t *ret_done);

/*
** Hint that 'fp' is about to be inserted into 's': starts loading its table
** slot into the cache and changes nothing. An explorer that generates a
** batch of successors, calls this for each and then inserts them hides most
** of the cache miss an insert costs past the caches (measured 1.6-2x more
** inserts/s with batches of 16 on 10 M states).
*/
void bc_store_prefetch(const struct bc_store *s, uint64_t fp);

/*
** Take the next state of the frontier, in insertion (breadth-first) order.
** Returns a pointer to its bytes, valid until the next call of
** bc_store_next or bc_store_insert, and sets *ret_id; NULL when the frontier
** is empty.
*/
const void *bc_store_next(struct bc_store *s, bc_state_id *ret_id);

/* The parent and transition number recorded for 'id'. */
void bc_store_link(const struct bc_store *s, bc_state_id id,
                   bc_state_id *ret_parent, uint32_t *ret_how);

/* The bytes of state 'id' (exact mode only; NULL in fingerprint mode). */
const void *bc_store_state(const struct bc_store *s, bc_state_id id);

struct bc_store_stats {
  uint64_t distinct;     /* states stored */
  uint64_t inserts;      /* bc_store_insert calls (states generated) */
  uint64_t frontier;     /* states waiting in the frontier */
  uint64_t capacity;     /* table slots */
  size_t bytes;          /* memory in use by the store */
  size_t peak_bytes;     /* the most 'bytes' has been */
  uint64_t disk_bytes;   /* fp-only: trace links in the temporary file */
  uint64_t probes;       /* table slots looked at, all inserts */
};
void bc_store_stats(const struct bc_store *s, struct bc_store_stats *ret);

/*
** Change the bytes 's' may use in all (0: no limit), as max_memory in
** bc_store_opts; a limit below what it already uses lets it use no more.
** The explorer lowers it while the liveness graph shares the store's part
** of --max-memory (checker/explore/live.c).
*/
void bc_store_set_max_memory(struct bc_store *s, size_t max_memory);

/*
** Free the visited set's table once the search is over: the states and
** their links stay readable by id (bc_store_state, bc_store_link,
** bc_store_stats), but nothing may be inserted, prefetched or taken from
** the frontier any more. The liveness pass, which needs the states by id
** and not the set, gets its memory (checker/explore/explore.c).
*/
void bc_store_drop_table(struct bc_store *s);

/*
** Probability bound that fingerprint-only mode merged two distinct states,
** TLC's optimistic estimate n*(g-n)/2^64 with n distinct and g generated
** states. 0 in exact mode.
*/
double bc_store_collision_bound(const struct bc_store *s);

#endif /* BOOTCHECK_STATES_H */
