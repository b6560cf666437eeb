#include <criterion/criterion.h>

#include "front/compile_int.h"
#include "helpers.h"
#include "leakcheck.h"
#include "model/vm.h"

#include <stdlib.h>

TestSuite(vm, .fini = bc_leak_check, .timeout = 20.);

struct seen {
  int n;
  int64_t x[64];
  unsigned inst[64];
  int viol;
  size_t xvar;
  const struct bc_program *p;
};

static int collect(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct seen *s = ctx;
  (void)step;
  if (s->n < 64) {
    s->x[s->n] = bc_state_get(s->p, succ, s->xvar, 0);
    s->inst[s->n] = inst;
  }
  s->n++;
  if (viol)
    s->viol++;
  return 0;
}

static long succs(struct bc_program *p, struct bc_vm *vm, struct seen *s) {
  memset(s, 0, sizeof *s);
  s->p = p;
  s->xvar = (size_t)var_index(p, "x");
  unsigned choice[4] = {0};
  bc_vm_init(vm, p);
  bc_vm_configure(vm, choice);
  return bc_vm_successors(vm, p->init, collect, s);
}

Test(vm, nested_choices_give_one_successor_per_path) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..99;\n"
      "process p { a: with i in 1..3 { either { x := i; } or { x := 10 * i; }"
      " or { await i = 2; x := 50; } } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  long n = succs(p, &vm, &s);
  cr_expect_eq(n, 7, "3 * 2 paths + one enabled third branch");
  int64_t want[] = {1, 10, 2, 20, 50, 3, 30};
  for (int i = 0; i < 7; i++)
    cr_expect_eq(s.x[i], want[i], "successor %d in odometer order", i);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, false_await_disables_the_step) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nprocess p { a: x := 1; await x = 2; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), 0);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, empty_with_set_disables_the_step) {
  struct bc_program *p = compile(
      "spec s;\nenum E { A, B }\nvar x : 0..3;\nvar e : set of E;\n"
      "process p { a: with m in e { x := 1; } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), 0);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, instances_move_in_order) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..9;\n"
      "process a { s: x := 1; }\nprocess b[i in 4..6] { t: x := i; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_assert_eq(succs(p, &vm, &s), 4);
  for (unsigned i = 0; i < 4; i++)
    cr_expect_eq(s.inst[i], i);
  cr_expect_eq(s.x[1], 4);
  cr_expect_eq(s.x[3], 6);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, out_of_range_assignment_is_a_runtime_error) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..2;\nprocess p { a: x := x + 3; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_RANGE);
  cr_expect_eq(vm.err.value, 3);
  char msg[128];
  bc_vm_error_format(p, &vm.err, msg, sizeof msg);
  cr_expect_str_eq(msg, "value 3 is out of range 0..2 of 'x'");
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, overflow_and_division_by_zero_are_runtime_errors) {
  struct bc_program *p = compile(
      "spec s;\nconst BIG = 9223372036854775807;\nvar x : 0..2;\n"
      "process p { a: either { x := (BIG + 1 + x) % 2; } or { x := 1 / x; } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_OVERFLOW);
  bc_vm_release(&vm);
  bc_program_free(p);
  p = compile("spec s;\nvar x : 0..2;\nprocess p { a: x := 1 / x; }\n");
  cr_assert_not_null(p);
  cr_expect_eq(succs(p, &vm, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_DIVZERO);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, too_many_choice_points_is_a_runtime_error) {
  char text[4096] = "spec s;\nvar x : 0..1;\nprocess p { a: ";
  for (int i = 0; i < 40; i++)
    strcat(text, "either { x := 0; } or { x := 1; } ");
  strcat(text, "}\n");
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_CHOICES);
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, violations_travel_with_their_successor) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\n"
      "process p { a: either { x := 1; violate V \"one\"; } or { x := 2; } }\n"
      "constraint V \"never one\": violations;\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), 2);
  cr_expect_eq(s.viol, 1, "only the first branch violates");
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, placements_run_at_their_bound_hook) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..9;\n"
      "process p { a: x := 1; hook h1; x := x + 1; hook h2; }\n"
      "placement P at h1, h2 { x := x * 3; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  memset(&s, 0, sizeof s);
  s.p = p;
  s.xvar = (size_t)var_index(p, "x");
  bc_vm_init(&vm, p);
  unsigned c0[1] = {0}, c1[1] = {1};
  bc_vm_configure(&vm, c0);
  bc_vm_successors(&vm, p->init, collect, &s);
  cr_expect_eq(s.x[0], 4, "(1*3)+1");
  s.n = 0;
  bc_vm_configure(&vm, c1);
  bc_vm_successors(&vm, p->init, collect, &s);
  cr_expect_eq(s.x[0], 6, "(1+1)*3");
  bc_vm_release(&vm);
  bc_program_free(p);
}

Test(vm, constant_expressions_evaluate_at_compile_time) {
  struct bc_program *p = compile(
      "spec s;\nconst A = 7;\nconst B = (A * 6) % 5 + (if A > 3 then 10 else 0);\n"
      "process p { a: skip; }\n");
  cr_assert_not_null(p);
  cr_expect_eq(p->consts[1].value, 12);
  bc_program_free(p);
}

/* A loop over a long range whose bounds are not constant (the compiler
** checks those) stops its run after BC_VM_MAX_TICKS iterations, nested
** loops included, instead of running for hours (issue 12). */
Test(vm, too_many_loop_iterations_is_a_runtime_error) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nvar n : 0..1099511627776 = 4096;\n"
      "process p { a: for i in 0..n { for j in 0..n { x := 1; } } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s;
  cr_expect_eq(succs(p, &vm, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_LOOP);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* A passed deadline stops a long loop with BC_RT_TIME (--time-limit). */
Test(vm, a_passed_deadline_stops_a_long_loop) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nvar n : 0..1099511627776 = 4000;\n"
      "process p { a: for i in 0..n { for j in 0..n { x := 1; } } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct seen s = {0};
  s.p = p;
  s.xvar = (size_t)var_index(p, "x");
  bc_vm_init(&vm, p);
  vm.deadline = bc_vm_now() - 1;
  cr_expect_eq(bc_vm_successors(&vm, p->init, collect, &s), BC_VM_ERROR);
  cr_expect_eq(vm.err.code, BC_RT_TIME);
  bc_vm_release(&vm);
  bc_program_free(p);
}
