/*
** paths.c - refusing an output file that is one of the command's inputs
** (`check S --output S`, `check S --db H --output H`, `regress S --db H
** --junit H`): the command stops with exit 2 before anything is opened for
** writing, so the spec and the history are never lost.
*/
#include "bootcheck/arena.h"
#include "bootcheck/diag.h"
#include "cli/cli_int.h"
#include "history/db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'path' made absolute with its directory's symlinks resolved (the file
** itself may not exist yet), or NULL when its directory cannot be
** resolved. Caller frees. */
static char *resolve(const char *path) {
  char buf[PATH_MAX];
  if (realpath(path, buf))
    return bc_xstrdup(buf);
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  char *dir = bc_xstrdup(slash ? path : ".");
  if (slash)
    dir[slash == path ? 1 : slash - path] = '\0';
  char *ret = NULL;
  if (realpath(dir, buf)) {
    size_t n = strlen(buf), m = strlen(base);
    ret = bc_xmalloc(n + m + 2);
    memcpy(ret, buf, n);
    ret[n] = '/';
    memcpy(ret + n + 1, base, m + 1);
  }
  free(dir);
  return ret;
}

bool bc_cli_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  bool ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
  if (ea && eb)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea != eb)
    return false;
  char *ra = resolve(a), *rb = resolve(b);
  bool same = ra && rb && !strcmp(ra, rb);
  free(ra);
  free(rb);
  return same;
}

/* Is 'out' the database 'db' or one of SQLite's files beside it? */
static bool is_db_file(const char *out, const char *db) {
  static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
  size_t n = strlen(db);
  char *side = bc_xmalloc(n + 10);
  bool same = false;
  for (size_t i = 0; i < sizeof sides / sizeof sides[0] && !same; i++) {
    memcpy(side, db, n);
    strcpy(side + n, sides[i]);
    same = bc_cli_same_file(out, side);
  }
  free(side);
  return same;
}

int bc_cli_refuse_output(const char *opt, const char *out,
                         const char *const *specs, size_t nspecs,
                         const char *db) {
  if (!out)
    return 0;
  for (size_t i = 0; i < nspecs; i++) {
    /* a spec that cannot be read is an error before 'out' is truncated */
    int fd = specs[i] ? open(specs[i], O_RDONLY | O_CLOEXEC) : -1;
    if (specs[i] && fd < 0) {
      fprintf(stderr, "bootcheck: %s: %s\n", specs[i], strerror(errno));
      return -1;
    }
    if (fd >= 0)
      close(fd);
  }
  for (size_t i = 0; i < nspecs; i++)
    if (specs[i] && bc_cli_same_file(out, specs[i])) {
      fprintf(stderr, "bootcheck: %s %s is the spec %s; refusing to write "
                      "over it\n", opt, out, specs[i]);
      return -1;
    }
  if (db && is_db_file(out, db)) {
    fprintf(stderr, "bootcheck: %s %s is the history database %s (or a "
                    "file of it); refusing to write over it\n", opt, out, db);
    return -1;
  }
  return 0;
}

int bc_cli_db_usable(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0 && errno == ENOENT) {
    /* created when the run is recorded: its directory must take it */
    char *dir = resolve(path);
    char *slash = dir ? strrchr(dir, '/') : NULL;
    if (slash)
      *(slash == dir ? slash + 1 : slash) = '\0';
    bool ok = dir && access(dir, W_OK | X_OK) == 0;
    if (!ok)
      fprintf(stderr, "bootcheck: %s: cannot create the database there: "
                      "%s\n", path, dir ? strerror(errno) : strerror(ENOENT));
    free(dir);
    return ok ? 0 : -1;
  }
  struct bc_db *db;
  char err[1024];
  if (bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    return -1;
  }
  bc_db_close(db);
  return 0;
}

struct bc_program *bc_cli_compile(const char *path,
                                  const struct bc_define *defs, size_t ndefs,
                                  bc_ast_edit_fn edit, void *edit_arg) {
  struct bc_source src;
  if (bc_source_load(&src, path) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", path, bc_source_strerror(errno));
    return NULL;
  }
  struct bc_diag diag;
  bc_diag_init(&diag, &src);
  struct bc_program *p =
      bc_compile_edit(&src, defs, ndefs, &diag, edit, edit_arg);
  bc_diag_print(&diag, stderr);
  bc_diag_release(&diag);
  bc_source_release(&src);
  return p;
}
