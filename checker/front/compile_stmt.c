/*
** compile_stmt.c - pass 2: the bytecode of steps, statements, placements,
** constraint events and expressions, windows, expectations and columns.
*/
#include "front/compile_cc.h"

/* ----------------------------------------------------------- pass 2 */

/* `await a and b` as `await a; await b`: the same paths are disabled
** and b is evaluated only where a holds, as with the short circuit; each
** conjunct stays a test of its own, which the partial-order reduction's
** guards read (checker/explore/por.c, struct acc). */
static void await_cond(struct cc *c, const struct bc_expr *e,
                       const char *what) {
  if (e->kind == BC_E_BINOP && e->op == BC_OP_AND) {
    await_cond(c, e->lhs, "an operand of 'and'");
    await_cond(c, e->rhs, "an operand of 'and'");
    return;
  }
  cc_expect_ty(c, e, BC_TY_BOOL, what);
  cc_fact_note(c, e, true, cc_emit(c, BC_INS_AWAIT, 0, 0, 0), 1);
}

static void stmt(struct cc *c, const struct bc_stmt *s);

/* Record the quantifiers of constraint 'k' (expression 'e') while it is
** compiled (until quant_of is reset). */
static void quant_begin(struct cc *c, struct bc_constraint *k,
                        const struct bc_expr *e) {
  c->quant_of = k;
  c->quant_root = e;
  c->quant_cur = -1;
  cc_quant_drop(k, 0);
}

/* Emit the constraint checks for an event happening here. */
static void emit_events(struct cc *c, enum evkind kind, int idx) {
  struct bc_program *p = c->p;
  /* checks first, then history updates */
  for (size_t i = 0; i < p->nconstraints; i++) {
    struct cinfo *k = &c->cons[i];
    if (p->constraints[i].implicit)
      continue;
    if (k->decl->ckind == BC_C_AT && k->a.kind == kind && k->a.idx == idx) {
      unsigned mark = c->nlocals;
      uint32_t start = here(c);
      if (!p->constraints[i].at_end)
        quant_begin(c, &p->constraints[i], k->decl->cexpr);
      struct bc_type t = cc_expect_ty(c, k->decl->cexpr, BC_TY_BOOL,
                                      "a step assertion");
      (void)t;
      c->quant_of = NULL;
      cc_local_pop(c, mark);
      if (!p->constraints[i].at_end) {
        p->constraints[i].at_code = start;
        p->constraints[i].at_end = here(c);
      }
      cc_emit(c, BC_INS_ASSERT, (unsigned)i, 0, 0);
    }
    if (k->decl->ckind == BC_C_BEFORE && k->b.kind == kind &&
        k->b.idx == idx && k->hist_var >= 0) {
      cc_emit(c, BC_INS_LOAD, 0, (uint32_t)k->hist_var, 0);
      cc_emit(c, BC_INS_ASSERT, (unsigned)i, 0, 0);
    }
  }
  for (size_t i = 0; i < p->nconstraints; i++) {
    struct cinfo *k = &c->cons[i];
    if (p->constraints[i].implicit)
      continue;
    if (k->decl->ckind == BC_C_BEFORE && k->a.kind == kind &&
        k->a.idx == idx && k->hist_var >= 0) {
      cc_push_k(c, 1);
      cc_emit(c, BC_INS_STORE, 0, (uint32_t)k->hist_var, 0);
    }
  }
}

static void assign_stmt(struct cc *c, const struct bc_stmt *s) {
  int vi = -1;
  bool indexed = false;
  struct bc_type vt = cc_var_ref(c, s->target, true, &vi, &indexed);
  uint32_t vstart = here(c);
  struct bc_type t = cc_expr(c, s->value, is_err(vt) ? NULL : &vt);
  if (vi >= 0 && c->nprobe) {
    int64_t k = 0;
    bool cst = cc_code_const(c, vstart, &k);
    cc_loop_note(c, LA_WRITE, vi, cc_own_of(c, s->target), cst, k,
                 c->p->vars[vi].name, s->target->span);
  }
  if (t.idfam)
    bc_error(c->diag, s->value->span, "cannot store the member index of "
             "symmetric family '%s' in a variable (its members must stay "
             "interchangeable)", c->p->procs[t.idfam - 1].name);
  else if (!is_err(vt) && !is_err(t) && !cc_ty_compat(vt, t)) {
    char b1[128], b2[128];
    bc_error(c->diag, s->value->span, "cannot assign %s to '%s', which is %s",
             cc_ty_name(c, t, b1, sizeof b1), c->p->vars[vi].name,
             cc_ty_name(c, vt, b2, sizeof b2));
  }
  if (vi >= 0)
    cc_emit(c, indexed ? BC_INS_STOREX : BC_INS_STORE, 0, (uint32_t)vi, 0);
  else
    cc_emit(c, BC_INS_POP, 0, 0, 0);
}

