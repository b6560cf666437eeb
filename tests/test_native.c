#include <criterion/criterion.h>

#include "front/compile_int.h"
#include "helpers.h"
#include "leakcheck.h"
#include "model/native.h"
#include "model/vm.h"

#include <stdlib.h>

TestSuite(native, .fini = bc_leak_check, .timeout = 60.);

struct succ_log {
  int n;
  uint8_t states[64][64];
  unsigned inst[64], step[64];
  int viol[64];
  size_t nbytes;
};

static int logit(void *ctx, const uint8_t *succ, unsigned inst, unsigned step,
                 const uint64_t *viol) {
  struct succ_log *l = ctx;
  if (l->n < 64) {
    memcpy(l->states[l->n], succ, l->nbytes);
    l->inst[l->n] = inst;
    l->step[l->n] = step;
    l->viol[l->n] = viol != NULL;
  }
  l->n++;
  return 0;
}

/* The fused loop's batch (bc_vm_expand), grown one record at a time. */
struct fused_log {
  struct bc_native_out out;
  size_t cap;
  int grows;
  int viol[64]; /* by transition number */
};

static int fused_grow(struct bc_native_out *o) {
  struct fused_log *f = o->ctx;
  f->cap++;
  f->grows++;
  o->words = realloc(o->words, (f->cap + 1) * 8 * 8);
  o->parent = realloc(o->parent, (f->cap + 1) * sizeof *o->parent);
  o->how = realloc(o->how, (f->cap + 1) * sizeof *o->how);
  cr_assert(o->words && o->parent && o->how);
  o->lim = f->cap;
  return 0;
}

static void fused_viol(struct bc_native_out *o, uint32_t how,
                       const uint64_t *viol) {
  struct fused_log *f = o->ctx;
  cr_assert_not_null(viol);
  if (how < 64)
    f->viol[how] = 1;
}

static int cmp_unit(const void *x, const void *y) {
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  return a < b ? -1 : a > b;
}

/*
** Footprint recording (vm->track, as --por runs steps): every instance's
** step on 'state', run by the interpreter 'a' and by the compiled engine
** 'b' (its tracked functions), has the same successors, the same error
** and records the same units read and written, as sets; units numbered
** as checker/explore/por.c numbers them.
*/
static void same_footprints(const struct bc_program *p, struct bc_vm *a,
                            struct bc_vm *b, const uint8_t *state) {
  uint32_t *ub = calloc(p->nvars + 1, sizeof *ub), nu = 0;
  for (size_t v = 0; v < p->nvars; v++) {
    ub[v] = nu;
    nu += p->vars[v].nelems;
  }
  for (unsigned g = 0; g < p->ninsts; g++) {
    struct bc_track t[2];
    struct succ_log l[2] = {{0}, {0}};
    long n[2];
    for (int k = 0; k < 2; k++) {
      struct bc_vm *vm = k ? b : a;
      t[k] = (struct bc_track){ub, calloc(nu + 1, 4), calloc(nu + 1, 4), 1,
                               calloc(nu + 1, 4), calloc(nu + 1, 4), 0, 0,
                               nu + 1, false};
      l[k].nbytes = p->state_bytes;
      vm->track = &t[k];
      n[k] = bc_vm_instance_successors(vm, state, g, logit, &l[k]);
      vm->track = NULL;
    }
    cr_assert_eq(n[0], n[1], "instance %u", g);
    if (n[0] == BC_VM_ERROR) {
      cr_expect_eq(a->err.code, b->err.code);
      cr_expect_eq(a->err.pc, b->err.pc);
    }
    for (int i = 0; i < l[0].n && i < 64; i++)
      cr_expect_eq(memcmp(l[0].states[i], l[1].states[i], p->state_bytes),
                   0, "instance %u: successor %d differs", g, i);
    cr_expect(!t[0].overflow && !t[1].overflow);
    cr_assert_eq(t[0].nr, t[1].nr, "instance %u: units read", g);
    cr_assert_eq(t[0].nw, t[1].nw, "instance %u: units written", g);
    for (int k = 0; k < 2; k++) {
      qsort(t[k].r, t[k].nr, 4, cmp_unit);
      qsort(t[k].w, t[k].nw, 4, cmp_unit);
    }
    cr_expect_eq(memcmp(t[0].r, t[1].r, t[0].nr * 4), 0, "instance %u", g);
    cr_expect_eq(memcmp(t[0].w, t[1].w, t[0].nw * 4), 0, "instance %u", g);
    for (int k = 0; k < 2; k++) {
      free(t[k].rmark);
      free(t[k].wmark);
      free(t[k].r);
      free(t[k].w);
    }
  }
  free(ub);
}

