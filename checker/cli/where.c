/*
** where.c - `bootcheck where SPEC PLACEMENT`: where may the placement's
** block go? Every boundary between two consecutive labelled steps of the
** chosen processes becomes a candidate hook (docs/where.md).
**
** A candidate is a `hook` statement added, in the syntax tree before it is
** compiled, as the first statement of the step after the boundary, and
** added to the placement's hooks. It is exactly a hand-written hook at the
** top of that step: the placement's body runs first thing in the step,
** inside it, each time the step runs (a step that a goto reaches again runs
** the body again: the timeline says "repeats"). Unbound, a hook does
** nothing, so the candidates change no state count. Every candidate is then
** one configuration of the ordinary check (checker/check/check.c), one
** exploration each: nothing is shared between candidates yet.
*/
#include "base/memguard.h"
#include "bootcheck/arena.h"
#include "bootcheck/ast.h"
#include "bootcheck/checker.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "cli/cli_int.h"
#include "explore/order.h"
#include "model/native.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char where_help[] =
    "usage: bootcheck where SPEC PLACEMENT [options]\n"
    "\n"
    "Check PLACEMENT's block at every boundary between two consecutive\n"
    "steps of the chosen processes and print the boot as a timeline: each\n"
    "boundary legal or with the constraints it violates, the legal\n"
    "window(s), the earliest and the latest legal point (docs/where.md).\n"
    "\n"
    "  --process P          the processes whose boundaries are candidates\n"
    "                       (repeatable; default: those whose steps hold\n"
    "                       the placement's declared hooks)\n"
    "  --counterexamples    the shortest counterexample of each illegal\n"
    "                       point's first violation\n"
    "  -D NAME=VALUE        override a constant (one value each)\n"
    "  --placement LIST     fix the other placements (placement@hook);\n"
    "                       PLACEMENT@proc.step checks only the candidates\n"
    "                       named (the boundary before proc's step)\n"
    "  --format FORMAT      text (default), json or markdown\n"
    "  --output FILE        write to FILE instead of stdout\n"
    "  --no-timing, --ascii, --quiet, --workers N, --max-states N,\n"
    "  --max-memory SIZE, --time-limit SECS, --fingerprint, --no-symmetry,\n"
    "  --por, --stop-at-first, --no-windows, --no-liveness, --engine E:\n"
    "  as for check\n"
    "  --no-share           search each candidate alone (the candidates\n"
    "                       share one search by default)\n"
    "\n"
    "exit status: 0 some point is legal, 1 none is, 2 usage or spec error,\n"
    "3 a limit or a runtime error left no point legal and some unknown.\n";

/* ------------------------------------------------------ candidates */

enum pt_status { PT_LEGAL, PT_ILLEGAL, PT_UNKNOWN, PT_SKIPPED };

struct point {
  const char *proc, *after, *before; /* owned by the edit's arena copy */
  char *hook;        /* the synthesized hook's name: "proc.before" */
  char *same_as;     /* a declared hook of the placement that is already the
                        first statement of 'before', or NULL */
  unsigned line;     /* of the label 'before' */
  /* from the compiled program */
  bool runs;         /* 'before' is reachable from the process's start
                        (statically, constant conditions folded) */
  bool repeats;      /* ... and reachable again from itself */
  /* from the check */
  enum pt_status st;
  size_t nruns;
  const struct bc_run *first_run; /* the run and constraint of the first */
  size_t first_c;                 /* violation (shortest trace) */
  bool *violated;                 /* nconstraints */
  const struct bc_window_run *win;
  double seconds;
  uint64_t states;
};

struct where {
  const char *placement;
  const char *const *procs;
  size_t nprocs;
  struct point *pt;
  size_t n;
  char **chosen;     /* process names chosen */
  size_t nchosen;
  size_t ncons;
  bool *everywhere;  /* no point legal: the fewest constraints a point
                        violates (the first such point's) */
  bool any_everywhere;
  const bool *ignore;/* windows "apart from" these (NULL: none) */
  bool *vbuf;        /* viol()'s result */
  const struct bc_order *ord; /* the boot's guaranteed order (every hook
                                 empty), or NULL: unknown */
  char order_note[256];       /* why ord is NULL ("": it is not) */
};

static bool stmt_has_hook(const struct bc_ast *ast, const struct bc_stmt *s,
                          const struct bc_decl *pl, int depth);

static bool is_declared(const struct bc_decl *pl, const char *h) {
  for (size_t i = 0; i < pl->idents.n; i++)
    if (!strcmp(((const struct bc_ident *)pl->idents.v[i])->name, h))
      return true;
  return false;
}

static const struct bc_decl *find_decl(const struct bc_ast *ast,
                                       enum bc_decl_kind k, const char *n) {
  for (size_t i = 0; i < ast->decls.n; i++) {
    const struct bc_decl *d = ast->decls.v[i];
    if (d->kind == k && d->name.name && !strcmp(d->name.name, n))
      return d;
  }
  return NULL;
}

/* Does 's' (or a procedure it calls) hold a hook of 'pl'? */
static bool stmt_has_hook(const struct bc_ast *ast, const struct bc_stmt *s,
                          const struct bc_decl *pl, int depth) {
  if (!s || depth > 64)
    return false;
  switch (s->kind) {
  case BC_S_HOOK:
    return is_declared(pl, s->name.name);
  case BC_S_IF:
    return stmt_has_hook(ast, s->body, pl, depth + 1) ||
           stmt_has_hook(ast, s->els, pl, depth + 1);
  case BC_S_WITH:
  case BC_S_FOR:
    return stmt_has_hook(ast, s->body, pl, depth + 1);
  case BC_S_BLOCK:
  case BC_S_EITHER:
    for (size_t i = 0; i < s->stmts.n; i++)
      if (stmt_has_hook(ast, s->stmts.v[i], pl, depth + 1))
        return true;
    return false;
  case BC_S_CALL: {
    const struct bc_decl *d = find_decl(ast, BC_D_PROCEDURE, s->name.name);
    return d && stmt_has_hook(ast, d->body, pl, depth + 1);
  }
  default:
    return false;
  }
}

