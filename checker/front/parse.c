/*
** parse.c - recursive-descent parser: tokens (lex.c) to a bc_ast (ast.h).
**
** One function per production of docs/language.md, each headed by that
** production. An error is reported once: the parser then enters panic mode
** (further errors are suppressed) and resynchronises at ';', '}', a label or
** a declaration keyword, so one run reports several independent errors.
** Nesting of expressions and statements is bounded (MAX_DEPTH), so no input
** can exhaust the stack; every loop consumes a token or stops.
*/
#include "bootcheck/ast.h"

#include "front/lex.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
** Limits that keep the tree's height bounded, so that neither this parser
** nor a later pass that walks the tree recursively can exhaust the stack:
** nested operands and statements, and operators chained on one path of an
** expression tree ('a + b + c' is left-deep; so is 'x[1][2][3]').
*/
enum { MAX_DEPTH = 200, MAX_CHAIN = 1000 };

enum ctx { CTX_NONE, CTX_PROCESS, CTX_PROCEDURE, CTX_PLACEMENT };

struct parser {
  struct bc_lexer lx;
  const struct bc_source *src;
  struct bc_arena *arena;
  struct bc_diag *diag;
  struct bc_token tok;   /* the current token */
  struct bc_token prev;  /* the last consumed token */
  struct bc_token ahead; /* one token of lookahead, when has_ahead */
  bool has_ahead;
  bool panic;            /* an error was reported; not yet resynchronised */
  unsigned depth;        /* operands and statements being parsed */
  unsigned chain;        /* chained operators on the current path */
  unsigned parens;       /* open '(' and '[' of expressions (for '#') */
  enum ctx ctx;          /* what kind of body statements are in */
  bool leadsto_ok;       /* parsing the left side of a constraint 'P ~> Q'
                            (outside quantifiers, 'if' and brackets) */
};

/* Precedence levels, loosest first (docs/language.md section 6). */
enum prec {
  P_NONE,
  P_IFF,     /* <=> */
  P_IMPLIES, /* => (right-assoc) */
  P_OR,
  P_AND,
  P_NOT,     /* prefix not */
  P_CMP,     /* == != < <= > >= in not-in \subseteq (non-assoc) */
  P_RANGE,   /* .. (non-assoc) */
  P_ADD,     /* + - \cup \ */
  P_MUL,     /* * / % \cap */
};

static struct bc_expr *parse_expr(struct parser *p);
static struct bc_expr *parse_binary(struct parser *p, int min);
static struct bc_stmt *parse_stmt(struct parser *p);
static struct bc_stmt *parse_block(struct parser *p, const char *after);

/* ------------------------------------------------------------ tokens */

static void lex(struct parser *p, struct bc_token *t) {
  p->lx.in_parens = p->parens > 0;
  bc_lex_next(&p->lx, t);
}

static void next(struct parser *p) {
  p->prev = p->tok;
  if (p->has_ahead) {
    p->tok = p->ahead;
    p->has_ahead = false;
  } else {
    lex(p, &p->tok);
  }
}

static enum bc_tok_kind peek(struct parser *p) {
  if (!p->has_ahead) {
    lex(p, &p->ahead);
    p->has_ahead = true;
  }
  return p->ahead.kind;
}

static bool at(const struct parser *p, enum bc_tok_kind k) {
  return p->tok.kind == k;
}

static bool accept(struct parser *p, enum bc_tok_kind k) {
  if (!at(p, k))
    return false;
  next(p);
  return true;
}

static const char *tok_text(const struct parser *p, const struct bc_token *t) {
  return p->src->text + t->span.off;
}