/* Successors of the initial state with both engines must be identical,
** in the same order, with the same violations, and so must the
** footprints recorded for partial-order reduction. */
static void same_successors(const char *text, unsigned hook_choice) {
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  char err[512];
  struct bc_native *n = bc_native_build(p, BC_NATIVE_TRACKED, err,
                                        sizeof err);
  cr_assert_not_null(n, "%s", err);
  unsigned choice[4] = {hook_choice, 0, 0, 0};
  struct bc_vm a, b;
  bc_vm_init(&a, p);
  bc_vm_init(&b, p);
  bc_vm_configure(&a, choice);
  bc_vm_configure(&b, choice);
  bc_vm_use_native(&b, n);
  struct succ_log la = {0}, lb = {0};
  la.nbytes = lb.nbytes = p->state_bytes;
  same_footprints(p, &a, &b, p->init);
  long na = bc_vm_successors(&a, p->init, logit, &la);
  long nb = bc_vm_successors(&b, p->init, logit, &lb);
  cr_assert_eq(na, nb);
  if (na == BC_VM_ERROR) {
    cr_expect_eq(a.err.code, b.err.code);
    cr_expect_eq(a.err.value, b.err.value);
    cr_expect_eq(a.err.pc, b.err.pc);
  }
  for (int i = 0; i < la.n && i < 64; i++) {
    cr_expect_eq(memcmp(la.states[i], lb.states[i], p->state_bytes), 0,
                 "successor %d differs", i);
    cr_expect_eq(la.inst[i], lb.inst[i]);
    cr_expect_eq(la.step[i], lb.step[i]);
    cr_expect_eq(la.viol[i], lb.viol[i]);
  }
  /* the fused loop: the same successors written into a batch (states of
  ** at most 8 words here), the same count or error, the same violations */
  cr_assert(p->state_bytes <= 64);
  struct fused_log f = {0};
  f.out.grow = fused_grow;
  f.out.viol = fused_viol;
  f.out.ctx = &f;
  f.out.cur_parent = 77;
  fused_grow(&f.out);
  f.grows = 0;
  int stopped = 1;
  cr_assert(bc_vm_can_expand(&b));
  uint8_t *st = calloc(1, p->state_bytes + 64); /* the padding of vm.h */
  memcpy(st, p->init, p->state_bytes);
  long nf = bc_vm_expand(&b, st, &f.out, &stopped);
  free(st);
  cr_assert_eq(nf, na);
  cr_assert_eq(stopped, 0);
  cr_assert_eq(f.out.n, (size_t)la.n, "records written, errors included");
  cr_assert_eq(f.grows, la.n);
  if (na == BC_VM_ERROR) {
    cr_expect_eq(b.err.code, a.err.code);
    cr_expect_eq(b.err.pc, a.err.pc);
    cr_expect_eq(b.err.inst, a.err.inst);
    cr_expect_eq(b.err.step, a.err.step);
  }
  for (int i = 0; i < la.n && i < 64; i++) {
    size_t sw = (p->state_bytes + 7) / 8;
    const uint8_t *w = (const uint8_t *)(f.out.words + (size_t)i * sw);
    cr_expect_eq(memcmp(la.states[i], w, p->state_bytes), 0,
                 "fused successor %d differs", i);
    for (size_t k = p->state_bytes; k < sw * 8; k++)
      cr_expect_eq(w[k], 0, "the bytes after the state are zero");
    cr_expect_eq(f.out.how[i], (uint32_t)i);
    cr_expect_eq(f.out.parent[i], 77u);
    cr_expect_eq(f.viol[i], la.viol[i], "violation of successor %d", i);
  }
  free(f.out.words);
  free(f.out.parent);
  free(f.out.how);
  bc_vm_release(&a);
  bc_vm_release(&b);
  bc_native_free(n);
  bc_program_free(p);
}

