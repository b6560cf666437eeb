/*
** diag.c - collecting and printing spec diagnostics with a caret.
*/
#include "bootcheck/diag.h"
#include "bootcheck/arena.h"
#include "base/safeout.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

int bc_source_load(struct bc_source *src, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return -1;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return -1;
  }
  if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size > (off_t)BC_SOURCE_MAX) {
    fclose(f);
    errno = EFBIG;
    return -1;
  }
  size_t cap = 4096, len = 0;
  char *text = bc_xmalloc(cap);
  int err = 0;
  for (;;) {
    if (cap - len < 4096) {
      cap *= 2;
      text = bc_xrealloc(text, cap);
    }
    size_t got = fread(text + len, 1, cap - len - 1, f);
    len += got;
    if (len > BC_SOURCE_MAX) { /* a FIFO, a device, a growing file */
      err = EFBIG;
      break;
    }
    if (got == 0) {
      if (ferror(f))
        err = errno ? errno : EIO;
      break;
    }
  }
  fclose(f);
  if (err) {
    free(text);
    errno = err;
    return -1;
  }
  text[len] = '\0';
  src->path = bc_xstrdup(path);
  src->text = text;
  src->len = len;
  return 0;
}

const char *bc_source_strerror(int err) {
  switch (err) {
  case EISDIR:
    return "a directory, not a spec file";
  case EFBIG:
    return "larger than the 16 MiB a spec file may have";
  default:
    return strerror(err);
  }
}

void bc_source_from_string(struct bc_source *src, const char *name,
                           const char *text, size_t len) {
  src->path = bc_xstrdup(name);
  src->text = bc_xmalloc(len + 1);
  memcpy(src->text, text, len);
  src->text[len] = '\0';
  src->len = len;
}

void bc_source_release(struct bc_source *src) {
  free(src->path);
  free(src->text);
  src->path = src->text = NULL;
  src->len = 0;
}

void bc_diag_init(struct bc_diag *d, const struct bc_source *src) {
  memset(d, 0, sizeof *d);
  d->src = src;
}

void bc_diag_release(struct bc_diag *d) {
  for (size_t i = 0; i < d->n; i++)
    free(d->items[i].msg);
  free(d->items);
  d->items = NULL;
  d->n = d->cap = 0;
}

void bc_diag_vadd(struct bc_diag *d, enum bc_diag_kind kind,
                  struct bc_span span, const char *fmt, va_list ap) {
  unsigned max = d->max_errors ? d->max_errors : 50;
  if (kind == BC_DIAG_ERROR)
    d->nerr++;
  if (kind == BC_DIAG_ERROR && d->nerr > max)
    return;
  if (kind == BC_DIAG_NOTE && d->nerr > max)
    return;
  va_list aq;
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  if (n < 0)
    n = 0;
  char *msg = bc_xmalloc((size_t)n + 1);
  vsnprintf(msg, (size_t)n + 1, fmt, ap);
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 8;
    d->items = bc_xrealloc(d->items, d->cap * sizeof *d->items);
  }
  d->items[d->n++] = (struct bc_diag_item){kind, span, msg};
}

void bc_diag_add(struct bc_diag *d, enum bc_diag_kind kind, struct bc_span span,
                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  bc_diag_vadd(d, kind, span, fmt, ap);
  va_end(ap);
}

static const char *kind_name(enum bc_diag_kind k) {
  switch (k) {
  case BC_DIAG_ERROR:
    return "error";
  case BC_DIAG_WARNING:
    return "warning";
  case BC_DIAG_NOTE:
    return "note";
  }
  return "error";
}

/* Print the source line holding byte 'off', then a caret line under it.
** The line goes out through the caller's stream, which escapes control
** characters (base/safeout.h); the caret is placed by characters and
** escapes, not bytes, so that it stands under the character it means. */
static void print_caret(const struct bc_source *src, struct bc_span sp,
                        FILE *out) {
  if (!src || sp.line == 0 || sp.off > src->len)
    return;
  size_t start = sp.off, end = sp.off;
  while (start > 0 && src->text[start - 1] != '\n')
    start--;
  while (end < src->len && src->text[end] != '\n')
    end++;
  if (start == 0 && src->len >= 3 && !memcmp(src->text, "\xef\xbb\xbf", 3))
    start = sp.off < 3 ? sp.off : 3; /* a UTF-8 byte order mark */
  /* of a long line, the part around the caret (at UTF-8 boundaries) */
  const char *dots = "";
  if (sp.off - start > 100) {
    start = sp.off - 60;
    while (start < sp.off && ((unsigned char)src->text[start] & 0xc0) == 0x80)
      start++;
    dots = "...";
  }
  bool cut = end - sp.off > 100 + (size_t)sp.len;
  if (cut) {
    end = sp.off + (sp.len < 100 ? sp.len : 100) + 60;
    while (end > sp.off && ((unsigned char)src->text[end] & 0xc0) == 0x80)
      end--;
  }
  char *line = bc_xmalloc(end - start + 1);
  for (size_t i = start; i < end; i++)
    line[i - start] = src->text[i] == '\t' ? ' ' : src->text[i];
  fprintf(out, "  %s", dots);
  fwrite(line, 1, end - start, out);
  fputs(cut ? "...\n  " : "\n  ", out);
  size_t pad = bc_out_width(line, sp.off - start) + strlen(dots);
  for (size_t i = 0; i < pad; i++)
    fputc(' ', out);
  fputc('^', out);
  size_t len = sp.len;
  if (sp.off + len > end)
    len = end > sp.off ? end - sp.off : 0;
  size_t wide = bc_out_width(line + (sp.off - start), len);
  for (size_t i = 1; i < wide; i++)
    fputc('~', out);
  fputc('\n', out);
  free(line);
}

void bc_diag_print(const struct bc_diag *d, FILE *out) {
  const char *path = d->src ? d->src->path : "<input>";
  for (size_t i = 0; i < d->n; i++) {
    const struct bc_diag_item *it = &d->items[i];
    if (it->span.line)
      fprintf(out, "%s:%u:%u: %s: %s\n", path, it->span.line, it->span.col,
              kind_name(it->kind), it->msg);
    else
      fprintf(out, "%s: %s: %s\n", path, kind_name(it->kind), it->msg);
    print_caret(d->src, it->span, out);
  }
  unsigned max = d->max_errors ? d->max_errors : 50;
  if (d->nerr > max)
    fprintf(out, "%s: note: %u more errors not shown\n", path, d->nerr - max);
}