/* Whether the token is a reserved word (not '&&', which is also AND). */
static bool is_word(const struct parser *p, const struct bc_token *t) {
  char c = t->span.len ? tok_text(p, t)[0] : '\0';
  return bc_tok_is_keyword(t->kind) &&
         ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/* How a token reads in a message: 'x', end of file, a string. */
static const char *describe(const struct parser *p, const struct bc_token *t,
                            char buf[static 64]) {
  if (t->kind == BC_TOK_EOF)
    return "end of file";
  if (t->kind == BC_TOK_STRING)
    return "a string";
  int n = (int)t->span.len;
  if (n > 40)
    snprintf(buf, 64, "'%.*s...'", 40, tok_text(p, t));
  else
    snprintf(buf, 64, "'%.*s'", n, tok_text(p, t));
  return buf;
}

/* How the source text of a span reads in a message ('a + 1'). */
static const char *quote_span(const struct parser *p, struct bc_span sp,
                              char buf[static 64]) {
  struct bc_token t = {BC_TOK_IDENT, sp, 0};
  const char *nl = memchr(tok_text(p, &t), '\n', sp.len);
  if (nl)
    t.span.len = (unsigned)(nl - tok_text(p, &t));
  return describe(p, &t, buf);
}

static bool is_decl_start(enum bc_tok_kind k) {
  switch (k) {
  case BC_TOK_SPEC:
  case BC_TOK_CONST:
  case BC_TOK_ENUM:
  case BC_TOK_VAR:
  case BC_TOK_PROCESS:
  case BC_TOK_PROCEDURE:
  case BC_TOK_PLACEMENT:
  case BC_TOK_CONSTRAINT:
  case BC_TOK_EXPECT:
  case BC_TOK_WINDOW:
  case BC_TOK_SWEEP:
  case BC_TOK_FAIR:
    return true;
  default:
    return false;
  }
}

static bool starts_expr(enum bc_tok_kind k) {
  switch (k) {
  case BC_TOK_INT:
  case BC_TOK_TRUE:
  case BC_TOK_FALSE:
  case BC_TOK_IDENT:
  case BC_TOK_LBRACE:
  case BC_TOK_LPAREN:
  case BC_TOK_IF:
  case BC_TOK_SELF:
  case BC_TOK_CARD:
  case BC_TOK_AT_LABEL:
  case BC_TOK_NOT:
  case BC_TOK_MINUS:
  case BC_TOK_FORALL:
  case BC_TOK_EXISTS:
    return true;
  default:
    return false;
  }
}

/* ------------------------------------------------------------ spans */

/* The span from 'start' to the end of the last consumed token. */
static struct bc_span span_from(const struct parser *p, struct bc_span start) {
  unsigned end = p->prev.span.off + p->prev.span.len;
  if (end > start.off)
    start.len = end - start.off;
  return start;
}

/* Just after the last consumed token: where a missing ';' belongs. */
static struct bc_span after_prev(const struct parser *p) {
  struct bc_span sp = p->prev.span;
  sp.col += sp.len;
  sp.off += sp.len;
  sp.len = 1;
  return sp;
}

/* Where an error about the current token points (at EOF: after the last). */
static struct bc_span tok_span(const struct parser *p) {
  if (p->tok.kind == BC_TOK_EOF && p->prev.span.line)
    return after_prev(p);
  return p->tok.span;
}

/* ------------------------------------------------------------ errors */

static void vreport(struct parser *p, struct bc_span sp, const char *fmt,
                    va_list ap) {
  bc_diag_vadd(p->diag, BC_DIAG_ERROR, sp, fmt, ap);
}

/* Report an error and enter panic mode (nothing while already panicking). */
static void __attribute__((format(printf, 3, 4)))
error_at(struct parser *p, struct bc_span sp, const char *fmt, ...) {
  if (p->panic)
    return;
  p->panic = true;
  va_list ap;
  va_start(ap, fmt);
  vreport(p, sp, fmt, ap);
  va_end(ap);
}

/* An error about the current token; silent if the lexer reported it. */
static void __attribute__((format(printf, 2, 3)))
error_here(struct parser *p, const char *fmt, ...) {
  if (p->panic)
    return;
  p->panic = true;
  if (p->tok.kind == BC_TOK_BAD)
    return;
  va_list ap;
  va_start(ap, fmt);
  vreport(p, tok_span(p), fmt, ap);
  va_end(ap);
}

/* An error the parser can step over: report it and go on as if fixed. */
static void __attribute__((format(printf, 3, 4)))
complain(struct parser *p, struct bc_span sp, const char *fmt, ...) {
  if (p->panic)
    return;
  va_list ap;
  va_start(ap, fmt);
  vreport(p, sp, fmt, ap);
  va_end(ap);
}

/* Consume a 'kind' token, or report "expected 'X' <context>, found Y". */
static bool __attribute__((format(printf, 3, 4)))
expect(struct parser *p, enum bc_tok_kind kind, const char *ctxfmt, ...) {
  if (accept(p, kind))
    return true;
  char ctx[160], got[64];
  va_list ap;
  va_start(ap, ctxfmt);
  vsnprintf(ctx, sizeof ctx, ctxfmt, ap);
  va_end(ap);
  error_here(p, "expected '%s' %s, found %s", bc_tok_name(kind), ctx,
             describe(p, &p->tok, got));
  return false;
}

static struct bc_ident ident_of(struct parser *p, const struct bc_token *t) {
  struct bc_ident id;
  id.name = bc_arena_strndup(p->arena, tok_text(p, t), t->span.len);
  id.span = t->span;
  return id;
}

/* Consume an identifier into '*out', or report "expected <what>". */
static bool expect_ident(struct parser *p, struct bc_ident *out,
                         const char *what) {
  if (at(p, BC_TOK_IDENT)) {
    *out = ident_of(p, &p->tok);
    next(p);
    return true;
  }
  char got[64];
  if (is_word(p, &p->tok))
    error_here(p, "expected %s, found the reserved word %s", what,
               describe(p, &p->tok, got));
  else
    error_here(p, "expected %s, found %s", what, describe(p, &p->tok, got));
  return false;
}

/*
** Consume the ';' that ends 'what'. A missing ';' is reported just after
** the previous token; if the next token is on a later line (or closes the
** block) the parser goes on as if it were there, otherwise it panics.
*/
static bool expect_semi(struct parser *p, const char *what) {
  if (accept(p, BC_TOK_SEMI))
    return true;
  if (p->tok.kind == BC_TOK_BAD) {
    p->panic = true;
    return false;
  }
  if (p->lx.hash_ne_line == p->prev.span.line)
    complain(p, after_prev(p),
             "expected ';' after %s ('#' outside parentheses starts a "
             "comment: for \"not equal\" write '!=' or '(a # b)')",
             what);
  else
    complain(p, after_prev(p), "expected ';' after %s", what);
  if (p->tok.span.line != p->prev.span.line || at(p, BC_TOK_RBRACE) ||
      at(p, BC_TOK_EOF))
    return true;
  p->panic = true;
  return false;
}

/* Report a block that reaches EOF or a declaration before its '}'. */
static void unclosed(struct parser *p, struct bc_span open, const char *what) {
  if (p->panic)
    return;
  char got[64];
  if (at(p, BC_TOK_EOF))
    error_at(p, tok_span(p), "expected '}' at end of file to close %s", what);
  else
    error_at(p, tok_span(p), "expected '}' before %s to close %s",
             describe(p, &p->tok, got), what);
  bc_note(p->diag, open, "to match this '{'");
}

/* Nesting guard: every operand and statement goes one level deeper. */
static bool enter(struct parser *p) {
  if (p->depth >= MAX_DEPTH) {
    error_at(p, tok_span(p), "nesting too deep (more than %d levels)",
             MAX_DEPTH);
    return false;
  }
  p->depth++;
  return true;
}

/* Count one more chained operator on the current path of the tree. */
static bool chain_op(struct parser *p) {
  if (p->chain >= MAX_CHAIN) {
    error_at(p, tok_span(p),
             "expression too long (more than %d chained operators)",
             MAX_CHAIN);
    return false;
  }
  p->chain++;
  return true;
}

/* ------------------------------------------------------------ recovery */

/*
** After an error inside a statement: skip to the end of the statement (a
** ';' or a whole '{...}' at this level), or stop before a '}', a label or a
** declaration keyword. Panic mode ends, except at a declaration keyword or
** EOF, where the enclosing bodies give up quietly up to the declaration.
*/
static void sync_stmt(struct parser *p) {
  unsigned depth = 0;
  for (;;) {
    enum bc_tok_kind k = p->tok.kind;
    if (k == BC_TOK_FAIR && depth == 0 && peek(p) != BC_TOK_PROCESS)
      break; /* a fair step 'fair L:' */
    if (k == BC_TOK_EOF || (is_decl_start(k) && k != BC_TOK_VAR))
      return;
    if (k == BC_TOK_SEMI) {
      next(p);
      if (depth == 0)
        break;
    } else if (k == BC_TOK_LBRACE) {
      depth++;
      next(p);
    } else if (k == BC_TOK_RBRACE) {
      if (depth == 0)
        break;
      next(p);
      if (--depth == 0)
        break;
    } else if (k == BC_TOK_IDENT && depth == 0 && peek(p) == BC_TOK_COLON) {
      break;
    } else {
      next(p);
    }
  }
  p->panic = false;
}

/* After an error in a declaration: skip to the next declaration keyword
** ('var' only outside braces, where it cannot be a process local). */
static void sync_decl(struct parser *p) {
  unsigned depth = 0;
  while (!at(p, BC_TOK_EOF)) {
    enum bc_tok_kind k = p->tok.kind;
    if (is_decl_start(k) && (k != BC_TOK_VAR || depth == 0))
      break;
    if (k == BC_TOK_LBRACE)
      depth++;
    else if (k == BC_TOK_RBRACE && depth > 0)
      depth--;
    next(p);
  }
  p->panic = false;
}

/* ------------------------------------------------------------ nodes */

static struct bc_expr *new_expr(struct parser *p, enum bc_expr_kind kind,
                                struct bc_span sp) {
  struct bc_expr *e = bc_arena_alloc(p->arena, sizeof *e);
  e->kind = kind;
  e->span = sp;
  return e;
}

static struct bc_stmt *new_stmt(struct parser *p, enum bc_stmt_kind kind,
                                struct bc_span sp) {
  struct bc_stmt *s = bc_arena_alloc(p->arena, sizeof *s);
  s->kind = kind;
  s->span = sp;
  return s;
}

static struct bc_decl *new_decl(struct parser *p, enum bc_decl_kind kind) {
  struct bc_decl *d = bc_arena_alloc(p->arena, sizeof *d);
  d->kind = kind;
  d->span = p->tok.span;
  return d;
}

static struct bc_expr *binop(struct parser *p, enum bc_op op,
                             struct bc_expr *l, struct bc_expr *r) {
  struct bc_expr *e = new_expr(p, BC_E_BINOP, l->span);
  e->op = op;
  e->lhs = l;
  e->rhs = r;
  if (r->span.off + r->span.len > l->span.off)
    e->span.len = r->span.off + r->span.len - l->span.off;
  return e;
}

/* ------------------------------------------------------------ expressions */

/* expr -> quant | expr binop expr | unop expr | primary */
static struct bc_expr *parse_expr(struct parser *p) {
  return parse_binary(p, P_IFF);
}

/* inner -> expr, inside '(' ')' or '[' ']' (where '#' means "not equal") */
static struct bc_expr *parse_inner_expr(struct parser *p) {
  p->parens++;
  struct bc_expr *e = parse_expr(p);
  p->parens--;
  return e;
}

/* quant -> ('forall' | 'exists' | '\A' | '\E') IDENT ('in' | '\in') expr
**          ':' expr */
static struct bc_expr *parse_quant(struct parser *p) {
  struct bc_token q = p->tok;
  struct bc_expr *e = new_expr(p, BC_E_QUANT, q.span);
  e->op = at(p, BC_TOK_FORALL) ? BC_OP_FORALL : BC_OP_EXISTS;
  int qn = (int)q.span.len;
  const char *qt = tok_text(p, &q);
  next(p);
  if (!expect_ident(p, &e->var, "a bound variable name after the quantifier"))
    return NULL;
  if (!expect(p, BC_TOK_IN, "after the bound variable '%s' of '%.*s'",
              e->var.name, qn, qt))
    return NULL;
  if (!(e->lhs = parse_expr(p)))
    return NULL;
  if (!expect(p, BC_TOK_COLON, "after the domain of '%.*s %s'", qn, qt,
              e->var.name))
    return NULL;
  if (!(e->rhs = parse_expr(p)))
    return NULL;
  e->span = span_from(p, q.span);
  return e;
}

/* ifexpr -> 'if' expr 'then' expr 'else' expr */
static struct bc_expr *parse_ifexpr(struct parser *p) {
  struct bc_expr *e = new_expr(p, BC_E_COND, p->tok.span);
  next(p);
  if (!(e->cond = parse_expr(p)))
    return NULL;
  if (!expect(p, BC_TOK_THEN, "after the condition of an 'if' expression"))
    return NULL;
  if (!(e->lhs = parse_expr(p)))
    return NULL;
  if (!expect(p, BC_TOK_ELSE,
              "in an 'if' expression (it needs both 'then' and 'else')"))
    return NULL;
  if (!(e->rhs = parse_expr(p)))
    return NULL;
  e->span = span_from(p, e->span);
  return e;
}

/* name -> IDENT ('[' expr ']')* */
static struct bc_expr *parse_name(struct parser *p) {
  struct bc_expr *e = new_expr(p, BC_E_NAME, p->tok.span);
  e->name = ident_of(p, &p->tok);
  next(p);
  unsigned chain = p->chain;
  while (at(p, BC_TOK_LBRACK)) {
    struct bc_span open = p->tok.span;
    if (!chain_op(p))
      break;
    next(p);
    struct bc_expr *idx = parse_inner_expr(p);
    if (!idx ||
        !expect(p, BC_TOK_RBRACK, "to close the '[' at %u:%u", open.line,
                open.col))
      break;
    struct bc_expr *ix = new_expr(p, BC_E_INDEX, e->span);
    ix->lhs = e;
    ix->rhs = idx;
    ix->span = span_from(p, e->span);
    e = ix;
  }
  p->chain = chain;
  return p->panic ? NULL : e;
}

/* set -> '{' (expr (',' expr)*)? '}' */
static struct bc_expr *parse_set(struct parser *p) {
  struct bc_expr *e = new_expr(p, BC_E_SET, p->tok.span);
  next(p);
  if (!accept(p, BC_TOK_RBRACE)) {
    for (;;) {
      struct bc_expr *item = parse_expr(p);
      if (!item)
        return NULL;
      bc_ptrvec_push(p->arena, &e->items, item);
      if (accept(p, BC_TOK_COMMA))
        continue;
      if (accept(p, BC_TOK_RBRACE))
        break;
      char got[64];
      error_here(p, "expected ',' or '}' in the set literal, found %s",
                 describe(p, &p->tok, got));
      return NULL;
    }
  }
  e->span = span_from(p, e->span);
  return e;
}

/* atlabel -> 'at_label' '(' IDENT '.' IDENT ('[' expr ']')? ')' */
static struct bc_expr *parse_atlabel(struct parser *p) {
  struct bc_expr *e = new_expr(p, BC_E_ATLABEL, p->tok.span);
  next(p);
  if (!expect(p, BC_TOK_LPAREN, "after 'at_label'") ||
      !expect_ident(p, &e->var, "a process name in 'at_label(process.label)'") ||
      !expect(p, BC_TOK_DOT, "between process and label in 'at_label'") ||
      !expect_ident(p, &e->label, "a label name after '.'"))
    return NULL;
  if (accept(p, BC_TOK_LBRACK)) {
    if (!(e->lhs = parse_inner_expr(p)) ||
        !expect(p, BC_TOK_RBRACK, "after the process index in 'at_label'"))
      return NULL;
  }
  if (!expect(p, BC_TOK_RPAREN, "to close 'at_label('"))
    return NULL;
  e->span = span_from(p, e->span);
  return e;
}

/*
** primary -> INT | 'true' | 'false' | 'self' | IDENT ('[' expr ']')*
**          | '{' (expr (',' expr)*)? '}' | '(' expr ')'
**          | 'if' expr 'then' expr 'else' expr
**          | 'at_label' '(' IDENT '.' IDENT ('[' expr ']')? ')'
**          | 'card' '(' expr ')' | quant
*/
static struct bc_expr *parse_primary(struct parser *p) {
  struct bc_span sp = p->tok.span;
  struct bc_expr *e;
  switch (p->tok.kind) {
  case BC_TOK_INT:
    e = new_expr(p, BC_E_INT, sp);
    e->ival = p->tok.ival;
    next(p);
    return e;
  case BC_TOK_TRUE:
  case BC_TOK_FALSE:
    e = new_expr(p, BC_E_BOOL, sp);
    e->ival = at(p, BC_TOK_TRUE);
    next(p);
    return e;
  case BC_TOK_SELF:
    next(p);
    return new_expr(p, BC_E_SELF, sp);
  case BC_TOK_IDENT:
    return parse_name(p);
  case BC_TOK_LBRACE:
    return parse_set(p);
  case BC_TOK_LPAREN:
    next(p);
    if (!(e = parse_inner_expr(p)))
      return NULL;
    if (!expect(p, BC_TOK_RPAREN, "to close the '(' at %u:%u", sp.line,
                sp.col))
      return NULL;
    return e;
  case BC_TOK_IF:
  case BC_TOK_FORALL:
  case BC_TOK_EXISTS: { /* their bodies extend to the right: no '~>' */
    bool lt = p->leadsto_ok;
    p->leadsto_ok = false;
    e = at(p, BC_TOK_IF) ? parse_ifexpr(p) : parse_quant(p);
    p->leadsto_ok = lt;
    return e;
  }
  case BC_TOK_CARD:
    e = new_expr(p, BC_E_CARD, sp);
    next(p);
    if (!expect(p, BC_TOK_LPAREN, "after 'card'") ||
        !(e->lhs = parse_inner_expr(p)) ||
        !expect(p, BC_TOK_RPAREN, "to close 'card('"))
      return NULL;
    e->span = span_from(p, sp);
    return e;
  case BC_TOK_AT_LABEL:
    return parse_atlabel(p);
  case BC_TOK_EVENTUALLY:
    error_here(p, "'eventually' is a temporal operator: it may only start a "
                  "constraint body ('eventually P', 'always eventually P'), "
                  "not appear inside an expression");
    return NULL;
  default: {
    char got[64], after[64];
    if (p->prev.span.line)
      error_here(p, "expected an expression after %s, found %s",
                 describe(p, &p->prev, after), describe(p, &p->tok, got));
    else
      error_here(p, "expected an expression, found %s",
                 describe(p, &p->tok, got));
    return NULL;
  }
  }
}

/* unary -> ('not' | '!' | '~') binary | '-' unary | primary */
static struct bc_expr *parse_unary_inner(struct parser *p) {
  struct bc_span sp = p->tok.span;
  enum bc_op op;
  int sub;
  if (at(p, BC_TOK_NOT)) {
    op = BC_OP_NOT;
    sub = P_CMP; /* 'not' binds looser than comparisons */
  } else if (at(p, BC_TOK_MINUS)) {
    op = BC_OP_NEG;
    sub = P_MUL + 1;
  } else {
    return parse_primary(p);
  }
  next(p);
  struct bc_expr *x = parse_binary(p, sub);
  if (!x)
    return NULL;
  struct bc_expr *e = new_expr(p, BC_E_UNOP, sp);
  e->op = op;
  e->lhs = x;
  e->span = span_from(p, sp);
  return e;
}

/* unary -> ...   (parse_unary_inner, one nesting level deeper) */
static struct bc_expr *parse_unary(struct parser *p) {
  if (!enter(p))
    return NULL;
  struct bc_expr *e = parse_unary_inner(p);
  p->depth--;
  return e;
}

struct binop_info {
  int prec;
  enum bc_op op;
  bool range; /* '..' builds a BC_E_RANGE */
};

/* The binary operator a token stands for, if any. */
static bool binop_of(enum bc_tok_kind k, struct binop_info *b) {
  b->range = false;
  switch (k) {
  case BC_TOK_IFF: *b = (struct binop_info){P_IFF, BC_OP_IFF, false}; break;
  case BC_TOK_IMPLIES: *b = (struct binop_info){P_IMPLIES, BC_OP_IMPLIES, false}; break;
  case BC_TOK_OR: *b = (struct binop_info){P_OR, BC_OP_OR, false}; break;
  case BC_TOK_AND: *b = (struct binop_info){P_AND, BC_OP_AND, false}; break;
  case BC_TOK_EQ:
  case BC_TOK_EQEQ: *b = (struct binop_info){P_CMP, BC_OP_EQ, false}; break;
  case BC_TOK_NE: *b = (struct binop_info){P_CMP, BC_OP_NE, false}; break;
  case BC_TOK_LT: *b = (struct binop_info){P_CMP, BC_OP_LT, false}; break;
  case BC_TOK_LE:
  case BC_TOK_SUBSETEQ: *b = (struct binop_info){P_CMP, BC_OP_LE, false}; break;
  case BC_TOK_GT: *b = (struct binop_info){P_CMP, BC_OP_GT, false}; break;
  case BC_TOK_GE: *b = (struct binop_info){P_CMP, BC_OP_GE, false}; break;
  case BC_TOK_IN: *b = (struct binop_info){P_CMP, BC_OP_IN, false}; break;
  case BC_TOK_NOTIN:
  case BC_TOK_NOT: /* 'not in' */
    *b = (struct binop_info){P_CMP, BC_OP_NOTIN, false};
    break;
  case BC_TOK_DOTDOT: *b = (struct binop_info){P_RANGE, BC_OP_ADD, true}; break;
  case BC_TOK_PLUS:
  case BC_TOK_CUP: *b = (struct binop_info){P_ADD, BC_OP_ADD, false}; break;
  case BC_TOK_MINUS:
  case BC_TOK_SETMINUS: *b = (struct binop_info){P_ADD, BC_OP_SUB, false}; break;
  case BC_TOK_STAR:
  case BC_TOK_CAP: *b = (struct binop_info){P_MUL, BC_OP_MUL, false}; break;
  case BC_TOK_SLASH: *b = (struct binop_info){P_MUL, BC_OP_DIV, false}; break;
  case BC_TOK_PERCENT: *b = (struct binop_info){P_MUL, BC_OP_MOD, false}; break;
  default:
    return false;
  }
  return true;
}

/*
** binary -> unary (binop unary)*, by precedence climbing over the levels
** of enum prec: left-associative except '=>' (right) and the comparisons
** and '..' (non-associative).
*/
static struct bc_expr *binary_chain(struct parser *p, int min) {
  struct bc_expr *lhs = parse_unary(p);
  if (!lhs)
    return NULL;
  for (;;) {
    struct binop_info b;
    if (at(p, BC_TOK_LEADSTO) && (!p->leadsto_ok || p->parens)) {
      error_here(p, "'~>' (leads-to) may only join the two sides of a whole "
                    "constraint body 'P ~> Q', not appear inside an "
                    "expression");
      return NULL;
    }
    if (!binop_of(p->tok.kind, &b) || b.prec < min)
      return lhs;
    if (!chain_op(p))
      return NULL;
    struct bc_token op = p->tok;
    next(p);
    if (op.kind == BC_TOK_NOT && !accept(p, BC_TOK_IN)) {
      char got[64];
      error_at(p, op.span,
               "expected 'in' after 'not' in operator position (write 'not "
               "in' for non-membership), found %s",
               describe(p, &p->tok, got));
      return NULL;
    }
    if (b.op == BC_OP_IMPLIES) {
      /* a => b => c is a => (b => c): collect operands, fold from the right
         (a loop, so a long chain cannot recurse deeply) */
      struct bc_ptrvec ops = {0};
      bc_ptrvec_push(p->arena, &ops, lhs);
      do {
        struct bc_expr *r = parse_binary(p, P_IMPLIES + 1);
        if (!r)
          return NULL;
        bc_ptrvec_push(p->arena, &ops, r);
      } while (at(p, BC_TOK_IMPLIES) && chain_op(p) && accept(p, BC_TOK_IMPLIES));
      if (p->panic)
        return NULL;
      struct bc_expr *r = ops.v[ops.n - 1];
      for (size_t i = ops.n - 1; i-- > 0;)
        r = binop(p, BC_OP_IMPLIES, ops.v[i], r);
      lhs = r;
      continue;
    }
    struct bc_expr *rhs = parse_binary(p, b.prec + 1);
    if (!rhs)
      return NULL;
    if (b.range) {
      struct bc_expr *e = binop(p, BC_OP_ADD, lhs, rhs);
      e->kind = BC_E_RANGE;
      lhs = e;
    } else {
      lhs = binop(p, b.op, lhs, rhs);
    }
    struct binop_info again;
    if ((b.prec == P_CMP || b.prec == P_RANGE) &&
        binop_of(p->tok.kind, &again) && again.prec == b.prec) {
      char got[64];
      if (b.prec == P_CMP)
        error_here(p,
                   "comparisons do not chain: %s cannot follow a comparison "
                   "(use 'and' or parentheses)",
                   describe(p, &p->tok, got));
      else
        error_here(p, "'..' cannot follow a range");
      return NULL;
    }
  }
}

/* binary -> unary (binop unary)*   (binary_chain; restores the chain count) */
static struct bc_expr *parse_binary(struct parser *p, int min) {
  unsigned chain = p->chain;
  struct bc_expr *e = binary_chain(p, min);
  p->chain = chain;
  return e;
}

/* ------------------------------------------------------------ types */

/* type -> 'bool' | expr '..' expr | IDENT | 'set' 'of' IDENT */
static struct bc_typeexpr *parse_type(struct parser *p) {
  struct bc_typeexpr *t = bc_arena_alloc(p->arena, sizeof *t);
  t->span = p->tok.span;
  if (accept(p, BC_TOK_BOOL)) {
    t->kind = BC_T_BOOL;
    return t;
  }
  if (accept(p, BC_TOK_SET)) {
    t->kind = BC_T_SETOF;
    if (!expect(p, BC_TOK_OF, "after 'set' (a set type is 'set of E')") ||
        !expect_ident(p, &t->name, "an enum name after 'set of'"))
      return NULL;
    t->span = span_from(p, t->span);
    return t;
  }
  if (!starts_expr(p->tok.kind)) {
    char got[64];
    error_here(p,
               "expected a type ('bool', 'lo..hi', an enum name or 'set of "
               "E'), found %s",
               describe(p, &p->tok, got));
    return NULL;
  }
  /* stop before '=': in 'var x : 0..9 = 3' the '=' starts the initialiser */
  struct bc_expr *e = parse_binary(p, P_RANGE);
  if (!e)
    return NULL;
  if (e->kind == BC_E_RANGE) {
    t->kind = BC_T_RANGE;
    t->lo = e->lhs;
    t->hi = e->rhs;
  } else if (e->kind == BC_E_NAME) {
    t->kind = BC_T_NAMED;
    t->name = e->name;
  } else {
    char got[64];
    error_at(p, e->span,
             "expected a type ('bool', 'lo..hi', an enum name or 'set of "
             "E'), found %s",
             quote_span(p, e->span, got));
    return NULL;
  }
  t->span = span_from(p, t->span);
  return t;
}

/* dim -> '[' IDENT ('in' | '\in') expr '..' expr ']' */
static struct bc_dim *parse_dim(struct parser *p) {
  struct bc_dim *d = bc_arena_alloc(p->arena, sizeof *d);
  next(p); /* '[' */
  if (!expect_ident(p, &d->name, "an index name after '['") ||
      !expect(p, BC_TOK_IN, "after the index name '%s'", d->name.name))
    return NULL;
  struct bc_expr *r = parse_expr(p);
  if (!r)
    return NULL;
  if (r->kind != BC_E_RANGE) {
    error_at(p, r->span, "expected a range 'lo..hi' for the index '%s'",
             d->name.name);
    return NULL;
  }
  d->lo = r->lhs;
  d->hi = r->rhs;
  if (!expect(p, BC_TOK_RBRACK, "after the range of the index '%s'",
              d->name.name))
    return NULL;
  return d;
}

/* ------------------------------------------------------------ statements */

/* Append 's' to a block, rejecting a statement that follows a 'goto'. */
static void push_stmt(struct parser *p, struct bc_ptrvec *v,
                      struct bc_stmt *s) {
  if (v->n > 0) {
    const struct bc_stmt *last = v->v[v->n - 1];
    if (last->kind == BC_S_GOTO)
      complain(p, s->span,
               "statement after 'goto %s' (a 'goto' must be the last "
               "statement of its block)",
               last->name.name);
  }
  bc_ptrvec_push(p->arena, v, s);
}

/* lvalue -> IDENT ('[' expr ']')* ; assign -> lvalue ':=' expr ';' */
static struct bc_stmt *parse_assign(struct parser *p) {
  struct bc_stmt *s = new_stmt(p, BC_S_ASSIGN, p->tok.span);
  if (!(s->target = parse_name(p)))
    return NULL;
  if (at(p, BC_TOK_EQ) || at(p, BC_TOK_EQEQ)) {
    complain(p, p->tok.span,
             "expected ':=' in an assignment ('%s' tests equality)",
             at(p, BC_TOK_EQ) ? "=" : "==");
    next(p);
  } else if (!accept(p, BC_TOK_ASSIGN)) {
    char got[64];
    if (s->target->kind == BC_E_NAME)
      error_here(p, "expected ':=' or '(' after '%s', found %s",
                 s->target->name.name, describe(p, &p->tok, got));
    else
      error_here(p, "expected ':=' after the assignment target, found %s",
                 describe(p, &p->tok, got));
    return NULL;
  }
  if (!(s->value = parse_expr(p)))
    return NULL;
  expect_semi(p, "the assignment");
  return s;
}

/* call -> IDENT '(' (expr (',' expr)*)? ')' ';' */
static struct bc_stmt *parse_call(struct parser *p) {
  struct bc_stmt *s = new_stmt(p, BC_S_CALL, p->tok.span);
  s->name = ident_of(p, &p->tok);
  next(p);
  next(p); /* '(' */
  if (!accept(p, BC_TOK_RPAREN)) {
    for (;;) {
      struct bc_expr *a = parse_inner_expr(p);
      if (!a)
        return NULL;
      bc_ptrvec_push(p->arena, &s->stmts, a);
      if (accept(p, BC_TOK_COMMA))
        continue;
      if (!expect(p, BC_TOK_RPAREN, "after the arguments of '%s'",
                  s->name.name))
        return NULL;
      break;
    }
  }
  expect_semi(p, "the procedure call");
  return s;
}

/* if -> 'if' expr ('then' stmt | block) ('else' (stmt | block))? */
static struct bc_stmt *parse_if(struct parser *p) {
  struct bc_stmt *s = new_stmt(p, BC_S_IF, p->tok.span);
  next(p);
  if (!(s->value = parse_expr(p)))
    return NULL;
  if (accept(p, BC_TOK_THEN)) {
    s->body = parse_stmt(p);
  } else if (at(p, BC_TOK_LBRACE)) {
    s->body = parse_block(p, "");
  } else {
    char got[64];
    error_here(p, "expected 'then' or '{' after the 'if' condition, found %s",
               describe(p, &p->tok, got));
    return NULL;
  }
  if (!s->body || p->panic)
    return NULL;
  if (accept(p, BC_TOK_ELSE) && !(s->els = parse_stmt(p)))
    return NULL;
  return s;
}

/* either -> 'either' block ('or' block)+ */
static struct bc_stmt *parse_either(struct parser *p) {
  struct bc_stmt *s = new_stmt(p, BC_S_EITHER, p->tok.span);
  next(p);
  struct bc_stmt *b = parse_block(p, "after 'either'");
  if (!b || p->panic)
    return NULL;
  bc_ptrvec_push(p->arena, &s->stmts, b);
  if (!at(p, BC_TOK_OR))
    complain(p, after_prev(p),
             "expected 'or' after the first branch of 'either' (an 'either' "
             "needs two branches or more)");
  while (accept(p, BC_TOK_OR)) {
    if (!(b = parse_block(p, "after 'or'")) || p->panic)
      return NULL;
    bc_ptrvec_push(p->arena, &s->stmts, b);
  }
  return s;
}

/*
** with -> 'with' IDENT 'in' expr block
** for -> 'for' IDENT 'in' expr block | 'forall' IDENT 'in' expr ':' stmt
*/
static struct bc_stmt *parse_with_for(struct parser *p) {
  enum bc_tok_kind k = p->tok.kind;
  struct bc_stmt *s =
      new_stmt(p, k == BC_TOK_WITH ? BC_S_WITH : BC_S_FOR, p->tok.span);
  const char *kw = k == BC_TOK_WITH ? "with" : k == BC_TOK_FOR ? "for" : "forall";
  char what[64];
  snprintf(what, sizeof what, "a variable name after '%s'", kw);
  next(p);
  if (!expect_ident(p, &s->var, what) ||
      !expect(p, BC_TOK_IN, "after '%s %s'", kw, s->var.name) ||
      !(s->value = parse_expr(p)))
    return NULL;
  if (k == BC_TOK_FORALL) {
    if (!expect(p, BC_TOK_COLON, "after the domain of 'forall %s'",
                s->var.name))
      return NULL;
    s->body = parse_stmt(p);
  } else {
    char after[64];
    snprintf(after, sizeof after, "after the domain of '%s %s'", kw,
             s->var.name);
    s->body = parse_block(p, after);
  }
  return s->body && !p->panic ? s : NULL;
}

/* goto -> 'goto' IDENT ';' ; hook -> 'hook' IDENT ';'
** violate -> 'violate' IDENT STRING? ';' */
static struct bc_stmt *parse_named_stmt(struct parser *p,
                                        enum bc_stmt_kind kind,
                                        const char *what, const char *after) {
  struct bc_stmt *s = new_stmt(p, kind, p->tok.span);
  next(p);
  if (!expect_ident(p, &s->name, what))
    return NULL;
  if (kind == BC_S_VIOLATE && at(p, BC_TOK_STRING)) {
    s->text = bc_lex_string_value(p->src, &p->tok, p->arena);
    next(p);
  }
  expect_semi(p, after);
  return s;
}

/*
** stmt -> lvalue ':=' expr ';' | 'await' expr ';' | 'skip' ';'
**       | 'if' expr ('then' stmt | block) ('else' (stmt | block))?
**       | 'either' block ('or' block)+ | 'with' IDENT 'in' expr block
**       | 'for' IDENT 'in' expr block | 'forall' IDENT 'in' expr ':' stmt
**       | 'goto' IDENT ';' | 'end' ';' | 'hook' IDENT ';'
**       | 'violate' IDENT STRING? ';' | IDENT '(' args? ')' ';' | block
** Returns NULL after an error (panic mode is then on; it may also be on
** with a statement returned, when only its ';' is missing).
*/
static struct bc_stmt *parse_stmt_inner(struct parser *p) {
  struct bc_span sp = p->tok.span;
  struct bc_stmt *s;
  char got[64];
  switch (p->tok.kind) {
  case BC_TOK_IDENT:
    if (peek(p) == BC_TOK_LPAREN)
      return parse_call(p);
    if (peek(p) == BC_TOK_COLON) {
      error_here(p,
                 "label '%.*s' is not allowed here (a label starts a step at "
                 "the top level of a process)",
                 (int)p->tok.span.len, tok_text(p, &p->tok));
      return NULL;
    }
    return parse_assign(p);
  case BC_TOK_AWAIT:
    s = new_stmt(p, BC_S_AWAIT, sp);
    next(p);
    if (!(s->value = parse_expr(p)))
      return NULL;
    expect_semi(p, "the 'await' condition");
    return s;
  case BC_TOK_SKIP:
  case BC_TOK_END:
    s = new_stmt(p, at(p, BC_TOK_SKIP) ? BC_S_SKIP : BC_S_END, sp);
    next(p);
    expect_semi(p, s->kind == BC_S_SKIP ? "'skip'" : "'end'");
    return s;
  case BC_TOK_IF:
    return parse_if(p);
  case BC_TOK_EITHER:
    return parse_either(p);
  case BC_TOK_WITH:
  case BC_TOK_FOR:
  case BC_TOK_FORALL:
    return parse_with_for(p);
  case BC_TOK_GOTO:
    return parse_named_stmt(p, BC_S_GOTO, "a label after 'goto'", "the 'goto'");
  case BC_TOK_HOOK:
    return parse_named_stmt(p, BC_S_HOOK, "a hook name after 'hook'",
                            "the 'hook'");
  case BC_TOK_VIOLATE:
    return parse_named_stmt(p, BC_S_VIOLATE,
                            "a constraint id after 'violate'", "the 'violate'");
  case BC_TOK_LBRACE:
    return parse_block(p, "");
  case BC_TOK_SEMI:
    complain(p, sp, "empty statement: write 'skip;' or remove the ';'");
    next(p);
    return new_stmt(p, BC_S_SKIP, sp);
  default:
    if (is_word(p, &p->tok) && peek(p) == BC_TOK_COLON)
      error_here(p,
                 "'%.*s' is a reserved word and cannot be used as a label",
                 (int)p->tok.span.len, tok_text(p, &p->tok));
    else
      error_here(p, "expected a statement, found %s",
                 describe(p, &p->tok, got));
    return NULL;
  }
}

/* stmt -> ...   (parse_stmt_inner, one nesting level deeper) */
static struct bc_stmt *parse_stmt(struct parser *p) {
  if (!enter(p))
    return NULL;
  struct bc_stmt *s = parse_stmt_inner(p);
  p->depth--;
  return s;
}

/* block -> '{' stmt* '}' */
static struct bc_stmt *parse_block(struct parser *p, const char *after) {
  struct bc_stmt *b = new_stmt(p, BC_S_BLOCK, p->tok.span);
  if (!at(p, BC_TOK_LBRACE)) {
    char got[64];
    error_here(p, "expected '{' %s, found %s", after,
               describe(p, &p->tok, got));
    return NULL;
  }
  struct bc_span open = p->tok.span;
  bool label_seen = false;
  next(p);
  for (;;) {
    if (p->panic) {
      sync_stmt(p);
      if (p->panic)
        return NULL;
    }
    enum bc_tok_kind k = p->tok.kind;
    if (k == BC_TOK_RBRACE) {
      next(p);
      return b;
    }
    if (k == BC_TOK_EOF || (is_decl_start(k) && k != BC_TOK_VAR)) {
      unclosed(p, open, "the block");
      return NULL;
    }
    if (k == BC_TOK_IDENT && peek(p) == BC_TOK_COLON) {
      /* report the first label of a block, skip every one */
      if (!label_seen && p->ctx == CTX_PROCESS)
        complain(p, p->tok.span,
                 "label '%.*s' inside a block (a label starts a step, at the "
                 "top level of a process; or is a '}' missing?)",
                 (int)p->tok.span.len, tok_text(p, &p->tok));
      else if (!label_seen)
        complain(p, p->tok.span,
                 "labels are not allowed in a %s (its body runs inside the "
                 "caller's step)",
                 p->ctx == CTX_PLACEMENT ? "placement" : "procedure");
      label_seen = true;
      next(p);
      next(p);
      continue;
    }
    struct bc_stmt *s = parse_stmt(p);
    if (s && !p->panic)
      push_stmt(p, &b->stmts, s);
  }
}

/* ------------------------------------------------------------ declarations */

/* Consume '=' before a value (complaining about ':=' and '=='). */
static bool expect_init(struct parser *p, const char *what) {
  if (accept(p, BC_TOK_EQ))
    return true;
  if (at(p, BC_TOK_ASSIGN) || at(p, BC_TOK_EQEQ)) {
    complain(p, p->tok.span, "expected '=' in %s ('%s' is %s)", what,
             at(p, BC_TOK_ASSIGN) ? ":=" : "==",
             at(p, BC_TOK_ASSIGN) ? "assignment" : "the equality test");
    next(p);
    return true;
  }
  return false;
}

/* const -> 'const' IDENT '=' expr ';' */
static struct bc_decl *parse_const(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_CONST);
  next(p);
  if (!expect_ident(p, &d->name, "a constant name after 'const'"))
    return NULL;
  if (!expect_init(p, "a constant declaration")) {
    char got[64];
    error_here(p, "expected '=' and a value after the constant '%s', found %s",
               d->name.name, describe(p, &p->tok, got));
    return NULL;
  }
  if (!(d->value = parse_expr(p)))
    return NULL;
  expect_semi(p, "the constant declaration");
  return d;
}

