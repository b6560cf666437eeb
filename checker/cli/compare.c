/*
** compare.c - regress's comparison of a check with its baseline: the
** latest passing run (or a given one) from the history, or the spec's
** expect lines. Works on the check's result and the baseline's stored
** JSON document; prints the flips with the counterexamples as `check`
** prints them.
*/
#include "cli/cli_int.h"

#include "bootcheck/arena.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *jstr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : "";
}

/* The status of constraint 'id' in configuration 'cfg' of a document, or
** NULL when the document has no such cell. */
static const char *doc_status(const cJSON *doc, const char *cfg,
                              const char *id) {
  const cJSON *c, *k;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc,
                                                         "configurations")) {
    if (strcmp(jstr(c, "name"), cfg))
      continue;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(c, "constraints"))
      if (!strcmp(jstr(k, "id"), id))
        return jstr(k, "status");
    return NULL;
  }
  return NULL;
}

/* Does the check have the cell (cfg, id)? */
static bool has_cell(const struct bc_check *ck, const char *cfg,
                     const char *id) {
  char name[512];
  for (size_t r = 0; r < ck->ncfg; r++) {
    bc_config_name(ck->p, ck->cfg[r].run.choice, name, sizeof name);
    if (strcmp(name, cfg))
      continue;
    for (size_t c = 0; c < ck->p->nconstraints; c++)
      if (!strcmp(ck->p->constraints[c].id, id))
        return true;
  }
  return false;
}

const char *bc_shout(const char *status) {
  if (!status)
    return "(none)";
  return strcmp(status, "violated") ? status : "VIOLATED";
}

void bc_compare(const struct bc_check *ck, const struct cJSON *base,
                enum bc_baseline_mode mode, FILE *out,
                const struct bc_report_opts *ro, struct bc_verdicts *v) {
  const struct bc_program *p = ck->p;
  v->ncfg = ck->ncfg;
  v->ncons = p->nconstraints;
  v->cells = bc_xcalloc(v->ncfg * v->ncons + 1, sizeof *v->cells);
  v->expected = bc_xcalloc(v->ncfg * v->ncons + 1, sizeof *v->expected);
  v->msg = bc_xcalloc(v->ncfg * v->ncons + 1, sizeof *v->msg);
  char cfg[512];
  for (size_t r = 0; r < ck->ncfg; r++) {
    const struct bc_run *run = &ck->cfg[r].run;
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    for (size_t ci = 0; ci < p->nconstraints; ci++) {
      size_t at = r * v->ncons + ci;
      const char *now = bc_verdict_name(run->res[ci].verdict);
      const char *id = p->constraints[ci].id;
      const char *exp = bc_expected_status(p, run->choice, ci);
      v->expected[at] = exp;
      const char *was;
      bool into = false, fail = false, unmet = false, expected_flip = false;
      if (mode == BC_BASE_EXPECT) {
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
      v->changed += changed;
      v->new_cells += base && !was && mode != BC_BASE_EXPECT;
      v->flips_into += into && !expected_flip;
      v->to_unknown += changed && !strcmp(now, "unknown");
      v->fixed += changed && !strcmp(was, "violated") && !strcmp(now, "holds");
      v->unmet += unmet;
      v->failed += fail;
      bool show = changed || fail || (into && !was);
      if (!show)
        continue;
      if (mode == BC_BASE_EXPECT)
        v->msg[at] = bc_xasprintf("%s %s: expected %s -> %s", cfg, id, was,
                                  bc_shout(now));
      else if (!changed && unmet)
        v->msg[at] = bc_xasprintf("%s %s: %s, but the spec expects %s", cfg,
                                  id, bc_shout(now), exp);
      else
        v->msg[at] = bc_xasprintf(
            "%s %s: %s -> %s%s%s", cfg, id, was ? bc_shout(was) : "(new)",
            bc_shout(now),
            expected_flip ? " (as the spec's expect lines say)"
            : unmet       ? ", but the spec expects "
                          : "",
            unmet ? exp : "");
      if (!out)
        continue;
      fprintf(out, "  %s\n", v->msg[at]);
      if (run->res[ci].verdict == BC_VIOLATED) {
        fputc('\n', out);
        bc_report_text_violation(out, p, run, ci, ro);
        fputc('\n', out);
      }
    }
  }
  /* cells of the baseline that the new run does not have */
  if (!base || mode == BC_BASE_EXPECT)
    return;
  const cJSON *c, *k;
  cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(base,
                                                         "configurations")) {
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(c,
                                                           "constraints")) {
      if (has_cell(ck, jstr(c, "name"), jstr(k, "id")))
        continue;
      v->removed++;
      if (out)
        fprintf(out, "  %s %s: %s -> (removed)\n", jstr(c, "name"),
                jstr(k, "id"), bc_shout(jstr(k, "status")));
    }
  }
}

void bc_verdicts_release(struct bc_verdicts *v) {
  for (size_t i = 0; v->msg && i < v->ncfg * v->ncons; i++)
    free(v->msg[i]);
  free(v->msg);
  free(v->cells);
  free((void *)v->expected);
  memset(v, 0, sizeof *v);
}
