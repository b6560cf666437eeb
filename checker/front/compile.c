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
*/
#include "front/compile_int.h"

#include "bootcheck/arena.h"
#include "bootcheck/ast.h"

#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------- structures */

enum symkind {
  SYM_CONST, SYM_ENUM, SYM_MEMBER, SYM_VAR, SYM_PROC, SYM_PROCEDURE,
  SYM_PLACEMENT, SYM_CONSTRAINT, SYM_WINDOW,
};

static const char *const symkind_name[] = {
    "constant", "enum", "enum member", "variable", "process", "procedure",
    "placement", "constraint", "window",
};

struct sym {
  const char *name;
  enum symkind kind;
  int idx;             /* var, proc, placement, constraint, enum index */
  int64_t val;         /* const value, member index */
  struct bc_type ty;   /* const/member type */
  struct bc_span span;
  const struct bc_decl *decl;
};

enum localkind { L_SLOT, L_SELF, L_CONST };

struct local {
  const char *name;
  enum localkind kind;
  int slot;
  int64_t val;
  struct bc_type ty;
  int loop;   /* the variable of member 'for' loop 'loop' (an id), or an
                 alias of it (a procedure parameter bound to it); 0: none */
  int why;    /* 1 + the reason (c->whys) why a name bound over a
                 symmetric family's range is an ordinary integer; 0: none */
};

/* What an event of a constraint names. */
enum evkind { EV_NONE, EV_STEP, EV_PLACEMENT, EV_HOOK };
struct event {
  enum evkind kind;
  int idx;  /* global step, placement or hook */
};

struct cinfo {          /* per constraint, compile-time */
  const struct bc_decl *decl;
  struct event a, b;
  int hist_var;         /* BEFORE */
};

struct nment {
  const char *name;    /* NULL: a free slot */
  uint64_t ns;
  int val;
};
struct nmap {
  struct nment *v;
  size_t cap, n;       /* cap: 0 or a power of two */
};

struct cc {
  const struct bc_source *src;
  struct bc_diag *diag;
  struct bc_arena arena;
  struct bc_ast ast;
  struct bc_program *p;
  const struct bc_define *defs;
  size_t ndefs;
  bool *def_used;

  struct sym *syms;
  size_t nsyms, capsyms;
  struct nmap names;    /* symbols, labels, process variables, hooks */
  struct bc_span *hook_span; /* per hook, its first site */
  uint64_t state_bits;  /* the state so far (account_var) */
  uint64_t state_elems; /* ... its elements */
  bool state_full;      /* ... is past BC_MAX_STATE_BYTES (reported) */
  bool code_full;       /* the code is past BC_MAX_CODE (reported) */
  struct bc_span call_span; /* the outermost procedure call being inlined */
  uint64_t nstmts;      /* statements compiled, copies of bodies included */
  uint64_t const_ticks; /* loop iterations of constant evaluations */
  bool const_slow;      /* ... past BC_MAX_CONST_TICKS (reported) */
  bool stack_full;      /* an expression needs too deep a stack */

  struct local locals[BC_VM_LOCALS];
  unsigned nlocals;
  unsigned floor;       /* names below this index are hidden (procedures) */
  unsigned nslots;      /* slots in use */

  size_t capcode, capvars, capsteps, capstrings;
  int depth, maxdepth;

  /* initial values per var (nelems each), filled in pass 1 */
  int64_t **initvals;

  struct cinfo *cons;   /* nconstraints */
  const struct bc_decl **pl_decls; /* nplacements */

  /* symmetric families: every array access, checked once all are known */
  bool any_sym;
  struct access {
    int var;
    int fam;          /* 1 + family when indexed by a member index, else 0 */
    bool is_const;    /* otherwise: a constant index 'k' or not */
    int64_t k;
    struct bc_span span;
    int why;          /* the index is a name bound over the family's range
                         that is an ordinary integer (struct local.why) */
  } *acc;
  size_t nacc, capacc;
  /* 'for' loops over a symmetric family's range (see for_stmt): what the
  ** bodies being compiled read and write, in order */
  struct loopacc {
    enum { LA_READ, LA_WRITE, LA_HOOK, LA_AWAIT, LA_WITH } kind;
    int var;          /* LA_READ, LA_WRITE */
    int own;          /* indexed by exactly the variable of this loop id */
    bool is_const;    /* LA_WRITE: the value stored is the constant 'k' */
    int64_t k;
    const char *name; /* the variable's or the hook's name */
    struct bc_span span;
  } *lacc;
  size_t nlacc, caplacc;
  int nprobe;         /* loops being analysed, innermost last */
  int loop_ids;
  /* why a name bound over a symmetric family's range is not a member
  ** index (struct local.why) */
  struct why {
    enum {
      WHY_READ,       /* 'name' written at a, read at b */
      WHY_OTHER,      /* written as name[k] at a, accessed otherwise at b */
      WHY_VALUES,     /* written at a and b with values that may differ */
      WHY_HOOK, WHY_AWAIT, WHY_WITH, /* at a */
      WHY_DEEP,       /* nested in too many such loops to be analysed */
      WHY_NUMBER,     /* the body uses the name as a number at a */
    } kind;
    const char *loopvar, *fam, *name;
    struct bc_span at, a, b;
  } *whys;
  size_t nwhys;
  /* the family whose member reaches the placement being compiled (1 +
  ** process) or 0; when 'self' there cannot be typed, the reason */
  int pl_fam;
  char pl_conflict[256];
  /* per hook, the processes whose steps reach it (nhooks x nprocs) */
  bool *hook_reach;

  /* current context */
  int cur_proc;         /* -1 outside a process */
  bool in_placement;
  bool const_ctx;       /* a constant expression is being compiled */
  bool decl_ctx;        /* ... a constant's value or an expect condition */
  /* the invariant being compiled, and its expression when a forall */
  struct bc_constraint *conj_of;
  const struct bc_expr *conj_expr;
  /* the constraint whose quantifiers are recorded (bc_quant), its
  ** expression, and the quantifier being compiled (-1: none) */
  struct bc_constraint *quant_of;
  const struct bc_expr *quant_root;
  int quant_cur;
  bool state_ctx;       /* a constraint expression: state, no self */
  const struct bc_decl *callstack[BC_MAX_CALLS];
  unsigned ncall;
  int loop_depth;
};

/* ----------------------------------------------------------- helpers */

static struct bc_span nospan(void) { return (struct bc_span){0, 0, 0, 0}; }

static char *xstrdup(const char *s) { return bc_xstrdup(s ? s : ""); }

/* Forget the recorded quantifiers of 'k' from the n-th on. */
static void quant_drop(struct bc_constraint *k, unsigned n) {
  while (k->nquants > n)
    free(k->quants[--k->nquants].name);
}

static struct bc_type ty_make(enum bc_tykind k) {
  struct bc_type t = {k, -1, 0, 0, 0};
  return t;
}
static struct bc_type ty_enum(enum bc_tykind k, int id) {
  struct bc_type t = {k, id, 0, 0, 0};
  return t;
}

/* ------------------------------------------------- symmetry (helpers) */

/* 1 + the first symmetric family whose index range lies inside lo..hi. */
static int sym_of_range(const struct cc *c, int64_t lo, int64_t hi) {
  for (size_t i = 0; i < c->p->nprocs; i++) {
    const struct bc_proc *pr = &c->p->procs[i];
    if (pr->symmetric && pr->family && lo <= pr->lo && pr->hi <= hi)
      return (int)i + 1;
  }
  return 0;
}

/* Did the code since 'start' come out as one constant? */
static bool code_const(const struct cc *c, uint32_t start, int64_t *k) {
  if (c->p->ncode != (size_t)start + 1 || c->p->code[start].op != BC_INS_PUSH)
    return false;
  *k = c->p->code[start].k;
  return true;
}

static void record_access(struct cc *c, int var, int fam, bool is_const,
                          int64_t k, struct bc_span sp, int why) {
  if (c->nacc == c->capacc) {
    c->capacc = c->capacc ? 2 * c->capacc : 32;
    c->acc = bc_xrealloc(c->acc, c->capacc * sizeof *c->acc);
  }
  c->acc[c->nacc++] = (struct access){var, fam, is_const, k, sp, why};
}