/* The syntax-tree edit: a hook statement first in every step but the
** first of each chosen process, added to the placement's hooks. */
static int where_edit(struct bc_ast *ast, struct bc_arena *arena,
                      struct bc_diag *diag, void *arg) {
  struct where *w = arg;
  struct bc_span none;
  memset(&none, 0, sizeof none);
  struct bc_decl *pl = NULL;
  for (size_t i = 0; i < ast->decls.n && !pl; i++) {
    struct bc_decl *d = ast->decls.v[i];
    if (d->kind == BC_D_PLACEMENT && !strcmp(d->name.name, w->placement))
      pl = d;
  }
  if (!pl) {
    bc_error(diag, none, "where: the spec has no placement '%s'",
             w->placement);
    return -1;
  }
  for (size_t k = 0; k < w->nprocs; k++)
    if (!find_decl(ast, BC_D_PROCESS, w->procs[k])) {
      bc_error(diag, none, "where: --process: the spec has no process '%s'",
               w->procs[k]);
      return -1;
    }
  size_t ndeclared = pl->idents.n;
  for (size_t i = 0; i < ast->decls.n; i++) {
    struct bc_decl *d = ast->decls.v[i];
    if (d->kind != BC_D_PROCESS)
      continue;
    bool chosen = false;
    if (w->nprocs) {
      for (size_t k = 0; k < w->nprocs; k++)
        chosen |= !strcmp(w->procs[k], d->name.name);
    } else {
      for (size_t s = 0; s < d->steps.n && !chosen; s++) {
        const struct bc_step *st = d->steps.v[s];
        for (size_t j = 0; j < st->stmts.n && !chosen; j++)
          chosen = stmt_has_hook(ast, st->stmts.v[j], pl, 0);
      }
    }
    if (!chosen)
      continue;
    w->chosen = bc_xrealloc(w->chosen, (w->nchosen + 1) * sizeof *w->chosen);
    w->chosen[w->nchosen++] = bc_xstrdup(d->name.name);
    for (size_t s = 1; s < d->steps.n; s++) {
      struct bc_step *prev = d->steps.v[s - 1], *st = d->steps.v[s];
      w->pt = bc_xrealloc(w->pt, (w->n + 1) * sizeof *w->pt);
      struct point *pt = &w->pt[w->n++];
      memset(pt, 0, sizeof *pt);
      pt->proc = w->chosen[w->nchosen - 1];
      pt->after = bc_xstrdup(prev->label.name);
      pt->before = bc_xstrdup(st->label.name);
      pt->line = st->label.span.line;
      size_t len = strlen(d->name.name) + strlen(st->label.name) + 2;
      pt->hook = bc_xmalloc(len);
      snprintf(pt->hook, len, "%s.%s", d->name.name, st->label.name);
      if (st->stmts.n) {
        const struct bc_stmt *s0 = st->stmts.v[0];
        for (size_t h = 0; h < ndeclared; h++)
          if (s0->kind == BC_S_HOOK &&
              !strcmp(((const struct bc_ident *)pl->idents.v[h])->name,
                      s0->name.name))
            pt->same_as = bc_xstrdup(s0->name.name);
      }
      struct bc_stmt *hs = bc_arena_alloc(arena, sizeof *hs);
      memset(hs, 0, sizeof *hs);
      hs->kind = BC_S_HOOK;
      hs->span = st->label.span;
      hs->name.name = bc_arena_strdup(arena, pt->hook);
      hs->name.span = st->label.span;
      bc_ptrvec_push(arena, &st->stmts, hs);
      memmove(st->stmts.v + 1, st->stmts.v,
              (st->stmts.n - 1) * sizeof *st->stmts.v);
      st->stmts.v[0] = hs;
      struct bc_ident *id = bc_arena_alloc(arena, sizeof *id);
      *id = hs->name;
      bc_ptrvec_push(arena, &pl->idents, id);
    }
  }
  if (!w->n) {
    bc_error(diag, none, "where: no step boundary to try: %s",
             w->nprocs ? "the processes given have one step each"
                       : "no process with two steps holds a hook of the "
                         "placement (name one with --process)");
    return -1;
  }
  return 0;
}

/* ------------------------------------------------------ static order */

/* Which steps of 'proc' are reachable from its first, and which again
** from themselves: the control flow of the bytecode, with the branches
** on constants (REV tests folded by the compiler) taken one way. */
static void step_graph(const struct bc_program *p, int proc, bool *runs,
                       bool *repeats) {
  const struct bc_proc *pr = &p->procs[proc];
  unsigned n = pr->nsteps;
  /* the end of each step's code: the next entry point after it */
  uint32_t *entry = bc_xcalloc(p->nsteps + p->nplacements +
                                   p->nconstraints + p->nwindows + 2,
                               sizeof *entry);
  size_t ne = 0;
  for (size_t i = 0; i < p->nsteps; i++)
    entry[ne++] = p->steps[i].code;
  for (size_t i = 0; i < p->nplacements; i++)
    entry[ne++] = p->placements[i].code;
  for (size_t i = 0; i < p->nconstraints; i++)
    if (p->constraints[i].code)
      entry[ne++] = p->constraints[i].code;
  for (size_t i = 0; i < p->nwindows; i++)
    entry[ne++] = p->windows[i].code;
  bool *adj = bc_xcalloc((size_t)n * n + 1, sizeof *adj);
  bool *target = bc_xcalloc(p->ncode + 1, sizeof *target);
  bool *seen = bc_xcalloc(p->ncode + 1, sizeof *seen);
  uint32_t *stack = bc_xcalloc(p->ncode + 1, sizeof *stack);
  for (unsigned s = 0; s < n; s++) {
    uint32_t lo = p->steps[pr->first_step + s].code, hi = (uint32_t)p->ncode;
    for (size_t e = 0; e < ne; e++)
      if (entry[e] > lo && entry[e] < hi)
        hi = entry[e];
    for (uint32_t pc = lo; pc < hi; pc++) {
      unsigned op = p->code[pc].op;
      if (bc_opcode_jumps(op))
        if (p->code[pc].b < p->ncode)
          target[p->code[pc].b] = true;
    }
    size_t sp = 0;
    stack[sp++] = lo;
    while (sp) {
      uint32_t pc = stack[--sp];
      if (pc < lo || pc >= hi || seen[pc])
        continue;
      seen[pc] = true;
      const struct bc_insn *in = &p->code[pc];
      bool konst = pc > lo && !target[pc] && p->code[pc - 1].op == BC_INS_PUSH;
      int64_t k = konst ? p->code[pc - 1].k : 0;
      switch (in->op) {
      case BC_INS_JMP:
        stack[sp++] = in->b;
        break;
      case BC_INS_JZ:
      case BC_INS_JNZ: {
        bool jump_z = in->op == BC_INS_JZ;
        if (!konst || (k == 0) == jump_z)
          stack[sp++] = in->b;
        if (!konst || (k == 0) != jump_z)
          stack[sp++] = pc + 1;
        break;
      }
      case BC_INS_GOTO:
        if (in->a < n)
          adj[(size_t)s * n + in->a] = true;
        break;
      case BC_INS_HALT:
        break;
      default:
        stack[sp++] = pc + 1;
      }
    }
    for (uint32_t pc = lo; pc < hi; pc++)
      target[pc] = seen[pc] = false;
  }
  /* reachability from step 0, and from each step's successors */
  bool *r = bc_xcalloc(n + 1, sizeof *r);
  for (unsigned from = 0; from <= n; from++) {
    /* from == n: the start (step 0 itself); else the successors of 'from' */
    memset(r, 0, (n + 1) * sizeof *r);
    size_t sp = 0;
    if (from == n) {
      r[0] = true;
      stack[sp++] = 0;
    } else {
      for (unsigned t = 0; t < n; t++)
        if (adj[(size_t)from * n + t] && !r[t]) {
          r[t] = true;
          stack[sp++] = t;
        }
    }
    while (sp) {
      uint32_t s = stack[--sp];
      for (unsigned t = 0; t < n; t++)
        if (adj[(size_t)s * n + t] && !r[t]) {
          r[t] = true;
          stack[sp++] = t;
        }
    }
    if (from == n)
      memcpy(runs, r, n * sizeof *r);
    else
      repeats[from] = r[from];
  }
  for (unsigned s = 0; s < n; s++)
    repeats[s] = repeats[s] && runs[s];
  free(r);
  free(adj);
  free(target);
  free(seen);
  free(stack);
  free(entry);
}

/* ------------------------------------------------------ results */

static int find_proc(const struct bc_program *p, const char *name) {
  for (size_t i = 0; i < p->nprocs; i++)
    if (!strcmp(p->procs[i].name, name))
      return (int)i;
  return -1;
}

static int find_step(const struct bc_program *p, int proc, const char *l) {
  const struct bc_proc *pr = &p->procs[proc];
  for (unsigned s = 0; s < pr->nsteps; s++)
    if (!strcmp(p->steps[pr->first_step + s].label, l))
      return (int)s;
  return -1;
}

