/*
** report.c - the renderers of a check: the verdict matrix, exposure windows
** and counterexamples as text (72 columns, for a mailing-list reply), as
** Markdown with Mermaid sequence diagrams, and as JSON (docs/json.md).
** Reads the compiled program (model.h), the runs (explore.h) and the
** windows (window.h); writes nothing else.
*/
#include "report/report.h"

#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "check/check.h"
#include "base/safeout.h"
#include "front/compile_int.h"
#include "model/vm.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WIDTH 72

void bc_inst_name(const struct bc_program *p, unsigned inst, char *buf,
                  size_t len) {
  const struct bc_inst *in = &p->insts[inst];
  const struct bc_proc *pr = &p->procs[in->proc];
  if (pr->family)
    snprintf(buf, len, "%s[%" PRId64 "]", pr->name, in->self);
  else
    snprintf(buf, len, "%s", pr->name);
}

/* ----------------------------------------------------------- strings */

/* A growing string. */
struct sb {
  char *s;
  size_t n, cap;
};

static void sb_putn(struct sb *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->n + n + 1)
      cap *= 2;
    b->s = bc_xrealloc(b->s, cap);
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n);
  b->n += n;
  b->s[b->n] = '\0';
}

static void sb_puts(struct sb *b, const char *s) { sb_putn(b, s, strlen(s)); }

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(struct sb *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    sb_putn(b, small, (size_t)n);
    return;
  }
  char *big = bc_xmalloc((size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  sb_putn(b, big, (size_t)n);
  free(big);
}

static const char *sb_str(const struct sb *b) { return b->s ? b->s : ""; }
static void sb_clear(struct sb *b) {
  b->n = 0;
  if (b->s)
    b->s[0] = '\0';
}
static void sb_release(struct sb *b) {
  free(b->s);
  memset(b, 0, sizeof *b);
}

size_t bc_report_columns(const char *s) {
  size_t n = 0;
  for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
    if (*u == 0x1b && u[1] == '[') { /* CSI ... final byte */
      u += 2;
      while (*u && !(*u >= 0x40 && *u <= 0x7e))
        u++;
      if (!*u)
        break;
      continue;
    }
    if ((*u & 0xc0) != 0x80)
      n++;
  }
  return n;
}

static void spaces(FILE *out, size_t n) {
  for (size_t i = 0; i < n; i++)
    fputc(' ', out);
}

/* Bytes of 's' that take at most 'cols' columns, and a break: where the
** line may end (after a ',' or before a ' ') and where the next begins. */
static size_t break_at(const char *s, size_t cols, size_t *ret_next) {
  size_t c = 0, best = 0, best_next = 0, first = 0, first_next = 0;
  size_t i;
  for (i = 0; s[i]; i++) {
    unsigned char u = (unsigned char)s[i];
    if (u == ' ' && i > 0) {
      if (c <= cols) {
        best = i;
        best_next = i + 1;
      } else if (!first) {
        first = i;
        first_next = i + 1;
      }
    }
    if ((u & 0xc0) != 0x80)
      c++;
    if (u == ',' && s[i + 1] && s[i + 1] != ' ') {
      if (c <= cols) {
        best = i + 1;
        best_next = i + 1;
      } else if (!first) {
        first = i + 1;
        first_next = i + 1;
      }
    }
    if (c > cols && best)
      break;
  }
  if (c <= cols && !s[i]) { /* the rest fits */
    *ret_next = i;
    return i;
  }
  if (best) {
    *ret_next = best_next;
    return best;
  }
  if (first) {
    *ret_next = first_next;
    return first;
  }
  *ret_next = strlen(s);
  return *ret_next;
}

/* bc_report_wrap, with 'pre' and 'post' (colour codes) around the text of
** every line. */
static void wrap_lines(FILE *out, const char *text, unsigned first,
                       unsigned indent, unsigned width, const char *pre,
                       const char *post) {
  const char *s = text;
  unsigned lead = first;
  for (;;) {
    size_t avail = width > lead + 8 ? width - lead : 8;
    size_t next;
    size_t n = break_at(s, avail, &next);
    while (n > 0 && s[n - 1] == ' ')
      n--;
    spaces(out, lead);
    bc_out_raw(out, pre); /* colour codes, past the escaping (safeout.h) */
    fwrite(s, 1, n, out);
    bc_out_raw(out, post);
    fputc('\n', out);
    s += next;
    while (*s == ' ')
      s++;
    if (!*s)
      break;
    lead = indent;
  }
}

void bc_report_wrap(FILE *out, const char *text, unsigned first,
                    unsigned indent, unsigned width) {
  wrap_lines(out, text, first, indent, width, "", "");
}

/* ----------------------------------------------------------- styles */

enum paint { P_NONE, P_OK, P_BAD, P_WARN, P_BOLD, P_DIM };

static const char *paint_code(enum paint c) {
  switch (c) {
  case P_OK:
    return "\x1b[32m";
  case P_BAD:
    return "\x1b[1;31m";
  case P_WARN:
    return "\x1b[33m";
  case P_BOLD:
    return "\x1b[1m";
  case P_DIM:
    return "\x1b[2m";
  default:
    return "";
  }
}

/* Write 's' painted with 'c' (when colours are on), padded with spaces to
** 'w' columns (right-aligned when 'right'). */
static void cell(FILE *out, const struct bc_report_opts *o, enum paint c,
                 const char *s, size_t w, bool right) {
  size_t n = bc_report_columns(s);
  if (right && n < w)
    spaces(out, w - n);
  if (o->color && c != P_NONE) {
    bc_out_raw(out, paint_code(c)); /* past the escaping (safeout.h) */
    fputs(s, out);
    bc_out_raw(out, "\x1b[0m");
  } else {
    fputs(s, out);
  }
  if (!right && n < w)
    spaces(out, w - n);
}

/* bc_report_wrap painted with 'c' when colours are on. */
static void wrap_paint(FILE *out, const struct bc_report_opts *o,
                       enum paint c, const char *text, unsigned first,
                       unsigned indent, unsigned width) {
  bool on = o->color && c != P_NONE;
  wrap_lines(out, text, first, indent, width, on ? paint_code(c) : "",
             on ? "\x1b[0m" : "");
}

static unsigned width_of(const struct bc_report_opts *o) {
  return o->width ? o->width : DEFAULT_WIDTH;
}

/* ----------------------------------------------------------- the program */

/* Where the code block starting at 'start' ends: the next step, placement,
** constraint or window expression. */
static uint32_t block_end(const struct bc_program *p, uint32_t start) {
  uint32_t end = (uint32_t)p->ncode;
#define CONSIDER(x)                                                            \
  do {                                                                         \
    uint32_t c_ = (x);                                                         \
    if (c_ > start && c_ < end)                                                \
      end = c_;                                                                \
  } while (0)
  for (size_t i = 0; i < p->nsteps; i++)
    CONSIDER(p->steps[i].code);
  for (size_t i = 0; i < p->nplacements; i++)
    CONSIDER(p->placements[i].code);
  for (size_t i = 0; i < p->nconstraints; i++) {
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_ALWAYS || k == BC_CK_REACHABLE || k == BC_CK_EVENTUALLY)
      CONSIDER(p->constraints[i].code);
  }
  for (size_t i = 0; i < p->nwindows; i++) {
    CONSIDER(p->windows[i].code);
    for (unsigned k = 0; k < p->windows[i].nconj; k++) {
      CONSIDER(p->windows[i].conj[k]);
      if (p->windows[i].qkind[k])
        CONSIDER(p->windows[i].qbody[k]);
    }
  }
#undef CONSIDER
  return end;
}

/* A variable element a piece of code reads: elem is an element index, or
** ALL (unknown index) or SELF (the running instance's own element). */
#define READ_ALL (-1)
#define READ_SELF (-2)
struct read {
  int var;
  int64_t elem;
};

struct reads {
  struct read r[64];
  size_t n;
};

/* The bound values that decide a constraint's quantifiers, outermost
** first ("c = 1"); see find_witness. */
struct witness {
  unsigned n;
  const struct bc_quant *q[8];
  int64_t v[8];
};

/* The witness's value of a read of slot 'slot' at 'pc', when the read is
** in the body of a quantifier of the witness bound in that slot. */
static bool witness_slot(const struct witness *w, uint32_t pc, unsigned slot,
                         int64_t *v) {
  for (unsigned i = 0; w && i < w->n; i++)
    if ((unsigned)w->q[i]->slot == slot && pc >= w->q[i]->body &&
        pc < w->q[i]->store) {
      *v = w->v[i];
      return true;
    }
  return false;
}

static void reads_add(struct reads *rs, int var, int64_t elem) {
  for (size_t i = 0; i < rs->n; i++) {
    if (rs->r[i].var != var)
      continue;
    if (rs->r[i].elem == elem || rs->r[i].elem == READ_ALL)
      return;
    if (elem == READ_ALL) {
      rs->r[i].elem = READ_ALL;
      return;
    }
  }
  if (rs->n < sizeof rs->r / sizeof rs->r[0])
    rs->r[rs->n++] = (struct read){var, elem};
}

/* The user variables read by code [from, to). A one-dimensional index
** that is a literal, 'self' or a bound name of witness 'w' (or NULL) is
** resolved. */
static void code_reads(const struct bc_program *p, uint32_t from, uint32_t to,
                       const struct witness *w, struct reads *rs) {
  for (uint32_t pc = from; pc < to && pc < p->ncode; pc++) {
    const struct bc_insn *in = &p->code[pc];
    if (!(bc_opcode_uses(in->op) & BC_U_READ))
      continue;
    if (in->b >= p->nvars || p->vars[in->b].kind != BC_VAR_USER)
      continue;
    const struct bc_var *v = &p->vars[in->b];
    int64_t elem = 0;
    if (bc_opcode_uses(in->op) & BC_U_ELEM) {
      elem = READ_ALL;
      if (v->ndims == 1 && pc >= from + 2 &&
          p->code[pc - 1].op == BC_INS_INDEX && p->code[pc - 1].b == in->b) {
        const struct bc_insn *ix = &p->code[pc - 2];
        int64_t x = ix->k;
        if ((ix->op == BC_INS_PUSH ||
             (ix->op == BC_INS_LGET && witness_slot(w, pc - 2, ix->a, &x))) &&
            x >= v->dim_lo[0] && x - v->dim_lo[0] < v->dim_len[0])
          elem = x - v->dim_lo[0];
        else if (ix->op == BC_INS_SELF)
          elem = READ_SELF;
      }
    }
    reads_add(rs, (int)in->b, elem);
  }
}

/* What constraint 'ci' reads (none for orderings, deadlock, violations). */
static void constraint_reads(const struct bc_program *p, size_t ci,
                             const struct witness *w, struct reads *rs) {
  const struct bc_constraint *k = &p->constraints[ci];
  rs->n = 0;
  if (k->kind == BC_CK_ALWAYS || k->kind == BC_CK_REACHABLE ||
      k->kind == BC_CK_EVENTUALLY)
    code_reads(p, k->code, block_end(p, k->code), w, rs);
  else if (k->kind == BC_CK_AT && k->at_end)
    code_reads(p, k->at_code, k->at_end, w, rs);
}

