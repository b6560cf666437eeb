/*
** compile_expr.c - expressions: names, types, operators, quantifiers and
** constant evaluation (the bytecode of a value on the stack).
*/
#include "front/compile_cc.h"

/* ----------------------------------------------------------- expressions */

struct bc_type cc_expr(struct cc *c, const struct bc_expr *e,
                           const struct bc_type *want);

static struct bc_type type_error(struct cc *c, struct bc_span sp,
                                 const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static struct bc_type type_error(struct cc *c, struct bc_span sp,
                                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bc_diag_vadd(c->diag, BC_DIAG_ERROR, sp, fmt, ap);
  va_end(ap);
  return ty_make(BC_TY_ERROR);
}

/* Same kind of value (sets of one enum; {} goes with any set). */
bool cc_ty_compat(struct bc_type a, struct bc_type b) {
  if (is_err(a) || is_err(b))
    return true;
  if (a.kind == BC_TY_EMPTY)
    return b.kind == BC_TY_SET || b.kind == BC_TY_EMPTY;
  if (b.kind == BC_TY_EMPTY)
    return a.kind == BC_TY_SET;
  if (a.kind != b.kind)
    return false;
  if (a.kind == BC_TY_ENUM || a.kind == BC_TY_SET)
    return a.enum_id == b.enum_id;
  return true;
}

struct bc_type cc_expect_ty(struct cc *c, const struct bc_expr *e,
                                enum bc_tykind kind, const char *what) {
  struct bc_type t = cc_expr(c, e, NULL);
  if (!is_err(t) && t.kind != kind) {
    char b1[128];
    return type_error(c, e->span, "%s must be %s, not %s", what,
                      kind == BC_TY_BOOL ? "a bool" : "an integer",
                      cc_ty_name(c, t, b1, sizeof b1));
  }
  return t;
}

/* Collect a[i][j]... into its base name and index list; false if the
** chain's base is not a name. */
static bool index_chain(const struct bc_expr *e, const struct bc_expr **base,
                        const struct bc_expr **idx, unsigned *nidx) {
  unsigned n = 0;
  const struct bc_expr *stack[16];
  while (e->kind == BC_E_INDEX) {
    if (n == 16)
      return false;
    stack[n++] = e->rhs;
    e = e->lhs;
  }
  if (e->kind != BC_E_NAME)
    return false;
  *base = e;
  for (unsigned i = 0; i < n; i++)
    idx[i] = stack[n - 1 - i];
  *nidx = n;
  return true;
}

/* The var a local (process) name refers to in the current process. */
static int proc_local_var(struct cc *c, const char *name) {
  if (c->cur_proc < 0)
    return -1;
  return cc_nm_get(&c->names, NS_PLOCAL, c->cur_proc, name);
}

/* Emit the flat element index of var 'vi' for indices idx[0..n). For a
** process local of a family, the index is self. Returns false on error. */
static bool emit_index(struct cc *c, int vi, const struct bc_expr *const *idx,
                       unsigned n, bool local, struct bc_span sp) {
  const struct bc_var *v = &c->p->vars[vi];
  if (local) {
    if (n) {
      bc_error(c->diag, sp, "'%s' is a process variable: index it with no "
                            "brackets", v->name);
      return false;
    }
    if (v->ndims) {
      cc_emit(c, BC_INS_SELF, 0, 0, 0);
      cc_emit(c, BC_INS_INDEX, 0, (uint32_t)vi, 0);
    }
    return true;
  }
  if (n != v->ndims) {
    if (v->ndims == 0)
      bc_error(c->diag, sp, "'%s' is not an array", v->name);
    else
      bc_error(c->diag, sp, "'%s' needs %u ind%s, not %u", v->name, v->ndims,
               v->ndims == 1 ? "ex" : "ices", n);
    return false;
  }
  for (unsigned d = 0; d < n; d++) {
    uint32_t start = here(c);
    struct bc_type t = cc_expr(c, idx[d], NULL);
    if (!is_err(t) && t.kind != BC_TY_INT) {
      char b1[128];
      bc_error(c->diag, idx[d]->span, "an array index must be an integer, "
                                      "not %s", cc_ty_name(c, t, b1, sizeof b1));
    }
    if (c->any_sym && !is_err(t)) {
      int64_t k = 0;
      bool cst = cc_code_const(c, start, &k);
      if (t.idfam) {
        const struct bc_proc *f = &c->p->procs[t.idfam - 1];
        if (n != 1 || v->dim_lo[0] > f->lo ||
            v->dim_lo[0] + v->dim_len[0] - 1 < f->hi)
          bc_error(c->diag, idx[d]->span, "'%s' cannot be indexed by a member "
                   "of symmetric family '%s': only one-dimensional arrays "
                   "whose range covers %" PRId64 "..%" PRId64 " can",
                   v->name, f->name, f->lo, f->hi);
      }
      cc_record_access(c, vi, t.idfam, cst, k, idx[d]->span,
                       cc_why_of(c, idx[d]));
    }
    cc_emit(c, BC_INS_INDEX, d, (uint32_t)vi, 0);
    if (d > 0)
      cc_emit(c, BC_INS_FLAT, 0, 0, v->dim_len[d]);
  }
  return true;
}

/* A variable reference (NAME or INDEX chain) as an rvalue or lvalue. */
struct bc_type cc_var_ref(struct cc *c, const struct bc_expr *e,
                              bool store, int *ret_var, bool *ret_indexed) {
  const struct bc_expr *base, *idx[16];
  unsigned n;
  if (!index_chain(e, &base, idx, &n)) {
    const struct bc_expr *b = e;
    unsigned k = 0;
    for (; b->kind == BC_E_INDEX; b = b->lhs)
      k++;
    if (k > 16 && b->kind == BC_E_NAME)
      return type_error(c, e->span, "too many indices (%u; an array has at "
                                    "most %d dimensions)", k, BC_MAX_DIMS);
    return type_error(c, e->span, "only a variable can be indexed");
  }
  const char *name = base->name.name;
  int vi = -1;
  bool local = false;
  if (!cc_local_find(c, name)) {
    vi = proc_local_var(c, name);
    local = vi >= 0;
  }
  if (vi < 0) {
    struct sym *s = cc_local_find(c, name) ? NULL : cc_sym_find(c, name);
    if (!s || s->kind != SYM_VAR) {
      if (store) {
        if (cc_local_find(c, name))
          return type_error(c, base->span, "cannot assign to '%s': it is a "
                                           "bound name, not a variable", name);
        if (!s)
          return type_error(c, base->span, "unknown variable '%s'", name);
        return type_error(c, base->span, "cannot assign to %s '%s'",
                          symkind_name[s->kind], name);
      }
      return type_error(c, base->span, "'%s' is not an array variable", name);
    }
    vi = s->idx;
  }
  if (c->const_ctx)
    return type_error(c, base->span, "'%s' is a variable; a constant "
                                     "expression is needed here", name);
  if (local && c->state_ctx)
    return type_error(c, base->span, "process variable '%s' is not visible "
                                     "here", name);
  if (!emit_index(c, vi, idx, n, local, e->span))
    return ty_make(BC_TY_ERROR);
  const struct bc_var *v = &c->p->vars[vi];
  bool indexed = v->ndims > 0;
  if (!store) {
    cc_emit(c, indexed ? BC_INS_LOADX : BC_INS_LOAD, 0, (uint32_t)vi, 0);
    cc_loop_note(c, LA_READ, vi, cc_own_of(c, e), false, 0, v->name, e->span);
  }
  *ret_var = vi;
  *ret_indexed = indexed;
  struct bc_type t = v->type;
  return t;
}

static struct bc_type name_expr(struct cc *c, const struct bc_expr *e) {
  const char *name = e->name.name;
  struct local *l = cc_local_find(c, name);
  if (l) {
    if (l->kind == L_SELF)
      cc_emit(c, BC_INS_SELF, 0, 0, 0);
    else if (l->kind == L_CONST)
      cc_push_k(c, l->val);
    else
      cc_emit(c, BC_INS_LGET, (unsigned)l->slot, 0, 0);
    return l->ty;
  }
  if (proc_local_var(c, name) >= 0) {
    int vi;
    bool ix;
    return cc_var_ref(c, e, false, &vi, &ix);
  }
  struct sym *s = cc_sym_find(c, name);
  if (!s)
    return type_error(c, e->span, "unknown name '%s'", name);
  switch (s->kind) {
  case SYM_CONST:
    /* a literal the model itself uses is a parameter (report headers) */
    if (!c->decl_ctx && s->idx >= 0 && s->decl &&
        (s->decl->value->kind == BC_E_INT ||
         s->decl->value->kind == BC_E_BOOL))
      c->p->consts[s->idx].parameter = true;
    cc_push_k(c, s->val);
    return s->ty;
  case SYM_MEMBER:
    cc_push_k(c, s->val);
    return s->ty;
  case SYM_VAR: {
    const struct bc_var *v = &c->p->vars[s->idx];
    if (v->ndims)
      return type_error(c, e->span, "array '%s' needs an index", name);
    int vi;
    bool ix;
    return cc_var_ref(c, e, false, &vi, &ix);
  }
  default:
    return type_error(c, e->span, "%s '%s' cannot be used as a value",
                      symkind_name[s->kind], name);
  }
}

static struct bc_type set_literal(struct cc *c, const struct bc_expr *e,
                                  const struct bc_type *want) {
  if (e->items.n == 0) {
    cc_push_k(c, 0);
    if (want && want->kind == BC_TY_SET)
      return *want;
    return ty_make(BC_TY_EMPTY);
  }
  int enum_id = -1;
  bool bad = false;
  cc_push_k(c, 0);
  for (size_t i = 0; i < e->items.n; i++) {
    const struct bc_expr *it = e->items.v[i];
    struct bc_type t = cc_expr(c, it, NULL);
    if (is_err(t)) {
      bad = true;
    } else if (t.kind != BC_TY_ENUM) {
      char b1[128];
      type_error(c, it->span, "a set holds enum members, not %s",
                 cc_ty_name(c, t, b1, sizeof b1));
      bad = true;
    } else if (enum_id >= 0 && t.enum_id != enum_id) {
      type_error(c, it->span, "'%s' is a member of %s, not of %s",
                 it->kind == BC_E_NAME ? it->name.name : "this",
                 c->p->enums[t.enum_id].name, c->p->enums[enum_id].name);
      bad = true;
    } else {
      enum_id = t.enum_id;
    }
    cc_emit(c, BC_INS_BIT, 0, 0, 0);
    cc_emit(c, BC_INS_BOR, 0, 0, 0);
  }
  if (bad)
    return ty_make(BC_TY_ERROR);
  if (c->p->enums[enum_id].n > 64)
    return type_error(c, e->span, "a set of %s members: enum '%s' has %u "
                      "members, a set holds at most 64",
                      c->p->enums[enum_id].name, c->p->enums[enum_id].name,
                      c->p->enums[enum_id].n);
  return ty_enum(BC_TY_SET, enum_id);
}

/*
** Compile a domain (range lo..hi, set expression, or enum name) for
** iteration. Leaves nothing on the stack: the bounds go to slots.
** kind: 0 range (lo in slot a, hi in slot b), 1 set (in slot a),
** 2 enum (n members). Returns the element type.
*/

struct bc_type cc_domain(struct cc *c, const struct bc_expr *e,
                             struct domain *d) {
  if (e->kind == BC_E_RANGE) {
    uint32_t s1 = here(c);
    struct bc_type lt = cc_expect_ty(c, e->lhs, BC_TY_INT, "a range bound");
    uint32_t s2 = here(c);
    struct bc_type ht = cc_expect_ty(c, e->rhs, BC_TY_INT, "a range bound");
    struct bc_type et = ty_make(BC_TY_INT);
    int64_t lo, hi;
    if (lt.idfam || ht.idfam)
      type_error(c, e->span, "a member index of a symmetric family cannot "
                             "bound a range");
    /* a range covering a symmetric family's indices ranges over members */
    if (c->any_sym && s2 == s1 + 1 && c->p->code[s1].op == BC_INS_PUSH &&
        cc_code_const(c, s2, &hi)) {
      lo = c->p->code[s1].k;
      et.idfam = cc_sym_of_range(c, lo, hi);
    }
    d->kind = 0;
    d->konst = s2 == s1 + 1 && c->p->code[s1].op == BC_INS_PUSH &&
               cc_code_const(c, s2, &d->hi);
    d->lo = d->konst ? c->p->code[s1].k : 0;
    d->b = cc_temp_slot(c);
    d->a = cc_temp_slot(c);
    cc_emit(c, BC_INS_LSET, (unsigned)d->b, 0, 0); /* hi is on top */
    cc_emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
    return et;
  }
  if (e->kind == BC_E_NAME && !cc_local_find(c, e->name.name)) {
    struct sym *s = cc_sym_find(c, e->name.name);
    if (s && s->kind == SYM_ENUM) {
      d->kind = 2;
      d->n = c->p->enums[s->idx].n;
      return ty_enum(BC_TY_ENUM, s->idx);
    }
  }
  struct bc_type t = cc_expr(c, e, NULL);
  d->kind = 1;
  d->a = cc_temp_slot(c);
  cc_emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
  if (is_err(t))
    return t;
  if (t.kind == BC_TY_EMPTY)
    return ty_make(BC_TY_ERROR);
  if (t.kind != BC_TY_SET) {
    char b1[128];
    return type_error(c, e->span, "expected a range 'a..b', a set or an "
                                  "enum to range over, not %s",
                      cc_ty_name(c, t, b1, sizeof b1));
  }
  return ty_enum(BC_TY_ENUM, t.enum_id);
}

/*
** A loop, quantifier or `with` over a constant range of more than
** BC_MAX_RANGE values is an error here, at the range; the VM bounds the
** others (BC_VM_MAX_TICKS iterations per run, BC_MAX_RANGE choices).
*/
void cc_check_range(struct cc *c, const struct domain *d,
                        const struct bc_expr *e) {
  if (d->kind != 0 || !d->konst || d->lo > d->hi)
    return;
  uint64_t diff = (uint64_t)d->hi - (uint64_t)d->lo;
  if (diff >= BC_MAX_RANGE) {
    char n[32];
    if (diff == UINT64_MAX)
      snprintf(n, sizeof n, "2^64");
    else
      snprintf(n, sizeof n, "%" PRIu64, diff + 1);
    bc_error(c->diag, e->span, "too many values in a range to loop or choose "
             "over (%s; the limit is %u)", n, BC_MAX_RANGE);
  }
}

/*
** Does a loop over 'd' whose body is code[from..here) go uncounted (no
** TICK at its back edge)? When its range is constant, of at most
** UNCOUNTED_RANGE values, and the body has no loop of its own (no TICK, no
** jump backwards; a jump not yet patched counts as one): it then runs a
** bounded number of loop-free bodies, as a loop over an enum or a set
** does, which no TICK counts either. The loop budget and the deadline are
** still met at the loops around it, and the compiled engine's C compiler
** may unroll it (its constant bounds in locals), which a TICK, with its
** call to the deadline hook, prevented: an invariant over pairs of CPUs ran
** 2-3 times fewer instructions (docs/performance.md, "Small loops
** uncounted").
*/
#define UNCOUNTED_RANGE 64
static bool uncounted(const struct cc *c, const struct domain *d,
                      uint32_t from) {
  if (d->kind != 0 || !d->konst || d->lo > d->hi ||
      (uint64_t)d->hi - (uint64_t)d->lo >= UNCOUNTED_RANGE)
    return false;
  for (uint32_t pc = from; pc < c->p->ncode; pc++) {
    const struct bc_insn *in = &c->p->code[pc];
    if (in->op == BC_INS_TICK)
      return false;
    if ((in->op == BC_INS_JMP || in->op == BC_INS_JZ ||
         in->op == BC_INS_JNZ) && in->b <= pc)
      return false;
  }
  return true;
}

/*
** Loop over a domain, binding 'x' (slot xs) to each value; 'body' is called
** to emit the loop body. The loop's exit jumps are patched by the caller via
** the returned list when 'early' jumps are needed (quantifiers).
*/

void cc_emit_loop(struct cc *c, struct domain *d, int xs,
                      loop_body_fn body, void *arg) {
  int cnt = -1;
  uint32_t top, jexit;
  switch (d->kind) {
  case 0: /* x = lo; while x <= hi */
    cc_emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    top = here(c);
    cc_emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
    cc_emit(c, BC_INS_LGET, (unsigned)d->b, 0, 0);
    cc_emit(c, BC_INS_LE, 0, 0, 0);
    jexit = cc_emit(c, BC_INS_JZ, 0, 0, 0);
    uint32_t b0 = here(c);
    body(c, arg);
    bool tick = !uncounted(c, d, b0);
    /* stop before x+1 could overflow */
    cc_emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
    cc_emit(c, BC_INS_LGET, (unsigned)d->b, 0, 0);
    cc_emit(c, BC_INS_EQ, 0, 0, 0);
    {
      uint32_t jdone = cc_emit(c, BC_INS_JNZ, 0, 0, 0);
      cc_emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
      cc_push_k(c, 1);
      cc_emit(c, BC_INS_ADD, 0, 0, 0);
      cc_emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
      if (tick)
        cc_emit(c, BC_INS_TICK, 0, 0, 0);
      cc_emit(c, BC_INS_JMP, 0, top, 0);
      patch(c, jdone, here(c));
    }
    patch(c, jexit, here(c));
    break;
  case 1: /* while s != 0: x = lowbit(s); s = clearlow(s) */
    top = here(c);
    cc_emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    jexit = cc_emit(c, BC_INS_JZ, 0, 0, 0);
    cc_emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    cc_emit(c, BC_INS_LOWBIT, 0, 0, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    cc_emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    cc_emit(c, BC_INS_CLEARLOW, 0, 0, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
    body(c, arg);
    cc_emit(c, BC_INS_JMP, 0, top, 0);
    patch(c, jexit, here(c));
    break;
  default: /* enum: x = 0 .. n-1 */
    cnt = xs;
    cc_push_k(c, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)cnt, 0, 0);
    top = here(c);
    cc_emit(c, BC_INS_LGET, (unsigned)cnt, 0, 0);
    cc_push_k(c, (int64_t)d->n);
    cc_emit(c, BC_INS_LT, 0, 0, 0);
    jexit = cc_emit(c, BC_INS_JZ, 0, 0, 0);
    body(c, arg);
    cc_emit(c, BC_INS_LGET, (unsigned)cnt, 0, 0);
    cc_push_k(c, 1);
    cc_emit(c, BC_INS_ADD, 0, 0, 0);
    cc_emit(c, BC_INS_LSET, (unsigned)cnt, 0, 0);
    cc_emit(c, BC_INS_JMP, 0, top, 0);
    patch(c, jexit, here(c));
    break;
  }
}

struct quant_arg {
  const struct bc_expr *body;
  bool forall;
  bool member;       /* over a symmetric family's members */
  int res;           /* result slot */
  int xs;            /* the bound name's slot */
  const struct domain *d;
  uint32_t b0, store;   /* the body's code [b0, store) */
  struct bc_type bt;
};

/* Is slot 'slot' the name of an enclosing quantifier bound over a
** constant range inside lo..hi? */
static bool bound_in(const struct cc *c, uint32_t slot, int64_t lo,
                     int64_t hi) {
  for (const struct qbound *q = c->qbound; q; q = q->outer)
    if ((uint32_t)q->slot == slot)
      return q->lo >= lo && q->hi <= hi;
  return false;
}

/* May code[from..to) stop with a runtime error? Arithmetic may overflow or
** divide by zero, an index be out of range, except by the quantifier's own
** bound name (slot xs) over a constant domain inside the array's range, or
** by an enclosing quantifier's (bound_in). */
static bool may_fail(const struct cc *c, uint32_t from, uint32_t to, int xs,
                     const struct domain *d) {
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &c->p->code[pc];
    switch (in->op) {
    case BC_INS_ADD: case BC_INS_SUB: case BC_INS_MUL: case BC_INS_NEG:
    case BC_INS_DIV: case BC_INS_MOD:
      return true;
    case BC_INS_INDEX: {
      const struct bc_var *v = &c->p->vars[in->b];
      int64_t lo = v->dim_lo[in->a], hi = lo + v->dim_len[in->a] - 1;
      const struct bc_insn *pv = pc > from ? &c->p->code[pc - 1] : NULL;
      if (pv && pv->op == BC_INS_PUSH && pv->k >= lo && pv->k <= hi)
        break;
      if (pv && pv->op == BC_INS_LGET && (int)pv->a == xs && d->kind == 0 &&
          d->konst && d->lo >= lo && d->hi <= hi)
        break;
      if (pv && pv->op == BC_INS_LGET && bound_in(c, pv->a, lo, hi))
        break;
      return true;
    }
    default:
      break;
    }
  }
  return false;
}

/* Quantifier body: res = P; if the result is decided, leave the loop by
** making the domain empty is not possible in general, so we just skip the
** remaining evaluations with a guard on res. */
static void quant_body(struct cc *c, void *argp) {
  struct quant_arg *q = argp;
  /* if (res == forall) res = P  -- once decided, skip evaluating P */
  cc_emit(c, BC_INS_LGET, (unsigned)q->res, 0, 0);
  uint32_t j = cc_emit(c, q->forall ? BC_INS_JZ : BC_INS_JNZ, 0, 0, 0);
  uint32_t b0 = here(c);
  bool every = false;
  q->b0 = b0;
  q->bt = cc_expect_ty(c, q->body, BC_TY_BOOL, "a quantifier's body");
  if (q->member) {
    /* res = res and P (or P): the same while undecided ... */
    cc_emit(c, BC_INS_LGET, (unsigned)q->res, 0, 0);
    cc_emit(c, q->forall ? BC_INS_BAND : BC_INS_BOR, 0, 0, 0);
    /* ... and P is evaluated for every member when it may fail: a short
    ** cut would make a runtime error in P depend on the order of the
    ** members of a symmetric family */
    every = may_fail(c, b0, here(c), q->xs, q->d);
  }
  q->store = here(c);
  cc_emit(c, BC_INS_LSET, (unsigned)q->res, 0, 0);
  patch(c, j, every ? b0 : here(c));
}

/*
** The sign with which the value of quantifier 'q' counts towards that of
** 'e' (itself 's'): through `not`, `and`, `or`, `=>` and quantifier
** bodies; 0 when 'q' is elsewhere (an operand of `<=>`, `=`, `if` ...).
*/
static int quant_sign(const struct bc_expr *e, const struct bc_expr *q,
                      int s) {
  if (!e)
    return 0;
  if (e == q)
    return s;
  if (e->kind == BC_E_UNOP && e->op == BC_OP_NOT)
    return quant_sign(e->lhs, q, -s);
  if (e->kind == BC_E_BINOP &&
      (e->op == BC_OP_AND || e->op == BC_OP_OR || e->op == BC_OP_IMPLIES)) {
    int l = quant_sign(e->lhs, q, e->op == BC_OP_IMPLIES ? -s : s);
    return l ? l : quant_sign(e->rhs, q, s);
  }
  if (e->kind == BC_E_QUANT)
    return quant_sign(e->rhs, q, s);
  return 0;
}

/* Record quantifier 'e' (bound in slot xs) of the constraint being
** compiled; its code range is filled in once compiled. */
static int quant_record(struct cc *c, const struct bc_expr *e, int xs,
                        struct bc_type et) {
  struct bc_constraint *k = c->quant_of;
  k->quants = bc_xrealloc(k->quants, (k->nquants + 1) * sizeof *k->quants);
  struct bc_quant *q = &k->quants[k->nquants];
  q->name = xstrdup(e->var.name);
  q->type = et;
  q->slot = xs;
  q->body = q->store = 0;
  q->forall = e->op == BC_OP_FORALL;
  q->sign = quant_sign(c->quant_root, e, 1);
  q->parent = c->quant_cur;
  return (int)k->nquants++;
}

/*
** Hoisting a quantifier's guard. In `forall x in D: P or Q(x)` with P free
** of x, P true makes the body true for every x, so the quantifier is true
** (over any D, the empty one included); likewise `exists x in D: P and
** Q(x)` is false when P is. The body's top-level disjuncts (conjuncts for
** `exists`), with `not` pushed through `and`, `or` and `=>`, are its
** literals; those that name neither x nor a quantifier are evaluated once,
** before the loop, and decide it when they can: `forall a: forall b: a ==
** b or not (held(a) and held(b))` tests held(a) once per a instead of once
** per pair. Only when the body cannot fail (may_fail): then skipping its
** evaluations changes no value and no runtime error. The loop and its body
** are compiled as without the guard (the quantifier's records, witnesses
** and footprints see the same code); the guard, after the loop, is reached
** by a jump placed before it.
*/
#define MAX_LITS 16

struct lit {
  const struct bc_expr *e;
  bool neg;
};

/* Collect the literals of 'e' (negated when 'neg') as the disjuncts
** ('disj') or conjuncts of the value; *n past MAX_LITS: too many. */
static void lits_of(const struct bc_expr *e, bool neg, bool disj,
                    struct lit *v, unsigned *n) {
  if (e && e->kind == BC_E_UNOP && e->op == BC_OP_NOT) {
    lits_of(e->lhs, !neg, disj, v, n);
    return;
  }
  if (e && e->kind == BC_E_BINOP) {
    /* (x or y), not (x and y): disjunctions; (x and y), not (x or y):
    ** conjunctions; x => y is (not x or y), not (x => y) (x and not y) */
    bool is_or = (e->op == BC_OP_OR && !neg) || (e->op == BC_OP_AND && neg);
    bool is_and = (e->op == BC_OP_AND && !neg) || (e->op == BC_OP_OR && neg);
    if (e->op == BC_OP_IMPLIES && disj == !neg) {
      lits_of(e->lhs, disj, disj, v, n);
      lits_of(e->rhs, neg, disj, v, n);
      return;
    }
    if (disj ? is_or : is_and) {
      lits_of(e->lhs, neg, disj, v, n);
      lits_of(e->rhs, neg, disj, v, n);
      return;
    }
  }
  if (*n < MAX_LITS)
    v[*n] = (struct lit){e, neg};
  if (*n <= MAX_LITS)
    (*n)++;
}

/* Does 'e' name 'x', or hold a quantifier (or nothing: a parse error)? */
static bool names_or_quant(const struct bc_expr *e, const char *x) {
  if (!e)
    return false;
  switch (e->kind) {
  case BC_E_NAME:
    return !e->name.name || strcmp(e->name.name, x) == 0;
  case BC_E_QUANT:
    return true;
  case BC_E_SET:
    for (size_t i = 0; i < e->items.n; i++)
      if (!e->items.v[i] || names_or_quant(e->items.v[i], x))
        return true;
    return false;
  default:
    return names_or_quant(e->cond, x) || names_or_quant(e->lhs, x) ||
           names_or_quant(e->rhs, x);
  }
}

/* The literals of quantifier 'e's body that a guard can test (those free
** of its bound name) into v; their number, 0 for none. */
static unsigned guard_lits(const struct bc_expr *e, bool forall,
                           struct lit *v) {
  struct lit all[MAX_LITS];
  unsigned n = 0, k = 0;
  if (!e->rhs || !e->var.name)
    return 0;
  lits_of(e->rhs, false, forall, all, &n);
  if (n > MAX_LITS)
    return 0;
  for (unsigned i = 0; i < n; i++) {
    if (!all[i].e)
      return 0;
    if (!names_or_quant(all[i].e, e->var.name))
      v[k++] = all[i];
  }
  return k;
}

/*
** Facts about every element on the ways out of a test (struct bc_ufact).
** `await forall a in lo..hi: B(a)` goes on only where B(a) holds for every
** a, and `if exists a in lo..hi: B(a) then ... else S` runs S only where
** not B(a) does; when B (or not B) is a disjunction of literals `v[a]`,
** `v[a + k]`, `v[a - k]` or `v[k + a]` (v a one-dimensional bool state
** variable, k an integer or a constant), checker/explore/por.c learns on
** which edges between steps that holds: `await forall a in 1..N:
** released[a] => online[a]` before PID 1's next step says that for every
** released AP a, online[a]. Anything else records nothing.
*/

/* The element offset of index expression 'e' of a literal over bound
** name x: x, x + k, x - k, k + x. */
static bool fact_index(struct cc *c, const struct bc_expr *e, const char *x,
                       int64_t *off) {
  if (e->kind == BC_E_NAME)
    return e->name.name && !strcmp(e->name.name, x) && (*off = 0, true);
  if (e->kind != BC_E_BINOP || (e->op != BC_OP_ADD && e->op != BC_OP_SUB))
    return false;
  const struct bc_expr *n = e->lhs, *k = e->rhs;
  if (e->op == BC_OP_ADD && k && k->kind == BC_E_NAME && k->name.name &&
      !strcmp(k->name.name, x)) {
    n = e->rhs;
    k = e->lhs;
  }
  if (!n || !k || n->kind != BC_E_NAME || !n->name.name ||
      strcmp(n->name.name, x))
    return false;
  int64_t v;
  if (k->kind == BC_E_INT) {
    v = k->ival;
  } else if (k->kind == BC_E_NAME && k->name.name &&
             strcmp(k->name.name, x) && !cc_local_find(c, k->name.name)) {
    struct sym *s = cc_sym_find(c, k->name.name);
    if (!s || s->kind != SYM_CONST || s->ty.kind != BC_TY_INT)
      return false;
    v = s->val;
  } else {
    return false;
  }
  if (e->op == BC_OP_SUB)
    return v != INT64_MIN && (*off = -v, true);
  *off = v;
  return true;
}

/* Literal 'l' of a fact over bound name x as a variable and an offset
** from x to its element (0-based). */
static bool fact_lit(struct cc *c, const struct lit *l, const char *x,
                     struct bc_ulit *out) {
  const struct bc_expr *e = l->e;
  if (!e || e->kind != BC_E_INDEX || !e->lhs || !e->rhs ||
      e->lhs->kind != BC_E_NAME || !e->lhs->name.name)
    return false;
  const char *name = e->lhs->name.name;
  if (!strcmp(name, x) || cc_local_find(c, name) ||
      proc_local_var(c, name) >= 0)
    return false;
  struct sym *s = cc_sym_find(c, name);
  if (!s || s->kind != SYM_VAR)
    return false;
  const struct bc_var *v = &c->p->vars[s->idx];
  int64_t off;
  if (v->kind != BC_VAR_USER || v->ndims != 1 ||
      v->type.kind != BC_TY_BOOL || !fact_index(c, e->rhs, x, &off) ||
      __builtin_sub_overflow(off, v->dim_lo[0], &off))
    return false;
  *out = (struct bc_ulit){(uint32_t)s->idx, l->neg, off};
  return true;
}

void cc_fact_note(struct cc *c, const struct bc_expr *e, bool val,
                  uint32_t pc, int edge) {
  while (e && e->kind == BC_E_UNOP && e->op == BC_OP_NOT) {
    e = e->lhs;
    val = !val;
  }
  /* forall true, exists false: B, not B for every element */
  if (!e || e->kind != BC_E_QUANT || e != c->last_q || !c->last_q_konst ||
      !e->var.name || !e->rhs || val != (e->op == BC_OP_FORALL) ||
      c->const_ctx || c->diag->nerr)
    return;
  struct lit l[MAX_LITS];
  unsigned n = 0;
  lits_of(e->rhs, !val, true, l, &n);
  if (n == 0 || n > BC_UFACT_LITS)
    return;
  struct bc_ufact f = {pc, (uint8_t)edge, (uint8_t)n, c->last_q_lo,
                       c->last_q_hi, {{0, false, 0}}};
  for (unsigned i = 0; i < n; i++)
    if (!fact_lit(c, &l[i], e->var.name, &f.lit[i]))
      return;
  struct bc_program *p = c->p;
  p->ufacts = bc_xrealloc(p->ufacts, (p->nufacts + 1) * sizeof *p->ufacts);
  p->ufacts[p->nufacts++] = f;
}

static struct bc_type quant_expr(struct cc *c, const struct bc_expr *e) {
  unsigned mark = c->nlocals;
  struct domain d;
  struct bc_type et = cc_domain(c, e->lhs, &d);
  cc_check_range(c, &d, e->lhs);
  int why = cc_number_why(c, &e->var, e->rhs, NULL, &et);
  struct quant_arg q = {e->rhs, e->op == BC_OP_FORALL, et.idfam != 0, -1,
                       -1, &d, 0, 0, {0, 0, 0, 0, 0}};
  q.res = cc_temp_slot(c);
  cc_push_k(c, q.forall ? 1 : 0);
  cc_emit(c, BC_INS_LSET, (unsigned)q.res, 0, 0);
  int xs = cc_local_push(c, &e->var, L_SLOT, et);
  q.xs = xs;
  if (xs >= 0)
    c->locals[c->nlocals - 1].why = why;
  struct bc_constraint *k = c->conj_of;
  if (k && e == c->conj_expr && xs >= 0 && d.kind == 0 && d.konst &&
      d.lo <= d.hi) {
    /* `always forall x in lo..hi: P(x)`: one conjunct per x, for
    ** partial-order reduction (checker/explore/por.c) */
    k->conj_slot = xs;
    k->conj_lo = d.lo;
    k->conj_hi = d.hi;
  }
  int qi = -1, outer = c->quant_cur;
  if (xs >= 0 && c->quant_of && !c->const_ctx) /* (constants fold away) */
    qi = quant_record(c, e, xs, et);
  if (xs >= 0) {
    struct lit g[MAX_LITS];
    unsigned ng = c->const_ctx ? 0 : guard_lits(e, q.forall, g);
    unsigned nerr = c->diag->nerr;
    uint32_t jguard = ng ? cc_emit(c, BC_INS_JMP, 0, 0, 0) : 0;
    uint32_t loop = here(c);
    struct qbound qb = {xs, d.lo, d.hi, c->qbound};
    bool bound = d.kind == 0 && d.konst;
    if (bound)
      c->qbound = &qb;
    c->quant_cur = qi;
    cc_emit_loop(c, &d, xs, quant_body, &q);
    c->quant_cur = outer;
    if (bound)
      c->qbound = qb.outer;
    if (ng && c->diag->nerr == nerr && !c->code_full &&
        !may_fail(c, q.b0, q.store, xs, &d)) {
      /* the guard: a literal that decides jumps past the loop (res holds
      ** the value it decides), else the loop runs */
      uint32_t jdone = cc_emit(c, BC_INS_JMP, 0, 0, 0), jlit[MAX_LITS];
      size_t nacc = c->nacc, nlacc = c->nlacc;
      patch(c, jguard, here(c));
      for (unsigned i = 0; i < ng; i++) {
        cc_expect_ty(c, g[i].e, BC_TY_BOOL, "a quantifier's body");
        if (g[i].neg)
          cc_emit(c, BC_INS_NOT, 0, 0, 0);
        jlit[i] = cc_emit(c, q.forall ? BC_INS_JNZ : BC_INS_JZ, 0, 0, 0);
      }
      cc_emit(c, BC_INS_JMP, 0, loop, 0);
      for (unsigned i = 0; i < ng; i++)
        patch(c, jlit[i], here(c));
      patch(c, jdone, here(c));
      /* the body recorded these accesses already */
      c->nacc = nacc;
      c->nlacc = nlacc;
    } else if (ng) {
      patch(c, jguard, loop); /* no guard: on to the loop */
    }
  }
  if (qi >= 0) {
    c->quant_of->quants[qi].body = q.b0;
    c->quant_of->quants[qi].store = q.store;
  }
  cc_emit(c, BC_INS_LGET, (unsigned)q.res, 0, 0);
  cc_local_pop(c, mark);
  c->last_q = e;
  c->last_q_konst = xs >= 0 && d.kind == 0 && d.konst;
  c->last_q_lo = d.lo;
  c->last_q_hi = d.hi;
  return is_err(et) ? et : ty_make(BC_TY_BOOL);
}

/* `x in S` / `x not in S` */
static struct bc_type in_expr(struct cc *c, const struct bc_expr *e) {
  const struct bc_expr *r = e->rhs;
  struct bc_type lt = cc_expr(c, e->lhs, NULL);
  if (r->kind == BC_E_RANGE) {
    if (!is_err(lt) && lt.kind != BC_TY_INT)
      type_error(c, e->lhs->span, "only an integer can be in a range");
    if (lt.idfam)
      type_error(c, e->lhs->span, "the member index of a symmetric family "
                                  "cannot be tested against a range");
    cc_expect_ty(c, r->lhs, BC_TY_INT, "a range bound");
    cc_expect_ty(c, r->rhs, BC_TY_INT, "a range bound");
    cc_emit(c, BC_INS_INRANGE, 0, 0, 0);
  } else {
    struct bc_type rt = cc_expr(c, r, NULL);
    if (!is_err(lt) && !is_err(rt)) {
      char b1[128], b2[128];
      if (rt.kind == BC_TY_EMPTY && lt.kind == BC_TY_ENUM) {
        /* x in {} is false */
      } else if (rt.kind != BC_TY_SET)
        type_error(c, r->span, "the right side of 'in' must be a set or a "
                               "range, not %s", cc_ty_name(c, rt, b1, sizeof b1));
      else if (lt.kind != BC_TY_ENUM || lt.enum_id != rt.enum_id)
        type_error(c, e->lhs->span, "%s cannot be a member of %s",
                   cc_ty_name(c, lt, b1, sizeof b1), cc_ty_name(c, rt, b2, sizeof b2));
    }
    cc_emit(c, BC_INS_HAS, 0, 0, 0);
  }
  if (e->op == BC_OP_NOTIN)
    cc_emit(c, BC_INS_NOT, 0, 0, 0);
  return ty_make(BC_TY_BOOL);
}

static struct bc_type logic_expr(struct cc *c, const struct bc_expr *e) {
  /* short-circuit: and / or / => ; <=> is EQ on bools */
  if (e->op == BC_OP_IFF) {
    struct bc_type lt = cc_expect_ty(c, e->lhs, BC_TY_BOOL,
                                     "an operand of '<=>'");
    struct bc_type rt = cc_expect_ty(c, e->rhs, BC_TY_BOOL,
                                     "an operand of '<=>'");
    cc_emit(c, BC_INS_EQ, 0, 0, 0);
    return is_err(lt) || is_err(rt) ? ty_make(BC_TY_ERROR)
                                    : ty_make(BC_TY_BOOL);
  }
  const char *opn = e->op == BC_OP_AND ? "and" : e->op == BC_OP_OR ? "or"
                                                                   : "=>";
  char what[64];
  snprintf(what, sizeof what, "an operand of '%s'", opn);
  struct bc_type lt = cc_expect_ty(c, e->lhs, BC_TY_BOOL, what);
  /* and: lhs ? rhs : 0   or: lhs ? 1 : rhs   =>: lhs ? rhs : 1 */
  uint32_t j = cc_emit(c, e->op == BC_OP_OR ? BC_INS_JNZ : BC_INS_JZ, 0, 0, 0);
  struct bc_type rt = cc_expect_ty(c, e->rhs, BC_TY_BOOL, what);
  uint32_t jend = cc_emit(c, BC_INS_JMP, 0, 0, 0);
  c->depth--;
  patch(c, j, here(c));
  cc_push_k(c, e->op == BC_OP_AND ? 0 : 1);
  patch(c, jend, here(c));
  /* an operand in error (reported already) makes the whole one so */
  return is_err(lt) || is_err(rt) ? ty_make(BC_TY_ERROR)
                                  : ty_make(BC_TY_BOOL);
}

/* Integer arithmetic on two compiled operands. */
static struct bc_type arith(struct cc *c, const struct bc_expr *e,
                            struct bc_type lt, struct bc_type rt) {
  char b1[128], b2[128];
  if (lt.idfam || rt.idfam)
    return type_error(c, e->span, "no arithmetic on the member index of "
                                  "symmetric family '%s': it may only index "
                                  "arrays and be compared with another "
                                  "member index",
                      c->p->procs[(lt.idfam ? lt.idfam : rt.idfam) - 1].name);
  if (lt.kind != BC_TY_INT || rt.kind != BC_TY_INT)
    return type_error(c, e->span, "arithmetic needs integers (or two "
                                  "sets for + - *), not %s and %s",
                      cc_ty_name(c, lt, b1, sizeof b1),
                      cc_ty_name(c, rt, b2, sizeof b2));
  cc_emit(c, e->op == BC_OP_ADD ? BC_INS_ADD : e->op == BC_OP_SUB ? BC_INS_SUB
          : e->op == BC_OP_MUL ? BC_INS_MUL : e->op == BC_OP_DIV
          ? BC_INS_DIV : BC_INS_MOD, 0, 0, 0);
  return ty_make(BC_TY_INT);
}

static struct bc_type binop_expr(struct cc *c, const struct bc_expr *e,
                                 const struct bc_type *want) {
  switch (e->op) {
  case BC_OP_AND: case BC_OP_OR: case BC_OP_IMPLIES: case BC_OP_IFF:
    return logic_expr(c, e);
  case BC_OP_IN: case BC_OP_NOTIN:
    return in_expr(c, e);
  default:
    break;
  }
  uint32_t s1 = here(c);
  struct bc_type lt = cc_expr(c, e->lhs, want);
  uint32_t s2 = here(c);
  struct bc_type hint = lt;
  struct bc_type rt = cc_expr(c, e->rhs, lt.kind == BC_TY_SET ? &hint : want);
  if (is_err(lt) || is_err(rt))
    return ty_make(BC_TY_ERROR);
  if (lt.idfam || rt.idfam) {
    /* member indices compare with each other, or with a constant that is
    ** no member's index (a fixed point of every permutation) */
    const struct bc_proc *f = &c->p->procs[(lt.idfam ? lt.idfam
                                                     : rt.idfam) - 1];
    int64_t k = 0;
    bool other_const = false;
    if (lt.idfam)
      other_const = cc_code_const(c, s2, &k);
    else if (s2 == s1 + 1 && c->p->code[s1].op == BC_INS_PUSH) {
      k = c->p->code[s1].k;
      other_const = true;
    }
    bool ok = (e->op == BC_OP_EQ || e->op == BC_OP_NE) &&
              (lt.idfam == rt.idfam ||
               (other_const && (k < f->lo || k > f->hi)));
    if (!ok) {
      type_error(c, e->span, "the member index of symmetric family '%s' may "
                             "only index arrays and be compared (= or !=) "
                             "with another member index or with a constant "
                             "outside %" PRId64 "..%" PRId64, f->name, f->lo,
                 f->hi);
      cc_why_notes(c, cc_why_of(c, lt.idfam ? e->rhs : e->lhs));
      return ty_make(BC_TY_ERROR);
    }
  }
  char b1[128], b2[128];
  bool sets = (lt.kind == BC_TY_SET || lt.kind == BC_TY_EMPTY) &&
              (rt.kind == BC_TY_SET || rt.kind == BC_TY_EMPTY);
  struct bc_type st = lt.kind == BC_TY_SET ? lt : rt;
  switch (e->op) {
  case BC_OP_EQ: case BC_OP_NE:
    if (!cc_ty_compat(lt, rt))
      return type_error(c, e->span, "cannot compare %s with %s",
                        cc_ty_name(c, lt, b1, sizeof b1),
                        cc_ty_name(c, rt, b2, sizeof b2));
    cc_emit(c, e->op == BC_OP_EQ ? BC_INS_EQ : BC_INS_NE, 0, 0, 0);
    return ty_make(BC_TY_BOOL);
  case BC_OP_LT: case BC_OP_LE: case BC_OP_GT: case BC_OP_GE:
    if (sets) {
      if (!cc_ty_compat(lt, rt))
        return type_error(c, e->span, "cannot compare %s with %s",
                          cc_ty_name(c, lt, b1, sizeof b1),
                          cc_ty_name(c, rt, b2, sizeof b2));
      /* a >= b is b <= a: swap by evaluating with swapped opcode */
      if (e->op == BC_OP_LE)
        cc_emit(c, BC_INS_SUBSETEQ, 0, 0, 0);
      else if (e->op == BC_OP_LT)
        cc_emit(c, BC_INS_SUBSET, 0, 0, 0);
      else {
        /* [a b] -> need b<=a: use (b & ~a) == 0, i.e. BANDN swapped */
        int ta = cc_temp_slot(c), tb = cc_temp_slot(c);
        cc_emit(c, BC_INS_LSET, (unsigned)tb, 0, 0);
        cc_emit(c, BC_INS_LSET, (unsigned)ta, 0, 0);
        cc_emit(c, BC_INS_LGET, (unsigned)tb, 0, 0);
        cc_emit(c, BC_INS_LGET, (unsigned)ta, 0, 0);
        cc_emit(c, e->op == BC_OP_GE ? BC_INS_SUBSETEQ : BC_INS_SUBSET, 0, 0, 0);
        cc_local_pop(c, c->nlocals - 2);
      }
      return ty_make(BC_TY_BOOL);
    }
    if (lt.kind != BC_TY_INT || rt.kind != BC_TY_INT)
      return type_error(c, e->span, "cannot order %s and %s (integers or "
                                    "sets only)",
                        cc_ty_name(c, lt, b1, sizeof b1),
                        cc_ty_name(c, rt, b2, sizeof b2));
    cc_emit(c, e->op == BC_OP_LT ? BC_INS_LT : e->op == BC_OP_LE ? BC_INS_LE
            : e->op == BC_OP_GT ? BC_INS_GT : BC_INS_GE, 0, 0, 0);
    return ty_make(BC_TY_BOOL);
  case BC_OP_ADD: case BC_OP_SUB: case BC_OP_MUL:
    if (sets) {
      if (!cc_ty_compat(lt, rt))
        return type_error(c, e->span, "cannot combine %s with %s",
                          cc_ty_name(c, lt, b1, sizeof b1),
                          cc_ty_name(c, rt, b2, sizeof b2));
      cc_emit(c, e->op == BC_OP_ADD ? BC_INS_BOR : e->op == BC_OP_SUB
              ? BC_INS_BANDN : BC_INS_BAND, 0, 0, 0);
      return st;
    }
    return arith(c, e, lt, rt);
  case BC_OP_DIV: case BC_OP_MOD:
    return arith(c, e, lt, rt);
  default:
    return type_error(c, e->span, "unexpected operator");
  }
}

int cc_find_label(struct cc *c, int proc, const char *label) {
  return cc_nm_get(&c->names, NS_LABEL, proc, label);
}

static struct bc_type atlabel_expr(struct cc *c, const struct bc_expr *e) {
  struct sym *s = cc_sym_find(c, e->var.name);
  if (!s || s->kind != SYM_PROC)
    return type_error(c, e->var.span, "unknown process '%s'", e->var.name);
  const struct bc_proc *pr = &c->p->procs[s->idx];
  int step = cc_find_label(c, s->idx, e->label.name);
  if (step < 0)
    return type_error(c, e->label.span, "process '%s' has no step '%s'",
                      pr->name, e->label.name);
  if (c->const_ctx)
    return type_error(c, e->span, "at_label() needs a state; a constant "
                                  "expression is needed here");
  if (pr->family) {
    if (!e->lhs)
      return type_error(c, e->span, "'%s' is a family: name the member, as "
                                    "in at_label(%s.%s[i])", pr->name,
                        pr->name, e->label.name);
    uint32_t start = here(c);
    struct bc_type it = cc_expect_ty(c, e->lhs, BC_TY_INT, "a process index");
    if (c->any_sym && !is_err(it)) {
      int64_t k = 0;
      bool cst = cc_code_const(c, start, &k);
      if (it.idfam && it.idfam != s->idx + 1)
        return type_error(c, e->lhs->span, "a member index of symmetric "
                                           "family '%s' cannot name a member "
                                           "of '%s'",
                          c->p->procs[it.idfam - 1].name, pr->name);
      cc_record_access(c, pr->pc_var, it.idfam, cst, k, e->lhs->span,
                       cc_why_of(c, e->lhs));
    }
    cc_emit(c, BC_INS_INDEX, 0, (uint32_t)pr->pc_var, 0);
    cc_emit(c, BC_INS_LOADX, 0, (uint32_t)pr->pc_var, 0);
  } else {
    if (e->lhs)
      return type_error(c, e->lhs->span, "'%s' is not a family", pr->name);
    cc_emit(c, BC_INS_LOAD, 0, (uint32_t)pr->pc_var, 0);
  }
  cc_push_k(c, step);
  cc_emit(c, BC_INS_EQ, 0, 0, 0);
  return ty_make(BC_TY_BOOL);
}

static struct bc_type expr_inner(struct cc *c, const struct bc_expr *e,
                                 const struct bc_type *want) {
  if (!e)
    return ty_make(BC_TY_ERROR);
  unsigned saved_line = cc_cur_line;
  if (e->span.line)
    cc_cur_line = e->span.line;
  struct bc_type t;
  switch (e->kind) {
  case BC_E_INT:
    cc_push_k(c, e->ival);
    t = ty_make(BC_TY_INT);
    break;
  case BC_E_BOOL:
    cc_push_k(c, e->ival ? 1 : 0);
    t = ty_make(BC_TY_BOOL);
    break;
  case BC_E_NAME:
    t = name_expr(c, e);
    break;
  case BC_E_INDEX: {
    int vi;
    bool ix;
    t = cc_var_ref(c, e, false, &vi, &ix);
    break;
  }
  case BC_E_SET:
    t = set_literal(c, e, want);
    break;
  case BC_E_RANGE:
    t = type_error(c, e->span, "a range 'a..b' is only allowed after 'in' "
                               "or as a domain");
    break;
  case BC_E_UNOP:
    if (e->op == BC_OP_NOT) {
      cc_expect_ty(c, e->lhs, BC_TY_BOOL, "the operand of 'not'");
      cc_emit(c, BC_INS_NOT, 0, 0, 0);
      t = ty_make(BC_TY_BOOL);
    } else {
      struct bc_type ot = cc_expect_ty(c, e->lhs, BC_TY_INT,
                                       "the operand of unary '-'");
      if (ot.idfam)
        type_error(c, e->span, "no arithmetic on the member index of a "
                               "symmetric family");
      cc_emit(c, BC_INS_NEG, 0, 0, 0);
      t = ty_make(BC_TY_INT);
    }
    break;
  case BC_E_BINOP:
    t = binop_expr(c, e, want);
    break;
  case BC_E_QUANT:
    t = quant_expr(c, e);
    break;
  case BC_E_COND: {
    cc_expect_ty(c, e->cond, BC_TY_BOOL, "the condition of 'if'");
    uint32_t jz = cc_emit(c, BC_INS_JZ, 0, 0, 0);
    struct bc_type a = cc_expr(c, e->lhs, want);
    uint32_t jend = cc_emit(c, BC_INS_JMP, 0, 0, 0);
    c->depth--;
    patch(c, jz, here(c));
    struct bc_type b = cc_expr(c, e->rhs, a.kind == BC_TY_SET ? &a : want);
    patch(c, jend, here(c));
    if (a.idfam || b.idfam) {
      t = type_error(c, e->span, "an 'if' expression cannot yield the member "
                                 "index of a symmetric family");
    } else if (!cc_ty_compat(a, b)) {
      char b1[128], b2[128];
      t = type_error(c, e->span, "the branches of 'if' have different types "
                                 "(%s and %s)", cc_ty_name(c, a, b1, sizeof b1),
                     cc_ty_name(c, b, b2, sizeof b2));
    } else {
      t = a.kind == BC_TY_EMPTY ? b : a;
    }
    break;
  }
  case BC_E_SELF:
    if (c->cur_proc < 0 && !c->in_placement) {
      t = type_error(c, e->span, "'self' is only defined inside a process or "
                                 "a placement");
      cc_push_k(c, 0);
    } else {
      cc_emit(c, BC_INS_SELF, 0, 0, 0);
      t = ty_make(BC_TY_INT);
      if (c->in_placement && c->pl_conflict[0])
        type_error(c, e->span, "%s", c->pl_conflict);
      else if (c->in_placement)
        t.idfam = c->pl_fam; /* placement_self() */
      else if (c->cur_proc >= 0 && c->p->procs[c->cur_proc].symmetric)
        t.idfam = c->cur_proc + 1;
    }
    break;
  case BC_E_CARD: {
    struct bc_type st = cc_expr(c, e->lhs, NULL);
    if (!is_err(st) && st.kind != BC_TY_SET && st.kind != BC_TY_EMPTY) {
      char b1[128];
      type_error(c, e->lhs->span, "card() needs a set, not %s",
                 cc_ty_name(c, st, b1, sizeof b1));
    }
    cc_emit(c, BC_INS_CARD, 0, 0, 0);
    t = ty_make(BC_TY_INT);
    break;
  }
  case BC_E_ATLABEL:
    t = atlabel_expr(c, e);
    if (is_err(t))
      cc_push_k(c, 0);
    break;
  default:
    t = type_error(c, e->span, "unsupported expression");
    break;
  }
  cc_cur_line = saved_line;
  return t;
}

/* May code[from..to) be evaluated at compile time? Only pure operations on
** values it pushes itself, and jumps that stay inside. */
static bool foldable(const struct cc *c, uint32_t from, uint32_t to) {
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &c->p->code[pc];
    switch (in->op) {
    case BC_INS_PUSH: case BC_INS_ADD: case BC_INS_SUB: case BC_INS_MUL:
    case BC_INS_DIV: case BC_INS_MOD: case BC_INS_NEG: case BC_INS_EQ:
    case BC_INS_NE: case BC_INS_LT: case BC_INS_LE: case BC_INS_GT:
    case BC_INS_GE: case BC_INS_NOT: case BC_INS_BOR: case BC_INS_BAND:
    case BC_INS_BANDN: case BC_INS_SUBSETEQ: case BC_INS_SUBSET:
    case BC_INS_BIT: case BC_INS_HAS: case BC_INS_INRANGE: case BC_INS_CARD:
      break;
    case BC_INS_JMP: case BC_INS_JZ: case BC_INS_JNZ:
      if (in->b < from || in->b > to)
        return false;
      break;
    default:
      return false;
    }
  }
  return true;
}

