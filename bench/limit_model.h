/*
** limit_model.h - bench/models/boot.boot written by hand, for the
** hand-written explorers limit.c (one core) and limit2.c (two threads).
**
** A state is two aligned 64-bit words: AP k (k = 0..N-1) is byte k, bits
** 0-2 its pc (4 = ended), bits 3-6 cr4[k+1], bit 7 online[k+1]; the BSP is
** bytes 14-15 of word 1: bits 0-3 its pc (10 = ended), bit 4 pinned, bit 5
** kicked, bits 6-9 cr4[0]. A step is one xor into one word held in a
** register; no byte stores, no store-forwarding stalls. The invariant C4
** is 6 word operations (SWAR over the AP bytes).
**
** With the two helpers both explorers use: map (memory with huge pages)
** and fp_of (a state's fingerprint). Included by one file of each
** program: its definitions are static.
*/
#ifndef BC_BENCH_LIMIT_MODEL_H
#define BC_BENCH_LIMIT_MODEL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#define MAXN 14

typedef struct {
  uint64_t w[2];
} state_t;

static int n_aps;

#define BSP_SHIFT 48 /* bytes 14-15 of word 1 */
#define BSP_PC(w1) (((w1) >> BSP_SHIFT) & 0xf)
#define PINNED (UINT64_C(1) << (BSP_SHIFT + 4))
#define KICKED (UINT64_C(1) << (BSP_SHIFT + 5))
#define CR4_0_SHIFT (BSP_SHIFT + 6)
#define ALL4 UINT64_C(0xf)

static uint64_t ap_online_mask[2]; /* bit 7 of every AP byte */

/* C4: every online AP has all four bits: per AP byte, online and a cr4 bit
** missing. (~w & 0x78) + 0x78 carries into bit 7 iff a bit is missing. */
static inline int c4_fails(const state_t *s) {
  uint64_t bad = 0;
  for (int i = 0; i < 2; i++) {
    uint64_t w = s->w[i];
    uint64_t miss = ((~w & UINT64_C(0x7878787878787878)) +
                     UINT64_C(0x7878787878787878));
    bad |= miss & w & ap_online_mask[i];
  }
  return bad != 0;
}

/* The successors of s, in bootcheck's order (the BSP, then AP 1..N), into
** out[]; returns how many. A step from cr4_init before pinning adds one to
** *violations (C3). */
static inline int successors(const state_t *s, state_t *out,
                             uint64_t *violations) {
  int k = 0;
  uint64_t w1 = s->w[1];
  unsigned bpc = (unsigned)BSP_PC(w1);
  if (bpc < 10) {
    uint64_t nw = w1 + (UINT64_C(1) << BSP_SHIFT);
    if (bpc == 3) /* identify_boot_cpu: cr4[0] := {SMEP, SMAP, UMIP} */
      nw = (nw & ~(ALL4 << CR4_0_SHIFT)) | (UINT64_C(7) << CR4_0_SHIFT);
    else if (bpc == 4) /* setup_cr_pinning */
      nw |= PINNED;
    else if (bpc == 5) /* setup_lass: + {LASS} */
      nw |= UINT64_C(8) << CR4_0_SHIFT;
    else if (bpc == 9) /* smp_init */
      nw |= KICKED;
    out[k].w[0] = s->w[0];
    out[k].w[1] = nw;
    k++;
  }
  if (!(w1 & KICKED)) /* every AP awaits kicked at pc 0 */
    return k;
  uint64_t pinned = w1 & PINNED;
  uint64_t cr4_0 = (w1 >> CR4_0_SHIFT) & ALL4;
  for (int a = 0; a < n_aps; a++) {
    int wi = a >> 3;
    unsigned sh = (unsigned)(a & 7) * 8;
    uint64_t w = s->w[wi];
    uint64_t b = (w >> sh) & 0xff, nb;
    switch (b & 7) {
    case 0: /* start_secondary: await kicked */
      nb = b + 1;
      break;
    case 1: /* cr4_init: C3, then if pinned then cr4[i] := cr4[0] */
      if (!pinned) {
        (*violations)++;
        nb = b + 1;
      } else {
        nb = ((b & ~UINT64_C(0x78)) | (cr4_0 << 3)) + 1;
      }
      break;
    case 2: /* ap_starting: cr4[i] := cr4[i] + all four */
      nb = (b | 0x78) + 1;
      break;
    case 3: /* set_cpu_online */
      nb = (b | 0x80) + 1;
      break;
    default: /* ended */
      continue;
    }
    out[k] = *s;
    out[k].w[wi] = w ^ ((b ^ nb) << sh);
    k++;
  }
  return k;
}

/* The model's set-up for N APs. */
static void model_init(int n) {
  n_aps = n;
  for (int a = 0; a < n_aps; a++)
    ap_online_mask[a >> 3] |= UINT64_C(0x80) << ((a & 7) * 8);
}

/* A state with no successor that is not the normal end (the BSP and every
** AP ended) is a deadlock. */
static inline int is_deadlock(const state_t *s) {
  int done = BSP_PC(s->w[1]) == 10;
  for (int a = 0; a < n_aps && done; a++)
    done = ((s->w[a >> 3] >> ((a & 7) * 8)) & 7) == 4;
  return !done;
}

/* 'bytes' of zeroed memory, marked for huge pages (fewer TLB misses on
** random probes); 'more' adds mmap flags (MAP_NORESERVE). Exits with 3
** when there is none, naming 'who'. */
static void *map(const char *who, size_t bytes, int more) {
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | more, -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr, "%s: mmap: ", who);
    perror(NULL);
    exit(3);
  }
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

/* The state's XXH3 fingerprint, never 0 (0 marks an empty slot). */
static inline uint64_t fp_of(const state_t *s) {
  uint64_t h = XXH3_64bits(s->w, sizeof s->w);
  return h ? h : 1;
}

#endif
