/*
** compile_cc.h - what the parts of the compiler share (compile.c: names,
** symbols, emission, layout and the driver; compile_expr.c: expressions;
** compile_decl.c: pass 1, the declarations; compile_stmt.c: pass 2,
** steps, placements, constraint expressions and expectations). Private
** to checker/front/compile*.c.
*/
#ifndef BOOTCHECK_COMPILE_CC_H
#define BOOTCHECK_COMPILE_CC_H

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

/* A name bound over the constant range lo..hi in slot 'slot'. */
struct qbound {
  int slot;
  int64_t lo, hi;
  const struct qbound *outer;
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
  /* the names bound by the quantifiers being compiled over constant
  ** ranges, innermost first (compile_expr.c: may_fail) */
  const struct qbound *qbound;
  /* the last quantifier compiled, and its domain when a constant range
  ** (cc_fact_note) */
  const struct bc_expr *last_q;
  bool last_q_konst;
  int64_t last_q_lo, last_q_hi;
  bool state_ctx;       /* a constraint expression: state, no self */
  const struct bc_decl *callstack[BC_MAX_CALLS];
  unsigned ncall;
  int loop_depth;
};

/* ----------------------------------------------------------- helpers */

static inline struct bc_span nospan(void) { return (struct bc_span){0, 0, 0, 0}; }

static inline char *xstrdup(const char *s) { return bc_xstrdup(s ? s : ""); }

static inline struct bc_type ty_make(enum bc_tykind k) {
  struct bc_type t = {k, -1, 0, 0, 0};
  return t;
}

static inline struct bc_type ty_enum(enum bc_tykind k, int id) {
  struct bc_type t = {k, id, 0, 0, 0};
  return t;
}

static inline uint32_t here(struct cc *c) { return (uint32_t)c->p->ncode; }

static inline void patch(struct cc *c, uint32_t at, uint32_t target) {
  assert(at < c->p->ncode && target <= c->p->ncode);
  assert(c->p->code[at].op == BC_INS_JMP || c->p->code[at].op == BC_INS_JZ ||
         c->p->code[at].op == BC_INS_JNZ); /* a jump's target */
  c->p->code[at].b = target;
}

static inline bool is_err(struct bc_type t) { return t.kind == BC_TY_ERROR; }

/* the source line of the instructions being emitted */
extern unsigned cc_cur_line;

/* ----------------------------------------------------------- shared */

/* name spaces of the name table (compile.c) */
enum { NS_SYM, NS_LABEL, NS_PLOCAL, NS_HOOK };

/* a domain to loop over (compile_expr.c) */
struct domain {
  int kind;
  int a, b;
  unsigned n;
  bool konst;      /* a range with constant bounds lo..hi */
  int64_t lo, hi;
};

typedef void (*loop_body_fn)(struct cc *c, void *arg);

/* the local slots of placement bodies start here (compile.c) */
#define PLACEMENT_SLOTS 128u

void cc_quant_drop(struct bc_constraint *k, unsigned n);
int cc_sym_of_range(const struct cc *c, int64_t lo, int64_t hi);
bool cc_code_const(const struct cc *c, uint32_t start, int64_t *k);
void cc_record_access(struct cc *c, int var, int fam, bool is_const,
                      int64_t k, struct bc_span sp, int why);
const char *cc_ty_name(struct cc *c, struct bc_type t, char *buf,
                       size_t len);
bool cc_checklimit(struct cc *c, uint64_t v, uint64_t limit,
                   const char *what, struct bc_span sp);
int cc_nm_get(const struct nmap *m, int kind, int owner,
              const char *name);
void cc_nm_put(struct nmap *m, int kind, int owner, const char *name,
               int val);
struct sym *cc_sym_find(struct cc *c, const char *name);
struct sym *cc_sym_add(struct cc *c, const struct bc_ident *id,
                       enum symkind kind, int idx);
struct local *cc_local_find(struct cc *c, const char *name);
/* Record the fact about every element that condition 'e', just compiled
** (a quantifier under `not`s), gives where its value is 'val': on way
** 'edge' out of instruction 'pc' (struct bc_ufact). */
void cc_fact_note(struct cc *c, const struct bc_expr *e, bool val,
                  uint32_t pc, int edge);
