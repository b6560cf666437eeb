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