/* Does quantifier 'q' of 'k' decide a value 'outcome' of the constraint
** with a bound value of its own, as do its enclosing quantifiers? A forall
** is decided by a value for which its body is false, an exists by one for
** which it is true. */
static bool decisive(const struct bc_program *p, const struct bc_constraint *k,
                     const struct bc_quant *q, bool outcome) {
  for (;;) {
    if (!q->sign || q->forall == (outcome != (q->sign < 0)) ||
        q->store >= p->ncode || p->code[q->store].op != BC_INS_LSET)
      return false;
    if (q->parent < 0)
      return true;
    q = &k->quants[q->parent];
  }
}

/*
** The bound values that make constraint 'ci' evaluate to 'outcome' (false:
** violated; true: a `reachable` satisfied) in 'state', for instance index
** 'self': the expression runs on a copy of the code in which the result
** store of each deciding quantifier stops at the first value that decides
** it; the bound names in scope there are the witness. None (w->n = 0) when
** the value comes from elsewhere, e.g. `always P and forall ...` with P
** false.
*/
static void find_witness(const struct bc_program *p, size_t ci,
                         int64_t self, const uint8_t *state, bool outcome,
                         struct witness *w) {
  const struct bc_constraint *k = &p->constraints[ci];
  w->n = 0;
  uint32_t pc, end = 0;
  if (k->kind == BC_CK_ALWAYS || k->kind == BC_CK_REACHABLE)
    pc = k->code;
  else if (k->kind == BC_CK_AT && k->at_end)
    pc = k->at_code, end = k->at_end;
  else
    return;
  bool any = false;
  for (unsigned i = 0; i < k->nquants; i++)
    any |= decisive(p, k, &k->quants[i], outcome);
  if (!any)
    return;
  size_t n = p->ncode;
  struct bc_insn *code = bc_xmalloc((n + k->nquants) * sizeof *code);
  memcpy(code, p->code, n * sizeof *code);
  for (unsigned i = 0; i < k->nquants; i++) {
    const struct bc_quant *q = &k->quants[i];
    code[n + i] = (struct bc_insn){BC_INS_HALT, 0, 0, 0};
    if (decisive(p, k, q, outcome))
      code[q->store] = (struct bc_insn){
          q->forall ? BC_INS_JZ : BC_INS_JNZ, 0, (uint32_t)(n + i), 0};
  }
  if (end) /* the ASSERT after an `at` assertion's expression */
    code[end] = (struct bc_insn){BC_INS_HALT, 0, 0, 0};
  struct bc_program copy = *p;
  copy.code = code;
  copy.ncode = n + k->nquants;
  struct bc_vm vm;
  bc_vm_init(&vm, &copy);
  int64_t ret;
  if (bc_vm_eval_self(&vm, pc, self, state, &ret) == BC_VM_ERROR &&
      vm.err.pc >= n && vm.err.pc < n + k->nquants) {
    const struct bc_quant *chain[8];
    unsigned nc = 0;
    for (int i = (int)(vm.err.pc - n); i >= 0 && nc < 8;
         i = k->quants[i].parent)
      chain[nc++] = &k->quants[i];
    while (nc) {
      const struct bc_quant *q = chain[--nc];
      w->q[w->n] = q;
      w->v[w->n++] = vm.locals[q->slot];
    }
  }
  bc_vm_release(&vm);
  free(code);
}

/* "c = 1, d = 2": the witness's bound names and values. */
static void witness_text(const struct bc_program *p, const struct witness *w,
                         struct sb *b) {
  char val[512];
  for (unsigned i = 0; i < w->n; i++) {
    bc_value_format(p, &w->q[i]->type, w->v[i], val, sizeof val);
    sb_printf(b, "%s%s = %s", i ? ", " : "", w->q[i]->name, val);
  }
}

/* Placement bodies bound, in configuration 'choice', to the hooks that the
** code [from, to) reaches: calls fn(from, to) for each range. */
static void step_ranges(const struct bc_program *p, const unsigned *choice,
                        unsigned step,
                        void (*fn)(const struct bc_program *, uint32_t,
                                   uint32_t, void *),
                        void *ctx) {
  uint32_t from = p->steps[step].code, to = block_end(p, from);
  fn(p, from, to, ctx);
  for (uint32_t pc = from; pc < to; pc++) {
    if (p->code[pc].op != BC_INS_HOOK)
      continue;
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      if (pl->nhooks && pl->hooks[choice[i]] == (int)p->code[pc].a)
        fn(p, pl->code, block_end(p, pl->code), ctx);
    }
  }
}

struct msgs {
  size_t ci;
  const char *m[8];
  size_t n;
};

static void range_msgs(const struct bc_program *p, uint32_t from, uint32_t to,
                       void *ctx) {
  struct msgs *ms = ctx;
  for (uint32_t pc = from; pc < to; pc++) {
    const struct bc_insn *in = &p->code[pc];
    if (in->op != BC_INS_VIOLATE || in->a != ms->ci || in->b >= p->nstrings ||
        !*p->strings[in->b])
      continue;
    bool seen = false;
    for (size_t i = 0; i < ms->n; i++)
      seen |= !strcmp(ms->m[i], p->strings[in->b]);
    if (!seen && ms->n < 8)
      ms->m[ms->n++] = p->strings[in->b];
  }
}

/* The element of variable 'var' a read names for instance 'inst'. */
static int64_t read_elem(const struct bc_program *p, const struct read *r,
                         unsigned inst) {
  if (r->elem != READ_SELF)
    return r->elem;
  const struct bc_var *v = &p->vars[r->var];
  int64_t e = p->insts[inst].self - v->dim_lo[0];
  return e >= 0 && e < (int64_t)v->nelems ? e : READ_ALL;
}

static void value_text(const struct bc_program *p, const uint8_t *s, size_t i,
                       size_t e, char *buf, size_t len) {
  const struct bc_var *v = &p->vars[i];
  bc_value_format(p, &v->type, bc_state_get(p, s, i, e), buf, len);
}

/*
** "pinned = false, cr4[1] = {}": the values in state 's' of the elements in
** 'rs' that the last step (from 'before') did not change (the changed ones
** show in the step's diff). At most 6; "" when none.
*/
static void reads_text(const struct bc_program *p, const struct reads *rs,
                       unsigned inst, const uint8_t *before,
                       const uint8_t *s, struct sb *b) {
  char name[256], val[512];
  size_t shown = 0;
  for (size_t i = 0; i < rs->n; i++) {
    const struct read *r = &rs->r[i];
    int64_t e0 = read_elem(p, r, inst);
    size_t lo = e0 == READ_ALL ? 0 : (size_t)e0;
    size_t hi = e0 == READ_ALL ? p->vars[r->var].nelems : (size_t)e0 + 1;
    for (size_t e = lo; e < hi; e++) {
      if (before && bc_state_get(p, before, (size_t)r->var, e) !=
                        bc_state_get(p, s, (size_t)r->var, e))
        continue;
      if (shown == 6) {
        sb_puts(b, ", ...");
        return;
      }
      bc_var_elem_name(p, (size_t)r->var, e, name, sizeof name);
      value_text(p, s, (size_t)r->var, e, val, sizeof val);
      sb_printf(b, "%s%s = %s", shown ? ", " : "", name, val);
      shown++;
    }
  }
}

/* Hidden variables (program counters, history bits) are not shown in
** diffs: the step labels already say where each process is. */
static bool shown(const struct bc_var *v) { return v->kind == BC_VAR_USER; }

/* Calls fn for each user variable element that differs between a and b. */
static void each_change(const struct bc_program *p, const uint8_t *a,
                        const uint8_t *b,
                        void (*fn)(void *ctx, const char *name,
                                   const char *before, const char *after),
                        void *ctx) {
  char name[256], v1[512], v2[512];
  for (size_t i = 0; i < p->nvars; i++) {
    if (!shown(&p->vars[i]))
      continue;
    /* the bytes holding the whole variable equal: nothing of it changed
    ** (a trace of thousands of steps over arrays of a thousand CPUs) */
    const struct bc_field *fd = &p->fields[i];
    size_t b0 = fd->bitoff / 8,
           b1 = ((size_t)fd->bitoff +
                 (size_t)p->vars[i].nelems * fd->stride + 7) / 8;
    if (b1 > p->state_bytes)
      b1 = p->state_bytes;
    if (b0 < b1 && !memcmp(a + b0, b + b0, b1 - b0))
      continue;
    for (size_t e = 0; e < p->vars[i].nelems; e++) {
      if (bc_state_get(p, a, i, e) == bc_state_get(p, b, i, e))
        continue;
      bc_var_elem_name(p, i, e, name, sizeof name);
      value_text(p, a, i, e, v1, sizeof v1);
      value_text(p, b, i, e, v2, sizeof v2);
      fn(ctx, name, v1, v2);
    }
  }
}

/* "init at smp_wait(), ap[2] at start_secondary()": the instances that have
** not ended in state 's'. */
static void stuck_text(const struct bc_program *p, const uint8_t *s,
                       struct sb *b) {
  char who[128];
  bool first = true;
  for (size_t i = 0; i < p->ninsts; i++) {
    const struct bc_inst *in = &p->insts[i];
    const struct bc_proc *pr = &p->procs[in->proc];
    int64_t pc = bc_state_get(p, s, (size_t)pr->pc_var,
                              (size_t)(in->self - pr->lo));
    if (pc < 0 || pc >= (int64_t)pr->nsteps)
      continue;
    bc_inst_name(p, (unsigned)i, who, sizeof who);
    sb_printf(b, "%s%s at %s()", first ? "" : ", ", who,
              p->steps[pr->first_step + (size_t)pc].label);
    first = false;
  }
}

/* The result of a run as a word for people, and whether it is good. */
static const char *result_text(const struct bc_program *p,
                               const struct bc_run *run, enum paint *ret) {
  enum bc_outcome oc = bc_run_outcome(p, run);
  *ret = oc == BC_OUT_INCOMPLETE ? P_WARN
         : bc_outcome_exit(oc) == BC_EXIT_OK ? P_OK
                                              : P_BAD;
  return bc_outcome_text(oc);
}

/* The matrix's c-th constraint column: the --columns order, else the
** spec's `columns` line, else the order of declaration. */
static size_t col_of(const struct bc_program *p,
                     const struct bc_report_opts *o, size_t c) {
  return o && o->order ? o->order[c] : p->columns ? p->columns[c] : c;
}

static const struct bc_window_result *
window_of(const struct bc_report_opts *o, size_t run, size_t w) {
  if (!o || !o->windows || w >= o->windows[run].nwindows ||
      !o->windows[run].res)
    return NULL;
  return &o->windows[run].res[w];
}

/* The matrix cell of a window: "12", "12+", "inf", "?". */
static void window_cell(const struct bc_window_result *r, bool ascii,
                        char *buf, size_t len) {
  if (!r || r->status == BC_WIN_UNKNOWN)
    snprintf(buf, len, "?");
  else if (r->status == BC_WIN_UNBOUNDED)
    snprintf(buf, len, "%s", ascii ? "inf" : "\xe2\x88\x9e");
  else
    snprintf(buf, len, "%zu%s", r->length, r->open_end ? "+" : "");
}

/* ----------------------------------------------------------- text */

