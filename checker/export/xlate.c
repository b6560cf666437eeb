/*
** xlate.c - the translation core of `bootcheck export`: a block of bytecode
** (a step with the configuration's placements inlined, or a constraint's
** expression) into Murphi or Promela statements.
**
** 1. xl_build copies the block, replaces each HOOK by jumps through the
**    bodies of the placements bound to it (in declaration order; PRET
**    jumps back), removes the branches that test a constant, and finds
**    the basic blocks. A JZ/JNZ whose two arms only push one value each
**    (what `a and b`, `a or b` and if-expressions compile to) is folded
**    into one conditional expression and makes no block.
** 2. xl_emit runs each basic block on a symbolic stack: pushing builds an
**    expression, a store or an await prints a statement, and at the end of
**    a block the stack is written to the slot variables T0..Tn, which the
**    next block starts from. Every instruction is translated once, in its
**    order, so evaluation order, the runtime errors and the choices are
**    those of the interpreter (checker/model/vm.c).
** 3. For Murphi, xl_bound_choices finds how many choice points one path
**    of a step can pass and how many values each can have, by running the
**    step on intervals (each distinct interval state once).
*/
#include "export/export_int.h"

#include "bootcheck/arena.h"

#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

char *xl_fmt(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = bc_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

void xl_indent(FILE *o, int n) {
  for (int i = 0; i < n; i++)
    fputs("  ", o);
}

/* Span of the first non-blank character of 'line'. */
static struct bc_span line_span(const struct bc_source *src, unsigned line) {
  struct bc_span sp = {line ? line : 1, 1, 0, 1};
  if (!src)
    return sp;
  unsigned l = 1;
  size_t i = 0;
  while (i < src->len && l < sp.line)
    if (src->text[i++] == '\n')
      l++;
  size_t col = 1;
  while (i < src->len && (src->text[i] == ' ' || src->text[i] == '\t')) {
    i++;
    col++;
  }
  size_t e = i;
  while (e < src->len && src->text[e] != '\n' && src->text[e] != ' ' &&
         src->text[e] != '\t')
    e++;
  sp.col = (unsigned)col;
  sp.off = (unsigned)i;
  sp.len = e > i ? (unsigned)(e - i) : 1;
  return sp;
}

void xl_error(struct xl *x, unsigned line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  bc_error(x->diag, line_span(x->src, line), "%s", msg);
  x->nerr++;
}

unsigned xl_var_line(const struct xl *x, const char *name) {
  if (!x->src)
    return 0;
  const char *dot = strchr(name, '.');
  const char *want = dot ? dot + 1 : name;
  size_t wl = strlen(want);
  const char *t = x->src->text;
  unsigned line = 1;
  for (size_t i = 0; i < x->src->len; i++) {
    if (t[i] == '\n') {
      line++;
      continue;
    }
    if ((i == 0 || t[i - 1] == '\n' || t[i - 1] == ' ' || t[i - 1] == '\t') &&
        !strncmp(t + i, "var", 3) && (t[i + 3] == ' ' || t[i + 3] == '\t')) {
      size_t j = i + 3;
      while (t[j] == ' ' || t[j] == '\t')
        j++;
      if (!strncmp(t + j, want, wl)) {
        char c = t[j + wl];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
          return line;
      }
    }
  }
  return 0;
}

static const char *const murphi_kw[] = {
    "alias", "array", "assert", "assume", "begin", "boolean", "by", "case",
    "clear", "const", "cover", "do", "else", "elsif", "end", "endalias",
    "endexists", "endfor", "endforall", "endfunction", "endif",
    "endprocedure", "endrecord", "endrule", "endruleset", "endstartstate",
    "endswitch", "endwhile", "enum", "error", "exists", "false", "for",
    "forall", "function", "if", "in", "interleaved", "invariant",
    "isundefined", "ismember", "liveness", "multiset", "multisetadd",
    "multisetcount", "multisetremove", "multisetremovepred", "of",
    "procedure", "process", "program", "property", "prove", "put", "record",
    "return", "rule", "ruleset", "scalarset", "startstate", "switch", "then",
    "to", "traceuntil", "true", "type", "undefine", "union", "var", "while",
    "choose", "endchoose", NULL};
static const char *const promela_kw[] = {
    "active", "assert", "atomic", "bit", "bool", "break", "byte", "chan",
    "d_step", "D_proctype", "do", "else", "empty", "enabled", "eval", "false",
    "fi", "for", "full", "get_priority", "goto", "hidden", "if", "in", "init",
    "inline", "int", "len", "local", "ltl", "mtype", "nempty", "never",
    "nfull", "np_", "od", "of", "pc_value", "pid", "print", "printf",
    "printm", "priority", "proctype", "provided", "return", "run", "select",
    "set_priority", "short", "show", "skip", "timeout", "trace", "notrace",
    "true", "typedef", "unless", "unsigned", "xr", "xs", "c_code", "c_decl",
    "c_expr", "c_state", "c_track", "_pid", "_nr_pr", "_last", "_priority",
    "STDIN", NULL};

static bool ieq(const char *a, const char *b, bool fold) {
  if (!fold)
    return !strcmp(a, b);
  for (; *a && *b; a++, b++) {
    char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
    char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
    if (x != y)
      return false;
  }
  return *a == *b;
}

char *xl_ident(int target, const char *name, char **taken, size_t ntaken) {
  size_t n = strlen(name);
  char *s = bc_xmalloc(n + 8);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    char c = name[i];
    bool ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9');
    s[k++] = ok ? c : '_';
  }
  s[k] = '\0';
  bool fold = target == XT_MURPHI;
  for (;;) {
    bool bad = !strncmp(s, "bc_", 3) || !strncmp(s, "BC_", 3);
    const char *const *kw = target == XT_MURPHI ? murphi_kw : promela_kw;
    for (size_t i = 0; !bad && kw[i]; i++)
      bad = ieq(s, kw[i], fold);
    for (size_t i = 0; !bad && i < ntaken; i++)
      bad = taken[i] && ieq(s, taken[i], fold);
    if (!bad)
      return s;
    char *t = xl_fmt("%s_", s);
    if (!strncmp(t, "bc_", 3) || !strncmp(t, "BC_", 3)) {
      free(t);
      t = xl_fmt("u%s", s);
    }
    free(s);
    s = t;
  }
}

int64_t xl_init_value(const struct xl *x, size_t var, size_t elem) {
  return bc_state_get(x->p, x->p->init, var, elem);
}

int64_t xl_type_lo(const struct bc_type *t) {
  return t->kind == BC_TY_INT ? t->lo : 0;
}

int64_t xl_type_hi(const struct bc_program *p, const struct bc_type *t) {
  switch (t->kind) {
  case BC_TY_INT:
    return t->hi;
  case BC_TY_BOOL:
    return 1;
  case BC_TY_ENUM:
    return (int64_t)p->enums[t->enum_id].n - 1;
  case BC_TY_SET: {
    unsigned n = p->enums[t->enum_id].n;
    return n >= 63 ? INT64_MAX : (int64_t)(((uint64_t)1 << n) - 1);
  }
  default:
    return 0;
  }
}

bool xl_flat(const struct bc_var *v) { return v->ndims != 1; }

/* ------------------------------------------------------------ building */

static void push_ins(struct xcode *c, const struct bc_insn *in, unsigned line) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 256;
    c->v = bc_xrealloc(c->v, c->cap * sizeof *c->v);
  }
  c->v[c->n++] = (struct xins){in->op, in->a, in->b, in->k, line};
}

/* (opcodes.def) */
static bool is_jump(unsigned op) { return bc_opcode_jumps(op); }

static bool ends_flow(unsigned op) {
  return !bc_opcode_falls(op) || op == XI_RTERR;
}

/* The last instruction reachable from 'start' in the program's code. */
static uint32_t extent(const struct bc_program *p, uint32_t start) {
  bool *seen = bc_xcalloc(p->ncode + 1, 1);
  uint32_t *work = bc_xmalloc((p->ncode + 1) * sizeof *work);
  size_t nw = 0;
  uint32_t hi = start;
  work[nw++] = start;
  while (nw) {
    uint32_t pc = work[--nw];
    while (pc < p->ncode && !seen[pc]) {
      seen[pc] = true;
      if (pc > hi)
        hi = pc;
      unsigned op = p->code[pc].op;
      if (is_jump(op)) {
        uint32_t t = p->code[pc].b;
        if (t < p->ncode && !seen[t])
          work[nw++] = t;
      }
      if (ends_flow(op))
        break;
      pc++;
    }
  }
  free(seen);
  free(work);
  return hi;
}