Test(native, choices_sets_and_arithmetic_match_the_interpreter) {
  same_successors(
      "spec s;\nenum E { A, B, C }\nvar x : -5..99;\nvar s : set of E = {A, C};\n"
      "var e : E;\nvar m[i in 1..3][j in 0..1] : 0..9;\n"
      "process p { a: with i in 1..3 { either { x := i * 7 % 5 - 3; } or {"
      " with k in s { e := k; m[i][1] := card(s + {B}) + i; } } } }\n"
      "process q[j in 2..3] { b: if j = 3 then x := -x - 2; "
      "else { await x > 100; } }\n",
      0);
}

Test(native, hooks_placements_and_violations_match) {
  const char *text =
      "spec s;\nvar x : 0..50;\nvar y : 0..50;\n"
      "process p { a: with v in 1..4 { x := v; hook h1; y := x + 1; hook h2;"
      " if y > 3 then violate V \"big\"; } }\n"
      "placement P at h1, h2 { with w in 0..1 { x := x + w * 10; } }\n"
      "constraint V \"y stays small\": violations;\n"
      "constraint S \"x is set when p runs\": at p.a: x = 0;\n";
  same_successors(text, 0);
  same_successors(text, 1);
}

/* Loops over small constant ranges (no TICK: compile.c "uncounted"),
** nested in one another and in counted ones, in steps and invariants. */
Test(native, small_constant_loops_match_the_interpreter) {
  same_successors(
      "spec s;\nvar m[i in 1..4] : 0..40;\nvar n : 0..3 = 2;\n"
      "process p { a: for i in 1..4 { for j in 1..3 { m[i] := m[i] + j; } }\n"
      "  b: for k in 0..n { for i in 2..3 { m[i] := m[i] * 2 % 37; } } }\n"
      "process q { c: with v in 1..4 { if forall a in 1..4: forall b in 1..4:"
      " a == b or m[a] != m[b] then m[v] := 1; } }\n",
      0);
}

/* Successors of states of hundreds of bytes, logged whole. */
struct big_log {
  size_t nbytes, n;
  uint8_t *states; /* 16 states */
  unsigned inst[16], step[16];
};

static int logbig(void *ctx, const uint8_t *succ, unsigned inst,
                  unsigned step, const uint64_t *viol) {
  struct big_log *l = ctx;
  (void)viol;
  if (l->n < 16) {
    memcpy(l->states + l->n * l->nbytes, succ, l->nbytes);
    l->inst[l->n] = inst;
    l->step[l->n] = step;
  }
  l->n++;
  return 0;
}

/* A state of more than 16 words, which both engines copy for each
** instance with one memcpy (bc_state_copy_words, the generated COPYW):
** the same successors of the initial state and of one of those, one by
** one (bc_vm_successor_nth, as traces are replayed) and all together.
** Each instance writes words of its own, the last but one included: a
** copy that left a word out would show the instance before's write. */
Test(native, big_states_match_the_interpreter) {
  struct bc_program *p = compile(
      "spec s;\nvar big[i in 1..60] : 0..1000;\n"
      "var tail[i in 1..60] : 0..1000;\nvar z : 0..9 = 5;\n"
      "process p[i in 1..12] { a: big[i * 5] := i + z; tail[i * 5] := i;\n"
      "  b: await big[i * 5] > 0; tail[i * 5 - 1] := big[i * 5] + 1; }\n");
  cr_assert_not_null(p);
  size_t nb = p->state_bytes;
  cr_assert_gt(nb, 128);
  char err[512];
  struct bc_native *n = bc_native_build(p, 0, err, sizeof err);
  cr_assert_not_null(n, "%s", err);
  unsigned choice[1] = {0};
  struct bc_vm a, b;
  bc_vm_init(&a, p);
  bc_vm_init(&b, p);
  bc_vm_configure(&a, choice);
  bc_vm_configure(&b, choice);
  bc_vm_use_native(&b, n);
  uint8_t *from = calloc(1, nb + 64), *ua = calloc(1, nb + 64),
          *ub = calloc(1, nb + 64);
  memcpy(from, p->init, nb);
  for (int level = 0; level < 2; level++) {
    struct big_log la = {nb, 0, calloc(16, nb), {0}, {0}};
    struct big_log lb = {nb, 0, calloc(16, nb), {0}, {0}};
    long na = bc_vm_successors(&a, from, logbig, &la);
    long nn = bc_vm_successors(&b, from, logbig, &lb);
    cr_assert_eq(na, 12);
    cr_assert_eq(nn, na);
    for (size_t k = 0; k < la.n; k++) {
      cr_expect_eq(memcmp(la.states + k * nb, lb.states + k * nb, nb), 0,
                   "level %d successor %zu", level, k);
      cr_expect_eq(la.inst[k], lb.inst[k]);
      cr_expect_eq(la.step[k], lb.step[k]);
      unsigned ia, sa, ib, sb;
      cr_assert_eq(bc_vm_successor_nth(&a, from, (uint32_t)k, ua, &ia, &sa),
                   0);
      cr_assert_eq(bc_vm_successor_nth(&b, from, (uint32_t)k, ub, &ib, &sb),
                   0);
      cr_expect_eq(memcmp(ua, la.states + k * nb, nb), 0);
      cr_expect_eq(memcmp(ub, la.states + k * nb, nb), 0);
      cr_expect(ia == la.inst[k] && ib == ia && sa == la.step[k] && sb == sa);
    }
    memcpy(from, la.states + 2 * nb, nb); /* instance 3's step a taken */
    free(la.states);
    free(lb.states);
  }
  free(from);
  free(ua);
  free(ub);
  bc_vm_release(&a);
  bc_vm_release(&b);
  bc_native_free(n);
  bc_program_free(p);
}

