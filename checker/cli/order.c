/*
** order.c - `bootcheck order SPEC`: the boot's guaranteed order. For each
** pair of steps, whether one's first run precedes the other's in every
** execution that runs both (checker/explore/order.c computes it), drawn
** as a Hasse diagram: text, Markdown with a Mermaid flowchart, Mermaid,
** Graphviz dot, or JSON (docs/order.md, docs/json.md).
*/
#include "base/memguard.h"
#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "cli/cli_int.h"
#include "explore/order.h"
#include "model/native.h"
#include "report/report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char order_help[] =
    "usage: bootcheck order SPEC [options]\n"
    "\n"
    "The boot's guaranteed order: A -> B when, in every execution that\n"
    "runs both steps, A's first run comes before B's. Printed as a Hasse\n"
    "diagram (orders implied by two others left out; docs/order.md).\n"
    "\n"
    "  -D NAME=VALUE        override a constant (one value each)\n"
    "  --placement LIST     the executions of these configurations (as\n"
    "                       check selects them; 'all': every one); default:\n"
    "                       every hook empty, no placement's block runs\n"
    "  --process P          draw only the steps of these processes\n"
    "                       (repeatable; the order is the whole boot's)\n"
    "  --format FORMAT      text (default), json, markdown (with a Mermaid\n"
    "                       diagram), mermaid or dot (Graphviz)\n"
    "  --output FILE        write to FILE instead of stdout\n"
    "  --no-timing, --max-states N, --max-memory SIZE, --time-limit SECS,\n"
    "  --no-symmetry, --engine E: as for check\n"
    "\n"
    "exit status: 0 the order is known, 2 usage or spec error, 3 a limit\n"
    "or a runtime error stopped the search (the order is then unknown).\n";

struct ord {
  const struct bc_program *p;
  const struct bc_order *o;
  bool *shown;     /* nsteps: drawn (runs, and in a chosen process) */
  bool *chosen;    /* nsteps: in a chosen process */
  size_t *topo;    /* the shown steps, in the diagram's order */
  size_t ntopo;
  size_t *indeg, *outdeg; /* in the Hasse diagram of the shown steps */
  bool *hasse;     /* nsteps * nsteps */
};

static const char *proc_of(const struct bc_program *p, size_t s) {
  return p->procs[p->steps[s].proc].name;
}

static char *step_name(const struct bc_program *p, size_t s) {
  return bc_xasprintf("%s.%s", proc_of(p, s), p->steps[s].label);
}

/* The diagram over the shown steps: a Hasse edge a -> b of the order
** restricted to them (a precedes b, and no shown c lies between). */
static void ord_build(struct ord *d) {
  const struct bc_program *p = d->p;
  size_t n = p->nsteps;
  d->hasse = bc_xcalloc(n * n + 1, sizeof *d->hasse);
  d->indeg = bc_xcalloc(n + 1, sizeof *d->indeg);
  d->outdeg = bc_xcalloc(n + 1, sizeof *d->outdeg);
  size_t *npred = bc_xcalloc(n + 1, sizeof *npred);
  for (size_t a = 0; a < n; a++)
    for (size_t b = 0; b < n; b++) {
      if (!d->shown[a] || !d->shown[b] || !bc_order_precedes(d->o, a, b))
        continue;
      npred[b]++;
      bool direct = true;
      for (size_t c = 0; c < n && direct; c++)
        direct = !(d->shown[c] && bc_order_precedes(d->o, a, c) &&
                   bc_order_precedes(d->o, c, b));
      if (direct) {
        d->hasse[a * n + b] = true;
        d->outdeg[a]++;
        d->indeg[b]++;
      }
    }
  /* the order: fewest predecessors first, then the text's order */
  d->topo = bc_xcalloc(n + 1, sizeof *d->topo);
  for (size_t k = 0; k <= n; k++)
    for (size_t s = 0; s < n; s++)
      if (d->shown[s] && npred[s] == k)
        d->topo[d->ntopo++] = s;
  free(npred);
}