/* Append code [start, extent] at c->n, jumps relocated; its length. */
static size_t copy_code(const struct bc_program *p, struct xcode *c,
                        uint32_t start) {
  uint32_t end = extent(p, start);
  size_t base = c->n;
  for (uint32_t pc = start; pc <= end; pc++) {
    struct bc_insn in = p->code[pc];
    if (is_jump(in.op))
      in.b = in.b - start + (uint32_t)base;
    push_ins(c, &in, p->code_line[pc]);
    /* a loop's back edge: the other checkers need no iteration bound
    ** (bootcheck's 2^24 iterations per run are no state's business) */
    if (in.op == BC_INS_TICK)
      c->v[c->n - 1].op = XI_NOP;
  }
  return end - start + 1;
}

#define MAX_HOOK_NEST 8 /* checker/model/vm.c: rret[8] */

static void expand_hooks(struct xl *x, struct xcode *c, size_t from,
                         size_t len, int depth) {
  const struct bc_program *p = x->p;
  for (size_t i = from; i < from + len; i++) {
    if (c->v[i].op != BC_INS_HOOK)
      continue;
    unsigned h = c->v[i].a;
    size_t m = 0;
    for (size_t k = 0; k < p->nplacements; k++)
      if (p->placements[k].nhooks &&
          p->placements[k].hooks[x->choice[k]] == (int)h)
        m++;
    if (m == 0) {
      c->v[i].op = XI_NOP;
      continue;
    }
    if (depth >= MAX_HOOK_NEST) {
      c->v[i].op = XI_RTERR;
      c->v[i].a = BC_RT_STACK;
      continue;
    }
    size_t *base = bc_xcalloc(m, sizeof *base), *blen = bc_xcalloc(m,
                                                                  sizeof *blen);
    size_t j = 0;
    for (size_t k = 0; k < p->nplacements; k++) {
      const struct bc_placement *pl = &p->placements[k];
      if (!pl->nhooks || pl->hooks[x->choice[k]] != (int)h)
        continue;
      base[j] = c->n;
      blen[j] = copy_code(p, c, pl->code);
      expand_hooks(x, c, base[j], blen[j], depth + 1);
      j++;
    }
    for (j = 0; j < m; j++)
      for (size_t q = base[j]; q < base[j] + blen[j]; q++)
        if (c->v[q].op == BC_INS_PRET) {
          c->v[q].op = BC_INS_JMP;
          c->v[q].b = (uint32_t)(j + 1 < m ? base[j + 1] : i + 1);
        }
    c->v[i].op = BC_INS_JMP;
    c->v[i].b = (uint32_t)base[0];
    free(base);
    free(blen);
  }
}

/* Values an opcode pops (its push count is pops + effect). */
/* (opcodes.def; XI_NOP and XI_RTERR take nothing) */
static int npops(unsigned op) { return bc_opcode_pops(op); }

static int effect(unsigned op) {
  if (op == XI_NOP || op == XI_RTERR)
    return 0;
  return bc_opcode_effect(op);
}

/* Does this instruction only compute a value, with no statement needed? */
static bool pure_op(const struct xl *x, const struct xins *in) {
  switch (in->op) {
  case BC_INS_PUSH: case BC_INS_LOAD: case BC_INS_LOADX: case BC_INS_FLAT:
  case BC_INS_LGET: case BC_INS_SELF: case BC_INS_ADD: case BC_INS_SUB:
  case BC_INS_MUL: case BC_INS_NEG: case BC_INS_EQ: case BC_INS_NE:
  case BC_INS_LT: case BC_INS_LE: case BC_INS_GT: case BC_INS_GE:
  case BC_INS_NOT: case BC_INS_BOR: case BC_INS_BAND: case BC_INS_BANDN:
  case BC_INS_SUBSETEQ: case BC_INS_SUBSET: case BC_INS_BIT: case BC_INS_HAS:
  case BC_INS_INRANGE: case BC_INS_CLEARLOW: case XI_NOP:
    return true;
  case BC_INS_DIV: case BC_INS_MOD: case BC_INS_CARD: case BC_INS_LOWBIT:
  case BC_INS_NTHBIT:
    return x->target == XT_MURPHI;
  case BC_INS_INDEX:
    return x->target == XT_MURPHI && !xl_flat(&x->p->vars[in->b]);
  default:
    return false;
  }
}

