/*
** test_report.c - the renderers (checker/report/report.c): text that fits in 72
** columns and tells the story of a counterexample, JSON that any parser
** reads back (here cJSON), Markdown with Mermaid lifelines.
*/
#include <criterion/criterion.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcheck/explore.h"
#include "front/compile_int.h"
#include "helpers.h"
#include "leakcheck.h"
#include "report/report.h"
#include "explore/window.h"

TestSuite(report, .fini = bc_leak_check, .timeout = 60.);

/* ----------------------------------------------------------- fixtures */

/* Every configuration of a program, explored, with its windows. */
struct checked {
  struct bc_program *p;
  struct bc_run *runs;
  struct bc_window_run *wins;
  size_t n;
};

static struct checked check_all(struct bc_program *p) {
  struct checked c = {p, NULL, NULL, bc_config_count(p)};
  c.runs = calloc(c.n, sizeof *c.runs);
  c.wins = calloc(c.n, sizeof *c.wins);
  unsigned choice[8];
  struct bc_explore_opts o = {0};
  for (size_t i = 0; i < c.n; i++) {
    bc_config_nth(p, i, choice);
    cr_assert_eq(bc_explore(p, choice, &o, &c.runs[i]), 0);
    cr_assert_eq(bc_window_compute(p, choice, &o, &c.wins[i]), 0);
  }
  return c;
}

static void checked_release(struct checked *c) {
  for (size_t i = 0; i < c->n; i++) {
    bc_run_release(&c->runs[i]);
    bc_window_run_release(&c->wins[i]);
  }
  free(c->runs);
  free(c->wins);
  bc_program_free(c->p);
}

static struct bc_program *load_spec(const char *rel) {
  struct bc_source src;
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", BC_SOURCE_ROOT, rel);
  cr_assert_eq(bc_source_load(&src, path), 0);
  struct bc_diag d;
  bc_diag_init(&d, &src);
  struct bc_program *p = bc_compile(&src, NULL, 0, &d);
  bc_diag_print(&d, stderr);
  bc_diag_release(&d);
  bc_source_release(&src);
  cr_assert_not_null(p);
  return p;
}

static struct bc_program *load_sketch(void) {
  return load_spec("specs/sketch.boot");
}

/*
** opcodes.def against the code the compiler emits for the x86 spec and
** the golden specs: the operands it says an opcode names are in range, and
** following control as it says (jumps, fall-through, ends) with its stack
** counts, each instruction is reached at one stack depth, never takes more
** than is there, and a step, placement or expression ends empty-handed.
*/
static void check_opcodes(const struct bc_program *p) {
  size_t n = p->ncode;
  int *depth = malloc((n + 1) * sizeof *depth);
  uint32_t *work = malloc((n + 1) * sizeof *work);
  for (size_t i = 0; i <= n; i++)
    depth[i] = -1;
  for (uint32_t pc = 0; pc < n; pc++) {
    const struct bc_insn *in = &p->code[pc];
    cr_assert_lt(in->op, BC_INS__COUNT);
    uint32_t use = bc_opcode_uses(in->op);
    cr_assert(!(use & BC_U_VAR) || in->b < p->nvars, "%u", pc);
    cr_assert(!(use & BC_U_TARGET) || in->b < n, "%u", pc);
    cr_assert(!(use & BC_U_SLOT) || in->a < BC_VM_LOCALS, "%u", pc);
    cr_assert(!(use & BC_U_CONSTRAINT) || in->a < p->nconstraints, "%u", pc);
    cr_assert(!(use & BC_U_STRING) || in->b < p->nstrings, "%u", pc);
    cr_assert(!(use & BC_U_HOOK) || in->a < p->nhooks, "%u", pc);
    cr_assert(bc_opinfo[in->op].doc[0], "%s", bc_opinfo[in->op].name);
  }
  uint32_t entries[4096];
  size_t ne = 0;
  for (size_t i = 0; i < p->nsteps && ne < 4096; i++)
    entries[ne++] = p->steps[i].code;
  for (size_t i = 0; i < p->nplacements && ne < 4096; i++)
    entries[ne++] = p->placements[i].code;
  for (size_t i = 0; i < p->nconstraints && ne < 4096; i++)
    if (p->constraints[i].kind == BC_CK_ALWAYS ||
        p->constraints[i].kind == BC_CK_REACHABLE)
      entries[ne++] = p->constraints[i].code;
  for (size_t i = 0; i < p->nwindows && ne < 4096; i++)
    entries[ne++] = p->windows[i].code;
  for (size_t e = 0; e < ne; e++) {
    size_t nw = 0;
    if (depth[entries[e]] < 0) {
      depth[entries[e]] = 0;
      work[nw++] = entries[e];
    }
    while (nw) {
      uint32_t pc = work[--nw];
      const struct bc_insn *in = &p->code[pc];
      int d = depth[pc];
      cr_assert_geq(d, bc_opinfo[in->op].pops, "%s at %u",
                    bc_opinfo[in->op].name, pc);
      int out = d + bc_opcode_effect(in->op);
      if (bc_opcode_uses(in->op) & BC_U_END)
        cr_assert_eq(out, 0, "%s at %u ends with %d values",
                     bc_opinfo[in->op].name, pc, out);
      uint32_t next[2];
      unsigned k = 0;
      if (bc_opcode_jumps(in->op))
        next[k++] = in->b;
      if (bc_opcode_falls(in->op))
        next[k++] = pc + 1;
      for (unsigned i = 0; i < k; i++) {
        cr_assert_lt(next[i], n, "control runs off the code at %u", pc);
        if (depth[next[i]] < 0) {
          depth[next[i]] = out;
          work[nw++] = next[i];
        } else {
          cr_assert_eq(depth[next[i]], out, "depth at %u", next[i]);
        }
      }
    }
  }
  free(work);
  free(depth);
}

