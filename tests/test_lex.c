/*
** test_lex.c - the lexer (checker/front/lex.c): tokens, spans, comments, the TLA+
** operator forms, and lexical errors with recovery.
*/
#include <criterion/criterion.h>

#include "bootcheck/arena.h"
#include "bootcheck/diag.h"
#include "front/lex.h"

#include <string.h>

#include "leakcheck.h"

TestSuite(lex, .fini = bc_leak_check, .timeout = 10.);

enum { MAXTOK = 128 };

struct lexed {
  struct bc_token t[MAXTOK];
  size_t n;         /* tokens before EOF */
  unsigned nerr;    /* errors reported */
  char msg[4][200]; /* the first error messages */
  struct bc_span err_span[4];
  unsigned hash_ne_line;
};

/* Lex 'len' bytes of 'text' up to EOF (inside parentheses if 'parens'). */
static void lex_n(const char *text, size_t len, bool parens, struct lexed *out) {
  struct bc_source src;
  struct bc_diag diag;
  struct bc_lexer lx;
  memset(out, 0, sizeof *out);
  bc_source_from_string(&src, "t.boot", text, len);
  bc_diag_init(&diag, &src);
  bc_lex_init(&lx, &src, &diag);
  for (;;) {
    struct bc_token t;
    lx.in_parens = parens;
    bc_lex_next(&lx, &t);
    if (t.kind == BC_TOK_EOF)
      break;
    cr_assert_lt(out->n, MAXTOK, "too many tokens");
    out->t[out->n++] = t;
  }
  out->nerr = diag.nerr;
  for (size_t i = 0; i < diag.n && i < 4; i++) {
    snprintf(out->msg[i], sizeof out->msg[i], "%s", diag.items[i].msg);
    out->err_span[i] = diag.items[i].span;
  }
  out->hash_ne_line = lx.hash_ne_line;
  bc_diag_release(&diag);
  bc_source_release(&src);
}

static void lex_str(const char *text, struct lexed *out) {
  lex_n(text, strlen(text), false, out);
}

/* Assert the kinds of the tokens lexed from 'text', then no error. */
static void assert_kinds(const char *text, bool parens,
                         const enum bc_tok_kind *kinds, size_t n) {
  struct lexed l;
  lex_n(text, strlen(text), parens, &l);
  cr_assert_eq(l.nerr, 0, "'%s': unexpected error: %s", text, l.msg[0]);
  cr_assert_eq(l.n, n, "'%s': %zu tokens, expected %zu", text, l.n, n);
  for (size_t i = 0; i < n; i++)
    cr_assert_eq(l.t[i].kind, kinds[i], "'%s': token %zu is '%s', not '%s'",
                 text, i, bc_tok_name(l.t[i].kind), bc_tok_name(kinds[i]));
}

#define KINDS(text, parens, ...)                                               \
  do {                                                                         \
    static const enum bc_tok_kind k_[] = {__VA_ARGS__};                        \
    assert_kinds(text, parens, k_, sizeof k_ / sizeof k_[0]);                  \
  } while (0)

/* ------------------------------------------------------------ tokens */

Test(lex, empty_source_is_eof) {
  struct lexed l;
  lex_str("", &l);
  cr_assert_eq(l.n, 0);
  lex_str("  \n\t\r\n  # only a comment", &l);
  cr_assert_eq(l.n, 0);
  cr_assert_eq(l.nerr, 0);
}

Test(lex, eof_repeats) {
  struct bc_source src;
  struct bc_diag diag;
  struct bc_lexer lx;
  struct bc_token t;
  bc_source_from_string(&src, "t.boot", "x", 1);
  bc_diag_init(&diag, &src);
  bc_lex_init(&lx, &src, &diag);
  bc_lex_next(&lx, &t);
  cr_assert_eq(t.kind, BC_TOK_IDENT);
  for (int i = 0; i < 3; i++) {
    bc_lex_next(&lx, &t);
    cr_assert_eq(t.kind, BC_TOK_EOF);
    cr_assert_eq(t.span.off, 1);
    cr_assert_eq(t.span.len, 0);
  }
  bc_diag_release(&diag);
  bc_source_release(&src);
}

