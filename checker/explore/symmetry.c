/*
** symmetry.c - symmetry reduction for `symmetric` process families.
**
** A state is replaced by its canonical representative: the members of each
** symmetric family are sorted by the values of their permuted fields
** (program counter, process variables, the elements of member-indexed
** arrays), so states that differ only by renaming members become one. The
** compiler checked that renaming members maps steps to steps and keeps
** every constraint's value (compile.c, finish_symmetry).
*/
#include "explore/symmetry.h"

#include "bootcheck/arena.h"
#include "bootcheck/debug.h"
#include "bootcheck/states.h"
#include "front/compile_int.h"
#include "model/vm.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Changed members of a family beyond which bc_sym_canon_succ sorts the
** family anew (a step that writes every member's element of an array). */
#define INC_MAX 16

/* A packed family whose members x permuted fields is at most this is read
** whole when a state is expanded (bc_sym_parent): its runs of equal keys
** found word-wise, one key read per run, and positions looked up in the
** runs instead of searched. Larger families read keys when needed, which
** costs in the runs crossed, not in the members. Reading whole still won
** at 1,024 members of 13 fields (x86 spec, --por, NAP = 512 and 1,024:
** -3.5% CPU against a limit of 4,096). */
#ifndef BC_SYM_EAGER
#define BC_SYM_EAGER 65536
#endif

static bool packed(const struct bc_program *p, const struct bc_symfam *sf);
static void inc_init(const struct bc_program *p, struct bc_sym_scratch *sc);

size_t bc_sym_members(const struct bc_program *p) {
  size_t n = 0;
  for (size_t f = 0; f < p->nsymfams; f++)
    n += p->symfams[f].n;
  return n;
}

void bc_sym_scratch_init(struct bc_sym_scratch *sc,
                         const struct bc_program *p) {
  size_t keys = 0, n = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    size_t k = (size_t)p->symfams[f].n * (p->symfams[f].nvars + 1);
    keys = k > keys ? k : keys;
    n = p->symfams[f].n > n ? p->symfams[f].n : n;
  }
  sc->keys = bc_xcalloc(keys + 1, sizeof *sc->keys);
  sc->orig = bc_xcalloc(n + 1, sizeof *sc->orig);
  sc->ord = bc_xcalloc(n + 1, sizeof *sc->ord);
  size_t nf = 0;
  for (size_t f = 0; f < p->nsymfams; f++)
    nf += p->symfams[f].nvars;
  sc->off0 = bc_xcalloc(nf + 1, sizeof *sc->off0);
  sc->stride = bc_xcalloc(nf + 1, 1);
  sc->width = bc_xcalloc(nf + 1, 1);
  sc->parent = NULL;
  sc->pk = bc_xcalloc(bc_sym_members(p) + 1, sizeof *sc->pk);
  sc->pkst = bc_xcalloc(bc_sym_members(p) + 1, sizeof *sc->pkst);
  sc->pstamp = 0;
  sc->pok = bc_xcalloc(p->nsymfams + 1, sizeof *sc->pok);
  sc->eager = bc_xcalloc(p->nsymfams + 1, sizeof *sc->eager);
  size_t rw = bc_sym_members(p) / 64 + p->nsymfams + 1;
  sc->rsm = bc_xcalloc(rw, sizeof *sc->rsm);
  sc->pre = bc_xcalloc(rw, sizeof *sc->pre);
  sc->rsl = bc_xcalloc(bc_sym_members(p) + p->nsymfams + 1, sizeof *sc->rsl);
  sc->rkl = bc_xcalloc(bc_sym_members(p) + 1, sizeof *sc->rkl);
  sc->hib = bc_xcalloc(nf + 1, sizeof *sc->hib);
  sc->rcp = bc_xcalloc(nf + 1, sizeof *sc->rcp);
  sc->eager_max = BC_SYM_EAGER;
  sc->twins = bc_xcalloc(p->ninsts + 1, 1);
  sc->dw = bc_xcalloc(bc_state_words(p->state_bytes) + 1, sizeof *sc->dw);
  sc->dx = bc_xcalloc(bc_state_words(p->state_bytes) + 1, sizeof *sc->dx);
  sc->cm = bc_xcalloc(INC_MAX + 1, sizeof *sc->cm);
  sc->nk = bc_xcalloc(INC_MAX + 1, sizeof *sc->nk);
  sc->nks = bc_xcalloc(INC_MAX + 1, sizeof *sc->nks);
  sc->ups = bc_xcalloc(INC_MAX + 1, sizeof *sc->ups);
  sc->mark = bc_xcalloc(n + 1, sizeof *sc->mark);
  sc->cidx = bc_xcalloc(n + 1, sizeof *sc->cidx);
  sc->maxn = (uint32_t)n;
  sc->stamp = 0;
  /* per family and state word, the permuted fields whose elements have
  ** bits in it (a field's elements are bits c0 .. c1 - 1) */
  size_t nw = bc_state_words(p->state_bytes), nent = 0;
  sc->c1 = bc_xcalloc(nf + 1, sizeof *sc->c1);
  sc->ksh = bc_xcalloc(nf + 1, sizeof *sc->ksh);
  sc->kf = bc_xcalloc(64 * p->nsymfams + 1, sizeof *sc->kf);
  sc->wfo = bc_xcalloc(p->nsymfams * (nw + 1) + 1, sizeof *sc->wfo);
  for (size_t f = 0; f < p->nsymfams; f++)
    for (unsigned k = 0; k < p->symfams[f].nvars; k++) {
      const struct bc_field *fd = &p->fields[p->symfams[f].vars[k]];
      uint32_t c0 = fd->bitoff + p->symfams[f].elem0[k] * fd->stride;
      uint32_t c1 = c0 + (p->symfams[f].n - 1) * fd->stride + fd->width;
      if (fd->width && p->symfams[f].n)
        nent += (c1 - 1) / 64 - c0 / 64 + 1;
    }
  sc->wfk = bc_xcalloc(nent + 1, sizeof *sc->wfk);
  nf = 0;
  nent = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    uint32_t *wfo = sc->wfo + f * (nw + 1);
    for (size_t wi = 0; wi < nw; wi++) {
      wfo[wi] = (uint32_t)nent;
      for (unsigned k = 0; k < sf->nvars; k++) {
        const struct bc_field *fd = &p->fields[sf->vars[k]];
        uint32_t c0 = fd->bitoff + sf->elem0[k] * fd->stride;
        uint32_t c1 = c0 + (sf->n - 1) * fd->stride + fd->width;
        if (fd->width && sf->n && c0 < 64 * (wi + 1) && c1 > 64 * wi)
          sc->wfk[nent++] = k;
      }
    }
    wfo[nw] = (uint32_t)nent;
  }
  for (size_t f = 0; f < p->nsymfams; f++)
    for (unsigned k = 0; k < p->symfams[f].nvars; k++, nf++) {
      const struct bc_field *fd = &p->fields[p->symfams[f].vars[k]];
      sc->off0[nf] = fd->bitoff + p->symfams[f].elem0[k] * fd->stride;
      sc->stride[nf] = fd->stride;
      sc->width[nf] = fd->width;
      sc->c1[nf] = sc->off0[nf] + (p->symfams[f].n - 1) * fd->stride +
                   fd->width;
      /* the fields after this one in a packed key */
      unsigned after = 0;
      for (unsigned k2 = k + 1; k2 < p->symfams[f].nvars; k2++)
        after += p->fields[p->symfams[f].vars[k2]].width;
      sc->ksh[nf] = (uint8_t)(after < 64 ? after : 63);
      for (unsigned b = after; b < after + fd->width && b < 64; b++)
        sc->kf[64 * f + b] = (uint16_t)k;
      /* the elements a word holds whole, for run_starts() */
      for (unsigned e = 0; fd->width && (e + 1) * fd->width <= 64; e++)
        sc->hib[nf] |= (uint64_t)1 << (e * fd->width + fd->width - 1);
      sc->rcp[nf] = fd->width ? (((uint64_t)1 << 32) + fd->width - 1) / fd->width
                              : 0;
    }
  for (size_t f = 0; f < p->nsymfams; f++)
    sc->pok[f] = packed(p, &p->symfams[f]);
  inc_init(p, sc);
}