static void block_stmts(struct cc *c, const struct bc_ptrvec *v) {
  unsigned mark = c->nlocals;
  for (size_t i = 0; i < v->n; i++) {
    const struct bc_stmt *s = v->v[i];
    stmt(c, s);
    if ((s->kind == BC_S_GOTO || s->kind == BC_S_END) && i + 1 < v->n) {
      const struct bc_stmt *n = v->v[i + 1];
      bc_error(c->diag, n->span, "statement after '%s' can never run",
               s->kind == BC_S_GOTO ? "goto" : "end");
      break;
    }
  }
  cc_local_pop(c, mark);
}

struct for_arg {
  const struct bc_stmt *body;
};

static void for_body(struct cc *c, void *argp) {
  struct for_arg *a = argp;
  c->loop_depth++;
  stmt(c, a->body);
  c->loop_depth--;
}

/*
** Does the order of the iterations of the member 'for' loop 'id' matter?
** Its body's accesses are c->lacc[from..). The order cannot matter (the
** argument is in docs/reductions.md) when
**   - every variable the body writes as v[k] (k the loop variable, or a
**     procedure parameter bound to it) it uses only as v[k];
**   - every other variable the body writes it does not read, and every
**     write to it stores the same constant;
**   - the body has no hook, no 'await' and no 'with' that may have no
**     value (each would stop the iterations after it, or run a placement
**     on what the earlier ones left).
** Iteration k then reads only its own elements and what no iteration
** writes, so it does the same in any order. Otherwise fills 'w' with the
** first conflict and returns true.
*/
static bool loop_order_matters(struct cc *c, size_t from, int id,
                               struct why *w) {
  for (size_t i = from; i < c->nlacc; i++) {
    const struct loopacc *x = &c->lacc[i];
    w->a = w->b = x->span;
    w->name = x->name;
    switch (x->kind) {
    case LA_HOOK:
      w->kind = WHY_HOOK;
      return true;
    case LA_AWAIT:
      w->kind = WHY_AWAIT;
      return true;
    case LA_WITH:
      w->kind = WHY_WITH;
      return true;
    case LA_READ:
      continue;
    default:
      break;
    }
    /* a write */
    if (x->own == id) {
      for (size_t j = from; j < c->nlacc; j++) {
        const struct loopacc *y = &c->lacc[j];
        if ((y->kind == LA_READ || y->kind == LA_WRITE) && y->var == x->var &&
            y->own != id) {
          w->kind = WHY_OTHER;
          w->b = y->span;
          return true;
        }
      }
      continue;
    }
    if (!x->is_const) {
      w->kind = WHY_VALUES;
      return true;
    }
    for (size_t j = from; j < c->nlacc; j++) {
      const struct loopacc *y = &c->lacc[j];
      if (y->var != x->var)
        continue;
      if (y->kind == LA_READ) {
        w->kind = WHY_READ;
        w->b = y->span;
        return true;
      }
      if (y->kind == LA_WRITE && (!y->is_const || y->k != x->k)) {
        w->kind = WHY_VALUES;
        w->b = y->span;
        return true;
      }
    }
  }
  return false;
}

