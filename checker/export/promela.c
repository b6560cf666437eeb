/*
** promela.c - `bootcheck export --to promela`: a Promela model for SPIN.
**
** One process, bc_main, whose do-loop has an option per step of each
** process instance: `atomic { pc == k -> step }`. The step runs on the
** global variables, saved first into hidden copies; a path that reaches a
** false await (or a choice with no value) restores them, so the option
** leads back to the state it started from and adds nothing; a path that
** ends sets the instance's pc. Choices are nondeterministic loops inside
** the atomic sequence, so every path is a transition. bc_main's own pc is
** the loop head in every stored state, and every other variable is hidden,
** so SPIN's states are bootcheck's states.
**
** Since a disabled path is a step back to the same state, SPIN cannot see
** a deadlock by itself; one more option, an atomic sequence that changes
** nothing (pan refuses a d_step that long),
** checks each state: the `always` invariants, the `reachable` witnesses
** (an assertion of "not P": reported means holds), and deadlock, by
** running the step of every instance over all its choice paths (an
** odometer, as checker/model/vm.c enumerates them) until one is enabled.
** `at`, `before` and `violate` marks of a taken path are asserted when
** it commits (docs/export.md).
*/
#include "export/export_int.h"

#include "bootcheck/arena.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *ptype(int64_t lo, int64_t hi) {
  if (lo >= 0 && hi <= 1)
    return "bool";
  if (lo >= 0 && hi <= 255)
    return "byte";
  if (lo >= -32767 && hi <= 32767)
    return "short";
  if (lo >= -2147483647 && hi <= 2147483647)
    return "int";
  return NULL;
}

/* "x" or "x[3]" for element e of variable i in the output. */
static void elem(const struct xl *x, size_t i, uint32_t e, FILE *o) {
  const struct bc_var *v = &x->p->vars[i];
  if (v->ndims)
    fprintf(o, "%s[%u]", x->vname[i], e);
  else
    fprintf(o, "%s", x->vname[i]);
}

static void save_restore(const struct xl *x, bool save, int ind) {
  const struct bc_program *p = x->p;
  FILE *o = x->o;
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->kind == BC_VAR_PC)
      continue;
    for (uint32_t e = 0; e < v->nelems; e++) {
      xl_indent(o, ind);
      if (save) {
        fprintf(o, "bc_s_");
        elem(x, i, e, o);
        fprintf(o, " = ");
        elem(x, i, e, o);
      } else {
        elem(x, i, e, o);
        fprintf(o, " = bc_s_");
        elem(x, i, e, o);
      }
      fprintf(o, ";\n");
    }
  }
}

/* Every temporary back to 0, so that the stored states are the spec's. */
static void reset(const struct xl *x, int maxd, bool all, int ind) {
  const struct bc_program *p = x->p;
  FILE *o = x->o;
  xl_indent(o, ind);
  for (int i = 0; i < maxd; i++)
    fprintf(o, "bc_T%d = 0; ", i);
  for (unsigned i = 0; i < p->max_locals; i++)
    fprintf(o, "bc_L%u = 0; ", i);
  fprintf(o, "bc_t = 0; bc_u = 0; bc_v = 0; bc_cn = 0; bc_nch = 0;\n");
  for (int j = 0; j < BC_VM_MAX_CHOICES; j++) {
    xl_indent(o, ind);
    fprintf(o, "bc_c[%d] = 0;%s\n", j,
            all ? "" : "");
    if (all) {
      xl_indent(o, ind);
      fprintf(o, "bc_ch[%d] = 0; bc_chn[%d] = 0;\n", j, j);
    }
  }
  for (size_t k = 0; k < p->nconstraints; k++) {
    xl_indent(o, ind);
    fprintf(o, "bc_viol[%zu] = 0;\n", k);
  }
  if (all) {
    xl_indent(o, ind);
    fprintf(o, "bc_slen = 0; bc_j = 0; bc_any = 0; bc_res = 0;\n");
  }
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->kind == BC_VAR_PC)
      continue;
    for (uint32_t e = 0; e < v->nelems; e++) {
      xl_indent(o, ind);
      fprintf(o, "bc_s_");
      elem(x, i, e, o);
      fprintf(o, " = 0;\n");
    }
  }
}

static void pc_ref(const struct xl *x, const struct bc_proc *pr, unsigned e,
                   FILE *o) {
  if (pr->family)
    fprintf(o, "%s[%u]", x->vname[pr->pc_var], e);
  else
    fprintf(o, "%s", x->vname[pr->pc_var]);
}

