#include <criterion/criterion.h>

#include "bootcheck/states.h"

#include <string.h>
#include "leakcheck.h"

TestSuite(fingerprint, .fini = bc_leak_check, .timeout = 10.);

Test(fingerprint, equal_input_equal_hash) {
  cr_assert_eq(bc_fingerprint("abc", 3), bc_fingerprint("abc", 3));
}

Test(fingerprint, different_input_different_hash) {
  cr_assert_neq(bc_fingerprint("abc", 3), bc_fingerprint("abd", 3));
}

Test(fingerprint, never_zero) {
  unsigned char b[4] = {0};
  for (unsigned i = 0; i < 100000; i++) {
    memcpy(b, &i, sizeof b);
    cr_assert_neq(bc_fingerprint(b, sizeof b), 0);
  }
}

/* States as words (bc_state_copy_words, bc_state_load_words): the same
** words whatever the padding holds, the bytes after the state zero, and
** nothing written past the last word; small states (a loop of words) and
** big ones (over 16 words: one memcpy) alike. */
Test(fingerprint, state_words_copy_and_load) {
  for (size_t n = 1; n <= 300; n++) {
    unsigned char src[304 + 8];
    for (size_t i = 0; i < sizeof src; i++)
      src[i] = (unsigned char)(0xa5 ^ (i * 37));
    uint64_t a[40], b[40] = {0}, want[40] = {0};
    memset(a, 0x5a, sizeof a);
    memcpy(want, src, n);
    bc_state_copy_words(a, src, n);
    bc_state_load_words(b, src, n);
    size_t nw = bc_state_words(n);
    cr_assert_eq(memcmp(a, want, nw * 8), 0, "copy, n = %zu", n);
    cr_assert_eq(a[nw], UINT64_C(0x5a5a5a5a5a5a5a5a), "past, n = %zu", n);
    cr_assert_eq(memcmp(b, want, nw * 8), 0, "load, n = %zu", n);
    cr_assert_eq(bc_fingerprint_words(a, nw), bc_fingerprint_words(b, nw));
    cr_assert_neq(bc_fingerprint_words(a, nw), 0);
  }
}
