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
  BC_RT_LOOP,      /* more than BC_VM_MAX_TICKS loop iterations in one run */
  BC_RT_TIME,      /* the deadline passed (bc_vm.deadline, --time-limit) */
};

/*
** Limits (docs/language.md 8 tables them all). Each is checked where it
** can be crossed: in the compiler, a located error (checklimit() in
** compile.c); while the model runs, a runtime error. None truncates.
*/
#define BC_VM_STACK 1024          /* values on the VM stack */
#define BC_VM_LOCALS 256          /* local slots (steps 0..127, placements
                                     128..255) */
#define BC_VM_MAX_CHOICES 32      /* choice points on one path of a step */
#define BC_MAX_RANGE (1u << 24)   /* values of one loop, quantifier or with
                                     range; choices at one choice point */
#define BC_VM_MAX_TICKS (1u << 24) /* loop iterations in one run of a step
                                     or expression */
#define BC_MAX_CONST_TICKS (1u << 25) /* loop iterations of every constant
                                     evaluation of a compilation */
#define BC_MAX_CONSTRAINTS 256
#define BC_VIOL_WORDS (BC_MAX_CONSTRAINTS / 64)
#define BC_MAX_STATE_BYTES 4096   /* packed state */
#define BC_MAX_ELEMS 65536        /* elements of one array */
#define BC_MAX_STATE_ELEMS (1u << 20) /* elements of every variable */
#define BC_MAX_MEMBERS 4096       /* members of one process family */
#define BC_MAX_ENUM 64            /* members of one enum */
#define BC_MAX_STEPS 65535        /* labels of one process (GOTO's 16 bits) */
#define BC_MAX_HOOKS 65536        /* distinct hooks (HOOK's 16 bits) */
#define BC_MAX_CODE (1u << 22)    /* instructions of the whole program */
#define BC_MAX_CALLS 32           /* procedure calls nested */
#define BC_MAX_CONFIGS 0xffffffffu /* placement configurations */
#define BC_MAX_ARGS 64            /* arguments of one procedure */
#define BC_STATE_PAD 8 /* bytes after a state the VM may read */

/* checker/explore/symmetry.c sorts member numbers in 12 bits */
_Static_assert(BC_MAX_MEMBERS <= 4096, "member numbers fit in 12 bits");
/* LGET/LSET and GOTO/HOOK operands are 16 bits (struct bc_insn.a) */
_Static_assert(BC_VM_LOCALS <= 65536 && BC_MAX_STEPS <= 65535 &&
               BC_MAX_HOOKS <= 65536, "operand a is 16 bits");

static inline uint64_t bc_mask(unsigned w) {
  return w >= 64 ? ~(uint64_t)0 : (((uint64_t)1 << w) - 1);
}

/*
** Raw field bits at bit offset 'off' (width <= 64), read and written as the
** aligned 64-bit words of the state that hold them (word k: bytes 8k to
** 8k + 7; two words when the field crosses a word boundary). A state is
** touched up to its size rounded up to 8 bytes (within BC_STATE_PAD), and
** a state written as words (bc_state_copy_words) is read back whole from
** the store buffer, without the stall of a load that spans two stores.
*/
static inline uint64_t bc_bits_get(const uint8_t *s, uint32_t off,
                                   unsigned w) {
  const uint8_t *p = s + ((off >> 6) << 3);
  unsigned sh = off & 63;
  uint64_t x;
  memcpy(&x, p, sizeof x);
  x >>= sh;
  if (sh + w > 64) {
    uint64_t y;
    memcpy(&y, p + 8, sizeof y);
    x |= y << (64 - sh);
  }
  return x & bc_mask(w);
}

/* The value of element 'elem' of a variable (its field f): bits + lo. */
static inline int64_t bc_field_get(const struct bc_field *f,
                                   const uint8_t *s, uint32_t elem) {
  return (int64_t)(bc_bits_get(s, f->bitoff + elem * f->stride, f->width) +
                   (uint64_t)f->lo);
}

static inline void bc_bits_set(uint8_t *s, uint32_t off, unsigned w,
                               uint64_t v) {
  uint8_t *p = s + ((off >> 6) << 3);
  unsigned sh = off & 63;
  uint64_t x, m = bc_mask(w);
  v &= m;
  memcpy(&x, p, sizeof x);
  x = (x & ~(m << sh)) | (v << sh);
  memcpy(p, &x, sizeof x);
  if (sh + w > 64) {
    uint64_t y;
    memcpy(&y, p + 8, sizeof y);
    y = (y & ~(m >> (64 - sh))) | (v >> (64 - sh));
    memcpy(p + 8, &y, sizeof y);
  }
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
** BC_RT_* reason. With 'ticks', the loop iterations it runs are added to
** *ticks and may not take it past BC_MAX_CONST_TICKS (BC_RT_LOOP). */
int bc_vm_eval_const(const struct bc_program *p, uint32_t pc,
                     const int64_t *locals, int64_t *ret, uint64_t *ticks);

#endif /* BOOTCHECK_COMPILE_INT_H */
