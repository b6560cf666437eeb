/*
** lex.c - the lexer of the spec language (docs/language.md section 1).
**
** Turns a bc_source into tokens with spans, on demand, for parse.c. Lexical
** errors are reported here, once; the token that caused one comes back as
** BC_TOK_BAD (or, when its shape is still clear, as the intended token).
*/
#include "front/lex.h"

#include <limits.h>
#include <string.h>

/* ------------------------------------------------------------ tables */

static const char *const tok_names[BC_TOK_COUNT_] = {
#define BC_TOK_NAME_(name, text) text,
    BC_TOKEN_LIST(BC_TOK_NAME_)
#undef BC_TOK_NAME_
};

const char *bc_tok_name(enum bc_tok_kind kind) {
  if ((unsigned)kind >= BC_TOK_COUNT_)
    return "?";
  return tok_names[kind];
}

struct word {
  const char *text;
  enum bc_tok_kind kind;
};

/* Reserved words (docs/language.md section 9). */
static const struct word keywords[] = {
    {"spec", BC_TOK_SPEC},
    {"const", BC_TOK_CONST},
    {"enum", BC_TOK_ENUM},
    {"var", BC_TOK_VAR},
    {"set", BC_TOK_SET},
    {"of", BC_TOK_OF},
    {"bool", BC_TOK_BOOL},
    {"true", BC_TOK_TRUE},
    {"false", BC_TOK_FALSE},
    {"process", BC_TOK_PROCESS},
    {"symmetric", BC_TOK_SYMMETRIC},
    {"procedure", BC_TOK_PROCEDURE},
    {"placement", BC_TOK_PLACEMENT},
    {"at", BC_TOK_AT},
    {"constraint", BC_TOK_CONSTRAINT},
    {"always", BC_TOK_ALWAYS},
    {"before", BC_TOK_BEFORE},
    {"no", BC_TOK_NO},
    {"deadlock", BC_TOK_DEADLOCK},
    {"reachable", BC_TOK_REACHABLE},
    {"eventually", BC_TOK_EVENTUALLY},
    {"violations", BC_TOK_VIOLATIONS},
    {"fair", BC_TOK_FAIR},
    {"expect", BC_TOK_EXPECT},
    {"sweep", BC_TOK_SWEEP},
    {"holds", BC_TOK_HOLDS},
    {"violates", BC_TOK_VIOLATES},
    {"when", BC_TOK_WHEN},
    {"await", BC_TOK_AWAIT},
    {"skip", BC_TOK_SKIP},
    {"if", BC_TOK_IF},
    {"then", BC_TOK_THEN},
    {"else", BC_TOK_ELSE},
    {"either", BC_TOK_EITHER},
    {"or", BC_TOK_OR},
    {"with", BC_TOK_WITH},
    {"for", BC_TOK_FOR},
    {"forall", BC_TOK_FORALL},
    {"exists", BC_TOK_EXISTS},
    {"in", BC_TOK_IN},
    {"not", BC_TOK_NOT},
    {"and", BC_TOK_AND},
    {"goto", BC_TOK_GOTO},
    {"end", BC_TOK_END},
    {"hook", BC_TOK_HOOK},
    {"violate", BC_TOK_VIOLATE},
    {"self", BC_TOK_SELF},
    {"card", BC_TOK_CARD},
    {"at_label", BC_TOK_AT_LABEL},
    {"window", BC_TOK_WINDOW},
};

/* TLA+ operators spelled '\word'. */
static const struct word tla_words[] = {
    {"in", BC_TOK_IN},          {"notin", BC_TOK_NOTIN},
    {"cup", BC_TOK_CUP},        {"union", BC_TOK_CUP},
    {"cap", BC_TOK_CAP},        {"intersect", BC_TOK_CAP},
    {"subseteq", BC_TOK_SUBSETEQ}, {"A", BC_TOK_FORALL},
    {"E", BC_TOK_EXISTS},
};

static int lookup(const struct word *tab, size_t n, const char *s,
                  size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(tab[i].text) == len && memcmp(tab[i].text, s, len) == 0)
      return (int)tab[i].kind;
  return -1;
}

bool bc_tok_is_keyword(enum bc_tok_kind kind) {
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
    if (keywords[i].kind == kind)
      return true;
  return false;
}

/* ------------------------------------------------------------ scanning */