/* enum -> 'enum' IDENT '{' IDENT (',' IDENT)* ','? '}' ';'? */
static struct bc_decl *parse_enum(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_ENUM);
  next(p);
  if (!expect_ident(p, &d->name, "an enum name after 'enum'") ||
      !expect(p, BC_TOK_LBRACE, "after the enum name '%s'", d->name.name))
    return NULL;
  if (at(p, BC_TOK_RBRACE)) {
    complain(p, d->name.span, "enum '%s' has no members", d->name.name);
    next(p);
    accept(p, BC_TOK_SEMI);
    return d;
  }
  for (;;) {
    struct bc_ident *m = bc_arena_alloc(p->arena, sizeof *m);
    if (!expect_ident(p, m, "an enum member name"))
      return NULL;
    bc_ptrvec_push(p->arena, &d->idents, m);
    if (accept(p, BC_TOK_COMMA)) {
      if (accept(p, BC_TOK_RBRACE))
        break;
      continue;
    }
    if (accept(p, BC_TOK_RBRACE))
      break;
    char got[64];
    error_here(p, "expected ',' or '}' after the enum member '%s', found %s",
               m->name, describe(p, &p->tok, got));
    return NULL;
  }
  accept(p, BC_TOK_SEMI);
  return d;
}

/*
** var -> 'var' IDENT dims? ':' type ('=' expr)? ';'
** dims -> ('[' IDENT 'in' expr '..' expr ']')+
** localvar -> 'var' IDENT ':' type ('=' expr)? ';'
*/
static struct bc_decl *parse_var(struct parser *p, bool local) {
  struct bc_decl *d = new_decl(p, BC_D_VAR);
  next(p);
  if (!expect_ident(p, &d->name, "a variable name after 'var'"))
    return NULL;
  while (at(p, BC_TOK_LBRACK)) {
    struct bc_span sp = p->tok.span;
    struct bc_dim *dim = parse_dim(p);
    if (!dim)
      return NULL;
    if (local)
      complain(p, span_from(p, sp),
               "a local variable cannot be an array (in a family it is one "
               "per process already)");
    else
      bc_ptrvec_push(p->arena, &d->dims, dim);
  }
  if (!expect(p, BC_TOK_COLON, "and a type after the variable '%s'",
              d->name.name))
    return NULL;
  if (!(d->type = parse_type(p)))
    return NULL;
  if (expect_init(p, "a variable declaration") && !(d->value = parse_expr(p)))
    return NULL;
  expect_semi(p, "the variable declaration");
  return d;
}