/*
** Compile an expression, leaving its value on the stack. A subexpression
** that reads neither the state nor a bound name is folded into one PUSH
** (a set literal of enum members, arithmetic on constants); one that would
** fail (overflow) is left to fail at run time, where it is reported.
*/
struct bc_type cc_expr(struct cc *c, const struct bc_expr *e,
                           const struct bc_type *want) {
  uint32_t start = here(c);
  int d0 = c->depth;
  struct bc_type t = expr_inner(c, e, want);
  uint32_t end = here(c);
  if (c->maxdepth >= BC_VM_STACK && !c->stack_full) {
    /* the innermost expression that needs too deep a stack */
    cc_checklimit(c, (uint64_t)c->maxdepth + 1, BC_VM_STACK,
                  "values on the expression stack", e->span);
    c->stack_full = true;
  }
  if (c->const_ctx || is_err(t) || end - start < 2 || c->depth != d0 + 1 ||
      !foldable(c, start, end))
    return t;
  unsigned line = c->p->code_line[start];
  cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  int64_t v;
  if (bc_vm_eval_const(c->p, start, NULL, &v, NULL) == 0) {
    c->p->ncode = start;
    c->depth = d0;
    unsigned saved = cc_cur_line;
    cc_cur_line = line;
    cc_push_k(c, v);
    cc_cur_line = saved;
  } else {
    c->p->ncode = end;
    c->depth = d0 + 1;
  }
  return t;
}

