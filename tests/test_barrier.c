#include <criterion/criterion.h>

#include "base/barrier.h"

#include <stdatomic.h>
#include <time.h>

/* Threads meet ROUNDS times; between meetings each adds to a counter, and
** after each meeting every thread sees every addition of the round. */
#define ROUNDS 2000

struct shared {
  struct bc_barrier b;
  unsigned n;
  atomic_uint added, serial, bad;
  bool slow;                 /* one thread sleeps: the others must block */
};

struct arg {
  struct shared *s;
  unsigned id;
};

static void *run(void *p) {
  struct arg *a = p;
  struct shared *s = a->s;
  unsigned rounds = s->slow ? 50 : ROUNDS;
  for (unsigned r = 0; r < rounds; r++) {
    if (s->slow && a->id == 0) {
      struct timespec ts = {0, 2000000}; /* 2 ms: past any spin */
      nanosleep(&ts, NULL);
    }
    atomic_fetch_add_explicit(&s->added, 1, memory_order_relaxed);
    if (bc_barrier_wait(&s->b) == 1)
      atomic_fetch_add(&s->serial, 1);
    if (atomic_load_explicit(&s->added, memory_order_relaxed) <
        s->n * (r + 1))
      atomic_fetch_add(&s->bad, 1);
    /* nobody adds for the next round before everyone has looked */
    bc_barrier_wait(&s->b);
  }
  return NULL;
}

static void meet(unsigned n, bool slow) {
  struct shared s = {.n = n, .slow = slow};
  atomic_init(&s.added, 0);
  atomic_init(&s.serial, 0);
  atomic_init(&s.bad, 0);
  cr_assert_eq(bc_barrier_init(&s.b, n), 0);
  pthread_t t[8];
  struct arg a[8];
  for (unsigned i = 0; i < n; i++) {
    a[i] = (struct arg){&s, i};
    cr_assert_eq(pthread_create(&t[i], NULL, run, &a[i]), 0);
  }
  for (unsigned i = 0; i < n; i++)
    pthread_join(t[i], NULL);
  unsigned rounds = slow ? 50 : ROUNDS;
  cr_expect_eq(atomic_load(&s.bad), 0, "%u threads: a round's additions not "
               "seen after the barrier", n);
  cr_expect_eq(atomic_load(&s.serial), rounds, "%u threads: one serial "
               "thread per meeting", n);
  cr_expect_eq(atomic_load(&s.added), n * rounds);
  bc_barrier_destroy(&s.b);
}

Test(barrier, meetings) {
  for (unsigned n = 1; n <= 3; n++)
    meet(n, false);
}

Test(barrier, sleepers) {
  meet(2, true);
  meet(3, true);
}
