/*
** options.c - the one option table of the commands. An option names the
** commands that take it, so `check` and `regress` read -D sweeps, search
** limits and --placement the same way, and --workers 0 means the cores
** available wherever it is given (checker/check/check.c).
*/
#include "cli/cli_int.h"

#include "base/memguard.h"
#include "bootcheck/arena.h"
#include "model/native.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEARCH (BC_CMD_CHECK | BC_CMD_REGRESS | BC_CMD_WHERE)

enum opt_key {
  O_DEFINE, O_WORKERS, O_MAX_STATES, O_MAX_MEMORY, O_TIME_LIMIT,
  O_FINGERPRINT, O_NO_SYMMETRY, O_POR, O_STOP_FIRST, O_NO_WINDOWS,
  O_NO_LIVENESS,
  O_ENGINE, O_PLACEMENT, O_FORMAT, O_OUTPUT, O_DB, O_COLOR, O_NO_TIMING,
  O_ASCII, O_QUIET, O_BASELINE, O_JUNIT, O_COLUMNS, O_DUMP, O_DUMP_C, O_TO,
  O_PROCESS, O_COUNTEREXAMPLES, O_WHERE, O_NO_SHARE,
};

static const struct option {
  const char *name;
  bool value;        /* takes a value (next argument, or --opt=value) */
  unsigned cmds;     /* BC_CMD_ bits */
  enum opt_key key;
} options[] = {
    {"-D", true, BC_CMD_LIST | SEARCH | BC_CMD_EXPORT | BC_CMD_ORDER,
     O_DEFINE},
    {"--workers", true, SEARCH, O_WORKERS},
    {"--max-states", true, SEARCH | BC_CMD_ORDER, O_MAX_STATES},
    {"--max-memory", true, SEARCH | BC_CMD_ORDER, O_MAX_MEMORY},
    {"--time-limit", true, SEARCH | BC_CMD_ORDER, O_TIME_LIMIT},
    {"--fingerprint", false, SEARCH, O_FINGERPRINT},
    {"--no-symmetry", false, SEARCH | BC_CMD_ORDER, O_NO_SYMMETRY},
    {"--por", false, SEARCH, O_POR},
    {"--stop-at-first", false, SEARCH, O_STOP_FIRST},
    {"--no-windows", false, SEARCH, O_NO_WINDOWS},
    {"--no-liveness", false, SEARCH, O_NO_LIVENESS},
    {"--engine", true, SEARCH | BC_CMD_ORDER, O_ENGINE},
    {"--placement", true, SEARCH | BC_CMD_EXPORT | BC_CMD_ORDER, O_PLACEMENT},
    {"--quiet", false, SEARCH, O_QUIET},
    {"--format", true,
     BC_CMD_CHECK | BC_CMD_SHOW | BC_CMD_WHERE | BC_CMD_ORDER, O_FORMAT},
    {"--output", true,
     BC_CMD_CHECK | BC_CMD_EXPORT | BC_CMD_WHERE | BC_CMD_ORDER, O_OUTPUT},
    {"--to", true, BC_CMD_EXPORT, O_TO},
    {"--color", true, BC_CMD_CHECK, O_COLOR},
    {"--no-timing", false, BC_CMD_CHECK | BC_CMD_WHERE | BC_CMD_ORDER,
     O_NO_TIMING},
    {"--ascii", false,
     BC_CMD_CHECK | BC_CMD_REGRESS | BC_CMD_SHOW | BC_CMD_WHERE, O_ASCII},
    {"--columns", true, BC_CMD_CHECK | BC_CMD_REGRESS, O_COLUMNS},
    {"--db", true,
     BC_CMD_CHECK | BC_CMD_REGRESS | BC_CMD_HISTORY | BC_CMD_SHOW, O_DB},
    {"--baseline", true, BC_CMD_REGRESS, O_BASELINE},
    {"--junit", true, BC_CMD_REGRESS, O_JUNIT},
    {"--dump-bytecode", false, BC_CMD_LIST, O_DUMP},
    {"--dump-c", false, BC_CMD_LIST, O_DUMP_C},
    {"--process", true, BC_CMD_WHERE | BC_CMD_ORDER, O_PROCESS},
    {"--counterexamples", false, BC_CMD_WHERE, O_COUNTEREXAMPLES},
    {"--where", true, BC_CMD_REGRESS, O_WHERE},
    {"--no-share", false, BC_CMD_WHERE, O_NO_SHARE},
};