/* step -> IDENT ':' stmt*   (the statements run to the next label) */
static void parse_step_stmts(struct parser *p, struct bc_ptrvec *stmts) {
  for (;;) {
    if (p->panic) {
      sync_stmt(p);
      if (p->panic)
        return;
    }
    enum bc_tok_kind k = p->tok.kind;
    if (k == BC_TOK_RBRACE || k == BC_TOK_EOF || is_decl_start(k))
      return;
    if (k == BC_TOK_IDENT && peek(p) == BC_TOK_COLON)
      return;
    if (is_word(p, &p->tok) && peek(p) == BC_TOK_COLON)
      return; /* a reserved word used as a label: parse_process reports it */
    struct bc_stmt *s = parse_stmt(p);
    if (s && !p->panic)
      push_stmt(p, stmts, s);
  }
}

/*
** process -> 'process' IDENT ('[' IDENT 'in' expr '..' expr ']')?
**            'symmetric'? '{' localvar* step+ '}'
*/
static struct bc_decl *parse_process(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_PROCESS);
  next(p);
  if (!expect_ident(p, &d->name, "a process name after 'process'"))
    return NULL;
  if (at(p, BC_TOK_LBRACK) && !(d->family = parse_dim(p)))
    return NULL;
  d->symmetric = accept(p, BC_TOK_SYMMETRIC);
  if (!expect(p, BC_TOK_LBRACE, "to start the body of the process '%s'",
              d->name.name))
    return NULL;
  struct bc_span open = p->prev.span;
  char what[96];
  snprintf(what, sizeof what, "the process '%s'", d->name.name);
  bool stray = false;
  for (;;) {
    if (p->panic) {
      sync_stmt(p);
      if (p->panic)
        return d;
    }
    enum bc_tok_kind k = p->tok.kind;
    if (accept(p, BC_TOK_RBRACE))
      break;
    if (k == BC_TOK_EOF ||
        (is_decl_start(k) && k != BC_TOK_VAR &&
         (k != BC_TOK_FAIR || peek(p) == BC_TOK_PROCESS))) {
      unclosed(p, open, what);
      return d;
    }
    if (k == BC_TOK_VAR) {
      if (d->steps.n > 0 || stray)
        complain(p, p->tok.span,
                 "local variables must be declared before the first label");
      struct bc_decl *v = parse_var(p, true);
      if (v && !p->panic)
        bc_ptrvec_push(p->arena, &d->locals, v);
      continue;
    }
    unsigned fair = 0;
    if (k == BC_TOK_FAIR) { /* 'fair L:' or 'fair+ L:' */
      next(p);
      fair = accept(p, BC_TOK_PLUS) ? 2 : 1;
      k = p->tok.kind;
      if (!((k == BC_TOK_IDENT || is_word(p, &p->tok)) &&
            peek(p) == BC_TOK_COLON)) {
        char got[64];
        error_here(p, "expected a label after '%s' (a fair step is 'fair L: "
                      "...', a strongly fair one 'fair+ L: ...'), found %s",
                   fair == 2 ? "fair+" : "fair", describe(p, &p->tok, got));
        continue;
      }
    }
    bool word = is_word(p, &p->tok);
    if ((k == BC_TOK_IDENT || word) && peek(p) == BC_TOK_COLON) {
      if (word)
        complain(p, p->tok.span,
                 "'%.*s' is a reserved word and cannot be used as a label",
                 (int)p->tok.span.len, tok_text(p, &p->tok));
      struct bc_step *st = bc_arena_alloc(p->arena, sizeof *st);
      st->label = ident_of(p, &p->tok);
      st->fair = fair;
      next(p);
      next(p); /* ':' */
      parse_step_stmts(p, &st->stmts);
      bc_ptrvec_push(p->arena, &d->steps, st);
      continue;
    }
    /* statements before the first label: report once, parse, drop */
    if (!stray)
      complain(p, p->tok.span,
               "statement before the first label of the process '%s' (every "
               "statement belongs to a step 'label: ...')",
               d->name.name);
    stray = true;
    struct bc_ptrvec dropped = {0};
    parse_step_stmts(p, &dropped);
  }
  if (d->steps.n == 0 && !stray)
    complain(p, d->name.span,
             "the process '%s' has no steps (a step starts with a label, as "
             "in 'start: skip;')",
             d->name.name);
  return d;
}