static size_t trace_len(const struct bc_cresult *r) {
  return r->trace ? r->trace->len : (size_t)-1;
}

/* Fill each point's result from the check 'ck'. */
static void collect(struct where *w, const struct bc_check *ck,
                    size_t pidx) {
  const struct bc_program *p = ck->p;
  for (size_t i = 0; i < w->n; i++) {
    struct point *pt = &w->pt[i];
    pt->violated = bc_xcalloc(p->nconstraints + 1, sizeof *pt->violated);
    pt->st = PT_SKIPPED; /* until a run says otherwise */
    int proc = find_proc(p, pt->proc);
    if (proc >= 0) {
      bool *runs = bc_xcalloc(p->procs[proc].nsteps + 1, sizeof *runs);
      bool *rep = bc_xcalloc(p->procs[proc].nsteps + 1, sizeof *rep);
      step_graph(p, proc, runs, rep);
      int s = find_step(p, proc, pt->before);
      if (s >= 0) {
        pt->runs = runs[s];
        pt->repeats = rep[s];
      }
      free(runs);
      free(rep);
    }
  }
  w->ncons = p->nconstraints;
  w->vbuf = bc_xcalloc(p->nconstraints + 1, sizeof *w->vbuf);
  w->everywhere = bc_xcalloc(p->nconstraints + 1, sizeof *w->everywhere);
  const struct bc_placement *pl = &p->placements[pidx];
  for (size_t k = 0; k < ck->ncfg; k++) {
    const struct bc_run *run = &ck->cfg[k].run;
    const char *h = p->hooks[pl->hooks[run->choice[pidx]]].name;
    struct point *pt = NULL;
    for (size_t i = 0; i < w->n && !pt; i++)
      if (!strcmp(w->pt[i].hook, h))
        pt = &w->pt[i];
    if (!pt)
      continue;
    bool bad = false, unknown = false;
    for (size_t c = 0; c < p->nconstraints; c++) {
      const struct bc_cresult *r = &run->res[c];
      if (r->verdict == BC_VIOLATED) {
        pt->violated[c] = true;
        bad = true;
        if (!pt->first_run ||
            trace_len(r) < trace_len(&pt->first_run->res[pt->first_c])) {
          pt->first_run = run;
          pt->first_c = c;
        }
      } else if (r->verdict == BC_UNKNOWN &&
                 p->constraints[c].kind != BC_CK_EVENTUALLY) {
        unknown = true;
      }
    }
    if (run->stop == BC_STOP_ERROR)
      unknown = true;
    enum pt_status st = bad ? PT_ILLEGAL : unknown ? PT_UNKNOWN : PT_LEGAL;
    if (pt->nruns == 0 || st == PT_ILLEGAL ||
        (st == PT_UNKNOWN && pt->st == PT_LEGAL))
      pt->st = st;
    if (ck->wins && !pt->win)
      pt->win = &ck->wins[k];
    pt->seconds += run->stats.seconds;
    pt->states += run->stats.distinct;
    pt->nruns++;
  }
  /* No legal point: the fewest constraints some point violates, so that
  ** the windows apart from them show what is closest to legal. */
  size_t best = (size_t)-1, at = 0;
  for (size_t i = 0; i < w->n; i++) {
    size_t k = 0;
    if (w->pt[i].st == PT_LEGAL)
      return;
    if (w->pt[i].st != PT_ILLEGAL)
      continue;
    for (size_t c = 0; c < p->nconstraints; c++)
      k += w->pt[i].violated[c];
    if (k < best) {
      best = k;
      at = i;
    }
  }
  if (best == (size_t)-1)
    return;
  for (size_t c = 0; c < p->nconstraints; c++)
    w->everywhere[c] = w->pt[at].violated[c];
  w->any_everywhere = true;
}

/* Constraints violated at point i, "C2 C2F", first violation first. */
static void violated_text(const struct bc_program *p, const struct point *pt,
                          char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  if (pt->first_run)
    o += (size_t)snprintf(buf, len, "%s", p->constraints[pt->first_c].id);
  for (size_t c = 0; c < p->nconstraints && o < len; c++)
    if (pt->violated[c] && !(pt->first_run && c == pt->first_c))
      o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " " : "",
                            p->constraints[c].id);
}

static void exposure_text(const struct bc_program *p, const struct point *pt,
                          char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  for (size_t k = 0; pt->win && k < pt->win->nwindows && o < len; k++) {
    const struct bc_window_result *r = &pt->win->res[k];
    char v[32];
    if (r->status == BC_WIN_UNBOUNDED)
      snprintf(v, sizeof v, "inf");
    else if (r->status == BC_WIN_UNKNOWN)
      snprintf(v, sizeof v, "?");
    else
      snprintf(v, sizeof v, "%zu%s", r->length, r->open_end ? "+" : "");
    o += (size_t)snprintf(buf + o, len - o, "%s%s %s", o ? ", " : "",
                          p->windows[k].id, v);
  }
}

/* The legal windows: maximal runs of legal points of one process. */
struct span {
  size_t first, last;
};

/* Is point i legal, apart from the constraints w->ignore lists? */
static bool legal_at(const struct where *w, size_t i) {
  const struct point *pt = &w->pt[i];
  if (pt->st == PT_LEGAL)
    return true;
  if (pt->st != PT_ILLEGAL || !w->ignore)
    return false;
  for (size_t c = 0; c < w->ncons; c++)
    if (pt->violated[c] && !w->ignore[c])
      return false;
  return true;
}

static size_t windows_of(const struct where *w, struct span *out) {
  size_t n = 0;
  for (size_t i = 0; i < w->n; i++) {
    if (!legal_at(w, i))
      continue;
    if (!out) {
      n++;
      continue;
    }
    if (n && out[n - 1].last + 1 == i)
      out[n - 1].last = i;
    else
      out[n++] = (struct span){i, i};
  }
  return n;
}

/* ------------------------------------------------------ explanations */

static const bool *viol(const struct where *w, size_t i);

/* The global index of step 'label' of process 'proc', or -1. */
static int gstep(const struct bc_program *p, const char *proc,
                 const char *label) {
  int pr = find_proc(p, proc);
  int s = pr < 0 ? -1 : find_step(p, pr, label);
  return s < 0 ? -1 : (int)p->procs[pr].first_step + s;
}

/* The steps of other processes than step s's that s directly follows
** (before: false) or directly precedes (true) in the guaranteed order's
** Hasse diagram, "a.x, b.y" into buf ("" for none). */
static void order_neighbours(const struct where *w, const struct bc_program *p,
                             int s, bool after, char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  if (!w->ord || s < 0)
    return;
  for (size_t t = 0; t < p->nsteps && o < len; t++) {
    if (p->steps[t].proc == p->steps[s].proc)
      continue;
    if (after ? bc_order_hasse(w->ord, (size_t)s, t)
              : bc_order_hasse(w->ord, t, (size_t)s))
      o += (size_t)snprintf(buf + o, len - o, "%s%s.%s", o ? ", " : "",
                            p->procs[p->steps[t].proc].name,
                            p->steps[t].label);
  }
}

