/*
** murphi.c - `bootcheck export --to murphi`: a Murphi model for Rumur.
**
** The state is one record S with a field per variable (every value an
** integer range: bool 0..1, an enum 0..n-1, a set its bitmask 0..2^n-1),
** so Rumur's states are bootcheck's states. Each step is a function that
** runs the step's code on a copy N of the state, for one process instance
** (bc_self) and one value of each choice point (c0, c1, ..., ruleset
** parameters), and returns false when the path is disabled (a false
** await, or a choice value the path does not have). A rule per step fires
** when the function returns true on the current state and commits the
** copy, so a false await anywhere in the step kills the path and nothing
** of it happens. `at`, `before` and `violate` marks of a taken path are
** error rules beside the step's rule (so the step itself still fires);
** `always` is an error rule too (so the search goes on past the state, as
** bootcheck's does), and so is a `reachable` witness ("reached ID": Rumur
** prints no cover counts once an error was found). Deadlock is Rumur's
** own --deadlock-detection stuck, with the idle rule "ended" enabled
** exactly when every process has ended (docs/export.md).
*/
#include "export/export_int.h"

#include "bootcheck/arena.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* The integers of every value and temporary (not a named type: Rumur
** reads & and | as bitwise only on unnamed ranges). */
#define BCINT "-4611686018427387904..4611686018427387903"

static void field_type(struct xl *x, const struct bc_var *v, FILE *o) {
  int64_t lo = xl_type_lo(&v->type), hi = xl_type_hi(x->p, &v->type);
  if (v->ndims == 1)
    fprintf(o, "array [%" PRId64 "..%" PRId64 "] of ", v->dim_lo[0],
            v->dim_lo[0] + v->dim_len[0] - 1);
  else if (v->ndims > 1)
    fprintf(o, "array [0..%u] of ", v->nelems - 1);
  fprintf(o, "%" PRId64 "..%" PRId64, lo, hi);
}

static void choice_params(FILE *o, const struct xcode *c, bool decl) {
  for (unsigned j = 0; j < c->nch; j++)
    fprintf(o, decl ? "; c%u: " BCINT "" : ", c%u", j);
}

static void emit_step_fns(struct xl *x, size_t si, const struct xcode *c) {
  const struct bc_program *p = x->p;
  const struct bc_cstep *st = &p->steps[si];
  const struct bc_proc *pr = &p->procs[st->proc];
  FILE *o = x->o;
  fprintf(o, "-- step %s.%s (line %u)\n", pr->name, st->label, st->line);
  fprintf(o, "function bc_run_%zu(bc_self: " BCINT "", si);
  choice_params(o, c, true);
  fprintf(o, "; var N: bc_state_t; var V: bc_viol_t): boolean;\nvar\n");
  for (int i = 0; i < c->maxdepth; i++)
    fprintf(o, "  T%d: " BCINT ";\n", i);
  for (unsigned i = 0; i < p->max_locals; i++)
    fprintf(o, "  L%u: " BCINT ";\n", i);
  fprintf(o, "  bc_blk: " BCINT ";\n  bc_nch: " BCINT ";\n"
             "  bc_ch: array [0..%u] of " BCINT ";\nbegin\n",
          c->nch ? c->nch - 1 : 0);
  for (unsigned j = 0; j < c->nch; j++)
    fprintf(o, "  bc_ch[%u] := c%u;\n", j, j);
  if (!c->nch)
    fprintf(o, "  bc_ch[0] := 0;\n");
  fprintf(o, "  bc_nch := 0;\n");
  struct xmode m = {"", false, false, false, 0, st->proc, 1};
  xl_emit(x, c, &m);
  fprintf(o, "end;\n\n");

  fprintf(o, "function bc_en_%zu(bc_self: " BCINT "", si);
  choice_params(o, c, true);
  fprintf(o, "): boolean;\nvar N: bc_state_t; V: bc_viol_t;\nbegin\n"
             "  N := S;\n  for k: 0..%zu do V[k] := false endfor;\n"
             "  return bc_run_%zu(bc_self", p->nconstraints - 1, si);
  choice_params(o, c, false);
  fprintf(o, ", N, V);\nend;\n\n");

  bool any = false;
  for (size_t k = 0; k < p->nconstraints; k++)
    any |= c->viol[k];
  if (!any)
    return;
  fprintf(o, "function bc_vi_%zu(bc_self: " BCINT "", si);
  choice_params(o, c, true);
  fprintf(o, "; k: " BCINT "): boolean;\nvar N: bc_state_t; V: bc_viol_t;\n"
             "begin\n  N := S;\n  for j: 0..%zu do V[j] := false endfor;\n"
             "  if bc_run_%zu(bc_self", p->nconstraints - 1, si);
  choice_params(o, c, false);
  fprintf(o, ", N, V) then return V[k] endif;\n  return false;\nend;\n\n");
}

