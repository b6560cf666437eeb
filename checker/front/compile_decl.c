/*
** compile_decl.c - pass 1: the declarations (constants, enums, variables,
** processes and their labels, hooks, placements, constraints, windows,
** sweeps).
*/
#include "front/compile_cc.h"

/* ----------------------------------------------------------- pass 1 */

/* Append the text of value 'v' (of type 't') to the sweep 'buf'. */
static void sweep_value(char **buf, size_t *len, int64_t v, bool is_bool) {
  char one[32];
  int n = is_bool ? snprintf(one, sizeof one, "%s", v ? "true" : "false")
                  : snprintf(one, sizeof one, "%" PRId64, v);
  *buf = bc_xrealloc(*buf, *len + (size_t)n + 2);
  if (*len)
    (*buf)[(*len)++] = ',';
  memcpy(*buf + *len, one, (size_t)n + 1);
  *len += (size_t)n;
}

/* sweep NAME in lo..hi; / sweep NAME in {v, ...}; (docs/language.md 5.1):
** the values of a constant declared above, evaluated now. */
void cc_declare_sweep(struct cc *c, const struct bc_decl *d) {
  const struct sym *s = cc_sym_find(c, d->name.name);
  if (!s || s->kind != SYM_CONST || !s->decl) {
    bc_error(c->diag, d->name.span, "sweep: '%s' is not a constant declared "
             "above", d->name.name);
    return;
  }
  bool is_bool = s->ty.kind == BC_TY_BOOL;
  char *buf = NULL;
  size_t len = 0, n = 0;
  int64_t lo, hi, v;
  struct bc_type t;
  c->decl_ctx = true;
  const struct bc_expr *e = d->value;
  if (e->kind == BC_E_SET) {
    for (size_t i = 0; i < e->items.n; i++) {
      const struct bc_expr *x = e->items.v[i];
      if (!cc_const_eval(c, x, NULL, &v, &t, NULL))
        continue;
      if ((t.kind == BC_TY_BOOL) != is_bool) {
        bc_error(c->diag, x->span, "sweep: '%s' is %s constant",
                 d->name.name, is_bool ? "a bool" : "an integer");
        continue;
      }
      sweep_value(&buf, &len, v, is_bool);
      n++;
    }
  } else if (e->kind != BC_E_RANGE) {
    bc_error(c->diag, e->span, "sweep: expected the values of '%s' as "
             "lo..hi or {v, ...}", d->name.name);
  } else if (cc_const_eval(c, e->lhs, NULL, &lo, &t, NULL) &&
             cc_const_eval(c, e->rhs, NULL, &hi, &t, NULL)) {
    if (is_bool || hi < lo || hi - lo >= 4096)
      bc_error(c->diag, e->span, "sweep: the range of '%s' must be "
               "integers lo..hi with lo <= hi, at most 4096 values",
               d->name.name);
    else
      for (v = lo; v <= hi; v++, n++)
        sweep_value(&buf, &len, v, false);
  }
  c->decl_ctx = false;
  if (!n) {
    free(buf);
    return;
  }
  struct bc_program *p = c->p;
  p->sweeps = bc_xrealloc(p->sweeps, (p->nsweeps + 1) * sizeof *p->sweeps);
  p->sweeps[p->nsweeps].name = xstrdup(d->name.name);
  p->sweeps[p->nsweeps].value = buf;
  p->nsweeps++;
}

static bool parse_define(const char *s, int64_t *v, bool *is_bool) {
  if (!strcmp(s, "true") || !strcmp(s, "TRUE")) {
    *v = 1;
    *is_bool = true;
    return true;
  }
  if (!strcmp(s, "false") || !strcmp(s, "FALSE")) {
    *v = 0;
    *is_bool = true;
    return true;
  }
  /* as the language writes integers (docs/language.md): decimal or 0x
  ** hexadecimal, with a minus sign; strtoll's base 0 would read 010 as
  ** octal 8 and take "+5" and " 5" */
  const char *d = s + (*s == '-');
  bool hex = d[0] == '0' && (d[1] == 'x' || d[1] == 'X');
  const char *digits = hex ? d + 2 : d;
  if (!*digits ||
      strspn(digits, hex ? "0123456789abcdefABCDEF" : "0123456789") !=
          strlen(digits))
    return false;
  char *end;
  errno = 0;
  long long x = strtoll(s, &end, hex ? 16 : 10);
  if (errno || end == s || *end)
    return false;
  *v = x;
  *is_bool = false;
  return true;
}

