#include <criterion/criterion.h>

#include "bootcheck/explore.h"
#include "helpers.h"
#include "leakcheck.h"
#include "concrete.h"

TestSuite(explore, .fini = bc_leak_check, .timeout = 60.);

static struct bc_run check(struct bc_program *p,
                           const struct bc_explore_opts *o) {
  struct bc_run r;
  unsigned choice[8] = {0};
  cr_assert_eq(bc_explore(p, choice, o, &r), 0);
  return r;
}

/* Two ways to x = 3: a long one through p (5 steps) and a short one
** through q (2 steps). BFS must report the short one. */
static const char *two_paths =
    "spec s;\nvar x : 0..9;\n"
    "process p { a1: skip; a2: skip; a3: skip; a4: skip; a5: x := 3; }\n"
    "process q { b1: skip; b2: x := 3; }\n"
    "constraint C \"x never 3\": always x != 3;\n"
    "constraint S \"q.b2 never runs\": at q.b2: false;\n";

Test(explore, counterexamples_are_shortest) {
  struct bc_program *p = compile(two_paths);
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.res[0].verdict, BC_VIOLATED);
  cr_assert_not_null(r.res[0].trace);
  cr_expect_eq(r.res[0].trace->len, 2);
  cr_expect_not(r.res[0].trace->on_step);
  cr_expect_eq(r.res[1].verdict, BC_VIOLATED);
  cr_expect_eq(r.res[1].trace->len, 2);
  cr_expect(r.res[1].trace->on_step);
  /* the trace ends in the violating state */
  const struct bc_trace *t = r.res[0].trace;
  cr_expect_eq(bc_state_get(p, t->states + t->len * p->state_bytes,
                            (size_t)var_index(p, "x"), 0), 3);
  cr_expect_eq(r.stop, BC_STOP_EXHAUSTED,
               "deadlock freedom is only known at the end");
  bc_run_release(&r);
  bc_program_free(p);
}

Test(explore, counts_every_interleaving) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nprocess a { s1: skip; s2: skip; }\n"
      "process b[i in 1..N] { t: skip; }\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.stats.distinct, 3 * 16);
  cr_expect_eq(r.stats.diameter, 6);
  cr_expect_eq(r.stop, BC_STOP_EXHAUSTED);
  cr_expect(r.complete);
  cr_expect_eq(r.res[0].verdict, BC_HOLDS);
  bc_run_release(&r);
  o.fingerprint_only = true;
  r = check(p, &o);
  cr_expect_eq(r.stats.distinct, 3 * 16);
  cr_expect_gt(r.stats.collision_bound, 0.0);
  cr_expect_lt(r.stats.collision_bound, 1e-12);
  bc_run_release(&r);
  bc_program_free(p);
}

Test(explore, limits_leave_verdicts_unknown) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1000;\n"
      "process p { a: x := (x + 1) % 1000; goto a; }\n"
      "constraint C \"x below 999\": always x < 999;\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  o.max_states = 100;
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.stop, BC_STOP_MAX_STATES);
  cr_expect_not(r.complete);
  cr_expect_eq(r.res[0].verdict, BC_UNKNOWN);
  cr_expect_leq(r.stats.distinct, 101);
  bc_run_release(&r);
  o.max_states = 0;
  r = check(p, &o);
  cr_expect_eq(r.res[0].verdict, BC_VIOLATED);
  cr_expect_eq(r.res[0].trace->len, 999);
  bc_run_release(&r);
  bc_program_free(p);
}

Test(explore, stop_at_first_stops) {
  struct bc_program *p = compile(two_paths);
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  o.stop_at_first = true;
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.stop, BC_STOP_FIRST);
  cr_expect_not(r.complete);
  bc_run_release(&r);
  bc_program_free(p);
}