void bc_sym_scratch_release(struct bc_sym_scratch *sc) {
  free(sc->keys);
  free(sc->orig);
  free(sc->ord);
  free(sc->off0);
  free(sc->stride);
  free(sc->width);
  free(sc->pk);
  free(sc->pkst);
  free(sc->pok);
  free(sc->eager);
  free(sc->rsm);
  free(sc->pre);
  free(sc->rsl);
  free(sc->rkl);
  free(sc->incs);
  free(sc->hib);
  free(sc->rcp);
  free(sc->twins);
  free(sc->dw);
  free(sc->c1);
  free(sc->ksh);
  free(sc->kf);
  free(sc->wfo);
  free(sc->wfk);
  free(sc->dx);
  free(sc->cm);
  free(sc->nk);
  free(sc->nks);
  free(sc->ups);
  free(sc->mark);
  free(sc->cidx);
  memset(sc, 0, sizeof *sc);
}

static inline uint64_t get(const struct bc_field *fd, const uint8_t *st,
                           uint32_t elem) {
  return bc_bits_get(st, fd->bitoff + elem * fd->stride, fd->width);
}

static inline void put(const struct bc_field *fd, uint8_t *st, uint32_t elem,
                       uint64_t v) {
  bc_bits_set(st, fd->bitoff + elem * fd->stride, fd->width, v);
}

/* The fields of a member fit one 64-bit key with 12 bits to spare for the
** member number (the usual case: a pc and a few flags): sort plain words. */
static bool packed(const struct bc_program *p, const struct bc_symfam *sf) {
  unsigned bits = 0;
  for (unsigned k = 0; k < sf->nvars; k++)
    bits += p->fields[sf->vars[k]].width;
  return bits <= 52 && sf->n <= 4096;
}

/* off0, stride, width: the family's fields (struct bc_sym_scratch). */
static void canon_packed(const struct bc_symfam *sf, uint8_t *st,
                         uint64_t *keys, uint64_t *orig, const uint32_t *off0,
                         const uint8_t *stride, const uint8_t *width,
                         uint32_t *perm) {
  unsigned n = sf->n, nv = sf->nvars;
  /* field by field: each loop has one width and stride, and its
  ** iterations are independent (x86 spec, NAP=64 --por: about 15% less
  ** time in all, docs/performance.md) */
  memset(orig, 0, n * sizeof *orig);
  for (unsigned k = 0; k < nv; k++) {
    unsigned w = width[k], s = stride[k];
    uint32_t off = off0[k];
    for (unsigned m = 0; m < n; m++, off += s)
      orig[m] = (orig[m] << w) | bc_bits_get(st, off, w);
  }
  for (unsigned m = 0; m < n; m++) {
    uint64_t key = orig[m];
    bc_hot_assert((key >> 52) == 0 && m < 4096); /* packed() */
    /* insertion sort as the keys come: successors differ from a sorted
    ** state in one member, so this is nearly linear */
    uint64_t v = key << 12 | m;
    unsigned i = m;
    while (i > 0 && keys[i - 1] > v) {
      keys[i] = keys[i - 1];
      i--;
    }
    keys[i] = v;
  }
  /* position j gets the j-th smallest key; it is rewritten only when it
  ** held another key (equal keys are equal fields) */
  for (unsigned j = 0; j < n; j++) {
    unsigned m = (unsigned)(keys[j] & 0xfff);
    bc_hot_assert(m < n && (j == 0 || keys[j - 1] < keys[j]));
    if (perm)
      perm[m] = j;
    uint64_t key = keys[j] >> 12;
    if (key == orig[j])
      continue;
    for (unsigned k = nv; k-- > 0;) {
      bc_bits_set(st, off0[k] + j * stride[k], width[k],
                  key & bc_mask(width[k]));
      key >>= width[k];
    }
  }
}

