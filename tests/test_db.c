/*
** test_db.c - the verdict history database (checker/history/db.c): schema and
** migrations, refusing files that are not ours, recording a run in one
** transaction, baselines, history, concurrent writers.
*/
#include <criterion/criterion.h>
#include <criterion/logging.h>

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bootcheck/explore.h"
#include "history/db.h"
#include "helpers.h"
#include "leakcheck.h"
#include "report/report.h"

TestSuite(db, .fini = bc_leak_check, .timeout = 120.);

/* A spec with two placements' worth of verdicts: at 'early' C1 holds, at
** 'late' it is violated. */
static const char *spec_text =
    "spec twohooks \"where may the flag be set?\";\n"
    "const N = 2;\n"
    "var flag : bool;\nvar go : bool;\nvar used : 0..3;\n"
    "process a { s1: skip; hook early; s2: go := true; s3: skip; hook late; }\n"
    "process b { u: await go; used := N; }\n"
    "placement set_flag at early, late { flag := true; }\n"
    "constraint C1 \"flag set before use\": at b.u: flag;\n"
    "constraint C2 \"used stays small\": always used <= 3;\n"
    "expect set_flag at early: holds;\n";

/* A fresh path for a database in a private temporary directory. */
static char *tmp_path(const char *name) {
  static char dir[64];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/bc-test-db-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
  }
  char *p = malloc(strlen(dir) + strlen(name) + 2);
  sprintf(p, "%s/%s", dir, name);
  return p;
}

/* Explore every configuration of 'p' and return its JSON document. */
static char *check_json(const struct bc_program *p) {
  size_t n = bc_config_count(p);
  struct bc_run *runs = calloc(n, sizeof *runs);
  unsigned choice[8];
  struct bc_explore_opts o = {0};
  for (size_t i = 0; i < n; i++) {
    bc_config_nth(p, i, choice);
    cr_assert_eq(bc_explore(p, choice, &o, &runs[i]), 0);
  }
  char *json = bc_report_json(p, runs, n);
  for (size_t i = 0; i < n; i++)
    bc_run_release(&runs[i]);
  free(runs);
  return json;
}

/* A run to record, with the given key, defines and outcome. */
static struct bc_db_run make_run(const char *key, const char *defines,
                                 const char *outcome, const char *report) {
  struct bc_db_run r = {
      .version = "test",
      .command = "regress",
      .spec_file = key,
      .spec_key = key,
      .spec_name = "twohooks",
      .spec_sha256 =
          "0000000000000000000000000000000000000000000000000000000000000000",
      .source = "spec twohooks;",
      .source_len = 14,
      .defines = defines,
      .constants = "{\"N\":2}",
      .git_commit = NULL,
      .git_dirty = -1,
      .options = "{}",
      .outcome = outcome,
      .exit_code = strcmp(outcome, "pass") ? 1 : 0,
      .report = report,
  };
  return r;
}

static struct bc_db *open_ok(const char *path, enum bc_db_mode mode) {
  struct bc_db *db = NULL;
  char err[1024] = "";
  int rc = bc_db_open(path, mode, &db, err, sizeof err);
  cr_assert_eq(rc, 0, "open %s: %s", path, err);
  return db;
}

static int64_t sql_int(const char *path, const char *sql) {
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
  sqlite3_stmt *st;
  cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s",
               sqlite3_errmsg(h));
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW, "%s", sqlite3_errmsg(h));
  int64_t v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

static void sql_exec(const char *path, const char *sql) {
  sqlite3 *h;
  cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
  sqlite3_stmt *st;
  cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s",
               sqlite3_errmsg(h));
  int rc = sqlite3_step(st);
  cr_assert(rc == SQLITE_DONE || rc == SQLITE_ROW, "%s", sqlite3_errmsg(h));
  sqlite3_finalize(st);
  sqlite3_close(h);
}

static char *slurp(const char *path, size_t *ret_len) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f);
  char *buf = malloc(1 << 20);
  *ret_len = fread(buf, 1, 1 << 20, f);
  fclose(f);
  return buf;
}

/* Open must fail with a message containing 'want', leaving the file's
** bytes as they were. */
static void expect_refused(const char *path, const char *want) {
  size_t n0, n1;
  char *before = slurp(path, &n0);
  struct bc_db *db = NULL;
  char err[1024] = "";
  cr_expect_eq(bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err),
               BC_DB_ERROR);
  cr_expect_null(db);
  cr_expect_not_null(strstr(err, want), "message: %s", err);
  char *after = slurp(path, &n1);
  cr_expect(n0 == n1 && !memcmp(before, after, n0), "the file was modified");
  free(before);
  free(after);
}