Test(explore, deadlock_is_found_and_normal_ends_are_not) {
  struct bc_program *p = compile(
      "spec s;\nvar f : bool;\n"
      "process p { a: either { f := true; } or { skip; } b: await f; }\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.res[0].verdict, BC_VIOLATED);
  cr_expect_eq(r.res[0].trace->len, 1);
  bc_run_release(&r);
  bc_program_free(p);
}

Test(explore, expectations_decide_the_outcome) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nprocess p { a: hook h1; b: hook h2; }\n"
      "placement P at h1, h2 { x := 1; }\n"
      "constraint C \"x is set by b\": at p.b: x = 1;\n"
      "expect P at h2: violates C;\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  unsigned c[1];
  struct bc_run r;
  bool has;
  c[0] = 0;
  cr_assert_eq(bc_explore(p, c, &o, &r), 0);
  cr_expect_eq(r.res[0].verdict, BC_HOLDS);
  cr_expect(bc_run_as_expected(p, &r, &has));
  cr_expect_not(has, "no expect line for h1: holding is as expected");
  bc_run_release(&r);
  c[0] = 1;
  cr_assert_eq(bc_explore(p, c, &o, &r), 0);
  cr_expect_eq(r.res[0].verdict, BC_VIOLATED);
  cr_expect(bc_run_as_expected(p, &r, &has));
  cr_expect(has);
  bc_run_release(&r);
  bc_program_free(p);
}

/* Each step of 't' must be a real transition: some successor of states[i]
** taken by steps[i].inst equals states[i + 1]. */
static void assert_concrete(const struct bc_program *p,
                            const struct bc_trace *t) {
  unsigned choice[8] = {0};
  long bad = first_unreal_step(p, choice, t, -1);
  cr_assert_eq(bad, -1, "step %ld is not a transition of its instance",
               bad + 1);
}

Test(explore, symmetry_reduces_and_keeps_traces_concrete) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar flag[i in 1..N] : bool;\n"
      "var cnt : 0..4;\n"
      "process w[i in 1..N] symmetric { a: skip; b: flag[i] := true; "
      "cnt := cnt + 1; c: await forall j in 1..N: flag[j] or j = i; }\n"
      "constraint C \"at most three flags\": always cnt < 4;\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nsymfams, 1);
  struct bc_explore_opts o = {0};
  struct bc_run full = check(p, &o);
  o.symmetry = true;
  struct bc_run red = check(p, &o);
  cr_expect_lt(red.stats.distinct, full.stats.distinct);
  cr_expect(red.symmetry);
  cr_assert_eq(red.res[0].verdict, BC_VIOLATED);
  cr_assert_eq(full.res[0].verdict, BC_VIOLATED);
  cr_expect_eq(red.res[0].trace->len, full.res[0].trace->len,
               "shortest in both");
  assert_concrete(p, red.res[0].trace);
  assert_concrete(p, full.res[0].trace);
  o.workers = 2;
  struct bc_run red2 = check(p, &o);
  cr_expect_eq(red2.stats.distinct, red.stats.distinct);
  assert_concrete(p, red2.res[0].trace);
  bc_run_release(&full);
  bc_run_release(&red);
  bc_run_release(&red2);
  bc_program_free(p);
}

static int count_succ(void *ctx, const uint8_t *succ, unsigned inst,
                      unsigned step, const uint64_t *viol) {
  (void)succ;
  (void)inst;
  (void)step;
  (void)viol;
  (*(unsigned *)ctx)++;
  return 0;
}

