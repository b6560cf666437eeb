/*
** test_store.c - the hashed state store (states/store.c): visited set in
** both modes, growth, forced collisions, BFS frontier, trace links, memory
** and count limits.
*/
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <criterion/parameterized.h>

#include "bootcheck/states.h"
#include "../states/states_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "leakcheck.h"

TestSuite(store, .fini = bc_leak_check, .timeout = 60.);

/* ------------------------------------------------------------------------
** Helpers
*/

#define MAX_STATE 5000

/*
** Write the 'size'-byte state number 'i' to 'buf': the low bytes of 'i'
** first (so states are distinct while i < 256^size), then filler that
** depends on 'i'.
*/
static void make_state(unsigned char *buf, size_t size, uint64_t i) {
  for (size_t j = 0; j < size; j++)
    buf[j] = j < 8 ? (unsigned char)(i >> (8 * j))
                   : (unsigned char)(i * 31u + j * 7u);
}

static struct bc_store *new_store(size_t size, bool fp_only, unsigned log2,
                                  size_t max_memory) {
  struct bc_store_opts o = {
      .state_bytes = size,
      .fingerprint_only = fp_only,
      .initial_log2 = log2,
      .max_memory = max_memory,
  };
  struct bc_store *s = NULL;
  cr_assert_eq(bc_store_new(&o, &s), BC_OK);
  cr_assert_not_null(s);
  return s;
}

/* Insert state 'i' with its real fingerprint; returns the insert result. */
static int insert_i(struct bc_store *s, size_t size, uint64_t i,
                    bc_state_id parent, uint32_t how, bc_state_id *ret_id) {
  unsigned char b[MAX_STATE];
  make_state(b, size, i);
  return bc_store_insert(s, b, bc_fingerprint(b, size), parent, how, ret_id);
}

static struct bc_store_stats stats(const struct bc_store *s) {
  struct bc_store_stats st;
  bc_store_stats(s, &st);
  return st;
}

/* ------------------------------------------------------------------------
** Creation
*/

Test(store, new_rejects_bad_options) {
  struct bc_store_opts o = {.state_bytes = 0};
  struct bc_store *s = NULL;
  cr_assert_eq(bc_store_new(&o, &s), BC_EINVAL, "state_bytes 0");
  cr_assert_null(s);
  o.state_bytes = 8;
  o.initial_log2 = 33;
  cr_assert_eq(bc_store_new(&o, &s), BC_EINVAL, "exact table > 2^32 slots");
  o.initial_log2 = 4;
  o.max_memory = 64;
  cr_assert_eq(bc_store_new(&o, &s), BC_ENOMEM, "limit below the table");
  cr_assert_eq(bc_store_new(NULL, &s), BC_EINVAL);
  cr_assert_null(s);
  bc_store_free(NULL);
}

Test(store, new_store_is_empty) {
  struct bc_store *s = new_store(8, false, 0, 0);
  struct bc_store_stats st = stats(s);
  bc_state_id id = 7;
  cr_assert_eq(st.distinct, 0);
  cr_assert_eq(st.inserts, 0);
  cr_assert_eq(st.frontier, 0);
  cr_assert_eq(st.capacity, 16, "initial_log2 0 means 16 slots");
  cr_assert_gt(st.bytes, 16 * 8);
  cr_assert_null(bc_store_next(s, &id));
  cr_assert_eq(id, 7, "ret_id untouched when the frontier is empty");
  cr_assert_null(bc_store_state(s, 0));
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Insert and duplicates
*/

Test(store, exact_insert_then_duplicate) {
  struct bc_store *s = new_store(8, false, 0, 0);
  bc_state_id id;
  cr_assert_eq(insert_i(s, 8, 42, BC_NO_STATE, 0, &id), 1);
  cr_assert_eq(id, 0);
  cr_assert_eq(insert_i(s, 8, 43, 0, 1, &id), 1);
  cr_assert_eq(id, 1);
  cr_assert_eq(insert_i(s, 8, 42, 1, 5, &id), 0, "same bytes again");
  cr_assert_eq(id, 0, "exact mode names the state already stored");
  cr_assert_eq(insert_i(s, 8, 43, 0, 9, NULL), 0, "ret_id may be NULL");

  unsigned char b[8];
  make_state(b, 8, 43);
  cr_assert_arr_eq(bc_store_state(s, 1), b, 8);
  struct bc_store_stats st = stats(s);
  cr_assert_eq(st.distinct, 2);
  cr_assert_eq(st.inserts, 4);
  cr_assert_eq(st.frontier, 2);
  cr_assert_geq(st.probes, 4);

  bc_state_id parent;
  uint32_t how;
  bc_store_link(s, 1, &parent, &how);
  cr_assert_eq(parent, 0, "a duplicate does not overwrite the link");
  cr_assert_eq(how, 1);
  bc_store_free(s);
}

static bc_state_id find_i(const struct bc_store *s, size_t size,
                          uint64_t i) {
  unsigned char b[MAX_STATE];
  make_state(b, size, i);
  return bc_store_find(s, b, bc_fingerprint(b, size));
}

/* bc_store_find: ids of stored states, across growth (a small first
** table); none for a state never inserted, and no insert by looking. */
Test(store, exact_find_is_a_look_up) {
  struct bc_store *s = new_store(12, false, 4, 0);
  for (uint64_t i = 0; i < 1000; i++)
    cr_assert_eq(insert_i(s, 12, 2 * i, BC_NO_STATE, 0, NULL), 1);
  for (uint64_t i = 0; i < 1000; i++) {
    cr_assert_eq(find_i(s, 12, 2 * i), (bc_state_id)i);
    cr_assert_eq(find_i(s, 12, 2 * i + 1), BC_NO_STATE);
  }
  struct bc_store_stats st = stats(s);
  cr_expect_eq(st.distinct, 1000, "looking inserts nothing");
  cr_expect_eq(st.frontier, 1000);
  bc_store_drop_table(s);
  cr_expect_eq(find_i(s, 12, 0), BC_NO_STATE, "no table: no look-up");
  bc_store_free(s);
  s = new_store(12, true, 0, 0);
  cr_assert_eq(insert_i(s, 12, 7, BC_NO_STATE, 0, NULL), 1);
  cr_expect_eq(find_i(s, 12, 7), BC_NO_STATE, "fingerprints give no id");
  bc_store_free(s);
}

Test(store, fp_insert_then_duplicate) {
  struct bc_store *s = new_store(8, true, 0, 0);
  bc_state_id id;
  cr_assert_eq(insert_i(s, 8, 42, BC_NO_STATE, 0, &id), 1);
  cr_assert_eq(id, 0);
  cr_assert_eq(insert_i(s, 8, 43, 0, 1, &id), 1);
  cr_assert_eq(id, 1);
  cr_assert_eq(insert_i(s, 8, 42, 1, 5, &id), 0);
  cr_assert_eq(id, BC_NO_STATE, "fp mode does not know the id");
  cr_assert_null(bc_store_state(s, 0), "fp mode keeps no arena");
  cr_assert_eq(stats(s).distinct, 2);
  cr_assert_eq(stats(s).inserts, 3);
  bc_store_free(s);
}

Test(store, fp_zero_is_accepted) {
  /* 0 marks an empty slot; a caller passing fp 0 must not corrupt the
   * table, and the state must be found again. */
  struct bc_store *s = new_store(4, true, 2, 0);
  cr_assert_eq(bc_store_insert(s, "abcd", 0, BC_NO_STATE, 0, NULL), 1);
  cr_assert_eq(bc_store_insert(s, "abcd", 0, BC_NO_STATE, 0, NULL), 0);
  cr_assert_eq(bc_store_insert(s, "efgh", 1, BC_NO_STATE, 0, NULL), 1);
  cr_assert_eq(stats(s).distinct, 2);
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Growth
*/

static void grow_many(bool fp_only) {
  const uint64_t n = 1000000;
  struct bc_store *s = new_store(8, fp_only, 0, 0);
  for (uint64_t i = 0; i < n; i++) {
    bc_state_id id;
    cr_assert_eq(insert_i(s, 8, i, (bc_state_id)(i / 2), (uint32_t)i, &id), 1,
                 "state %llu is new", (unsigned long long)i);
    cr_assert_eq(id, i, "ids are sequential");
  }
  struct bc_store_stats st = stats(s);
  cr_assert_eq(st.distinct, n);
  /* fp-only: doubled at 3/4 full; exact: at 3/8 (shorter probes) */
  const uint64_t num = 3, den = fp_only ? 4 : 8;
  cr_assert_geq(st.capacity * num, n * den, "load stays at or below %llu/%llu",
                (unsigned long long)num, (unsigned long long)den);
  cr_assert_lt(st.capacity * num, 2 * n * den,
               "and the table did not overgrow");

  /* Every state is found after all the doublings, under the same id. */
  for (uint64_t i = 0; i < n; i++) {
    bc_state_id id;
    cr_assert_eq(insert_i(s, 8, i, 0, 0, &id), 0, "state %llu found",
                 (unsigned long long)i);
    if (!fp_only)
      cr_assert_eq(id, i, "id of state %llu is stable", (unsigned long long)i);
  }
  /* A few states never inserted are still new. */
  for (uint64_t i = n; i < n + 1000; i++)
    cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 1);

  bc_state_id parent;
  uint32_t how;
  bc_store_link(s, 777777, &parent, &how);
  cr_assert_eq(parent, 777777 / 2);
  cr_assert_eq(how, 777777);
  cr_assert_eq(stats(s).distinct, n + 1000);
  cr_assert_eq(stats(s).inserts, 2 * n + 1000);
  bc_store_free(s);
}

Test(store, exact_grows_past_load_threshold) { grow_many(false); }
Test(store, fp_grows_past_load_threshold) { grow_many(true); }

Test(store, exact_state_pointers_survive_growth) {
  struct bc_store *s = new_store(17, false, 1, 0);
  const void *p[10];
  unsigned char b[17];
  for (uint64_t i = 0; i < 10; i++) {
    cr_assert_eq(insert_i(s, 17, i, BC_NO_STATE, 0, NULL), 1);
    p[i] = bc_store_state(s, (bc_state_id)i);
  }
  for (uint64_t i = 10; i < 200000; i++)
    cr_assert_eq(insert_i(s, 17, i, 0, 0, NULL), 1);
  for (uint64_t i = 0; i < 10; i++) {
    make_state(b, 17, i);
    cr_assert_eq(p[i], bc_store_state(s, (bc_state_id)i), "never moved");
    cr_assert_arr_eq(p[i], b, 17);
  }
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Collisions
*/

/* All states get fingerprints with the same low 32 bits (same home slot,
 * same exact-mode tag) starting from a 2-slot table: every probe runs
 * through one long cluster, and exact mode must memcmp each candidate. */
static void clustered(bool fp_only, unsigned log2) {
  const uint64_t n = 3000;
  struct bc_store *s = new_store(8, fp_only, log2, 0);
  unsigned char b[8];
  for (uint64_t i = 0; i < n; i++) {
    make_state(b, 8, i);
    bc_state_id id;
    cr_assert_eq(bc_store_insert(s, b, ((i + 1) << 32) | 0x1234u, 0, 0, &id),
                 1);
    cr_assert_eq(id, i);
  }
  for (uint64_t i = 0; i < n; i++) {
    make_state(b, 8, i);
    bc_state_id id;
    cr_assert_eq(bc_store_insert(s, b, ((i + 1) << 32) | 0x1234u, 0, 0, &id),
                 0);
    if (!fp_only)
      cr_assert_eq(id, i);
  }
  struct bc_store_stats st = stats(s);
  cr_assert_eq(st.distinct, n);
  cr_assert_gt(st.probes, n * n / 2, "the probes did run through a cluster");
  bc_store_free(s);
}

Test(store, exact_tiny_table_clustered) { clustered(false, 1); }
Test(store, fp_tiny_table_clustered) { clustered(true, 2); }

Test(store, tiny_table_real_fingerprints) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *s = new_store(3, fp_only, 1, 0);
    for (uint64_t i = 0; i < 5000; i++)
      cr_assert_eq(insert_i(s, 3, i, 0, 0, NULL), 1);
    for (uint64_t i = 0; i < 5000; i++)
      cr_assert_eq(insert_i(s, 3, i, 0, 0, NULL), 0);
    cr_assert_eq(stats(s).distinct, 5000);
    bc_store_free(s);
  }
}

