/*
** por.h - partial-order reduction (--por): expand, from each state, only a
** subset of the enabled steps that is enough for every constraint's verdict
** (a stubborn set; docs/language.md §7 and checker/explore/por.c).
*/
#ifndef BOOTCHECK_POR_H
#define BOOTCHECK_POR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/vm.h"

/* What one configuration's code may read and write: built once, shared
** read-only by the workers. */
struct bc_por;

/*
** Analyse program 'p' under the configuration 'vm' is configured with
** (bc_vm_configure: which placement runs at which hook).
*/
struct bc_por *bc_por_new(const struct bc_program *p, const struct bc_vm *vm);
void bc_por_free(struct bc_por *po);

/*
** The same analysis for the window pass under --por (window.c): the
** visible units are what the window predicates read, not what the
** constraints read; with 'harmless', a step that writes what a window
** reads but cannot make it false counts as invisible too (por.c,
** harmless: only when no window predicate can fail at run time, else
** states where one fails might be left unreached). And, from such an
** analysis: can conjunct k of window
** w (p->windows[w].conj[k]) still change its value from 'state' on? False
** when nothing that has not ended may still write what it reads.
*/
struct bc_por *bc_por_new_windows(const struct bc_program *p,
                                  const struct bc_vm *vm, bool harmless);
bool bc_por_settled(const struct bc_por *po, size_t w, unsigned k,
                    const uint8_t *state);

/*
** The same for the liveness pass under --por (live.c): the visible units
** are what the liveness predicates read, and every stubborn set holds an
** enabled step of a fairness unit (else the state is expanded in full).
** docs/reductions.md, "Liveness under --por", says why that is enough.
*/
struct bc_por *bc_por_new_live(const struct bc_program *p,
                               const struct bc_vm *vm);

/*
** What the analysis found, for tests and `bootcheck list`: may instance
** 'inst', from its step 'k' on, read / write element 'elem' of variable
** 'var'? Is step 'step' (global) a forward step? Is 'var' monotone (every
** store writes *k)?
*/
bool bc_por_may_read(const struct bc_por *po, unsigned inst, unsigned k,
                     unsigned var, uint32_t elem);
bool bc_por_may_write(const struct bc_por *po, unsigned inst, unsigned k,
                      unsigned var, uint32_t elem);
/* ... and only under a guard (por.c, struct acc): an element of another
** variable, indexed alike, not zero? (Such an access counts in the two
** above too.) */
bool bc_por_guarded(const struct bc_por *po, unsigned inst, unsigned k,
                    unsigned var, bool write);
bool bc_por_forward(const struct bc_por *po, unsigned step);
bool bc_por_monotone(const struct bc_por *po, unsigned var, int64_t *k);
bool bc_por_visible(const struct bc_por *po, unsigned var, uint32_t elem);
/* Symmetric family 'fam' (index in p->symfams): is it uniform, so that
** a run of twins is walked once (por.c, bc_por_new)? *vis: is visibility
** the same at every member's element of its variables? */
bool bc_por_runs_whole(const struct bc_por *po, unsigned fam, bool *vis);

/* One worker's scratch: successor buffer and footprints (grown as needed,
** so the search allocates nothing per state once warm). */
struct bc_por_scratch {
  struct bc_track track;
  uint32_t *pool_r, *pool_w;
  size_t pool_cap, pool_r_used, pool_w_used;
  unsigned char *succ;       /* successor records */
  size_t nsucc, capsucc, recsize;
  unsigned *live;            /* per live instance: instance number, */
  unsigned *pcs;             /* local step number, ... */
  uint32_t *live_of;         /* per instance: its live index, or none */
  uint32_t *leader;          /* per live index: first of its twins */
  uint32_t ntotal;           /* successors, twins' left out */
  uint32_t *r_off, *w_off, *r_n, *w_n;
                             /* a twin: its leader's, until renamed (mat) */
  uint32_t *mat;             /* per live index: its own footprint is in
                             ** r_off.. when mat == mat_stamp */
  uint32_t mat_stamp;
  uint32_t resel;            /* bc_por_reselect's live index, or none */
  uint32_t *runs, nruns;     /* the live indices that lead a run of twins
                             ** (or are no twin), in order */
  uint32_t *umark, ustamp;   /* per unit: closure_walk's dedup (stamp) */
  uint32_t *rc_stamp, *rc_lo, *rc_hi; /* per variable: unit_seen's last
                             ** run, as units [rc_lo, rc_hi) (stamp) */
  uint32_t *run_n;           /* per run leader: the run's live entries */
  uint32_t *first, *count;   /* ... its successors in 'succ' (a twin: none
                             ** there, count as its leader's) */
  bool *overflow;
  bool *bad;                 /* per live index: in no stubborn set */
  uint32_t *in_set;          /* stamp per live index */
  uint32_t set_stamp;
  uint32_t *tried;           /* per live index: tried as a seed (stamp), */
  uint32_t try_stamp;
  long *lb;                  /* ... and its closure's successors, at least
                             ** (-1: the closure failed) */
  uint32_t *dw, ndw;         /* state words a move may change (sym_dup) */
  uint32_t *dw_mark, dw_stamp;
  unsigned *queue, *best;
  uint32_t *in_best, best_stamp; /* per live index: in best (stamp) */
  uint8_t *work;             /* the state expanded, for records kept as
                             ** the words a move changed (rec_state) */
  bool work_ok;
  uint64_t reduced, full;    /* states expanded partially / fully */
};

void bc_por_scratch_init(struct bc_por_scratch *sc, const struct bc_por *po);
void bc_por_scratch_release(struct bc_por_scratch *sc);

/*
** Called for every successor of the state, in bc_vm_successors order:
** 'how' is its number in that order, 'ample' whether it belongs to the
** reduced set (the others are offered so that violations on them are seen
** as early as without reduction; their states must not be explored).
*/
typedef int (*bc_por_fn)(void *ctx, const uint8_t *succ, unsigned inst,
                         unsigned step, const uint64_t *viol, uint32_t how,
                         bool ample);

/*
** Enumerate the successors of 'state' with 'vm' (which this call switches
** to the interpreter with footprint recording, and back). Returns the
** number of successors of the full expansion (0: none is enabled), or
** BC_VM_ERROR with vm->err filled in.
*/
long bc_por_successors(const struct bc_por *po, struct bc_por_scratch *sc,
                       struct bc_vm *vm, const uint8_t *state, bc_por_fn fn,
                       void *ctx);

/*
** Right after bc_por_successors(po, sc, vm, state, ...): the stubborn set
** of 'state' in configuration 'vk', whose moves are vm's but those of
** live, non-twin instance 'inst' (`bootcheck where`'s candidate at its
** step: checker/explore/shared.c). Only that instance's moves are
** enumerated, with 'vk' (footprint recorded; 'fn' gets them); the
** others' successors and footprints are vm's, kept in 'sc'. The set is
** the one bc_por_successors(po, sc, vk, state, ...) would choose: its
** members in set[0..*nset) (room for every instance), or *nset = 0 when
** it is every instance. Returns the number of the instance's successors
** in 'vk', or BC_VM_ERROR.
*/
long bc_por_reselect(const struct bc_por *po, struct bc_por_scratch *sc,
                     struct bc_vm *vk, const uint8_t *state, unsigned inst,
                     bc_succ_fn fn, void *ctx, unsigned *set,
                     unsigned *nset);

#endif /* BOOTCHECK_POR_H */