/*
** `for x in D { B }`. When D is a range covering a symmetric family's
** range, x is a member index if the order of the iterations cannot matter
** (loop_order_matters): the body is compiled once with x a member index
** while its accesses are noted, and again with x an ordinary integer when
** the order does matter (which keeps the spec symmetric: an ordinary
** integer cannot index what the family's members own, and the errors that
** say so carry notes with the reason, why_notes).
*/
static void for_stmt(struct cc *c, const struct bc_stmt *s) {
  unsigned mark = c->nlocals;
  struct domain d;
  struct bc_type et = cc_domain(c, s->value, &d);
  cc_check_range(c, &d, s->value);
  unsigned body = c->nlocals; /* above the domain's bounds */
  struct for_arg a = {s->body};
  int why = cc_number_why(c, &s->var, NULL, s->body, &et);
  if (et.idfam) {
    struct why w;
    memset(&w, 0, sizeof w);
    w.loopvar = s->var.name;
    w.fam = c->p->procs[et.idfam - 1].name;
    w.at = s->var.span;
    bool matters = true;
    if (c->nprobe >= 4) {
      w.kind = WHY_DEEP;
    } else {
      /* what to undo if the body must be compiled again */
      size_t ncode = c->p->ncode, nacc = c->nacc, nlacc = c->nlacc;
      size_t nstrings = c->p->nstrings, ndiag = c->diag->n;
      unsigned nerr = c->diag->nerr;
      int depth = c->depth;
      int id = ++c->loop_ids;
      c->nprobe++;
      int xs = cc_local_push(c, &s->var, L_SLOT, et);
      if (xs >= 0) {
        c->locals[c->nlocals - 1].loop = id;
        cc_emit_loop(c, &d, xs, for_body, &a);
      }
      c->nprobe--;
      matters = xs >= 0 && loop_order_matters(c, nlacc, id, &w);
      if (!matters) {
        if (!c->nprobe)
          c->nlacc = nlacc;
        cc_local_pop(c, mark);
        return;
      }
      cc_local_pop(c, body);
      /* undo: the code, notes, strings, diagnostics and at-constraint
      ** sites of the first compilation */
      c->p->ncode = ncode;
      c->depth = depth;
      c->nacc = nacc;
      c->nlacc = nlacc;
      while (c->p->nstrings > nstrings)
        free(c->p->strings[--c->p->nstrings]);
      while (c->diag->n > ndiag)
        free(c->diag->items[--c->diag->n].msg);
      c->diag->nerr = nerr;
      for (size_t i = 0; i < c->p->nconstraints; i++) {
        struct bc_constraint *k = &c->p->constraints[i];
        if (k->at_end && k->at_code >= ncode) {
          k->at_code = k->at_end = 0;
          cc_quant_drop(k, 0);
        }
      }
    }
    if (matters) {
      if (c->nwhys % 16 == 0)
        c->whys = bc_xrealloc(c->whys, (c->nwhys + 16) * sizeof *c->whys);
      c->whys[c->nwhys++] = w;
      why = (int)c->nwhys;
      et.idfam = 0;
    }
  }
  int xs = cc_local_push(c, &s->var, L_SLOT, et);
  if (xs >= 0) {
    c->locals[c->nlocals - 1].why = why;
    cc_emit_loop(c, &d, xs, for_body, &a);
  }
  cc_local_pop(c, mark);
}

static void call_stmt(struct cc *c, const struct bc_stmt *s) {
  struct sym *sy = cc_sym_find(c, s->name.name);
  if (!sy || sy->kind != SYM_PROCEDURE) {
    if (!sy)
      bc_error(c->diag, s->name.span, "unknown procedure '%s'", s->name.name);
    else
      bc_error(c->diag, s->name.span, "'%s' is a %s, not a procedure",
               s->name.name, symkind_name[sy->kind]);
    return;
  }
  const struct bc_decl *d = sy->decl;
  for (unsigned i = 0; i < c->ncall; i++)
    if (c->callstack[i] == d) {
      bc_error(c->diag, s->name.span, "procedure '%s' calls itself; "
                                      "recursion is not allowed",
               s->name.name);
      return;
    }
  if (!cc_checklimit(c, c->ncall + 1u, BC_MAX_CALLS, "procedure calls nested",
                     s->name.span)) {
    c->code_full = true; /* every other copy of this call would fail too */
    return;
  }
  if (s->stmts.n != d->idents.n) {
    bc_error(c->diag, s->name.span, "procedure '%s' takes %zu argument%s, "
                                    "not %zu", s->name.name, d->idents.n,
             d->idents.n == 1 ? "" : "s", s->stmts.n);
    return;
  }
  /* evaluate the arguments in the caller's scope, then bind the
  ** parameters in a scope that hides the caller's bound names */
  if (!cc_checklimit(c, d->idents.n, BC_MAX_ARGS, "arguments", s->name.span))
    return;
  /* a constant argument is bound as a constant (no slot, and the body's
  ** expressions fold with it) */
  struct bc_type tys[BC_MAX_ARGS];
  bool cst[BC_MAX_ARGS];
  int64_t val[BC_MAX_ARGS];
  for (size_t i = 0; i < s->stmts.n; i++) {
    const struct bc_expr *a = s->stmts.v[i];
    uint32_t start = here(c);
    tys[i] = cc_expr(c, a, NULL);
    if (tys[i].kind == BC_TY_EMPTY)
      bc_error(c->diag, a->span, "cannot pass '{}' as an argument: its enum "
                                 "is unknown");
    cst[i] = !is_err(tys[i]) && cc_code_const(c, start, &val[i]);
    if (cst[i]) {
      c->p->ncode = start;
      c->depth--;
    }
  }
  unsigned mark = c->nlocals, saved_floor = c->floor;
  int slots[BC_MAX_ARGS];
  /* a parameter bound to a member 'for' variable stands for it */
  int loop[BC_MAX_ARGS], why[BC_MAX_ARGS];
  for (size_t i = 0; i < s->stmts.n; i++) {
    const struct local *l = cc_bound_name(c, s->stmts.v[i]);
    loop[i] = l ? l->loop : 0;
    why[i] = l ? l->why : 0;
  }
  for (size_t i = 0; i < d->idents.n; i++) {
    slots[i] = cc_local_push(c, d->idents.v[i], cst[i] ? L_CONST : L_SLOT,
                             tys[i]);
    if (cst[i])
      c->locals[c->nlocals - 1].val = val[i];
    if (slots[i] >= 0) {
      c->locals[c->nlocals - 1].loop = loop[i];
      c->locals[c->nlocals - 1].why = why[i];
    }
  }
  for (size_t i = d->idents.n; i-- > 0;)
    if (!cst[i])
      cc_emit(c, slots[i] >= 0 ? BC_INS_LSET : BC_INS_POP,
              slots[i] >= 0 ? (unsigned)slots[i] : 0, 0, 0);
  c->floor = mark;
  if (c->ncall == 0)
    c->call_span = s->name.span;
  c->callstack[c->ncall++] = d;
  stmt(c, d->body);
  c->ncall--;
  c->floor = saved_floor;
  cc_local_pop(c, mark);
}

