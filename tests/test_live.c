/*
** test_live.c - liveness under fairness (checker/explore/live.c,
** docs/liveness.md): every lasso the checker reports replays as a real
** execution whose cycle closes (or whose last state has no move), whose
** states avoid the goal from the trigger on, and on which every fairness
** assumption holds; and verdicts of small specs derived by hand.
*/
#include <criterion/criterion.h>

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcheck/explore.h"
#include "explore/live.h"
#include "helpers.h"
#include "leakcheck.h"
#include "model/vm.h"

TestSuite(live, .fini = bc_leak_check, .timeout = 120.);

/* The moves from a state: (instance, step) and the state after. */
struct moves {
  size_t n, cap, nb;
  unsigned *inst, *step;
  uint8_t *states;
};

static int on_move(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct moves *m = ctx;
  (void)viol;
  if (m->n == m->cap) {
    m->cap = m->cap ? 2 * m->cap : 16;
    m->inst = realloc(m->inst, m->cap * sizeof *m->inst);
    m->step = realloc(m->step, m->cap * sizeof *m->step);
    m->states = realloc(m->states, m->cap * m->nb);
  }
  m->inst[m->n] = inst;
  m->step[m->n] = step;
  memcpy(m->states + m->n * m->nb, succ, m->nb);
  m->n++;
  return 0;
}

static void moves_of(struct bc_vm *vm, const uint8_t *s, struct moves *m) {
  uint8_t buf[4096 + BC_STATE_PAD];
  memcpy(buf, s, m->nb);
  m->n = 0;
  cr_assert_geq(bc_vm_successors(vm, buf, on_move, m), 0);
}

/* Is unit (inst, step; step -1: any) enabled in s? */
static bool unit_enabled(struct bc_vm *vm, const uint8_t *s, unsigned inst,
                         int step, struct moves *m) {
  moves_of(vm, s, m);
  for (size_t k = 0; k < m->n; k++)
    if (m->inst[k] == inst && (step < 0 || (int)m->step[k] == step))
      return true;
  return false;
}

static bool pred(struct bc_vm *vm, uint32_t code, const uint8_t *s,
                 size_t nb) {
  uint8_t buf[4096 + BC_STATE_PAD];
  memcpy(buf, s, nb);
  int64_t v;
  cr_assert_eq(bc_vm_eval(vm, code, buf, &v), 0);
  return v != 0;
}

/*
** Check the counterexample of liveness constraint 'ci' in 'run': a real
** execution from the initial state; the goal false from the trigger on
** (and P true at the trigger for P ~> Q); a cycle that closes, or a last
** state without moves; every fair unit treated fairly by the cycle.
*/
static void check_lasso(const struct bc_program *p, const struct bc_run *run,
                        size_t ci) {
  const struct bc_constraint *k = &p->constraints[ci];
  const struct bc_trace *t = run->res[ci].trace;
  cr_assert_not_null(t, "%s: no lasso", k->id);
  cr_assert(t->lasso != t->ends, "%s: a lasso or an end", k->id);
  size_t nb = p->state_bytes;
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, run->choice);
  struct moves m = {0};
  m.nb = nb;
  cr_assert_eq(memcmp(t->states, p->init, nb), 0);
  for (size_t i = 0; i < t->len; i++) {
    moves_of(&vm, t->states + i * nb, &m);
    bool found = false;
    for (size_t j = 0; j < m.n && !found; j++)
      found = m.inst[j] == t->steps[i].inst &&
              m.step[j] == t->steps[i].step &&
              !memcmp(m.states + j * nb, t->states + (i + 1) * nb, nb);
    cr_assert(found, "%s: step %zu is not a move", k->id, i + 1);
  }
  cr_assert_leq(t->trigger, t->len);
  uint32_t goal = k->live == BC_LIVE_LEADSTO ? k->code2 : k->code;
  if (k->live == BC_LIVE_EVENTUALLY)
    cr_assert_eq(t->trigger, 0);
  if (k->live == BC_LIVE_LEADSTO)
    cr_assert(pred(&vm, k->code, t->states + t->trigger * nb, nb),
              "%s: P false at the trigger", k->id);
  for (size_t i = t->trigger; i <= t->len; i++)
    cr_assert(!pred(&vm, goal, t->states + i * nb, nb),
              "%s: the goal holds in state %zu", k->id, i);
  if (t->ends) {
    moves_of(&vm, t->states + t->len * nb, &m);
    cr_assert_eq(m.n, 0, "%s: the run does not end", k->id);
  } else {
    cr_assert_lt(t->loop, t->len, "%s: an empty cycle", k->id);
    cr_assert_eq(memcmp(t->states + t->loop * nb, t->states + t->len * nb,
                        nb),
                 0, "%s: the cycle does not close", k->id);
    /* fairness: each unit of each instance */
    for (unsigned in = 0; in < p->ninsts; in++) {
      const struct bc_proc *pr = &p->procs[p->insts[in].proc];
      for (int s = -1; s < (int)pr->nsteps; s++) {
        unsigned f = s < 0 ? pr->fair : p->steps[pr->first_step + s].fair;
        if (!f)
          continue;
        int gs = s < 0 ? -1 : (int)(pr->first_step + (unsigned)s);
        bool taken = false, en_some = false, dis_some = false;
        for (size_t i = t->loop; i < t->len; i++) {
          taken |= t->steps[i].inst == in &&
                   (gs < 0 || (int)t->steps[i].step == gs);
          bool en = unit_enabled(&vm, t->states + i * nb, in, gs, &m);
          en_some |= en;
          dis_some |= !en;
        }
        if (f == 1)
          cr_assert(taken || dis_some, "%s: weak fairness of %s (step %d) "
                    "broken by the cycle", k->id, pr->name, s);
        else
          cr_assert(taken || !en_some, "%s: strong fairness of %s (step %d) "
                    "broken by the cycle", k->id, pr->name, s);
      }
    }
  }
  free(m.inst);
  free(m.step);
  free(m.states);
  bc_vm_release(&vm);
}

