/*
** model.h - the compiled model: packed state layout, steps as bytecode,
** hooks, placements, constraints and expectations.
**
** checker/front/compile.c builds a bc_program from a parsed spec; checker/model/vm.c runs
** its steps on packed states; checker/explore/explore.c drives the search. The
** program is one object with its own _free; nothing in it points into the
** AST or the source.
*/
#ifndef BOOTCHECK_MODEL_H
#define BOOTCHECK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bootcheck/diag.h"

/* ---------------------------------------------------------------- types */

enum bc_tykind {
  BC_TY_BOOL,
  BC_TY_INT,   /* bounded lo..hi when stored; unbounded in expressions */
  BC_TY_ENUM,  /* enum_id */
  BC_TY_SET,   /* set of enum_id (bitmask) */
  BC_TY_RANGE, /* a domain lo..hi (only as `in`/with/for/quantifier domain) */
  BC_TY_EMPTY, /* the literal {} before its enum is known */
  BC_TY_ERROR, /* an expression that already produced a diagnostic */
};

struct bc_type {
  enum bc_tykind kind;
  int enum_id;
  int64_t lo, hi; /* BC_TY_INT storage bounds */
  int idfam;      /* compile time: 1 + the symmetric process family whose
                     member index this value is (0: an ordinary value) */
};

struct bc_enum {
  char *name;
  unsigned n;
  char **members;
};

/* ---------------------------------------------------------------- state */

enum bc_varkind {
  BC_VAR_USER,  /* a `var` (global, or a process local: name "proc.x") */
  BC_VAR_PC,    /* program counter of a process (array for a family) */
  BC_VAR_HIST,  /* history bit of a `before` constraint */
};

#define BC_MAX_DIMS 4

/* A state variable; an array is nelems elements of one field layout each. */
struct bc_var {
  char *name;
  enum bc_varkind kind;
  struct bc_type type;
  unsigned ndims;
  int64_t dim_lo[BC_MAX_DIMS], dim_len[BC_MAX_DIMS];
  uint32_t nelems;
  uint32_t bitoff; /* bit offset of element 0 */
  uint8_t width;   /* bits per element (0 when the type has one value) */
  uint8_t stride;  /* bits from one element to the next */
  int proc;        /* BC_VAR_PC: its process; BC_VAR_USER local: owner or -1 */
  int constraint;  /* BC_VAR_HIST: its constraint */
};

/* The VM's compact view of a variable (one cache line holds one or two):
** where its elements live, how to decode them, its first index range. */
struct bc_field {
  uint32_t bitoff;
  uint8_t width, stride;
  uint8_t is_int;  /* value = bits + lo; stores check lo..hi */
  uint8_t pad;
  int64_t lo, hi;
  int64_t dlo, dlen; /* dimension 0 */
};

/* ---------------------------------------------------------------- code */

/* One instruction: opcode, two small operands and a 64-bit constant. */
struct bc_insn {
  uint16_t op;
  uint16_t a;
  uint32_t b;
  int64_t k;
};

/* What an opcode's operands name and what it does besides computing
** (include/bootcheck/opcodes.def, which uses these). */
enum bc_opuse {
  BC_U_K = 1u << 0,          /* k is a constant operand */
  BC_U_VAR = 1u << 1,        /* b is a state variable */
  BC_U_DIM = 1u << 2,        /* a is a dimension of variable b */
  BC_U_SLOT = 1u << 3,       /* a is a local slot */
  BC_U_TARGET = 1u << 4,     /* b is an instruction (a jump target) */
  BC_U_CONSTRAINT = 1u << 5, /* a is a constraint */
  BC_U_STRING = 1u << 6,     /* b is a string (a message) */
  BC_U_HOOK = 1u << 7,       /* a is a hook */
  BC_U_STEP = 1u << 8,       /* a is a step of the process (nsteps: ended) */
  BC_U_REASON = 1u << 9,     /* a is a reason */
  BC_U_READ = 1u << 10,      /* reads variable b ... */
  BC_U_WRITE = 1u << 11,     /* writes variable b ... */
  BC_U_ELEM = 1u << 12,      /* ... at the element index on the stack
                                (below the value written); else element 0 */
  BC_U_LREAD = 1u << 13,     /* reads local slot a */
  BC_U_LWRITE = 1u << 14,    /* writes local slot a */
  BC_U_JUMP = 1u << 15,      /* continues at b */
  BC_U_BRANCH = 1u << 16,    /* continues at b or at the next instruction */
  BC_U_END = 1u << 17,       /* has no next instruction: the step (GOTO),
                                the expression (EXIT), the placement body
                                (PRET) or the run (HALT) ends */
  BC_U_FAIL = 1u << 18,      /* may stop the run with a runtime error */
  BC_U_DISABLE = 1u << 19,   /* may disable the path */
  BC_U_CHOICE = 1u << 20,    /* splits the path, one per value */
  BC_U_CALL = 1u << 21,      /* runs other code, then continues here */
  BC_U_VIOLATE = 1u << 22,   /* may mark constraint a violated */
};

