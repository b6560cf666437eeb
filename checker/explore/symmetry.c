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

/* A packed family whose members x permuted fields is at most this has all
** its keys read when a state is expanded (bc_sym_parent): a tight loop
** over the fields, and run ends looked up instead of searched. Larger
** families read keys when needed, which costs in the runs crossed, not in
** the members. */
#ifndef BC_SYM_EAGER
#define BC_SYM_EAGER 4096
#endif

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
  sc->re = bc_xcalloc(bc_sym_members(p) + 1, sizeof *sc->re);
  sc->eager_max = BC_SYM_EAGER;
  sc->twins = bc_xcalloc(p->ninsts + 1, 1);
  sc->dw = bc_xcalloc(bc_state_words(p->state_bytes) + 1, sizeof *sc->dw);
  sc->cm = bc_xcalloc(INC_MAX + 1, sizeof *sc->cm);
  sc->nk = bc_xcalloc(INC_MAX + 1, sizeof *sc->nk);
  sc->nks = bc_xcalloc(INC_MAX + 1, sizeof *sc->nks);
  sc->ups = bc_xcalloc(INC_MAX + 1, sizeof *sc->ups);
  sc->mark = bc_xcalloc(n + 1, sizeof *sc->mark);
  sc->cidx = bc_xcalloc(n + 1, sizeof *sc->cidx);
  sc->maxn = (uint32_t)n;
  sc->stamp = 0;
  nf = 0;
  for (size_t f = 0; f < p->nsymfams; f++)
    for (unsigned k = 0; k < p->symfams[f].nvars; k++, nf++) {
      const struct bc_field *fd = &p->fields[p->symfams[f].vars[k]];
      sc->off0[nf] = fd->bitoff + p->symfams[f].elem0[k] * fd->stride;
      sc->stride[nf] = fd->stride;
      sc->width[nf] = fd->width;
    }
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
  free(sc->re);
  free(sc->twins);
  free(sc->dw);
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

/* Position j holds key 'was': write 'key' there, the fields that differ. */
static inline void write_key(uint8_t *st, unsigned nv, const uint32_t *off0,
                             const uint8_t *stride, const uint8_t *width,
                             unsigned j, uint64_t key, uint64_t was) {
  uint64_t diff = key ^ was;
  for (unsigned k = nv; k-- > 0 && diff;) {
    uint64_t m = bc_mask(width[k]);
    if (diff & m)
      bc_bits_set(st, off0[k] + j * stride[k], width[k], key & m);
    key >>= width[k];
    diff >>= width[k];
  }
}

/* Word i of a state of nb bytes, the bytes past nb as zero: reads none of
** them (a state in a packed array may end there). */
static inline uint64_t state_word(const uint8_t *s, size_t i, size_t nb) {
  uint64_t x = 0;
  memcpy(&x, s + 8 * i, 8 * (i + 1) <= nb ? 8 : nb - 8 * i);
  return x;
}

/* One family's incremental canonicalisation (bc_sym_parent,
** bc_sym_canon_succ). The parent's keys are read when needed (pkey) and
** kept until the next parent. */
struct inc {
  uint8_t *st;
  unsigned nv;
  const uint32_t *off0;
  const uint8_t *stride, *width;
  const uint8_t *par;  /* the parent state */
  const uint32_t *re;  /* run ends (an eager family), or NULL */
  uint64_t *pk;        /* the parent's keys ... */
  uint32_t *pkst;      /* ... where pkst[j] == pstamp */
  uint32_t pstamp;
  uint32_t n;
  size_t nb;           /* state bytes */
  struct bc_sym_scratch *sc;
};

static struct inc inc_of(const struct bc_program *p,
                         struct bc_sym_scratch *sc, size_t f, size_t fi,
                         size_t base, uint8_t *st) {
  return (struct inc){st, p->symfams[f].nvars, sc->off0 + fi,
                      sc->stride + fi, sc->width + fi, sc->parent,
                      sc->eager[f] ? sc->re + base : NULL, sc->pk + base, sc->pkst + base, sc->pstamp,
                      p->symfams[f].n, p->state_bytes, sc};
}