/* Sort the members of a family whose keys do not fit one word: each
** member's fields compared field by field. */
static void canon_wide(const struct bc_program *p, const struct bc_symfam *sf,
                       uint8_t *st, struct bc_sym_scratch *sc,
                       uint32_t *perm) {
  unsigned n = sf->n, nv = sf->nvars;
  uint64_t *keys = sc->keys; /* member m's key: keys[m * nv .. +nv) */
  for (unsigned m = 0; m < n; m++)
    for (unsigned k = 0; k < nv; k++)
      keys[m * nv + k] = get(&p->fields[sf->vars[k]], st, sf->elem0[k] + m);
  /* insertion sort of member numbers by key (stable) */
  uint32_t *ord = sc->ord;
  for (unsigned j = 0; j < n; j++) {
    uint32_t m = j;
    unsigned i = j;
    while (i > 0) {
      const uint64_t *a = &keys[ord[i - 1] * nv], *b = &keys[m * nv];
      unsigned k = 0;
      while (k < nv && a[k] == b[k])
        k++;
      if (k == nv || a[k] < b[k])
        break;
      ord[i] = ord[i - 1];
      i--;
    }
    ord[i] = m;
  }
  for (unsigned j = 0; j < n; j++) {
    bc_hot_assert(ord[j] < n);
    if (perm)
      perm[ord[j]] = j;
    if (ord[j] == j)
      continue;
    for (unsigned k = 0; k < nv; k++)
      put(&p->fields[sf->vars[k]], st, sf->elem0[k] + j,
          keys[ord[j] * nv + k]);
  }
}

void bc_sym_canon(const struct bc_program *p, uint8_t *st,
                  struct bc_sym_scratch *sc, uint32_t *perm) {
  size_t fi = 0; /* the family's first field in sc->off0 .. */
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    if (packed(p, sf))
      canon_packed(sf, st, sc->keys, sc->orig, sc->off0 + fi, sc->stride + fi,
                   sc->width + fi, perm);
    else
      canon_wide(p, sf, st, sc, perm);
    fi += sf->nvars;
    if (perm)
      perm += sf->n;
  }
}

/* ------------------------------------------ incremental canonicalisation */

/* Member m's packed key (canon_packed: the first field most significant). */
static inline uint64_t member_key(const uint8_t *st, unsigned nv,
                                  const uint32_t *off0, const uint8_t *stride,
                                  const uint8_t *width, unsigned m) {
  uint64_t key = 0;
  for (unsigned k = 0; k < nv; k++)
    key = (key << width[k]) |
          bc_bits_get(st, off0[k] + m * stride[k], width[k]);
  return key;
}

/* One family's incremental canonicalisation (bc_sym_parent,
** bc_sym_canon_succ). The parent's keys are read when needed (pkey) and
** kept until the next parent. */
struct inc {
  uint8_t *st;
  unsigned nv;
  const uint32_t *off0;
  const uint8_t *stride, *width;
  const uint64_t *rcp; /* 2^32 / width, rounded up */
  const uint32_t *c1;  /* where the field's last element ends */
  const uint8_t *ksh;  /* where the field is in a key */
  const uint16_t *kf;  /* the field at each bit of a key (64) */
  const uint32_t *wfo, *wfk; /* the fields in each word (scratch) */
  const uint8_t *par;  /* the parent state */
  /* an eager family (every key known): the runs of equal keys, their
  ** starts as bits (rsm, with the starts in the words before each word:
  ** pre) and as a list (rsl, nr + 1 entries, the last n), their keys */
  bool eager;
  uint32_t nr;
  uint64_t *rsm;
  uint32_t *pre, *rsl;
  uint64_t *rkl;
  uint64_t *pk;        /* the parent's keys ... */
  uint32_t *pkst;      /* ... where pkst[j] == pstamp */
  uint32_t pstamp;
  uint32_t n;
  size_t nb;           /* state bytes */
  struct bc_sym_scratch *sc;
};

/* Each family's struct inc, the parts that do not change per state. */
static void inc_init(const struct bc_program *p, struct bc_sym_scratch *sc) {
  struct inc *incs = bc_xcalloc(p->nsymfams + 1, sizeof *incs);
  size_t fi = 0, base = 0, wb = 0, nw = bc_state_words(p->state_bytes);
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    incs[f] = (struct inc){NULL, sf->nvars, sc->off0 + fi, sc->stride + fi,
                           sc->width + fi, sc->rcp + fi, sc->c1 + fi,
                           sc->ksh + fi, sc->kf + 64 * f,
                           sc->wfo + f * (nw + 1), sc->wfk,
                           NULL, false, 0, sc->rsm + wb, sc->pre + wb,
                           sc->rsl + base + f, sc->rkl + base, sc->pk + base,
                           sc->pkst + base, 0, sf->n, p->state_bytes, sc};
    fi += sf->nvars;
    base += sf->n;
    wb += (sf->n + 63) / 64;
  }
  sc->incs = incs;
}