void bc_lex_init(struct bc_lexer *lx, const struct bc_source *src,
                 struct bc_diag *diag) {
  memset(lx, 0, sizeof *lx);
  lx->src = src;
  lx->diag = diag;
  lx->line = lx->col = 1;
  lx->prev = BC_TOK_EOF;
  /* a UTF-8 byte order mark (some editors write one) is not text */
  if (src->len >= 3 && !memcmp(src->text, "\xef\xbb\xbf", 3))
    lx->pos = 3;
}

/* The byte 'k' places ahead, or -1 past the end (embedded NULs are bytes). */
static int look(const struct bc_lexer *lx, size_t k) {
  if (lx->pos + k >= lx->src->len)
    return -1;
  return (unsigned char)lx->src->text[lx->pos + k];
}

static void advance(struct bc_lexer *lx) {
  if (lx->pos >= lx->src->len)
    return;
  if (lx->src->text[lx->pos] == '\n') {
    lx->line++;
    lx->col = 1;
  } else {
    lx->col++;
  }
  lx->pos++;
}

static void advance_n(struct bc_lexer *lx, size_t n) {
  while (n--)
    advance(lx);
}

static struct bc_span here(const struct bc_lexer *lx) {
  struct bc_span sp = {lx->line, lx->col, (unsigned)lx->pos, 0};
  return sp;
}

static bool is_ident_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(int c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}