/* Opcodes (include/bootcheck/opcodes.def has the list with semantics). */
enum bc_opcode {
#define BC_OPCODE(name, pops, pushes, uses, doc) BC_INS_##name,
#include "bootcheck/opcodes.def"
#undef BC_OPCODE
  BC_INS__COUNT
};

/* An opcode's line of opcodes.def. */
struct bc_opinfo {
  const char *name;
  unsigned char pops, pushes;
  uint32_t uses;             /* enum bc_opuse */
  const char *doc;
};
extern const struct bc_opinfo bc_opinfo[BC_INS__COUNT];

const char *bc_opcode_name(unsigned op);
/* How many values the opcode leaves on the stack minus how many it takes. */
int bc_opcode_effect(unsigned op);
/* How many values it takes (0 for an opcode that is not in the list). */
static inline int bc_opcode_pops(unsigned op) {
  return op < BC_INS__COUNT ? bc_opinfo[op].pops : 0;
}
/* Its enum bc_opuse (0 for an opcode that is not in the list). */
static inline uint32_t bc_opcode_uses(unsigned op) {
  return op < BC_INS__COUNT ? bc_opinfo[op].uses : 0;
}
/* Does it (maybe) continue at operand b? */
static inline bool bc_opcode_jumps(unsigned op) {
  return (bc_opcode_uses(op) & (BC_U_JUMP | BC_U_BRANCH)) != 0;
}
/* May it continue at the next instruction? */
static inline bool bc_opcode_falls(unsigned op) {
  return !(bc_opcode_uses(op) & (BC_U_JUMP | BC_U_END));
}

/* ---------------------------------------------------------------- procs */

struct bc_cstep {
  char *label;
  int proc;
  uint32_t code;       /* first instruction */
  unsigned line;       /* source line of the label */
  unsigned fair;       /* 'fair L:' 1 (weak), 'fair+ L:' 2 (strong), else 0 */
};

struct bc_proc {
  char *name;
  bool family, symmetric;
  int64_t lo, hi;      /* index range (0..0 for a single process) */
  unsigned ninst;      /* hi - lo + 1 */
  unsigned first_inst; /* global instance number of index lo */
  unsigned nsteps;     /* steps[first_step .. first_step+nsteps) */
  unsigned first_step;
  int pc_var;          /* its BC_VAR_PC variable */
  char *index_name;    /* family index name, or NULL */
  unsigned fair;       /* 'fair process' 1 (weak fairness of each
                          member's steps), 'fair+ process' 2 (strong) */
};

/* A process instance: process + index value. */
struct bc_inst {
  int proc;
  int64_t self;
};

struct bc_hook {
  char *name;
  unsigned nsites;     /* hook statements naming it */
};

struct bc_placement {
  char *name;
  unsigned nhooks;
  int *hooks;          /* candidate hook ids, in declaration order */
  uint32_t code;       /* body, ends with PRET */
  unsigned line;
};

enum bc_ckind {
  BC_CK_ALWAYS, BC_CK_AT, BC_CK_BEFORE, BC_CK_DEADLOCK, BC_CK_REACHABLE,
  BC_CK_EVENTUALLY, /* every liveness property (see 'live') */
  BC_CK_VIOLATIONS,
};

/* The liveness properties (kind BC_CK_EVENTUALLY; docs/liveness.md). */
enum bc_live {
  BC_LIVE_EVENTUALLY,        /* eventually P: code */
  BC_LIVE_LEADSTO,           /* P ~> Q: code P, code2 Q */
  BC_LIVE_ALWAYS_EVENTUALLY, /* always eventually P: code */
};

/*
** A quantifier in a constraint's expression (an invariant, a `reachable`,
** an `at` assertion at its first site), so that reports can name the bound
** value that decides it (checker/report/report.c: "here c = 1: ...").
** The quantifier's body is code [body, store); 'store' is the LSET that
** keeps its result, the body's value (forall: false decides; exists: true)
** on top of the stack there.
*/
struct bc_quant {
  char *name;           /* the bound name */
  struct bc_type type;  /* its values */
  int slot;             /* its local slot */
  uint32_t body, store;
  bool forall;
  int sign;             /* the quantifier's value counts towards the
                           constraint's as is (+1), negated (-1: under
                           `not`, left of `=>`), or otherwise (0) */
  int parent;           /* the enclosing quantifier, or -1 */
};