static void ord_release(struct ord *d) {
  free(d->shown);
  free(d->chosen);
  free(d->topo);
  free(d->indeg);
  free(d->outdeg);
  free(d->hasse);
}

/* Does the chain continue from a (its one successor has one
** predecessor)? Returns the successor or SIZE_MAX. */
static size_t chain_next(const struct ord *d, size_t a) {
  size_t n = d->p->nsteps;
  if (d->outdeg[a] != 1)
    return SIZE_MAX;
  for (size_t b = 0; b < n; b++)
    if (d->hasse[a * n + b])
      return d->indeg[b] == 1 ? b : SIZE_MAX;
  return SIZE_MAX;
}

/* Pairs of shown steps that a path of the diagram connects although
** their order is not guaranteed (the relation is not transitive when a
** step between them may not run): counted, and the first one named. */
static size_t not_transitive(const struct ord *d, size_t *ra, size_t *rb) {
  size_t n = d->p->nsteps, count = 0;
  bool *reach = bc_xcalloc(n * n + 1, sizeof *reach);
  for (size_t a = 0; a < n; a++)
    for (size_t b = 0; b < n; b++)
      reach[a * n + b] = d->hasse[a * n + b];
  for (size_t c = 0; c < n; c++)
    for (size_t a = 0; a < n; a++)
      if (reach[a * n + c])
        for (size_t b = 0; b < n; b++)
          reach[a * n + b] |= reach[c * n + b];
  for (size_t a = 0; a < n; a++)
    for (size_t b = 0; b < n; b++)
      if (reach[a * n + b] && !bc_order_precedes(d->o, a, b)) {
        if (!count++) {
          *ra = a;
          *rb = b;
        }
      }
  free(reach);
  return count;
}

static size_t unordered_pairs(const struct ord *d) {
  size_t n = d->p->nsteps, count = 0;
  for (size_t a = 0; a < n; a++)
    for (size_t b = a + 1; b < n; b++)
      if (d->shown[a] && d->shown[b] && !bc_order_precedes(d->o, a, b) &&
          !bc_order_precedes(d->o, b, a))
        count++;
  return count;
}

static size_t nedges(const struct ord *d) {
  size_t e = 0;
  for (size_t s = 0; s < d->p->nsteps; s++)
    e += d->outdeg[s];
  return e;
}

/* ------------------------------------------------------ text */

struct buf {
  char *s;
  size_t n, cap;
};

static void put(struct buf *b, const char *t) {
  size_t k = strlen(t);
  if (b->n + k + 1 > b->cap) {
    b->cap = (b->n + k + 1) * 2;
    b->s = bc_xrealloc(b->s, b->cap);
  }
  memcpy(b->s + b->n, t, k + 1);
  b->n += k;
}

static void what_text(FILE *out, const struct bc_program *p,
                      const char *path, const struct bc_cli_args *a,
                      const char *configs) {
  char defs[1024];
  char *dj = bc_cli_defines_json(p);
  bc_cli_defines_text(dj, defs, sizeof defs);
  free(dj);
  char *line = bc_xasprintf("Guaranteed order of %s (%s%s), %s.", p->spec_name,
                            path, defs, configs);
  bc_report_wrap(out, line, 0, 2, 72);
  free(line);
  (void)a;
}

