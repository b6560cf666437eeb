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

/* Successors of the initial state with both engines must be identical,
** in the same order, with the same violations. */
static void same_successors(const char *text, unsigned hook_choice) {
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  char err[512];
  struct bc_native *n = bc_native_build(p, err, sizeof err);
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
  cr_assert_eq(bc_native_generate(p, f), 0);
  fclose(f);
  int fns = 0;
  for (const char *c = buf; (c = strstr(c, "static int f")) != NULL; c++)
    fns++;
  cr_expect_eq(fns, 5, "3 steps, 1 placement, 1 invariant");
  cr_expect_not_null(strstr(buf, "bc_native_fns"));
  free(buf);
  bc_program_free(p);
}
