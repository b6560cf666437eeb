/*
** explore.c - the breadth-first explorer: every enabled step of every
** process from every reachable state, constraint checks on steps and
** states, shortest counterexamples rebuilt from the store's trace links.
*/
#include "bootcheck/explore.h"
#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "vm.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

const char *bc_verdict_name(enum bc_verdict v) {
  switch (v) {
  case BC_HOLDS:
    return "holds";
  case BC_VIOLATED:
    return "violated";
  default:
    return "unknown";
  }
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t peak_rss(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0)
    return 0;
  return (size_t)ru.ru_maxrss * 1024;
}

/* Where a counterexample ends: a state, or a step taken from a state. */
struct cx {
  bool found;
  bc_state_id state;
  uint32_t how;      /* UINT32_MAX: the state itself */
};

struct ex {
  const struct bc_program *p;
  const struct bc_explore_opts *o;
  struct bc_run *run;
  struct bc_vm vm;
  struct bc_store *store;
  struct cx *cx;          /* per constraint */
  size_t undecided;       /* constraints without a verdict yet */
  bc_state_id cur;
  uint32_t how;
  bool stop;
  enum bc_stop why;
  bc_state_id err_state;  /* an invariant failed to evaluate here */
  int64_t *always, *reach; /* constraint indices by kind */
  size_t nalways, nreach;
};

static void decide(struct ex *x, size_t ci, bc_state_id s, uint32_t how) {
  if (x->cx[ci].found)
    return;
  x->cx[ci] = (struct cx){true, s, how};
  x->undecided--;
  if (x->o->stop_at_first &&
      x->p->constraints[ci].kind != BC_CK_REACHABLE) {
    x->stop = true;
    x->why = BC_STOP_FIRST;
  } else if (x->undecided == 0) {
    x->stop = true;
    x->why = BC_STOP_DECIDED;
  }
}

/* Invariants and reachability on a new state. */
static int check_state(struct ex *x, const uint8_t *s, bc_state_id id) {
  for (size_t i = 0; i < x->nalways; i++) {
    size_t ci = (size_t)x->always[i];
    if (x->cx[ci].found)
      continue;
    int64_t v;
    if (bc_vm_eval(&x->vm, x->p->constraints[ci].code, s, &v) != 0)
      return -1;
    if (!v)
      decide(x, ci, id, UINT32_MAX);
  }
  for (size_t i = 0; i < x->nreach; i++) {
    size_t ci = (size_t)x->reach[i];
    if (x->cx[ci].found)
      continue;
    int64_t v;
    if (bc_vm_eval(&x->vm, x->p->constraints[ci].code, s, &v) != 0)
      return -1;
    if (v)
      decide(x, ci, id, UINT32_MAX);
  }
  return 0;
}

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct ex *x = ctx;
  (void)inst;
  (void)step;
  uint32_t how = x->how++;
  x->run->stats.generated++;
  if (viol) {
    for (size_t ci = 0; ci < x->p->nconstraints; ci++)
      if ((viol[ci / 64] >> (ci % 64)) & 1)
        decide(x, ci, x->cur, how);
  }
  bc_state_id id;
  int rc = bc_store_insert(x->store, succ, bc_fingerprint(succ,
                                                          x->p->state_bytes),
                           x->cur, how, &id);
  if (rc < 0) {
    x->stop = true;
    x->why = rc == BC_ENOMEM ? BC_STOP_MEMORY : BC_STOP_MAX_STATES;
    return 1;
  }
  if (rc == 1) {
    if (check_state(x, succ, id) != 0) {
      x->stop = true;
      x->why = BC_STOP_ERROR;
      x->err_state = id;
      return 1;
    }
  }
  return x->stop ? 1 : 0;
}

/* ----------------------------------------------------------- traces */

struct nth {
  uint32_t want, seen;
  uint8_t *out;
  size_t nbytes;
  struct bc_trace_step step;
  bool done;
};

