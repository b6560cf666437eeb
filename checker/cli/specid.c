/*
** specid.c - a spec's identity in the verdict history (its path in its git
** repository, HEAD and the dirty bit), which database a command uses, and
** the run metadata recorded with it (-D values, constants, options).
*/
#include "cli/cli_int.h"

#include "bootcheck/arena.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------ spec identity */

/*
** Where a spec lives: its absolute path, the root of its repository (the
** git top level above it, else its own directory: the default database
** goes there), its key in the history (the path below the git top level,
** or the absolute path outside git), and the git state when known.
*/
void bc_spec_id_release(struct bc_spec_id *s) {
  free(s->abs);
  free(s->root);
  free(s->key);
  free(s->commit);
  memset(s, 0, sizeof *s);
}

char *bc_xasprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = bc_xmalloc((size_t)(n > 0 ? n : 0) + 1);
  va_start(ap, fmt);
  vsnprintf(s, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return s;
}

/* Run argv (no shell), with stdout into 'out' (truncated to len - 1) and
** stderr discarded. Returns 0 when it ran and exited 0. */
static int run_capture(char *const argv[], char *out, size_t len) {
  int fds[2];
  out[0] = '\0';
  if (pipe(fds) != 0)
    return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&fa, fds[0]);
  posix_spawn_file_actions_addclose(&fa, fds[1]);
  posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY,
                                   0);
  pid_t pid;
  int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  size_t n = 0;
  if (e == 0) {
    for (;;) {
      char buf[512];
      ssize_t got = read(fds[0], buf, sizeof buf);
      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        break;
      size_t take = (size_t)got < len - 1 - n ? (size_t)got : len - 1 - n;
      memcpy(out + n, buf, take);
      n += take;
    }
  }
  out[n] = '\0';
  close(fds[0]);
  if (e != 0)
    return -1;
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static bool exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* The absolute path of 'path' with symlinks resolved; a missing file is
** resolved through its directory. NULL when even that fails. */
static char *absolute(const char *path) {
  char buf[PATH_MAX];
  if (realpath(path, buf))
    return bc_xstrdup(buf);
  const char *slash = strrchr(path, '/');
  char *dir = slash ? bc_xstrdup(path) : bc_xstrdup(".");
  if (slash)
    dir[slash - path == 0 ? 1 : slash - path] = '\0';
  char *ret = NULL;
  if (realpath(dir, buf))
    ret = bc_xasprintf("%s/%s", strcmp(buf, "/") ? buf : "",
                    slash ? slash + 1 : path);
  free(dir);
  return ret;
}

/* The directory above 'dir' that holds .git, or NULL. */
static char *git_top(const char *dir) {
  char *d = bc_xstrdup(dir);
  for (;;) {
    char *g = bc_xasprintf("%s/.git", *d ? d : "");
    bool found = exists(g);
    free(g);
    if (found)
      return d;
    char *slash = strrchr(d, '/');
    if (!slash || !*d) {
      free(d);
      return NULL;
    }
    *slash = '\0'; /* "/a/b" -> "/a"; "/a" -> "" (the root) */
  }
}

/* Identify 'path'; with 'git' also ask git for HEAD and the dirty bit.
** Returns 0, or -1 with a message on stderr. */
int bc_spec_identify(const char *path, bool git, struct bc_spec_id *ret) {
  memset(ret, 0, sizeof *ret);
  ret->dirty = -1;
  ret->abs = absolute(path);
  if (!ret->abs) {
    fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
    return -1;
  }
  char *dir = bc_xstrdup(ret->abs);
  char *slash = strrchr(dir, '/');
  *slash = '\0';
  char *top = git_top(dir);
  if (top) {
    ret->in_git = true;
    ret->root = *top ? top : bc_xstrdup("/");
    if (!*top)
      free(top);
    size_t n = strlen(ret->root);
    ret->key = bc_xstrdup(ret->abs + (n == 1 ? 1 : n + 1));
    free(dir);
  } else {
    ret->root = *dir ? dir : bc_xstrdup("/");
    if (!*dir)
      free(dir);
    ret->key = bc_xstrdup(ret->abs);
  }
  if (git && ret->in_git) {
    /* one git call: "# branch.oid SHA" (or "(initial)"), then a line per
    ** changed path; the pathspec limits it to the spec */
    char out[1024];
    char *st[] = {"git", "-C", ret->root, "status", "--porcelain=v2",
                  "--branch", "--no-ahead-behind", "--untracked-files=all",
                  "--", ret->key, NULL};
    if (run_capture(st, out, sizeof out) == 0) {
      static const char oid[] = "# branch.oid ";
      bool dirty = false;
      for (char *line = out; *line;) {
        size_t n = strcspn(line, "\n");
        char save = line[n];
        line[n] = '\0';
        if (!strncmp(line, oid, sizeof oid - 1)) {
          const char *h = line + sizeof oid - 1;
          if (strspn(h, "0123456789abcdef") >= 40)
            ret->commit = bc_xstrdup(h);
        } else if (line[0] && line[0] != '#') {
          dirty = true;
        }
        line[n] = save;
        line += n + (save != '\0');
      }
      if (ret->commit)
        ret->dirty = dirty;
    }
  }
  return 0;
}