static void stmt(struct cc *c, const struct bc_stmt *s) {
  if (!s || c->code_full)
    return;
  /* statements count too: a call that fails (nested too deeply) emits no
  ** code, but its copies still take exponential time */
  if (here(c) > BC_MAX_CODE || ++c->nstmts > BC_MAX_CODE) {
    /* procedure calls are compiled as copies of the body, so a chain of
    ** procedures each calling the next twice doubles the code per link */
    c->code_full = true;
    if (c->ncall)
      bc_error(c->diag, c->call_span, "too many instructions or statements "
               "(more than %u) in the compiled program: each procedure call "
               "is compiled as a copy of the procedure's body, and this "
               "call's copies pass the limit", BC_MAX_CODE);
    else
      bc_error(c->diag, s->span, "too many instructions or statements (more "
               "than %u) in the compiled program", BC_MAX_CODE);
    return;
  }
  unsigned saved_line = cc_cur_line;
  if (s->span.line)
    cc_cur_line = s->span.line;
  switch (s->kind) {
  case BC_S_ASSIGN:
    assign_stmt(c, s);
    break;
  case BC_S_AWAIT:
    await_cond(c, s->value, "the condition of 'await'");
    cc_loop_note(c, LA_AWAIT, -1, 0, false, 0, NULL, s->span);
    break;
  case BC_S_SKIP:
    break;
  case BC_S_IF: {
    cc_expect_ty(c, s->value, BC_TY_BOOL, "the condition of 'if'");
    uint32_t jz = cc_emit(c, BC_INS_JZ, 0, 0, 0);
    cc_fact_note(c, s->value, true, jz, 1);
    cc_fact_note(c, s->value, false, jz, 2);
    stmt(c, s->body);
    if (s->els) {
      uint32_t jend = cc_emit(c, BC_INS_JMP, 0, 0, 0);
      patch(c, jz, here(c));
      stmt(c, s->els);
      patch(c, jend, here(c));
    } else {
      patch(c, jz, here(c));
    }
    break;
  }
  case BC_S_EITHER: {
    size_t n = s->stmts.n;
    if (n < 2) {
      bc_error(c->diag, s->span, "'either' needs at least one 'or' branch");
      break;
    }
    unsigned mark = c->nlocals;
    int t = cc_temp_slot(c);
    cc_push_k(c, (int64_t)n);
    cc_emit(c, BC_INS_CHOOSE, 0, 0, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)t, 0, 0);
    /* every branch but the last ends with a jump past the others */
    uint32_t *ends = bc_xcalloc(n, sizeof *ends);
    size_t nends = 0;
    for (size_t i = 0; i < n; i++) {
      uint32_t jn = UINT32_MAX;
      if (i + 1 < n) {
        cc_emit(c, BC_INS_LGET, (unsigned)t, 0, 0);
        cc_push_k(c, (int64_t)i);
        cc_emit(c, BC_INS_EQ, 0, 0, 0);
        jn = cc_emit(c, BC_INS_JZ, 0, 0, 0);
      }
      stmt(c, s->stmts.v[i]);
      if (i + 1 < n) {
        ends[nends++] = cc_emit(c, BC_INS_JMP, 0, 0, 0);
        patch(c, jn, here(c));
      }
    }
    assert(nends == n - 1);
    for (size_t i = 0; i < nends; i++)
      patch(c, ends[i], here(c));
    free(ends);
    cc_local_pop(c, mark);
    break;
  }
  case BC_S_WITH: {
    unsigned mark = c->nlocals;
    struct domain d;
    struct bc_type et = cc_domain(c, s->value, &d);
    cc_check_range(c, &d, s->value);
    int why = cc_number_why(c, &s->var, NULL, s->body, &et);
    /* an empty domain disables the step (symmetry: see for_stmt) */
    if (!(d.kind == 0 && d.konst && d.lo <= d.hi) && d.kind != 2)
      cc_loop_note(c, LA_WITH, -1, 0, false, 0, NULL, s->span);
    switch (d.kind) {
    case 0: /* n = hi - lo + 1; x = lo + choice */
      cc_emit(c, BC_INS_LGET, (unsigned)d.b, 0, 0);
      cc_emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      cc_emit(c, BC_INS_SUB, 0, 0, 0);
      cc_push_k(c, 1);
      cc_emit(c, BC_INS_ADD, 0, 0, 0);
      cc_emit(c, BC_INS_CHOOSE, 0, 0, 0);
      cc_emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      cc_emit(c, BC_INS_ADD, 0, 0, 0);
      break;
    case 1: { /* x = nthbit(s, choice(card s)) */
      int i = cc_temp_slot(c);
      cc_emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      cc_emit(c, BC_INS_CARD, 0, 0, 0);
      cc_emit(c, BC_INS_CHOOSE, 0, 0, 0);
      cc_emit(c, BC_INS_LSET, (unsigned)i, 0, 0);
      cc_emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      cc_emit(c, BC_INS_LGET, (unsigned)i, 0, 0);
      cc_emit(c, BC_INS_NTHBIT, 0, 0, 0);
      break;
    }
    default:
      cc_push_k(c, (int64_t)d.n);
      cc_emit(c, BC_INS_CHOOSE, 0, 0, 0);
      break;
    }
    int xs = cc_local_push(c, &s->var, L_SLOT, et);
    if (xs >= 0) {
      c->locals[c->nlocals - 1].why = why;
      cc_emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    } else {
      cc_emit(c, BC_INS_POP, 0, 0, 0);
    }
    stmt(c, s->body);
    cc_local_pop(c, mark);
    break;
  }
  case BC_S_FOR:
    for_stmt(c, s);
    break;
  case BC_S_GOTO: {
    if (c->cur_proc < 0) {
      bc_error(c->diag, s->span, "'goto' is only allowed in a process step");
      break;
    }
    int st = cc_find_label(c, c->cur_proc, s->name.name);
    if (st < 0) {
      bc_error(c->diag, s->name.span, "process '%s' has no label '%s'",
               c->p->procs[c->cur_proc].name, s->name.name);
      break;
    }
    if (c->loop_depth)
      bc_error(c->diag, s->span, "'goto' inside a 'for' loop is not allowed");
    cc_emit(c, BC_INS_GOTO, (unsigned)st, 0, 0);
    break;
  }
  case BC_S_END:
    if (c->cur_proc < 0) {
      bc_error(c->diag, s->span, "'end' is only allowed in a process step");
      break;
    }
    if (c->loop_depth)
      bc_error(c->diag, s->span, "'end' inside a 'for' loop is not allowed");
    cc_emit(c, BC_INS_GOTO, c->p->procs[c->cur_proc].nsteps, 0, 0);
    break;
  case BC_S_HOOK: {
    if (c->in_placement) {
      bc_error(c->diag, s->span, "a placement body cannot contain a hook");
      break;
    }
    int h = cc_find_hook(c, s->name.name);
    if (h < 0)
      break;
    if (c->hook_reach && c->cur_proc >= 0)
      c->hook_reach[(size_t)h * c->p->nprocs + (size_t)c->cur_proc] = true;
    cc_loop_note(c, LA_HOOK, -1, 0, false, 0, c->p->hooks[h].name, s->span);
    emit_events(c, EV_HOOK, h);
    cc_emit(c, BC_INS_HOOK, (unsigned)h, 0, 0);
    break;
  }
  case BC_S_VIOLATE: {
    struct sym *sy = cc_sym_find(c, s->name.name);
    if (!sy || sy->kind != SYM_CONSTRAINT) {
      bc_error(c->diag, s->name.span, "unknown constraint '%s'",
               s->name.name);
      break;
    }
    int str = cc_add_string(c, s->text ? s->text : "");
    cc_emit(c, BC_INS_VIOLATE, (unsigned)sy->idx, (uint32_t)str, 0);
    break;
  }
  case BC_S_CALL:
    call_stmt(c, s);
    break;
  case BC_S_BLOCK:
    block_stmts(c, &s->stmts);
    break;
  }
  assert(c->depth == 0 || c->diag->nerr || c->code_full); /* statement level */
  cc_cur_line = saved_line;
}