/* Reachability, stack depths and jump counts. */
static void flow(struct xcode *c) {
  size_t n = c->n;
  for (size_t i = 0; i < n; i++) {
    c->depth[i] = -1;
    c->refs[i] = 0;
  }
  size_t *work = bc_xmalloc((n + 1) * sizeof *work);
  size_t nw = 0;
  c->depth[0] = 0;
  work[nw++] = 0;
  c->maxdepth = 1;
  while (nw) {
    size_t pc = work[--nw];
    for (;;) {
      const struct xins *in = &c->v[pc];
      int out = c->depth[pc] + effect(in->op);
      if (c->depth[pc] + 1 > c->maxdepth)
        c->maxdepth = c->depth[pc] + 1;
      if (out + 1 > c->maxdepth)
        c->maxdepth = out + 1;
      if (is_jump(in->op) && in->b < n && c->depth[in->b] < 0) {
        c->depth[in->b] = out;
        work[nw++] = in->b;
      }
      if (ends_flow(in->op) || pc + 1 >= n || c->depth[pc + 1] >= 0)
        break;
      c->depth[++pc] = out;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (c->depth[i] >= 0 && is_jump(c->v[i].op) && c->v[i].b < n)
      c->refs[c->v[i].b]++;
  free(work);
}

static bool fold_at(const struct xl *x, struct xcode *c, size_t pc,
                    size_t limit, size_t *ret_join);

/* Do [from, to) only push, net one value over height h (never going
** below it)? Folds nested diamonds. */
static bool pure_range(const struct xl *x, struct xcode *c, size_t from,
                       size_t to) {
  int h = 0;
  for (size_t pc = from; pc < to;) {
    const struct xins *in = &c->v[pc];
    if (c->depth[pc] < 0)
      return false;
    if (in->op == BC_INS_JZ || in->op == BC_INS_JNZ) {
      size_t j;
      if (h < 1 || !fold_at(x, c, pc, to, &j))
        return false;
      pc = j; /* cond popped, value pushed */
      continue;
    }
    if (!pure_op(x, in))
      return false;
    if (h < npops(in->op))
      return false;
    h += effect(in->op);
    pc++;
  }
  return h == 1;
}

static bool fold_at(const struct xl *x, struct xcode *c, size_t pc,
                    size_t limit, size_t *ret_join) {
  size_t L = c->v[pc].b;
  if (L <= pc + 1 || L > limit || c->v[L - 1].op != BC_INS_JMP)
    return false;
  size_t J = c->v[L - 1].b;
  if (J < L || J > limit || c->refs[L] != 1 || c->refs[J] != 1)
    return false;
  /* no jump from outside into (pc, J) */
  for (size_t i = 0; i < c->n; i++)
    if (c->depth[i] >= 0 && is_jump(c->v[i].op) && (i < pc || i >= J) &&
        c->v[i].b > pc && c->v[i].b < J)
      return false;
  if (!pure_range(x, c, pc + 1, L - 1) || !pure_range(x, c, L, J))
    return false;
  *ret_join = J;
  c->join[pc] = (uint32_t)J; /* nested folds are emitted from here too */
  return true;
}

void xl_code_free(struct xcode *c) {
  free(c->v);
  free(c->depth);
  free(c->refs);
  free(c->join);
  free(c->leader);
  memset(c, 0, sizeof *c);
}

void xl_codes_free(struct xcode *c, size_t n) {
  for (size_t i = 0; i < n; i++)
    xl_code_free(&c[i]);
  free(c);
}

int xl_build(struct xl *x, uint32_t start, struct xcode *c) {
  const struct bc_program *p = x->p;
  memset(c, 0, sizeof *c);
  c->line = p->code_line[start];
  size_t len = copy_code(p, c, start);
  expand_hooks(x, c, 0, len, 0);
  size_t n = c->n;
  c->depth = bc_xcalloc(n + 1, sizeof *c->depth);
  c->refs = bc_xcalloc(n + 1, sizeof *c->refs);
  c->join = bc_xcalloc(n + 1, sizeof *c->join);
  c->leader = bc_xcalloc(n + 1, sizeof *c->leader);
  /* branches on constants */
  for (bool changed = true; changed;) {
    changed = false;
    flow(c);
    for (size_t i = 0; i + 1 < n; i++) {
      struct xins *a = &c->v[i], *b = &c->v[i + 1];
      if (c->depth[i] < 0)
        continue;
      if (a->op == BC_INS_PUSH && (b->op == BC_INS_JZ || b->op == BC_INS_JNZ)
          && c->refs[i + 1] == 0) {
        bool taken = b->op == BC_INS_JZ ? a->k == 0 : a->k != 0;
        a->op = XI_NOP;
        b->op = taken ? BC_INS_JMP : XI_NOP;
        changed = true;
      } else if (a->op == BC_INS_JMP && a->b == i + 1) {
        a->op = XI_NOP;
        changed = true;
      }
    }
  }
  /* Promela: a constant must fit its 32-bit int */
  for (size_t i = 0; i < n; i++) {
    if (c->depth[i] < 0)
      continue;
    if (x->target == XT_PROMELA && c->v[i].op == BC_INS_PUSH &&
        (c->v[i].k > INT32_MAX || c->v[i].k < -INT32_MAX)) {
      xl_error(x, c->v[i].line, "cannot export to Promela: the value %" PRId64
               " does not fit Promela's 32-bit int", c->v[i].k);
      return -1;
    }
    if (c->v[i].op == BC_INS_CHOOSE)
      c->nchoose++;
    if ((c->v[i].op == BC_INS_ASSERT || c->v[i].op == BC_INS_VIOLATE) &&
        c->v[i].a < BC_MAX_CONSTRAINTS)
      c->viol[c->v[i].a] = true;
  }
  /* folds and basic blocks */
  bool *cover = bc_xcalloc(n + 1, 1);
  for (size_t i = 0; i < n; i++) {
    if (c->depth[i] < 0 || cover[i])
      continue;
    size_t j;
    if ((c->v[i].op == BC_INS_JZ || c->v[i].op == BC_INS_JNZ) &&
        fold_at(x, c, i, n, &j)) {
      c->join[i] = (uint32_t)j;
      for (size_t q = i + 1; q < j; q++)
        cover[q] = true;
    }
  }
  c->leader[0] = true;
  for (size_t i = 0; i < n; i++) {
    if (c->depth[i] < 0 || cover[i] || !is_jump(c->v[i].op) || c->join[i])
      continue;
    c->leader[c->v[i].b] = true;
    if (c->v[i].op != BC_INS_JMP && i + 1 < n)
      c->leader[i + 1] = true;
  }
  free(cover);
  return 0;
}

/* ------------------------------------------------------------ intervals */

#define BIG ((int64_t)1 << 62)

/* An interval of values; 'cl' counts the CLEARLOWs a set value has been
** through: it has at most bits_of(hi) - cl members, which bounds the
** iterations of a `for` over a set that is not a constant. */
struct ival {
  int64_t lo, hi, cl;
};

static struct ival iv(int64_t lo, int64_t hi) {
  return (struct ival){lo, hi, 0};
}

static int64_t sat(int64_t v) {
  return v > BIG ? BIG : v < -BIG ? -BIG : v;
}

/* Saturating a*b for |a|, |b| <= BIG. */
static int64_t smul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r))
    return (a < 0) != (b < 0) ? -BIG : BIG;
  return sat(r);
}

static unsigned bits_of(int64_t hi) {
  unsigned b = 0;
  while (b < 63 && hi >= ((int64_t)1 << b))
    b++;
  return b;
}

static struct ival type_ival(const struct bc_program *p, size_t var) {
  const struct bc_type *t = &p->vars[var].type;
  return iv(xl_type_lo(t), xl_type_hi(p, t));
}

/* An abstract path state: pc, choice points passed, stack and locals. */
struct anode {
  uint32_t pc;
  uint32_t nch;
  uint32_t sd;
  struct ival v[]; /* stack[sd], then locals */
};

struct aset {
  struct anode **slot;
  size_t cap, n;
  size_t nlocals, size;
};

static uint64_t ahash(const struct anode *a, size_t bytes) {
  const unsigned char *s = (const unsigned char *)a;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < bytes; i++)
    h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

/* Insert a copy of 'a' unless present; true if new. */
static bool aset_add(struct aset *s, const struct anode *a) {
  size_t bytes = sizeof *a + (a->sd + s->nlocals) * sizeof(struct ival);
  if (2 * (s->n + 1) > s->cap) {
    size_t nc = s->cap ? 2 * s->cap : 1024;
    struct anode **ns = bc_xcalloc(nc, sizeof *ns);
    for (size_t i = 0; i < s->cap; i++)
      if (s->slot[i]) {
        size_t b = sizeof *a + (s->slot[i]->sd + s->nlocals) *
                                   sizeof(struct ival);
        size_t k = ahash(s->slot[i], b) & (nc - 1);
        while (ns[k])
          k = (k + 1) & (nc - 1);
        ns[k] = s->slot[i];
      }
    free(s->slot);
    s->slot = ns;
    s->cap = nc;
  }
  size_t k = ahash(a, bytes) & (s->cap - 1);
  while (s->slot[k]) {
    const struct anode *b = s->slot[k];
    if (b->sd == a->sd && !memcmp(b, a, bytes))
      return false;
    k = (k + 1) & (s->cap - 1);
  }
  struct anode *c = bc_xmalloc(bytes);
  memcpy(c, a, bytes);
  s->slot[k] = c;
  s->n++;
  return true;
}

#define MAX_ANODES 200000

/* When every operand of a set or bit operation is one value, its result is
** that of the interpreter (checker/model/vm.c): a `for` over a constant set
** then runs exactly as many times as the set has members. */
static void exact(int op, int np, struct ival A, struct ival B,
                  struct ival *R) {
  if (np < 1 || B.lo != B.hi || (np >= 2 && A.lo != A.hi))
    return;
  uint64_t x = (uint64_t)A.lo, y = (uint64_t)B.lo;
  int64_t r;
  switch (op) {
  case BC_INS_BOR: r = (int64_t)(x | y); break;
  case BC_INS_BAND: r = (int64_t)(x & y); break;
  case BC_INS_BANDN: r = (int64_t)(x & ~y); break;
  case BC_INS_SUBSETEQ: r = (x & ~y) == 0; break;
  case BC_INS_SUBSET: r = (x & ~y) == 0 && x != y; break;
  case BC_INS_BIT: r = B.lo >= 0 && B.lo < 64 ? (int64_t)((uint64_t)1 << B.lo)
                                             : 0; break;
  case BC_INS_HAS: r = A.lo >= 0 && A.lo < 64 ? (int64_t)((y >> A.lo) & 1)
                                             : 0; break;
  case BC_INS_CARD: r = __builtin_popcountll(y); break;
  case BC_INS_LOWBIT: r = y ? __builtin_ctzll(y) : 0; break;
  case BC_INS_CLEARLOW: r = (int64_t)(y & (y - 1)); break;
  case BC_INS_NTHBIT:
    for (int64_t i = 0; i < B.lo && x; i++)
      x &= x - 1;
    r = x ? __builtin_ctzll(x) : 0;
    break;
  default:
    return;
  }
  if (r < -BIG || r > BIG)
    return;
  *R = (struct ival){r, r, 0};
}

