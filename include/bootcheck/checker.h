/*
** checker.h - the bootcheck command line, as a library entry point.
*/
#ifndef BOOTCHECK_CHECKER_H
#define BOOTCHECK_CHECKER_H

/* Exit codes of the bootcheck executable (one place, docs/bootcheck.1). */
enum bc_exit {
  BC_EXIT_OK = 0,         /* results as expected */
  BC_EXIT_UNEXPECTED = 1, /* some result differs from what was expected */
  BC_EXIT_USAGE = 2,      /* usage or spec error */
  BC_EXIT_INTERNAL = 3,   /* resource limit or internal error */
};

/* The version string, e.g. "0.1.0". */
const char *bc_version(void);

/* Run the bootcheck command line; returns an enum bc_exit value. */
int bc_cli_main(int argc, char **argv);

#endif /* BOOTCHECK_CHECKER_H */