/* The one step of s's process that s directly follows (before: false) or
** directly precedes (true) in the Hasse diagram, or -1 (none, several,
** or no order). */
static int order_next(const struct where *w, const struct bc_program *p,
                      int s, bool after) {
  int found = -1;
  if (!w->ord || s < 0)
    return -1;
  for (size_t t = 0; t < p->nsteps; t++) {
    if (p->steps[t].proc != p->steps[s].proc)
      continue;
    if (after ? bc_order_hasse(w->ord, (size_t)s, t)
              : bc_order_hasse(w->ord, t, (size_t)s)) {
      if (found >= 0)
        return -1;
      found = (int)t;
    }
  }
  return found;
}

/* Does the window's opening step run right before the step of its first
** point in the boot (not only in the text)? Sets *ret_prev to the step
** that does, when another one does (else -1). */
static bool opens_in_order(const struct where *w, const struct bc_program *p,
                           size_t first, int *ret_prev) {
  const struct point *f = &w->pt[first];
  int open = gstep(p, f->proc, f->after), in = gstep(p, f->proc, f->before);
  int prev = order_next(w, p, in, false);
  *ret_prev = -1;
  if (open < 0 || in < 0)
    return true;
  if (prev >= 0 && prev != open) {
    *ret_prev = prev;
    return false;
  }
  return bc_order_precedes(w->ord, (size_t)open, (size_t)in);
}

/* Does the step after the window's closing step in the text run right
** after it in the boot? Sets *ret_next to the step that does, when
** another one does (else -1). */
static bool closes_in_order(const struct where *w, const struct bc_program *p,
                            size_t last, int *ret_next) {
  const struct point *l = &w->pt[last];
  int close = gstep(p, l->proc, l->before);
  *ret_next = -1;
  if (last + 1 >= w->n || strcmp(w->pt[last + 1].proc, l->proc))
    return true;
  int text = gstep(p, l->proc, w->pt[last + 1].before);
  int next = order_next(w, p, close, true);
  if (next >= 0 && text >= 0 && next != text) {
    *ret_next = next;
    return false;
  }
  return true;
}

static void ids_text(const struct bc_program *p, const bool *v, char *buf,
                     size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  for (size_t c = 0; c < p->nconstraints && o < len; c++)
    if (v[c])
      o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? " " : "",
                            p->constraints[c].id);
}

/*
** The two ends of window sp with the guaranteed order: "legal after
** bsp.efi_set_virtual_address_map (C1 C2), before kernel_init.smp_init
** ends (C3 H3), which always precedes ap.start_secondary". The step
** before the first point opens it (the constraints violated at the point
** before close it there); the step of the last point closes it (those
** violated at the point after). With the order: the steps of other
** processes the opening step directly follows and the closing one
** directly precedes, and a note when the opening step does not always
** run before the block's step (the text's order is not the boot's).
*/
static void explain_window(const struct where *w, const struct bc_program *p,
                           size_t first, size_t last, char *buf,
                           size_t len) {
  const struct point *f = &w->pt[first], *l = &w->pt[last];
  int open = gstep(p, f->proc, f->after);
  int close = gstep(p, l->proc, l->before);
  char by[256] = "", nb[512];
  size_t o = 0;
  if (first > 0 && w->pt[first - 1].st == PT_ILLEGAL)
    ids_text(p, viol(w, first - 1), by, sizeof by);
  o += (size_t)snprintf(buf + o, len - o, "%slegal after %s.%s%s%s%s",
                        w->ignore ? "apart from them, " : "", f->proc,
                        f->after, by[0] ? " (" : "", by,
                        by[0] ? ")" : "");
  order_neighbours(w, p, open, false, nb, sizeof nb);
  if (nb[0] && o < len)
    o += (size_t)snprintf(buf + o, len - o, ", which always follows %s", nb);
  int other;
  if (w->ord && !opens_in_order(w, p, first, &other) && o < len) {
    if (other >= 0)
      o += (size_t)snprintf(buf + o, len - o, " (in the text; in the boot "
                            "%s.%s runs right before %s.%s)", f->proc,
                            p->steps[other].label, f->proc, f->before);
    else
      o += (size_t)snprintf(buf + o, len - o, " (in the text; the boot does "
                            "not always run it before %s.%s)", f->proc,
                            f->before);
  }
  by[0] = '\0';
  if (last + 1 < w->n && w->pt[last + 1].st == PT_ILLEGAL)
    ids_text(p, viol(w, last + 1), by, sizeof by);
  if (o < len)
    o += (size_t)snprintf(buf + o, len - o, ", before %s.%s ends%s%s%s",
                          l->proc, l->before, by[0] ? " (" : "", by,
                          by[0] ? ")" : "");
  order_neighbours(w, p, close, true, nb, sizeof nb);
  if (nb[0] && o < len)
    o += (size_t)snprintf(buf + o, len - o, ", which always precedes %s",
                          nb);
  if (w->ord && !closes_in_order(w, p, last, &other) && o < len)
    snprintf(buf + o, len - o, " (in the text; in the boot %s.%s runs "
             "right after it)", l->proc, p->steps[other].label);
}

/* ------------------------------------------------------ text */

static void print_ids(FILE *out, const struct bc_program *p,
                      const bool *v) {
  bool any = false;
  for (size_t c = 0; c < p->nconstraints; c++)
    if (v[c]) {
      fprintf(out, "%s%s", any ? ", " : "", p->constraints[c].id);
      any = true;
    }
  if (!any)
    fputs("(none)", out);
}

/* Constraints violated at point i, as flags, less those w->ignore lists
** (valid until the next call). */
static const bool *viol(const struct where *w, size_t i) {
  for (size_t c = 0; c < w->ncons; c++)
    w->vbuf[c] = w->pt[i].violated[c] && !(w->ignore && w->ignore[c]);
  return w->vbuf;
}

