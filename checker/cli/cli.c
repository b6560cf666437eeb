/*
** cli.c - the bootcheck command line: argument parsing and dispatch.
**
**   bootcheck list SPEC [-D NAME=VALUE]... [--dump-bytecode]
**   bootcheck check SPEC [options]
*/
#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "cli/cli_int.h"
#include "history/db.h"
#include "model/native.h"
#include "report/report.h"
#include "explore/window.h"
#include "export/export.h"

#include <errno.h>
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
    "  show RUN     print a recorded run again (docs/db.md)\n"
    "  export SPEC --to murphi|promela  the spec as a model for Rumur or\n"
    "               SPIN (docs/export.md)\n"
    "\n"
    "'bootcheck COMMAND --help' describes a command's options.\n";

static const char check_help[] =
    "usage: bootcheck check SPEC [options]\n"
    "\n"
    "  -D NAME=VALUE        override a constant of the spec\n"
    "  --placement LIST     only these configurations (comma-separated hook\n"
    "                       names, or placement@hook; 'all' is the default)\n"
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
    "  --max-memory SIZE    limit the state store (e.g. 512M, 4G)\n"
    "  --time-limit SECS    stop each configuration after SECS seconds\n"
    "  --workers N          threads (default: the cores available; 0 too);\n"
    "                       results are the same for every N\n"
    "  --engine E           interp (default): the bytecode interpreter;\n"
    "                       native: translate the spec to C, build it with\n"
    "                       $CC (cc) and run machine code (same results)\n"
    "  --no-symmetry        explore every member of a `symmetric` family\n"
    "                       separately (default: states that differ only\n"
    "                       by renaming members count once)\n"
    "  --por                partial-order reduction: from each state, follow\n"
    "                       only the steps that interleavings need (same\n"
    "                       verdicts; fewer states; counterexamples are\n"
    "                       real executions but not always the shortest)\n"
    "  --stop-at-first      stop a configuration at its first violation\n"
    "  --no-windows         skip the exposure windows (a second search\n"
    "                       per configuration, without --por)\n"
    "  --quiet              no progress line\n"
    "  --db FILE            record the run in this history database\n"
    "                       ($BOOTCHECK_DB too; docs/db.md)\n"
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

struct args {
  const char *spec;
  struct bc_define defs[64];
  size_t ndefs;
  const char *placements;
  const char *format;
  const char *output;
  const char *db;       /* --db: record the run (docs/db.md) */
  const char *color;    /* --color: auto, always, never */
  bool no_timing;
  bool no_windows;
  bool ascii, dump, quiet;
  bool native, dump_c;  /* --engine native; list --dump-c */
  struct bc_explore_opts eo;
};

bool bc_cli_parse_size(const char *s, size_t *ret) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || v < 0)
    return false;
  double mul = 1;
  switch (*end) {
  case 'k': case 'K':
    mul = 1024.0;
    end++;
    break;
  case 'm': case 'M':
    mul = 1024.0 * 1024;
    end++;
    break;
  case 'g': case 'G':
    mul = 1024.0 * 1024 * 1024;
    end++;
    break;
  default:
    break;
  }
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end)
    return false;
  *ret = (size_t)(v * mul);
  return true;
}

bool bc_cli_add_define(struct bc_define *defs, size_t *ndefs, size_t max,
                       const char *nv) {
  const char *eq = strchr(nv, '=');
  if (!eq || eq == nv || *ndefs == max) {
    fprintf(stderr, "bootcheck: -D expects NAME=VALUE, got '%s'\n", nv);
    return false;
  }
  char *copy = bc_xstrdup(nv);
  copy[eq - nv] = '\0';
  defs[*ndefs].name = copy;
  defs[*ndefs].value = copy + (eq - nv) + 1;
  (*ndefs)++;
  return true;
}