static const char *mark(enum bc_verdict v, bool ascii) {
  switch (v) {
  case BC_HOLDS:
    return ascii ? "ok" : "\xe2\x9c\x93";
  case BC_VIOLATED:
    return ascii ? "FAIL" : "\xe2\x9c\x97";
  default:
    return "?";
  }
}

static enum paint mark_paint(enum bc_verdict v) {
  return v == BC_HOLDS ? P_OK : v == BC_VIOLATED ? P_BAD : P_WARN;
}

/* Row labels of the matrix: configuration names, or numbers with a legend
** when the names are too long to leave room for the verdicts. */
struct rows {
  char **label;
  bool numbered;
  size_t w;
};

static void rows_init(struct rows *rw, const struct bc_program *p,
                      const struct bc_run *runs, size_t nruns,
                      unsigned width) {
  char cfg[512];
  rw->label = bc_xcalloc(nruns + 1, sizeof *rw->label);
  rw->w = p->nplacements > 1 ? strlen("configuration")
                             : p->nplacements ? strlen("placement") : 0;
  size_t longest = 0;
  for (size_t r = 0; r < nruns; r++) {
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    longest = strlen(cfg) > longest ? strlen(cfg) : longest;
  }
  rw->numbered = longest > width / 2;
  if (rw->numbered)
    rw->w = 1;
  for (size_t r = 0; r < nruns; r++) {
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    if (rw->numbered)
      snprintf(cfg, sizeof cfg, "%zu", r + 1);
    rw->label[r] = bc_xstrdup(cfg);
    if (strlen(cfg) > rw->w)
      rw->w = strlen(cfg);
  }
}

static void rows_release(struct rows *rw, size_t nruns) {
  for (size_t r = 0; r < nruns; r++)
    free(rw->label[r]);
  free(rw->label);
}

/* One column of the matrix. */
struct col {
  const char *head;
  size_t w;
  bool right;
  int kind;          /* 0 constraint, 1 window, 2 result */
  size_t idx;
};

static void matrix_block(FILE *out, const struct bc_program *p,
                         const struct bc_run *runs, size_t nruns,
                         const struct bc_report_opts *o,
                         const struct rows *rw, const struct col *cols,
                         size_t from, size_t to, size_t sep) {
  const char *h0 = rw->numbered ? "#"
                   : p->nplacements > 1 ? "configuration"
                   : p->nplacements    ? "placement"
                                       : "";
  cell(out, o, P_NONE, h0, rw->w, false);
  for (size_t c = from; c < to; c++) {
    spaces(out, c == from || cols[c].kind != cols[c - 1].kind ? 2 : sep);
    cell(out, o, P_NONE, cols[c].head,
         c + 1 == to && !cols[c].right ? 0 : cols[c].w, cols[c].right);
  }
  fputc('\n', out);
  char buf[64];
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    cell(out, o, P_NONE, rw->label[r], rw->w, false);
    for (size_t c = from; c < to; c++) {
      spaces(out, c == from || cols[c].kind != cols[c - 1].kind ? 2 : sep);
      size_t w = c + 1 == to && !cols[c].right ? 0 : cols[c].w;
      if (cols[c].kind == 0) {
        enum bc_verdict v = run->res[cols[c].idx].verdict;
        cell(out, o, mark_paint(v), mark(v, o->ascii), w, false);
      } else if (cols[c].kind == 1) {
        window_cell(window_of(o, r, cols[c].idx), o->ascii, buf, sizeof buf);
        cell(out, o, P_NONE, buf, w, true);
      } else {
        enum paint pt;
        const char *res = result_text(p, run, &pt);
        cell(out, o, pt, res, w, false);
      }
    }
    fputc('\n', out);
  }
}

static void text_matrix(FILE *out, const struct bc_program *p,
                        const struct bc_run *runs, size_t nruns,
                        const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  struct rows rw;
  rows_init(&rw, p, runs, nruns, width);
  size_t nwin = o->windows ? p->nwindows : 0;
  size_t ncols = p->nconstraints + nwin + 1;
  struct col *cols = bc_xcalloc(ncols, sizeof *cols);
  size_t markw = o->ascii ? 4 : 1;
  char buf[64];
  for (size_t c = 0; c < p->nconstraints; c++) {
    cols[c].head = p->constraints[col_of(p, o, c)].id;
    cols[c].w = strlen(cols[c].head) > markw ? strlen(cols[c].head) : markw;
    cols[c].idx = col_of(p, o, c);
  }
  for (size_t w = 0; w < nwin; w++) {
    struct col *cl = &cols[p->nconstraints + w];
    cl->head = p->windows[w].id;
    cl->kind = 1;
    cl->idx = w;
    cl->right = true;
    cl->w = strlen(cl->head);
    for (size_t r = 0; r < nruns; r++) {
      window_cell(window_of(o, r, w), o->ascii, buf, sizeof buf);
      if (bc_report_columns(buf) > cl->w)
        cl->w = bc_report_columns(buf);
    }
  }
  struct col *res = &cols[ncols - 1];
  res->head = "result";
  res->kind = 2;
  res->w = strlen(res->head);
  for (size_t r = 0; r < nruns; r++) {
    enum paint pt;
    size_t n = strlen(result_text(p, &runs[r], &pt));
    res->w = n > res->w ? n : res->w;
  }

  if (rw.numbered) {
    char cfg[512];
    for (size_t r = 0; r < nruns; r++) {
      bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
      char line[600];
      snprintf(line, sizeof line, "%s  %s", rw.label[r], cfg);
      bc_report_wrap(out, line, 0, (unsigned)strlen(rw.label[r]) + 2, width);
    }
    fputc('\n', out);
  }

  /* fit: two spaces between columns, else one between verdicts, else
  ** several blocks of verdict columns */
  size_t sep = 2;
  size_t total = rw.w;
  for (size_t c = 0; c < ncols; c++)
    total += 2 + cols[c].w;
  if (total > width) {
    sep = 1;
    total = rw.w;
    for (size_t c = 0; c < ncols; c++)
      total += (c == 0 || cols[c].kind != cols[c - 1].kind ? 2 : 1) +
               cols[c].w;
  }
  if (total <= width) {
    matrix_block(out, p, runs, nruns, o, &rw, cols, 0, ncols, sep);
  } else {
    size_t from = 0;
    while (from < ncols) {
      size_t w = rw.w, to = from;
      while (to < ncols && (to == from || w + 2 + cols[to].w <= width)) {
        w += (to == from ? 2 : sep) + cols[to].w;
        to++;
      }
      if (from)
        fputc('\n', out);
      matrix_block(out, p, runs, nruns, o, &rw, cols, from, to, sep);
      from = to;
    }
  }
  free(cols);
  rows_release(&rw, nruns);

  /* legend */
  fputc('\n', out);
  size_t idw = 0;
  for (size_t c = 0; c < p->nconstraints; c++)
    idw = strlen(p->constraints[c].id) > idw ? strlen(p->constraints[c].id)
                                             : idw;
  for (size_t w = 0; w < nwin; w++)
    idw = strlen(p->windows[w].id) > idw ? strlen(p->windows[w].id) : idw;
  struct sb b = {0};
  for (size_t i = 0; i < p->nconstraints; i++) {
    size_t c = col_of(p, o, i);
    sb_clear(&b);
    sb_printf(&b, "%-*s  %s", (int)idw, p->constraints[c].id,
              p->constraints[c].title);
    bc_report_wrap(out, sb_str(&b), 2, (unsigned)idw + 4, width);
  }
  for (size_t w = 0; w < nwin; w++) {
    sb_clear(&b);
    sb_printf(&b, "%-*s  exposure window: %s", (int)idw, p->windows[w].id,
              p->windows[w].title);
    bc_report_wrap(out, sb_str(&b), 2, (unsigned)idw + 4, width);
  }
  sb_release(&b);
}

static void text_stats(FILE *out, const struct bc_program *p,
                       const struct bc_run *runs, size_t nruns,
                       const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  struct rows rw;
  rows_init(&rw, p, runs, nruns, width);
  /* columns as wide as their heads or numbers */
  char num[64];
  int ws = 6, wg = 9, wd = 5, wt = 7;
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_stats *st = &runs[r].stats;
    int n = snprintf(num, sizeof num, "%" PRIu64, st->distinct);
    ws = n > ws ? n : ws;
    n = snprintf(num, sizeof num, "%" PRIu64, st->generated);
    wg = n > wg ? n : wg;
    n = snprintf(num, sizeof num, "%" PRIu64, st->diameter);
    wd = n > wd ? n : wd;
    n = snprintf(num, sizeof num, "%.2f", st->seconds);
    wt = n > wt ? n : wt;
  }
  fputc('\n', out);
  cell(out, o, P_NONE, "", rw.w, false);
  fprintf(out, "  %*s  %*s  %*s", ws, "states", wg, "generated", wd, "depth");
  if (!o->no_timing)
    fprintf(out, "  %*s", wt, "seconds");
  fputc('\n', out);
  bool same = true;
  for (size_t r = 0; r < nruns; r++)
    same &= runs[r].stop == runs[0].stop;
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    cell(out, o, P_NONE, rw.label[r], rw.w, false);
    fprintf(out, "  %*" PRIu64 "  %*" PRIu64 "  %*" PRIu64, ws,
            run->stats.distinct, wg, run->stats.generated, wd,
            run->stats.diameter);
    if (!o->no_timing)
      fprintf(out, "  %*.2f", wt, run->stats.seconds);
    fputc('\n', out);
  }
  if (nruns && same) {
    fprintf(out, "search: %s\n", bc_stop_text(runs[0].stop));
  } else {
    for (size_t r = 0; r < nruns; r++) {
      char line[600];
      snprintf(line, sizeof line, "%s: %s", rw.label[r],
               bc_stop_text(runs[r].stop));
      bc_report_wrap(out, line, 0, 2, width);
    }
  }
  if (nruns && runs[0].por) {
    char line[600];
    snprintf(line, sizeof line, "partial-order reduction (--por): "
             "counterexamples are real executions, not always the shortest");
    bc_report_wrap(out, line, 0, 2, width);
  }
  for (size_t r = 0; r < nruns; r++)
    if (runs[r].fingerprint_only) {
      char line[600];
      snprintf(line, sizeof line,
               "%s: fingerprints only; P(a state was missed by a hash "
               "collision) <= %.3g",
               rw.label[r], runs[r].stats.collision_bound);
      bc_report_wrap(out, line, 0, 2, width);
    }
  rows_release(&rw, nruns);
}

/* "NAME=VALUE" (with the value's name, "REV=3 (REV_LASS_V9)") for a
** constant the report header shows: the model's parameters, not the
** constants derived from them or the names of values. False otherwise. */
static bool const_kv(const struct bc_const *k, char *kv, size_t len) {
  if (!k->parameter)
    return false;
  if (k->is_bool)
    snprintf(kv, len, "%s=%s", k->name, k->value ? "true" : "false");
  else if (k->value_name)
    snprintf(kv, len, "%s=%" PRId64 " (%s)", k->name, k->value,
             k->value_name);
  else
    snprintf(kv, len, "%s=%" PRId64, k->name, k->value);
  return true;
}