/* The set bits of x, in registers (the build does not assume the popcnt
** instruction, and __builtin_popcountll would be a library call). */
static inline uint32_t ones(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555u);
  x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
  x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fu;
  return (uint32_t)((x * 0x0101010101010101u) >> 56);
}

/* Position j of c->st holds key 'was': write 'key' there, the fields that
** differ, found from the differing bits (kf: the field at each key bit). */
static inline void put_key(const struct inc *c, unsigned j, uint64_t key,
                           uint64_t was) {
  uint64_t diff = key ^ was;
  while (diff) {
    unsigned k = c->kf[__builtin_ctzll(diff)], w = c->width[k];
    uint64_t m = bc_mask(w) << c->ksh[k];
    bc_bits_set(c->st, c->off0[k] + j * c->stride[k], w,
                (key & m) >> c->ksh[k]);
    diff &= ~m;
  }
}

/* The run (of an eager family's parent) that position j is in. */
static inline uint32_t rank(const struct inc *c, uint32_t j) {
  uint32_t i = j / 64;
  uint64_t upto = c->rsm[i] & (~(uint64_t)0 >> (63 - j % 64));
  return c->pre[i] + ones(upto) - 1;
}

/* The parent's key at position j. */
static inline uint64_t pkey(const struct inc *c, uint32_t j) {
  bc_hot_assert(j < c->n);
  if (c->eager)
    return c->rkl[rank(c, j)];
  if (c->pkst[j] != c->pstamp) {
    c->pk[j] = member_key(c->par, c->nv, c->off0, c->stride, c->width, j);
    c->pkst[j] = c->pstamp;
  }
  return c->pk[j];
}

/* The first position in lo .. hi - 1 whose parent key is greater than v
** (the keys are sorted), or hi. */
static uint32_t upper(const struct inc *c, uint32_t lo, uint32_t hi,
                      uint64_t v) {
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (pkey(c, mid) <= v)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* The end of the run of equal parent keys that position t is in (galloping
** from t: short runs cost a few keys). */
static uint32_t run_end(const struct inc *c, uint32_t t) {
  if (c->eager)
    return c->rsl[rank(c, t) + 1];
  uint64_t v = pkey(c, t);
  uint32_t last = t, step = 1; /* pkey(last) == v */
  for (;;) {
    uint32_t probe = last + step;
    if (probe >= c->n || probe < last)
      return upper(c, last + 1, c->n, v);
    if (pkey(c, probe) != v)
      return upper(c, last + 1, probe, v);
    last = probe;
    step *= 2;
  }
}

/*
** The members of a packed family of st where a run of equal keys starts
** (member 0, and every member whose key differs from the one before it):
** bit m of rsm. Field by field, a word of elements at a time: the XOR of
** the elements m0 .. with the elements m0 - 1 .. has a nonzero element
** where two neighbours differ, and ((x & ~h) + (~h & g)) | x has the top
** bit of exactly those (h: each element's top bit, g: the elements read;
** no carry leaves an element). The cost is in the words of the fields and
** the run starts, not in the members. A packed family's fields are at
** most 52 bits wide, so their stride is their width.
*/
static void run_starts(const uint8_t *st, unsigned n, unsigned nv,
                       const uint32_t *off0, const uint8_t *width,
                       const uint64_t *hib, const uint64_t *rcp,
                       uint64_t *rsm) {
  memset(rsm, 0, ((n + 63) / 64) * sizeof *rsm);
  rsm[0] = 1;
  for (unsigned k = 0; k < nv; k++) {
    unsigned w = width[k];
    if (w == 0)
      continue;
    unsigned per = 64 / w;
    uint64_t h = hib[k];
    uint64_t r = rcp[k];
    for (unsigned m0 = 1; m0 < n; m0 += per) {
      unsigned cnt = n - m0 < per ? n - m0 : per, bits = cnt * w;
      uint32_t at = off0[k] + m0 * w;
      uint64_t x = bc_bits_get(st, at, bits) ^ bc_bits_get(st, at - w, bits);
      if (!x)
        continue;
      uint64_t g = bc_mask(bits);
      uint64_t nz = (((x & ~h) + (~h & g)) | x) & h & g;
      while (nz) {
        /* the top bit of element i is bit i * w + w - 1: i is
        ** (bit + 1) / w - 1, by the reciprocal */
        unsigned b = (unsigned)__builtin_ctzll(nz) + 1;
        unsigned m = m0 + (unsigned)((b * r) >> 32) - 1;
        bc_hot_assert(b % w == 0 && m < n);
        rsm[m / 64] |= (uint64_t)1 << (m % 64);
        nz &= nz - 1;
      }
    }
  }
}

void bc_sym_parent(const struct bc_program *p, struct bc_sym_scratch *sc,
                   const uint8_t *parent) {
  sc->parent = parent;
  if (!parent)
    return;
  if (++sc->pstamp == 0) {
    memset(sc->pkst, 0, (bc_sym_members(p) + 1) * sizeof *sc->pkst);
    sc->pstamp = 1;
  }
  memset(sc->twins, 0, p->ninsts);
  struct inc *incs = sc->incs;
  size_t fi = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    unsigned n = sf->n, nv = sf->nvars;
    uint8_t *tw = sc->twins + p->procs[sf->proc].first_inst;
    struct inc *c = &incs[f];
    sc->eager[f] = sc->pok[f] && n > 0 && (size_t)n * nv <= sc->eager_max;
    c->par = parent;
    c->pstamp = sc->pstamp;
    c->eager = sc->eager[f];
    if (sc->eager[f]) {
      /* where the runs of equal keys start (word-wise), then one key per
      ** run, field by field (independent loads): the cost is in the
      ** fields' words and the runs, not in the members */
      const uint32_t *off0 = c->off0;
      const uint8_t *stride = c->stride, *width = c->width;
      uint32_t *rs = c->rsl, nr = 0;
      uint64_t *rk = c->rkl;
      run_starts(parent, n, nv, off0, width, sc->hib + fi, c->rcp, c->rsm);
      for (uint32_t i = 0; i < (n + 63) / 64; i++) {
        c->pre[i] = nr;
        for (uint64_t x = c->rsm[i]; x; x &= x - 1)
          rs[nr++] = i * 64 + (uint32_t)__builtin_ctzll(x);
      }
      rs[nr] = n;
      c->nr = nr;
      memset(rk, 0, nr * sizeof *rk);
      for (unsigned k = 0; k < nv; k++) {
        unsigned w = width[k], sk = stride[k];
        uint32_t o = off0[k];
        for (uint32_t r = 0; r < nr; r++)
          rk[r] = (rk[r] << w) | bc_bits_get(parent, o + rs[r] * sk, w);
      }
      /* twins: every member but the runs' first */
      memset(tw, 1, n);
      for (uint32_t r = 0; r < nr; r++)
        tw[rs[r]] = 0;
#ifdef BC_HOT_ASSERTS
      for (uint32_t r = 1; r < nr; r++)
        bc_hot_assert(rk[r - 1] < rk[r]);
      for (unsigned m = 0; m < n; m++)
        bc_hot_assert(pkey(c, m) ==
                      member_key(parent, nv, off0, stride, width, m));
#endif
    } else if (sc->pok[f]) {
      /* a canonical state: the keys are sorted (every state the search
      ** expands was canonicalised), and equal keys, equal fields, are
      ** runs: their ends are found by search, O(runs * log members) */
#ifdef BC_HOT_ASSERTS
      for (unsigned m = 1; m < n; m++)
        bc_hot_assert(pkey(c, m - 1) <= pkey(c, m));
#endif
      for (uint32_t t = 0, r; t < n; t = r) {
        r = run_end(c, t);
        bc_hot_assert(r > t && r <= n);
        memset(tw + t + 1, 1, r - t - 1);
      }
    } else {
      for (unsigned m = 1; m < n; m++) {
        bool eq = true;
        for (unsigned k = 0; k < nv && eq; k++) {
          const struct bc_field *fd = &p->fields[sf->vars[k]];
          eq = get(fd, parent, sf->elem0[k] + m) ==
               get(fd, parent, sf->elem0[k] + m - 1);
        }
        tw[m] = eq;
      }
    }
    fi += nv;
  }
}

