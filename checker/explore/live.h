/*
** live.h - liveness under fairness (`eventually P`, `P ~> Q`, `always
** eventually P`; `fair`/`fair+` processes and steps): docs/liveness.md.
**
** A pass of its own after the safety search of a configuration: it
** explores the configuration again, one thread, exact states, no symmetry
** or partial-order reduction, and keeps every edge (target and the step
** taken). Per property, an iterative Tarjan decomposition of the states
** where the goal does not hold finds the runs that avoid it forever
** (a fair strongly connected component, or a state where the run ends),
** and the shortest way to one of them is shown as a lasso.
*/
#ifndef BOOTCHECK_LIVE_H
#define BOOTCHECK_LIVE_H

#include <stdbool.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

/* Does 'p' have a liveness constraint? */
bool bc_live_any(const struct bc_program *p);

/*
** Decide every liveness constraint of 'p' in run 'r' (configuration
** r->choice): sets r->res[ci] (verdict, lasso trace or note) for each
** constraint of kind BC_CK_EVENTUALLY. The limits of 'o' apply
** (max_states, max_memory, time_limit; a limit leaves the verdicts
** unknown with a note); 'native' is used when set; workers, symmetry,
** por and fingerprint_only are ignored (the pass is exact and unreduced).
*/
void bc_live_check(const struct bc_program *p, const struct bc_explore_opts *o,
                   struct bc_run *r);

#endif /* BOOTCHECK_LIVE_H */
