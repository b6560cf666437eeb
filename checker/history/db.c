/*
** db.c - the verdict history in SQLite: opening a database with checks and
** migrations, recording one run in one transaction, loading runs back.
** The schema is documented in docs/db.md; checker/cli/regress.c holds the
** commands that use it.
*/
#include "history/db.h"

#include "bootcheck/arena.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BC_STR_(x) #x
#define BC_STR(x) BC_STR_(x)

/* How long one statement waits for a lock held by another process, and how
** often a whole transaction is retried when SQLite gives up anyway (a lock
** upgrade, WAL recovery): about a minute in all. */
#define BUSY_TIMEOUT_MS 5000
#define MAX_RETRIES 12

struct bc_db {
  sqlite3 *h;
  char *path;
  int version;
  bool readonly;
  char err[1024];
};

/* ------------------------------------------------------------- schema */

/*
** migrations[v] takes a database from schema version v to v + 1, inside
** the caller's transaction, and sets PRAGMA user_version itself. Append
** only: a released migration is never edited (docs/db.md).
*/
static const char *const migrations[] = {
    /* 0 -> 1: the first schema */
    "CREATE TABLE source (\n"
    "  sha256 TEXT PRIMARY KEY,\n"
    "  text   BLOB NOT NULL\n"
    ");\n"
    "CREATE TABLE run (\n"
    "  id            INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  recorded_at   TEXT NOT NULL,\n"
    "  version       TEXT NOT NULL,\n"
    "  command       TEXT NOT NULL,\n"
    "  spec_file     TEXT NOT NULL,\n"
    "  spec_key      TEXT NOT NULL,\n"
    "  spec_name     TEXT NOT NULL,\n"
    "  spec_sha256   TEXT NOT NULL REFERENCES source(sha256),\n"
    "  defines       TEXT NOT NULL,\n"
    "  constants     TEXT NOT NULL,\n"
    "  git_commit    TEXT,\n"
    "  git_dirty     INTEGER,\n"
    "  options       TEXT NOT NULL,\n"
    "  baseline_kind TEXT CHECK (baseline_kind IN ('run', 'expect')),\n"
    "  baseline_run  INTEGER REFERENCES run(id) ON DELETE SET NULL,\n"
    "  outcome       TEXT NOT NULL\n"
    "                CHECK (outcome IN ('pass', 'fail', 'incomplete', "
    "'error')),\n"
    "  exit_code     INTEGER NOT NULL,\n"
    "  seconds       REAL NOT NULL,\n"
    "  report        TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX run_by_spec ON run(spec_key, defines, outcome, id);\n"
    "CREATE TABLE run_constraint (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  ord    INTEGER NOT NULL,\n"
    "  id     TEXT NOT NULL,\n"
    "  title  TEXT NOT NULL,\n"
    "  kind   TEXT NOT NULL,\n"
    "  body   TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, ord)\n"
    ");\n"
    "CREATE TABLE config (\n"
    "  run_id           INTEGER NOT NULL REFERENCES run(id) ON DELETE "
    "CASCADE,\n"
    "  ord              INTEGER NOT NULL,\n"
    "  name             TEXT NOT NULL,\n"
    "  bindings         TEXT NOT NULL,\n"
    "  complete         INTEGER NOT NULL,\n"
    "  stop             TEXT NOT NULL,\n"
    "  has_expect       INTEGER NOT NULL,\n"
    "  as_expected      INTEGER NOT NULL,\n"
    "  generated        INTEGER NOT NULL,\n"
    "  distinct_states  INTEGER NOT NULL,\n"
    "  diameter         INTEGER NOT NULL,\n"
    "  queue            INTEGER NOT NULL,\n"
    "  seconds          REAL NOT NULL,\n"
    "  peak_rss         INTEGER NOT NULL,\n"
    "  store_bytes      INTEGER NOT NULL,\n"
    "  fingerprint_only INTEGER NOT NULL,\n"
    "  collision_bound  REAL NOT NULL,\n"
    "  error            TEXT,\n"
    "  PRIMARY KEY (run_id, ord),\n"
    "  UNIQUE (run_id, name)\n"
    ");\n"
    "CREATE TABLE result (\n"
    "  run_id          INTEGER NOT NULL REFERENCES run(id) ON DELETE "
    "CASCADE,\n"
    "  config          TEXT NOT NULL,\n"
    "  constraint_id   TEXT NOT NULL,\n"
    "  status          TEXT NOT NULL\n"
    "                  CHECK (status IN ('holds', 'violated', 'unknown')),\n"
    "  trace           TEXT,\n"
    "  note            TEXT,\n"
    "  baseline_status TEXT,\n"
    "  failed          INTEGER NOT NULL DEFAULT 0,\n"
    "  PRIMARY KEY (run_id, config, constraint_id)\n"
    ");\n"
    "PRAGMA application_id = " BC_STR(BC_DB_APPLICATION_ID) ";\n"
    "PRAGMA user_version = 1;\n",
    /* 1 -> 2: the reports as `check --no-timing` printed them, so that
    ** `show` prints them again byte for byte */
    "CREATE TABLE rendering (\n"
    "  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  format TEXT NOT NULL,\n"
    "  body   TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, format)\n"
    ");\n"
    "PRAGMA user_version = 2;\n",
    /* 2 -> 3: `where` results recorded by regress --where, so that a
    ** window that narrows or empties is a flip */
    "CREATE TABLE where_result (\n"
    "  run_id    INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,\n"
    "  placement TEXT NOT NULL,\n"
    "  exit_code INTEGER NOT NULL,\n"
    "  legal     TEXT NOT NULL,\n"
    "  windows   TEXT NOT NULL,\n"
    "  report    TEXT NOT NULL,\n"
    "  PRIMARY KEY (run_id, placement)\n"
    ");\n"
    "PRAGMA user_version = 3;\n",
};

_Static_assert(sizeof migrations / sizeof migrations[0] ==
                   BC_DB_SCHEMA_VERSION,
               "one migration per schema version");

/* ------------------------------------------------------------- errors */