/* With symmetry reduction, members equal in every permuted field move
** once for all of them (their moves lead to renamings of one state). */
Test(explore, symmetry_skips_the_moves_of_twins) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar flag[i in 1..N] : bool;\n"
      "process w[i in 1..N] symmetric { a: skip; b: flag[i] := true; }\n"
      "process m { c: skip; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  unsigned choice[8] = {0};
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  unsigned n = 0;
  bc_vm_successors(&vm, p->init, count_succ, &n);
  cr_expect_eq(n, 5, "four workers and m");
  bc_vm_skip_twins(&vm, true);
  n = 0;
  bc_vm_successors(&vm, p->init, count_succ, &n);
  cr_expect_eq(n, 2, "one worker for the four, and m");
  bc_vm_release(&vm);
  struct bc_explore_opts o = {0};
  struct bc_run full = check(p, &o);
  o.symmetry = true;
  struct bc_run red = check(p, &o);
  /* (a,b,end) multisets of 4 workers times m's 2 program counters */
  cr_expect_eq(red.stats.distinct, 15 * 2);
  cr_expect_eq(full.stats.distinct, 81 * 2);
  cr_expect_lt(red.stats.generated, full.stats.generated);
  bc_run_release(&full);
  bc_run_release(&red);
  bc_program_free(p);
}

Test(explore, symmetry_promises_are_checked) {
  const char *bad[] = {
      /* a constant index naming one member */
      "spec s;\nvar f[i in 1..3] : bool;\n"
      "process w[i in 1..3] symmetric { a: f[i] := true; }\n"
      "process m { b: await f[1]; }\n",
      /* arithmetic on the member index */
      "spec s;\nvar f[i in 1..3] : bool;\n"
      "process w[i in 1..3] symmetric { a: f[i] := i > 1; }\n",
      /* storing it */
      "spec s;\nvar x : 0..3;\n"
      "process w[i in 1..3] symmetric { a: x := i; }\n",
      /* members that start differently */
      "spec s;\nvar f[i in 1..3] : bool = (i == 2);\n"
      "process w[i in 1..3] symmetric { a: f[i] := true; }\n",
  };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    unsigned nerr = 0;
    struct bc_program *p = compile_defs(bad[k], NULL, 0, &nerr);
    cr_expect_null(p, "case %zu compiled", k);
    cr_expect_geq(nerr, 1, "case %zu", k);
    bc_program_free(p);
  }
}

/* --time-limit stops a step that loops for long (issue 12): the search is
** incomplete (BC_STOP_TIME), not a runtime error of the model. */
Test(explore, the_time_limit_stops_a_long_step) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nvar n : 0..1099511627776 = 4000;\n"
      "process p { a: for i in 0..n { for j in 0..n { x := 1; } } }\n"
      "constraint C \"x stays 0\": always x = 0;\n");
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  o.time_limit = 0.02;
  struct bc_run r = check(p, &o);
  cr_expect_eq(r.stop, BC_STOP_TIME);
  cr_expect_not(r.complete);
  cr_expect_eq(r.res[0].verdict, BC_UNKNOWN);
  bc_run_release(&r);
  bc_program_free(p);
}

/* ------------------------------------------------------------------------
** Several workers on the fast path (no symmetry, no liveness graph)
*/

/* Six counters, each raised by its own process: 6^6 states, depth 30,
** levels up to 4332 states wide (more than the 1024 a worker expands
** between two looks at the limits, with two workers), every kind of
** safety constraint decided at a different depth. */
static const char *wide =
    "spec s;\nvar a : 0..5;\nvar b : 0..5;\nvar c : 0..5;\nvar d : 0..5;\n"
    "var e : 0..5;\nvar f : 0..5;\n"
    "process pa { s: await a < 5; a := a + 1; goto s; }\n"
    "process pb { s: await b < 5; b := b + 1; goto s; }\n"
    "process pc { s: await c < 5; c := c + 1; goto s; }\n"
    "process pd { s: await d < 5; d := d + 1; goto s; }\n"
    "process pe { s: await e < 5; e := e + 1; goto s; }\n"
    "process pf { s: await f < 5; f := f + 1; goto s; }\n"
    "constraint E \"a + b below 5\": always a + b < 5;\n"
    "constraint R \"c and d meet at 4\": reachable c = 4 and d = 4;\n"
    "constraint S \"f not raised past 3\": at pf.s: f < 4;\n"
    "constraint F \"not everything\": always a + b + c + d + e + f < 30;\n";

