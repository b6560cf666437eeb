/*
** test_window.c - exposure windows (checker/explore/window.c, docs/language.md
** 4.1): the `window` declaration in the front end, and the longest run of
** steps inside a window, its cycles, its limits.
*/
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcheck/explore.h"
#include "helpers.h"
#include "leakcheck.h"
#include "explore/window.h"

TestSuite(window, .fini = bc_leak_check, .timeout = 60.);

/* Windows of configuration 0 of 'text' (which must compile). */
static struct bc_window_run windows_of(struct bc_program *p,
                                       const struct bc_explore_opts *o) {
  struct bc_window_run w;
  unsigned choice[8] = {0};
  struct bc_explore_opts none = {0};
  cr_assert_eq(bc_window_compute(p, choice, o ? o : &none, &w), 0);
  return w;
}

static const char *label(const struct bc_program *p, const struct bc_trace *t,
                         size_t i) {
  return p->steps[t->steps[i].step].label;
}

/* ----------------------------------------------------------- front end */

Test(window, declaration_compiles_to_a_state_predicate) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nprocess a { s1: x := 1; }\n"
      "window W1 \"x is set\": x > 0;\n"
      "window W2 \"never\" : false;\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nwindows, 2);
  cr_expect_str_eq(p->windows[0].id, "W1");
  cr_expect_str_eq(p->windows[0].title, "x is set");
  cr_expect_str_eq(p->windows[0].text, "x > 0");
  cr_expect_str_eq(p->windows[1].text, "false");
  cr_expect_eq(p->windows[0].line, 4);
  /* a window is not a constraint: no verdict, no implicit extra */
  cr_expect_eq(p->nconstraints, 1); /* the implicit deadlock check */
  bc_program_free(p);
}

Test(window, errors_are_reported) {
  static const char *const bad[] = {
      /* not a boolean */
      "spec s;\nvar x : 0..3;\nprocess a { s1: skip; }\n"
      "window W \"t\": x + 1;\n",
      /* unknown name */
      "spec s;\nprocess a { s1: skip; }\nwindow W \"t\": y;\n",
      /* one namespace with constraints */
      "spec s;\nvar x : bool;\nprocess a { s1: skip; }\n"
      "constraint W \"c\": always x;\nwindow W \"t\": x;\n",
      /* a window is not a constraint for violate */
      "spec s;\nvar x : bool;\nprocess a { s1: violate W; }\n"
      "window W \"t\": x;\n",
      /* nor for expect */
      "spec s;\nvar x : bool;\nprocess a { s1: skip; }\n"
      "window W \"t\": x;\nexpect: violates W;\n",
      /* no self outside a process */
      "spec s;\nprocess a { s1: skip; }\nwindow W \"t\": self = 0;\n",
      /* a title is required */
      "spec s;\nvar x : bool;\nprocess a { s1: skip; }\nwindow W: x;\n",
      /* a process variable is not visible */
      "spec s;\nprocess a { var l : bool; s1: skip; }\nwindow W \"t\": l;\n",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    unsigned nerr = 0;
    struct bc_program *p = compile_defs(bad[i], NULL, 0, &nerr);
    cr_expect_null(p, "case %zu compiled", i);
    cr_expect_gt(nerr, 0, "case %zu: no error", i);
    bc_program_free(p);
  }
}

Test(window, is_a_reserved_word) {
  unsigned nerr = 0;
  struct bc_program *p = compile_defs(
      "spec s;\nvar window : bool;\nprocess a { s1: skip; }\n", NULL, 0,
      &nerr);
  cr_expect_null(p);
  cr_expect_gt(nerr, 0);
  bc_program_free(p);
}

Test(window, list_and_dump_show_windows) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nprocess a { s1: x := 1; }\n"
      "window W1 \"x is set\": x > 0;\n");
  cr_assert_not_null(p);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  bc_program_list(p, f);
  bc_program_dump(p, f);
  fclose(f);
  cr_expect(strstr(buf, "windows:\n  W1       \"x is set\": x > 0\n") != NULL,
            "%s", buf);
  cr_expect(strstr(buf, "window W1\n") != NULL, "%s", buf);
  free(buf);
  bc_program_free(p);
}