Test(db, sha256_matches_the_standard_test_vectors) {
  char hex[65];
  bc_db_sha256_hex("abc", 3, hex);
  cr_expect_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
                        "b00361a396177a9cb410ff61f20015ad");
  bc_db_sha256_hex("", 0, hex);
  cr_expect_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                        "27ae41e4649b934ca495991b7852b855");
}

Test(db, a_new_database_gets_the_schema_in_wal_mode) {
  char *path = tmp_path("new.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  cr_expect_eq(bc_db_schema_version(db), BC_DB_SCHEMA_VERSION);
  bc_db_close(db);
  cr_expect_eq(sql_int(path, "PRAGMA user_version"), BC_DB_SCHEMA_VERSION);
  cr_expect_eq(sql_int(path, "PRAGMA application_id"), BC_DB_APPLICATION_ID);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM sqlite_master WHERE "
                             "type = 'table' AND name IN ('run', 'config', "
                             "'result', 'run_constraint', 'source')"),
               5);
  sqlite3 *h;
  sqlite3_open(path, &h);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
  cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
  cr_expect_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
  sqlite3_finalize(st);
  sqlite3_close(h);
  /* opening again migrates nothing and keeps it */
  db = open_ok(path, BC_DB_WRITE);
  bc_db_close(db);
  free(path);
}

Test(db, an_empty_file_is_initialised) {
  char *path = tmp_path("empty.db");
  FILE *f = fopen(path, "w");
  fclose(f);
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  bc_db_close(db);
  cr_expect_eq(sql_int(path, "PRAGMA user_version"), BC_DB_SCHEMA_VERSION);
  free(path);
}

Test(db, reading_needs_an_existing_database) {
  char *path = tmp_path("missing.db");
  struct bc_db *db = NULL;
  char err[1024];
  cr_expect_eq(bc_db_open(path, BC_DB_READ, &db, err, sizeof err),
               BC_DB_ERROR);
  cr_expect_not_null(strstr(err, "no such file"), "%s", err);
  cr_expect_neq(access(path, F_OK), 0, "read mode created the file");
  free(path);
}

Test(db, a_newer_schema_is_refused) {
  char *path = tmp_path("newer.db");
  bc_db_close(open_ok(path, BC_DB_WRITE));
  sql_exec(path, "PRAGMA user_version = 99");
  expect_refused(path, "newer bootcheck (schema version 99");
  free(path);
}

Test(db, a_file_that_is_not_sqlite_is_refused_and_untouched) {
  char *path = tmp_path("text.db");
  FILE *f = fopen(path, "w");
  fputs("results of last week, not a database\n", f);
  fclose(f);
  expect_refused(path, "not an SQLite database");
  free(path);
}

Test(db, a_database_of_another_application_is_refused) {
  char *path = tmp_path("foreign.db");
  sql_exec(path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
  expect_refused(path, "another application");
  free(path);
}

Test(db, a_damaged_database_is_refused_and_untouched) {
  char *path = tmp_path("damaged.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  struct bc_program *p = compile(spec_text);
  cr_assert_not_null(p);
  char *json = check_json(p);
  struct bc_db_run r = make_run("a.boot", "{}", "pass", json);
  cr_assert_eq(bc_db_record(db, &r, NULL), 0, "%s", bc_db_errmsg(db));
  bc_db_close(db);
  /* overwrite the pages after the first (the header stays valid) */
  FILE *f = fopen(path, "r+b");
  cr_assert_not_null(f);
  fseek(f, 4096, SEEK_SET);
  for (int i = 0; i < 4096; i++)
    fputc(0xa5, f);
  fclose(f);
  expect_refused(path, "damaged");
  free(json);
  bc_program_free(p);
  free(path);
}

Test(db, a_run_is_recorded_and_loaded_back) {
  char *path = tmp_path("record.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  struct bc_program *p = compile(spec_text);
  cr_assert_not_null(p);
  char *json = check_json(p);
  const char *bodies[] = {"at b.u: flag", "always used <= 3", "no deadlock"};
  struct bc_db_run r = make_run("specs/a.boot", "{}", "pass", json);
  r.git_commit = "0123456789abcdef0123456789abcdef01234567";
  r.git_dirty = 1;
  r.nconstraints = 3;
  r.constraint_body = bodies;
  cr_assert_eq(bc_db_record(db, &r, NULL), 0, "%s", bc_db_errmsg(db));
  cr_expect_eq(r.id, 1);

  struct bc_db_run l;
  cr_assert_eq(bc_db_load(db, r.id, true, &l), 0, "%s", bc_db_errmsg(db));
  cr_expect_str_eq(l.spec_key, "specs/a.boot");
  cr_expect_str_eq(l.command, "regress");
  cr_expect_str_eq(l.outcome, "pass");
  cr_expect_str_eq(l.git_commit, r.git_commit);
  cr_expect_eq(l.git_dirty, 1);
  cr_expect_null(l.baseline_kind);
  cr_expect_str_eq(l.report, json, "the document is stored verbatim");
  cr_expect_eq(l.nconstraints, 3);
  cr_expect_str_eq(l.constraint_body[0], "at b.u: flag");
  cr_expect_not_null(l.recorded_at);
  cr_expect_eq(strlen(l.recorded_at), 20);
  bc_db_run_release(&l);
  cr_expect_eq(bc_db_load(db, 42, false, &l), BC_DB_NOTFOUND);
  bc_db_close(db);

  /* one row per configuration, per configuration x constraint */
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM config"), 2);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM result"), 2 * 3);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM result WHERE config = "
                             "'late' AND constraint_id = 'C1' AND status = "
                             "'violated' AND json_extract(trace, "
                             "'$.length') > 0"),
               1, "the counterexample is stored as JSON");
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM result WHERE config = "
                             "'early' AND status = 'holds'"),
               3);
  cr_expect_eq(sql_int(path, "SELECT distinct_states > 0 FROM config WHERE "
                             "name = 'early'"),
               1);
  cr_expect_eq(sql_int(path, "SELECT length(text) FROM source"), 14);
  free(json);
  bc_program_free(p);
  free(path);
}

