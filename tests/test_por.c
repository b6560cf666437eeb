#include <criterion/criterion.h>

#include "bootcheck/explore.h"
#include "helpers.h"
#include "leakcheck.h"
#include "concrete.h"
#include "explore/por.h"
#include "front/compile_int.h"
#include "bootcheck/arena.h"
#include "model/vm.h"

TestSuite(por, .fini = bc_leak_check, .timeout = 60.);

/* The analysis of 'p' in configuration 0. */
static struct bc_por *analyse(const struct bc_program *p, struct bc_vm *vm) {
  unsigned choice[8] = {0};
  bc_vm_init(vm, p);
  bc_vm_configure(vm, choice);
  return bc_por_new(p, vm);
}

static unsigned inst_of(const struct bc_program *p, const char *proc,
                        int64_t self) {
  for (size_t g = 0; g < p->ninsts; g++)
    if (!strcmp(p->procs[p->insts[g].proc].name, proc) &&
        p->insts[g].self == self)
      return (unsigned)g;
  cr_assert_fail("no instance %s[%lld]", proc, (long long)self);
  return 0;
}

/* An index that is the member's own index reaches the element through
** procedure parameters (local slots): each AP may write its own x only. */
Test(por, self_index_through_parameters) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar x[c in 0..N] : bool;\nvar y : bool;\n"
      "procedure mark(c) { x[c] := true; }\n"
      "procedure twice(c) { mark(c); }\n"
      "process ap[i in 1..N] { a: twice(i); b: y := x[0]; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  unsigned x = (unsigned)var_index(p, "x"), y = (unsigned)var_index(p, "y");
  unsigned ap2 = inst_of(p, "ap", 2);
  for (uint32_t e = 0; e <= 3; e++)
    cr_expect_eq(bc_por_may_write(po, ap2, 0, x, e), e == 2, "x[%u]", e);
  cr_expect(bc_por_may_write(po, ap2, 0, y, 0));
  /* from b on, only y is written and x[0] read */
  cr_expect_not(bc_por_may_write(po, ap2, 1, x, 2));
  cr_expect(bc_por_may_read(po, ap2, 1, x, 0));
  cr_expect_not(bc_por_may_read(po, ap2, 1, x, 1));
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* An index computed from a choice or a loop is any element. */
Test(por, unknown_index_is_the_whole_array) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar x[c in 1..N] : bool;\n"
      "process bsp { a: with c in 1..N { x[c] := true; } "
      "b: for c in 1..N { x[c] := false; } }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  unsigned x = (unsigned)var_index(p, "x");
  for (uint32_t e = 0; e < 3; e++) {
    cr_expect(bc_por_may_write(po, 0, 0, x, e));
    cr_expect(bc_por_may_write(po, 0, 1, x, e));
  }
  int64_t k;
  cr_expect_not(bc_por_monotone(po, x, &k), "true and false are stored");
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* A constant condition the compiler leaves in the code still prunes the
** branch it never takes, and with it the steps only that branch reaches. */
Test(por, constant_branches_and_unreachable_steps) {
  struct bc_program *p = compile(
      "spec s;\nconst ON = false;\nvar x : bool;\nvar g : bool;\n"
      "process w { a: await g; if not ON then { end; } "
      "b: x := true; }\n"
      "process q { c: g := true; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  unsigned x = (unsigned)var_index(p, "x");
  unsigned wi = inst_of(p, "w", 0);
  cr_expect_not(bc_por_may_write(po, wi, 0, x, 0),
                "b is reachable only when ON");
  cr_expect(bc_por_may_write(po, wi, 1, x, 0));
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* Completion flags: every store writes the same constant. */
Test(por, monotone_flags) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 2;\nvar kicked[c in 1..N] : bool;\n"
      "var n : 0..3;\n"
      "process bsp { a: for c in 1..N { kicked[c] := true; } "
      "b: kicked[1] := true; n := n + 1; }\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  int64_t k = 0;
  cr_expect(bc_por_monotone(po, (unsigned)var_index(p, "kicked"), &k));
  cr_expect_eq(k, 1);
  cr_expect_not(bc_por_monotone(po, (unsigned)var_index(p, "n"), NULL));
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* Backward steps (loops) are never in a reduced set; what constraints
** read is visible. */
Test(por, forward_steps_and_visibility) {
  struct bc_program *p = compile(
      "spec s;\nvar x : 0..3;\nvar y : bool;\nvar z : bool;\n"
      "process p { a: x := (x + 1) % 4; b: y := true; goto a; }\n"
      "process q { c: z := true; }\n"
      "constraint C \"y\": always y or not z;\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  const struct bc_proc *pp = &p->procs[0];
  cr_expect(bc_por_forward(po, pp->first_step));
  cr_expect_not(bc_por_forward(po, pp->first_step + 1));
  cr_expect_not(bc_por_visible(po, (unsigned)var_index(p, "x"), 0));
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "y"), 0));
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "z"), 0));
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* The placement bound at a hook is part of the step that names the hook,
** in that configuration only. */
Test(por, placements_follow_the_configuration) {
  struct bc_program *p = compile(
      "spec s;\nvar pinned : bool;\n"
      "placement pin at early, late { pinned := true; }\n"
      "process k { a: hook early; b: hook late; }\n");
  cr_assert_not_null(p);
  unsigned pv = (unsigned)var_index(p, "pinned");
  struct bc_vm vm;
  unsigned choice[1] = {1}; /* late */
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  struct bc_por *po = bc_por_new(p, &vm);
  cr_expect(bc_por_may_write(po, 0, 0, pv, 0), "late is still ahead");
  cr_expect(bc_por_may_write(po, 0, 1, pv, 0));
  bc_por_free(po);
  choice[0] = 0; /* early */
  bc_vm_configure(&vm, choice);
  po = bc_por_new(p, &vm);
  cr_expect(bc_por_may_write(po, 0, 0, pv, 0));
  cr_expect_not(bc_por_may_write(po, 0, 1, pv, 0), "early has passed");
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* Search p without reductions, then with --por (and symmetry when asked;
** the unreduced search never uses it). */
static void full_and_reduced(const struct bc_program *p, bool symmetry,
                             struct bc_run *full, struct bc_run *red) {
  unsigned choice[1] = {0};
  struct bc_explore_opts o = {0};
  cr_assert_eq(bc_explore(p, choice, &o, full), 0);
  o.por = true;
  o.symmetry = symmetry;
  cr_assert_eq(bc_explore(p, choice, &o, red), 0);
}

/* The reduced search on the examples of the file comment: the same
** verdicts, fewer states. */
Test(por, reduced_search_keeps_verdicts) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar own[c in 1..N] : bool;\nvar v : 0..1;\n"
      "process ap[i in 1..N] { a: own[i] := true; b: skip; }\n"
      "process z { c: v := 1; d: if v == 0 then violate C \"x\"; }\n"
      "constraint C \"v\": violations;\n"
      "constraint R \"all own\": reachable forall c in 1..N: own[c];\n");
  cr_assert_not_null(p);
  struct bc_run full, red;
  full_and_reduced(p, false, &full, &red);
  cr_expect(red.por);
  for (size_t c = 0; c < p->nconstraints; c++)
    cr_expect_eq(full.res[c].verdict, red.res[c].verdict, "%s",
                 p->constraints[c].id);
  cr_expect_lt(red.stats.distinct, full.stats.distinct);
  cr_expect_gt(red.stats.por_reduced, 0);
  bc_run_release(&full);
  bc_run_release(&red);
  bc_program_free(p);
}