void cc_gen_process(struct cc *c, const struct bc_decl *d, int pi) {
  struct bc_program *p = c->p;
  struct bc_proc *pr = &p->procs[pi];
  c->cur_proc = pi;
  unsigned mark = c->nlocals;
  if (pr->family) {
    struct bc_type it = ty_make(BC_TY_INT);
    if (pr->symmetric)
      it.idfam = pi + 1;
    cc_local_push(c, &d->family->name, L_SELF, it);
  }
  unsigned si = 0;
  for (size_t i = 0; i < d->steps.n; i++) {
    const struct bc_step *st = d->steps.v[i];
    if (si >= pr->nsteps ||
        strcmp(p->steps[pr->first_step + si].label, st->label.name))
      continue; /* a duplicate label, already reported */
    struct bc_cstep *step = &p->steps[pr->first_step + si];
    assert(si < pr->nsteps && (c->depth == 0 || c->diag->nerr));
    cc_cur_line = st->label.span.line;
    step->code = here(c);
    c->depth = 0;
    emit_events(c, EV_STEP, (int)(pr->first_step + si));
    for (size_t k = 0; k < st->stmts.n; k++) {
      const struct bc_stmt *s = st->stmts.v[k];
      stmt(c, s);
      if ((s->kind == BC_S_GOTO || s->kind == BC_S_END) &&
          k + 1 < st->stmts.n) {
        const struct bc_stmt *n = st->stmts.v[k + 1];
        bc_error(c->diag, n->span, "statement after '%s' can never run",
                 s->kind == BC_S_GOTO ? "goto" : "end");
        break;
      }
    }
    cc_cur_line = st->label.span.line;
    cc_emit(c, BC_INS_GOTO, si + 1, 0, 0);
    si++;
  }
  cc_local_pop(c, mark);
  c->cur_proc = -1;
}