Test(store, exact_keeps_states_with_equal_fingerprints) {
  struct bc_store *s = new_store(8, false, 1, 0);
  const uint64_t fp = 0xdeadbeefcafef00dull;
  bc_state_id a, b, c;
  cr_assert_eq(bc_store_insert(s, "state-A", fp, BC_NO_STATE, 0, &a), 1);
  cr_assert_eq(bc_store_insert(s, "state-B", fp, BC_NO_STATE, 0, &b), 1,
               "exact mode compares bytes: a different state is new");
  cr_assert_neq(a, b);
  cr_assert_eq(bc_store_insert(s, "state-B", fp, BC_NO_STATE, 0, &c), 0);
  cr_assert_eq(c, b);
  cr_assert_str_eq(bc_store_state(s, a), "state-A");
  cr_assert_str_eq(bc_store_state(s, b), "state-B");
  cr_assert_eq(stats(s).distinct, 2);
  cr_assert_eq(bc_store_collision_bound(s), 0.0);
  bc_store_free(s);
}

Test(store, fp_merges_states_with_equal_fingerprints) {
  struct bc_store *s = new_store(8, true, 1, 0);
  const uint64_t fp = 0xdeadbeefcafef00dull;
  bc_state_id id;
  cr_assert_eq(bc_store_insert(s, "state-A", fp, BC_NO_STATE, 0, &id), 1);
  cr_assert_eq(bc_store_insert(s, "state-B", fp, BC_NO_STATE, 0, &id), 0,
               "fp mode merges states with one fingerprint (documented)");
  cr_assert_eq(id, BC_NO_STATE);
  cr_assert_eq(stats(s).distinct, 1);
  cr_assert_gt(bc_store_collision_bound(s), 0.0);
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Frontier
*/

/*
** Insert 'n' states and take them back, interleaved as an explorer does
** (several inserts per take), and check ids and bytes come back in
** insertion order. With 100-byte states, 300 000 states fill many chunks
** (small ones first, then ~6 MiB ones), so this crosses chunk boundaries,
** and in fp mode the consumed chunks are freed on the way.
*/
static void frontier_order(bool fp_only, size_t size, uint64_t n) {
  struct bc_store *s = new_store(size, fp_only, 0, 0);
  unsigned char b[MAX_STATE];
  uint64_t taken = 0, inserted = 0;
  size_t peak = 0;
  while (taken < n) {
    for (int k = 0; k < 3 && inserted < n; k++, inserted++)
      cr_assert_eq(insert_i(s, size, inserted, 0, 0, NULL), 1);
    if (stats(s).bytes > peak)
      peak = stats(s).bytes;
    if (inserted % 2 && inserted < n)
      continue; /* let the frontier build up */
    bc_state_id id;
    const void *p = bc_store_next(s, &id);
    cr_assert_not_null(p);
    cr_assert_eq(id, taken, "frontier order is insertion order");
    make_state(b, size, taken);
    cr_assert_arr_eq(p, b, size, "bytes of state %llu",
                     (unsigned long long)taken);
    taken++;
  }
  cr_assert_null(bc_store_next(s, NULL));
  struct bc_store_stats st = stats(s);
  cr_assert_eq(st.frontier, 0);
  cr_assert_eq(st.distinct, n);
  if (fp_only && n * size > ((uint64_t)16 << 20)) /* beyond the first chunks */
    cr_assert_lt(st.bytes, peak - n * size / 2,
                 "consumed FIFO chunks were freed (%zu of peak %zu)",
                 st.bytes, peak);
  else
    cr_assert_geq(st.bytes, n * size, "exact mode keeps every state");
  /* Found again after the frontier drained (and, in fp mode, was freed). */
  for (uint64_t i = 0; i < n; i += 97)
    cr_assert_eq(insert_i(s, size, i, 0, 0, NULL), 0);
  bc_store_free(s);
}

Test(store, exact_frontier_is_insertion_order) {
  frontier_order(false, 100, 300000);
}
Test(store, fp_frontier_is_insertion_order_across_chunks) {
  frontier_order(true, 100, 300000);
}
Test(store, fp_frontier_small_states) { frontier_order(true, 1, 256); }

Test(store, frontier_resumes_after_draining) {
  struct bc_store *s = new_store(8, true, 0, 0);
  bc_state_id id;
  for (uint64_t round = 0; round < 3; round++) {
    for (uint64_t i = 0; i < 5000; i++)
      cr_assert_eq(insert_i(s, 8, round * 5000 + i, 0, 0, NULL), 1);
    for (uint64_t i = 0; i < 5000; i++) {
      cr_assert_not_null(bc_store_next(s, &id));
      cr_assert_eq(id, round * 5000 + i);
    }
    cr_assert_null(bc_store_next(s, &id));
  }
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Links
*/

Test(store, links_round_trip) {
  struct bc_store *s = new_store(8, true, 0, 0);
  const uint64_t n = 70000;
  for (uint64_t i = 0; i < n; i++) {
    bc_state_id parent = i < 3 ? BC_NO_STATE : (bc_state_id)(i * 7 / 10);
    uint32_t how = i < 3 ? 0 : (uint32_t)(i ^ 0xa5a5a5a5u);
    cr_assert_eq(insert_i(s, 8, i, parent, how, NULL), 1);
  }
  for (uint64_t i = 0; i < n; i++) {
    bc_state_id parent;
    uint32_t how;
    bc_store_link(s, (bc_state_id)i, &parent, &how);
    if (i < 3) {
      cr_assert_eq(parent, BC_NO_STATE);
      cr_assert_eq(how, 0);
    } else {
      cr_assert_eq(parent, (bc_state_id)(i * 7 / 10));
      cr_assert_eq(how, (uint32_t)(i ^ 0xa5a5a5a5u));
    }
  }
  /* Walking back from any state ends at an initial state. */
  bc_state_id at = (bc_state_id)(n - 1), parent;
  int steps = 0;
  for (;; steps++) {
    bc_store_link(s, at, &parent, NULL);
    if (parent == BC_NO_STATE)
      break;
    cr_assert_lt(parent, at);
    at = parent;
  }
  cr_assert_lt(at, 3);
  cr_assert_gt(steps, 10);

  bc_state_id p = 1;
  uint32_t h = 1;
  bc_store_link(s, (bc_state_id)n, &p, &h);
  cr_assert_eq(p, BC_NO_STATE, "unknown id has no parent");
  cr_assert_eq(h, 0);
  bc_store_free(s);
}

/* fp-only mode keeps the links in a temporary file: the store's memory is
** the table and the frontier, and the links still read back. */
static void fp_links_where(bool on_disk) {
  struct bc_store *s = new_store(8, true, 0, 0);
  const uint64_t n = 100000;
  for (uint64_t i = 0; i < n; i++)
    cr_assert_eq(insert_i(s, 8, i, i ? (bc_state_id)(i / 2) : BC_NO_STATE,
                          (uint32_t)i, NULL), 1);
  bc_state_id id;
  while (bc_store_next(s, &id)) /* drain the frontier */
    ;
  struct bc_store_stats st = stats(s);
  if (on_disk) {
    cr_assert_eq(st.disk_bytes, n * 8, "8 bytes a link on disk");
    cr_assert_lt(st.bytes, st.capacity * 8 + ((size_t)5 << 20),
                 "no link in memory");
  } else {
    cr_assert_eq(st.disk_bytes, 0);
    cr_assert_geq(st.bytes, st.capacity * 8 + n * 8, "links in memory");
  }
  cr_assert_geq(st.peak_bytes, st.bytes);
  for (uint64_t i = 1; i < n; i += 997) {
    bc_state_id parent;
    uint32_t how;
    bc_store_link(s, (bc_state_id)i, &parent, &how);
    cr_assert_eq(parent, (bc_state_id)(i / 2));
    cr_assert_eq(how, (uint32_t)i);
  }
  bc_store_free(s);
}

Test(store, fp_links_go_to_a_file) { fp_links_where(true); }

Test(store, fp_links_stay_in_memory_without_a_temp_dir) {
  setenv("TMPDIR", "/nonexistent/bootcheck-test", 1);
  fp_links_where(false);
}

/* ------------------------------------------------------------------------
** Limits
*/

/* After a failed insert the store must be exactly as before, and usable. */
static void check_after_failure(struct bc_store *s, size_t size,
                                const struct bc_store_stats *before,
                                uint64_t stored, bool fp_only) {
  struct bc_store_stats st = stats(s);
  cr_assert_eq(st.distinct, before->distinct);
  cr_assert_eq(st.inserts, before->inserts);
  cr_assert_eq(st.capacity, before->capacity);
  cr_assert_eq(st.bytes, before->bytes);
  cr_assert_eq(st.frontier, before->frontier);
  for (uint64_t i = 0; i < stored; i++) {
    bc_state_id id;
    cr_assert_eq(insert_i(s, size, i, 0, 0, &id), 0, "old state %llu found",
                 (unsigned long long)i);
    if (!fp_only) {
      cr_assert_eq(id, i);
      unsigned char b[MAX_STATE];
      make_state(b, size, i);
      cr_assert_arr_eq(bc_store_state(s, id), b, size);
    }
  }
  bc_state_id id;
  for (uint64_t i = 0; i < stored; i++) {
    const void *p = bc_store_next(s, &id);
    cr_assert_not_null(p);
    cr_assert_eq(id, i);
  }
  cr_assert_null(bc_store_next(s, &id));
}

static void memory_limit(bool fp_only) {
  const size_t limit = (size_t)3 << 20;
  struct bc_store *s = new_store(16, fp_only, 0, limit);
  uint64_t i = 0;
  int rc;
  struct bc_store_stats before;
  for (;; i++) {
    before = stats(s);
    cr_assert_leq(before.bytes, limit);
    rc = insert_i(s, 16, i, 0, 0, NULL);
    if (rc != 1)
      break;
  }
  cr_assert_eq(rc, BC_ENOMEM, "got %d (%s)", rc, bc_strerror(rc));
  cr_assert_gt(i, 10000, "the limit allows a fair number of states");
  cr_assert_eq(insert_i(s, 16, i, 0, 0, NULL), BC_ENOMEM, "fails again");
  check_after_failure(s, 16, &before, i, fp_only);
  bc_store_free(s);
}

Test(store, exact_memory_limit_fails_cleanly) { memory_limit(false); }

/* Exact mode doubles its table at 3/8 full, but under a memory limit
** that leaves no room for the doubling it goes on to 3/4 first: a limit
** holds as many states as it did before the early doubling. */
Test(store, exact_fills_to_three_quarters_under_a_limit) {
  for (size_t limit = (size_t)1 << 20; limit <= (size_t)24 << 20;
       limit += (size_t)3 << 19) {
    struct bc_store *s = new_store(8, false, 0, limit);
    uint64_t i = 0;
    while (insert_i(s, 8, i, 0, 0, NULL) == 1)
      i++;
    struct bc_store_stats st = stats(s);
    cr_assert_leq(st.bytes, limit);
    /* stopped with the table 3/4 full, or by the states and links (the
    ** table's doubling would not fit either way then) */
    uint64_t three_q = st.capacity / 2 + st.capacity / 4;
    size_t table = (size_t)st.capacity * 8;
    cr_assert(st.distinct >= three_q || st.bytes + 2 * table > limit,
              "limit %zu: %llu states in %llu slots, %zu bytes", limit,
              (unsigned long long)st.distinct,
              (unsigned long long)st.capacity, st.bytes);
    cr_assert(st.distinct > st.capacity / 4 + st.capacity / 8,
              "limit %zu: filled past 3/8 (%llu states in %llu slots)", limit,
              (unsigned long long)st.distinct,
              (unsigned long long)st.capacity);
    /* and every state is still there */
    for (uint64_t k = 0; k < i; k += 97)
      cr_assert_eq(insert_i(s, 8, k, 0, 0, NULL), 0);
    /* the limit lifted (as live.c does with its share), a table filled
    ** late doubles to one already past 3/8 full: it goes on */
    bc_store_set_max_memory(s, 0);
    for (uint64_t k = i; k < 3 * i; k++)
      cr_assert_eq(insert_i(s, 8, k, 0, 0, NULL), 1);
    for (uint64_t k = 0; k < 3 * i; k += 89)
      cr_assert_eq(insert_i(s, 8, k, 0, 0, NULL), 0);
    bc_store_free(s);
  }
}
Test(store, fp_memory_limit_fails_cleanly) { memory_limit(true); }

Test(store, memory_is_accounted) {
  struct bc_store *s = new_store(16, false, 0, 0);
  for (uint64_t i = 0; i < 1000000; i++)
    insert_i(s, 16, i, 0, 0, NULL);
  struct bc_store_stats st = stats(s);
  size_t lower = (size_t)(st.capacity * 8 + st.distinct * (16 + 8));
  cr_assert_geq(st.bytes, lower, "table, states and links are counted");
  /* Slack: the unfilled ends of the last state and link chunks (4 MiB at
   * most each). Old tables must not be counted any more. */
  cr_assert_lt(st.bytes, lower + ((size_t)9 << 20), "and not much more");
  bc_store_free(s);
}

Test(store, memory_does_not_depend_on_growth_history) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *grown = new_store(12, fp_only, 1, 0);
    struct bc_store *big = new_store(12, fp_only, 17, 0);
    for (uint64_t i = 0; i < 90000; i++) {
      insert_i(grown, 12, i, 0, 0, NULL);
      insert_i(big, 12, i, 0, 0, NULL);
    }
    cr_assert_eq(stats(grown).capacity, stats(big).capacity);
    cr_assert_eq(stats(grown).bytes, stats(big).bytes,
                 "16 doublings left no bytes behind");
    bc_store_free(grown);
    bc_store_free(big);
  }
}