/* "S.pc_p[bc_self] = k" or "S.pc_p = k" */
static void pc_test(struct xl *x, const struct bc_proc *pr, unsigned k,
                    const char *self, FILE *o) {
  if (pr->family)
    fprintf(o, "S.%s[%s] = %u", x->vname[pr->pc_var], self, k);
  else
    fprintf(o, "S.%s = %u", x->vname[pr->pc_var], k);
}

static void open_rulesets(const struct bc_proc *pr, const struct xcode *c,
                          FILE *o) {
  if (pr->family)
    fprintf(o, "ruleset bc_self: %" PRId64 "..%" PRId64 " do\n", pr->lo,
            pr->hi);
  for (unsigned j = 0; j < c->nch; j++)
    fprintf(o, "ruleset c%u: 0..%" PRId64 " do\n", j,
            c->chmax[j] > 0 ? c->chmax[j] - 1 : 0);
}

static void close_rulesets(const struct bc_proc *pr, const struct xcode *c,
                           FILE *o) {
  for (unsigned j = 0; j < c->nch; j++)
    fprintf(o, "endruleset;\n");
  if (pr->family)
    fprintf(o, "endruleset;\n");
}

int bc_export_murphi(struct xl *x) {
  const struct bc_program *p = x->p;
  FILE *o = x->o;
  /* what Murphi cannot hold */
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->type.kind == BC_TY_SET && p->enums[v->type.enum_id].n > 62)
      xl_error(x, xl_var_line(x, v->name), "cannot export '%s' to Murphi: "
               "a set of more than 62 members does not fit the 63-bit "
               "integers the export uses for sets", v->name);
  }
  if (x->nerr)
    return -1;
  size_t ns = p->nsteps;
  struct xcode *sc = bc_xcalloc(ns + 1, sizeof *sc);
  struct xcode *cc = bc_xcalloc(p->nconstraints + 1, sizeof *cc);
  int rc = 0;
  for (size_t si = 0; si < ns && rc == 0; si++) {
    const struct bc_proc *pr = &p->procs[p->steps[si].proc];
    if (xl_build(x, p->steps[si].code, &sc[si]) != 0 ||
        xl_bound_choices(x, &sc[si], pr) != 0)
      rc = -1;
  }
  for (size_t k = 0; k < p->nconstraints && rc == 0; k++) {
    const struct bc_constraint *ck = &p->constraints[k];
    if (ck->kind == BC_CK_ALWAYS || ck->kind == BC_CK_REACHABLE)
      if (xl_build(x, ck->code, &cc[k]) != 0)
        rc = -1;
  }
  if (rc != 0)
    goto out;

  fprintf(o, "-- every value and temporary is an integer of " BCINT "\n"
             "-- (sets are bitmasks; Rumur infers bitwise & | only on "
             "unnamed ranges)\ntype\n");
  fprintf(o, "  bc_state_t: record\n");
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    fprintf(o, "    %s: ", x->vname[i]);
    field_type(x, v, o);
    fprintf(o, ";");
    bool commented = true; /* the line has a '--' comment already */
    if (v->type.kind == BC_TY_ENUM || v->type.kind == BC_TY_SET) {
      xl_enum_comment(x, v, o, " --", "");
    } else if (v->type.kind == BC_TY_BOOL) {
      fprintf(o, " -- bool");
    } else {
      commented = false;
    }
    if (v->ndims > 1) {
      /* an integer array had its shape written outside a comment */
      fprintf(o, "%s (flattened, row-major:", commented ? "" : " --");
      for (unsigned d = 0; d < v->ndims; d++)
        fprintf(o, " [%" PRId64 "..%" PRId64 "]", v->dim_lo[d],
                v->dim_lo[d] + v->dim_len[d] - 1);
      fprintf(o, ")");
    }
    fprintf(o, "\n");
  }
  fprintf(o, "  end;\n  -- a path's `at`, `before` and `violate` marks, "
             "by constraint:");
  for (size_t k = 0; k < p->nconstraints; k++)
    fprintf(o, " %zu=%s", k, p->constraints[k].id);
  fprintf(o, "\n  bc_viol_t: array [0..%zu] of boolean;\n\n",
          p->nconstraints - 1);
  fprintf(o, "var\n  S: bc_state_t;\n\n");
  fprintf(o,
          "function bc_card(s: " BCINT "): " BCINT ";\nvar t: " BCINT "; n: " BCINT ";\n"
          "begin\n  t := s; n := 0;\n  while t != 0 do t := t & (t - 1); "
          "n := n + 1; endwhile;\n  return n;\nend;\n\n"
          "function bc_low(s: " BCINT "): " BCINT ";\nvar t: " BCINT "; n: " BCINT ";\n"
          "begin\n  if s = 0 then return 0 endif;\n  t := s; n := 0;\n"
          "  while (t & 1) = 0 do t := t >> 1; n := n + 1; endwhile;\n"
          "  return n;\nend;\n\n"
          "function bc_nth(s: " BCINT "; i: " BCINT "): " BCINT ";\n"
          "var t: " BCINT "; k: " BCINT ";\nbegin\n  t := s; k := 0;\n"
          "  while k < i & t != 0 do t := t & (t - 1); k := k + 1; "
          "endwhile;\n  return bc_low(t);\nend;\n\n");

  for (size_t si = 0; si < ns; si++)
    emit_step_fns(x, si, &sc[si]);

  bool any_always = false;
  for (size_t k = 0; k < p->nconstraints; k++) {
    const struct bc_constraint *ck = &p->constraints[k];
    if (ck->kind != BC_CK_ALWAYS && ck->kind != BC_CK_REACHABLE)
      continue;
    any_always = true;
    fprintf(o, "-- %s \"%s\": %s %s\n", ck->id, ck->title,
            ck->kind == BC_CK_ALWAYS ? "always" : "reachable", ck->text);
    fprintf(o, "function bc_ex_%zu(N: bc_state_t): boolean;\nvar\n", k);
    for (int i = 0; i < cc[k].maxdepth; i++)
      fprintf(o, "  T%d: " BCINT ";\n", i);
    for (unsigned i = 0; i < p->max_locals; i++)
      fprintf(o, "  L%u: " BCINT ";\n", i);
    fprintf(o, "  bc_blk: " BCINT ";\nbegin\n");
    struct xmode m = {"", false, true, false, 0, -1, 1};
    xl_emit(x, &cc[k], &m);
    fprintf(o, "end;\n\n");
  }

  fprintf(o, "function bc_all_ended(): boolean;\nbegin\n");
  for (size_t i = 0; i < p->nprocs; i++) {
    const struct bc_proc *pr = &p->procs[i];
    if (pr->family)
      fprintf(o, "  for i: %" PRId64 "..%" PRId64 " do if S.%s[i] != %u then "
                 "return false endif endfor;\n", pr->lo, pr->hi,
              x->vname[pr->pc_var], pr->nsteps);
    else
      fprintf(o, "  if S.%s != %u then return false endif;\n",
              x->vname[pr->pc_var], pr->nsteps);
  }
  fprintf(o, "  return true;\nend;\n\n");

  fprintf(o, "-- some step can be taken (used only where an `always` error "
             "rule would hide a deadlock)\nfunction bc_any_enabled(): "
             "boolean;\nbegin\n");
  for (size_t si = 0; si < ns; si++) {
    const struct bc_cstep *st = &p->steps[si];
    const struct bc_proc *pr = &p->procs[st->proc];
    const struct xcode *c = &sc[si];
    const char *self = pr->family ? "bc_self" : "0";
    if (pr->family)
      fprintf(o, "  for bc_self: %" PRId64 "..%" PRId64 " do\n", pr->lo,
              pr->hi);
    fprintf(o, "  if ");
    pc_test(x, pr, si - pr->first_step, self, o);
    fprintf(o, " then\n");
    for (unsigned j = 0; j < c->nch; j++)
      fprintf(o, "  for c%u: 0..%" PRId64 " do\n", j,
              c->chmax[j] > 0 ? c->chmax[j] - 1 : 0);
    fprintf(o, "    if bc_en_%zu(%s", si, self);
    choice_params(o, c, false);
    fprintf(o, ") then return true endif;\n");
    for (unsigned j = 0; j < c->nch; j++)
      fprintf(o, "  endfor;\n");
    fprintf(o, "  endif;\n");
    if (pr->family)
      fprintf(o, "  endfor;\n");
  }
  fprintf(o, "  return false;\nend;\n\n");

  fprintf(o, "startstate \"init\"\nbegin\n");
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->ndims == 0) {
      fprintf(o, "  S.%s := %" PRId64 ";\n", x->vname[i],
              xl_init_value(x, i, 0));
      continue;
    }
    for (uint32_t e = 0; e < v->nelems; e++)
      fprintf(o, "  S.%s[%" PRId64 "] := %" PRId64 ";\n", x->vname[i],
              v->ndims == 1 ? v->dim_lo[0] + e : (int64_t)e,
              xl_init_value(x, i, e));
  }
  fprintf(o, "end;\n\n");

  for (size_t si = 0; si < ns; si++) {
    const struct bc_cstep *st = &p->steps[si];
    const struct bc_proc *pr = &p->procs[st->proc];
    const struct xcode *c = &sc[si];
    const char *self = pr->family ? "bc_self" : "0";
    open_rulesets(pr, c, o);
    fprintf(o, "rule \"%s.%s\"\n  ", pr->name, st->label);
    pc_test(x, pr, si - pr->first_step, self, o);
    fprintf(o, " & bc_en_%zu(%s", si, self);
    choice_params(o, c, false);
    fprintf(o, ")\n==>\nvar N: bc_state_t; V: bc_viol_t;\nbegin\n  N := S;\n"
               "  for k: 0..%zu do V[k] := false endfor;\n  if bc_run_%zu(%s",
            p->nconstraints - 1, si, self);
    choice_params(o, c, false);
    fprintf(o, ", N, V) then S := N; else error \"internal error: the "
               "step's guard and body disagree\" endif;\nend;\n");
    for (size_t k = 0; k < p->nconstraints; k++) {
      if (!c->viol[k])
        continue;
      fprintf(o, "rule \"%s at %s.%s\"\n  ", p->constraints[k].id, pr->name,
              st->label);
      pc_test(x, pr, si - pr->first_step, self, o);
      fprintf(o, " & bc_vi_%zu(%s", si, self);
      choice_params(o, c, false);
      fprintf(o, ", %zu)\n==>\nbegin\n  error \"%s\";\nend;\n", k,
              p->constraints[k].id);
    }
    close_rulesets(pr, c, o);
    fprintf(o, "\n");
  }

  fprintf(o, "-- every process has ended: a normal end, not a deadlock\n"
             "rule \"ended\" bc_all_ended() ==> begin end;\n\n");
  for (size_t k = 0; k < p->nconstraints; k++) {
    const struct bc_constraint *ck = &p->constraints[k];
    if (ck->kind == BC_CK_ALWAYS)
      fprintf(o, "rule \"%s\" !bc_ex_%zu(S) ==> begin error \"%s\"; end;\n",
              ck->id, k, ck->id);
    else if (ck->kind == BC_CK_REACHABLE) /* not a cover: Rumur prints no
                                             cover counts after an error */
      fprintf(o, "rule \"%s reached\" bc_ex_%zu(S) ==> begin error \"reached "
                 "%s\"; end;\n", ck->id, k, ck->id);
    else if (ck->kind == BC_CK_EVENTUALLY)
      fprintf(o, "-- %s: %s (liveness: not exported; bootcheck decides "
                 "it, docs/liveness.md)\n", ck->id, ck->text);
  }
  if (any_always) {
    fprintf(o, "-- the error rules above are enabled transitions, which "
               "would hide a deadlock\n-- in a state that violates an "
               "invariant: report it here\nrule \"deadlock\"\n  (false");
    for (size_t k = 0; k < p->nconstraints; k++)
      if (p->constraints[k].kind == BC_CK_ALWAYS)
        fprintf(o, " | !bc_ex_%zu(S)", k);
      else if (p->constraints[k].kind == BC_CK_REACHABLE)
        fprintf(o, " | bc_ex_%zu(S)", k);
    fprintf(o, ") & !bc_all_ended() & !bc_any_enabled()\n==>\nbegin\n"
               "  error \"deadlock\";\nend;\n");
  }
out:
  xl_codes_free(sc, ns);
  xl_codes_free(cc, p->nconstraints);
  return rc;
}
