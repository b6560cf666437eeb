/*
** report.h - rendering check results: the verdict matrix and traces as text
** for reviewers, and JSON for machines (docs/json.md).
*/
#ifndef BOOTCHECK_REPORT_H
#define BOOTCHECK_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

struct bc_report_opts {
  bool ascii;   /* ok/FAIL instead of check marks */
};

void bc_report_text(FILE *out, const struct bc_program *p,
                    const struct bc_run *runs, size_t nruns,
                    const struct bc_report_opts *o);

/* The JSON document as a string (caller frees with free()). */
char *bc_report_json(const struct bc_program *p, const struct bc_run *runs,
                     size_t nruns);

/* "ap[2]" or "bsp": the name of an instance. */
void bc_inst_name(const struct bc_program *p, unsigned inst, char *buf,
                  size_t len);

#endif /* BOOTCHECK_REPORT_H */
