/*
** helpers.h - compiling specs from strings in unit tests.
*/
#ifndef BOOTCHECK_TESTS_HELPERS_H
#define BOOTCHECK_TESTS_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "bootcheck/diag.h"
#include "bootcheck/model.h"

/* Compile 'text'; on failure print the diagnostics and return NULL.
** *ret_nerr (if given) receives the number of errors. */
static inline struct bc_program *
compile_defs(const char *text, const struct bc_define *defs, size_t ndefs,
             unsigned *ret_nerr) {
  struct bc_source src;
  bc_source_from_string(&src, "test.boot", text, strlen(text));
  struct bc_diag d;
  bc_diag_init(&d, &src);
  struct bc_program *p = bc_compile(&src, defs, ndefs, &d);
  if (!p && !ret_nerr)
    bc_diag_print(&d, stderr);
  if (ret_nerr)
    *ret_nerr = d.nerr;
  bc_diag_release(&d);
  bc_source_release(&src);
  return p;
}

static inline struct bc_program *compile(const char *text) {
  return compile_defs(text, NULL, 0, NULL);
}

/* Index of the variable called 'name', or -1. */
static inline int var_index(const struct bc_program *p, const char *name) {
  for (size_t i = 0; i < p->nvars; i++)
    if (!strcmp(p->vars[i].name, name))
      return (int)i;
  return -1;
}

#endif /* BOOTCHECK_TESTS_HELPERS_H */
