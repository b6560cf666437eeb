/*
** compile.c - from a parsed spec to a bc_program: names, types, constant
** evaluation, the packed state layout and the bytecode of every step.
**
** Pipeline: parse (parse.c) -> declare (pass 1: constants, enums, variables,
** processes and their labels, hooks, placements, constraints) -> generate
** (pass 2: step bodies with constraint events, placements, constraint
** expressions, expectations) -> lay out the state and build the initial
** state. Errors go to the diag list; compilation goes on after an error so
** that one run reports several.
**
** This file holds the shared machinery (names and symbols, emission,
** variables, the symmetry check, the layout) and the driver; the parts by
** construct are compile_expr.c (expressions), compile_decl.c (pass 1) and
** compile_stmt.c (pass 2), sharing compile_cc.h.
*/
#include "front/compile_cc.h"

/* Forget the recorded quantifiers of 'k' from the n-th on. */
void cc_quant_drop(struct bc_constraint *k, unsigned n) {
  while (k->nquants > n)
    free(k->quants[--k->nquants].name);
}

/* ------------------------------------------------- symmetry (helpers) */

/* 1 + the first symmetric family whose index range lies inside lo..hi. */
int cc_sym_of_range(const struct cc *c, int64_t lo, int64_t hi) {
  for (size_t i = 0; i < c->p->nprocs; i++) {
    const struct bc_proc *pr = &c->p->procs[i];
    if (pr->symmetric && pr->family && lo <= pr->lo && pr->hi <= hi)
      return (int)i + 1;
  }
  return 0;
}

/* Did the code since 'start' come out as one constant? */
bool cc_code_const(const struct cc *c, uint32_t start, int64_t *k) {
  if (c->p->ncode != (size_t)start + 1 || c->p->code[start].op != BC_INS_PUSH)
    return false;
  *k = c->p->code[start].k;
  return true;
}

void cc_record_access(struct cc *c, int var, int fam, bool is_const,
                          int64_t k, struct bc_span sp, int why) {
  if (c->nacc == c->capacc) {
    c->capacc = c->capacc ? 2 * c->capacc : 32;
    c->acc = bc_xrealloc(c->acc, c->capacc * sizeof *c->acc);
  }
  c->acc[c->nacc++] = (struct access){var, fam, is_const, k, sp, why};
}

const char *cc_ty_name(struct cc *c, struct bc_type t, char *buf,
                           size_t len) {
  switch (t.kind) {
  case BC_TY_BOOL:
    return "bool";
  case BC_TY_INT:
    return "int";
  case BC_TY_ENUM:
    snprintf(buf, len, "%s", c->p->enums[t.enum_id].name);
    return buf;
  case BC_TY_SET:
    snprintf(buf, len, "set of %s", c->p->enums[t.enum_id].name);
    return buf;
  case BC_TY_RANGE:
    return "range";
  case BC_TY_EMPTY:
    return "empty set";
  case BC_TY_ERROR:
    return "error";
  }
  return "?";
}

/* ----------------------------------------------------------- limits */

/*
** Lua's luaY_checklimit: false, after an error at 'sp', when 'v' exceeds
** 'limit'. 'what' counts things, as in "labels in process 'p'".
*/
bool cc_checklimit(struct cc *c, uint64_t v, uint64_t limit,
                       const char *what, struct bc_span sp) {
  if (v <= limit)
    return true;
  bc_error(c->diag, sp, "too many %s (%" PRIu64 "; the limit is %" PRIu64 ")",
           what, v, limit);
  return false;
}

/* ----------------------------------------------------------- names */

/*
** Hashed name lookup (a spec may declare a million names): one open
** addressing table maps (namespace, owner, name) to an index, for the
** global symbols, each process's labels and process variables, and hooks.
** Names point into the AST or the program, which outlive the table.
*/

static uint64_t nm_hash(uint64_t ns, const char *s) {
  uint64_t h = 14695981039346656037u ^ ns; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h ^ (h >> 29);
}

static uint64_t nm_ns(int kind, int owner) {
  return (uint64_t)kind << 32 | (uint32_t)owner;
}

static struct nment *nm_slot(const struct nmap *m, uint64_t ns,
                             const char *name) {
  size_t mask = m->cap - 1, i = (size_t)nm_hash(ns, name) & mask;
  for (;; i = (i + 1) & mask) {
    struct nment *e = &m->v[i];
    if (!e->name || (e->ns == ns && !strcmp(e->name, name)))
      return e;
  }
}

/* The index stored for 'name', or -1. */
int cc_nm_get(const struct nmap *m, int kind, int owner,
                  const char *name) {
  if (!m->cap)
    return -1;
  const struct nment *e = nm_slot(m, nm_ns(kind, owner), name);
  return e->name ? e->val : -1;
}

void cc_nm_put(struct nmap *m, int kind, int owner, const char *name,
                   int val) {
  if (2 * (m->n + 1) > m->cap) {
    struct nmap g = {bc_xcalloc(m->cap ? 2 * m->cap : 256, sizeof *g.v),
                     m->cap ? 2 * m->cap : 256, 0};
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].name) {
        *nm_slot(&g, m->v[i].ns, m->v[i].name) = m->v[i];
        g.n++;
      }
    free(m->v);
    *m = g;
  }
  uint64_t ns = nm_ns(kind, owner);
  struct nment *e = nm_slot(m, ns, name);
  if (!e->name)
    m->n++;
  *e = (struct nment){name, ns, val};
}