/* One of 'words' (NULL-terminated), or a message naming them. */
static bool one_of(const char *opt, const char *val,
                   const char *const *words) {
  for (size_t i = 0; words[i]; i++)
    if (!strcmp(val, words[i]))
      return true;
  fprintf(stderr, "bootcheck: %s must be ", opt);
  for (size_t i = 0; words[i]; i++)
    fprintf(stderr, "%s%s", words[i],
            !words[i + 1]   ? "\n"
            : !words[i + 2] ? " or "
                            : ", ");
  return false;
}

/* --engine's values (enum bc_engine) */
static const char *const engines[] = {"auto", "interp", "native", NULL};

static enum bc_engine engine_named(const char *val) {
  return !strcmp(val, "native")   ? BC_ENGINE_NATIVE
         : !strcmp(val, "interp") ? BC_ENGINE_INTERP
                                  : BC_ENGINE_AUTO;
}

/* --placement again: the lists join (A@h1 then B@h2 is A@h1,B@h2, as one
** --placement would say it); "all" with anything is all. */
static void join_placements(struct bc_cli_args *a, const char *val) {
  const char *old = a->co.placements;
  if (!old || !strcmp(val, "all")) {
    a->co.placements = val;
    return;
  }
  if (!strcmp(old, "all"))
    return;
  size_t n = strlen(old), m = strlen(val);
  char *buf = bc_xmalloc(n + m + 2);
  memcpy(buf, old, n);
  buf[n] = ',';
  memcpy(buf + n + 1, val, m + 1);
  free(a->placements_buf);
  a->placements_buf = buf;
  a->co.placements = buf;
}

