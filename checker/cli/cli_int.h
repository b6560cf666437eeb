/*
** cli_int.h - what the commands share: one option table and parser for
** every command (options.c), the spec's identity in the history
** (specid.c), the comparison with a baseline (compare.c), JUnit XML
** (junit.c), and the commands (cli.c: list, check; regress.c: regress,
** history, show and the recording of a run).
*/
#ifndef BOOTCHECK_CLI_INT_H
#define BOOTCHECK_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bootcheck/model.h"
#include "check/check.h"
#include "history/db.h"

/* The commands, as bits: an option lists the commands that take it. */
enum {
  BC_CMD_LIST = 1,
  BC_CMD_CHECK = 2,
  BC_CMD_REGRESS = 4,
  BC_CMD_HISTORY = 8,
  BC_CMD_SHOW = 16,
  BC_CMD_EXPORT = 32,
  BC_CMD_WHERE = 64,
  BC_CMD_ORDER = 128,
};

/* The parsed command line of any command. */
struct bc_cli_args {
  const char **operands;      /* SPEC... or RUN */
  size_t noperands;
  struct bc_define defs[64];  /* -D as given (values may be sweeps) */
  size_t ndefs;
  struct bc_check_opts co;    /* search options, --placement, windows */
  const char *format;         /* text, json, markdown */
  const char *output;
  const char *db;
  const char *color;          /* auto, always, never */
  const char *baseline;       /* regress --baseline */
  const char *junit;          /* regress --junit */
  const char *columns;        /* --columns C1,C2,...: matrix order */
  const char *to;             /* export --to murphi|promela */
  bool no_timing, ascii, quiet;
  bool dump, dump_c;          /* list --dump-bytecode, --dump-c */
  const char *processes[64];  /* where, order --process */
  size_t nprocesses;
  bool counterexamples;       /* where --counterexamples */
  const char *wheres[16];     /* regress --where PLACEMENT */
  size_t nwheres;
  bool no_share;              /* where --no-share: one search per candidate */
  char *placements_buf;       /* co.placements joined from repeated ones */
};

/*
** Parse argv[1..argc) for command 'cmd' (a BC_CMD_ bit) with the one
** option table (options.c). Returns 0, or -1 after a message on a usage
** error. Release *a with bc_cli_args_release in both cases.
*/
int bc_cli_parse(int argc, char **argv, unsigned cmd, struct bc_cli_args *a);
void bc_cli_args_release(struct bc_cli_args *a);
/* Every command's start: print 'help' and set *ret_exit to 0 for --help
** or -h, or parse into *a (a usage error prints 'help' to stderr and sets
** *ret_exit to 2). True when the command goes on (release *a then). */
bool bc_cli_begin(int argc, char **argv, unsigned cmd, const char *help,
                  struct bc_cli_args *a, int *ret_exit);


/* The -D values of 'p' that differ from the spec (compiled values, names
** sorted) as a JSON object, and every constant as one; caller frees. */
char *bc_cli_defines_json(const struct bc_program *p);
char *bc_cli_constants_json(const struct bc_program *p);
/* " -D A=1 -D B=true" for a defines object (JSON text), "" for none. */
void bc_cli_defines_text(const char *json, char *buf, size_t len);

/* ------------------------------------------------ specid.c */

/*
** Where a spec lives: its absolute path, the root of its repository (the
** git top level above it, else its own directory: the default database
** goes there), its key in the history (the path below the git top level,
** or the absolute path outside git), and the git state when known.
*/
struct bc_spec_id {
  char *abs, *root, *key;
  bool in_git;
  char *commit; /* HEAD, or NULL */
  int dirty;    /* the spec differs from HEAD: 1/0, -1 unknown */
};

/* Identify 'path'; with 'git' also ask git for HEAD and the dirty bit.
** Returns 0, or -1 with a message on stderr. */
int bc_spec_identify(const char *path, bool git, struct bc_spec_id *ret);
void bc_spec_id_release(struct bc_spec_id *s);

/* The database to use: --db, else $BOOTCHECK_DB, else bootcheck.db in
** 'root' (NULL root: the git top level of the current directory, else the
** current directory). Caller frees. */
char *bc_db_path(const char *opt, const char *root);
/* Create the folders above 'path' (mkdir -p of its directory). */
int bc_mkdir_parents(const char *path);
/* The exploration options recorded with a run, as a JSON object. */
char *bc_cli_options_json(const char *command,
                          const struct bc_explore_opts *eo,
                          const char *placements);
char *bc_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------ compare.c */

struct cJSON;
struct bc_report_opts;

enum bc_baseline_mode { BC_BASE_LATEST, BC_BASE_RUN, BC_BASE_EXPECT };

/* What one check's comparison with its baseline found. */
struct bc_verdicts {
  size_t ncfg, ncons;
  struct bc_db_cell *cells;   /* ncfg * ncons, for bc_db_record */
  const char **expected;      /* ncfg * ncons: the expect lines' status */
  char **msg;                 /* ncfg * ncons: "cfg C1: holds -> VIOLATED"
                                 for a cell that changed or failed, else
                                 NULL */
  unsigned flips_into, fixed, unmet, to_unknown, changed, new_cells, removed;
  unsigned failed;
};

