/*
** diag.h - diagnostics: spec errors with file:line:col, source line, caret.
**
** The front end never exits: it adds diagnostics to a bc_diag list and keeps
** going from a synchronisation point. The caller prints them all at the end
** (bc_diag_print) and decides the exit code (2 when any error was added).
*/
#ifndef BOOTCHECK_DIAG_H
#define BOOTCHECK_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* A source file held in memory; lines are found on demand for carets. */
struct bc_source {
  char *path; /* as given by the user; owned */
  char *text; /* NUL-terminated contents; owned */
  size_t len; /* bytes in text, without the NUL */
};

/* A place in a source: 1-based line and column, byte offset and length. */
struct bc_span {
  unsigned line, col;
  unsigned off, len;
};

enum bc_diag_kind { BC_DIAG_ERROR, BC_DIAG_WARNING, BC_DIAG_NOTE };

struct bc_diag_item {
  enum bc_diag_kind kind;
  struct bc_span span;
  char *msg; /* owned */
};

struct bc_diag {
  const struct bc_source *src; /* borrowed; may be NULL (no caret printed) */
  struct bc_diag_item *items;
  size_t n, cap;
  unsigned nerr; /* errors so far (sticky) */
  unsigned max_errors; /* stop recording after this many errors (0: 50) */
};

/* The largest spec file read (docs/language.md, section 8). */
#define BC_SOURCE_MAX (16u << 20)

/* Read 'path' into 'src' (at most BC_SOURCE_MAX bytes; a FIFO or device
** is read up to that too). Returns 0, or -1 with errno set: EISDIR for a
** directory, EFBIG past the limit. */
int bc_source_load(struct bc_source *src, const char *path);
/* What went wrong in bc_source_load, for errno 'err': strerror, with
** words of its own for EISDIR and EFBIG. */
const char *bc_source_strerror(int err);
/* Use an in-memory text (copied). 'name' is used as the path. */
void bc_source_from_string(struct bc_source *src, const char *name,
                           const char *text, size_t len);
void bc_source_release(struct bc_source *src);

void bc_diag_init(struct bc_diag *d, const struct bc_source *src);
void bc_diag_release(struct bc_diag *d);

/* Add a diagnostic at 'span' (printf-style message, no trailing newline). */
void bc_diag_add(struct bc_diag *d, enum bc_diag_kind kind, struct bc_span span,
                 const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void bc_diag_vadd(struct bc_diag *d, enum bc_diag_kind kind,
                  struct bc_span span, const char *fmt, va_list ap);
#define bc_error(d, span, ...) bc_diag_add((d), BC_DIAG_ERROR, (span), __VA_ARGS__)
#define bc_note(d, span, ...) bc_diag_add((d), BC_DIAG_NOTE, (span), __VA_ARGS__)

/*
** Print every diagnostic in the order added, as
**   file:line:col: error: message
**     <source line>
**     ^~~~
** followed, when errors were found, by "N error(s) generated" is NOT printed
** (compilers differ; golden files stay short).
*/
void bc_diag_print(const struct bc_diag *d, FILE *out);

#endif /* BOOTCHECK_DIAG_H */