Test(db, comparisons_are_stored_per_cell) {
  char *path = tmp_path("cells.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  struct bc_program *p = compile(spec_text);
  char *json = check_json(p);
  struct bc_db_cell cells[6] = {
      {"holds", false}, {"holds", false},    {"holds", false},
      {"holds", true},  {"holds", false},    {NULL, false},
  };
  struct bc_db_run r = make_run("a.boot", "{}", "fail", json);
  r.baseline_kind = "run";
  cr_assert_eq(bc_db_record(db, &r, cells), 0, "%s", bc_db_errmsg(db));
  bc_db_close(db);
  cr_expect_eq(sql_int(path, "SELECT failed FROM result WHERE config = "
                             "'late' AND constraint_id = 'C1'"),
               1);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM result WHERE "
                             "baseline_status IS NULL"),
               1);
  free(json);
  bc_program_free(p);
  free(path);
}

Test(db, a_failing_insert_leaves_nothing_behind) {
  char *path = tmp_path("atomic.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  /* two configurations with one name break UNIQUE (run_id, name) after the
  ** run and its first configuration were written */
  const char *bad = "{\"constraints\":[{\"id\":\"C1\",\"title\":\"t\","
                    "\"kind\":\"always\"}],\"configurations\":["
                    "{\"name\":\"x\",\"constraints\":[{\"id\":\"C1\","
                    "\"status\":\"holds\"}]},"
                    "{\"name\":\"x\",\"constraints\":[{\"id\":\"C1\","
                    "\"status\":\"holds\"}]}]}";
  struct bc_db_run r = make_run("a.boot", "{}", "pass", bad);
  cr_expect_eq(bc_db_record(db, &r, NULL), BC_DB_ERROR);
  cr_expect_not_null(strstr(bc_db_errmsg(db), "UNIQUE"), "%s",
                     bc_db_errmsg(db));
  struct bc_db_run l;
  cr_expect_eq(bc_db_load(db, 1, false, &l), BC_DB_NOTFOUND);
  /* a report that is not a document is refused before any write */
  struct bc_db_run r2 = make_run("a.boot", "{}", "pass", "not json");
  cr_expect_eq(bc_db_record(db, &r2, NULL), BC_DB_ERROR);
  bc_db_close(db);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM run"), 0);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM config"), 0);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM source"), 0);
  free(path);
}

