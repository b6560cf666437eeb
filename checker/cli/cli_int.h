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

struct bc_explore_opts;

/*
** The search options shared by check and regress: --workers N,
** --max-states N, --max-memory SIZE, --time-limit SECS, --fingerprint,
** --no-symmetry. If argv[*i] is one, apply it to 'eo' (taking its value
** from argv[*i + 1] and advancing *i) and return 1; return 0 if it is not
** one; print and return -1 if its value is bad. --workers 0 means the
** cores available.
*/
int bc_cli_search_option(int argc, char **argv, int *i,
                         struct bc_explore_opts *eo);

/* Do paths 'a' and 'b' name one file? The same device and inode when both
** exist; when neither does, the same absolute path once the directories'
** symlinks are resolved. (checker/cli/paths.c) */
bool bc_cli_same_file(const char *a, const char *b);

/*
** An output file ('out', given with option 'opt'; NULL: none) must not be
** an input: one of the 'nspecs' specs, or the history database 'db' (NULL:
** none) or SQLite's -wal, -shm or -journal beside it. Prints why and
** returns -1 when it is; 0 otherwise. Call before anything is opened for
** writing.
*/
int bc_cli_refuse_output(const char *opt, const char *out,
                         const char *const *specs, size_t nspecs,
                         const char *db);

/* Open the history database 'path' for writing and close it again (or,
** when it does not exist, check that its directory takes a new file):
** before a search, so that a database the run could not be recorded in is
** refused at once. Prints why and returns -1 when it is not usable. */
int bc_cli_db_usable(const char *path);

/* From now on SIGINT and SIGTERM stop the searches as a limit would (see
** bc_explore_signal); a second one ends the process. (interrupt.c) */
void bc_cli_catch_signals(void);

#endif /* BOOTCHECK_CLI_INT_H */
