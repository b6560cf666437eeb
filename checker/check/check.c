/*
** check.c - one check, one result (check.h): load, compile, explore every
** selected configuration, compute its windows, classify it against the
** spec's expect lines, and rank the exit status. Nothing here prints a
** report; the commands hand the result to checker/report/.
*/
#include "check/check.h"

#include "base/memguard.h"
#include "base/parallel.h"
#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/diag.h"
#include "explore/live.h"
#include "model/native.h"
#include "model/vm.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------ exit statuses */

int bc_exit_worse(int a, int b) {
  static const int rank[] = {[BC_EXIT_OK] = 0, [BC_EXIT_UNEXPECTED] = 1,
                             [BC_EXIT_INTERNAL] = 2, [BC_EXIT_USAGE] = 3};
  return rank[b] > rank[a] ? b : a;
}

const char *bc_exit_outcome(int exit) {
  switch (exit) {
  case BC_EXIT_OK:
    return "pass";
  case BC_EXIT_UNEXPECTED:
    return "fail";
  case BC_EXIT_USAGE:
    return "error";
  default:
    return "incomplete";
  }
}

enum bc_outcome bc_run_outcome(const struct bc_program *p,
                               const struct bc_run *r) {
  if (r->stop == BC_STOP_ERROR)
    return BC_OUT_ERROR;
  if (!r->complete)
    return BC_OUT_INCOMPLETE;
  bool has;
  bool ok = bc_run_as_expected(p, r, &has);
  return ok ? (has ? BC_OUT_AS_EXPECTED : BC_OUT_NO_VIOLATION)
            : (has ? BC_OUT_UNEXPECTED : BC_OUT_VIOLATION);
}

static const char *const outcome_tab[][2] = {
    [BC_OUT_AS_EXPECTED] = {"as expected", "as_expected"},
    [BC_OUT_NO_VIOLATION] = {"no violation", "no_violation"},
    [BC_OUT_VIOLATION] = {"VIOLATION", "violation"},
    [BC_OUT_UNEXPECTED] = {"UNEXPECTED", "unexpected"},
    [BC_OUT_INCOMPLETE] = {"INCOMPLETE", "incomplete"},
    [BC_OUT_ERROR] = {"ERROR", "error"},
};

const char *bc_outcome_text(enum bc_outcome o) { return outcome_tab[o][0]; }
const char *bc_outcome_name(enum bc_outcome o) { return outcome_tab[o][1]; }

int bc_outcome_exit(enum bc_outcome o) {
  switch (o) {
  case BC_OUT_AS_EXPECTED:
  case BC_OUT_NO_VIOLATION:
    return BC_EXIT_OK;
  case BC_OUT_VIOLATION:
  case BC_OUT_UNEXPECTED:
    return BC_EXIT_UNEXPECTED;
  case BC_OUT_INCOMPLETE:
    return BC_EXIT_INTERNAL;
  case BC_OUT_ERROR:
    break;
  }
  return BC_EXIT_USAGE;
}

static const char *const stop_tab[][2] = {
    [BC_STOP_EXHAUSTED] = {"every reachable state explored", "exhausted"},
    [BC_STOP_DECIDED] = {"stopped: every constraint has a verdict",
                         "decided"},
    [BC_STOP_FIRST] = {"stopped at the first violation", "first-violation"},
    [BC_STOP_MAX_STATES] = {"INCOMPLETE: --max-states reached",
                            "max-states"},
    [BC_STOP_MEMORY] = {"INCOMPLETE: out of memory (--max-memory)",
                        "memory"},
    [BC_STOP_TIME] = {"INCOMPLETE: --time-limit reached", "time-limit"},
    [BC_STOP_ERROR] = {"stopped by a runtime error in the spec",
                       "runtime-error"},
    [BC_STOP_NOMEM] = {"INCOMPLETE: out of memory", "out-of-memory"},
    [BC_STOP_IO] = {"INCOMPLETE: the trace file in $TMPDIR could not be "
                    "written (disk full?)",
                    "io-error"},
    [BC_STOP_SIGNAL] = {"INCOMPLETE: interrupted (SIGINT or SIGTERM)",
                        "interrupted"},
};

