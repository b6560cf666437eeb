/*
** vm.h - the bytecode interpreter: runs a step of a process instance on a
** packed state and enumerates its successors (one per enabled choice path).
*/
#ifndef BOOTCHECK_VM_H
#define BOOTCHECK_VM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "front/compile_int.h"
#include "model/native.h"

enum bc_vm_status {
  BC_VM_OK = 0,
  BC_VM_DISABLED = 1,
  BC_VM_ERROR = -1,
};

/* A runtime error: where and why. */
struct bc_vm_error {
  int code;          /* enum bc_rterr */
  uint32_t pc;       /* instruction */
  int var;           /* variable involved, or -1 */
  int64_t value;     /* offending value */
  unsigned inst;     /* instance and step running */
  unsigned step;
};

/*
** Footprint recording for partial-order reduction (checker/explore/por.c): while
** vm->track is set, every state access of the interpreter appends its unit
** (unit_base[var] + element) to r or w, once each (marks with a stamp).
** The compiled engine's tracked functions record the same (the layout is
** pasted into the generated code: keep abi_text in native.c in step).
*/
struct bc_track {
  const uint32_t *unit_base;
  uint32_t *rmark, *wmark;    /* per unit: stamp of the last recording */
  uint32_t stamp;
  uint32_t *r, *w;            /* units read / written */
  uint32_t nr, nw, cap;
  bool overflow;              /* more than cap units: footprint unknown */
};

struct bc_vm {
  const struct bc_program *p;
  /* configuration: per hook, the placement bodies bound to it */
  uint32_t *hook_first, *hook_n, *hook_code;
  /* scratch state (state_bytes + BC_STATE_PAD) */
  uint8_t *buf;
  uint8_t *ebuf;   /* for expressions evaluated during an enumeration */
  int64_t locals[BC_VM_LOCALS];
  /* choice script of the path being run */
  unsigned script_len;
  uint32_t choice[BC_VM_MAX_CHOICES], choice_n[BC_VM_MAX_CHOICES];
  /* constraints marked violated on the current path */
  uint64_t viol[BC_VIOL_WORDS];
  bool any_viol;
  unsigned char any_viol_byte; /* the compiled engine's copy */
  struct bc_vm_error err;
  /* the compiled engine, when used (bc_vm_use_native) */
  const struct bc_native *native;
  struct bc_native_ctx ncx;
  bc_native_fn *step_fn;  /* per step, when native */
  bc_native_fn *tstep_fn; /* ... their tracked variants (vm->track set) */
  uint32_t dirty[BC_NATIVE_DIRTY]; /* the words they wrote (ncx.dirty) */
  /* bc_vm_keep_buf: vm->buf holds buf_base but for the words of the last
  ** tracked path (dirty, and buf_pcw: its program counter's) */
  bool keep_buf;
  const uint8_t *buf_base;
  uint32_t buf_pcw[2];
  /* footprint recording, or NULL; while set, steps run in the
  ** interpreter with run_code's recording, or as the compiled engine's
  ** tracked functions, which record the same (bc_native_tracked_at) */
  struct bc_track *track;
  bool skip_twins;        /* see bc_vm_skip_twins */
  const uint8_t *twins_state, *twins; /* see bc_vm_set_twins */
  bc_native_proc_fn *proc_fn; /* per process, when native */
  bc_native_expand_fn expand_fn; /* the fused loop, when native */
  /* CLOCK_MONOTONIC seconds after which a long loop stops its run with
  ** BC_RT_TIME (checked every 65536 iterations), or 0: none */
  double deadline;
  uint32_t ticks;  /* loop iterations of the current run (TICK) */
  uint32_t max_ticks; /* ... at most (BC_VM_MAX_TICKS) */
};

/* The clock of bc_vm.deadline (CLOCK_MONOTONIC, seconds). */
double bc_vm_now(void);

/*
** Called for each successor: 'succ' is the new state (with padding; valid
** during the call only), 'inst' the instance that moved, 'step' the global
** step it took, 'viol' the constraints it violated (NULL when none).
** Return non-zero to stop the enumeration.
*/
typedef int (*bc_succ_fn)(void *ctx, const uint8_t *succ, unsigned inst,
                          unsigned step, const uint64_t *viol);

void bc_vm_init(struct bc_vm *vm, const struct bc_program *p);
void bc_vm_release(struct bc_vm *vm);
/* Run steps and expressions with the compiled engine 'n' (built for the
** same program), or with the interpreter again when n is NULL. */
void bc_vm_use_native(struct bc_vm *vm, const struct bc_native *n);

/*
** Symmetry reduction: from now on bc_vm_successors leaves out the moves of
** a member of a symmetric family whose permuted fields all equal those of
** the member before it (a twin). Swapping the two maps the state to itself
** and the twin's moves onto the other's, so they lead to renamings of the
** same states, with the same violations (the compiler checked the family's
** promise). In a canonical state twins are neighbours. Use it only where
** states are reduced, and the same way when numbering and replaying.
*/
void bc_vm_skip_twins(struct bc_vm *vm, bool on);