Test(db, the_baseline_is_the_latest_passing_run_of_the_same_spec_and_defines) {
  char *path = tmp_path("baseline.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  struct bc_program *p = compile(spec_text);
  char *json = check_json(p);
  struct bc_db_run runs[] = {
      make_run("a.boot", "{}", "pass", json),         /* 1 */
      make_run("a.boot", "{}", "pass", json),         /* 2 */
      make_run("a.boot", "{}", "fail", json),         /* 3: not a baseline */
      make_run("a.boot", "{\"N\":3}", "pass", json),  /* 4: other defines */
      make_run("b.boot", "{}", "pass", json),         /* 5: other spec */
      make_run("a.boot", "{}", "incomplete", json),   /* 6 */
  };
  for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
    cr_assert_eq(bc_db_record(db, &runs[i], NULL), 0, "%s",
                 bc_db_errmsg(db));
  int64_t id = 0;
  cr_expect_eq(bc_db_find_baseline(db, "a.boot", "{}", &id), 0);
  cr_expect_eq(id, 2);
  cr_expect_eq(bc_db_find_baseline(db, "a.boot", "{\"N\":3}", &id), 0);
  cr_expect_eq(id, 4);
  id = 0;
  cr_expect_eq(bc_db_find_baseline(db, "c.boot", "{}", &id), BC_DB_NOTFOUND);
  cr_expect_eq(id, 0, "untouched when not found");
  cr_expect_eq(bc_db_latest(db, &id), 0);
  cr_expect_eq(id, 6);
  bc_db_close(db);
  free(json);
  bc_program_free(p);
  free(path);
}

struct hist {
  unsigned n;
  char violated[4][128];
  int64_t failed[4];
};

static int collect(void *ctx, const struct bc_db_run *r) {
  struct hist *h = ctx;
  if (h->n < 4) {
    snprintf(h->violated[h->n], sizeof h->violated[0], "%s", r->violated);
    h->failed[h->n] = r->nfailed;
  }
  h->n++;
  return 0;
}

Test(db, history_lists_the_violated_cells_of_each_run) {
  char *path = tmp_path("history.db");
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  struct bc_program *p = compile(spec_text);
  char *json = check_json(p);
  struct bc_db_run a = make_run("a.boot", "{}", "pass", json);
  struct bc_db_run b = make_run("b.boot", "{}", "pass", json);
  struct bc_db_run c = make_run("a.boot", "{}", "fail", json);
  struct bc_db_cell cells[6] = {{0}};
  cells[3].failed = true;
  cells[3].baseline_status = "holds";
  cr_assert_eq(bc_db_record(db, &a, NULL), 0);
  cr_assert_eq(bc_db_record(db, &b, NULL), 0);
  cr_assert_eq(bc_db_record(db, &c, cells), 0);
  bc_db_close(db);
  db = open_ok(path, BC_DB_READ);
  struct hist h = {0};
  cr_assert_eq(bc_db_history(db, "a.boot", collect, &h), 0);
  cr_expect_eq(h.n, 2, "only runs of a.boot");
  cr_expect_str_eq(h.violated[0], "late{C1}");
  cr_expect_eq(h.failed[0], 0);
  cr_expect_eq(h.failed[1], 1);
  bc_db_close(db);
  free(json);
  bc_program_free(p);
  free(path);
}

/* Several processes record into one new database at once: each run is
** recorded exactly once, and the database stays intact. */
Test(db, concurrent_writers_all_succeed) {
  char *path = tmp_path("concurrent.db");
  struct bc_program *p = compile(spec_text);
  char *json = check_json(p);
  enum { NPROC = 6, NRUNS = 15 };
  pid_t pids[NPROC];
  for (int i = 0; i < NPROC; i++) {
    pids[i] = fork();
    cr_assert_neq(pids[i], -1);
    if (pids[i] == 0) {
      struct bc_db *db = NULL;
      char err[1024];
      int bad = 0;
      if (bc_db_open(path, BC_DB_WRITE, &db, err, sizeof err) != 0) {
        fprintf(stderr, "child %d: %s\n", i, err);
        _exit(10);
      }
      for (int k = 0; k < NRUNS; k++) {
        struct bc_db_run r = make_run("a.boot", "{}", "pass", json);
        if (bc_db_record(db, &r, NULL) != 0) {
          fprintf(stderr, "child %d: %s\n", i, bc_db_errmsg(db));
          bad++;
        }
      }
      bc_db_close(db);
      _exit(bad);
    }
  }
  for (int i = 0; i < NPROC; i++) {
    int status;
    cr_assert_eq(waitpid(pids[i], &status, 0), pids[i]);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "writer %d failed (status %d)", i, status);
  }
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM run"), NPROC * NRUNS);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM config"),
               NPROC * NRUNS * 2);
  cr_expect_eq(sql_int(path, "SELECT count(*) FROM pragma_integrity_check "
                             "WHERE integrity_check != 'ok'"),
               0);
  free(json);
  bc_program_free(p);
  free(path);
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The cost of recording (reported with --verbose; bounded generously). */
Test(db, recording_a_run_takes_milliseconds) {
  char *path = tmp_path("timing.db");
  struct bc_program *p = compile(spec_text);
  char *json = check_json(p);
  double t0 = now_s();
  struct bc_db *db = open_ok(path, BC_DB_WRITE);
  double t1 = now_s();
  enum { N = 50 };
  for (int i = 0; i < N; i++) {
    struct bc_db_run r = make_run("a.boot", "{}", "pass", json);
    cr_assert_eq(bc_db_record(db, &r, NULL), 0);
  }
  double t2 = now_s();
  bc_db_close(db);
  cr_log_info("create+open %.2f ms; record %.2f ms per run (%zu-byte "
              "report)", (t1 - t0) * 1e3, (t2 - t1) * 1e3 / N, strlen(json));
  cr_expect_lt((t2 - t1) / N, 0.5);
  free(json);
  bc_program_free(p);
  free(path);
}