/*
** Compare a check with the baseline: the stored document 'base'
** (BC_BASE_LATEST/RUN; NULL when there is none) or the spec's expect lines
** (BC_BASE_EXPECT). Prints each flip with the new counterexample (as
** `check` prints it) to 'out' (NULL: silent) and fills *v.
*/
void bc_compare(const struct bc_check *ck, const struct cJSON *base,
                enum bc_baseline_mode mode, FILE *out,
                const struct bc_report_opts *ro, struct bc_verdicts *v);
void bc_verdicts_release(struct bc_verdicts *v);
/* "VIOLATED" for "violated", "(none)" for NULL, else the status. */
const char *bc_shout(const char *status);

/* ------------------------------------------------ junit.c */

/* One spec's <testsuite>, built while the spec is compared. */
struct bc_junit_suite {
  char *name, *timestamp;
  double seconds;
  unsigned tests, failures, errors, skipped;
  char *props; /* <property> elements */
  char *body;  /* <testcase> elements */
};

struct bc_junit {
  struct bc_junit_suite *v;
  size_t n, cap;
};

struct bc_junit_suite *bc_junit_add(struct bc_junit *j, const char *name);
/* Append a <testcase>; 'kind' is NULL (passed), "failure", "error" or
** "skipped", with 'type', 'message' and 'text' (the element's content). */
void bc_junit_case(struct bc_junit_suite *s, FILE *body, const char *cls,
                   const char *name, double seconds, const char *kind,
                   const char *type, const char *message, const char *text,
                   const char *sysout);
void bc_junit_prop(FILE *props, const char *name, const char *value);
/* The testcases of one check: one per configuration x constraint. */
void bc_junit_check(struct bc_junit_suite *s, FILE *body,
                    const struct bc_check *ck, const struct bc_verdicts *v,
                    enum bc_baseline_mode mode,
                    const struct bc_report_opts *ro);
/* Write every suite to 'path' (through a temporary file and a rename).
** Returns 0 or -1 after a message. */
int bc_junit_write(const struct bc_junit *j, const char *path);
void bc_junit_release(struct bc_junit *j);

/* ------------------------------------------------ commands */

/* `check --db`/regress: record 'ck' in 'db' (command "check" or
** "regress"); 'base' describes the baseline (NULL kind: none) and 'cells'
** the comparison (NULL: none); 'where' the `where` results recorded with
** it (regress --where; NULL and 0: none). Sets *ret_id. Returns 0, or -1 after a
** message. */

int bc_cli_record(struct bc_db *db, const char *command,
                  const struct bc_check *ck, const struct bc_spec_id *id,
                  const struct bc_cli_args *a, const char *baseline_kind,
                  int64_t baseline_run, const struct bc_db_cell *cells,
                  const struct bc_db_where *where, size_t nwhere,
                  int64_t *ret_id);

/* Render one check in the format and options of 'a' (shared by check and
** the renderings stored for show). 'color' applies to text only. */
void bc_cli_render(FILE *out, const struct bc_check *ck,
                   const char *format, bool ascii, bool color,
                   bool no_timing, const size_t *order);
/* Does the user's locale use UTF-8? (Else check and show print --ascii.) */
bool bc_cli_utf8_locale(void);
/* The --columns order for 'p' into order[nconstraints]: the listed ids
** first, the others after in declaration order. False after a message
** when an id is not a constraint of 'p'. */
bool bc_cli_column_order(const struct bc_program *p, const char *list,
                         size_t *order);

/* The history database for `check --db` and regress ('opt', else
** $BOOTCHECK_DB, else beside 'spec'), its folder created, opened for
** writing before any search so that a foreign file is refused at once.
** With 'lazy', a database that does not exist yet is not created: NULL is
** returned with *ret_path set (free it) once its folder is known to take
** it, and the caller opens it when it has a run to record. NULL with
** *ret_path NULL after a message. */
struct bc_db *bc_cli_open_db(const char *opt, const char *spec, bool lazy,
                             char **ret_path);

/* Commands (regress.c). */
int bc_cmd_regress(int argc, char **argv);
int bc_cmd_history(int argc, char **argv);
int bc_cmd_show(int argc, char **argv);
/* where.c */
int bc_cmd_where(int argc, char **argv);
/* order.c */
int bc_cmd_order(int argc, char **argv);

/* Do paths 'a' and 'b' name one file? The same device and inode when both
** exist; when neither does, the same absolute path once the directories'
** symlinks are resolved. (checker/cli/paths.c) */
bool bc_cli_same_file(const char *a, const char *b);

/*
** Load and compile the spec at 'path' with the -D values 'defs' (and the
** syntax-tree edit 'edit', NULL: none), printing the diagnostics on
** stderr. Returns the program (caller frees it with bc_program_free), or
** NULL when the spec cannot be read or does not compile (exit status 2).
*/
struct bc_program *bc_cli_compile(const char *path,
                                  const struct bc_define *defs, size_t ndefs,
                                  bc_ast_edit_fn edit, void *edit_arg);

/*
** An output file ('out', given with option 'opt'; NULL: none) must not be
** an input: one of the 'nspecs' specs, or the history database 'db' (NULL:
** none) or SQLite's -wal, -shm or -journal beside it; and, when there is
** an output, every spec must be readable (so a mistyped spec does not
** truncate the output). Prints why and returns -1 when it is; 0
** otherwise. Call before anything is opened for writing.
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
/* The handlers bc_cli_catch_signals replaced, back (bc_cli_main's end). */
void bc_cli_release_signals(void);

#endif /* BOOTCHECK_CLI_INT_H */