/* Whatever the limit, the store never counts more bytes than it allows. */
Test(store, memory_limit_is_never_exceeded) {
  for (size_t limit = 20000; limit < 300000; limit += 1531) {
    struct bc_store_opts o = {.state_bytes = 24, .max_memory = limit};
    struct bc_store *s = NULL;
    cr_assert_eq(bc_store_new(&o, &s), BC_OK);
    if (limit % 2) /* half of them grow in place from the first table */
      bc_store_set_in_place(s, 0, 0);
    uint64_t i = 0;
    while (insert_i(s, 24, i, 0, 0, NULL) == 1) {
      cr_assert_leq(stats(s).bytes, limit, "limit %zu, state %llu", limit,
                    (unsigned long long)i);
      i++;
    }
    cr_assert_gt(i, 0, "limit %zu holds a state", limit);
    bc_store_free(s);
  }
}

/* A limit changed on the way (the liveness graph's share of the store's,
** checker/explore/live.c): lowered to what is in use, the next growth
** fails and the store stays usable; raised again, it goes on. */
Test(store, memory_limit_can_change) {
  struct bc_store *s = new_store(16, false, 0, (size_t)8 << 20);
  uint64_t i = 0;
  while (i < 5000)
    cr_assert_eq(insert_i(s, 16, i++, 0, 0, NULL), 1);
  bc_store_set_max_memory(s, 1); /* below what it uses: no more growth */
  int rc;
  while ((rc = insert_i(s, 16, i, 0, 0, NULL)) == 1)
    i++;
  cr_assert_eq(rc, BC_ENOMEM);
  size_t at = stats(s).bytes;
  bc_store_set_max_memory(s, (size_t)8 << 20);
  cr_assert_eq(insert_i(s, 16, i, 0, 0, NULL), 1);
  cr_assert_geq(stats(s).bytes, at);
  bc_store_free(s);
}

