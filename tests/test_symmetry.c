/*
** test_symmetry.c - the incremental canonicaliser (bc_sym_parent,
** bc_sym_canon_succ) against the full one (bc_sym_canon), and the twins
** known per state against the ones computed per instance.
*/
#include <criterion/criterion.h>

#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "explore/symmetry.h"
#include "helpers.h"
#include "leakcheck.h"
#include "model/vm.h"

#include <stdlib.h>

TestSuite(symmetry, .fini = bc_leak_check, .timeout = 60.);

/* Families: w (packed keys, 40 members, fields of several widths that
** cross words), v (keys wider than a word: sorted field by field), u (one
** member), x (packed keys of 49 bits: one to three elements of a field
** per word), y (66 members: run starts in two words, twins skipped eight
** at a time), z (a field of width 0). The steps write one member's fields
** or, through `for`, every member's element of an array. */
static const char *spec =
    "spec s;\nconst N = 40;\n"
    "var flag[i in 1..N] : bool;\n"
    "var lvl[i in 0..N] : 0..5;\n"
    "var seen[i in 1..N] : 0..100;\n"
    "var big[i in 1..3] : 0..1000000;\n"
    "var big2[i in 1..3] : 0..1000000;\n"
    "var big3[i in 1..3] : 0..1000000;\n"
    "var one[i in 1..1] : 0..7;\n"
    "var cnt : 0..3;\n"
    "var wa[i in 1..5] : 0..1000000;\n"
    "var wb[i in 1..5] : 0..100000000;\n"
    "var t2[i in 1..66] : 0..3;\n"
    "var zz[i in 1..6] : 0..0;\n"
    "var zq[i in 1..6] : 0..2;\n"
    "process w[i in 1..N] symmetric {\n"
    "  a: with x in 0..2 { lvl[i] := x; }\n"
    "  b: flag[i] := true; seen[i] := 7;\n"
    "  c: for j in 1..N { flag[j] := false; }\n"
    "  d: with j in 1..N { seen[j] := 3; lvl[j] := 5; } goto a;\n"
    "}\n"
    "process v[i in 1..3] symmetric {\n"
    "  e: big[i] := 999999; f: big2[i] := 5; big3[i] := 6; goto e;\n"
    "}\n"
    "process u[i in 1..1] symmetric { g: one[i] := 3; }\n"
    "process m { h: cnt := 1; k: cnt := 2; }\n"
    "process x[i in 1..5] symmetric {\n"
    "  p: with y in 0..2 { wa[i] := y * 400000; }\n"
    "  q: wb[i] := 99999999; goto p;\n"
    "}\n"
    "process y[i in 1..66] symmetric {\n"
    "  r: with z in 0..1 { t2[i] := z + 1; } goto r;\n"
    "}\n"
    "process z[i in 1..6] symmetric {\n"
    "  s: zz[i] := 0; zq[i] := 1; t: zq[i] := 2; goto s;\n"
    "}\n";

static uint64_t rng = 88172645463325252u;
static uint64_t next_rand(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static void set_member(const struct bc_program *p, const struct bc_symfam *sf,
                       uint8_t *st, unsigned m, const uint64_t *vals) {
  for (unsigned k = 0; k < sf->nvars; k++) {
    const struct bc_field *fd = &p->fields[sf->vars[k]];
    bc_bits_set(st, fd->bitoff + (sf->elem0[k] + m) * fd->stride, fd->width,
                vals[k]);
  }
}

static void get_member(const struct bc_program *p, const struct bc_symfam *sf,
                       const uint8_t *st, unsigned m, uint64_t *vals) {
  for (unsigned k = 0; k < sf->nvars; k++) {
    const struct bc_field *fd = &p->fields[sf->vars[k]];
    vals[k] = bc_bits_get(st, fd->bitoff + (sf->elem0[k] + m) * fd->stride,
                          fd->width);
  }
}

/* Random fields for member m: from one of a few prototypes (equal keys
** are common) or anything. */
static void random_member(const struct bc_program *p,
                          const struct bc_symfam *sf, uint8_t *st,
                          unsigned m) {
  uint64_t vals[64];
  cr_assert_leq(sf->nvars, 64);
  unsigned proto = (unsigned)(next_rand() % 4);
  for (unsigned k = 0; k < sf->nvars; k++) {
    unsigned w = p->fields[sf->vars[k]].width;
    uint64_t mask = w >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << w) - 1;
    vals[k] = (proto < 3 ? (proto * 0x9e3779b97f4a7c15u) >> (k + 3)
                         : next_rand()) & mask;
  }
  set_member(p, sf, st, m, vals);
}

