/*
** report.c - the verdict matrix, counterexample traces and JSON output.
*/
#include "report.h"

#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "compile_int.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void bc_inst_name(const struct bc_program *p, unsigned inst, char *buf,
                  size_t len) {
  const struct bc_inst *in = &p->insts[inst];
  const struct bc_proc *pr = &p->procs[in->proc];
  if (pr->family)
    snprintf(buf, len, "%s[%" PRId64 "]", pr->name, in->self);
  else
    snprintf(buf, len, "%s", pr->name);
}

/* Hidden variables (program counters, history bits) are not shown in
** diffs: the step labels already say where each process is. */
static bool shown(const struct bc_var *v) { return v->kind == BC_VAR_USER; }

static void value_text(const struct bc_program *p, const uint8_t *s, size_t i,
                       size_t e, char *buf, size_t len) {
  const struct bc_var *v = &p->vars[i];
  bc_value_format(p, &v->type, bc_state_get(p, s, i, e), buf, len);
}

static void print_changes(FILE *out, const struct bc_program *p,
                          const uint8_t *a, const uint8_t *b) {
  char name[256], v1[512], v2[512];
  for (size_t i = 0; i < p->nvars; i++) {
    if (!shown(&p->vars[i]))
      continue;
    for (size_t e = 0; e < p->vars[i].nelems; e++) {
      if (bc_state_get(p, a, i, e) == bc_state_get(p, b, i, e))
        continue;
      bc_var_elem_name(p, i, e, name, sizeof name);
      value_text(p, a, i, e, v1, sizeof v1);
      value_text(p, b, i, e, v2, sizeof v2);
      fprintf(out, "       %s: %s -> %s\n", name, v1, v2);
    }
  }
}

static void print_trace(FILE *out, const struct bc_program *p,
                        const struct bc_trace *t) {
  size_t nb = p->state_bytes;
  char who[128];
  for (size_t i = 0; i < t->len; i++) {
    bc_inst_name(p, t->steps[i].inst, who, sizeof who);
    fprintf(out, "  %2zu  %-10s %s\n", i + 1, who,
            p->steps[t->steps[i].step].label);
    print_changes(out, p, t->states + i * nb, t->states + (i + 1) * nb);
  }
}

static const char *mark(enum bc_verdict v, bool ascii) {
  switch (v) {
  case BC_HOLDS:
    return ascii ? "ok" : "\xe2\x9c\x93";
  case BC_VIOLATED:
    return ascii ? "FAIL" : "\xe2\x9c\x97";
  default:
    return "?";
  }
}

static const char *stop_text(enum bc_stop s) {
  switch (s) {
  case BC_STOP_EXHAUSTED:
    return "every reachable state explored";
  case BC_STOP_DECIDED:
    return "stopped: every constraint has a verdict";
  case BC_STOP_FIRST:
    return "stopped at the first violation";
  case BC_STOP_MAX_STATES:
    return "INCOMPLETE: --max-states reached";
  case BC_STOP_MEMORY:
    return "INCOMPLETE: out of memory (--max-memory)";
  case BC_STOP_TIME:
    return "INCOMPLETE: --time-limit reached";
  case BC_STOP_ERROR:
    return "stopped by a runtime error in the spec";
  }
  return "?";
}

static const char *stop_name(enum bc_stop s) {
  switch (s) {
  case BC_STOP_EXHAUSTED:
    return "exhausted";
  case BC_STOP_DECIDED:
    return "decided";
  case BC_STOP_FIRST:
    return "first-violation";
  case BC_STOP_MAX_STATES:
    return "max-states";
  case BC_STOP_MEMORY:
    return "memory";
  case BC_STOP_TIME:
    return "time-limit";
  case BC_STOP_ERROR:
    return "runtime-error";
  }
  return "?";
}