/* After the search: without its table the store keeps its states and
** links by id, and counts the table's bytes no more. */
Test(store, drop_table_keeps_states_and_links) {
  struct bc_store *s = new_store(16, false, 0, 0);
  for (uint64_t i = 0; i < 100000; i++)
    cr_assert_eq(insert_i(s, 16, i, i ? (bc_state_id)(i - 1) : BC_NO_STATE,
                          (uint32_t)i, NULL),
                 1);
  struct bc_store_stats before = stats(s);
  bc_store_drop_table(s);
  bc_store_drop_table(s); /* twice is nothing more */
  cr_assert_eq(stats(s).bytes, before.bytes - before.capacity * 8);
  for (uint64_t i = 0; i < 100000; i += 997) {
    unsigned char b[MAX_STATE];
    make_state(b, 16, i);
    cr_assert_eq(memcmp(bc_store_state(s, (bc_state_id)i), b, 16), 0);
    bc_state_id parent;
    uint32_t how;
    bc_store_link(s, (bc_state_id)i, &parent, &how);
    cr_assert_eq(how, (uint32_t)i);
    cr_assert_eq(parent, i ? (bc_state_id)(i - 1) : BC_NO_STATE);
  }
  bc_store_free(s);
}

/*
** Make each allocation in turn fail (test hook), whatever it is for: the
** table, a state chunk, a link chunk or a directory. Each failed insert must
** leave the store unchanged (and leak nothing that the same call had already
** allocated); the same insert then succeeds. With 5000-byte states every
** chunk holds few states, so a table doubling and new chunks come in the
** same insert.
*/
static void alloc_failures(bool fp_only, size_t size, uint64_t n,
                           bool in_place) {
  long nth;
  for (nth = 0;; nth++) {
    struct bc_store *s = new_store(size, fp_only, 1, 0);
    if (in_place) /* every table after the first grows in place */
      bc_store_set_in_place(s, 0, 0);
    bc_store_fail_alloc_after(s, nth);
    uint64_t i = 0, failures = 0;
    for (; i < n; i++) {
      struct bc_store_stats before = stats(s);
      int rc = insert_i(s, size, i, 0, 0, NULL);
      if (rc == BC_ENOMEM) {
        failures++;
        check_after_failure(s, size, &before, i, fp_only);
        rc = insert_i(s, size, i, 0, 0, NULL);
      }
      cr_assert_eq(rc, 1, "allocation %ld: state %llu", nth,
                   (unsigned long long)i);
    }
    for (uint64_t j = 0; j < i; j++)
      cr_assert_eq(insert_i(s, size, j, 0, 0, NULL), 0);
    bc_store_free(s);
    if (failures == 0)
      break; /* fewer than nth + 1 allocations: all of them were tried */
    cr_assert_eq(failures, 1, "allocation %ld failed once", nth);
  }
  cr_assert_gt(nth, 15, "tables, chunks and directories were all tried");
}

Test(store, exact_allocation_failures_leave_store_usable) {
  alloc_failures(false, 5, 20000, false);
  alloc_failures(false, 5000, 300, false);
  alloc_failures(false, 5, 20000, true);
}
Test(store, fp_allocation_failures_leave_store_usable) {
  alloc_failures(true, 5, 20000, false);
  alloc_failures(true, 5000, 300, false);
  alloc_failures(true, 5, 20000, true);
}

Test(store, state_limit_gives_elimit) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *s = new_store(8, fp_only, 0, 0);
    bc_store_set_state_limit(s, 100);
    for (uint64_t i = 0; i < 100; i++)
      cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 1);
    struct bc_store_stats before = stats(s);
    cr_assert_eq(insert_i(s, 8, 100, 0, 0, NULL), BC_ELIMIT);
    check_after_failure(s, 8, &before, 100, fp_only);
    bc_store_set_state_limit(s, UINT64_MAX);
    cr_assert_eq(insert_i(s, 8, 100, 0, 0, NULL), 1, "limit lifted");
    bc_store_free(s);
  }
}