/* Counterexamples found with --por are real executions that end in the
** violation, with and without symmetry, with 1 and 2 workers. */
Test(por, counterexamples_are_real) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar kicked[c in 1..N] : bool;\n"
      "var pinned : bool;\nvar cr4[c in 1..N] : 0..2;\nvar user : bool;\n"
      "process bsp { smp_init: for a in 1..N { kicked[a] := true; } "
      "core: pinned := true; init: user := true; }\n"
      "process ap[i in 1..N] symmetric { start: await kicked[i]; "
      "cr4_init: if pinned then cr4[i] := 1; "
      "starting: cr4[i] := 2; }\n"
      "constraint C3 \"pinned before bring-up\": at ap.cr4_init: pinned;\n"
      "constraint C4 \"every CPU set up before userspace\":\n"
      "  always user => forall c in 1..N: cr4[c] == 2;\n");
  cr_assert_not_null(p);
  unsigned choice[1] = {0};
  for (int sym = 0; sym < 2; sym++)
    for (unsigned w = 1; w <= 2; w++) {
      struct bc_explore_opts o = {0};
      o.por = true;
      o.symmetry = sym;
      o.workers = w;
      struct bc_run r;
      cr_assert_eq(bc_explore(p, choice, &o, &r), 0);
      for (size_t c = 0; c < 2; c++) {
        cr_assert_eq(r.res[c].verdict, BC_VIOLATED, "%s sym %d workers %u",
                     p->constraints[c].id, sym, w);
        const struct bc_trace *t = r.res[c].trace;
        cr_assert_not_null(t);
        long bad = first_unreal_step(p, choice, t,
                                     t->on_step ? (int)c : -1);
        cr_expect_eq(bad, -1, "%s: step %ld is not real (sym %d, workers "
                     "%u)", p->constraints[c].id, bad + 1, sym, w);
      }
      bc_run_release(&r);
    }
  bc_program_free(p);
}