Test(lex, identifiers_and_keywords) {
  KINDS("spec foo _bar x1_y2 at_label at label self card", false,
        BC_TOK_SPEC, BC_TOK_IDENT, BC_TOK_IDENT, BC_TOK_IDENT,
        BC_TOK_AT_LABEL, BC_TOK_AT, BC_TOK_IDENT, BC_TOK_SELF, BC_TOK_CARD);
  KINDS("const enum var set of bool true false process symmetric procedure "
        "placement constraint always before no deadlock reachable eventually "
        "violations expect holds violates",
        false, BC_TOK_CONST, BC_TOK_ENUM, BC_TOK_VAR, BC_TOK_SET, BC_TOK_OF,
        BC_TOK_BOOL, BC_TOK_TRUE, BC_TOK_FALSE, BC_TOK_PROCESS,
        BC_TOK_SYMMETRIC, BC_TOK_PROCEDURE, BC_TOK_PLACEMENT,
        BC_TOK_CONSTRAINT, BC_TOK_ALWAYS, BC_TOK_BEFORE, BC_TOK_NO,
        BC_TOK_DEADLOCK, BC_TOK_REACHABLE, BC_TOK_EVENTUALLY,
        BC_TOK_VIOLATIONS, BC_TOK_EXPECT, BC_TOK_HOLDS, BC_TOK_VIOLATES);
  KINDS("await skip if then else either or with for forall exists in not and "
        "goto end hook violate",
        false, BC_TOK_AWAIT, BC_TOK_SKIP, BC_TOK_IF, BC_TOK_THEN, BC_TOK_ELSE,
        BC_TOK_EITHER, BC_TOK_OR, BC_TOK_WITH, BC_TOK_FOR, BC_TOK_FORALL,
        BC_TOK_EXISTS, BC_TOK_IN, BC_TOK_NOT, BC_TOK_AND, BC_TOK_GOTO,
        BC_TOK_END, BC_TOK_HOOK, BC_TOK_VIOLATE);
}

Test(lex, keywords_are_case_sensitive_and_whole_words) {
  KINDS("Spec IF inx ending spec_", false, BC_TOK_IDENT, BC_TOK_IDENT,
        BC_TOK_IDENT, BC_TOK_IDENT, BC_TOK_IDENT);
}

Test(lex, keyword_classification) {
  cr_assert(bc_tok_is_keyword(BC_TOK_SPEC));
  cr_assert(bc_tok_is_keyword(BC_TOK_AND));
  cr_assert(bc_tok_is_keyword(BC_TOK_AT_LABEL));
  cr_assert_not(bc_tok_is_keyword(BC_TOK_IDENT));
  cr_assert_not(bc_tok_is_keyword(BC_TOK_PLUS));
  cr_assert_str_eq(bc_tok_name(BC_TOK_SEMI), ";");
  cr_assert_str_eq(bc_tok_name(BC_TOK_EOF), "end of file");
  cr_assert_str_eq(bc_tok_name(BC_TOK_SETMINUS), "\\");
}

Test(lex, punctuation) {
  KINDS("; : , . .. ( ) [ ] { } :=", false, BC_TOK_SEMI, BC_TOK_COLON,
        BC_TOK_COMMA, BC_TOK_DOT, BC_TOK_DOTDOT, BC_TOK_LPAREN, BC_TOK_RPAREN,
        BC_TOK_LBRACK, BC_TOK_RBRACK, BC_TOK_LBRACE, BC_TOK_RBRACE,
        BC_TOK_ASSIGN);
  KINDS("a:=b", false, BC_TOK_IDENT, BC_TOK_ASSIGN, BC_TOK_IDENT);
  KINDS("0..9", false, BC_TOK_INT, BC_TOK_DOTDOT, BC_TOK_INT);
  KINDS("p.L", false, BC_TOK_IDENT, BC_TOK_DOT, BC_TOK_IDENT);
}

Test(lex, c_like_operators) {
  KINDS("= == != < <= > >= <=> => + - * / % && || !", false, BC_TOK_EQ,
        BC_TOK_EQEQ, BC_TOK_NE, BC_TOK_LT, BC_TOK_LE, BC_TOK_GT, BC_TOK_GE,
        BC_TOK_IFF, BC_TOK_IMPLIES, BC_TOK_PLUS, BC_TOK_MINUS, BC_TOK_STAR,
        BC_TOK_SLASH, BC_TOK_PERCENT, BC_TOK_AND, BC_TOK_OR, BC_TOK_NOT);
  /* longest match, no spaces */
  KINDS("a<=>b=>c<=d==e", false, BC_TOK_IDENT, BC_TOK_IFF, BC_TOK_IDENT,
        BC_TOK_IMPLIES, BC_TOK_IDENT, BC_TOK_LE, BC_TOK_IDENT, BC_TOK_EQEQ,
        BC_TOK_IDENT);
}