/* Explore configuration 'c' of 'p' with 'workers' threads (symmetry
** reduction when 'sym'); check every
** lasso; the verdicts as a string of h/v/u per constraint and each
** trace's length (0: none) in lens. */
static void run_cfg(const struct bc_program *p, size_t c, unsigned workers,
                    bool sym, char *out, size_t *lens) {
  unsigned choice[16] = {0};
  bc_config_nth(p, c, choice);
  struct bc_explore_opts o = {0};
  o.workers = workers;
  o.symmetry = sym;
  struct bc_run run;
  cr_assert_eq(bc_explore(p, choice, &o, &run), 0);
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    if (p->constraints[ci].kind == BC_CK_EVENTUALLY &&
        run.res[ci].verdict == BC_VIOLATED)
      check_lasso(p, &run, ci);
    out[ci] = "hvu"[run.res[ci].verdict];
    lens[ci] = run.res[ci].trace ? run.res[ci].trace->len : 0;
  }
  out[p->nconstraints] = '\0';
  bc_run_release(&run);
}

/* Explore every configuration of 'p' with one worker, symmetry reduction
** when 'sym'; check every lasso; the verdicts of configuration 'want_cfg'
** as a string of h/v/u per constraint. */
static void verdicts_sym(const struct bc_program *p, size_t want_cfg,
                         char *out, bool sym) {
  size_t ncfg = bc_config_count(p);
  for (size_t c = 0; c < ncfg; c++) {
    char got[300];
    size_t lens[300];
    cr_assert_lt(p->nconstraints, sizeof got);
    run_cfg(p, c, 1, sym, got, lens);
    if (c == want_cfg)
      strcpy(out, got);
  }
}

/* Explore every configuration of 'p' with 1, 2 and 3 workers (the graph
** recorded by every worker: explore.c); check every lasso; the verdicts
** and trace lengths must not depend on the workers. Returns the verdicts
** of configuration 'want_cfg' as a string of h/v/u per constraint. */
static void verdicts(const struct bc_program *p, size_t want_cfg,
                     char *out) {
  size_t ncfg = bc_config_count(p);
  for (size_t c = 0; c < ncfg; c++) {
    char one[300], got[300];
    size_t lone[300], lgot[300];
    cr_assert_lt(p->nconstraints, sizeof one);
    run_cfg(p, c, 1, false, one, lone);
    for (unsigned w = 2; w <= 3; w++) {
      run_cfg(p, c, w, false, got, lgot);
      cr_expect_str_eq(got, one, "configuration %zu, %u workers", c, w);
      for (size_t ci = 0; ci < p->nconstraints; ci++)
        cr_expect_eq(lgot[ci], lone[ci], "%s: trace length, %u workers",
                     p->constraints[ci].id, w);
    }
    if (c == want_cfg)
      strcpy(out, one);
  }
}