/*
** What 'self' is in placement 'pi' of a spec with a symmetric family: the
** instance whose step reaches the placement's hook. When members of a
** symmetric family F reach one of its candidate hooks, 'self' is a member
** index of F, under F's rules; any other process reaching them must then
** have a 'self' outside F's range (a value no renaming of F's members
** moves). Sets c->pl_fam, or c->pl_conflict when 'self' cannot be typed.
*/
static void placement_self(struct cc *c, int pi) {
  const struct bc_program *p = c->p;
  const struct bc_placement *pl = &p->placements[pi];
  c->pl_fam = 0;
  c->pl_conflict[0] = '\0';
  if (!c->any_sym || !c->hook_reach)
    return;
  int fam = -1, hook_f = -1;
  for (unsigned j = 0; j < pl->nhooks; j++)
    for (size_t r = 0; r < p->nprocs; r++) {
      const struct bc_proc *pr = &p->procs[r];
      if (!c->hook_reach[(size_t)pl->hooks[j] * p->nprocs + r] ||
          !pr->symmetric || !pr->family)
        continue;
      if (fam >= 0 && fam != (int)r) {
        snprintf(c->pl_conflict, sizeof c->pl_conflict,
                 "'self' in placement '%s' would be a member of symmetric "
                 "family '%s' (hook '%s') or of '%s' (hook '%s'): it cannot "
                 "stand for both", pl->name, p->procs[fam].name,
                 p->hooks[hook_f].name, pr->name,
                 p->hooks[pl->hooks[j]].name);
        return;
      }
      fam = (int)r;
      hook_f = pl->hooks[j];
    }
  if (fam < 0)
    return;
  const struct bc_proc *f = &p->procs[fam];
  for (unsigned j = 0; j < pl->nhooks; j++)
    for (size_t r = 0; r < p->nprocs; r++) {
      const struct bc_proc *pr = &p->procs[r];
      if (!c->hook_reach[(size_t)pl->hooks[j] * p->nprocs + r] ||
          (int)r == fam || pr->hi < f->lo || pr->lo > f->hi)
        continue;
      char self[64];
      if (pr->family)
        snprintf(self, sizeof self, "in %" PRId64 "..%" PRId64, pr->lo,
                 pr->hi);
      else
        snprintf(self, sizeof self, "%" PRId64, pr->lo);
      snprintf(c->pl_conflict, sizeof c->pl_conflict,
               "'self' in placement '%s' is a member index of symmetric "
               "family '%s' (%" PRId64 "..%" PRId64 "), whose members reach "
               "hook '%s'; process '%s' reaches hook '%s' too, with 'self' "
               "%s, which would be taken for a member", pl->name, f->name,
               f->lo, f->hi, p->hooks[hook_f].name, pr->name,
               p->hooks[pl->hooks[j]].name, self);
      return;
    }
  c->pl_fam = fam + 1;
}

void cc_gen_placement(struct cc *c, const struct bc_decl *d, int pi) {
  struct bc_placement *pl = &c->p->placements[pi];
  unsigned saved = c->nslots;
  placement_self(c, pi);
  c->in_placement = true;
  c->nslots = PLACEMENT_SLOTS;
  cc_cur_line = d->name.span.line;
  pl->code = here(c);
  c->depth = 0;
  emit_events(c, EV_PLACEMENT, pi);
  stmt(c, d->body);
  cc_emit(c, BC_INS_PRET, 0, 0, 0);
  c->in_placement = false;
  c->nslots = saved;
}