void bc_report_text(FILE *out, const struct bc_program *p,
                    const struct bc_run *runs, size_t nruns,
                    const struct bc_report_opts *o) {
  char cfg[256];
  fprintf(out, "%s", p->spec_name);
  if (p->spec_title && *p->spec_title)
    fprintf(out, ": %s", p->spec_title);
  fprintf(out, "\n%s", p->path);
  for (size_t i = 0; i < p->nconsts; i++) {
    if (p->consts[i].is_bool)
      fprintf(out, "  %s=%s", p->consts[i].name,
              p->consts[i].value ? "true" : "false");
    else
      fprintf(out, "  %s=%" PRId64, p->consts[i].name, p->consts[i].value);
  }
  fprintf(out, "\n\n");

  /* the matrix */
  size_t w = 9;
  for (size_t r = 0; r < nruns; r++) {
    bc_config_name(p, runs[r].choice, cfg, sizeof cfg);
    if (strlen(cfg) > w)
      w = strlen(cfg);
  }
  fprintf(out, "%-*s", (int)w + 2, p->nplacements ? "placement" : "");
  for (size_t c = 0; c < p->nconstraints; c++)
    fprintf(out, "%-*s", (int)(strlen(p->constraints[c].id) > 4
                                   ? strlen(p->constraints[c].id) + 2 : 6),
            p->constraints[c].id);
  fprintf(out, "%10s  %s\n", "states", "result");
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    fprintf(out, "%-*s", (int)w + 2, cfg);
    for (size_t c = 0; c < p->nconstraints; c++) {
      const char *m = mark(run->res[c].verdict, o->ascii);
      int cw = (int)(strlen(p->constraints[c].id) > 4
                         ? strlen(p->constraints[c].id) + 2 : 6);
      /* UTF-8 marks are one column wide but three bytes long */
      int pad = cw - (int)(o->ascii || run->res[c].verdict == BC_UNKNOWN
                               ? strlen(m) : 1);
      fprintf(out, "%s%*s", m, pad > 0 ? pad : 0, "");
    }
    bool has;
    bool ok = bc_run_as_expected(p, run, &has);
    const char *res = run->stop == BC_STOP_ERROR ? "ERROR"
                      : !run->complete          ? "INCOMPLETE"
                      : ok ? (has ? "as expected" : "no violation")
                           : (has ? "UNEXPECTED" : "VIOLATION");
    fprintf(out, "%10" PRIu64 "  %s\n", run->stats.distinct, res);
  }
  fprintf(out, "\n");
  for (size_t c = 0; c < p->nconstraints; c++)
    fprintf(out, "  %-8s %s\n", p->constraints[c].id,
            p->constraints[c].title);

  /* traces */
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    for (size_t c = 0; c < p->nconstraints; c++) {
      const struct bc_cresult *res = &run->res[c];
      const struct bc_constraint *k = &p->constraints[c];
      if (res->verdict != BC_VIOLATED)
        continue;
      fprintf(out, "\n%s: %s violated: %s\n", cfg, k->id, k->title);
      if (res->trace) {
        print_trace(out, p, res->trace);
        if (res->trace->on_step)
          fprintf(out, "  => %s (%s) fails on step %zu\n", k->id, k->text,
                  res->trace->len);
        else if (k->kind == BC_CK_DEADLOCK)
          fprintf(out, "  => no process can move after step %zu\n",
                  res->trace->len);
        else
          fprintf(out, "  => %s (%s) is false after step %zu\n", k->id,
                  k->text, res->trace->len);
      } else if (res->note) {
        fprintf(out, "  %s\n", res->note);
      }
    }
    if (run->stop == BC_STOP_ERROR) {
      fprintf(out, "\n%s: %s:%u: runtime error: %s\n", cfg, p->path,
              run->errline, run->errmsg);
      if (run->errtrace) {
        print_trace(out, p, run->errtrace);
        if (run->errtrace->error_step) {
          char who[128];
          bc_inst_name(p, run->errtrace->err_step.inst, who, sizeof who);
          fprintf(out, "  %2zu  %-10s %s   <- fails here\n",
                  run->errtrace->len + 1, who,
                  p->steps[run->errtrace->err_step.step].label);
        }
      }
    }
  }
  fprintf(out, "\n");
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    fprintf(out, "%s: %" PRIu64 " states, %" PRIu64 " generated, depth %"
                 PRIu64 ", %.2f s, %s\n",
            cfg, run->stats.distinct, run->stats.generated,
            run->stats.diameter, run->stats.seconds, stop_text(run->stop));
    if (run->fingerprint_only)
      fprintf(out, "  fingerprint-only: P(a state was missed by a hash "
                   "collision) <= %.3g\n", run->stats.collision_bound);
  }
}