/* Does every element of array variable 'var' start at one value? */
static bool init_uniform(const struct xl *x, size_t var) {
  int64_t v0 = xl_init_value(x, var, 0);
  for (uint32_t e = 1; e < x->p->vars[var].nelems; e++)
    if (xl_init_value(x, var, e) != v0)
      return false;
  return true;
}

/* Does some element of array variable 'var' start negative? */
static bool init_negative(const struct xl *x, size_t var) {
  for (uint32_t e = 0; e < x->p->vars[var].nelems; e++)
    if (xl_init_value(x, var, e) < 0)
      return true;
  return false;
}

int bc_export_promela(struct xl *x) {
  const struct bc_program *p = x->p;
  FILE *o = x->o;
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    int64_t lo = xl_type_lo(&v->type), hi = xl_type_hi(p, &v->type);
    if (v->type.kind == BC_TY_SET && p->enums[v->type.enum_id].n > 30)
      xl_error(x, xl_var_line(x, v->name), "cannot export '%s' to Promela: "
               "a set of more than 30 members does not fit the 32-bit int "
               "the export uses for sets", v->name);
    else if (!ptype(lo, hi))
      xl_error(x, xl_var_line(x, v->name), "cannot export '%s' to Promela: "
               "its range %" PRId64 "..%" PRId64 " does not fit Promela's "
               "32-bit int", v->name, lo, hi);
    else if (v->ndims && init_negative(x, i) && !init_uniform(x, i)) {
      /* stored as value - lo: SPIN's initialiser list takes no negative
      ** number, and unequal elements need a list */
      if (!x->voff)
        x->voff = bc_xcalloc(p->nvars + 1, sizeof *x->voff);
      x->voff[i] = lo;
      if (!ptype(0, hi - lo))
        xl_error(x, xl_var_line(x, v->name), "cannot export '%s' to "
                 "Promela: its elements start unequal and some negative, "
                 "so it is stored as value + %" PRId64 ", whose range "
                 "0..%" PRId64 " does not fit Promela's 32-bit int",
                 v->name, -lo, hi - lo);
    }
  }
  if (x->nerr) {
    free(x->voff);
    x->voff = NULL;
    return -1;
  }
  size_t ns = p->nsteps;
  struct xcode *sc = bc_xcalloc(ns + 1, sizeof *sc);
  struct xcode *cc = bc_xcalloc(p->nconstraints + 1, sizeof *cc);
  int rc = 0;
  int maxd = 1;
  for (size_t si = 0; si < ns && rc == 0; si++) {
    if (xl_build(x, p->steps[si].code, &sc[si]) != 0 ||
        xl_bound_choices(x, &sc[si], &p->procs[p->steps[si].proc]) != 0)
      rc = -1;
    else if (sc[si].maxdepth > maxd)
      maxd = sc[si].maxdepth;
  }
  for (size_t k = 0; k < p->nconstraints && rc == 0; k++) {
    const struct bc_constraint *ck = &p->constraints[k];
    if (ck->kind == BC_CK_ALWAYS || ck->kind == BC_CK_REACHABLE) {
      if (xl_build(x, ck->code, &cc[k]) != 0)
        rc = -1;
      else if (cc[k].maxdepth > maxd)
        maxd = cc[k].maxdepth;
    }
  }
  if (rc != 0)
    goto out;

  fprintf(o, "/* CHECK(K, e): constraint K - 1 must hold (K = 0: a runtime "
             "error); pan prints \"((K<0)||...)\" */\n"
             "#define CHECK(c, e) assert(c < 0 || (e))\n"
             "#define bc_rterr(msg) CHECK(0, false)\n\n");
  fprintf(o, "/* the state */\n");
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    int64_t off = xl_voff(x, i);
    int64_t lo = xl_type_lo(&v->type) - off;
    int64_t hi = xl_type_hi(p, &v->type) - off;
    fprintf(o, "%s %s", ptype(lo, hi), x->vname[i]);
    if (off) {
      fprintf(o, "[%u] = {", v->nelems);
      for (uint32_t e = 0; e < v->nelems; e++)
        fprintf(o, "%s%" PRId64, e ? ", " : "", xl_init_value(x, i, e) - off);
      fprintf(o, "}");
    } else if (v->ndims && init_negative(x, i) && init_uniform(x, i)) {
      /* one value for every element: SPIN's list takes no negative one */
      fprintf(o, "[%u] = %" PRId64, v->nelems, xl_init_value(x, i, 0));
    } else if (v->ndims) {
      fprintf(o, "[%u] = {", v->nelems);
      for (uint32_t e = 0; e < v->nelems; e++)
        fprintf(o, "%s%" PRId64, e ? ", " : "", xl_init_value(x, i, e));
      fprintf(o, "}");
    } else {
      fprintf(o, " = %" PRId64, xl_init_value(x, i, 0));
    }
    fprintf(o, ";");
    if (v->type.kind == BC_TY_ENUM || v->type.kind == BC_TY_SET)
      xl_enum_comment(x, v, o, " /*", " */");
    if (v->ndims)
      fprintf(o, " /* index - %" PRId64 "%s%s", v->dim_lo[0],
              v->ndims > 1 ? ", flattened row-major" : "",
              off ? "" : " */");
    if (off)
      fprintf(o, "; holds value + %" PRId64 " */", -off);
    fprintf(o, "\n");
  }
  fprintf(o, "\n/* copies for a disabled path, temporaries, the choice "
             "odometer: 0 in every\n * stored state (reset at the end of "
             "each step; pan's undo of an atomic\n * sequence needs them "
             "in the state vector, so they are not hidden) */\n");
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->kind == BC_VAR_PC)
      continue;
    int64_t lo = xl_type_lo(&v->type) - xl_voff(x, i);
    int64_t hi = xl_type_hi(p, &v->type) - xl_voff(x, i);
    const char *t = ptype(lo, hi);
    fprintf(o, "%s bc_s_%s", strcmp(t, "bool") ? t : "byte",
            x->vname[i]);
    if (v->ndims)
      fprintf(o, "[%u]", v->nelems);
    fprintf(o, ";\n");
  }
  for (int i = 0; i < maxd; i++)
    fprintf(o, "int bc_T%d;\n", i);
  for (unsigned i = 0; i < p->max_locals; i++)
    fprintf(o, "int bc_L%u;\n", i);
  fprintf(o, "int bc_t, bc_u, bc_v, bc_cn;\nbyte bc_nch, "
             "bc_slen, bc_j;\nint bc_ch[%d], bc_chn[%d], bc_c[%d];\n"
             "byte bc_viol[%zu];\nbyte bc_any, bc_res;\n\n",
          BC_VM_MAX_CHOICES, BC_VM_MAX_CHOICES, BC_VM_MAX_CHOICES,
          p->nconstraints);

  fprintf(o, "active proctype bc_main() {\n  do\n");
  /* the steps */
  for (size_t si = 0; si < ns; si++) {
    const struct bc_cstep *st = &p->steps[si];
    const struct bc_proc *pr = &p->procs[st->proc];
    for (unsigned e = 0; e < pr->ninst; e++) {
      int64_t self = pr->lo + (int64_t)e;
      char pfx[64];
      snprintf(pfx, sizeof pfx, "t%zu_%u_", si, e);
      fprintf(o, "  :: atomic { /* %s.%s", pr->name, st->label);
      if (pr->family)
        fprintf(o, " [%s = %" PRId64 "]", pr->index_name ? pr->index_name
                                                         : "self", self);
      fprintf(o, " */\n       ");
      pc_ref(x, pr, e, o);
      fprintf(o, " == %zu ->\n", si - pr->first_step);
      /* every choice first: pan backtracks into an atomic sequence to
      ** its last nondeterministic point without restoring hidden
      ** variables, so none may be written after it but these */
      for (unsigned j = 0; j < sc[si].nch; j++)
        fprintf(o, "    bc_c[%u] = 0; do :: bc_c[%u] < %" PRId64 " -> "
                   "bc_c[%u]++ :: break od;\n", j, j,
                sc[si].chmax[j] - 1, j);
      save_restore(x, true, 4);
      fprintf(o, "    bc_nch = 0;\n");
      for (size_t k = 0; k < p->nconstraints; k++)
        if (sc[si].viol[k])
          fprintf(o, "    bc_viol[%zu] = 0;\n", k);
      struct xmode m = {pfx, false, false, true, self, st->proc, 2};
      xl_emit(x, &sc[si], &m);
      fprintf(o, "%sdis:\n", pfx);
      save_restore(x, false, 4);
      fprintf(o, "    goto %send;\n%sok:\n", pfx, pfx);
      for (size_t k = 0; k < p->nconstraints; k++)
        if (sc[si].viol[k])
          fprintf(o, "    CHECK(%zu, !bc_viol[%zu]);\n", k + 1, k);
      fprintf(o, "%send:\n", pfx);
      reset(x, maxd, false, 4);
      fprintf(o, "     }\n");
    }
  }
  /* the check of each state */
  fprintf(o, "  :: atomic { /* every state: invariants, witnesses, deadlock "
             "*/\n    skip;\n");
  for (size_t k = 0; k < p->nconstraints; k++) {
    const struct bc_constraint *ck = &p->constraints[k];
    if (ck->kind != BC_CK_ALWAYS && ck->kind != BC_CK_REACHABLE)
      continue;
    char pfx[64];
    snprintf(pfx, sizeof pfx, "e%zu_", k);
    fprintf(o, "    /* %s: %s %s */\n", ck->id,
            ck->kind == BC_CK_ALWAYS ? "always" : "reachable", ck->text);
    struct xmode m = {pfx, true, true, true, 0, -1, 2};
    xl_emit(x, &cc[k], &m);
    fprintf(o, "%sdis: bc_res = 0;\n%sok:\n    CHECK(%zu, %sbc_res);\n", pfx,
            pfx, k + 1, ck->kind == BC_CK_ALWAYS ? "" : "!");
  }
  fprintf(o, "    bc_any = 0;\n");
  for (size_t si = 0; si < ns; si++) {
    const struct bc_cstep *st = &p->steps[si];
    const struct bc_proc *pr = &p->procs[st->proc];
    for (unsigned e = 0; e < pr->ninst; e++) {
      int64_t self = pr->lo + (int64_t)e;
      char pfx[64];
      snprintf(pfx, sizeof pfx, "c%zu_%u_", si, e);
      fprintf(o, "    /* %s.%s [%" PRId64 "] enabled? */\n    if\n"
                 "    :: !bc_any && ", pr->name, st->label, self);
      pc_ref(x, pr, e, o);
      fprintf(o, " == %zu ->\n    bc_slen = 0;\n%sagain:\n", si - pr->first_step,
              pfx);
      save_restore(x, true, 4);
      fprintf(o, "    bc_nch = 0;\n");
      struct xmode m = {pfx, true, false, true, self, st->proc, 2};
      xl_emit(x, &sc[si], &m);
      fprintf(o, "%sok:\n    bc_any = 1;\n", pfx);
      save_restore(x, false, 4);
      fprintf(o, "    goto %send;\n%sdis:\n", pfx, pfx);
      save_restore(x, false, 4);
      fprintf(o, "    bc_j = bc_slen;\n"
                 "    do :: bc_j > 0 && bc_ch[bc_j - 1] + 1 >= bc_chn[bc_j - "
                 "1] -> bc_j-- :: else -> break od;\n"
                 "    if :: bc_j == 0 -> goto %send :: else -> bc_ch[bc_j - "
                 "1]++; bc_slen = bc_j; goto %sagain fi;\n%send: skip\n"
                 "    :: else\n    fi;\n", pfx, pfx, pfx);
    }
  }
  for (size_t k = 0; k < p->nconstraints; k++) {
    if (p->constraints[k].kind != BC_CK_DEADLOCK)
      continue;
    fprintf(o, "    CHECK(%zu, bc_any || (true", k + 1);
    for (size_t i = 0; i < p->nprocs; i++) {
      const struct bc_proc *pr = &p->procs[i];
      for (unsigned e = 0; e < pr->ninst; e++) {
        fprintf(o, " && ");
        pc_ref(x, pr, e, o);
        fprintf(o, " == %u", pr->nsteps);
      }
    }
    fprintf(o, "));\n");
  }
  reset(x, maxd, true, 4);
  fprintf(o, "    }\n  od\n}\n");
  for (size_t k = 0; k < p->nconstraints; k++)
    if (p->constraints[k].kind == BC_CK_EVENTUALLY)
      fprintf(o, "/* %s: %s (liveness: not exported; bootcheck decides "
                 "it, docs/liveness.md) */\n", p->constraints[k].id,
              p->constraints[k].text);
out:
  free(x->voff);
  x->voff = NULL;
  xl_codes_free(sc, ns);
  xl_codes_free(cc, p->nconstraints);
  return rc;
}
