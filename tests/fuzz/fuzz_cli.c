/*
** fuzz_cli.c - libFuzzer target for the whole command line: options, spec
** and history database together, through bc_cli_main in-process.
**
** An input is three parts separated by a line "%%":
**
**   check s.boot --db h.db --format json      up to 4 command lines, the
**   history s.boot --db h.db                  words split at spaces
**   %%
**   spec x; var v : 0..1 = 0; ...             written to s.boot
**   %%
**   (bytes)                                   written to h.db when present
**
** Each input runs in a private directory (made in $TMPDIR for the input
** and removed after it; a crash leaves it) that is the current directory
** and $TMPDIR while the commands run, so that every file a command names or
** makes stays inside it: a '/' in a word becomes '_'. $PATH names no
** folder, so git and the C compiler of --engine native cannot be run (the
** code paths that handle that are fuzzed instead). check, regress and where
** get "--quiet --quiet --max-states 500 --time-limit 1 --workers 1
** --max-memory 64M" after the input's words (the last value of an option
** wins; the first --quiet is taken as the value of a dangling option), so
** no input can search for long.
**
** What must hold: every command returns an exit status from 0 to 3, leaves
** stdout, stderr, the SIGINT/SIGTERM handlers and the open descriptors as
** it found them, and never changes the spec unless the command names it
** only as an option's value (--output s.boot). Anything else (and every
** crash, leak, hang or sanitizer report) is a finding.
**
** FUZZ_CLI_VERBOSE=1 in the environment lets the commands print (to
** reproduce a finding: build-fuzz/tests/fuzz/fuzz_cli INPUT).
**
** Because the current directory changes while a command runs, give
** libFuzzer an absolute -artifact_prefix (scripts/fuzz does). Built only
** with -Dfuzz=true; run by scripts/fuzz.
*/
#define _GNU_SOURCE
#include "bootcheck/checker.h"

#include <dirent.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CMDS 4
#define MAX_WORDS 64

static char base[4096]; /* $TMPDIR as the process found it */
static char sandbox[4096];
static int home = -1;  /* the directory libFuzzer runs in */
static FILE *devnull;
static int verbose;

static void require(int ok) {
  if (!ok)
    abort();
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw) {
  (void)st;
  (void)flag;
  if (ftw->level > 0)
    remove(path);
  return 0;
}