/*
** The twins of 'state' are known: twins[inst] says whether instance inst is
** a twin (bc_vm_is_twin), per global instance, computed once per state
** (bc_sym_parent); used while 'state' (the same pointer, contents
** unchanged) is enumerated, until bc_vm_set_twins(vm, NULL, NULL).
*/
void bc_vm_set_twins(struct bc_vm *vm, const uint8_t *state,
                     const uint8_t *twins);

/*
** The first instance from e on (below n) that is not a twin in a twin
** table (bc_vm_set_twins: twins[i] != 0), or n: eight bytes at a time on
** little-endian hosts (the lowest flagged byte is the first), so a run of
** twins is skipped without a branch per instance.
*/
static inline unsigned bc_vm_twins_from(const uint8_t *twins, unsigned e,
                                        unsigned n) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const uint64_t ones = 0x0101010101010101u, highs = ones << 7;
  for (; e + 8 <= n; e += 8) {
    uint64_t w;
    memcpy(&w, twins + e, 8);
    uint64_t zero = (w - ones) & ~w & highs; /* its lowest: the first 0 */
    if (zero)
      return e + (unsigned)__builtin_ctzll(zero) / 8;
  }
#endif
  while (e < n && twins[e])
    e++;
  return e;
}

/*
** On (until called with false): the caller enumerates the instances of one
** state one after another (bc_vm_instance_successors with footprints
** recorded by the tracked compiled functions, vm->track set) and nothing
** else writes that state or runs this VM meanwhile; then an instance's
** first path puts back only the state words the last path wrote instead
** of copying the whole state (a state of a family of a thousand members is
** several kilobytes, and most instances are disabled or have one move).
*/
static inline void bc_vm_keep_buf(struct bc_vm *vm, bool on) {
  vm->keep_buf = on;
  vm->buf_base = NULL;
}

/* Is instance 'inst' of 'state' a twin of the instance before it (its
** moves left out when vm->skip_twins is set)? */
bool bc_vm_is_twin(const struct bc_vm *vm, const uint8_t *state,
                   unsigned inst);

/* Bind the placements: choice[i] indexes placement i's hooks. */
void bc_vm_configure(struct bc_vm *vm, const unsigned *choice);

/*
** Enumerate the successors of 'state' in a fixed order (instances in
** order, then choice paths in odometer order). Returns the number of
** successors (>= 0), or BC_VM_ERROR with vm->err filled in. Stops early
** (returning the count so far, including the stopping one) when fn
** returns non-zero.
*/
long bc_vm_successors(struct bc_vm *vm, const uint8_t *state, bc_succ_fn fn,
                      void *ctx);

/*
** The successors of global instance 'inst' alone, in bc_vm_successors
** order; same contract. With vm->track set, what every choice path of
** its step reads and writes (enabled or not) is recorded there.
*/
long bc_vm_instance_successors(struct bc_vm *vm, const uint8_t *state,
                               unsigned inst, bc_succ_fn fn, void *ctx);

/*
** Successor number 'k' of 'state' (in bc_vm_successors order), for
** replaying a trace: copied to 'out' (state_bytes), with the instance and
** step that took it. Returns 0, or -1 when there is no such successor or a
** runtime error stops the enumeration.
*/
int bc_vm_successor_nth(struct bc_vm *vm, const uint8_t *state, uint32_t k,
                        uint8_t *out, unsigned *ret_inst, unsigned *ret_step);

/*
** Can bc_vm_expand run: the compiled engine is in use, no footprint is
** recorded and no twin is left out?
*/
bool bc_vm_can_expand(const struct bc_vm *vm);

/*
** bc_vm_successors through the compiled engine's fused loop: every
** successor of 'state' is written into 'out' by the generated code
** (struct bc_native_out), none passed to a callback. Same successors, same
** order, same count and errors; *stopped is set when out->grow asked to
** stop. Only when bc_vm_can_expand.
*/
long bc_vm_expand(struct bc_vm *vm, const uint8_t *state,
                  struct bc_native_out *out, int *stopped);

/* Evaluate the expression code at 'pc' (ending in EXIT) on 'state'.
** Returns 0 and sets *ret, or BC_VM_ERROR. */
int bc_vm_eval(struct bc_vm *vm, uint32_t pc, const uint8_t *state,
               int64_t *ret);

/* bc_vm_eval on a state the caller keeps readable up to its size rounded
** up to 8 bytes (a record of the explorer, a padded buffer: BC_STATE_PAD):
** with the compiled engine (and no footprint tracked) the expression runs
** on it in place, without bc_vm_eval's copy; otherwise as bc_vm_eval.
** Same result and errors. */
int bc_vm_eval_padded(struct bc_vm *vm, uint32_t pc, const uint8_t *state,
                      int64_t *ret);

/* The same for instance index 'self' (an `at` assertion's code). */
int bc_vm_eval_self(struct bc_vm *vm, uint32_t pc, int64_t self,
                    const uint8_t *state, int64_t *ret);

/* Is every process of 'state' ended? */
bool bc_vm_all_ended(const struct bc_program *p, const uint8_t *state);

/* Message for a runtime error, e.g. "value 4 is out of range 0..3 of 'x'". */
void bc_vm_error_format(const struct bc_program *p,
                        const struct bc_vm_error *e, char *buf, size_t len);

#endif /* BOOTCHECK_VM_H */