/* ----------------------------------------------------------- symbols */

struct sym *cc_sym_find(struct cc *c, const char *name) {
  int i = cc_nm_get(&c->names, NS_SYM, 0, name);
  return i >= 0 ? &c->syms[i] : NULL;
}

struct sym *cc_sym_add(struct cc *c, const struct bc_ident *id,
                           enum symkind kind, int idx) {
  struct sym *old = cc_sym_find(c, id->name);
  if (old) {
    bc_error(c->diag, id->span, "'%s' is already declared as a %s",
             id->name, symkind_name[old->kind]);
    if (old->span.line)
      bc_note(c->diag, old->span, "'%s' was declared here", id->name);
    return NULL;
  }
  if (c->nsyms == c->capsyms) {
    c->capsyms = c->capsyms ? 2 * c->capsyms : 64;
    c->syms = bc_xrealloc(c->syms, c->capsyms * sizeof *c->syms);
  }
  cc_nm_put(&c->names, NS_SYM, 0, id->name, (int)c->nsyms);
  struct sym *s = &c->syms[c->nsyms++];
  memset(s, 0, sizeof *s);
  s->name = id->name;
  s->kind = kind;
  s->idx = idx;
  s->span = id->span;
  return s;
}

struct local *cc_local_find(struct cc *c, const char *name) {
  for (unsigned i = c->nlocals; i-- > c->floor;)
    if (!strcmp(c->locals[i].name, name))
      return &c->locals[i];
  return NULL;
}

/* Bind 'name' in the innermost scope; returns the slot (or -1). */
int cc_local_push(struct cc *c, const struct bc_ident *id,
                      enum localkind kind, struct bc_type ty) {
  if (c->nlocals == sizeof c->locals / sizeof c->locals[0]) {
    bc_error(c->diag, id->span, "too many nested bound names");
    return -1;
  }
  struct local *l = &c->locals[c->nlocals++];
  l->name = id->name;
  l->kind = kind;
  l->ty = ty;
  l->val = 0;
  l->slot = -1;
  l->loop = 0;
  l->why = 0;
  if (kind == L_SLOT) {
    /* steps use slots 0..127, placement bodies 128..255: a placement runs
    ** at a hook while the step's bound names are live */
    if (c->nslots >= (c->in_placement ? 256u : PLACEMENT_SLOTS)) {
      c->nlocals--;
      bc_error(c->diag, id->span, "too many bound names live at once (at "
                                  "most %u)", PLACEMENT_SLOTS);
      return -1;
    }
    l->slot = (int)c->nslots++;
    if (c->nslots > c->p->max_locals)
      c->p->max_locals = c->nslots;
  }
  return l->slot;
}

void cc_local_pop(struct cc *c, unsigned to) {
  while (c->nlocals > to) {
    struct local *l = &c->locals[--c->nlocals];
    if (l->kind == L_SLOT)
      c->nslots--;
  }
}

/* A scratch slot that is not a name (either/with temporaries). */
int cc_temp_slot(struct cc *c) {
  static const struct bc_ident tmp = {" tmp", {0, 0, 0, 0}};
  return cc_local_push(c, &tmp, L_SLOT, ty_make(BC_TY_INT));
}

/* ------------------------------- symmetry: bound names over the members */

/* The bound name that 'e' is (a plain name), or NULL. */
struct local *cc_bound_name(struct cc *c, const struct bc_expr *e) {
  if (!e || e->kind != BC_E_NAME)
    return NULL;
  return cc_local_find(c, e->name.name);
}

/* The reason (1 + index in c->whys) why bound name 'e' is not a member
** index although it ranges over a symmetric family's members, or 0. */
int cc_why_of(struct cc *c, const struct bc_expr *e) {
  const struct local *l = cc_bound_name(c, e);
  return l ? l->why : 0;
}

/* The id of the member 'for' loop whose variable indexes 'e' exactly, when
** 'e' is a one-dimensional element a[k] (k the variable or an alias of
** it), else 0. */
int cc_own_of(struct cc *c, const struct bc_expr *e) {
  if (e->kind != BC_E_INDEX || e->lhs->kind != BC_E_NAME)
    return 0;
  const struct local *l = cc_bound_name(c, e->rhs);
  return l ? l->loop : 0;
}

/* Note an access by the body of a 'for' loop being analysed (for_stmt). */
void cc_loop_note(struct cc *c, int kind, int var, int own, bool is_const,
                      int64_t k, const char *name, struct bc_span sp) {
  if (!c->nprobe)
    return;
  if (c->nlacc == c->caplacc) {
    c->caplacc = c->caplacc ? 2 * c->caplacc : 64;
    c->lacc = bc_xrealloc(c->lacc, c->caplacc * sizeof *c->lacc);
  }
  struct loopacc *a = &c->lacc[c->nlacc++];
  memset(a, 0, sizeof *a);
  a->kind = kind;
  a->var = var;
  a->own = own;
  a->is_const = is_const;
  a->k = k;
  a->name = name;
  a->span = sp;
}