static void render_text(FILE *out, const struct ord *d, const char *path,
                        const struct bc_cli_args *a, const char *configs) {
  const struct bc_program *p = d->p;
  size_t n = p->nsteps;
  what_text(out, p, path, a, configs);
  char *line = bc_xasprintf(
      "A -> B: every execution that runs both runs A first (first runs). "
      "%zu steps shown, %zu edges (orders that follow from two others are "
      "left out), %zu pair%s with no guaranteed order.",
      d->ntopo, nedges(d), unordered_pairs(d),
      unordered_pairs(d) == 1 ? "" : "s");
  bc_report_wrap(out, line, 0, 0, 72);
  free(line);
  fputc('\n', out);
  bool *done = bc_xcalloc(n + 1, sizeof *done);
  for (size_t k = 0; k < d->ntopo; k++) {
    size_t s = d->topo[k];
    if (done[s])
      continue;
    /* a chain starts at s unless s continues its predecessor's */
    bool head = true;
    for (size_t r = 0; r < n && head; r++)
      if (d->hasse[r * n + s] && chain_next(d, r) == s)
        head = false;
    if (!head)
      continue;
    struct buf b = {0};
    size_t last = s;
    for (size_t c = s; c != SIZE_MAX; c = chain_next(d, c)) {
      char *nm = step_name(p, c);
      if (c != s)
        put(&b, " -> ");
      put(&b, nm);
      free(nm);
      done[c] = true;
      last = c;
    }
    bc_report_wrap(out, b.s, 0, 4, 72);
    free(b.s);
    if (d->outdeg[last] && chain_next(d, last) == SIZE_MAX) {
      struct buf t = {0};
      put(&t, "before: ");
      bool first = true;
      for (size_t m = 0; m < d->ntopo; m++) {
        size_t x = d->topo[m];
        if (!d->hasse[last * n + x])
          continue;
        char *nm = step_name(p, x);
        if (!first)
          put(&t, ", ");
        put(&t, nm);
        free(nm);
        first = false;
      }
      bc_report_wrap(out, t.s, 4, 12, 72);
      free(t.s);
    }
  }
  free(done);
  struct buf nr = {0};
  for (size_t s = 0; s < n; s++)
    if (d->chosen[s] && !bc_order_occurs(d->o, s)) {
      char *nm = step_name(p, s);
      put(&nr, nr.n ? ", " : "\nNever run: ");
      put(&nr, nm);
      free(nm);
    }
  if (nr.n) {
    put(&nr, ".");
    fputc('\n', out);
    bc_report_wrap(out, nr.s + 1, 0, 2, 72);
  }
  free(nr.s);
  size_t ta = 0, tb = 0, nt = not_transitive(d, &ta, &tb);
  if (nt) {
    char *na = step_name(p, ta), *nb = step_name(p, tb);
    char *msg = bc_xasprintf(
        "\nCaution: %zu pair%s joined by a path of the diagram without "
        "a guaranteed order (a step between them does not always run), "
        "e.g. %s and %s.", nt, nt == 1 ? " is" : "s are", na, nb);
    fputc('\n', out);
    bc_report_wrap(out, msg + 1, 0, 2, 72);
    free(msg);
    free(na);
    free(nb);
  }
  if (!d->o->complete)
    fprintf(out, "\nINCOMPLETE: %s%s%s; the order is not known.\n",
            d->o->note, d->o->errmsg[0] ? ": " : "", d->o->errmsg);
  if (!a->no_timing)
    fprintf(out, "\n%llu states (with the steps run), %.2f s\n",
            (unsigned long long)d->o->states, d->o->seconds);
}

/* ------------------------------------------------------ mermaid, dot */

static void render_mermaid(FILE *out, const struct ord *d) {
  const struct bc_program *p = d->p;
  size_t n = p->nsteps;
  fputs("flowchart TD\n", out);
  for (size_t pr = 0; pr < p->nprocs; pr++) {
    bool any = false;
    for (size_t k = 0; k < d->ntopo; k++)
      any |= (size_t)p->steps[d->topo[k]].proc == pr;
    if (!any)
      continue;
    fprintf(out, "  subgraph %s\n", p->procs[pr].name);
    for (size_t k = 0; k < d->ntopo; k++) {
      size_t s = d->topo[k];
      if ((size_t)p->steps[s].proc == pr)
        fprintf(out, "    s%zu[\"%s\"]\n", s, p->steps[s].label);
    }
    fputs("  end\n", out);
  }
  for (size_t k = 0; k < d->ntopo; k++)
    for (size_t m = 0; m < d->ntopo; m++)
      if (d->hasse[d->topo[k] * n + d->topo[m]])
        fprintf(out, "  s%zu --> s%zu\n", d->topo[k], d->topo[m]);
}