/* procedure -> 'procedure' IDENT '(' (IDENT (',' IDENT)*)? ')' block */
static struct bc_decl *parse_procedure(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_PROCEDURE);
  next(p);
  if (!expect_ident(p, &d->name, "a procedure name after 'procedure'") ||
      !expect(p, BC_TOK_LPAREN, "after the procedure name '%s'", d->name.name))
    return NULL;
  if (!accept(p, BC_TOK_RPAREN)) {
    for (;;) {
      struct bc_ident *id = bc_arena_alloc(p->arena, sizeof *id);
      if (!expect_ident(p, id, "a parameter name"))
        return NULL;
      bc_ptrvec_push(p->arena, &d->idents, id);
      if (accept(p, BC_TOK_COMMA))
        continue;
      if (!expect(p, BC_TOK_RPAREN, "after the parameters of '%s'",
                  d->name.name))
        return NULL;
      break;
    }
  }
  char after[96];
  snprintf(after, sizeof after, "to start the body of the procedure '%s'",
           d->name.name);
  d->body = parse_block(p, after);
  return d->body ? d : NULL;
}

/* placement -> 'placement' IDENT 'at' IDENT (',' IDENT)* block */
static struct bc_decl *parse_placement(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_PLACEMENT);
  next(p);
  if (!expect_ident(p, &d->name, "a placement name after 'placement'") ||
      !expect(p, BC_TOK_AT, "and its candidate hooks after the placement '%s'",
              d->name.name))
    return NULL;
  do {
    struct bc_ident *h = bc_arena_alloc(p->arena, sizeof *h);
    if (!expect_ident(p, h, "a hook name"))
      return NULL;
    bc_ptrvec_push(p->arena, &d->idents, h);
  } while (accept(p, BC_TOK_COMMA));
  char after[96];
  snprintf(after, sizeof after, "to start the body of the placement '%s'",
           d->name.name);
  d->body = parse_block(p, after);
  return d->body ? d : NULL;
}