/* The notes that explain reason 'why' (struct local.why). */
void cc_why_notes(struct cc *c, int why) {
  if (!why)
    return;
  const struct why *w = &c->whys[why - 1];
  if (w->kind == WHY_NUMBER) {
    bc_note(c->diag, w->at, "'%s' ranges over the members of symmetric "
            "family '%s', but is an ordinary integer, not a member index",
            w->loopvar, w->fam);
    bc_note(c->diag, w->a, "because the body uses it as a number here");
    return;
  }
  if (w->kind == WHY_DEEP) {
    bc_note(c->diag, w->at, "'%s' is an ordinary integer, not a member index "
            "of '%s': this 'for' is nested in 4 others over members, too "
            "deep to check that the order of its iterations does not "
            "matter", w->loopvar, w->fam);
    return;
  }
  bc_note(c->diag, w->at, "'%s' is an ordinary integer, not a member index "
          "of '%s': this 'for' runs its iterations in increasing order, and "
          "the order matters", w->loopvar, w->fam);
  switch (w->kind) {
  case WHY_READ:
    bc_note(c->diag, w->a, "one iteration writes '%s' here", w->name);
    bc_note(c->diag, w->b, "and the next one reads it here");
    break;
  case WHY_OTHER:
    bc_note(c->diag, w->a, "an iteration writes its own element of '%s' "
            "here", w->name);
    bc_note(c->diag, w->b, "and the body also uses another element of it "
            "here");
    break;
  case WHY_VALUES:
    if (w->a.line == w->b.line && w->a.col == w->b.col)
      bc_note(c->diag, w->a, "the iterations write '%s' here, not always "
              "with the same value, so the last one decides", w->name);
    else {
      bc_note(c->diag, w->a, "the iterations write '%s' here", w->name);
      bc_note(c->diag, w->b, "and here, with another value, so the last one "
              "decides");
    }
    break;
  case WHY_HOOK:
    bc_note(c->diag, w->a, "hook '%s' here runs a placement in every "
            "iteration, on what the earlier ones left", w->name);
    break;
  case WHY_AWAIT:
    bc_note(c->diag, w->a, "a false 'await' here stops the iterations after "
            "it, so the order decides which ones run");
    break;
  case WHY_WITH:
    bc_note(c->diag, w->a, "this 'with' may have no value to choose, which "
            "stops the iterations after it, so the order decides which ones "
            "run");
    break;
  case WHY_DEEP: case WHY_NUMBER:
    break;
  }
}

static bool is_name(const struct bc_expr *e, const char *x) {
  return e && e->kind == BC_E_NAME && !strcmp(e->name.name, x);
}

/* A constant inside lo..hi (a literal or a declared constant)? */
static bool const_inside(struct cc *c, const struct bc_expr *e, int64_t lo,
                         int64_t hi) {
  int64_t k;
  if (e->kind == BC_E_INT)
    k = e->ival;
  else if (e->kind == BC_E_NAME && !cc_local_find(c, e->name.name)) {
    const struct sym *s = cc_sym_find(c, e->name.name);
    if (!s || s->kind != SYM_CONST)
      return false;
    k = s->val;
  } else {
    return false;
  }
  return k >= lo && k <= hi;
}

static bool number_use_stmt(struct cc *c, const struct bc_stmt *s,
                            const char *x, const struct bc_proc *f,
                            struct bc_span *sp, int depth);