#define HANDLED UINT32_MAX

/* Position j of the sorted successor holds key v: written unless it holds
** it already. */
static inline void inc_put(const struct inc *c, uint32_t j, uint64_t v) {
  struct bc_sym_scratch *sc = c->sc;
  uint64_t cur;
  if (sc->mark[j] == sc->stamp) {
    bc_hot_assert(sc->cidx[j] != HANDLED);
    cur = sc->nk[sc->cidx[j]];
    sc->cidx[j] = HANDLED;
  } else {
    cur = pkey(c, j);
  }
  if (v != cur)
    put_key(c, j, v, cur);
}

/* Positions j0 .. j0 + len - 1 of the sorted successor hold the parent's
** keys at j + delta: put the ones that differ from the parent's key at j.
** Runs of equal keys are jumped over, so the cost is in the number of
** distinct keys crossed, not in len. */
static void inc_segment(const struct inc *c, uint32_t j0, uint32_t len,
                        int64_t delta) {
  uint32_t t = j0, end = j0 + len;
  if (delta == 0)
    return;
  while (t < end) {
    uint64_t a = pkey(c, (uint32_t)((int64_t)t + delta));
    if (a != pkey(c, t)) {
      inc_put(c, t, a);
      t++;
      continue;
    }
    /* keys t .. t + delta (or t + delta .. t) are one key's: the next
    ** position that can differ is past its run */
    int64_t nt = (int64_t)run_end(c, t);
    if (delta > 0)
      nt -= delta;
    t = nt > (int64_t)t ? (uint32_t)nt : t + 1;
  }
}