Test(window, constraint_text_skips_a_colon_in_the_title) {
  struct bc_program *p = compile(
      "spec s;\nvar x : bool;\nprocess a { s1: skip; }\n"
      "constraint C \"EFI: before pinning\": always not x;\n"
      "window W \"a: b\": x;\n");
  cr_assert_not_null(p);
  cr_expect_str_eq(p->constraints[0].text, "always not x");
  cr_expect_str_eq(p->windows[0].text, "x");
  bc_program_free(p);
}

/* ----------------------------------------------------------- the pass */

/* x is 1 between a1 and a3; b's two steps can run inside, so the longest
** run is a2, a3 and both of b's (4 steps), starting after a1. */
Test(window, longest_run_counts_interleaved_steps) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\n"
      "process a { a1: x := 1; a2: skip; a3: x := 0; }\n"
      "process b { b1: skip; b2: skip; }\n"
      "window W \"x set\": x = 1;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_assert_eq(w.nwindows, 1);
  const struct bc_window_result *r = &w.res[0];
  cr_expect_eq(r->status, BC_WIN_BOUNDED);
  cr_expect(r->ever);
  cr_expect_eq(r->length, 4);
  cr_expect_not(r->open_end);
  cr_assert_not_null(r->trace);
  cr_expect_eq(r->start, 1);
  cr_expect_eq(r->trace->len, 5);
  cr_expect_str_eq(label(p, r->trace, 0), "a1");
  cr_expect_str_eq(label(p, r->trace, 4), "a3", "the pinning step ends it");
  cr_expect_eq(w.states, 4 * 3, "a's 4 program counters times b's 3");
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, step_that_enters_does_not_count_the_one_that_leaves_does) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\n"
      "process a { enter: x := 1; leave: x := 0; after: skip; }\n"
      "window W \"x set\": x = 1;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_expect_eq(w.res[0].length, 1);
  cr_expect_str_eq(label(p, w.res[0].trace, w.res[0].start), "leave");
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, never_holds) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nprocess a { a1: x := 1; }\n"
      "window W \"never\": x = 2 - 2 and x = 1;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_expect_eq(w.res[0].status, BC_WIN_BOUNDED);
  cr_expect_not(w.res[0].ever);
  cr_expect_eq(w.res[0].length, 0);
  cr_expect_null(w.res[0].trace);
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, a_cycle_inside_is_unbounded) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..2;\n"
      "process spinner { spin: either { x := 1; goto spin; } or { x := 2; } "
      "}\n"
      "window W \"x below 2\": x < 2;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  const struct bc_window_result *r = &w.res[0];
  cr_expect_eq(r->status, BC_WIN_UNBOUNDED);
  cr_expect_eq(r->length, 1);
  cr_assert_not_null(r->trace);
  /* the cycle ends where it started */
  size_t nb = p->state_bytes;
  cr_expect_eq(memcmp(r->trace->states + r->start * nb,
                      r->trace->states + (r->start + r->length) * nb, nb),
               0);
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, a_run_can_end_with_the_window_open) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nprocess a { a1: x := 1; a2: skip; }\n"
      "window W \"x set\": x = 1;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_expect_eq(w.res[0].status, BC_WIN_BOUNDED);
  cr_expect_eq(w.res[0].length, 1);
  cr_expect(w.res[0].open_end);
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, several_windows_in_one_pass) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\n"
      "process a { a1: x := 1; a2: x := 2; a3: x := 3; a4: x := 0; }\n"
      "window ONE \"x is 1\": x = 1;\n"
      "window POS \"x positive\": x > 0;\n"
      "window ALL \"always\": true;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_assert_eq(w.nwindows, 3);
  cr_expect_eq(w.res[0].length, 1);
  cr_expect_eq(w.res[1].length, 3);
  cr_expect_eq(w.res[2].length, 4);
  cr_expect(w.res[2].open_end);
  cr_expect_eq(w.res[2].start, 0, "inside from the initial state");
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, limits_make_it_unknown) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar x : 0..1;\n"
      "process b[i in 1..N] { t: x := 1; }\n"
      "window W \"x set\": x = 1;\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  o.max_states = 3;
  struct bc_window_run w = windows_of(p, &o);
  cr_expect_eq(w.res[0].status, BC_WIN_UNKNOWN);
  cr_expect_not_null(w.res[0].note);
  cr_expect_null(w.res[0].trace);
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, runtime_error_in_the_predicate_is_unknown) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nprocess a { a1: x := 1; }\n"
      "window W \"divides\": 1 / x = 1;\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_expect_eq(w.res[0].status, BC_WIN_UNKNOWN);
  bc_window_run_release(&w);
  bc_program_free(p);
}

