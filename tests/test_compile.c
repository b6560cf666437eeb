#include <criterion/criterion.h>

#include "bootcheck/model.h"
#include "helpers.h"
#include "leakcheck.h"

TestSuite(compile, .fini = bc_leak_check, .timeout = 20.);

Test(compile, packs_each_field_in_fewest_bits) {
  struct bc_program *p = compile(
      "spec s;\n"
      "enum E { A, B, C }\n"
      "enum F { F1, F2, F3, F4 }\n"
      "var b : bool;\n"
      "var n : 0..5;\n"
      "var m : -3..4;\n"
      "var e : E;\n"
      "var f : set of F;\n"
      "var one : 7..7;\n"
      "process p { a: skip; }\n");
  cr_assert_not_null(p);
  cr_expect_eq(p->vars[var_index(p, "b")].width, 1);
  cr_expect_eq(p->vars[var_index(p, "n")].width, 3);
  cr_expect_eq(p->vars[var_index(p, "m")].width, 3);
  cr_expect_eq(p->vars[var_index(p, "e")].width, 2);
  cr_expect_eq(p->vars[var_index(p, "f")].width, 4);
  cr_expect_eq(p->vars[var_index(p, "one")].width, 0, "one value, no bits");
  /* 1+3+3+2+4+0 + pc (0..1: 1 bit) = 14 bits */
  cr_expect_eq(p->state_bits, 14);
  cr_expect_eq(p->state_bytes, 2);
  cr_expect_eq(bc_state_get(p, p->init, (size_t)var_index(p, "m"), 0), -3,
               "a range starts at its lower bound");
  bc_program_free(p);
}

Test(compile, wide_sets_start_on_a_byte) {
  char text[2048] = "spec s;\nenum W {";
  for (int i = 0; i < 60; i++)
    sprintf(text + strlen(text), "%sW%d", i ? ", " : " ", i);
  strcat(text, " }\nvar x : bool;\nvar w : set of W = {W59, W0};\n"
               "process p { a: w := w - {W0}; }\n");
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  const struct bc_var *w = &p->vars[var_index(p, "w")];
  cr_expect_eq(w->width, 60);
  cr_expect_eq(w->bitoff % 8, 0, "fields wider than 56 bits are aligned");
  int64_t v = bc_state_get(p, p->init, (size_t)var_index(p, "w"), 0);
  cr_expect_eq((uint64_t)v, ((uint64_t)1 << 59) | 1u);
  bc_program_free(p);
}

Test(compile, initial_values_use_index_names) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\n"
      "var online[c in 0..N] : bool = (c == 0);\n"
      "var lvl[c in 0..N] : 0..9 = c * 2 + 1;\n"
      "process p { a: skip; }\n");
  cr_assert_not_null(p);
  size_t on = (size_t)var_index(p, "online"), lv = (size_t)var_index(p, "lvl");
  cr_expect_eq(bc_state_get(p, p->init, on, 0), 1);
  for (size_t c = 1; c <= 3; c++)
    cr_expect_eq(bc_state_get(p, p->init, on, c), 0);
  for (size_t c = 0; c <= 3; c++)
    cr_expect_eq(bc_state_get(p, p->init, lv, c), (int64_t)(c * 2 + 1));
  bc_program_free(p);
}

Test(compile, defines_override_constants) {
  const char *text = "spec s;\nconst NAP = 2;\nconst DEBUG = false;\n"
                     "process ap[i in 1..NAP] { a: skip; }\n";
  struct bc_define d[] = {{"NAP", "5"}, {"DEBUG", "true"}};
  struct bc_program *p = compile_defs(text, d, 2, NULL);
  cr_assert_not_null(p);
  cr_expect_eq(p->procs[0].ninst, 5);
  cr_expect(p->consts[0].overridden);
  cr_expect_eq(p->consts[1].value, 1);
  bc_program_free(p);

  unsigned nerr = 0;
  struct bc_define bad[] = {{"NOPE", "1"}};
  cr_expect_null(compile_defs(text, bad, 1, &nerr));
  cr_expect_eq(nerr, 1);
  struct bc_define kind[] = {{"DEBUG", "7"}};
  cr_expect_null(compile_defs(text, kind, 1, &nerr), "bool given an int");
  struct bc_define empty[] = {{"NAP", "0"}};
  cr_expect_null(compile_defs(text, empty, 1, &nerr), "empty family");
}