/* event -> IDENT | IDENT '.' IDENT */
static bool parse_event(struct parser *p, struct bc_event *ev) {
  ev->span = p->tok.span;
  if (!expect_ident(p, &ev->first,
                    "an event (a placement, a hook or process.label)"))
    return false;
  if (accept(p, BC_TOK_DOT) &&
      !expect_ident(p, &ev->second, "a label name after '.'"))
    return false;
  ev->span = span_from(p, ev->span);
  return true;
}

/*
** body -> 'always' expr | 'at' event ':' expr | event 'before' event
**       | 'no' 'deadlock' | 'reachable' expr | 'eventually' expr
**       | 'violations'
*/
static bool parse_leadsto(struct parser *p, struct bc_decl *d) {
  d->ckind = BC_C_LEADSTO;
  p->leadsto_ok = true;
  d->cexpr = parse_expr(p);
  p->leadsto_ok = false;
  return d->cexpr &&
         expect(p, BC_TOK_LEADSTO, "after the left side of a leads-to "
                                   "constraint 'P ~> Q'") &&
         (d->cexpr2 = parse_expr(p)) != NULL;
}

static bool parse_constraint_body(struct parser *p, struct bc_decl *d) {
  char got[64];
  switch (p->tok.kind) {
  case BC_TOK_ALWAYS:
  case BC_TOK_REACHABLE:
  case BC_TOK_EVENTUALLY:
    d->ckind = at(p, BC_TOK_ALWAYS)      ? BC_C_ALWAYS
               : at(p, BC_TOK_REACHABLE) ? BC_C_REACHABLE
                                         : BC_C_EVENTUALLY;
    next(p);
    if (d->ckind == BC_C_ALWAYS && accept(p, BC_TOK_EVENTUALLY))
      d->ckind = BC_C_ALWAYS_EVENTUALLY;
    return (d->cexpr = parse_expr(p)) != NULL;
  case BC_TOK_AT:
    d->ckind = BC_C_AT;
    next(p);
    return parse_event(p, &d->ev_a) &&
           expect(p, BC_TOK_COLON, "after the event of an 'at' constraint") &&
           (d->cexpr = parse_expr(p)) != NULL;
  case BC_TOK_NO:
    d->ckind = BC_C_DEADLOCK;
    next(p);
    return expect(p, BC_TOK_DEADLOCK, "after 'no'");
  case BC_TOK_VIOLATIONS:
    d->ckind = BC_C_VIOLATIONS;
    next(p);
    return true;
  case BC_TOK_IDENT:
    /* an event 'A before B' is IDENT ('.' IDENT)? 'before'; an expression
    ** 'P ~> Q' has no '.' after a name, and may go on with an operator
    ** that is a word ('f or g ~> h'); another word or name after the
    ** first is a misspelt kind ('allways x'), reported below */
    if (peek(p) == BC_TOK_AND || peek(p) == BC_TOK_OR ||
        peek(p) == BC_TOK_IN ||
        (peek(p) != BC_TOK_BEFORE && peek(p) != BC_TOK_DOT &&
         peek(p) != BC_TOK_IDENT && !is_word(p, &p->ahead)))
      return parse_leadsto(p, d);
    d->ckind = BC_C_BEFORE;
    if (!parse_event(p, &d->ev_a))
      return false;
    if (accept(p, BC_TOK_BEFORE))
      return parse_event(p, &d->ev_b);
    if (!d->ev_a.second.name && starts_expr(p->tok.kind)) {
      error_at(p, d->ev_a.span,
               "unknown constraint kind '%s' (expected 'always', 'at', "
               "'before', 'no deadlock', 'reachable', 'eventually', "
               "'always eventually', 'P ~> Q' or 'violations')",
               d->ev_a.first.name);
      return false;
    }
    error_here(p, "expected 'before' after the event in an ordering "
                  "constraint 'A before B', found %s",
               describe(p, &p->tok, got));
    return false;
  default:
    if (starts_expr(p->tok.kind))
      return parse_leadsto(p, d);
    error_here(p,
               "expected a constraint body ('always P', 'at E: P', 'A before "
               "B', 'no deadlock', 'reachable P', 'eventually P', 'always "
               "eventually P', 'P ~> Q' or 'violations'), found %s",
               describe(p, &p->tok, got));
    return false;
  }
}