static void text_windows(FILE *out, const struct where *w,
                         const struct bc_program *p, const char *legal) {
  struct span *sp = bc_xcalloc(w->n + 1, sizeof *sp);
  size_t nsp = windows_of(w, sp);
  if (nsp) {
    if (!strcmp(legal, "Legal"))
      fprintf(out, "Legal window%s:\n", nsp > 1 ? "s" : "");
    else
      fprintf(out, "Window%s legal apart from them:\n", nsp > 1 ? "s" : "");
    for (size_t k = 0; k < nsp; k++) {
      const struct point *f = &w->pt[sp[k].first], *l = &w->pt[sp[k].last];
      char line[1024];
      if (sp[k].first == sp[k].last)
        snprintf(line, sizeof line, "%zu: after %s, before %s (%s)",
                 sp[k].first + 1, f->after, f->before, f->proc);
      else if (!strcmp(f->proc, l->proc))
        snprintf(line, sizeof line,
                 "%zu..%zu: from after %s up to before %s (%s)",
                 sp[k].first + 1, sp[k].last + 1, f->after, l->before,
                 f->proc);
      else
        snprintf(line, sizeof line,
                 "%zu..%zu: from after %s (%s) up to before %s (%s)",
                 sp[k].first + 1, sp[k].last + 1, f->after, f->proc,
                 l->before, l->proc);
      fputs("  ", out);
      bc_report_wrap(out, line, 0, 4, 70);
      if (sp[k].first > 0 && w->pt[sp[k].first - 1].st == PT_ILLEGAL) {
        fputs("    closed before it by ", out);
        print_ids(out, p, viol(w, sp[k].first - 1));
        fprintf(out, " (at %zu)\n", sp[k].first);
      }
      if (sp[k].last + 1 < w->n &&
        w->pt[sp[k].last + 1].st == PT_ILLEGAL) {
        fputs("    closed after it by ", out);
        print_ids(out, p, viol(w, sp[k].last + 1));
        fprintf(out, " (at %zu)\n", sp[k].last + 2);
      }
      if (w->ord) {
        char ex[2048];
        explain_window(w, p, sp[k].first, sp[k].last, ex, sizeof ex);
        fputs("    ", out);
        bc_report_wrap(out, ex, 0, 4, 68);
      }
    }
    const struct point *e = &w->pt[sp[0].first], *l = &w->pt[sp[nsp - 1].last];
    char line[1024];
    snprintf(line, sizeof line, "Earliest point: %zu, before %s (%s)",
             sp[0].first + 1, e->before, e->proc);
    bc_report_wrap(out, line, 0, 2, 72);
    snprintf(line, sizeof line, "Latest point: %zu, before %s (%s)",
             sp[nsp - 1].last + 1, l->before, l->proc);
    bc_report_wrap(out, line, 0, 2, 72);
    if (!w->ord && w->order_note[0])
      bc_report_wrap(out, w->order_note, 0, 2, 72);
  } else {
    fputs(strcmp(legal, "Legal") ? "No point is legal apart from them.\n"
                                : "No legal point.\n", out);
    char line[1024];
    size_t o = (size_t)snprintf(line, sizeof line, "from the left "
                                "(violated at the earliest point, 1):");
    const bool *v = viol(w, 0);
    for (size_t c = 0; c < p->nconstraints && o < sizeof line; c++)
      if (v[c])
        o += (size_t)snprintf(line + o, sizeof line - o, " %s,",
                              p->constraints[c].id);
    line[o - 1] = '\0';
    fputs("  ", out);
    bc_report_wrap(out, line, 0, 4, 70);
    o = (size_t)snprintf(line, sizeof line, "from the right (violated at "
                         "the latest point, %zu):", w->n);
    v = viol(w, w->n - 1);
    for (size_t c = 0; c < p->nconstraints && o < sizeof line; c++)
      if (v[c])
        o += (size_t)snprintf(line + o, sizeof line - o, " %s,",
                              p->constraints[c].id);
    line[o - 1] = '\0';
    fputs("  ", out);
    bc_report_wrap(out, line, 0, 4, 70);
  }
  free(sp);
}

static void render_text(FILE *out, const struct where *w,
                        const struct bc_check *ck,
                        const struct bc_cli_args *a, bool ascii) {
  const struct bc_program *p = ck->p;
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.ascii = ascii;
  ro.no_timing = a->no_timing;
  fprintf(out, "bootcheck where: %s in %s\n", a->operands[1], p->spec_name);
  char buf[1024];
  char *defs = bc_cli_defines_json(p);
  bc_cli_defines_text(defs, buf, sizeof buf);
  free(defs);
  fprintf(out, "spec %s%s\n", ck->path, buf);
  fprintf(out, "%zu boundaries of", w->n);
  for (size_t i = 0; i < w->nchosen; i++)
    fprintf(out, "%s %s", i ? "," : "", w->chosen[i]);
  fprintf(out, "; the block runs first thing\nin the step after each "
               "boundary.\n");
  const char *proc = NULL;
  for (size_t i = 0; i < w->n; i++) {
    const struct point *pt = &w->pt[i];
    if (!proc || strcmp(proc, pt->proc)) {
      proc = pt->proc;
      fprintf(out, "\n%s\n      %s\n", proc, pt->after);
    }
    const char *mark = pt->st == PT_LEGAL     ? (ascii ? "ok" : "✓")
                       : pt->st == PT_ILLEGAL ? (ascii ? "x" : "✗")
                       : pt->st == PT_SKIPPED ? "-"
                                              : "?";
    char what[512];
    if (pt->st == PT_LEGAL) {
      char ex[256];
      exposure_text(p, pt, ex, sizeof ex);
      snprintf(what, sizeof what, "legal%s%s", ex[0] ? "; " : "", ex);
    } else if (pt->st == PT_ILLEGAL) {
      violated_text(p, pt, what, sizeof what);
    } else if (pt->st == PT_SKIPPED) {
      snprintf(what, sizeof what, "not checked (--placement)");
    } else {
      snprintf(what, sizeof what, "unknown (a limit or a runtime error)");
    }
    char tags[128] = "";
    if (!pt->runs)
      snprintf(tags, sizeof tags, " [never runs]");
    else if (pt->repeats)
      snprintf(tags, sizeof tags, " [repeats]");
    char line[1024];
    snprintf(line, sizeof line, "%-2s %3zu  %s%s", mark, i + 1, what, tags);
    bc_report_wrap(out, line, 0, 9, 72);
    if (pt->same_as) {
      snprintf(line, sizeof line, "      %s  (= hook %s)", pt->before,
               pt->same_as);
      bc_report_wrap(out, line, 0, 8, 72);
    } else {
      fprintf(out, "      %s\n", pt->before);
    }
  }
  fputc('\n', out);
  text_windows(out, w, p, "Legal");
  if (w->any_everywhere && !windows_of(w, NULL)) {
    struct where *m = (struct where *)w;
    fputs("\nClosest to legal: the points that violate no more than ",
          out);
    print_ids(out, p, w->everywhere);
    fputs(".\n", out);
    m->ignore = w->everywhere;
    text_windows(out, w, p, "apart");
    m->ignore = NULL;
  }
  if (a->counterexamples) {
    for (size_t i = 0; i < w->n; i++) {
      const struct point *pt = &w->pt[i];
      if (pt->st != PT_ILLEGAL || !pt->first_run)
        continue;
      char line[512];
      snprintf(line, sizeof line, "Point %zu, before %s (%s): first "
               "violation", i + 1, pt->before, pt->proc);
      fputc('\n', out);
      bc_report_wrap(out, line, 0, 2, 72);
      bc_report_text_violation(out, p, pt->first_run, pt->first_c, &ro);
    }
  }
  if (!a->no_timing) {
    double sum = 0;
    uint64_t states = 0;
    for (size_t i = 0; i < w->n; i++) {
      sum += w->pt[i].seconds;
      states += w->pt[i].states;
    }
    fprintf(out, "\n%zu candidates, %llu states in all, %.2f s of search\n",
            w->n, (unsigned long long)states, sum);
  }
}

/* ------------------------------------------------------ markdown */

/*
** The timeline as a Mermaid flowchart: each chosen process's steps in the
** text's order, the boundary between two as an arrow labelled with its
** number and verdict (legal points thick), and dotted arrows for the
** guaranteed order between steps of different processes (the diagram's
** edges among the steps shown: a precedes b, no shown step between).
*/
static void markdown_diagram(FILE *out, const struct where *w,
                             const struct bc_program *p) {
  bool *shown = bc_xcalloc(p->nsteps + 1, sizeof *shown);
  fputs("\n```mermaid\nflowchart TD\n", out);
  const char *proc = NULL;
  for (size_t i = 0; i < w->n; i++) {
    const struct point *pt = &w->pt[i];
    int a = gstep(p, pt->proc, pt->after), b = gstep(p, pt->proc, pt->before);
    if (a < 0 || b < 0)
      continue;
    if (!proc || strcmp(proc, pt->proc)) {
      if (proc)
        fputs("  end\n", out);
      proc = pt->proc;
      fprintf(out, "  subgraph %s\n", proc);
    }
    for (int k = 0; k < 2; k++) {
      int s = k ? b : a;
      if (!shown[s])
        fprintf(out, "    s%d[\"%s\"]\n", s, p->steps[s].label);
      shown[s] = true;
    }
    char v[512];
    if (pt->st == PT_LEGAL)
      snprintf(v, sizeof v, "legal");
    else if (pt->st == PT_ILLEGAL)
      violated_text(p, pt, v, sizeof v);
    else
      snprintf(v, sizeof v, pt->st == PT_SKIPPED ? "not checked" : "unknown");
    fprintf(out, "    s%d %s|\"%zu: %s\"| s%d\n", a,
            pt->st == PT_LEGAL ? "==>" : "-->", i + 1, v, b);
  }
  if (proc)
    fputs("  end\n", out);
  for (size_t a = 0; w->ord && a < p->nsteps; a++)
    for (size_t b = 0; b < p->nsteps; b++) {
      if (!shown[a] || !shown[b] || p->steps[a].proc == p->steps[b].proc ||
          !bc_order_precedes(w->ord, a, b))
        continue;
      bool direct = true;
      for (size_t c = 0; c < p->nsteps && direct; c++)
        direct = !(shown[c] && bc_order_precedes(w->ord, a, c) &&
                   bc_order_precedes(w->ord, c, b));
      if (direct)
        fprintf(out, "  s%zu -.-> s%zu\n", a, b);
    }
  fputs("```\n\nSolid arrows: the boundaries (thick: legal); dotted: the "
        "boot's guaranteed order between processes (`bootcheck order`).\n",
        out);
  free(shown);
}