/* A choice over members that stand alike (twins) is offered once per run
** of twins under --por with symmetry (por.c, sym_dup): the controller's
** `with a in 1..N` from the initial state gives 3 moves, one canonical
** state. States: the initial one, one flag set, that worker ended (a
** deadlock: the other two wait forever) = 3; successors offered 1 + 1
** (3 + 1 without leaving the renamings out). The verdicts are those of
** the search without reductions (7 states). */
Test(por, twin_choices_offered_once) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar go[i in 1..N] : bool = false;\n"
      "process c { k: with a in 1..N { go[a] := true; } }\n"
      "process w[i in 1..N] symmetric { a: await go[i]; }\n");
  cr_assert_not_null(p);
  struct bc_run full, red;
  full_and_reduced(p, true, &full, &red);
  cr_expect_eq(full.stats.distinct, 7);
  cr_expect_eq(red.stats.distinct, 3);
  cr_expect_eq(red.stats.generated, 2);
  /* res[0]: the deadlock check */
  cr_expect_eq(full.res[0].verdict, BC_VIOLATED);
  cr_expect_eq(red.res[0].verdict, BC_VIOLATED);
  bc_run_release(&full);
  bc_run_release(&red);
  bc_program_free(p);
}

/* A family whose members touch their own elements (`self`) and the others
** only whole (`exists`, `with`): a run of twins is walked once, and the
** invariant's per-member conjuncts leave visibility alike (por.c,
** bc_por_new). The reduced search's verdicts are the full search's; debug
** builds compare every closure with the walk of every twin. */
Test(por, uniform_family_runs_whole) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 4;\nvar go[i in 1..N] : bool = false;\n"
      "var done[i in 1..N] : bool = false;\nvar seen : bool = false;\n"
      "process c { k: with a in 1..N { go[a] := true; }\n"
      "  l: await exists a in 1..N: done[a]; seen := true; }\n"
      "process w[i in 1..N] symmetric { a: await go[i]; b: done[i] := true; }\n"
      "constraint C \"x\": always forall i in 1..N: not done[i] or go[i];\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nsymfams, 1);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  bool vis = false;
  cr_expect(bc_por_runs_whole(po, 0, &vis));
  cr_expect(vis);
  bc_por_free(po);
  bc_vm_release(&vm);
  struct bc_run full, red;
  full_and_reduced(p, true, &full, &red);
  /* C holds; the deadlock check fails: one worker is released */
  cr_expect_eq(full.res[0].verdict, BC_HOLDS);
  cr_expect_eq(red.res[0].verdict, BC_HOLDS);
  cr_expect_eq(full.res[1].verdict, BC_VIOLATED);
  cr_expect_eq(red.res[1].verdict, BC_VIOLATED);
  bc_run_release(&full);
  bc_run_release(&red);
  bc_program_free(p);
}