/* The parent's key at position j. */
static inline uint64_t pkey(const struct inc *c, uint32_t j) {
  bc_hot_assert(j < c->n);
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
  if (c->re)
    return c->re[t];
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
  size_t fi = 0, base = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    unsigned n = sf->n, nv = sf->nvars;
    uint8_t *tw = sc->twins + p->procs[sf->proc].first_inst;
    sc->pok[f] = packed(p, sf);
    sc->eager[f] = sc->pok[f] && n > 0 && (size_t)n * nv <= sc->eager_max;
    if (sc->eager[f]) {
      /* every key, field by field (independent loads, no stamps), then
      ** the runs from the back */
      uint64_t *pk = sc->pk + base;
      uint32_t *pkst = sc->pkst + base, *re = sc->re + base;
      const uint32_t *off0 = sc->off0 + fi;
      const uint8_t *stride = sc->stride + fi, *width = sc->width + fi;
      memset(pk, 0, n * sizeof *pk);
      for (unsigned k = 0; k < nv; k++) {
        unsigned w = width[k], s = stride[k];
        for (unsigned m = 0; m < n; m++)
          pk[m] = (pk[m] << w) | bc_bits_get(parent, off0[k] + m * s, w);
      }
      for (unsigned m = 0; m < n; m++)
        pkst[m] = sc->pstamp;
      re[n - 1] = n;
      for (unsigned m = n - 1; m-- > 0;) {
        bool eq = pk[m] == pk[m + 1];
        bc_hot_assert(pk[m] <= pk[m + 1]);
        re[m] = eq ? re[m + 1] : m + 1;
        tw[m + 1] = eq;
      }
    } else if (sc->pok[f]) {
      /* a canonical state: the keys are sorted (every state the search
      ** expands was canonicalised), and equal keys, equal fields, are
      ** runs: their ends are found by search, O(runs * log members) */
      struct inc c = inc_of(p, sc, f, fi, base, NULL);
#ifdef BC_HOT_ASSERTS
      for (unsigned m = 1; m < n; m++)
        bc_hot_assert(pkey(&c, m - 1) <= pkey(&c, m));
#endif
      for (uint32_t t = 0, r; t < n; t = r) {
        r = run_end(&c, t);
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
    base += n;
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
    write_key(c->st, c->nv, c->off0, c->stride, c->width, j, v, cur);
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
** Canonicalise one packed family of st, a successor of sc->parent, from
** the parent's sorted keys: find the members whose fields changed (bits of
** the words that differ), and merge their new keys into the parent's
** order. The sorted order of keys is unique, so the state written is
** bc_sym_canon's. Returns false (nothing written) when more than INC_MAX
** members changed.
*/
static bool inc_family(const struct inc *cp, size_t nd) {
  struct inc c = *cp;
  struct bc_sym_scratch *sc = c.sc;
  uint8_t *st = c.st;
  uint32_t n = c.n, nc = 0;
  uint32_t stamp = ++sc->stamp;
  if (stamp == 0) {
    memset(sc->mark, 0, (sc->maxn + 1) * sizeof *sc->mark);
    stamp = sc->stamp = 1;
  }
  /* the changed members: the set bits of the words that differ, in the
  ** family's columns */
  for (size_t d = 0; d < nd; d++) {
    uint32_t wi = sc->dw[d], lo = wi * 64;
    uint64_t x = state_word(st, wi, c.nb) ^ state_word(c.par, wi, c.nb);
    for (unsigned k = 0; k < c.nv; k++) {
      unsigned s = c.stride[k], w = c.width[k];
      if (w == 0)
        continue;
      uint32_t c0 = c.off0[k], c1 = c0 + (n - 1) * s + w; /* bits [c0, c1) */
      if (c1 <= lo || c0 >= lo + 64)
        continue;
      uint64_t y = x;
      if (c0 > lo)
        y &= ~bc_mask(c0 - lo);
      if (c1 < lo + 64)
        y &= bc_mask(c1 - lo);
      while (y) {
        uint32_t rel = lo + (uint32_t)__builtin_ctzll(y) - c0;
        uint32_t m = rel / s;
        if (rel - m * s < w) {
          if (sc->mark[m] != stamp) {
            if (nc == INC_MAX)
              return false;
            sc->mark[m] = stamp;
            sc->cm[nc++] = m;
          }
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
    uint64_t v = member_key(st, c.nv, c.off0, c.stride, c.width, m);
    sc->nk[i] = v;
    sc->cidx[m] = i;
    uint32_t q = i;
    for (; q > 0 && sc->nks[q - 1] > v; q--)
      sc->nks[q] = sc->nks[q - 1];
    sc->nks[q] = v;
  }
  for (uint32_t i = 0; i < nc; i++)
    sc->ups[i] = upper(&c, 0, n, sc->nks[i]);
  /* merge: i walks the parent's positions, j the successor's; between
  ** events, position j holds the parent's key at i - j + j */
  uint32_t i = 0, j = 0, ri = 0, qi = 0;
  for (;;) {
    uint32_t er = ri < nc ? sc->cm[ri] : UINT32_MAX;
    uint32_t ei = qi < nc ? sc->ups[qi] : UINT32_MAX;
    uint32_t e = er < ei ? er : ei;
    uint32_t stop = e < n ? e : n;
    bc_hot_assert(stop >= i);
    inc_segment(&c, j, stop - i, (int64_t)i - (int64_t)j);
    j += stop - i;
    i = stop;
    if (e == UINT32_MAX)
      break;
    if (ei <= er) { /* a new key goes before the parent's key at i */
      inc_put(&c, j, sc->nks[qi]);
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
    if (sc->cidx[m] != HANDLED && sc->nk[sc->cidx[m]] != pkey(&c, m))
      write_key(st, c.nv, c.off0, c.stride, c.width, m, pkey(&c, m),
                sc->nk[sc->cidx[m]]);
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
    if (a != b)
      sc->dw[nd++] = (uint32_t)i;
  }
  if (nb % 8 && state_word(st, nw, nb) != state_word(sc->parent, nw, nb))
    sc->dw[nd++] = (uint32_t)nw;
  size_t fi = 0, base = 0;
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    struct inc c = inc_of(p, sc, f, fi, base, st);
    if (!sc->pok[f] || !inc_family(&c, nd)) {
      if (packed(p, sf))
        canon_packed(sf, st, sc->keys, sc->orig, sc->off0 + fi,
                     sc->stride + fi, sc->width + fi, NULL);
      else
        canon_wide(p, sf, st, sc, NULL);
    }
    fi += sf->nvars;
    base += sf->n;
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

size_t bc_sym_replay(const struct bc_program *p, struct bc_vm *vm,
                     const uint32_t *hows, size_t len, uint8_t *states,
                     struct bc_trace_step *steps, uint32_t *ret_pi) {
  /* Replay on the canonical states, and map each one back through the
  ** permutation accumulated so far (pi: concrete member -> canonical
  ** position), which gives a concrete execution. */
  size_t nb = p->state_bytes, nm = bc_sym_members(p), i;
  uint32_t *pi = bc_xcalloc(nm + 1, sizeof *pi);
  uint32_t *sigma = bc_xcalloc(nm + 1, sizeof *sigma);
  uint8_t *canon = bc_xcalloc(nb + BC_STATE_PAD, 1);
  uint8_t *next = bc_xcalloc(nb + BC_STATE_PAD, 1);
  struct bc_sym_scratch sc;
  bc_sym_scratch_init(&sc, p);
  memcpy(states, p->init, nb);
  memcpy(canon, p->init, nb);
  bc_sym_canon(p, canon, &sc, pi);
  for (i = 0; i < len; i++) {
    unsigned inst, step;
    if (bc_vm_successor_nth(vm, canon, hows[i], next, &inst, &step) != 0)
      break;
    /* next is in pi's numbering: concrete member m is at pi[m] */
    bc_sym_uncanon(p, next, states + (i + 1) * nb, pi);
    steps[i] = (struct bc_trace_step){bc_sym_inst(p, inst, pi), step};
    memcpy(canon, next, nb);
    bc_sym_canon(p, canon, &sc, sigma);
    bc_sym_compose(p, pi, sigma);
  }
  if (ret_pi)
    memcpy(ret_pi, pi, nm * sizeof *pi);
  bc_sym_scratch_release(&sc);
  free(pi);
  free(sigma);
  free(canon);
  free(next);
  return i;
}