static void render_markdown(FILE *out, const struct where *w,
                            const struct bc_check *ck,
                            const struct bc_cli_args *a) {
  const struct bc_program *p = ck->p;
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.ascii = true;
  ro.no_timing = a->no_timing;
  fprintf(out, "# Where may `%s` go? (%s)\n\n", a->operands[1],
          p->spec_name);
  char buf[1024];
  char *defs = bc_cli_defines_json(p);
  bc_cli_defines_text(defs, buf, sizeof buf);
  free(defs);
  fprintf(out, "Spec `%s%s`. The block runs first thing in the step after "
               "each boundary.\n\n",
          ck->path, buf);
  fputs("| # | process | after | before | verdict | exposure |\n"
        "| ---: | --- | --- | --- | --- | --- |\n", out);
  for (size_t i = 0; i < w->n; i++) {
    const struct point *pt = &w->pt[i];
    char v[512], ex[256] = "";
    if (pt->st == PT_LEGAL) {
      snprintf(v, sizeof v, "**legal**");
      exposure_text(p, pt, ex, sizeof ex);
    } else if (pt->st == PT_ILLEGAL) {
      violated_text(p, pt, v, sizeof v);
    } else {
      snprintf(v, sizeof v, pt->st == PT_SKIPPED ? "not checked" : "unknown");
    }
    fprintf(out, "| %zu | %s | `%s` | `%s`%s%s%s | %s%s | %s |\n", i + 1,
            pt->proc, pt->after, pt->before, pt->same_as ? " (= hook `" : "",
            pt->same_as ? pt->same_as : "", pt->same_as ? "`)" : "", v,
            !pt->runs ? " (never runs)" : pt->repeats ? " (repeats)" : "",
            ex);
  }
  markdown_diagram(out, w, p);
  struct span *sp = bc_xcalloc(w->n + 1, sizeof *sp);
  size_t nsp = windows_of(w, sp);
  fputc('\n', out);
  if (nsp) {
    fputs("## Legal windows\n\n", out);
    for (size_t k = 0; k < nsp; k++) {
      fprintf(out, "- %zu..%zu (%s): after `%s` up to before `%s`",
              sp[k].first + 1, sp[k].last + 1, w->pt[sp[k].first].proc,
              w->pt[sp[k].first].after, w->pt[sp[k].last].before);
      if (w->ord) {
        char ex[2048];
        explain_window(w, p, sp[k].first, sp[k].last, ex, sizeof ex);
        fprintf(out, ": %s", ex);
      }
      fputs("\n", out);
    }
    fprintf(out, "\nEarliest legal point: %zu; latest: %zu.\n",
            sp[0].first + 1, sp[nsp - 1].last + 1);
    if (!w->ord && w->order_note[0])
      fprintf(out, "\n%s\n", w->order_note);
  } else {
    fputs("**No legal point.** From the left: ", out);
    print_ids(out, p, viol(w, 0));
    fputs("; from the right: ", out);
    print_ids(out, p, viol(w, w->n - 1));
    fputs(".\n", out);
    if (w->any_everywhere) {
      struct where *m = (struct where *)w;
      m->ignore = w->everywhere;
      size_t nc = windows_of(w, sp);
      fputs("\nClosest to legal, apart from ", out);
      print_ids(out, p, w->everywhere);
      fputs(":\n\n", out);
      for (size_t k = 0; k < nc; k++)
        fprintf(out, "- %zu..%zu: after `%s` (%s) up to before `%s` (%s)\n",
                sp[k].first + 1, sp[k].last + 1, w->pt[sp[k].first].after,
                w->pt[sp[k].first].proc, w->pt[sp[k].last].before,
                w->pt[sp[k].last].proc);
      m->ignore = NULL;
    }
  }
  free(sp);
  if (a->counterexamples)
    for (size_t i = 0; i < w->n; i++) {
      const struct point *pt = &w->pt[i];
      if (pt->st != PT_ILLEGAL || !pt->first_run)
        continue;
      fprintf(out, "\n### Point %zu, before `%s`\n\n```\n", i + 1,
              pt->before);
      bc_report_text_violation(out, p, pt->first_run, pt->first_c, &ro);
      fputs("```\n", out);
    }
}

/* ------------------------------------------------------ json */

static cJSON *ids_json(const struct bc_program *p, const bool *v) {
  cJSON *a = cJSON_CreateArray();
  for (size_t c = 0; c < p->nconstraints; c++)
    if (v[c])
      cJSON_AddItemToArray(a, cJSON_CreateString(p->constraints[c].id));
  return a;
}

/* A list "a.x, b.y" as a JSON array of strings. */
static cJSON *names_json(const char *list) {
  cJSON *a = cJSON_CreateArray();
  for (const char *q = list; *q;) {
    size_t n = strcspn(q, ",");
    char *one = bc_xasprintf("%.*s", (int)n, q);
    cJSON_AddItemToArray(a, cJSON_CreateString(one));
    free(one);
    q += n;
    q += strspn(q, ", ");
  }
  return a;
}

/* The window's ends with the guaranteed order (explain_window). */
static void window_order_json(cJSON *o, const struct where *w,
                              const struct bc_program *p, size_t first,
                              size_t last) {
  const struct point *f = &w->pt[first], *l = &w->pt[last];
  char *oa = bc_xasprintf("%s.%s", f->proc, f->after);
  char *cw = bc_xasprintf("%s.%s", l->proc, l->before);
  cJSON_AddStringToObject(o, "opens_after", oa);
  cJSON_AddStringToObject(o, "closes_with", cw);
  free(oa);
  free(cw);
  if (!w->ord) {
    cJSON_AddNullToObject(o, "follows");
    cJSON_AddNullToObject(o, "precedes");
    cJSON_AddNullToObject(o, "opens_in_boot_order");
    cJSON_AddNullToObject(o, "closes_in_boot_order");
    cJSON_AddNullToObject(o, "explanation");
    return;
  }
  int open = gstep(p, f->proc, f->after);
  char nb[1024], ex[2048];
  order_neighbours(w, p, open, false, nb, sizeof nb);
  cJSON_AddItemToObject(o, "follows", names_json(nb));
  order_neighbours(w, p, gstep(p, l->proc, l->before), true, nb, sizeof nb);
  cJSON_AddItemToObject(o, "precedes", names_json(nb));
  int other;
  cJSON_AddBoolToObject(o, "opens_in_boot_order",
                        opens_in_order(w, p, first, &other));
  cJSON_AddBoolToObject(o, "closes_in_boot_order",
                        closes_in_order(w, p, last, &other));
  explain_window(w, p, first, last, ex, sizeof ex);
  cJSON_AddStringToObject(o, "explanation", ex);
}