const char *bc_stop_text(enum bc_stop s) {
  return (size_t)s < sizeof stop_tab / sizeof stop_tab[0] ? stop_tab[s][0]
                                                          : "?";
}

const char *bc_stop_name(enum bc_stop s) {
  return (size_t)s < sizeof stop_tab / sizeof stop_tab[0] ? stop_tab[s][1]
                                                          : "?";
}

const char *bc_expected_status(const struct bc_program *p,
                               const unsigned *choice, size_t c) {
  const struct bc_expect *match = bc_expect_match(p, choice);
  if (!match)
    return NULL;
  return bc_expect_violates(match, c) ? "violated" : "holds";
}

bool bc_expected_text(const struct bc_program *p, const unsigned *choice,
                      char *buf, size_t len) {
  buf[0] = '\0';
  const struct bc_expect *match = bc_expect_match(p, choice);
  if (!match)
    return false;
  size_t n = 0;
  for (size_t c = 0; c < p->nconstraints; c++) {
    if (!bc_expect_violates(match, c))
      continue;
    int w = snprintf(buf + n, len - n, "%s%s", n ? " " : "",
                     p->constraints[c].id);
    if (w < 0 || (size_t)w >= len - n)
      break;
    n += (size_t)w;
  }
  if (!n)
    snprintf(buf, len, "nothing");
  return true;
}

/* ------------------------------------------------------ -D sweeps */

bool bc_sweep_init(struct bc_sweep *sw, const struct bc_define *defs,
                   size_t ndefs) {
  memset(sw, 0, sizeof *sw);
  sw->defs = defs;
  sw->ndefs = ndefs < 64 ? ndefs : 64;
  sw->ncombo = 1;
  for (size_t i = 0; i < sw->ndefs; i++) {
    sw->nvals[i] = 1;
    for (const char *c = defs[i].value; *c; c++)
      sw->nvals[i] += *c == ',';
    sw->ncombo *= sw->nvals[i];
    if (sw->ncombo > 4096) {
      fprintf(stderr, "bootcheck: -D sweeps more than 4096 combinations\n");
      return false;
    }
  }
  return true;
}

void bc_sweep_combo(const struct bc_sweep *sw, size_t k,
                    struct bc_define *out, char **vals) {
  size_t rest = k;
  for (size_t i = sw->ndefs; i-- > 0;) {
    size_t pick = rest % sw->nvals[i];
    rest /= sw->nvals[i];
    const char *v = sw->defs[i].value;
    for (size_t j = 0; j < pick; j++)
      v = strchr(v, ',') + 1;
    size_t len = strcspn(v, ",");
    free(vals[i]);
    vals[i] = bc_xmalloc(len + 1);
    memcpy(vals[i], v, len);
    vals[i][len] = '\0';
    out[i].name = sw->defs[i].name;
    out[i].value = vals[i];
  }
}

size_t bc_spec_sweep(const char *path, const struct bc_define *defs,
                     size_t ndefs, struct bc_define *out) {
  size_t n = 0;
  for (size_t i = 0; i < ndefs && n < 64; i++, n++) {
    out[n].name = bc_xstrdup(defs[i].name);
    out[n].value = bc_xstrdup(defs[i].value);
  }
  struct bc_source src;
  if (bc_source_load(&src, path) != 0)
    return n;
  struct bc_diag diag;
  bc_diag_init(&diag, &src);
  struct bc_program *p = bc_compile(&src, NULL, 0, &diag);
  bc_diag_release(&diag);
  bc_source_release(&src);
  for (size_t s = 0; p && s < p->nsweeps && n < 64; s++) {
    bool given = false;
    for (size_t i = 0; i < ndefs; i++)
      given |= !strcmp(defs[i].name, p->sweeps[s].name);
    if (given)
      continue;
    out[n].name = bc_xstrdup(p->sweeps[s].name);
    out[n].value = bc_xstrdup(p->sweeps[s].value);
    n++;
  }
  bc_program_free(p);
  return n;
}

/* ------------------------------------------------------ placements */

/* Does entry s[0..n) equal 'a', or "a@b"? */
static bool names(const char *s, size_t n, const char *a, const char *b) {
  size_t la = strlen(a);
  if (!b)
    return la == n && !strncmp(s, a, n);
  return la + 1 + strlen(b) == n && !strncmp(s, a, la) && s[la] == '@' &&
         !strncmp(s + la + 1, b, n - la - 1);
}

