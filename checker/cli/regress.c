/*
** regress.c - the history commands: `regress` (check specs over their -D
** sweeps, compare each verdict with a baseline, record the run, JUnit
** XML), `history`, `show`, and the recording behind `check --db`. Storage
** is checker/history/db.c; the check is checker/check/check.c; the
** comparison compare.c, JUnit junit.c, the spec's identity specid.c.
*/
#include "base/safeout.h"
#include "cli/cli_int.h"
#include "history/db.h"

#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <sys/stat.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------ recording */

int bc_cli_record(struct bc_db *db, const char *command,
                  const struct bc_check *ck, const struct bc_spec_id *id,
                  const struct bc_cli_args *a, const char *baseline_kind,
                  int64_t baseline_run, const struct bc_db_cell *cells,
                  const struct bc_db_where *where, size_t nwhere,
                  int64_t *ret_id) {
  const struct bc_program *p = ck->p;
  size_t *order = bc_xcalloc(p->nconstraints + 1, sizeof *order);
  if (!bc_cli_column_order(p, a->columns, order)) {
    free(order);
    order = NULL;
  }
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.windows = ck->wins;
  ro.spec_sha256 = ck->sha256;
  char *report = bc_report_json_opts(p, ck->runs, ck->ncfg, &ro);
  char *render[BC_DB_NRENDER];
  static const char *const fmt[BC_DB_NRENDER] = {"text", "text", "markdown",
                                                 "json"};
  for (int f = 0; f < BC_DB_NRENDER; f++) {
    size_t len = 0;
    render[f] = NULL;
    FILE *m = open_memstream(&render[f], &len);
    if (m) {
      bc_cli_render(m, ck, fmt[f], f == BC_DB_TEXT_ASCII, false, true, order);
      fclose(m);
    }
  }
  char *defines = bc_cli_defines_json(p), *constants = bc_cli_constants_json(p);
  char *opts = bc_cli_options_json(command, &a->co.eo, a->co.placements);
  const char **bodies = bc_xcalloc(p->nconstraints + 1, sizeof *bodies);
  for (size_t c = 0; c < p->nconstraints; c++)
    bodies[c] = p->constraints[c].text;
  struct bc_db_run run = {
      .version = bc_version(),
      .command = command,
      .spec_file = ck->path,
      .spec_key = id->key,
      .spec_name = p->spec_name,
      .spec_sha256 = ck->sha256,
      .source = ck->source,
      .source_len = ck->source_len,
      .defines = defines,
      .constants = constants,
      .git_commit = id->commit,
      .git_dirty = id->dirty,
      .options = opts,
      .baseline_kind = baseline_kind,
      .baseline_run = baseline_run,
      .outcome = bc_exit_outcome(ck->exit),
      .exit_code = ck->exit,
      .seconds = ck->seconds,
      .report = report,
      .nconstraints = p->nconstraints,
      .constraint_body = bodies,
      .nwhere = nwhere,
      .where = where,
  };
  for (int f = 0; f < BC_DB_NRENDER; f++)
    run.rendering[f] = render[f];
  int ret = 0;
  if (bc_db_record(db, &run, cells) != 0) {
    fprintf(stderr, "bootcheck: not recorded: %s\n", bc_db_errmsg(db));
    ret = -1;
  }
  *ret_id = run.id;
  for (int f = 0; f < BC_DB_NRENDER; f++)
    free(render[f]);
  free((void *)bodies);
  free(opts);
  free(defines);
  free(constants);
  free(report);
  free(order);
  return ret;
}

/* ------------------------------------------------ regress */

static const char regress_help[] =
    "usage: bootcheck regress SPEC... [options]\n"
    "\n"
    "Check each SPEC in every configuration, over its -D sweep (the\n"
    "command line's, else the spec's `sweep` lines), compare each verdict\n"
    "with a baseline, print the flips with the new counterexamples, and\n"
    "record each run in the history database.\n"
    "\n"
    "  --db FILE            history database (default $BOOTCHECK_DB, else\n"
    "                       bootcheck.db at the top of the first spec's git\n"
    "                       repository, else beside the spec); created with\n"
    "                       its folder when missing\n"
    "  --baseline B         latest (default): the latest passing run of the\n"
    "                       same spec and -D values; RUN: that run number\n"
    "                       (one SPEC only); expect: the spec's expect lines\n"
    "  --junit FILE         write JUnit XML (one testcase per spec x\n"
    "                       placement x constraint)\n"
    "  -D NAME=V1,V2,...    override a constant (in every SPEC); a list\n"
    "                       sweeps it as check does (one run per value)\n"
    "  --where PLACEMENT    also run `where` for PLACEMENT (repeatable),\n"
    "                       record its legal points and report a window\n"
    "                       that narrows or empties as a flip\n"
    "  --placement LIST, --columns LIST, --ascii, --max-states N,\n"
    "  --max-memory SIZE, --time-limit SECS, --fingerprint, --no-symmetry,\n"
    "  --por, --engine E, --stop-at-first, --no-windows, --no-liveness,\n"
    "  --workers N          as for check\n"
    "  --quiet              no progress line\n"
    "\n"
    "exit status: 0 no regression, 1 a verdict flipped into violation, an\n"
    "expectation is unmet or a --where window lost a point, 2 usage, spec or database error, 3 a limit was\n"
    "hit before every verdict was known (or the run could not be recorded).\n";