/*
** One member m of an eager family changed (the usual step): its key went
** from a, the parent's at m, to b. Sorted, the successor is the parent's
** keys with one a taken out and b put in: for b > a, the positions from
** the end of a's run to b's place take the key after them, for b < a the
** positions from b's place to the start of a's run take the key before
** them; such a key differs from the position's own only at the end (the
** start) of a run, so there is one write per run crossed, found by walking
** the runs. Position m, which holds b, takes a again unless it is one of
** those. fk: the fields that changed (~0: not known).
*/
static void inc_one(const struct inc *c, uint32_t m, uint64_t fk) {
  const uint32_t *rs = c->rsl;
  const uint64_t *rk = c->rkl;
  uint32_t ra = rank(c, m), nr = c->nr;
  uint64_t a = rk[ra], b = a;
  if (fk == ~(uint64_t)0) {
    b = member_key(c->st, c->nv, c->off0, c->stride, c->width, m);
  } else {
    /* the fields fk of a replaced (ksh: where a field is in a key) */
    for (; fk; fk &= fk - 1) {
      unsigned k = (unsigned)__builtin_ctzll(fk), w = c->width[k];
      uint64_t v = bc_bits_get(c->st, c->off0[k] + m * c->stride[k], w);
      b = (b & ~(bc_mask(w) << c->ksh[k])) | v << c->ksh[k];
    }
  }
  bc_hot_assert(b ==
                member_key(c->st, c->nv, c->off0, c->stride, c->width, m));
  bc_hot_assert(a != b);
  /* position j, whose parent key is pkj, gets v */
#define PUT(j, pkj, v)                                                      \
  do {                                                                      \
    uint32_t j_ = (j);                                                      \
    uint64_t cur_ = j_ == m ? b : (pkj), v_ = (v);                          \
    if (v_ != cur_)                                                         \
      put_key(c, j_, v_, cur_);                                             \
  } while (0)
  if (b > a) {
    /* the runs after a's with keys <= b: the position before each takes
    ** its key; the position before the first run past b takes b */
    uint32_t r = ra + 1;
    for (; r < nr && rk[r] <= b; r++)
      PUT(rs[r] - 1, rk[r - 1], rk[r]);
    PUT(rs[r] - 1, rk[r - 1], b);
    if (m + 1 < rs[ra + 1])
      PUT(m, a, a);
  } else {
    /* the runs before a's with keys > b: each one's first position takes
    ** the key before it; the first of them (or a's run) starts with b */
    uint32_t r = ra;
    for (; r > 0 && rk[r - 1] > b; r--)
      PUT(rs[r], rk[r], rk[r - 1]);
    PUT(rs[r], rk[r], b);
    if (m > rs[ra])
      PUT(m, a, a);
  }
#undef PUT
}

/*
** Canonicalise one packed family of st, a successor of sc->parent, from
** the parent's sorted keys: find the members whose fields changed (bits of
** the words that differ), and merge their new keys into the parent's
** order. The sorted order of keys is unique, so the state written is
** bc_sym_canon's. Returns false (nothing written) when more than INC_MAX
** members changed.
*/
static bool inc_family(const struct inc *c, size_t nd) {
  struct bc_sym_scratch *sc = c->sc;
  uint8_t *st = c->st;
  uint32_t n = c->n, nc = 0;
  uint64_t fk = 0; /* the fields that changed (all: ~0) */
  uint32_t stamp = ++sc->stamp;
  if (stamp == 0) {
    memset(sc->mark, 0, (sc->maxn + 1) * sizeof *sc->mark);
    stamp = sc->stamp = 1;
  }
  /* the changed members: the set bits of the words that differ, in the
  ** family's columns */
  for (size_t d = 0; d < nd; d++) {
    uint32_t wi = sc->dw[d], lo = wi * 64;
    uint64_t x = sc->dx[d];
    for (uint32_t q = c->wfo[wi]; q < c->wfo[wi + 1]; q++) {
      unsigned k = c->wfk[q], s = c->stride[k], w = c->width[k];
      uint32_t c0 = c->off0[k], c1 = c->c1[k]; /* bits [c0, c1) */
      bc_hot_assert(w && c1 > lo && c0 < lo + 64);
      uint64_t y = x;
      if (c0 > lo)
        y &= ~bc_mask(c0 - lo);
      if (c1 < lo + 64)
        y &= bc_mask(c1 - lo);
      while (y) {
        uint32_t rel = lo + (uint32_t)__builtin_ctzll(y) - c0;
        /* rel / s: a packed family's stride is its width, and rel is
        ** below 2^18, where the product is exact */
        uint32_t m = (uint32_t)((rel * c->rcp[k]) >> 32);
        bc_hot_assert(s == w && m == rel / s);
        if (rel - m * s < w) {
          if (sc->mark[m] != stamp) {
            if (nc == INC_MAX)
              return false;
            sc->mark[m] = stamp;
            sc->cm[nc++] = m;
          }
          fk |= k < 64 ? (uint64_t)1 << k : ~(uint64_t)0;
          /* the rest of the member's element */
          uint32_t e = c0 + m * s + w - lo;
          y = e >= 64 ? 0 : y & ~bc_mask(e);
        } else {
          y &= y - 1;
        }
      }
    }
  }
  if (nc == 0)
    return true;
  if (nc == 1 && c->eager) {
    inc_one(c, sc->cm[0], fk);
    return true;
  }
  /* removals: the changed members' positions, ascending; their new keys,
  ** ascending, with where they go among the parent's keys */
  for (uint32_t i = 1; i < nc; i++) {
    uint32_t m = sc->cm[i], q = i;
    for (; q > 0 && sc->cm[q - 1] > m; q--)
      sc->cm[q] = sc->cm[q - 1];
    sc->cm[q] = m;
  }
  for (uint32_t i = 0; i < nc; i++) {
    uint32_t m = sc->cm[i];
    uint64_t v = member_key(st, c->nv, c->off0, c->stride, c->width, m);
    sc->nk[i] = v;
    sc->cidx[m] = i;
    uint32_t q = i;
    for (; q > 0 && sc->nks[q - 1] > v; q--)
      sc->nks[q] = sc->nks[q - 1];
    sc->nks[q] = v;
  }
  for (uint32_t i = 0; i < nc; i++)
    sc->ups[i] = upper(c, 0, n, sc->nks[i]);
  /* merge: i walks the parent's positions, j the successor's; between
  ** events, position j holds the parent's key at i - j + j */
  uint32_t i = 0, j = 0, ri = 0, qi = 0;
  for (;;) {
    uint32_t er = ri < nc ? sc->cm[ri] : UINT32_MAX;
    uint32_t ei = qi < nc ? sc->ups[qi] : UINT32_MAX;
    uint32_t e = er < ei ? er : ei;
    uint32_t stop = e < n ? e : n;
    bc_hot_assert(stop >= i);
    inc_segment(c, j, stop - i, (int64_t)i - (int64_t)j);
    j += stop - i;
    i = stop;
    if (e == UINT32_MAX)
      break;
    if (ei <= er) { /* a new key goes before the parent's key at i */
      inc_put(c, j, sc->nks[qi]);
      j++;
      qi++;
    } else { /* the parent's key at i is a changed member's old one */
      i++;
      ri++;
    }
  }
  bc_hot_assert(i == n && j == n);
  /* the changed members' positions that keep the parent's key */
  for (uint32_t q = 0; q < nc; q++) {
    uint32_t m = sc->cm[q];
    if (sc->cidx[m] != HANDLED && sc->nk[sc->cidx[m]] != pkey(c, m))
      put_key(c, m, pkey(c, m), sc->nk[sc->cidx[m]]);
  }
  return true;
}