/* constraint -> 'constraint' IDENT STRING ':' body ';' */
static struct bc_decl *parse_constraint(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_CONSTRAINT);
  next(p);
  if (!expect_ident(p, &d->name, "a constraint id after 'constraint'"))
    return NULL;
  if (!at(p, BC_TOK_STRING)) {
    char got[64];
    error_here(p,
               "expected a title string after the constraint id '%s', found %s",
               d->name.name, describe(p, &p->tok, got));
    return NULL;
  }
  d->title = bc_lex_string_value(p->src, &p->tok, p->arena);
  next(p);
  if (!expect(p, BC_TOK_COLON, "after the title of the constraint '%s'",
              d->name.name) ||
      !parse_constraint_body(p, d))
    return NULL;
  expect_semi(p, "the constraint");
  return d;
}

/* window -> 'window' IDENT STRING ':' expr ';' */
static struct bc_decl *parse_window(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_WINDOW);
  next(p);
  if (!expect_ident(p, &d->name, "a window id after 'window'"))
    return NULL;
  if (!at(p, BC_TOK_STRING)) {
    char got[64];
    error_here(p, "expected a title string after the window id '%s', found %s",
               d->name.name, describe(p, &p->tok, got));
    return NULL;
  }
  d->title = bc_lex_string_value(p->src, &p->tok, p->arena);
  next(p);
  if (!expect(p, BC_TOK_COLON, "after the title of the window '%s'",
              d->name.name) ||
      (d->cexpr = parse_expr(p)) == NULL)
    return NULL;
  expect_semi(p, "the window");
  return d;
}