/* Guards (por.c, struct acc): an element read or written after a test of
** another variable's element with the same index is guarded; an
** assignment to the index's slot or to the guard's variable, or a hook,
** ends the guard; a negated test guards the other way out only. */
Test(por, guarded_accesses) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 3;\nvar g[c in 0..N] : bool;\n"
      "var h[c in 1..N] : bool;\nvar x[c in 0..N] : 0..3;\n"
      "procedure touch(c) { x[c] := 1; }\n"
      "process w {\n"
      "  rd: if exists c in 0..N: g[c] and x[c] == 2 then skip;\n"
      "  wr: with c in 0..N { await g[c]; touch(c); }\n"
      "  shifted: with c in 1..N { await h[c]; x[c - 1] := 2; }\n"
      "  killed: with c in 0..N { await g[c]; g[0] := false; x[c] := 3; }\n"
      "  negated: with c in 0..N { await not g[c]; x[c] := 0; }\n"
      "  plain: with c in 0..N { x[c] := 2; }\n"
      "}\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  struct bc_por *po = analyse(p, &vm);
  unsigned x = (unsigned)var_index(p, "x"), g = (unsigned)var_index(p, "g");
  unsigned w = inst_of(p, "w", 0);
  /* step by step from the last: what is ahead of each */
  cr_expect_not(bc_por_guarded(po, w, 5, x, true), "plain");
  cr_expect(bc_por_may_write(po, w, 5, x, 1));
  cr_expect_not(bc_por_guarded(po, w, 4, x, true), "negated");
  /* at 3 the store to g[0] ends the guard: an unguarded write of x */
  cr_expect(bc_por_may_write(po, w, 3, x, 2));
  cr_expect(bc_por_guarded(po, w, 3, g, false) == false);
  /* from 2 on: shifted's write is guarded by h, with the index moved;
  ** killed's write is not, so every x element is written unguarded */
  cr_expect(bc_por_guarded(po, w, 2, x, true), "shifted");
  /* from 1: touch(c) writes x[c] under g[c], through the parameter */
  cr_expect(bc_por_guarded(po, w, 1, x, true), "through a parameter");
  cr_expect(bc_por_guarded(po, w, 0, x, false), "exists c: g[c] and x[c]");
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);

  /* the steps alone: a process per step, nothing ahead but its own */
  const char *one[] = {
      "wr: with c in 0..N { await g[c]; touch(c); }",
      "shifted: with c in 1..N { await h[c]; x[c - 1] := 2; }",
      "killed: with c in 0..N { await g[c]; g[0] := false; x[c] := 3; }",
      "negated: with c in 0..N { await not g[c]; x[c] := 0; }",
      "reassigned: for c in 0..N { if g[c] then { x[c] := 1; } }",
      "hooked: with c in 0..N { await g[c]; hook hk; x[c] := 1; }",
      /* `await a and b` is compiled as `await a; await b` */
      "split: with c in 1..N { await h[1] and g[c] and h[c]; x[c] := 1; }",
      "ored: with c in 0..N { await g[c] or h[1]; x[c] := 1; }",
  };
  bool guarded[] = {true, true, false, false, true, false, true, false};
  for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
    char src[1024];
    snprintf(src, sizeof src,
             "spec s;\nconst N = 3;\nvar g[c in 0..N] : bool;\n"
             "var h[c in 1..N] : bool;\nvar x[c in 0..N] : 0..3;\n"
             "procedure touch(c) { x[c] := 1; }\n"
             "process w { %s }\n%s", one[i],
             strstr(one[i], "hook") ? "placement pl at hk { skip; }\n" : "");
    struct bc_program *q = compile(src);
    cr_assert_not_null(q, "%s", one[i]);
    struct bc_por *pq = analyse(q, &vm);
    unsigned qx = (unsigned)var_index(q, "x");
    cr_expect_eq(bc_por_guarded(pq, inst_of(q, "w", 0), 0, qx, true),
                 guarded[i], "%s", one[i]);
    bc_por_free(pq);
    bc_vm_release(&vm);
    bc_program_free(q);
  }
}