/*
** Does 'e' use the bound name 'x' as a number: an operand of arithmetic
** or of an ordering, tested against or bounding a range, compared with a
** constant inside f's range or with a variable or computed value, or a
** branch of an 'if' expression? (Its first such use goes to *sp.) A name
** bound over a symmetric family's range is then an ordinary integer; the
** other uses (indexing, = with a member index) leave it a member index.
*/
static bool number_use(struct cc *c, const struct bc_expr *e, const char *x,
                       const struct bc_proc *f, struct bc_span *sp,
                       int depth) {
  if (!e || depth > 200)
    return false;
  switch (e->kind) {
  case BC_E_UNOP:
    if (e->op == BC_OP_NEG && is_name(e->lhs, x)) {
      *sp = e->span;
      return true;
    }
    return number_use(c, e->lhs, x, f, sp, depth + 1);
  case BC_E_BINOP: {
    bool l = is_name(e->lhs, x), r = is_name(e->rhs, x);
    const struct bc_expr *o = l ? e->rhs : e->lhs;
    bool hit = false;
    switch (e->op) {
    case BC_OP_ADD: case BC_OP_SUB: case BC_OP_MUL: case BC_OP_DIV:
    case BC_OP_MOD: case BC_OP_LT: case BC_OP_LE: case BC_OP_GT:
    case BC_OP_GE:
      hit = l || r;
      break;
    case BC_OP_EQ: case BC_OP_NE:
      if (l != r) {
        const struct sym *s = o->kind == BC_E_NAME &&
                                      !cc_local_find(c, o->name.name)
                                  ? cc_sym_find(c, o->name.name) : NULL;
        hit = const_inside(c, o, f->lo, f->hi) ||
              (s && s->kind == SYM_VAR) || o->kind == BC_E_INDEX ||
              o->kind == BC_E_BINOP || o->kind == BC_E_UNOP ||
              o->kind == BC_E_CARD;
      }
      break;
    case BC_OP_IN: case BC_OP_NOTIN:
      hit = l && e->rhs->kind == BC_E_RANGE;
      break;
    default:
      break;
    }
    if (hit) {
      *sp = e->span;
      return true;
    }
    return number_use(c, e->lhs, x, f, sp, depth + 1) ||
           number_use(c, e->rhs, x, f, sp, depth + 1);
  }
  case BC_E_RANGE:
    if (is_name(e->lhs, x) || is_name(e->rhs, x)) {
      *sp = e->span;
      return true;
    }
    return number_use(c, e->lhs, x, f, sp, depth + 1) ||
           number_use(c, e->rhs, x, f, sp, depth + 1);
  case BC_E_COND:
    if (is_name(e->lhs, x) || is_name(e->rhs, x)) {
      *sp = e->span;
      return true;
    }
    return number_use(c, e->cond, x, f, sp, depth + 1) ||
           number_use(c, e->lhs, x, f, sp, depth + 1) ||
           number_use(c, e->rhs, x, f, sp, depth + 1);
  case BC_E_QUANT:
    return number_use(c, e->lhs, x, f, sp, depth + 1) ||
           (strcmp(e->var.name, x) &&
            number_use(c, e->rhs, x, f, sp, depth + 1));
  case BC_E_INDEX: case BC_E_CARD: case BC_E_ATLABEL:
    return number_use(c, e->lhs, x, f, sp, depth + 1) ||
           number_use(c, e->rhs, x, f, sp, depth + 1);
  case BC_E_SET:
    for (size_t i = 0; i < e->items.n; i++)
      if (number_use(c, e->items.v[i], x, f, sp, depth + 1))
        return true;
    return false;
  default:
    return false;
  }
}

static bool number_use_stmt(struct cc *c, const struct bc_stmt *s,
                            const char *x, const struct bc_proc *f,
                            struct bc_span *sp, int depth) {
  if (!s || depth > 200)
    return false;
  switch (s->kind) {
  case BC_S_ASSIGN:
    if (is_name(s->value, x)) {
      *sp = s->value->span;
      return true;
    }
    return number_use(c, s->target, x, f, sp, depth + 1) ||
           number_use(c, s->value, x, f, sp, depth + 1);
  case BC_S_AWAIT:
    return number_use(c, s->value, x, f, sp, depth + 1);
  case BC_S_IF:
    return number_use(c, s->value, x, f, sp, depth + 1) ||
           number_use_stmt(c, s->body, x, f, sp, depth + 1) ||
           number_use_stmt(c, s->els, x, f, sp, depth + 1);
  case BC_S_WITH: case BC_S_FOR:
    return number_use(c, s->value, x, f, sp, depth + 1) ||
           (strcmp(s->var.name, x) &&
            number_use_stmt(c, s->body, x, f, sp, depth + 1));
  case BC_S_EITHER: case BC_S_BLOCK:
    for (size_t i = 0; i < s->stmts.n; i++)
      if (number_use_stmt(c, s->stmts.v[i], x, f, sp, depth + 1))
        return true;
    return false;
  case BC_S_CALL: {
    const struct sym *p = cc_sym_find(c, s->name.name);
    for (size_t i = 0; i < s->stmts.n; i++) {
      const struct bc_expr *a = s->stmts.v[i];
      if (number_use(c, a, x, f, sp, depth + 1))
        return true;
      /* passed on: how the procedure uses its parameter (no recursion:
      ** a recursive call is an error, and depth bounds the walk) */
      if (is_name(a, x) && p && p->kind == SYM_PROCEDURE &&
          i < p->decl->idents.n) {
        const struct bc_ident *pn = p->decl->idents.v[i];
        if (number_use_stmt(c, p->decl->body, pn->name, f, sp, depth + 20))
          return true;
      }
    }
    return false;
  }
  default:
    return false;
  }
}

/* A bound name over a symmetric family's range that the body 'e' or 's'
** uses as a number is an ordinary integer: its type *t loses the family,
** and the returned reason (for notes, struct local.why) says where. */
int cc_number_why(struct cc *c, const struct bc_ident *x,
                      const struct bc_expr *e, const struct bc_stmt *s,
                      struct bc_type *t) {
  if (!t->idfam)
    return 0;
  const struct bc_proc *f = &c->p->procs[t->idfam - 1];
  struct bc_span sp = x->span;
  if (!(e ? number_use(c, e, x->name, f, &sp, 0)
          : number_use_stmt(c, s, x->name, f, &sp, 0)))
    return 0;
  if (c->nwhys % 16 == 0)
    c->whys = bc_xrealloc(c->whys, (c->nwhys + 16) * sizeof *c->whys);
  struct why *w = &c->whys[c->nwhys++];
  memset(w, 0, sizeof *w);
  w->kind = WHY_NUMBER;
  w->loopvar = x->name;
  w->fam = f->name;
  w->at = x->span;
  w->a = sp;
  t->idfam = 0;
  return (int)c->nwhys;
}

/* ----------------------------------------------------------- emission */

unsigned cc_cur_line;