Test(native, runtime_errors_match) {
  same_successors("spec s;\nvar x : 0..2;\nprocess p { a: x := x + 5; }\n", 0);
  same_successors("spec s;\nvar a[i in 1..2] : bool;\nvar k : 0..3;\n"
                  "process p { a: a[k] := true; }\n", 0);
  same_successors("spec s;\nvar x : 0..2;\nprocess p { a: x := 4 / x; }\n", 0);
}

Test(native, generated_c_has_one_function_per_block) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nprocess p { a: x := 1; b: x := 2; }\n"
      "process q { c: hook h; }\nplacement P at h { x := 3; }\n"
      "constraint I \"x below 3\": always x < 3;\n");
  cr_assert_not_null(p);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  cr_assert_eq(bc_native_generate(p, BC_NATIVE_TRACKED, f), 0);
  fclose(f);
  int fns = 0;
  for (const char *c = buf; (c = strstr(c, "static int f")) != NULL; c++)
    fns++;
  cr_expect_eq(fns, 5, "3 steps, 1 placement, 1 invariant");
  cr_expect_not_null(strstr(buf, "bc_native_fns"));
  /* the tracked variants (--por): steps and placement bodies */
  int tfns = 0;
  for (const char *c = buf; (c = strstr(c, "static int t")) != NULL; c++)
    tfns++;
  cr_expect_eq(tfns, 4, "3 steps, 1 placement");
  cr_expect_not_null(strstr(buf, "bc_native_tfns"));
  free(buf);
  /* without BC_NATIVE_TRACKED (no --por): none, the table all zeros */
  buf = NULL;
  f = open_memstream(&buf, &len);
  cr_assert_eq(bc_native_generate(p, 0, f), 0);
  fclose(f);
  cr_expect_null(strstr(buf, "static int t"));
  cr_expect_not_null(strstr(buf, "bc_native_tfns[] = {0, 0, 0, 0, 0}"));
  free(buf);
  bc_program_free(p);
}

/* Fields of 8, 16, 32, 64 bits on byte boundaries (GETB/SETB) beside ones
** that are not (a 3-bit field shifts the rest), written through a loop
** variable, constants and the instance's index, lower bounds negative. */
Test(native, byte_fields_match_the_interpreter) {
  same_successors(
      "spec s;\nvar big[k in 0..1] : -9223372036854775807.."
      "9223372036854775807 = 0;\n"
      "var b[e in 0..3] : 0..255;\nvar w : -300..65235;\n"
      "var d[c in 1..2] : 0..4000000000;\nvar t : 0..7;\nvar u[e in 0..1] :"
      " 0..255;\nvar v : -128..127;\n"
      "process p { a: for e in 0..3 { b[e] := (e * 77 + 200) % 256; }\n"
      "  w := w + 65535; d[2] := 4000000000 - d[1]; v := -128 + b[3] / 2;"
      " for e in 0..1 { u[e] := b[e] + e; }"
      " for k in 0..1 { big[k] := 9223372036854775000 - w * (k + 1); } }\n"
      "process q[i in 1..2] { c: d[i] := d[i] + 3999999999 - i; t := 7;"
      " b[i] := b[i + 1] + 1; }\n",
      0);
}

