/*
** compile_int.h - what the compiler shares with the VM and the reports.
*/
#ifndef BOOTCHECK_COMPILE_INT_H
#define BOOTCHECK_COMPILE_INT_H

#include <stdint.h>
#include <string.h>

#include "bootcheck/model.h"

/* Runtime error reasons (HALT operand and VM errors). */
enum bc_rterr {
  BC_RT_NONE,
  BC_RT_RANGE,     /* value outside the variable's type */
  BC_RT_INDEX,     /* array index outside its range */
  BC_RT_OVERFLOW,  /* integer overflow */
  BC_RT_DIVZERO,   /* division by zero */
  BC_RT_CHOICES,   /* too many choice points on one path */
  BC_RT_STACK,     /* placement nesting */
  BC_RT_UNREACHABLE,
};

#define BC_VM_STACK 1024
#define BC_VM_MAX_CHOICES 32
#define BC_MAX_CONSTRAINTS 256
#define BC_VIOL_WORDS (BC_MAX_CONSTRAINTS / 64)
#define BC_STATE_PAD 8 /* bytes after a state the VM may read */

static inline uint64_t bc_mask(unsigned w) {
  return w >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << w) - 1);
}

/* Raw field bits at bit offset 'off' (width <= 57, or byte aligned). */
static inline uint64_t bc_bits_get(const uint8_t *s, uint32_t off,
                                   unsigned w) {
  uint64_t x;
  memcpy(&x, s + (off >> 3), sizeof x);
  return (x >> (off & 7)) & bc_mask(w);
}

static inline void bc_bits_set(uint8_t *s, uint32_t off, unsigned w,
                               uint64_t v) {
  uint64_t x, m = bc_mask(w) << (off & 7);
  memcpy(&x, s + (off >> 3), sizeof x);
  x = (x & ~m) | ((v << (off & 7)) & m);
  memcpy(s + (off >> 3), &x, sizeof x);
}

/* Encode/decode a value of type t into field bits. */
static inline uint64_t bc_encode(const struct bc_type *t, int64_t v) {
  return t->kind == BC_TY_INT ? (uint64_t)v - (uint64_t)t->lo : (uint64_t)v;
}
static inline int64_t bc_decode(const struct bc_type *t, uint64_t bits) {
  return t->kind == BC_TY_INT ? (int64_t)(bits + (uint64_t)t->lo)
                              : (int64_t)bits;
}

/* Evaluate the expression code at 'pc' (ending in EXIT) without a state
** (constant expressions, at compile time). Returns 0 and sets *ret, or a
** BC_RT_* reason. */
int bc_vm_eval_const(const struct bc_program *p, uint32_t pc,
                     const int64_t *locals, int64_t *ret);

#endif /* BOOTCHECK_COMPILE_INT_H */