uint32_t cc_emit(struct cc *c, unsigned op, unsigned a, uint32_t b,
                     int64_t k) {
  struct bc_program *p = c->p;
  if (p->ncode == c->capcode) {
    c->capcode = c->capcode ? 2 * c->capcode : 256;
    p->code = bc_xrealloc(p->code, c->capcode * sizeof *p->code);
    p->code_line = bc_xrealloc(p->code_line, c->capcode * sizeof(unsigned));
  }
  /* operand a is 16 bits: slots, dimensions, constraints, hooks and steps
  ** are checked against their limits before they get here */
  assert(op < BC_INS__COUNT && a <= UINT16_MAX && p->ncode < UINT32_MAX);
  /* code taken back and written again: its facts are gone */
  while (p->nufacts && p->ufacts[p->nufacts - 1].pc >= p->ncode)
    p->nufacts--;
  p->code[p->ncode] = (struct bc_insn){(uint16_t)op, (uint16_t)a, b, k};
  p->code_line[p->ncode] = cc_cur_line;
  c->depth += bc_opcode_effect(op);
  if (c->depth > c->maxdepth)
    c->maxdepth = c->depth;
  return (uint32_t)p->ncode++;
}

void cc_push_k(struct cc *c, int64_t k) { cc_emit(c, BC_INS_PUSH, 0, 0, k); }

int cc_add_string(struct cc *c, const char *s) {
  struct bc_program *p = c->p;
  if (p->nstrings == c->capstrings) {
    c->capstrings = c->capstrings ? 2 * c->capstrings : 16;
    p->strings = bc_xrealloc(p->strings, c->capstrings * sizeof(char *));
  }
  p->strings[p->nstrings] = xstrdup(s);
  return (int)p->nstrings++;
}

/* ----------------------------------------------------------- variables */

/* a + b + c, malloc'd: variable names are never cut short */
char *cc_join_name(const char *a, const char *b, const char *c3) {
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c3);
  char *s = bc_xmalloc(la + lb + lc + 1);
  memcpy(s, a, la);
  memcpy(s + la, b, lb);
  memcpy(s + la + lb, c3, lc + 1);
  return s;
}

int cc_add_var(struct cc *c, const char *name, enum bc_varkind kind,
                   struct bc_type ty) {
  struct bc_program *p = c->p;
  if (p->nvars == c->capvars) {
    c->capvars = c->capvars ? 2 * c->capvars : 32;
    p->vars = bc_xrealloc(p->vars, c->capvars * sizeof *p->vars);
    c->initvals = bc_xrealloc(c->initvals, c->capvars * sizeof(int64_t *));
  }
  struct bc_var *v = &p->vars[p->nvars];
  memset(v, 0, sizeof *v);
  v->name = xstrdup(name);
  v->kind = kind;
  v->type = ty;
  v->nelems = 1;
  v->proc = -1;
  v->constraint = -1;
  c->initvals[p->nvars] = NULL;
  return (int)p->nvars++;
}

void cc_var_add_dim(struct cc *c, int var, int64_t lo, int64_t len) {
  struct bc_var *v = &c->p->vars[var];
  assert(v->ndims < BC_MAX_DIMS && len >= 1 &&
         (uint64_t)v->nelems * (uint64_t)len <= BC_MAX_ELEMS);
  v->dim_lo[v->ndims] = lo;
  v->dim_len[v->ndims] = len;
  v->ndims++;
  v->nelems = (uint32_t)((uint64_t)v->nelems * (uint64_t)len);
}

/* ----------------------------------------------------------- symmetry */

/*
** Check the promise of every `symmetric` family and describe its permuted
** variables: its program counters, its process variables, and every array
** indexed by a member index. Such an array may otherwise be indexed only by
** constants outside the family's range, and must start equal for every
** member. Errors point at the offending access.
*/
static void finish_symmetry(struct cc *c) {
  struct bc_program *p = c->p;
  for (size_t pi = 0; pi < p->nprocs; pi++) {
    const struct bc_proc *f = &p->procs[pi];
    if (!f->symmetric || !f->family)
      continue;
    int fam = (int)pi + 1;
    int *vars = bc_xcalloc(p->nvars + 1, sizeof *vars);
    uint32_t *elem0 = bc_xcalloc(p->nvars + 1, sizeof *elem0);
    unsigned nv = 0;
    for (size_t vi = 0; vi < p->nvars; vi++) {
      const struct bc_var *v = &p->vars[vi];
      bool perm = (int)vi == f->pc_var ||
                  (v->kind == BC_VAR_USER && v->proc == (int)pi && v->ndims);
      for (size_t a = 0; a < c->nacc && !perm; a++)
        perm = c->acc[a].var == (int)vi && c->acc[a].fam == fam;
      if (!perm)
        continue;
      for (size_t a = 0; a < c->nacc; a++) {
        const struct access *x = &c->acc[a];
        if (x->var != (int)vi || x->fam == fam)
          continue;
        if (x->fam)
          bc_error(c->diag, x->span, "'%s' is indexed by members of two "
                   "symmetric families", v->name);
        else if (!x->is_const && x->why) {
          bc_error(c->diag, x->span, "'%s' is indexed by a member of "
                   "symmetric family '%s' elsewhere, so here too it must be, "
                   "and '%s' is not one", v->name, f->name,
                   c->whys[x->why - 1].loopvar);
          cc_why_notes(c, x->why);
        } else if (!x->is_const)
          bc_error(c->diag, x->span, "'%s' is indexed by a member of "
                   "symmetric family '%s' elsewhere, so here too it must be "
                   "(bound by 'self', the family's index, or a quantifier, "
                   "'with' or 'for' over %" PRId64 "..%" PRId64 ")",
                   v->name, f->name, f->lo, f->hi);
        else if (x->k >= f->lo && x->k <= f->hi)
          bc_error(c->diag, x->span, "constant index %" PRId64 " names one "
                   "member of symmetric family '%s' (%" PRId64 "..%" PRId64
                   "): the members would not be interchangeable", x->k,
                   f->name, f->lo, f->hi);
      }
      uint32_t e0 = (uint32_t)(f->lo - v->dim_lo[0]);
      const int64_t *iv = c->initvals[vi];
      for (unsigned m = 1; iv && m < f->ninst; m++)
        if (iv[e0 + m] != iv[e0]) {
          bc_error(c->diag, nospan(), "initial values of '%s' differ between "
                   "members of symmetric family '%s'", v->name, f->name);
          break;
        }
      vars[nv] = (int)vi;
      elem0[nv] = e0;
      nv++;
    }
    p->symfams = bc_xrealloc(p->symfams,
                             (p->nsymfams + 1) * sizeof *p->symfams);
    p->symfams[p->nsymfams++] = (struct bc_symfam){(int)pi, f->ninst, nv,
                                                   vars, elem0};
  }
}