Test(compile, implicit_deadlock_constraint_unless_declared) {
  struct bc_program *p = compile("spec s;\nprocess p { a: skip; }\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nconstraints, 1);
  cr_expect(p->constraints[0].implicit);
  cr_expect_str_eq(p->constraints[0].id, "deadlock");
  bc_program_free(p);
  p = compile("spec s;\nprocess p { a: skip; }\n"
              "constraint D \"boot completes\": no deadlock;\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nconstraints, 1);
  cr_expect_not(p->constraints[0].implicit);
  bc_program_free(p);
}

Test(compile, configurations_are_the_cartesian_product) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\n"
      "process p { a: hook h1; b: hook h2; c: hook h3; }\n"
      "placement P at h1, h2, h3 { x := 1; }\n"
      "placement Q at h2, h3 { x := 2; }\n");
  cr_assert_not_null(p);
  cr_expect_eq(bc_config_count(p), 6);
  unsigned ch[2];
  char name[128];
  bc_config_nth(p, 5, ch);
  bc_config_name(p, ch, name, sizeof name);
  cr_expect_str_eq(name, "P@h3,Q@h3");
  bc_config_nth(p, 1, ch);
  bc_config_name(p, ch, name, sizeof name);
  cr_expect_str_eq(name, "P@h1,Q@h3");
  bc_program_free(p);
}

Test(compile, reports_several_errors_per_run) {
  unsigned nerr = 0;
  struct bc_program *p = compile_defs(
      "spec s;\nvar x : bool;\nvar y : 0..3;\n"
      "process p { a: x := 1; y := true; await z; }\n",
      NULL, 0, &nerr);
  cr_expect_null(p);
  cr_expect_eq(nerr, 3);
}

Test(compile, before_constraints_add_a_history_bit) {
  struct bc_program *p = compile(
      "spec s;\nprocess p { a: skip; b: skip; }\nprocess q { c: skip; }\n"
      "constraint O \"b before c\": p.b before q.c;\n");
  cr_assert_not_null(p);
  int h = var_index(p, "hist(O)");
  cr_assert_geq(h, 0);
  cr_expect_eq(p->vars[h].kind, BC_VAR_HIST);
  cr_expect_eq(p->vars[h].width, 1);
  bc_program_free(p);
}

Test(compile, list_and_dump_print_every_step) {
  struct bc_program *p = compile(
      "spec s \"title\";\nvar x : 0..3;\n"
      "process p { first: x := 1; second: x := x + 1; }\n");
  cr_assert_not_null(p);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  bc_program_list(p, f);
  bc_program_dump(p, f);
  fclose(f);
  cr_expect_not_null(strstr(buf, "first"));
  cr_expect_not_null(strstr(buf, "step p.second"));
  cr_expect_not_null(strstr(buf, "STORE"));
  cr_expect_not_null(strstr(buf, "state: 1 bytes"));
  free(buf);
  bc_program_free(p);
}

/* Spec text of 'nproc' processes with 'nlab' labels each, every step a goto
** to another label of its process (malloc'd). */
static char *many_labels(unsigned nproc, unsigned nlab) {
  size_t cap = 64 + (size_t)nproc * (32 + (size_t)nlab * 40), n = 0;
  char *t = malloc(cap);
  n += (size_t)snprintf(t + n, cap - n, "spec s;\nvar y : 0..3;\n");
  for (unsigned p = 0; p < nproc; p++) {
    n += (size_t)snprintf(t + n, cap - n, "process p%u {\n", p);
    for (unsigned i = 0; i < nlab; i++)
      n += (size_t)snprintf(t + n, cap - n, " l%u: goto l%u;\n", i,
                            (unsigned)(((uint64_t)i * 7919) % nlab));
    n += (size_t)snprintf(t + n, cap - n, "}\n");
  }
  return t;
}