bool bc_placements_valid(const struct bc_program *p, const char *list) {
  if (!list || !strcmp(list, "all"))
    return true;
  bool ok = true;
  for (const char *s = list; *s;) {
    size_t n = strcspn(s, ",");
    bool found = false;
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      for (unsigned j = 0; j < pl->nhooks; j++) {
        const char *h = p->hooks[pl->hooks[j]].name;
        found |= names(s, n, h, NULL) || names(s, n, pl->name, h);
      }
    }
    if (!found) {
      fprintf(stderr, "bootcheck: --placement: '%.*s' is not a candidate "
                      "hook of any placement\n", (int)n, s);
      ok = false;
    }
    s += n + (s[n] == ',');
  }
  return ok;
}

/*
** Bindings (placement@hook) restrict each placement they name to the
** hooks listed for it, so "A@h1,B@h2" is the one configuration a report
** calls A@h1,B@h2 and "A@h1,A@h2" is both of A's; bare hook names select
** the configurations that bind some placement to one of them.
*/
bool bc_placement_selected(const struct bc_program *p, const unsigned *choice,
                           const char *list) {
  if (!list || !strcmp(list, "all"))
    return true;
  bool any_hook = false, hook_hit = false;
  for (size_t i = 0; i < p->nplacements; i++) {
    const struct bc_placement *pl = &p->placements[i];
    const char *mine = p->hooks[pl->hooks[choice[i]]].name;
    bool named = false, hit = false;
    for (const char *s = list; *s;) {
      size_t n = strcspn(s, ",");
      for (unsigned j = 0; j < pl->nhooks; j++) {
        const char *h = p->hooks[pl->hooks[j]].name;
        if (names(s, n, pl->name, h)) {
          named = true;
          hit |= h == mine;
        }
      }
      if (!memchr(s, '@', n)) {
        any_hook = true;
        hook_hit |= names(s, n, mine, NULL);
      }
      s += n + (s[n] == ',');
    }
    if (named && !hit)
      return false;
  }
  if (!any_hook)
    return true;
  return hook_hit;
}

/* ------------------------------------------------------ the check */

/* Load and compile, printing the diagnostics and keeping them as text. */
static struct bc_program *load(const char *path, const struct bc_define *defs,
                               size_t ndefs, const struct bc_check_opts *o,
                               struct bc_check *c) {
  bool quiet = o->quiet_diag;
  struct bc_source src;
  if (bc_source_load(&src, path) != 0) {
    size_t n = strlen(path) + 256;
    c->diag = bc_xmalloc(n);
    snprintf(c->diag, n, "%s: %s", path, bc_source_strerror(errno));
    fprintf(stderr, "bootcheck: %s\n", c->diag);
    return NULL;
  }
  c->source = bc_xmalloc(src.len + 1);
  memcpy(c->source, src.text, src.len + 1);
  c->source_len = src.len;
  bc_sha256_hex(src.text, src.len, c->sha256);
  struct bc_diag diag;
  bc_diag_init(&diag, &src);
  struct bc_program *p = bc_compile_edit(&src, defs, ndefs, &diag,
                                         o->ast_edit, o->ast_edit_arg);
  if (!quiet)
    bc_diag_print(&diag, stderr);
  if (!p || quiet) {
    size_t len = 0;
    FILE *m = open_memstream(&c->diag, &len);
    if (m) {
      bc_diag_print(&diag, m);
      fclose(m);
    }
  }
  bc_diag_release(&diag);
  bc_source_release(&src);
  return p;
}

/*
** --engine auto: the native engine when a C compiler exists and builds the
** model, else NULL (the interpreter) and one line on stderr saying why.
** Once it has not been built, the rest of the process (the other -D
** combinations of a sweep, the specs of a regress run) uses the
** interpreter without trying again; at most one note is printed by the
** process, so a sweep does not repeat it. Either engine gives the same
** results, so only speed and that line depend on the choice.
*/
static bool auto_noted, auto_failed;