static bool is_busy(int rc) {
  rc &= 0xff;
  return rc == SQLITE_BUSY || rc == SQLITE_LOCKED;
}

/* Record "PATH: WHAT: sqlite's message" as the error of 'db'; returns rc. */
static int seterr(struct bc_db *db, int rc, const char *what) {
  const char *msg = db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
  int prim = rc & 0xff;
  const char *hint = "";
  if (prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB)
    hint = " (the database is damaged; bootcheck wrote nothing to it: move "
           "it away or restore it from a backup)";
  else if (is_busy(rc))
    hint = " (another process kept the database locked)";
  snprintf(db->err, sizeof db->err, "%s: %s: %s%s", db->path, what, msg, hint);
  return rc;
}

const char *bc_db_errmsg(const struct bc_db *db) { return db->err; }

int bc_db_schema_version(const struct bc_db *db) { return db->version; }

/* ------------------------------------------------ statements, retries */

static int prep(struct bc_db *db, const char *sql, sqlite3_stmt **ret) {
  int rc = sqlite3_prepare_v2(db->h, sql, -1, ret, NULL);
  if (rc != SQLITE_OK) {
    *ret = NULL;
    return seterr(db, rc, "preparing a statement");
  }
  return SQLITE_OK;
}

/* Step a statement that returns no row to SQLITE_DONE, then reset it for
** the next use. Returns SQLITE_OK or the error. */
static int step_done(struct bc_db *db, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  if (rc != SQLITE_DONE) {
    if (rc == SQLITE_ROW)
      rc = SQLITE_MISUSE;
    seterr(db, rc, what);
    sqlite3_reset(st);
    return rc;
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  return SQLITE_OK;
}

/* Run each statement of 'script' (no parameters) in turn. Every statement
** is prepared, stepped until SQLITE_DONE and finalized. */
static int exec_script(struct bc_db *db, const char *script,
                       const char *what) {
  const char *sql = script;
  while (sql && *sql) {
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, &tail);
    if (rc != SQLITE_OK)
      return seterr(db, rc, what);
    if (!st) /* only whitespace or a comment was left */
      break;
    do
      rc = sqlite3_step(st);
    while (rc == SQLITE_ROW);
    if (rc != SQLITE_DONE) {
      seterr(db, rc, what);
      sqlite3_finalize(st);
      return rc;
    }
    sqlite3_finalize(st);
    sql = tail;
  }
  return SQLITE_OK;
}

/* Run one statement returning one integer (a PRAGMA or a count). */
static int query_int(struct bc_db *db, const char *sql, int64_t *ret,
                     const char *what) {
  sqlite3_stmt *st;
  int rc = prep(db, sql, &st);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *ret = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    *ret = 0;
    rc = SQLITE_OK;
  } else {
    seterr(db, rc, what);
  }
  sqlite3_finalize(st);
  return rc;
}

static void rollback(struct bc_db *db) {
  if (sqlite3_get_autocommit(db->h))
    return;
  /* keep the first error's message: ROLLBACK errors are secondary */
  char keep[sizeof db->err];
  memcpy(keep, db->err, sizeof keep);
  exec_script(db, "ROLLBACK", "rolling back");
  memcpy(db->err, keep, sizeof keep);
}

static void sleep_ms(unsigned ms) {
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
    ;
}

/* Run 'fn' (a whole transaction that rolls itself back on failure) and run
** it again, after a randomised pause, while it fails because another
** process holds a lock. Returns fn's last SQLite code. */
static int with_retry(struct bc_db *db, int (*fn)(struct bc_db *, void *),
                      void *ctx) {
  unsigned seed = (unsigned)getpid() * 2654435761u;
  for (int attempt = 0;; attempt++) {
    int rc = fn(db, ctx);
    if (!is_busy(rc) || attempt == MAX_RETRIES)
      return rc;
    rollback(db);
    seed = seed * 1103515245u + 12345u;
    sleep_ms(20u + (seed >> 16) % (50u * (unsigned)(attempt + 1)));
  }
}

/* ------------------------------------------------------------- opening */

struct inspect {
  int64_t app_id, version, nobjects;
};

static int read_markers(struct bc_db *db, struct inspect *in) {
  int rc = query_int(db, "PRAGMA application_id", &in->app_id,
                     "reading the database header");
  if (rc == SQLITE_OK)
    rc = query_int(db, "PRAGMA user_version", &in->version,
                   "reading the schema version");
  if (rc == SQLITE_OK)
    rc = query_int(db, "SELECT count(*) FROM sqlite_master", &in->nobjects,
                   "reading the schema");
  return rc;
}

/* Read the three markers from one snapshot (another process may be
** creating the schema meanwhile). */
static int inspect_once(struct bc_db *db, void *ctx) {
  struct inspect *in = ctx;
  int rc = exec_script(db, "BEGIN", "starting a read");
  if (rc != SQLITE_OK)
    return rc;
  rc = read_markers(db, in);
  if (rc == SQLITE_OK)
    rc = exec_script(db, "COMMIT", "ending a read");
  if (rc != SQLITE_OK)
    rollback(db);
  return rc;
}

/* Refuse a database we must not write to; 0 when it is ours (or empty). */
static int judge(struct bc_db *db, const struct inspect *in) {
  if (in->version > BC_DB_SCHEMA_VERSION &&
      in->app_id == BC_DB_APPLICATION_ID) {
    snprintf(db->err, sizeof db->err,
             "%s: written by a newer bootcheck (schema version %lld; "
             "bootcheck %s knows versions up to %d): upgrade bootcheck or "
             "use another --db file",
             db->path, (long long)in->version, BC_VERSION,
             BC_DB_SCHEMA_VERSION);
    return -1;
  }
  bool fresh = in->app_id == 0 && in->version == 0 && in->nobjects == 0;
  if (in->app_id != BC_DB_APPLICATION_ID && !fresh) {
    snprintf(db->err, sizeof db->err,
             "%s: an SQLite database of another application "
             "(application_id %lld, user_version %lld, %lld schema "
             "objects), not a bootcheck history; refusing to use it",
             db->path, (long long)in->app_id, (long long)in->version,
             (long long)in->nobjects);
    return -1;
  }
  return 0;
}