/* Steps with one choice (one CHOOSE, no loop, no hook: the fused loop
** counts the paths, block_one_choice): disabled paths after the choice,
** an empty domain, a violation on one path, `either`, a choice not
** reached; and a runtime error on the third path. */
Test(native, one_choice_steps_match_the_interpreter) {
  same_successors(
      "spec s;\nvar x : 0..250;\nvar y : 0..9;\nvar z : 0..3;\n"
      "process p { a: with i in 0..4 { await i != 2; x := i * 50;"
      " if i == 3 { violate V \"three\"; } } }\n"
      "process q { b: with k in 1..x { y := k; } }\n"
      "process r { c: either { z := 1; } or { z := 2; } or { await y > 0;"
      " } }\n"
      "process o { d: if x > 0 { with k in 0..1 { z := k; } } y := 5; }\n"
      "constraint V \"not three\": violations;\n",
      0);
  same_successors("spec s;\nvar y : 0..9;\n"
                  "process p { a: with i in 0..3 { y := 6 / (2 - i); } }\n",
                  0);
}

/* Footprints (same_footprints) where they are easy to get wrong: a
** quantifier over a family's elements, an element read and written (the
** untracked function promotes it to a local), a disabled path that has
** read its guard, choice paths that read different elements, a placement
** body run by a hook, a runtime error after some reads. */
Test(native, tracked_footprints_match_the_interpreter) {
  const char *text =
      "spec s;\nvar r[i in 1..4] : bool;\nvar on[i in 1..4] : bool;\n"
      "var h[i in 1..4] : 0..65520;\nvar x : 0..9;\nvar k : 0..5;\n"
      "process boss { a: await forall a in 1..4: r[a] => on[a]; x := 1;"
      " b: await exists a in 1..4: on[a]; }\n"
      "process ap[i in 1..4] { c: h[i] := (h[i] * 31 + i) % 65521;"
      " h[i] := h[i] + 1; r[i] := true; hook hh; }\n"
      "process q { d: with j in 1..4 { await not r[j] or j > 2;"
      " on[j] := true; } }\n"
      "process e { f: await x > 0; }\n"
      "placement P at hh { with w in 0..1 { x := x + w; k := k + w; } }\n";
  same_successors(text, 0);
  same_successors("spec s;\nvar r[i in 1..4] : bool;\nvar k : 0..5;\n"
                  "var x : 0..3;\nprocess z { g: x := 1; r[k] := true; }\n",
                  0);
}

/* Which blocks get the one-choice copy (c<pc>), and which fields the
** byte helpers. */
Test(native, generated_c_one_choice_copies_and_byte_helpers) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..9;\nvar f : 0..7;\nvar g : 0..255;\n"
      "process p { a: with i in 0..3 { x := i; }\n"
      "  b: with i in 0..1 { with j in 0..1 { x := i + j; } }\n"
      "  c: for k in 0..1 { with i in 0..1 { x := i + k; } }\n"
      "  d: either { x := 1; } or { x := 2; } f := 3; g := 200; }\n");
  cr_assert_not_null(p);
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  cr_assert_eq(bc_native_generate(p, 0, fp), 0);
  fclose(fp);
  int copies = 0;
  for (const char *c = buf; (c = strstr(c, "static int c")) != NULL; c++)
    copies++;
  cr_expect_eq(copies, 2, "a and d: one choice each; b two; c in a loop");
  /* x at bit 0 (4 bits), f at 4 (3 bits), g at 7: none on a byte
  ** boundary but x, which is 4 bits wide */
  cr_expect_null(strstr(buf, "SETB(st,"), "no field is a byte on a boundary");
  free(buf);
  bc_program_free(p);
  p = compile("spec s;\nvar g[e in 0..2] : 0..255;\n"
              "process p { a: for e in 0..2 { g[e] := e + 1; } }\n");
  cr_assert_not_null(p);
  buf = NULL;
  fp = open_memstream(&buf, &len);
  cr_assert_eq(bc_native_generate(p, 0, fp), 0);
  fclose(fp);
  cr_expect_not_null(strstr(buf, "SETB(st,"), "g's bytes stored as bytes");
  free(buf);
  bc_program_free(p);
}

/*
** The cache of built models (bc_native_load). The compiler is a spy: a
** script that counts its runs in a file and runs cc, so a hit is a load
** that did not run it. About 1.5 s (five compilations).
*/
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *cache_spec =
    "spec s;\nvar x : 0..3;\nprocess p { a: x := 1; b: x := x + 1; }\n";