struct bc_constraint {
  char *id;
  char *title;
  enum bc_ckind kind;
  uint32_t code;       /* ALWAYS/REACHABLE/EVENTUALLY: expression, ends
                          with EXIT */
  enum bc_live live;   /* EVENTUALLY: which liveness property */
  uint32_t code2;      /* BC_LIVE_LEADSTO: Q, ends with EXIT */
  bool implicit;       /* the implicit deadlock check */
  char *text;          /* the body as written, for reports */
  unsigned line;
  /* AT: the expression as compiled at the first site of its event,
  ** instructions [at_code, at_end) before the ASSERT (at_end 0: none).
  ** Reports read it to name the variables a constraint looks at. */
  uint32_t at_code, at_end;
  /* ALWAYS of the form `forall x in lo..hi: P(x)`: the bound name's local
  ** slot (else -1) and the range, so that checker/explore/por.c can see which
  ** variables each conjunct P(x) reads. */
  int conj_slot;
  int64_t conj_lo, conj_hi;
  unsigned nquants;
  struct bc_quant *quants;
};

/*
** An exposure window (`window W "title": P;`, docs/language.md 4.1): not a
** verdict but a measurement. checker/explore/window.c finds, per configuration,
** the longest run of consecutive steps taken from states where P holds.
*/
struct bc_window {
  char *id;
  char *title;
  uint32_t code;       /* the predicate, ends with EXIT */
  /* its top-level conjuncts (`A and B and C`), each compiled on its own
  ** (ends with EXIT), so that the window pass under --por can tell a
  ** conjunct that stays false (window.c); one entry, 'code', when the
  ** predicate is no conjunction */
  uint32_t *conj;
  unsigned nconj;
  /* per conjunct: when it is `exists x in lo..hi: B(x)` (qkind 1) or
  ** `forall ...` (2) over a constant range, B's code with x as `self`
  ** (bc_vm_eval_self; ends with EXIT) and the range; else qkind 0 */
  uint8_t *qkind;
  uint32_t *qbody;
  int64_t *qlo, *qhi;
  char *text;          /* the predicate as written, for reports */
  unsigned line;
};

struct bc_expect {
  unsigned nbind;
  int *bind_placement, *bind_hook;
  bool holds;
  unsigned nviol;
  int *violated;       /* constraint indices */
  unsigned line;
};

/*
** A symmetric process family: its members are interchangeable, so states
** that differ only by a permutation of the members are one state. The
** compiler checked that member indices are only used to index the
** variables listed here (and compared with each other), and that those
** start equal for every member. vars[k]'s element for member m (0-based)
** is elem0[k] + m.
*/
struct bc_symfam {
  int proc;
  unsigned n;          /* members */
  unsigned nvars;
  int *vars;
  uint32_t *elem0;
};

/*
** A fact about every element, holding on one way out of instruction pc
** (edge 1: the fall-through of AWAIT or JZ; edge 2: the jump of JZ):
** for every a in lo..hi, one of the literals holds, literal k being
** element a + lit[k].off (0-based) of variable lit[k].var not zero (or,
** with neg, zero). The compiler records them for `await forall ...` and
** the ways out of `if forall ...` / `if exists ...` whose bodies are such
** literals (`released[a] => online[a]`); checker/explore/por.c reads them
** (facts on the edges between steps, docs/reductions.md).
*/
#define BC_UFACT_LITS 4

struct bc_ufact {
  uint32_t pc;
  uint8_t edge;
  uint8_t nlit;
  int64_t lo, hi;
  struct bc_ulit {
    uint32_t var;
    bool neg;
    int64_t off;
  } lit[BC_UFACT_LITS];
};

/* A constant and its value (after -D overrides), for reports. */
struct bc_const {
  char *name;
  int64_t value;
  bool is_bool;
  bool overridden;
  /* For report headers: a model parameter (-D, or a literal the processes,
  ** variables or constraints use themselves) rather than a derived
  ** constant or a name for a value (REV_LASS_V9 = 3); and the name of the
  ** value when there is one (REV = REV_LASS_V9), else NULL. */
  bool parameter;
  char *value_name;
};

