/*
** check.h - one check, one result. bc_check() takes a spec, one set of -D
** values and the placements, and returns everything a command prints or
** records: the compiled program, every configuration with its verdicts,
** traces, exposure windows, expectations and statistics, the outcome and
** the exit status. `check`, `regress` and `check --db` call it; the
** renderers (checker/report/) and the history (checker/history/) read the
** result. Also here, once: the -D sweep, the exit-status ranking and the
** words for how a search stopped.
*/
#ifndef BOOTCHECK_CHECK_H
#define BOOTCHECK_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "explore/window.h"

/* ------------------------------------------------------ exit statuses */

/* The worse of two exit statuses (enum bc_exit): a spec or usage error
** first, then an unknown verdict (3), then a result not as expected (1). */
int bc_exit_worse(int a, int b);

/* The outcome recorded for an exit status: "pass", "fail", "error" or
** "incomplete". */
const char *bc_exit_outcome(int exit);

/* How a configuration's check ended, worst last. */
enum bc_outcome {
  BC_OUT_AS_EXPECTED, /* matches its expect line */
  BC_OUT_NO_VIOLATION,/* no expect line and nothing violated */
  BC_OUT_VIOLATION,   /* no expect line and something violated */
  BC_OUT_UNEXPECTED,  /* differs from its expect line */
  BC_OUT_INCOMPLETE,  /* a limit stopped the search before every verdict */
  BC_OUT_ERROR,       /* a runtime error in the spec */
};

enum bc_outcome bc_run_outcome(const struct bc_program *p,
                               const struct bc_run *r);
/* "as expected", "no violation", "VIOLATION", "UNEXPECTED", "INCOMPLETE",
** "ERROR" */
const char *bc_outcome_text(enum bc_outcome o);
/* JSON: "as_expected", "no_violation", "violation", "unexpected",
** "incomplete", "error" */
const char *bc_outcome_name(enum bc_outcome o);
/* The exit status an outcome gives. */
int bc_outcome_exit(enum bc_outcome o);

/* How a search stopped: a sentence for people ("every reachable state
** explored") and a word for JSON ("exhausted"). */
const char *bc_stop_text(enum bc_stop s);
const char *bc_stop_name(enum bc_stop s);

/* The expect line's verdict of constraint 'c' in configuration 'choice':
** "violated", "holds", or NULL when no expect line matches. */
const char *bc_expected_status(const struct bc_program *p,
                               const unsigned *choice, size_t c);

/* "C3" or "C1 C3" or "nothing": what the expect line matching 'choice'
** says is violated, into buf; false (and "") when no line matches. */
bool bc_expected_text(const struct bc_program *p, const unsigned *choice,
                      char *buf, size_t len);

/* ------------------------------------------------------ -D sweeps */

/*
** -D NAME=V1,V2,... sweeps a constant over its values; several sweep the
** cartesian product, the first -D varying slowest. A -D without a comma is
** a sweep of one value.
*/
struct bc_sweep {
  const struct bc_define *defs; /* borrowed: the -D as given */
  size_t ndefs;
  size_t nvals[64];
  size_t ncombo;
};

/* Fill *sw from 'defs' (at most 64). False (after a message) when the
** product exceeds 4096 combinations. */
bool bc_sweep_init(struct bc_sweep *sw, const struct bc_define *defs,
                   size_t ndefs);
/* Combination 'k' into out[0..ndefs); each value is a heap copy in
** vals[i] (freed and replaced on the next call; free them at the end). */
void bc_sweep_combo(const struct bc_sweep *sw, size_t k,
                    struct bc_define *out, char **vals);

/*
** The -D list regress runs for the spec at 'path': 'defs' (the command
** line), then the spec's `sweep` declarations for the constants 'defs'
** does not name. Copies into out[] (at most 64; free each name and value);
** returns how many.
*/
size_t bc_spec_sweep(const char *path, const struct bc_define *defs,
                     size_t ndefs, struct bc_define *out);

/* ------------------------------------------------------ the check */