/* The database to use: --db, else $BOOTCHECK_DB, else bootcheck.db in
** 'root' (NULL root: the git top level of the current directory, else the
** current directory). Caller frees. */
char *bc_db_path(const char *opt, const char *root) {
  if (opt)
    return bc_xstrdup(opt);
  const char *env = getenv("BOOTCHECK_DB");
  if (env && *env)
    return bc_xstrdup(env);
  if (root)
    return bc_xasprintf("%s/bootcheck.db", strcmp(root, "/") ? root : "");
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return bc_xstrdup("bootcheck.db");
  char *top = git_top(cwd);
  char *ret = bc_xasprintf("%s/bootcheck.db", top ? top : cwd);
  free(top);
  return ret;
}

/* ------------------------------------------------------ run metadata */

/* The -D overrides as a JSON object with names sorted ("{}" when none):
** compiled values, so -D N=03 and -D N=3 are the same baseline. */
char *bc_cli_defines_json(const struct bc_program *p) {
  size_t n = 0;
  const struct bc_const **v = bc_xcalloc(p->nconsts + 1, sizeof *v);
  for (size_t i = 0; i < p->nconsts; i++)
    if (p->consts[i].overridden) {
      size_t j = n++;
      while (j > 0 && strcmp(v[j - 1]->name, p->consts[i].name) > 0) {
        v[j] = v[j - 1];
        j--;
      }
      v[j] = &p->consts[i];
    }
  size_t cap = 3;
  for (size_t i = 0; i < n; i++)
    cap += strlen(v[i]->name) + 32;
  char *s = bc_xmalloc(cap);
  size_t len = (size_t)sprintf(s, "{");
  for (size_t i = 0; i < n; i++) {
    if (v[i]->is_bool)
      len += (size_t)sprintf(s + len, "%s\"%s\":%s", i ? "," : "",
                             v[i]->name, v[i]->value ? "true" : "false");
    else
      len += (size_t)sprintf(s + len, "%s\"%s\":%" PRId64, i ? "," : "",
                             v[i]->name, v[i]->value);
  }
  sprintf(s + len, "}");
  free((void *)v);
  return s;
}

/* Every constant's value, in declaration order, as a JSON object. */
char *bc_cli_constants_json(const struct bc_program *p) {
  size_t cap = 3;
  for (size_t i = 0; i < p->nconsts; i++)
    cap += strlen(p->consts[i].name) + 32;
  char *s = bc_xmalloc(cap);
  size_t len = (size_t)sprintf(s, "{");
  for (size_t i = 0; i < p->nconsts; i++) {
    const struct bc_const *c = &p->consts[i];
    if (c->is_bool)
      len += (size_t)sprintf(s + len, "%s\"%s\":%s", i ? "," : "", c->name,
                             c->value ? "true" : "false");
    else
      len += (size_t)sprintf(s + len, "%s\"%s\":%" PRId64, i ? "," : "",
                             c->name, c->value);
  }
  sprintf(s + len, "}");
  return s;
}

/* " -D A=1 -D B=true" for a defines object (a JSON string), "" for none. */
void bc_cli_defines_text(const char *json, char *buf, size_t len) {
  buf[0] = '\0';
  cJSON *o = cJSON_Parse(json ? json : "{}");
  size_t n = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, o) {
    int w;
    if (cJSON_IsBool(it))
      w = snprintf(buf + n, len - n, " -D %s=%s", it->string,
                   cJSON_IsTrue(it) ? "true" : "false");
    else
      w = snprintf(buf + n, len - n, " -D %s=%.0f", it->string,
                   it->valuedouble);
    if (w < 0 || (size_t)w >= len - n)
      break;
    n += (size_t)w;
  }
  cJSON_Delete(o);
}

char *bc_cli_options_json(const char *command,
                          const struct bc_explore_opts *eo,
                          const char *placements) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "command", command);
  cJSON_AddStringToObject(o, "placement", placements ? placements : "all");
  cJSON_AddBoolToObject(o, "fingerprint", eo->fingerprint_only);
  cJSON_AddNumberToObject(o, "max_states", (double)eo->max_states);
  cJSON_AddNumberToObject(o, "max_memory", (double)eo->max_memory);
  cJSON_AddNumberToObject(o, "time_limit", eo->time_limit);
  cJSON_AddBoolToObject(o, "stop_at_first", eo->stop_at_first);
  cJSON_AddBoolToObject(o, "symmetry", eo->symmetry);
  cJSON_AddBoolToObject(o, "por", eo->por);
  char *txt = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  char *ret = bc_xstrdup(txt ? txt : "{}");
  cJSON_free(txt);
  return ret;
}


int bc_mkdir_parents(const char *path) {
  char *d = bc_xstrdup(path);
  for (char *s = strchr(d + 1, '/'); s; s = strchr(s + 1, '/')) {
    *s = '\0';
    if (mkdir(d, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "bootcheck: %s: %s\n", d, strerror(errno));
      free(d);
      return -1;
    }
    *s = '/';
  }
  free(d);
  return 0;
}