/* Width of the instance column of a trace. */
static size_t who_width(const struct bc_program *p, const struct bc_trace *t,
                        size_t from, size_t to) {
  char who[128];
  size_t w = 3;
  for (size_t i = from; i < to && i < t->len; i++) {
    bc_inst_name(p, t->steps[i].inst, who, sizeof who);
    w = strlen(who) > w ? strlen(who) : w;
  }
  return w;
}

struct change_ctx {
  FILE *out;
  unsigned col, width;
};

/* "cr4[0]: {SMEP} -> {SMEP,LASS}", broken before '->' and after commas
** when it does not fit. */
static void text_change(void *ctx, const char *name, const char *before,
                        const char *after) {
  struct change_ctx *c = ctx;
  struct sb b = {0};
  sb_printf(&b, "%s: %s -> %s", name, before, after);
  if (c->col + bc_report_columns(sb_str(&b)) <= c->width) {
    spaces(c->out, c->col);
    fprintf(c->out, "%s\n", sb_str(&b));
  } else {
    unsigned vcol = c->col + (unsigned)strlen(name) + 2;
    if (vcol + 16 > c->width)
      vcol = c->col + 4;
    sb_clear(&b);
    sb_printf(&b, "%s: %s", name, before);
    bc_report_wrap(c->out, sb_str(&b), c->col, vcol + 1, c->width);
    sb_clear(&b);
    sb_printf(&b, "-> %s", after);
    bc_report_wrap(c->out, sb_str(&b), vcol - 3, vcol + 1, c->width);
  }
  sb_release(&b);
}

/* Digits of the step numbers of a trace (at least 2). */
static int num_width(const struct bc_trace *t) {
  int w = 2;
  for (size_t n = t->len + 1; n >= 100; n /= 10)
    w++;
  return w;
}

/* "   3  bsp    efi_svam_enter()" and, when 'changes', the variables the
** step changed, one per line under its name. */
static void text_step(FILE *out, const struct bc_program *p,
                      const struct bc_trace *t, size_t i, size_t ww,
                      bool changes, unsigned width) {
  char who[128];
  int nw = num_width(t);
  bc_inst_name(p, t->steps[i].inst, who, sizeof who);
  fprintf(out, "  %*zu  %-*s  %s()\n", nw, i + 1, (int)ww, who,
          p->steps[t->steps[i].step].label);
  if (changes) {
    size_t nb = p->state_bytes;
    struct change_ctx c = {out, (unsigned)(2 + nw + 2 + ww + 2), width};
    each_change(p, t->states + i * nb, t->states + (i + 1) * nb, text_change,
                &c);
  }
}

/* Is an `at E: P` constraint's event a step (process.label), checked on
** the state just before the step? (Placements and hooks are checked where
** they are reached inside their step.) */
static bool step_event(const struct bc_constraint *k) {
  const char *s = k->text;
  if (strncmp(s, "at ", 3))
    return false;
  s += 3;
  while (*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
         (*s >= '0' && *s <= '9'))
    s++;
  return *s == '.';
}

/* The witness of constraint 'ci' at the end of trace 't': a
** counterexample ('violated') of an invariant or a step assertion, or a
** `reachable` constraint's witness. */
static void trace_witness(const struct bc_program *p, size_t ci,
                          const struct bc_trace *t, bool violated,
                          struct witness *w) {
  const struct bc_constraint *k = &p->constraints[ci];
  size_t nb = p->state_bytes;
  unsigned inst = t->len ? t->steps[t->len - 1].inst : 0;
  w->n = 0;
  if (violated && k->kind == BC_CK_AT && step_event(k) && t->len)
    find_witness(p, ci, p->insts[inst].self,
                 t->states + (t->len - 1) * nb, false, w);
  else if ((violated && k->kind == BC_CK_ALWAYS) ||
           (!violated && k->kind == BC_CK_REACHABLE))
    find_witness(p, ci, 0, t->states + t->len * nb, !violated, w);
}

/* The "=>" lines of a counterexample: what fails where, and why. */
static void why_text(const struct bc_program *p, const struct bc_run *run,
                     size_t ci, const struct bc_trace *t, struct sb *b) {
  const struct bc_constraint *k = &p->constraints[ci];
  size_t nb = p->state_bytes;
  const uint8_t *last = t->states + t->len * nb;
  const uint8_t *before = t->len ? t->states + (t->len - 1) * nb : NULL;
  unsigned inst = t->len ? t->steps[t->len - 1].inst : 0;
  bool at_step = k->kind == BC_CK_AT && step_event(k) && before;
  struct witness w;
  trace_witness(p, ci, t, true, &w);
  struct reads rs;
  constraint_reads(p, ci, &w, &rs);
  struct sb vals = {0};
  witness_text(p, &w, &vals);
  struct sb elems = {0};
  if (at_step)
    reads_text(p, &rs, inst, NULL, before, &elems); /* just before the step */
  else
    reads_text(p, &rs, inst, before, last, &elems);
  if (vals.n && elems.n)
    sb_puts(&vals, ": ");
  sb_puts(&vals, sb_str(&elems));
  sb_release(&elems);
  if (k->kind == BC_CK_DEADLOCK) {
    if (t->len)
      sb_printf(b, "=> after step %zu no process can move: ", t->len);
    else
      sb_printf(b, "=> in the initial state no process can move: ");
    stuck_text(p, last, b);
    sb_printf(b, "\n%s: %s", k->id, k->title);
  } else if (t->on_step) {
    sb_printf(b, "=> step %zu violates %s", t->len, k->id);
    if (k->kind == BC_CK_VIOLATIONS) {
      struct msgs ms = {ci, {0}, 0};
      if (t->len)
        step_ranges(p, run->choice, t->steps[t->len - 1].step, range_msgs,
                    &ms);
      for (size_t i = 0; i < ms.n; i++)
        sb_printf(b, "%s\"%s\"", i ? " or " : ": ", ms.m[i]);
    } else {
      sb_printf(b, " (%s", k->text);
      if (vals.n)
        sb_printf(b, "; here %s", sb_str(&vals));
      sb_puts(b, ")");
    }
    sb_printf(b, "\n%s: %s", k->id, k->title);
  } else {
    if (t->len)
      sb_printf(b, "=> after step %zu, %s is false (%s", t->len, k->id,
                k->text);
    else
      sb_printf(b, "=> in the initial state, %s is false (%s", k->id,
                k->text);
    if (vals.n)
      sb_printf(b, "; here %s", sb_str(&vals));
    sb_printf(b, ")\n%s: %s", k->id, k->title);
  }
  sb_release(&vals);
}

/* Print "=>" text: each line of 'text' wrapped, the first at column 2,
** the rest at 5. */
static void text_why(FILE *out, const struct bc_report_opts *o,
                     const char *text) {
  unsigned width = width_of(o);
  const char *s = text;
  bool first = true;
  while (*s) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    char *line = bc_xmalloc(n + 1);
    memcpy(line, s, n);
    line[n] = '\0';
    /* "C3: title" continues under the title */
    unsigned indent = 5;
    const char *colon = strstr(line, ": ");
    if (!first && colon && colon - line < 24)
      indent = 5 + (unsigned)(colon - line) + 2;
    wrap_paint(out, o, first ? P_BAD : P_NONE, line, first ? 2 : 5, indent,
               width);
    free(line);
    first = false;
    s += n;
    if (*s == '\n')
      s++;
  }
}

static void text_windows(FILE *out, const struct bc_program *p,
                         const struct bc_run *runs, size_t nruns,
                         const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  if (!o->windows)
    return;
  struct rows rw;
  rows_init(&rw, p, runs, nruns, width);
  struct sb b = {0};
  for (size_t w = 0; w < p->nwindows; w++) {
    const struct bc_window *win = &p->windows[w];
    fputc('\n', out);
    sb_clear(&b);
    sb_printf(&b, "%s: %s", win->id, win->title);
    wrap_paint(out, o, P_BOLD, sb_str(&b), 0, 2, width);
    sb_clear(&b);
    sb_printf(&b, "the longest run of steps taken while %s", win->text);
    if (2 + bc_report_columns(sb_str(&b)) <= width) {
      bc_report_wrap(out, sb_str(&b), 2, 4, width);
    } else { /* the predicate on lines of its own */
      bc_report_wrap(out, "the longest run of steps taken while", 2, 2,
                     width);
      bc_report_wrap(out, win->text, 4, 6, width);
    }
    fputc('\n', out);
    for (size_t r = 0; r < nruns; r++) {
      const struct bc_window_result *res = window_of(o, r, w);
      const char *cfg = rw.label[r];
      sb_clear(&b);
      if (!res || res->status == BC_WIN_UNKNOWN)
        sb_printf(&b, "%s: unknown (%s)", cfg,
                  res && res->note ? res->note : "not computed");
      else if (!res->ever)
        sb_printf(&b, "%s: 0 steps (never holds)", cfg);
      else if (res->status == BC_WIN_UNBOUNDED)
        sb_printf(&b, "%s: unbounded; this cycle of %zu step%s stays inside "
                      "the window:",
                  cfg, res->length, res->length == 1 ? "" : "s");
      else if (res->length == 0)
        sb_printf(&b, "%s: 0 steps (it holds only where no process can "
                      "move)",
                  cfg);
      else
        sb_printf(&b, "%s: %zu step%s%s", cfg, res->length,
                  res->length == 1 ? "" : "s",
                  res->open_end ? ", still holding when no process can move:"
                                : ":");
      bc_report_wrap(out, sb_str(&b), 0, 2, width);
      if (!res || !res->trace || res->status == BC_WIN_UNKNOWN)
        continue;
      size_t ww = who_width(p, res->trace, res->start,
                            res->start + res->length);
      for (size_t i = res->start; i < res->start + res->length &&
                                  i < res->trace->len;
           i++)
        text_step(out, p, res->trace, i, ww, false, width);
    }
  }
  rows_release(&rw, nruns);
  sb_release(&b);
}

static void text_trace(FILE *out, const struct bc_program *p,
                       const struct bc_trace *t, unsigned width) {
  size_t ww = who_width(p, t, 0, t->len + (t->error_step ? 1 : 0));
  if (t->error_step) {
    char who[128];
    bc_inst_name(p, t->err_step.inst, who, sizeof who);
    ww = strlen(who) > ww ? strlen(who) : ww;
  }
  int nw = num_width(t);
  for (size_t i = 0; i < t->len; i++) {
    if (t->lasso && i == t->loop)
      fprintf(out, "  %*s  -- cycle: steps %zu to %zu repeat forever --\n",
              nw, "", t->loop + 1, t->len);
    text_step(out, p, t, i, ww, true, width);
  }
  if (t->lasso && t->loop)
    fprintf(out, "  %*s  -- back to the state after step %zu --\n", nw, "",
            t->loop);
  else if (t->lasso)
    fprintf(out, "  %*s  -- back to the initial state --\n", nw, "");
  else if (t->ends)
    fprintf(out, "  %*s  -- the run ends: no process can move --\n", nw, "");
}