Test(report, opcodes_def_describes_the_compiled_code) {
  static const char *const specs[] = {
      "specs/x86/cr_pinning.boot", "specs/sketch.boot",
      "tests/golden/witness.boot", "tests/golden/edge.boot"};
  for (size_t i = 0; i < sizeof specs / sizeof *specs; i++) {
    struct bc_program *p = load_spec(specs[i]);
    check_opcodes(p);
    bc_program_free(p);
  }
}

/* Index of the run whose configuration is called 'name'. */
static size_t run_named(const struct checked *c, const char *name) {
  char buf[256];
  for (size_t i = 0; i < c->n; i++) {
    bc_config_name(c->p, c->runs[i].choice, buf, sizeof buf);
    if (!strcmp(buf, name))
      return i;
  }
  cr_assert_fail("no configuration %s", name);
  return 0;
}

enum fmt { TEXT, MARKDOWN };

static char *render(const struct checked *c, size_t from, size_t n,
                    enum fmt f, const struct bc_report_opts *o) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  struct bc_report_opts ro = *o;
  ro.windows = c->wins + from;
  if (f == TEXT)
    bc_report_text(out, c->p, c->runs + from, n, &ro);
  else
    bc_report_markdown(out, c->p, c->runs + from, n, &ro);
  fclose(out);
  return buf;
}

/* Every line of 's' fits in 'w' columns. */
static void expect_width(const char *s, size_t w) {
  size_t lineno = 1;
  for (const char *l = s; *l; lineno++) {
    const char *nl = strchr(l, '\n');
    size_t n = nl ? (size_t)(nl - l) : strlen(l);
    char *line = strndup(l, n);
    cr_expect_leq(bc_report_columns(line), w, "line %zu too wide: %s",
                  lineno, line);
    free(line);
    l += n + (nl ? 1 : 0);
  }
}

/* Position of 'needle' in 's' at or after 'from', or fail. */
static const char *after(const char *s, const char *from, const char *needle) {
  const char *f = strstr(from ? from : s, needle);
  cr_assert_not_null(f, "'%s' missing or out of order in:\n%s", needle, s);
  return f + strlen(needle);
}

/* ----------------------------------------------------------- helpers */

static char *wrapped(const char *text, unsigned first, unsigned indent,
                     unsigned width) {
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  bc_report_wrap(out, text, first, indent, width);
  fclose(out);
  return buf;
}

Test(report, wrap_breaks_after_commas_and_at_spaces) {
  char *s = wrapped("cr4[0]: {SMEP,SMAP,UMIP} -> {SMEP,SMAP,UMIP,LASS}", 2,
                    4, 30);
  cr_expect_str_eq(s, "  cr4[0]: {SMEP,SMAP,UMIP} ->\n"
                      "    {SMEP,SMAP,UMIP,LASS}\n");
  free(s);
  s = wrapped("{AAAA,BBBB,CCCC,DDDD,EEEE}", 0, 1, 12);
  cr_expect_str_eq(s, "{AAAA,BBBB,\n CCCC,DDDD,\n EEEE}\n");
  free(s);
  /* a word longer than a line stays whole; no trailing spaces */
  s = wrapped("short averyveryverylongword end", 0, 0, 10);
  cr_expect_str_eq(s, "short\naveryveryverylongword\nend\n");
  free(s);
  s = wrapped("fits", 0, 0, 72);
  cr_expect_str_eq(s, "fits\n");
  free(s);
}