/* st := a copy of a random other member's fields into member m. */
static void copy_member(const struct bc_program *p,
                        const struct bc_symfam *sf, uint8_t *st,
                        unsigned m) {
  uint64_t vals[64];
  get_member(p, sf, st, (unsigned)(next_rand() % sf->n), vals);
  set_member(p, sf, st, m, vals);
}

/* bc_sym_canon_succ(parent, succ) == bc_sym_canon(succ); the twins of
** the parent as bc_vm_is_twin computes them. */
static void check_succ(const struct bc_program *p, struct bc_sym_scratch *sc,
                       struct bc_vm *vm, const uint8_t *parent,
                       const uint8_t *succ, uint8_t *a, uint8_t *b) {
  size_t nb = p->state_bytes;
  memcpy(a, succ, nb);
  memcpy(b, succ, nb);
  bc_sym_canon(p, a, sc, NULL);
  bc_sym_parent(p, sc, parent);
  bc_sym_canon_succ(p, b, sc);
  cr_assert(!memcmp(a, b, nb), "incremental and full canon differ");
  unsigned bad = p->ninsts;
  for (unsigned g = 0; g < p->ninsts && bad == p->ninsts; g++)
    if ((sc->twins[g] != 0) != bc_vm_is_twin(vm, parent, g))
      bad = g;
  cr_assert_eq(bad, p->ninsts, "twins of instance %u", bad);
  bc_sym_parent(p, sc, NULL);
}

/* The scratch (its keys read eagerly up to eager_max) and a VM that skips
** twins, on choice[]. */
static void start(const struct bc_program *p, size_t eager_max,
                  struct bc_sym_scratch *sc, struct bc_vm *vm,
                  unsigned *choice) {
  bc_sym_scratch_init(sc, p);
  sc->eager_max = eager_max;
  bc_vm_init(vm, p);
  bc_vm_configure(vm, choice);
  bc_vm_skip_twins(vm, true);
}

/* eager_max: 0 reads keys when needed, SIZE_MAX all at once (the default
** picks by family size: both ways are tried on every family). */
static void random_successors(size_t eager_max) {
  struct bc_program *p = compile(spec);
  cr_assert_not_null(p);
  cr_assert_eq(p->nsymfams, 6);
  size_t nb = p->state_bytes, sz = 8 * bc_state_words(nb) + BC_STATE_PAD;
  uint8_t *parent = bc_xcalloc(sz, 1), *succ = bc_xcalloc(sz, 1);
  uint8_t *a = bc_xcalloc(sz, 1), *b = bc_xcalloc(sz, 1);
  struct bc_sym_scratch sc;
  struct bc_vm vm;
  unsigned choice[8] = {0};
  start(p, eager_max, &sc, &vm, choice);
  for (unsigned round = 0; round < 3000; round++) {
    /* a random canonical parent */
    memset(parent, 0, sz);
    for (size_t i = 0; i < nb; i++)
      parent[i] = (uint8_t)next_rand();
    for (size_t f = 0; f < p->nsymfams; f++)
      for (unsigned m = 0; m < p->symfams[f].n; m++)
        random_member(p, &p->symfams[f], parent, m);
    bc_sym_canon(p, parent, &sc, NULL);
    /* successors: a few members changed (to new fields, or to another
    ** member's), sometimes many, sometimes none; other bits too */
    for (unsigned s = 0; s < 20; s++) {
      memcpy(succ, parent, sz);
      for (size_t f = 0; f < p->nsymfams; f++) {
        const struct bc_symfam *sf = &p->symfams[f];
        unsigned r = (unsigned)(next_rand() % 8);
        unsigned nch = r < 5 ? r : r == 5 ? 17 : sf->n;
        for (unsigned c = 0; c < nch; c++) {
          unsigned m = (unsigned)(next_rand() % sf->n);
          if (next_rand() % 2)
            copy_member(p, sf, succ, m);
          else
            random_member(p, sf, succ, m);
        }
      }
      if (next_rand() % 2)
        succ[next_rand() % nb] ^= (uint8_t)(1u << (next_rand() % 8));
      /* the bytes after the state are zero, as the explorer's are */
      memset(succ + nb, 0, sz - nb);
      check_succ(p, &sc, &vm, parent, succ, a, b);
    }
  }
  bc_vm_release(&vm);
  bc_sym_scratch_release(&sc);
  free(parent);
  free(succ);
  free(a);
  free(b);
  bc_program_free(p);
}