/* The "=>" lines of a liveness counterexample. */
static void live_why(const struct bc_program *p, size_t ci,
                     const struct bc_trace *t, struct sb *b) {
  const struct bc_constraint *k = &p->constraints[ci];
  char at[64];
  if (t->trigger)
    snprintf(at, sizeof at, "after step %zu", t->trigger);
  else
    snprintf(at, sizeof at, "in the initial state");
  const char *how = t->lasso ? "the run repeats its cycle forever"
                             : "the run ends there";
  if (k->live == BC_LIVE_LEADSTO)
    sb_printf(b, "=> %s the left side of %s holds, and the right side "
                 "never holds from there on; %s (%s)",
              at, k->id, how, k->text);
  else if (k->live == BC_LIVE_ALWAYS_EVENTUALLY)
    sb_printf(b, "=> %s and from there on, the predicate of %s never "
                 "holds; %s (%s)",
              at, k->id, how, k->text);
  else
    sb_printf(b, "=> the predicate of %s never holds; %s (%s)", k->id, how,
              k->text);
  sb_printf(b, "\n%s: %s", k->id, k->title);
}

void bc_report_text_violation(FILE *out, const struct bc_program *p,
                              const struct bc_run *run, size_t c,
                              const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  char cfg[512];
  struct sb b = {0};
  const struct bc_cresult *res = &run->res[c];
  const struct bc_constraint *k = &p->constraints[c];
  bc_config_name(p, run->choice, cfg, sizeof cfg);
  if (res->trace && res->trace->lasso)
    sb_printf(&b, "%s: %s violated by a lasso: %zu step%s, then a cycle "
                  "of %zu repeated forever",
              cfg, k->id, res->trace->loop, res->trace->loop == 1 ? "" : "s",
              res->trace->len - res->trace->loop);
  else if (res->trace && res->trace->ends)
    sb_printf(&b, "%s: %s violated by a run of %zu step%s that ends", cfg,
              k->id, res->trace->len, res->trace->len == 1 ? "" : "s");
  else if (res->trace)
    sb_printf(&b, "%s: %s violated in %zu step%s", cfg, k->id,
              res->trace->len, res->trace->len == 1 ? "" : "s");
  else
    sb_printf(&b, "%s: %s violated", cfg, k->id);
  wrap_paint(out, o, P_BOLD, sb_str(&b), 0, 2, width);
  if (res->trace) {
    text_trace(out, p, res->trace, width);
    sb_clear(&b);
    if (res->trace->lasso || res->trace->ends)
      live_why(p, c, res->trace, &b);
    else
      why_text(p, run, c, res->trace, &b);
    text_why(out, o, sb_str(&b));
  } else {
    sb_clear(&b);
    sb_printf(&b, "=> %s\n%s: %s", res->note ? res->note : "violated",
              k->id, k->title);
    text_why(out, o, sb_str(&b));
  }
  sb_release(&b);
}

/* A configuration's runtime error and the steps that led to it. */
static void text_error(FILE *out, const struct bc_program *p,
                       const struct bc_run *run,
                       const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  char cfg[512];
  struct sb b = {0};
  bc_config_name(p, run->choice, cfg, sizeof cfg);
  sb_printf(&b, "%s: %s:%u: runtime error: %s", cfg, p->path, run->errline,
            run->errmsg);
  bc_report_wrap(out, sb_str(&b), 0, 2, width);
  sb_release(&b);
  if (!run->errtrace)
    return;
  const struct bc_trace *t = run->errtrace;
  text_trace(out, p, t, width);
  if (t->error_step) {
    char who[128];
    bc_inst_name(p, t->err_step.inst, who, sizeof who);
    size_t ww = who_width(p, t, 0, t->len);
    ww = strlen(who) > ww ? strlen(who) : ww;
    fprintf(out, "  %*zu  %-*s  %s()   <- fails here\n", num_width(t),
            t->len + 1, (int)ww, who, p->steps[t->err_step.step].label);
  }
}

void bc_report_summary_line(const struct bc_program *p,
                            const struct bc_run *run,
                            const struct bc_report_opts *o, char *buf,
                            size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < p->nconstraints && n < len; i++)
    if (run->res[col_of(p, o, i)].verdict == BC_VIOLATED)
      n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "",
                            p->constraints[col_of(p, o, i)].id);
  enum bc_outcome oc = bc_run_outcome(p, run);
  char expected[256];
  bool has = bc_expected_text(p, run->choice, expected, sizeof expected);
  const char *what = n ? " violated" : "nothing violated";
  if (n >= len)
    return;
  switch (oc) {
  case BC_OUT_AS_EXPECTED:
    snprintf(buf + n, len - n, "%s (expected)", what);
    break;
  case BC_OUT_NO_VIOLATION:
  case BC_OUT_VIOLATION:
    snprintf(buf + n, len - n, "%s (no expect line)", what);
    break;
  case BC_OUT_UNEXPECTED:
    snprintf(buf + n, len - n, "%s: UNEXPECTED, expected %s%s", what,
             has ? expected : "nothing",
             has && strcmp(expected, "nothing") ? " violated" : "");
    break;
  case BC_OUT_INCOMPLETE: {
    /* a search that explored everything is incomplete through a verdict
    ** it left unknown (the liveness pass stopped at a limit): say which,
    ** and why, not "every reachable state explored" */
    const char *why = bc_stop_text(run->stop);
    char un[256];
    for (size_t i = 0; run->stop == BC_STOP_EXHAUSTED &&
                       i < p->nconstraints; i++)
      if (run->res[i].verdict == BC_UNKNOWN && run->res[i].note) {
        snprintf(un, sizeof un, "%s unknown: %s", p->constraints[i].id,
                 run->res[i].note);
        why = un;
        break;
      }
    snprintf(buf + n, len - n, "%s%s", n ? " violated; " : "", why);
    break;
  }
  case BC_OUT_ERROR:
    snprintf(buf + n, len - n, "%sERROR: %s", n ? " violated; " : "",
             run->errmsg);
    break;
  }
}

/* The summary: one line per configuration, as herd7 ends a run. */
static void text_summary(FILE *out, const struct bc_program *p,
                         const struct bc_run *runs, size_t nruns,
                         const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  /* line: a padded name, two spaces and the summary, never cut */
  char cfg[512], what[512], line[sizeof cfg + 2 + sizeof what];
  size_t w = 0;
  for (size_t r = 0; r < nruns; r++) {
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    w = strlen(cfg) > w ? strlen(cfg) : w;
  }
  if (w > width / 2)
    w = 0;
  fputc('\n', out);
  wrap_paint(out, o, P_BOLD, "summary", 0, 2, width);
  for (size_t r = 0; r < nruns; r++) {
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    bc_report_summary_line(p, &runs[r], o, what, sizeof what);
    snprintf(line, sizeof line, "%-*s  %s", (int)w, cfg, what);
    bc_report_wrap(out, line, 2, (unsigned)w + 6, width);
  }
}

void bc_report_text(FILE *out, const struct bc_program *p,
                    const struct bc_run *runs, size_t nruns,
                    const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  struct sb b = {0};
  sb_printf(&b, "%s", p->spec_name);
  if (p->spec_title && *p->spec_title)
    sb_printf(&b, ": %s", p->spec_title);
  wrap_paint(out, o, P_BOLD, sb_str(&b), 0, 2, width);
  sb_clear(&b);
  sb_printf(&b, "%s", p->path);
  for (size_t i = 0; i < p->nconsts; i++) {
    char kv[300];
    if (const_kv(&p->consts[i], kv, sizeof kv))
      sb_printf(&b, "  %s", kv);
  }
  bc_report_wrap(out, sb_str(&b), 0, 2, width);
  sb_release(&b);
  fputc('\n', out);

  text_matrix(out, p, runs, nruns, o);

  /* the counterexamples answer the question: before the windows */
  for (size_t r = 0; r < nruns; r++) {
    for (size_t i = 0; i < p->nconstraints; i++) {
      size_t c = col_of(p, o, i);
      if (runs[r].res[c].verdict != BC_VIOLATED)
        continue;
      fputc('\n', out);
      bc_report_text_violation(out, p, &runs[r], c, o);
    }
    if (runs[r].stop == BC_STOP_ERROR) {
      fputc('\n', out);
      text_error(out, p, &runs[r], o);
    }
  }
  text_windows(out, p, runs, nruns, o);
  text_stats(out, p, runs, nruns, o);
  text_summary(out, p, runs, nruns, o);
}

/* ----------------------------------------------------------- sweeps */

static void md_cell(struct sb *b, const char *s);

/* The row label of a sweep: the swept constants as the header shows them
** ("REV=3 (REV_LASS_V9)"), or the -D text when the spec did not compile. */
static void sweep_label(const struct bc_check *ck, char *buf, size_t len) {
  size_t n = 0;
  buf[0] = '\0';
  for (size_t d = 0; d < ck->ndefs && n < len; d++) {
    char kv[300];
    snprintf(kv, sizeof kv, "%s=%s", ck->defs[d].name, ck->defs[d].value);
    for (size_t i = 0; ck->p && i < ck->p->nconsts; i++)
      if (!strcmp(ck->p->consts[i].name, ck->defs[d].name) &&
          !const_kv(&ck->p->consts[i], kv, sizeof kv))
        snprintf(kv, sizeof kv, "%s=%" PRId64, ck->p->consts[i].name,
                 ck->p->consts[i].value);
    n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", kv);
  }
}

/* The cell of configuration 'name' in a sweep row. */
static void sweep_cell(const struct bc_check *ck, const char *name,
                       const struct bc_report_opts *o, char *buf,
                       size_t len) {
  char cfg[512];
  snprintf(buf, len, "%s", ck->p ? "" : "error");
  for (size_t r = 0; ck->p && r < ck->ncfg; r++) {
    const struct bc_run *run = &ck->cfg[r].run;
    bc_config_name(ck->p, run->choice, cfg, sizeof cfg);
    if (strcmp(cfg, name))
      continue;
    size_t n = 0;
    for (size_t i = 0; i < ck->p->nconstraints && n < len; i++)
      if (run->res[col_of(ck->p, o, i)].verdict == BC_VIOLATED)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "",
                              ck->p->constraints[col_of(ck->p, o, i)].id);
    if (!n)
      n = (size_t)snprintf(buf, len, "-");
    enum bc_outcome oc = ck->cfg[r].outcome;
    if (n < len)
      snprintf(buf + n, len - n, "%s",
               oc == BC_OUT_ERROR            ? " ERROR"
               : oc == BC_OUT_INCOMPLETE     ? "?"
               : bc_outcome_exit(oc) != 0    ? "!"
                                             : "");
    return;
  }
}