/* The end of an auto build: 'n' (NULL: it failed, 'why'), and the note. */
static struct bc_native *auto_result(struct bc_native *n, const char *note,
                                     const char *why) {
  auto_failed = n == NULL;
  if (auto_noted)
    return n;
  if (auto_failed) {
    auto_noted = true;
    fprintf(stderr, "bootcheck: note: using the interpreter (--engine "
                    "interp: without this note): %s\n", why);
  } else if (note[0]) { /* built, but not cached */
    auto_noted = true;
    fprintf(stderr, "bootcheck: note: %s\n", note);
  }
  return n;
}

static struct bc_native *auto_engine(const struct bc_program *p,
                                     unsigned flags) {
  char why[PATH_MAX + 512], note[PATH_MAX + 128] = "", dir[PATH_MAX];
  if (auto_failed)
    return NULL;
  if (!bc_native_cc_found(why, sizeof why))
    return auto_result(NULL, note, why);
  bool cache = bc_native_cache_dir(dir, sizeof dir) == 0;
  struct bc_native *n = bc_native_try(p, flags, cache ? dir : NULL, note,
                                      sizeof note, why, sizeof why);
  return auto_result(n, note, why);
}

/*
** --engine auto in bc_check: the engine from the cache when it is there; else
** the build starts in the background (*job) and the configurations run with
** the interpreter meanwhile, each as a trial of at most TRIAL_STATES states
** (bc_check): a configuration that needs more waits for the build and runs
** again with the engine built, and so do all after it (`where`'s shared
** searches, o->share, likewise: a shared search that reaches TRIAL_STATES
** states is done again, and the ones after it, with the engine). A build
** that has ended with an engine by the start of a configuration, or of
** the passes left after the searches, is taken from there on without
** waiting (x86 NAP=1024 --por from an empty cache: the traces and windows
** of five configurations, each seconds in the interpreter). A check
** whose configurations all fit never needs the compiler. When it took
** BUILD_GRACE_FROM seconds or more, it gives a build still running as long
** again as it took (BUILD_GRACE times that) to end and be cached; then,
** or at once for a shorter check, it stops the build
** (bc_native_cancel_after), and nothing is said of it. So a small check
** does not wait (the README's sweep of ten revisions, each its own model,
** took 1.07 s instead of 0.67 s with every check waiting), and one whose
** searches fit but whose passes after them (liveness, windows: they have
** no trial) ran for seconds in the interpreter caches the model for the
** next run instead of building it again each time (x86 NAP=256 --por:
** 3.7-4.7 s every run before, 1.3 s once the model is cached; its build
** takes about 5 s).
*/
#define BUILD_GRACE 1.0
#define BUILD_GRACE_FROM 0.5
#define TRIAL_STATES BC_CHECK_TRIAL_STATES

static struct bc_native *auto_start(const struct bc_program *p,
                                    unsigned flags,
                                    struct bc_native_job **job) {
  char why[PATH_MAX + 512], note[1] = "", dir[PATH_MAX];
  *job = NULL;
  if (auto_failed)
    return NULL;
  if (!bc_native_cc_found(why, sizeof why))
    return auto_result(NULL, note, why);
  bool cache = bc_native_cache_dir(dir, sizeof dir) == 0;
  struct bc_native *n = NULL;
  *job = bc_native_start(p, flags, cache ? dir : NULL, &n);
  if (n || *job)
    return n;
  return auto_engine(p, flags); /* no thread: build it now */
}

/* Wait for the build in the background and take its engine (or none). */
static struct bc_native *auto_finish(struct bc_native_job *job) {
  char why[PATH_MAX + 512], note[PATH_MAX + 128];
  struct bc_native *n =
      bc_native_finish(job, note, sizeof note, why, sizeof why);
  return auto_result(n, note, why);
}

struct bc_native *bc_check_native(const struct bc_program *p,
                                  const struct bc_check_opts *o,
                                  bool *failed) {
  *failed = false;
  /* --por runs steps with footprints recorded: the tracked functions */
  unsigned nflags = o->eo.por ? BC_NATIVE_TRACKED : 0;
  if (o->engine == BC_ENGINE_NATIVE) {
    char err[512], note[PATH_MAX + 128], dir[PATH_MAX];
    bool cache = bc_native_cache_dir(dir, sizeof dir) == 0;
    struct bc_native *native = bc_native_load(
        p, nflags, cache ? dir : NULL, note, sizeof note, err, sizeof err);
    if (note[0])
      fprintf(stderr, "bootcheck: note: %s\n", note);
    if (!native) {
      fprintf(stderr, "bootcheck: --engine native: %s\n", err);
      *failed = true;
    }
    return native;
  }
  return o->engine == BC_ENGINE_AUTO ? auto_engine(p, nflags) : NULL;
}