int bc_cli_search_option(int argc, char **argv, int *i,
                         struct bc_explore_opts *eo) {
  const char *s = argv[*i];
  if (!strcmp(s, "--fingerprint")) {
    eo->fingerprint_only = true;
    return 1;
  }
  if (!strcmp(s, "--no-symmetry")) {
    eo->symmetry = false;
    return 1;
  }
  if (!strcmp(s, "--por")) {
    eo->por = true;
    return 1;
  }
  if (strcmp(s, "--workers") && strcmp(s, "--max-states") &&
      strcmp(s, "--max-memory") && strcmp(s, "--time-limit"))
    return 0;
  if (*i + 1 >= argc) {
    fprintf(stderr, "bootcheck: %s needs a value\n", s);
    return -1;
  }
  const char *val = argv[++*i];
  char *end;
  errno = 0;
  if (!strcmp(s, "--workers")) {
    unsigned long n = strtoul(val, &end, 10);
    if (errno || *end || end == val || n > 256) {
      fprintf(stderr, "bootcheck: --workers needs a number from 0 (the "
                      "cores available) to 256\n");
      return -1;
    }
    eo->workers = n ? (unsigned)n : bc_explore_default_workers();
  } else if (!strcmp(s, "--max-states")) {
    unsigned long long n = strtoull(val, &end, 10);
    if (errno || *end || end == val || n == 0) {
      fprintf(stderr, "bootcheck: --max-states needs a positive number\n");
      return -1;
    }
    eo->max_states = n;
  } else if (!strcmp(s, "--max-memory")) {
    if (!bc_cli_parse_size(val, &eo->max_memory) || eo->max_memory == 0) {
      fprintf(stderr, "bootcheck: --max-memory needs a size like 512M\n");
      return -1;
    }
  } else {
    eo->time_limit = strtod(val, &end);
    if (*end || end == val || !(eo->time_limit > 0)) {
      fprintf(stderr, "bootcheck: --time-limit needs seconds > 0\n");
      return -1;
    }
  }
  return 1;
}

static bool add_define(struct args *a, const char *nv) {
  return bc_cli_add_define(a->defs, &a->ndefs, 64, nv);
}

static void free_defines(struct args *a) {
  for (size_t i = 0; i < a->ndefs; i++)
    free((char *)a->defs[i].name);
}

/* Parse options shared by list and check; returns -1 on a usage error. */
static int parse_args(int argc, char **argv, struct args *a, bool check) {
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    const char *val = NULL;
#define NEEDVAL(opt)                                                           \
  do {                                                                         \
    if (i + 1 >= argc) {                                                       \
      fprintf(stderr, "bootcheck: %s needs a value\n", opt);                   \
      return -1;                                                               \
    }                                                                          \
    val = argv[++i];                                                           \
  } while (0)
    int so = check ? bc_cli_search_option(argc, argv, &i, &a->eo) : 0;
    if (so < 0)
      return -1;
    if (so > 0) {
      continue;
    } else if (!strcmp(s, "-D")) {
      NEEDVAL("-D");
      if (!add_define(a, val))
        return -1;
    } else if (!strncmp(s, "-D", 2)) {
      if (!add_define(a, s + 2))
        return -1;
    } else if (!strcmp(s, "--dump-bytecode") && !check) {
      a->dump = true;
    } else if (check && !strcmp(s, "--placement")) {
      NEEDVAL(s);
      a->placements = val;
    } else if (check && !strcmp(s, "--format")) {
      NEEDVAL(s);
      a->format = val;
      if (strcmp(val, "text") && strcmp(val, "json") &&
          strcmp(val, "markdown")) {
        fprintf(stderr, "bootcheck: --format must be text, json or "
                        "markdown\n");
        return -1;
      }
    } else if (check && !strcmp(s, "--output")) {
      NEEDVAL(s);
      a->output = val;
    } else if (check && !strcmp(s, "--db")) {
      NEEDVAL(s);
      a->db = val;
    } else if (check && (!strcmp(s, "--color") ||
                         !strncmp(s, "--color=", 8))) {
      if (s[7] == '=')
        val = s + 8;
      else
        NEEDVAL(s);
      if (strcmp(val, "auto") && strcmp(val, "always") &&
          strcmp(val, "never")) {
        fprintf(stderr, "bootcheck: --color must be auto, always or "
                        "never\n");
        return -1;
      }
      a->color = val;
    } else if (check && !strcmp(s, "--no-timing")) {
      a->no_timing = true;
    } else if (check && !strcmp(s, "--no-windows")) {
      a->no_windows = true;
    } else if (check && !strcmp(s, "--ascii")) {
      a->ascii = true;
    } else if (check && !strcmp(s, "--quiet")) {
      a->quiet = true;
    } else if (check && !strcmp(s, "--engine")) {
      NEEDVAL(s);
      if (strcmp(val, "interp") && strcmp(val, "native")) {
        fprintf(stderr, "bootcheck: --engine must be interp or native\n");
        return -1;
      }
      a->native = !strcmp(val, "native");
    } else if (!check && !strcmp(s, "--dump-c")) {
      a->dump_c = true;
    } else if (check && !strcmp(s, "--stop-at-first")) {
      a->eo.stop_at_first = true;
    } else if (s[0] == '-' && s[1]) {
      fprintf(stderr, "bootcheck: unknown option '%s'\n", s);
      return -1;
    } else if (!a->spec) {
      a->spec = s;
    } else {
      fprintf(stderr, "bootcheck: unexpected argument '%s'\n", s);
      return -1;
    }
#undef NEEDVAL
  }
  if (!a->spec) {
    fprintf(stderr, "bootcheck: no SPEC file given\n");
    return -1;
  }
  return 0;
}