void cc_gen_constraint_expr(struct cc *c, int ci) {
  struct bc_constraint *k = &c->p->constraints[ci];
  const struct bc_decl *d = c->cons[ci].decl;
  if (d->ckind != BC_C_ALWAYS && d->ckind != BC_C_REACHABLE &&
      d->ckind != BC_C_EVENTUALLY && d->ckind != BC_C_LEADSTO &&
      d->ckind != BC_C_ALWAYS_EVENTUALLY)
    return;
  c->state_ctx = true;
  cc_cur_line = d->name.span.line;
  k->code = here(c);
  c->depth = 0;
  k->conj_slot = -1;
  if (d->ckind == BC_C_ALWAYS && d->cexpr->kind == BC_E_QUANT &&
      d->cexpr->op == BC_OP_FORALL) {
    c->conj_of = k;
    c->conj_expr = d->cexpr;
  }
  quant_begin(c, k, d->cexpr);
  cc_expect_ty(c, d->cexpr, BC_TY_BOOL, "a constraint");
  c->quant_of = NULL;
  c->conj_of = NULL;
  c->conj_expr = NULL;
  cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  if (d->ckind == BC_C_LEADSTO) { /* Q of P ~> Q */
    k->code2 = here(c);
    c->depth = 0;
    cc_expect_ty(c, d->cexpr2, BC_TY_BOOL, "a constraint");
    cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  }
  c->state_ctx = false;
}

/*
** Conjunct k of window w, when it is `exists x in lo..hi: B(x)` or
** `forall ...` over a constant range: B compiled once more with x as
** `self`, for the window pass under --por (checker/explore/por.c,
** harmless). Anything the compiler would say about that form is taken
** back with its code, and the conjunct is left without it.
*/
static void window_quant(struct cc *c, struct bc_window *w, unsigned k,
                         const struct bc_expr *e) {
  if (e->kind != BC_E_QUANT || e->lhs->kind != BC_E_RANGE)
    return;
  size_t ncode = c->p->ncode, nstrings = c->p->nstrings;
  size_t ndiag = c->diag->n, nacc = c->nacc, nlacc = c->nlacc;
  unsigned nerr = c->diag->nerr, mark = c->nlocals;
  uint32_t at = here(c);
  c->depth = 0;
  struct domain d;
  struct bc_type et = cc_domain(c, e->lhs, &d);
  bool ok = d.kind == 0 && d.konst && d.lo <= d.hi &&
            c->diag->nerr == nerr;
  if (ok) { /* (a bound name that is `self` has no slot) */
    unsigned before = c->nlocals;
    cc_local_push(c, &e->var, L_SELF, et);
    ok = c->nlocals == before + 1;
  }
  if (ok) {
    cc_expect_ty(c, e->rhs, BC_TY_BOOL, "a window");
    cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  }
  cc_local_pop(c, mark);
  c->nacc = nacc; /* the access notes are the predicate's own */
  c->nlacc = nlacc;
  if (ok && c->diag->nerr == nerr && !c->code_full) {
    w->qkind[k] = e->op == BC_OP_EXISTS ? 1 : 2;
    w->qbody[k] = at;
    w->qlo[k] = d.lo;
    w->qhi[k] = d.hi;
    return;
  }
  c->p->ncode = ncode;
  c->depth = 0;
  while (c->p->nstrings > nstrings)
    free(c->p->strings[--c->p->nstrings]);
  while (c->diag->n > ndiag)
    free(c->diag->items[--c->diag->n].msg);
  c->diag->nerr = nerr;
}

/* A window's predicate: a state expression, like an invariant's. */
void cc_gen_window_expr(struct cc *c, const struct bc_decl *d, int wi) {
  struct bc_window *w = &c->p->windows[wi];
  c->state_ctx = true;
  cc_cur_line = d->name.span.line;
  w->code = here(c);
  c->depth = 0;
  unsigned nerr = c->diag->nerr;
  cc_expect_ty(c, d->cexpr, BC_TY_BOOL, "a window");
  cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  /* the conjuncts, left to right, when the predicate compiled */
  const struct bc_expr *stack[64], *cj[64];
  unsigned ns = 0, n = 0;
  stack[ns++] = d->cexpr;
  while (ns > 0 && n < 64 && c->diag->nerr == nerr) {
    const struct bc_expr *e = stack[--ns];
    if (e->kind == BC_E_BINOP && e->op == BC_OP_AND && ns + 2 <= 64) {
      stack[ns++] = e->rhs;
      stack[ns++] = e->lhs;
    } else {
      cj[n++] = e;
    }
  }
  if (ns > 0 || n < 2 || c->diag->nerr != nerr) { /* one, or too deep */
    w->conj = bc_xcalloc(1, sizeof *w->conj);
    w->conj[0] = w->code;
    w->nconj = 1;
    n = c->diag->nerr == nerr && ns == 0 ? 1 : 0;
    cj[0] = d->cexpr;
  } else {
    w->conj = bc_xcalloc(n, sizeof *w->conj);
    w->nconj = n;
    for (unsigned i = 0; i < n; i++) {
      w->conj[i] = here(c);
      c->depth = 0;
      cc_expect_ty(c, cj[i], BC_TY_BOOL, "a window");
      cc_emit(c, BC_INS_EXIT, 0, 0, 0);
    }
  }
  w->qkind = bc_xcalloc(w->nconj, sizeof *w->qkind);
  w->qbody = bc_xcalloc(w->nconj, sizeof *w->qbody);
  w->qlo = bc_xcalloc(w->nconj, sizeof *w->qlo);
  w->qhi = bc_xcalloc(w->nconj, sizeof *w->qhi);
  for (unsigned i = 0; i < n && i < w->nconj; i++)
    window_quant(c, w, i, cj[i]);
  c->state_ctx = false;
}