/* The short description of a baseline run for headers and JUnit. */
static void describe_run(const struct bc_db_run *b, char *buf, size_t len) {
  char defs[256];
  bc_cli_defines_text(b->defines, defs, sizeof defs);
  snprintf(buf, len, "run %" PRId64 " of %s (%s%s, sha256 %.12s%s%.12s%s)",
           b->id, b->recorded_at, b->spec_key, defs, b->spec_sha256,
           b->git_commit ? ", commit " : "",
           b->git_commit ? b->git_commit : "",
           b->git_dirty == 1 ? " +modified" : "");
}


/* What regress keeps between the checks of one command. */
struct regress {
  const struct bc_cli_args *a;
  struct bc_db *db;
  enum bc_baseline_mode mode;
  int64_t base_id;
  struct bc_junit ju;
};

/* A spec that does not compile: its JUnit suite and the line. */
static int regress_error(struct regress *rg, const char *path,
                         const char *defs, const struct bc_check *ck) {
  char name[512];
  snprintf(name, sizeof name, "%s%s", path, defs);
  struct bc_junit_suite *s = bc_junit_add(&rg->ju, name);
  char *body = NULL, *props = NULL;
  size_t bl = 0, pl = 0;
  FILE *bm = open_memstream(&body, &bl), *pm = open_memstream(&props, &pl);
  bc_junit_prop(pm, "spec", path);
  bc_junit_case(s, bm, path, "compile", 0, "error", "spec-error",
                "the spec does not compile", ck->diag, NULL);
  fclose(bm);
  fclose(pm);
  s->body = body;
  s->props = props;
  printf("== %s%s\n  ERROR: the spec does not compile (see above)\n", path,
         defs);
  return BC_EXIT_USAGE;
}

/* ------------------------------------------------ regress --where */