/* ------------------------------------------------------------------------
** Collision bound
*/

Test(store, collision_bound_exact_is_zero) {
  struct bc_store *s = new_store(8, false, 0, 0);
  for (uint64_t i = 0; i < 1000; i++)
    insert_i(s, 8, i % 300, 0, 0, NULL);
  cr_assert_eq(stats(s).inserts, 1000);
  cr_assert_eq(bc_store_collision_bound(s), 0.0);
  bc_store_free(s);
}

Test(store, collision_bound_fp_is_tlc_estimate) {
  struct bc_store *s = new_store(8, true, 0, 0);
  for (uint64_t i = 0; i < 300; i++)
    insert_i(s, 8, i, 0, 0, NULL);
  cr_assert_eq(bc_store_collision_bound(s), 0.0, "no duplicate generated");
  for (uint64_t i = 0; i < 700; i++)
    insert_i(s, 8, i % 300, 0, 0, NULL);
  double want = 300.0 * (1000.0 - 300.0) / 18446744073709551616.0;
  double got = bc_store_collision_bound(s);
  cr_assert_gt(got, 0.0);
  cr_assert_float_eq(got, want, want * 1e-12);
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** State sizes
*/

struct size_case {
  size_t size;
  int fp_only;
};

ParameterizedTestParameters(store, state_sizes) {
  static struct size_case cases[] = {
      {1, 0}, {3, 0}, {8, 0}, {17, 0}, {100, 0},
      {1, 1}, {3, 1}, {8, 1}, {17, 1}, {100, 1},
  };
  return cr_make_param_array(struct size_case, cases,
                             sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct size_case *c, store, state_sizes) {
  uint64_t n = c->size == 1 ? 256 : 20000;
  struct bc_store *s = new_store(c->size, c->fp_only, 2, 0);
  unsigned char b[MAX_STATE];
  for (uint64_t i = 0; i < n; i++) {
    bc_state_id id;
    cr_assert_eq(insert_i(s, c->size, i, 0, (uint32_t)i, &id), 1,
                 "size %zu state %llu", c->size, (unsigned long long)i);
    cr_assert_eq(id, i);
    /* Every state arrives twice, like successors reached twice. */
    cr_assert_eq(insert_i(s, c->size, i / 2, 0, 0, NULL), 0);
  }
  for (uint64_t i = 0; i < n; i++) {
    make_state(b, c->size, i);
    if (!c->fp_only)
      cr_assert_arr_eq(bc_store_state(s, (bc_state_id)i), b, c->size);
    bc_state_id id;
    const void *p = bc_store_next(s, &id);
    cr_assert_eq(id, i);
    cr_assert_arr_eq(p, b, c->size, "size %zu state %llu", c->size,
                     (unsigned long long)i);
  }
  cr_assert_null(bc_store_next(s, NULL));
  cr_assert_eq(stats(s).distinct, n);
  cr_assert_eq(stats(s).inserts, 2 * n);
  bc_store_free(s);
}

/* ------------------------------------------------------------------------
** Batch insert (bc_store_insert_words)
*/

/* State number 'i' (of 'size' bytes) as whole words, the tail zero. */
static void make_words(uint64_t *w, size_t size, uint64_t i) {
  unsigned char b[MAX_STATE];
  make_state(b, size, i);
  memset(w, 0, bc_state_words(size) * 8);
  memcpy(w, b, size);
}

/*
** The same records, duplicates included, through bc_store_insert one by
** one and through bc_store_insert_words in batches of varying size, from a
** tiny table (so that it doubles inside batches): the same new states, ids,
** counts, probes, frontier and links.
*/
/* Stores a and b hold the same states, links and counts, in the same
** order; both are freed. */
static void same_stores(struct bc_store *a, struct bc_store *b, size_t size) {
  struct bc_store_stats sa = stats(a), sb = stats(b);
  cr_assert_eq(sb.distinct, sa.distinct);
  cr_assert_eq(sb.inserts, sa.inserts);
  cr_assert_eq(sb.probes, sa.probes);
  cr_assert_eq(sb.capacity, sa.capacity);
  for (bc_state_id id = 0; id < sa.distinct; id++) {
    bc_state_id pa, pb;
    uint32_t ha, hb;
    bc_store_link(a, id, &pa, &ha);
    bc_store_link(b, id, &pb, &hb);
    cr_assert(pa == pb && ha == hb, "link of %u", id);
    bc_state_id ia, ib;
    const void *xa = bc_store_next(a, &ia), *xb = bc_store_next(b, &ib);
    cr_assert(xa && xb && ia == ib && memcmp(xa, xb, size) == 0);
  }
  bc_store_free(a);
  bc_store_free(b);
}

static void batch_matches_single(bool fp_only, size_t size, bool with_ids) {
  enum { NREC = 3000, MAXB = 97 };
  size_t sw = bc_state_words(size);
  struct bc_store *a = new_store(size, fp_only, 2, 0);
  struct bc_store *b = new_store(size, fp_only, 2, 0);
  uint64_t *words = calloc((size_t)MAXB * sw, 8), fps[MAXB];
  uint32_t parent[MAXB], how[MAXB], idx[MAXB], ids[MAXB], ida[MAXB];
  cr_assert_not_null(words);
  uint64_t next = 0;
  for (size_t done = 0, nb = 1; done < NREC;
       done += nb, nb = (nb * 5 + 3) % MAXB + 1) {
    if (nb > NREC - done)
      nb = NREC - done;
    bool isnew[MAXB];
    for (size_t i = 0; i < nb; i++) {
      uint64_t st = (next * 7919) % 1000; /* about three of each */
      next++;
      make_words(words + i * sw, size, st);
      parent[i] = (uint32_t)st;
      how[i] = (uint32_t)(done + i);
      bc_state_id id;
      int rc = bc_store_insert(a, words + i * sw,
                               bc_fingerprint_words(words + i * sw, sw),
                               parent[i], how[i], &id);
      cr_assert(rc == 0 || rc == 1);
      isnew[i] = rc == 1;
      ida[i] = id;
    }
    size_t nnew = 99999, ndone = 99999, k = 0;
    uint64_t before = stats(b).distinct;
    cr_assert_eq(bc_store_insert_words(b, words, sw, parent, how, nb, fps, idx,
                                       with_ids ? ids : NULL, &nnew, &ndone),
                 BC_OK);
    cr_assert_eq(ndone, nb);
    for (size_t i = 0; i < nb; i++) {
      cr_assert_eq(fps[i], bc_fingerprint_words(words + i * sw, sw));
      /* found or new, the id bc_store_insert gave (BC_NO_STATE for a
      ** state found in fingerprint-only mode) */
      if (with_ids)
        cr_assert_eq(ids[i], ida[i], "id of record %zu", i);
      if (isnew[i]) {
        cr_assert(k < nnew && idx[k] == i, "record %zu is new", i);
        cr_assert_eq(memcmp(bc_store_state(b, (bc_state_id)(before + k)) ?
                                bc_store_state(b, (bc_state_id)(before + k))
                                : (const void *)(words + i * sw),
                            words + i * sw, size),
                     0);
        k++;
      }
    }
    cr_assert_eq(k, nnew);
  }
  struct bc_store_stats sa = stats(a), sb = stats(b);
  cr_assert_eq(sa.distinct, 1000);
  cr_assert_eq(sb.bytes, sa.bytes);
  same_stores(a, b, size);
  free(words);
}

Test(store, exact_batch_matches_single_inserts) {
  size_t sizes[] = {3, 8, 12, 16, 20, 32, 41};
  for (int with_ids = 0; with_ids < 2; with_ids++)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
      batch_matches_single(false, sizes[i], with_ids);
}

Test(store, fp_batch_matches_single_inserts) {
  size_t sizes[] = {3, 8, 12, 16, 20, 32, 41};
  for (int with_ids = 0; with_ids < 2; with_ids++)
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
      batch_matches_single(true, sizes[i], with_ids);
}

/* A failing record ends the batch there: the records before it are in,
** the store is unchanged by it and still usable. */
Test(store, batch_stops_at_the_failing_record) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *s = new_store(12, fp_only, 0, 0);
    bc_store_set_state_limit(s, 10);
    uint64_t words[40 * 2], fps[40];
    uint32_t parent[40] = {0}, how[40] = {0}, idx[40], ids[40];
    for (uint64_t i = 0; i < 40; i++) /* 0 0 1 1 2 2 ... */
      make_words(words + i * 2, 12, i / 2);
    size_t nnew, ndone;
    cr_assert_eq(bc_store_insert_words(s, words, 2, parent, how, 40, fps, idx,
                                       ids, &nnew, &ndone),
                 BC_ELIMIT);
    cr_assert_eq(nnew, 10);
    cr_assert_eq(ndone, 20, "the 11th new state is record 20");
    for (size_t i = 0; i < 20; i++) /* the records handled */
      cr_assert_eq(ids[i], i % 2 && fp_only ? BC_NO_STATE : i / 2);
    for (size_t i = 0; i < 40; i++) /* every fingerprint, stopped or not */
      cr_assert_eq(fps[i], bc_fingerprint_words(words + i * 2, 2));
    for (size_t k = 0; k < 10; k++)
      cr_assert_eq(idx[k], 2 * k);
    struct bc_store_stats st = stats(s);
    cr_assert_eq(st.distinct, 10);
    cr_assert_eq(st.inserts, 20);
    bc_store_set_state_limit(s, UINT64_MAX);
    cr_assert_eq(bc_store_insert_words(s, words + 20 * 2, 2, parent, how, 20,
                                       fps, idx, NULL, &nnew, &ndone),
                 BC_OK);
    cr_assert(nnew == 10 && ndone == 20 && idx[0] == 0);
    bc_store_free(s);
  }
}

