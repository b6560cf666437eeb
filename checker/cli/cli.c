/*
** cli.c - the bootcheck command line: dispatch, `list`, and `check`, a
** thin caller of the check layer (checker/check/check.c) and the
** renderers (checker/report/report.c).
**
**   bootcheck list SPEC [-D NAME=VALUE]... [--dump-bytecode]
**   bootcheck check SPEC [options]
*/
#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "base/safeout.h"
#include "cli/cli_int.h"
#include "history/db.h"
#include "model/native.h"
#include "report/report.h"
#include "export/export.h"

#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: bootcheck [--version] [--help] COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  check SPEC   explore every interleaving of SPEC for each placement\n"
    "               and check its constraints\n"
    "  list SPEC    print the processes, steps, hooks, placements,\n"
    "               constraints and state layout of SPEC\n"
    "  regress SPEC...  check, compare each verdict with the recorded\n"
    "               history, record the run (docs/ci.md)\n"
    "  history SPEC the recorded runs of SPEC, one line each\n"
    "  show RUN     print a recorded run again, as check printed it\n"
    "               (docs/db.md)\n"
    "  export SPEC --to murphi|promela  the spec as a model for Rumur or\n"
    "               SPIN (docs/export.md)\n"
    "  where SPEC PLACEMENT  check PLACEMENT at every step boundary and\n"
    "               print the legal window (docs/where.md)\n"
    "  order SPEC   the boot's guaranteed order of steps, as a Hasse\n"
    "               diagram (docs/order.md)\n"
    "\n"
    "'bootcheck COMMAND --help' describes a command's options.\n";

static const char check_help[] =
    "usage: bootcheck check SPEC [options]\n"
    "\n"
    "  -D NAME=VALUE        override a constant of the spec; VALUE is a\n"
    "                       number, true/false or a constant's name\n"
    "                       (REV=REV_LASS_V9); V1,V2,... sweeps it (one\n"
    "                       report per value, then a table of them all)\n"
    "  --placement LIST     only these configurations: hook names, or\n"
    "                       placement@hook bindings (A@h1,B@h2 is the one\n"
    "                       configuration a report names so); 'all' is\n"
    "                       the default\n"
    "  --columns LIST       the matrix's constraint columns in this order\n"
    "                       (C1,C2,C3,...; the rest in the spec's order)\n"
    "  --format FORMAT      text (default), json (docs/json.md) or markdown\n"
    "  --output FILE        write the report to FILE instead of stdout\n"
    "  --ascii              ok/FAIL instead of check marks (the default\n"
    "                       when the locale is not UTF-8)\n"
    "  --color WHEN         auto (default: on a terminal, unless NO_COLOR\n"
    "                       is set), always or never\n"
    "  --no-timing          leave out times, rates and memory figures (for\n"
    "                       output compared byte for byte)\n"
    "  --fingerprint        keep only 64-bit fingerprints of states (less\n"
    "                       memory; reports the collision probability)\n"
    "  --max-states N       stop after N distinct states (incomplete)\n"
    "  --max-memory SIZE    limit the state store and the liveness pass\n"
    "                       (e.g. 512M, 4G)\n"
    "  --time-limit SECS    stop each configuration after SECS seconds\n"
    "  --workers N          threads (default and 0: the cores available);\n"
    "                       results are the same for every N\n"
    "  --engine E           native: translate the spec to C, build it with\n"
    "                       $CC (cc) and run machine code; interp: the\n"
    "                       bytecode interpreter (same results); auto (the\n"
    "                       default; $BOOTCHECK_ENGINE too): native, else\n"
    "                       interp with a one-line note saying why\n"
    "  --no-symmetry        explore every member of a `symmetric` family\n"
    "                       separately (default: states that differ only\n"
    "                       by renaming members count once)\n"
    "  --por                partial-order reduction: from each state, follow\n"
    "                       only the steps that interleavings need (same\n"
    "                       verdicts; fewer states; counterexamples are\n"
    "                       real executions but not always the shortest)\n"
    "  --stop-at-first      stop a configuration at its first violation\n"
    "  --no-windows         skip the exposure windows (a second search\n"
    "                       per configuration when the first could not\n"
    "                       record its graph; reduced under --por)\n"
    "  --no-liveness        do not decide eventually/~> constraints (a\n"
    "                       pass of their own unless the search recorded\n"
    "                       its graph; reduced under --por: docs/liveness.md)\n"
    "  --quiet              no progress line\n"
    "  --db FILE            record the run in this history database\n"
    "                       ($BOOTCHECK_DB too; docs/db.md); its folder is\n"
    "                       created, a file that is not one is refused\n"
    "                       before the search (exit 2)\n"
    "\n"
    "exit status: 0 results as expected (the spec's expect lines, or no\n"
    "violation when none matches), 1 not as expected, 2 usage or spec\n"
    "error, 3 a limit was hit before every verdict was known.\n";

