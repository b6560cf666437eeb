/*
** parallel.c - independent jobs on a few threads (parallel.h).
*/
#include "base/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct pool {
  size_t n;
  atomic_size_t next; /* the next job to hand out */
  void (*fn)(void *ctx, size_t i);
  void *ctx;
};

static void *take_jobs(void *arg) {
  struct pool *pl = arg;
  for (;;) {
    size_t i = atomic_fetch_add(&pl->next, 1);
    if (i >= pl->n)
      return NULL;
    pl->fn(pl->ctx, i);
  }
}

void bc_parallel_for(size_t n, unsigned threads,
                     void (*fn)(void *ctx, size_t i), void *ctx) {
  struct pool pl = {.n = n, .fn = fn, .ctx = ctx};
  atomic_init(&pl.next, 0);
  size_t extra = threads > 1 ? (size_t)threads - 1 : 0;
  if (extra > (n ? n - 1 : 0))
    extra = n ? n - 1 : 0;
  pthread_t *t = extra ? malloc(extra * sizeof *t) : NULL;
  size_t started = 0;
  for (size_t k = 0; t && k < extra; k++) {
    if (pthread_create(&t[k], NULL, take_jobs, &pl) != 0)
      break;
    started++;
  }
  take_jobs(&pl);
  for (size_t k = 0; k < started; k++)
    pthread_join(t[k], NULL);
  free(t);
}
