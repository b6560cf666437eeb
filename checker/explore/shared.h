/*
** shared.h - one search for many configurations that differ only in the
** hook one placement is bound to (`bootcheck where`'s candidates): the
** states every candidate shares are stored and expanded once, each tagged
** with the candidates that reach it (checker/explore/shared.c).
*/
#ifndef BOOTCHECK_SHARED_H
#define BOOTCHECK_SHARED_H

#include <stdbool.h>
#include <stddef.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

/* What bc_explore_shared returns. */
enum {
  BC_SHARED_OK = 0,       /* runs[] filled in */
  BC_SHARED_FALLBACK = 1, /* not done (why says why): explore each
                             configuration with bc_explore instead */
  BC_SHARED_TRIAL = 2,    /* not done: more states than o->trial_states
                             (bc_explore_opts), nothing in runs[] */
};

/*
** Can hook 'h' be a candidate of a shared search? It must have one site,
** reached by every execution of one step before the step can end (so a
** step runs the placement bound there iff it is that step). Returns the
** global step, or -1.
*/
int bc_shared_hook_step(const struct bc_program *p, int h);

/*
** Explore 'p' in the configurations 'choice' with placement 'pidx' bound,
** in turn, to each of hooks[0..n) (indices into the placement's hooks;
** choice[pidx] is ignored), in one search. runs[k] is filled as
** bc_explore(p, choice with choice[pidx] = hooks[k], o, &runs[k]) would
** fill it: the same verdicts, and every shortest counterexample of the
** same length (see shared.c for what may differ). Returns BC_SHARED_OK,
** BC_SHARED_FALLBACK with nothing in runs[] and a reason in 'why', or
** BC_SHARED_TRIAL when o->trial_states is set and the search has reached
** that many states (nothing in runs[]: the caller searches again, with
** the engine it was waiting for).
*/
int bc_explore_shared(const struct bc_program *p, const unsigned *choice,
                      size_t pidx, const unsigned *hooks, size_t n,
                      const struct bc_explore_opts *o, struct bc_run *runs,
                      char *why, size_t whylen);

#endif /* BOOTCHECK_SHARED_H */
