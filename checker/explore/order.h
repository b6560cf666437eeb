/*
** order.h - the boot's guaranteed order (`bootcheck order`, docs/order.md):
** for each pair of steps (labels) a and b, whether a's first run precedes
** b's first run in every execution in which both run.
**
** One breadth-first pass over the configuration's states, each state
** carrying the set of steps that have run on the way to it (one bit per
** step). When a transition runs step t for the first time (t not in the
** set), every step in the set ran before t: prior[t] |= set. At the end,
** b in prior[a] means "some execution runs b before a's first run" (and
** both run in it), so
**
**   a always precedes b  <=>  a in prior[b] and b not in prior[a]
**
** (both run together in some execution, and no execution runs b first).
** The set is part of the stored state, so two paths that reach one
** program state having run different steps are both kept: the pass is
** exact, at the cost of the extra states (measured in docs/order.md).
*/
#ifndef BOOTCHECK_ORDER_H
#define BOOTCHECK_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

struct bc_order {
  size_t nsteps;        /* p->nsteps */
  size_t words;         /* 64-bit words per step set */
  uint64_t *prior;      /* nsteps sets: prior[t] (see above) */
  uint64_t *occurs;     /* one set: the steps that run in some execution */
  bool complete;        /* every reachable state was explored */
  const char *note;     /* when not complete: why (a static string) */
  bool trial;           /* ... eo->trial_states reached (bc_explore_opts) */
  char errmsg[256];     /* a runtime error's message, or "" */
  uint64_t states;      /* (state, steps run) pairs explored */
  uint64_t configs;     /* configurations merged */
  double seconds;
};

/*
** Explore 'p' in configuration 'choice' (nplacements hook indices), or,
** when 'choice' is NULL, with every hook empty (no placement's block
** runs), and merge the result into *o (zero it first; several calls give
** the order over the union of the configurations' executions). The limits
** of 'eo' (max_states, max_memory, time_limit) and 'symmetry' apply; the
** pass runs the interpreter on one thread. Returns 0, or a negative BC_E*
** code when the pass could not start.
*/
int bc_order_compute(const struct bc_program *p, const unsigned *choice,
                     const struct bc_explore_opts *eo, struct bc_order *o);

/* Does step 'a' always precede step 'b' (both run in some execution)? */
bool bc_order_precedes(const struct bc_order *o, size_t a, size_t b);
/* Does step 'a' run in some execution? */
bool bc_order_occurs(const struct bc_order *o, size_t a);
/* Is a -> b an edge of the Hasse diagram: a precedes b and no step c
** has a precedes c precedes b? */
bool bc_order_hasse(const struct bc_order *o, size_t a, size_t b);

void bc_order_release(struct bc_order *o);

#endif /* BOOTCHECK_ORDER_H */