void cc_declare_const(struct cc *c, const struct bc_decl *d) {
  int64_t v = 0;
  struct bc_type t;
  c->decl_ctx = true;
  bool ok = cc_const_eval(c, d->value, NULL, &v, &t, NULL);
  c->decl_ctx = false;
  if (ok && t.kind != BC_TY_INT && t.kind != BC_TY_BOOL) {
    bc_error(c->diag, d->value->span, "a constant must be an integer or a "
                                      "bool");
    ok = false;
  }
  bool overridden = false;
  for (size_t i = 0; i < c->ndefs; i++) {
    if (strcmp(c->defs[i].name, d->name.name))
      continue;
    c->def_used[i] = true;
    int64_t dv;
    bool dbool;
    /* -D REV=REV_LASS_V9: a constant declared above names the value */
    const struct sym *named = cc_sym_find(c, c->defs[i].value);
    bool by_name = named && named->kind == SYM_CONST &&
                   (named->ty.kind == BC_TY_INT ||
                    named->ty.kind == BC_TY_BOOL);
    if (by_name) {
      dv = named->val;
      dbool = named->ty.kind == BC_TY_BOOL;
    }
    if (!by_name && !parse_define(c->defs[i].value, &dv, &dbool)) {
      bc_error(c->diag, nospan(), "-D %s=%s: not an integer, a bool or "
               "the name of a constant declared above it",
               c->defs[i].name, c->defs[i].value);
    } else if (ok && dbool != (t.kind == BC_TY_BOOL)) {
      bc_error(c->diag, nospan(), "-D %s=%s: '%s' is %s constant",
               c->defs[i].name, c->defs[i].value, d->name.name,
               t.kind == BC_TY_BOOL ? "a bool" : "an integer");
    } else {
      v = dv;
      overridden = true;
      if (!ok) {
        t = ty_make(dbool ? BC_TY_BOOL : BC_TY_INT);
        ok = true;
      }
    }
  }
  struct bc_program *p = c->p;
  struct sym *s = cc_sym_add(c, &d->name, SYM_CONST, (int)p->nconsts);
  if (!s)
    return;
  s->val = v;
  s->ty = ok ? t : ty_make(BC_TY_ERROR);
  s->decl = d;
  /* REV = REV_LASS_V9: a choice among named values */
  const char *alias = NULL;
  if (d->value->kind == BC_E_NAME) {
    const struct sym *a = cc_sym_find(c, d->value->name.name);
    if (a && a->kind == SYM_CONST && a->decl &&
        a->decl->value->kind == BC_E_INT)
      alias = a->decl->name.name;
  }
  p->consts = bc_xrealloc(p->consts, (p->nconsts + 1) * sizeof *p->consts);
  p->consts[p->nconsts++] = (struct bc_const){
      xstrdup(d->name.name), v, t.kind == BC_TY_BOOL, overridden,
      overridden || alias, alias && !overridden ? xstrdup(alias) : NULL};
  if (overridden && d->value->kind == BC_E_NAME) {
    /* -D REV=6: name the value among the constants the default named */
    const struct sym *a = cc_sym_find(c, d->value->name.name);
    const char *pre = a && a->kind == SYM_CONST ? a->decl->name.name : NULL;
    size_t lp = pre ? strcspn(pre, "_") : 0;
    const char *hit = NULL;
    int hits = 0;
    for (size_t i = 0; pre && i + 1 < p->nconsts; i++)
      if (p->consts[i].value == v && !p->consts[i].is_bool &&
          !strncmp(p->consts[i].name, pre, lp) &&
          p->consts[i].name[lp] == '_') {
        hit = p->consts[i].name;
        hits++;
      }
    if (hits == 1)
      p->consts[p->nconsts - 1].value_name = xstrdup(hit);
  }
}

void cc_declare_enum(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int id = (int)p->nenums;
  struct sym *s = cc_sym_add(c, &d->name, SYM_ENUM, id);
  if (!s)
    return;
  p->enums = bc_xrealloc(p->enums, (p->nenums + 1) * sizeof *p->enums);
  struct bc_enum *en = &p->enums[p->nenums++];
  en->name = xstrdup(d->name.name);
  en->n = 0;
  en->members = bc_xcalloc(d->idents.n ? d->idents.n : 1, sizeof(char *));
  if (d->idents.n == 0)
    bc_error(c->diag, d->name.span, "enum '%s' has no members", d->name.name);
  /* any number of members; a `set of` it holds at most 64 (a bitmask):
  ** checked where a set type or a set of its members is made */
  for (size_t i = 0; i < d->idents.n; i++) {
    const struct bc_ident *m = d->idents.v[i];
    struct sym *ms = cc_sym_add(c, m, SYM_MEMBER, id);
    if (!ms)
      continue;
    ms->val = (int64_t)en->n;
    ms->ty = ty_enum(BC_TY_ENUM, id);
    en->members[en->n++] = xstrdup(m->name);
  }
}