/* Apply option 'o' with value 'val' (NULL for a flag). */
static bool apply(const struct option *o, const char *val, unsigned cmd,
                  struct bc_cli_args *a) {
  struct bc_explore_opts *eo = &a->co.eo;
  static const char *const formats[] = {"text", "json", "markdown", NULL};
  /* order also draws its diagram for Mermaid and Graphviz */
  static const char *const oformats[] = {"text",    "json", "markdown",
                                         "mermaid", "dot",  NULL};
  static const char *const colors[] = {"auto", "always", "never", NULL};
  char *end;
  errno = 0;
  switch (o->key) {
  case O_DEFINE: {
    const char *eq = strchr(val, '=');
    if (!eq || eq == val) {
      fprintf(stderr, "bootcheck: -D expects NAME=VALUE, got '%s'\n", val);
      return false;
    }
    for (size_t i = 0; i < a->ndefs; i++)
      if (strlen(a->defs[i].name) == (size_t)(eq - val) &&
          !strncmp(a->defs[i].name, val, (size_t)(eq - val))) {
        fprintf(stderr, "bootcheck: -D %.*s is given twice ('%s=%s' and "
                        "'%s'); sweep several values with -D %.*s=V1,V2\n",
                (int)(eq - val), val, a->defs[i].name, a->defs[i].value, val,
                (int)(eq - val), val);
        return false;
      }
    if (a->ndefs == 64) {
      fprintf(stderr, "bootcheck: at most 64 -D options (one per constant; "
                      "-D NAME=V1,V2 sweeps values)\n");
      return false;
    }
    if ((cmd == BC_CMD_LIST || cmd == BC_CMD_EXPORT || cmd == BC_CMD_WHERE ||
         cmd == BC_CMD_ORDER) &&
        strchr(eq, ',')) {
      fprintf(stderr, "bootcheck: %s takes one value per -D, not the "
                      "sweep '%s'\n", cmd == BC_CMD_LIST ? "list"
                      : cmd == BC_CMD_EXPORT ? "export"
                      : cmd == BC_CMD_ORDER ? "order" : "where",
              val);
      return false;
    }
    char *copy = bc_xstrdup(val);
    copy[eq - val] = '\0';
    a->defs[a->ndefs].name = copy;
    a->defs[a->ndefs].value = copy + (eq - val) + 1;
    a->ndefs++;
    return true;
  }
  case O_WORKERS: {
    unsigned long n = strtoul(val, &end, 10);
    /* strtoul takes "-5" (as 2^64 - 5), "+5" and " 5" */
    if (!(*val >= '0' && *val <= '9') || errno || *end || n > 256) {
      fprintf(stderr, "bootcheck: --workers needs a number from 0 (the "
                      "cores available) to 256\n");
      return false;
    }
    eo->workers = (unsigned)n; /* 0: bc_check takes the cores available */
    return true;
  }
  case O_MAX_STATES: {
    unsigned long long n = strtoull(val, &end, 10);
    if (!(*val >= '0' && *val <= '9') || errno || *end || n == 0) {
      fprintf(stderr, "bootcheck: --max-states needs a positive number\n");
      return false;
    }
    eo->max_states = n;
    return true;
  }
  case O_MAX_MEMORY:
    if (!bc_parse_size(val, &eo->max_memory) || eo->max_memory == 0) {
      fprintf(stderr, "bootcheck: --max-memory needs a size like 512M\n");
      return false;
    }
    return true;
  case O_TIME_LIMIT:
    eo->time_limit = strtod(val, &end);
    if (*end || end == val || !(eo->time_limit > 0)) {
      fprintf(stderr, "bootcheck: --time-limit needs seconds > 0\n");
      return false;
    }
    return true;
  case O_FINGERPRINT:
    eo->fingerprint_only = true;
    return true;
  case O_NO_SYMMETRY:
    eo->symmetry = false;
    return true;
  case O_POR:
    eo->por = true;
    return true;
  case O_STOP_FIRST:
    eo->stop_at_first = true;
    return true;
  case O_NO_WINDOWS:
    a->co.windows = false;
    return true;
  case O_NO_LIVENESS:
    eo->no_liveness = true;
    return true;
  case O_ENGINE:
    if (!one_of(o->name, val, engines))
      return false;
    a->co.engine = engine_named(val);
    return true;
  case O_PLACEMENT:
    join_placements(a, val);
    return true;
  case O_FORMAT:
    a->format = val;
    return one_of(o->name, val, cmd == BC_CMD_ORDER ? oformats : formats);
  case O_OUTPUT:
    a->output = val;
    return true;
  case O_DB:
    a->db = val;
    return true;
  case O_COLOR:
    a->color = val;
    return one_of(o->name, val, colors);
  case O_NO_TIMING:
    a->no_timing = true;
    return true;
  case O_ASCII:
    a->ascii = true;
    return true;
  case O_QUIET:
    a->quiet = true;
    return true;
  case O_BASELINE:
    a->baseline = val;
    return true;
  case O_JUNIT:
    a->junit = val;
    return true;
  case O_COLUMNS:
    a->columns = val;
    return true;
  case O_DUMP:
    a->dump = true;
    return true;
  case O_DUMP_C:
    a->dump_c = true;
    return true;
  case O_TO: {
    static const char *const langs[] = {"murphi", "promela", NULL};
    a->to = val;
    return one_of(o->name, val, langs);
  }
  case O_PROCESS:
    if (a->nprocesses == 64) {
      fprintf(stderr, "bootcheck: at most 64 --process options\n");
      return false;
    }
    a->processes[a->nprocesses++] = val;
    return true;
  case O_COUNTEREXAMPLES:
    a->counterexamples = true;
    return true;
  case O_WHERE:
    if (a->nwheres == 16) {
      fprintf(stderr, "bootcheck: at most 16 --where options\n");
      return false;
    }
    a->wheres[a->nwheres++] = val;
    return true;
  case O_NO_SHARE:
    a->no_share = true;
    return true;
  }
  return false;
}