static void render_dot(FILE *out, const struct ord *d) {
  const struct bc_program *p = d->p;
  size_t n = p->nsteps;
  fprintf(out, "digraph \"%s\" {\n  rankdir=TB;\n  node [shape=box];\n",
          p->spec_name);
  for (size_t pr = 0; pr < p->nprocs; pr++) {
    bool any = false;
    for (size_t k = 0; k < d->ntopo; k++)
      any |= (size_t)p->steps[d->topo[k]].proc == pr;
    if (!any)
      continue;
    fprintf(out, "  subgraph \"cluster_%s\" {\n    label=\"%s\";\n",
            p->procs[pr].name, p->procs[pr].name);
    for (size_t k = 0; k < d->ntopo; k++) {
      size_t s = d->topo[k];
      if ((size_t)p->steps[s].proc == pr)
        fprintf(out, "    \"%s.%s\" [label=\"%s\"];\n", p->procs[pr].name,
                p->steps[s].label, p->steps[s].label);
    }
    fputs("  }\n", out);
  }
  for (size_t k = 0; k < d->ntopo; k++)
    for (size_t m = 0; m < d->ntopo; m++) {
      size_t a = d->topo[k], b = d->topo[m];
      if (d->hasse[a * n + b])
        fprintf(out, "  \"%s.%s\" -> \"%s.%s\";\n", proc_of(p, a),
                p->steps[a].label, proc_of(p, b), p->steps[b].label);
    }
  fputs("}\n", out);
}

static void render_markdown(FILE *out, const struct ord *d, const char *path,
                            const struct bc_cli_args *a,
                            const char *configs) {
  const struct bc_program *p = d->p;
  char defs[1024];
  char *dj = bc_cli_defines_json(p);
  bc_cli_defines_text(dj, defs, sizeof defs);
  free(dj);
  fprintf(out, "# Guaranteed order of %s\n\n", p->spec_name);
  fprintf(out, "Spec `%s%s`, %s. An arrow A --> B: every execution that "
               "runs both steps runs A first (first runs); orders that "
               "follow from two others are left out. %zu steps, %zu edges, "
               "%zu pairs with no guaranteed order.\n\n",
          path, defs, configs, d->ntopo, nedges(d), unordered_pairs(d));
  fputs("```mermaid\n", out);
  render_mermaid(out, d);
  fputs("```\n", out);
  bool any = false;
  for (size_t s = 0; s < p->nsteps; s++)
    if (d->chosen[s] && !bc_order_occurs(d->o, s)) {
      fprintf(out, "%s`%s.%s`", any ? ", " : "\nNever run: ", proc_of(p, s),
              p->steps[s].label);
      any = true;
    }
  if (any)
    fputs(".\n", out);
  size_t ta = 0, tb = 0, nt = not_transitive(d, &ta, &tb);
  if (nt)
    fprintf(out, "\n**Caution**: %zu pair%s joined by a path of the "
                 "diagram without a guaranteed order, e.g. `%s.%s` and "
                 "`%s.%s`.\n", nt, nt == 1 ? " is" : "s are",
            proc_of(p, ta), p->steps[ta].label,
            proc_of(p, tb), p->steps[tb].label);
  if (!d->o->complete)
    fprintf(out, "\n**INCOMPLETE**: %s; the order is not known.\n",
            d->o->note);
  (void)a;
}

/* ------------------------------------------------------ json */