static const char list_help[] =
    "usage: bootcheck list SPEC [-D NAME=VALUE]... [--dump-bytecode | "
    "--dump-c]\n";

static int usage(FILE *out) {
  fputs(usage_text, out);
  return out == stdout ? BC_EXIT_OK : BC_EXIT_USAGE;
}

static int cmd_list(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_LIST, list_help, &a, &early))
    return early;
  struct bc_program *p =
      bc_cli_compile(a.operands[0], a.defs, a.ndefs, NULL, NULL);
  if (p && a.dump_c)
    bc_native_generate(p, BC_NATIVE_TRACKED, stdout); /* all of it */
  else if (p && a.dump)
    bc_program_dump(p, stdout);
  else if (p)
    bc_program_list(p, stdout);
  bc_cli_args_release(&a);
  bc_program_free(p);
  return p ? BC_EXIT_OK : BC_EXIT_USAGE;
}

/* Does the user's locale (LC_CTYPE from the environment) use UTF-8? The
** program's own locale is left as it was. */
bool bc_cli_utf8_locale(void) {
  const char *old = setlocale(LC_CTYPE, NULL);
  char *saved = bc_xstrdup(old ? old : "C");
  bool utf8 = false;
  if (setlocale(LC_CTYPE, "")) {
    const char *cs = nl_langinfo(CODESET);
    utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf-8") ||
                  !strcmp(cs, "utf8") || !strcmp(cs, "UTF8"));
  }
  setlocale(LC_CTYPE, saved);
  free(saved);
  return utf8;
}

/* --color: always, never, or auto (a terminal, NO_COLOR unset or empty,
** TERM not "dumb"). */
static bool use_color(const char *when, FILE *out) {
  if (when && !strcmp(when, "always"))
    return true;
  if (when && !strcmp(when, "never"))
    return false;
  const char *nc = getenv("NO_COLOR");
  const char *term = getenv("TERM");
  return bc_out_isatty(out) && !(nc && *nc) &&
         !(term && !strcmp(term, "dumb"));
}

bool bc_cli_column_order(const struct bc_program *p, const char *list,
                         size_t *order) {
  size_t n = 0;
  bool *used = bc_xcalloc(p->nconstraints + 1, sizeof *used);
  bool ok = true;
  for (const char *s = list ? list : ""; *s;) {
    size_t len = strcspn(s, ",");
    size_t c = 0;
    while (c < p->nconstraints && (strlen(p->constraints[c].id) != len ||
                                   strncmp(p->constraints[c].id, s, len)))
      c++;
    if (c == p->nconstraints) {
      fprintf(stderr, "bootcheck: --columns: '%.*s' is not a constraint of "
                      "%s\n", (int)len, s, p->spec_name);
      ok = false;
    } else if (!used[c]) {
      used[c] = true;
      order[n++] = c;
    }
    s += len + (s[len] == ',');
  }
  /* the others in the spec's order */
  for (size_t i = 0; i < p->nconstraints; i++) {
    size_t c = p->columns ? p->columns[i] : i;
    if (!used[c])
      order[n++] = c;
  }
  free(used);
  return ok;
}

