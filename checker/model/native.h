/*
** native.h - the compiled engine: a program's bytecode translated to C,
** built with the system C compiler into a shared object and loaded, so that
** steps and constraint expressions run as machine code (`--engine native`).
**
** The generated functions have the same contract as the interpreter's
** run(): 0 done (*ret = next step or the expression's value), 1 disabled,
** -1 runtime error (described in the context). They share the
** interpreter's choice script, violation bits and locals through the
** context, so the two engines enumerate successors in the same order and
** every result (counts, verdicts, traces) is identical.
*/
#ifndef BOOTCHECK_NATIVE_H
#define BOOTCHECK_NATIVE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bootcheck/model.h"

struct bc_track; /* vm.h: footprint recording for partial-order reduction */

/* The ABI between vm.c and generated code; the text below is also pasted
** into every generated file (keep abi_text in native.c in step). */
struct bc_native_ctx {
  int64_t *locals;
  uint32_t *choice;
  uint32_t *choice_n;
  unsigned *script_len;
  uint64_t *viol;
  unsigned char *any_viol;
  int (*hook)(struct bc_native_ctx *cx, unsigned h, uint8_t *st,
              int64_t self);
  void *vm;
  unsigned nchoice;
  int err_code;
  uint32_t err_pc;
  int err_var;
  int64_t err_value;
  /* where a tracked function (bc_native_tracked_at) records the units
  ** it reads and writes, as the interpreter does while vm->track is set;
  ** the other functions never look at it */
  struct bc_track *track;
  /* the words (index of 8 bytes) of the state a tracked function wrote:
  ** ndirty entries of dirty, or more than BC_NATIVE_DIRTY when there was
  ** no room (then unknown); see inst_paths in vm.c */
  uint32_t *dirty;
  uint32_t ndirty;
};

/* The room for the words written by tracked functions (cx->dirty). */
#define BC_NATIVE_DIRTY 64u

/*
** The successor batch the fused loop writes into (bc_native_expand_fn):
** record n is 'sw' words at words + n * sw (the state as whole words, the
** bytes after it zero), reached from parent[n] by transition how[n]. The
** generated code writes record n in place (words always has a record
** slot at n), and once n reaches lim calls grow(), which makes room (and
** moves lim) or returns non-zero to stop: the enumeration then ends as
** when a bc_succ_fn asks to stop. viol() is called with a successor's
** transition number and violation bits when a step assertion failed.
** Shared with the generated code (keep abi_text in native.c in step).
*/
struct bc_native_out {
  uint64_t *words;
  uint32_t *parent;
  uint32_t *how;
  size_t n, lim;
  uint32_t cur_parent; /* parent[] of the state being expanded */
  uint32_t next_how;   /* its next successor's number */
  int (*grow)(struct bc_native_out *out);
  void (*viol)(struct bc_native_out *out, uint32_t how,
               const uint64_t *viol);
  void *ctx;
};

/*
** Every successor of 'state' (all processes, bc_vm_successors order),
** written into 'out' by the generated code itself: no call per successor.
** Returns the number of successors, -1 on a runtime error (as
** bc_native_proc_fn; the records written before it stay), and sets
** *stopped when grow() asked to stop.
*/
typedef long (*bc_native_expand_fn)(struct bc_native_ctx *cx,
                                    const uint8_t *state,
                                    struct bc_native_out *out,
                                    unsigned *where, int *stopped);

/* The hook number a compiled loop passes to cx->hook to ask whether the
** deadline has passed (non-zero: it has). */
#define BC_NATIVE_DEADLINE 0xffffffffu

typedef int (*bc_native_fn)(struct bc_native_ctx *cx, uint8_t *st,
                            int64_t self, int64_t *ret);

/*
** The successors of every instance of one process (number 'pi'), in
** bc_vm_successors order: each is passed to 'fn' as bc_succ_fn (vm.h) with
** 'fctx'. 'state' and 'buf' have BC_STATE_PAD bytes of padding; 'buf' is
** the scratch state the successors are built in. Returns the number of
** successors; sets *stopped and returns the count so far when fn returns
** non-zero; returns -1 on a runtime error (described in cx, with the
** instance and step in where[0] and where[1]). The choice script and the
** violation bits are cx's (the interpreter's).
*/
typedef long (*bc_native_proc_fn)(struct bc_native_ctx *cx,
                                  const uint8_t *state, uint8_t *buf,
                                  int (*fn)(void *, const uint8_t *, unsigned,
                                            unsigned, const uint64_t *),
                                  void *fctx, unsigned *where, int *stopped);

struct bc_native;

/* 'flags' of the functions below: BC_NATIVE_TRACKED also generates the
** tracked functions (bc_native_tracked_at), for runs with --por; without
** it there are none (they would cost the C compiler about half as much
** again for nothing), and bc_native_tracked_at returns NULL. */
#define BC_NATIVE_TRACKED 1u

