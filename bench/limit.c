/*
** limit.c - a hand-written explorer of bench/models/boot.boot, the "limit"
** row of bench/run: how fast one core can search this one model when
** nothing is generic.
**
**   limit N          (1 <= N <= 14)
**
** prints one line
**
**   states=<distinct> edges=<successors> violations=<n> deadlocks=<n>
**   table_bytes=<b> queue_bytes=<b> state_bytes=16 seconds=<search s>
**
** and exits 0 when no constraint is violated and no state deadlocks, 1
** otherwise. Same states, same steps and same checks as bootcheck on
** boot.boot: the step assertion C3 (at ap.cr4_init: pinned) on every
** AP step from cr4_init, the invariant C4 on every new state, and a
** deadlock check (no successor, and not every process ended).
**
** How it is made fast (see docs/performance.md):
**   - a state is two aligned 64-bit words, a step one xor into one word
**     held in a register (limit_model.h, shared with limit2.c).
**   - the store is 8-byte XXH3 fingerprints only, open addressing with
**     linear probing, 0 = empty slot, the table doubled at 3/4 full, mapped
**     with MADV_HUGEPAGE (fewer TLB misses on random probes).
**   - successors of a batch of BATCH queue states are generated and
**     fingerprinted first, then inserted in order, the slot of probe i +
**     AHEAD prefetched before probe i: the memory latency of one probe
**     overlaps the next AHEAD probes' (without evicting prefetched lines,
**     as prefetching a whole large batch at once does).
**   - the BFS queue holds full states, appended and read in order.
**   - the invariant is 6 word operations (SWAR over the AP bytes).
** limit2.c is the same search on two threads, deterministic.
** No trace, no parents: it can say that a constraint fails, not how.
*/
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "limit_model.h"


#ifndef BATCH
#define BATCH 8 /* queue states per batch */
#endif
#ifndef AHEAD
#define AHEAD 16 /* probes in flight */
#endif
static uint64_t *table;
static uint64_t mask, used;

static state_t *queue;
static size_t qcap, qlen;

static uint64_t edges, violations, deadlocks;

static void grow_table(void) {
  uint64_t *old = table, oldn = mask + 1;
  mask = oldn * 2 - 1;
  table = map("limit", (mask + 1) * sizeof *table, 0);
  for (uint64_t i = 0; i < oldn; i++) {
    uint64_t f = old[i];
    if (f) {
      uint64_t j = f & mask;
      while (table[j])
        j = (j + 1) & mask;
      table[j] = f;
    }
  }
  munmap(old, oldn * sizeof *old);
}

/* Returns 1 when f was not in the table (and is now). */
static inline int insert(uint64_t f) {
  uint64_t j = f & mask;
  for (;;) {
    uint64_t x = table[j];
    if (x == f)
      return 0;
    if (x == 0)
      break;
    j = (j + 1) & mask;
  }
  table[j] = f;
  if (++used * 4 > (mask + 1) * 3)
    grow_table();
  return 1;
}

static void push(const state_t *s) {
  if (qlen == qcap) {
    size_t ncap = qcap * 2;
    state_t *nq = map("limit", ncap * sizeof *nq, 0);
    memcpy(nq, queue, qlen * sizeof *nq);
    munmap(queue, qcap * sizeof *queue);
    queue = nq;
    qcap = ncap;
  }
  queue[qlen++] = *s;
}

int main(int argc, char **argv) {
  int n;
  if (argc != 2 || (n = atoi(argv[1])) < 1 || n > MAXN) {
    fprintf(stderr, "usage: limit N   (1 <= N <= %d)\n", MAXN);
    return 2;
  }
  model_init(n);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);

  mask = (UINT64_C(1) << 16) - 1;
  table = map("limit", (mask + 1) * sizeof *table, 0);
  qcap = (size_t)1 << 16;
  queue = map("limit", qcap * sizeof *queue, 0);

  state_t init = {{0, 0}};
  insert(fp_of(&init));
  push(&init);
  if (c4_fails(&init))
    violations++;

  static state_t succ[BATCH * (MAXN + 1)];
  static uint64_t fps[BATCH * (MAXN + 1)];
  size_t head = 0;
  while (head < qlen) {
    size_t end = qlen - head > BATCH ? head + BATCH : qlen;
    int ns = 0;
    for (size_t q = head; q < end; q++) {
      int k = successors(&queue[q], &succ[ns], &violations);
      if (k == 0 && is_deadlock(&queue[q]))
        deadlocks++;
      for (int i = ns; i < ns + k; i++) {
        fps[i] = fp_of(&succ[i]);
        if (i < AHEAD)
          __builtin_prefetch(&table[fps[i] & mask], 1, 0);
      }
      ns += k;
    }
    head = end;
    edges += (uint64_t)ns;
    for (int i = 0; i < ns; i++) {
      if (i + AHEAD < ns)
        __builtin_prefetch(&table[fps[i + AHEAD] & mask], 1, 0);
      if (insert(fps[i])) {
        if (c4_fails(&succ[i]))
          violations++;
        push(&succ[i]);
      }
    }
  }

  clock_gettime(CLOCK_MONOTONIC, &t1);
  double secs = (double)(t1.tv_sec - t0.tv_sec) +
                (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
  printf("states=%zu edges=%llu violations=%llu deadlocks=%llu "
         "table_bytes=%llu queue_bytes=%zu state_bytes=%zu seconds=%.4f\n",
         qlen, (unsigned long long)edges, (unsigned long long)violations,
         (unsigned long long)deadlocks,
         (unsigned long long)((mask + 1) * sizeof *table),
         qcap * sizeof *queue, sizeof(state_t), secs);
  return violations || deadlocks ? 1 : 0;
}