static char cache_root[64];

/* A fresh directory with a spy compiler; CC set to it. */
static void cache_setup(void) {
  snprintf(cache_root, sizeof cache_root, "/tmp/bc-cache-test-XXXXXX");
  cr_assert_not_null(mkdtemp(cache_root));
  char spy[128];
  snprintf(spy, sizeof spy, "%s/spycc", cache_root);
  FILE *f = fopen(spy, "w");
  cr_assert_not_null(f);
  fprintf(f, "#!/bin/sh\necho run >> \"$0.log\"\nexec cc \"$@\"\n");
  fclose(f);
  chmod(spy, 0700);
  setenv("CC", spy, 1);
}

static void rm_rf(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d))) {
      char path[PATH_MAX];
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
        continue;
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      struct stat st;
      if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
        rm_rf(path);
      else
        unlink(path);
    }
    closedir(d);
  }
  chmod(dir, 0700);
  rmdir(dir);
}

static void cache_teardown(void) {
  rm_rf(cache_root);
  bc_leak_check();
}

/* How many times the spy compiler ran. */
static int cc_runs(void) {
  char path[128];
  snprintf(path, sizeof path, "%s/spycc.log", cache_root);
  FILE *f = fopen(path, "r");
  int n = 0, c;
  if (!f)
    return 0;
  while ((c = fgetc(f)) != EOF)
    n += c == '\n';
  fclose(f);
  return n;
}

/* Entries of 'dir' (and the first one's name in 'first'). */
static int entries(const char *dir, char *first, size_t len) {
  DIR *d = opendir(dir);
  int n = 0;
  if (!d)
    return -1;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
      if (n++ == 0 && first)
        snprintf(first, len, "%s", e->d_name);
    }
  closedir(d);
  return n;
}

/* Load the cache spec through 'dir'; the engine must work (two steps). */
static bool load_and_run(const char *text, const char *dir, char *note,
                         size_t notelen) {
  struct bc_program *p = compile(text);
  if (!p)
    return false;
  char err[512];
  struct bc_native *n = bc_native_load(p, 0, dir, note, notelen, err,
                                       sizeof err);
  bool ok = n != NULL;
  if (n) {
    struct bc_vm vm;
    bc_vm_init(&vm, p);
    bc_vm_use_native(&vm, n);
    struct succ_log l = {0};
    l.nbytes = p->state_bytes;
    ok = bc_vm_successors(&vm, p->init, logit, &l) == 1 && l.n == 1;
    bc_vm_release(&vm);
    bc_native_free(n);
  } else {
    fprintf(stderr, "bc_native_load: %s\n", err);
  }
  bc_program_free(p);
  return ok;
}