/* The passes bc_check runs after the searches, one thread each: the
** liveness passes of the runs that left theirs (live_pending), then the
** window passes that explore on their own. */
struct pass_jobs {
  const struct bc_program *p;
  const struct bc_explore_opts *eo;
  struct bc_check *ret;
  const size_t *live;     /* configuration numbers in ret->cfg */
  size_t nlive;
  const size_t *win;      /* the same */
  const unsigned *choice; /* the window passes', nplacements + 1 apart */
};

static void pass_job(void *ctx, size_t k) {
  const struct pass_jobs *j = ctx;
  if (k < j->nlive) {
    struct bc_run *run = &j->ret->cfg[j->live[k]].run;
    run->live_pending = false;
    bc_live_check(j->p, j->eo, run);
    return;
  }
  k -= j->nlive;
  bc_window_compute(j->p, j->choice + k * (j->p->nplacements + 1), j->eo,
                    &j->ret->cfg[j->win[k]].win);
}

/* What bc_check leaves to after its searches (pass_job): the configurations
** whose liveness pass is pending, those whose window pass explores on its
** own, and the latter's choices. */
struct pending {
  size_t *live, nlive;
  size_t *win, nwin;
  unsigned *wchoice;
};

/* A configuration searched into ret->cfg[ret->ncfg] (choice 'choice'):
** note its pending passes and count it. */
static void config_searched(const struct bc_program *p, bool windows,
                            const unsigned *choice, struct pending *pd,
                            struct bc_check *ret) {
  struct bc_check_config *c = &ret->cfg[ret->ncfg];
  if (windows && !c->win.res) { /* not from the search's graph */
    if (c->run.stop == BC_STOP_ERROR) /* the pass would meet it too */
      bc_window_unknown(p, &c->win, "a runtime error in the spec");
    else { /* after the searches, side by side (pass_job) */
      memcpy(pd->wchoice + pd->nwin * (p->nplacements + 1), choice,
             p->nplacements * sizeof *choice);
      pd->win[pd->nwin++] = ret->ncfg;
    }
  }
  if (c->run.live_pending)
    pd->live[pd->nlive++] = ret->ncfg;
  ret->seconds += c->run.stats.seconds;
  ret->ncfg++;
}

/*
** Configurations side by side. A check of several configurations (the
** placement sweep) runs them on its threads (bc_pass_threads) at once, one
** worker each (t / m each when there are t >= 2m threads for m of them),
** instead of one after the other with every worker on each:
** the configurations share nothing, so a thread each pays no partitioning
** and no barrier (two workers on one search take about 1.5 times less
** time than one; two searches side by side about 2 times less than one
** after the other), and what follows each search in bc_explore_windows
** (the liveness decision on its graph, the windows from it) runs side by
** side too. The schedule depends only on the number of configurations (m)
** and threads (t), never on timing, so each configuration's report is the
** same from run to run: all side by side, but when m % t == 1 the last
** runs alone afterwards with every worker (it would otherwise have a
** thread to itself and leave the others idle; with t / m workers each,
** all m go at once). Not under --max-memory (its limit is each search's
** own: bc_pass_threads gives one thread), nor for `where`'s shared
** searches, nor while the compiled engine is being built (the trial runs
** configurations one at a time, with the workers the schedule gives
** them; those after the build go side by side). Peak memory is that of
** the searches side by side together.
*/
struct side_jobs {
  const struct bc_program *p;
  const struct bc_explore_opts *eo; /* their workers each, beside */
  struct bc_check_config *cfg;      /* the configurations' slots */
  const unsigned *choice;           /* theirs, nplacements + 1 apart */
  bool windows;
  int *rc;           /* 0 searched, -1 could not start, 1 not started */
  atomic_bool shown; /* one search at a time shows the progress line */
};