void bc_report_sweep(FILE *out, const struct bc_check *checks, size_t n,
                     bool markdown, const struct bc_report_opts *o) {
  unsigned width = width_of(o);
  const struct bc_check *first = NULL;
  for (size_t k = 0; k < n && !first; k++)
    if (checks[k].p)
      first = &checks[k];
  if (!first)
    return;
  size_t ncol = first->ncfg;
  char **head = bc_xcalloc(ncol + 1, sizeof *head);
  char ***cells = bc_xcalloc(n + 1, sizeof *cells);
  char **label = bc_xcalloc(n + 1, sizeof *label);
  size_t *w = bc_xcalloc(ncol + 1, sizeof *w);
  char buf[512];
  for (size_t c = 0; c < ncol; c++) {
    bc_config_name(first->p, first->cfg[c].run.choice, buf, sizeof buf);
    head[c] = bc_xstrdup(buf);
  }
  size_t lw = 0;
  for (size_t k = 0; k < n; k++) {
    sweep_label(&checks[k], buf, sizeof buf);
    label[k] = bc_xstrdup(buf);
    lw = strlen(buf) > lw ? strlen(buf) : lw;
    cells[k] = bc_xcalloc(ncol + 1, sizeof *cells[k]);
    for (size_t c = 0; c < ncol; c++) {
      sweep_cell(&checks[k], head[c], o, buf, sizeof buf);
      cells[k][c] = bc_xstrdup(buf);
      w[c] = strlen(buf) > w[c] ? strlen(buf) : w[c];
    }
  }
  size_t total = lw;
  for (size_t c = 0; c < ncol; c++)
    total += 2 + (strlen(head[c]) > w[c] ? strlen(head[c]) : w[c]);
  bool numbered = !markdown && total > width;
  fputc('\n', out);
  if (markdown) {
    struct sb b = {0};
    sb_puts(&b, "### Sweep: violated constraints\n\n| |");
    for (size_t c = 0; c < ncol; c++)
      md_cell(&b, head[c]);
    sb_puts(&b, "\n| --- |");
    for (size_t c = 0; c < ncol; c++)
      sb_puts(&b, " --- |");
    sb_puts(&b, "\n");
    for (size_t k = 0; k < n; k++) {
      sb_puts(&b, "|");
      md_cell(&b, label[k]);
      for (size_t c = 0; c < ncol; c++)
        md_cell(&b, cells[k][c]);
      sb_puts(&b, "\n");
    }
    sb_puts(&b, "\n`-`: nothing violated; `!`: not as expected; `?`: "
                "incomplete\n");
    fputs(sb_str(&b), out);
    sb_release(&b);
  } else {
    wrap_paint(out, o, P_BOLD, "sweep: violated constraints per "
               "configuration", 0, 2, width);
    if (numbered)
      for (size_t c = 0; c < ncol; c++) {
        snprintf(buf, sizeof buf, "%zu  %s", c + 1, head[c]);
        bc_report_wrap(out, buf, 2, 6, width);
      }
    fprintf(out, "%-*s", (int)lw, "");
    for (size_t c = 0; c < ncol; c++) {
      if (numbered)
        snprintf(buf, sizeof buf, "%zu", c + 1);
      else
        snprintf(buf, sizeof buf, "%s", head[c]);
      size_t cw = w[c] > strlen(buf) ? w[c] : strlen(buf);
      fprintf(out, "  %-*s", c + 1 < ncol ? (int)cw : 0, buf);
      w[c] = cw;
    }
    fputc('\n', out);
    for (size_t k = 0; k < n; k++) {
      fprintf(out, "%-*s", (int)lw, label[k]);
      for (size_t c = 0; c < ncol; c++)
        fprintf(out, "  %-*s", c + 1 < ncol ? (int)w[c] : 0, cells[k][c]);
      fputc('\n', out);
    }
    bc_report_wrap(out, "- : nothing violated; ! : not as expected; "
                   "? : incomplete", 0, 2, width);
  }
  for (size_t k = 0; k < n; k++) {
    for (size_t c = 0; c < ncol; c++)
      free(cells[k][c]);
    free(cells[k]);
    free(label[k]);
  }
  for (size_t c = 0; c < ncol; c++)
    free(head[c]);
  free(head);
  free(cells);
  free(label);
  free(w);
}

/* ----------------------------------------------------------- markdown */

/* Markdown inline text: escape what would start markup. */
static void md_text(struct sb *b, const char *s) {
  for (; *s; s++) {
    if (strchr("\\`*_[]<>|#", *s))
      sb_putn(b, "\\", 1);
    sb_putn(b, s, 1);
  }
}

/* Code span: backticks around, longer fences when the text has some. */
static void md_code(struct sb *b, const char *s) {
  bool tick = strchr(s, '`') != NULL;
  sb_puts(b, tick ? "`` " : "`");
  sb_puts(b, s);
  sb_puts(b, tick ? " ``" : "`");
}

/* Mermaid message or note text: entity codes for what the parser reads. */
static void mm_text(struct sb *b, const char *s) {
  for (; *s; s++) {
    switch (*s) {
    case '#':
      sb_puts(b, "#35;");
      break;
    case ';':
      sb_puts(b, "#59;");
      break;
    case '<':
      sb_puts(b, "#lt;");
      break;
    case '>':
      sb_puts(b, "#gt;");
      break;
    default:
      sb_putn(b, s, 1);
    }
  }
}

/* A Mermaid participant id for an instance: "ap_1". */
static void mm_id(const struct bc_program *p, unsigned inst, char *buf,
                  size_t len) {
  char who[128];
  bc_inst_name(p, inst, who, sizeof who);
  size_t o = 0;
  for (const char *s = who; *s && o + 1 < len; s++) {
    char ch = *s;
    if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
        (ch >= '0' && ch <= '9') || ch == '_')
      buf[o++] = ch;
    else if (ch == '[')
      buf[o++] = '_';
  }
  buf[o] = '\0';
  /* Mermaid keywords that cannot be participant ids */
  static const char *const reserved[] = {"end", "loop", "alt", "opt", "par",
                                         "and", "else", "rect", "note",
                                         "participant", "actor", "critical",
                                         "break", "box", "over", "activate",
                                         "deactivate", "autonumber"};
  for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
    if (!strcmp(buf, reserved[i]) && o + 2 < len) {
      buf[o++] = '_';
      buf[o++] = 'p';
      buf[o] = '\0';
    }
}

struct md_change_ctx {
  struct sb *b;
  bool any;
};

static void md_change(void *ctx, const char *name, const char *before,
                      const char *after) {
  struct md_change_ctx *c = ctx;
  sb_puts(c->b, c->any ? "; " : " \xe2\x80\x94 ");
  md_code(c->b, name);
  sb_puts(c->b, ": ");
  md_code(c->b, before);
  sb_puts(c->b, " \xe2\x86\x92 ");
  md_code(c->b, after);
  c->any = true;
}

static void mm_change(void *ctx, const char *name, const char *before,
                      const char *after) {
  struct md_change_ctx *c = ctx;
  (void)before;
  sb_puts(c->b, "<br/>");
  struct sb t = {0};
  sb_printf(&t, "%s := %s", name, after);
  mm_text(c->b, sb_str(&t));
  sb_release(&t);
  c->any = true;
}

static void md_steps(struct sb *b, const struct bc_program *p,
                     const struct bc_trace *t, size_t from, size_t to,
                     bool changes) {
  size_t nb = p->state_bytes;
  char who[128];
  for (size_t i = from; i < to && i < t->len; i++) {
    bc_inst_name(p, t->steps[i].inst, who, sizeof who);
    sb_printf(b, "%zu. **", i + 1);
    md_text(b, who);
    sb_puts(b, "** ");
    char fn[300];
    snprintf(fn, sizeof fn, "%s()", p->steps[t->steps[i].step].label);
    md_code(b, fn);
    if (changes) {
      struct md_change_ctx c = {b, false};
      each_change(p, t->states + i * nb, t->states + (i + 1) * nb, md_change,
                  &c);
    }
    sb_puts(b, "\n");
  }
}

/* Last writer of each variable element in a trace, for the arrows. */
struct writer {
  int inst;          /* -1: the initial value */
  size_t step;
};

struct mm_arrow {
  int from;
  struct sb label;
  size_t n;
};

static void mm_reads(const struct bc_program *p, uint32_t from, uint32_t to,
                     void *ctx) {
  code_reads(p, from, to, NULL, ctx);
}

/*
** The sequence diagram of a trace: a note per step on its instance's
** lifeline with the values it wrote, and an arrow from A to B before a
** step of B that reads a variable element A wrote since B's previous step
** (the step that let B go on, such as smp_init() setting kicked[1]).
*/
static void mermaid(struct sb *b, const struct bc_program *p,
                    const struct bc_run *run, const struct bc_trace *t,
                    const char *end_note) {
  size_t nb = p->state_bytes;
  bool *in = bc_xcalloc(p->ninsts + 1, sizeof *in);
  for (size_t i = 0; i < t->len; i++)
    in[t->steps[i].inst] = true;
  sb_puts(b, "```mermaid\nsequenceDiagram\n");
  char id[160], who[128];
  for (size_t i = 0; i < p->ninsts; i++) {
    if (!in[i])
      continue;
    mm_id(p, (unsigned)i, id, sizeof id);
    bc_inst_name(p, (unsigned)i, who, sizeof who);
    if (strcmp(id, who))
      sb_printf(b, "    participant %s as %s\n", id, who);
    else
      sb_printf(b, "    participant %s\n", id);
  }
  /* element offsets of each variable in one flat array */
  size_t *base = bc_xcalloc(p->nvars + 1, sizeof *base);
  size_t nelems = 0;
  for (size_t v = 0; v < p->nvars; v++) {
    base[v] = nelems;
    nelems += p->vars[v].nelems;
  }
  struct writer *wr = bc_xcalloc(nelems + 1, sizeof *wr);
  for (size_t e = 0; e < nelems; e++)
    wr[e].inst = -1;
  size_t *last_step = bc_xcalloc(p->ninsts + 1, sizeof *last_step);
  struct mm_arrow *arrows = bc_xcalloc(p->ninsts + 1, sizeof *arrows);
  char name[256], val[512];
  for (size_t i = 0; i < t->len; i++) {
    unsigned inst = t->steps[i].inst;
    const uint8_t *s0 = t->states + i * nb, *s1 = t->states + (i + 1) * nb;
    /* arrows into this step */
    struct reads rs = {0};
    step_ranges(p, run->choice, t->steps[i].step, mm_reads, &rs);
    for (size_t a = 0; a < p->ninsts; a++) {
      sb_clear(&arrows[a].label);
      arrows[a].n = 0;
    }
    for (size_t k = 0; k < rs.n; k++) {
      const struct read *r = &rs.r[k];
      int64_t e0 = read_elem(p, r, inst);
      size_t lo = e0 == READ_ALL ? 0 : (size_t)e0;
      size_t hi = e0 == READ_ALL ? p->vars[r->var].nelems : (size_t)e0 + 1;
      for (size_t e = lo; e < hi; e++) {
        const struct writer *w = &wr[base[r->var] + e];
        if (w->inst < 0 || w->inst == (int)inst ||
            (last_step[inst] && w->step < last_step[inst]))
          continue;
        struct mm_arrow *ar = &arrows[w->inst];
        if (ar->n < 3) {
          bc_var_elem_name(p, (size_t)r->var, e, name, sizeof name);
          value_text(p, s0, (size_t)r->var, e, val, sizeof val);
          sb_printf(&ar->label, "%s%s = %s", ar->n ? ", " : "", name, val);
        } else if (ar->n == 3) {
          sb_puts(&ar->label, ", ...");
        }
        ar->n++;
      }
    }
    for (size_t a = 0; a < p->ninsts; a++) {
      if (!arrows[a].n)
        continue;
      char from[160];
      mm_id(p, (unsigned)a, from, sizeof from);
      mm_id(p, inst, id, sizeof id);
      sb_printf(b, "    %s->>%s: ", from, id);
      mm_text(b, sb_str(&arrows[a].label));
      sb_puts(b, "\n");
    }
    /* the step */
    mm_id(p, inst, id, sizeof id);
    sb_printf(b, "    Note over %s: ", id);
    struct sb t1 = {0};
    sb_printf(&t1, "%zu. %s()", i + 1, p->steps[t->steps[i].step].label);
    mm_text(b, sb_str(&t1));
    sb_release(&t1);
    struct md_change_ctx c = {b, false};
    each_change(p, s0, s1, mm_change, &c);
    sb_puts(b, "\n");
    for (size_t v = 0; v < p->nvars; v++)
      for (size_t e = 0; e < p->vars[v].nelems; e++)
        if (bc_state_get(p, s0, v, e) != bc_state_get(p, s1, v, e))
          wr[base[v] + e] = (struct writer){(int)inst, i + 1};
    last_step[inst] = i + 1;
  }
  if (end_note && t->len) {
    mm_id(p, t->steps[t->len - 1].inst, id, sizeof id);
    sb_printf(b, "    Note over %s: ", id);
    mm_text(b, end_note);
    sb_puts(b, "\n");
  }
  sb_puts(b, "```\n");
  for (size_t a = 0; a < p->ninsts; a++)
    sb_release(&arrows[a].label);
  free(arrows);
  free(last_step);
  free(wr);
  free(base);
  free(in);
}