Test(report, columns_count_characters_not_bytes_or_escapes) {
  cr_expect_eq(bc_report_columns("abc"), 3);
  cr_expect_eq(bc_report_columns("\xe2\x9c\x93 ok"), 4);
  cr_expect_eq(bc_report_columns("\x1b[1;31mFAIL\x1b[0m"), 4);
  cr_expect_eq(bc_report_columns(""), 0);
}

/* ----------------------------------------------------------- text */

/* The C3 counterexample at core_initcall, read without other context:
** early steps on the BSP, init's smp_init() kicking the APs, an AP's
** cr4_init() with the key off, the constraint's title. */
Test(report, c3_trace_tells_the_story) {
  struct checked c = check_all(load_sketch());
  size_t r = run_named(&c, "core_initcall");
  struct bc_report_opts o = {0};
  char *s = render(&c, r, 1, TEXT, &o);
  expect_width(s, 72);
  const char *t = after(s, NULL, "core_initcall: C3 violated in 9 steps\n");
  t = after(s, t, "   1  bsp    identify_boot_cpu()\n");
  t = after(s, t, "bsp    rest_init()\n");
  t = after(s, t, "init   smp_init()\n");
  t = after(s, t, "kicked[1]: false -> true\n");
  t = after(s, t, "ap[1]  start_secondary()\n");
  t = after(s, t, "ap[1]  cr4_init()\n");
  t = after(s, t, "=> step 9 violates C3 (at ap.cr4_init: pinned; here "
                  "pinned = false)\n");
  t = after(s, t, "C3: CR pinning before AP bring-up\n");
  /* then the statistics and the summary, one line per configuration */
  t = after(s, t, "\nsummary\n  core_initcall  C3 violated (expected)\n");
  cr_expect_str_eq(t, "", "the summary ends the report");
  free(s);
  checked_release(&c);
}

Test(report, identify_boot_cpu_traces_and_messages) {
  struct checked c = check_all(load_sketch());
  size_t r = run_named(&c, "identify_boot_cpu");
  struct bc_report_opts o = {0};
  char *s = render(&c, r, 1, TEXT, &o);
  expect_width(s, 72);
  const char *t = after(s, NULL, "identify_boot_cpu: C1 violated in 1 step\n");
  t = after(s, t, "pinned: false -> true\n");
  t = after(s, t, "C1: security features set up before pinning\n");
  t = after(s, t, "identify_boot_cpu: C2 violated in 4 steps\n");
  t = after(s, t, "efi_svam_exit()\n");
  t = after(s, t, "=> step 4 violates C2: \"pinned CR4 bits changed\"\n");
  free(s);
  checked_release(&c);
}

Test(report, matrix_marks_ascii_and_color) {
  struct checked c = check_all(load_sketch());
  struct bc_report_opts o = {0};
  char *s = render(&c, 0, c.n, TEXT, &o);
  expect_width(s, 72);
  after(s, NULL, "placement               C1  C2  C3  C4  deadlock  W1  "
                 "result\n"
                 "identify_boot_cpu       \xe2\x9c\x97   \xe2\x9c\x97   "
                 "\xe2\x9c\x93   \xe2\x9c\x93   \xe2\x9c\x93          0  "
                 "as expected\n");
  after(s, NULL, "core_initcall           \xe2\x9c\x93   \xe2\x9c\x93   "
                 "\xe2\x9c\x97");
  cr_expect_null(strstr(s, "\x1b["), "no colour unless asked");
  free(s);

  o.ascii = true;
  s = render(&c, 0, c.n, TEXT, &o);
  expect_width(s, 72);
  after(s, NULL, "identify_boot_cpu       FAIL FAIL ok   ok   ok");
  for (const char *u = s; *u; u++)
    cr_assert_lt((unsigned char)*u, 0x80, "non-ASCII with --ascii");
  free(s);

  o.ascii = false;
  o.color = true;
  s = render(&c, 0, c.n, TEXT, &o);
  after(s, NULL, "\x1b[1;31m\xe2\x9c\x97\x1b[0m");
  after(s, NULL, "\x1b[32mas expected\x1b[0m");
  free(s);
  checked_release(&c);
}