/* ----------------------------------------------------------- layout */

static void layout(struct cc *c) {
  struct bc_program *p = c->p;
  uint64_t off = 0;
  for (size_t i = 0; i < p->nvars; i++) {
    struct bc_var *v = &p->vars[i];
    unsigned w = is_err(v->type) ? 0 : cc_type_width(p, &v->type);
    uint64_t at;
    off = cc_var_extent(p, v, off, &at);
    /* account_var checked the size of every variable on the way */
    assert(off <= 8u * BC_MAX_STATE_BYTES && w <= 64);
    v->width = (uint8_t)w;
    v->bitoff = (uint32_t)at;
    v->stride = (uint8_t)(w > 56 ? (w + 7) & ~7u : w);
  }
  assert(off == c->state_bits);
  p->fields = bc_xcalloc(p->nvars + 1, sizeof *p->fields);
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    struct bc_field *f = &p->fields[i];
    f->bitoff = v->bitoff;
    f->width = v->width;
    f->stride = v->stride;
    f->is_int = v->type.kind == BC_TY_INT;
    f->lo = f->is_int ? v->type.lo : 0;
    f->hi = f->is_int ? v->type.hi : 0;
    f->dlo = v->ndims ? v->dim_lo[0] : 0;
    f->dlen = v->ndims ? v->dim_len[0] : 1;
  }
  p->state_bits = (uint32_t)off;
  p->state_bytes = (size_t)(off + 7) / 8;
  if (p->state_bytes == 0)
    p->state_bytes = 1;
  p->init = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);
  for (size_t i = 0; i < p->nvars; i++) {
    struct bc_var *v = &p->vars[i];
    if (!c->initvals[i])
      continue;
    for (uint32_t e = 0; e < v->nelems; e++) {
      assert(((uint64_t)v->bitoff + (uint64_t)e * v->stride) / 8 <
             p->state_bytes);
      bc_bits_set(p->init, v->bitoff + e * v->stride, v->width,
                  bc_encode(&v->type, c->initvals[i][e]));
    }
  }
}

/* ----------------------------------------------------------- driver */

struct bc_program *bc_compile(const struct bc_source *src,
                              const struct bc_define *defs, size_t ndefs,
                              struct bc_diag *diag) {
  return bc_compile_edit(src, defs, ndefs, diag, NULL, NULL);
}