int bc_cli_parse(int argc, char **argv, unsigned cmd, struct bc_cli_args *a) {
  memset(a, 0, sizeof *a);
  a->co.eo.symmetry = true;
  a->co.windows = true;
  a->operands = bc_xcalloc((size_t)argc + 1, sizeof *a->operands);
  bool many = cmd == BC_CMD_REGRESS, engine_given = false;
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    const struct option *o = NULL;
    const char *val = NULL;
    for (size_t k = 0; k < sizeof options / sizeof options[0] && !o; k++) {
      size_t n = strlen(options[k].name);
      if (!strncmp(s, options[k].name, n) &&
          (!s[n] || (options[k].value &&
                      (s[n] == '=' || options[k].key == O_DEFINE)))) {
        o = &options[k];
        if (s[n])
          val = s + n + (s[n] == '=' && options[k].key != O_DEFINE);
      }
    }
    if (!o || !(o->cmds & cmd)) {
      if (s[0] == '-' && s[1]) {
        fprintf(stderr, "bootcheck: unknown option '%s'\n", s);
        return -1;
      }
      if (!many && a->noperands == (cmd == BC_CMD_WHERE ? 2u : 1u)) {
        fprintf(stderr, "bootcheck: unexpected argument '%s'\n", s);
        return -1;
      }
      a->operands[a->noperands++] = s;
      continue;
    }
    if (o->value && !val) {
      if (i + 1 >= argc) {
        fprintf(stderr, "bootcheck: %s needs a value\n", o->name);
        return -1;
      }
      val = argv[++i];
    }
    if (!apply(o, val, cmd, a))
      return -1;
    engine_given |= o->key == O_ENGINE;
  }
  /* --engine, else $BOOTCHECK_ENGINE, else auto (docs/bootcheck.1) */
  const char *env = getenv("BOOTCHECK_ENGINE");
  if (!engine_given && (cmd & (SEARCH | BC_CMD_ORDER))) {
    if (env && *env && !one_of("$BOOTCHECK_ENGINE", env, engines))
      return -1;
    a->co.engine = env && *env ? engine_named(env) : BC_ENGINE_AUTO;
  }
  /* $BOOTCHECK_CACHE_SIZE: the native models' cache (docs/bootcheck.1) */
  uint64_t cache_size;
  char why[128];
  if ((cmd & (SEARCH | BC_CMD_ORDER)) &&
      bc_native_cache_limit(&cache_size, why, sizeof why) != 0) {
    fprintf(stderr, "bootcheck: %s\n", why);
    return -1;
  }
  /* $BOOTCHECK_MIN_FREE: the memory guard (docs/bootcheck.1) */
  uint64_t mfloor, mrss;
  if ((cmd & (SEARCH | BC_CMD_ORDER)) &&
      !bc_memguard_config(&mfloor, &mrss, why, sizeof why)) {
    fprintf(stderr, "bootcheck: %s\n", why);
    return -1;
  }
  if (a->noperands == 0) {
    fprintf(stderr, "bootcheck: no %s given\n",
            cmd == BC_CMD_SHOW ? "RUN" : "SPEC file");
    return -1;
  }
  return 0;
}

void bc_cli_args_release(struct bc_cli_args *a) {
  for (size_t i = 0; i < a->ndefs; i++)
    free((char *)a->defs[i].name);
  free(a->placements_buf);
  free((void *)a->operands);
  memset(a, 0, sizeof *a);
}

bool bc_cli_begin(int argc, char **argv, unsigned cmd, const char *help,
                  struct bc_cli_args *a, int *ret_exit) {
  memset(a, 0, sizeof *a);
  if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
    fputs(help, stdout);
    *ret_exit = 0;
    return false;
  }
  if (bc_cli_parse(argc, argv, cmd, a) != 0) {
    fputs(help, stderr);
    bc_cli_args_release(a);
    *ret_exit = 2; /* BC_EXIT_USAGE */
    return false;
  }
  return true;
}