struct walk {
  const struct bc_program *p;
  struct bc_sym_scratch *sc;
  const uint8_t *parent;
  uint8_t *a, *b, *pick;
  unsigned n, want;
};

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct walk *w = ctx;
  size_t nb = w->p->state_bytes;
  (void)inst;
  (void)step;
  (void)viol;
  bc_state_copy_words(w->a, succ, nb);
  bc_state_copy_words(w->b, succ, nb);
  bc_sym_canon(w->p, w->a, w->sc, NULL);
  bc_sym_canon_succ(w->p, w->b, w->sc);
  cr_assert(!memcmp(w->a, w->b, nb), "incremental and full canon differ");
  if (w->n++ == w->want)
    memcpy(w->pick, w->a, nb);
  return 0;
}

/* The successors in order (instance and state), as one number. */
struct trail {
  size_t nb;
  uint64_t h;
};

static int on_trail(void *ctx, const uint8_t *succ, unsigned inst,
                    unsigned step, const uint64_t *viol) {
  struct trail *t = ctx;
  (void)viol;
  t->h = (t->h ^ inst ^ ((uint64_t)step << 32)) * 0x100000001b3u;
  for (size_t i = 0; i < t->nb; i++)
    t->h = (t->h ^ succ[i]) * 0x100000001b3u;
  return 0;
}

Test(symmetry, incremental_canon_equals_full_on_random_successors) {
  random_successors(0);
}

Test(symmetry, incremental_canon_equals_full_on_random_successors_eager) {
  random_successors(SIZE_MAX);
}

/* The successors the interpreter makes (steps that write one member, or
** every member's element), along random walks from the initial state. */
static void random_walks(size_t eager_max) {
  struct bc_program *p = compile(spec);
  cr_assert_not_null(p);
  size_t nb = p->state_bytes, sz = 8 * bc_state_words(nb) + BC_STATE_PAD;
  uint8_t *cur = bc_xcalloc(sz, 1), *pick = bc_xcalloc(sz, 1);
  uint8_t *a = bc_xcalloc(sz, 1), *b = bc_xcalloc(sz, 1);
  struct bc_sym_scratch sc;
  struct bc_vm vm;
  unsigned choice[8] = {0};
  start(p, eager_max, &sc, &vm, choice);
  struct walk w = {p, &sc, cur, a, b, pick, 0, 0};
  unsigned total = 0;
  for (unsigned walk = 0; walk < 20; walk++) {
    bc_state_copy_words(cur, p->init, nb);
    bc_sym_canon(p, cur, &sc, NULL);
    for (unsigned depth = 0; depth < 60; depth++) {
      bc_sym_parent(p, &sc, cur);
      bc_vm_set_twins(&vm, cur, sc.twins);
      w.n = 0;
      w.want = (unsigned)(next_rand() % 64);
      long n = bc_vm_successors(&vm, cur, on_succ, &w);
      /* the same successors in the same order with the twins known (runs
      ** skipped word-wise) and with the VM's own test per instance */
      struct trail t1 = {nb, 0}, t2 = {nb, 0};
      long n1 = bc_vm_successors(&vm, cur, on_trail, &t1);
      bc_vm_set_twins(&vm, NULL, NULL);
      long n2 = bc_vm_successors(&vm, cur, on_trail, &t2);
      cr_assert_eq(n1, n2);
      cr_assert_eq(t1.h, t2.h, "successors with and without known twins");
      bc_sym_parent(p, &sc, NULL);
      cr_assert_geq(n, 0);
      total += (unsigned)n;
      if (n == 0)
        break;
      if (w.want >= w.n) {
        w.want %= w.n;
        w.n = 0;
        bc_vm_successors(&vm, cur, on_succ, &w);
      }
      memcpy(cur, pick, nb);
    }
  }
  cr_expect_gt(total, 1000);
  bc_vm_release(&vm);
  bc_sym_scratch_release(&sc);
  free(cur);
  free(pick);
  free(a);
  free(b);
  bc_program_free(p);
}

Test(symmetry, incremental_canon_equals_full_along_random_walks) {
  random_walks(0);
}

Test(symmetry, incremental_canon_equals_full_along_random_walks_eager) {
  random_walks(SIZE_MAX);
}
