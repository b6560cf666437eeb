/*
** window.h - exposure windows (`window W "title": P;`, docs/language.md
** 4.1): for one configuration, the longest run of consecutive steps taken
** from states where P holds, and the steps on it.
**
** From the graph the safety search records (bc_window_from_graph), or a
** pass of its own after it (bc_window_compute: --por, --fingerprint, a
** search stopped early) that explores the configuration's state space
** again with the VM; either way the successor lists of the states where
** some window's predicate holds, and the longest path through them. The
** answer to "what runs unprotected if we pin later?".
*/
#ifndef BOOTCHECK_WINDOW_H
#define BOOTCHECK_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

enum bc_window_status {
  BC_WIN_BOUNDED,    /* 'length' is the longest run */
  BC_WIN_UNBOUNDED,  /* a cycle of steps stays inside the window */
  BC_WIN_UNKNOWN,    /* a limit or a runtime error stopped the pass */
};

struct bc_window_result {
  enum bc_window_status status;
  bool ever;            /* the predicate holds in some reachable state */
  size_t length;        /* BOUNDED: steps on the longest run; UNBOUNDED:
                           steps on the cycle */
  /*
  ** An execution from the initial state: its steps [start, start + length)
  ** are the window's (for UNBOUNDED, the cycle, which ends where it
  ** started). NULL when the predicate never holds or the status is unknown.
  */
  struct bc_trace *trace;
  size_t start;
  bool open_end;        /* BOUNDED: the run ends because no process can
                           move, with the predicate still true */
  const char *note;     /* UNKNOWN: why (a static string) */
};

/* The windows of one configuration. */
struct bc_window_run {
  size_t nwindows;
  struct bc_window_result *res;   /* nwindows entries */
  uint64_t states;                /* states explored by the pass */
};

/*
** Compute every window of 'p' in configuration 'choice' (nplacements hook
** indices). The limits of 'o' apply to the pass (max_states, max_memory,
** time_limit), and so does 'symmetry': the pass then stores canonical
** states, with the same lengths, and the runs shown are concrete
** executions (an unbounded window's cycle is followed until the concrete
** run closes); the other options are ignored. Fills *ret, which the caller
** releases with bc_window_run_release, also on error. Returns 0, or a
** negative BC_E* code when the pass could not start (then every window is
** BC_WIN_UNKNOWN). A spec without windows costs nothing.
*/
int bc_window_compute(const struct bc_program *p, const unsigned *choice,
                      const struct bc_explore_opts *o,
                      struct bc_window_run *ret);

/*
** The same from the graph the safety search recorded (explore.c: a
** complete search, the window predicates' bits recorded, live.h) with
** 'nw' workers, its BFS links from 'src': no second exploration, and the
** same results; the traces replayed with the compiled steps 'native' when
** not NULL. Returns 0, or -1 (*ret left without results) when the
** graph cannot be used: then bc_window_compute decides.
*/
struct bc_live_graph;
struct bc_live_src;
struct bc_native;
int bc_window_from_graph(const struct bc_program *p, const unsigned *choice,
                         bool sym, const struct bc_native *native,
                         unsigned nw,
                         const struct bc_live_graph *lg,
                         const struct bc_live_src *src,
                         struct bc_window_run *ret);

/*
** bc_explore (bootcheck/explore.h) that also computes the windows of the
** configuration into *win from the graph it records when it can (see
** bc_window_from_graph): then win->res is set, else the caller runs
** bc_window_compute. bc_explore is this with win NULL.
*/
int bc_explore_windows(const struct bc_program *p, const unsigned *choice,
                       const struct bc_explore_opts *o, struct bc_run *ret,
                       struct bc_window_run *win);

/* Every window of 'p' unknown for the reason 'why' (a static string),
** without a pass: the configuration's search met a runtime error, which
** every exploration of it reaches. */
void bc_window_unknown(const struct bc_program *p, struct bc_window_run *ret,
                       const char *why);
/* Free what bc_window_compute allocated; NULL and a zeroed run are fine. */
void bc_window_run_release(struct bc_window_run *w);

#endif /* BOOTCHECK_WINDOW_H */