/* columns C1, C2, ...; (docs/language.md 5.2): the matrix's column order */
void cc_gen_columns(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  if (p->columns) {
    bc_error(c->diag, d->span, "a spec has only one 'columns' line");
    return;
  }
  bool *used = bc_xcalloc(p->nconstraints + 1, sizeof *used);
  size_t *order = bc_xcalloc(p->nconstraints + 1, sizeof *order), n = 0;
  for (size_t i = 0; i < d->idents.n; i++) {
    const struct bc_ident *id = d->idents.v[i];
    size_t ci = 0;
    while (ci < p->nconstraints && strcmp(p->constraints[ci].id, id->name))
      ci++;
    if (ci == p->nconstraints)
      bc_error(c->diag, id->span, "unknown constraint '%s'", id->name);
    else if (used[ci])
      bc_error(c->diag, id->span, "'%s' is listed twice", id->name);
    else
      used[order[n++] = ci] = true;
  }
  for (size_t ci = 0; ci < p->nconstraints; ci++)
    if (!used[ci])
      order[n++] = ci;
  free(used);
  p->columns = order;
}

void cc_gen_expect(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  if (d->value) { /* expect ... when COND: the line applies only if COND */
    int64_t v;
    struct bc_type t;
    c->decl_ctx = true;
    bool ok = cc_const_eval(c, d->value, NULL, &v, &t, NULL);
    c->decl_ctx = false;
    if (!ok)
      return;
    if (t.kind != BC_TY_BOOL) {
      char b1[64];
      bc_error(c->diag, d->value->span, "the condition after 'when' must be "
               "a bool constant expression, not %s",
               cc_ty_name(c, t, b1, sizeof b1));
      return;
    }
    if (!v)
      return;
  }
  struct bc_expect ex;
  memset(&ex, 0, sizeof ex);
  ex.line = d->span.line;
  ex.holds = d->expect_holds;
  ex.bind_placement = bc_xcalloc(d->bindings.n + 1, sizeof(int));
  ex.bind_hook = bc_xcalloc(d->bindings.n + 1, sizeof(int));
  ex.violated = bc_xcalloc(d->violated.n + 1, sizeof(int));
  bool ok = true;
  for (size_t i = 0; i < d->bindings.n; i++) {
    const struct bc_binding *b = d->bindings.v[i];
    struct sym *s = cc_sym_find(c, b->placement.name);
    if (!s || s->kind != SYM_PLACEMENT) {
      bc_error(c->diag, b->placement.span, "unknown placement '%s'",
               b->placement.name);
      ok = false;
      continue;
    }
    const struct bc_placement *pl = &p->placements[s->idx];
    int h = cc_find_hook(c, b->hook.name), hi = -1;
    for (unsigned j = 0; j < pl->nhooks; j++)
      if (pl->hooks[j] == h)
        hi = (int)j;
    if (hi < 0) {
      bc_error(c->diag, b->hook.span, "'%s' is not a candidate hook of "
               "placement '%s'", b->hook.name, pl->name);
      ok = false;
      continue;
    }
    ex.bind_placement[ex.nbind] = s->idx;
    ex.bind_hook[ex.nbind] = hi;
    ex.nbind++;
  }
  for (size_t i = 0; i < d->violated.n; i++) {
    const struct bc_ident *id = d->violated.v[i];
    struct sym *s = cc_sym_find(c, id->name);
    int ci = -1;
    if (s && s->kind == SYM_CONSTRAINT)
      ci = s->idx;
    else if (!strcmp(id->name, "deadlock")) {
      for (size_t k = 0; k < p->nconstraints; k++)
        if (p->constraints[k].implicit)
          ci = (int)k;
    }
    if (ci < 0) {
      bc_error(c->diag, id->span, "unknown constraint '%s'", id->name);
      ok = false;
      continue;
    }
    ex.violated[ex.nviol++] = ci;
  }
  if (!ok) {
    free(ex.bind_placement);
    free(ex.bind_hook);
    free(ex.violated);
    return;
  }
  p->expects = bc_xrealloc(p->expects, (p->nexpects + 1) * sizeof *p->expects);
  p->expects[p->nexpects++] = ex;
}
