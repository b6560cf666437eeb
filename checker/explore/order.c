/*
** order.c - the boot's guaranteed order (order.h, docs/order.md): one
** breadth-first pass in which a stored state is the program state followed
** by the set of steps run so far.
**
** With symmetry reduction the program part is stored in canonical form.
** The steps run in the compiled model when eo->native is given.
** The set names steps (labels), not instances, so a renaming of the
** members leaves it as it is: a state and its renamings have the same set,
** their successors run the same steps, and the reduced pass sees every
** (step, set) pair the full one does. Twins' moves are left out as the
** explorer leaves them out (they lead to renamings of the same states).
*/
#include "explore/order.h"

#include "bootcheck/arena.h"
#include "bootcheck/states.h"
#include "explore/symmetry.h"
#include "model/vm.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool bit(const uint64_t *set, size_t i) {
  return (set[i / 64] >> (i % 64)) & 1;
}

struct pass {
  const struct bc_program *p;
  struct bc_order *o;
  struct bc_store *store;
  bool sym;
  struct bc_sym_scratch sc;
  const uint64_t *set;  /* the steps run before the state being expanded */
  uint8_t *aug;         /* a successor: program state, then its set */
  bc_state_id cur;
  uint32_t how;
  int err;              /* a store error */
};

static int on_succ(void *ctx, const uint8_t *succ, unsigned inst,
                   unsigned step, const uint64_t *viol) {
  struct pass *x = ctx;
  struct bc_order *o = x->o;
  size_t nb = x->p->state_bytes;
  (void)inst;
  (void)viol;
  /* whole words, the last one's bytes past nb zero, as the explorer
  ** hands a successor to bc_sym_canon_succ */
  bc_state_copy_words(x->aug, succ, nb);
  if (x->sym) /* a successor of the state expanded (bc_sym_parent) */
    bc_sym_canon_succ(x->p, x->aug, &x->sc);
  uint64_t *set = o->prior + (size_t)step * o->words; /* prior[step] */
  uint64_t next[64];
  size_t w = o->words;
  memcpy(next, x->set, w * sizeof *next);
  if (!bit(x->set, step)) {
    for (size_t i = 0; i < w; i++)
      set[i] |= x->set[i];
    next[step / 64] |= (uint64_t)1 << (step % 64);
    o->occurs[step / 64] |= (uint64_t)1 << (step % 64);
  }
  memcpy(x->aug + nb, next, w * sizeof *next);
  size_t len = nb + w * sizeof *next;
  int rc = bc_store_insert(x->store, x->aug, bc_fingerprint(x->aug, len),
                           x->cur, x->how++, NULL);
  if (rc < 0) {
    x->err = rc;
    return 1;
  }
  return 0;
}

