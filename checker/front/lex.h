/*
** lex.h - the lexer of the spec language (docs/language.md section 1).
**
** A hand-written scanner over a bc_source. The parser pulls one token at a
** time with bc_lex_next; lexical errors (a bad character, an unterminated
** string or comment, an integer literal that does not fit in 64 bits) are
** added to the bc_diag and lexing goes on after them.
*/
#ifndef BOOTCHECK_LEX_H
#define BOOTCHECK_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "bootcheck/arena.h"
#include "bootcheck/diag.h"

/*
** Every token kind with its canonical spelling (used in messages such as
** "expected ';'"). Synonyms share a kind: 'and', '&&' and '/\' are all
** BC_TOK_AND; 'in' and '\in' are BC_TOK_IN; 'forall' and '\A' are
** BC_TOK_FORALL. Kinds that differ in how they parse stay apart: '=' (a
** declaration's initialiser, or equality) and '==' (only equality); '-'
** (also unary minus) and '\' (set difference only).
*/
#define BC_TOKEN_LIST(X)                                                       \
  X(EOF, "end of file")                                                        \
  X(BAD, "invalid token") /* already reported by the lexer */                  \
  X(IDENT, "identifier")                                                       \
  X(INT, "integer")                                                            \
  X(STRING, "string")                                                          \
  /* punctuation */                                                            \
  X(SEMI, ";")                                                                 \
  X(COLON, ":")                                                                \
  X(COMMA, ",")                                                                \
  X(DOT, ".")                                                                  \
  X(DOTDOT, "..")                                                              \
  X(LPAREN, "(")                                                               \
  X(RPAREN, ")")                                                               \
  X(LBRACK, "[")                                                               \
  X(RBRACK, "]")                                                               \
  X(LBRACE, "{")                                                               \
  X(RBRACE, "}")                                                               \
  X(ASSIGN, ":=")                                                              \
  /* operators */                                                              \
  X(EQ, "=")                                                                   \
  X(EQEQ, "==")                                                                \
  X(NE, "!=")        /* also '/=' and '#' (see bc_lexer.expr_mode) */          \
  X(LT, "<")                                                                   \
  X(LE, "<=")                                                                  \
  X(GT, ">")                                                                   \
  X(GE, ">=")                                                                  \
  X(PLUS, "+")                                                                 \
  X(MINUS, "-")                                                                \
  X(STAR, "*")                                                                 \
  X(SLASH, "/")                                                                \
  X(PERCENT, "%")                                                              \
  X(CUP, "\\cup")    /* also '\union' */                                       \
  X(CAP, "\\cap")    /* also '\intersect' */                                   \
  X(SETMINUS, "\\")                                                            \
  X(SUBSETEQ, "\\subseteq")                                                    \
  X(AND, "and")      /* also '&&', '/\' */                                     \
  X(OR, "or")        /* also '||', '\/' */                                     \
  X(NOT, "not")      /* also '!', '~' */                                       \
  X(IMPLIES, "=>")                                                             \
  X(IFF, "<=>")                                                                \
  X(IN, "in")        /* also '\in' */                                          \
  X(NOTIN, "\\notin")                                                          \
  X(FORALL, "forall") /* also '\A' */                                          \
  X(EXISTS, "exists") /* also '\E' */                                          \
  /* other keywords */                                                         \
  X(SPEC, "spec")                                                              \
  X(CONST, "const")                                                            \
  X(ENUM, "enum")                                                              \
  X(VAR, "var")                                                                \
  X(SET, "set")                                                                \
  X(OF, "of")                                                                  \
  X(BOOL, "bool")                                                              \
  X(TRUE, "true")                                                              \
  X(FALSE, "false")                                                            \
  X(PROCESS, "process")                                                        \
  X(SYMMETRIC, "symmetric")                                                    \
  X(PROCEDURE, "procedure")                                                    \
  X(PLACEMENT, "placement")                                                    \
  X(AT, "at")                                                                  \
  X(CONSTRAINT, "constraint")                                                  \
  X(ALWAYS, "always")                                                          \
  X(BEFORE, "before")                                                          \
  X(NO, "no")                                                                  \
  X(DEADLOCK, "deadlock")                                                      \
  X(REACHABLE, "reachable")                                                    \
  X(EVENTUALLY, "eventually")                                                  \
  X(VIOLATIONS, "violations")                                                  \
  X(EXPECT, "expect")                                                          \
  X(SWEEP, "sweep")                                                            \
  X(HOLDS, "holds")                                                            \
  X(VIOLATES, "violates")                                                      \
  X(WHEN, "when")                                                              \
  X(AWAIT, "await")                                                            \
  X(SKIP, "skip")                                                              \
  X(IF, "if")                                                                  \
  X(THEN, "then")                                                              \
  X(ELSE, "else")                                                              \
  X(EITHER, "either")                                                          \
  X(WITH, "with")                                                              \
  X(FOR, "for")                                                                \
  X(GOTO, "goto")                                                              \
  X(END, "end")                                                                \
  X(HOOK, "hook")                                                              \
  X(VIOLATE, "violate")                                                        \
  X(SELF, "self")                                                              \
  X(CARD, "card")                                                              \
  X(AT_LABEL, "at_label")                                                      \
  X(WINDOW, "window")                                                          \
  X(FAIR, "fair")                                                              \
  X(LEADSTO, "~>")