static char *slurp(const char *rel) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", BC_SOURCE_ROOT, rel);
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "%s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = '\0';
  fclose(f);
  return s;
}

static void model(const char *rel, const char *want) {
  char *text = slurp(rel);
  struct bc_program *p = compile(text);
  cr_assert_not_null(p, "%s", rel);
  char got[300];
  verdicts(p, 0, got);
  cr_expect_str_eq(got, want, "%s", rel);
  bc_program_free(p);
  free(text);
}

/* The hand-counted models (their headers say why); the last letter is
** the implicit deadlock check. */
Test(live, models_and_their_lassos) {
  model("tests/models/live_spin.boot", "vvhh");
  model("tests/models/live_spin_fair.boot", "hhhh");
  model("tests/models/live_weak_strong.boot", "vvhh");
  model("tests/models/live_strong.boot", "hhhh");
  model("tests/models/live_ends.boot", "vhvhh");
  model("tests/models/live_step_fair.boot", "vhh");
  model("tests/models/live_memory.boot", "hvh");
  model("tests/models/live_counters.boot", "vhvvh");
  model("tests/models/live_window_boot.boot", "hvh");
}

/* The x86 spec's what-ifs, one per liveness constraint, in every
** configuration (placement): 'want' is the verdicts of L1, L2, L3. Each
** lasso replays, fairly to every weakly fair CPU and thread and to the
** strongly fair PID 1. */
static void x86_whatif(const char *rev, const char *whatif, const char *want) {
  char *text = slurp("specs/x86/cr_pinning.boot");
  const struct bc_define defs[] = {{"REV", rev}, {whatif, "true"}};
  struct bc_program *p = compile_defs(text, defs, 2, NULL);
  cr_assert_not_null(p);
  size_t l1 = 0;
  while (strcmp(p->constraints[l1].id, "L1"))
    l1++;
  for (size_t c = 0; c < bc_config_count(p); c++) {
    char got[300];
    verdicts(p, c, got);
    got[l1 + 3] = '\0';
    cr_expect_str_eq(got + l1, want, "%s, REV %s, configuration %zu", whatif,
                     rev, c);
  }
  bc_program_free(p);
  free(text);
}

Test(live, every_lasso_of_the_x86_spec_replays) {
  /* an AP spins in cpuhp_ap_sync_alive(); the boot still reaches init */
  x86_whatif("9", "SYNC_TIMEOUT", "vhh");
  /* PID 1 polls in wait_for_root() for a root disk that never shows up */
  x86_whatif("9", "ROOT_WAIT", "hvh");
  /* an EFI runtime call never returns; in REV 9 PID 1 then waits for it
  ** in late_initcall (cpu_finalize_pre_userspace) */
  x86_whatif("5", "EFI_HANG", "hhv");
  x86_whatif("9", "EFI_HANG", "hvv");
}

/* Strong fairness needs the removal and second decomposition: the cycle
** a <-> b through the taker's enabling state is unfair, but the self-loop
** at b (where the taker is disabled) is fair. */
Test(live, strong_fairness_splits_a_component) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..1;\nvar got : bool;\n"
      "process t { a: either { x := 1 - x; } or { skip; } goto a; }\n"
      "fair+ process k { g: await x == 1; got := true; }\n"
      "constraint E \"e\": eventually got;\n");
  cr_assert_not_null(p);
  char got[16];
  verdicts(p, 0, got);
  cr_expect_str_eq(got, "vh");
  bc_program_free(p);
}

/* Weak fairness of a family: each member separately. */
Test(live, fair_family_members) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar done[i in 1..N] : bool;\n"
      "var tick : 0..1;\n"
      "process clock { c: tick := 1 - tick; goto c; }\n"
      "fair process w[i in 1..N] symmetric { d: done[i] := true; }\n"
      "constraint E \"all done\": eventually forall i in 1..N: done[i];\n"
      "constraint L \"all done stays\": always eventually "
      "(forall i in 1..N: done[i]);\n");
  cr_assert_not_null(p);
  char got[16];
  verdicts(p, 0, got);
  cr_expect_str_eq(got, "hhh");
  bc_program_free(p);
  /* without fairness the clock can run forever */
  p = compile(
      "spec s;\nconst N = 3;\nvar done[i in 1..N] : bool;\n"
      "var tick : 0..1;\n"
      "process clock { c: tick := 1 - tick; goto c; }\n"
      "process w[i in 1..N] symmetric { d: done[i] := true; }\n"
      "constraint E \"all done\": eventually forall i in 1..N: done[i];\n");
  cr_assert_not_null(p);
  verdicts(p, 0, got);
  cr_expect_str_eq(got, "vh");
  bc_program_free(p);
}

