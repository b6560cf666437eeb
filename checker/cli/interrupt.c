/*
** interrupt.c - SIGINT and SIGTERM during a search: the handler only sets
** bc_explore_signal; the search stops at its next limit check as at a
** limit (BC_STOP_SIGNAL), its verdicts so far are reported and recorded as
** incomplete, and the command exits 3. A second signal ends the process
** (the handler is reset when it runs). bc_cli_main puts the handlers it
** found back when the command ends, so that it can run again in the same
** process (tests/fuzz/fuzz_cli.c).
*/
#include "bootcheck/explore.h"
#include "cli/cli_int.h"

#include <signal.h>
#include <string.h>

static void on_signal(int sig) { bc_explore_signal = sig; }

static struct sigaction old_int, old_term; /* what bc_cli_catch_signals
                                              replaced */
static bool caught;

void bc_cli_catch_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESETHAND | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  if (caught)
    return;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  caught = true;
}

void bc_cli_release_signals(void) {
  if (!caught)
    return;
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  caught = false;
}