Test(lex, tla_operators) {
  KINDS("/\\ \\/ ~ /= \\in \\notin \\cup \\union \\cap \\intersect "
        "\\subseteq \\A \\E \\",
        false, BC_TOK_AND, BC_TOK_OR, BC_TOK_NOT, BC_TOK_NE, BC_TOK_IN,
        BC_TOK_NOTIN, BC_TOK_CUP, BC_TOK_CUP, BC_TOK_CAP, BC_TOK_CAP,
        BC_TOK_SUBSETEQ, BC_TOK_FORALL, BC_TOK_EXISTS, BC_TOK_SETMINUS);
  KINDS("a/\\b\\/c", false, BC_TOK_IDENT, BC_TOK_AND, BC_TOK_IDENT, BC_TOK_OR,
        BC_TOK_IDENT);
  KINDS("\\A i \\in 1..N: p[i]", false, BC_TOK_FORALL, BC_TOK_IDENT,
        BC_TOK_IN, BC_TOK_INT, BC_TOK_DOTDOT, BC_TOK_IDENT, BC_TOK_COLON,
        BC_TOK_IDENT, BC_TOK_LBRACK, BC_TOK_IDENT, BC_TOK_RBRACK);
  /* set difference needs a space before a letter; not before others */
  KINDS("S \\ T", false, BC_TOK_IDENT, BC_TOK_SETMINUS, BC_TOK_IDENT);
  KINDS("S\\{A}", false, BC_TOK_IDENT, BC_TOK_SETMINUS, BC_TOK_LBRACE,
        BC_TOK_IDENT, BC_TOK_RBRACE);
}

Test(lex, hash_is_not_equal_inside_parens_after_an_operand) {
  KINDS("(a # b)", true, BC_TOK_LPAREN, BC_TOK_IDENT, BC_TOK_NE,
        BC_TOK_IDENT, BC_TOK_RPAREN);
  KINDS("x[1] # 2", true, BC_TOK_IDENT, BC_TOK_LBRACK, BC_TOK_INT,
        BC_TOK_RBRACK, BC_TOK_NE, BC_TOK_INT);
  KINDS("{} # S", true, BC_TOK_LBRACE, BC_TOK_RBRACE, BC_TOK_NE,
        BC_TOK_IDENT);
  /* not after an operand: a comment, even inside parentheses */
  KINDS("( # comment\n a)", true, BC_TOK_LPAREN, BC_TOK_IDENT, BC_TOK_RPAREN);
  KINDS("a, # comment\n b", true, BC_TOK_IDENT, BC_TOK_COMMA, BC_TOK_IDENT);
  /* outside parentheses: always a comment */
  KINDS("a # b", false, BC_TOK_IDENT);
  KINDS("a == b # c\n or d", false, BC_TOK_IDENT, BC_TOK_EQEQ, BC_TOK_IDENT,
        BC_TOK_OR, BC_TOK_IDENT);
}

Test(lex, hash_comment_ending_in_semicolon_is_remembered) {
  struct lexed l;
  lex_str("x\nawait a # b;\n", &l);
  cr_assert_eq(l.hash_ne_line, 2);
  lex_str("const X = 1;   # a note; more\n", &l);
  cr_assert_eq(l.hash_ne_line, 0, "a comment after ';' is a plain comment");
  lex_str("a   # not ending in a semicolon\n", &l);
  cr_assert_eq(l.hash_ne_line, 0);
}

/* ------------------------------------------------------------ literals */

Test(lex, integers) {
  struct lexed l;
  lex_str("0 42 007 0x1F 0XfF 9223372036854775807 0x7fffffffffffffff", &l);
  cr_assert_eq(l.nerr, 0);
  cr_assert_eq(l.n, 7);
  const int64_t want[] = {0, 42, 7, 31, 255, INT64_MAX, INT64_MAX};
  for (size_t i = 0; i < 7; i++) {
    cr_assert_eq(l.t[i].kind, BC_TOK_INT);
    cr_assert_eq(l.t[i].ival, want[i], "token %zu", i);
  }
}

Test(lex, integer_too_big_is_an_error) {
  const char *cases[] = {"9223372036854775808", "0x8000000000000000",
                         "99999999999999999999999999999999",
                         "0xffffffffffffffffffff"};
  for (size_t i = 0; i < 4; i++) {
    struct lexed l;
    lex_str(cases[i], &l);
    cr_assert_eq(l.nerr, 1, "%s", cases[i]);
    cr_assert_eq(l.n, 1, "one INT token for %s", cases[i]);
    cr_assert_eq(l.t[0].kind, BC_TOK_INT);
    cr_assert_eq(l.t[0].ival, 0);
    cr_assert(strstr(l.msg[0], "integer literal too big"), "%s", l.msg[0]);
    cr_assert_eq(l.err_span[0].col, 1);
    cr_assert_eq(l.err_span[0].len, strlen(cases[i]));
  }
}

