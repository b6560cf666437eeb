/*
** barrier.c - spin-then-sleep barrier (barrier.h).
**
** The last thread to arrive resets the count and advances the generation
** (release); the others wait for the generation to change (acquire), first
** spinning, then on the condition variable. The generation is advanced
** under the mutex, and a sleeper checks it under the mutex before it waits,
** so no wake-up is lost. The count is reset before the generation moves:
** a thread that has seen the new generation and arrives at the next
** barrier counts from zero.
*/
#include "base/barrier.h"

static inline void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

int bc_barrier_init(struct bc_barrier *b, unsigned n) {
  b->n = n;
  atomic_init(&b->arrived, 0);
  atomic_init(&b->gen, 0);
  int rc = pthread_mutex_init(&b->mu, NULL);
  if (rc)
    return rc;
  rc = pthread_cond_init(&b->cv, NULL);
  if (rc)
    pthread_mutex_destroy(&b->mu);
  return rc;
}

void bc_barrier_destroy(struct bc_barrier *b) {
  pthread_cond_destroy(&b->cv);
  pthread_mutex_destroy(&b->mu);
}

int bc_barrier_wait(struct bc_barrier *b) {
  unsigned g = atomic_load_explicit(&b->gen, memory_order_acquire);
  if (atomic_fetch_add_explicit(&b->arrived, 1, memory_order_acq_rel) + 1 ==
      b->n) {
    atomic_store_explicit(&b->arrived, 0, memory_order_relaxed);
    pthread_mutex_lock(&b->mu);
    atomic_store_explicit(&b->gen, g + 1, memory_order_release);
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    return 1;
  }
  for (unsigned i = 0; i < BC_BARRIER_SPIN; i++) {
    if (atomic_load_explicit(&b->gen, memory_order_acquire) != g)
      return 0;
    relax();
  }
  pthread_mutex_lock(&b->mu);
  while (atomic_load_explicit(&b->gen, memory_order_acquire) == g)
    pthread_cond_wait(&b->cv, &b->mu);
  pthread_mutex_unlock(&b->mu);
  return 0;
}