enum bc_tok_kind {
#define BC_TOK_ENUM_(name, text) BC_TOK_##name,
  BC_TOKEN_LIST(BC_TOK_ENUM_)
#undef BC_TOK_ENUM_
  BC_TOK_COUNT_
};

struct bc_token {
  enum bc_tok_kind kind;
  struct bc_span span; /* the token's bytes: src->text + span.off, span.len */
  int64_t ival;        /* BC_TOK_INT: the value (0 after an error) */
};

struct bc_lexer {
  const struct bc_source *src; /* borrowed */
  struct bc_diag *diag;        /* borrowed; lexical errors go here */
  size_t pos;                  /* next byte to read */
  unsigned line, col;          /* of text[pos], 1-based */
  enum bc_tok_kind prev;       /* the last token returned */
  /*
  ** '#' is both a line comment and the TLA+ "not equal". It is "not
  ** equal" only inside the parentheses or brackets of an expression (the
  ** parser sets in_parens before each bc_lex_next) and right after an
  ** operand (a name, a number, 'true', 'false', 'self', ')', ']' or '}'),
  ** as in '(x # y)'. Everywhere else it starts a comment, so that
  ** 'a == b   # note' reads as a comment even when the expression goes on
  ** over the next line. Default: false.
  */
  bool in_parens;
  /* The line of the last '#' comment that followed an operand and ends
     with ';' (0: none): probably a '#' meant as "not equal", which the
     parser mentions if a ';' is then found missing on that line. */
  unsigned hash_ne_line;
};

/* Start scanning 'src' from its beginning; errors go to 'diag'. */
void bc_lex_init(struct bc_lexer *lx, const struct bc_source *src,
                 struct bc_diag *diag);

/*
** Scan the next token into '*ret'. At the end of the source, returns
** BC_TOK_EOF (again on every later call). A token that could not be scanned
** (a bad character, an unterminated string, an unknown '\word' operator) is
** reported here and returned as BC_TOK_BAD, so the parser can stay silent
** about it.
*/
void bc_lex_next(struct bc_lexer *lx, struct bc_token *ret);

/* The canonical spelling of a token kind ("';'" is ";", "end of file"). */
const char *bc_tok_name(enum bc_tok_kind kind);

/* True when 'kind' is a reserved word (as opposed to an operator). */
bool bc_tok_is_keyword(enum bc_tok_kind kind);

/*
** The contents of a BC_TOK_STRING token, without the quotes and with the
** \" and \\ escapes decoded, as a NUL-terminated string in 'arena'.
*/
char *bc_lex_string_value(const struct bc_source *src,
                          const struct bc_token *tok, struct bc_arena *arena);

#endif /* BOOTCHECK_LEX_H */