/* ----------------------------------------------------------- JSON */

static cJSON *trace_json(const struct bc_program *p, const struct bc_trace *t) {
  cJSON *o = cJSON_CreateObject();
  cJSON_AddNumberToObject(o, "length", (double)t->len);
  cJSON_AddStringToObject(o, "ends", t->on_step ? "on_step" : "in_state");
  cJSON *steps = cJSON_AddArrayToObject(o, "steps");
  size_t nb = p->state_bytes;
  char buf[512], v1[512], v2[512];
  for (size_t i = 0; i < t->len; i++) {
    cJSON *s = cJSON_CreateObject();
    const struct bc_inst *in = &p->insts[t->steps[i].inst];
    const struct bc_proc *pr = &p->procs[in->proc];
    cJSON_AddNumberToObject(s, "index", (double)(i + 1));
    cJSON_AddStringToObject(s, "process", pr->name);
    if (pr->family)
      cJSON_AddNumberToObject(s, "instance", (double)in->self);
    else
      cJSON_AddNullToObject(s, "instance");
    cJSON_AddStringToObject(s, "label", p->steps[t->steps[i].step].label);
    cJSON *ch = cJSON_AddArrayToObject(s, "changes");
    const uint8_t *a = t->states + i * nb, *b = t->states + (i + 1) * nb;
    for (size_t vi = 0; vi < p->nvars; vi++) {
      if (!shown(&p->vars[vi]))
        continue;
      for (size_t e = 0; e < p->vars[vi].nelems; e++) {
        if (bc_state_get(p, a, vi, e) == bc_state_get(p, b, vi, e))
          continue;
        cJSON *c = cJSON_CreateObject();
        bc_var_elem_name(p, vi, e, buf, sizeof buf);
        value_text(p, a, vi, e, v1, sizeof v1);
        value_text(p, b, vi, e, v2, sizeof v2);
        cJSON_AddStringToObject(c, "var", buf);
        cJSON_AddStringToObject(c, "before", v1);
        cJSON_AddStringToObject(c, "after", v2);
        cJSON_AddItemToArray(ch, c);
      }
    }
    cJSON_AddItemToArray(steps, s);
  }
  return o;
}

static const char *ckind_json(enum bc_ckind k) {
  switch (k) {
  case BC_CK_ALWAYS:
    return "always";
  case BC_CK_AT:
    return "at";
  case BC_CK_BEFORE:
    return "before";
  case BC_CK_DEADLOCK:
    return "deadlock";
  case BC_CK_REACHABLE:
    return "reachable";
  case BC_CK_EVENTUALLY:
    return "eventually";
  case BC_CK_VIOLATIONS:
    return "violations";
  }
  return "?";
}