/*
** Generate C for 'p', compile it with $CC (default "cc") and load it.
** Returns the loaded engine, or NULL with a message in 'err'.
*/
struct bc_native *bc_native_build(const struct bc_program *p, unsigned flags,
                                  char *err, size_t errlen);

/*
** bc_native_build with a cache: the built object is kept in the directory
** 'cache' (NULL: no cache) under the SHA-256 of its source, $CC, the
** compiler's flags and files and the machine, and loaded from there by
** later runs without compiling. The directory must be owned by the
** effective user and writable by nobody else, and so must every file
** loaded from it; files are written under a unique name and renamed, so
** concurrent runs are safe. When the cache cannot be used, the model is
** built as without one and 'note' (when not NULL) says why in one line;
** otherwise note is "".
*/
struct bc_native *bc_native_load(const struct bc_program *p, unsigned flags,
                                 const char *cache, char *note,
                                 size_t notelen, char *err, size_t errlen);

/*
** bc_native_load for `--engine auto`, which falls back to the interpreter:
** when the compiler fails, its files are removed (not kept for the user
** to look at) and 'err' quotes the first line of its output that says
** "error".
*/
struct bc_native *bc_native_try(const struct bc_program *p, unsigned flags,
                                const char *cache, char *note,
                                size_t notelen, char *err, size_t errlen);

/*
** bc_native_try in the background, for `--engine auto`: when the cache
** 'cache' (NULL: none) holds the engine, sets *ret to it and returns NULL;
** else sets *ret to NULL and returns a job building it in a thread (NULL
** when no thread can be started: then build it with bc_native_try).
** bc_native_finish waits for the job and returns what bc_native_try would
** have (the engine, or NULL and 'err'; 'note' as there); bc_native_cancel
** kills its compiler if it still runs (nothing of it is left in $TMPDIR;
** a build that ended is in the cache as after bc_native_try), waits and
** throws the result away. Either frees the job. bc_native_cancel_after
** gives the build up to 'seconds' to end (and be cached) first, less when
** *quit (if not NULL) becomes nonzero meanwhile. bc_native_built says,
** without waiting, whether the job has ended with an engine (then
** bc_native_finish returns it at once).
*/
struct bc_native_job;
struct bc_native_job *bc_native_start(const struct bc_program *p,
                                      unsigned flags, const char *cache,
                                      struct bc_native **ret);
struct bc_native *bc_native_finish(struct bc_native_job *j, char *note,
                                   size_t notelen, char *err, size_t errlen);
bool bc_native_built(struct bc_native_job *j);
void bc_native_cancel(struct bc_native_job *j);
void bc_native_cancel_after(struct bc_native_job *j, double seconds,
                            const volatile sig_atomic_t *quit);

/*
** Whether a C compiler exists: the first word of $CC (default "cc") is an
** executable file, as a path or in a folder of $PATH. If not, 'why' says
** so in one line. (Whether it works is known when it has compiled.)
*/
bool bc_native_cc_found(char *why, size_t whylen);

/* The default cache directory: $XDG_CACHE_HOME/bootcheck when that is an
** absolute path, else $HOME/.cache/bootcheck. Returns 0, or -1 (no $HOME,
** or too long for 'buf'). */
int bc_native_cache_dir(char *buf, size_t len);

/*
** The most the cache may hold, in bytes of built models: $BOOTCHECK_CACHE_SIZE
** (a size as --max-memory takes it: bc_parse_size), else
** BC_NATIVE_CACHE_SIZE. After each model it stores, the cache removes the
** least recently used (loaded or stored) until it holds at most that.
** Returns 0, or -1 when the variable is set and not a size (then *bytes is
** the default and 'why' says so in one line).
*/
#define BC_NATIVE_CACHE_SIZE (256ull << 20)
int bc_native_cache_limit(uint64_t *bytes, char *why, size_t whylen);
void bc_native_free(struct bc_native *n);

/* The function for the block starting at instruction 'pc', or NULL. */
bc_native_fn bc_native_at(const struct bc_native *n, uint32_t pc);

/*
** The tracked variant of the block starting at 'pc', or NULL (none, or
** built without BC_NATIVE_TRACKED): the same
** function, except that every state access also records its unit in
** cx->track exactly as the interpreter's track() does (vm.h, struct
** bc_track), so that on every path, enabled, disabled or ending in a
** runtime error, it records the same set of units the interpreter
** records with vm->track set. Steps and placement bodies have one (a
** tracked step's HOOK runs the tracked placement bodies).
*/
bc_native_fn bc_native_tracked_at(const struct bc_native *n, uint32_t pc);

/* The successor function of process 'pi', or NULL. */
bc_native_proc_fn bc_native_proc(const struct bc_native *n, size_t pi);

/* The fused successor loop of the whole program (bc_native_expand_fn). */
bc_native_expand_fn bc_native_expand(const struct bc_native *n);

/* Write the generated C for 'p' to 'out' (for --dump-c and tests). */
int bc_native_generate(const struct bc_program *p, unsigned flags,
                       FILE *out);

#endif /* BOOTCHECK_NATIVE_H */