/* --engine: what runs the steps and constraint expressions. */
enum bc_engine {
  BC_ENGINE_INTERP = 0, /* the bytecode interpreter */
  BC_ENGINE_NATIVE,     /* the spec compiled to C; an error if it cannot be */
  BC_ENGINE_AUTO,       /* native when it can be built, else the interpreter
                           with one note on stderr (the command line's
                           default) */
};

struct bc_check_opts {
  struct bc_explore_opts eo;  /* workers 0: the cores available */
  const char *placements;     /* --placement list, NULL or "all": every
                                 configuration */
  bool windows;               /* compute the exposure windows */
  enum bc_engine engine;      /* --engine (zero: the interpreter) */
  bool quiet_diag;            /* keep compile diagnostics off stderr */
  bc_ast_edit_fn ast_edit;    /* an edit of the syntax tree before it is
                                 compiled (bootcheck where), or NULL */
  void *ast_edit_arg;
  const char *share;          /* bootcheck where: the configurations that
                                 differ only in this placement's hook are
                                 explored in one search (check/share.c,
                                 explore/shared.c), or NULL: one each */
};

/* One configuration's result. */
struct bc_check_config {
  struct bc_run run;
  struct bc_window_run win;   /* zeroed when windows were not computed */
  enum bc_outcome outcome;
};

/* One spec checked with one set of -D values. */
struct bc_check {
  const char *path;           /* borrowed */
  struct bc_define *defs;     /* the -D values checked (owned copies) */
  size_t ndefs;
  struct bc_program *p;       /* NULL when the spec did not compile */
  char *diag;                 /* compile diagnostics as text, or NULL */
  char *source;               /* the spec's text (NULL: unreadable) */
  size_t source_len;
  char sha256[65];            /* of the source, "" when unreadable */
  struct bc_check_config *cfg;
  size_t ncfg;
  struct bc_run *runs;        /* ncfg runs, copies of cfg[i].run for the
                                 renderers (they own nothing) */
  struct bc_window_run *wins; /* ncfg, or NULL without windows */
  double seconds;             /* search time over every configuration */
  int exit;                   /* enum bc_exit */
  /* the compiled model the searches ran at the end, or NULL (the
  ** interpreter: --engine interp, or auto when every search fitted its
  ** trial while the model was built, or when it could not be built) */
  struct bc_native *native;
};

/* --engine auto: the states a search may reach with the interpreter
** while the compiled model is built in the background (bc_check) */
#define BC_CHECK_TRIAL_STATES 50000

/*
** Load, compile and check the spec at 'path' with 'defs', in every
** configuration the placements select. Prints compile diagnostics to
** stderr. Returns the exit status (also in ret->exit); *ret is filled in
** every case (release with bc_check_release).
*/
int bc_check(const char *path, const struct bc_define *defs, size_t ndefs,
             const struct bc_check_opts *o, struct bc_check *ret);
void bc_check_release(struct bc_check *c);

/*
** The compiled model bc_check runs p's steps with as o asks (--engine; the
** tracked functions too with --por), or NULL for the interpreter: also
** when auto cannot build it (one note on stderr), and with *failed set
** when --engine native cannot (the reason on stderr). Release with
** bc_native_free.
*/
struct bc_native;
struct bc_native *bc_check_native(const struct bc_program *p,
                                  const struct bc_check_opts *o,
                                  bool *failed);

/* bc_check's shared searches (o->share): for each configuration number i
** explored together with others, runs[i] and done[i] := true; those
** already done are left as they are. Returns false when a search reached
** eo->trial_states (the groups after it are not searched: call again
** without the trial), else true. */
bool bc_check_share(const struct bc_program *p, const struct bc_check_opts *o,
                    const struct bc_explore_opts *eo, struct bc_run *runs,
                    bool *done);

/* Do the names of --placement 'list' all name candidates of 'p'? Prints
** the ones that do not. */
bool bc_placements_valid(const struct bc_program *p, const char *list);
/* Is configuration 'choice' selected by 'list'? An entry names a
** configuration (as reports name it: "A@h1,B@h2" is one configuration
** when the spec has placements A and B), a binding placement@hook, or a
** hook. */
bool bc_placement_selected(const struct bc_program *p, const unsigned *choice,
                           const char *list);

#endif /* BOOTCHECK_CHECK_H */