static void remove_sandbox(void) {
  if (sandbox[0]) {
    nftw(sandbox, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    rmdir(sandbox);
    sandbox[0] = '\0';
  }
}

static void make_sandbox(void) {
  snprintf(sandbox, sizeof sandbox, "%s/bootcheck-fuzz-cli-XXXXXX", base);
  require(mkdtemp(sandbox) != NULL);
  setenv("TMPDIR", sandbox, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  const char *tmp = getenv("TMPDIR");
  snprintf(base, sizeof base, "%s", tmp && *tmp ? tmp : "/tmp");
  home = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  require(home >= 0);
  verbose = getenv("FUZZ_CLI_VERBOSE") != NULL;
  devnull = fopen("/dev/null", "w");
  require(devnull != NULL);
  setenv("PATH", "/nonexistent-bootcheck-fuzz-cli", 1);
  unsetenv("BOOTCHECK_DB");
  unsetenv("CC");
  setenv("NO_COLOR", "1", 1);
  return 0;
}

/* The next part of [*p, end) up to a line "%%" (the separator consumed). */
static void next_part(const uint8_t **p, const uint8_t *end,
                      const uint8_t **ret, size_t *ret_len) {
  const uint8_t *s = *p;
  *ret = s;
  for (const uint8_t *q = s; q < end; q++)
    if ((q == s || q[-1] == '\n') && end - q >= 2 && q[0] == '%' &&
        q[1] == '%' && (end - q == 2 || q[2] == '\n')) {
      *ret_len = (size_t)(q - s);
      *p = q + 2 + (end - q > 2);
      return;
    }
  *ret_len = (size_t)(end - s);
  *p = end;
}

static int write_file(const char *name, const uint8_t *data, size_t len) {
  FILE *f = fopen(name, "wb");
  if (!f)
    return -1;
  size_t put = len ? fwrite(data, 1, len, f) : 0;
  return fclose(f) == 0 && put == len ? 0 : -1;
}

/* The spec as it was written, to compare with after each command. */
static int same_file(const char *name, const uint8_t *data, size_t len) {
  FILE *f = fopen(name, "rb");
  if (!f)
    return 0;
  int same = 1;
  size_t n = 0;
  int c;
  while ((c = getc(f)) != EOF)
    if (n >= len || data[n++] != (uint8_t)c)
      same = 0;
  fclose(f);
  return same && n == len;
}

static int count_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  if (!d)
    return -1;
  int n = 0;
  while (readdir(d))
    n++;
  closedir(d);
  return n;
}

static int takes_limits(const char *cmd) {
  return !strcmp(cmd, "check") || !strcmp(cmd, "regress") ||
         !strcmp(cmd, "where");
}

/* Does the command name the spec as an option's value (--output s.boot,
** --junit=s.boot) and nowhere else? Then it may write over it. */
static int spec_is_output(char **argv, int argc) {
  int as_value = 0, elsewhere = 0;
  for (int i = 2; i < argc; i++) {
    const char *eq = argv[i][0] == '-' ? strchr(argv[i], '=') : NULL;
    if (eq && !strcmp(eq + 1, "s.boot"))
      as_value = 1;
    else if (!strcmp(argv[i], "s.boot")) {
      if (argv[i - 1][0] == '-' && argv[i - 1][1] == '-' &&
          !strchr(argv[i - 1], '='))
        as_value = 1;
      else
        elsewhere = 1;
    }
  }
  return as_value && !elsewhere;
}

/* Run one command line; returns whether it may change the spec. */
static int run_command(char *line) {
  static char *limits[] = {"--quiet", "--quiet", "--max-states", "500",
                           "--time-limit", "1", "--workers", "1",
                           "--max-memory", "64M"};
  enum { NLIMITS = sizeof limits / sizeof limits[0] };
  char *argv[1 + MAX_WORDS + NLIMITS + 1];
  int argc = 0;
  argv[argc++] = "bootcheck";
  for (char *w = strtok(line, " "); w && argc < 1 + MAX_WORDS;
       w = strtok(NULL, " ")) {
    for (char *c = w; *c; c++)
      if (*c == '/')
        *c = '_';
    argv[argc++] = w;
  }
  if (argc == 1)
    return 0;
  int may_write_spec = spec_is_output(argv, argc);
  if (takes_limits(argv[1]))
    for (int i = 0; i < NLIMITS; i++)
      argv[argc++] = limits[i];
  argv[argc] = NULL;

  struct sigaction old_int, old_term, now_int, now_term;
  sigaction(SIGINT, NULL, &old_int);
  sigaction(SIGTERM, NULL, &old_term);
  int fds = count_fds();
  FILE *out = stdout, *err = stderr;
  if (!verbose) {
    stdout = devnull;
    stderr = devnull;
  }
  require(chdir(sandbox) == 0);
  int rc = bc_cli_main(argc, argv);
  require(fchdir(home) == 0);
  require(stdout == (verbose ? out : devnull) &&
          stderr == (verbose ? err : devnull));
  stdout = out;
  stderr = err;
  fflush(devnull);
  if (verbose)
    fprintf(stderr, "fuzz_cli: exit %d\n", rc);
  require(rc >= 0 && rc <= 3);
  require(count_fds() == fds);
  sigaction(SIGINT, NULL, &now_int);
  sigaction(SIGTERM, NULL, &now_term);
  require(now_int.sa_handler == old_int.sa_handler &&
          now_term.sa_handler == old_term.sa_handler);
  return may_write_spec;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint8_t *p = data, *end = data + size;
  const uint8_t *cmds, *spec, *db;
  size_t ncmds, nspec, ndb;
  next_part(&p, end, &cmds, &ncmds);
  next_part(&p, end, &spec, &nspec);
  db = p;
  ndb = (size_t)(end - p);

  make_sandbox();
  require(chdir(sandbox) == 0);
  int ok = write_file("s.boot", spec, nspec) == 0 &&
           (ndb == 0 || write_file("h.db", db, ndb) == 0);
  require(fchdir(home) == 0);
  if (!ok) {
    remove_sandbox();
    return 0;
  }

  char *text = malloc(ncmds + 1);
  require(text != NULL);
  memcpy(text, cmds, ncmds);
  text[ncmds] = '\0';
  char *save = NULL;
  int n = 0;
  for (char *line = strtok_r(text, "\n", &save); line && n < MAX_CMDS;
       line = strtok_r(NULL, "\n", &save), n++) {
    if (run_command(line))
      break; /* asked to write over the spec: later commands see another */
    require(chdir(sandbox) == 0);
    int same = same_file("s.boot", spec, nspec);
    require(fchdir(home) == 0);
    require(same); /* no command writes to the spec unless told to */
  }
  free(text);
  remove_sandbox();
  return 0;
}