Test(window, no_windows_costs_nothing) {
  struct bc_program *p = compile("spec s;\nprocess a { a1: skip; }\n");
  cr_assert_not_null(p);
  struct bc_window_run w = windows_of(p, NULL);
  cr_expect_eq(w.nwindows, 0);
  cr_expect_null(w.res);
  cr_expect_eq(w.states, 0);
  bc_window_run_release(&w);
  bc_window_run_release(NULL);
  bc_program_free(p);
}

/* The sketch: what runs unprotected if setup_cr_pinning() moves later. */
Test(window, sketch_exposure_grows_as_pinning_moves_later) {
  struct bc_source src;
  cr_assert_eq(bc_source_load(&src, BC_SOURCE_ROOT "/specs/sketch.boot"), 0);
  struct bc_diag d;
  bc_diag_init(&d, &src);
  struct bc_program *p = bc_compile(&src, NULL, 0, &d);
  bc_diag_print(&d, stderr);
  bc_diag_release(&d);
  bc_source_release(&src);
  cr_assert_not_null(p);
  cr_assert_eq(p->nplacements, 1);
  cr_assert_eq(p->nwindows, 1);
  static const size_t want[] = {0, 3, 5, 13}; /* in hook order */
  cr_assert_eq(p->placements[0].nhooks, 4);
  struct bc_explore_opts o = {0};
  for (unsigned h = 0; h < 4; h++) {
    struct bc_window_run w;
    cr_assert_eq(bc_window_compute(p, &h, &o, &w), 0);
    cr_expect_eq(w.res[0].length, want[h], "hook %u: %zu steps", h,
                 w.res[0].length);
    if (h == 3) {
      /* at core_initcall every AP's cr4_init() runs inside the window */
      const struct bc_window_result *r = &w.res[0];
      unsigned cr4_inits = 0;
      for (size_t i = r->start; i < r->start + r->length; i++)
        cr4_inits += !strcmp(label(p, r->trace, i), "cr4_init");
      cr_expect_eq(cr4_inits, 2);
    }
    bc_window_run_release(&w);
  }
  bc_program_free(p);
}

/* ----------------------------------------------------------- symmetry */

#include "concrete.h"

/* Every step of the run is a transition of the instance it names, from
** the initial state; the window's predicate holds before each of its
** steps [start, start + length). */
static void assert_concrete_run(const struct bc_program *p,
                                const struct bc_window_result *r) {
  const struct bc_trace *t = r->trace;
  size_t nb = p->state_bytes;
  struct bc_vm vm;
  unsigned choice[8] = {0};
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  cr_assert_not_null(t);
  cr_assert_eq(t->len, r->start + r->length);
  cr_assert_eq(memcmp(t->states, p->init, nb), 0);
  long bad = first_unreal_step(p, choice, t, -1);
  cr_assert_eq(bad, -1, "step %ld is not a transition of its instance",
               bad + 1);
  for (size_t i = 0; i < t->len; i++) {
    if (i >= r->start) {
      int64_t v = 0;
      cr_assert_eq(bc_vm_eval(&vm, p->windows[0].code, t->states + i * nb,
                              &v), 0);
      cr_assert(v, "step %zu starts outside the window", i + 1);
    }
  }
  bc_vm_release(&vm);
}

Test(window, symmetry_keeps_lengths_with_fewer_states) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar flag[i in 1..N] : bool;\nvar done : bool;\n"
      "process w[i in 1..N] symmetric { a: skip; b: flag[i] := true; "
      "c: await forall j in 1..N: flag[j]; }\n"
      "process m { d: await forall j in 1..N: flag[j]; done := true; }\n"
      "window W \"some flag set, not all\": (exists j in 1..N: flag[j]) "
      "and not (forall j in 1..N: flag[j]);\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nsymfams, 1);
  struct bc_explore_opts o = {0};
  struct bc_window_run full = windows_of(p, &o);
  o.symmetry = true;
  struct bc_window_run red = windows_of(p, &o);
  cr_expect_lt(red.states, full.states);
  cr_assert_eq(red.res[0].status, BC_WIN_BOUNDED);
  cr_assert_eq(full.res[0].status, BC_WIN_BOUNDED);
  cr_expect_eq(red.res[0].length, full.res[0].length);
  cr_expect_eq(red.res[0].start, full.res[0].start);
  cr_expect_eq(red.res[0].open_end, full.res[0].open_end);
  assert_concrete_run(p, &red.res[0]);
  assert_concrete_run(p, &full.res[0]);
  bc_window_run_release(&full);
  bc_window_run_release(&red);
  bc_program_free(p);
}