/* Run `bootcheck where SPEC PLACEMENT` with the -D values and search
** options of the regress run; its JSON document into *ret_doc (caller
** frees), its exit status returned (BC_EXIT_INTERNAL when it could not
** run). */
static int where_json(const char *path, const struct bc_define *defs,
                      size_t ndefs, const char *placement,
                      const struct bc_cli_args *a, char **ret_doc) {
  *ret_doc = NULL;
  const char *tmpdir = getenv("TMPDIR");
  char *tmp = bc_xasprintf("%s/bootcheck-where-XXXXXX",
                           tmpdir && *tmpdir ? tmpdir : "/tmp");
  int fd = mkstemp(tmp);
  if (fd < 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return BC_EXIT_INTERNAL;
  }
  close(fd);
  char *argv[64 * 2 + 32];
  char *own[64 + 8];
  size_t argc = 0, nown = 0;
  argv[argc++] = "where";
  argv[argc++] = (char *)path;
  argv[argc++] = (char *)placement;
  for (size_t i = 0; i < ndefs; i++) {
    argv[argc++] = "-D";
    argv[argc++] = own[nown++] =
        bc_xasprintf("%s=%s", defs[i].name, defs[i].value);
  }
  const struct bc_explore_opts *eo = &a->co.eo;
  argv[argc++] = "--no-windows";
  argv[argc++] = "--quiet";
  argv[argc++] = "--no-timing";
  if (eo->por)
    argv[argc++] = "--por";
  if (!eo->symmetry)
    argv[argc++] = "--no-symmetry";
  if (eo->fingerprint_only)
    argv[argc++] = "--fingerprint";
  argv[argc++] = "--engine";
  argv[argc++] = a->co.engine == BC_ENGINE_NATIVE   ? "native"
                 : a->co.engine == BC_ENGINE_INTERP ? "interp"
                                                    : "auto";
  if (eo->max_states) {
    argv[argc++] = "--max-states";
    argv[argc++] = own[nown++] =
        bc_xasprintf("%llu", (unsigned long long)eo->max_states);
  }
  if (eo->max_memory) {
    argv[argc++] = "--max-memory";
    argv[argc++] = own[nown++] = bc_xasprintf("%zu", eo->max_memory);
  }
  if (eo->time_limit > 0) {
    argv[argc++] = "--time-limit";
    argv[argc++] = own[nown++] = bc_xasprintf("%g", eo->time_limit);
  }
  argv[argc++] = "--workers";
  argv[argc++] = own[nown++] = bc_xasprintf("%u", eo->workers);
  argv[argc++] = "--format";
  argv[argc++] = "json";
  argv[argc++] = "--output";
  argv[argc++] = tmp;
  argv[argc] = NULL;
  int rc = bc_cmd_where((int)argc, argv);
  FILE *f = fopen(tmp, "r");
  if (f) {
    size_t len = 0, cap = 4096;
    char *buf = bc_xmalloc(cap);
    size_t k;
    while ((k = fread(buf + len, 1, cap - len - 1, f)) > 0) {
      len += k;
      if (cap - len < 2)
        buf = bc_xrealloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    fclose(f);
    *ret_doc = buf;
  }
  unlink(tmp);
  free(tmp);
  for (size_t i = 0; i < nown; i++)
    free(own[i]);
  return rc;
}

/* Is JSON string array 'arr' holding 's'? */
static bool json_has(const cJSON *arr, const char *s) {
  const cJSON *e;
  cJSON_ArrayForEach(e, arr) if (cJSON_IsString(e) && !strcmp(e->valuestring,
                                                              s)) return true;
  return false;
}

/*
** regress --where PLACEMENT for one spec and -D combination: run where,
** print its legal windows, compare its legal points with those recorded
** with the baseline run 'base_id' (0: none): a point that was legal and
** is not is a flip (the window narrowed or emptied: exit 1); new legal
** points are reported. Fills *ret (owned strings) and *jc (its JUnit test
** case) and returns the exit status this gives, or -1 when PLACEMENT is
** not a placement of the spec.
*/
struct where_case {
  const char *kind, *type; /* NULL (passed), or "failure"/"error" */
  char *msg, *out;         /* owned */
  double seconds;
};

static int regress_where(struct regress *rg, const char *path,
                         const struct bc_program *p,
                         const struct bc_define *defs, size_t ndefs,
                         const char *placement, int64_t base_id,
                         struct bc_db_where *ret, struct where_case *jc,
                         unsigned *flips) {
  bool found = false;
  for (size_t i = 0; i < p->nplacements; i++)
    found |= !strcmp(p->placements[i].name, placement);
  if (!found) {
    printf("  where %s: not a placement of %s, skipped\n", placement,
           p->spec_name);
    return -1;
  }
  memset(ret, 0, sizeof *ret);
  memset(jc, 0, sizeof *jc);
  ret->placement = placement;
  char *doc = NULL;
  int wexit = where_json(path, defs, ndefs, placement, rg->a, &doc);
  cJSON *d = cJSON_Parse(doc ? doc : "");
  jc->seconds = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(
      d, "seconds"));
  if (jc->seconds != jc->seconds || jc->seconds < 0) /* NaN: not there */
    jc->seconds = 0;
  const cJSON *pts = cJSON_GetObjectItemCaseSensitive(d, "points");
  const cJSON *wins = cJSON_GetObjectItemCaseSensitive(d, "windows");
  if (!d || !cJSON_IsArray(pts) || !cJSON_IsArray(wins)) {
    printf("  where %s: ERROR: where did not run (see above)\n", placement);
    jc->kind = "error";
    jc->type = "where-error";
    jc->msg = bc_xasprintf("where did not run (exit %d)", wexit);
    cJSON_Delete(d);
    free(doc);
    ret->exit_code = wexit == BC_EXIT_OK ? BC_EXIT_INTERNAL : wexit;
    ret->legal = bc_xstrdup("[]");
    ret->windows = bc_xstrdup("[]");
    ret->report = bc_xstrdup("{}");
    return ret->exit_code;
  }
  ret->exit_code = wexit;
  cJSON *legal = cJSON_CreateArray(), *wj = cJSON_CreateArray();
  size_t npts = (size_t)cJSON_GetArraySize(pts);
  const cJSON *pt;
  cJSON_ArrayForEach(pt, pts) {
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(pt, "status");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(pt, "hook");
    if (cJSON_IsString(st) && !strcmp(st->valuestring, "legal") &&
        cJSON_IsString(h))
      cJSON_AddItemToArray(legal, cJSON_CreateString(h->valuestring));
  }
  /* the windows, as hooks */
  char line[2048];
  size_t o = 0;
  const cJSON *w;
  cJSON_ArrayForEach(w, wins) {
    int f = (int)cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(w, "first"));
    int l = (int)cJSON_GetNumberValue(
        cJSON_GetObjectItemCaseSensitive(w, "last"));
    if (f < 1 || l < f || (size_t)l > npts)
      continue;
    const char *fh = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(pts, f - 1), "hook"));
    const char *lh = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetArrayItem(pts, l - 1), "hook"));
    cJSON *pair = cJSON_CreateArray();
    cJSON_AddItemToArray(pair, cJSON_CreateString(fh ? fh : ""));
    cJSON_AddItemToArray(pair, cJSON_CreateString(lh ? lh : ""));
    cJSON_AddItemToArray(wj, pair);
    if (o < sizeof line)
      o += (size_t)snprintf(line + o, sizeof line - o, "%s%d..%d (%s..%s)",
                            o ? ", " : "", f, l, fh ? fh : "?",
                            lh ? lh : "?");
  }
  printf("  where %s: %s%s\n", placement,
         o ? "legal " : "no legal point", o ? line : "");
  jc->out = bc_xasprintf("%s%s\n", o ? "legal " : "no legal point",
                         o ? line : "");
  if (wexit != BC_EXIT_OK && wexit != BC_EXIT_UNEXPECTED) {
    jc->kind = "error";
    jc->type = wexit == BC_EXIT_INTERNAL ? "incomplete" : "where-error";
    jc->msg = bc_xasprintf("where exited %d: some point is unknown", wexit);
  }
  /* against the baseline */
  char *blegal = NULL;
  int bexit = 0;
  int lr = base_id ? bc_db_load_where(rg->db, base_id, placement, &blegal,
                                      &bexit)
                   : BC_DB_NOTFOUND;
  int exit = wexit == BC_EXIT_UNEXPECTED ? BC_EXIT_OK : wexit;
  if (lr == BC_DB_ERROR) {
    fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(rg->db));
    exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
  } else if (lr == BC_DB_NOTFOUND) {
    printf("  where %s: no baseline (not recorded with %s)\n", placement,
           base_id ? "the baseline run" : "any baseline");
  } else {
    cJSON *b = cJSON_Parse(blegal);
    size_t lost = 0, gained = 0;
    o = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, b) {
      if (!cJSON_IsString(e) || json_has(legal, e->valuestring))
        continue;
      lost++;
      /* why, now: the constraints violated at that point */
      const char *why = "";
      char vbuf[256] = "";
      cJSON_ArrayForEach(pt, pts) {
        const char *h = cJSON_GetStringValue(
            cJSON_GetObjectItemCaseSensitive(pt, "hook"));
        if (!h || strcmp(h, e->valuestring))
          continue;
        const cJSON *v, *vs = cJSON_GetObjectItemCaseSensitive(pt, "violated");
        size_t vo = 0;
        cJSON_ArrayForEach(v, vs) if (cJSON_IsString(v) && vo < sizeof vbuf)
            vo += (size_t)snprintf(vbuf + vo, sizeof vbuf - vo, "%s%s",
                                   vo ? " " : "", v->valuestring);
        why = vbuf;
      }
      if (o < sizeof line)
        o += (size_t)snprintf(line + o, sizeof line - o, "%s%s%s%s%s",
                              o ? ", " : "", e->valuestring,
                              why[0] ? " (" : "", why, why[0] ? ")" : "");
    }
    cJSON_ArrayForEach(e, legal) if (!json_has(b, e->valuestring)) gained++;
    if (lost) {
      (*flips)++;
      printf("  where %s: FLIP: the window %s: no longer legal: %s\n",
             placement, cJSON_GetArraySize(legal) ? "narrowed" : "emptied",
             line);
      if (!jc->kind) {
        jc->kind = "failure";
        jc->type = "where-flip";
        jc->msg = bc_xasprintf("the window %s: no longer legal: %s",
                               cJSON_GetArraySize(legal) ? "narrowed"
                                                         : "emptied",
                               line);
      }
      exit = bc_exit_worse(exit, BC_EXIT_UNEXPECTED);
    }
    if (gained)
      printf("  where %s: %zu point%s legal that %s not\n", placement,
             gained, gained == 1 ? " is" : "s are",
             gained == 1 ? "was" : "were");
    if (!lost && !gained)
      printf("  where %s: the legal points are those of the baseline\n",
             placement);
    cJSON_Delete(b);
  }
  free(blegal);
  ret->legal = cJSON_PrintUnformatted(legal);
  ret->windows = cJSON_PrintUnformatted(wj);
  ret->report = doc ? doc : bc_xstrdup("{}");
  cJSON_Delete(legal);
  cJSON_Delete(wj);
  cJSON_Delete(d);
  (void)bexit;
  return exit;
}