static int migrate_once(struct bc_db *db, void *ctx) {
  (void)ctx;
  int rc = exec_script(db, "BEGIN IMMEDIATE", "locking the database");
  if (rc != SQLITE_OK)
    return rc;
  /* another process may have migrated it while we waited for the lock */
  struct inspect in;
  rc = read_markers(db, &in);
  if (rc == SQLITE_OK && judge(db, &in) != 0)
    rc = SQLITE_ERROR;
  for (int64_t v = in.version; rc == SQLITE_OK && v < BC_DB_SCHEMA_VERSION;
       v++)
    rc = exec_script(db, migrations[v], "creating or upgrading the schema");
  if (rc == SQLITE_OK)
    rc = exec_script(db, "COMMIT", "committing the schema");
  if (rc != SQLITE_OK) {
    rollback(db);
    return rc;
  }
  db->version = BC_DB_SCHEMA_VERSION;
  return SQLITE_OK;
}

/* PRAGMA quick_check: every page is read, so that a damaged database is
** reported before a long check rather than when its result is recorded. */
static int quick_check_once(struct bc_db *db, void *ctx) {
  (void)ctx;
  sqlite3_stmt *st;
  int rc = prep(db, "PRAGMA quick_check(1)", &st);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *res = (const char *)sqlite3_column_text(st, 0);
    if (res && strcmp(res, "ok")) {
      char flat[256];
      snprintf(flat, sizeof flat, "%s", res);
      for (char *c = flat; *c; c++)
        if (*c == '\n')
          *c = ' ';
      snprintf(db->err, sizeof db->err,
               "%s: the database is damaged (%s); bootcheck wrote nothing "
               "to it: move it away or restore it from a backup",
               db->path, flat);
      rc = SQLITE_CORRUPT;
    } else {
      rc = SQLITE_OK;
    }
  } else {
    seterr(db, rc, "checking the database");
  }
  sqlite3_finalize(st);
  return rc;
}

static int wal_once(struct bc_db *db, void *ctx) {
  (void)ctx;
  return exec_script(db, "PRAGMA journal_mode = WAL",
                     "switching to WAL mode");
}

/* Before SQLite sees the file: a non-empty file must start with SQLite's
** magic string, so that a file that is not a database is never touched.
** Sets *empty when the file is missing (write mode) or empty, and *wal when
** its header says WAL mode (read and write format versions 2). */
static int check_header(const char *path, enum bc_db_mode mode, bool *empty,
                        bool *wal, char *err, size_t errlen) {
  struct stat st;
  *empty = *wal = false;
  if (stat(path, &st) != 0) {
    if (errno == ENOENT && mode == BC_DB_WRITE) {
      *empty = true;
      return 0;
    }
    if (errno == ENOENT)
      snprintf(err, errlen, "%s: no such file (no run recorded there yet; "
                            "--db names another)", path);
    else
      snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  if (!S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "%s: not a regular file", path);
    return -1;
  }
  if (st.st_size == 0) {
    *empty = true;
    return 0;
  }
  static const char magic[16] = "SQLite format 3";
  unsigned char head[100];
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return -1;
  }
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0) {
    snprintf(err, errlen, "%s: not an SQLite database (no SQLite header); "
                          "refusing to use it, nothing was written", path);
    return -1;
  }
  *wal = head[18] == 2 || head[19] == 2;
  return 0;
}

/* The size of PATH + SUFFIX (a side file), or -1 when it does not exist. */
static long long side_size(const char *path, const char *suffix) {
  size_t n = strlen(path), m = strlen(suffix);
  char *side = bc_xmalloc(n + m + 1);
  memcpy(side, path, n);
  memcpy(side + n, suffix, m + 1);
  struct stat st;
  long long size = stat(side, &st) == 0 ? (long long)st.st_size : -1;
  free(side);
  return size;
}

/* An SQLite URI naming 'path' with the query 'params' (every byte of the
** path but letters, digits and "/._-~" percent-encoded). Caller frees. */
static char *file_uri(const char *path, const char *params) {
  size_t n = strlen(path);
  char *uri = bc_xmalloc(8 + 3 * n + strlen(params) + 2);
  char *o = uri;
  o += sprintf(o, "%s", path[0] == '/' ? "file://" : "file:");
  for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
    if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
        (*c >= '0' && *c <= '9') || strchr("/._-~", *c))
      *o++ = (char)*c;
    else
      o += sprintf(o, "%%%02X", *c);
  }
  sprintf(o, "?%s", params);
  return uri;
}

/*
** Open db->path read-only so that nothing can be written, neither to the
** file nor beside it: SQLite's read-only mode when the write-ahead log and
** its index both exist (it then reads the log's frames too, and neither
** rolls back a hot journal nor checkpoints on closing), else "immutable"
** (no lock, no side file: only the database file is read). *unseen is set
** when a non-empty -wal could not be read (no -shm beside it: reading it
** would create one). Then read the markers. A hot rollback journal (an
** interrupted write of another program) is refused: reading would roll it
** back.
*/
static int open_readonly(struct bc_db *db, bool wal, struct inspect *in,
                         bool *unseen) {
  long long wal_size = side_size(db->path, "-wal");
  long long shm_size = side_size(db->path, "-shm");
  bool ro = !wal || (wal_size >= 0 && shm_size >= 0);
  *unseen = !ro && wal_size > 0;
  for (int attempt = 0; attempt < 2; attempt++) {
    char *uri = file_uri(db->path,
                         ro ? "mode=ro&readonly_shm=1" : "immutable=1");
    int rc = sqlite3_open_v2(uri, &db->h,
                             SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc == SQLITE_OK) {
      sqlite3_extended_result_codes(db->h, 1);
      sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
      rc = with_retry(db, inspect_once, in);
    } else {
      seterr(db, rc, "opening read-only");
    }
    if (rc == SQLITE_OK)
      return 0;
    if (rc == SQLITE_READONLY_ROLLBACK) {
      snprintf(db->err, sizeof db->err,
               "%s: has a hot rollback journal (%s-journal: a write "
               "interrupted in another program); reading it would roll that "
               "write back, so bootcheck leaves both files as they are: "
               "open it with that program or sqlite3 first", db->path,
               db->path);
      return -1;
    }
    sqlite3_close(db->h);
    db->h = NULL;
    /* the read-only mode cannot set up the log's index (a read-only
    ** directory): without a log to read, the file alone is the database */
    if (!ro || wal_size > 0)
      return -1;
    ro = false;
  }
  return -1;
}

