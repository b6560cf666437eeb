/*
** regress.c - the history commands: `regress` (check specs, compare each
** verdict with a baseline, record the run, JUnit XML), `history`, `show`,
** and the recording behind `check --db`. Storage is checker/history/db.c; this
** file works on the JSON document of a run (checker/report/report.c), which is
** what is stored, so a stored run renders without checking it again.
*/
#include "base/safeout.h"
#include "cli/cli_int.h"
#include "history/db.h"
#include "model/native.h"

#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/diag.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "report/report.h"

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
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ------------------------------------------------------ spec identity */

/*
** Where a spec lives: its absolute path, the root of its repository (the
** git top level above it, else its own directory: the default database
** goes there), its key in the history (the path below the git top level,
** or the absolute path outside git), and the git state when known.
*/
struct spec_id {
  char *abs, *root, *key;
  bool in_git;
  char *commit; /* HEAD, or NULL */
  int dirty;    /* the spec differs from HEAD: 1/0, -1 unknown */
};

static void spec_id_release(struct spec_id *s) {
  free(s->abs);
  free(s->root);
  free(s->key);
  free(s->commit);
  memset(s, 0, sizeof *s);
}

static char *xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...) {
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
    ret = xasprintf("%s/%s", strcmp(buf, "/") ? buf : "",
                    slash ? slash + 1 : path);
  free(dir);
  return ret;
}