/* Two members pass a token back and forth, forever (windows to add). */
#define TOKEN_RING \
  "spec s;\nvar tok[i in 1..2] : bool;\n" \
  "process w[i in 1..2] symmetric {\n" \
  "  go: if not (exists j in 1..2: tok[j]) then tok[i] := true;\n" \
  "  pass: await tok[i]; tok[i] := false;\n" \
  "        for j in 1..2 { if j != i then tok[j] := true; }\n" \
  "        goto pass;\n" \
  "}\n"

/* Passing a token swaps the members: in the reduced graph a self-loop, in
** the concrete one a cycle of two steps; the run shown closes. */
Test(window, symmetry_cycle_is_followed_until_it_closes) {
  struct bc_program *p = compile(TOKEN_RING "window W \"always\": true;\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  struct bc_window_run full = windows_of(p, &o);
  o.symmetry = true;
  struct bc_window_run red = windows_of(p, &o);
  cr_assert_eq(full.res[0].status, BC_WIN_UNBOUNDED);
  cr_assert_eq(red.res[0].status, BC_WIN_UNBOUNDED);
  cr_expect_eq(full.res[0].length, 2);
  cr_expect_eq(red.res[0].length, 2, "two laps of the self-loop");
  size_t nb = p->state_bytes;
  const struct bc_window_result *r = &red.res[0];
  cr_expect_eq(memcmp(r->trace->states + r->start * nb,
                      r->trace->states + (r->start + r->length) * nb, nb),
               0, "the cycle ends where it started");
  assert_concrete_run(p, r);
  bc_window_run_release(&full);
  bc_window_run_release(&red);
  bc_program_free(p);
}

/* ----------------------------------------------------------- folded */

/* The same result, and the same run shown, state by state. */
static void expect_same(const struct bc_program *p,
                        const struct bc_window_result *a,
                        const struct bc_window_result *b, const char *what) {
  cr_expect_eq(a->status, b->status, "%s: status", what);
  cr_expect_eq(a->ever, b->ever, "%s: ever", what);
  cr_expect_eq(a->length, b->length, "%s: length", what);
  cr_expect_eq(a->start, b->start, "%s: start", what);
  cr_expect_eq(a->open_end, b->open_end, "%s: open end", what);
  cr_assert_eq(!a->trace, !b->trace, "%s: a run", what);
  if (!a->trace)
    return;
  cr_assert_eq(a->trace->len, b->trace->len, "%s: run length", what);
  for (size_t i = 0; i < a->trace->len; i++) {
    cr_expect_eq(a->trace->steps[i].inst, b->trace->steps[i].inst,
                 "%s: step %zu", what, i + 1);
    cr_expect_eq(a->trace->steps[i].step, b->trace->steps[i].step,
                 "%s: step %zu", what, i + 1);
  }
  cr_expect_eq(memcmp(a->trace->states, b->trace->states,
                      (a->trace->len + 1) * p->state_bytes),
               0, "%s: the states", what);
}

/* The windows from the safety search's graph (bc_explore_windows) are
** those of their own pass, run and all, with 1 to 3 workers (another
** numbering of the states, renumbered) and with symmetry reduction. */
static void expect_folded(const struct bc_program *p, unsigned *choice) {
  for (unsigned nw = 1; nw <= 3; nw++)
    for (int sym = 0; sym < 2; sym++) {
      struct bc_explore_opts o = {0};
      o.workers = nw;
      o.symmetry = sym;
      struct bc_window_run own, folded;
      struct bc_run run;
      cr_assert_eq(bc_window_compute(p, choice, &o, &own), 0);
      cr_assert_eq(bc_explore_windows(p, choice, &o, &run, &folded), 0);
      cr_assert_not_null(folded.res, "%u workers, symmetry %d: not folded",
                         nw, sym);
      cr_expect_eq(folded.states, own.states);
      char what[64];
      for (size_t w = 0; w < p->nwindows; w++) {
        snprintf(what, sizeof what, "window %zu, %u workers, symmetry %d", w,
                 nw, sym);
        expect_same(p, &folded.res[w], &own.res[w], what);
      }
      bc_window_run_release(&own);
      bc_window_run_release(&folded);
      bc_run_release(&run);
    }
}

Test(window, from_the_search_graph_as_from_its_own_pass) {
  static const char *const specs[] = {
      "spec s;\nvar x : 0..1;\n"
      "process a { a1: x := 1; a2: skip; a3: x := 0; }\n"
      "process b { b1: skip; b2: skip; }\n"
      "window W \"x set\": x = 1;\nwindow V \"x clear\": x = 0;\n",
      "spec s;\nconst N = 3;\nvar flag[i in 1..N] : bool;\nvar done : bool;\n"
      "process w[i in 1..N] symmetric { a: skip; b: flag[i] := true; "
      "c: await forall j in 1..N: flag[j]; }\n"
      "process m { d: await forall j in 1..N: flag[j]; done := true; }\n"
      "window W \"some flag set, not all\": (exists j in 1..N: flag[j]) "
      "and not (forall j in 1..N: flag[j]);\n"
      "constraint E \"done\": eventually done;\n",
      TOKEN_RING "window W \"always\": true;\nwindow N \"never\": false;\n",
  };
  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
    struct bc_program *p = compile(specs[i]);
    cr_assert_not_null(p, "spec %zu", i);
    unsigned choice[8] = {0};
    expect_folded(p, choice);
    bc_program_free(p);
  }
  struct bc_source src;
  cr_assert_eq(bc_source_load(&src, BC_SOURCE_ROOT "/specs/sketch.boot"), 0);
  struct bc_diag d;
  bc_diag_init(&d, &src);
  struct bc_program *p = bc_compile(&src, NULL, 0, &d);
  bc_diag_release(&d);
  bc_source_release(&src);
  cr_assert_not_null(p);
  for (unsigned h = 0; h < p->placements[0].nhooks; h++)
    expect_folded(p, &h);
  bc_program_free(p);
}