static void render_json(FILE *out, const struct ord *d, const char *path,
                        const struct bc_cli_args *a, const char *configs,
                        cJSON *cfgs, int exit) {
  const struct bc_program *p = d->p;
  size_t n = p->nsteps;
  cJSON *root = cJSON_CreateObject();
  cJSON_AddNumberToObject(root, "format_version", 1);
  cJSON_AddStringToObject(root, "command", "order");
  cJSON *spec = cJSON_AddObjectToObject(root, "spec");
  cJSON_AddStringToObject(spec, "name", p->spec_name);
  cJSON_AddStringToObject(spec, "path", path);
  char *defs = bc_cli_defines_json(p);
  cJSON *dj = cJSON_Parse(defs);
  free(defs);
  cJSON_AddItemToObject(root, "defines", dj ? dj : cJSON_CreateObject());
  cJSON_AddStringToObject(root, "executions", configs);
  cJSON_AddItemToObject(root, "configurations", cfgs);
  cJSON *steps = cJSON_AddArrayToObject(root, "steps");
  for (size_t s = 0; s < n; s++) {
    cJSON *o = cJSON_CreateObject();
    char *nm = step_name(p, s);
    cJSON_AddStringToObject(o, "name", nm);
    free(nm);
    cJSON_AddStringToObject(o, "process", proc_of(p, s));
    cJSON_AddStringToObject(o, "label", p->steps[s].label);
    cJSON_AddNumberToObject(o, "line", p->steps[s].line);
    cJSON_AddBoolToObject(o, "runs", bc_order_occurs(d->o, s));
    cJSON_AddBoolToObject(o, "shown", d->shown[s]);
    cJSON_AddItemToArray(steps, o);
  }
  cJSON *hasse = cJSON_AddArrayToObject(root, "hasse");
  cJSON *prec = cJSON_AddArrayToObject(root, "precedes");
  for (size_t k = 0; k < d->ntopo; k++)
    for (size_t m = 0; m < d->ntopo; m++) {
      size_t x = d->topo[k], y = d->topo[m];
      for (int pass = 0; pass < 2; pass++) {
        if (pass ? !bc_order_precedes(d->o, x, y) : !d->hasse[x * n + y])
          continue;
        cJSON *e = cJSON_CreateArray();
        char *na = step_name(p, x), *nb = step_name(p, y);
        cJSON_AddItemToArray(e, cJSON_CreateString(na));
        cJSON_AddItemToArray(e, cJSON_CreateString(nb));
        free(na);
        free(nb);
        cJSON_AddItemToArray(pass ? prec : hasse, e);
      }
    }
  size_t ta = 0, tb = 0;
  cJSON_AddNumberToObject(root, "unordered_pairs",
                          (double)unordered_pairs(d));
  cJSON_AddNumberToObject(root, "not_transitive_pairs",
                          (double)not_transitive(d, &ta, &tb));
  cJSON_AddBoolToObject(root, "complete", d->o->complete);
  if (d->o->complete)
    cJSON_AddNullToObject(root, "note");
  else
    cJSON_AddStringToObject(root, "note", d->o->note);
  cJSON_AddNumberToObject(root, "states", (double)d->o->states);
  if (!a->no_timing)
    cJSON_AddNumberToObject(root, "seconds", d->o->seconds);
  cJSON_AddNumberToObject(root, "exit", exit);
  char *txt = cJSON_Print(root);
  fputs(txt, out);
  fputc('\n', out);
  free(txt);
  cJSON_Delete(root);
}

/* ------------------------------------------------------ the command */

