/*
** safeout.c - escaping control characters on their way to a terminal
** (see safeout.h). A spec's title, strings and comments are the user's
** text: a title holding ESC ] 2 ; ... BEL would retitle the terminal, and
** other sequences can move the cursor, hide text or answer back.
*/
#define _GNU_SOURCE /* fopencookie */
#include "base/safeout.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct safe {
  FILE *under;
  bool own;
  unsigned char pend[4]; /* an incomplete UTF-8 sequence */
  size_t npend, need;
};

/* The streams made here, to find what lies below one (output is written
** from one thread at a time; a few streams at most). */
enum { MAX_SAFE = 8 };
static struct {
  FILE *f;
  struct safe *s;
} safes[MAX_SAFE];

static struct safe *lookup(FILE *f) {
  for (size_t i = 0; i < MAX_SAFE; i++)
    if (safes[i].f == f && f)
      return safes[i].s;
  return NULL;
}

/* The escape for byte 'c' written alone, or NULL when it is written as is
** (printable ASCII, tab, newline, carriage return). */
static const char *escape_byte(unsigned char c, char buf[8]) {
  if ((c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r')
    return NULL;
  snprintf(buf, 8, "\\x%02x", c);
  return buf;
}

/* The length of the UTF-8 sequence led by 'c' (2..4), or 0 when 'c' cannot
** lead one. */
static size_t utf8_len(unsigned char c) {
  if (c >= 0xc2 && c <= 0xdf)
    return 2;
  if (c >= 0xe0 && c <= 0xef)
    return 3;
  if (c >= 0xf0 && c <= 0xf4)
    return 4;
  return 0;
}

/*
** Scan 'n' bytes of 's' (continuing the sequence in pend/npend/need) and
** call 'emit' for each run of bytes to write, escapes included. Returns the
** columns written. A C1 character (U+0080..U+009F, C2 80..C2 9F) becomes
** \u0080..\u009f; a byte that is not part of valid UTF-8 becomes \xHH.
*/
static size_t scan(struct safe *st, const unsigned char *s, size_t n,
                   void (*emit)(void *, const char *, size_t), void *ctx) {
  size_t cols = 0;
  char buf[16];
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    if (st->npend) {
      if ((c & 0xc0) == 0x80) {
        st->pend[st->npend++] = c;
        if (st->npend < st->need)
          continue;
        if (st->pend[0] == 0xc2 && st->pend[1] < 0xa0) {
          snprintf(buf, sizeof buf, "\\u%04x", st->pend[1]);
          emit(ctx, buf, strlen(buf));
          cols += strlen(buf);
        } else {
          emit(ctx, (const char *)st->pend, st->npend);
          cols++;
        }
        st->npend = 0;
        continue;
      }
      /* an incomplete sequence: its bytes are escaped one by one */
      for (size_t k = 0; k < st->npend; k++) {
        snprintf(buf, sizeof buf, "\\x%02x", st->pend[k]);
        emit(ctx, buf, 4);
        cols += 4;
      }
      st->npend = 0;
    }
    size_t len = utf8_len(c);
    if (len) {
      st->pend[0] = c;
      st->npend = 1;
      st->need = len;
      continue;
    }
    const char *e = escape_byte(c, buf);
    if (e) {
      emit(ctx, e, strlen(e));
      cols += strlen(e);
    } else {
      /* a run of plain bytes at once */
      size_t j = i + 1;
      while (j < n && !escape_byte(s[j], buf))
        j++;
      emit(ctx, (const char *)s + i, j - i);
      cols += j - i;
      i = j - 1;
    }
  }
  return cols;
}

static void emit_file(void *ctx, const char *s, size_t n) {
  fwrite(s, 1, n, ctx);
}

static void flush_pending(struct safe *st) {
  char buf[8];
  for (size_t k = 0; k < st->npend; k++) {
    snprintf(buf, sizeof buf, "\\x%02x", st->pend[k]);
    fputs(buf, st->under);
  }
  st->npend = 0;
}

static ssize_t safe_write(void *cookie, const char *buf, size_t size) {
  struct safe *st = cookie;
  scan(st, (const unsigned char *)buf, size, emit_file, st->under);
  if (ferror(st->under))
    return -1;
  /* a terminal sees what was written as it would without this layer */
  if (isatty(fileno(st->under)) || st->under == stderr)
    fflush(st->under);
  return (ssize_t)size;
}

static int safe_close(void *cookie) {
  struct safe *st = cookie;
  flush_pending(st);
  int rc = fflush(st->under);
  if (st->own && fclose(st->under) != 0)
    rc = EOF;
  for (size_t i = 0; i < MAX_SAFE; i++)
    if (safes[i].s == st)
      safes[i].f = NULL, safes[i].s = NULL;
  free(st);
  return rc;
}

FILE *bc_safe_stream(FILE *under, bool own) {
  size_t slot = 0;
  while (slot < MAX_SAFE && safes[slot].f)
    slot++;
  struct safe *st = calloc(1, sizeof *st);
  if (slot == MAX_SAFE || !st) {
    free(st);
    return NULL;
  }
  st->under = under;
  st->own = own;
  cookie_io_functions_t io = {NULL, safe_write, NULL, safe_close};
  FILE *f = fopencookie(st, "w", io);
  if (!f) {
    free(st);
    return NULL;
  }
  int fd = fileno(under);
  if (under == stderr)
    setvbuf(f, NULL, _IONBF, 0);
  else if (fd >= 0 && isatty(fd))
    setvbuf(f, NULL, _IOLBF, BUFSIZ);
  safes[slot].f = f;
  safes[slot].s = st;
  return f;
}

void bc_out_raw(FILE *f, const char *s) {
  struct safe *st = lookup(f);
  if (!st) {
    fputs(s, f);
    return;
  }
  fflush(f);
  flush_pending(st);
  fputs(s, st->under);
}

void bc_out_rawf(FILE *f, const char *fmt, ...) {
  struct safe *st = lookup(f);
  FILE *to = f;
  if (st) {
    fflush(f);
    flush_pending(st);
    to = st->under;
  }
  va_list ap;
  va_start(ap, fmt);
  vfprintf(to, fmt, ap);
  va_end(ap);
}

bool bc_out_isatty(FILE *f) {
  struct safe *st = lookup(f);
  int fd = fileno(st ? st->under : f);
  return fd >= 0 && isatty(fd);
}

static void emit_none(void *ctx, const char *s, size_t n) {
  (void)ctx;
  (void)s;
  (void)n;
}

size_t bc_out_width(const char *s, size_t n) {
  struct safe st;
  memset(&st, 0, sizeof st);
  size_t cols = scan(&st, (const unsigned char *)s, n, emit_none, NULL);
  return cols + 4 * st.npend;
}