static void md_cell(struct sb *b, const char *s) {
  sb_puts(b, " ");
  md_text(b, s);
  sb_puts(b, " |");
}

void bc_report_markdown(FILE *out, const struct bc_program *p,
                        const struct bc_run *runs, size_t nruns,
                        const struct bc_report_opts *o) {
  struct sb b = {0};
  char cfg[512], buf[64];
  size_t nwin = o && o->windows ? p->nwindows : 0;
  bool timing = !(o && o->no_timing);
  sb_puts(&b, "## ");
  md_text(&b, p->spec_name);
  if (p->spec_title && *p->spec_title) {
    sb_puts(&b, ": ");
    md_text(&b, p->spec_title);
  }
  sb_puts(&b, "\n\n");
  md_code(&b, p->path);
  for (size_t i = 0; i < p->nconsts; i++) {
    char kv[300];
    if (!const_kv(&p->consts[i], kv, sizeof kv))
      continue;
    sb_puts(&b, " ");
    md_code(&b, kv);
  }
  sb_puts(&b, "\n\n|");
  md_cell(&b, p->nplacements > 1 ? "configuration" : "placement");
  for (size_t c = 0; c < p->nconstraints; c++)
    md_cell(&b, p->constraints[col_of(p, o, c)].id);
  for (size_t w = 0; w < nwin; w++)
    md_cell(&b, p->windows[w].id);
  sb_puts(&b, " states | depth |");
  if (timing)
    sb_puts(&b, " seconds |");
  sb_puts(&b, " result |\n| --- |");
  for (size_t c = 0; c < p->nconstraints; c++)
    sb_puts(&b, " :-: |");
  for (size_t w = 0; w < nwin; w++)
    sb_puts(&b, " --: |");
  sb_puts(&b, " --: | --: |");
  if (timing)
    sb_puts(&b, " --: |");
  sb_puts(&b, " --- |\n");
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    sb_puts(&b, "|");
    md_cell(&b, cfg);
    for (size_t c = 0; c < p->nconstraints; c++)
      md_cell(&b, mark(run->res[col_of(p, o, c)].verdict, false));
    for (size_t w = 0; w < nwin; w++) {
      window_cell(window_of(o, r, w), false, buf, sizeof buf);
      md_cell(&b, buf);
    }
    sb_printf(&b, " %" PRIu64 " | %" PRIu64 " |", run->stats.distinct,
              run->stats.diameter);
    if (timing)
      sb_printf(&b, " %.2f |", run->stats.seconds);
    enum paint pt;
    const char *res = result_text(p, run, &pt);
    sb_printf(&b, pt == P_OK ? " %s |\n" : " **%s** |\n", res);
  }
  sb_puts(&b, "\n| id | title | checks |\n| --- | --- | --- |\n");
  for (size_t c = 0; c < p->nconstraints; c++) {
    sb_puts(&b, "|");
    md_cell(&b, p->constraints[c].id);
    md_cell(&b, p->constraints[c].title);
    sb_puts(&b, " ");
    md_code(&b, p->constraints[c].text);
    sb_puts(&b, " |\n");
  }
  for (size_t w = 0; w < nwin; w++) {
    sb_puts(&b, "|");
    md_cell(&b, p->windows[w].id);
    sb_puts(&b, " exposure window: ");
    md_text(&b, p->windows[w].title);
    sb_puts(&b, " | steps taken while ");
    md_code(&b, p->windows[w].text);
    sb_puts(&b, " |\n");
  }

  /* counterexamples */
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    for (size_t i = 0; i < p->nconstraints; i++) {
      size_t c = col_of(p, o, i);
      const struct bc_cresult *res = &run->res[c];
      const struct bc_constraint *k = &p->constraints[c];
      if (res->verdict != BC_VIOLATED)
        continue;
      sb_puts(&b, "\n### ");
      md_text(&b, cfg);
      sb_puts(&b, ": ");
      md_text(&b, k->id);
      sb_puts(&b, " violated \xe2\x80\x94 ");
      md_text(&b, k->title);
      sb_puts(&b, "\n\n");
      if (!res->trace) {
        md_text(&b, res->note ? res->note : "violated");
        sb_puts(&b, "\n");
        continue;
      }
      const struct bc_trace *t = res->trace;
      if (t->lasso) { /* the stem, then the cycle */
        if (t->loop)
          md_steps(&b, p, t, 0, t->loop, true);
        sb_printf(&b, "\n**Cycle** (steps %zu to %zu, repeated forever):"
                      "\n\n",
                  t->loop + 1, t->len);
        md_steps(&b, p, t, t->loop, t->len, true);
        sb_printf(&b, "\n(back to %s)\n",
                  t->loop ? "the state after the step before the cycle"
                          : "the initial state");
      } else if (t->len) {
        md_steps(&b, p, t, 0, t->len, true);
        if (t->ends)
          sb_puts(&b, "\n(the run ends: no process can move)\n");
      } else {
        sb_puts(&b, "(no step: the initial state)\n");
      }
      struct sb why = {0};
      if (t->lasso || t->ends)
        live_why(p, c, t, &why);
      else
        why_text(p, run, c, t, &why);
      /* the first line of why_text, without its "=> " */
      const char *w0 = sb_str(&why);
      if (!strncmp(w0, "=> ", 3))
        w0 += 3;
      const char *nl = strchr(w0, '\n');
      struct sb line = {0};
      sb_putn(&line, w0, nl ? (size_t)(nl - w0) : strlen(w0));
      sb_puts(&b, "\n\xe2\x87\x92 ");
      md_text(&b, sb_str(&line));
      sb_puts(&b, "\n\n");
      struct sb note = {0};
      sb_printf(&note, "\xe2\x9c\x97 %s: %s", k->id, k->title);
      if (t->len) /* a diagram needs a participant */
        mermaid(&b, p, run, t, sb_str(&note));
      sb_release(&note);
      sb_release(&line);
      sb_release(&why);
    }
    if (run->stop == BC_STOP_ERROR) {
      sb_puts(&b, "\n### ");
      md_text(&b, cfg);
      sb_printf(&b, ": runtime error at line %u\n\n", run->errline);
      md_text(&b, run->errmsg);
      sb_puts(&b, "\n\n");
      if (run->errtrace)
        md_steps(&b, p, run->errtrace, 0, run->errtrace->len, true);
    }
  }
  /* windows */
  for (size_t w = 0; w < nwin; w++) {
    sb_puts(&b, "\n### Exposure window ");
    md_text(&b, p->windows[w].id);
    sb_puts(&b, ": ");
    md_text(&b, p->windows[w].title);
    sb_puts(&b, "\n\nThe longest run of steps taken while ");
    md_code(&b, p->windows[w].text);
    sb_puts(&b, " holds:\n");
    for (size_t r = 0; r < nruns; r++) {
      const struct bc_window_result *res = window_of(o, r, w);
      bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
      sb_puts(&b, "\n- **");
      md_text(&b, cfg);
      sb_puts(&b, "**: ");
      if (!res || res->status == BC_WIN_UNKNOWN)
        sb_printf(&b, "unknown (%s)\n",
                  res && res->note ? res->note : "not computed");
      else if (!res->ever)
        sb_puts(&b, "never holds\n");
      else if (res->status == BC_WIN_UNBOUNDED)
        sb_printf(&b, "unbounded: a cycle of %zu step%s stays inside\n",
                  res->length, res->length == 1 ? "" : "s");
      else
        sb_printf(&b, "%zu step%s%s\n", res->length,
                  res->length == 1 ? "" : "s",
                  res->open_end ? ", still holding when no process can move"
                                : "");
      if (!res || !res->trace || res->status == BC_WIN_UNKNOWN ||
          !res->length)
        continue;
      sb_puts(&b, "\n");
      struct sb items = {0};
      md_steps(&items, p, res->trace, res->start, res->start + res->length,
               false);
      /* indent the list under the bullet */
      for (const char *s = sb_str(&items); *s;) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) + 1 : strlen(s);
        sb_puts(&b, "   ");
        sb_putn(&b, s, n);
        s += n;
      }
      sb_release(&items);
    }
  }

  /* summary */
  sb_puts(&b, "\n### Summary\n\n");
  for (size_t r = 0; r < nruns; r++) {
    char what[512];
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    bc_report_summary_line(p, &runs[r], o, what, sizeof what);
    sb_puts(&b, "- **");
    md_text(&b, cfg);
    sb_puts(&b, "**: ");
    md_text(&b, what);
    sb_puts(&b, "\n");
  }
  fputs(sb_str(&b), out);
  sb_release(&b);
}

/* ----------------------------------------------------------- JSON */

static void json_change(void *ctx, const char *name, const char *before,
                        const char *after) {
  cJSON *c = cJSON_CreateObject();
  cJSON_AddStringToObject(c, "var", name);
  cJSON_AddStringToObject(c, "before", before);
  cJSON_AddStringToObject(c, "after", after);
  cJSON_AddItemToArray(ctx, c);
}

static cJSON *trace_json(const struct bc_program *p, const struct bc_trace *t,
                         size_t from, size_t to) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "length", (double)t->len);
  cJSON_AddStringToObject(o, "ends", t->lasso   ? "cycle"
                                     : t->ends  ? "stops"
                                     : t->on_step ? "on_step"
                                                  : "in_state");
  if (t->lasso) /* steps loop + 1 .. length repeat forever */
    cJSON_AddNumberToObject(o, "cycle_start", (double)(t->loop + 1));
  if (t->lasso || t->ends)
    cJSON_AddNumberToObject(o, "trigger", (double)t->trigger);
  cJSON *steps = cJSON_AddArrayToObject(o, "steps");
  size_t nb = p->state_bytes;
  for (size_t i = from; i < to && i < t->len; i++) {
    cJSON *s = cJSON_CreateObject();
    const struct bc_inst *in = &p->insts[t->steps[i].inst];
    const struct bc_proc *pr = &p->procs[in->proc];
    cJSON_AddNumberToObject(s, "index", (double)(i + 1));
    cJSON_AddStringToObject(s, "process", pr->name);
    if (pr->family)
      cJSON_AddNumberToObject(s, "instance", (double)in->self);
    else
      cJSON_AddNullToObject(s, "instance");
    cJSON_AddStringToObject(s, "label", p->steps[t->steps[i].step].label);
    cJSON *ch = cJSON_AddArrayToObject(s, "changes");
    each_change(p, t->states + i * nb, t->states + (i + 1) * nb, json_change,
                ch);
    cJSON_AddItemToArray(steps, s);
  }
  return o;
}