/* Load and compile; prints diagnostics. NULL on error. */
static struct bc_program *load(struct args *a) {
  struct bc_source src;
  if (bc_source_load(&src, a->spec) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", a->spec, strerror(errno));
    return NULL;
  }
  struct bc_diag diag;
  bc_diag_init(&diag, &src);
  struct bc_program *p = bc_compile(&src, a->defs, a->ndefs, &diag);
  bc_diag_print(&diag, stderr);
  bc_diag_release(&diag);
  bc_source_release(&src);
  return p;
}

static int cmd_list(int argc, char **argv) {
  struct args a;
  memset(&a, 0, sizeof a);
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    fputs(list_help, stdout);
    return BC_EXIT_OK;
  }
  if (parse_args(argc, argv, &a, false) != 0) {
    fputs(list_help, stderr);
    free_defines(&a);
    return BC_EXIT_USAGE;
  }
  struct bc_program *p = load(&a);
  free_defines(&a);
  if (!p)
    return BC_EXIT_USAGE;
  if (a.dump_c)
    bc_native_generate(p, stdout);
  else if (a.dump)
    bc_program_dump(p, stdout);
  else
    bc_program_list(p, stdout);
  bc_program_free(p);
  return BC_EXIT_OK;
}

/* Is configuration 'choice' selected by the --placement list? */
static bool selected(const struct bc_program *p, const unsigned *choice,
                     const char *list) {
  if (!list || !strcmp(list, "all"))
    return true;
  char name[256];
  bc_config_name(p, choice, name, sizeof name);
  const char *s = list;
  while (*s) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    /* a hook name selects the configurations binding any placement to it;
    ** placement@hook selects that binding */
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      const char *h = p->hooks[pl->hooks[choice[i]]].name;
      char full[256];
      snprintf(full, sizeof full, "%s@%s", pl->name, h);
      if ((strlen(h) == n && !strncmp(h, s, n)) ||
          (strlen(full) == n && !strncmp(full, s, n)))
        return true;
    }
    if (strlen(name) == n && !strncmp(name, s, n))
      return true;
    s += n;
    if (*s == ',')
      s++;
  }
  return false;
}

/* Check that every name in the --placement list names some candidate. */
static bool placements_valid(const struct bc_program *p, const char *list) {
  if (!list || !strcmp(list, "all"))
    return true;
  const char *s = list;
  bool ok = true;
  while (*s) {
    const char *e = strchr(s, ',');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    bool found = false;
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      for (unsigned j = 0; j < pl->nhooks; j++) {
        const char *h = p->hooks[pl->hooks[j]].name;
        char full[256];
        snprintf(full, sizeof full, "%s@%s", pl->name, h);
        if ((strlen(h) == n && !strncmp(h, s, n)) ||
            (strlen(full) == n && !strncmp(full, s, n)))
          found = true;
      }
    }
    if (!found) {
      fprintf(stderr, "bootcheck: --placement: '%.*s' is not a candidate "
                      "hook of any placement\n", (int)n, s);
      ok = false;
    }
    s += n;
    if (*s == ',')
      s++;
  }
  return ok;
}