struct bc_program {
  char *spec_name, *spec_title, *path;
  /* layout */
  size_t nvars;
  struct bc_var *vars;
  struct bc_field *fields; /* nvars, built with the layout */
  uint32_t state_bits;
  size_t state_bytes;    /* packed size */
  uint8_t *init;         /* the initial state, state_bytes (+8 padding) */
  /* declarations */
  size_t nconsts;
  struct bc_const *consts;
  size_t nenums;
  struct bc_enum *enums;
  size_t nprocs, nsteps, ninsts, nhooks, nplacements, nconstraints, nexpects;
  struct bc_proc *procs;
  struct bc_cstep *steps;
  struct bc_inst *insts;
  struct bc_hook *hooks;
  struct bc_placement *placements;
  struct bc_constraint *constraints;
  struct bc_expect *expects;
  size_t nwindows;
  struct bc_window *windows;
  /* `sweep` declarations: the -D sweeps regress runs when the command
  ** line gives none for the constant ("REV", "0,1,2,3") */
  size_t nsweeps;
  struct bc_define *sweeps;
  /* the `columns` line: the matrix's constraint columns, a permutation of
  ** the nconstraints (those it lists, then the others in the order of
  ** declaration), or NULL (the order of declaration) */
  size_t *columns;
  /* code */
  size_t ncode;
  struct bc_insn *code;
  unsigned *code_line;   /* source line per instruction */
  unsigned max_locals, max_stack;
  char **strings;        /* violate messages, referenced by index */
  size_t nstrings;
  size_t nsymfams;
  struct bc_symfam *symfams;
  /* facts about every element on the ways out of some tests, in the
  ** order of their pc */
  size_t nufacts;
  struct bc_ufact *ufacts;
};

/* A -D NAME=VALUE override. */
struct bc_define {
  const char *name;
  const char *value;
};

/*
** Compile 'src' into a program. Errors (syntax, names, types, ranges) go to
** 'diag'; returns NULL when any error was added. 'defs' overrides constants
** (an unknown name or a bad value is an error in 'diag', at no span).
*/
struct bc_program *bc_compile(const struct bc_source *src,
                              const struct bc_define *defs, size_t ndefs,
                              struct bc_diag *diag);
void bc_program_free(struct bc_program *p);

/*
** bc_compile with an edit of the syntax tree between parsing and
** compiling (`bootcheck where` adds candidate hooks): 'edit' may add nodes
** from 'arena' and errors to 'diag'; non-zero fails the compilation.
*/
struct bc_ast;
struct bc_arena;
typedef int (*bc_ast_edit_fn)(struct bc_ast *ast, struct bc_arena *arena,
                              struct bc_diag *diag, void *arg);
struct bc_program *bc_compile_edit(const struct bc_source *src,
                                   const struct bc_define *defs, size_t ndefs,
                                   struct bc_diag *diag, bc_ast_edit_fn edit,
                                   void *edit_arg);

/* ---------------------------------------------------------------- config */

/*
** A configuration binds each placement to one of its hooks (index into
** placement->hooks). bc_config_count gives the number of configurations;
** bc_config_nth fills 'ret_choice' (nplacements entries) for the n-th, in
** the order: first placement's hooks vary slowest.
*/
size_t bc_config_count(const struct bc_program *p);
void bc_config_nth(const struct bc_program *p, size_t n, unsigned *ret_choice);
/* "setup_cr_pinning@core_initcall" style name into buf. */
void bc_config_name(const struct bc_program *p, const unsigned *choice,
                    char *buf, size_t len);

/* ---------------------------------------------------------------- values */

/* Value of element 'elem' of variable 'var' in a packed state. */
int64_t bc_state_get(const struct bc_program *p, const uint8_t *state,
                     size_t var, size_t elem);
/* Append the printed value (e.g. "{SMEP, SMAP}", "true", "VIRT", "3"). */
void bc_value_format(const struct bc_program *p, const struct bc_type *t,
                     int64_t v, char *buf, size_t len);
/* Name of element 'elem' of 'var', e.g. "cr4[0]", "pc(ap[2])". */
void bc_var_elem_name(const struct bc_program *p, size_t var, size_t elem,
                      char *buf, size_t len);
/* Print every variable of 'state', one "name = value" per line. */
void bc_state_print(const struct bc_program *p, const uint8_t *state,
                    FILE *out);
/* Print "name: before -> after" for each element that differs. */
void bc_state_diff_print(const struct bc_program *p, const uint8_t *before,
                         const uint8_t *after, FILE *out);

/* Disassemble the whole program (`bootcheck list --dump-bytecode`). */
void bc_program_dump(const struct bc_program *p, FILE *out);
/* The `bootcheck list` summary. */
void bc_program_list(const struct bc_program *p, FILE *out);

#endif /* BOOTCHECK_MODEL_H */