/*
** Liveness on the symmetry-reduced graph (checker/explore/live_sym.c):
** the models whose headers derive why a quotient that read fairness off
** canonical positions, or took the orbits of the whole group, or left
** out the twins, would be wrong. With and without symmetry: the same
** verdicts, every lasso replays fairly, and no violation needed the
** unreduced pass to be shown.
*/
static void sym_model(const char *rel, const char *want) {
  char *text = slurp(rel);
  struct bc_program *p = compile(text);
  cr_assert_not_null(p, "%s", rel);
  unsigned long before = atomic_load(&bc_live_sym_fallbacks);
  char got[300], plain[300];
  verdicts_sym(p, 0, got, true);
  verdicts_sym(p, 0, plain, false);
  cr_expect_str_eq(got, want, "%s with symmetry", rel);
  cr_expect_str_eq(plain, want, "%s without symmetry", rel);
  cr_expect_eq(atomic_load(&bc_live_sym_fallbacks), before,
               "%s: a lasso was not built on the quotient", rel);
  bc_program_free(p);
  free(text);
}

Test(live, symmetric_families_on_the_quotient) {
  sym_model("tests/models/live_sym_token.boot", "vh");
  sym_model("tests/models/live_sym_pair.boot", "hv");
  sym_model("tests/models/live_sym_twins.boot", "vh");
  sym_model("tests/models/live_sym_strong.boot", "hh");
  sym_model("tests/models/live_spin.boot", "vvhh");
}

/* live_sym_strong.boot with k weakly fair: violated, a lasso that runs
** the members and the toggler round; and strong fairness of members,
** which the quotient does not decide (the unreduced pass does). */
Test(live, symmetric_weak_and_strong_members) {
  static const char *src =
      "spec s;\nconst N = 3;\nvar flag : 0..1 = 0;\nvar got : bool;\n"
      "var done[i in 1..N] : bool;\n"
      "fair process toggler { t: flag := 1 - flag; goto t; }\n"
      "fair process k { g: await flag == 1; got := true; }\n"
      "fair process w[i in 1..N] symmetric { s: done[i] := not done[i]; "
      "goto s; }\n"
      "constraint E \"k\": eventually got;\n";
  struct bc_program *p = compile(src);
  cr_assert_not_null(p);
  unsigned long before = atomic_load(&bc_live_sym_fallbacks);
  char got[16];
  verdicts_sym(p, 0, got, true);
  cr_expect_str_eq(got, "vh");
  cr_expect_eq(atomic_load(&bc_live_sym_fallbacks), before);
  bc_program_free(p);
  /* strongly fair members waiting for a flag the toggler keeps raising
  ** and lowering: every strongly fair run lets each of them through */
  p = compile("spec s;\nconst N = 2;\nvar flag : 0..1 = 0;\n"
              "var done[i in 1..N] : bool;\n"
              "fair process toggler { t: flag := 1 - flag; goto t; }\n"
              "fair+ process w[i in 1..N] symmetric { w: await flag == 1; "
              "done[i] := true; }\n"
              "constraint E \"all\": eventually forall i in 1..N: "
              "done[i];\n");
  cr_assert_not_null(p);
  verdicts_sym(p, 0, got, true);
  cr_expect_str_eq(got, "hh");
  verdicts_sym(p, 0, got, false);
  cr_expect_str_eq(got, "hh");
  bc_program_free(p);
}

/* The verdict of constraint 'id' in 'run', and its note. */
static const struct bc_cresult *result(const struct bc_program *p,
                                       const struct bc_run *run,
                                       const char *id) {
  for (size_t ci = 0; ci < p->nconstraints; ci++)
    if (!strcmp(p->constraints[ci].id, id))
      return &run->res[ci];
  cr_assert_fail("no constraint %s", id);
  return NULL;
}

