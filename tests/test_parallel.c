#include <criterion/criterion.h>

#include "base/memguard.h"
#include "base/parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Each job counts its calls and notes the order and the thread it ran in. */
struct jobs {
  atomic_uint *calls;
  size_t *order;
  atomic_size_t done;
  pthread_t *thread;
};

static void count_job(void *ctx, size_t i) {
  struct jobs *j = ctx;
  atomic_fetch_add(&j->calls[i], 1);
  j->order[atomic_fetch_add(&j->done, 1)] = i;
  j->thread[i] = pthread_self();
}

Test(parallel, each_job_runs_once) {
  static const unsigned threads[] = {0, 1, 2, 3, 8, 64};
  static const size_t sizes[] = {0, 1, 2, 7, 1000};
  for (size_t t = 0; t < sizeof threads / sizeof *threads; t++)
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
      size_t n = sizes[s];
      struct jobs j = {calloc(n + 1, sizeof *j.calls),
                       calloc(n + 1, sizeof *j.order), 0,
                       calloc(n + 1, sizeof *j.thread)};
      bc_parallel_for(n, threads[t], count_job, &j);
      cr_assert_eq(atomic_load(&j.done), n, "threads %u, n %zu",
                   threads[t], n);
      for (size_t i = 0; i < n; i++)
        cr_assert_eq(atomic_load(&j.calls[i]), 1, "job %zu of %zu", i, n);
      free(j.calls);
      free(j.order);
      free(j.thread);
    }
}

Test(parallel, one_thread_is_the_caller_in_order) {
  for (unsigned threads = 0; threads <= 1; threads++) {
    size_t n = 50;
    struct jobs j = {calloc(n, sizeof *j.calls), calloc(n, sizeof *j.order),
                     0, calloc(n, sizeof *j.thread)};
    bc_parallel_for(n, threads, count_job, &j);
    for (size_t i = 0; i < n; i++) {
      cr_assert_eq(j.order[i], i);
      cr_assert(pthread_equal(j.thread[i], pthread_self()));
    }
    free(j.calls);
    free(j.order);
    free(j.thread);
  }
}

/* The first two jobs wait for each other: they finish only when two
** threads run at once. */
struct meet {
  atomic_uint arrived;
  atomic_bool timed_out;
};

static void meet_job(void *ctx, size_t i) {
  struct meet *m = ctx;
  if (i >= 2)
    return;
  atomic_fetch_add(&m->arrived, 1);
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  while (atomic_load(&m->arrived) < 2) {
    clock_gettime(CLOCK_MONOTONIC, &t);
    if (t.tv_sec - t0.tv_sec > 10) {
      atomic_store(&m->timed_out, true);
      return;
    }
  }
}

Test(parallel, jobs_run_side_by_side) {
  struct meet m;
  atomic_init(&m.arrived, 0);
  atomic_init(&m.timed_out, false);
  bc_parallel_for(6, 2, meet_job, &m);
  cr_assert_not(atomic_load(&m.timed_out), "the two jobs never met");
  cr_assert_eq(atomic_load(&m.arrived), 2);
}

/* The memory guard (base/memguard.h): its thresholds from
** $BOOTCHECK_MIN_FREE and the machine, and a floor above what any machine
** has available raising the flag, again once it is cleared, and never
** while the flag is up. */
Test(memguard, thresholds_and_the_flag, .timeout = 20.) {
  uint64_t floor, rss_min;
  char why[128];
  unsetenv("BOOTCHECK_MIN_FREE");
  cr_assert(bc_memguard_config(&floor, &rss_min, why, sizeof why));
  cr_expect(floor > 0 && floor <= (UINT64_C(1) << 30));
  cr_expect_eq(rss_min, floor < (UINT64_C(1) << 30) ? 2 * floor : rss_min);
  cr_expect(rss_min >= floor);
  setenv("BOOTCHECK_MIN_FREE", "512M", 1);
  cr_assert(bc_memguard_config(&floor, &rss_min, why, sizeof why));
  cr_expect_eq(floor, UINT64_C(512) << 20);
  cr_expect_eq(rss_min, 0);
  setenv("BOOTCHECK_MIN_FREE", "0", 1);
  cr_assert(bc_memguard_config(&floor, &rss_min, why, sizeof why));
  cr_expect_eq(floor, 0);
  cr_expect_null(bc_memguard_start(floor, rss_min, NULL)); /* off */
  setenv("BOOTCHECK_MIN_FREE", "-1", 1);
  cr_expect_not(bc_memguard_config(&floor, &rss_min, why, sizeof why));
  cr_expect(strstr(why, "BOOTCHECK_MIN_FREE") != NULL, "%s", why);
  unsetenv("BOOTCHECK_MIN_FREE");

  static volatile sig_atomic_t flag;
  struct bc_memguard *g =
      bc_memguard_start(UINT64_C(1) << 60, 0, &flag); /* 1 EiB */
  cr_assert_not_null(g);
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < 400 && !flag; i++) { /* 4 s at most */
      struct timespec ms = {0, 10000000};
      nanosleep(&ms, NULL);
    }
    cr_assert_eq(flag, 1, "round %d", k);
    uint64_t avail, rss;
    bc_memguard_last(g, &avail, &rss);
    cr_expect(avail > 0 && avail < (UINT64_C(1) << 60));
    cr_expect_gt(rss, 0);
    flag = 0;
  }
  /* a resident size no process has: the floor alone does not act */
  bc_memguard_stop(g);
  g = bc_memguard_start(UINT64_C(1) << 60, UINT64_C(1) << 60, &flag);
  cr_assert_not_null(g);
  struct timespec wait = {0, 300000000};
  nanosleep(&wait, NULL);
  cr_expect_eq(flag, 0);
  bc_memguard_stop(g);
}