/* A runtime error two levels down, behind a wide level. */
static const char *rt_error =
    "spec s;\nvar x : 0..2;\nvar y : 0..3;\n"
    "process p { a: skip; }\nprocess q { b: skip; }\n"
    "process r[i in 1..3] { c: y := y + 1; d: x := x + 2; }\n";

/* Same counts, depth, stop, verdicts, counterexample lengths (and the
** runtime error and its trace's length) as 'base'; traces concrete. */
static void same_run(const struct bc_program *p, const struct bc_run *base,
                     const struct bc_run *r, unsigned nw, bool fp) {
  cr_expect_eq(r->stats.distinct, base->stats.distinct, "%u workers, fp %d",
               nw, fp);
  cr_expect_eq(r->stats.generated, base->stats.generated);
  cr_expect_eq(r->stats.diameter, base->stats.diameter);
  cr_expect_eq(r->stop, base->stop);
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    cr_expect_eq(r->res[ci].verdict, base->res[ci].verdict,
                 "constraint %zu, %u workers, fp %d", ci, nw, fp);
    cr_assert_eq(r->res[ci].trace == NULL, base->res[ci].trace == NULL);
    if (r->res[ci].trace) {
      cr_expect_eq(r->res[ci].trace->len, base->res[ci].trace->len,
                   "constraint %zu, %u workers, fp %d", ci, nw, fp);
      cr_expect_eq(r->res[ci].trace->on_step, base->res[ci].trace->on_step);
      assert_concrete(p, r->res[ci].trace);
    }
  }
  cr_expect_str_eq(r->errmsg, base->errmsg);
  cr_assert_eq(r->errtrace == NULL, base->errtrace == NULL);
  if (r->errtrace)
    cr_expect_eq(r->errtrace->len, base->errtrace->len);
}

Test(explore, workers_agree_on_the_fast_path) {
  const char *specs[] = {wide, rt_error, two_paths};
  for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
    struct bc_program *p = compile(specs[k]);
    cr_assert_not_null(p);
    for (int fp = 0; fp < 2; fp++) {
      struct bc_explore_opts o = {0};
      o.fingerprint_only = fp;
      o.workers = 1;
      struct bc_run base = check(p, &o);
      for (unsigned nw = 2; nw <= 4; nw++) {
        o.workers = nw;
        struct bc_run r = check(p, &o);
        same_run(p, &base, &r, nw, fp);
        bc_run_release(&r);
      }
      bc_run_release(&base);
    }
    bc_program_free(p);
  }
}

/* The wide spec's states of depth at most 'depth' (their counters' sum). */
static uint64_t wide_upto(unsigned depth) {
  uint64_t n = 0;
  for (unsigned v = 0; v < 46656; v++) {
    unsigned s = 0;
    for (unsigned x = v; x; x /= 6)
      s += x % 6;
    n += s <= depth;
  }
  return n;
}

/* --max-states and --max-memory stop two workers in the middle of a
** level: the limit is the reason, the verdicts found before it stay (E,
** 5 steps), the others are unknown, and part of the last level was
** stored. */
Test(explore, limits_stop_two_workers_mid_level) {
  struct bc_program *p = compile(wide);
  cr_assert_not_null(p);
  for (int lim = 0; lim < 2; lim++)
    for (int fp = 0; fp < 2; fp++) {
      struct bc_explore_opts o = {0};
      o.workers = 2;
      o.fingerprint_only = fp;
      if (lim)
        o.max_memory = 300000;
      else
        o.max_states = 10000;
      struct bc_run r = check(p, &o);
      cr_expect_eq(r.stop, lim ? BC_STOP_MEMORY : BC_STOP_MAX_STATES,
                   "limit %d fp %d", lim, fp);
      cr_expect_not(r.complete);
      cr_expect_eq(r.res[0].verdict, BC_VIOLATED);
      cr_assert_not_null(r.res[0].trace);
      cr_expect_eq(r.res[0].trace->len, 5);
      cr_expect_eq(r.res[3].verdict, BC_UNKNOWN);
      if (!lim)
        cr_expect_geq(r.stats.distinct, 10000);
      /* the depth reported is the level it stopped in */
      unsigned d = (unsigned)r.stats.diameter;
      cr_assert_gt(d, 0);
      cr_expect_lt(r.stats.distinct, wide_upto(d), "stopped inside level %u",
                   d);
      cr_expect_gt(r.stats.distinct, wide_upto(d - 1));
      bc_run_release(&r);
    }
  bc_program_free(p);
}