/*
** Check one spec with one set of -D values, compare, print, record.
** Returns its exit status (enum bc_exit).
*/
static int regress_one(struct regress *rg, const char *path,
                       const struct bc_define *defs, size_t ndefs) {
  const struct bc_cli_args *a = rg->a;
  struct bc_check ck;
  /* explore: all in memory; nothing touches the database until the end */
  bc_check(path, defs, ndefs, &a->co, &ck);
  char given[512] = "";
  for (size_t i = 0, n = 0; i < ndefs && n < sizeof given; i++)
    n += (size_t)snprintf(given + n, sizeof given - n, " -D %s=%s",
                          defs[i].name, defs[i].value);
  if (!ck.p) {
    int rc = regress_error(rg, path, given, &ck);
    bc_check_release(&ck);
    return rc;
  }
  const struct bc_program *p = ck.p;
  size_t *order = bc_xcalloc(p->nconstraints + 1, sizeof *order);
  struct bc_spec_id id;
  /* a bad --placement or --columns: nothing checked, nothing recorded */
  if ((ck.exit == BC_EXIT_USAGE && !ck.ncfg) ||
      !bc_cli_column_order(p, a->columns, order) ||
      bc_spec_identify(path, true, &id) != 0) {
    free(order);
    bc_check_release(&ck);
    return BC_EXIT_USAGE;
  }
  char *defines = bc_cli_defines_json(p);
  char defs_text[256];
  bc_cli_defines_text(defines, defs_text, sizeof defs_text);
  struct bc_report_opts ro;
  memset(&ro, 0, sizeof ro);
  ro.ascii = a->ascii;
  ro.no_timing = true;
  ro.order = order;

  /* the baseline */
  struct bc_db_run base;
  memset(&base, 0, sizeof base);
  cJSON *base_doc = NULL;
  bool have_base = false;
  int rc = BC_EXIT_OK;
  int64_t base_id = rg->base_id;
  printf("== %s (%s)%s\n", path, p->spec_name, defs_text);
  if (rg->mode == BC_BASE_LATEST) {
    int f = bc_db_find_baseline(rg->db, id.key, defines, &base_id);
    if (f == BC_DB_ERROR) {
      fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(rg->db));
      rc = BC_EXIT_INTERNAL;
    }
    have_base = f == 0;
  } else if (rg->mode == BC_BASE_RUN) {
    have_base = true;
  }
  if (have_base && rc == BC_EXIT_OK) {
    int l = bc_db_load(rg->db, base_id, true, &base);
    if (l != 0) {
      fprintf(stderr, "bootcheck: %s\n", bc_db_errmsg(rg->db));
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
  } else if (rg->mode == BC_BASE_EXPECT) {
    printf("  baseline: the spec's expect lines\n");
  } else if (rc == BC_EXIT_OK) {
    printf("  baseline: none (no earlier passing run of %s%s)\n", id.key,
           defs_text);
  }

  struct bc_verdicts v;
  memset(&v, 0, sizeof v);
  if (rc == BC_EXIT_OK) {
    bc_compare(&ck, have_base ? base_doc : NULL, rg->mode, stdout, &ro, &v);
    /* the check's own exit, except that a violation is judged by the
    ** comparison */
    int exit = ck.exit == BC_EXIT_UNEXPECTED ? BC_EXIT_OK : ck.exit;
    if (v.failed)
      exit = bc_exit_worse(exit, BC_EXIT_UNEXPECTED);
    ck.exit = exit;
    char cfg[512];
    for (size_t r = 0; r < ck.ncfg; r++)
      if (ck.cfg[r].run.stop == BC_STOP_ERROR) {
        bc_config_name(p, ck.cfg[r].run.choice, cfg, sizeof cfg);
        printf("  %s: runtime error at %s:%u: %s\n", cfg, p->path,
               ck.cfg[r].run.errline, ck.cfg[r].run.errmsg);
      }

    /* regress --where: the legal points, against the baseline's */
    struct bc_db_where wr[16];
    struct where_case wc[16];
    size_t nwr = 0;
    unsigned wflips = 0;
    for (size_t i = 0; i < a->nwheres; i++) {
      int wexit = regress_where(rg, path, p, defs, ndefs, a->wheres[i],
                                have_base ? base.id : 0, &wr[nwr], &wc[nwr],
                                &wflips);
      if (wexit < 0)
        continue; /* not a placement of this spec */
      nwr++;
      exit = bc_exit_worse(exit, wexit);
    }
    ck.exit = exit;

    int64_t run_id = 0;
    bool recorded =
        bc_cli_record(rg->db, "regress", &ck, &id, a,
                      rg->mode == BC_BASE_EXPECT ? "expect"
                      : have_base                ? "run"
                                                 : NULL,
                      have_base ? base.id : 0, v.cells, wr, nwr,
                      &run_id) == 0;

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
    if (!v.changed && !v.failed && (have_base || rg->mode == BC_BASE_EXPECT))
      n += snprintf(summary + n, sizeof summary - (size_t)n,
                    "; no verdict changed (%zu cells)", v.ncfg * v.ncons);
    if (a->nwheres)
      n += snprintf(summary + n, sizeof summary - (size_t)n,
                    "; %u where flip%s", wflips, wflips == 1 ? "" : "s");
    if (recorded)
      snprintf(summary + n, sizeof summary - (size_t)n,
               "; recorded as run %" PRId64, run_id);
    printf("  %s\n", summary);

    if (a->junit) {
      char name[512];
      snprintf(name, sizeof name, "%s%s", path, defs_text);
      struct bc_junit_suite *s = bc_junit_add(&rg->ju, name);
      s->seconds = ck.seconds;
      char *body = NULL, *props = NULL;
      size_t bl = 0, pl = 0;
      FILE *bm = open_memstream(&body, &bl), *pm = open_memstream(&props, &pl);
      char buf[512];
      bc_junit_prop(pm, "spec", path);
      bc_junit_prop(pm, "spec_sha256", ck.sha256);
      bc_junit_prop(pm, "git_commit", id.commit);
      if (recorded) {
        snprintf(buf, sizeof buf, "%" PRId64, run_id);
        bc_junit_prop(pm, "run", buf);
      }
      if (rg->mode == BC_BASE_EXPECT)
        snprintf(buf, sizeof buf, "expect lines");
      else if (have_base)
        describe_run(&base, buf, sizeof buf);
      else
        snprintf(buf, sizeof buf, "none");
      bc_junit_prop(pm, "baseline", buf);
      bc_junit_check(s, bm, &ck, &v, rg->mode, &ro);
      if (exit == BC_EXIT_USAGE && !ck.ncfg)
        bc_junit_case(s, bm, path, "check", 0, "error", "runtime-error",
                      "the check stopped", NULL, NULL);
      /* regress --where: one test case per placement, failed by a flip */
      for (size_t i = 0; i < nwr; i++) {
        char cls[640];
        snprintf(cls, sizeof cls, "%s.where", p->spec_name);
        bc_junit_case(s, bm, cls, wr[i].placement, wc[i].seconds, wc[i].kind,
                      wc[i].type, wc[i].msg, NULL, wc[i].out);
      }
      fclose(bm);
      fclose(pm);
      s->body = body;
      s->props = props;
    }
    if (!recorded)
      exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
    rc = exit;
    for (size_t i = 0; i < nwr; i++) {
      free((char *)wr[i].legal);
      free((char *)wr[i].windows);
      free((char *)wr[i].report);
      free(wc[i].msg);
      free(wc[i].out);
    }
  }
  bc_verdicts_release(&v);
  cJSON_Delete(base_doc);
  if (base.spec_key)
    bc_db_run_release(&base);
  free(defines);
  free(order);
  bc_spec_id_release(&id);
  bc_check_release(&ck);
  return rc;
}

