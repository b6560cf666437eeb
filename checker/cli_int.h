/*
** cli_int.h - command-line helpers shared by the commands (cli.c,
** regress.c).
*/
#ifndef BOOTCHECK_CLI_INT_H
#define BOOTCHECK_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "bootcheck/model.h"

/* "512M", "4G", "100k", "123": bytes into *ret; false if malformed. */
bool bc_cli_parse_size(const char *s, size_t *ret);

/* Append -D NAME=VALUE to defs[*ndefs] (at most 'max'); the name and value
** are one heap copy owned by defs[i].name (free that). Prints and returns
** false when malformed or full. */
bool bc_cli_add_define(struct bc_define *defs, size_t *ndefs, size_t max,
                       const char *nv);

#endif /* BOOTCHECK_CLI_INT_H */