int bc_db_open(const char *path, enum bc_db_mode mode, struct bc_db **ret_db,
               char *err, size_t errlen) {
  bool empty, wal;
  if (check_header(path, mode, &empty, &wal, err, errlen) != 0)
    return BC_DB_ERROR;
  struct bc_db *db = bc_xcalloc(1, sizeof *db);
  db->path = bc_xstrdup(path);
  int rc;
  struct inspect in;
  if (!empty) {
    /* first read-only: nothing of a file that is not ours is written, not
    ** even by SQLite's recovery or its checkpoint on closing */
    bool unseen;
    if (open_readonly(db, wal, &in, &unseen) != 0)
      goto fail;
    if (judge(db, &in) != 0)
      goto fail;
    if (unseen && in.app_id != BC_DB_APPLICATION_ID) {
      snprintf(db->err, sizeof db->err,
               "%s: has a write-ahead log (%s-wal) without its index "
               "(-shm), which cannot be read without changing it; refusing "
               "to use it, nothing was written", path, path);
      goto fail;
    }
    if (mode == BC_DB_READ) {
      if (in.version == 0) {
        snprintf(db->err, sizeof db->err, "%s: no run recorded there yet",
                 path);
        goto fail;
      }
      if (in.version < BC_DB_SCHEMA_VERSION) {
        snprintf(db->err, sizeof db->err,
                 "%s: schema version %d needs an upgrade to %d: run "
                 "bootcheck regress on it first", path, (int)in.version,
                 BC_DB_SCHEMA_VERSION);
        goto fail;
      }
      db->version = (int)in.version;
      db->readonly = true;
      *ret_db = db;
      return 0;
    }
    sqlite3_close(db->h);
    db->h = NULL;
  } else if (mode == BC_DB_READ) {
    snprintf(db->err, sizeof db->err, "%s: no run recorded there yet", path);
    goto fail;
  }

  rc = sqlite3_open_v2(path, &db->h,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK) {
    seterr(db, rc, "opening");
    goto fail;
  }
  sqlite3_extended_result_codes(db->h, 1);
  sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
  if (sqlite3_db_readonly(db->h, "main") == 1) {
    snprintf(db->err, sizeof db->err,
             "%s: read-only (%s); the run could not be recorded there: "
             "--db names another file", path,
             access(path, W_OK) != 0 ? strerror(errno) : "not writable");
    goto fail;
  }

  rc = with_retry(db, inspect_once, &in);
  if (rc != SQLITE_OK) {
    /* seterr already said what SQLite found (not a database, damaged) */
    goto fail;
  }
  if (judge(db, &in) != 0)
    goto fail;
  db->version = (int)in.version;
  if (in.version > 0) {
    rc = with_retry(db, quick_check_once, NULL);
    if (rc != SQLITE_OK)
      goto fail;
  }
  rc = with_retry(db, wal_once, NULL);
  if (rc != SQLITE_OK)
    goto fail;
  rc = exec_script(db, "PRAGMA foreign_keys = ON", "enabling foreign keys");
  if (rc != SQLITE_OK)
    goto fail;
  if (db->version < BC_DB_SCHEMA_VERSION) {
    rc = with_retry(db, migrate_once, NULL);
    if (rc != SQLITE_OK)
      goto fail;
  }
  *ret_db = db;
  return 0;

fail:
  snprintf(err, errlen, "%s", db->err);
  bc_db_close(db);
  return BC_DB_ERROR;
}

void bc_db_close(struct bc_db *db) {
  if (!db)
    return;
  sqlite3_close(db->h);
  free(db->path);
  free(db);
}

/* ------------------------------------------------------------- recording */

#define TRY(expr)                                                              \
  do {                                                                         \
    rc = (expr);                                                               \
    if (rc != SQLITE_OK)                                                       \
      goto out;                                                                \
  } while (0)

static int bind_text(sqlite3_stmt *st, int i, const char *s) {
  return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
           : sqlite3_bind_null(st, i);
}

