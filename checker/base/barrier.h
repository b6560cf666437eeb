/*
** barrier.h - a barrier for the search's workers that waits by spinning a
** little before it sleeps. The search meets its workers at a barrier two
** or three times per breadth-first level; a deep, narrow search (the x86
** spec with --por at NAP = 1,024: ten thousand levels of a few states)
** spent more time in pthread_barrier_wait's futex calls than expanding.
** A waiter spins for BC_BARRIER_SPIN pauses (about 50 microseconds here)
** watching the generation, then sleeps on a condition variable, so a
** loaded machine loses no more than that per wait.
*/
#ifndef BOOTCHECK_BARRIER_H
#define BOOTCHECK_BARRIER_H

#include <pthread.h>
#include <stdatomic.h>

#define BC_BARRIER_SPIN 2000

struct bc_barrier {
  unsigned n;                /* threads that meet */
  atomic_uint arrived;       /* in the current generation */
  atomic_uint gen;
  pthread_mutex_t mu;
  pthread_cond_t cv;
};

/* 0, or an errno value from pthread_mutex_init/pthread_cond_init. */
int bc_barrier_init(struct bc_barrier *b, unsigned n);
void bc_barrier_destroy(struct bc_barrier *b);
/* Wait for all n; returns 1 in exactly one of them (the last to arrive,
** as PTHREAD_BARRIER_SERIAL_THREAD), 0 in the others. Everything each
** thread wrote before it arrived is visible to every thread after. */
int bc_barrier_wait(struct bc_barrier *b);

#endif