static void side_job(void *ctx, size_t k) {
  struct side_jobs *j = ctx;
  if (bc_explore_signal) { /* left out, as the sequential loop leaves it */
    j->rc[k] = 1;
    return;
  }
  struct bc_explore_opts eo = *j->eo;
  eo.progress = eo.progress && !atomic_exchange(&j->shown, true);
  j->rc[k] = bc_explore_windows(j->p,
                                j->choice + k * (j->p->nplacements + 1), &eo,
                                &j->cfg[k].run,
                                j->windows ? &j->cfg[k].win : NULL) != 0
                 ? -1
                 : 0;
  if (eo.progress)
    atomic_store(&j->shown, false);
}

/* The selected configurations of 'p' from number 'from' on, at most 'most',
** their choices into 'choice' (nplacements + 1 apart; NULL: only count
** them, 'scratch' the room for one); returns how many, and the number of
** the last in *last. */
static size_t selected_from(const struct bc_program *p, const char *list,
                            size_t from, size_t most, unsigned *choice,
                            unsigned *scratch, size_t *last) {
  size_t n = 0, ncfg = bc_config_count(p);
  for (size_t i = from; i < ncfg && n < most; i++) {
    unsigned *ch = choice ? choice + n * (p->nplacements + 1) : scratch;
    bc_config_nth(p, i, ch);
    if (bc_placement_selected(p, ch, list)) {
      n++;
      *last = i;
    }
  }
  return n;
}

static const char *start_failed(const struct bc_explore_opts *eo) {
  return eo->max_memory
             ? "bootcheck: --max-memory is too small to start the search\n"
             : "bootcheck: out of memory starting the search\n";
}

/*
** After the searches the memory guard stopped (bc_explore_memlow): one
** note per check, and the flag down again so that the next configuration
** runs (its search stops too if the memory is still short).
*/
static void memlow_clear(struct bc_memguard *g, bool *noted) {
  if (!bc_explore_memlow)
    return;
  if (!*noted && g) {
    uint64_t avail, rss;
    bc_memguard_last(g, &avail, &rss);
    fprintf(stderr, "bootcheck: note: the memory ran low (%" PRIu64
                    " MiB available, bootcheck %" PRIu64 " MiB): the "
                    "search stopped, incomplete (out of memory; "
                    "$BOOTCHECK_MIN_FREE)\n",
            avail >> 20, rss >> 20);
    *noted = true;
  }
  bc_explore_memlow = 0;
}