static const char *jstr(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int jbool(const cJSON *o, const char *key) {
  return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The JSON of o[key] without whitespace (caller frees with cJSON_free),
** or NULL when absent or null. */
static char *jprint(const cJSON *o, const char *key) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if (!v || cJSON_IsNull(v))
    return NULL;
  return cJSON_PrintUnformatted(v);
}

struct record {
  struct bc_db_run *run;
  const struct bc_db_cell *cells;
  const cJSON *doc;
  char now[32];
  int64_t id;
};

static int insert_run(struct bc_db *db, struct record *r) {
  const struct bc_db_run *run = r->run;
  sqlite3_stmt *st = NULL;
  int rc;
  if (run->source) {
    TRY(prep(db, "INSERT OR IGNORE INTO source (sha256, text) VALUES (?, ?)",
             &st));
    TRY(sqlite3_bind_text(st, 1, run->spec_sha256, -1, SQLITE_TRANSIENT));
    TRY(sqlite3_bind_blob64(st, 2, run->source, run->source_len,
                            SQLITE_TRANSIENT));
  } else {
    /* the row must exist for the reference; an empty text stands in */
    TRY(prep(db, "INSERT OR IGNORE INTO source (sha256, text) VALUES (?, "
                 "x'')", &st));
    TRY(sqlite3_bind_text(st, 1, run->spec_sha256, -1, SQLITE_TRANSIENT));
  }
  TRY(step_done(db, st, "recording the spec source"));
  sqlite3_finalize(st);
  st = NULL;

  TRY(prep(db,
           "INSERT INTO run (recorded_at, version, command, spec_file, "
           "spec_key, spec_name, spec_sha256, defines, constants, "
           "git_commit, git_dirty, options, baseline_kind, baseline_run, "
           "outcome, exit_code, seconds, report) VALUES (?1, ?2, ?3, ?4, "
           "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
           &st));
  TRY(bind_text(st, 1, r->now));
  TRY(bind_text(st, 2, run->version));
  TRY(bind_text(st, 3, run->command));
  TRY(bind_text(st, 4, run->spec_file));
  TRY(bind_text(st, 5, run->spec_key));
  TRY(bind_text(st, 6, run->spec_name));
  TRY(bind_text(st, 7, run->spec_sha256));
  TRY(bind_text(st, 8, run->defines));
  TRY(bind_text(st, 9, run->constants));
  TRY(bind_text(st, 10, run->git_commit));
  TRY(run->git_dirty < 0 ? sqlite3_bind_null(st, 11)
                         : sqlite3_bind_int(st, 11, run->git_dirty));
  TRY(bind_text(st, 12, run->options));
  TRY(bind_text(st, 13, run->baseline_kind));
  TRY(run->baseline_run > 0 ? sqlite3_bind_int64(st, 14, run->baseline_run)
                            : sqlite3_bind_null(st, 14));
  TRY(bind_text(st, 15, run->outcome));
  TRY(sqlite3_bind_int(st, 16, run->exit_code));
  TRY(sqlite3_bind_double(st, 17, run->seconds));
  TRY(bind_text(st, 18, run->report));
  TRY(step_done(db, st, "recording the run"));
  r->id = sqlite3_last_insert_rowid(db->h);
out:
  sqlite3_finalize(st);
  return rc;
}

const char *const bc_db_rendering_name[BC_DB_NRENDER] = {
    "text", "text-ascii", "markdown", "json"};

static int insert_renderings(struct bc_db *db, struct record *r) {
  sqlite3_stmt *st = NULL;
  int rc;
  TRY(prep(db, "INSERT INTO rendering (run_id, format, body) VALUES (?, ?, "
               "?)", &st));
  for (int i = 0; i < BC_DB_NRENDER; i++) {
    if (!r->run->rendering[i])
      continue;
    TRY(sqlite3_bind_int64(st, 1, r->id));
    TRY(bind_text(st, 2, bc_db_rendering_name[i]));
    TRY(bind_text(st, 3, r->run->rendering[i]));
    TRY(step_done(db, st, "recording a rendering"));
  }
out:
  sqlite3_finalize(st);
  return rc;
}

static int insert_where(struct bc_db *db, struct record *r) {
  sqlite3_stmt *st = NULL;
  int rc = SQLITE_OK;
  if (!r->run->nwhere)
    return SQLITE_OK;
  TRY(prep(db, "INSERT INTO where_result (run_id, placement, exit_code, "
               "legal, windows, report) VALUES (?, ?, ?, ?, ?, ?)", &st));
  for (size_t i = 0; i < r->run->nwhere; i++) {
    const struct bc_db_where *w = &r->run->where[i];
    TRY(sqlite3_bind_int64(st, 1, r->id));
    TRY(bind_text(st, 2, w->placement));
    TRY(sqlite3_bind_int(st, 3, w->exit_code));
    TRY(bind_text(st, 4, w->legal ? w->legal : "[]"));
    TRY(bind_text(st, 5, w->windows ? w->windows : "[]"));
    TRY(bind_text(st, 6, w->report ? w->report : "{}"));
    TRY(step_done(db, st, "recording a where result"));
  }
out:
  sqlite3_finalize(st);
  return rc;
}

static int insert_constraints(struct bc_db *db, struct record *r) {
  sqlite3_stmt *st = NULL;
  int rc;
  TRY(prep(db,
           "INSERT INTO run_constraint (run_id, ord, id, title, kind, body) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           &st));
  const cJSON *cons = cJSON_GetObjectItemCaseSensitive(r->doc, "constraints");
  int i = 0;
  const cJSON *k;
  cJSON_ArrayForEach(k, cons) {
    const char *body = (size_t)i < r->run->nconstraints &&
                               r->run->constraint_body &&
                               r->run->constraint_body[i]
                           ? r->run->constraint_body[i]
                           : "";
    const char *id = jstr(k, "id"), *title = jstr(k, "title"),
               *kind = jstr(k, "kind");
    TRY(sqlite3_bind_int64(st, 1, r->id));
    TRY(sqlite3_bind_int(st, 2, i));
    TRY(bind_text(st, 3, id ? id : "?"));
    TRY(bind_text(st, 4, title ? title : ""));
    TRY(bind_text(st, 5, kind ? kind : "?"));
    TRY(bind_text(st, 6, body));
    TRY(step_done(db, st, "recording a constraint"));
    i++;
  }
out:
  sqlite3_finalize(st);
  return rc;
}

static int insert_configs(struct bc_db *db, struct record *r) {
  sqlite3_stmt *cst = NULL, *rst = NULL;
  char *bindings = NULL, *trace = NULL;
  int rc;
  TRY(prep(db,
           "INSERT INTO config (run_id, ord, name, bindings, complete, stop, "
           "has_expect, as_expected, generated, distinct_states, diameter, "
           "queue, seconds, peak_rss, store_bytes, fingerprint_only, "
           "collision_bound, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
           "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
           &cst));
  TRY(prep(db,
           "INSERT INTO result (run_id, config, constraint_id, status, "
           "trace, note, baseline_status, failed) VALUES (?1, ?2, ?3, ?4, "
           "?5, ?6, ?7, ?8)",
           &rst));
  const cJSON *cfgs =
      cJSON_GetObjectItemCaseSensitive(r->doc, "configurations");
  size_t ncons = (size_t)cJSON_GetArraySize(
      cJSON_GetObjectItemCaseSensitive(r->doc, "constraints"));
  int ord = 0;
  const cJSON *c;
  cJSON_ArrayForEach(c, cfgs) {
    const char *name = jstr(c, "name");
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stats");
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(c, "error");
    bindings = jprint(c, "bindings");
    TRY(sqlite3_bind_int64(cst, 1, r->id));
    TRY(sqlite3_bind_int(cst, 2, ord));
    TRY(bind_text(cst, 3, name ? name : "?"));
    TRY(bind_text(cst, 4, bindings ? bindings : "{}"));
    TRY(sqlite3_bind_int(cst, 5, jbool(c, "complete")));
    TRY(bind_text(cst, 6, jstr(c, "stop") ? jstr(c, "stop") : "?"));
    TRY(sqlite3_bind_int(cst, 7, jbool(c, "has_expect")));
    TRY(sqlite3_bind_int(cst, 8, jbool(c, "as_expected")));
    TRY(sqlite3_bind_int64(cst, 9, (int64_t)jnum(st, "generated")));
    TRY(sqlite3_bind_int64(cst, 10, (int64_t)jnum(st, "distinct")));
    TRY(sqlite3_bind_int64(cst, 11, (int64_t)jnum(st, "diameter")));
    TRY(sqlite3_bind_int64(cst, 12, (int64_t)jnum(st, "queue")));
    TRY(sqlite3_bind_double(cst, 13, jnum(st, "seconds")));
    TRY(sqlite3_bind_int64(cst, 14, (int64_t)jnum(st, "peak_rss")));
    TRY(sqlite3_bind_int64(cst, 15, (int64_t)jnum(st, "store_bytes")));
    TRY(sqlite3_bind_int(cst, 16, jbool(st, "fingerprint_only")));
    TRY(sqlite3_bind_double(cst, 17, jnum(st, "collision_bound")));
    TRY(bind_text(cst, 18, err ? jstr(err, "message") : NULL));
    TRY(step_done(db, cst, "recording a configuration"));
    cJSON_free(bindings);
    bindings = NULL;

    size_t ci = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(c, "constraints")) {
      const struct bc_db_cell *cell =
          r->cells && ci < ncons ? &r->cells[(size_t)ord * ncons + ci] : NULL;
      trace = jprint(k, "trace");
      if (!trace)
        trace = jprint(k, "witness");
      TRY(sqlite3_bind_int64(rst, 1, r->id));
      TRY(bind_text(rst, 2, name ? name : "?"));
      TRY(bind_text(rst, 3, jstr(k, "id") ? jstr(k, "id") : "?"));
      TRY(bind_text(rst, 4, jstr(k, "status") ? jstr(k, "status")
                                               : "unknown"));
      TRY(bind_text(rst, 5, trace));
      TRY(bind_text(rst, 6, jstr(k, "note")));
      TRY(bind_text(rst, 7, cell ? cell->baseline_status : NULL));
      TRY(sqlite3_bind_int(rst, 8, cell && cell->failed));
      TRY(step_done(db, rst, "recording a verdict"));
      cJSON_free(trace);
      trace = NULL;
      ci++;
    }
    ord++;
  }
out:
  cJSON_free(bindings);
  cJSON_free(trace);
  sqlite3_finalize(cst);
  sqlite3_finalize(rst);
  return rc;
}

/* A test hook (tests/cli/test_regress.py): with BOOTCHECK_TEST_COMMIT_PAUSE
** set to N, wait N milliseconds inside the transaction, after every row is
** written and before COMMIT, so that a test can kill the process there. */
static void test_pause(void) {
  const char *s = getenv("BOOTCHECK_TEST_COMMIT_PAUSE");
  if (!s || !*s)
    return;
  fprintf(stderr, "bootcheck: test: pausing before COMMIT\n");
  fflush(stderr);
  sleep_ms((unsigned)strtoul(s, NULL, 10));
}

static int record_once(struct bc_db *db, void *ctx) {
  struct record *r = ctx;
  int rc = exec_script(db, "BEGIN IMMEDIATE", "locking the database");
  if (rc != SQLITE_OK)
    return rc;
  TRY(insert_run(db, r));
  TRY(insert_constraints(db, r));
  TRY(insert_configs(db, r));
  TRY(insert_renderings(db, r));
  TRY(insert_where(db, r));
  test_pause();
  TRY(exec_script(db, "COMMIT", "committing the run"));
out:
  if (rc != SQLITE_OK)
    rollback(db);
  return rc;
}

static void utc_now(char *buf, size_t len) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int bc_db_record(struct bc_db *db, struct bc_db_run *run,
                 const struct bc_db_cell *cells) {
  db->err[0] = '\0';
  struct record r = {run, cells, NULL, "", 0};
  cJSON *doc = cJSON_Parse(run->report ? run->report : "");
  if (!doc || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(
                  doc, "configurations"))) {
    snprintf(db->err, sizeof db->err, "%s: the report to record is not a "
                                      "bootcheck JSON document", db->path);
    cJSON_Delete(doc);
    return BC_DB_ERROR;
  }
  r.doc = doc;
  utc_now(r.now, sizeof r.now);
  int rc = with_retry(db, record_once, &r);
  cJSON_Delete(doc);
  if (rc != SQLITE_OK)
    return BC_DB_ERROR;
  run->id = r.id;
  return 0;
}

/* ------------------------------------------------------------- loading */

static const char *colstr(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? bc_xstrdup((const char *)s) : NULL;
}

/* The columns read into a bc_db_run, in this order. */
#define RUN_COLUMNS                                                            \
  "id, recorded_at, version, command, spec_file, spec_key, spec_name, "       \
  "spec_sha256, defines, constants, git_commit, git_dirty, options, "         \
  "baseline_kind, baseline_run, outcome, exit_code, seconds"

static void read_run(sqlite3_stmt *st, struct bc_db_run *r) {
  memset(r, 0, sizeof *r);
  r->id = sqlite3_column_int64(st, 0);
  r->recorded_at = colstr(st, 1);
  r->version = colstr(st, 2);
  r->command = colstr(st, 3);
  r->spec_file = colstr(st, 4);
  r->spec_key = colstr(st, 5);
  r->spec_name = colstr(st, 6);
  r->spec_sha256 = colstr(st, 7);
  r->defines = colstr(st, 8);
  r->constants = colstr(st, 9);
  r->git_commit = colstr(st, 10);
  r->git_dirty = sqlite3_column_type(st, 11) == SQLITE_NULL
                     ? -1
                     : sqlite3_column_int(st, 11);
  r->options = colstr(st, 12);
  r->baseline_kind = colstr(st, 13);
  r->baseline_run = sqlite3_column_int64(st, 14);
  r->outcome = colstr(st, 15);
  r->exit_code = sqlite3_column_int(st, 16);
  r->seconds = sqlite3_column_double(st, 17);
}

void bc_db_run_release(struct bc_db_run *r) {
  const char *owned[] = {
      r->recorded_at, r->version,  r->command,       r->spec_file,
      r->spec_key,    r->spec_name, r->spec_sha256,  r->defines,
      r->constants,   r->git_commit, r->options,     r->baseline_kind,
      r->outcome,     r->report,   r->violated,
  };
  for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
    free((char *)owned[i]);
  for (int i = 0; i < BC_DB_NRENDER; i++)
    free((char *)r->rendering[i]);
  for (size_t i = 0; i < r->nconstraints; i++)
    free((char *)r->constraint_body[i]);
  free((void *)r->constraint_body);
  memset(r, 0, sizeof *r);
}

struct load {
  int64_t id;
  bool with_report;
  struct bc_db_run run;
  bool found;
};

static int load_once(struct bc_db *db, void *ctx) {
  struct load *l = ctx;
  sqlite3_stmt *st = NULL;
  int rc = exec_script(db, "BEGIN", "starting a read");
  if (rc != SQLITE_OK)
    return rc;
  l->found = false;
  TRY(prep(db, "SELECT " RUN_COLUMNS ", report FROM run WHERE id = ?", &st));
  TRY(sqlite3_bind_int64(st, 1, l->id));
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
    goto out;
  }
  if (rc != SQLITE_ROW) {
    seterr(db, rc, "reading a run");
    goto out;
  }
  read_run(st, &l->run);
  l->found = true;
  if (l->with_report)
    l->run.report = colstr(st, 18);
  sqlite3_finalize(st);
  st = NULL;
  if (l->with_report) {
    TRY(prep(db, "SELECT body FROM run_constraint WHERE run_id = ? ORDER BY "
                 "ord", &st));
    TRY(sqlite3_bind_int64(st, 1, l->id));
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if (l->run.nconstraints == cap) {
        cap = cap ? cap * 2 : 8;
        l->run.constraint_body = bc_xrealloc(
            (void *)l->run.constraint_body, cap * sizeof(char *));
      }
      l->run.constraint_body[l->run.nconstraints++] = colstr(st, 0);
    }
    if (rc != SQLITE_DONE) {
      seterr(db, rc, "reading the constraints of a run");
      goto out;
    }
    sqlite3_finalize(st);
    st = NULL;
    TRY(prep(db, "SELECT format, body FROM rendering WHERE run_id = ?",
             &st));
    TRY(sqlite3_bind_int64(st, 1, l->id));
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const char *f = (const char *)sqlite3_column_text(st, 0);
      for (int i = 0; f && i < BC_DB_NRENDER; i++)
        if (!strcmp(f, bc_db_rendering_name[i]) && !l->run.rendering[i])
          l->run.rendering[i] = colstr(st, 1);
    }
    if (rc != SQLITE_DONE) {
      seterr(db, rc, "reading the renderings of a run");
      goto out;
    }
    rc = SQLITE_OK;
  }
