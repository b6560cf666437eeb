/*
** ast.h - the syntax tree of a .boot spec (docs/language.md).
**
** Built by the parser (checker/front/parse.c) in an arena; read by the compiler
** (checker/front/compile.c). Names are not resolved here: every identifier is kept
** as text with its span. Lists are bc_ptrvec of node pointers.
*/
#ifndef BOOTCHECK_AST_H
#define BOOTCHECK_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "bootcheck/arena.h"
#include "bootcheck/diag.h"

struct bc_ident {
  const char *name; /* arena string */
  struct bc_span span;
};

/* ---------------------------------------------------------------- exprs */

enum bc_expr_kind {
  BC_E_INT,      /* ival */
  BC_E_BOOL,     /* ival 0/1 */
  BC_E_NAME,     /* name: const, enum member, variable, index or bound var */
  BC_E_INDEX,    /* a[i]: lhs = base (NAME or INDEX), rhs = index */
  BC_E_SET,      /* {e, ...}: items */
  BC_E_RANGE,    /* lo..hi: lhs, rhs (only as a domain or right of `in`) */
  BC_E_UNOP,     /* op, lhs */
  BC_E_BINOP,    /* op, lhs, rhs */
  BC_E_QUANT,    /* forall/exists: op (BC_OP_FORALL/EXISTS), var, lhs = domain,
                    rhs = body */
  BC_E_COND,     /* if c then a else b: cond, lhs, rhs */
  BC_E_SELF,     /* self */
  BC_E_CARD,     /* card(lhs) */
  BC_E_ATLABEL,  /* at_label(proc.label[idx]): var = proc, label, lhs = idx
                    or NULL */
};

enum bc_op {
  /* unary */
  BC_OP_NOT, BC_OP_NEG,
  /* binary, loosest first */
  BC_OP_IFF, BC_OP_IMPLIES, BC_OP_OR, BC_OP_AND,
  BC_OP_EQ, BC_OP_NE, BC_OP_LT, BC_OP_LE, BC_OP_GT, BC_OP_GE,
  BC_OP_IN, BC_OP_NOTIN,
  BC_OP_ADD, BC_OP_SUB, BC_OP_MUL, BC_OP_DIV, BC_OP_MOD,
  /* quantifiers */
  BC_OP_FORALL, BC_OP_EXISTS,
};

struct bc_expr {
  enum bc_expr_kind kind;
  enum bc_op op;
  struct bc_span span; /* the whole expression (for carets) */
  int64_t ival;
  struct bc_ident name;  /* BC_E_NAME */
  struct bc_ident var;   /* BC_E_QUANT bound name; BC_E_ATLABEL process */
  struct bc_ident label; /* BC_E_ATLABEL */
  struct bc_expr *cond, *lhs, *rhs;
  struct bc_ptrvec items; /* BC_E_SET: struct bc_expr* */
};

/* ---------------------------------------------------------------- types */

enum bc_typeexpr_kind { BC_T_BOOL, BC_T_RANGE, BC_T_NAMED, BC_T_SETOF };

struct bc_typeexpr {
  enum bc_typeexpr_kind kind;
  struct bc_span span;
  struct bc_expr *lo, *hi; /* BC_T_RANGE */
  struct bc_ident name;    /* BC_T_NAMED (an enum), BC_T_SETOF (its enum) */
};

/* ---------------------------------------------------------------- stmts */

enum bc_stmt_kind {
  BC_S_ASSIGN,  /* target := value */
  BC_S_AWAIT,   /* await value */
  BC_S_SKIP,
  BC_S_IF,      /* if value then body else els (els may be NULL) */
  BC_S_EITHER,  /* branches: struct bc_stmt* (each a BC_S_BLOCK) */
  BC_S_WITH,    /* with var in value body */
  BC_S_FOR,     /* for var in value body (also `forall x in S: stmt`) */
  BC_S_GOTO,    /* goto name */
  BC_S_END,
  BC_S_HOOK,    /* hook name */
  BC_S_VIOLATE, /* violate name "text" (text may be NULL) */
  BC_S_CALL,    /* name(args) */
  BC_S_BLOCK,   /* { stmts } */
};

struct bc_stmt {
  enum bc_stmt_kind kind;
  struct bc_span span;   /* the statement's first token */
  struct bc_expr *target; /* BC_S_ASSIGN lvalue: NAME or INDEX chain */
  struct bc_expr *value;  /* rhs, await/if condition, with/for domain */
  struct bc_stmt *body, *els;
  struct bc_ident name;   /* goto label, hook, violate id, callee */
  struct bc_ident var;    /* with/for bound name */
  const char *text;       /* violate message (arena), or NULL */
  struct bc_ptrvec stmts; /* BC_S_BLOCK children; BC_S_EITHER branches;
                             BC_S_CALL arguments (struct bc_expr*) */
};