/* Facts about every element on the ways out of tests (struct bc_ufact):
** which forms record one, on which way out, with which literals. */
Test(por, edge_facts) {
  static const struct {
    const char *step;
    int n, op, edge;          /* facts; the first's opcode and way out */
    const char *lits;         /* "[!]var off" ..., the first fact's */
  } t[] = {
      {"await forall a in 1..N: r[a] => o[a];", 1, BC_INS_AWAIT, 1,
       "!r-1 o+0"},
      {"if exists a in 1..N: not r[a] and not g[a] then skip;", 1,
       BC_INS_JZ, 2, "r-1 g-1"},
      {"if forall a in 1..N: r[a] then skip;", 1, BC_INS_JZ, 1, "r-1"},
      {"if exists a in 1..N: r[a] then skip; else skip;", 1, BC_INS_JZ, 2,
       "!r-1"},
      {"await not exists a in 1..N: r[a] and not o[a];", 1, BC_INS_AWAIT, 1,
       "!r-1 o+0"},
      {"await forall a in 1..N - 1: r[a + 1] or g[K + a] or o[a - 1];", 1,
       BC_INS_AWAIT, 1, "r+0 g-1 o-1"},
      {"await not not forall a in 1..N: o[a];", 1, BC_INS_AWAIT, 1, "o+0"},
      /* no fact: an existential, another kind of literal, another index,
      ** too many literals, a non-constant domain, a local array name */
      {"await exists a in 1..N: r[a];", 0, 0, 0, ""},
      {"await forall a in 1..N: r[a] or x[a] > 0;", 0, 0, 0, ""},
      {"with b in 1..N { await forall a in 1..N: r[a] or g[b]; }", 0, 0, 0,
       ""},
      {"await forall a in 1..N: r[a] or g[a] or o[a] or h[a] or r[a];", 0, 0,
       0, ""},
      {"await forall a in 1..x[1]: r[a];", 0, 0, 0, ""},
      {"await forall a in 1..N: r[a] and g[a];", 0, 0, 0, ""},
      {"if forall a in 1..N: r[a] then skip; else skip;", 1, BC_INS_JZ, 1,
       "r-1"},
  };
  for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
    char src[1024];
    snprintf(src, sizeof src,
             "spec s;\nconst N = 3;\nconst K = 0;\n"
             "var r[c in 1..N] : bool;\nvar g[c in 1..N] : bool;\n"
             "var o[c in 0..N] : bool;\nvar h[c in 0..N] : bool;\n"
             "var x[c in 1..N] : 0..3;\n"
             "process w { s0: %s }\n", t[i].step);
    struct bc_program *p = compile(src);
    cr_assert_not_null(p, "%s", t[i].step);
    cr_expect_eq((int)p->nufacts, t[i].n, "%s: %zu facts", t[i].step,
                 p->nufacts);
    if (p->nufacts && t[i].n) {
      const struct bc_ufact *f = &p->ufacts[0];
      cr_expect_eq(p->code[f->pc].op, t[i].op, "%s", t[i].step);
      cr_expect_eq(f->edge, t[i].edge, "%s", t[i].step);
      char got[256] = "";
      for (unsigned k = 0; k < f->nlit; k++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s%s%+lld",
                 k ? " " : "", f->lit[k].neg ? "!" : "",
                 p->vars[f->lit[k].var].name, (long long)f->lit[k].off);
      cr_expect_str_eq(got, t[i].lits, "%s", t[i].step);
    }
    if (i == 0) { /* `bootcheck list --dump-bytecode` shows them */
      char *buf = NULL;
      size_t len = 0;
      FILE *f = open_memstream(&buf, &len);
      cr_assert_not_null(f);
      bc_program_dump(p, f);
      fclose(f);
      cr_expect(strstr(buf, "; on the fall-through: for every a in 1..3: "
                            "not r[a] or o[a]\n") != NULL, "%s", buf);
      free(buf);
    }
    bc_program_free(p);
  }
}

/* Element 'elem' of variable 'name' (or, for a process name, the program
** counter of its member 'elem') set to v in state s. */
static void put(const struct bc_program *p, uint8_t *s, const char *name,
                uint32_t elem, int64_t v) {
  const struct bc_field *f = NULL;
  int vi = var_index(p, name);
  if (vi >= 0)
    f = &p->fields[vi];
  for (size_t k = 0; k < p->nprocs && !f; k++)
    if (!strcmp(p->procs[k].name, name))
      f = &p->fields[p->procs[k].pc_var];
  cr_assert_not_null(f, "%s", name);
  bc_bits_set(s, f->bitoff + elem * f->stride, f->width,
              (uint64_t)(v - f->lo));
}