/* Names are hashed: 200,000 labels compile in about a second (they took
** over three minutes when each lookup was a scan, issue 12). */
Test(compile, many_labels_compile_quickly) {
  char *text = many_labels(4, 50000);
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  cr_expect_eq(p->nsteps, 200000);
  cr_expect_eq(p->code[p->steps[3].code].op, BC_INS_GOTO);
  cr_expect_eq(p->code[p->steps[3].code].a, (3u * 7919) % 50000);
  bc_program_free(p);
  free(text);
}

/* GOTO's operand is 16 bits: the 65536th label of a process is a located
** error, not a jump that wraps to label 0 (issue 11). */
Test(compile, labels_per_process_are_limited) {
  char *text = many_labels(1, 65536);
  unsigned nerr = 0;
  struct bc_program *p = compile_defs(text, NULL, 0, &nerr);
  cr_expect_null(p);
  cr_expect_eq(nerr, 1);
  bc_program_free(p);
  free(text);
  text = many_labels(1, 65535);
  p = compile(text);
  cr_expect_not_null(p);
  bc_program_free(p);
  free(text);
}

/* HOOK's operand is 16 bits: 65537 distinct hooks are a located error. */
Test(compile, hooks_are_limited) {
  size_t cap = 65600u * 24, n = 0;
  char *t = malloc(cap);
  n += (size_t)snprintf(t + n, cap - n, "spec s;\nprocess p { l: ");
  for (unsigned i = 0; i < 65537; i++)
    n += (size_t)snprintf(t + n, cap - n, "hook h%u; ", i);
  n += (size_t)snprintf(t + n, cap - n, "}\nplacement P: h0;\n");
  unsigned nerr = 0;
  struct bc_program *p = compile_defs(t, NULL, 0, &nerr);
  cr_expect_null(p);
  cr_expect_geq(nerr, 1);
  free(t);
}

/* The TICKs of 'text''s code. */
static unsigned ticks_of(const char *text) {
  struct bc_program *p = compile(text);
  cr_assert_not_null(p, "%s", text);
  unsigned n = 0;
  for (size_t pc = 0; pc < p->ncode; pc++)
    n += p->code[pc].op == BC_INS_TICK;
  bc_program_free(p);
  return n;
}

/* A loop over a constant range of at most 64 values with no loop in its
** body is not counted towards the loop budget (no TICK at its back edge,
** as for a loop over an enum or a set); every other loop over a range is,
** the outer loops of a nest of small ones included, so the budget and the
** deadline still bound any nest. */
Test(compile, small_constant_loops_are_not_counted) {
  cr_expect_eq(ticks_of("spec s;\nvar x : 0..99;\n"
                        "process p { a: for i in 1..64 { x := i; } }\n"),
               0);
  cr_expect_eq(ticks_of("spec s;\nvar x : 0..99;\n"
                        "process p { a: for i in 0..64 { x := i; } }\n"),
               1);
  cr_expect_eq(ticks_of("spec s;\nvar x : 0..99;\nvar n : 0..9 = 3;\n"
                        "process p { a: for i in 0..n { x := i; } }\n"),
               1);
  cr_expect_eq(ticks_of("spec s;\nvar x : 0..99;\n"
                        "process p { a: for i in 1..8 { for j in 1..8 {"
                        " x := i + j; } } }\n"),
               1);
  cr_expect_eq(ticks_of("spec s;\nvar x : 0..99;\n"
                        "process p { a: for i in 1..8 { for j in 1..100 {"
                        " x := j; } } }\n"),
               2);
  cr_expect_eq(ticks_of("spec s;\nvar r[i in 1..5] : 0..3;\n"
                        "process p { a: r[1] := 1; }\n"
                        "constraint C \"pairs\": always forall a in 1..5:"
                        " forall b in 1..5: a == b or r[a] != r[b] or"
                        " r[a] == 0;\n"),
               1);
}
