/*
** fingerprint.c - state fingerprints (xxHash XXH3, 64 bits) and error names.
*/
#include "bootcheck/states.h"

/* The header-only build of the packaged libxxhash: XXH3 is inlined into
** bc_fingerprint instead of called through the shared library (states are
** a few bytes; the call was most of the cost). */
#define XXH_INLINE_ALL
#include <xxhash.h>

uint64_t bc_fingerprint(const void *state, size_t len) {
  uint64_t h = (uint64_t)XXH3_64bits(state, len);
  return h ? h : 0x9e3779b97f4a7c15ull; /* 0 marks an empty slot */
}

uint64_t bc_fingerprint_words(const uint64_t *w, size_t nwords) {
  uint64_t h = (uint64_t)XXH3_64bits(w, nwords * 8);
  return h ? h : 0x9e3779b97f4a7c15ull;
}

/* The loop, for states of 'len' bytes (a constant when the caller's is:
** XXH3's choice of method by length folds). */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((always_inline))
#endif
static inline void fingerprint_many(const uint64_t *w, size_t sw, size_t len,
                                    size_t n, uint64_t *fps) {
  for (size_t i = 0; i < n; i++) {
    uint64_t h = (uint64_t)XXH3_64bits(w + i * sw, len);
    fps[i] = h ? h : 0x9e3779b97f4a7c15ull;
  }
}

void bc_fingerprint_many(const uint64_t *w, size_t sw, size_t len, size_t n,
                         uint64_t *fps) {
  switch (len) { /* the usual boot models: a few bytes */
#define LEN(k)                                                                 \
  case k:                                                                      \
    fingerprint_many(w, sw, k, n, fps);                                        \
    return;
    LEN(1) LEN(2) LEN(3) LEN(4) LEN(5) LEN(6) LEN(7) LEN(8)
    LEN(9) LEN(10) LEN(11) LEN(12) LEN(13) LEN(14) LEN(15) LEN(16)
    LEN(17) LEN(18) LEN(19) LEN(20) LEN(21) LEN(22) LEN(23) LEN(24)
    LEN(25) LEN(26) LEN(27) LEN(28) LEN(29) LEN(30) LEN(31) LEN(32)
#undef LEN
  default:
    fingerprint_many(w, sw, len, n, fps);
  }
}

const char *bc_strerror(int err) {
  switch (err) {
  case BC_OK:
    return "success";
  case BC_ENOMEM:
    return "out of memory";
  case BC_ELIMIT:
    return "too many states";
  case BC_EINVAL:
    return "invalid argument";
  case BC_EIO:
    return "cannot write the trace-link file";
  }
  return "unknown error";
}