Test(report, exposure_window_column_and_list) {
  struct checked c = check_all(load_sketch());
  struct bc_report_opts o = {0};
  char *s = render(&c, 0, c.n, TEXT, &o);
  const char *t = after(s, NULL, "W1: security bits set but not pinned\n");
  t = after(s, t, "identify_boot_cpu: 0 steps (never holds)\n");
  t = after(s, t, "arch_cpu_finalize_init: 3 steps:\n");
  t = after(s, t, "core_initcall: 13 steps:\n");
  t = after(s, t, "ap[1]  cr4_init()\n");
  t = after(s, t, "ap[2]  cr4_init()\n");
  t = after(s, t, "init   do_initcalls()\n");
  free(s);
  checked_release(&c);
}

static const char *wide_spec =
    "spec wide;\nvar x : 0..9;\n"
    "process boot { s1: x := 1; hook h_one; s2: x := 2; hook h_two; }\n"
    "placement p at h_one, h_two { skip; }\n"
    "constraint AAAAAAAAAAAA \"a\": always true;\n"
    "constraint BBBBBBBBBBBB \"b\": always true;\n"
    "constraint CCCCCCCCCCCC \"c\": always true;\n"
    "constraint DDDDDDDDDDDD \"d\": always true;\n"
    "constraint EEEEEEEEEEEE \"e\": always x < 2;\n"
    "constraint FFFFFFFFFFFF \"f\": always true;\n";

Test(report, a_wide_matrix_wraps_into_blocks) {
  struct checked c = check_all(compile(wide_spec));
  struct bc_report_opts o = {0};
  char *s = render(&c, 0, c.n, TEXT, &o);
  expect_width(s, 72);
  /* every constraint id is still a column head */
  const char *ids[] = {"AAAAAAAAAAAA", "BBBBBBBBBBBB", "EEEEEEEEEEEE",
                       "FFFFFFFFFFFF", "deadlock", "result"};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
    after(s, NULL, ids[i]);
  free(s);
  o.width = 50;
  s = render(&c, 0, c.n, TEXT, &o);
  expect_width(s, 50);
  free(s);
  checked_release(&c);
}

Test(report, deadlock_names_the_stuck_processes) {
  struct checked c = check_all(compile(
      "spec s;\nvar go : bool;\n"
      "process a { a1: skip; a2: await go; }\n"
      "process w[i in 1..2] { t: await go; }\n"));
  struct bc_report_opts o = {0};
  char *s = render(&c, 0, 1, TEXT, &o);
  const char *t = after(s, NULL, "=> after step 1 no process can move: a at "
                                 "a2(), w[1] at t(), w[2] at");
  after(s, t, "\n     t()\n     deadlock: no deadlock: some process can "
              "move");
  free(s);
  checked_release(&c);
}

/* A run whose search explored everything but left a verdict unknown (the
** liveness pass stopped at --max-memory or --time-limit): the summary
** names the verdict and the reason, not "every reachable state explored". */
Test(report, summary_names_an_unknown_verdict) {
  struct checked c = check_all(compile(
      "spec s;\nvar done : bool;\n"
      "process a { a1: done := true; }\n"
      "constraint A \"a\": always true;\n"
      "constraint E \"done\": eventually done;\n"));
  struct bc_run *r = &c.runs[0];
  cr_assert_eq(r->stop, BC_STOP_EXHAUSTED);
  r->complete = false;
  r->res[1].verdict = BC_UNKNOWN;
  r->res[1].note = "--time-limit reached during the liveness pass";
  struct bc_report_opts o = {0};
  char line[512];
  bc_report_summary_line(c.p, r, &o, line, sizeof line);
  cr_expect_str_eq(line,
                   "E unknown: --time-limit reached during the liveness pass");
  r->res[1].note = NULL; /* not the fixture's to free */
  checked_release(&c);
}

/* ----------------------------------------------------------- markdown */