/* 17 flags, each set once by its own process: 2^17 states, levels up to
** 24,310 states wide, so that two workers expand a level in several
** rounds of the fast path (ROUND, explore.c); C is violated in the
** middle level. */
static const char *flags =
    "spec s;\nconst N = 17;\nvar f[i in 1..N] : bool;\nvar c : 0..17;\n"
    "process p[i in 1..N] { a: f[i] := true; c := c + 1; }\n"
    "constraint C \"fewer than nine\": always c < 9;\n"
    "constraint R \"all of them\": reachable c = 17;\n";

/* Several rounds per level give one worker's counts, verdicts and
** counterexample lengths, and a limit that stops the search in the
** middle of a level's rounds stops both workers (about 0.7 s). */
Test(explore, workers_agree_over_several_rounds) {
  struct bc_program *p = compile(flags);
  cr_assert_not_null(p);
  for (int fp = 0; fp < 2; fp++) {
    struct bc_explore_opts o = {0};
    o.fingerprint_only = fp;
    o.workers = 1;
    struct bc_run base = check(p, &o);
    cr_expect_eq(base.stats.distinct, 131072);
    cr_expect_eq(base.res[0].trace->len, 9);
    o.workers = 2;
    struct bc_run r = check(p, &o);
    same_run(p, &base, &r, 2, fp);
    bc_run_release(&r);
    o.max_states = 40000;
    r = check(p, &o);
    cr_expect_eq(r.stop, BC_STOP_MAX_STATES);
    cr_expect_not(r.complete);
    cr_expect_lt(r.stats.distinct, 131072);
    cr_expect_eq(r.res[1].verdict, BC_UNKNOWN);
    bc_run_release(&r);
    bc_run_release(&base);
  }
  bc_program_free(p);
}

/* The flags of 'flags', 18 of them: levels up to 48,620 states wide, so
** that two workers expand the widest levels in three rounds each and fill
** the first set of outboxes again within a level (level_fast). One
** worker's counts, verdicts and counterexample lengths; the same
** counterexamples, state for state, from a second run (about 0.5 s). */
static const char *flags18 =
    "spec s;\nconst N = 18;\nvar f[i in 1..N] : bool;\nvar c : 0..18;\n"
    "process p[i in 1..N] { a: f[i] := true; c := c + 1; }\n"
    "constraint C \"fewer than nine\": always c < 9;\n"
    "constraint R \"all of them\": reachable c = 18;\n";

Test(explore, workers_agree_over_three_rounds) {
  struct bc_program *p = compile(flags18);
  cr_assert_not_null(p);
  struct bc_explore_opts o = {0};
  o.workers = 1;
  struct bc_run base = check(p, &o);
  cr_expect_eq(base.stats.distinct, 262144);
  o.workers = 2;
  struct bc_run r = check(p, &o), again = check(p, &o);
  same_run(p, &base, &r, 2, false);
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    const struct bc_trace *t = r.res[ci].trace, *u = again.res[ci].trace;
    cr_assert_eq(t == NULL, u == NULL);
    if (!t)
      continue;
    cr_assert_eq(t->len, u->len);
    cr_expect_eq(memcmp(t->states, u->states, (t->len + 1) * p->state_bytes),
                 0, "constraint %zu", ci);
  }
  bc_run_release(&again);
  bc_run_release(&r);
  bc_run_release(&base);
  bc_program_free(p);
}