static const char *ckind_json(enum bc_ckind k) {
  switch (k) {
  case BC_CK_ALWAYS:
    return "always";
  case BC_CK_AT:
    return "at";
  case BC_CK_BEFORE:
    return "before";
  case BC_CK_DEADLOCK:
    return "deadlock";
  case BC_CK_REACHABLE:
    return "reachable";
  case BC_CK_EVENTUALLY:
    return "eventually";
  case BC_CK_VIOLATIONS:
    return "violations";
  }
  return "?";
}

static cJSON *window_json(const struct bc_program *p, size_t w,
                          const struct bc_window_result *r) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "id", p->windows[w].id);
  const char *st = !r || r->status == BC_WIN_UNKNOWN ? "unknown"
                   : r->status == BC_WIN_UNBOUNDED  ? "unbounded"
                                                    : "bounded";
  cJSON_AddStringToObject(o, "status", st);
  if (!r || r->status == BC_WIN_UNKNOWN) {
    cJSON_AddStringToObject(o, "note", r && r->note ? r->note
                                                    : "not computed");
    return o;
  }
  cJSON_AddBoolToObject(o, "ever", r->ever);
  cJSON_AddNumberToObject(o, "steps", (double)r->length);
  cJSON_AddBoolToObject(o, "open_at_end", r->open_end);
  if (r->trace) {
    cJSON_AddNumberToObject(o, "first_step", (double)(r->start + 1));
    cJSON_AddItemToObject(o, "trace", trace_json(p, r->trace, 0,
                                                 r->trace->len));
  } else {
    cJSON_AddNullToObject(o, "first_step");
    cJSON_AddNullToObject(o, "trace");
  }
  return o;
}

char *bc_report_json_opts(const struct bc_program *p,
                          const struct bc_run *runs, size_t nruns,
                          const struct bc_report_opts *ro) {
  bool timing = !(ro && ro->no_timing);
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "format_version", 1);
  cJSON_AddStringToObject(root, "bootcheck", bc_version());
  cJSON *spec = cJSON_AddObjectToObject(root, "spec");
  cJSON_AddStringToObject(spec, "name", p->spec_name);
  cJSON_AddStringToObject(spec, "title", p->spec_title);
  cJSON_AddStringToObject(spec, "file", p->path);
  if (ro && ro->spec_sha256)
    cJSON_AddStringToObject(spec, "sha256", ro->spec_sha256);
  cJSON_AddNumberToObject(spec, "state_bytes", (double)p->state_bytes);
  cJSON *consts = cJSON_AddObjectToObject(spec, "constants");
  for (size_t i = 0; i < p->nconsts; i++) {
    if (p->consts[i].is_bool)
      cJSON_AddBoolToObject(consts, p->consts[i].name, p->consts[i].value != 0);
    else
      cJSON_AddNumberToObject(consts, p->consts[i].name,
                              (double)p->consts[i].value);
  }
  cJSON *init = cJSON_AddObjectToObject(spec, "initial_state");
  char name[256], val[512];
  for (size_t i = 0; i < p->nvars; i++) {
    if (!shown(&p->vars[i]))
      continue;
    for (size_t e = 0; e < p->vars[i].nelems; e++) {
      bc_var_elem_name(p, i, e, name, sizeof name);
      value_text(p, p->init, i, e, val, sizeof val);
      cJSON_AddStringToObject(init, name, val);
    }
  }
  cJSON *cons = cJSON_AddArrayToObject(root, "constraints");
  for (size_t c = 0; c < p->nconstraints; c++) {
    cJSON *k = cJSON_CreateObject();
    cJSON_AddStringToObject(k, "id", p->constraints[c].id);
    cJSON_AddStringToObject(k, "title", p->constraints[c].title);
    cJSON_AddStringToObject(k, "kind", ckind_json(p->constraints[c].kind));
    if (p->constraints[c].kind == BC_CK_EVENTUALLY)
      cJSON_AddStringToObject(
          k, "liveness",
          p->constraints[c].live == BC_LIVE_LEADSTO ? "leads_to"
          : p->constraints[c].live == BC_LIVE_ALWAYS_EVENTUALLY
              ? "always_eventually"
              : "eventually");
    cJSON_AddStringToObject(k, "text", p->constraints[c].text);
    cJSON_AddItemToArray(cons, k);
  }
  cJSON *wins = cJSON_AddArrayToObject(root, "windows");
  for (size_t w = 0; w < p->nwindows; w++) {
    cJSON *k = cJSON_CreateObject();
    cJSON_AddStringToObject(k, "id", p->windows[w].id);
    cJSON_AddStringToObject(k, "title", p->windows[w].title);
    cJSON_AddStringToObject(k, "predicate", p->windows[w].text);
    cJSON_AddItemToArray(wins, k);
  }
  cJSON *cfgs = cJSON_AddArrayToObject(root, "configurations");
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    cJSON *o = cJSON_CreateObject();
    bc_config_name(p, run->choice, name, sizeof name);
    cJSON_AddStringToObject(o, "name", name);
    cJSON *b = cJSON_AddObjectToObject(o, "bindings");
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      cJSON_AddStringToObject(b, pl->name,
                              p->hooks[pl->hooks[run->choice[i]]].name);
    }
    bool has;
    bool ok = bc_run_as_expected(p, run, &has);
    cJSON_AddBoolToObject(o, "complete", run->complete);
    cJSON_AddStringToObject(o, "stop", bc_stop_name(run->stop));
    cJSON_AddBoolToObject(o, "has_expect", has);
    cJSON_AddBoolToObject(o, "as_expected", ok);
    cJSON_AddStringToObject(o, "result",
                            bc_outcome_name(bc_run_outcome(p, run)));
    char expected[512];
    if (bc_expected_text(p, run->choice, expected, sizeof expected)) {
      cJSON *ev = cJSON_AddArrayToObject(o, "expected_violations");
      for (size_t c = 0; c < p->nconstraints; c++)
        if (!strcmp(bc_expected_status(p, run->choice, c), "violated"))
          cJSON_AddItemToArray(ev,
                               cJSON_CreateString(p->constraints[c].id));
    } else {
      cJSON_AddNullToObject(o, "expected_violations");
    }
    cJSON *arr = cJSON_AddArrayToObject(o, "constraints");
    for (size_t c = 0; c < p->nconstraints; c++) {
      const struct bc_cresult *res = &run->res[c];
      cJSON *k = cJSON_CreateObject();
      cJSON_AddStringToObject(k, "id", p->constraints[c].id);
      cJSON_AddStringToObject(k, "status", bc_verdict_name(res->verdict));
      if (res->trace) {
        cJSON *tj = trace_json(p, res->trace, 0, res->trace->len);
        struct witness w;
        trace_witness(p, c, res->trace, res->verdict == BC_VIOLATED, &w);
        if (w.n) {
          cJSON *bo = cJSON_AddArrayToObject(tj, "bound");
          for (unsigned i = 0; i < w.n; i++) {
            cJSON *x = cJSON_CreateObject();
            bc_value_format(p, &w.q[i]->type, w.v[i], val, sizeof val);
            cJSON_AddStringToObject(x, "name", w.q[i]->name);
            cJSON_AddStringToObject(x, "value", val);
            cJSON_AddItemToArray(bo, x);
          }
        }
        cJSON_AddItemToObject(k, res->verdict == BC_VIOLATED ? "trace"
                                                             : "witness",
                              tj);
      } else
        cJSON_AddNullToObject(k, "trace");
      if (res->note)
        cJSON_AddStringToObject(k, "note", res->note);
      cJSON_AddItemToArray(arr, k);
    }
    cJSON *wa = cJSON_AddArrayToObject(o, "windows");
    if (ro && ro->windows)
      for (size_t w = 0; w < p->nwindows; w++)
        cJSON_AddItemToArray(wa, window_json(p, w, window_of(ro, r, w)));
    if (run->stop == BC_STOP_ERROR) {
      cJSON *e = cJSON_AddObjectToObject(o, "error");
      cJSON_AddStringToObject(e, "message", run->errmsg);
      cJSON_AddNumberToObject(e, "line", run->errline);
      if (run->errtrace)
        cJSON_AddItemToObject(e, "trace", trace_json(p, run->errtrace, 0,
                                                     run->errtrace->len));
    }
    cJSON *st = cJSON_AddObjectToObject(o, "stats");
    cJSON_AddNumberToObject(st, "generated", (double)run->stats.generated);
    cJSON_AddNumberToObject(st, "distinct", (double)run->stats.distinct);
    cJSON_AddNumberToObject(st, "diameter", (double)run->stats.diameter);
    cJSON_AddNumberToObject(st, "queue", (double)run->stats.queue);
    if (timing) {
      cJSON_AddNumberToObject(st, "seconds", run->stats.seconds);
      cJSON_AddNumberToObject(st, "states_per_s", run->stats.states_per_s);
      cJSON_AddNumberToObject(st, "peak_rss", (double)run->stats.peak_rss);
      cJSON_AddNumberToObject(st, "store_bytes",
                              (double)run->stats.store_bytes);
      cJSON_AddNumberToObject(st, "bytes_per_state",
                              run->stats.bytes_per_state);
      cJSON_AddNumberToObject(st, "peak_store_bytes",
                              (double)run->stats.peak_store_bytes);
      cJSON_AddNumberToObject(st, "trace_file_bytes",
                              (double)run->stats.trace_file_bytes);
    }
    cJSON_AddBoolToObject(st, "fingerprint_only", run->fingerprint_only);
    cJSON_AddBoolToObject(st, "symmetry", run->symmetry);
    cJSON_AddBoolToObject(st, "por", run->por);
    if (run->por) {
      cJSON_AddNumberToObject(st, "por_reduced",
                              (double)run->stats.por_reduced);
      cJSON_AddNumberToObject(st, "por_full", (double)run->stats.por_full);
    }
    cJSON_AddNumberToObject(st, "collision_bound", run->stats.collision_bound);
    if (run->stats.live_states)
      cJSON_AddNumberToObject(st, "liveness_states",
                              (double)run->stats.live_states);
    if (ro && ro->windows && ro->windows[r].res) /* the window pass's */
      cJSON_AddNumberToObject(st, "window_states",
                              (double)ro->windows[r].states);
    cJSON_AddItemToArray(cfgs, o);
  }
  char *txt = cJSON_Print(root);
  cJSON_Delete(root);
  char *copy = bc_xstrdup(txt ? txt : "{}");
  cJSON_free(txt);
  return copy;
}

char *bc_report_json(const struct bc_program *p, const struct bc_run *runs,
                     size_t nruns) {
  return bc_report_json_opts(p, runs, nruns, NULL);
}