/* Where the search's graph cannot serve, the caller runs the pass:
** --por, a runtime error in a window predicate, --max-states. */
Test(window, not_from_the_search_graph_when_it_cannot_serve) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\n"
      "process a { a1: x := 1; a2: x := 2; a3: x := 0; }\n"
      "process b { b1: skip; b2: skip; }\n"
      "window W \"x set\": x > 0;\n"
      "window V \"bad\": 4 / (2 - x) > 1;\n");
  cr_assert_not_null(p);
  unsigned choice[8] = {0};
  struct bc_explore_opts o = {0};
  o.workers = 1;
  struct bc_window_run win;
  struct bc_run run;
  cr_assert_eq(bc_explore_windows(p, choice, &o, &run, &win), 0);
  cr_expect_null(win.res, "a runtime error in V");
  cr_expect_eq(run.stop, BC_STOP_EXHAUSTED, "not the search's error");
  cr_expect(run.complete);
  bc_run_release(&run);
  bc_window_run_release(&win);
  bc_program_free(p);

  p = compile("spec s;\nvar x : 0..3;\n"
              "process a { a1: x := 1; a2: x := 2; a3: x := 0; }\n"
              "process b { b1: skip; b2: skip; }\n"
              "window W \"x set\": x > 0;\n");
  cr_assert_not_null(p);
  cr_assert_eq(bc_explore_windows(p, choice, &o, &run, &win), 0);
  cr_expect_not_null(win.res);
  bc_run_release(&run);
  bc_window_run_release(&win);
  o.por = true;
  cr_assert_eq(bc_explore_windows(p, choice, &o, &run, &win), 0);
  cr_expect_null(win.res, "--por");
  bc_run_release(&run);
  o.por = false;
  o.max_states = 5;
  cr_assert_eq(bc_explore_windows(p, choice, &o, &run, &win), 0);
  cr_expect_null(win.res, "--max-states");
  bc_run_release(&run);
  bc_program_free(p);
}