struct bc_program *bc_compile_edit(const struct bc_source *src,
                                   const struct bc_define *defs, size_t ndefs,
                                   struct bc_diag *diag, bc_ast_edit_fn edit,
                                   void *edit_arg) {
  struct cc cc;
  struct cc *c = &cc;
  memset(c, 0, sizeof *c);
  c->src = src;
  c->diag = diag;
  c->defs = defs;
  c->ndefs = ndefs;
  c->def_used = bc_xcalloc(ndefs + 1, sizeof(bool));
  c->cur_proc = -1;
  bc_arena_init(&c->arena);
  struct bc_program *p = bc_xcalloc(1, sizeof *p);
  c->p = p;
  p->path = xstrdup(src->path);

  if (bc_parse(src, &c->arena, diag, &c->ast) != 0)
    goto fail;
  if (edit && edit(&c->ast, &c->arena, diag, edit_arg) != 0)
    goto fail;
  p->spec_name = xstrdup(c->ast.spec_name.name ? c->ast.spec_name.name
                                               : "spec");
  p->spec_title = xstrdup(c->ast.spec_title ? c->ast.spec_title : "");

  /* pass 1: declarations in order */
  const struct bc_ptrvec *decls = &c->ast.decls;
  for (size_t i = 0; i < decls->n; i++) {
    const struct bc_decl *d = decls->v[i];
    cc_cur_line = d->span.line;
    switch (d->kind) {
    case BC_D_CONST:
      cc_declare_const(c, d);
      break;
    case BC_D_ENUM:
      cc_declare_enum(c, d);
      break;
    case BC_D_VAR:
      cc_declare_var(c, d);
      break;
    case BC_D_PROCESS:
      cc_declare_process(c, d);
      break;
    case BC_D_PROCEDURE: {
      struct sym *s = cc_sym_add(c, &d->name, SYM_PROCEDURE, -1);
      if (s)
        s->decl = d;
      for (size_t k = 0; k < d->idents.n; k++)
        for (size_t j = 0; j < k; j++)
          if (!strcmp(((const struct bc_ident *)d->idents.v[k])->name,
                      ((const struct bc_ident *)d->idents.v[j])->name))
            bc_error(c->diag, ((const struct bc_ident *)d->idents.v[k])->span,
                     "duplicate parameter '%s'",
                     ((const struct bc_ident *)d->idents.v[k])->name);
      if (d->body)
        cc_scan_hooks(c, d->body);
      break;
    }
    case BC_D_PLACEMENT:
      cc_declare_placement(c, d);
      break;
    case BC_D_CONSTRAINT:
      cc_declare_constraint(c, d);
      break;
    case BC_D_EXPECT:
      break;
    case BC_D_WINDOW:
      cc_declare_window(c, d);
      break;
    case BC_D_SWEEP:
      cc_declare_sweep(c, d);
      break;
    case BC_D_COLUMNS:
      break;
    }
  }
  for (size_t i = 0; i < ndefs; i++)
    if (!c->def_used[i])
      bc_error(c->diag, nospan(), "-D %s: the spec has no constant named '%s'",
               defs[i].name, defs[i].name);

  /* the implicit deadlock constraint */
  {
    bool has = false;
    for (size_t i = 0; i < p->nconstraints; i++)
      has |= p->constraints[i].kind == BC_CK_DEADLOCK;
    if (!has && p->nconstraints < BC_MAX_CONSTRAINTS) {
      p->constraints = bc_xrealloc(
          p->constraints, (p->nconstraints + 1) * sizeof *p->constraints);
      c->cons = bc_xrealloc(c->cons, (p->nconstraints + 1) * sizeof *c->cons);
      struct bc_constraint *k = &p->constraints[p->nconstraints];
      memset(k, 0, sizeof *k);
      memset(&c->cons[p->nconstraints], 0, sizeof c->cons[0]);
      c->cons[p->nconstraints].hist_var = -1;
      k->id = xstrdup("deadlock");
      k->title = xstrdup("no deadlock: some process can move until all have "
                         "ended");
      k->kind = BC_CK_DEADLOCK;
      k->implicit = true;
      k->text = xstrdup("no deadlock");
      p->nconstraints++;
    }
  }

  /* hooks <-> placements, constraint events */
  {
    uint64_t nconfigs = 1;
    for (size_t i = 0; i < p->nplacements; i++) {
      cc_resolve_placement_hooks(c, c->pl_decls[i], (int)i);
      /* bc_config_count multiplies the candidates in a size_t */
      unsigned k = p->placements[i].nhooks ? p->placements[i].nhooks : 1;
      if (nconfigs <= BC_MAX_CONFIGS &&
          !cc_checklimit(c, nconfigs * k, BC_MAX_CONFIGS, "configurations (the "
                         "product of the placements' candidate hooks)",
                      c->pl_decls[i]->name.span))
        nconfigs = BC_MAX_CONFIGS + 1u; /* reported once */
      else if (nconfigs <= BC_MAX_CONFIGS)
        nconfigs *= k;
    }
    for (size_t h = 0; h < p->nhooks; h++) {
      bool used = false;
      for (size_t k = 0; k < p->nplacements; k++)
        for (unsigned j = 0; j < p->placements[k].nhooks; j++)
          used |= p->placements[k].hooks[j] == (int)h;
      if (!used) /* at its first site (scan_hooks) */
        bc_error(c->diag, c->hook_span[h], "hook '%s' is not a candidate of "
                 "any placement", p->hooks[h].name);
    }
    for (size_t i = 0; i < p->nconstraints; i++)
      if (!p->constraints[i].implicit)
        cc_resolve_constraint(c, (int)i);
  }
  if (diag->nerr)
    goto fail;

  for (size_t i = 0; i < p->nprocs; i++)
    c->any_sym |= p->procs[i].symmetric && p->procs[i].family;

  /* pass 2: code; the placements after the processes, which tell what
  ** 'self' is in them (placement_self) */
  if (c->any_sym)
    c->hook_reach = bc_xcalloc(p->nhooks * p->nprocs + 1, sizeof(bool));
  {
    size_t proc = 0, pl = 0;
    for (size_t i = 0; i < decls->n; i++) {
      const struct bc_decl *d = decls->v[i];
      struct sym *s = NULL;
      if (d->kind == BC_D_PROCESS) {
        s = cc_sym_find(c, d->name.name);
        if (s && s->kind == SYM_PROC && (size_t)s->idx == proc) {
          cc_gen_process(c, d, s->idx);
          proc++;
        }
      }
    }
    for (size_t i = 0; i < decls->n; i++) {
      const struct bc_decl *d = decls->v[i];
      if (d->kind == BC_D_PLACEMENT && pl < p->nplacements &&
          c->pl_decls[pl] == d) {
        cc_gen_placement(c, d, (int)pl);
        pl++;
      }
    }
    for (size_t i = 0; i < p->nconstraints; i++)
      if (!p->constraints[i].implicit)
        cc_gen_constraint_expr(c, (int)i);
    for (size_t i = 0; i < decls->n; i++) {
      const struct bc_decl *d = decls->v[i];
      if (d->kind == BC_D_EXPECT)
        cc_gen_expect(c, d);
      else if (d->kind == BC_D_COLUMNS)
        cc_gen_columns(c, d);
    }
    {
      size_t wi = 0;
      for (size_t i = 0; i < decls->n; i++) {
        const struct bc_decl *d = decls->v[i];
        if (d->kind != BC_D_WINDOW || wi >= p->nwindows)
          continue;
        if (!strcmp(p->windows[wi].id, d->name.name))
          cc_gen_window_expr(c, d, (int)wi++);
      }
    }
  }
  if (c->any_sym && !diag->nerr)
    finish_symmetry(c);
  p->max_stack = (unsigned)c->maxdepth;
  if (c->maxdepth >= BC_VM_STACK && !c->stack_full)
    bc_error(c->diag, nospan(), "expressions nest too deeply");
  if (diag->nerr)
    goto fail;

  layout(c);
  assert(p->state_bytes <= BC_MAX_STATE_BYTES);
  if (p->nprocs == 0)
    bc_error(c->diag, c->ast.spec_name.span, "the spec has no process");
fail:
  for (size_t i = 0; i < p->nvars; i++)
    free(c->initvals[i]);
  free(c->initvals);
  free(c->syms);
  free(c->names.v);
  free(c->hook_span);
  free(c->cons);
  free(c->pl_decls);
  free(c->acc);
  free(c->lacc);
  free(c->whys);
  free(c->hook_reach);
  free(c->def_used);
  bc_arena_release(&c->arena);
  if (diag->nerr) {
    bc_program_free(p);
    return NULL;
  }
  while (p->nufacts && p->ufacts[p->nufacts - 1].pc >= p->ncode)
    p->nufacts--;
  return p;
}