/* Open the history database for writing, creating its folder. */
static struct bc_db *open_write(const char *path) {
  struct bc_db *db;
  char err[1024];
  if (bc_mkdir_parents(path) != 0)
    return NULL;
  if (bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    return NULL;
  }
  return db;
}

struct bc_db *bc_cli_open_db(const char *opt, const char *spec, bool lazy,
                             char **ret_path) {
  struct bc_spec_id first;
  *ret_path = NULL;
  if (bc_spec_identify(spec, false, &first) != 0)
    return NULL;
  char *path = bc_db_path(opt, first.root);
  bc_spec_id_release(&first);
  struct stat st;
  if (lazy && stat(path, &st) != 0 && errno == ENOENT) {
    /* a spec error must not leave an empty database behind */
    if (bc_mkdir_parents(path) != 0 || bc_cli_db_usable(path) != 0) {
      free(path);
      return NULL;
    }
    *ret_path = path;
    return NULL;
  }
  struct bc_db *db = open_write(path);
  free(path);
  return db;
}

int bc_cmd_regress(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_REGRESS, regress_help, &a, &early))
    return early;
  struct regress rg;
  memset(&rg, 0, sizeof rg);
  rg.a = &a;
  rg.mode = BC_BASE_LATEST;
  if (a.baseline && !strcmp(a.baseline, "expect")) {
    rg.mode = BC_BASE_EXPECT;
  } else if (a.baseline && strcmp(a.baseline, "latest")) {
    char *end;
    errno = 0;
    long long n = strtoll(a.baseline, &end, 10);
    if (errno || *end || end == a.baseline || n <= 0) {
      fprintf(stderr, "bootcheck: --baseline takes latest, expect or a run "
                      "number, not '%s'\n", a.baseline);
      bc_cli_args_release(&a);
      return BC_EXIT_USAGE;
    }
    if (a.noperands > 1) {
      fprintf(stderr, "bootcheck: --baseline RUN compares one SPEC\n");
      bc_cli_args_release(&a);
      return BC_EXIT_USAGE;
    }
    rg.mode = BC_BASE_RUN;
    rg.base_id = n;
  }
  a.co.eo.progress = !a.quiet && isatty(STDERR_FILENO);

  /* open the database before the (possibly long) checks: a file we cannot
  ** use is reported at once */
  struct bc_spec_id first;
  if (bc_spec_identify(a.operands[0], false, &first) != 0) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  char *path = bc_db_path(a.db, first.root);
  bc_spec_id_release(&first);
  if (bc_cli_refuse_output("--junit", a.junit,
                           (const char *const *)a.operands, a.noperands,
                           path) ||
      bc_cli_refuse_output("--db", path, (const char *const *)a.operands,
                           a.noperands, NULL)) {
    free(path);
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  rg.db = open_write(path);
  if (!rg.db) {
    free(path);
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  int rc = BC_EXIT_OK;
  unsigned failed = 0, nchecks = 0;
  bc_cli_catch_signals();
  for (size_t i = 0; i < a.noperands && !bc_explore_signal; i++) {
    /* the command line's -D, and the spec's own `sweep` lines */
    struct bc_define defs[64], one[64];
    char *vals[64] = {0};
    size_t ndefs = bc_spec_sweep(a.operands[i], a.defs, a.ndefs, defs);
    struct bc_sweep sw;
    if (!bc_sweep_init(&sw, defs, ndefs)) {
      rc = bc_exit_worse(rc, BC_EXIT_USAGE);
      sw.ncombo = 0;
    }
    for (size_t k = 0; k < sw.ncombo && !bc_explore_signal; k++) {
      bc_sweep_combo(&sw, k, one, vals);
      int r = regress_one(&rg, a.operands[i], one, ndefs);
      failed += r != BC_EXIT_OK;
      nchecks++;
      rc = bc_exit_worse(rc, r);
      fflush(stdout);
    }
    for (size_t d = 0; d < ndefs; d++) {
      free(vals[d]);
      free((char *)defs[d].name);
      free((char *)defs[d].value);
    }
  }
  if (bc_explore_signal) /* checks left out */
    rc = bc_exit_worse(rc, BC_EXIT_INTERNAL);
  printf("regress: %zu spec%s", a.noperands, a.noperands == 1 ? "" : "s");
  if (nchecks != a.noperands)
    printf(", %u checks (-D sweeps)", nchecks);
  printf(", %u not ok; history in %s\n", failed, path);
  if (a.junit && bc_junit_write(&rg.ju, a.junit) != 0)
    rc = bc_exit_worse(rc, BC_EXIT_INTERNAL);
  bc_junit_release(&rg.ju);
  bc_db_close(rg.db);
  free(path);
  bc_cli_args_release(&a);
  return rc;
}

/* ------------------------------------------------ history */

static const char history_help[] =
    "usage: bootcheck history SPEC [--db FILE]\n"
    "\n"
    "List the recorded runs of SPEC, oldest first, one line each (at most\n"
    "100 columns; `show RUN` has the rest): run number, time (UTC),\n"
    "command, git commit (+ when the spec differed from it), outcome, flips\n"
    "against the baseline (failing/all), -D values and the violated cells\n"
    "(configuration{constraints}).\n";

static int history_line(void *ctx, const struct bc_db_run *r) {
  unsigned *n = ctx;
  if ((*n)++ == 0)
    printf("%4s  %-16s  %-7s  %-9s  %-10s  %-5s  %s\n", "run",
           "recorded (UTC)", "command", "commit", "outcome", "flips",
           "-D, violated");
  char commit[16] = "-", defs[256], flips[32] = "-", line[512], when[20];
  snprintf(when, sizeof when, "%.16s", r->recorded_at); /* to the minute */
  if (when[10] == 'T')
    when[10] = ' ';
  if (r->git_commit)
    snprintf(commit, sizeof commit, "%.8s%s", r->git_commit,
             r->git_dirty == 1 ? "+" : "");
  bc_cli_defines_text(r->defines, defs, sizeof defs);
  if (r->baseline_kind)
    snprintf(flips, sizeof flips, "%" PRId64 "/%" PRId64, r->nfailed,
             r->nflips);
  int w = snprintf(line, sizeof line,
                   "%4" PRId64 "  %-16s  %-7s  %-9s  %-10s  %-5s  %s%s%s",
                   r->id, when, r->command, commit, r->outcome,
                   flips, *defs ? defs + 1 : "", *defs ? "  " : "",
                   *r->violated ? r->violated : "(none)");
  if (w > 100) /* the line fits 100 columns; show RUN has it all */
    snprintf(line + 96, sizeof line - 96, "...");
  printf("%s\n", line);
  return 0;
}

int bc_cmd_history(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_HISTORY, history_help, &a, &early))
    return early;
  struct bc_spec_id id;
  if (bc_spec_identify(a.operands[0], false, &id) != 0) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  char *path = bc_db_path(a.db, id.root);
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
  bc_spec_id_release(&id);
  bc_cli_args_release(&a);
  return rc;
}