static const char *ty_name(struct cc *c, struct bc_type t, char *buf,
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
static bool checklimit(struct cc *c, uint64_t v, uint64_t limit,
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
enum { NS_SYM, NS_LABEL, NS_PLOCAL, NS_HOOK };

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
static int nm_get(const struct nmap *m, int kind, int owner,
                  const char *name) {
  if (!m->cap)
    return -1;
  const struct nment *e = nm_slot(m, nm_ns(kind, owner), name);
  return e->name ? e->val : -1;
}

static void nm_put(struct nmap *m, int kind, int owner, const char *name,
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

static struct sym *sym_find(struct cc *c, const char *name) {
  int i = nm_get(&c->names, NS_SYM, 0, name);
  return i >= 0 ? &c->syms[i] : NULL;
}

static struct sym *sym_add(struct cc *c, const struct bc_ident *id,
                           enum symkind kind, int idx) {
  struct sym *old = sym_find(c, id->name);
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
  nm_put(&c->names, NS_SYM, 0, id->name, (int)c->nsyms);
  struct sym *s = &c->syms[c->nsyms++];
  memset(s, 0, sizeof *s);
  s->name = id->name;
  s->kind = kind;
  s->idx = idx;
  s->span = id->span;
  return s;
}

static struct local *local_find(struct cc *c, const char *name) {
  for (unsigned i = c->nlocals; i-- > c->floor;)
    if (!strcmp(c->locals[i].name, name))
      return &c->locals[i];
  return NULL;
}

/* Bind 'name' in the innermost scope; returns the slot (or -1). */
#define PLACEMENT_SLOTS 128u

static int local_push(struct cc *c, const struct bc_ident *id,
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

static void local_pop(struct cc *c, unsigned to) {
  while (c->nlocals > to) {
    struct local *l = &c->locals[--c->nlocals];
    if (l->kind == L_SLOT)
      c->nslots--;
  }
}

/* A scratch slot that is not a name (either/with temporaries). */
static int temp_slot(struct cc *c) {
  static const struct bc_ident tmp = {" tmp", {0, 0, 0, 0}};
  return local_push(c, &tmp, L_SLOT, ty_make(BC_TY_INT));
}

/* ------------------------------- symmetry: bound names over the members */

/* The bound name that 'e' is (a plain name), or NULL. */
static struct local *bound_name(struct cc *c, const struct bc_expr *e) {
  if (!e || e->kind != BC_E_NAME)
    return NULL;
  return local_find(c, e->name.name);
}

/* The reason (1 + index in c->whys) why bound name 'e' is not a member
** index although it ranges over a symmetric family's members, or 0. */
static int why_of(struct cc *c, const struct bc_expr *e) {
  const struct local *l = bound_name(c, e);
  return l ? l->why : 0;
}

/* The id of the member 'for' loop whose variable indexes 'e' exactly, when
** 'e' is a one-dimensional element a[k] (k the variable or an alias of
** it), else 0. */
static int own_of(struct cc *c, const struct bc_expr *e) {
  if (e->kind != BC_E_INDEX || e->lhs->kind != BC_E_NAME)
    return 0;
  const struct local *l = bound_name(c, e->rhs);
  return l ? l->loop : 0;
}

/* Note an access by the body of a 'for' loop being analysed (for_stmt). */
static void loop_note(struct cc *c, int kind, int var, int own, bool is_const,
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
static void why_notes(struct cc *c, int why) {
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
  else if (e->kind == BC_E_NAME && !local_find(c, e->name.name)) {
    const struct sym *s = sym_find(c, e->name.name);
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
                                      !local_find(c, o->name.name)
                                  ? sym_find(c, o->name.name) : NULL;
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
    const struct sym *p = sym_find(c, s->name.name);
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
static int number_why(struct cc *c, const struct bc_ident *x,
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

static unsigned cur_line;

static uint32_t emit(struct cc *c, unsigned op, unsigned a, uint32_t b,
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
  p->code[p->ncode] = (struct bc_insn){(uint16_t)op, (uint16_t)a, b, k};
  p->code_line[p->ncode] = cur_line;
  c->depth += bc_opcode_effect(op);
  if (c->depth > c->maxdepth)
    c->maxdepth = c->depth;
  return (uint32_t)p->ncode++;
}

static uint32_t here(struct cc *c) { return (uint32_t)c->p->ncode; }
static void patch(struct cc *c, uint32_t at, uint32_t target) {
  assert(at < c->p->ncode && target <= c->p->ncode);
  assert(c->p->code[at].op == BC_INS_JMP || c->p->code[at].op == BC_INS_JZ ||
         c->p->code[at].op == BC_INS_JNZ); /* a jump's target */
  c->p->code[at].b = target;
}
static void push_k(struct cc *c, int64_t k) { emit(c, BC_INS_PUSH, 0, 0, k); }

static int add_string(struct cc *c, const char *s) {
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
static char *join_name(const char *a, const char *b, const char *c3) {
  size_t la = strlen(a), lb = strlen(b), lc = strlen(c3);
  char *s = bc_xmalloc(la + lb + lc + 1);
  memcpy(s, a, la);
  memcpy(s + la, b, lb);
  memcpy(s + la + lb, c3, lc + 1);
  return s;
}

static int add_var(struct cc *c, const char *name, enum bc_varkind kind,
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

static void var_add_dim(struct cc *c, int var, int64_t lo, int64_t len) {
  struct bc_var *v = &c->p->vars[var];
  assert(v->ndims < BC_MAX_DIMS && len >= 1 &&
         (uint64_t)v->nelems * (uint64_t)len <= BC_MAX_ELEMS);
  v->dim_lo[v->ndims] = lo;
  v->dim_len[v->ndims] = len;
  v->ndims++;
  v->nelems = (uint32_t)((uint64_t)v->nelems * (uint64_t)len);
}

/* ----------------------------------------------------------- expressions */

static struct bc_type expr(struct cc *c, const struct bc_expr *e,
                           const struct bc_type *want);

static bool is_err(struct bc_type t) { return t.kind == BC_TY_ERROR; }

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
static bool ty_compat(struct bc_type a, struct bc_type b) {
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

static struct bc_type expect_ty(struct cc *c, const struct bc_expr *e,
                                enum bc_tykind kind, const char *what) {
  struct bc_type t = expr(c, e, NULL);
  if (!is_err(t) && t.kind != kind) {
    char b1[128];
    return type_error(c, e->span, "%s must be %s, not %s", what,
                      kind == BC_TY_BOOL ? "a bool" : "an integer",
                      ty_name(c, t, b1, sizeof b1));
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
  return nm_get(&c->names, NS_PLOCAL, c->cur_proc, name);
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
      emit(c, BC_INS_SELF, 0, 0, 0);
      emit(c, BC_INS_INDEX, 0, (uint32_t)vi, 0);
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
    struct bc_type t = expr(c, idx[d], NULL);
    if (!is_err(t) && t.kind != BC_TY_INT) {
      char b1[128];
      bc_error(c->diag, idx[d]->span, "an array index must be an integer, "
                                      "not %s", ty_name(c, t, b1, sizeof b1));
    }
    if (c->any_sym && !is_err(t)) {
      int64_t k = 0;
      bool cst = code_const(c, start, &k);
      if (t.idfam) {
        const struct bc_proc *f = &c->p->procs[t.idfam - 1];
        if (n != 1 || v->dim_lo[0] > f->lo ||
            v->dim_lo[0] + v->dim_len[0] - 1 < f->hi)
          bc_error(c->diag, idx[d]->span, "'%s' cannot be indexed by a member "
                   "of symmetric family '%s': only one-dimensional arrays "
                   "whose range covers %" PRId64 "..%" PRId64 " can",
                   v->name, f->name, f->lo, f->hi);
      }
      record_access(c, vi, t.idfam, cst, k, idx[d]->span,
                    why_of(c, idx[d]));
    }
    emit(c, BC_INS_INDEX, d, (uint32_t)vi, 0);
    if (d > 0)
      emit(c, BC_INS_FLAT, 0, 0, v->dim_len[d]);
  }
  return true;
}

/* A variable reference (NAME or INDEX chain) as an rvalue or lvalue. */
static struct bc_type var_ref(struct cc *c, const struct bc_expr *e,
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
  if (!local_find(c, name)) {
    vi = proc_local_var(c, name);
    local = vi >= 0;
  }
  if (vi < 0) {
    struct sym *s = local_find(c, name) ? NULL : sym_find(c, name);
    if (!s || s->kind != SYM_VAR) {
      if (store) {
        if (local_find(c, name))
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
    emit(c, indexed ? BC_INS_LOADX : BC_INS_LOAD, 0, (uint32_t)vi, 0);
    loop_note(c, LA_READ, vi, own_of(c, e), false, 0, v->name, e->span);
  }
  *ret_var = vi;
  *ret_indexed = indexed;
  struct bc_type t = v->type;
  return t;
}

static struct bc_type name_expr(struct cc *c, const struct bc_expr *e) {
  const char *name = e->name.name;
  struct local *l = local_find(c, name);
  if (l) {
    if (l->kind == L_SELF)
      emit(c, BC_INS_SELF, 0, 0, 0);
    else if (l->kind == L_CONST)
      push_k(c, l->val);
    else
      emit(c, BC_INS_LGET, (unsigned)l->slot, 0, 0);
    return l->ty;
  }
  if (proc_local_var(c, name) >= 0) {
    int vi;
    bool ix;
    return var_ref(c, e, false, &vi, &ix);
  }
  struct sym *s = sym_find(c, name);
  if (!s)
    return type_error(c, e->span, "unknown name '%s'", name);
  switch (s->kind) {
  case SYM_CONST:
    /* a literal the model itself uses is a parameter (report headers) */
    if (!c->decl_ctx && s->idx >= 0 && s->decl &&
        (s->decl->value->kind == BC_E_INT ||
         s->decl->value->kind == BC_E_BOOL))
      c->p->consts[s->idx].parameter = true;
    push_k(c, s->val);
    return s->ty;
  case SYM_MEMBER:
    push_k(c, s->val);
    return s->ty;
  case SYM_VAR: {
    const struct bc_var *v = &c->p->vars[s->idx];
    if (v->ndims)
      return type_error(c, e->span, "array '%s' needs an index", name);
    int vi;
    bool ix;
    return var_ref(c, e, false, &vi, &ix);
  }
  default:
    return type_error(c, e->span, "%s '%s' cannot be used as a value",
                      symkind_name[s->kind], name);
  }
}

static struct bc_type set_literal(struct cc *c, const struct bc_expr *e,
                                  const struct bc_type *want) {
  if (e->items.n == 0) {
    push_k(c, 0);
    if (want && want->kind == BC_TY_SET)
      return *want;
    return ty_make(BC_TY_EMPTY);
  }
  int enum_id = -1;
  bool bad = false;
  push_k(c, 0);
  for (size_t i = 0; i < e->items.n; i++) {
    const struct bc_expr *it = e->items.v[i];
    struct bc_type t = expr(c, it, NULL);
    if (is_err(t)) {
      bad = true;
    } else if (t.kind != BC_TY_ENUM) {
      char b1[128];
      type_error(c, it->span, "a set holds enum members, not %s",
                 ty_name(c, t, b1, sizeof b1));
      bad = true;
    } else if (enum_id >= 0 && t.enum_id != enum_id) {
      type_error(c, it->span, "'%s' is a member of %s, not of %s",
                 it->kind == BC_E_NAME ? it->name.name : "this",
                 c->p->enums[t.enum_id].name, c->p->enums[enum_id].name);
      bad = true;
    } else {
      enum_id = t.enum_id;
    }
    emit(c, BC_INS_BIT, 0, 0, 0);
    emit(c, BC_INS_BOR, 0, 0, 0);
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
struct domain {
  int kind;
  int a, b;
  unsigned n;
  bool konst;      /* a range with constant bounds lo..hi */
  int64_t lo, hi;
};

static struct bc_type domain(struct cc *c, const struct bc_expr *e,
                             struct domain *d) {
  if (e->kind == BC_E_RANGE) {
    uint32_t s1 = here(c);
    struct bc_type lt = expect_ty(c, e->lhs, BC_TY_INT, "a range bound");
    uint32_t s2 = here(c);
    struct bc_type ht = expect_ty(c, e->rhs, BC_TY_INT, "a range bound");
    struct bc_type et = ty_make(BC_TY_INT);
    int64_t lo, hi;
    if (lt.idfam || ht.idfam)
      type_error(c, e->span, "a member index of a symmetric family cannot "
                             "bound a range");
    /* a range covering a symmetric family's indices ranges over members */
    if (c->any_sym && s2 == s1 + 1 && c->p->code[s1].op == BC_INS_PUSH &&
        code_const(c, s2, &hi)) {
      lo = c->p->code[s1].k;
      et.idfam = sym_of_range(c, lo, hi);
    }
    d->kind = 0;
    d->konst = s2 == s1 + 1 && c->p->code[s1].op == BC_INS_PUSH &&
               code_const(c, s2, &d->hi);
    d->lo = d->konst ? c->p->code[s1].k : 0;
    d->b = temp_slot(c);
    d->a = temp_slot(c);
    emit(c, BC_INS_LSET, (unsigned)d->b, 0, 0); /* hi is on top */
    emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
    return et;
  }
  if (e->kind == BC_E_NAME && !local_find(c, e->name.name)) {
    struct sym *s = sym_find(c, e->name.name);
    if (s && s->kind == SYM_ENUM) {
      d->kind = 2;
      d->n = c->p->enums[s->idx].n;
      return ty_enum(BC_TY_ENUM, s->idx);
    }
  }
  struct bc_type t = expr(c, e, NULL);
  d->kind = 1;
  d->a = temp_slot(c);
  emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
  if (is_err(t))
    return t;
  if (t.kind == BC_TY_EMPTY)
    return ty_make(BC_TY_ERROR);
  if (t.kind != BC_TY_SET) {
    char b1[128];
    return type_error(c, e->span, "expected a range 'a..b', a set or an "
                                  "enum to range over, not %s",
                      ty_name(c, t, b1, sizeof b1));
  }
  return ty_enum(BC_TY_ENUM, t.enum_id);
}

/*
** A loop, quantifier or `with` over a constant range of more than
** BC_MAX_RANGE values is an error here, at the range; the VM bounds the
** others (BC_VM_MAX_TICKS iterations per run, BC_MAX_RANGE choices).
*/
static void check_range(struct cc *c, const struct domain *d,
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
** Loop over a domain, binding 'x' (slot xs) to each value; 'body' is called
** to emit the loop body. The loop's exit jumps are patched by the caller via
** the returned list when 'early' jumps are needed (quantifiers).
*/
typedef void (*loop_body_fn)(struct cc *c, void *arg);

static void emit_loop(struct cc *c, struct domain *d, int xs,
                      loop_body_fn body, void *arg) {
  int cnt = -1;
  uint32_t top, jexit;
  switch (d->kind) {
  case 0: /* x = lo; while x <= hi */
    emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    top = here(c);
    emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
    emit(c, BC_INS_LGET, (unsigned)d->b, 0, 0);
    emit(c, BC_INS_LE, 0, 0, 0);
    jexit = emit(c, BC_INS_JZ, 0, 0, 0);
    body(c, arg);
    /* stop before x+1 could overflow */
    emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
    emit(c, BC_INS_LGET, (unsigned)d->b, 0, 0);
    emit(c, BC_INS_EQ, 0, 0, 0);
    {
      uint32_t jdone = emit(c, BC_INS_JNZ, 0, 0, 0);
      emit(c, BC_INS_LGET, (unsigned)xs, 0, 0);
      push_k(c, 1);
      emit(c, BC_INS_ADD, 0, 0, 0);
      emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
      emit(c, BC_INS_TICK, 0, 0, 0);
      emit(c, BC_INS_JMP, 0, top, 0);
      patch(c, jdone, here(c));
    }
    patch(c, jexit, here(c));
    break;
  case 1: /* while s != 0: x = lowbit(s); s = clearlow(s) */
    top = here(c);
    emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    jexit = emit(c, BC_INS_JZ, 0, 0, 0);
    emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    emit(c, BC_INS_LOWBIT, 0, 0, 0);
    emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    emit(c, BC_INS_LGET, (unsigned)d->a, 0, 0);
    emit(c, BC_INS_CLEARLOW, 0, 0, 0);
    emit(c, BC_INS_LSET, (unsigned)d->a, 0, 0);
    body(c, arg);
    emit(c, BC_INS_JMP, 0, top, 0);
    patch(c, jexit, here(c));
    break;
  default: /* enum: x = 0 .. n-1 */
    cnt = xs;
    push_k(c, 0);
    emit(c, BC_INS_LSET, (unsigned)cnt, 0, 0);
    top = here(c);
    emit(c, BC_INS_LGET, (unsigned)cnt, 0, 0);
    push_k(c, (int64_t)d->n);
    emit(c, BC_INS_LT, 0, 0, 0);
    jexit = emit(c, BC_INS_JZ, 0, 0, 0);
    body(c, arg);
    emit(c, BC_INS_LGET, (unsigned)cnt, 0, 0);
    push_k(c, 1);
    emit(c, BC_INS_ADD, 0, 0, 0);
    emit(c, BC_INS_LSET, (unsigned)cnt, 0, 0);
    emit(c, BC_INS_JMP, 0, top, 0);
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

/* May code[from..to) stop with a runtime error? Arithmetic may overflow or
** divide by zero, an index be out of range, except the quantifier's own
** bound name (slot xs) over a constant domain inside the array's range. */
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
  emit(c, BC_INS_LGET, (unsigned)q->res, 0, 0);
  uint32_t j = emit(c, q->forall ? BC_INS_JZ : BC_INS_JNZ, 0, 0, 0);
  uint32_t b0 = here(c);
  bool every = false;
  q->b0 = b0;
  q->bt = expect_ty(c, q->body, BC_TY_BOOL, "a quantifier's body");
  if (q->member) {
    /* res = res and P (or P): the same while undecided ... */
    emit(c, BC_INS_LGET, (unsigned)q->res, 0, 0);
    emit(c, q->forall ? BC_INS_BAND : BC_INS_BOR, 0, 0, 0);
    /* ... and P is evaluated for every member when it may fail: a short
    ** cut would make a runtime error in P depend on the order of the
    ** members of a symmetric family */
    every = may_fail(c, b0, here(c), q->xs, q->d);
  }
  q->store = here(c);
  emit(c, BC_INS_LSET, (unsigned)q->res, 0, 0);
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

static struct bc_type quant_expr(struct cc *c, const struct bc_expr *e) {
  unsigned mark = c->nlocals;
  struct domain d;
  struct bc_type et = domain(c, e->lhs, &d);
  check_range(c, &d, e->lhs);
  int why = number_why(c, &e->var, e->rhs, NULL, &et);
  struct quant_arg q = {e->rhs, e->op == BC_OP_FORALL, et.idfam != 0, -1,
                       -1, &d, 0, 0, {0, 0, 0, 0, 0}};
  q.res = temp_slot(c);
  push_k(c, q.forall ? 1 : 0);
  emit(c, BC_INS_LSET, (unsigned)q.res, 0, 0);
  int xs = local_push(c, &e->var, L_SLOT, et);
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
    c->quant_cur = qi;
    emit_loop(c, &d, xs, quant_body, &q);
    c->quant_cur = outer;
  }
  if (qi >= 0) {
    c->quant_of->quants[qi].body = q.b0;
    c->quant_of->quants[qi].store = q.store;
  }
  emit(c, BC_INS_LGET, (unsigned)q.res, 0, 0);
  local_pop(c, mark);
  return is_err(et) ? et : ty_make(BC_TY_BOOL);
}

/* `x in S` / `x not in S` */
static struct bc_type in_expr(struct cc *c, const struct bc_expr *e) {
  const struct bc_expr *r = e->rhs;
  struct bc_type lt = expr(c, e->lhs, NULL);
  if (r->kind == BC_E_RANGE) {
    if (!is_err(lt) && lt.kind != BC_TY_INT)
      type_error(c, e->lhs->span, "only an integer can be in a range");
    if (lt.idfam)
      type_error(c, e->lhs->span, "the member index of a symmetric family "
                                  "cannot be tested against a range");
    expect_ty(c, r->lhs, BC_TY_INT, "a range bound");
    expect_ty(c, r->rhs, BC_TY_INT, "a range bound");
    emit(c, BC_INS_INRANGE, 0, 0, 0);
  } else {
    struct bc_type rt = expr(c, r, NULL);
    if (!is_err(lt) && !is_err(rt)) {
      char b1[128], b2[128];
      if (rt.kind == BC_TY_EMPTY && lt.kind == BC_TY_ENUM) {
        /* x in {} is false */
      } else if (rt.kind != BC_TY_SET)
        type_error(c, r->span, "the right side of 'in' must be a set or a "
                               "range, not %s", ty_name(c, rt, b1, sizeof b1));
      else if (lt.kind != BC_TY_ENUM || lt.enum_id != rt.enum_id)
        type_error(c, e->lhs->span, "%s cannot be a member of %s",
                   ty_name(c, lt, b1, sizeof b1), ty_name(c, rt, b2, sizeof b2));
    }
    emit(c, BC_INS_HAS, 0, 0, 0);
  }
  if (e->op == BC_OP_NOTIN)
    emit(c, BC_INS_NOT, 0, 0, 0);
  return ty_make(BC_TY_BOOL);
}

static struct bc_type logic_expr(struct cc *c, const struct bc_expr *e) {
  /* short-circuit: and / or / => ; <=> is EQ on bools */
  if (e->op == BC_OP_IFF) {
    struct bc_type lt = expect_ty(c, e->lhs, BC_TY_BOOL,
                                  "an operand of '<=>'");
    struct bc_type rt = expect_ty(c, e->rhs, BC_TY_BOOL,
                                  "an operand of '<=>'");
    emit(c, BC_INS_EQ, 0, 0, 0);
    return is_err(lt) || is_err(rt) ? ty_make(BC_TY_ERROR)
                                    : ty_make(BC_TY_BOOL);
  }
  const char *opn = e->op == BC_OP_AND ? "and" : e->op == BC_OP_OR ? "or"
                                                                   : "=>";
  char what[64];
  snprintf(what, sizeof what, "an operand of '%s'", opn);
  struct bc_type lt = expect_ty(c, e->lhs, BC_TY_BOOL, what);
  /* and: lhs ? rhs : 0   or: lhs ? 1 : rhs   =>: lhs ? rhs : 1 */
  uint32_t j = emit(c, e->op == BC_OP_OR ? BC_INS_JNZ : BC_INS_JZ, 0, 0, 0);
  struct bc_type rt = expect_ty(c, e->rhs, BC_TY_BOOL, what);
  uint32_t jend = emit(c, BC_INS_JMP, 0, 0, 0);
  c->depth--;
  patch(c, j, here(c));
  push_k(c, e->op == BC_OP_AND ? 0 : 1);
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
                      ty_name(c, lt, b1, sizeof b1),
                      ty_name(c, rt, b2, sizeof b2));
  emit(c, e->op == BC_OP_ADD ? BC_INS_ADD : e->op == BC_OP_SUB ? BC_INS_SUB
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
  struct bc_type lt = expr(c, e->lhs, want);
  uint32_t s2 = here(c);
  struct bc_type hint = lt;
  struct bc_type rt = expr(c, e->rhs, lt.kind == BC_TY_SET ? &hint : want);
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
      other_const = code_const(c, s2, &k);
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
      why_notes(c, why_of(c, lt.idfam ? e->rhs : e->lhs));
      return ty_make(BC_TY_ERROR);
    }
  }
  char b1[128], b2[128];
  bool sets = (lt.kind == BC_TY_SET || lt.kind == BC_TY_EMPTY) &&
              (rt.kind == BC_TY_SET || rt.kind == BC_TY_EMPTY);
  struct bc_type st = lt.kind == BC_TY_SET ? lt : rt;
  switch (e->op) {
  case BC_OP_EQ: case BC_OP_NE:
    if (!ty_compat(lt, rt))
      return type_error(c, e->span, "cannot compare %s with %s",
                        ty_name(c, lt, b1, sizeof b1),
                        ty_name(c, rt, b2, sizeof b2));
    emit(c, e->op == BC_OP_EQ ? BC_INS_EQ : BC_INS_NE, 0, 0, 0);
    return ty_make(BC_TY_BOOL);
  case BC_OP_LT: case BC_OP_LE: case BC_OP_GT: case BC_OP_GE:
    if (sets) {
      if (!ty_compat(lt, rt))
        return type_error(c, e->span, "cannot compare %s with %s",
                          ty_name(c, lt, b1, sizeof b1),
                          ty_name(c, rt, b2, sizeof b2));
      /* a >= b is b <= a: swap by evaluating with swapped opcode */
      if (e->op == BC_OP_LE)
        emit(c, BC_INS_SUBSETEQ, 0, 0, 0);
      else if (e->op == BC_OP_LT)
        emit(c, BC_INS_SUBSET, 0, 0, 0);
      else {
        /* [a b] -> need b<=a: use (b & ~a) == 0, i.e. BANDN swapped */
        int ta = temp_slot(c), tb = temp_slot(c);
        emit(c, BC_INS_LSET, (unsigned)tb, 0, 0);
        emit(c, BC_INS_LSET, (unsigned)ta, 0, 0);
        emit(c, BC_INS_LGET, (unsigned)tb, 0, 0);
        emit(c, BC_INS_LGET, (unsigned)ta, 0, 0);
        emit(c, e->op == BC_OP_GE ? BC_INS_SUBSETEQ : BC_INS_SUBSET, 0, 0, 0);
        local_pop(c, c->nlocals - 2);
      }
      return ty_make(BC_TY_BOOL);
    }
    if (lt.kind != BC_TY_INT || rt.kind != BC_TY_INT)
      return type_error(c, e->span, "cannot order %s and %s (integers or "
                                    "sets only)",
                        ty_name(c, lt, b1, sizeof b1),
                        ty_name(c, rt, b2, sizeof b2));
    emit(c, e->op == BC_OP_LT ? BC_INS_LT : e->op == BC_OP_LE ? BC_INS_LE
            : e->op == BC_OP_GT ? BC_INS_GT : BC_INS_GE, 0, 0, 0);
    return ty_make(BC_TY_BOOL);
  case BC_OP_ADD: case BC_OP_SUB: case BC_OP_MUL:
    if (sets) {
      if (!ty_compat(lt, rt))
        return type_error(c, e->span, "cannot combine %s with %s",
                          ty_name(c, lt, b1, sizeof b1),
                          ty_name(c, rt, b2, sizeof b2));
      emit(c, e->op == BC_OP_ADD ? BC_INS_BOR : e->op == BC_OP_SUB
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

static int find_label(struct cc *c, int proc, const char *label) {
  return nm_get(&c->names, NS_LABEL, proc, label);
}

static struct bc_type atlabel_expr(struct cc *c, const struct bc_expr *e) {
  struct sym *s = sym_find(c, e->var.name);
  if (!s || s->kind != SYM_PROC)
    return type_error(c, e->var.span, "unknown process '%s'", e->var.name);
  const struct bc_proc *pr = &c->p->procs[s->idx];
  int step = find_label(c, s->idx, e->label.name);
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
    struct bc_type it = expect_ty(c, e->lhs, BC_TY_INT, "a process index");
    if (c->any_sym && !is_err(it)) {
      int64_t k = 0;
      bool cst = code_const(c, start, &k);
      if (it.idfam && it.idfam != s->idx + 1)
        return type_error(c, e->lhs->span, "a member index of symmetric "
                                           "family '%s' cannot name a member "
                                           "of '%s'",
                          c->p->procs[it.idfam - 1].name, pr->name);
      record_access(c, pr->pc_var, it.idfam, cst, k, e->lhs->span,
                    why_of(c, e->lhs));
    }
    emit(c, BC_INS_INDEX, 0, (uint32_t)pr->pc_var, 0);
    emit(c, BC_INS_LOADX, 0, (uint32_t)pr->pc_var, 0);
  } else {
    if (e->lhs)
      return type_error(c, e->lhs->span, "'%s' is not a family", pr->name);
    emit(c, BC_INS_LOAD, 0, (uint32_t)pr->pc_var, 0);
  }
  push_k(c, step);
  emit(c, BC_INS_EQ, 0, 0, 0);
  return ty_make(BC_TY_BOOL);
}

static struct bc_type expr_inner(struct cc *c, const struct bc_expr *e,
                                 const struct bc_type *want) {
  if (!e)
    return ty_make(BC_TY_ERROR);
  unsigned saved_line = cur_line;
  if (e->span.line)
    cur_line = e->span.line;
  struct bc_type t;
  switch (e->kind) {
  case BC_E_INT:
    push_k(c, e->ival);
    t = ty_make(BC_TY_INT);
    break;
  case BC_E_BOOL:
    push_k(c, e->ival ? 1 : 0);
    t = ty_make(BC_TY_BOOL);
    break;
  case BC_E_NAME:
    t = name_expr(c, e);
    break;
  case BC_E_INDEX: {
    int vi;
    bool ix;
    t = var_ref(c, e, false, &vi, &ix);
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
      expect_ty(c, e->lhs, BC_TY_BOOL, "the operand of 'not'");
      emit(c, BC_INS_NOT, 0, 0, 0);
      t = ty_make(BC_TY_BOOL);
    } else {
      struct bc_type ot = expect_ty(c, e->lhs, BC_TY_INT,
                                    "the operand of unary '-'");
      if (ot.idfam)
        type_error(c, e->span, "no arithmetic on the member index of a "
                               "symmetric family");
      emit(c, BC_INS_NEG, 0, 0, 0);
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
    expect_ty(c, e->cond, BC_TY_BOOL, "the condition of 'if'");
    uint32_t jz = emit(c, BC_INS_JZ, 0, 0, 0);
    struct bc_type a = expr(c, e->lhs, want);
    uint32_t jend = emit(c, BC_INS_JMP, 0, 0, 0);
    c->depth--;
    patch(c, jz, here(c));
    struct bc_type b = expr(c, e->rhs, a.kind == BC_TY_SET ? &a : want);
    patch(c, jend, here(c));
    if (a.idfam || b.idfam) {
      t = type_error(c, e->span, "an 'if' expression cannot yield the member "
                                 "index of a symmetric family");
    } else if (!ty_compat(a, b)) {
      char b1[128], b2[128];
      t = type_error(c, e->span, "the branches of 'if' have different types "
                                 "(%s and %s)", ty_name(c, a, b1, sizeof b1),
                     ty_name(c, b, b2, sizeof b2));
    } else {
      t = a.kind == BC_TY_EMPTY ? b : a;
    }
    break;
  }
  case BC_E_SELF:
    if (c->cur_proc < 0 && !c->in_placement) {
      t = type_error(c, e->span, "'self' is only defined inside a process or "
                                 "a placement");
      push_k(c, 0);
    } else {
      emit(c, BC_INS_SELF, 0, 0, 0);
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
    struct bc_type st = expr(c, e->lhs, NULL);
    if (!is_err(st) && st.kind != BC_TY_SET && st.kind != BC_TY_EMPTY) {
      char b1[128];
      type_error(c, e->lhs->span, "card() needs a set, not %s",
                 ty_name(c, st, b1, sizeof b1));
    }
    emit(c, BC_INS_CARD, 0, 0, 0);
    t = ty_make(BC_TY_INT);
    break;
  }
  case BC_E_ATLABEL:
    t = atlabel_expr(c, e);
    if (is_err(t))
      push_k(c, 0);
    break;
  default:
    t = type_error(c, e->span, "unsupported expression");
    break;
  }
  cur_line = saved_line;
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
static struct bc_type expr(struct cc *c, const struct bc_expr *e,
                           const struct bc_type *want) {
  uint32_t start = here(c);
  int d0 = c->depth;
  struct bc_type t = expr_inner(c, e, want);
  uint32_t end = here(c);
  if (c->maxdepth >= BC_VM_STACK && !c->stack_full) {
    /* the innermost expression that needs too deep a stack */
    checklimit(c, (uint64_t)c->maxdepth + 1, BC_VM_STACK,
               "values on the expression stack", e->span);
    c->stack_full = true;
  }
  if (c->const_ctx || is_err(t) || end - start < 2 || c->depth != d0 + 1 ||
      !foldable(c, start, end))
    return t;
  unsigned line = c->p->code_line[start];
  emit(c, BC_INS_EXIT, 0, 0, 0);
  int64_t v;
  if (bc_vm_eval_const(c->p, start, NULL, &v, NULL) == 0) {
    c->p->ncode = start;
    c->depth = d0;
    unsigned saved = cur_line;
    cur_line = line;
    push_k(c, v);
    cur_line = saved;
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
static bool const_eval(struct cc *c, const struct bc_expr *e,
                       const struct bc_type *want, int64_t *ret,
                       struct bc_type *ret_ty, const int64_t *locals) {
  size_t mark = c->p->ncode;
  unsigned nerr = c->diag->nerr;
  bool saved = c->const_ctx;
  int sd = c->depth;
  c->const_ctx = true;
  struct bc_type t = expr(c, e, want);
  /* run only code that leaves one value: an operand whose error was
  ** reported before (a constant that failed) may leave another count */
  bool one = c->depth == sd + 1;
  emit(c, BC_INS_EXIT, 0, 0, 0);
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

static bool const_int(struct cc *c, const struct bc_expr *e, int64_t *ret) {
  struct bc_type t;
  if (!const_eval(c, e, NULL, ret, &t, NULL))
    return false;
  if (t.kind != BC_TY_INT) {
    char b1[128];
    bc_error(c->diag, e->span, "expected an integer constant, not %s",
             ty_name(c, t, b1, sizeof b1));
    return false;
  }
  return true;
}

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
static void declare_sweep(struct cc *c, const struct bc_decl *d) {
  const struct sym *s = sym_find(c, d->name.name);
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
      if (!const_eval(c, x, NULL, &v, &t, NULL))
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
  } else if (const_eval(c, e->lhs, NULL, &lo, &t, NULL) &&
             const_eval(c, e->rhs, NULL, &hi, &t, NULL)) {
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

static void declare_const(struct cc *c, const struct bc_decl *d) {
  int64_t v = 0;
  struct bc_type t;
  c->decl_ctx = true;
  bool ok = const_eval(c, d->value, NULL, &v, &t, NULL);
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
    const struct sym *named = sym_find(c, c->defs[i].value);
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
  struct sym *s = sym_add(c, &d->name, SYM_CONST, (int)p->nconsts);
  if (!s)
    return;
  s->val = v;
  s->ty = ok ? t : ty_make(BC_TY_ERROR);
  s->decl = d;
  /* REV = REV_LASS_V9: a choice among named values */
  const char *alias = NULL;
  if (d->value->kind == BC_E_NAME) {
    const struct sym *a = sym_find(c, d->value->name.name);
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
    const struct sym *a = sym_find(c, d->value->name.name);
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

static void declare_enum(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int id = (int)p->nenums;
  struct sym *s = sym_add(c, &d->name, SYM_ENUM, id);
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
    struct sym *ms = sym_add(c, m, SYM_MEMBER, id);
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
    if (!const_int(c, te->lo, &lo) || !const_int(c, te->hi, &hi))
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
    struct sym *s = sym_find(c, te->name.name);
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

static unsigned type_width(const struct bc_program *p, const struct bc_type *t) {
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
static uint64_t var_extent(const struct bc_program *p, const struct bc_var *v,
                           uint64_t off, uint64_t *ret_at) {
  unsigned w = v->type.kind == BC_TY_ERROR ? 0 : type_width(p, &v->type);
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
  if (!checklimit(c, c->state_elems, BC_MAX_STATE_ELEMS, "elements of "
                  "variables in the state", sp)) {
    c->state_full = true;
    return false;
  }
  uint64_t at;
  c->state_bits = var_extent(c->p, &c->p->vars[vi], c->state_bits, &at);
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
    slots[d] = local_push(c, &dims[d]->name, L_SLOT, ty_make(BC_TY_INT));
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
    if (!const_eval(c, init, &v->type, &x, &t, locals)) {
      if (c->diag->nerr == nerr && !c->const_slow)
        bc_error(c->diag, init->span, "bad initial value");
      break;
    }
    if (!ty_compat(t, v->type)) {
      char b1[128], b2[128];
      bc_error(c->diag, init->span, "initial value of '%s' is %s, but the "
                                    "variable is %s", v->name,
               ty_name(c, t, b1, sizeof b1), ty_name(c, v->type, b2, sizeof b2));
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
  local_pop(c, mark);
  c->nslots = saved_slots;
}

static void declare_var(struct cc *c, const struct bc_decl *d) {
  struct bc_type t;
  if (!resolve_type(c, d->type, &t))
    t = ty_make(BC_TY_ERROR);
  if (d->dims.n > BC_MAX_DIMS) {
    bc_error(c->diag, d->name.span, "'%s' has %zu dimensions; at most %d are "
                                    "allowed", d->name.name, d->dims.n,
             BC_MAX_DIMS);
    return;
  }
  int vi = add_var(c, d->name.name, BC_VAR_USER, t);
  struct sym *s = sym_add(c, &d->name, SYM_VAR, vi);
  (void)s;
  bool dims_ok = true;
  uint64_t total = 1;
  for (size_t i = 0; i < d->dims.n; i++) {
    const struct bc_dim *dm = d->dims.v[i];
    int64_t lo = 0, hi = 0;
    if (!const_int(c, dm->lo, &lo) || !const_int(c, dm->hi, &hi)) {
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
    if (!checklimit(c, total * len, BC_MAX_ELEMS, what, dm->name.span)) {
      dims_ok = false;
      continue;
    }
    total *= len;
    var_add_dim(c, vi, lo, (int64_t)len);
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
static void scan_hooks(struct cc *c, const struct bc_stmt *s) {
  if (!s)
    return;
  switch (s->kind) {
  case BC_S_HOOK: {
    struct bc_program *p = c->p;
    int h = nm_get(&c->names, NS_HOOK, 0, s->name.name);
    if (h >= 0) {
      p->hooks[h].nsites++;
      return;
    }
    /* HOOK's operand a is 16 bits */
    if (!checklimit(c, p->nhooks + 1, BC_MAX_HOOKS, "hooks", s->name.span))
      return;
    if ((p->nhooks & (p->nhooks - 1)) == 0) { /* 0, 1, 2, 4, ...: grow */
      size_t cap = p->nhooks ? 2 * p->nhooks : 1;
      p->hooks = bc_xrealloc(p->hooks, cap * sizeof *p->hooks);
      c->hook_span = bc_xrealloc(c->hook_span, cap * sizeof *c->hook_span);
    }
    p->hooks[p->nhooks] = (struct bc_hook){xstrdup(s->name.name), 1};
    c->hook_span[p->nhooks] = s->name.span;
    nm_put(&c->names, NS_HOOK, 0, p->hooks[p->nhooks].name, (int)p->nhooks);
    p->nhooks++;
    return;
  }
  case BC_S_IF:
    scan_hooks(c, s->body);
    scan_hooks(c, s->els);
    return;
  case BC_S_WITH:
  case BC_S_FOR:
    scan_hooks(c, s->body);
    return;
  case BC_S_BLOCK:
  case BC_S_EITHER:
    for (size_t i = 0; i < s->stmts.n; i++)
      scan_hooks(c, s->stmts.v[i]);
    return;
  default:
    return;
  }
}

static int find_hook(struct cc *c, const char *name) {
  return nm_get(&c->names, NS_HOOK, 0, name);
}

static void declare_process(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int pi = (int)p->nprocs;
  if (!sym_add(c, &d->name, SYM_PROC, pi))
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
    bool lo_ok = const_int(c, d->family->lo, &lo);
    bool hi_ok = const_int(c, d->family->hi, &hi);
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
    if (find_label(c, pi, st->label.name) >= 0) {
      bc_error(c->diag, st->label.span, "duplicate label '%s' in process "
                                        "'%s'", st->label.name, pr->name);
      continue;
    }
    /* GOTO's operand a is 16 bits and names nsteps too (ended) */
    char what[64];
    snprintf(what, sizeof what, "labels in process '%.32s'", pr->name);
    if (!checklimit(c, pr->nsteps + 1u, BC_MAX_STEPS, what, st->label.span))
      break;
    nm_put(&c->names, NS_LABEL, pi, st->label.name, (int)pr->nsteps);
    if (p->nsteps == c->capsteps) {
      c->capsteps = c->capsteps ? 2 * c->capsteps : 32;
      p->steps = bc_xrealloc(p->steps, c->capsteps * sizeof *p->steps);
    }
    p->steps[p->nsteps++] = (struct bc_cstep){xstrdup(st->label.name), pi, 0,
                                             st->label.span.line, st->fair};
    pr->nsteps++;
    for (size_t k = 0; k < st->stmts.n; k++)
      scan_hooks(c, st->stmts.v[k]);
  }
  /* pc: 0..nsteps (nsteps = ended) */
  struct bc_type pct = ty_make(BC_TY_INT);
  pct.lo = 0;
  pct.hi = pr->nsteps;
  char *name = join_name("pc(", pr->name, ")");
  int pcv = add_var(c, name, BC_VAR_PC, pct);
  free(name);
  p->vars[pcv].proc = pi;
  if (pr->family)
    var_add_dim(c, pcv, pr->lo, pr->ninst);
  pr = &p->procs[pi];
  pr->pc_var = pcv;
  if (account_var(c, pcv, d->name.span))
    var_initial(c, pcv, NULL, NULL, 0);

  /* locals */
  for (size_t i = 0; i < d->locals.n; i++) {
    const struct bc_decl *ld = d->locals.v[i];
    if (nm_get(&c->names, NS_PLOCAL, pi, ld->name.name) >= 0)
      bc_error(c->diag, ld->name.span, "duplicate process variable '%s'",
               ld->name.name);
    struct bc_type t;
    if (!resolve_type(c, ld->type, &t))
      t = ty_make(BC_TY_ERROR);
    char *lname = join_name(pr->name, ".", ld->name.name);
    int vi = add_var(c, lname, BC_VAR_USER, t);
    free(lname);
    p->vars[vi].proc = pi;
    if (nm_get(&c->names, NS_PLOCAL, pi, ld->name.name) < 0)
      nm_put(&c->names, NS_PLOCAL, pi, ld->name.name, vi);
    if (pr->family)
      var_add_dim(c, vi, pr->lo, pr->ninst);
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

static void declare_placement(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int pi = (int)p->nplacements;
  if (!sym_add(c, &d->name, SYM_PLACEMENT, pi))
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

static void resolve_placement_hooks(struct cc *c, const struct bc_decl *d,
                                    int pi) {
  struct bc_placement *pl = &c->p->placements[pi];
  for (size_t i = 0; i < d->idents.n; i++) {
    const struct bc_ident *h = d->idents.v[i];
    int hi = find_hook(c, h->name);
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

static void declare_constraint(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  int ci = (int)p->nconstraints;
  if (p->nconstraints >= BC_MAX_CONSTRAINTS - 1) {
    bc_error(c->diag, d->name.span, "too many constraints (at most %d)",
             BC_MAX_CONSTRAINTS - 1);
    return;
  }
  if (!sym_add(c, &d->name, SYM_CONSTRAINT, ci))
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
static void declare_window(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  if (!sym_add(c, &d->name, SYM_WINDOW, (int)p->nwindows))
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
    struct sym *s = sym_find(c, ev->first.name);
    if (!s || s->kind != SYM_PROC) {
      bc_error(c->diag, ev->first.span, "unknown process '%s'",
               ev->first.name);
      return r;
    }
    int st = find_label(c, s->idx, ev->second.name);
    if (st < 0) {
      bc_error(c->diag, ev->second.span, "process '%s' has no step '%s'",
               ev->first.name, ev->second.name);
      return r;
    }
    r.kind = EV_STEP;
    r.idx = (int)c->p->procs[s->idx].first_step + st;
    return r;
  }
  struct sym *s = sym_find(c, ev->first.name);
  if (s && s->kind == SYM_PLACEMENT) {
    r.kind = EV_PLACEMENT;
    r.idx = s->idx;
    return r;
  }
  int h = find_hook(c, ev->first.name);
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

static void resolve_constraint(struct cc *c, int ci) {
  struct cinfo *k = &c->cons[ci];
  const struct bc_decl *d = k->decl;
  if (d->ckind == BC_C_AT) {
    k->a = resolve_event(c, &d->ev_a);
  } else if (d->ckind == BC_C_BEFORE) {
    k->a = resolve_event(c, &d->ev_a);
    k->b = resolve_event(c, &d->ev_b);
    char *name = join_name("hist(", d->name.name, ")");
    struct bc_type t = ty_make(BC_TY_BOOL);
    k->hist_var = add_var(c, name, BC_VAR_HIST, t);
    free(name);
    c->p->vars[k->hist_var].constraint = ci;
    if (account_var(c, k->hist_var, d->name.span))
      var_initial(c, k->hist_var, NULL, NULL, 0);
  }
}

/* ----------------------------------------------------------- pass 2 */

static void stmt(struct cc *c, const struct bc_stmt *s);

/* Record the quantifiers of constraint 'k' (expression 'e') while it is
** compiled (until quant_of is reset). */
static void quant_begin(struct cc *c, struct bc_constraint *k,
                        const struct bc_expr *e) {
  c->quant_of = k;
  c->quant_root = e;
  c->quant_cur = -1;
  quant_drop(k, 0);
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
      struct bc_type t = expect_ty(c, k->decl->cexpr, BC_TY_BOOL,
                                   "a step assertion");
      (void)t;
      c->quant_of = NULL;
      local_pop(c, mark);
      if (!p->constraints[i].at_end) {
        p->constraints[i].at_code = start;
        p->constraints[i].at_end = here(c);
      }
      emit(c, BC_INS_ASSERT, (unsigned)i, 0, 0);
    }
    if (k->decl->ckind == BC_C_BEFORE && k->b.kind == kind &&
        k->b.idx == idx && k->hist_var >= 0) {
      emit(c, BC_INS_LOAD, 0, (uint32_t)k->hist_var, 0);
      emit(c, BC_INS_ASSERT, (unsigned)i, 0, 0);
    }
  }
  for (size_t i = 0; i < p->nconstraints; i++) {
    struct cinfo *k = &c->cons[i];
    if (p->constraints[i].implicit)
      continue;
    if (k->decl->ckind == BC_C_BEFORE && k->a.kind == kind &&
        k->a.idx == idx && k->hist_var >= 0) {
      push_k(c, 1);
      emit(c, BC_INS_STORE, 0, (uint32_t)k->hist_var, 0);
    }
  }
}

static void assign_stmt(struct cc *c, const struct bc_stmt *s) {
  int vi = -1;
  bool indexed = false;
  struct bc_type vt = var_ref(c, s->target, true, &vi, &indexed);
  uint32_t vstart = here(c);
  struct bc_type t = expr(c, s->value, is_err(vt) ? NULL : &vt);
  if (vi >= 0 && c->nprobe) {
    int64_t k = 0;
    bool cst = code_const(c, vstart, &k);
    loop_note(c, LA_WRITE, vi, own_of(c, s->target), cst, k,
              c->p->vars[vi].name, s->target->span);
  }
  if (t.idfam)
    bc_error(c->diag, s->value->span, "cannot store the member index of "
             "symmetric family '%s' in a variable (its members must stay "
             "interchangeable)", c->p->procs[t.idfam - 1].name);
  else if (!is_err(vt) && !is_err(t) && !ty_compat(vt, t)) {
    char b1[128], b2[128];
    bc_error(c->diag, s->value->span, "cannot assign %s to '%s', which is %s",
             ty_name(c, t, b1, sizeof b1), c->p->vars[vi].name,
             ty_name(c, vt, b2, sizeof b2));
  }
  if (vi >= 0)
    emit(c, indexed ? BC_INS_STOREX : BC_INS_STORE, 0, (uint32_t)vi, 0);
  else
    emit(c, BC_INS_POP, 0, 0, 0);
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
  local_pop(c, mark);
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
  struct bc_type et = domain(c, s->value, &d);
  check_range(c, &d, s->value);
  unsigned body = c->nlocals; /* above the domain's bounds */
  struct for_arg a = {s->body};
  int why = number_why(c, &s->var, NULL, s->body, &et);
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
      int xs = local_push(c, &s->var, L_SLOT, et);
      if (xs >= 0) {
        c->locals[c->nlocals - 1].loop = id;
        emit_loop(c, &d, xs, for_body, &a);
      }
      c->nprobe--;
      matters = xs >= 0 && loop_order_matters(c, nlacc, id, &w);
      if (!matters) {
        if (!c->nprobe)
          c->nlacc = nlacc;
        local_pop(c, mark);
        return;
      }
      local_pop(c, body);
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
          quant_drop(k, 0);
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
  int xs = local_push(c, &s->var, L_SLOT, et);
  if (xs >= 0) {
    c->locals[c->nlocals - 1].why = why;
    emit_loop(c, &d, xs, for_body, &a);
  }
  local_pop(c, mark);
}

static void call_stmt(struct cc *c, const struct bc_stmt *s) {
  struct sym *sy = sym_find(c, s->name.name);
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
  if (!checklimit(c, c->ncall + 1u, BC_MAX_CALLS, "procedure calls nested",
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
  if (!checklimit(c, d->idents.n, BC_MAX_ARGS, "arguments", s->name.span))
    return;
  /* a constant argument is bound as a constant (no slot, and the body's
  ** expressions fold with it) */
  struct bc_type tys[BC_MAX_ARGS];
  bool cst[BC_MAX_ARGS];
  int64_t val[BC_MAX_ARGS];
  for (size_t i = 0; i < s->stmts.n; i++) {
    const struct bc_expr *a = s->stmts.v[i];
    uint32_t start = here(c);
    tys[i] = expr(c, a, NULL);
    if (tys[i].kind == BC_TY_EMPTY)
      bc_error(c->diag, a->span, "cannot pass '{}' as an argument: its enum "
                                 "is unknown");
    cst[i] = !is_err(tys[i]) && code_const(c, start, &val[i]);
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
    const struct local *l = bound_name(c, s->stmts.v[i]);
    loop[i] = l ? l->loop : 0;
    why[i] = l ? l->why : 0;
  }
  for (size_t i = 0; i < d->idents.n; i++) {
    slots[i] = local_push(c, d->idents.v[i], cst[i] ? L_CONST : L_SLOT,
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
      emit(c, slots[i] >= 0 ? BC_INS_LSET : BC_INS_POP,
           slots[i] >= 0 ? (unsigned)slots[i] : 0, 0, 0);
  c->floor = mark;
  if (c->ncall == 0)
    c->call_span = s->name.span;
  c->callstack[c->ncall++] = d;
  stmt(c, d->body);
  c->ncall--;
  c->floor = saved_floor;
  local_pop(c, mark);
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
  unsigned saved_line = cur_line;
  if (s->span.line)
    cur_line = s->span.line;
  switch (s->kind) {
  case BC_S_ASSIGN:
    assign_stmt(c, s);
    break;
  case BC_S_AWAIT:
    expect_ty(c, s->value, BC_TY_BOOL, "the condition of 'await'");
    emit(c, BC_INS_AWAIT, 0, 0, 0);
    loop_note(c, LA_AWAIT, -1, 0, false, 0, NULL, s->span);
    break;
  case BC_S_SKIP:
    break;
  case BC_S_IF: {
    expect_ty(c, s->value, BC_TY_BOOL, "the condition of 'if'");
    uint32_t jz = emit(c, BC_INS_JZ, 0, 0, 0);
    stmt(c, s->body);
    if (s->els) {
      uint32_t jend = emit(c, BC_INS_JMP, 0, 0, 0);
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
    int t = temp_slot(c);
    push_k(c, (int64_t)n);
    emit(c, BC_INS_CHOOSE, 0, 0, 0);
    emit(c, BC_INS_LSET, (unsigned)t, 0, 0);
    /* every branch but the last ends with a jump past the others */
    uint32_t *ends = bc_xcalloc(n, sizeof *ends);
    size_t nends = 0;
    for (size_t i = 0; i < n; i++) {
      uint32_t jn = UINT32_MAX;
      if (i + 1 < n) {
        emit(c, BC_INS_LGET, (unsigned)t, 0, 0);
        push_k(c, (int64_t)i);
        emit(c, BC_INS_EQ, 0, 0, 0);
        jn = emit(c, BC_INS_JZ, 0, 0, 0);
      }
      stmt(c, s->stmts.v[i]);
      if (i + 1 < n) {
        ends[nends++] = emit(c, BC_INS_JMP, 0, 0, 0);
        patch(c, jn, here(c));
      }
    }
    assert(nends == n - 1);
    for (size_t i = 0; i < nends; i++)
      patch(c, ends[i], here(c));
    free(ends);
    local_pop(c, mark);
    break;
  }
  case BC_S_WITH: {
    unsigned mark = c->nlocals;
    struct domain d;
    struct bc_type et = domain(c, s->value, &d);
    check_range(c, &d, s->value);
    int why = number_why(c, &s->var, NULL, s->body, &et);
    /* an empty domain disables the step (symmetry: see for_stmt) */
    if (!(d.kind == 0 && d.konst && d.lo <= d.hi) && d.kind != 2)
      loop_note(c, LA_WITH, -1, 0, false, 0, NULL, s->span);
    switch (d.kind) {
    case 0: /* n = hi - lo + 1; x = lo + choice */
      emit(c, BC_INS_LGET, (unsigned)d.b, 0, 0);
      emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      emit(c, BC_INS_SUB, 0, 0, 0);
      push_k(c, 1);
      emit(c, BC_INS_ADD, 0, 0, 0);
      emit(c, BC_INS_CHOOSE, 0, 0, 0);
      emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      emit(c, BC_INS_ADD, 0, 0, 0);
      break;
    case 1: { /* x = nthbit(s, choice(card s)) */
      int i = temp_slot(c);
      emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      emit(c, BC_INS_CARD, 0, 0, 0);
      emit(c, BC_INS_CHOOSE, 0, 0, 0);
      emit(c, BC_INS_LSET, (unsigned)i, 0, 0);
      emit(c, BC_INS_LGET, (unsigned)d.a, 0, 0);
      emit(c, BC_INS_LGET, (unsigned)i, 0, 0);
      emit(c, BC_INS_NTHBIT, 0, 0, 0);
      break;
    }
    default:
      push_k(c, (int64_t)d.n);
      emit(c, BC_INS_CHOOSE, 0, 0, 0);
      break;
    }
    int xs = local_push(c, &s->var, L_SLOT, et);
    if (xs >= 0) {
      c->locals[c->nlocals - 1].why = why;
      emit(c, BC_INS_LSET, (unsigned)xs, 0, 0);
    } else {
      emit(c, BC_INS_POP, 0, 0, 0);
    }
    stmt(c, s->body);
    local_pop(c, mark);
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
    int st = find_label(c, c->cur_proc, s->name.name);
    if (st < 0) {
      bc_error(c->diag, s->name.span, "process '%s' has no label '%s'",
               c->p->procs[c->cur_proc].name, s->name.name);
      break;
    }
    if (c->loop_depth)
      bc_error(c->diag, s->span, "'goto' inside a 'for' loop is not allowed");
    emit(c, BC_INS_GOTO, (unsigned)st, 0, 0);
    break;
  }
  case BC_S_END:
    if (c->cur_proc < 0) {
      bc_error(c->diag, s->span, "'end' is only allowed in a process step");
      break;
    }
    if (c->loop_depth)
      bc_error(c->diag, s->span, "'end' inside a 'for' loop is not allowed");
    emit(c, BC_INS_GOTO, c->p->procs[c->cur_proc].nsteps, 0, 0);
    break;
  case BC_S_HOOK: {
    if (c->in_placement) {
      bc_error(c->diag, s->span, "a placement body cannot contain a hook");
      break;
    }
    int h = find_hook(c, s->name.name);
    if (h < 0)
      break;
    if (c->hook_reach && c->cur_proc >= 0)
      c->hook_reach[(size_t)h * c->p->nprocs + (size_t)c->cur_proc] = true;
    loop_note(c, LA_HOOK, -1, 0, false, 0, c->p->hooks[h].name, s->span);
    emit_events(c, EV_HOOK, h);
    emit(c, BC_INS_HOOK, (unsigned)h, 0, 0);
    break;
  }
  case BC_S_VIOLATE: {
    struct sym *sy = sym_find(c, s->name.name);
    if (!sy || sy->kind != SYM_CONSTRAINT) {
      bc_error(c->diag, s->name.span, "unknown constraint '%s'",
               s->name.name);
      break;
    }
    int str = add_string(c, s->text ? s->text : "");
    emit(c, BC_INS_VIOLATE, (unsigned)sy->idx, (uint32_t)str, 0);
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
  cur_line = saved_line;
}

static void gen_process(struct cc *c, const struct bc_decl *d, int pi) {
  struct bc_program *p = c->p;
  struct bc_proc *pr = &p->procs[pi];
  c->cur_proc = pi;
  unsigned mark = c->nlocals;
  if (pr->family) {
    struct bc_type it = ty_make(BC_TY_INT);
    if (pr->symmetric)
      it.idfam = pi + 1;
    local_push(c, &d->family->name, L_SELF, it);
  }
  unsigned si = 0;
  for (size_t i = 0; i < d->steps.n; i++) {
    const struct bc_step *st = d->steps.v[i];
    if (si >= pr->nsteps ||
        strcmp(p->steps[pr->first_step + si].label, st->label.name))
      continue; /* a duplicate label, already reported */
    struct bc_cstep *step = &p->steps[pr->first_step + si];
    assert(si < pr->nsteps && (c->depth == 0 || c->diag->nerr));
    cur_line = st->label.span.line;
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
    cur_line = st->label.span.line;
    emit(c, BC_INS_GOTO, si + 1, 0, 0);
    si++;
  }
  local_pop(c, mark);
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

static void gen_placement(struct cc *c, const struct bc_decl *d, int pi) {
  struct bc_placement *pl = &c->p->placements[pi];
  unsigned saved = c->nslots;
  placement_self(c, pi);
  c->in_placement = true;
  c->nslots = PLACEMENT_SLOTS;
  cur_line = d->name.span.line;
  pl->code = here(c);
  c->depth = 0;
  emit_events(c, EV_PLACEMENT, pi);
  stmt(c, d->body);
  emit(c, BC_INS_PRET, 0, 0, 0);
  c->in_placement = false;
  c->nslots = saved;
}

static void gen_constraint_expr(struct cc *c, int ci) {
  struct bc_constraint *k = &c->p->constraints[ci];
  const struct bc_decl *d = c->cons[ci].decl;
  if (d->ckind != BC_C_ALWAYS && d->ckind != BC_C_REACHABLE &&
      d->ckind != BC_C_EVENTUALLY && d->ckind != BC_C_LEADSTO &&
      d->ckind != BC_C_ALWAYS_EVENTUALLY)
    return;
  c->state_ctx = true;
  cur_line = d->name.span.line;
  k->code = here(c);
  c->depth = 0;
  k->conj_slot = -1;
  if (d->ckind == BC_C_ALWAYS && d->cexpr->kind == BC_E_QUANT &&
      d->cexpr->op == BC_OP_FORALL) {
    c->conj_of = k;
    c->conj_expr = d->cexpr;
  }
  quant_begin(c, k, d->cexpr);
  expect_ty(c, d->cexpr, BC_TY_BOOL, "a constraint");
  c->quant_of = NULL;
  c->conj_of = NULL;
  c->conj_expr = NULL;
  emit(c, BC_INS_EXIT, 0, 0, 0);
  if (d->ckind == BC_C_LEADSTO) { /* Q of P ~> Q */
    k->code2 = here(c);
    c->depth = 0;
    expect_ty(c, d->cexpr2, BC_TY_BOOL, "a constraint");
    emit(c, BC_INS_EXIT, 0, 0, 0);
  }
  c->state_ctx = false;
}

/* A window's predicate: a state expression, like an invariant's. */
static void gen_window_expr(struct cc *c, const struct bc_decl *d, int wi) {
  struct bc_window *w = &c->p->windows[wi];
  c->state_ctx = true;
  cur_line = d->name.span.line;
  w->code = here(c);
  c->depth = 0;
  expect_ty(c, d->cexpr, BC_TY_BOOL, "a window");
  emit(c, BC_INS_EXIT, 0, 0, 0);
  c->state_ctx = false;
}

/* columns C1, C2, ...; (docs/language.md 5.2): the matrix's column order */
static void gen_columns(struct cc *c, const struct bc_decl *d) {
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

static void gen_expect(struct cc *c, const struct bc_decl *d) {
  struct bc_program *p = c->p;
  if (d->value) { /* expect ... when COND: the line applies only if COND */
    int64_t v;
    struct bc_type t;
    c->decl_ctx = true;
    bool ok = const_eval(c, d->value, NULL, &v, &t, NULL);
    c->decl_ctx = false;
    if (!ok)
      return;
    if (t.kind != BC_TY_BOOL) {
      char b1[64];
      bc_error(c->diag, d->value->span, "the condition after 'when' must be "
               "a bool constant expression, not %s",
               ty_name(c, t, b1, sizeof b1));
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
    struct sym *s = sym_find(c, b->placement.name);
    if (!s || s->kind != SYM_PLACEMENT) {
      bc_error(c->diag, b->placement.span, "unknown placement '%s'",
               b->placement.name);
      ok = false;
      continue;
    }
    const struct bc_placement *pl = &p->placements[s->idx];
    int h = find_hook(c, b->hook.name), hi = -1;
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
    struct sym *s = sym_find(c, id->name);
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
          why_notes(c, x->why);
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
    unsigned w = is_err(v->type) ? 0 : type_width(p, &v->type);
    uint64_t at;
    off = var_extent(p, v, off, &at);
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
    cur_line = d->span.line;
    switch (d->kind) {
    case BC_D_CONST:
      declare_const(c, d);
      break;
    case BC_D_ENUM:
      declare_enum(c, d);
      break;
    case BC_D_VAR:
      declare_var(c, d);
      break;
    case BC_D_PROCESS:
      declare_process(c, d);
      break;
    case BC_D_PROCEDURE: {
      struct sym *s = sym_add(c, &d->name, SYM_PROCEDURE, -1);
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
        scan_hooks(c, d->body);
      break;
    }
    case BC_D_PLACEMENT:
      declare_placement(c, d);
      break;
    case BC_D_CONSTRAINT:
      declare_constraint(c, d);
      break;
    case BC_D_EXPECT:
      break;
    case BC_D_WINDOW:
      declare_window(c, d);
      break;
    case BC_D_SWEEP:
      declare_sweep(c, d);
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
      resolve_placement_hooks(c, c->pl_decls[i], (int)i);
      /* bc_config_count multiplies the candidates in a size_t */
      unsigned k = p->placements[i].nhooks ? p->placements[i].nhooks : 1;
      if (nconfigs <= BC_MAX_CONFIGS &&
          !checklimit(c, nconfigs * k, BC_MAX_CONFIGS, "configurations (the "
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
        resolve_constraint(c, (int)i);
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
        s = sym_find(c, d->name.name);
        if (s && s->kind == SYM_PROC && (size_t)s->idx == proc) {
          gen_process(c, d, s->idx);
          proc++;
        }
      }
    }
    for (size_t i = 0; i < decls->n; i++) {
      const struct bc_decl *d = decls->v[i];
      if (d->kind == BC_D_PLACEMENT && pl < p->nplacements &&
          c->pl_decls[pl] == d) {
        gen_placement(c, d, (int)pl);
        pl++;
      }
    }
    for (size_t i = 0; i < p->nconstraints; i++)
      if (!p->constraints[i].implicit)
        gen_constraint_expr(c, (int)i);
    for (size_t i = 0; i < decls->n; i++) {
      const struct bc_decl *d = decls->v[i];
      if (d->kind == BC_D_EXPECT)
        gen_expect(c, d);
      else if (d->kind == BC_D_COLUMNS)
        gen_columns(c, d);
    }
    {
      size_t wi = 0;
      for (size_t i = 0; i < decls->n; i++) {
        const struct bc_decl *d = decls->v[i];
        if (d->kind != BC_D_WINDOW || wi >= p->nwindows)
          continue;
        if (!strcmp(p->windows[wi].id, d->name.name))
          gen_window_expr(c, d, (int)wi++);
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
    quant_drop(&p->constraints[i], 0);
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
  free(p);
}