static void json_windows(cJSON *root, const struct where *w,
                         const struct bc_program *p, const char *key,
                         bool ends) {
  struct span *sp = bc_xcalloc(w->n + 1, sizeof *sp);
  size_t nsp = windows_of(w, sp);
  cJSON *wins = cJSON_AddArrayToObject(root, key);
  for (size_t k = 0; k < nsp; k++) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "first", (double)(sp[k].first + 1));
    cJSON_AddNumberToObject(o, "last", (double)(sp[k].last + 1));
    if (sp[k].first > 0 && w->pt[sp[k].first - 1].st == PT_ILLEGAL)
      cJSON_AddItemToObject(o, "closed_before_by",
                            ids_json(p, viol(w, sp[k].first - 1)));
    else
      cJSON_AddNullToObject(o, "closed_before_by");
    if (sp[k].last + 1 < w->n &&
        w->pt[sp[k].last + 1].st == PT_ILLEGAL)
      cJSON_AddItemToObject(o, "closed_after_by",
                            ids_json(p, viol(w, sp[k].last + 1)));
    else
      cJSON_AddNullToObject(o, "closed_after_by");
    window_order_json(o, w, p, sp[k].first, sp[k].last);
    cJSON_AddItemToArray(wins, o);
  }
  if (!ends) {
  } else if (nsp) {
    cJSON_AddNumberToObject(root, "earliest", (double)(sp[0].first + 1));
    cJSON_AddNumberToObject(root, "latest", (double)(sp[nsp - 1].last + 1));
  } else {
    cJSON_AddNullToObject(root, "earliest");
    cJSON_AddNullToObject(root, "latest");
  }
  if (ends) {
    cJSON_AddItemToObject(root, "closed_from_left", ids_json(p, viol(w, 0)));
    cJSON_AddItemToObject(root, "closed_from_right",
                          ids_json(p, viol(w, w->n - 1)));
  }
  free(sp);
}

static void render_json(FILE *out, const struct where *w,
                        const struct bc_check *ck,
                        const struct bc_cli_args *a, int exit) {
  const struct bc_program *p = ck->p;
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "format_version", 1);
  cJSON_AddStringToObject(root, "command", "where");
  cJSON *spec = cJSON_AddObjectToObject(root, "spec");
  cJSON_AddStringToObject(spec, "name", p->spec_name);
  cJSON_AddStringToObject(spec, "path", ck->path);
  if (ck->sha256[0])
    cJSON_AddStringToObject(spec, "sha256", ck->sha256);
  char *defs = bc_cli_defines_json(p);
  cJSON *dj = cJSON_Parse(defs);
  free(defs);
  cJSON_AddItemToObject(root, "defines", dj ? dj : cJSON_CreateObject());
  cJSON_AddStringToObject(root, "placement", a->operands[1]);
  cJSON *procs = cJSON_AddArrayToObject(root, "processes");
  for (size_t i = 0; i < w->nchosen; i++)
    cJSON_AddItemToArray(procs, cJSON_CreateString(w->chosen[i]));
  cJSON *pts = cJSON_AddArrayToObject(root, "points");
  for (size_t i = 0; i < w->n; i++) {
    const struct point *pt = &w->pt[i];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "index", (double)(i + 1));
    cJSON_AddStringToObject(o, "process", pt->proc);
    cJSON_AddStringToObject(o, "after", pt->after);
    cJSON_AddStringToObject(o, "before", pt->before);
    cJSON_AddNumberToObject(o, "line", pt->line);
    cJSON_AddStringToObject(o, "hook", pt->hook);
    if (pt->same_as)
      cJSON_AddStringToObject(o, "same_as", pt->same_as);
    else
      cJSON_AddNullToObject(o, "same_as");
    cJSON_AddBoolToObject(o, "runs", pt->runs);
    cJSON_AddBoolToObject(o, "repeats", pt->repeats);
    cJSON_AddStringToObject(o, "status", pt->st == PT_LEGAL ? "legal"
                                         : pt->st == PT_ILLEGAL ? "illegal"
                                         : pt->st == PT_SKIPPED ? "not_checked"
                                                                : "unknown");
    cJSON_AddItemToObject(o, "violated", ids_json(p, pt->violated));
    if (pt->first_run) {
      cJSON *f = cJSON_AddObjectToObject(o, "first_violation");
      cJSON_AddStringToObject(f, "constraint",
                              p->constraints[pt->first_c].id);
      const struct bc_trace *t = pt->first_run->res[pt->first_c].trace;
      if (t)
        cJSON_AddNumberToObject(f, "steps", (double)t->len);
      else
        cJSON_AddNullToObject(f, "steps");
    } else {
      cJSON_AddNullToObject(o, "first_violation");
    }
    cJSON *ex = cJSON_AddObjectToObject(o, "exposure");
    for (size_t k = 0; pt->win && k < pt->win->nwindows; k++) {
      const struct bc_window_result *r = &pt->win->res[k];
      if (r->status == BC_WIN_BOUNDED)
        cJSON_AddNumberToObject(ex, p->windows[k].id, (double)r->length);
      else
        cJSON_AddStringToObject(ex, p->windows[k].id,
                                r->status == BC_WIN_UNBOUNDED ? "unbounded"
                                                              : "unknown");
    }
    cJSON_AddNumberToObject(o, "states", (double)pt->states);
    if (!a->no_timing)
      cJSON_AddNumberToObject(o, "seconds", pt->seconds);
    cJSON_AddItemToArray(pts, o);
  }
  json_windows(root, w, p, "windows", true);
  if (w->any_everywhere) {
    struct where *m = (struct where *)w;
    cJSON_AddItemToObject(root, "closest_violates",
                          ids_json(p, w->everywhere));
    m->ignore = w->everywhere;
    json_windows(root, w, p, "closest_windows", false);
    m->ignore = NULL;
  } else {
    cJSON_AddNullToObject(root, "closest_violates");
    cJSON_AddArrayToObject(root, "closest_windows");
  }
  if (!a->no_timing)
    cJSON_AddNumberToObject(root, "seconds", ck->seconds);
  if (w->order_note[0])
    cJSON_AddStringToObject(root, "order_note", w->order_note);
  else
    cJSON_AddNullToObject(root, "order_note");
  cJSON_AddNumberToObject(root, "exit", exit);
  char *txt = cJSON_Print(root);
  fputs(txt, out);
  fputc('\n', out);
  free(txt);
  cJSON_Delete(root);
}

/* ------------------------------------------------------ the command */

/* What where_edit and collect allocated in 'w'. */
static void where_release(struct where *w) {
  for (size_t i = 0; i < w->n; i++) {
    free((char *)w->pt[i].after);
    free((char *)w->pt[i].before);
    free(w->pt[i].hook);
    free(w->pt[i].same_as);
    free(w->pt[i].violated);
  }
  free(w->pt);
  for (size_t i = 0; i < w->nchosen; i++)
    free(w->chosen[i]);
  free(w->chosen);
  free(w->vbuf);
  free(w->everywhere);
}
/* The limits of the guaranteed order's search: the user's, and at most as
** many states as the candidates' searches stored together (at least
** ORDER_MIN_STATES), so the explanation never costs much more than what
** it explains (with --stop-at-first, or --por at many APs, the order's
** search, which POR does not reduce, would: docs/where.md, "Cost"). */
enum { ORDER_MIN_STATES = 20000 };