/* Resolve a type expression to a storage type. */
static bool resolve_type(struct cc *c, const struct bc_typeexpr *te,
                         struct bc_type *ret) {
  switch (te->kind) {
  case BC_T_BOOL:
    *ret = ty_make(BC_TY_BOOL);
    return true;
  case BC_T_RANGE: {
    int64_t lo, hi;
    if (!cc_const_int(c, te->lo, &lo) || !cc_const_int(c, te->hi, &hi))
      return false;
    if (lo > hi) {
      bc_error(c->diag, te->span, "empty range %" PRId64 "..%" PRId64, lo, hi);
      return false;
    }
    *ret = ty_make(BC_TY_INT);
    ret->lo = lo;
    ret->hi = hi;
    return true;
  }
  case BC_T_NAMED:
  case BC_T_SETOF: {
    struct sym *s = cc_sym_find(c, te->name.name);
    if (!s) {
      bc_error(c->diag, te->name.span, "unknown type '%s'", te->name.name);
      return false;
    }
    if (s->kind != SYM_ENUM) {
      bc_error(c->diag, te->name.span, "'%s' is a %s, not a type",
               te->name.name, symkind_name[s->kind]);
      return false;
    }
    if (te->kind != BC_T_NAMED && c->p->enums[s->idx].n > 64) {
      bc_error(c->diag, te->name.span, "set of %s: enum '%s' has %u "
               "members, a set holds at most 64", te->name.name,
               te->name.name, c->p->enums[s->idx].n);
      return false;
    }
    *ret = ty_enum(te->kind == BC_T_NAMED ? BC_TY_ENUM : BC_TY_SET, s->idx);
    return true;
  }
  }
  return false;
}

static unsigned bits_for(uint64_t span) { /* values 0..span */
  unsigned w = 0;
  while (w < 64 && (span >> w) != 0)
    w++;
  return w;
}

unsigned cc_type_width(const struct bc_program *p, const struct bc_type *t) {
  switch (t->kind) {
  case BC_TY_BOOL:
    return 1;
  case BC_TY_INT:
    return bits_for((uint64_t)t->hi - (uint64_t)t->lo);
  case BC_TY_ENUM:
    return bits_for(p->enums[t->enum_id].n ? p->enums[t->enum_id].n - 1 : 0);
  case BC_TY_SET:
    return p->enums[t->enum_id].n;
  default:
    return 0;
  }
}

/* Is v a value of storage type t? */
static bool value_fits(const struct bc_program *p, const struct bc_type *t,
                       int64_t v) {
  switch (t->kind) {
  case BC_TY_BOOL:
    return v == 0 || v == 1;
  case BC_TY_INT:
    return v >= t->lo && v <= t->hi;
  case BC_TY_ENUM:
    return v >= 0 && (uint64_t)v < p->enums[t->enum_id].n;
  case BC_TY_SET:
    return ((uint64_t)v & ~bc_mask(p->enums[t->enum_id].n)) == 0;
  default:
    return true;
  }
}

static void value_str(const struct bc_program *p, const struct bc_type *t,
                      int64_t v, char *buf, size_t len) {
  bc_value_format(p, t, v, buf, len);
}

/*
** The packed layout, one variable after the other in declaration order: a
** field wider than 56 bits starts on a byte and takes whole bytes. Returns
** the bit offset after var 'v' laid out from 'off' (its own offset in
** *ret_at). 64-bit arithmetic: nothing wraps before the size check.
*/
uint64_t cc_var_extent(const struct bc_program *p, const struct bc_var *v,
                           uint64_t off, uint64_t *ret_at) {
  unsigned w = v->type.kind == BC_TY_ERROR ? 0 : cc_type_width(p, &v->type);
  unsigned stride = w > 56 ? (w + 7) & ~7u : w;
  if (w > 56)
    off = (off + 7) & ~(uint64_t)7;
  *ret_at = off;
  return off + (uint64_t)stride * v->nelems;
}