/* ---------------------------------------------------------------- decls */

struct bc_dim {          /* [name in lo..hi] */
  struct bc_ident name;
  struct bc_expr *lo, *hi;
};

struct bc_step {
  struct bc_ident label;
  unsigned fair;          /* 'fair L:' 1 (weak), 'fair+ L:' 2 (strong) */
  struct bc_ptrvec stmts; /* struct bc_stmt* */
};

enum bc_constraint_kind {
  BC_C_ALWAYS,     /* expr */
  BC_C_AT,         /* at a: expr */
  BC_C_BEFORE,     /* a before b */
  BC_C_DEADLOCK,   /* no deadlock */
  BC_C_REACHABLE,  /* expr */
  BC_C_EVENTUALLY, /* expr */
  BC_C_LEADSTO,    /* cexpr ~> cexpr2 */
  BC_C_ALWAYS_EVENTUALLY, /* always eventually expr */
  BC_C_VIOLATIONS, /* only `violate` statements */
};

struct bc_event {        /* IDENT or IDENT '.' IDENT */
  struct bc_ident first;
  struct bc_ident second; /* .name == NULL when absent */
  struct bc_span span;
};

struct bc_binding {      /* placement at hook */
  struct bc_ident placement, hook;
};

enum bc_decl_kind {
  BC_D_CONST, BC_D_ENUM, BC_D_VAR, BC_D_PROCESS, BC_D_PROCEDURE,
  BC_D_PLACEMENT, BC_D_CONSTRAINT, BC_D_EXPECT,
  BC_D_WINDOW,  /* name, title, cexpr: an exposure window */
  BC_D_SWEEP,   /* name: the constant; value: the range lo..hi or the
                   set {v, ...} of values regress checks it with */
  BC_D_COLUMNS, /* idents: constraint ids (struct bc_ident*), the order
                   of the verdict matrix's columns */
};

struct bc_decl {
  enum bc_decl_kind kind;
  struct bc_span span;     /* the keyword */
  struct bc_ident name;    /* const/enum/var/process/procedure/placement
                              name; constraint id; unused for expect */
  /* BC_D_CONST: value. BC_D_VAR: value = initial value or NULL.
     BC_D_EXPECT: value = the 'when' condition or NULL. */
  struct bc_expr *value;
  /* BC_D_ENUM: members (struct bc_ident*). BC_D_PROCEDURE: params
     (struct bc_ident*). BC_D_PLACEMENT: hooks (struct bc_ident*). */
  struct bc_ptrvec idents;
  /* BC_D_VAR */
  struct bc_ptrvec dims; /* struct bc_dim* */
  struct bc_typeexpr *type;
  /* BC_D_PROCESS */
  struct bc_dim *family;   /* [i in lo..hi] or NULL */
  bool symmetric;
  unsigned fair;           /* 'fair process' 1 (weak), 'fair+ process' 2 */
  struct bc_ptrvec locals; /* struct bc_decl* of kind BC_D_VAR, no dims */
  struct bc_ptrvec steps;  /* struct bc_step* */
  /* BC_D_PROCEDURE, BC_D_PLACEMENT */
  struct bc_stmt *body;    /* a BC_S_BLOCK */
  /* BC_D_CONSTRAINT, BC_D_WINDOW (cexpr is the window's predicate) */
  const char *title;       /* also the spec title */
  enum bc_constraint_kind ckind;
  struct bc_event ev_a, ev_b;
  struct bc_expr *cexpr;
  struct bc_expr *cexpr2;  /* BC_C_LEADSTO: the right side Q of P ~> Q */
  /* BC_D_EXPECT */
  struct bc_ptrvec bindings; /* struct bc_binding* */
  bool expect_holds;
  struct bc_ptrvec violated; /* struct bc_ident* */
};

struct bc_ast {
  struct bc_ident spec_name;  /* .name NULL if the header is missing */
  const char *spec_title;     /* or NULL */
  struct bc_ptrvec decls;     /* struct bc_decl*, in source order */
};

/*
** Parse 'src' into '*ret' (nodes in 'arena'). Errors go to 'diag'; the
** parser recovers at ';' and at declaration keywords, so one run reports
** several errors. Returns 0 when no error was added, -1 otherwise (the tree
** is then partial but safe to free with the arena).
*/
int bc_parse(const struct bc_source *src, struct bc_arena *arena,
             struct bc_diag *diag, struct bc_ast *ret);

#endif /* BOOTCHECK_AST_H */