void bc_sym_canon_succ(const struct bc_program *p, uint8_t *st,
                       struct bc_sym_scratch *sc) {
  if (!sc->parent) {
    bc_sym_canon(p, st, sc, NULL);
    return;
  }
  /* the words that differ from the parent's */
  size_t nb = p->state_bytes, nw = nb / 8, nd = 0;
  for (size_t i = 0; i < nw; i++) {
    uint64_t a, b;
    memcpy(&a, st + 8 * i, 8);
    memcpy(&b, sc->parent + 8 * i, 8);
    if (a != b) {
      sc->dx[nd] = a ^ b;
      sc->dw[nd++] = (uint32_t)i;
    }
  }
  if (nb % 8) {
    /* the last word whole, as the field accesses read it (both states
    ** have room for it: bc_bits_get), the bytes past the state masked */
    uint64_t a, b;
    memcpy(&a, st + 8 * nw, 8);
    memcpy(&b, sc->parent + 8 * nw, 8);
    uint64_t x = (a ^ b) & bc_mask(8 * (unsigned)(nb % 8));
    if (x) {
      sc->dx[nd] = x;
      sc->dw[nd++] = (uint32_t)nw;
    }
  }
  struct inc *incs = sc->incs;
  size_t fi = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    incs[f].st = st;
    if (!sc->pok[f] || !inc_family(&incs[f], nd)) {
      if (sc->pok[f])
        canon_packed(sf, st, sc->keys, sc->orig, sc->off0 + fi,
                     sc->stride + fi, sc->width + fi, NULL);
      else
        canon_wide(p, sf, st, sc, NULL);
    }
    fi += sf->nvars;
  }
}

void bc_sym_uncanon(const struct bc_program *p, const uint8_t *src,
                    uint8_t *dst, const uint32_t *perm) {
  memcpy(dst, src, p->state_bytes);
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    for (unsigned m = 0; m < sf->n; m++)
      for (unsigned k = 0; k < sf->nvars; k++) {
        const struct bc_field *fd = &p->fields[sf->vars[k]];
        assert(perm[m] < sf->n);
        put(fd, dst, sf->elem0[k] + m, get(fd, src, sf->elem0[k] + perm[m]));
      }
    perm += sf->n;
  }
}

void bc_sym_compose(const struct bc_program *p, uint32_t *pi,
                    const uint32_t *sigma) {
  for (size_t f = 0; f < p->nsymfams; f++) {
    unsigned n = p->symfams[f].n;
    for (unsigned m = 0; m < n; m++) {
      assert(pi[m] < n && sigma[pi[m]] < n); /* permutations of n */
      pi[m] = sigma[pi[m]];
    }
    pi += n;
    sigma += n;
  }
}

unsigned bc_sym_inst(const struct bc_program *p, unsigned inst,
                     const uint32_t *perm) {
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    const struct bc_proc *pr = &p->procs[sf->proc];
    if (inst >= pr->first_inst && inst < pr->first_inst + sf->n) {
      unsigned j = inst - pr->first_inst;
      for (unsigned m = 0; m < sf->n; m++)
        if (perm[m] == j)
          return pr->first_inst + m;
    }
    perm += sf->n;
  }
  return inst;
}

/*
** The replay's map from state words to the elements in them, so that a
** step's successor is mapped back through the permutation element by
** element where it differs from the state it left (a trace of ten
** thousand steps over a thousand members copied every member's fields per
** step): per word, the (variable, element) pairs with a bit in it.
*/
struct wmap {
  uint32_t *first;   /* per word, CSR */
  uint32_t *var, *elem;
  int32_t *fam;      /* per variable: its family, or -1 */
  uint32_t *e0, *poff; /* per variable: first member element; per family:
                       ** where its members start in a permutation */
};