int bc_check(const char *path, const struct bc_define *defs, size_t ndefs,
             const struct bc_check_opts *o, struct bc_check *ret) {
  double t_start = bc_vm_now();
  memset(ret, 0, sizeof *ret);
  ret->path = path;
  ret->defs = bc_xcalloc(ndefs + 1, sizeof *ret->defs);
  for (size_t i = 0; i < ndefs; i++) {
    ret->defs[i].name = bc_xstrdup(defs[i].name);
    ret->defs[i].value = bc_xstrdup(defs[i].value);
  }
  ret->ndefs = ndefs;
  ret->exit = BC_EXIT_USAGE;
  struct bc_program *p = load(path, defs, ndefs, o, ret);
  if (!p)
    return ret->exit;
  ret->p = p;
  if (!bc_placements_valid(p, o->placements))
    return ret->exit;
  struct bc_explore_opts eo = o->eo; /* workers 0: the cores available */
  bool failed = false;
  struct bc_native_job *job = NULL;
  struct bc_native *native =
      o->engine == BC_ENGINE_AUTO
          ? auto_start(p, o->eo.por ? BC_NATIVE_TRACKED : 0, &job)
          : bc_check_native(p, o, &failed);
  if (failed) {
    ret->exit = BC_EXIT_INTERNAL;
    return ret->exit;
  }
  eo.native = native;
  /* the memory guard, while the configurations and their passes run */
  bool mnoted = false;
  struct bc_memguard *guard = bc_memguard_from_env(&bc_explore_memlow);
  size_t ncfg = bc_config_count(p);
  bool windows = o->windows && p->nwindows;
  ret->cfg = bc_xcalloc(ncfg + 1, sizeof *ret->cfg);
  ret->runs = bc_xcalloc(ncfg + 1, sizeof *ret->runs);
  ret->wins = windows ? bc_xcalloc(ncfg + 1, sizeof *ret->wins) : NULL;
  unsigned *choice = bc_xcalloc(p->nplacements + 1, sizeof *choice);
  /* the configurations whose liveness pass is left to pass_job
  ** (live_pending), those whose window pass explores on its own, and
  ** the latter's choices */
  eo.defer_liveness = true;
  struct pending pd = {
      bc_xcalloc(ncfg + 1, sizeof *pd.live), 0,
      bc_xcalloc(ncfg + 1, sizeof *pd.win), 0,
      bc_xcalloc((ncfg + 1) * (p->nplacements + 1), sizeof *pd.wchoice)};
  struct bc_run *shared = NULL; /* o->share: runs explored together */
  bool *sdone = NULL;
  if (o->share) {
    shared = bc_xcalloc(ncfg + 1, sizeof *shared);
    sdone = bc_xcalloc(ncfg + 1, sizeof *sdone);
    /* a trial with the interpreter while the engine is built, as below */
    struct bc_explore_opts teo = eo;
    if (job && (!eo.max_states || eo.max_states > TRIAL_STATES))
      teo.trial_states = TRIAL_STATES;
    if (!bc_check_share(p, o, &teo, shared, sdone)) {
      native = auto_finish(job);
      job = NULL;
      eo.native = native;
      bc_check_share(p, o, &eo, shared, sdone); /* the groups left */
    }
    memlow_clear(guard, &mnoted);
  }
  int exit = BC_EXIT_OK;
  /* a build that ends is taken before the next configuration, but not
  ** under a --max-states within the trial's: that check is the
  ** interpreter's throughout, whenever the build ends */
  const bool take_built = !eo.max_states || eo.max_states > TRIAL_STATES;
  /* configurations side by side (struct side_jobs): the first nside
  ** selected ones, each with 'each' workers, 'slots' at a time once the
  ** engine is final (one at a time before: trials), so that their reports
  ** do not depend on the cache; 'sel' selected ones so far; the choices
  ** and outcomes of a batch */
  unsigned threads = o->share ? 1 : bc_pass_threads(&eo), each = 1, slots;
  size_t last = 0, nside = 0, sel = 0;
  size_t nsel = threads > 1 ? selected_from(p, o->placements, 0, SIZE_MAX,
                                            NULL, choice, &last)
                            : 0;
  if (nsel >= 2 && threads / 2 >= nsel) /* more threads than searches */
    each = threads / (unsigned)nsel;
  slots = threads / each;
  if (nsel >= 2)
    nside = nsel % slots == 1 ? nsel - 1 : nsel;
  unsigned *side_choice =
      nside ? bc_xcalloc(nside * (p->nplacements + 1), sizeof *side_choice)
            : NULL;
  int *side_rc = nside ? bc_xcalloc(nside, sizeof *side_rc) : NULL;
  for (size_t i = 0; i < ncfg; i++) {
    if (bc_explore_signal) { /* configurations left out are unknown */
      exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
      break;
    }
    bc_config_nth(p, i, choice);
    if (!bc_placement_selected(p, choice, o->placements))
      continue;
    if (job && take_built && bc_native_built(job)) { /* from here on */
      native = auto_finish(job);
      job = NULL;
      eo.native = native;
    }
    struct bc_check_config *c = &ret->cfg[ret->ncfg];
    size_t n = sel < nside && !job
                   ? selected_from(p, o->placements, i, nside - sel,
                                   side_choice, NULL, &last)
                   : 0;
    if (n >= 2) { /* the engine is final: these side by side */
      sel += n;
      struct bc_explore_opts seo = eo;
      seo.workers = each;
      seo.beside = true;
      struct side_jobs sj = {p, &seo, c, side_choice, windows, side_rc,
                             false};
      bc_parallel_for(n, slots, side_job, &sj);
      memlow_clear(guard, &mnoted);
      size_t base = (size_t)(c - ret->cfg); /* ret->ncfg */
      bool stop = false; /* a search that did not start: none after it */
      for (size_t k = 0; k < n; k++) {
        struct bc_check_config *ck = &ret->cfg[base + k];
        if (!stop && side_rc[k] == 0) { /* ck is ret->cfg[ret->ncfg] */
          config_searched(p, windows, side_choice + k * (p->nplacements + 1),
                          &pd, ret);
          continue;
        }
        if (!stop) {
          if (side_rc[k] < 0)
            fputs(start_failed(&eo), stderr);
          exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
          stop = true;
        }
        if (side_rc[k] == 0) { /* searched beside one that was not */
          bc_run_release(&ck->run);
          bc_window_run_release(&ck->win);
        }
        memset(ck, 0, sizeof *ck);
      }
      if (stop)
        break;
      i = last;
      continue;
    }
    /* one of those that go side by side, alone: their workers all the same */
    struct bc_explore_opts one = eo;
    if (sel++ < nside)
      one.workers = each;
    /* a trial with the interpreter while the engine is built (auto_start) */
    struct bc_explore_opts teo = one;
    bool trial = job && (!eo.max_states || eo.max_states > TRIAL_STATES);
    if (trial) /* the search's limit only: the passes after it keep theirs */
      teo.trial_states = TRIAL_STATES;
  again:
    if (sdone && sdone[i]) {
      c->run = shared[i];
      memset(&shared[i], 0, sizeof shared[i]);
    } else if (bc_explore_windows(p, choice, trial ? &teo : &one, &c->run,
                                  windows ? &c->win : NULL) != 0) {
      fputs(start_failed(&eo), stderr);
      exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
      break;
    }
    if (trial && c->run.stop == BC_STOP_MAX_STATES) {
      /* too big for a trial: wait for the engine, then this one again */
      bc_run_release(&c->run);
      bc_window_run_release(&c->win);
      memset(c, 0, sizeof *c);
      native = auto_finish(job);
      job = NULL;
      eo.native = one.native = native;
      trial = false;
      goto again;
    }
    memlow_clear(guard, &mnoted);
    config_searched(p, windows, choice, &pd, ret);
  }
  free(choice);
  free(side_choice);
  free(side_rc);
  /* the passes that explore on their own (liveness under --por or
  ** --fingerprint; windows under those and for `where`'s candidates):
  ** independent, one thread each, side by side */
  if (job && take_built && bc_native_built(job)) {
    native = auto_finish(job);
    job = NULL;
    eo.native = native;
  }
  struct pass_jobs pj = {p, &eo, ret, pd.live, pd.nlive, pd.win, pd.wchoice};
  bc_parallel_for(pd.nlive + pd.nwin, bc_pass_threads(&eo), pass_job, &pj);
  memlow_clear(guard, &mnoted);
  bc_memguard_stop(guard);
  bc_explore_memlow = 0; /* set again meanwhile: nothing left to stop */
  free(pd.live);
  free(pd.win);
  free(pd.wchoice);
  for (size_t k = 0; k < ret->ncfg; k++) {
    struct bc_check_config *c = &ret->cfg[k];
    c->outcome = bc_run_outcome(p, &c->run);
    exit = bc_exit_worse(exit, bc_outcome_exit(c->outcome));
    ret->runs[k] = c->run;
    if (windows)
      ret->wins[k] = c->win;
  }
  for (size_t i = 0; shared && i < ncfg; i++)
    bc_run_release(&shared[i]); /* those a stop left unused */
  free(shared);
  free(sdone);
  /* never needed; cached if it ends soon enough */
  double took = bc_vm_now() - t_start;
  bc_native_cancel_after(job,
                         took >= BUILD_GRACE_FROM ? BUILD_GRACE * took : 0,
                         &bc_explore_signal);
  ret->native = native;
  ret->exit = exit;
  return exit;
}

void bc_check_release(struct bc_check *c) {
  for (size_t i = 0; i < c->ncfg; i++) {
    bc_run_release(&c->cfg[i].run);
    bc_window_run_release(&c->cfg[i].win);
  }
  for (size_t i = 0; i < c->ndefs; i++) {
    free((char *)c->defs[i].name);
    free((char *)c->defs[i].value);
  }
  free(c->defs);
  free(c->cfg);
  free(c->runs);
  free(c->wins);
  free(c->diag);
  free(c->source);
  bc_native_free(c->native);
  bc_program_free(c->p);
  memset(c, 0, sizeof *c);
}
