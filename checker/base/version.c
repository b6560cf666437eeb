/*
** version.c - the version string, for every layer that prints or records
** it (the CLI, the JSON report, the verdict history).
*/
#include "bootcheck/checker.h"

const char *bc_version(void) { return BC_VERSION; }