/* sweep -> 'sweep' IDENT 'in' (expr '..' expr | '{' expr (',' expr)* '}')
**          ';' */
static struct bc_decl *parse_sweep(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_SWEEP);
  next(p);
  if (!expect_ident(p, &d->name, "a constant name after 'sweep'") ||
      !expect(p, BC_TOK_IN, "after the swept constant '%s'", d->name.name) ||
      !(d->value = parse_expr(p)))
    return NULL;
  expect_semi(p, "the sweep");
  return d;
}

/* columns -> 'columns' IDENT (',' IDENT)* ';'  ('columns' is a keyword
** only here, at the start of a declaration) */
static struct bc_decl *parse_columns(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_COLUMNS);
  next(p);
  do {
    struct bc_ident *c = bc_arena_alloc(p->arena, sizeof *c);
    if (at(p, BC_TOK_DEADLOCK)) { /* the implicit constraint 'deadlock' */
      *c = ident_of(p, &p->tok);
      next(p);
    } else if (!expect_ident(p, c, "a constraint id in 'columns'")) {
      return NULL;
    }
    bc_ptrvec_push(p->arena, &d->idents, c);
  } while (accept(p, BC_TOK_COMMA));
  expect_semi(p, "the columns line");
  return d;
}

/*
** expect -> 'expect' (binding (',' binding)*)? ('when' expr)? ':' verdict ';'
** binding -> IDENT 'at' IDENT
** verdict -> 'holds' | 'violates' IDENT (',' IDENT)*
*/
static struct bc_decl *parse_expect(struct parser *p) {
  struct bc_decl *d = new_decl(p, BC_D_EXPECT);
  char got[64];
  next(p);
  if (!at(p, BC_TOK_COLON) && !at(p, BC_TOK_WHEN)) {
    do {
      struct bc_binding *b = bc_arena_alloc(p->arena, sizeof *b);
      if (!expect_ident(p, &b->placement, "a placement name in 'expect'") ||
          !expect(p, BC_TOK_AT, "after the placement '%s' (a binding is "
                                "'placement at hook')",
                  b->placement.name) ||
          !expect_ident(p, &b->hook, "a hook name after 'at'"))
        return NULL;
      bc_ptrvec_push(p->arena, &d->bindings, b);
    } while (accept(p, BC_TOK_COMMA));
  }
  if (accept(p, BC_TOK_WHEN) && (d->value = parse_expr(p)) == NULL)
    return NULL;
  if (!expect(p, BC_TOK_COLON,
              "and a verdict ('holds' or 'violates C, ...') after the "
              "bindings"))
    return NULL;
  if (accept(p, BC_TOK_HOLDS)) {
    d->expect_holds = true;
  } else if (accept(p, BC_TOK_VIOLATES)) {
    do {
      struct bc_ident *c = bc_arena_alloc(p->arena, sizeof *c);
      if (at(p, BC_TOK_DEADLOCK)) { /* the implicit constraint 'deadlock' */
        *c = ident_of(p, &p->tok);
        next(p);
      } else if (!expect_ident(p, c, "a constraint id after 'violates'")) {
        return NULL;
      }
      bc_ptrvec_push(p->arena, &d->violated, c);
    } while (accept(p, BC_TOK_COMMA));
  } else {
    error_here(p, "expected a verdict ('holds' or 'violates C, ...'), found %s",
               describe(p, &p->tok, got));
    return NULL;
  }
  expect_semi(p, "the expect line");
  return d;
}

/* decl -> const | enum | var | process | procedure | placement
**       | constraint | expect | window | sweep | columns */
static struct bc_decl *parse_decl(struct parser *p) {
  struct bc_decl *d = NULL;
  p->ctx = CTX_NONE;
  if (at(p, BC_TOK_IDENT) && p->tok.span.len == 7 &&
      !strncmp(tok_text(p, &p->tok), "columns", 7))
    return parse_columns(p);
  switch (p->tok.kind) {
  case BC_TOK_CONST: d = parse_const(p); break;
  case BC_TOK_ENUM: d = parse_enum(p); break;
  case BC_TOK_VAR: d = parse_var(p, false); break;
  case BC_TOK_PROCESS:
    p->ctx = CTX_PROCESS;
    d = parse_process(p);
    break;
  case BC_TOK_FAIR: { /* 'fair process' or 'fair+ process' */
    next(p);
    unsigned fair = accept(p, BC_TOK_PLUS) ? 2 : 1;
    if (!at(p, BC_TOK_PROCESS)) {
      char got[64];
      error_here(p, "expected 'process' after '%s' (fairness is declared on "
                    "a process, 'fair process P', or on a step inside one, "
                    "'fair L:'), found %s",
                 fair == 2 ? "fair+" : "fair", describe(p, &p->tok, got));
      break;
    }
    p->ctx = CTX_PROCESS;
    d = parse_process(p);
    if (d)
      d->fair = fair;
    break;
  }
  case BC_TOK_PROCEDURE:
    p->ctx = CTX_PROCEDURE;
    d = parse_procedure(p);
    break;
  case BC_TOK_PLACEMENT:
    p->ctx = CTX_PLACEMENT;
    d = parse_placement(p);
    break;
  case BC_TOK_CONSTRAINT: d = parse_constraint(p); break;
  case BC_TOK_EXPECT: d = parse_expect(p); break;
  case BC_TOK_WINDOW: d = parse_window(p); break;
  case BC_TOK_SWEEP: d = parse_sweep(p); break;
  case BC_TOK_SPEC:
    error_here(p, "a spec has only one 'spec' header");
    next(p);
    break;
  default: {
    char got[64];
    error_here(p,
               "expected a declaration (const, enum, var, process, procedure, "
               "placement, constraint or expect), found %s",
               describe(p, &p->tok, got));
    break;
  }
  }
  p->ctx = CTX_NONE;
  return d;
}

/* spec -> 'spec' IDENT STRING? ';'? decl* */
static void parse_spec(struct parser *p, struct bc_ast *ast) {
  if (accept(p, BC_TOK_SPEC)) {
    if (expect_ident(p, &ast->spec_name, "the spec name after 'spec'")) {
      if (at(p, BC_TOK_STRING)) {
        ast->spec_title = bc_lex_string_value(p->src, &p->tok, p->arena);
        next(p);
      }
      accept(p, BC_TOK_SEMI);
    }
  } else {
    char got[64];
    error_here(p,
               "expected 'spec NAME' at the start of the file, found %s",
               describe(p, &p->tok, got));
  }
  while (!at(p, BC_TOK_EOF)) {
    if (p->panic) {
      sync_decl(p);
      if (at(p, BC_TOK_EOF))
        break;
    }
    struct bc_decl *d = parse_decl(p);
    if (d && !p->panic)
      bc_ptrvec_push(p->arena, &ast->decls, d);
  }
}

int bc_parse(const struct bc_source *src, struct bc_arena *arena,
             struct bc_diag *diag, struct bc_ast *ret) {
  memset(ret, 0, sizeof *ret);
  unsigned nerr = diag->nerr;
  if (src->len >= UINT_MAX / 2) {
    struct bc_span none = {0, 0, 0, 0};
    bc_error(diag, none, "spec too large (%zu bytes)", src->len);
    return -1;
  }
  struct parser p;
  memset(&p, 0, sizeof p);
  p.src = src;
  p.arena = arena;
  p.diag = diag;
  bc_lex_init(&p.lx, src, diag);
  next(&p);
  parse_spec(&p, ret);
  return diag->nerr != nerr ? -1 : 0;
}