static int take_nth(void *ctx, const uint8_t *succ, unsigned inst,
                    unsigned step, const uint64_t *viol) {
  struct nth *n = ctx;
  (void)viol;
  if (n->seen++ != n->want)
    return 0;
  memcpy(n->out, succ, n->nbytes);
  n->step = (struct bc_trace_step){inst, step};
  n->done = true;
  return 1;
}

/*
** Rebuild the execution that reaches state 'id' and then, when 'extra' is
** not UINT32_MAX, takes successor number 'extra' of it.
*/
static struct bc_trace *build_trace(struct ex *x, bc_state_id id,
                                    uint32_t extra) {
  const struct bc_program *p = x->p;
  size_t depth = 0;
  for (bc_state_id s = id; s != BC_NO_STATE;) {
    bc_state_id parent;
    uint32_t how;
    bc_store_link(x->store, s, &parent, &how);
    if (parent == BC_NO_STATE)
      break;
    depth++;
    s = parent;
  }
  uint32_t *hows = bc_xcalloc(depth + 2, sizeof *hows);
  size_t k = depth;
  for (bc_state_id s = id; k > 0;) {
    bc_state_id parent;
    uint32_t how;
    bc_store_link(x->store, s, &parent, &how);
    hows[--k] = how;
    s = parent;
  }
  size_t len = depth + (extra != UINT32_MAX ? 1 : 0);
  if (extra != UINT32_MAX)
    hows[depth] = extra;
  struct bc_trace *t = bc_xcalloc(1, sizeof *t);
  size_t nb = p->state_bytes;
  t->len = len;
  t->on_step = extra != UINT32_MAX;
  t->states = bc_xcalloc((len + 1) * nb + BC_STATE_PAD, 1);
  t->steps = bc_xcalloc(len + 1, sizeof *t->steps);
  memcpy(t->states, p->init, nb);
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  bc_vm_configure(&vm, x->run->choice);
  for (size_t i = 0; i < len; i++) {
    struct nth n = {hows[i], 0, t->states + (i + 1) * nb, nb, {0, 0}, false};
    long rc = bc_vm_successors(&vm, t->states + i * nb, take_nth, &n);
    if (rc < 0 || !n.done) {
      /* cannot happen for a deterministic model; keep what we have */
      t->len = i;
      break;
    }
    t->steps[i] = n.step;
  }
  bc_vm_release(&vm);
  free(hows);
  return t;
}

void bc_trace_free(struct bc_trace *t) {
  if (!t)
    return;
  free(t->states);
  free(t->steps);
  free(t);
}

/* ----------------------------------------------------------- driver */

static void progress(struct ex *x, double t0, uint64_t depth) {
  struct bc_store_stats st;
  bc_store_stats(x->store, &st);
  double dt = now() - t0;
  fprintf(stderr, "\r%12" PRIu64 " generated %12" PRIu64 " distinct %10" PRIu64
                  " queued  depth %4" PRIu64 "  %8.0f states/s ",
          x->run->stats.generated, st.distinct, st.frontier, depth,
          dt > 0 ? (double)st.distinct / dt : 0.0);
  fflush(stderr);
}