/* ------------------------------------------------ show */

static const char show_help[] =
    "usage: bootcheck show RUN|latest [--db FILE] [--format FORMAT] "
    "[--ascii]\n"
    "\n"
    "Print a recorded run as `bootcheck check --no-timing` printed it, byte\n"
    "for byte, without checking again: text (the default; --ascii for\n"
    "ok/FAIL), json or markdown. The default database is $BOOTCHECK_DB,\n"
    "else bootcheck.db at the top of the current git repository, else in\n"
    "the current directory.\n";

int bc_cmd_show(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_SHOW, show_help, &a, &early))
    return early;
  int64_t id = 0;
  bool latest = !strcmp(a.operands[0], "latest");
  if (!latest) {
    char *end;
    errno = 0;
    long long n = strtoll(a.operands[0], &end, 10);
    if (errno || *end || end == a.operands[0] || n <= 0) {
      fprintf(stderr, "bootcheck: RUN is a run number or 'latest', not "
                      "'%s'\n", a.operands[0]);
      bc_cli_args_release(&a);
      return BC_EXIT_USAGE;
    }
    id = n;
  }
  char *path = bc_db_path(a.db, NULL);
  struct bc_db *db;
  char err[1024];
  int rc = BC_EXIT_OK;
  if (bc_db_open(path, BC_DB_READ, &db, err, sizeof err) != 0) {
    fprintf(stderr, "bootcheck: %s\n", err);
    free(path);
    bc_cli_args_release(&a);
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
    enum bc_db_rendering f = BC_DB_TEXT;
    if (a.format && !strcmp(a.format, "json"))
      f = BC_DB_JSON;
    else if (a.format && !strcmp(a.format, "markdown"))
      f = BC_DB_MARKDOWN;
    else if (a.ascii || !bc_cli_utf8_locale()) /* as check chooses */
      f = BC_DB_TEXT_ASCII;
    if (r.rendering[f] && f == BC_DB_JSON) {
      bc_out_raw(stdout, r.rendering[f]); /* JSON: escaped as JSON */
    } else if (r.rendering[f]) {
      fputs(r.rendering[f], stdout);
    } else if (f == BC_DB_JSON && r.report) {
      bc_out_raw(stdout, r.report); /* recorded before renderings were kept */
      fputc('\n', stdout);
    } else {
      fprintf(stderr, "bootcheck: %s: run %" PRId64 " was recorded by "
                      "bootcheck %s, which kept only its JSON document; "
                      "use --format json\n", path, id, r.version);
      rc = BC_EXIT_USAGE;
    }
    bc_db_run_release(&r);
  }
  bc_db_close(db);
  free(path);
  bc_cli_args_release(&a);
  return rc;
}
