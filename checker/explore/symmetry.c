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
#include "front/compile_int.h"
#include "model/vm.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

void bc_sym_canon(const struct bc_program *p, uint8_t *st,
                  struct bc_sym_scratch *sc, uint32_t *perm) {
  size_t fi = 0; /* the family's first field in sc->off0 .. */
  for (size_t f = 0; f < p->nsymfams; f++) {
    const struct bc_symfam *sf = &p->symfams[f];
    unsigned n = sf->n, nv = sf->nvars;
    if (packed(p, sf)) {
      canon_packed(sf, st, sc->keys, sc->orig, sc->off0 + fi, sc->stride + fi,
                   sc->width + fi, perm);
      fi += nv;
      if (perm)
        perm += n;
      continue;
    }
    fi += nv;
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
    if (perm)
      perm += n;
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