void bc_program_free(struct bc_program *p) {
  if (!p)
    return;
  free(p->spec_name);
  free(p->spec_title);
  free(p->path);
  for (size_t i = 0; i < p->nvars; i++)
    free(p->vars[i].name);
  free(p->vars);
  free(p->fields);
  free(p->init);
  for (size_t i = 0; i < p->nconsts; i++) {
    free(p->consts[i].name);
    free(p->consts[i].value_name);
  }
  free(p->consts);
  for (size_t i = 0; i < p->nenums; i++) {
    for (unsigned j = 0; j < p->enums[i].n; j++)
      free(p->enums[i].members[j]);
    free(p->enums[i].members);
    free(p->enums[i].name);
  }
  free(p->enums);
  for (size_t i = 0; i < p->nprocs; i++) {
    free(p->procs[i].name);
    free(p->procs[i].index_name);
  }
  free(p->procs);
  for (size_t i = 0; i < p->nsteps; i++)
    free(p->steps[i].label);
  free(p->steps);
  free(p->insts);
  for (size_t i = 0; i < p->nhooks; i++)
    free(p->hooks[i].name);
  free(p->hooks);
  for (size_t i = 0; i < p->nplacements; i++) {
    free(p->placements[i].name);
    free(p->placements[i].hooks);
  }
  free(p->placements);
  for (size_t i = 0; i < p->nconstraints; i++) {
    cc_quant_drop(&p->constraints[i], 0);
    free(p->constraints[i].quants);
    free(p->constraints[i].id);
    free(p->constraints[i].title);
    free(p->constraints[i].text);
  }
  free(p->constraints);
  for (size_t i = 0; i < p->nexpects; i++) {
    free(p->expects[i].bind_placement);
    free(p->expects[i].bind_hook);
    free(p->expects[i].violated);
  }
  free(p->expects);
  for (size_t i = 0; i < p->nwindows; i++) {
    free(p->windows[i].id);
    free(p->windows[i].title);
    free(p->windows[i].conj);
    free(p->windows[i].qkind);
    free(p->windows[i].qbody);
    free(p->windows[i].qlo);
    free(p->windows[i].qhi);
    free(p->windows[i].text);
  }
  free(p->windows);
  for (size_t i = 0; i < p->nsweeps; i++) {
    free((char *)p->sweeps[i].name);
    free((char *)p->sweeps[i].value);
  }
  free(p->sweeps);
  free(p->columns);
  free(p->code);
  free(p->code_line);
  for (size_t i = 0; i < p->nstrings; i++)
    free(p->strings[i]);
  free(p->strings);
  for (size_t i = 0; i < p->nsymfams; i++) {
    free(p->symfams[i].vars);
    free(p->symfams[i].elem0);
  }
  free(p->symfams);
  free(p->ufacts);
  free(p);
}