/*
** Add var 'vi' (its type and dimensions final) to the state's size, before
** anything is allocated for it: the declaration 'sp' that takes the state
** past BC_MAX_STATE_BYTES gets the error. False when the state is full.
*/
static bool account_var(struct cc *c, int vi, struct bc_span sp) {
  if (c->state_full)
    return false;
  /* zero-width elements (a type with one value) take no state, but the
  ** compiler and the reductions keep a value or a unit for each */
  c->state_elems += c->p->vars[vi].nelems;
  if (!cc_checklimit(c, c->state_elems, BC_MAX_STATE_ELEMS, "elements of "
                     "variables in the state", sp)) {
    c->state_full = true;
    return false;
  }
  uint64_t at;
  c->state_bits = cc_var_extent(c->p, &c->p->vars[vi], c->state_bits, &at);
  uint64_t bytes = (c->state_bits + 7) / 8;
  if (bytes > BC_MAX_STATE_BYTES) {
    bc_error(c->diag, sp, "too many bytes of state: '%s' takes the state to "
             "%" PRIu64 " bytes; the limit is %u", c->p->vars[vi].name, bytes,
             BC_MAX_STATE_BYTES);
    c->state_full = true;
    return false;
  }
  return true;
}

/*
** Compute the initial value of every element of var 'vi' from 'init'
** (NULL: the type's default), binding the dimension names 'dims'.
*/
static void var_initial(struct cc *c, int vi, const struct bc_expr *init,
                        const struct bc_dim *const *dims, unsigned ndims) {
  struct bc_var *v = &c->p->vars[vi];
  int64_t *vals = bc_xcalloc(v->nelems, sizeof *vals);
  c->initvals[vi] = vals;
  int64_t dflt = v->type.kind == BC_TY_INT ? v->type.lo : 0;
  if (!init) {
    for (uint32_t i = 0; i < v->nelems; i++)
      vals[i] = dflt;
    return;
  }
  /* bind dims as slots 0..ndims-1 */
  unsigned mark = c->nlocals, saved_slots = c->nslots;
  int slots[BC_MAX_DIMS];
  for (unsigned d = 0; d < ndims; d++)
    slots[d] = cc_local_push(c, &dims[d]->name, L_SLOT, ty_make(BC_TY_INT));
  int64_t locals[256] = {0};
  for (uint32_t i = 0; i < v->nelems; i++) {
    uint32_t rest = i;
    for (unsigned d = ndims; d-- > 0;) {
      uint32_t len = (uint32_t)v->dim_len[d];
      if (slots[d] >= 0)
        locals[slots[d]] = v->dim_lo[d] + (int64_t)(rest % len);
      rest /= len;
    }
    int64_t x;
    struct bc_type t;
    unsigned nerr = c->diag->nerr;
    if (!cc_const_eval(c, init, &v->type, &x, &t, locals)) {
      if (c->diag->nerr == nerr && !c->const_slow)
        bc_error(c->diag, init->span, "bad initial value");
      break;
    }
    if (!cc_ty_compat(t, v->type)) {
      char b1[128], b2[128];
      bc_error(c->diag, init->span, "initial value of '%s' is %s, but the "
                                    "variable is %s", v->name,
               cc_ty_name(c, t, b1, sizeof b1), cc_ty_name(c, v->type, b2, sizeof b2));
      break;
    }
    if (!value_fits(c->p, &v->type, x)) {
      char b1[64];
      value_str(c->p, &v->type, x, b1, sizeof b1);
      bc_error(c->diag, init->span, "initial value %s is out of range "
                                    "%" PRId64 "..%" PRId64 " of '%s'",
               b1, v->type.lo, v->type.hi, v->name);
      break;
    }
    vals[i] = x;
  }
  cc_local_pop(c, mark);
  c->nslots = saved_slots;
}