static void wmap_init(struct wmap *m, const struct bc_program *p) {
  size_t nw = p->state_bytes / 8 + 2, n = 0;
  m->var = m->elem = NULL;
  m->first = bc_xcalloc(nw + 1, sizeof *m->first);
  m->fam = bc_xcalloc(p->nvars + 1, sizeof *m->fam);
  m->e0 = bc_xcalloc(p->nvars + 1, sizeof *m->e0);
  m->poff = bc_xcalloc(p->nsymfams + 1, sizeof *m->poff);
  for (size_t v = 0; v < p->nvars; v++)
    m->fam[v] = -1;
  uint32_t off = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    m->poff[f] = off;
    off += sf->n;
    for (unsigned k = 0; k < sf->nvars; k++) {
      m->fam[sf->vars[k]] = (int32_t)f;
      m->e0[sf->vars[k]] = sf->elem0[k];
    }
  }
  for (int pass = 0; pass < 2; pass++) {
    for (size_t v = 0; v < p->nvars; v++) {
      const struct bc_field *fd = &p->fields[v];
      if (!fd->width)
        continue;
      for (uint32_t e = 0; e < p->vars[v].nelems; e++) {
        size_t b0 = fd->bitoff + (size_t)e * fd->stride;
        for (size_t w = b0 / 64; w <= (b0 + fd->width - 1) / 64; w++) {
          if (pass == 0) {
            m->first[w + 1]++;
            n++;
          } else {
            uint32_t at = m->first[w]++;
            m->var[at] = (uint32_t)v;
            m->elem[at] = e;
          }
        }
      }
    }
    if (pass == 0) {
      for (size_t w = 0; w < nw; w++)
        m->first[w + 1] += m->first[w];
      m->var = bc_xcalloc(n + 1, sizeof *m->var);
      m->elem = bc_xcalloc(n + 1, sizeof *m->elem);
    } else {
      for (size_t w = nw; w > 0; w--)
        m->first[w] = m->first[w - 1];
      m->first[0] = 0;
    }
  }
}

static void wmap_release(struct wmap *m) {
  free(m->first);
  free(m->var);
  free(m->elem);
  free(m->fam);
  free(m->e0);
  free(m->poff);
}

/* dst (the concrete state of 'from', pi's numbering) becomes the concrete
** state of 'to', a successor of 'from': the elements that differ, with a
** member's element moved to the member that pi puts at its position (inv,
** pi inverted). */
static void uncanon_step(const struct bc_program *p, const struct wmap *m,
                         const uint8_t *from, const uint8_t *to,
                         uint8_t *dst, const uint32_t *inv) {
  size_t nb = p->state_bytes, nw = (nb + 7) / 8;
  for (size_t w = 0; w < nw; w++) {
    uint64_t a = 0, b = 0;
    size_t k = nb - 8 * w < 8 ? nb - 8 * w : 8;
    memcpy(&a, from + 8 * w, k);
    memcpy(&b, to + 8 * w, k);
    if (a == b)
      continue;
    for (uint32_t j = m->first[w]; j < m->first[w + 1]; j++) {
      uint32_t v = m->var[j], e = m->elem[j];
      const struct bc_field *fd = &p->fields[v];
      uint64_t x = get(fd, to, e);
      if (x == get(fd, from, e))
        continue;
      int32_t f = m->fam[v];
      if (f >= 0 && e >= m->e0[v] && e - m->e0[v] < p->symfams[f].n)
        e = m->e0[v] + inv[m->poff[f] + (e - m->e0[v])];
      put(fd, dst, e, x);
    }
  }
}

size_t bc_sym_replay(const struct bc_program *p, struct bc_vm *vm,
                     const uint32_t *hows, size_t len, uint8_t *states,
                     struct bc_trace_step *steps, uint32_t *ret_pi) {
  /* Replay on the canonical states, and map each one back through the
  ** permutation accumulated so far (pi: concrete member -> canonical
  ** position), which gives a concrete execution. */
  size_t nb = p->state_bytes, nm = bc_sym_members(p), i;
  uint32_t *pi = bc_xcalloc(nm + 1, sizeof *pi);
  uint32_t *inv = bc_xcalloc(nm + 1, sizeof *inv);
  uint32_t *sigma = bc_xcalloc(nm + 1, sizeof *sigma);
  uint8_t *canon = bc_xcalloc(nb + BC_STATE_PAD, 1);
  uint8_t *next = bc_xcalloc(nb + BC_STATE_PAD, 1);
  struct bc_sym_scratch sc;
  struct wmap wm;
  wmap_init(&wm, p);
  bc_sym_scratch_init(&sc, p);
  memcpy(states, p->init, nb);
  memcpy(canon, p->init, nb);
  bc_sym_canon(p, canon, &sc, pi);
  for (i = 0; i < len; i++) {
    unsigned inst, step;
    if (bc_vm_successor_nth(vm, canon, hows[i], next, &inst, &step) != 0)
      break;
    /* next is in pi's numbering: concrete member m is at pi[m] */
    uint8_t *to = states + (i + 1) * nb;
    for (size_t f = 0, o = 0; f < p->nsymfams; o += p->symfams[f++].n)
      for (unsigned m = 0; m < p->symfams[f].n; m++)
        inv[o + pi[o + m]] = m;
    memcpy(to, states + i * nb, nb);
    uncanon_step(p, &wm, canon, next, to, inv);
#ifdef BC_HOT_ASSERTS
    {
      uint8_t *whole = bc_xcalloc(nb + BC_STATE_PAD, 1);
      bc_sym_uncanon(p, next, whole, pi);
      bc_hot_assert(memcmp(whole, to, nb) == 0);
      free(whole);
    }
#endif
    steps[i] = (struct bc_trace_step){bc_sym_inst(p, inst, pi), step};
    memcpy(canon, next, nb);
    bc_sym_canon(p, canon, &sc, sigma);
    bc_sym_compose(p, pi, sigma);
  }
  if (ret_pi)
    memcpy(ret_pi, pi, nm * sizeof *pi);
  bc_sym_scratch_release(&sc);
  wmap_release(&wm);
  free(pi);
  free(inv);
  free(sigma);
  free(canon);
  free(next);
  return i;
}