Test(native_cache, second_load_is_a_hit, .init = cache_setup,
     .fini = cache_teardown, .timeout = 60.) {
  char dir[128], note[512], name[256];
  snprintf(dir, sizeof dir, "%s/xdg/bootcheck", cache_root);
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect_str_empty(note);
  cr_expect_eq(cc_runs(), 1);
  cr_assert_eq(entries(dir, name, sizeof name), 1);
  cr_expect(strstr(name, ".so") != NULL, "%s", name);
  struct stat st;
  cr_assert_eq(stat(dir, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0700);
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect_str_empty(note);
  cr_expect_eq(cc_runs(), 1, "the second load compiled");
  /* another spec is another key */
  cr_assert(load_and_run("spec t;\nvar y : bool;\nprocess q { a: y := true;"
                         " }\n", dir, note, sizeof note));
  cr_expect_eq(cc_runs(), 2);
  cr_expect_eq(entries(dir, NULL, 0), 2);
}

Test(native_cache, concurrent_writers_leave_one_whole_file,
     .init = cache_setup, .fini = cache_teardown, .timeout = 60.) {
  char dir[128];
  snprintf(dir, sizeof dir, "%s/bootcheck", cache_root);
  pid_t kids[4];
  for (int i = 0; i < 4; i++) {
    kids[i] = fork();
    cr_assert_geq(kids[i], 0);
    if (kids[i] == 0)
      _exit(load_and_run(cache_spec, dir, NULL, 0) ? 0 : 1);
  }
  for (int i = 0; i < 4; i++) {
    int status;
    cr_assert_eq(waitpid(kids[i], &status, 0), kids[i]);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  int built = cc_runs();
  cr_expect(built >= 1 && built <= 4);
  cr_expect_eq(entries(dir, NULL, 0), 1, "temporary files left");
  char note[512];
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect_str_empty(note);
  cr_expect_eq(cc_runs(), built, "no hit after the concurrent writers");
}

Test(native_cache, directory_writable_by_others_is_bypassed,
     .init = cache_setup, .fini = cache_teardown, .timeout = 60.) {
  char dir[128], link[128], note[512];
  snprintf(dir, sizeof dir, "%s/open", cache_root);
  cr_assert_eq(mkdir(dir, 0700), 0);
  cr_assert_eq(chmod(dir, 0777), 0);
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect(strstr(note, "not cached") && strstr(note, "writable only by"),
            "%s", note);
  cr_expect_eq(entries(dir, NULL, 0), 0);
  /* a symbolic link is not the directory it names */
  cr_assert_eq(chmod(dir, 0700), 0);
  snprintf(link, sizeof link, "%s/link", cache_root);
  cr_assert_eq(symlink(dir, link), 0);
  cr_assert(load_and_run(cache_spec, link, note, sizeof note));
  cr_expect(strstr(note, "not cached"), "%s", note);
  cr_expect_eq(entries(dir, NULL, 0), 0);
  cr_expect_eq(cc_runs(), 2);
}

/* A spy compiler that first sleeps 'secs' seconds. */
static void slow_spy(const char *secs) {
  char spy[128];
  snprintf(spy, sizeof spy, "%s/slowcc", cache_root);
  FILE *f = fopen(spy, "w");
  cr_assert_not_null(f);
  fprintf(f, "#!/bin/sh\nsleep %s\necho run >> \"$0.log\"\nexec cc \"$@\"\n",
          secs);
  fclose(f);
  chmod(spy, 0700);
  setenv("CC", spy, 1);
}

/* bc_native_cancel_after: a build that ends within the grace is cached; one
** that does not is stopped when the grace is over, or at an interrupt,
** leaving nothing. */
Test(native_cache, a_build_ends_within_its_grace_or_stops,
     .init = cache_setup, .fini = cache_teardown, .timeout = 60.) {
  char dir[128], name[256];
  snprintf(dir, sizeof dir, "%s/xdg/bootcheck", cache_root);
  struct bc_program *p = compile(cache_spec);
  cr_assert_not_null(p);
  struct bc_native *n = NULL;
  slow_spy("0.3");
  struct bc_native_job *j = bc_native_start(p, 0, dir, &n);
  cr_assert_not_null(j);
  cr_assert_null(n);
  bc_native_cancel_after(j, 50, NULL); /* returns when the build ends */
  cr_expect_eq(entries(dir, name, sizeof name), 1);
  /* cached: the next start finds it and builds nothing */
  j = bc_native_start(p, 0, dir, &n);
  cr_expect_null(j);
  cr_assert_not_null(n);
  bc_native_free(n);
  bc_program_free(p);
  /* another program, and a compiler slower than the grace */
  p = compile("spec s;\nvar x : 0..5;\nprocess p { a: x := 2; }\n");
  cr_assert_not_null(p);
  slow_spy("60");
  j = bc_native_start(p, 0, dir, &n);
  cr_assert_not_null(j);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bc_native_cancel_after(j, 0.2, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cr_expect_lt(t1.tv_sec - t0.tv_sec, 30); /* not the compiler's 60 s */
  cr_expect_eq(entries(dir, NULL, 0), 1);  /* the first model only */
  /* a long grace, cut short by an interrupt (*quit) */
  static volatile sig_atomic_t quit = 1;
  j = bc_native_start(p, 0, dir, &n);
  cr_assert_not_null(j);
  clock_gettime(CLOCK_MONOTONIC, &t0);
  bc_native_cancel_after(j, 50, &quit);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  cr_expect_lt(t1.tv_sec - t0.tv_sec, 30);
  cr_expect_eq(entries(dir, NULL, 0), 1);
  bc_program_free(p);
}

/* bc_native_built: false while the compiler runs and after a failed build
** (the job is then left for bc_native_finish or a cancel, as before), true
** once it has ended with an engine, which bc_native_finish then returns. */
Test(native_cache, built_says_without_waiting_whether_an_engine_is_ready,
     .init = cache_setup, .fini = cache_teardown, .timeout = 60.) {
  char dir[128], note[256], err[256];
  snprintf(dir, sizeof dir, "%s/xdg/bootcheck", cache_root);
  struct bc_program *p = compile(cache_spec);
  cr_assert_not_null(p);
  struct bc_native *n = NULL;
  slow_spy("1");
  struct bc_native_job *j = bc_native_start(p, 0, dir, &n);
  cr_assert_not_null(j);
  cr_expect_not(bc_native_built(j)); /* still asleep in the compiler */
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do { /* at most 50 s */
    struct timespec ms = {0, 10000000};
    nanosleep(&ms, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t);
  } while (!bc_native_built(j) && t.tv_sec - t0.tv_sec < 50);
  cr_assert(bc_native_built(j));
  n = bc_native_finish(j, note, sizeof note, err, sizeof err);
  cr_assert_not_null(n, "%s", err);
  bc_native_free(n);
  bc_program_free(p);
  /* a compiler that fails: the job ends without an engine */
  p = compile("spec s;\nvar x : 0..5;\nprocess p { a: x := 2; }\n");
  cr_assert_not_null(p);
  setenv("CC", "false", 1);
  j = bc_native_start(p, 0, dir, &n);
  cr_assert_not_null(j);
  struct timespec ms = {0, 300000000};
  nanosleep(&ms, NULL); /* 'false' has ended by now, most likely */
  cr_expect_not(bc_native_built(j));
  n = bc_native_finish(j, note, sizeof note, err, sizeof err);
  cr_expect_null(n);
  bc_program_free(p);
}

Test(native_cache, untrusted_or_foreign_files_are_rebuilt,
     .init = cache_setup, .fini = cache_teardown, .timeout = 60.) {
  char dir[128], name[256], path[400], note[512];
  snprintf(dir, sizeof dir, "%s/bootcheck", cache_root);
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_assert_eq(entries(dir, name, sizeof name), 1);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  /* group-writable: not loaded, rebuilt, replaced by a file of mode 0600 */
  cr_assert_eq(chmod(path, 0664), 0);
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect(strstr(note, "rebuilt"), "%s", note);
  cr_expect_eq(cc_runs(), 2);
  struct stat st;
  cr_assert_eq(stat(path, &st), 0);
  cr_expect_eq(st.st_mode & 0777, 0600);
  /* another model's object under this key: its key does not match */
  const char *other = "spec t;\nvar y : bool;\nprocess q { a: y := true; }\n";
  cr_assert(load_and_run(other, dir, note, sizeof note));
  cr_expect_eq(cc_runs(), 3);
  char a[400], b[400];
  DIR *d = opendir(dir);
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.' && strcmp(e->d_name, name)) {
      snprintf(a, sizeof a, "%s/%s", dir, e->d_name);
      break;
    }
  closedir(d);
  snprintf(b, sizeof b, "%s", path);
  cr_assert_eq(rename(a, b), 0); /* the other model's file, our name */
  cr_assert(load_and_run(cache_spec, dir, note, sizeof note));
  cr_expect_eq(cc_runs(), 4, "a foreign object was loaded");
}

/* Field bits as aligned words (bc_bits_get/set): every offset and width,
** across word boundaries, against a bit-by-bit reference; the bits around
** a field are left as they were. */
Test(native, field_bits_across_words) {
  uint8_t s[32 + 8], ref[32 + 8];
  uint64_t v = 0x9e3779b97f4a7c15ull;
  for (uint32_t off = 0; off < 192; off += 3)
    for (unsigned w = 1; w <= 64 && off + w <= 256; w++) {
      for (size_t i = 0; i < sizeof s; i++)
        s[i] = ref[i] = (uint8_t)(i * 151 + off);
      v = v * 6364136223846793005ull + 1442695040888963407ull;
      bc_bits_set(s, off, w, v);
      for (unsigned k = 0; k < w; k++) {
        unsigned bit = off + k;
        ref[bit / 8] = (uint8_t)((ref[bit / 8] & ~(1u << (bit % 8))) |
                                 (((v >> k) & 1) << (bit % 8)));
      }
      cr_assert_eq(memcmp(s, ref, sizeof s), 0, "off %u width %u", off, w);
      cr_assert_eq(bc_bits_get(s, off, w), v & bc_mask(w), "off %u width %u",
                   off, w);
    }
}