char *bc_report_json(const struct bc_program *p, const struct bc_run *runs,
                     size_t nruns) {
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "format_version", 1);
  cJSON_AddStringToObject(root, "bootcheck", bc_version());
  cJSON *spec = cJSON_AddObjectToObject(root, "spec");
  cJSON_AddStringToObject(spec, "name", p->spec_name);
  cJSON_AddStringToObject(spec, "title", p->spec_title);
  cJSON_AddStringToObject(spec, "file", p->path);
  cJSON_AddNumberToObject(spec, "state_bytes", (double)p->state_bytes);
  cJSON *consts = cJSON_AddObjectToObject(spec, "constants");
  for (size_t i = 0; i < p->nconsts; i++) {
    if (p->consts[i].is_bool)
      cJSON_AddBoolToObject(consts, p->consts[i].name, p->consts[i].value != 0);
    else
      cJSON_AddNumberToObject(consts, p->consts[i].name,
                              (double)p->consts[i].value);
  }
  cJSON *cons = cJSON_AddArrayToObject(root, "constraints");
  for (size_t c = 0; c < p->nconstraints; c++) {
    cJSON *k = cJSON_CreateObject();
    cJSON_AddStringToObject(k, "id", p->constraints[c].id);
    cJSON_AddStringToObject(k, "title", p->constraints[c].title);
    cJSON_AddStringToObject(k, "kind", ckind_json(p->constraints[c].kind));
    cJSON_AddItemToArray(cons, k);
  }
  cJSON *cfgs = cJSON_AddArrayToObject(root, "configurations");
  char name[256];
  for (size_t r = 0; r < nruns; r++) {
    const struct bc_run *run = &runs[r];
    cJSON *o = cJSON_CreateObject();
    bc_config_name(p, run->choice, name, sizeof name);
    cJSON_AddStringToObject(o, "name", name);
    cJSON *b = cJSON_AddObjectToObject(o, "bindings");
    for (size_t i = 0; i < p->nplacements; i++) {
      const struct bc_placement *pl = &p->placements[i];
      cJSON_AddStringToObject(b, pl->name,
                              p->hooks[pl->hooks[run->choice[i]]].name);
    }
    bool has;
    bool ok = bc_run_as_expected(p, run, &has);
    cJSON_AddBoolToObject(o, "complete", run->complete);
    cJSON_AddStringToObject(o, "stop", stop_name(run->stop));
    cJSON_AddBoolToObject(o, "has_expect", has);
    cJSON_AddBoolToObject(o, "as_expected", ok);
    cJSON *arr = cJSON_AddArrayToObject(o, "constraints");
    for (size_t c = 0; c < p->nconstraints; c++) {
      const struct bc_cresult *res = &run->res[c];
      cJSON *k = cJSON_CreateObject();
      cJSON_AddStringToObject(k, "id", p->constraints[c].id);
      cJSON_AddStringToObject(k, "status", bc_verdict_name(res->verdict));
      if (res->trace)
        cJSON_AddItemToObject(k, res->verdict == BC_VIOLATED ? "trace"
                                                             : "witness",
                              trace_json(p, res->trace));
      else
        cJSON_AddNullToObject(k, "trace");
      if (res->note)
        cJSON_AddStringToObject(k, "note", res->note);
      cJSON_AddItemToArray(arr, k);
    }
    if (run->stop == BC_STOP_ERROR) {
      cJSON *e = cJSON_AddObjectToObject(o, "error");
      cJSON_AddStringToObject(e, "message", run->errmsg);
      cJSON_AddNumberToObject(e, "line", run->errline);
      if (run->errtrace)
        cJSON_AddItemToObject(e, "trace", trace_json(p, run->errtrace));
    }
    cJSON *st = cJSON_AddObjectToObject(o, "stats");
    cJSON_AddNumberToObject(st, "generated", (double)run->stats.generated);
    cJSON_AddNumberToObject(st, "distinct", (double)run->stats.distinct);
    cJSON_AddNumberToObject(st, "diameter", (double)run->stats.diameter);
    cJSON_AddNumberToObject(st, "queue", (double)run->stats.queue);
    cJSON_AddNumberToObject(st, "seconds", run->stats.seconds);
    cJSON_AddNumberToObject(st, "states_per_s", run->stats.states_per_s);
    cJSON_AddNumberToObject(st, "peak_rss", (double)run->stats.peak_rss);
    cJSON_AddNumberToObject(st, "store_bytes", (double)run->stats.store_bytes);
    cJSON_AddNumberToObject(st, "bytes_per_state", run->stats.bytes_per_state);
    cJSON_AddBoolToObject(st, "fingerprint_only", run->fingerprint_only);
    cJSON_AddNumberToObject(st, "collision_bound", run->stats.collision_bound);
    cJSON_AddItemToArray(cfgs, o);
  }
  char *txt = cJSON_Print(root);
  cJSON_Delete(root);
  char *copy = bc_xstrdup(txt ? txt : "{}");
  cJSON_free(txt);
  return copy;
}