/* The window pass's analysis (window.c under --por): the windows' reads
** are what is visible, and a conjunct is settled when what it reads is
** frozen or written by nobody from where each process is. */
Test(por, window_visibility_and_settled_conjuncts) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 2;\nvar armed : bool = false;\n"
      "var pinned : bool = false;\nvar level : 0..3 = 0;\n"
      "var done[c in 1..N] : bool = false;\n"
      "process ap[i in 1..N] { f: done[i] := true; }\n"
      "process boot { arm: armed := true; level := 1;\n"
      "  pin: pinned := true; level := 2; }\n"
      "window W \"w\": armed and (not pinned and level != 2) and "
      "not done[1];\n");
  cr_assert_not_null(p);
  cr_assert_eq(p->nwindows, 1);
  cr_assert_eq(p->windows[0].nconj, 4, "the and-chain, left to right");
  struct bc_vm vm;
  unsigned choice[8] = {0};
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  struct bc_por *po = bc_por_new_windows(p, &vm, true);
  unsigned done = (unsigned)var_index(p, "done");
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "armed"), 0));
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "level"), 0));
  cr_expect(bc_por_visible(po, done, 0), "done[1]");
  cr_expect_not(bc_por_visible(po, done, 1), "done[2] is read by nobody");
  /* the search's analysis: no constraint, nothing visible */
  struct bc_por *ps = bc_por_new(p, &vm);
  cr_expect_not(bc_por_visible(ps, done, 0));
  bc_por_free(ps);

  uint8_t *s = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  memcpy(s, p->init, p->state_bytes);
  for (unsigned k = 0; k < 4; k++) /* boot and ap[1] may write them */
    cr_expect_not(bc_por_settled(po, 0, k, s), "conjunct %u", k);
  /* boot ended: armed, pinned and level have no writer left; done[1]
  ** still has ap[1] */
  put(p, s, "boot", 0, 2);
  cr_expect(bc_por_settled(po, 0, 0, s));
  cr_expect(bc_por_settled(po, 0, 1, s));
  cr_expect(bc_por_settled(po, 0, 2, s));
  cr_expect_not(bc_por_settled(po, 0, 3, s));
  /* ap[1] ended too */
  put(p, s, "ap", 0, 1);
  cr_expect(bc_por_settled(po, 0, 3, s));
  /* boot back at pin: level may still change (2 is not the only value
  ** stored), pinned may too until it holds true, which every store
  ** writes (frozen) */
  put(p, s, "boot", 0, 1);
  cr_expect_not(bc_por_settled(po, 0, 2, s));
  cr_expect_not(bc_por_settled(po, 0, 1, s), "pinned may still be set");
  put(p, s, "pinned", 0, 1);
  cr_expect(bc_por_settled(po, 0, 1, s), "pinned is frozen");
  /* done[1] set and only ever set: frozen, whoever may still run */
  put(p, s, "ap", 0, 0);
  put(p, s, "done", 0, 1);
  cr_expect(bc_por_settled(po, 0, 3, s));
  free(s);
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

struct ample_count {
  unsigned all, ample;
};

static int count_ample(void *ctx, const uint8_t *succ, unsigned inst,
                       unsigned step, const uint64_t *viol, uint32_t how,
                       bool ample) {
  struct ample_count *c = ctx;
  (void)succ;
  (void)inst;
  (void)step;
  (void)viol;
  (void)how;
  c->all++;
  c->ample += ample;
  return 0;
}