out:
  sqlite3_finalize(st);
  if (rc == SQLITE_OK)
    rc = exec_script(db, "COMMIT", "ending a read");
  if (rc != SQLITE_OK) {
    rollback(db);
    if (l->found)
      bc_db_run_release(&l->run);
    l->found = false;
  }
  return rc;
}

int bc_db_load(struct bc_db *db, int64_t id, bool with_report,
               struct bc_db_run *ret) {
  db->err[0] = '\0';
  struct load l;
  memset(&l, 0, sizeof l);
  l.id = id;
  l.with_report = with_report;
  if (with_retry(db, load_once, &l) != SQLITE_OK)
    return BC_DB_ERROR;
  if (!l.found) {
    snprintf(db->err, sizeof db->err, "%s: no run %lld", db->path,
             (long long)id);
    return BC_DB_NOTFOUND;
  }
  *ret = l.run;
  return 0;
}

struct load_where {
  int64_t id;
  const char *placement;
  char *legal;
  int exit;
};

static int load_where_once(struct bc_db *db, void *ctx) {
  struct load_where *l = ctx;
  sqlite3_stmt *st = NULL;
  int rc;
  free(l->legal);
  l->legal = NULL;
  TRY(prep(db, "SELECT legal, exit_code FROM where_result WHERE run_id = ? "
               "AND placement = ?", &st));
  TRY(sqlite3_bind_int64(st, 1, l->id));
  TRY(bind_text(st, 2, l->placement));
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    l->legal = (char *)colstr(st, 0);
    l->exit = sqlite3_column_int(st, 1);
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  } else {
    seterr(db, rc, "reading a where result");
  }
