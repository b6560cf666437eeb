/*
** explore.h - breadth-first exploration of a compiled model in one
** configuration, with verdicts, shortest counterexamples and statistics.
*/
#ifndef BOOTCHECK_EXPLORE_H
#define BOOTCHECK_EXPLORE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/model.h"

enum bc_verdict { BC_HOLDS, BC_VIOLATED, BC_UNKNOWN };
const char *bc_verdict_name(enum bc_verdict v); /* "holds", ... */

/* One step of a trace: which instance took which (global) step. */
struct bc_trace_step {
  unsigned inst;
  unsigned step;
};

/*
** A concrete execution from the initial state: len steps, len + 1 states.
** When 'last_step_violates' the constraint was violated by an extra step
** taken from the last state (states[len] is then the state after it, which
** is included: the trace has len steps and the violation is on step len).
*/
struct bc_trace {
  size_t len;
  uint8_t *states;              /* (len + 1) * state_bytes, + padding */
  struct bc_trace_step *steps;  /* len */
  bool on_step;                 /* violated by steps[len-1] itself */
  bool error_step;              /* a runtime error in step 'err_step' from
                                   the last state (not included in steps) */
  struct bc_trace_step err_step;
  /* A liveness counterexample (checker/explore/live.c): with 'lasso', the
  ** steps [loop, len) form a cycle (states[len] equals states[loop]) that
  ** the run repeats forever; with 'ends', the run stops after states[len]
  ** (no process can move). 'trigger' is the state from which the goal is
  ** never reached (P held there, for P ~> Q). */
  bool lasso, ends;
  size_t loop, trigger;
};

struct bc_cresult {
  enum bc_verdict verdict;
  struct bc_trace *trace;       /* counterexample, or a reachability witness */
  const char *note;             /* why unknown, or NULL */
};

struct bc_stats {
  uint64_t generated;           /* successors computed */
  uint64_t distinct;            /* states stored */
  uint64_t diameter;            /* BFS depth reached */
  uint64_t queue;               /* states left unexplored */
  double seconds;
  double states_per_s;          /* distinct states per second */
  size_t peak_rss;              /* bytes, whole process */
  size_t store_bytes;           /* memory of the state store */
  double bytes_per_state;       /* store_bytes / distinct */
  size_t peak_store_bytes;      /* the stores' peaks, summed (>= the
                                   store's peak: frontier included) */
  uint64_t trace_file_bytes;    /* fingerprint-only: trace links on disk */
  double collision_bound;       /* fingerprint mode: P(missed state) bound */
  uint64_t por_reduced;         /* --por: states expanded partially */
  uint64_t por_full;            /* --por: states expanded fully */
  uint64_t live_states;         /* the liveness pass of its own: its
                                   states (0: it did not run) */
};

enum bc_stop {
  BC_STOP_EXHAUSTED,            /* every reachable state explored */
  BC_STOP_DECIDED,              /* every constraint violated/witnessed */
  BC_STOP_FIRST,                /* --stop-at-first */
  BC_STOP_MAX_STATES,
  BC_STOP_MEMORY,
  BC_STOP_TIME,
  BC_STOP_ERROR,                /* runtime error in the model */
  BC_STOP_NOMEM,                /* an allocation failed, no --max-memory */
  BC_STOP_IO,                   /* the trace file in $TMPDIR could not be
                                   written (disk full?) */
  BC_STOP_SIGNAL,               /* SIGINT or SIGTERM (bc_explore_signal) */
};

struct bc_run {
  size_t nconstraints;
  unsigned *choice;             /* the configuration (nplacements) */
  struct bc_cresult *res;       /* per constraint */
  enum bc_stop stop;
  bool complete;                /* every verdict is known */
  struct bc_stats stats;
  bool fingerprint_only;
  bool symmetry;                /* states were reduced by symmetry */
  bool por;                     /* partial-order reduction was on */
  char errmsg[256];             /* BC_STOP_ERROR: the runtime error */
  unsigned errline;
  struct bc_trace *errtrace;
  /* o->defer_liveness: the liveness constraints wait for their own pass,
  ** which the caller runs (bc_live_check, checker/explore/live.h) */
  bool live_pending;
};

struct bc_native;

struct bc_explore_opts {
  bool fingerprint_only;
  uint64_t max_states;          /* 0: none */
  size_t max_memory;            /* bytes for the store, 0: none */
  double time_limit;            /* seconds, 0: none */
  bool stop_at_first;
  bool progress;                /* progress line on stderr */
  unsigned workers;             /* threads; 0: the cores available */
  const struct bc_native *native; /* compiled engine, or NULL: interpreter */
  bool symmetry;                /* reduce symmetric families (if any) */
  bool por;                     /* partial-order reduction (checker/explore/por.c) */
  bool no_liveness;             /* --no-liveness: liveness constraints are
                                   not decided (unknown, not a limit) */
  bool defer_liveness;          /* leave the liveness constraints' own
                                   pass, when they need one, to the caller
                                   (run->live_pending) */
  bool beside;                  /* other searches run on the other cores
                                   (bc_check's configurations side by
                                   side): no CPU to spare for first touch
                                   ahead (states/store.c) */
  uint64_t trial_states;        /* 0, or stop the search (not the passes
                                   after it) as at max_states once it has
                                   this many: bc_check's trial of the
                                   interpreter (checker/check/check.c) */
};

/*
** Set to the signal's number by a SIGINT or SIGTERM handler (the
** command's): every search then stops as at a limit, with BC_STOP_SIGNAL,
** and its verdicts so far are kept. Checked where the limits are.
*/
extern volatile sig_atomic_t bc_explore_signal;

/*
** Set to 1 by the memory guard (checker/base/memguard.h) when the memory
** available to the machine ran low while bootcheck held much of it: every
** search and pass stops as at a limit, the searches with BC_STOP_NOMEM.
** Unlike bc_explore_signal it leaves no configuration out: bc_check sets
** it back to 0 before the next configuration, which then runs (and stops
** again if the memory is still short).
*/
extern volatile sig_atomic_t bc_explore_memlow;

/* The number of workers to use by default: the cores available. */
unsigned bc_explore_default_workers(void);

/* The threads for passes that are independent per configuration and run on
** one thread each (`where`'s candidates' liveness and window passes):
** o->workers (0: the cores available), but one under --max-memory, whose
** limit is each pass's own. */
unsigned bc_pass_threads(const struct bc_explore_opts *o);

/*
** Explore 'p' in configuration 'choice'. Fills *ret (release with
** bc_run_release). Returns 0, or a negative error when the search could
** not start at all (no memory for the store).
*/
int bc_explore(const struct bc_program *p, const unsigned *choice,
               const struct bc_explore_opts *opts, struct bc_run *ret);
void bc_run_release(struct bc_run *r);
void bc_trace_free(struct bc_trace *t);

/* The expect line that applies to configuration 'choice' (the last one
** whose bindings all match), or NULL. */
const struct bc_expect *bc_expect_match(const struct bc_program *p,
                                        const unsigned *choice);
/* Does expect line 'e' say constraint 'ci' is violated? */
bool bc_expect_violates(const struct bc_expect *e, size_t ci);

/* Does the run match the spec's expectations for its configuration?
** Sets *ret_has_expect when an expect line matched. */
bool bc_run_as_expected(const struct bc_program *p, const struct bc_run *r,
                        bool *ret_has_expect);

#endif /* BOOTCHECK_EXPLORE_H */