/*
** Compile and evaluate a constant expression. Returns false (after a
** diagnostic) when it is not constant or fails.
*/
bool cc_const_eval(struct cc *c, const struct bc_expr *e,
                       const struct bc_type *want, int64_t *ret,
                       struct bc_type *ret_ty, const int64_t *locals) {
  size_t mark = c->p->ncode;
  unsigned nerr = c->diag->nerr;
  bool saved = c->const_ctx;
  int sd = c->depth;
  c->const_ctx = true;
  struct bc_type t = cc_expr(c, e, want);
  /* run only code that leaves one value: an operand whose error was
  ** reported before (a constant that failed) may leave another count */
  bool one = c->depth == sd + 1;
  cc_emit(c, BC_INS_EXIT, 0, 0, 0);
  c->const_ctx = saved;
  c->depth = sd;
  bool ok = c->diag->nerr == nerr && !is_err(t) && one;
  int64_t v = 0;
  if (ok) {
    int rc = bc_vm_eval_const(c->p, (uint32_t)mark, locals, &v,
                              &c->const_ticks);
    /* each evaluation is bounded, and all of them together: an array's
    ** initial value is evaluated once per element */
    if (c->const_slow) {
      ok = false;
    } else if (rc != 0) {
      char loop[128];
      snprintf(loop, sizeof loop, "too many loop iterations (more than %u "
               "in one constant expression, %u in all)", BC_VM_MAX_TICKS,
               BC_MAX_CONST_TICKS);
      if (rc == BC_RT_LOOP && c->const_ticks >= BC_MAX_CONST_TICKS)
        c->const_slow = true; /* the others would fail the same way */
      bc_error(c->diag, e->span, "%s while evaluating this constant "
                                 "expression",
               rc == BC_RT_OVERFLOW ? "integer overflow"
               : rc == BC_RT_DIVZERO ? "division by zero"
               : rc == BC_RT_LOOP ? loop
                                  : "runtime error");
      ok = false;
    }
  }
  c->p->ncode = mark;
  *ret = v;
  if (ret_ty)
    *ret_ty = ok ? t : ty_make(BC_TY_ERROR);
  return ok;
}

bool cc_const_int(struct cc *c, const struct bc_expr *e, int64_t *ret) {
  struct bc_type t;
  if (!cc_const_eval(c, e, NULL, ret, &t, NULL))
    return false;
  if (t.kind != BC_TY_INT) {
    char b1[128];
    bc_error(c->diag, e->span, "expected an integer constant, not %s",
             cc_ty_name(c, t, b1, sizeof b1));
    return false;
  }
  return true;
}
