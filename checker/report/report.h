/*
** report.h - rendering check results: the verdict matrix, exposure windows
** and counterexamples as text for reviewers (72 columns, pasteable into an
** email), Markdown with Mermaid diagrams for forges, and JSON for machines
** (docs/json.md).
*/
#ifndef BOOTCHECK_REPORT_H
#define BOOTCHECK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "check/check.h"
#include "explore/window.h"

struct bc_report_opts {
  bool ascii;        /* ok/FAIL and plain ASCII instead of check marks */
  bool color;        /* ANSI colours (text only; the caller decides) */
  bool no_timing;    /* leave out what varies from run to run or build to
                        build: seconds, rates, memory figures */
  unsigned width;    /* text line width; 0: 72 */
  /* exposure windows: nruns entries parallel to the runs, or NULL when
  ** the spec declares none or they were not computed */
  const struct bc_window_run *windows;
  /* SHA-256 of the spec's source as 64 hex digits (JSON spec.sha256), or
  ** NULL to leave the field out */
  const char *spec_sha256;
  /* the matrix's constraint columns: nconstraints indices (--columns), or
  ** NULL for the order of declaration */
  const size_t *order;
};

/*
** The text report: header, verdict matrix (placements x constraints, and a
** column per exposure window), legend, the shortest counterexample of each
** violation, the window lists, search statistics, and a summary line per
** configuration. Every line fits in o->width columns except an
** unbreakable word.
*/
void bc_report_text(FILE *out, const struct bc_program *p,
                    const struct bc_run *runs, size_t nruns,
                    const struct bc_report_opts *o);

/* One violation's counterexample as the text report prints it: a header
** line, the steps, and why the last step violates constraint 'c'. */
void bc_report_text_violation(FILE *out, const struct bc_program *p,
                              const struct bc_run *run, size_t c,
                              const struct bc_report_opts *o);

/* The summary of a configuration after its name: "C3 violated
** (expected)", "nothing violated: UNEXPECTED, expected C3 violated". */
void bc_report_summary_line(const struct bc_program *p,
                            const struct bc_run *run,
                            const struct bc_report_opts *o, char *buf,
                            size_t len);

/*
** The Markdown report: the matrix as a table, and each counterexample as a
** numbered list and a Mermaid sequenceDiagram (one participant per process
** instance in the trace). 'o->ascii' and 'o->color' are ignored.
*/
void bc_report_markdown(FILE *out, const struct bc_program *p,
                        const struct bc_run *runs, size_t nruns,
                        const struct bc_report_opts *o);

/* The JSON document (docs/json.md) as a string; the caller frees it with
** free(). 'o' may be NULL (defaults: timing included, no windows). */
char *bc_report_json_opts(const struct bc_program *p,
                          const struct bc_run *runs, size_t nruns,
                          const struct bc_report_opts *o);

/* bc_report_json_opts with the defaults. */
char *bc_report_json(const struct bc_program *p, const struct bc_run *runs,
                     size_t nruns);

/*
** The table of a -D sweep: one row per combination (the swept constants),
** one column per configuration, the violated constraints in each cell
** ("-": none; "!" marks a result not as expected). Text, or Markdown.
*/
void bc_report_sweep(FILE *out, const struct bc_check *checks, size_t n,
                     bool markdown, const struct bc_report_opts *o);

/* "ap[2]" or "bsp": the name of an instance. */
void bc_inst_name(const struct bc_program *p, unsigned inst, char *buf,
                  size_t len);

/*
** Break 'text' into lines of at most 'width' columns (UTF-8 characters;
** ANSI escapes take none), after a ',' or at a space; 'indent' spaces start
** every line but the first, which starts with 'first' spaces. A word longer
** than a line stays whole. Writes to 'out'. Exposed for tests.
*/
void bc_report_wrap(FILE *out, const char *text, unsigned first,
                    unsigned indent, unsigned width);

/* Columns 's' takes on a terminal: UTF-8 characters, not counting ANSI
** escape sequences. */
size_t bc_report_columns(const char *s);

#endif /* BOOTCHECK_REPORT_H */