void cc_declare_var(struct cc *c, const struct bc_decl *d) {
  struct bc_type t;
  if (!resolve_type(c, d->type, &t))
    t = ty_make(BC_TY_ERROR);
  if (d->dims.n > BC_MAX_DIMS) {
    bc_error(c->diag, d->name.span, "'%s' has %zu dimensions; at most %d are "
                                    "allowed", d->name.name, d->dims.n,
             BC_MAX_DIMS);
    return;
  }
  int vi = cc_add_var(c, d->name.name, BC_VAR_USER, t);
  struct sym *s = cc_sym_add(c, &d->name, SYM_VAR, vi);
  (void)s;
  bool dims_ok = true;
  uint64_t total = 1;
  for (size_t i = 0; i < d->dims.n; i++) {
    const struct bc_dim *dm = d->dims.v[i];
    int64_t lo = 0, hi = 0;
    if (!cc_const_int(c, dm->lo, &lo) || !cc_const_int(c, dm->hi, &hi)) {
      dims_ok = false;
      continue;
    }
    if (lo > hi) {
      bc_error(c->diag, dm->name.span, "empty index range %" PRId64
                                       "..%" PRId64 " for '%s'", lo, hi,
               d->name.name);
      dims_ok = false;
      continue;
    }
    /* hi - lo is at most 2^64 - 1; the length may be 2^64: compare the
    ** difference, then multiply only lengths that fit */
    uint64_t diff = (uint64_t)hi - (uint64_t)lo;
    char what[96];
    snprintf(what, sizeof what, "elements in array '%.48s'", d->name.name);
    if (diff >= BC_MAX_ELEMS) {
      char n[32];
      if (diff == UINT64_MAX)
        snprintf(n, sizeof n, "2^64");
      else
        snprintf(n, sizeof n, "%" PRIu64, diff + 1);
      bc_error(c->diag, dm->name.span, "too many %s (%" PRId64 "..%" PRId64
               " has %s indices; the limit is %u)", what, lo, hi, n,
               BC_MAX_ELEMS);
      dims_ok = false;
      continue;
    }
    uint64_t len = diff + 1;
    if (!cc_checklimit(c, total * len, BC_MAX_ELEMS, what, dm->name.span)) {
      dims_ok = false;
      continue;
    }
    total *= len;
    cc_var_add_dim(c, vi, lo, (int64_t)len);
  }
  if (is_err(t) || !dims_ok) {
    c->p->vars[vi].type = ty_make(BC_TY_ERROR);
    return;
  }
  if (!account_var(c, vi, d->name.span))
    return;
  var_initial(c, vi, d->value, (const struct bc_dim *const *)d->dims.v,
              (unsigned)d->dims.n);
}