/* ------------------------------------------------------------------------
** Batch insert with the fingerprints given (bc_store_insert_words_fp)
*/

/* bc_fingerprint_many is bc_fingerprint of each state. */
Test(store, fingerprint_many_is_bc_fingerprint) {
  enum { N = 40 };
  for (size_t size = 1; size <= 41; size++) {
    size_t sw = bc_state_words(size);
    uint64_t *words = calloc(N * sw, 8), fps[N];
    cr_assert_not_null(words);
    for (size_t i = 0; i < N; i++)
      make_words(words + i * sw, size, i);
    bc_fingerprint_many(words, sw, size, N, fps);
    for (size_t i = 0; i < N; i++)
      cr_assert_eq(fps[i], bc_fingerprint(words + i * sw, size), "size %zu",
                   size);
    free(words);
  }
}

/*
** The records a selection names (every third left out, as another
** worker's), fingerprinted by bc_fingerprint, through bc_store_insert one
** by one and through bc_store_insert_words_fp in batches, with the
** selection and without (the outbox case): the same new states, ids,
** counts, probes and links, from a tiny table that doubles inside batches.
*/
static void batch_fp_matches_single(bool fp_only, size_t size, bool use_sel,
                                    bool with_ids) {
  enum { NREC = 3000, MAXB = 97 };
  size_t sw = bc_state_words(size);
  struct bc_store *a = new_store(size, fp_only, 2, 0);
  struct bc_store *b = new_store(size, fp_only, 2, 0);
  uint64_t *words = calloc((size_t)MAXB * sw, 8), fps[MAXB];
  uint32_t parent[MAXB], how[MAXB], sel[MAXB], idx[MAXB], ids[MAXB],
      ida[MAXB];
  cr_assert_not_null(words);
  uint64_t next = 0;
  for (size_t done = 0, nb = 1; done < NREC;
       done += nb, nb = (nb * 5 + 3) % MAXB + 1) {
    if (nb > NREC - done)
      nb = NREC - done;
    bool isnew[MAXB] = {false};
    size_t nsel = 0;
    for (size_t i = 0; i < nb; i++) {
      uint64_t st = (next * 7919) % 1000;
      next++;
      make_words(words + i * sw, size, st);
      fps[i] = bc_fingerprint(words + i * sw, size);
      parent[i] = (uint32_t)st;
      how[i] = (uint32_t)(done + i);
      if (use_sel && (done + i) % 3 == 2)
        continue;
      bc_state_id id;
      int rc = bc_store_insert(a, words + i * sw, fps[i], parent[i], how[i],
                               &id);
      cr_assert(rc == 0 || rc == 1);
      isnew[i] = rc == 1;
      ida[nsel] = id;
      sel[nsel++] = (uint32_t)i;
    }
    size_t nnew = 99999, ndone = 99999, k = 0;
    uint64_t before = stats(b).distinct;
    cr_assert_eq(bc_store_insert_words_fp(b, words, sw, parent, how, fps,
                                          use_sel ? sel : NULL, nsel, idx,
                                          with_ids ? ids : NULL, &nnew,
                                          &ndone),
                 BC_OK);
    cr_assert_eq(ndone, nsel);
    for (size_t q = 0; with_ids && q < nsel; q++) /* by position in sel */
      cr_assert_eq(ids[q], ida[q], "id of inserted record %zu", q);
    for (size_t i = 0; i < nb; i++)
      if (isnew[i]) {
        cr_assert(k < nnew && idx[k] == i, "record %zu is new", i);
        const void *got = bc_store_state(b, (bc_state_id)(before + k));
        cr_assert(fp_only || memcmp(got, words + i * sw, size) == 0);
        k++;
      }
    cr_assert_eq(k, nnew);
  }
  same_stores(a, b, size);
  free(words);
}

Test(store, batch_with_fingerprints_matches_single_inserts) {
  size_t sizes[] = {3, 8, 12, 16, 20, 32, 41};
  for (int fp_only = 0; fp_only < 2; fp_only++)
    for (int use_sel = 0; use_sel < 2; use_sel++)
      for (int with_ids = 0; with_ids < 2; with_ids++)
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
          batch_fp_matches_single(fp_only, sizes[i], use_sel, with_ids);
}

/* A failing record ends the batch there, counted in selected records. */
Test(store, batch_with_fingerprints_stops_at_the_failing_record) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *s = new_store(12, fp_only, 0, 0);
    bc_store_set_state_limit(s, 10);
    uint64_t words[40 * 2], fps[40];
    uint32_t parent[40] = {0}, how[40] = {0}, sel[20], idx[40];
    for (uint64_t i = 0; i < 40; i++) { /* 0 x 1 x 2 x ...: odd ones out */
      make_words(words + i * 2, 12, i % 2 ? 1000 + i : i / 2);
      fps[i] = bc_fingerprint(words + i * 2, 12);
    }
    for (uint32_t i = 0; i < 20; i++)
      sel[i] = 2 * i;
    size_t nnew, ndone;
    cr_assert_eq(bc_store_insert_words_fp(s, words, 2, parent, how, fps, sel,
                                          20, idx, NULL, &nnew, &ndone),
                 BC_ELIMIT);
    cr_assert_eq(nnew, 10);
    cr_assert_eq(ndone, 10, "the 11th selected record is the 11th new");
    for (size_t k = 0; k < 10; k++)
      cr_assert_eq(idx[k], 2 * k, "record numbers, not positions");
    cr_assert_eq(stats(s).distinct, 10);
    bc_store_free(s);
  }
}

