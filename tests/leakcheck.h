/*
** leakcheck.h - fixture that turns a LeakSanitizer report into a failure.
**
** Criterion runs each test in a child process and ignores that child's exit
** status once the test body has finished, so leaks reported at exit would
** pass. Aborting in .fini makes the test binary exit non-zero.
*/
#ifndef BOOTCHECK_TESTS_LEAKCHECK_H
#define BOOTCHECK_TESTS_LEAKCHECK_H

#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define BC_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BC_HAVE_LSAN 1
#endif
#endif

#ifdef BC_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
static inline void bc_leak_check(void) {
  if (__lsan_do_recoverable_leak_check() != 0)
    abort();
}
#else
static inline void bc_leak_check(void) {}
#endif

#endif /* BOOTCHECK_TESTS_LEAKCHECK_H */