static bool is_letter(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int hex_value(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Whether a token of kind 'k' can end an operand (for '#', see lex.h). */
static bool ends_operand(enum bc_tok_kind k) {
  switch (k) {
  case BC_TOK_IDENT:
  case BC_TOK_INT:
  case BC_TOK_TRUE:
  case BC_TOK_FALSE:
  case BC_TOK_SELF:
  case BC_TOK_RPAREN:
  case BC_TOK_RBRACK:
  case BC_TOK_RBRACE:
    return true;
  default:
    return false;
  }
}

static void skip_line(struct bc_lexer *lx) {
  while (look(lx, 0) >= 0 && look(lx, 0) != '\n')
    advance(lx);
}

/* Skip blanks and comments; stop at the first byte of a token. */
static void skip_blanks(struct bc_lexer *lx) {
  bool after_operand = ends_operand(lx->prev);
  for (;;) {
    int c = look(lx, 0);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
        c == '\v') {
      advance(lx);
    } else if (c == '#' && !(lx->in_parens && after_operand)) {
      unsigned line = lx->line;
      skip_line(lx);
      size_t end = lx->pos;
      while (end > 0 && (lx->src->text[end - 1] == ' ' ||
                         lx->src->text[end - 1] == '\t' ||
                         lx->src->text[end - 1] == '\r'))
        end--;
      if (after_operand && end > 0 && lx->src->text[end - 1] == ';')
        lx->hash_ne_line = line;
    } else if ((c == '/' && look(lx, 1) == '/') ||
               (c == '\\' && look(lx, 1) == '*')) {
      skip_line(lx); /* '//' or '\*' */
    } else if (c == '/' && look(lx, 1) == '*') {
      struct bc_span start = here(lx);
      start.len = 2;
      advance_n(lx, 2);
      for (;;) {
        if (look(lx, 0) < 0) {
          bc_error(lx->diag, start, "unterminated comment: '/*' without '*/'");
          return;
        }
        if (look(lx, 0) == '*' && look(lx, 1) == '/') {
          advance_n(lx, 2);
          break;
        }
        advance(lx);
      }
    } else {
      return;
    }
  }
}

/* INT: decimal [0-9]+ or hexadecimal 0x[0-9a-fA-F]+, at most INT64_MAX. */
static enum bc_tok_kind scan_number(struct bc_lexer *lx, struct bc_token *t) {
  uint64_t v = 0;
  bool overflow = false, hex = false;
  unsigned base = 10;
  if (look(lx, 0) == '0' && (look(lx, 1) == 'x' || look(lx, 1) == 'X')) {
    hex = true;
    base = 16;
    advance_n(lx, 2);
  }
  size_t digits = 0;
  for (;;) {
    int d = hex ? hex_value(look(lx, 0))
                : (look(lx, 0) >= '0' && look(lx, 0) <= '9' ? look(lx, 0) - '0'
                                                            : -1);
    if (d < 0)
      break;
    if (v > ((uint64_t)INT64_MAX - (uint64_t)d) / base)
      overflow = true;
    else
      v = v * base + (uint64_t)d;
    digits++;
    advance(lx);
  }
  t->ival = 0;
  if (is_ident_char(look(lx, 0))) {
    while (is_ident_char(look(lx, 0)))
      advance(lx);
    t->span.len = (unsigned)(lx->pos - t->span.off);
    bc_error(lx->diag, t->span,
             "invalid integer literal (a number must not run into letters)");
    return BC_TOK_INT;
  }
  t->span.len = (unsigned)(lx->pos - t->span.off);
  if (hex && digits == 0) {
    bc_error(lx->diag, t->span, "expected hexadecimal digits after '0x'");
    return BC_TOK_INT;
  }
  if (overflow) {
    bc_error(lx->diag, t->span,
             "integer literal too big (the largest is 9223372036854775807)");
    return BC_TOK_INT;
  }
  t->ival = (int64_t)v;
  return BC_TOK_INT;
}

/* STRING: "..." on one line, with \" and \\ escapes. */
static enum bc_tok_kind scan_string(struct bc_lexer *lx, struct bc_token *t) {
  advance(lx); /* the opening quote */
  for (;;) {
    int c = look(lx, 0);
    if (c < 0 || c == '\n') {
      t->span.len = (unsigned)(lx->pos - t->span.off);
      if (t->span.len > 0 && lx->src->text[lx->pos - 1] == '\r')
        t->span.len--;
      bc_error(lx->diag, t->span,
               "unterminated string (a string must end on the line it starts)");
      return BC_TOK_BAD;
    }
    if (c == '"') {
      advance(lx);
      break;
    }
    if (c == '\\') {
      int e = look(lx, 1);
      if (e == '"' || e == '\\') {
        advance_n(lx, 2);
        continue;
      }
      if (e >= 0 && e != '\n') {
        struct bc_span sp = here(lx);
        sp.len = 2;
        if (e >= 0x20 && e < 0x7f)
          bc_error(lx->diag, sp,
                   "unknown escape sequence '\\%c' in string (only \\\" and "
                   "\\\\ are allowed)",
                   e);
        else
          bc_error(lx->diag, sp,
                   "unknown escape sequence in string (only \\\" and \\\\ "
                   "are allowed)");
      }
    }
    advance(lx);
  }
  t->span.len = (unsigned)(lx->pos - t->span.off);
  return BC_TOK_STRING;
}

/* '\' followed by a word (\in, \cup, \A, ...), '\/', or '\' alone. */
static enum bc_tok_kind scan_backslash(struct bc_lexer *lx,
                                       struct bc_token *t) {
  advance(lx);
  if (look(lx, 0) == '/') {
    advance(lx);
    return BC_TOK_OR;
  }
  if (!is_letter(look(lx, 0)))
    return BC_TOK_SETMINUS;
  size_t start = lx->pos;
  while (is_letter(look(lx, 0)))
    advance(lx);
  t->span.len = (unsigned)(lx->pos - t->span.off);
  int k = lookup(tla_words, sizeof tla_words / sizeof tla_words[0],
                 lx->src->text + start, lx->pos - start);
  if (k >= 0)
    return (enum bc_tok_kind)k;
  int n = (int)(lx->pos - start);
  bc_error(lx->diag, t->span,
           "unknown operator '\\%.*s' (for set difference, write a space "
           "after '\\')",
           n > 40 ? 40 : n, lx->src->text + start);
  return BC_TOK_BAD;
}

/* A byte that starts no token: report it and return BC_TOK_BAD. */
static enum bc_tok_kind bad_char(struct bc_lexer *lx, struct bc_token *t) {
  int c = look(lx, 0);
  advance(lx);
  if (c >= 0x80) {
    /* one error for a whole UTF-8 sequence */
    for (int i = 0; i < 3 && look(lx, 0) >= 0x80 && look(lx, 0) < 0xc0; i++)
      advance(lx);
    t->span.len = (unsigned)(lx->pos - t->span.off);
    bc_error(lx->diag, t->span,
             "non-ASCII character (only comments and strings may contain "
             "one)");
    return BC_TOK_BAD;
  }
  t->span.len = 1;
  if (c == '|')
    bc_error(lx->diag, t->span, "unexpected character '|' (did you mean "
             "'||' or 'or', or '+' for the union of sets?)");
  else if (c == '&')
    bc_error(lx->diag, t->span, "unexpected character '&' (did you mean "
             "'&&' or 'and', or '*' for the intersection of sets?)");
  else if (c == '\'')
    bc_error(lx->diag, t->span,
             "unexpected character ''' (strings are written in double quotes)");
  else if (c > 0x20 && c < 0x7f)
    bc_error(lx->diag, t->span, "unexpected character '%c'", c);
  else
    bc_error(lx->diag, t->span, "unexpected control character 0x%02x", c);
  return BC_TOK_BAD;
}

static enum bc_tok_kind scan(struct bc_lexer *lx, struct bc_token *t) {
  int c = look(lx, 0);
  if (c < 0)
    return BC_TOK_EOF;
  if (is_ident_start(c)) {
    while (is_ident_char(look(lx, 0)))
      advance(lx);
    int k = lookup(keywords, sizeof keywords / sizeof keywords[0],
                   lx->src->text + t->span.off, lx->pos - t->span.off);
    return k >= 0 ? (enum bc_tok_kind)k : BC_TOK_IDENT;
  }
  if (c >= '0' && c <= '9')
    return scan_number(lx, t);
  if (c == '"')
    return scan_string(lx, t);
  if (c == '\\')
    return scan_backslash(lx, t);
  int c1 = look(lx, 1), c2 = look(lx, 2);
  enum bc_tok_kind k;
  size_t n = 1;
  switch (c) {
  case ';': k = BC_TOK_SEMI; break;
  case ',': k = BC_TOK_COMMA; break;
  case '(': k = BC_TOK_LPAREN; break;
  case ')': k = BC_TOK_RPAREN; break;
  case '[': k = BC_TOK_LBRACK; break;
  case ']': k = BC_TOK_RBRACK; break;
  case '{': k = BC_TOK_LBRACE; break;
  case '}': k = BC_TOK_RBRACE; break;
  case '+': k = BC_TOK_PLUS; break;
  case '-': k = BC_TOK_MINUS; break;
  case '*': k = BC_TOK_STAR; break;
  case '%': k = BC_TOK_PERCENT; break;
  case '~': k = c1 == '>' ? (n = 2, BC_TOK_LEADSTO) : BC_TOK_NOT; break;
  case '#': k = BC_TOK_NE; break; /* only reached in operator position */
  case ':':
    k = c1 == '=' ? (n = 2, BC_TOK_ASSIGN) : BC_TOK_COLON;
    break;
  case '.':
    k = c1 == '.' ? (n = 2, BC_TOK_DOTDOT) : BC_TOK_DOT;
    break;
  case '=':
    if (c1 == '=')
      k = (n = 2, BC_TOK_EQEQ);
    else if (c1 == '>')
      k = (n = 2, BC_TOK_IMPLIES);
    else
      k = BC_TOK_EQ;
    break;
  case '!':
    k = c1 == '=' ? (n = 2, BC_TOK_NE) : BC_TOK_NOT;
    break;
  case '<':
    if (c1 == '=' && c2 == '>')
      k = (n = 3, BC_TOK_IFF);
    else if (c1 == '=')
      k = (n = 2, BC_TOK_LE);
    else
      k = BC_TOK_LT;
    break;
  case '>':
    k = c1 == '=' ? (n = 2, BC_TOK_GE) : BC_TOK_GT;
    break;
  case '/':
    if (c1 == '\\')
      k = (n = 2, BC_TOK_AND);
    else if (c1 == '=')
      k = (n = 2, BC_TOK_NE);
    else
      k = BC_TOK_SLASH;
    break;
  case '&':
    if (c1 != '&')
      return bad_char(lx, t);
    k = (n = 2, BC_TOK_AND);
    break;
  case '|':
    if (c1 != '|')
      return bad_char(lx, t);
    k = (n = 2, BC_TOK_OR);
    break;
  default:
    return bad_char(lx, t);
  }
  advance_n(lx, n);
  return k;
}

void bc_lex_next(struct bc_lexer *lx, struct bc_token *ret) {
  skip_blanks(lx);
  struct bc_token t;
  memset(&t, 0, sizeof t);
  t.span = here(lx);
  t.kind = scan(lx, &t);
  if (t.kind != BC_TOK_BAD || t.span.len == 0)
    t.span.len = (unsigned)(lx->pos - t.span.off);
  lx->prev = t.kind;
  *ret = t;
}

char *bc_lex_string_value(const struct bc_source *src,
                          const struct bc_token *tok, struct bc_arena *arena) {
  const char *s = src->text + tok->span.off;
  size_t n = tok->span.len;
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
    s++;
    n -= 2;
  }
  char *out = bc_arena_alloc(arena, n + 1);
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
      i++;
    out[j++] = s[i];
  }
  out[j] = '\0';
  return out;
}
