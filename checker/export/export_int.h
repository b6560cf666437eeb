/*
** export_int.h - what the exporters (murphi.c, promela.c) share with the
** translation core (xlate.c) and the command (export.c).
**
** A block of the compiled program (a step, or a constraint's expression)
** is translated from its bytecode, with the placements of the chosen
** configuration inlined at their hooks: the operand stack becomes
** expressions (a symbolic stack), materialised into slot variables T0..Tn
** where control flow joins; the pure diamonds that `and`, `or` and
** if-expressions compile to are folded back into expressions; whatever
** remains is basic blocks joined by gotos (Promela) or by a dispatch loop
** (Murphi has no goto). docs/export.md has the whole scheme.
*/
#ifndef BOOTCHECK_EXPORT_INT_H
#define BOOTCHECK_EXPORT_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bootcheck/diag.h"
#include "bootcheck/model.h"
#include "front/compile_int.h"

enum { XT_MURPHI, XT_PROMELA };

#define XI_NOP 0xfffe        /* an instruction removed by the peephole */
#define XI_RTERR 0xfffd      /* a = BC_RT_* reason: a runtime error */

/* One instruction of a block after inlining (jump targets relocated). */
struct xins {
  uint16_t op, a;
  uint32_t b;
  int64_t k;
  unsigned line;
};

/* A block ready to be emitted. */
struct xcode {
  struct xins *v;
  size_t n, cap;
  int *depth;        /* stack depth before each instruction; -1: dead */
  unsigned *refs;    /* unfolded reachable jumps to each instruction */
  uint32_t *join;    /* JZ/JNZ folded into an expression: where it joins */
  bool *leader;      /* starts a basic block */
  int maxdepth;
  unsigned nchoose;  /* CHOOSE instructions reachable */
  unsigned line;     /* the block's source line */
  bool viol[BC_MAX_CONSTRAINTS]; /* constraints it may mark violated */
  /* Murphi: bound on the choice points of one path and on the values of
  ** each (xl_bound_choices) */
  unsigned nch;
  int64_t chmax[BC_VM_MAX_CHOICES];
};

/* The export of one configuration. */
struct xl {
  const struct bc_program *p;
  const unsigned *choice; /* placement -> index into its hooks */
  int target;
  FILE *o;
  struct bc_diag *diag;
  const struct bc_source *src;
  char **vname;           /* per variable: its name in the output */
  char **pname;           /* per process */
  /* per variable, or NULL: the output holds value - voff[i] (Promela: an
  ** array whose elements start unequal and some negative is stored from
  ** its type's low end up, since SPIN's initialiser list takes no
  ** negative number) */
  int64_t *voff;
  int nerr;
};

/* What variable 'var' is stored with subtracted (struct xl's voff). */
static inline int64_t xl_voff(const struct xl *x, size_t var) {
  return x->voff ? x->voff[var] : 0;
}

struct xmode {
  const char *pfx;   /* label prefix (unique per emitted copy) */
  bool check;        /* Promela: the enabledness pass of the check step */
  bool expr;         /* an expression: EXIT gives the result */
  bool const_self;   /* Promela: self is the constant 'self' */
  int64_t self;
  int proc;          /* the step's process (its pc is set at GOTO), or -1 */
  int indent;
};

/* Inline, simplify and analyse the block at 'start'. 0, or -1 after a
** diagnostic. */
int xl_build(struct xl *x, uint32_t start, struct xcode *c);
void xl_code_free(struct xcode *c);
/* Free the n built blocks of the array 'c' and the array itself. */
void xl_codes_free(struct xcode *c, size_t n);
/* Murphi: bound the choices of a step (c->nch, c->chmax); -1 after a
** diagnostic when they cannot be bounded. */
int xl_bound_choices(struct xl *x, struct xcode *c, const struct bc_proc *pr);
/* Emit the statements of a built block. */
void xl_emit(struct xl *x, const struct xcode *c, const struct xmode *m);

/* An error at the start of source line 'line' (exit status 2). */
void xl_error(struct xl *x, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The source line declaring variable 'name' (0 if not found). */
unsigned xl_var_line(const struct xl *x, const char *name);
/* "name" made a valid identifier of the target, unique among 'taken'. */
char *xl_ident(int target, const char *name, char **taken, size_t ntaken);
/* Element 'elem' of variable 'var' in the initial state. */
int64_t xl_init_value(const struct xl *x, size_t var, size_t elem);
/* A comment after an enum or set variable's declaration naming its
** members' values (bits for a set), between 'open' and 'close'. */
void xl_enum_comment(const struct xl *x, const struct bc_var *v, FILE *o,
                     const char *open, const char *close);
/* The number of values of an enum set's bits / the largest stored value. */
int64_t xl_type_hi(const struct bc_program *p, const struct bc_type *t);
int64_t xl_type_lo(const struct bc_type *t);
/* Murphi's element range of a variable's dimension 0 (1-D arrays keep
** their index range; others are flattened to 0..nelems-1). */
bool xl_flat(const struct bc_var *v);

/* Printf into a new string. */
char *xl_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void xl_indent(FILE *o, int n);

/* The exporters. */
int bc_export_murphi(struct xl *x);
int bc_export_promela(struct xl *x);

#endif /* BOOTCHECK_EXPORT_INT_H */