void bc_cli_render(FILE *out, const struct bc_check *ck, const char *format,
                   bool ascii, bool color, bool no_timing,
                   const size_t *order) {
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.ascii = ascii;
  ro.color = color;
  ro.no_timing = no_timing;
  ro.windows = ck->wins;
  ro.spec_sha256 = ck->sha256[0] ? ck->sha256 : NULL;
  ro.order = order;
  if (format && !strcmp(format, "json")) {
    char *txt = bc_report_json_opts(ck->p, ck->runs, ck->ncfg, &ro);
    bc_out_raw(out, txt); /* JSON escapes what it must itself */
    fputc('\n', out);
    free(txt);
  } else if (format && !strcmp(format, "markdown")) {
    bc_report_markdown(out, ck->p, ck->runs, ck->ncfg, &ro);
  } else {
    bc_report_text(out, ck->p, ck->runs, ck->ncfg, &ro);
  }
}

/*
** check: one bc_check per -D combination (check.h: the first -D varies
** slowest), one report each, in order; a sweep's JSON is then
** {"format_version": 1, "sweep": [document, ...]}, and its text and
** Markdown end with the table of every combination.
*/
static int cmd_check(int argc, char **argv) {
  struct bc_cli_args a;
  struct bc_sweep sw;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_CHECK, check_help, &a, &early))
    return early;
  if (!bc_sweep_init(&sw, a.defs, a.ndefs)) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  const char *spec = a.operands[0];
  const char *env = getenv("BOOTCHECK_DB");
  struct bc_db *db = NULL;
  char *dbnew = NULL; /* a database to create at the first record */
  struct bc_spec_id id;
  memset(&id, 0, sizeof id);
  /* before anything is opened for writing: no output may be an input */
  const char *dbpath = a.db ? a.db : (env && *env ? env : NULL);
  if (bc_cli_refuse_output("--output", a.output, &spec, 1, dbpath) != 0 ||
      bc_cli_refuse_output("--db", dbpath, &spec, 1, NULL) != 0) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  if (a.db || (env && *env)) {
    /* before the search: a file that is not a history is refused now */
    db = bc_cli_open_db(a.db, spec, true, &dbnew);
    if ((!db && !dbnew) || bc_spec_identify(spec, true, &id) != 0) {
      free(dbnew);
      bc_db_close(db);
      bc_cli_args_release(&a);
      return BC_EXIT_USAGE;
    }
  }
  FILE *out = stdout;
  if (a.output && !(out = fopen(a.output, "w"))) {
    fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
    bc_db_close(db);
    bc_spec_id_release(&id);
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  if (out != stdout) { /* control characters escaped, as on stdout */
    FILE *safe = bc_safe_stream(out, true);
    if (safe)
      out = safe;
  }
  bc_cli_catch_signals();
  a.co.eo.progress = !a.quiet && isatty(STDERR_FILENO);
  bool json = a.format && !strcmp(a.format, "json");
  bool ascii = a.ascii || !bc_cli_utf8_locale();
  bool color = use_color(a.color, out);
  if (json && sw.ncombo > 1)
    fputs("{\n\"format_version\": 1,\n\"sweep\": [\n", out);
  struct bc_check *checks = bc_xcalloc(sw.ncombo, sizeof *checks);
  struct bc_define one[64];
  char *vals[64] = {0};
  int rc = BC_EXIT_OK;
  size_t written = 0; /* reports written */
  for (size_t k = 0; k < sw.ncombo; k++) {
    if (bc_explore_signal) { /* combinations left out are unknown */
      rc = bc_exit_worse(rc, BC_EXIT_INTERNAL);
      break;
    }
    bc_sweep_combo(&sw, k, one, vals);
    struct bc_check *ck = &checks[k];
    int exit = bc_check(spec, one, a.ndefs, &a.co, ck);
    if (ck->p) {
      size_t *order = bc_xcalloc(ck->p->nconstraints + 1, sizeof *order);
      if (!bc_cli_column_order(ck->p, a.columns, order)) {
        exit = BC_EXIT_USAGE;
      } else if (exit != BC_EXIT_USAGE || ck->ncfg) {
        if (written++)
          fputs(json ? ",\n" : "\n\n", out);
        bc_cli_render(out, ck, a.format, ascii, color, a.no_timing, order);
        int64_t run_id;
        if (dbnew && ck->ncfg) {
          struct bc_db *made;
          char err[1024];
          if (bc_db_open(dbnew, BC_DB_WRITE, &made, err, sizeof err) != 0)
            fprintf(stderr, "bootcheck: %s\n", err);
          else
            db = made;
          free(dbnew);
          dbnew = NULL;
          if (!db)
            exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
        }
        if (db && bc_cli_record(db, "check", ck, &id, &a, NULL, 0, NULL,
                                NULL, 0, &run_id) == 0)
          fprintf(stderr, "bootcheck: recorded as run %" PRId64 "\n",
                  run_id);
        else if (db)
          exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
      }
      free(order);
    }
    rc = bc_exit_worse(rc, exit);
    fflush(out);
  }
  if (json && sw.ncombo > 1)
    fputs("]\n}\n", out);
  else if (sw.ncombo > 1) {
    struct bc_report_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.ascii = ascii;
    ro.color = color;
    size_t *order = NULL;
    for (size_t k = 0; k < sw.ncombo && !order; k++)
      if (checks[k].p) {
        order = bc_xcalloc(checks[k].p->nconstraints + 1, sizeof *order);
        bc_cli_column_order(checks[k].p, a.columns, order);
      }
    ro.order = order;
    bc_report_sweep(out, checks, sw.ncombo,
                    a.format && !strcmp(a.format, "markdown"), &ro);
    free(order);
  }
  for (size_t k = 0; k < sw.ncombo; k++)
    bc_check_release(&checks[k]);
  free(checks);
  for (size_t i = 0; i < a.ndefs; i++)
    free(vals[i]);
  if (out != stdout && fclose(out) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
    rc = bc_exit_worse(rc, BC_EXIT_INTERNAL);
  }
  bc_db_close(db);
  free(dbnew);
  bc_spec_id_release(&id);
  bc_cli_args_release(&a);
  return rc;
}