int xl_bound_choices(struct xl *x, struct xcode *c, const struct bc_proc *pr) {
  const struct bc_program *p = x->p;
  c->nch = 0;
  memset(c->chmax, 0, sizeof c->chmax);
  if (!c->nchoose)
    return 0;
  size_t nl = p->max_locals;
  size_t maxsd = (size_t)c->maxdepth + 2;
  size_t nodesz = sizeof(struct anode) + (maxsd + nl) * sizeof(struct ival);
  struct aset seen = {NULL, 0, 0, nl, nodesz};
  /* DFS stack of nodes; locals are stored after the stack in v[] */
  size_t cap = 64, nw = 0;
  struct anode **work = bc_xmalloc(cap * sizeof *work);
  struct anode *a0 = bc_xcalloc(1, nodesz);
  work[nw++] = a0;
  int rc = 0;
  struct anode *cur = bc_xmalloc(nodesz);
  while (nw && rc == 0) {
    struct anode *a = work[--nw];
    /* canonical layout for hashing: stack then locals, packed */
    memcpy(cur, a, nodesz);
    free(a);
    for (;;) {
      struct ival *st = cur->v;
      struct ival *loc = cur->v + maxsd;
      /* hash only pc, nch, the live stack and the locals */
      {
        size_t bytes = sizeof *cur + (cur->sd + nl) * sizeof(struct ival);
        struct anode *key = bc_xmalloc(bytes);
        memcpy(key, cur, sizeof *cur + cur->sd * sizeof(struct ival));
        memcpy(key->v + cur->sd, loc, nl * sizeof(struct ival));
        bool fresh = aset_add(&seen, key);
        free(key);
        if (!fresh)
          break;
      }
      if (seen.n > MAX_ANODES) {
        xl_error(x, c->line, "cannot export this step to Murphi: its "
                 "choices (either/with) could not be bounded (more than %d "
                 "abstract paths)", MAX_ANODES);
        rc = -1;
        break;
      }
      const struct xins *in = &c->v[cur->pc];
      struct ival A = iv(0, 0), B = iv(0, 0), R = iv(-BIG, BIG);
      int np = npops(in->op);
      assert(cur->pc < c->n && cur->sd >= (uint32_t)np);
      assert(cur->nch <= BC_VM_MAX_CHOICES);
      if (np >= 1)
        B = st[cur->sd - 1];
      if (np >= 2)
        A = st[cur->sd - 2];
      bool stop = false, next = true;
      switch (in->op) {
      case BC_INS_PUSH:
        R = iv(sat(in->k), sat(in->k));
        break;
      case BC_INS_LOAD: case BC_INS_LOADX:
        R = type_ival(p, in->b);
        break;
      case BC_INS_INDEX: {
        const struct bc_var *v = &p->vars[in->b];
        R = iv(0, v->dim_len[in->a] - 1);
        break;
      }
      case BC_INS_FLAT:
        R = iv(0, BIG);
        break;
      case BC_INS_LGET:
        R = loc[in->a];
        break;
      case BC_INS_SELF:
        R = iv(pr ? pr->lo : 0, pr ? pr->hi : 0);
        break;
      case BC_INS_ADD:
        R = iv(sat(A.lo + B.lo), sat(A.hi + B.hi));
        break;
      case BC_INS_SUB:
        R = iv(sat(A.lo - B.hi), sat(A.hi - B.lo));
        break;
      case BC_INS_MUL: {
        int64_t q[4] = {smul(A.lo, B.lo), smul(A.lo, B.hi),
                        smul(A.hi, B.lo), smul(A.hi, B.hi)};
        int64_t lo = q[0], hi = q[0];
        for (int i = 1; i < 4; i++) {
          if (q[i] < lo) lo = q[i];
          if (q[i] > hi) hi = q[i];
        }
        R = iv(lo, hi);
        break;
      }
      case BC_INS_DIV: case BC_INS_MOD:
        if (A.lo == A.hi && B.lo == B.hi && B.lo != 0 && B.lo != -1)
          R.lo = R.hi = in->op == BC_INS_DIV ? A.lo / B.lo : A.lo % B.lo;
        break;
      case BC_INS_NEG:
        R = iv(-B.hi, -B.lo);
        break;
      case BC_INS_EQ: case BC_INS_NE: case BC_INS_LT: case BC_INS_LE:
      case BC_INS_GT: case BC_INS_GE: {
        int t = -1; /* decided value, or -1 */
        switch (in->op) {
        case BC_INS_EQ:
          t = A.lo == A.hi && B.lo == B.hi ? A.lo == B.lo
              : (A.hi < B.lo || B.hi < A.lo) ? 0 : -1;
          break;
        case BC_INS_NE:
          t = A.lo == A.hi && B.lo == B.hi ? A.lo != B.lo
              : (A.hi < B.lo || B.hi < A.lo) ? 1 : -1;
          break;
        case BC_INS_LT:
          t = A.hi < B.lo ? 1 : A.lo >= B.hi ? 0 : -1;
          break;
        case BC_INS_LE:
          t = A.hi <= B.lo ? 1 : A.lo > B.hi ? 0 : -1;
          break;
        case BC_INS_GT:
          t = A.lo > B.hi ? 1 : A.hi <= B.lo ? 0 : -1;
          break;
        default:
          t = A.lo >= B.hi ? 1 : A.hi < B.lo ? 0 : -1;
          break;
        }
        R = t < 0 ? iv(0, 1) : iv(t, t);
        break;
      }
      case BC_INS_NOT:
        R = B.lo == 0 && B.hi == 0 ? iv(1, 1)
            : (B.lo > 0 || B.hi < 0) ? iv(0, 0)
                                      : iv(0, 1);
        break;
      case BC_INS_BOR: case BC_INS_BANDN: case BC_INS_BAND:
      case BC_INS_CLEARLOW: {
        int64_t m = in->op == BC_INS_CLEARLOW ? B.hi
                    : A.hi > B.hi ? A.hi : B.hi;
        unsigned b = bits_of(m < 0 ? BIG : m);
        R = (struct ival){0, b >= 62 ? BIG : ((int64_t)1 << b) - 1, 0};
        if (in->op == BC_INS_CLEARLOW && B.lo >= 0 && b < 62) {
          /* one member fewer, unless it was empty */
          R.cl = B.cl + 1;
          if (R.cl >= (int64_t)b)
            R = (struct ival){0, 0, 0};
        }
        if ((in->op != BC_INS_CLEARLOW && A.lo < 0) || B.lo < 0)
          R = (struct ival){-BIG, BIG, 0};
        break;
      }
      case BC_INS_SUBSETEQ: case BC_INS_SUBSET: case BC_INS_HAS:
      case BC_INS_INRANGE:
        R = iv(0, 1);
        break;
      case BC_INS_BIT:
        R = iv(0, B.hi >= 62 ? BIG : B.hi < 0 ? 0
                                                        : (int64_t)1 << B.hi);
        break;
      case BC_INS_CARD: case BC_INS_LOWBIT: case BC_INS_NTHBIT: {
        struct ival S = in->op == BC_INS_NTHBIT ? A : B;
        R = (struct ival){0, bits_of(S.lo < 0 || S.hi < 0 ? BIG : S.hi), 0};
        if (in->op == BC_INS_CARD && S.lo >= 0 && R.hi - S.cl >= 0)
          R.hi -= S.cl;
        break;
      }
      case BC_INS_LSET:
        loc[in->a] = B;
        break;
      case BC_INS_AWAIT:
        if (B.lo == 0 && B.hi == 0)
          stop = true;
        break;
      case BC_INS_CHOOSE:
        if (B.hi <= 0) {
          stop = true;
          break;
        }
        if (cur->nch >= BC_VM_MAX_CHOICES) { /* the VM's runtime error */
          stop = true;
          break;
        }
        if (B.hi > c->chmax[cur->nch])
          c->chmax[cur->nch] = B.hi;
        if (cur->nch + 1 > c->nch)
          c->nch = cur->nch + 1;
        cur->nch++;
        R = iv(0, B.hi - 1);
        break;
      case BC_INS_JMP:
        cur->pc = in->b;
        next = false;
        break;
      case BC_INS_JZ: case BC_INS_JNZ: {
        bool zero = B.lo == 0 && B.hi == 0;
        bool nonzero = B.lo > 0 || B.hi < 0;
        bool jump_if_zero = in->op == BC_INS_JZ;
        bool can_jump = jump_if_zero ? !nonzero : !zero;
        bool can_fall = jump_if_zero ? !zero : !nonzero;
        cur->sd--;
        if (can_jump && can_fall) {
          if (nw == cap) {
            cap *= 2;
            work = bc_xrealloc(work, cap * sizeof *work);
          }
          struct anode *f = bc_xmalloc(nodesz);
          memcpy(f, cur, nodesz);
          f->pc = in->b;
          work[nw++] = f;
          cur->pc++;
        } else if (can_jump) {
          cur->pc = in->b;
        } else {
          cur->pc++;
        }
        next = false;
        np = 0;
        break;
      }
      case BC_INS_GOTO: case BC_INS_EXIT: case BC_INS_HALT: case XI_RTERR:
      case BC_INS_PRET:
        stop = true;
        break;
      default:
        break;
      }
      if (stop)
        break;
      if (!next)
        continue;
      exact(in->op, np, A, B, &R);
      /* apply the stack effect */
      int push = np + effect(in->op);
      assert(cur->sd >= (uint32_t)np && push <= 1);
      cur->sd -= (uint32_t)np;
      if (push > 0) {
        assert(cur->sd < maxsd); /* c->maxdepth bounds the stack */
        st[cur->sd++] = R;
      }
      cur->pc++;
      if (cur->pc >= c->n)
        break;
    }
  }
  while (nw)
    free(work[--nw]);
  free(work);
  free(cur);
  for (size_t i = 0; i < seen.cap; i++)
    free(seen.slot[i]);
  free(seen.slot);
  if (rc == 0) {
    double combos = 1;
    assert(c->nch <= BC_VM_MAX_CHOICES);
    for (unsigned j = 0; j < c->nch; j++) {
      assert(c->chmax[j] >= 1); /* set when a path passed choice point j */
      combos *= (double)c->chmax[j];
    }
    if (combos > 65536) {
      xl_error(x, c->line, "cannot export this step to Murphi: its choices "
               "(either/with) need %.0f rules per process instance (at most "
               "65536)", combos);
      rc = -1;
    }
  }
  return rc;
}