/*
** Exact mode's confirm in the batch loop (same_state, same_record: word
** loads that overlap, per size class): states of every size from 1 to 41
** bytes that differ in one byte only, at every position, all under one
** fingerprint (every tag matches), are all new; the same records again
** are all visited, in one batch and in a batch of their own each.
*/
Test(store, batch_confirm_sees_every_byte) {
  enum { MAXS = 41, NREC = MAXS + 1 };
  for (size_t size = 1; size <= MAXS; size++) {
    size_t sw = bc_state_words(size);
    struct bc_store *s = new_store(size, false, 2, 0);
    uint64_t *words = calloc((size_t)NREC * sw, 8), fps[NREC];
    uint32_t parent[NREC] = {0}, how[NREC] = {0}, idx[NREC];
    cr_assert_not_null(words);
    size_t n = size + 1; /* all zero, then byte p set */
    for (size_t i = 0; i < n; i++) {
      if (i)
        ((unsigned char *)(words + i * sw))[i - 1] = 0x5a;
      fps[i] = 0x1234567800000005ull;
    }
    size_t nnew, ndone;
    cr_assert_eq(bc_store_insert_words_fp(s, words, sw, parent, how, fps, NULL,
                                          n, idx, NULL, &nnew, &ndone),
                 BC_OK);
    cr_assert(nnew == n && ndone == n, "size %zu: %zu new of %zu", size, nnew,
              n);
    cr_assert_eq(bc_store_insert_words_fp(s, words, sw, parent, how, fps, NULL,
                                          n, idx, NULL, &nnew, &ndone),
                 BC_OK);
    cr_assert_eq(nnew, 0, "size %zu: all visited", size);
    for (size_t i = 0; i < n; i++) {
      cr_assert_eq(bc_store_insert_words_fp(s, words + i * sw, sw, parent,
                                            how, fps + i, NULL, 1, idx, NULL,
                                            &nnew, &ndone),
                   BC_OK);
      cr_assert_eq(nnew, 0, "size %zu record %zu", size, i);
    }
    cr_assert_eq(stats(s).distinct, n);
    bc_store_free(s);
    free(words);
  }
}

/* ------------------------------------------------------------------------
** Growth in place (states/store.c, "Layout", rehash_in_place)
*/

static uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

/*
** Fingerprint number 'i' of a sequence 'kind': 0 random; 1 one in 8 with
** the low 12 bits all ones (home: the last slot of any table up to 4096
** slots, and clusters that wrap around the end); 2 the low 7 bits all
** ones for every third state (long clusters that wrap, more slots than
** growth in place keeps on the stack). Never 0, and distinct low 32 bits
** are not needed: exact mode confirms against the state.
*/
static uint64_t seq_fp(int kind, uint64_t *rng, uint64_t i) {
  uint64_t f = splitmix(rng);
  if ((kind == 1 && i % 8 == 0))
    f |= 0xfff;
  if (kind == 2 && i % 3 == 0)
    f |= 0x7f;
  return f ? f : 1;
}

/*
** The same fingerprints into a store that grows in place from its first
** table ('cap': reservations of at most 2^cap slots, then copies), one
** that always copies, and one that always copies by probing for every
** slot (the reference: bc_store_set_plain_rehash): after every insert
** that doubled the table, the three tables are the same slot for slot,
** and every state so far is found under its id.
*/
static void in_place_matches_copying(bool fp_only, int kind, unsigned log2,
                                     unsigned cap, uint64_t n) {
  struct bc_store *a = new_store(8, fp_only, log2, 0);
  struct bc_store *b = new_store(8, fp_only, log2, 0);
  struct bc_store *c = new_store(8, fp_only, log2, 0);
  bc_store_set_in_place(a, 0, cap);
  bc_store_set_in_place(b, SIZE_MAX, 0);
  bc_store_set_in_place(c, SIZE_MAX, 0);
  bc_store_set_plain_rehash(c, true);
  uint64_t *fps = malloc(n * sizeof *fps), rng = (uint64_t)kind * 977 + log2;
  cr_assert_not_null(fps);
  bool reserved = false;
  for (uint64_t i = 0; i < n; i++) {
    unsigned char st[8];
    make_state(st, 8, i);
    fps[i] = seq_fp(kind, &rng, i);
    uint64_t cap0 = stats(a).capacity;
    bc_state_id ia, ib;
    cr_assert_eq(bc_store_insert(a, st, fps[i], 0, 0, &ia), 1);
    cr_assert_eq(bc_store_insert(b, st, fps[i], 0, 0, &ib), 1);
    cr_assert_eq(bc_store_insert(c, st, fps[i], 0, 0, NULL), 1);
    reserved |= bc_store_table_reserved(a);
    cr_assert_not(bc_store_table_reserved(b));
    if (stats(a).capacity == cap0)
      continue;
    cr_assert_eq(stats(b).capacity, stats(a).capacity);
    cr_assert_eq(bc_store_table_digest(a), bc_store_table_digest(b),
                 "mode %d kind %d: same table at %llu slots", fp_only, kind,
                 (unsigned long long)stats(a).capacity);
    cr_assert_eq(bc_store_table_digest(b), bc_store_table_digest(c),
                 "mode %d kind %d: the reference's table at %llu slots",
                 fp_only, kind, (unsigned long long)stats(a).capacity);
    for (uint64_t k = 0; k <= i; k++) {
      make_state(st, 8, k);
      cr_assert_eq(bc_store_insert(a, st, fps[k], 0, 0, &ia), 0,
                   "state %llu found after growth to %llu slots",
                   (unsigned long long)k,
                   (unsigned long long)stats(a).capacity);
      if (!fp_only)
        cr_assert_eq(ia, k);
    }
  }
  cr_assert(reserved, "the table did grow in place");
  cr_assert_eq(bc_store_table_digest(a), bc_store_table_digest(b));
  cr_assert_eq(bc_store_table_digest(b), bc_store_table_digest(c));
  free(fps);
  bc_store_free(a);
  bc_store_free(b);
  bc_store_free(c);
}

Test(store, in_place_growth_matches_copying) {
  for (int fp_only = 0; fp_only < 2; fp_only++)
    for (int kind = 0; kind < 3; kind++) {
      in_place_matches_copying(fp_only, kind, 1, 0, 40000);
      in_place_matches_copying(fp_only, kind, 4, 9, 6000);
    }
}

/* Every state in one cluster (equal homes), from a 2-slot table: at each
** doubling the whole cluster wraps, more slots than the stack keeps. */
Test(store, in_place_growth_of_one_cluster) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *a = new_store(8, fp_only, 1, 0);
    struct bc_store *b = new_store(8, fp_only, 1, 0);
    struct bc_store *c = new_store(8, fp_only, 1, 0);
    bc_store_set_in_place(a, 0, 0);
    bc_store_set_in_place(b, SIZE_MAX, 0);
    bc_store_set_in_place(c, SIZE_MAX, 0);
    bc_store_set_plain_rehash(c, true);
    unsigned char st[8];
    for (uint64_t i = 0; i < 3000; i++) {
      make_state(st, 8, i);
      uint64_t fp = ((i + 1) << 32) | 0xffffu;
      cr_assert_eq(bc_store_insert(a, st, fp, 0, 0, NULL), 1);
      cr_assert_eq(bc_store_insert(b, st, fp, 0, 0, NULL), 1);
      cr_assert_eq(bc_store_insert(c, st, fp, 0, 0, NULL), 1);
    }
    cr_assert(bc_store_table_reserved(a));
    cr_assert_eq(bc_store_table_digest(a), bc_store_table_digest(b));
    cr_assert_eq(bc_store_table_digest(b), bc_store_table_digest(c));
    for (uint64_t i = 0; i < 3000; i++) {
      make_state(st, 8, i);
      bc_state_id id;
      cr_assert_eq(bc_store_insert(a, st, ((i + 1) << 32) | 0xffffu, 0, 0,
                                   &id),
                   0);
      if (!fp_only)
        cr_assert_eq(id, i);
    }
    bc_store_free(a);
    bc_store_free(b);
    bc_store_free(c);
  }
}

/* By default a table of 2 MiB and more grows in place: no old table
** alive with the new one, so the peak is what the store holds. */
Test(store, big_tables_grow_in_place) {
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *s = new_store(8, fp_only, 0, 0);
    struct bc_store *c = new_store(8, fp_only, 0, 0);
    bc_store_set_in_place(c, SIZE_MAX, 0);
    for (uint64_t i = 0; i < 400000; i++) {
      cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 1);
      cr_assert_eq(insert_i(c, 8, i, 0, 0, NULL), 1);
    }
    cr_assert(bc_store_table_reserved(s));
    cr_assert_not(bc_store_table_reserved(c));
    struct bc_store_stats st = stats(s), sc = stats(c);
    cr_assert_eq(st.bytes, sc.bytes, "the same memory once grown");
    cr_assert_eq(bc_store_table_digest(s), bc_store_table_digest(c));
    cr_assert_lt(st.peak_bytes - st.bytes, (size_t)64 << 10,
                 "in place: no old table at the peak");
    cr_assert_geq(sc.peak_bytes - sc.bytes, sc.capacity * 8 / 2,
                  "copying: the old table at the peak");
    for (uint64_t i = 0; i < 400000; i += 7)
      cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 0);
    bc_store_free(s);
    bc_store_free(c);
  }
}