/* The directory above 'dir' that holds .git, or NULL. */
static char *git_top(const char *dir) {
  char *d = bc_xstrdup(dir);
  for (;;) {
    char *g = xasprintf("%s/.git", *d ? d : "");
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
static int spec_identify(const char *path, bool git, struct spec_id *ret) {
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
static char *db_path(const char *opt, const char *root) {
  if (opt)
    return bc_xstrdup(opt);
  const char *env = getenv("BOOTCHECK_DB");
  if (env && *env)
    return bc_xstrdup(env);
  if (root)
    return xasprintf("%s/bootcheck.db", strcmp(root, "/") ? root : "");
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof cwd))
    return bc_xstrdup("bootcheck.db");
  char *top = git_top(cwd);
  char *ret = xasprintf("%s/bootcheck.db", top ? top : cwd);
  free(top);
  return ret;
}

/* ------------------------------------------------------ run metadata */

/* The -D overrides as a JSON object with names sorted ("{}" when none):
** compiled values, so -D N=03 and -D N=3 are the same baseline. */
static char *defines_json(const struct bc_program *p) {
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
static char *constants_json(const struct bc_program *p) {
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
static void defines_text(const char *json, char *buf, size_t len) {
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

static char *options_json(const char *command,
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

/* ------------------------------------------------ rendering from JSON */

static const char *jstr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

static double jnum(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static bool jbool(const cJSON *o, const char *key) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

static const cJSON *jget(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The steps of a JSON trace, in the layout of `bootcheck check`. */
static void render_steps(FILE *out, const cJSON *trace, const char *indent) {
  const cJSON *s;
  cJSON_ArrayForEach(s, jget(trace, "steps")) {
    char who[160];
    const cJSON *inst = jget(s, "instance");
    if (cJSON_IsNumber(inst))
      snprintf(who, sizeof who, "%s[%.0f]", jstr(s, "process"),
               inst->valuedouble);
    else
      snprintf(who, sizeof who, "%s", jstr(s, "process"));
    fprintf(out, "%s  %2.0f  %-10s %s\n", indent, jnum(s, "index"), who,
            jstr(s, "label"));
    const cJSON *c;
    cJSON_ArrayForEach(c, jget(s, "changes"))
      fprintf(out, "%s       %s: %s -> %s\n", indent, jstr(c, "var"),
              jstr(c, "before"), jstr(c, "after"));
  }
}

/* A violated constraint's counterexample and its closing line. 'k' is the
** constraint's result, 'def' its entry in the document's constraints,
** 'body' the constraint as written (or NULL). */
static void render_violation(FILE *out, const cJSON *k, const cJSON *def,
                             const char *body, const char *indent) {
  const cJSON *t = jget(k, "trace");
  if (cJSON_IsObject(t)) {
    render_steps(out, t, indent);
    const char *id = jstr(def, "id");
    double len = jnum(t, "length");
    if (!strcmp(jstr(t, "ends"), "on_step"))
      fprintf(out, "%s  => %s (%s) fails on step %.0f\n", indent, id,
              body ? body : "", len);
    else if (!strcmp(jstr(def, "kind"), "deadlock"))
      fprintf(out, "%s  => no process can move after step %.0f\n", indent,
              len);
    else
      fprintf(out, "%s  => %s (%s) is false after step %.0f\n", indent, id,
              body ? body : "", len);
  } else if (cJSON_IsString(jget(k, "note"))) {
    fprintf(out, "%s  %s\n", indent, jstr(k, "note"));
  }
}

static const char *stop_text(const char *stop) {
  static const char *const tab[][2] = {
      {"exhausted", "every reachable state explored"},
      {"decided", "stopped: every constraint has a verdict"},
      {"first-violation", "stopped at the first violation"},
      {"max-states", "INCOMPLETE: --max-states reached"},
      {"memory", "INCOMPLETE: out of memory (--max-memory)"},
      {"time-limit", "INCOMPLETE: --time-limit reached"},
      {"runtime-error", "stopped by a runtime error in the spec"},
      {"out-of-memory", "INCOMPLETE: out of memory"},
      {"io-error", "INCOMPLETE: the trace file in $TMPDIR could not be "
                   "written (disk full?)"},
      {"interrupted", "INCOMPLETE: interrupted (SIGINT or SIGTERM)"},
  };
  for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
    if (!strcmp(stop, tab[i][0]))
      return tab[i][1];
  return "?";
}

static size_t colw(const char *id) {
  return strlen(id) > 4 ? strlen(id) + 2 : 6;
}

/* The text report of a stored JSON document: header, verdict matrix,
** legend, counterexamples and statistics. 'body' gives each constraint's
** text (n entries; may be short; the document's own "text" is used when it
** has one). */
static void render_report(FILE *out, const cJSON *doc, const char *const *body,
                          size_t nbody, bool ascii) {
  const cJSON *spec = jget(doc, "spec"), *cons = jget(doc, "constraints"),
              *cfgs = jget(doc, "configurations");
  fprintf(out, "%s", jstr(spec, "name"));
  if (*jstr(spec, "title"))
    fprintf(out, ": %s", jstr(spec, "title"));
  fprintf(out, "\n%s", jstr(spec, "file"));
  const cJSON *c;
  cJSON_ArrayForEach(c, jget(spec, "constants")) {
    if (cJSON_IsBool(c))
      fprintf(out, "  %s=%s", c->string, cJSON_IsTrue(c) ? "true" : "false");
    else
      fprintf(out, "  %s=%.0f", c->string, c->valuedouble);
  }
  fprintf(out, "\n\n");

  size_t w = 9;
  bool placements = false;
  cJSON_ArrayForEach(c, cfgs) {
    if (strlen(jstr(c, "name")) > w)
      w = strlen(jstr(c, "name"));
    placements |= cJSON_GetArraySize(jget(c, "bindings")) > 0;
  }
  if (!placements && cJSON_GetArraySize(cfgs) == 0)
    placements = true;
  fprintf(out, "%-*s", (int)w + 2, placements ? "placement" : "");
  const cJSON *k;
  cJSON_ArrayForEach(k, cons)
    fprintf(out, "%-*s", (int)colw(jstr(k, "id")), jstr(k, "id"));
  fprintf(out, "%10s  %s\n", "states", "result");
  cJSON_ArrayForEach(c, cfgs) {
    fprintf(out, "%-*s", (int)w + 2, jstr(c, "name"));
    const cJSON *def = cons ? cons->child : NULL;
    cJSON_ArrayForEach(k, jget(c, "constraints")) {
      const char *st = jstr(k, "status");
      const char *m = "?";
      if (!strcmp(st, "holds"))
        m = ascii ? "ok" : "\xe2\x9c\x93"; /* check mark */
      else if (!strcmp(st, "violated"))
        m = ascii ? "FAIL" : "\xe2\x9c\x97"; /* ballot x */
      int cw = (int)colw(def ? jstr(def, "id") : jstr(k, "id"));
      int pad = cw - (int)(ascii || !strcmp(m, "?") ? strlen(m) : 1);
      fprintf(out, "%s%*s", m, pad > 0 ? pad : 0, "");
      def = def ? def->next : NULL;
    }
    bool has = jbool(c, "has_expect"), ok = jbool(c, "as_expected");
    const char *res = !strcmp(jstr(c, "stop"), "runtime-error") ? "ERROR"
                      : !jbool(c, "complete")                 ? "INCOMPLETE"
                      : ok ? (has ? "as expected" : "no violation")
                           : (has ? "UNEXPECTED" : "VIOLATION");
    fprintf(out, "%10.0f  %s\n", jnum(jget(c, "stats"), "distinct"), res);
  }
  fprintf(out, "\n");
  cJSON_ArrayForEach(k, cons)
    fprintf(out, "  %-8s %s\n", jstr(k, "id"), jstr(k, "title"));

  cJSON_ArrayForEach(c, cfgs) {
    const cJSON *def = cons ? cons->child : NULL;
    size_t ci = 0;
    cJSON_ArrayForEach(k, jget(c, "constraints")) {
      if (!strcmp(jstr(k, "status"), "violated")) {
        fprintf(out, "\n%s: %s violated: %s\n", jstr(c, "name"),
                jstr(def, "id"), jstr(def, "title"));
        const char *text = *jstr(def, "text") ? jstr(def, "text")
                           : ci < nbody       ? body[ci]
                                              : NULL;
        render_violation(out, k, def, text, "");
      }
      def = def ? def->next : NULL;
      ci++;
    }
    const cJSON *e = jget(c, "error");
    if (cJSON_IsObject(e)) {
      fprintf(out, "\n%s: %s:%.0f: runtime error: %s\n", jstr(c, "name"),
              jstr(spec, "file"), jnum(e, "line"), jstr(e, "message"));
      if (cJSON_IsObject(jget(e, "trace")))
        render_steps(out, jget(e, "trace"), "");
    }
  }
  fprintf(out, "\n");
  cJSON_ArrayForEach(c, cfgs) {
    const cJSON *st = jget(c, "stats");
    fprintf(out, "%s: %.0f states, %.0f generated, depth %.0f, %.2f s, %s\n",
            jstr(c, "name"), jnum(st, "distinct"), jnum(st, "generated"),
            jnum(st, "diameter"), jnum(st, "seconds"),
            stop_text(jstr(c, "stop")));
    if (jbool(st, "fingerprint_only"))
      fprintf(out, "  fingerprint-only: P(a state was missed by a hash "
                   "collision) <= %.3g\n", jnum(st, "collision_bound"));
  }
}

/* ------------------------------------------------ comparison */

/* The status the spec's expect lines give constraint 'c' in configuration
** 'choice' ("violated" or "holds"), or NULL when no line matches. The last
** matching line wins (docs/language.md section 5). */
static const char *expected_status(const struct bc_program *p,
                                   const unsigned *choice, size_t c) {
  const struct bc_expect *match = bc_expect_match(p, choice);
  if (!match)
    return NULL;
  return bc_expect_violates(match, c) ? "violated" : "holds";
}

/* The status of constraint 'id' in configuration 'cfg' of a document, or
** NULL when the document has no such cell. */
static const char *doc_status(const cJSON *doc, const char *cfg,
                              const char *id) {
  const cJSON *c, *k;
  cJSON_ArrayForEach(c, jget(doc, "configurations")) {
    if (strcmp(jstr(c, "name"), cfg))
      continue;
    cJSON_ArrayForEach(k, jget(c, "constraints"))
      if (!strcmp(jstr(k, "id"), id))
        return jstr(k, "status");
    return NULL;
  }
  return NULL;
}

static const char *shout(const char *status) {
  if (!status)
    return "(none)";
  return strcmp(status, "violated") ? status : "VIOLATED";
}

enum baseline_mode { BASE_LATEST, BASE_RUN, BASE_EXPECT };

/* What one spec's comparison found. */
struct verdicts {
  size_t ncfg, ncons;
  struct bc_db_cell *cells;   /* ncfg * ncons, for bc_db_record */
  const char **expected;      /* ncfg * ncons: the expect lines' status */
  unsigned flips_into, fixed, unmet, to_unknown, changed, new_cells, removed;
  unsigned failed;
};

/*
** Compare a new run (its document 'doc', program 'p' and runs) with the
** baseline: the document 'base' (BASE_LATEST/BASE_RUN; NULL when there is
** none) or the spec's expect lines (BASE_EXPECT). Prints each flip with
** the new counterexample to 'out' (NULL: silent) and fills *v.
*/
static void compare(const struct bc_program *p, const struct bc_run *runs,
                    const cJSON *doc, const cJSON *base,
                    enum baseline_mode mode, FILE *out, struct verdicts *v) {
  const cJSON *cons = jget(doc, "constraints");
  v->ncfg = (size_t)cJSON_GetArraySize(jget(doc, "configurations"));
  v->ncons = (size_t)cJSON_GetArraySize(cons);
  v->cells = bc_xcalloc(v->ncfg * v->ncons + 1, sizeof *v->cells);
  v->expected = bc_xcalloc(v->ncfg * v->ncons + 1, sizeof *v->expected);
  size_t r = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, jget(doc, "configurations")) {
    const char *cfg = jstr(c, "name");
    const cJSON *def = cons ? cons->child : NULL;
    const cJSON *k;
    size_t ci = 0;
    cJSON_ArrayForEach(k, jget(c, "constraints")) {
      size_t at = r * v->ncons + ci;
      const char *now = jstr(k, "status"), *id = jstr(k, "id");
      const char *exp = expected_status(p, runs[r].choice, ci);
      v->expected[at] = exp;
      const char *was;
      bool into = false, fail = false, unmet = false, expected_flip = false;
      if (mode == BASE_EXPECT) {
        /* no matching line: a violation is unexpected (as in `check`) */
        was = exp ? exp : "holds";
        unmet = strcmp(now, "unknown") && strcmp(now, was);
        fail = unmet;
      } else {
        was = base ? doc_status(base, cfg, id) : NULL;
        into = base && !strcmp(now, "violated") &&
               (!was || strcmp(was, "violated"));
        /* a flip the configuration's expect line predicts is accepted */
        expected_flip = into && exp && !strcmp(exp, "violated");
        unmet = exp && strcmp(now, "unknown") && strcmp(now, exp);
        fail = (into && !expected_flip) || unmet;
      }
      v->cells[at].baseline_status = was;
      v->cells[at].failed = fail;
      bool changed = was && strcmp(was, now);
      if (changed)
        v->changed++;
      if (base && !was && mode != BASE_EXPECT)
        v->new_cells++;
      if (into && !expected_flip)
        v->flips_into++;
      if (changed && !strcmp(now, "unknown"))
        v->to_unknown++;
      if (changed && !strcmp(was, "violated") && !strcmp(now, "holds"))
        v->fixed++;
      if (unmet)
        v->unmet++;
      if (fail)
        v->failed++;
      bool show = changed || fail || (into && !was);
      if (out && show) {
        if (mode == BASE_EXPECT)
          fprintf(out, "  %s %s: expected %s -> %s\n", cfg, id, was,
                  shout(now));
        else if (!changed && unmet)
          fprintf(out, "  %s %s: %s, but the spec expects %s\n", cfg, id,
                  shout(now), exp);
        else
          fprintf(out, "  %s %s: %s -> %s%s%s\n", cfg, id,
                  was ? shout(was) : "(new)", shout(now),
                  expected_flip ? " (as the spec's expect lines say)"
                  : unmet       ? ", but the spec expects "
                                : "",
                  unmet ? exp : "");
        if (!strcmp(now, "violated"))
          render_violation(out, k, def, p->constraints[ci].text, "    ");
      }
      def = def ? def->next : NULL;
      ci++;
    }
    r++;
  }
  /* cells of the baseline that the new run does not have */
  if (base && mode != BASE_EXPECT) {
    cJSON_ArrayForEach(c, jget(base, "configurations")) {
      const cJSON *k;
      cJSON_ArrayForEach(k, jget(c, "constraints")) {
        if (doc_status(doc, jstr(c, "name"), jstr(k, "id")))
          continue;
        v->removed++;
        if (out)
          fprintf(out, "  %s %s: %s -> (removed)\n", jstr(c, "name"),
                  jstr(k, "id"), shout(jstr(k, "status")));
      }
    }
  }
}

static void verdicts_release(struct verdicts *v) {
  free(v->cells);
  free((void *)v->expected);
  memset(v, 0, sizeof *v);
}

/* ------------------------------------------------ JUnit XML */

/* 's' with XML's five special characters escaped and the control
** characters XML 1.0 forbids replaced by '?'. */
static void xml_escape(FILE *out, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    switch (ch) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&apos;", out);
      break;
    default:
      fputc(ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r' ? '?' : ch,
            out);
    }
  }
}

/* One spec's <testsuite>, built while the spec is compared. */
struct junit_suite {
  char *name, *timestamp;
  double seconds;
  unsigned tests, failures, errors, skipped;
  char *props; /* <property> elements */
  char *body;  /* <testcase> elements */
};

struct junit {
  struct junit_suite *v;
  size_t n, cap;
};

static struct junit_suite *junit_add(struct junit *j, const char *name) {
  if (j->n == j->cap) {
    j->cap = j->cap ? j->cap * 2 : 8;
    j->v = bc_xrealloc(j->v, j->cap * sizeof *j->v);
  }
  struct junit_suite *s = &j->v[j->n++];
  memset(s, 0, sizeof *s);
  s->name = bc_xstrdup(name);
  char ts[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  s->timestamp = bc_xstrdup(ts);
  return s;
}

/* Append a <testcase>; 'kind' is NULL (passed), "failure", "error" or
** "skipped", with 'type', 'message' and 'text' (the element's content). */
static void junit_case(struct junit_suite *s, FILE *body, const char *cls,
                       const char *name, double seconds, const char *kind,
                       const char *type, const char *message,
                       const char *text, const char *sysout) {
  s->tests++;
  fputs("    <testcase classname=\"", body);
  xml_escape(body, cls);
  fputs("\" name=\"", body);
  xml_escape(body, name);
  fprintf(body, "\" time=\"%.6f\"", seconds);
  if (!kind && !sysout) {
    fputs("/>\n", body);
    return;
  }
  fputs(">\n", body);
  if (kind) {
    if (!strcmp(kind, "failure"))
      s->failures++;
    else if (!strcmp(kind, "error"))
      s->errors++;
    else
      s->skipped++;
    fprintf(body, "      <%s type=\"", kind);
    xml_escape(body, type);
    fputs("\" message=\"", body);
    xml_escape(body, message);
    fputs("\"", body);
    if (text && *text) {
      fputs(">", body);
      xml_escape(body, text);
      fprintf(body, "</%s>\n", kind);
    } else {
      fputs("/>\n", body);
    }
  }
  if (sysout) {
    fputs("      <system-out>", body);
    xml_escape(body, sysout);
    fputs("</system-out>\n", body);
  }
  fputs("    </testcase>\n", body);
}

static void junit_prop(FILE *props, const char *name, const char *value) {
  fputs("      <property name=\"", props);
  xml_escape(props, name);
  fputs("\" value=\"", props);
  xml_escape(props, value ? value : "");
  fputs("\"/>\n", props);
}

/* Write every suite to 'path' (through a temporary file and a rename, so a
** reader never sees half a file). Returns 0 or -1 after a message. */
static int junit_write(const struct junit *j, const char *path) {
  char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "bootcheck: %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  unsigned tests = 0, failures = 0, errors = 0, skipped = 0;
  double secs = 0;
  for (size_t i = 0; i < j->n; i++) {
    tests += j->v[i].tests;
    failures += j->v[i].failures;
    errors += j->v[i].errors;
    skipped += j->v[i].skipped;
    secs += j->v[i].seconds;
  }
  char host[256] = "localhost";
  if (gethostname(host, sizeof host - 1) != 0)
    snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"bootcheck regress\" tests=\"%u\" "
             "failures=\"%u\" errors=\"%u\" skipped=\"%u\" "
             "time=\"%.6f\">\n",
          tests, failures, errors, skipped, secs);
  for (size_t i = 0; i < j->n; i++) {
    const struct junit_suite *s = &j->v[i];
    fputs("  <testsuite name=\"", f);
    xml_escape(f, s->name);
    fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" "
               "skipped=\"%u\" time=\"%.6f\" timestamp=\"%s\" hostname=\"",
            s->tests, s->failures, s->errors, s->skipped, s->seconds,
            s->timestamp);
    xml_escape(f, host);
    fprintf(f, "\" id=\"%zu\" package=\"bootcheck\">\n", i);
    fprintf(f, "    <properties>\n%s    </properties>\n", s->props);
    fputs(s->body, f);
    fputs("  </testsuite>\n", f);
  }
  fputs("</testsuites>\n", f);
  bool bad = ferror(f) != 0;
  if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

static void junit_release(struct junit *j) {
  for (size_t i = 0; i < j->n; i++) {
    free(j->v[i].name);
    free(j->v[i].timestamp);
    free(j->v[i].props);
    free(j->v[i].body);
  }
  free(j->v);
  memset(j, 0, sizeof *j);
}

/* ------------------------------------------------ arguments */

struct rargs {
  const char **specs;
  size_t nspecs;
  struct bc_define defs[64];
  size_t ndefs;
  const char *db;
  const char *baseline;
  const char *junit;
  const char *format;
  bool quiet, ascii;
  bool native;          /* --engine native */
  struct bc_explore_opts eo;
};

static bool add_define(struct rargs *a, const char *nv) {
  return bc_cli_add_define(a->defs, &a->ndefs, 64, nv);
}

static void rargs_release(struct rargs *a) {
  for (size_t i = 0; i < a->ndefs; i++)
    free((char *)a->defs[i].name);
  free((void *)a->specs);
}

enum { OPT_REGRESS = 1, OPT_HISTORY = 2, OPT_SHOW = 4 };

/* Parse the options of one of the commands ('which'); -1 on a usage
** error (after a message). */
static int parse_rargs(int argc, char **argv, int which, struct rargs *a) {
  a->specs = bc_xcalloc((size_t)argc + 1, sizeof *a->specs);
  for (int i = 1; i < argc; i++) {
    const char *s = argv[i];
    const char *val = NULL;
#define NEEDVAL()                                                              \
  do {                                                                         \
    if (i + 1 >= argc) {                                                       \
      fprintf(stderr, "bootcheck: %s needs a value\n", s);                     \
      return -1;                                                               \
    }                                                                          \
    val = argv[++i];                                                           \
  } while (0)
    bool r = which == OPT_REGRESS;
    int so = r ? bc_cli_search_option(argc, argv, &i, &a->eo) : 0;
    if (so < 0)
      return -1;
    if (so > 0) {
      continue;
    } else if (!strcmp(s, "--db")) {
      NEEDVAL();
      a->db = val;
    } else if (r && !strcmp(s, "-D")) {
      NEEDVAL();
      if (!add_define(a, val))
        return -1;
    } else if (r && !strncmp(s, "-D", 2)) {
      if (!add_define(a, s + 2))
        return -1;
    } else if (r && !strcmp(s, "--baseline")) {
      NEEDVAL();
      a->baseline = val;
    } else if (r && !strcmp(s, "--junit")) {
      NEEDVAL();
      a->junit = val;
    } else if (r && !strcmp(s, "--quiet")) {
      a->quiet = true;
    } else if (r && !strcmp(s, "--engine")) {
      NEEDVAL();
      if (strcmp(val, "interp") && strcmp(val, "native")) {
        fprintf(stderr, "bootcheck: --engine must be interp or native\n");
        return -1;
      }
      a->native = !strcmp(val, "native");
    } else if (which == OPT_SHOW && !strcmp(s, "--format")) {
      NEEDVAL();
      a->format = val;
      if (strcmp(val, "text") && strcmp(val, "json")) {
        fprintf(stderr, "bootcheck: --format must be text or json\n");
        return -1;
      }
    } else if (which != OPT_HISTORY && !strcmp(s, "--ascii")) {
      a->ascii = true;
    } else if (s[0] == '-' && s[1]) {
      fprintf(stderr, "bootcheck: unknown option '%s'\n", s);
      return -1;
    } else {
      if (which != OPT_REGRESS && a->nspecs == 1) {
        fprintf(stderr, "bootcheck: unexpected argument '%s'\n", s);
        return -1;
      }
      a->specs[a->nspecs++] = s;
    }
#undef NEEDVAL
  }
  if (a->nspecs == 0) {
    fprintf(stderr, "bootcheck: no %s given\n",
            which == OPT_SHOW ? "RUN" : "SPEC file");
    return -1;
  }
  return 0;
}

static bool wants_help(int argc, char **argv) {
  return argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
}

/* ------------------------------------------------ regress */

static const char regress_help[] =
    "usage: bootcheck regress SPEC... [options]\n"
    "\n"
    "Check each SPEC in every configuration, compare each verdict with a\n"
    "baseline, print the flips with the new counterexamples, and record the\n"
    "run in the history database.\n"
    "\n"
    "  --db FILE            history database (default $BOOTCHECK_DB, else\n"
    "                       bootcheck.db at the top of the first spec's git\n"
    "                       repository, else beside the spec)\n"
    "  --baseline B         latest (default): the latest passing run of the\n"
    "                       same spec and -D values; RUN: that run number\n"
    "                       (one SPEC only); expect: the spec's expect lines\n"
    "  --junit FILE         write JUnit XML (one testcase per spec x\n"
    "                       placement x constraint)\n"
    "  -D NAME=VALUE        override a constant (in every SPEC)\n"
    "  --max-states N, --max-memory SIZE, --time-limit SECS, --fingerprint,\n"
    "  --no-symmetry, --por, --engine E,\n"
    "  --workers N          as for check\n"
    "  --quiet              no progress line\n"
    "\n"
    "exit status: 0 no regression, 1 a verdict flipped into violation or\n"
    "an expectation is unmet, 2 usage, spec or database error, 3 a limit was\n"
    "hit before every verdict was known (or the run could not be recorded).\n";

/* Load and compile a spec, printing the diagnostics and keeping them as
** text for JUnit (*ret_diag, caller frees). On success *src holds the
** source (release it); on failure it holds nothing. */
static struct bc_program *load_spec(const char *path, const struct rargs *a,
                                    struct bc_source *src, char **ret_diag) {
  *ret_diag = NULL;
  if (bc_source_load(src, path) != 0) {
    *ret_diag = xasprintf("%s: %s", path, bc_source_strerror(errno));
    fprintf(stderr, "bootcheck: %s\n", *ret_diag);
    return NULL;
  }
  struct bc_diag diag;
  bc_diag_init(&diag, src);
  struct bc_program *p = bc_compile(src, a->defs, a->ndefs, &diag);
  bc_diag_print(&diag, stderr);
  if (!p) {
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (m) {
      bc_diag_print(&diag, m);
      fclose(m);
      *ret_diag = buf;
    }
  }
  bc_diag_release(&diag);
  if (!p)
    bc_source_release(src);
  return p;
}

static const char *outcome_name(int exit) {
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

/* The short description of a baseline run for headers and JUnit. */
static void describe_run(const struct bc_db_run *b, char *buf, size_t len) {
  char defs[256];
  defines_text(b->defines, defs, sizeof defs);
  snprintf(buf, len, "run %" PRId64 " of %s (%s%s, sha256 %.12s%s%.12s%s)",
           b->id, b->recorded_at, b->spec_key, defs, b->spec_sha256,
           b->git_commit ? ", commit " : "",
           b->git_commit ? b->git_commit : "",
           b->git_dirty == 1 ? " +modified" : "");
}

/* The worst of two exit statuses, in the order `check` uses: a spec error
** first, then an unknown verdict, then a regression. */
static int worse(int a, int b) {
  static const int rank[] = {0, 1, 3, 2}; /* by exit status */
  return rank[b] > rank[a] ? b : a;
}

/* The JUnit testcases of one spec. */
static void junit_spec(struct junit_suite *s, FILE *body, const cJSON *doc,
                       const struct bc_program *p, const struct verdicts *v,
                       enum baseline_mode mode) {
  const cJSON *cons = jget(doc, "constraints");
  size_t r = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, jget(doc, "configurations")) {
    char cls[512];
    snprintf(cls, sizeof cls, "%s.%s", jstr(jget(doc, "spec"), "name"),
             jstr(c, "name"));
    double secs = jnum(jget(c, "stats"), "seconds") /
                  (double)(v->ncons ? v->ncons : 1);
    const cJSON *def = cons ? cons->child : NULL, *k;
    size_t ci = 0;
    cJSON_ArrayForEach(k, jget(c, "constraints")) {
      size_t at = r * v->ncons + ci;
      const char *now = jstr(k, "status"), *id = jstr(k, "id");
      const char *was = v->cells[at].baseline_status;
      char msg[512], *trace = NULL;
      size_t tlen = 0;
      if (!strcmp(now, "violated")) {
        FILE *m = open_memstream(&trace, &tlen);
        if (m) {
          render_violation(m, k, def, p->constraints[ci].text, "");
          fclose(m);
        }
      }
      if (v->cells[at].failed) {
        const char *exp = v->expected[at];
        if (mode == BASE_EXPECT)
          snprintf(msg, sizeof msg, "%s %s: expected %s -> %s",
                   jstr(c, "name"), id, was, shout(now));
        else if (was && strcmp(was, now))
          snprintf(msg, sizeof msg, "%s %s: %s -> %s", jstr(c, "name"), id,
                   shout(was), shout(now));
        else if (!was && !strcmp(now, "violated"))
          snprintf(msg, sizeof msg, "%s %s: (new) -> %s", jstr(c, "name"),
                   id, shout(now));
        else
          snprintf(msg, sizeof msg, "%s %s: %s, but the spec expects %s",
                   jstr(c, "name"), id, shout(now), exp ? exp : "holds");
        bool flip = mode != BASE_EXPECT && (!was || strcmp(was, now));
        junit_case(s, body, cls, id, secs, "failure",
                   flip ? "flip" : "unmet-expectation", msg, trace, NULL);
      } else if (!strcmp(now, "unknown")) {
        bool complete = jbool(c, "complete");
        const char *note = jstr(k, "note");
        if (!strcmp(jstr(c, "stop"), "runtime-error"))
          junit_case(s, body, cls, id, secs, "error", "runtime-error",
                     jstr(jget(c, "error"), "message"), NULL, NULL);
        else if (!complete)
          junit_case(s, body, cls, id, secs, "error", "incomplete",
                     stop_text(jstr(c, "stop")), NULL, NULL);
        else
          junit_case(s, body, cls, id, secs, "skipped", "unknown",
                     *note ? note : "unknown", NULL, NULL);
      } else {
        char out[256] = "";
        if (!strcmp(now, "violated"))
          snprintf(out, sizeof out, "violated (baseline: %s)\n",
                   was ? was : "none");
        junit_case(s, body, cls, id, secs, NULL, NULL, NULL, NULL,
                   *out ? out : NULL);
      }
      free(trace);
      def = def ? def->next : NULL;
      ci++;
    }
    r++;
  }
}

/*
** Check one spec, compare, print, record. Returns the spec's exit status
** (enum bc_exit).
*/
static int regress_one(const char *path, struct rargs *a, struct bc_db *db,
                       enum baseline_mode mode, int64_t base_id,
                       struct junit *ju) {
  struct bc_source src;
  char *diag = NULL;
  struct bc_program *p = load_spec(path, a, &src, &diag);
  if (!p) {
    struct junit_suite *s = junit_add(ju, path);
    char *body = NULL, *props = NULL;
    size_t bl = 0, pl = 0;
    FILE *bm = open_memstream(&body, &bl), *pm = open_memstream(&props, &pl);
    junit_prop(pm, "spec", path);
    junit_case(s, bm, path, "compile", 0, "error", "spec-error",
               "the spec does not compile", diag, NULL);
    fclose(bm);
    fclose(pm);
    s->body = body;
    s->props = props;
    free(diag);
    printf("== %s\n  ERROR: the spec does not compile (see above)\n", path);
    return BC_EXIT_USAGE;
  }
  struct spec_id id;
  if (spec_identify(path, true, &id) != 0) {
    bc_program_free(p);
    bc_source_release(&src);
    return BC_EXIT_USAGE;
  }

  struct bc_native *native = NULL;
  if (a->native) {
    char err[512];
    native = bc_native_build(p, err, sizeof err);
    if (!native) {
      fprintf(stderr, "bootcheck: --engine native: %s\n", err);
      spec_id_release(&id);
      bc_program_free(p);
      bc_source_release(&src);
      return BC_EXIT_INTERNAL;
    }
  }
  a->eo.native = native;

  /* explore: all in memory; nothing touches the database until the end */
  size_t ncfg = bc_config_count(p);
  struct bc_run *runs = bc_xcalloc(ncfg + 1, sizeof *runs);
  unsigned *choice = bc_xcalloc(p->nplacements + 1, sizeof *choice);
  size_t nruns = 0;
  bool any_error = false, any_incomplete = false;
  double seconds = 0;
  for (size_t i = 0; i < ncfg && !bc_explore_signal; i++) {
    bc_config_nth(p, i, choice);
    if (bc_explore(p, choice, &a->eo, &runs[nruns]) != 0) {
      fputs(a->eo.max_memory ? "bootcheck: --max-memory is too small to "
                               "start the search\n"
                             : "bootcheck: out of memory starting the "
                               "search\n", stderr);
      any_incomplete = true;
      break;
    }
    const struct bc_run *r = &runs[nruns++];
    seconds += r->stats.seconds;
    if (r->stop == BC_STOP_ERROR)
      any_error = true;
    else if (!r->complete)
      any_incomplete = true;
  }
  if (bc_explore_signal) /* configurations left out are unknown */
    any_incomplete = true;
  free(choice);
  a->eo.native = NULL;
  bc_native_free(native);
  char *report = bc_report_json(p, runs, nruns);
  cJSON *doc = cJSON_Parse(report);
  char *defines = defines_json(p), *constants = constants_json(p);
  char defs[256];
  defines_text(defines, defs, sizeof defs);

  /* the baseline */
  struct bc_db_run base;
  memset(&base, 0, sizeof base);
  cJSON *base_doc = NULL;
  bool have_base = false;
  int rc = BC_EXIT_OK;
  printf("== %s (%s)%s\n", path, p->spec_name, defs);
  if (mode == BASE_LATEST) {
    int f = bc_db_find_baseline(db, id.key, defines, &base_id);
    if (f == BC_DB_ERROR) {
      fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(db));
      rc = BC_EXIT_INTERNAL;
    }
    have_base = f == 0;
  } else if (mode == BASE_RUN) {
    have_base = true;
  }
  if (have_base && rc == BC_EXIT_OK) {
    int l = bc_db_load(db, base_id, true, &base);
    if (l != 0) {
      fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(db));
      rc = l == BC_DB_NOTFOUND ? BC_EXIT_USAGE : BC_EXIT_INTERNAL;
      have_base = false;
    } else {
      base_doc = cJSON_Parse(base.report ? base.report : "");
      char desc[512];
      describe_run(&base, desc, sizeof desc);
      printf("  baseline: %s\n", desc);
      if (strcmp(base.spec_key, id.key))
        printf("  note: the baseline is of another spec file (%s)\n",
               base.spec_key);
    }
  } else if (mode == BASE_EXPECT) {
    printf("  baseline: the spec's expect lines\n");
  } else if (rc == BC_EXIT_OK) {
    printf("  baseline: none (no earlier passing run of %s%s)\n", id.key,
           defs);
  }

  struct verdicts v;
  memset(&v, 0, sizeof v);
  int exit = BC_EXIT_OK;
  if (rc == BC_EXIT_OK && doc) {
    compare(p, runs, doc, have_base ? base_doc : NULL, mode, stdout, &v);
    if (any_error)
      exit = BC_EXIT_USAGE;
    else if (any_incomplete)
      exit = BC_EXIT_INTERNAL;
    else if (v.failed)
      exit = BC_EXIT_UNEXPECTED;
    for (size_t r = 0; r < nruns; r++)
      if (runs[r].stop == BC_STOP_ERROR)
        printf("  %s: runtime error at %s:%u: %s\n",
               cJSON_GetArrayItem(jget(doc, "configurations"), (int)r)
                   ? jstr(cJSON_GetArrayItem(jget(doc, "configurations"),
                                             (int)r), "name")
                   : "?",
               p->path, runs[r].errline, runs[r].errmsg);

    /* record */
    const char **bodies = bc_xcalloc(p->nconstraints + 1, sizeof *bodies);
    for (size_t c = 0; c < p->nconstraints; c++)
      bodies[c] = p->constraints[c].text;
    char sha[65];
    bc_db_sha256_hex(src.text, src.len, sha);
    char *opts = options_json("regress", &a->eo, NULL);
    struct bc_db_run run = {
        .version = bc_version(),
        .command = "regress",
        .spec_file = path,
        .spec_key = id.key,
        .spec_name = p->spec_name,
        .spec_sha256 = sha,
        .source = src.text,
        .source_len = src.len,
        .defines = defines,
        .constants = constants,
        .git_commit = id.commit,
        .git_dirty = id.dirty,
        .options = opts,
        .baseline_kind = mode == BASE_EXPECT ? "expect"
                         : have_base         ? "run"
                                             : NULL,
        .baseline_run = have_base ? base.id : 0,
        .outcome = outcome_name(exit),
        .exit_code = exit,
        .seconds = seconds,
        .report = report,
        .nconstraints = p->nconstraints,
        .constraint_body = bodies,
    };
    bool recorded = bc_db_record(db, &run, v.cells) == 0;
    if (!recorded)
      fprintf(stderr, "bootcheck: not recorded: %s\n", bc_db_errmsg(db));

    char summary[512];
    int n = snprintf(summary, sizeof summary, "%s",
                     exit == BC_EXIT_OK           ? "ok"
                     : exit == BC_EXIT_UNEXPECTED ? "FAIL"
                     : exit == BC_EXIT_USAGE      ? "ERROR"
                                                  : "INCOMPLETE");
    n += snprintf(summary + n, sizeof summary - (size_t)n,
                  ": %u flip%s into violation, %u unmet expectation%s", 
                  v.flips_into, v.flips_into == 1 ? "" : "s", v.unmet,
                  v.unmet == 1 ? "" : "s");
    if (v.fixed)
      n += snprintf(summary + n, sizeof summary - (size_t)n, ", %u fixed",
                    v.fixed);
    if (v.to_unknown)
      n += snprintf(summary + n, sizeof summary - (size_t)n,
                    ", %u now unknown", v.to_unknown);
    if (v.new_cells)
      n += snprintf(summary + n, sizeof summary - (size_t)n, ", %u new",
                    v.new_cells);
    if (v.removed)
      n += snprintf(summary + n, sizeof summary - (size_t)n, ", %u removed",
                    v.removed);
    if (!v.changed && !v.failed && (have_base || mode == BASE_EXPECT))
      n += snprintf(summary + n, sizeof summary - (size_t)n,
                    "; no verdict changed (%zu cells)", v.ncfg * v.ncons);
    if (recorded)
      snprintf(summary + n, sizeof summary - (size_t)n,
               "; recorded as run %" PRId64, run.id);
    printf("  %s\n", summary);

    /* JUnit */
    if (a->junit) {
      char name[512];
      snprintf(name, sizeof name, "%s%s", path, defs);
      struct junit_suite *s = junit_add(ju, name);
      s->seconds = seconds;
      char *body = NULL, *props = NULL;
      size_t bl = 0, pl = 0;
      FILE *bm = open_memstream(&body, &bl), *pm = open_memstream(&props, &pl);
      char buf[512];
      junit_prop(pm, "spec", path);
      junit_prop(pm, "spec_sha256", sha);
      junit_prop(pm, "git_commit", id.commit);
      if (recorded) {
        snprintf(buf, sizeof buf, "%" PRId64, run.id);
        junit_prop(pm, "run", buf);
      }
      if (mode == BASE_EXPECT)
        snprintf(buf, sizeof buf, "expect lines");
      else if (have_base)
        describe_run(&base, buf, sizeof buf);
      else
        snprintf(buf, sizeof buf, "none");
      junit_prop(pm, "baseline", buf);
      junit_spec(s, bm, doc, p, &v, mode);
      if (exit == BC_EXIT_USAGE && !nruns)
        junit_case(s, bm, path, "check", 0, "error", "runtime-error",
                   "the check stopped", NULL, NULL);
      fclose(bm);
      fclose(pm);
      s->body = body;
      s->props = props;
    }
    if (!recorded)
      exit = worse(exit, BC_EXIT_INTERNAL);
    free(opts);
    free((void *)bodies);
    rc = exit;
  }
  verdicts_release(&v);
  cJSON_Delete(base_doc);
  if (base.spec_key)
    bc_db_run_release(&base);
  cJSON_Delete(doc);
  free(report);
  free(defines);
  free(constants);
  for (size_t i = 0; i < nruns; i++)
    bc_run_release(&runs[i]);
  free(runs);
  spec_id_release(&id);
  bc_program_free(p);
  bc_source_release(&src);
  return rc;
}

int bc_cmd_regress(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(regress_help, stdout);
    return BC_EXIT_OK;
  }
  struct rargs a;
  memset(&a, 0, sizeof a);
  a.eo.symmetry = true; /* as check: --no-symmetry turns it off */
  if (parse_rargs(argc, argv, OPT_REGRESS, &a) != 0) {
    fputs(regress_help, stderr);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  enum baseline_mode mode = BASE_LATEST;
  int64_t base_id = 0;
  if (a.baseline && !strcmp(a.baseline, "expect")) {
    mode = BASE_EXPECT;
  } else if (a.baseline && strcmp(a.baseline, "latest")) {
    char *end;
    errno = 0;
    long long n = strtoll(a.baseline, &end, 10);
    if (errno || *end || end == a.baseline || n <= 0) {
      fprintf(stderr, "bootcheck: --baseline takes latest, expect or a run "
                      "number, not '%s'\n", a.baseline);
      rargs_release(&a);
      return BC_EXIT_USAGE;
    }
    if (a.nspecs > 1) {
      fprintf(stderr, "bootcheck: --baseline RUN compares one SPEC\n");
      rargs_release(&a);
      return BC_EXIT_USAGE;
    }
    mode = BASE_RUN;
    base_id = n;
  }
  a.eo.progress = !a.quiet && isatty(STDERR_FILENO);
  if (a.eo.workers == 0)
    a.eo.workers = bc_explore_default_workers();

  /* open the database before the (possibly long) checks: a file we cannot
  ** use is reported at once */
  struct spec_id first;
  if (spec_identify(a.specs[0], false, &first) != 0) {
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  char *path = db_path(a.db, first.root);
  spec_id_release(&first);
  struct bc_db *db;
  char err[1024];
  if (bc_cli_refuse_output("--junit", a.junit, a.specs, a.nspecs, path) ||
      bc_cli_refuse_output("--db", path, a.specs, a.nspecs, NULL)) {
    free(path);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  if (bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    free(path);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  struct junit ju;
  memset(&ju, 0, sizeof ju);
  int rc = BC_EXIT_OK;
  unsigned failed = 0;
  bc_cli_catch_signals();
  for (size_t i = 0; i < a.nspecs && !bc_explore_signal; i++) {
    int r = regress_one(a.specs[i], &a, db, mode, base_id, &ju);
    failed += r != BC_EXIT_OK;
    rc = worse(rc, r);
    fflush(stdout);
  }
  if (bc_explore_signal) /* specs left out */
    rc = worse(rc, BC_EXIT_INTERNAL);
  printf("regress: %zu spec%s, %u not ok; history in %s\n", a.nspecs,
         a.nspecs == 1 ? "" : "s", failed, path);
  if (a.junit && junit_write(&ju, a.junit) != 0)
    rc = worse(rc, BC_EXIT_INTERNAL);
  junit_release(&ju);
  bc_db_close(db);
  free(path);
  rargs_release(&a);
  return rc;
}

/* ------------------------------------------------ history */

static const char history_help[] =
    "usage: bootcheck history SPEC [--db FILE]\n"
    "\n"
    "List the recorded runs of SPEC, oldest first, one line each: run\n"
    "number, time (UTC), command, spec hash, git commit (+ when the spec\n"
    "differed from it), -D values, outcome, flips against the baseline\n"
    "(failing/all), and the violated cells (configuration{constraints}).\n";

static int history_line(void *ctx, const struct bc_db_run *r) {
  unsigned *n = ctx;
  if ((*n)++ == 0)
    printf("%4s  %-20s  %-7s  %-8s  %-13s  %-10s  %-5s  %s\n", "run",
           "recorded (UTC)", "command", "sha256", "commit", "outcome",
           "flips", "violated");
  char commit[16] = "-", defs[256], flips[32] = "-";
  if (r->git_commit)
    snprintf(commit, sizeof commit, "%.12s%s", r->git_commit,
             r->git_dirty == 1 ? "+" : "");
  defines_text(r->defines, defs, sizeof defs);
  if (r->baseline_kind)
    snprintf(flips, sizeof flips, "%" PRId64 "/%" PRId64, r->nfailed,
             r->nflips);
  printf("%4" PRId64 "  %-20s  %-7s  %-8.8s  %-13s  %-10s  %-5s  %s%s%s\n",
         r->id, r->recorded_at, r->command, r->spec_sha256, commit,
         r->outcome, flips, *r->violated ? r->violated : "(none)",
         *defs ? "  " : "", defs + (*defs ? 1 : 0));
  return 0;
}

int bc_cmd_history(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(history_help, stdout);
    return BC_EXIT_OK;
  }
  struct rargs a;
  memset(&a, 0, sizeof a);
  if (parse_rargs(argc, argv, OPT_HISTORY, &a) != 0) {
    fputs(history_help, stderr);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  struct spec_id id;
  if (spec_identify(a.specs[0], false, &id) != 0) {
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  char *path = db_path(a.db, id.root);
  struct bc_db *db;
  char err[1024];
  int rc = BC_EXIT_OK;
  if (bc_db_open(path, BC_DB_READ, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    rc = BC_EXIT_USAGE;
  } else {
    unsigned n = 0;
    if (bc_db_history(db, id.key, history_line, &n) != 0) {
      fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(db));
      rc = BC_EXIT_INTERNAL;
    } else if (n == 0) {
      printf("no run of %s recorded in %s\n", id.key, path);
    }
    bc_db_close(db);
  }
  free(path);
  spec_id_release(&id);
  rargs_release(&a);
  return rc;
}

/* ------------------------------------------------ show */

static const char show_help[] =
    "usage: bootcheck show RUN|latest [--db FILE] [--format text|json] "
    "[--ascii]\n"
    "\n"
    "Print a recorded run as `bootcheck check` printed it (text, with its\n"
    "counterexamples, or the JSON document), without checking again. The\n"
    "default database is $BOOTCHECK_DB, else bootcheck.db at the top of the\n"
    "current git repository, else in the current directory.\n";

int bc_cmd_show(int argc, char **argv) {
  if (wants_help(argc, argv)) {
    fputs(show_help, stdout);
    return BC_EXIT_OK;
  }
  struct rargs a;
  memset(&a, 0, sizeof a);
  if (parse_rargs(argc, argv, OPT_SHOW, &a) != 0) {
    fputs(show_help, stderr);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  int64_t id = 0;
  bool latest = !strcmp(a.specs[0], "latest");
  if (!latest) {
    char *end;
    errno = 0;
    long long n = strtoll(a.specs[0], &end, 10);
    if (errno || *end || end == a.specs[0] || n <= 0) {
      fprintf(stderr, "bootcheck: RUN is a run number or 'latest', not "
                      "'%s'\n", a.specs[0]);
      rargs_release(&a);
      return BC_EXIT_USAGE;
    }
    id = n;
  }
  char *path = db_path(a.db, NULL);
  struct bc_db *db;
  char err[1024];
  int rc = BC_EXIT_OK;
  if (bc_db_open(path, BC_DB_READ, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    free(path);
    rargs_release(&a);
    return BC_EXIT_USAGE;
  }
  struct bc_db_run r;
  int l = latest ? bc_db_latest(db, &id) : 0;
  if (l == 0)
    l = bc_db_load(db, id, true, &r);
  if (l != 0) {
    fprintf(stderr, "bootcheck: %s\n",
            l == BC_DB_NOTFOUND && latest ? "no run recorded"
                                          : bc_db_errmsg(db));
    rc = l == BC_DB_NOTFOUND ? BC_EXIT_USAGE : BC_EXIT_INTERNAL;
  } else {
    cJSON *doc = cJSON_Parse(r.report ? r.report : "");
    if (!doc) {
      fprintf(stderr, "bootcheck: %s: run %" PRId64 " has no readable "
                      "report\n", path, id);
      rc = BC_EXIT_INTERNAL;
    } else if (a.format && !strcmp(a.format, "json")) {
      bc_out_raw(stdout, r.report); /* JSON: escaped as JSON */
      fputc('\n', stdout);
    } else {
      char defs[256];
      defines_text(r.defines, defs, sizeof defs);
      printf("run %" PRId64 ": %s by bootcheck %s (%s%s), %s, sha256 %.12s",
             r.id, r.recorded_at, r.version, r.command, defs, r.spec_key,
             r.spec_sha256);
      if (r.git_commit)
        printf(", commit %.12s%s", r.git_commit,
               r.git_dirty == 1 ? " +modified" : "");
      printf(", %s", r.outcome);
      if (r.baseline_kind && !strcmp(r.baseline_kind, "expect"))
        printf(", against the expect lines");
      else if (r.baseline_kind)
        printf(", against run %" PRId64, r.baseline_run);
      printf("\n\n");
      render_report(stdout, doc, r.constraint_body, r.nconstraints, a.ascii);
    }
    cJSON_Delete(doc);
    bc_db_run_release(&r);
  }
  bc_db_close(db);
  free(path);
  rargs_release(&a);
  return rc;
}

/* ------------------------------------------------ check --db */

int bc_cmd_check_record(const char *db_opt, const char *spec,
                        const struct bc_program *p,
                        const struct bc_explore_opts *eo,
                        const char *placements, const struct bc_run *runs,
                        size_t nruns) {
  const char *env = getenv("BOOTCHECK_DB");
  if (!db_opt && !(env && *env))
    return 0;
  struct spec_id id;
  if (spec_identify(spec, true, &id) != 0)
    return -1;
  struct bc_source src;
  if (bc_source_load(&src, spec) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", spec, bc_source_strerror(errno));
    spec_id_release(&id);
    return -1;
  }
  char *path = db_path(db_opt, id.root);
  int ret = -1;
  struct bc_db *db;
  char err[1024];
  if (bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: not recorded: %s\n", err);
  } else {
    bool error = false, incomplete = false, unexpected = false;
    double seconds = 0;
    for (size_t i = 0; i < nruns; i++) {
      seconds += runs[i].stats.seconds;
      if (runs[i].stop == BC_STOP_ERROR)
        error = true;
      else if (!runs[i].complete)
        incomplete = true;
      else if (!bc_run_as_expected(p, &runs[i], NULL))
        unexpected = true;
    }
    int exit = error        ? BC_EXIT_USAGE
               : incomplete ? BC_EXIT_INTERNAL
               : unexpected ? BC_EXIT_UNEXPECTED
                            : BC_EXIT_OK;
    char *report = bc_report_json(p, runs, nruns);
    char *defines = defines_json(p), *constants = constants_json(p);
    char *opts = options_json("check", eo, placements);
    const char **bodies = bc_xcalloc(p->nconstraints + 1, sizeof *bodies);
    for (size_t c = 0; c < p->nconstraints; c++)
      bodies[c] = p->constraints[c].text;
    char sha[65];
    bc_db_sha256_hex(src.text, src.len, sha);
    struct bc_db_run run = {
        .version = bc_version(),
        .command = "check",
        .spec_file = spec,
        .spec_key = id.key,
        .spec_name = p->spec_name,
        .spec_sha256 = sha,
        .source = src.text,
        .source_len = src.len,
        .defines = defines,
        .constants = constants,
        .git_commit = id.commit,
        .git_dirty = id.dirty,
        .options = opts,
        .outcome = outcome_name(exit),
        .exit_code = exit,
        .seconds = seconds,
        .report = report,
        .nconstraints = p->nconstraints,
        .constraint_body = bodies,
    };
    if (bc_db_record(db, &run, NULL) != 0) {
      fprintf(stderr, "bootcheck: not recorded: %s\n", bc_db_errmsg(db));
    } else {
      fprintf(stderr, "bootcheck: recorded as run %" PRId64 " in %s\n",
              run.id, path);
      ret = 0;
    }
    free((void *)bodies);
    free(opts);
    free(defines);
    free(constants);
    free(report);
    bc_db_close(db);
  }
  free(path);
  bc_source_release(&src);
  spec_id_release(&id);
  return ret;
}
