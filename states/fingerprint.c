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