Test(lex, malformed_integers) {
  struct lexed l;
  lex_str("12abc + 0x + 0xg1", &l);
  cr_assert_eq(l.nerr, 3);
  cr_assert_eq(l.n, 5);
  cr_assert_eq(l.t[0].kind, BC_TOK_INT);
  cr_assert_eq(l.t[0].span.len, 5, "the whole '12abc'");
  cr_assert(strstr(l.msg[0], "invalid integer literal"));
  cr_assert(strstr(l.msg[1], "hexadecimal digits"));
  cr_assert(strstr(l.msg[2], "invalid integer literal"));
}

Test(lex, strings_and_escapes) {
  const char *text = "\"plain\" \"say \\\"hi\\\" \\\\ ok\" \"\"";
  struct bc_source src;
  struct bc_diag diag;
  struct bc_lexer lx;
  struct bc_arena arena;
  bc_source_from_string(&src, "t.boot", text, strlen(text));
  bc_diag_init(&diag, &src);
  bc_arena_init(&arena);
  bc_lex_init(&lx, &src, &diag);
  const char *want[] = {"plain", "say \"hi\" \\ ok", ""};
  for (int i = 0; i < 3; i++) {
    struct bc_token t;
    bc_lex_next(&lx, &t);
    cr_assert_eq(t.kind, BC_TOK_STRING);
    cr_assert_str_eq(bc_lex_string_value(&src, &t, &arena), want[i]);
  }
  cr_assert_eq(diag.nerr, 0);
  bc_arena_release(&arena);
  bc_diag_release(&diag);
  bc_source_release(&src);
}

Test(lex, strings_may_hold_utf8_and_hashes) {
  KINDS("\"caf\xc3\xa9 # not a comment // nor this\" x", false,
        BC_TOK_STRING, BC_TOK_IDENT);
}

Test(lex, unknown_escape_is_an_error_but_still_a_string) {
  struct lexed l;
  lex_str("\"a\\nb\" x", &l);
  cr_assert_eq(l.nerr, 1);
  cr_assert_eq(l.n, 2);
  cr_assert_eq(l.t[0].kind, BC_TOK_STRING);
  cr_assert(strstr(l.msg[0], "unknown escape sequence '\\n'"), "%s", l.msg[0]);
  cr_assert_eq(l.err_span[0].col, 3);
}

Test(lex, unterminated_string) {
  struct lexed l;
  lex_str("spec x \"no end\nconst", &l);
  cr_assert_eq(l.nerr, 1);
  cr_assert_str_eq(l.msg[0],
                   "unterminated string (a string must end on the line it "
                   "starts)");
  cr_assert_eq(l.err_span[0].line, 1);
  cr_assert_eq(l.err_span[0].col, 8);
  cr_assert_eq(l.err_span[0].len, 7);
  cr_assert_eq(l.n, 4, "lexing goes on on the next line");
  cr_assert_eq(l.t[2].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[3].kind, BC_TOK_CONST);
  lex_str("\"at eof", &l);
  cr_assert_eq(l.nerr, 1);
  cr_assert_eq(l.t[0].kind, BC_TOK_BAD);
}

/* ------------------------------------------------------------ comments */

Test(lex, all_comment_forms) {
  struct lexed l;
  lex_str("a # hash\n"
          "b // slashes\n"
          "c /* block\n over lines */ d\n"
          "e \\* TLA+ line comment\n"
          "f/**/g",
          &l);
  cr_assert_eq(l.nerr, 0);
  cr_assert_eq(l.n, 7);
  for (size_t i = 0; i < 7; i++)
    cr_assert_eq(l.t[i].kind, BC_TOK_IDENT);
  cr_assert_eq(l.t[3].span.line, 4, "'d' after the block comment");
  cr_assert_eq(l.t[3].span.col, 16);
  cr_assert_eq(l.t[6].span.line, 6);
  cr_assert_eq(l.t[6].span.col, 6);
}

Test(lex, block_comments_do_not_nest) {
  KINDS("/* a /* b */ c */", false, BC_TOK_IDENT, BC_TOK_STAR, BC_TOK_SLASH);
}