out:
  sqlite3_finalize(st);
  return rc;
}

int bc_db_load_where(struct bc_db *db, int64_t id, const char *placement,
                     char **ret_legal, int *ret_exit) {
  db->err[0] = '\0';
  struct load_where l = {id, placement, NULL, 0};
  if (with_retry(db, load_where_once, &l) != SQLITE_OK) {
    free(l.legal);
    return BC_DB_ERROR;
  }
  if (!l.legal)
    return BC_DB_NOTFOUND;
  *ret_legal = l.legal;
  *ret_exit = l.exit;
  return 0;
}

struct find {
  const char *sql;
  const char *a, *b;
  int64_t id;
};

static int find_once(struct bc_db *db, void *ctx) {
  struct find *f = ctx;
  sqlite3_stmt *st = NULL;
  int rc;
  f->id = 0;
  TRY(prep(db, f->sql, &st));
  if (f->a)
    TRY(bind_text(st, 1, f->a));
  if (f->b)
    TRY(bind_text(st, 2, f->b));
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    f->id = sqlite3_column_int64(st, 0);
    rc = SQLITE_OK;
  } else if (rc == SQLITE_DONE) {
    rc = SQLITE_OK;
  } else {
    seterr(db, rc, "looking for a run");
  }
out:
  sqlite3_finalize(st);
  return rc;
}