Test(report, markdown_table_list_and_sequence_diagram) {
  struct checked c = check_all(load_sketch());
  size_t r = run_named(&c, "core_initcall");
  struct bc_report_opts o = {0};
  o.no_timing = true;
  char *s = render(&c, r, 1, MARKDOWN, &o);
  const char *t = after(s, NULL, "| placement | C1 | C2 | C3 | C4 | deadlock "
                                 "| W1 | states | depth | result |\n");
  t = after(s, t, "| core\\_initcall | \xe2\x9c\x93 | \xe2\x9c\x93 | "
                  "\xe2\x9c\x97 |");
  t = after(s, t, "### core\\_initcall: C3 violated");
  t = after(s, t, "7. **init** `smp_init()`");
  t = after(s, t, "9. **ap\\[1\\]** `cr4_init()`\n");
  t = after(s, t, "```mermaid\nsequenceDiagram\n");
  t = after(s, t, "    participant bsp\n    participant init\n"
                  "    participant ap_1 as ap[1]\n");
  t = after(s, t, "    bsp->>init: init_spawned = true\n");
  t = after(s, t, "    init->>ap_1: kicked[1] = true\n");
  t = after(s, t, "    Note over ap_1: 9. cr4_init()\n");
  t = after(s, t, "    Note over ap_1: \xe2\x9c\x97 C3: CR pinning before AP "
                  "bring-up\n```\n");
  cr_expect_null(strstr(s, "participant ap_2"),
                 "only instances in the trace get a lifeline");
  free(s);
  checked_release(&c);
}

/* ----------------------------------------------------------- JSON */

static cJSON *json_of(const struct checked *c, bool windows) {
  struct bc_report_opts o = {0};
  o.no_timing = true;
  o.windows = windows ? c->wins : NULL;
  char *txt = bc_report_json_opts(c->p, c->runs, c->n, &o);
  cJSON *doc = cJSON_Parse(txt);
  cr_assert_not_null(doc, "not JSON:\n%s", txt);
  free(txt);
  return doc;
}

static cJSON *config_named(cJSON *doc, const char *name) {
  cJSON *cfg;
  cJSON_ArrayForEach(cfg, cJSON_GetObjectItem(doc, "configurations")) {
    if (!strcmp(cJSON_GetObjectItem(cfg, "name")->valuestring, name))
      return cfg;
  }
  cr_assert_fail("no configuration %s", name);
  return NULL;
}

static cJSON *result_of(cJSON *cfg, const char *id) {
  cJSON *k;
  cJSON_ArrayForEach(k, cJSON_GetObjectItem(cfg, "constraints")) {
    if (!strcmp(cJSON_GetObjectItem(k, "id")->valuestring, id))
      return k;
  }
  cr_assert_fail("no constraint %s", id);
  return NULL;
}

/* Apply every step's changes to spec.initial_state: the values after the
** last step of 'trace' (a new object). */
static cJSON *final_values(cJSON *doc, cJSON *trace) {
  cJSON *vals = cJSON_Duplicate(
      cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "spec"), "initial_state"),
      1);
  cJSON *step;
  cJSON_ArrayForEach(step, cJSON_GetObjectItem(trace, "steps")) {
    cJSON *ch;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItem(step, "changes")) {
      const char *var = cJSON_GetObjectItem(ch, "var")->valuestring;
      cJSON *cur = cJSON_GetObjectItem(vals, var);
      cr_assert_not_null(cur, "unknown variable %s", var);
      cr_assert_str_eq(cur->valuestring,
                       cJSON_GetObjectItem(ch, "before")->valuestring,
                       "%s: 'before' disagrees with the previous step", var);
      cJSON_ReplaceItemInObject(
          vals, var,
          cJSON_CreateString(cJSON_GetObjectItem(ch, "after")->valuestring));
    }
  }
  return vals;
}