/* --max-memory: the graph of tests/models/live_memory.boot needs more
** than 100 KB, its states less. The safety search completes without the
** graph, with its verdicts; the liveness verdict is unknown, with a note,
** and the run is incomplete (exit 3). */
Test(live, graph_over_max_memory) {
  char *text = slurp("tests/models/live_memory.boot");
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  unsigned choice[1] = {0};
  for (unsigned w = 1; w <= 3; w++) {
    struct bc_explore_opts o = {0};
    o.workers = w;
    o.max_memory = 100 * 1024;
    struct bc_run run;
    cr_assert_eq(bc_explore(p, choice, &o, &run), 0);
    cr_expect_eq(run.stop, BC_STOP_EXHAUSTED, "%u workers", w);
    cr_expect_eq(run.stats.distinct, 1024);
    cr_expect_eq(result(p, &run, "A1")->verdict, BC_HOLDS);
    const struct bc_cresult *e = result(p, &run, "E1");
    cr_expect_eq(e->verdict, BC_UNKNOWN, "%u workers", w);
    cr_expect(e->note && strstr(e->note, "--max-memory"), "%s", e->note);
    cr_expect(!run.complete);
    bc_run_release(&run);
  }
  bc_program_free(p);
  free(text);
}

/* Any --max-memory: the liveness verdict is the true one (violated) or
** unknown in an incomplete run, never "holds"; the three ways it can go
** (the graph dropped, the decomposition's arrays over the rest, decided)
** all happen between 32 KB and 512 KB. */
Test(live, max_memory_sweep) {
  char *text = slurp("tests/models/live_memory.boot");
  struct bc_program *p = compile(text);
  cr_assert_not_null(p);
  unsigned choice[1] = {0};
  unsigned lost = 0, pass = 0, decided = 0;
  for (unsigned w = 1; w <= 2; w++) {
    for (size_t kb = 32; kb <= 512; kb += 8) {
      struct bc_explore_opts o = {0};
      o.workers = w;
      o.max_memory = kb * 1024;
      struct bc_run run;
      cr_assert_eq(bc_explore(p, choice, &o, &run), 0);
      const struct bc_cresult *e = result(p, &run, "E1");
      cr_expect_neq(e->verdict, BC_HOLDS, "%zu KB", kb);
      if (e->verdict == BC_VIOLATED) { /* its lasso may not fit */
        decided++;
        cr_expect(run.complete || (e->note && strstr(e->note, "no lasso")),
                  "%zu KB", kb);
        cr_expect(!run.complete || e->trace, "%zu KB", kb);
      } else {
        cr_expect(!run.complete, "%zu KB", kb);
        cr_assert_not_null(e->note);
        if (run.stop == BC_STOP_EXHAUSTED) {
          cr_expect_eq(result(p, &run, "A1")->verdict, BC_HOLDS);
          cr_expect(strstr(e->note, "--max-memory"), "%s", e->note);
          lost += strstr(e->note, "graph") != NULL;
          pass += strstr(e->note, "in the liveness pass") != NULL;
        }
      }
      bc_run_release(&run);
    }
  }
  cr_expect(lost && pass && decided, "%u %u %u", lost, pass, decided);
  bc_program_free(p);
  free(text);
}

/* --time-limit stops the decomposition too: a ring of 5000 states, one a
** level, so the safety search (which looks at the clock every 1024
** states of a level) completes; the decomposition looks every 4096 steps
** of its own and finds the limit long past. */
Test(live, time_limit_stops_the_decomposition) {
  struct bc_program *p = compile(
      "spec ring;\nvar x : 0..4999;\nvar done : bool;\n"
      "process a { l: if x == 4999 then x := 0; else x := x + 1; goto l; }\n"
      "constraint A \"in range\": always x <= 4999;\n"
      "constraint E \"done\": eventually done;\n");
  cr_assert_not_null(p);
  unsigned choice[1] = {0};
  for (unsigned w = 1; w <= 3; w++) {
    struct bc_explore_opts o = {0};
    o.workers = w;
    o.time_limit = 1e-9;
    struct bc_run run;
    cr_assert_eq(bc_explore(p, choice, &o, &run), 0);
    cr_expect_eq(run.stop, BC_STOP_EXHAUSTED, "%u workers", w);
    cr_expect_eq(run.stats.distinct, 5000);
    cr_expect_eq(result(p, &run, "A")->verdict, BC_HOLDS);
    const struct bc_cresult *e = result(p, &run, "E");
    cr_expect_eq(e->verdict, BC_UNKNOWN);
    cr_expect(e->note && strstr(e->note, "--time-limit"), "%s", e->note);
    cr_expect(!run.complete);
    bc_run_release(&run);
  }
  bc_program_free(p);
}

