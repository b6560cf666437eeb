/*
** db.h - the verdict history: a versioned SQLite database of check runs
** (schema in docs/db.md). checker/history/db.c stores and loads runs; the commands
** that use it (`check --db`, `regress`, `history`, `show`) are in
** checker/cli/.
*/
#ifndef BOOTCHECK_CHECKER_DB_H
#define BOOTCHECK_CHECKER_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/explore.h"
#include "bootcheck/model.h"

/* The schema this build writes (PRAGMA user_version) and the marker that
** says a database is ours (PRAGMA application_id, "bcdb"). */
#define BC_DB_SCHEMA_VERSION 3
#define BC_DB_APPLICATION_ID 1650680930 /* 0x62636462 */

/* The stored renderings of a run (table rendering, docs/db.md). */
enum bc_db_rendering {
  BC_DB_TEXT,        /* "text": UTF-8 marks, no colour */
  BC_DB_TEXT_ASCII,  /* "text-ascii": --ascii */
  BC_DB_MARKDOWN,    /* "markdown" */
  BC_DB_JSON,        /* "json" */
  BC_DB_NRENDER
};
extern const char *const bc_db_rendering_name[BC_DB_NRENDER];

/* Errors of the bc_db_* functions (negative). */
enum {
  BC_DB_ERROR = -1,   /* SQLite or I/O error; see bc_db_errmsg */
  BC_DB_NOTFOUND = -2 /* no such run / no baseline */
};

/* An open history database. Opaque. */
struct bc_db;

enum bc_db_mode {
  BC_DB_READ,  /* the file must exist; nothing is created */
  BC_DB_WRITE, /* created (with its schema) when missing or empty */
};

/*
** Open the database at 'path', checking before anything is written that it
** is a bootcheck database of a schema this build knows (older schemas are
** migrated, a newer one is refused), and switch it to WAL mode. A file that
** is not SQLite, or an SQLite database of another application, is refused
** and left untouched. Waits for other writers (busy timeout and retries).
** On success stores the handle in *ret_db (close with bc_db_close) and
** returns 0; on failure returns BC_DB_ERROR with a one-line message in
** 'err' (naming the file) and leaves *ret_db untouched.
*/
int bc_db_open(const char *path, enum bc_db_mode mode, struct bc_db **ret_db,
               char *err, size_t errlen);
/* Close 'db' (NULL does nothing). */
void bc_db_close(struct bc_db *db);
/* The message of the last failed call on 'db' (SQLite's errmsg and what
** was being done); "" when none. Borrowed until the next call. */
const char *bc_db_errmsg(const struct bc_db *db);
/* The schema version of the open database (after migration). */
int bc_db_schema_version(const struct bc_db *db);

/*
** One recorded run: one spec checked in every selected configuration.
** When recording, every string is borrowed from the caller; when loaded by
** bc_db_load/bc_db_history, every string is owned by the struct (release
** with bc_db_run_release). NULL strings are SQL NULL.
*/
struct bc_db_run {
  int64_t id;                /* run number (set by bc_db_record) */
  const char *recorded_at;   /* UTC "YYYY-MM-DDTHH:MM:SSZ" (set on record) */
  const char *version;       /* bootcheck version */
  const char *command;       /* "check" or "regress" */
  const char *spec_file;     /* the path as given on the command line */
  const char *spec_key;      /* identity: path in its git repository, or
                                absolute path outside one */
  const char *spec_name;     /* the spec's `spec` name */
  const char *spec_sha256;   /* 64 lowercase hex digits of the source */
  const char *source;        /* the spec's text (record only; may be NULL) */
  size_t source_len;
  const char *defines;       /* -D overrides as a JSON object, names sorted:
                                with spec_key, what a baseline must match */
  const char *constants;     /* every constant's value, JSON object */
  const char *git_commit;    /* HEAD of the spec's repository, or NULL */
  int git_dirty;             /* spec differs from HEAD: 1, 0; -1 unknown */
  const char *options;       /* exploration options, JSON object */
  const char *baseline_kind; /* "run", "expect", or NULL: not compared */
  int64_t baseline_run;      /* the run compared against, 0 none */
  const char *outcome;       /* "pass", "fail", "incomplete" or "error" */
  int exit_code;             /* the exit status this spec would give */
  double seconds;            /* exploration time over all configurations */
  const char *report;        /* the JSON document (bc_report_json); loaded
                                only when asked for */
  /* the report as `check --no-timing` printed it, per format (NULL: not
  ** stored); loaded with the report */
  const char *rendering[4];  /* BC_DB_NRENDER, by enum bc_db_rendering */
  size_t nconstraints;       /* constraint_body: per constraint of the */
  const char **constraint_body; /* report, its body as written */
  size_t nwhere;             /* record only: `where` results stored */
  const struct bc_db_where *where; /* with the run (regress --where) */
  /* loaded by bc_db_history only: */
  const char *violated;      /* "cfg{C1,C2} cfg2{C3}", "" when none */
  int64_t nflips;            /* cells whose status differs from baseline */
  int64_t nfailed;           /* cells that failed the comparison */
};

