/*
** junit.c - regress's JUnit XML: one <testsuite> per spec and -D values,
** one <testcase> per configuration x constraint, written through a
** temporary file and a rename.
*/
#include "cli/cli_int.h"

#include "bootcheck/arena.h"
#include "bootcheck/checker.h"
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 's' with XML's five special characters escaped and the control
** characters XML 1.0 forbids replaced by '?'. */
static void xml_escape(FILE *out, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    switch (ch) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&apos;", out);
      break;
    default:
      fputc(ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r' ? '?' : ch,
            out);
    }
  }
}

struct bc_junit_suite *bc_junit_add(struct bc_junit *j, const char *name) {
  if (j->n == j->cap) {
    j->cap = j->cap ? j->cap * 2 : 8;
    j->v = bc_xrealloc(j->v, j->cap * sizeof *j->v);
  }
  struct bc_junit_suite *s = &j->v[j->n++];
  memset(s, 0, sizeof *s);
  s->name = bc_xstrdup(name);
  char ts[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
  s->timestamp = bc_xstrdup(ts);
  return s;
}

void bc_junit_case(struct bc_junit_suite *s, FILE *body, const char *cls,
                   const char *name, double seconds, const char *kind,
                   const char *type, const char *message, const char *text,
                   const char *sysout) {
  s->tests++;
  fputs("    <testcase classname=\"", body);
  xml_escape(body, cls);
  fputs("\" name=\"", body);
  xml_escape(body, name);
  fprintf(body, "\" time=\"%.6f\"", seconds);
  if (!kind && !sysout) {
    fputs("/>\n", body);
    return;
  }
  fputs(">\n", body);
  if (kind) {
    if (!strcmp(kind, "failure"))
      s->failures++;
    else if (!strcmp(kind, "error"))
      s->errors++;
    else
      s->skipped++;
    fprintf(body, "      <%s type=\"", kind);
    xml_escape(body, type);
    fputs("\" message=\"", body);
    xml_escape(body, message);
    fputs("\"", body);
    if (text && *text) {
      fputs(">", body);
      xml_escape(body, text);
      fprintf(body, "</%s>\n", kind);
    } else {
      fputs("/>\n", body);
    }
  }
  if (sysout) {
    fputs("      <system-out>", body);
    xml_escape(body, sysout);
    fputs("</system-out>\n", body);
  }
  fputs("    </testcase>\n", body);
}

void bc_junit_prop(FILE *props, const char *name, const char *value) {
  fputs("      <property name=\"", props);
  xml_escape(props, name);
  fputs("\" value=\"", props);
  xml_escape(props, value ? value : "");
  fputs("\"/>\n", props);
}

/* Write every suite to 'path' (through a temporary file and a rename, so a
** reader never sees half a file). Returns 0 or -1 after a message. */
int bc_junit_write(const struct bc_junit *j, const char *path) {
  char *tmp = bc_xasprintf("%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) {
    fprintf(stderr, "bootcheck: %s: %s\n", tmp, strerror(errno));
    free(tmp);
    return -1;
  }
  unsigned tests = 0, failures = 0, errors = 0, skipped = 0;
  double secs = 0;
  for (size_t i = 0; i < j->n; i++) {
    tests += j->v[i].tests;
    failures += j->v[i].failures;
    errors += j->v[i].errors;
    skipped += j->v[i].skipped;
    secs += j->v[i].seconds;
  }
  char host[256] = "localhost";
  if (gethostname(host, sizeof host - 1) != 0)
    snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<testsuites name=\"bootcheck regress\" tests=\"%u\" "
             "failures=\"%u\" errors=\"%u\" skipped=\"%u\" "
             "time=\"%.6f\">\n",
          tests, failures, errors, skipped, secs);
  for (size_t i = 0; i < j->n; i++) {
    const struct bc_junit_suite *s = &j->v[i];
    fputs("  <testsuite name=\"", f);
    xml_escape(f, s->name);
    fprintf(f, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" "
               "skipped=\"%u\" time=\"%.6f\" timestamp=\"%s\" hostname=\"",
            s->tests, s->failures, s->errors, s->skipped, s->seconds,
            s->timestamp);
    xml_escape(f, host);
    fprintf(f, "\" id=\"%zu\" package=\"bootcheck\">\n", i);
    fprintf(f, "    <properties>\n%s    </properties>\n", s->props);
    fputs(s->body, f);
    fputs("  </testsuite>\n", f);
  }
  fputs("</testsuites>\n", f);
  bool bad = ferror(f) != 0;
  if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", path, strerror(errno));
    unlink(tmp);
    free(tmp);
    return -1;
  }
  free(tmp);
  return 0;
}

void bc_junit_release(struct bc_junit *j) {
  for (size_t i = 0; i < j->n; i++) {
    free(j->v[i].name);
    free(j->v[i].timestamp);
    free(j->v[i].props);
    free(j->v[i].body);
  }
  free(j->v);
  memset(j, 0, sizeof *j);
}


void bc_junit_check(struct bc_junit_suite *s, FILE *body,
                    const struct bc_check *ck, const struct bc_verdicts *v,
                    enum bc_baseline_mode mode,
                    const struct bc_report_opts *ro) {
  const struct bc_program *p = ck->p;
  char cfg[512];
  for (size_t r = 0; r < ck->ncfg; r++) {
    const struct bc_run *run = &ck->cfg[r].run;
    bc_config_name(p, run->choice, cfg, sizeof cfg);
    char cls[640];
    snprintf(cls, sizeof cls, "%s.%s", p->spec_name, cfg);
    double secs = run->stats.seconds / (double)(v->ncons ? v->ncons : 1);
    for (size_t ci = 0; ci < p->nconstraints; ci++) {
      size_t at = r * v->ncons + ci;
      const char *now = bc_verdict_name(run->res[ci].verdict);
      const char *id = p->constraints[ci].id;
      const char *was = v->cells[at].baseline_status;
      char *trace = NULL;
      size_t tlen = 0;
      if (run->res[ci].verdict == BC_VIOLATED) {
        FILE *m = open_memstream(&trace, &tlen);
        if (m) {
          bc_report_text_violation(m, p, run, ci, ro);
          fclose(m);
        }
      }
      if (v->cells[at].failed) {
        const char *msg = v->msg[at] ? v->msg[at] : "failed";
        bool flip = mode != BC_BASE_EXPECT && (!was || strcmp(was, now));
        bc_junit_case(s, body, cls, id, secs, "failure",
                      flip ? "flip" : "unmet-expectation", msg, trace, NULL);
      } else if (run->res[ci].verdict == BC_UNKNOWN) {
        const char *note = run->res[ci].note;
        if (run->stop == BC_STOP_ERROR)
          bc_junit_case(s, body, cls, id, secs, "error", "runtime-error",
                        run->errmsg, NULL, NULL);
        else if (!run->complete)
          bc_junit_case(s, body, cls, id, secs, "error", "incomplete",
                        bc_stop_text(run->stop), NULL, NULL);
        else
          bc_junit_case(s, body, cls, id, secs, "skipped", "unknown",
                        note && *note ? note : "unknown", NULL, NULL);
      } else {
        char out[256] = "";
        if (run->res[ci].verdict == BC_VIOLATED)
          snprintf(out, sizeof out, "violated (baseline: %s)\n",
                   was ? was : "none");
        bc_junit_case(s, body, cls, id, secs, NULL, NULL, NULL, NULL,
                      *out ? out : NULL);
      }
      free(trace);
    }
  }
}