Test(lex, unterminated_comment) {
  struct lexed l;
  lex_str("a\n  /* never closed\n b c", &l);
  cr_assert_eq(l.nerr, 1);
  cr_assert_eq(l.n, 1);
  cr_assert_str_eq(l.msg[0], "unterminated comment: '/*' without '*/'");
  cr_assert_eq(l.err_span[0].line, 2);
  cr_assert_eq(l.err_span[0].col, 3);
  cr_assert_eq(l.err_span[0].len, 2);
}

/* ------------------------------------------------------------ spans */

Test(lex, spans_are_one_based_with_offsets) {
  struct lexed l;
  lex_str("spec  x\n\tvar y := 10;\n", &l);
  cr_assert_eq(l.n, 7);
  struct bc_span s = l.t[1].span; /* x */
  cr_assert_eq(s.line, 1);
  cr_assert_eq(s.col, 7);
  cr_assert_eq(s.off, 6);
  cr_assert_eq(s.len, 1);
  s = l.t[2].span; /* var, after a tab (one column) */
  cr_assert_eq(s.line, 2);
  cr_assert_eq(s.col, 2);
  cr_assert_eq(s.off, 9);
  cr_assert_eq(s.len, 3);
  s = l.t[4].span; /* := */
  cr_assert_eq(s.col, 8);
  cr_assert_eq(s.len, 2);
  s = l.t[5].span; /* 10 */
  cr_assert_eq(s.col, 11);
  cr_assert_eq(s.len, 2);
}

Test(lex, crlf_line_ends) {
  struct lexed l;
  lex_str("a\r\nb # c\r\n\"s\"\r\n", &l);
  cr_assert_eq(l.nerr, 0);
  cr_assert_eq(l.n, 3);
  cr_assert_eq(l.t[1].span.line, 2);
  cr_assert_eq(l.t[2].kind, BC_TOK_STRING);
  cr_assert_eq(l.t[2].span.line, 3);
}

/* ------------------------------------------------------------ bad input */

Test(lex, bad_character_is_reported_and_lexing_goes_on) {
  struct lexed l;
  lex_str("a @ b $ c", &l);
  cr_assert_eq(l.nerr, 2);
  cr_assert_eq(l.n, 5);
  cr_assert_eq(l.t[1].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[2].kind, BC_TOK_IDENT);
  cr_assert_eq(l.t[3].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[4].kind, BC_TOK_IDENT);
  cr_assert_str_eq(l.msg[0], "unexpected character '@'");
  cr_assert_eq(l.err_span[0].col, 3);
  cr_assert_eq(l.err_span[0].len, 1);
}

Test(lex, single_ampersand_and_bar_suggest_the_double_form) {
  struct lexed l;
  lex_str("a & b | c", &l);
  cr_assert_eq(l.nerr, 2);
  cr_assert(strstr(l.msg[0], "did you mean '&&' or 'and', or '*' for the "
                             "intersection of sets?"));
  cr_assert(strstr(l.msg[1], "did you mean '||' or 'or', or '+' for the "
                             "union of sets?"));
}

Test(lex, non_ascii_is_one_error_per_character) {
  struct lexed l;
  lex_str("caf\xc3\xa9 x", &l);
  cr_assert_eq(l.nerr, 1);
  cr_assert_eq(l.n, 3);
  cr_assert_eq(l.t[1].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[1].span.len, 2);
  cr_assert(strstr(l.msg[0], "non-ASCII character"));
}

Test(lex, nul_and_control_bytes) {
  struct lexed l;
  lex_n("a\0b\x01" "c", 5, false, &l);
  cr_assert_eq(l.nerr, 2);
  cr_assert_eq(l.n, 5);
  cr_assert_eq(l.t[1].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[2].kind, BC_TOK_IDENT);
  cr_assert(strstr(l.msg[0], "control character 0x00"));
}

Test(lex, unknown_backslash_operator) {
  struct lexed l;
  lex_str("S \\subset T \\X", &l);
  cr_assert_eq(l.nerr, 2);
  cr_assert_eq(l.n, 4);
  cr_assert_eq(l.t[1].kind, BC_TOK_BAD);
  cr_assert_eq(l.t[1].span.len, 7);
  cr_assert_str_eq(l.msg[0], "unknown operator '\\subset' (for set "
                             "difference, write a space after '\\')");
}

Test(lex, backslash_at_end_of_input) {
  KINDS("S \\", false, BC_TOK_IDENT, BC_TOK_SETMINUS);
}