/* Does the user's locale (LC_CTYPE from the environment) use UTF-8? The
** program's own locale is left as it was. */
static bool utf8_locale(void) {
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
  return isatty(fileno(out)) && !(nc && *nc) &&
         !(term && !strcmp(term, "dumb"));
}

/* Write the report of 'runs' (and 'wins', NULL or one per run) to 'out' in
** the format the options ask for. */
static void write_report(FILE *out, const struct args *a,
                         const struct bc_program *p, const struct bc_run *runs,
                         size_t nruns, const struct bc_window_run *wins) {
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.ascii = a->ascii || !utf8_locale();
  ro.color = use_color(a->color, out);
  ro.no_timing = a->no_timing;
  ro.windows = wins;
  char sha[65];
  struct bc_source src;
  if (bc_source_load(&src, a->spec) == 0) { /* JSON spec.sha256 */
    bc_db_sha256_hex(src.text, src.len, sha);
    ro.spec_sha256 = sha;
    bc_source_release(&src);
  }
  if (a->format && !strcmp(a->format, "json")) {
    char *txt = bc_report_json_opts(p, runs, nruns, &ro);
    fputs(txt, out);
    fputc('\n', out);
    free(txt);
  } else if (a->format && !strcmp(a->format, "markdown")) {
    bc_report_markdown(out, p, runs, nruns, &ro);
  } else {
    bc_report_text(out, p, runs, nruns, &ro);
  }
}

/* Check one compiled spec (one set of constants) and write its report. */
static int check_one(struct args *ap, FILE *out) {
  struct args a = *ap;
  struct bc_program *p = load(&a);
  if (!p)
    return BC_EXIT_USAGE;
  if (!placements_valid(p, a.placements)) {
    bc_program_free(p);
    return BC_EXIT_USAGE;
  }
  a.eo.progress = !a.quiet && isatty(STDERR_FILENO);
  if (!a.eo.workers)
    a.eo.workers = bc_explore_default_workers();
  struct bc_native *native = NULL;
  if (a.native) {
    char err[512];
    native = bc_native_build(p, err, sizeof err);
    if (!native) {
      fprintf(stderr, "bootcheck: --engine native: %s\n", err);
      bc_program_free(p);
      return BC_EXIT_INTERNAL;
    }
    a.eo.native = native;
  }

  size_t ncfg = bc_config_count(p);
  struct bc_run *runs = bc_xcalloc(ncfg, sizeof *runs);
  struct bc_window_run *wins =
      p->nwindows && !a.no_windows ? bc_xcalloc(ncfg, sizeof *wins) : NULL;
  unsigned *choice = bc_xcalloc(p->nplacements + 1, sizeof *choice);
  size_t nruns = 0;
  int rc = BC_EXIT_OK;
  bool any_error = false, any_incomplete = false, any_unexpected = false;
  for (size_t i = 0; i < ncfg; i++) {
    bc_config_nth(p, i, choice);
    if (!selected(p, choice, a.placements))
      continue;
    if (bc_explore(p, choice, &a.eo, &runs[nruns]) != 0) {
      fprintf(stderr, "bootcheck: out of memory starting the search\n");
      any_incomplete = true;
      break;
    }
    if (wins)
      bc_window_compute(p, choice, &a.eo, &wins[nruns]);
    const struct bc_run *r = &runs[nruns++];
    if (r->stop == BC_STOP_ERROR)
      any_error = true;
    else if (!r->complete)
      any_incomplete = true;
    else if (!bc_run_as_expected(p, r, NULL))
      any_unexpected = true;
  }
  free(choice);

  write_report(out, &a, p, runs, nruns, wins);
  if (bc_cmd_check_record(a.db, a.spec, p, &a.eo, a.placements, runs,
                          nruns) != 0 && rc == BC_EXIT_OK)
    rc = BC_EXIT_INTERNAL;
  for (size_t i = 0; i < nruns; i++)
    bc_run_release(&runs[i]);
  for (size_t i = 0; wins && i < nruns; i++)
    bc_window_run_release(&wins[i]);
  free(wins);
  free(runs);
  bc_native_free(native);
  bc_program_free(p);
  if (rc != BC_EXIT_OK)
    return rc;
  if (any_error)
    return BC_EXIT_USAGE;
  if (any_incomplete)
    return BC_EXIT_INTERNAL;
  return any_unexpected ? BC_EXIT_UNEXPECTED : BC_EXIT_OK;
}