int cc_local_push(struct cc *c, const struct bc_ident *id,
                  enum localkind kind, struct bc_type ty);
void cc_local_pop(struct cc *c, unsigned to);
int cc_temp_slot(struct cc *c);
struct local *cc_bound_name(struct cc *c, const struct bc_expr *e);
int cc_why_of(struct cc *c, const struct bc_expr *e);
int cc_own_of(struct cc *c, const struct bc_expr *e);
void cc_loop_note(struct cc *c, int kind, int var, int own, bool is_const,
                  int64_t k, const char *name, struct bc_span sp);
void cc_why_notes(struct cc *c, int why);
int cc_number_why(struct cc *c, const struct bc_ident *x,
                  const struct bc_expr *e, const struct bc_stmt *s,
                      struct bc_type *t);
uint32_t cc_emit(struct cc *c, unsigned op, unsigned a, uint32_t b,
                 int64_t k);
void cc_push_k(struct cc *c, int64_t k);
int cc_add_string(struct cc *c, const char *s);
char *cc_join_name(const char *a, const char *b, const char *c3);
int cc_add_var(struct cc *c, const char *name, enum bc_varkind kind,
               struct bc_type ty);
void cc_var_add_dim(struct cc *c, int var, int64_t lo, int64_t len);
bool cc_ty_compat(struct bc_type a, struct bc_type b);
struct bc_type cc_expect_ty(struct cc *c, const struct bc_expr *e,
                            enum bc_tykind kind, const char *what);
struct bc_type cc_var_ref(struct cc *c, const struct bc_expr *e,
                          bool store, int *ret_var, bool *ret_indexed);
struct bc_type cc_domain(struct cc *c, const struct bc_expr *e,
                         struct domain *d);
void cc_check_range(struct cc *c, const struct domain *d,
                    const struct bc_expr *e);
void cc_emit_loop(struct cc *c, struct domain *d, int xs,
                  loop_body_fn body, void *arg);
int cc_find_label(struct cc *c, int proc, const char *label);
struct bc_type cc_expr(struct cc *c, const struct bc_expr *e,
                       const struct bc_type *want);
bool cc_const_eval(struct cc *c, const struct bc_expr *e,
                   const struct bc_type *want, int64_t *ret,
                       struct bc_type *ret_ty, const int64_t *locals);
bool cc_const_int(struct cc *c, const struct bc_expr *e, int64_t *ret);
void cc_declare_sweep(struct cc *c, const struct bc_decl *d);
void cc_declare_const(struct cc *c, const struct bc_decl *d);
void cc_declare_enum(struct cc *c, const struct bc_decl *d);
unsigned cc_type_width(const struct bc_program *p, const struct bc_type *t);
uint64_t cc_var_extent(const struct bc_program *p, const struct bc_var *v,
                       uint64_t off, uint64_t *ret_at);
void cc_declare_var(struct cc *c, const struct bc_decl *d);
void cc_scan_hooks(struct cc *c, const struct bc_stmt *s);
int cc_find_hook(struct cc *c, const char *name);
void cc_declare_process(struct cc *c, const struct bc_decl *d);
void cc_declare_placement(struct cc *c, const struct bc_decl *d);
void cc_resolve_placement_hooks(struct cc *c, const struct bc_decl *d,
                                int pi);
void cc_declare_constraint(struct cc *c, const struct bc_decl *d);
void cc_declare_window(struct cc *c, const struct bc_decl *d);
void cc_resolve_constraint(struct cc *c, int ci);
void cc_gen_process(struct cc *c, const struct bc_decl *d, int pi);
void cc_gen_placement(struct cc *c, const struct bc_decl *d, int pi);
void cc_gen_constraint_expr(struct cc *c, int ci);
void cc_gen_window_expr(struct cc *c, const struct bc_decl *d, int wi);
void cc_gen_columns(struct cc *c, const struct bc_decl *d);
void cc_gen_expect(struct cc *c, const struct bc_decl *d);

#endif /* BOOTCHECK_COMPILE_CC_H */