Test(report, json_c3_trace_ends_where_the_key_is_still_off) {
  struct checked c = check_all(load_sketch());
  cJSON *doc = json_of(&c, true);
  cr_expect_eq(cJSON_GetObjectItem(doc, "format_version")->valueint, 1);
  cJSON *cfg = config_named(doc, "core_initcall");
  cr_expect_str_eq(cJSON_GetObjectItem(cfg, "result")->valuestring,
                   "as_expected");
  cJSON *c3 = result_of(cfg, "C3");
  cr_assert_str_eq(cJSON_GetObjectItem(c3, "status")->valuestring,
                   "violated");
  cJSON *trace = cJSON_GetObjectItem(c3, "trace");
  cr_assert_not_null(trace);
  cr_expect_str_eq(cJSON_GetObjectItem(trace, "ends")->valuestring,
                   "on_step");
  cJSON *steps = cJSON_GetObjectItem(trace, "steps");
  int n = cJSON_GetArraySize(steps);
  cr_assert_eq(n, cJSON_GetObjectItem(trace, "length")->valueint);
  for (int i = 0; i < n; i++)
    cr_expect_eq(cJSON_GetObjectItem(cJSON_GetArrayItem(steps, i), "index")
                     ->valueint,
                 i + 1);
  /* the violating step: an AP's cr4_init(), taken with the key off */
  cJSON *last = cJSON_GetArrayItem(steps, n - 1);
  cr_expect_str_eq(cJSON_GetObjectItem(last, "process")->valuestring, "ap");
  cr_expect(cJSON_IsNumber(cJSON_GetObjectItem(last, "instance")));
  cr_expect_str_eq(cJSON_GetObjectItem(last, "label")->valuestring,
                   "cr4_init");
  cJSON *vals = final_values(doc, trace);
  cr_expect_str_eq(cJSON_GetObjectItem(vals, "pinned")->valuestring, "false");
  cr_expect_str_eq(cJSON_GetObjectItem(vals, "kicked[1]")->valuestring,
                   "true");
  cJSON_Delete(vals);
  /* the window of the same configuration */
  cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(cfg, "windows"), 0);
  cr_expect_str_eq(cJSON_GetObjectItem(w, "status")->valuestring, "bounded");
  cr_expect_eq(cJSON_GetObjectItem(w, "steps")->valueint, 13);
  cr_expect_eq(cJSON_GetObjectItem(w, "first_step")->valueint, 2);
  /* --no-timing leaves out what varies */
  cJSON *st = cJSON_GetObjectItem(cfg, "stats");
  cr_expect_null(cJSON_GetObjectItem(st, "seconds"));
  cr_expect_null(cJSON_GetObjectItem(st, "peak_rss"));
  cr_expect_eq(cJSON_GetObjectItem(st, "distinct")->valueint, 25);
  cJSON_Delete(doc);
  checked_release(&c);
}

Test(report, json_identify_boot_cpu_c1_is_violated_on_its_first_step) {
  struct checked c = check_all(load_sketch());
  cJSON *doc = json_of(&c, false);
  cJSON *cfg = config_named(doc, "identify_boot_cpu");
  cJSON *trace = cJSON_GetObjectItem(result_of(cfg, "C1"), "trace");
  cr_assert_not_null(trace);
  cr_expect_eq(cJSON_GetObjectItem(trace, "length")->valueint, 1);
  cJSON *vals = final_values(doc, trace);
  cr_expect_str_eq(cJSON_GetObjectItem(vals, "cr4[0]")->valuestring,
                   "{SMEP,SMAP,UMIP}", "LASS is not set up yet");
  cr_expect_str_eq(cJSON_GetObjectItem(vals, "pinned")->valuestring, "true");
  cJSON_Delete(vals);
  cr_expect_eq(cJSON_GetArraySize(cJSON_GetObjectItem(cfg, "windows")), 0,
               "no windows unless computed");
  cJSON_Delete(doc);
  checked_release(&c);
}

Test(report, json_invariant_trace_ends_in_the_violating_state) {
  struct checked c = check_all(compile(
      "spec s;\nvar x : 0..9;\nvar y : bool;\n"
      "process p { a: x := 1; b: y := true; c: x := x + 2; }\n"
      "process q { d: skip; }\n"
      "constraint C \"x never 3\": always x != 3;\n"));
  cJSON *doc = json_of(&c, false);
  cJSON *cfg = config_named(doc, "(no placement)");
  cJSON *trace = cJSON_GetObjectItem(result_of(cfg, "C"), "trace");
  cr_expect_str_eq(cJSON_GetObjectItem(trace, "ends")->valuestring,
                   "in_state");
  cr_expect_eq(cJSON_GetObjectItem(trace, "length")->valueint, 3,
               "the shortest: q's step is not in it");
  cJSON *vals = final_values(doc, trace);
  cr_expect_str_eq(cJSON_GetObjectItem(vals, "x")->valuestring, "3");
  cJSON_Delete(vals);
  cr_expect_str_eq(cJSON_GetObjectItem(cfg, "result")->valuestring,
                   "violation");
  cJSON_Delete(doc);
  checked_release(&c);
}