static struct bc_explore_opts order_opts(const struct bc_explore_opts *eo,
                                         const struct bc_check *ck) {
  struct bc_explore_opts o = *eo;
  uint64_t budget = ORDER_MIN_STATES;
  for (size_t i = 0; i < ck->ncfg; i++)
    budget = budget > UINT64_MAX - ck->runs[i].stats.distinct
                 ? UINT64_MAX
                 : budget + ck->runs[i].stats.distinct;
  if (!o.max_states || o.max_states > budget)
    o.max_states = budget;
  return o;
}


int bc_cmd_where(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_WHERE, where_help, &a, &early))
    return early;
  if (a.noperands != 2) {
    fprintf(stderr, "bootcheck: where needs SPEC and PLACEMENT\n");
    fputs(where_help, stderr);
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  /* no output may be an input (the spec) */
  const char *spec_path = a.operands[0];
  if (bc_cli_refuse_output("--output", a.output, &spec_path, 1, NULL) != 0) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  struct where w;
  memset(&w, 0, sizeof w);
  w.placement = a.operands[1];
  w.procs = a.processes;
  w.nprocs = a.nprocesses;
  a.co.ast_edit = where_edit;
  a.co.ast_edit_arg = &w;
  a.co.eo.progress = !a.quiet && isatty(STDERR_FILENO);
  /* the candidates, and the other placements as --placement fixes them */
  struct bc_check ck;
  int rc;
  /* The selection names every candidate: "P@hook,..." plus the user's
  ** list. The candidates are known only after the edit, which runs inside
  ** bc_check; so the edit itself is run first on a dry compile. */
  struct bc_program *dry =
      bc_cli_compile(a.operands[0], a.defs, a.ndefs, where_edit, &w);
  if (!dry) { /* the edit may have run before the compile failed */
    where_release(&w);
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  size_t pidx = 0;
  while (pidx < dry->nplacements &&
         strcmp(dry->placements[pidx].name, w.placement))
    pidx++;
  bc_program_free(dry);
  size_t len = 1 + (a.co.placements ? strlen(a.co.placements) + 1 : 0);
  for (size_t i = 0; i < w.n; i++)
    len += strlen(w.placement) + strlen(w.pt[i].hook) + 2;
  char *sel = bc_xmalloc(len);
  size_t o = 0;
  /* --placement naming PLACEMENT@candidate: only those candidates */
  bool only = false;
  for (const char *q = a.co.placements; q && *q;) {
    size_t n = strcspn(q, ","), pl = strlen(w.placement);
    only |= n > pl && !strncmp(q, w.placement, pl) && q[pl] == '@';
    q += n + (q[n] == ',');
  }
  for (size_t i = 0; i < w.n && !only; i++)
    o += (size_t)snprintf(sel + o, len - o, "%s%s@%s", i ? "," : "",
                          w.placement, w.pt[i].hook);
  if (a.co.placements && strcmp(a.co.placements, "all"))
    snprintf(sel + o, len - o, "%s%s", o ? "," : "", a.co.placements);
  /* the check runs the edit again on its own compile: start afresh */
  struct where w2;
  memset(&w2, 0, sizeof w2);
  w2.placement = w.placement;
  w2.procs = w.procs;
  w2.nprocs = w.nprocs;
  a.co.ast_edit_arg = &w2;
  a.co.placements = sel;
  a.co.quiet_diag = true;
  /* one search for every candidate (explore/shared.c), unless --no-share */
  a.co.share = a.no_share ? NULL : w.placement;
  rc = bc_check(a.operands[0], a.defs, a.ndefs, &a.co, &ck);
  int exit = BC_EXIT_USAGE;
  struct bc_order ord;
  memset(&ord, 0, sizeof ord);
  if (ck.p && (rc != BC_EXIT_USAGE || ck.ncfg)) {
    collect(&w2, &ck, pidx);
    /* the guaranteed order explains the windows' ends (every hook
    ** empty: the boot as the spec writes it, whatever the placement) */
    struct bc_explore_opts oo = order_opts(&a.co.eo, &ck);
    /* the steps compiled as the check ran them (an engine that failed has
    ** said so); with --engine auto and a check that never needed the
    ** model built, the interpreter, in a trial as bc_check's: a pass that
    ** needs more builds the model and runs again */
    oo.native = ck.native;
    bool trial = !ck.native && ck.ncfg && a.co.engine == BC_ENGINE_AUTO &&
                 (!oo.max_states || oo.max_states > BC_CHECK_TRIAL_STATES);
    if (trial)
      oo.trial_states = BC_CHECK_TRIAL_STATES;
    struct bc_memguard *guard = bc_memguard_from_env(&bc_explore_memlow);
    int orc = bc_order_compute(ck.p, NULL, &oo, &ord);
    if (trial && orc == 0 && ord.trial) {
      bool failed;
      struct bc_native *native = bc_check_native(ck.p, &a.co, &failed);
      bc_order_release(&ord);
      memset(&ord, 0, sizeof ord);
      oo.native = native;
      oo.trial_states = 0;
      orc = bc_order_compute(ck.p, NULL, &oo, &ord);
      bc_native_free(native);
    }
    bc_memguard_stop(guard);
    bc_explore_memlow = 0;
    if (orc == 0 && ord.complete)
      w2.ord = &ord;
    else if (oo.max_states != a.co.eo.max_states &&
             ord.states > oo.max_states)
      snprintf(w2.order_note, sizeof w2.order_note,
               "The windows' ends are not explained with the boot's "
               "guaranteed order: its search needs more than %" PRIu64
               " states, as many as the candidates' searches stored; "
               "`bootcheck order` computes it alone.", oo.max_states);
    else
      snprintf(w2.order_note, sizeof w2.order_note,
               "The windows' ends are not explained with the boot's "
               "guaranteed order: its search stopped (%s) after %" PRIu64
               " states.", ord.note ? ord.note : "it could not start",
               ord.states);
    bool legal = false, unknown = false;
    for (size_t i = 0; i < w2.n; i++) {
      legal |= w2.pt[i].st == PT_LEGAL;
      unknown |= w2.pt[i].st == PT_UNKNOWN;
    }
    exit = legal ? BC_EXIT_OK : unknown ? BC_EXIT_INTERNAL : BC_EXIT_UNEXPECTED;
    FILE *out = stdout;
    if (a.output && !(out = fopen(a.output, "w"))) {
      fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
      exit = BC_EXIT_USAGE;
    } else {
      bool ascii = a.ascii || !bc_cli_utf8_locale();
      if (a.format && !strcmp(a.format, "json"))
        render_json(out, &w2, &ck, &a, exit);
      else if (a.format && !strcmp(a.format, "markdown"))
        render_markdown(out, &w2, &ck, &a);
      else
        render_text(out, &w2, &ck, &a, ascii);
      if (out != stdout && fclose(out) != 0) {
        fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
        exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
      }
    }
  } else if (ck.diag) {
    fputs(ck.diag, stderr);
  }
  where_release(&w);
  where_release(&w2);
  free(sel);
  bc_order_release(&ord);
  bc_check_release(&ck);
  bc_cli_args_release(&a);
  return exit;
}