/* An address-space limit (ulimit -v) counts reserved space: then the
** store copies its tables, as when no reservation can be had. */
Test(store, copies_under_an_address_space_limit) {
  struct rlimit rl;
  cr_assert_eq(getrlimit(RLIMIT_AS, &rl), 0);
  rl.rlim_cur = (rlim_t)1 << 45; /* finite, far above what is used */
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < rl.rlim_cur)
    rl.rlim_cur = rl.rlim_max;
  cr_assert_eq(setrlimit(RLIMIT_AS, &rl), 0);
  struct bc_store *s = new_store(8, false, 0, 0);
  for (uint64_t i = 0; i < 300000; i++)
    cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 1);
  cr_assert(stats(s).capacity * 8 >= ((size_t)2 << 20));
  cr_assert_not(bc_store_table_reserved(s));
  for (uint64_t i = 0; i < 300000; i += 3)
    cr_assert_eq(insert_i(s, 8, i, 0, 0, NULL), 0);
  bc_store_free(s);
}

/*
** Under a memory limit, growth in place (needing the added half only)
** holds at least as many states as copying (needing both tables), and
** more when the table's doubling at 3/4 full is what stops the copy.
*/
Test(store, in_place_holds_more_under_a_limit) {
  static const size_t mib2[] = {10, 14, 18, 23, 28}; /* limits, MiB * 2 */
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    size_t size = fp_only ? 8 : 24;
    uint64_t more = 0;
    for (size_t l = 0; l < sizeof mib2 / sizeof *mib2; l++) {
      size_t limit = mib2[l] << 19;
      uint64_t got[2];
      for (int copy = 0; copy < 2; copy++) {
        struct bc_store *s = new_store(size, fp_only, 0, limit);
        if (copy)
          bc_store_set_in_place(s, SIZE_MAX, 0);
        uint64_t i = 0;
        int rc;
        while ((rc = insert_i(s, size, i, 0, 0, NULL)) == 1)
          i++;
        cr_assert_eq(rc, BC_ENOMEM);
        cr_assert_leq(stats(s).peak_bytes, limit);
        if (copy)
          cr_assert_not(bc_store_table_reserved(s));
        for (uint64_t k = 0; k < i; k += 101)
          cr_assert_eq(insert_i(s, size, k, 0, 0, NULL), 0);
        got[copy] = i;
        bc_store_free(s);
      }
      cr_assert_geq(got[0], got[1], "limit %zu: %llu in place, %llu copying",
                    limit, (unsigned long long)got[0],
                    (unsigned long long)got[1]);
      more += got[0] > got[1];
    }
    cr_assert_geq(more, 1, "in place holds more under some limits");
  }
}

/* ------------------------------------------------------------------------
** First touch ahead (opts.pretouch)
*/

static struct bc_store *new_store_pt(size_t size, bool fp_only, bool pt) {
  struct bc_store_opts o = {.state_bytes = size,
                            .fingerprint_only = fp_only,
                            .pretouch = pt};
  struct bc_store *s = NULL;
  cr_assert_eq(bc_store_new(&o, &s), BC_OK);
  return s;
}

/*
** A store whose helper faults in its chunks and tables ahead is the same
** store: the same ids, links, frontier, table slot for slot, and in exact
** mode at most a state chunk and a link chunk (under 8 MiB each; 6 and
** 4 MiB here) more memory, freed when a memory limit is set; fp-only
** mode allocates nothing ahead. 24-byte states, 600,000 of them: full
** chunks and tables that double in place, with the frontier drained as
** it goes (fp-only mode frees and reuses its chunks then).
*/
Test(store, first_touch_ahead_changes_nothing) {
  enum { SIZE = 24, N = 600000 };
  for (int fp_only = 0; fp_only < 2; fp_only++) {
    struct bc_store *a = new_store_pt(SIZE, fp_only, true);
    struct bc_store *b = new_store_pt(SIZE, fp_only, false);
    uint64_t next = 0;
    for (uint64_t i = 0; i < N; i++) {
      bc_state_id ia, ib, pa, pb;
      cr_assert_eq(insert_i(a, SIZE, i, (bc_state_id)(i / 3), (uint32_t)i,
                            &ia),
                   1);
      cr_assert_eq(insert_i(b, SIZE, i, (bc_state_id)(i / 3), (uint32_t)i,
                            &ib),
                   1);
      cr_assert_eq(ia, ib);
      if (i % 5 == 4) { /* drain a state of each frontier */
        const void *sa = bc_store_next(a, &pa), *sb = bc_store_next(b, &pb);
        cr_assert(sa && sb && pa == pb && pa == next);
        unsigned char want[SIZE];
        make_state(want, SIZE, next);
        cr_assert_arr_eq(sa, want, SIZE);
        cr_assert_arr_eq(sb, want, SIZE);
        next++;
      }
    }
    cr_assert(bc_store_table_reserved(a));
    cr_assert_eq(bc_store_table_digest(a), bc_store_table_digest(b));
    struct bc_store_stats sa = stats(a), sb = stats(b);
    cr_assert_eq(sa.distinct, sb.distinct);
    cr_assert_eq(sa.capacity, sb.capacity);
    if (fp_only)
      cr_assert_eq(sa.bytes, sb.bytes, "fp-only: nothing ahead");
    else
      cr_assert(sa.bytes >= sb.bytes &&
                    sa.bytes - sb.bytes <= ((size_t)16 << 20),
                "exact: %zu bytes against %zu", sa.bytes, sb.bytes);
    for (uint64_t i = 0; i < N; i += 13) {
      bc_state_id ia;
      cr_assert_eq(insert_i(a, SIZE, i, 0, 0, &ia), 0);
      if (!fp_only) {
        cr_assert_eq(ia, i);
        bc_state_id parent;
        uint32_t how;
        bc_store_link(a, ia, &parent, &how);
        cr_assert(parent == i / 3 && how == i);
      }
    }
    /* a limit frees what was allocated ahead */
    bc_store_set_max_memory(a, (size_t)1 << 40);
    bc_store_set_max_memory(b, (size_t)1 << 40);
    cr_assert_eq(stats(a).bytes, stats(b).bytes);
    for (uint64_t i = N; i < N + 100000; i++) {
      cr_assert_eq(insert_i(a, SIZE, i, 0, 0, NULL), 1);
      cr_assert_eq(insert_i(b, SIZE, i, 0, 0, NULL), 1);
    }
    cr_assert_eq(stats(a).bytes, stats(b).bytes);
    cr_assert_eq(bc_store_table_digest(a), bc_store_table_digest(b));
    bc_store_free(a);
    bc_store_free(b);
  }
}

/* A store freed, or its table dropped, right after a doubling, while its
** helper may still be faulting in the added half: no crash, no leak
** (the suite's leak check, and the sanitizers in CI). */
Test(store, first_touch_ahead_stops_cleanly) {
  for (int fp_only = 0; fp_only < 2; fp_only++)
    for (int drop = 0; drop < 2; drop++) {
      struct bc_store *s = new_store_pt(8, fp_only, true);
      uint64_t cap = stats(s).capacity, i = 0;
      int doublings = 0;
      while (doublings < (drop ? 16 : 17)) {
        cr_assert_eq(insert_i(s, 8, i++, 0, 0, NULL), 1);
        if (stats(s).capacity != cap) {
          cap = stats(s).capacity;
          doublings++;
        }
      }
      if (drop) {
        bc_store_drop_table(s);
        cr_assert_eq(stats(s).distinct, i);
      }
      bc_store_free(s);
    }
}