/* Collect hook names used in a statement tree. */
void cc_scan_hooks(struct cc *c, const struct bc_stmt *s) {
  if (!s)
    return;
  switch (s->kind) {
  case BC_S_HOOK: {
    struct bc_program *p = c->p;
    int h = cc_nm_get(&c->names, NS_HOOK, 0, s->name.name);
    if (h >= 0) {
      p->hooks[h].nsites++;
      return;
    }
    /* HOOK's operand a is 16 bits */
    if (!cc_checklimit(c, p->nhooks + 1, BC_MAX_HOOKS, "hooks", s->name.span))
      return;
    if ((p->nhooks & (p->nhooks - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
      size_t cap = p->nhooks ? 2 * p->nhooks : 1;
      p->hooks = bc_xrealloc(p->hooks, cap * sizeof *p->hooks);
      c->hook_span = bc_xrealloc(c->hook_span, cap * sizeof *c->hook_span);
    }
    p->hooks[p->nhooks] = (struct bc_hook){xstrdup(s->name.name), 1};
    c->hook_span[p->nhooks] = s->name.span;
    cc_nm_put(&c->names, NS_HOOK, 0, p->hooks[p->nhooks].name, (int)p->nhooks);
    p->nhooks++;
    return;
  }
  case BC_S_IF:
    cc_scan_hooks(c, s->body);
    cc_scan_hooks(c, s->els);
    return;
  case BC_S_WITH:
  case BC_S_FOR:
    cc_scan_hooks(c, s->body);
    return;
  case BC_S_BLOCK:
  case BC_S_EITHER:
    for (size_t i = 0; i < s->stmts.n; i++)
      cc_scan_hooks(c, s->stmts.v[i]);
    return;
  default:
    return;
  }
}

int cc_find_hook(struct cc *c, const char *name) {
  return cc_nm_get(&c->names, NS_HOOK, 0, name);
}

void cc_declare_process(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int pi = (int)p->nprocs;
  if (!cc_sym_add(c, &d->name, SYM_PROC, pi))
    return;
  p->procs = bc_xrealloc(p->procs, (p->nprocs + 1) * sizeof *p->procs);
  struct bc_proc *pr = &p->procs[p->nprocs++];
  memset(pr, 0, sizeof *pr);
  pr->name = xstrdup(d->name.name);
  pr->symmetric = d->symmetric;
  pr->fair = d->fair;
  pr->ninst = 1;
  if (d->family) {
    int64_t lo = 0, hi = 0;
    pr->family = true;
    pr->index_name = xstrdup(d->family->name.name);
    bool lo_ok = cc_const_int(c, d->family->lo, &lo);
    bool hi_ok = cc_const_int(c, d->family->hi, &hi);
    if (!lo_ok || !hi_ok) {
      hi = lo; /* an error was reported: one member, to go on checking */
    } else {
      if (lo > hi) {
        bc_error(c->diag, d->family->name.span, "empty family range "
                 "%" PRId64 "..%" PRId64 " for process '%s'", lo, hi,
                 d->name.name);
        hi = lo;
      } else if ((uint64_t)hi - (uint64_t)lo >= BC_MAX_MEMBERS) {
        bc_error(c->diag, d->family->name.span, "process family '%s' is too "
                 "large (at most %u members)", d->name.name, BC_MAX_MEMBERS);
        hi = lo;
      }
    }
    pr->lo = lo;
    pr->hi = hi;
    pr->ninst = (unsigned)(hi - lo + 1);
  } else if (d->symmetric) {
    bc_error(c->diag, d->name.span, "'symmetric' needs a process family "
                                    "(process %s[i in 1..N])", d->name.name);
  }
  pr->first_inst = (unsigned)p->ninsts;
  p->insts = bc_xrealloc(p->insts, (p->ninsts + pr->ninst) * sizeof *p->insts);
  for (unsigned i = 0; i < pr->ninst; i++)
    p->insts[p->ninsts++] = (struct bc_inst){pi, pr->lo + (int64_t)i};

  /* steps */
  pr->first_step = (unsigned)p->nsteps;
  for (size_t i = 0; i < d->steps.n; i++) {
    const struct bc_step *st = d->steps.v[i];
    if (cc_find_label(c, pi, st->label.name) >= 0) {
      bc_error(c->diag, st->label.span, "duplicate label '%s' in process "
                                        "'%s'", st->label.name, pr->name);
      continue;
    }
    /* GOTO's operand a is 16 bits and names nsteps too (ended) */
    char what[64];
    snprintf(what, sizeof what, "labels in process '%.32s'", pr->name);
    if (!cc_checklimit(c, pr->nsteps + 1u, BC_MAX_STEPS, what, st->label.span))
      break;
    cc_nm_put(&c->names, NS_LABEL, pi, st->label.name, (int)pr->nsteps);
    if (p->nsteps == c->capsteps) {
      c->capsteps = c->capsteps ? 2 * c->capsteps : 32;
      p->steps = bc_xrealloc(p->steps, c->capsteps * sizeof *p->steps);
    }
    p->steps[p->nsteps++] = (struct bc_cstep){xstrdup(st->label.name), pi, 0,
                                             st->label.span.line, st->fair};
    pr->nsteps++;
    for (size_t k = 0; k < st->stmts.n; k++)
      cc_scan_hooks(c, st->stmts.v[k]);
  }
  /* pc: 0..nsteps (nsteps = ended) */
  struct bc_type pct = ty_make(BC_TY_INT);
  pct.lo = 0;
  pct.hi = pr->nsteps;
  char *name = cc_join_name("pc(", pr->name, ")");
  int pcv = cc_add_var(c, name, BC_VAR_PC, pct);
  free(name);
  p->vars[pcv].proc = pi;
  if (pr->family)
    cc_var_add_dim(c, pcv, pr->lo, pr->ninst);
  pr = &p->procs[pi];
  pr->pc_var = pcv;
  if (account_var(c, pcv, d->name.span))
    var_initial(c, pcv, NULL, NULL, 0);

  /* locals */
  for (size_t i = 0; i < d->locals.n; i++) {
    const struct bc_decl *ld = d->locals.v[i];
    if (cc_nm_get(&c->names, NS_PLOCAL, pi, ld->name.name) >= 0)
      bc_error(c->diag, ld->name.span, "duplicate process variable '%s'",
               ld->name.name);
    struct bc_type t;
    if (!resolve_type(c, ld->type, &t))
      t = ty_make(BC_TY_ERROR);
    char *lname = cc_join_name(pr->name, ".", ld->name.name);
    int vi = cc_add_var(c, lname, BC_VAR_USER, t);
    free(lname);
    p->vars[vi].proc = pi;
    if (cc_nm_get(&c->names, NS_PLOCAL, pi, ld->name.name) < 0)
      cc_nm_put(&c->names, NS_PLOCAL, pi, ld->name.name, vi);
    if (pr->family)
      cc_var_add_dim(c, vi, pr->lo, pr->ninst);
    if (!is_err(t) && account_var(c, vi, ld->name.span)) {
      struct bc_dim fam;
      const struct bc_dim *dims[1] = {&fam};
      if (pr->family) {
        fam = *d->family;
        var_initial(c, vi, ld->value, dims, 1);
      } else {
        var_initial(c, vi, ld->value, NULL, 0);
      }
    }
  }
}

void cc_declare_placement(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int pi = (int)p->nplacements;
  if (!cc_sym_add(c, &d->name, SYM_PLACEMENT, pi))
    return;
  p->placements = bc_xrealloc(p->placements,
                              (p->nplacements + 1) * sizeof *p->placements);
  struct bc_placement *pl = &p->placements[p->nplacements++];
  memset(pl, 0, sizeof *pl);
  pl->name = xstrdup(d->name.name);
  pl->line = d->name.span.line;
  pl->hooks = bc_xcalloc(d->idents.n ? d->idents.n : 1, sizeof(int));
  c->pl_decls = bc_xrealloc(c->pl_decls, p->nplacements * sizeof(void *));
  c->pl_decls[pi] = d;
}

void cc_resolve_placement_hooks(struct cc *c, const struct bc_decl *d,
                                    int pi) {
  struct bc_placement *pl = &c->p->placements[pi];
  for (size_t i = 0; i < d->idents.n; i++) {
    const struct bc_ident *h = d->idents.v[i];
    int hi = cc_find_hook(c, h->name);
    if (hi < 0) {
      bc_error(c->diag, h->span, "placement '%s': no step has a 'hook %s'",
               pl->name, h->name);
      continue;
    }
    bool dup = false;
    for (unsigned j = 0; j < pl->nhooks; j++)
      dup |= pl->hooks[j] == hi;
    if (dup) {
      bc_error(c->diag, h->span, "hook '%s' is listed twice", h->name);
      continue;
    }
    pl->hooks[pl->nhooks++] = hi;
  }
  if (pl->nhooks == 0 && d->idents.n == 0)
    bc_error(c->diag, d->name.span, "placement '%s' has no candidate hooks",
             pl->name);
}

/*
** The body of a constraint or window as written (after the title and its
** ':', up to the ';'), white space folded, for reports. The title is
** skipped as a string, so a ':' inside it does not count.
*/
static char *body_text(struct cc *c, const struct bc_decl *d) {
  const char *t = c->src->text + d->span.off;
  const char *q = strchr(t, '"');
  if (q) {
    for (q++; *q && *q != '"' && *q != '\n'; q++)
      if (*q == '\\' && q[1])
        q++;
    if (*q == '"')
      t = q + 1;
  }
  const char *colon = strchr(t, ':');
  const char *semi = colon ? strchr(colon, ';') : NULL;
  if (!colon || !semi)
    return xstrdup("");
  colon++;
  while (*colon == ' ' || *colon == '\n' || *colon == '\t')
    colon++;
  size_t n = semi > colon ? (size_t)(semi - colon) : 0;
  char *text = bc_xmalloc(n + 1);
  size_t o = 0;
  bool sp = false;
  for (size_t i = 0; i < n; i++) { /* fold white space */
    char ch = colon[i];
    if (ch == '\n' || ch == '\t' || ch == ' ' || ch == '\r') {
      sp = true;
      continue;
    }
    if (sp && o)
      text[o++] = ' ';
    sp = false;
    text[o++] = ch;
  }
  text[o] = '\0';
  return text;
}

void cc_declare_constraint(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int ci = (int)p->nconstraints;
  if (p->nconstraints >= BC_MAX_CONSTRAINTS - 1) {
    bc_error(c->diag, d->name.span, "too many constraints (at most %d)",
             BC_MAX_CONSTRAINTS - 1);
    return;
  }
  if (!cc_sym_add(c, &d->name, SYM_CONSTRAINT, ci))
    return;
  p->constraints = bc_xrealloc(p->constraints,
                               (p->nconstraints + 1) * sizeof *p->constraints);
  c->cons = bc_xrealloc(c->cons, (p->nconstraints + 1) * sizeof *c->cons);
  struct bc_constraint *k = &p->constraints[p->nconstraints++];
  memset(k, 0, sizeof *k);
  k->id = xstrdup(d->name.name);
  k->title = xstrdup(d->title);
  k->line = d->name.span.line;
  static const enum bc_ckind map[] = {
      [BC_C_ALWAYS] = BC_CK_ALWAYS,       [BC_C_AT] = BC_CK_AT,
      [BC_C_BEFORE] = BC_CK_BEFORE,       [BC_C_DEADLOCK] = BC_CK_DEADLOCK,
      [BC_C_REACHABLE] = BC_CK_REACHABLE, [BC_C_EVENTUALLY] = BC_CK_EVENTUALLY,
      [BC_C_VIOLATIONS] = BC_CK_VIOLATIONS, [BC_C_LEADSTO] = BC_CK_EVENTUALLY,
      [BC_C_ALWAYS_EVENTUALLY] = BC_CK_EVENTUALLY,
  };
  k->kind = map[d->ckind];
  k->live = d->ckind == BC_C_LEADSTO              ? BC_LIVE_LEADSTO
            : d->ckind == BC_C_ALWAYS_EVENTUALLY ? BC_LIVE_ALWAYS_EVENTUALLY
                                                  : BC_LIVE_EVENTUALLY;
  struct cinfo *ci_ = &c->cons[ci];
  memset(ci_, 0, sizeof *ci_);
  ci_->decl = d;
  ci_->hist_var = -1;
  k->text = body_text(c, d);
}

/*
** window -> 'window' IDENT STRING ':' expr ';'   (pass 1: the name; the
** predicate is compiled in pass 2, gen_window_expr)
*/
void cc_declare_window(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  if (!cc_sym_add(c, &d->name, SYM_WINDOW, (int)p->nwindows))
    return;
  p->windows = bc_xrealloc(p->windows,
                           (p->nwindows + 1) * sizeof *p->windows);
  struct bc_window *w = &p->windows[p->nwindows++];
  memset(w, 0, sizeof *w);
  w->id = xstrdup(d->name.name);
  w->title = xstrdup(d->title);
  w->line = d->name.span.line;
  w->text = body_text(c, d);
}

/* Resolve an event name: a placement, a hook, or process.label. */
static struct event resolve_event(struct cc *c, const struct bc_event *ev) {
  struct event r = {EV_NONE, -1};
  if (ev->second.name) {
    struct sym *s = cc_sym_find(c, ev->first.name);
    if (!s || s->kind != SYM_PROC) {
      bc_error(c->diag, ev->first.span, "unknown process '%s'",
               ev->first.name);
      return r;
    }
    int st = cc_find_label(c, s->idx, ev->second.name);
    if (st < 0) {
      bc_error(c->diag, ev->second.span, "process '%s' has no step '%s'",
               ev->first.name, ev->second.name);
      return r;
    }
    r.kind = EV_STEP;
    r.idx = (int)c->p->procs[s->idx].first_step + st;
    return r;
  }
  struct sym *s = cc_sym_find(c, ev->first.name);
  if (s && s->kind == SYM_PLACEMENT) {
    r.kind = EV_PLACEMENT;
    r.idx = s->idx;
    return r;
  }
  int h = cc_find_hook(c, ev->first.name);
  if (h >= 0) {
    r.kind = EV_HOOK;
    r.idx = h;
    return r;
  }
  if (s && s->kind == SYM_PROC)
    bc_error(c->diag, ev->first.span, "'%s' is a process; name one of its "
             "steps, as in %s.LABEL", ev->first.name, ev->first.name);
  else
    bc_error(c->diag, ev->first.span, "unknown event '%s': expected a "
             "placement, a hook, or process.label", ev->first.name);
  return r;
}

void cc_resolve_constraint(struct cc *c, int ci) {
  struct cinfo *k = &c->cons[ci];
  const struct bc_decl *d = k->decl;
  if (d->ckind == BC_C_AT) {
    k->a = resolve_event(c, &d->ev_a);
  } else if (d->ckind == BC_C_BEFORE) {
    k->a = resolve_event(c, &d->ev_a);
    k->b = resolve_event(c, &d->ev_b);
    char *name = cc_join_name("hist(", d->name.name, ")");
    struct bc_type t = ty_make(BC_TY_BOOL);
    k->hist_var = cc_add_var(c, name, BC_VAR_HIST, t);
    free(name);
    c->p->vars[k->hist_var].constraint = ci;
    if (account_var(c, k->hist_var, d->name.span))
      var_initial(c, k->hist_var, NULL, NULL, 0);
  }
}