static int find(struct bc_db *db, struct find *f, int64_t *ret_id) {
  db->err[0] = '\0';
  if (with_retry(db, find_once, f) != SQLITE_OK)
    return BC_DB_ERROR;
  if (!f->id)
    return BC_DB_NOTFOUND;
  *ret_id = f->id;
  return 0;
}

int bc_db_find_baseline(struct bc_db *db, const char *spec_key,
                        const char *defines, int64_t *ret_id) {
  struct find f = {"SELECT id FROM run WHERE spec_key = ?1 AND defines = ?2 "
                   "AND outcome = 'pass' ORDER BY id DESC LIMIT 1",
                   spec_key, defines, 0};
  return find(db, &f, ret_id);
}

int bc_db_latest(struct bc_db *db, int64_t *ret_id) {
  struct find f = {"SELECT max(id) FROM run", NULL, NULL, 0};
  return find(db, &f, ret_id);
}

/* ------------------------------------------------------------- history */

struct history {
  const char *spec_key;
  int (*fn)(void *ctx, const struct bc_db_run *r);
  void *ctx;
  struct bc_db_run *runs;
  size_t n;
};

/* "cfg{C1,C2} cfg2{C3}" for run 'id', in report order. */
static int violated_cells(struct bc_db *db, sqlite3_stmt *st, int64_t id,
                          char **ret) {
  size_t len = 0, cap = 64;
  char *s = bc_xmalloc(cap);
  s[0] = '\0';
  char last[512] = "";
  int rc = sqlite3_bind_int64(st, 1, id);
  if (rc != SQLITE_OK) {
    free(s);
    return seterr(db, rc, "reading verdicts");
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *cfg = (const char *)sqlite3_column_text(st, 0);
    const char *k = (const char *)sqlite3_column_text(st, 1);
    cfg = cfg ? cfg : "?";
    k = k ? k : "?";
    bool same = !strcmp(cfg, last);
    size_t need = len + strlen(cfg) + strlen(k) + 8;
    if (need > cap) {
      cap = need * 2;
      s = bc_xrealloc(s, cap);
    }
    if (same)
      len += (size_t)sprintf(s + len - 1, ",%s}", k) - 1;
    else
      len += (size_t)sprintf(s + len, "%s%s{%s}", len ? " " : "", cfg, k);
    snprintf(last, sizeof last, "%s", cfg);
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) {
    free(s);
    return seterr(db, rc, "reading verdicts");
  }
  *ret = s;
  return SQLITE_OK;
}

static void free_history(struct history *h) {
  for (size_t i = 0; i < h->n; i++)
    bc_db_run_release(&h->runs[i]);
  free(h->runs);
  h->runs = NULL;
  h->n = 0;
}

static int history_once(struct bc_db *db, void *ctx) {
  struct history *h = ctx;
  sqlite3_stmt *st = NULL, *vst = NULL;
  size_t cap = 0;
  free_history(h);
  int rc = exec_script(db, "BEGIN", "starting a read");
  if (rc != SQLITE_OK)
    return rc;
  TRY(prep(db,
           "SELECT " RUN_COLUMNS ", "
           "(SELECT count(*) FROM result f WHERE f.run_id = r.id AND "
           "f.baseline_status IS NOT NULL AND f.baseline_status != f.status), "
           "(SELECT count(*) FROM result f WHERE f.run_id = r.id AND "
           "f.failed) "
           "FROM run r WHERE spec_key = ? ORDER BY id",
           &st));
  TRY(prep(db,
           "SELECT config, constraint_id FROM result WHERE run_id = ? AND "
           "status = 'violated' ORDER BY rowid",
           &vst));
  TRY(bind_text(st, 1, h->spec_key));
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (h->n == cap) {
      cap = cap ? cap * 2 : 16;
      h->runs = bc_xrealloc(h->runs, cap * sizeof *h->runs);
    }
    struct bc_db_run *r = &h->runs[h->n++];
    read_run(st, r);
    r->nflips = sqlite3_column_int64(st, 18);
    r->nfailed = sqlite3_column_int64(st, 19);
    char *v = NULL;
    TRY(violated_cells(db, vst, r->id, &v));
    r->violated = v;
  }
  if (rc != SQLITE_DONE) {
    seterr(db, rc, "reading the runs");
    goto out;
  }
  rc = SQLITE_OK;
out:
  sqlite3_finalize(st);
  sqlite3_finalize(vst);
  if (rc == SQLITE_OK)
    rc = exec_script(db, "COMMIT", "ending a read");
  if (rc != SQLITE_OK)
    rollback(db);
  return rc;
}

int bc_db_history(struct bc_db *db, const char *spec_key,
                  int (*fn)(void *ctx, const struct bc_db_run *r),
                  void *ctx) {
  db->err[0] = '\0';
  struct history h = {spec_key, fn, ctx, NULL, 0};
  int rc = with_retry(db, history_once, &h);
  if (rc == SQLITE_OK)
    for (size_t i = 0; i < h.n; i++)
      if (fn(ctx, &h.runs[i]) != 0)
        break;
  free_history(&h);
  return rc == SQLITE_OK ? 0 : BC_DB_ERROR;
}

/* ------------------------------------------------------------- sha256 */

void bc_db_sha256_hex(const void *data, size_t len, char hex[65]) {
  bc_sha256_hex(data, len, hex);
}