static int dispatch(int argc, char **argv) {
  if (argc < 2)
    return usage(stderr);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("bootcheck %s\n", bc_version());
    return BC_EXIT_OK;
  }
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
    return usage(stdout);
  if (!strcmp(cmd, "list"))
    return cmd_list(argc - 1, argv + 1);
  if (!strcmp(cmd, "check"))
    return cmd_check(argc - 1, argv + 1);
  if (!strcmp(cmd, "regress"))
    return bc_cmd_regress(argc - 1, argv + 1);
  if (!strcmp(cmd, "history"))
    return bc_cmd_history(argc - 1, argv + 1);
  if (!strcmp(cmd, "show"))
    return bc_cmd_show(argc - 1, argv + 1);
  if (!strcmp(cmd, "export"))
    return bc_cmd_export(argc - 1, argv + 1);
  if (!strcmp(cmd, "where"))
    return bc_cmd_where(argc - 1, argv + 1);
  if (!strcmp(cmd, "order"))
    return bc_cmd_order(argc - 1, argv + 1);
  fprintf(stderr, "bootcheck: unknown command '%s'\n", cmd);
  return usage(stderr);
}

/* Every command writes through streams that escape control characters
** (base/safeout.h): the spec's text never drives the terminal. The process
** is left as it was found (streams, signal handlers), so that the command
** line can run again in it (tests/fuzz/fuzz_cli.c). */
int bc_cli_main(int argc, char **argv) {
  bc_explore_signal = 0;
  FILE *real_out = stdout, *real_err = stderr;
  FILE *out = bc_safe_stream(real_out, false);
  FILE *err = bc_safe_stream(real_err, false);
  if (out)
    stdout = out;
  if (err)
    stderr = err;
  int rc = dispatch(argc, argv);
  /* a report lost on a full device (or a closed stdout) is a failure that
  ** says why, whatever the verdicts were */
  errno = 0;
  bool lost = out && ferror(out);
  if (out && fclose(out) != 0)
    lost = true;
  if (fflush(real_out) != 0 || ferror(real_out))
    lost = true;
  if (lost) {
    fprintf(err ? err : real_err, "bootcheck: writing the output: %s\n",
            strerror(errno ? errno : EIO));
    rc = bc_exit_worse(rc, BC_EXIT_INTERNAL);
  }
  if (err)
    fclose(err);
  bc_cli_release_signals();
  stdout = real_out;
  stderr = real_err;
  return rc;
}