int bc_cmd_order(int argc, char **argv) {
  struct bc_cli_args a;
  int early;
  if (!bc_cli_begin(argc, argv, BC_CMD_ORDER, order_help, &a, &early))
    return early;
  const char *spec_path = a.operands[0];
  if (bc_cli_refuse_output("--output", a.output, &spec_path, 1, NULL) != 0) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  struct bc_program *p =
      bc_cli_compile(a.operands[0], a.defs, a.ndefs, NULL, NULL);
  if (!p) {
    bc_cli_args_release(&a);
    return BC_EXIT_USAGE;
  }
  int exit = BC_EXIT_OK;
  const char *sel = a.co.placements;
  bool all = sel && !strcmp(sel, "all");
  if (sel && !all && !bc_placements_valid(p, sel))
    exit = BC_EXIT_USAGE;
  struct ord d;
  memset(&d, 0, sizeof d);
  d.p = p;
  d.shown = bc_xcalloc(p->nsteps + 1, sizeof *d.shown);
  d.chosen = bc_xcalloc(p->nsteps + 1, sizeof *d.chosen);
  for (size_t k = 0; k < a.nprocesses; k++) {
    bool found = false;
    for (size_t i = 0; i < p->nprocs; i++)
      found |= !strcmp(p->procs[i].name, a.processes[k]);
    if (!found) {
      fprintf(stderr, "bootcheck: --process: %s has no process '%s'\n",
              p->spec_name, a.processes[k]);
      exit = BC_EXIT_USAGE;
    }
  }
  struct bc_order o;
  memset(&o, 0, sizeof o);
  cJSON *cfgs = NULL;
  char *configs = NULL;
  /* the steps compiled as check runs them (--engine) */
  bool failed = false;
  struct bc_native *native =
      exit == BC_EXIT_OK ? bc_check_native(p, &a.co, &failed) : NULL;
  if (failed)
    exit = BC_EXIT_INTERNAL;
  a.co.eo.native = native;
  /* the memory guard (base/memguard.h): the pass stops incomplete */
  struct bc_memguard *guard = bc_memguard_from_env(&bc_explore_memlow);
  if (exit == BC_EXIT_OK && sel) {
    cfgs = cJSON_CreateArray();
    unsigned *choice = bc_xcalloc(p->nplacements + 1, sizeof *choice);
    size_t nc = bc_config_count(p);
    for (size_t k = 0; k < nc && exit == BC_EXIT_OK; k++) {
      bc_config_nth(p, k, choice);
      if (!all && !bc_placement_selected(p, choice, sel))
        continue;
      char name[1024];
      bc_config_name(p, choice, name, sizeof name);
      cJSON_AddItemToArray(cfgs, cJSON_CreateString(name));
      if (bc_order_compute(p, choice, &a.co.eo, &o) != 0)
        exit = BC_EXIT_INTERNAL;
    }
    free(choice);
    configs = bc_xasprintf("the executions of %llu configuration%s (%s)",
                           (unsigned long long)o.configs,
                           o.configs == 1 ? "" : "s", all ? "all" : sel);
  } else if (exit == BC_EXIT_OK) {
    cfgs = cJSON_CreateNull();
    if (bc_order_compute(p, NULL, &a.co.eo, &o) != 0)
      exit = BC_EXIT_INTERNAL;
    configs = bc_xstrdup("every hook empty");
  }
  bc_memguard_stop(guard);
  bc_explore_memlow = 0;
  if (exit == BC_EXIT_OK && !o.complete)
    exit = BC_EXIT_INTERNAL;
  if (exit != BC_EXIT_USAGE && o.prior) {
    for (size_t s = 0; s < p->nsteps; s++) {
      bool chosen = !a.nprocesses;
      for (size_t k = 0; k < a.nprocesses; k++)
        chosen |= !strcmp(a.processes[k], proc_of(p, s));
      /* an incomplete search knows no order: nothing is drawn */
      d.chosen[s] = chosen && o.complete;
      d.shown[s] = d.chosen[s] && bc_order_occurs(&o, s);
    }
    d.o = &o;
    ord_build(&d);
    FILE *out = stdout;
    if (a.output && !(out = fopen(a.output, "w"))) {
      fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
      exit = BC_EXIT_USAGE;
    } else {
      const char *f = a.format ? a.format : "text";
      if (!strcmp(f, "json")) {
        render_json(out, &d, a.operands[0], &a, configs, cfgs, exit);
        cfgs = NULL;
      } else if (!strcmp(f, "markdown")) {
        render_markdown(out, &d, a.operands[0], &a, configs);
      } else if (!strcmp(f, "mermaid")) {
        render_mermaid(out, &d);
      } else if (!strcmp(f, "dot")) {
        render_dot(out, &d);
      } else {
        render_text(out, &d, a.operands[0], &a, configs);
      }
      if (out != stdout && fclose(out) != 0) {
        fprintf(stderr, "bootcheck: %s: %s\n", a.output, strerror(errno));
        exit = bc_exit_worse(exit, BC_EXIT_INTERNAL);
      }
    }
  }
  if (exit == BC_EXIT_INTERNAL && !o.complete && o.note)
    fprintf(stderr, "bootcheck: order: %s%s%s\n", o.note,
            o.errmsg[0] ? ": " : "", o.errmsg);
  cJSON_Delete(cfgs);
  free(configs);
  ord_release(&d);
  bc_order_release(&o);
  bc_native_free(native);
  bc_program_free(p);
  bc_cli_args_release(&a);
  return exit;
}