/* Exit codes, most serious first, for combining several checks. */
static int worse(int a, int b) {
  static const int rank[] = {[BC_EXIT_OK] = 0, [BC_EXIT_UNEXPECTED] = 1,
                             [BC_EXIT_INTERNAL] = 2, [BC_EXIT_USAGE] = 3};
  return rank[a] >= rank[b] ? a : b;
}

/*
** check: -D NAME=V1,V2,... sweeps the constant over every value (several
** such -D sweep the cartesian product): one compiled spec and one report
** per combination, in order, the first -D varying slowest. JSON output is
** then {"format_version": 1, "sweep": [document, ...]}.
*/
static int cmd_check(int argc, char **argv) {
  struct args a;
  memset(&a, 0, sizeof a);
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    fputs(check_help, stdout);
    return BC_EXIT_OK;
  }
  a.eo.symmetry = true;
  if (parse_args(argc, argv, &a, true) != 0) {
    fputs(check_help, stderr);
    free_defines(&a);
    return BC_EXIT_USAGE;
  }
  size_t ncombo = 1, nvals[64];
  for (size_t i = 0; i < a.ndefs; i++) {
    nvals[i] = 1;
    for (const char *c = a.defs[i].value; *c; c++)
      nvals[i] += *c == ',';
    ncombo *= nvals[i];
    if (ncombo > 4096) {
      fprintf(stderr, "bootcheck: -D sweeps more than 4096 combinations\n");
      free_defines(&a);
      return BC_EXIT_USAGE;
    }
  }
  FILE *out = stdout;
  int rc = BC_EXIT_OK;
  if (a.output && !(out = fopen(a.output, "w"))) {
    fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
    free_defines(&a);
    return BC_EXIT_USAGE;
  }
  bool json = a.format && !strcmp(a.format, "json");
  if (json && ncombo > 1)
    fputs("{\n\"format_version\": 1,\n\"sweep\": [\n", out);
  struct bc_define one[64];
  char *vals[64] = {0};
  for (size_t k = 0; k < ncombo; k++) {
    size_t rest = k;
    for (size_t i = a.ndefs; i-- > 0;) {
      size_t pick = rest % nvals[i];
      rest /= nvals[i];
      const char *v = a.defs[i].value;
      for (size_t j = 0; j < pick; j++)
        v = strchr(v, ',') + 1;
      const char *e = strchr(v, ',');
      size_t len = e ? (size_t)(e - v) : strlen(v);
      free(vals[i]);
      vals[i] = bc_xmalloc(len + 1);
      memcpy(vals[i], v, len);
      vals[i][len] = '\0';
      one[i].name = a.defs[i].name;
      one[i].value = vals[i];
    }
    struct args ak = a;
    memcpy(ak.defs, one, a.ndefs * sizeof one[0]);
    if (k > 0)
      fputs(json ? ",\n" : "\n\n", out);
    rc = worse(rc, check_one(&ak, out));
    fflush(out);
  }
  if (json && ncombo > 1)
    fputs("]\n}\n", out);
  for (size_t i = 0; i < a.ndefs; i++)
    free(vals[i]);
  if (out != stdout && fclose(out) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
    rc = worse(rc, BC_EXIT_INTERNAL);
  }
  free_defines(&a);
  return rc;
}

int bc_cli_main(int argc, char **argv) {
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
  fprintf(stderr, "bootcheck: unknown command '%s'\n", cmd);
  return usage(stderr);
}