/* A `where` result recorded with a run (regress --where, docs/db.md). */
struct bc_db_where {
  const char *placement;
  int exit_code;             /* where's exit status */
  const char *legal;         /* JSON array: the legal points' hooks
                                ("proc.step"), in timeline order */
  const char *windows;       /* JSON array of [first hook, last hook] */
  const char *report;        /* where's JSON document */
};

/* Per (configuration, constraint) of a recorded report, in report order
** (configuration-major): the comparison with the baseline. */
struct bc_db_cell {
  const char *baseline_status; /* status in the baseline (or the expected
                                  one), NULL when the baseline has none */
  bool failed;                 /* a flip into violation or an unmet
                                  expectation */
};

/*
** Record 'run' (its report must be the JSON document of the run) with
** 'cells' (NULL: no comparison; else one per configuration x constraint of
** the report) in one transaction, retried while other processes hold the
** lock. Sets run->id. Returns 0, or BC_DB_ERROR (nothing is written).
*/
int bc_db_record(struct bc_db *db, struct bc_db_run *run,
                 const struct bc_db_cell *cells);

/*
** The run a new run of (spec_key, defines) is compared with by default:
** the latest one whose outcome was "pass". Returns 0 and sets *ret_id,
** BC_DB_NOTFOUND when there is none, or BC_DB_ERROR.
*/
int bc_db_find_baseline(struct bc_db *db, const char *spec_key,
                        const char *defines, int64_t *ret_id);

/* The id of the latest run of any spec, like bc_db_find_baseline. */
int bc_db_latest(struct bc_db *db, int64_t *ret_id);

/*
** Load run 'id' into *ret (with its report and constraint bodies when
** 'with_report'). Returns 0, BC_DB_NOTFOUND or BC_DB_ERROR; *ret is
** filled only on success.
*/
int bc_db_load(struct bc_db *db, int64_t id, bool with_report,
               struct bc_db_run *ret);
/*
** The `where` result recorded with run 'id' for 'placement': sets
** *ret_legal (the JSON array, caller frees) and *ret_exit. Returns 0,
** BC_DB_NOTFOUND (none recorded) or BC_DB_ERROR.
*/
int bc_db_load_where(struct bc_db *db, int64_t id, const char *placement,
                     char **ret_legal, int *ret_exit);
/* Free what bc_db_load or bc_db_history stored in 'r'. */
void bc_db_run_release(struct bc_db_run *r);

/*
** Call 'fn' for each recorded run of 'spec_key' (any defines), oldest
** first, with its metadata, violated cells and flip counts (no report).
** The run is valid during the call only. Stops when 'fn' returns non-zero.
** Returns 0 or BC_DB_ERROR.
*/
int bc_db_history(struct bc_db *db, const char *spec_key,
                  int (*fn)(void *ctx, const struct bc_db_run *r),
                  void *ctx);

/* ------------------------------------------------ spec identity helpers */

/* The SHA-256 of 'len' bytes at 'data' as 64 lowercase hex digits and a
** NUL into 'hex' (65 bytes). */
void bc_db_sha256_hex(const void *data, size_t len, char hex[65]);

#endif /* BOOTCHECK_CHECKER_DB_H */