/* The liveness pass's analysis (bc_por_new_live): both sides of a
** leads-to and an `eventually` are visible, an `always` is not; and a set
** must be seeded by a fair step (docs/reductions.md, "Liveness under
** --por"; tests/models/live_por_unfair.boot is the model). */
Test(por, liveness_visibility_and_fair_seeds) {
  struct bc_program *p = compile(
      "spec s;\nvar g : bool = false;\nvar y : 0..1 = 0;\n"
      "var done : bool = false;\nvar p1 : bool = false;\n"
      "var q1 : bool = false;\nvar inv : bool = false;\n"
      "process k { k0: g := true; }\n"
      "fair process toggler { t: y := 1 - y; goto t; }\n"
      "fair process u { u0: await g; done := true; }\n"
      "constraint E \"e\": eventually done;\n"
      "constraint L \"l\": p1 ~> q1;\n"
      "constraint A \"a\": always not inv;\n");
  cr_assert_not_null(p);
  struct bc_vm vm;
  unsigned choice[8] = {0};
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  struct bc_por *po = bc_por_new_live(p, &vm);
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "done"), 0));
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "p1"), 0), "P of P ~> Q");
  cr_expect(bc_por_visible(po, (unsigned)var_index(p, "q1"), 0), "Q");
  cr_expect_not(bc_por_visible(po, (unsigned)var_index(p, "inv"), 0),
                "an invariant's read is not the liveness pass's business");
  cr_expect_not(bc_por_visible(po, (unsigned)var_index(p, "g"), 0));

  /* the initial state: {k, u} is a stubborn set (one move, k's) for the
  ** search; k is in no fairness unit, so the liveness pass expands the
  ** state in full (the toggler jumps back, u is disabled) */
  struct bc_por_scratch sc;
  struct ample_count c = {0, 0};
  uint8_t *st = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  memcpy(st, p->init, p->state_bytes);
  bc_por_scratch_init(&sc, po);
  cr_assert_eq(bc_por_successors(po, &sc, &vm, st, count_ample, &c), 2);
  cr_expect_eq(c.all, 2);
  cr_expect_eq(c.ample, 2, "k may not seed a set");
  bc_por_scratch_release(&sc);
  struct bc_por *ps = bc_por_new(p, &vm);
  bc_por_scratch_init(&sc, ps);
  c = (struct ample_count){0, 0};
  cr_assert_eq(bc_por_successors(ps, &sc, &vm, st, count_ample, &c), 2);
  cr_expect_eq(c.ample, 1, "the search keeps {k, u}: k's move only");
  bc_por_scratch_release(&sc);
  bc_por_free(ps);
  free(st);
  bc_por_free(po);
  bc_vm_release(&vm);
  bc_program_free(p);
}

/* A window's quantified conjuncts keep their bodies with the bound name as
** `self`, for the window pass's harmless writes (por.c). */
Test(por, window_quantified_conjuncts) {
  struct bc_program *p = compile(
      "spec s;\nconst N = 2;\nvar k : bool = false;\n"
      "var flag[c in 1..N] : bool = false;\n"
      "process ap[i in 1..N] { own: flag[i] := true; }\n"
      "window W \"w\": (exists c in 1..N: flag[c]) and not k and "
      "(forall c in 1..N: flag[c] or k) and (exists c in 1..N: "
      "flag[c]) == k;\n");
  cr_assert_not_null(p);
  const struct bc_window *w = &p->windows[0];
  cr_assert_eq(w->nconj, 4);
  cr_expect_eq(w->qkind[0], 1);
  cr_expect_eq(w->qkind[1], 0);
  cr_expect_eq(w->qkind[2], 2);
  cr_expect_eq(w->qkind[3], 0, "a comparison is no quantifier");
  cr_expect_eq(w->qlo[0], 1);
  cr_expect_eq(w->qhi[0], 2);
  struct bc_vm vm;
  unsigned choice[8] = {0};
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, choice);
  uint8_t *s = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  memcpy(s, p->init, p->state_bytes);
  put(p, s, "flag", 1, 1); /* flag[2] */
  int64_t v = -1;
  cr_expect_eq(bc_vm_eval_self(&vm, w->qbody[0], 1, s, &v), 0);
  cr_expect_eq(v, 0, "B(1): flag[1]");
  cr_expect_eq(bc_vm_eval_self(&vm, w->qbody[0], 2, s, &v), 0);
  cr_expect_eq(v, 1, "B(2): flag[2]");
  put(p, s, "k", 0, 1);
  cr_expect_eq(bc_vm_eval_self(&vm, w->qbody[2], 1, s, &v), 0);
  cr_expect_eq(v, 1, "flag[1] or k");
  free(s);
  bc_vm_release(&vm);
  bc_program_free(p);
}