/* ------------------------------------------------------------ emitting */

enum { K_INT, K_BOOL };

struct sv {
  char *e;       /* the expression */
  int kind;
  bool isc;      /* a constant: k */
  int64_t k;
  int ixvar;     /* Murphi: e is an index into 1-D variable ixvar, whose */
  int64_t ixlo;  /* numeric value is e - ixlo */
};

struct em {
  struct xl *x;
  const struct xcode *c;
  const struct xmode *m;
  FILE *o;
  struct sv st[BC_VM_STACK];
  int sd;
  int ind;
};

static bool murphi(const struct em *E) { return E->x->target == XT_MURPHI; }

static void line(struct em *E, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void line(struct em *E, const char *fmt, ...) {
  va_list ap;
  xl_indent(E->o, E->ind);
  va_start(ap, fmt);
  vfprintf(E->o, fmt, ap);
  va_end(ap);
  fputc('\n', E->o);
}

static void push(struct em *E, char *e, int kind) {
  assert(E->sd < BC_VM_STACK);
  E->st[E->sd++] = (struct sv){e, kind, false, 0, -1, 0};
}

static void pushk(struct em *E, int64_t k) {
  char *e = k < 0 ? xl_fmt("(%" PRId64 ")", k) : xl_fmt("%" PRId64, k);
  assert(E->sd < BC_VM_STACK);
  E->st[E->sd++] = (struct sv){e, K_INT, true, k, -1, 0};
}

static struct sv pop(struct em *E) {
  assert(E->sd > 0);
  return E->st[--E->sd];
}

/* The value as an integer expression (new string; frees v). */
static char *ival_of(struct em *E, struct sv v) {
  char *r;
  if (v.ixvar >= 0 && v.ixlo != 0)
    r = v.ixlo > 0 ? xl_fmt("(%s - %" PRId64 ")", v.e, v.ixlo)
                   : xl_fmt("(%s + %" PRId64 ")", v.e, -v.ixlo);
  else if (v.kind == K_BOOL && murphi(E))
    r = xl_fmt("(%s ? 1 : 0)", v.e);
  else
    return v.e;
  free(v.e);
  return r;
}

/* The value as a condition (new string; frees v). */
static char *bval_of(struct em *E, struct sv v) {
  if (v.kind == K_BOOL)
    return v.e;
  if (v.isc) {
    free(v.e);
    return bc_xstrdup(murphi(E) ? (v.k ? "true" : "false")
                                : (v.k ? "true" : "false"));
  }
  char *s = ival_of(E, v);
  char *r = xl_fmt("(%s != 0)", s);
  free(s);
  return r;
}

static const char *AND(const struct em *E) { return murphi(E) ? "&" : "&&"; }
static const char *OR(const struct em *E) { return murphi(E) ? "|" : "||"; }

static char *slot(const struct em *E, int i) {
  return xl_fmt(murphi(E) ? "T%d" : "bc_T%d", i);
}

static bool is_slot(const struct em *E, const struct sv *v, int i) {
  char *s = slot(E, i);
  bool r = !strcmp(v->e, s) && v->kind == K_INT && v->ixvar < 0;
  free(s);
  return r;
}

/* Write every stack entry that is not already its slot (or a constant,
** when 'keep_const') to its slot. */
static void materialize(struct em *E, bool keep_const) {
  for (int i = 0; i < E->sd; i++) {
    struct sv *v = &E->st[i];
    if (is_slot(E, v, i) || (keep_const && v->isc))
      continue;
    char *s = slot(E, i);
    char *val = ival_of(E, *v);
    line(E, murphi(E) ? "%s := %s;" : "%s = %s;", s, val);
    free(val);
    *v = (struct sv){s, K_INT, false, 0, -1, 0};
  }
}

static void free_stack(struct em *E) {
  while (E->sd)
    free(E->st[--E->sd].e);
}

/* The state: "N." in a Murphi function, nothing in Promela. */
static const char *SP(const struct em *E) { return murphi(E) ? "N." : ""; }

/* Does expression 'e' name identifier 'name' (not as part of a longer
** identifier)? */
static bool mentions(const char *e, const char *name) {
  size_t n = strlen(name);
  for (const char *q = strstr(e, name); q; q = strstr(q + 1, name)) {
    bool before = q > e && (isalnum((unsigned char)q[-1]) || q[-1] == '_');
    bool after = isalnum((unsigned char)q[n]) || q[n] == '_';
    if (!before && !after)
      return true;
  }
  return false;
}

static char *elem_ref(struct em *E, unsigned var, struct sv idx) {
  const struct bc_var *v = &E->x->p->vars[var];
  const char *name = E->x->vname[var];
  if (murphi(E) && !xl_flat(v)) {
    if (idx.ixvar == (int)var) {
      char *r = xl_fmt("%s%s[%s]", SP(E), name, idx.e);
      free(idx.e);
      return r;
    }
    char *i = ival_of(E, idx);
    char *r = xl_fmt("%s%s[%s + %" PRId64 "]", SP(E), name, i, v->dim_lo[0]);
    free(i);
    return r;
  }
  char *i = ival_of(E, idx);
  char *r = xl_fmt("%s%s[%s]", SP(E), name, i);
  free(i);
  return r;
}

static char *scalar_ref(struct em *E, unsigned var) {
  const struct bc_var *v = &E->x->p->vars[var];
  if (v->nelems > 1 || v->ndims > 0) {
    /* element 0 of an array (a family local of a one-member family) */
    return elem_ref(E, var, (struct sv){xl_fmt("%" PRId64,
                                               murphi(E) && !xl_flat(v)
                                                   ? v->dim_lo[0] : 0),
                                        K_INT, true, 0,
                                        murphi(E) && !xl_flat(v) ? (int)var
                                                                 : -1,
                                        murphi(E) && !xl_flat(v)
                                            ? v->dim_lo[0] : 0});
  }
  return xl_fmt("%s%s", SP(E), E->x->vname[var]);
}

/* The value held at 'ref' (taken) of variable 'var': ref itself, or with
** the variable's offset added back (struct xl's voff). */
static char *stored_value(struct em *E, unsigned var, char *ref) {
  int64_t off = xl_voff(E->x, var);
  if (off == 0)
    return ref;
  char *r = xl_fmt("(%s - %" PRId64 ")", ref, -off);
  free(ref);
  return r;
}

static const char *rt_text(unsigned code) {
  switch (code) {
  case BC_RT_STACK:
    return "placements nested too deeply";
  case BC_RT_CHOICES:
    return "too many choices on one path of a step";
  default:
    return "unreachable code";
  }
}

/* A runtime error: the path stops. */
static void runtime_error(struct em *E, const char *what) {
  if (murphi(E)) {
    line(E, "error \"runtime error: %s\";", what);
  } else {
    line(E, "bc_rterr(\"%s\");", what);
    line(E, "goto %sdis;", E->m->pfx);
  }
}

/* Promela: "if :: !(cond) -> runtime error :: else fi" */
static void promela_check(struct em *E, const char *cond, const char *what) {
  line(E, "if");
  line(E, ":: !(%s) -> bc_rterr(\"%s\"); goto %sdis", cond, what, E->m->pfx);
  line(E, ":: else");
  line(E, "fi;");
}

static bool binop_const(unsigned op, int64_t a, int64_t b, int64_t *r) {
  switch (op) {
  case BC_INS_ADD:
    return !__builtin_add_overflow(a, b, r);
  case BC_INS_SUB:
    return !__builtin_sub_overflow(a, b, r);
  case BC_INS_MUL:
    return !__builtin_mul_overflow(a, b, r);
  case BC_INS_DIV: case BC_INS_MOD:
    if (b == 0 || (b == -1 && a == INT64_MIN))
      return false;
    *r = op == BC_INS_DIV ? a / b : a % b;
    return true;
  case BC_INS_BOR:
    *r = (int64_t)((uint64_t)a | (uint64_t)b);
    return true;
  case BC_INS_BAND:
    *r = (int64_t)((uint64_t)a & (uint64_t)b);
    return true;
  case BC_INS_BANDN:
    *r = (int64_t)((uint64_t)a & ~(uint64_t)b);
    return true;
  default:
    return false;
  }
}

static void eval_range(struct em *E, size_t from, size_t to);

/* One pure instruction on the symbolic stack (statements for Promela's
** explicit checks). */
static void pure(struct em *E, size_t pc) {
  const struct xins *in = &E->c->v[pc];
  const struct bc_program *p = E->x->p;
  struct sv a, b;
  switch (in->op) {
  case XI_NOP:
    break;
  case BC_INS_PUSH:
    pushk(E, in->k);
    break;
  case BC_INS_LOAD:
    push(E, stored_value(E, in->b, scalar_ref(E, in->b)), K_INT);
    break;
  case BC_INS_LOADX:
    b = pop(E);
    push(E, stored_value(E, in->b, elem_ref(E, in->b, b)), K_INT);
    break;
  case BC_INS_INDEX: {
    const struct bc_var *v = &p->vars[in->b];
    int64_t lo = v->dim_lo[in->a], hi = lo + v->dim_len[in->a] - 1;
    b = pop(E);
    if (murphi(E) && !xl_flat(v)) {
      char *i = ival_of(E, b);
      E->st[E->sd++] = (struct sv){i, K_INT, false, 0, (int)in->b, lo};
      break;
    }
    if (!murphi(E) || xl_flat(v)) {
      /* explicit check */
      materialize(E, true);
      char *i = ival_of(E, b);
      if (!(b.isc && b.k >= lo && b.k <= hi)) {
        char *what = xl_fmt("index out of range of '%s'", v->name);
        char *cond = murphi(E)
            ? xl_fmt("%s >= %" PRId64 " & %s <= %" PRId64, i, lo, i, hi)
            : xl_fmt("%s >= %" PRId64 " && %s <= %" PRId64, i, lo, i, hi);
        if (murphi(E)) {
          line(E, "if !(%s) then error \"runtime error: %s\" endif;", cond,
               what);
        } else {
          promela_check(E, cond, what);
        }
        free(cond);
        free(what);
      }
      if (b.isc) {
        free(i);
        pushk(E, b.k - lo);
      } else {
        push(E, lo ? xl_fmt("(%s - %" PRId64 ")", i, lo) : bc_xstrdup(i),
             K_INT);
        free(i);
      }
    }
    break;
  }
  case BC_INS_FLAT: {
    b = pop(E);
    a = pop(E);
    char *x = ival_of(E, a), *y = ival_of(E, b);
    push(E, xl_fmt("(%s * %" PRId64 " + %s)", x, in->k, y), K_INT);
    free(x);
    free(y);
    break;
  }
  case BC_INS_LGET:
    push(E, xl_fmt(murphi(E) ? "L%u" : "bc_L%u", in->a), K_INT);
    break;
  case BC_INS_SELF:
    if (E->m->const_self || E->m->proc < 0)
      pushk(E, E->m->const_self ? E->m->self : 0);
    else
      push(E, bc_xstrdup("bc_self"), K_INT);
    break;
  case BC_INS_ADD: case BC_INS_SUB: case BC_INS_MUL: case BC_INS_DIV:
  case BC_INS_MOD: case BC_INS_BOR: case BC_INS_BAND: case BC_INS_BANDN: {
    b = pop(E);
    a = pop(E);
    int64_t r;
    if (a.isc && b.isc && binop_const(in->op, a.k, b.k, &r) &&
        (murphi(E) || (r <= INT32_MAX && r >= -INT32_MAX))) {
      free(a.e);
      free(b.e);
      pushk(E, r);
      break;
    }
    char *x = ival_of(E, a), *y = ival_of(E, b);
    if ((in->op == BC_INS_DIV || in->op == BC_INS_MOD) && !murphi(E) &&
        !(b.isc && b.k != 0)) {
      materialize(E, true);
      char *cond = xl_fmt("%s != 0", y);
      promela_check(E, cond, "division by zero");
      free(cond);
    }
    const char *op = in->op == BC_INS_ADD ? "+" : in->op == BC_INS_SUB ? "-"
                     : in->op == BC_INS_MUL ? "*" : in->op == BC_INS_DIV ? "/"
                     : in->op == BC_INS_MOD ? "%" : in->op == BC_INS_BOR ? "|"
                     : "&";
    if (in->op == BC_INS_BANDN)
      push(E, xl_fmt("(%s & ~%s)", x, y), K_INT);
    else
      push(E, xl_fmt("(%s %s %s)", x, op, y), K_INT);
    free(x);
    free(y);
    break;
  }
  case BC_INS_NEG: {
    b = pop(E);
    if (b.isc && b.k != INT64_MIN) {
      free(b.e);
      pushk(E, -b.k);
      break;
    }
    char *x = ival_of(E, b);
    push(E, xl_fmt("(-%s)", x), K_INT);
    free(x);
    break;
  }
  case BC_INS_EQ: case BC_INS_NE: case BC_INS_LT: case BC_INS_LE:
  case BC_INS_GT: case BC_INS_GE: {
    b = pop(E);
    a = pop(E);
    const char *op = in->op == BC_INS_EQ ? (murphi(E) ? "=" : "==")
                     : in->op == BC_INS_NE ? "!=" : in->op == BC_INS_LT ? "<"
                     : in->op == BC_INS_LE ? "<=" : in->op == BC_INS_GT ? ">"
                     : ">=";
    char *x, *y;
    if (a.kind == K_BOOL && b.kind == K_BOOL &&
        (in->op == BC_INS_EQ || in->op == BC_INS_NE)) {
      x = a.e;
      y = b.e;
    } else {
      x = ival_of(E, a);
      y = ival_of(E, b);
    }
    push(E, xl_fmt("(%s %s %s)", x, op, y), K_BOOL);
    free(x);
    free(y);
    break;
  }
  case BC_INS_NOT: {
    b = pop(E);
    char *x = bval_of(E, b);
    push(E, xl_fmt("!(%s)", x), K_BOOL);
    free(x);
    break;
  }
  case BC_INS_SUBSETEQ: case BC_INS_SUBSET: {
    b = pop(E);
    a = pop(E);
    char *x = ival_of(E, a), *y = ival_of(E, b);
    const char *eq = murphi(E) ? "=" : "==";
    if (in->op == BC_INS_SUBSETEQ)
      push(E, xl_fmt("((%s & ~%s) %s 0)", x, y, eq), K_BOOL);
    else
      push(E, xl_fmt("(((%s & ~%s) %s 0) %s %s != %s)", x, y, eq, AND(E), x,
                     y), K_BOOL);
    free(x);
    free(y);
    break;
  }
  case BC_INS_BIT: {
    b = pop(E);
    if (b.isc && b.k >= 0 && b.k < 62) {
      free(b.e);
      pushk(E, (int64_t)1 << b.k);
      break;
    }
    char *x = ival_of(E, b);
    push(E, xl_fmt("(1 << %s)", x), K_INT);
    free(x);
    break;
  }
  case BC_INS_HAS: {
    b = pop(E);
    a = pop(E);
    char *x = ival_of(E, a), *y = ival_of(E, b);
    push(E, xl_fmt("(((%s >> %s) & 1) %s 1)", y, x, murphi(E) ? "=" : "=="),
         K_BOOL);
    free(x);
    free(y);
    break;
  }
  case BC_INS_INRANGE: {
    struct sv hi = pop(E), lo = pop(E);
    a = pop(E);
    char *x = ival_of(E, a), *l = ival_of(E, lo), *h = ival_of(E, hi);
    push(E, xl_fmt("(%s <= %s %s %s <= %s)", l, x, AND(E), x, h), K_BOOL);
    free(x);
    free(l);
    free(h);
    break;
  }
  case BC_INS_CLEARLOW: {
    b = pop(E);
    char *x = ival_of(E, b);
    push(E, xl_fmt("(%s & (%s - 1))", x, x), K_INT);
    free(x);
    break;
  }
  case BC_INS_CARD: case BC_INS_LOWBIT: case BC_INS_NTHBIT: {
    if (murphi(E)) {
      b = pop(E);
      if (in->op == BC_INS_NTHBIT) {
        a = pop(E);
        char *x = ival_of(E, a), *y = ival_of(E, b);
        push(E, xl_fmt("bc_nth(%s, %s)", x, y), K_INT);
        free(x);
        free(y);
      } else {
        char *x = ival_of(E, b);
        push(E, xl_fmt("%s(%s)", in->op == BC_INS_CARD ? "bc_card" : "bc_low",
                       x), K_INT);
        free(x);
      }
      break;
    }
    /* Promela: a loop into the result's slot */
    materialize(E, true);
    b = pop(E);
    char *y = ival_of(E, b);
    if (in->op == BC_INS_NTHBIT) {
      a = pop(E);
      char *x = ival_of(E, a);
      line(E, "bc_t = %s; bc_u = %s;", x, y);
      line(E, "do :: bc_u > 0 && bc_t != 0 -> bc_t = bc_t & (bc_t - 1); "
              "bc_u-- :: else -> break od;");
      free(x);
    } else {
      line(E, "bc_t = %s;", y);
    }
    free(y);
    char *s = slot(E, E->sd);
    if (in->op == BC_INS_CARD)
      line(E, "%s = 0; do :: bc_t != 0 -> bc_t = bc_t & (bc_t - 1); %s++ "
              ":: else -> break od;", s, s);
    else
      line(E, "%s = 0; if :: bc_t != 0 -> do :: (bc_t & 1) == 0 -> bc_t = "
              "bc_t >> 1; %s++ :: else -> break od :: else fi;", s, s);
    push(E, s, K_INT);
    break;
  }
  case BC_INS_JZ: case BC_INS_JNZ: {
    /* a folded diamond */
    uint32_t J = E->c->join[pc];
    uint32_t L = in->b;
    struct sv cond = pop(E);
    eval_range(E, pc + 1, L - 1);
    struct sv fa = pop(E); /* fall-through arm */
    eval_range(E, L, J);
    struct sv ja = pop(E); /* jump arm */
    /* JZ: cond ? fall : jump; JNZ: cond ? jump : fall */
    struct sv t = in->op == BC_INS_JZ ? fa : ja;
    struct sv f = in->op == BC_INS_JZ ? ja : fa;
    char *c = bval_of(E, cond);
    if (f.isc && f.k == 0 && t.kind == K_BOOL) {
      push(E, xl_fmt("(%s %s %s)", c, AND(E), t.e), K_BOOL);
      free(t.e);
      free(f.e);
    } else if (t.isc && t.k == 1 && f.kind == K_BOOL) {
      push(E, xl_fmt("(%s %s %s)", c, OR(E), f.e), K_BOOL);
      free(t.e);
      free(f.e);
    } else if (f.isc && f.k == 0 && t.isc && t.k == 1) {
      push(E, bc_xstrdup(c), K_BOOL);
      free(t.e);
      free(f.e);
    } else {
      char *x = ival_of(E, t), *y = ival_of(E, f);
      push(E, xl_fmt(murphi(E) ? "(%s ? %s : %s)" : "(%s -> %s : %s)", c, x,
                     y), K_INT);
      free(x);
      free(y);
    }
    free(c);
    break;
  }
  default:
    break;
  }
}

/* Symbolically run [from, to), pure instructions and folds only. */
static void eval_range(struct em *E, size_t from, size_t to) {
  for (size_t pc = from; pc < to;) {
    const struct xins *in = &E->c->v[pc];
    pure(E, pc);
    if ((in->op == BC_INS_JZ || in->op == BC_INS_JNZ) && E->c->join[pc])
      pc = E->c->join[pc];
    else
      pc++;
  }
}

static void goto_block(struct em *E, size_t pc) {
  if (murphi(E))
    line(E, "bc_blk := %zu;", pc);
  else
    line(E, "goto %sB%zu;", E->m->pfx, pc);
}

/* A step's path ends: its process continues at step 'next'. */
static void step_end(struct em *E, unsigned next) {
  const struct xmode *m = E->m;
  const struct bc_program *p = E->x->p;
  const struct bc_proc *pr = &p->procs[m->proc];
  const char *pcn = E->x->vname[pr->pc_var];
  if (murphi(E)) {
    if (pr->family)
      line(E, "N.%s[bc_self] := %u;", pcn, next);
    else
      line(E, "N.%s := %u;", pcn, next);
    if (E->c->nch)
      line(E, "for j := 0 to %u do if j >= bc_nch & bc_ch[j] != 0 then "
              "return false endif endfor;", E->c->nch - 1);
    line(E, "return true;");
    return;
  }
  if (!m->check) {
    for (unsigned j = 0; j < E->c->nch; j++)
      line(E, "if :: bc_nch <= %u && bc_c[%u] != 0 -> goto %sdis :: else "
              "fi;", j, j, m->pfx);
    if (pr->family)
      line(E, "%s[%" PRId64 "] = %u;", pcn, m->self - pr->lo, next);
    else
      line(E, "%s = %u;", pcn, next);
  }
  line(E, "goto %sok;", m->pfx);
}

static void emit_block(struct em *E, size_t start) {
  const struct xcode *c = E->c;
  const struct xmode *m = E->m;
  E->sd = 0;
  for (int i = 0; i < c->depth[start]; i++)
    push(E, slot(E, i), K_INT);
  for (size_t pc = start;;) {
    if (pc >= c->n) {
      runtime_error(E, "unreachable code");
      break;
    }
    if (pc != start && c->leader[pc]) {
      materialize(E, false);
      goto_block(E, pc);
      break;
    }
    const struct xins *in = &c->v[pc];
    if (in->op != XI_NOP && c->v[pc].line &&
        (pc == start || c->v[pc - 1].line != in->line) &&
        !pure_op(E->x, in) && in->op != BC_INS_JMP)
      line(E, murphi(E) ? "-- line %u" : "/* line %u */", in->line);
    struct sv a, b;
    switch (in->op) {
    case BC_INS_POP:
      a = pop(E);
      free(a.e);
      break;
    case BC_INS_STORE: case BC_INS_STOREX: {
      b = pop(E);
      struct sv idx = {NULL, 0, false, 0, -1, 0};
      if (in->op == BC_INS_STOREX)
        idx = pop(E);
      materialize(E, true);
      char *val = ival_of(E, b);
      if (!murphi(E) && in->op == BC_INS_STOREX && !idx.isc &&
          mentions(idx.e, E->x->vname[in->b])) {
        /* pan undoes `a[e] = v` by evaluating e again after the store:
        ** when e reads a itself (a[1 + a[2] % 2] := ...), the undo
        ** restores another element, and pan counts states no run has
        ** (seen with seed 77 of tests/difftest). The index is computed
        ** first into bc_u, which nothing writes until the step ends. */
        char *i = ival_of(E, idx);
        line(E, "bc_u = %s;", i);
        free(i);
        idx = (struct sv){xl_fmt("bc_u"), K_INT, false, 0, -1, 0};
      }
      char *ref = in->op == BC_INS_STOREX ? elem_ref(E, in->b, idx)
                                          : scalar_ref(E, in->b);
      if (murphi(E)) {
        line(E, "%s := %s;", ref, val);
      } else {
        const struct bc_var *v = &E->x->p->vars[in->b];
        int64_t lo = xl_type_lo(&v->type), hi = xl_type_hi(E->x->p, &v->type);
        int64_t off = xl_voff(E->x, in->b);
        if (b.isc && b.k >= lo && b.k <= hi) {
          if (off)
            line(E, "%s = %" PRId64 ";", ref, b.k - off);
          else
            line(E, "%s = %s;", ref, val);
        } else {
          line(E, "bc_v = %s;", val);
          char *cond = xl_fmt("bc_v >= %" PRId64 " && bc_v <= %" PRId64, lo,
                              hi);
          char *what = xl_fmt("value out of range of '%s'", v->name);
          promela_check(E, cond, what);
          free(cond);
          free(what);
          if (off)
            line(E, "%s = bc_v + %" PRId64 ";", ref, -off);
          else
            line(E, "%s = bc_v;", ref);
        }
      }
      free(val);
      free(ref);
      break;
    }
    case BC_INS_LSET: {
      b = pop(E);
      materialize(E, true);
      char *val = ival_of(E, b);
      line(E, murphi(E) ? "L%u := %s;" : "bc_L%u = %s;", in->a, val);
      free(val);
      break;
    }
    case BC_INS_AWAIT: {
      b = pop(E);
      char *cnd = bval_of(E, b);
      if (!strcmp(cnd, "true")) {
        free(cnd);
        break;
      }
      materialize(E, true);
      if (murphi(E))
        line(E, "if !(%s) then return false endif;", cnd);
      else
        line(E, "if :: !(%s) -> goto %sdis :: else fi;", cnd, m->pfx);
      free(cnd);
      break;
    }
    case BC_INS_CHOOSE: {
      b = pop(E);
      materialize(E, true);
      char *n = ival_of(E, b);
      char *s = slot(E, E->sd);
      if (murphi(E)) {
        line(E, "if %s <= 0 then return false endif;", n);
        line(E, "if bc_nch >= %u then error \"runtime error: %s\" endif;",
             c->nch, rt_text(BC_RT_CHOICES));
        line(E, "if bc_ch[bc_nch] >= %s then return false endif;", n);
        line(E, "%s := bc_ch[bc_nch];", s);
        line(E, "bc_nch := bc_nch + 1;");
      } else {
        line(E, "bc_cn = %s;", n);
        line(E, "if :: bc_cn <= 0 -> goto %sdis :: else fi;", m->pfx);
        line(E, "if :: bc_nch >= %d -> bc_rterr(\"%s\"); goto %sdis :: else "
                "fi;", BC_VM_MAX_CHOICES, rt_text(BC_RT_CHOICES), m->pfx);
        if (m->check) {
          line(E, "if");
          line(E, ":: bc_nch < bc_slen -> %s = bc_ch[bc_nch]", s);
          line(E, ":: else -> %s = 0; bc_ch[bc_nch] = 0; bc_slen = bc_nch + 1",
               s);
          line(E, "fi;");
          line(E, "bc_chn[bc_nch] = bc_cn;");
        } else {
          /* the values were chosen before the step ran (bc_c) */
          line(E, "if :: bc_nch >= %u -> bc_rterr(\"%s\"); goto %sdis :: "
                  "else fi;", c->nch, rt_text(BC_RT_CHOICES), m->pfx);
          line(E, "if :: bc_c[bc_nch] >= bc_cn -> goto %sdis :: else fi;",
               m->pfx);
          line(E, "%s = bc_c[bc_nch];", s);
        }
        line(E, "bc_nch++;");
      }
      free(n);
      push(E, s, K_INT);
      break;
    }
    case BC_INS_ASSERT: {
      b = pop(E);
      if (murphi(E) || !m->check) {
        materialize(E, true);
        char *cnd = bval_of(E, b);
        if (murphi(E))
          line(E, "if !(%s) then V[%u] := true endif;", cnd, in->a);
        else
          line(E, "if :: !(%s) -> bc_viol[%u] = 1 :: else fi;", cnd, in->a);
        free(cnd);
      } else {
        free(b.e);
      }
      break;
    }
    case BC_INS_VIOLATE:
      if (murphi(E))
        line(E, "V[%u] := true;", in->a);
      else if (!m->check)
        line(E, "bc_viol[%u] = 1;", in->a);
      break;
    case BC_INS_JMP:
      materialize(E, false);
      goto_block(E, in->b);
      free_stack(E);
      return;
    case BC_INS_JZ: case BC_INS_JNZ:
      if (c->join[pc]) {
        pure(E, pc);
        pc = c->join[pc];
        continue;
      }
      b = pop(E);
      {
        char *cnd = bval_of(E, b);
        materialize(E, false);
        size_t t = in->b, f = pc + 1;
        if (in->op == BC_INS_JZ) {
          t = pc + 1;
          f = in->b;
        }
        /* cnd true -> t, false -> f */
        if (murphi(E))
          line(E, "if %s then bc_blk := %zu else bc_blk := %zu endif;", cnd,
               t, f);
        else
          line(E, "if :: %s -> goto %sB%zu :: else -> goto %sB%zu fi;", cnd,
               m->pfx, t, m->pfx, f);
        free(cnd);
      }
      free_stack(E);
      return;
    case BC_INS_GOTO:
      free_stack(E);
      step_end(E, in->a);
      return;
    case BC_INS_EXIT: {
      b = pop(E);
      char *cnd = bval_of(E, b);
      if (murphi(E)) {
        line(E, "return %s;", cnd);
      } else {
        line(E, "bc_res = %s;", cnd);
        line(E, "goto %sok;", m->pfx);
      }
      free(cnd);
      free_stack(E);
      return;
    }
    case BC_INS_HALT: case XI_RTERR: case BC_INS_PRET:
      runtime_error(E, rt_text(in->op == XI_RTERR ? in->a : 0));
      if (murphi(E))
        line(E, "return false;");
      free_stack(E);
      return;
    case BC_INS_HOOK:
      break;
    default:
      pure(E, pc);
      break;
    }
    pc++;
  }
  free_stack(E);
}

void xl_emit(struct xl *x, const struct xcode *c, const struct xmode *m) {
  struct em *E = bc_xcalloc(1, sizeof *E);
  E->x = x;
  E->c = c;
  E->m = m;
  E->o = x->o;
  E->ind = m->indent;
  size_t nlead = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->leader[i] && c->depth[i] >= 0)
      nlead++;
  if (murphi(E) && nlead > 1) {
    line(E, "bc_blk := 0;");
    line(E, "while true do");
    E->ind++;
    line(E, "switch bc_blk");
    for (size_t i = 0; i < c->n; i++) {
      if (!c->leader[i] || c->depth[i] < 0)
        continue;
      line(E, "case %zu:", i);
      E->ind++;
      emit_block(E, i);
      E->ind--;
    }
    line(E, "else");
    E->ind++;
    line(E, "error \"internal error: no block %s\";", "bc_blk");
    E->ind--;
    line(E, "endswitch;");
    E->ind--;
    line(E, "endwhile;");
    line(E, "return false;");
  } else {
    for (size_t i = 0; i < c->n; i++) {
      if (!c->leader[i] || c->depth[i] < 0)
        continue;
      if (!murphi(E))
        line(E, "%sB%zu: skip;", m->pfx, i);
      emit_block(E, i);
    }
  }
  free(E);
}

void xl_enum_comment(const struct xl *x, const struct bc_var *v, FILE *o,
                     const char *open, const char *close) {
  const struct bc_enum *en = &x->p->enums[v->type.enum_id];
  bool set = v->type.kind == BC_TY_SET;
  fprintf(o, "%s %s%s:", open, set ? "set of " : "", en->name);
  for (unsigned j = 0; j < en->n; j++)
    fprintf(o, " %s=%s%u", en->members[j], set ? "bit " : "", j);
  fputs(close, o);
}