/* The quotient the safety search records (explore.c, with symmetry, any
** number of workers) decides as live.c's own symmetry-reduced pass does:
** the same verdicts, notes and lassos, step by step; without symmetry
** ('sym' false), the graph the search's batch path records, as the
** unreduced pass of its own. */
static void expect_graph_as_own_pass(const char *rel,
                                     const struct bc_define *defs,
                                     size_t ndefs, bool sym) {
  char *text = slurp(rel);
  struct bc_program *p = compile_defs(text, defs, ndefs, NULL);
  cr_assert_not_null(p, "%s", rel);
  size_t ncfg = bc_config_count(p);
  for (size_t c = 0; c < ncfg; c++)
    for (unsigned nw = 1; nw <= 3; nw++) {
      unsigned choice[16] = {0};
      bc_config_nth(p, c, choice);
      struct bc_explore_opts o = {0};
      o.workers = nw;
      o.symmetry = sym;
      struct bc_run run;
      cr_assert_eq(bc_explore(p, choice, &o, &run), 0);
      size_t nc = p->nconstraints;
      struct bc_cresult *mine = calloc(nc + 1, sizeof *mine);
      for (size_t ci = 0; ci < nc; ci++)
        if (p->constraints[ci].kind == BC_CK_EVENTUALLY) {
          mine[ci] = run.res[ci];
          memset(&run.res[ci], 0, sizeof run.res[ci]);
        }
      bc_live_check(p, &o, &run);
      for (size_t ci = 0; ci < nc; ci++) {
        if (p->constraints[ci].kind != BC_CK_EVENTUALLY)
          continue;
        const struct bc_cresult *a = &mine[ci], *b = &run.res[ci];
        cr_expect_eq(a->verdict, b->verdict, "%s %zu/%u: %s", rel, c, nw,
                     p->constraints[ci].id);
        cr_expect_eq(!a->note, !b->note);
        if (a->note && b->note)
          cr_expect_str_eq(a->note, b->note);
        cr_assert_eq(!a->trace, !b->trace);
        if (a->trace) {
          cr_assert_eq(a->trace->len, b->trace->len);
          cr_expect_eq(a->trace->loop, b->trace->loop);
          /* unreduced, several workers: the stem follows the search's
          ** BFS links, the first parent each owner inserted, which may
          ** be another of the same depth */
          if (sym || nw == 1)
            cr_expect_eq(memcmp(a->trace->states, b->trace->states,
                                (a->trace->len + 1) * p->state_bytes),
                         0, "%s: the lasso's states, %u workers", rel, nw);
        }
        bc_trace_free(mine[ci].trace);
      }
      free(mine);
      bc_run_release(&run);
    }
  bc_program_free(p);
  free(text);
}

Test(live, quotient_from_the_search_as_from_its_own_pass) {
  expect_graph_as_own_pass("tests/models/live_sym_token.boot", NULL, 0, true);
  expect_graph_as_own_pass("tests/models/live_sym_pair.boot", NULL, 0, true);
  expect_graph_as_own_pass("tests/models/live_sym_twins.boot", NULL, 0, true);
  expect_graph_as_own_pass("tests/models/live_spin.boot", NULL, 0, true);
  /* lassos with long stems: L1 broken by a bring-up wait that spins */
  static const struct bc_define x86[] = {
      {"REV", "9"}, {"SYNC_TIMEOUT", "true"}, {"NAP", "2"}};
  expect_graph_as_own_pass("specs/x86/cr_pinning.boot", x86, 3, true);
}

/* Without symmetry, the graph comes from the search's batch path (the
** store's ids of each batch; several workers: one round a level, the
** edges to other workers' states filled after the exchange): the same
** verdicts, notes and lassos as the unreduced pass of its own (their
** states with one worker, their lengths with several). 0.3 s. */
Test(live, graph_from_the_batch_path_as_from_its_own_pass) {
  expect_graph_as_own_pass("tests/models/live_counters.boot", NULL, 0, false);
  expect_graph_as_own_pass("tests/models/live_window_boot.boot", NULL, 0,
                           false);
  expect_graph_as_own_pass("tests/models/live_ends.boot", NULL, 0, false);
  expect_graph_as_own_pass("tests/models/live_step_fair.boot", NULL, 0,
                           false);
  static const struct bc_define x86[] = {
      {"REV", "9"}, {"SYNC_TIMEOUT", "true"}, {"NAP", "2"}};
  expect_graph_as_own_pass("specs/x86/cr_pinning.boot", x86, 3, false);
}