int bc_order_compute(const struct bc_program *p, const unsigned *choice,
                     const struct bc_explore_opts *eo, struct bc_order *o) {
  size_t words = (p->nsteps + 63) / 64;
  if (!o->prior) {
    o->nsteps = p->nsteps;
    o->words = words ? words : 1;
    o->prior = bc_xcalloc(o->nsteps * o->words + 1, sizeof *o->prior);
    o->occurs = bc_xcalloc(o->words, sizeof *o->occurs);
    o->complete = true;
  }
  if (o->words > 64) { /* more than 4096 steps */
    o->complete = false;
    o->note = "more than 4096 steps";
    return BC_EINVAL;
  }
  double t0 = now();
  size_t nb = p->state_bytes;
  size_t len = nb + o->words * sizeof(uint64_t);
  struct pass x;
  memset(&x, 0, sizeof x);
  x.p = p;
  x.o = o;
  x.sym = eo->symmetry && p->nsymfams > 0;
  struct bc_store_opts so = {len, false, 0, eo->max_memory,
                             bc_explore_default_workers() > 1};
  int rc = bc_store_new(&so, &x.store);
  if (rc != BC_OK) {
    o->complete = false;
    o->note = "out of memory";
    return rc;
  }
  struct bc_vm vm;
  bc_vm_init(&vm, p);
  unsigned *zero = bc_xcalloc(p->nplacements + 1, sizeof *zero);
  bc_vm_configure(&vm, choice ? choice : zero);
  free(zero);
  if (!choice)
    for (size_t h = 0; h < p->nhooks; h++)
      vm.hook_n[h] = 0; /* the compiled steps' hooks read it too */
  bc_vm_skip_twins(&vm, x.sym);
  if (eo->native)
    bc_vm_use_native(&vm, eo->native);
  if (x.sym)
    bc_sym_scratch_init(&x.sc, p);
  uint8_t *cur = bc_xcalloc(len + BC_STATE_PAD, 1);
  uint64_t *set = bc_xcalloc(o->words, sizeof *set);
  x.aug = bc_xcalloc(len + BC_STATE_PAD, 1);
  x.set = set;
  const char *why = NULL;
  memcpy(cur, p->init, nb);
  if (x.sym)
    bc_sym_canon(p, cur, &x.sc, NULL);
  if (bc_store_insert(x.store, cur, bc_fingerprint(cur, len), BC_NO_STATE,
                      0, NULL) < 0)
    why = "out of memory (--max-memory)";
  const void *sp;
  bc_state_id id;
  uint64_t expanded = 0;
  while (!why && (sp = bc_store_next(x.store, &id)) != NULL) {
    memcpy(cur, sp, len);
    memcpy(set, cur + nb, o->words * sizeof *set);
    memset(cur + nb, 0, o->words * sizeof *set); /* the VM's padding */
    x.cur = id;
    x.how = 0;
    if (x.sym) { /* once per state: its sorted keys and twins */
      bc_sym_parent(p, &x.sc, cur);
      bc_vm_set_twins(&vm, cur, x.sc.twins);
    }
    long n = bc_vm_successors(&vm, cur, on_succ, &x);
    if (x.sym) {
      bc_sym_parent(p, &x.sc, NULL);
      bc_vm_set_twins(&vm, NULL, NULL);
    }
    if (x.err < 0) {
      why = x.err == BC_ENOMEM && eo->max_memory
                ? "out of memory (--max-memory)"
            : x.err == BC_ENOMEM ? "out of memory"
                                 : "too many states";
      break;
    }
    if (n < 0) {
      why = "a runtime error in the spec";
      bc_vm_error_format(p, &vm.err, o->errmsg, sizeof o->errmsg);
      break;
    }
    expanded++;
    struct bc_store_stats st;
    bc_store_stats(x.store, &st);
    if (eo->max_states && st.distinct > eo->max_states)
      why = "--max-states reached";
    else if (eo->trial_states && st.distinct > eo->trial_states) {
      why = "the interpreter's trial reached";
      o->trial = true;
    }
    else if ((expanded & 1023) == 0 && eo->time_limit > 0 &&
             now() - t0 > eo->time_limit)
      why = "--time-limit reached";
    else if (bc_explore_signal)
      why = "interrupted";
    else if (bc_explore_memlow)
      why = "the memory ran low";
  }
  struct bc_store_stats st;
  bc_store_stats(x.store, &st);
  o->states += st.distinct;
  o->configs++;
  if (why) {
    o->complete = false;
    o->note = why;
  }
  free(cur);
  free(set);
  free(x.aug);
  if (x.sym)
    bc_sym_scratch_release(&x.sc);
  bc_vm_release(&vm);
  bc_store_free(x.store);
  o->seconds += now() - t0;
  return 0;
}

bool bc_order_occurs(const struct bc_order *o, size_t a) {
  return a < o->nsteps && bit(o->occurs, a);
}

bool bc_order_precedes(const struct bc_order *o, size_t a, size_t b) {
  if (a == b || a >= o->nsteps || b >= o->nsteps)
    return false;
  return bit(o->prior + b * o->words, a) && !bit(o->prior + a * o->words, b);
}

bool bc_order_hasse(const struct bc_order *o, size_t a, size_t b) {
  if (!bc_order_precedes(o, a, b))
    return false;
  for (size_t c = 0; c < o->nsteps; c++)
    if (c != a && c != b && bc_order_precedes(o, a, c) &&
        bc_order_precedes(o, c, b))
      return false;
  return true;
}

void bc_order_release(struct bc_order *o) {
  if (!o)
    return;
  free(o->prior);
  free(o->occurs);
  memset(o, 0, sizeof *o);
}