int bc_explore(const struct bc_program *p, const unsigned *choice,
               const struct bc_explore_opts *o, struct bc_run *ret) {
  memset(ret, 0, sizeof *ret);
  struct bc_run *run = ret;
  run->nconstraints = p->nconstraints;
  run->choice = bc_xcalloc(p->nplacements + 1, sizeof(unsigned));
  memcpy(run->choice, choice, p->nplacements * sizeof(unsigned));
  run->res = bc_xcalloc(p->nconstraints + 1, sizeof *run->res);
  run->fingerprint_only = o->fingerprint_only;

  struct ex x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.o = o;
  x.run = run;
  x.cx = bc_xcalloc(p->nconstraints + 1, sizeof *x.cx);
  x.always = bc_xcalloc(p->nconstraints + 1, sizeof(int64_t));
  x.reach = bc_xcalloc(p->nconstraints + 1, sizeof(int64_t));
  x.undecided = 0;
  for (size_t i = 0; i < p->nconstraints; i++) {
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_EVENTUALLY)
      continue; /* cannot be decided by this search */
    x.undecided++;
    if (k == BC_CK_ALWAYS)
      x.always[x.nalways++] = (int64_t)i;
    else if (k == BC_CK_REACHABLE)
      x.reach[x.nreach++] = (int64_t)i;
  }
  if (x.undecided == 0)
    x.undecided = 1; /* keep exploring: the state count is still wanted */

  struct bc_store_opts so = {p->state_bytes, o->fingerprint_only, 0,
                             o->max_memory};
  int rc = bc_store_new(&so, &x.store);
  if (rc != BC_OK) {
    free(x.cx);
    free(x.always);
    free(x.reach);
    return rc;
  }
  bc_vm_init(&x.vm, p);
  bc_vm_configure(&x.vm, run->choice);
  uint8_t *cur = bc_xcalloc(p->state_bytes + BC_STATE_PAD, 1);

  double t0 = now(), last = t0;
  bc_state_id id;
  rc = bc_store_insert(x.store, p->init,
                       bc_fingerprint(p->init, p->state_bytes), BC_NO_STATE,
                       0, &id);
  if (rc < 0) {
    x.stop = true;
    x.why = BC_STOP_MEMORY;
  } else if (check_state(&x, p->init, id) != 0) {
    x.stop = true;
    x.why = BC_STOP_ERROR;
    x.err_state = id;
  }

  uint64_t depth = 0, level_end = 0, expanded = 0;
  const void *sp;
  size_t deadlock_ci = SIZE_MAX;
  for (size_t i = 0; i < p->nconstraints; i++)
    if (p->constraints[i].kind == BC_CK_DEADLOCK)
      deadlock_ci = i;
  struct bc_vm_error rterr;
  bool have_rterr = false, rterr_in_step = false;
  bc_state_id rterr_state = 0;

  while (!x.stop && (sp = bc_store_next(x.store, &id)) != NULL) {
    if (id > level_end) {
      struct bc_store_stats st;
      bc_store_stats(x.store, &st);
      depth++;
      level_end = st.distinct - 1;
    }
    memcpy(cur, sp, p->state_bytes);
    x.cur = id;
    x.how = 0;
    long n = bc_vm_successors(&x.vm, cur, on_succ, &x);
    if (n < 0) {
      rterr = x.vm.err;
      have_rterr = true;
      rterr_in_step = true;
      rterr_state = id;
      x.stop = true;
      x.why = BC_STOP_ERROR;
      break;
    }
    if (n == 0 && deadlock_ci != SIZE_MAX && !bc_vm_all_ended(p, cur))
      decide(&x, deadlock_ci, id, UINT32_MAX);
    expanded++;
    if ((expanded & 1023) == 0) {
      double t = now();
      if (o->time_limit > 0 && t - t0 > o->time_limit) {
        x.stop = true;
        x.why = BC_STOP_TIME;
      }
      if (o->progress && t - last >= 2.0) {
        progress(&x, t0, depth);
        last = t;
      }
    }
    if (!x.stop && o->max_states) {
      struct bc_store_stats st;
      bc_store_stats(x.store, &st);
      if (st.distinct >= o->max_states) {
        x.stop = true;
        x.why = BC_STOP_MAX_STATES;
      }
    }
  }
  if (o->progress && now() - t0 >= 2.0)
    fputc('\n', stderr);
  if (!x.stop)
    x.why = BC_STOP_EXHAUSTED;
  if (x.why == BC_STOP_ERROR && !have_rterr) {
    /* an invariant's evaluation failed */
    rterr = x.vm.err;
    have_rterr = true;
    rterr_state = x.err_state;
  }
  run->stop = x.why;

  /* statistics */
  struct bc_store_stats st;
  bc_store_stats(x.store, &st);
  double dt = now() - t0;
  run->stats.distinct = st.distinct;
  run->stats.diameter = depth;
  run->stats.queue = st.frontier;
  run->stats.seconds = dt;
  run->stats.states_per_s = dt > 0 ? (double)st.distinct / dt : 0;
  run->stats.peak_rss = peak_rss();
  run->stats.store_bytes = st.bytes;
  run->stats.bytes_per_state =
      st.distinct ? (double)st.bytes / (double)st.distinct : 0;
  run->stats.collision_bound = bc_store_collision_bound(x.store);

  /* verdicts */
  bool exhausted = x.why == BC_STOP_EXHAUSTED;
  run->complete = true;
  for (size_t i = 0; i < p->nconstraints; i++) {
    struct bc_cresult *r = &run->res[i];
    enum bc_ckind k = p->constraints[i].kind;
    if (k == BC_CK_EVENTUALLY) {
      r->verdict = BC_UNKNOWN;
      r->note = "liveness is not checked yet";
      continue;
    }
    if (k == BC_CK_REACHABLE) {
      if (x.cx[i].found) {
        r->verdict = BC_HOLDS;
        r->trace = build_trace(&x, x.cx[i].state, x.cx[i].how);
      } else if (exhausted) {
        r->verdict = BC_VIOLATED;
        r->note = "no reachable state satisfies it";
      } else {
        r->verdict = BC_UNKNOWN;
        run->complete = false;
      }
      continue;
    }
    if (x.cx[i].found) {
      r->verdict = BC_VIOLATED;
      r->trace = build_trace(&x, x.cx[i].state, x.cx[i].how);
    } else if (exhausted) {
      r->verdict = BC_HOLDS;
    } else {
      r->verdict = BC_UNKNOWN;
      run->complete = false;
    }
  }
  if (have_rterr) {
    bc_vm_error_format(p, &rterr, run->errmsg, sizeof run->errmsg);
    run->errline = rterr.pc < p->ncode ? p->code_line[rterr.pc] : 0;
    run->errtrace = build_trace(&x, rterr_state, UINT32_MAX);
    run->errtrace->error_step = rterr_in_step;
    run->errtrace->err_step = (struct bc_trace_step){rterr.inst, rterr.step};
    run->complete = false;
  }

  free(cur);
  bc_vm_release(&x.vm);
  bc_store_free(x.store);
  free(x.cx);
  free(x.always);
  free(x.reach);
  return 0;
}

void bc_run_release(struct bc_run *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nconstraints; i++)
    bc_trace_free(r->res[i].trace);
  free(r->res);
  free(r->choice);
  bc_trace_free(r->errtrace);
  memset(r, 0, sizeof *r);
}

bool bc_run_as_expected(const struct bc_program *p, const struct bc_run *r,
                        bool *ret_has_expect) {
  const struct bc_expect *match = NULL;
  for (size_t i = 0; i < p->nexpects; i++) {
    const struct bc_expect *e = &p->expects[i];
    bool ok = true;
    for (unsigned b = 0; b < e->nbind; b++)
      ok &= r->choice[e->bind_placement[b]] == (unsigned)e->bind_hook[b];
    if (ok)
      match = e;
  }
  if (ret_has_expect)
    *ret_has_expect = match != NULL;
  for (size_t ci = 0; ci < p->nconstraints; ci++) {
    enum bc_verdict v = r->res[ci].verdict;
    if (v == BC_UNKNOWN)
      continue;
    bool want_viol = false;
    if (match)
      for (unsigned k = 0; k < match->nviol; k++)
        want_viol |= match->violated[k] == (int)ci;
    if ((v == BC_VIOLATED) != want_viol)
      return false;
  }
  return true;
}
