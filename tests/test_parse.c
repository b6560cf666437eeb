/*
** test_parse.c - the parser (checker/front/parse.c): every construct of
** docs/language.md, operator precedence, the TLA+ forms, the language
** sketch, error recovery and the nesting bound.
*/
#include <criterion/criterion.h>

#include "bootcheck/ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leakcheck.h"

/* One parse per test lives in these; teardown frees them, then checks for
   leaks. */
static struct bc_source src;
static struct bc_arena arena;
static struct bc_diag diag;
static struct bc_ast ast;
static bool parsed;

static void teardown(void) {
  if (parsed) {
    bc_diag_release(&diag);
    bc_arena_release(&arena);
    bc_source_release(&src);
    parsed = false;
  }
  bc_leak_check();
}

TestSuite(parse, .fini = teardown, .timeout = 20.);

static int parse_len(const char *text, size_t len) {
  cr_assert_not(parsed, "one parse per test");
  bc_source_from_string(&src, "t.boot", text, len);
  bc_arena_init(&arena);
  bc_diag_init(&diag, &src);
  parsed = true;
  return bc_parse(&src, &arena, &diag, &ast);
}

static int parse(const char *text) { return parse_len(text, strlen(text)); }

/* Parse 'text' and fail the test, showing the first error, unless clean. */
static void parse_ok(const char *text) {
  int rc = parse(text);
  cr_assert_eq(rc, 0, "unexpected error: %s",
               diag.n ? diag.items[0].msg : "(none recorded)");
  cr_assert_eq(diag.nerr, 0);
}

static const struct bc_decl *decl(size_t i) {
  cr_assert_lt(i, ast.decls.n, "only %zu declarations", ast.decls.n);
  return ast.decls.v[i];
}

/* Whether some diagnostic's message contains 'needle'. */
static bool has_error(const char *needle) {
  for (size_t i = 0; i < diag.n; i++)
    if (strstr(diag.items[i].msg, needle))
      return true;
  return false;
}

static const char *all_errors(void) {
  static char buf[4096];
  size_t n = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < diag.n && n < sizeof buf - 1; i++)
    n += (size_t)snprintf(buf + n, sizeof buf - n, "%u:%u: %s\n",
                          diag.items[i].span.line, diag.items[i].span.col,
                          diag.items[i].msg);
  return buf;
}

/* ------------------------------------------------------------ printing */

struct sb {
  char buf[2048];
  size_t n;
};

static void __attribute__((format(printf, 2, 3)))
put(struct sb *b, const char *fmt, ...) {
  if (b->n >= sizeof b->buf - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(b->buf + b->n, sizeof b->buf - b->n, fmt, ap);
  va_end(ap);
  if (k > 0)
    b->n += (size_t)k;
  if (b->n > sizeof b->buf - 1)
    b->n = sizeof b->buf - 1;
}

static const char *op_name(enum bc_op op) {
  switch (op) {
  case BC_OP_NOT: return "not";
  case BC_OP_NEG: return "neg";
  case BC_OP_IFF: return "<=>";
  case BC_OP_IMPLIES: return "=>";
  case BC_OP_OR: return "or";
  case BC_OP_AND: return "and";
  case BC_OP_EQ: return "==";
  case BC_OP_NE: return "!=";
  case BC_OP_LT: return "<";
  case BC_OP_LE: return "<=";
  case BC_OP_GT: return ">";
  case BC_OP_GE: return ">=";
  case BC_OP_IN: return "in";
  case BC_OP_NOTIN: return "notin";
  case BC_OP_ADD: return "+";
  case BC_OP_SUB: return "-";
  case BC_OP_MUL: return "*";
  case BC_OP_DIV: return "/";
  case BC_OP_MOD: return "%";
  case BC_OP_FORALL: return "forall";
  case BC_OP_EXISTS: return "exists";
  }
  return "?";
}

static void pexpr(struct sb *b, const struct bc_expr *e) {
  if (!e) {
    put(b, "NULL");
    return;
  }
  switch (e->kind) {
  case BC_E_INT: put(b, "%lld", (long long)e->ival); break;
  case BC_E_BOOL: put(b, e->ival ? "true" : "false"); break;
  case BC_E_NAME: put(b, "%s", e->name.name); break;
  case BC_E_INDEX:
    pexpr(b, e->lhs);
    put(b, "[");
    pexpr(b, e->rhs);
    put(b, "]");
    break;
  case BC_E_SET:
    put(b, "{");
    for (size_t i = 0; i < e->items.n; i++) {
      put(b, i ? " " : "");
      pexpr(b, e->items.v[i]);
    }
    put(b, "}");
    break;
  case BC_E_RANGE:
    put(b, "(.. ");
    pexpr(b, e->lhs);
    put(b, " ");
    pexpr(b, e->rhs);
    put(b, ")");
    break;
  case BC_E_UNOP:
    put(b, "(%s ", op_name(e->op));
    pexpr(b, e->lhs);
    put(b, ")");
    break;
  case BC_E_BINOP:
    put(b, "(%s ", op_name(e->op));
    pexpr(b, e->lhs);
    put(b, " ");
    pexpr(b, e->rhs);
    put(b, ")");
    break;
  case BC_E_QUANT:
    put(b, "(%s %s ", op_name(e->op), e->var.name);
    pexpr(b, e->lhs);
    put(b, " ");
    pexpr(b, e->rhs);
    put(b, ")");
    break;
  case BC_E_COND:
    put(b, "(if ");
    pexpr(b, e->cond);
    put(b, " ");
    pexpr(b, e->lhs);
    put(b, " ");
    pexpr(b, e->rhs);
    put(b, ")");
    break;
  case BC_E_SELF: put(b, "self"); break;
  case BC_E_CARD:
    put(b, "(card ");
    pexpr(b, e->lhs);
    put(b, ")");
    break;
  case BC_E_ATLABEL:
    put(b, "(at_label %s.%s", e->var.name, e->label.name);
    if (e->lhs) {
      put(b, " ");
      pexpr(b, e->lhs);
    }
    put(b, ")");
    break;
  }
}

static void pstmt(struct sb *b, const struct bc_stmt *s);

static void pstmts(struct sb *b, const struct bc_ptrvec *v) {
  for (size_t i = 0; i < v->n; i++) {
    put(b, i ? " " : "");
    pstmt(b, v->v[i]);
  }
}

static void pstmt(struct sb *b, const struct bc_stmt *s) {
  if (!s) {
    put(b, "NULL");
    return;
  }
  switch (s->kind) {
  case BC_S_ASSIGN:
    put(b, "(:= ");
    pexpr(b, s->target);
    put(b, " ");
    pexpr(b, s->value);
    put(b, ")");
    break;
  case BC_S_AWAIT:
    put(b, "(await ");
    pexpr(b, s->value);
    put(b, ")");
    break;
  case BC_S_SKIP: put(b, "skip"); break;
  case BC_S_IF:
    put(b, "(if ");
    pexpr(b, s->value);
    put(b, " ");
    pstmt(b, s->body);
    if (s->els) {
      put(b, " else ");
      pstmt(b, s->els);
    }
    put(b, ")");
    break;
  case BC_S_EITHER:
    put(b, "(either ");
    pstmts(b, &s->stmts);
    put(b, ")");
    break;
  case BC_S_WITH:
  case BC_S_FOR:
    put(b, "(%s %s ", s->kind == BC_S_WITH ? "with" : "for", s->var.name);
    pexpr(b, s->value);
    put(b, " ");
    pstmt(b, s->body);
    put(b, ")");
    break;
  case BC_S_GOTO: put(b, "(goto %s)", s->name.name); break;
  case BC_S_END: put(b, "end"); break;
  case BC_S_HOOK: put(b, "(hook %s)", s->name.name); break;
  case BC_S_VIOLATE:
    put(b, "(violate %s", s->name.name);
    if (s->text)
      put(b, " \"%s\"", s->text);
    put(b, ")");
    break;
  case BC_S_CALL:
    put(b, "(call %s", s->name.name);
    for (size_t i = 0; i < s->stmts.n; i++) {
      put(b, " ");
      pexpr(b, s->stmts.v[i]);
    }
    put(b, ")");
    break;
  case BC_S_BLOCK:
    put(b, "{");
    pstmts(b, &s->stmts);
    put(b, "}");
    break;
  }
}

/*
** Parse 'expr' as the value of a constant, in a parse of its own (freed
** before returning), and print it. Errors are shown as "ERROR: msg".
*/
static const char *expr_str(const char *expr) {
  static struct sb b;
  char text[1024];
  snprintf(text, sizeof text, "spec t\nconst X = %s;\n", expr);
  struct bc_source s;
  struct bc_arena a;
  struct bc_diag d;
  struct bc_ast t;
  bc_source_from_string(&s, "t.boot", text, strlen(text));
  bc_arena_init(&a);
  bc_diag_init(&d, &s);
  b.n = 0;
  b.buf[0] = '\0';
  if (bc_parse(&s, &a, &d, &t) != 0)
    put(&b, "ERROR: %s", d.n ? d.items[0].msg : "?");
  else
    pexpr(&b, ((const struct bc_decl *)t.decls.v[0])->value);
  bc_diag_release(&d);
  bc_arena_release(&a);
  bc_source_release(&s);
  return b.buf;
}

#define EXPR(text, want) cr_expect_str_eq(expr_str(text), want, "for %s", text)

/* Parse 'body' as the statements of one step and print them. */
static const char *stmts_str(const char *body) {
  static struct sb b;
  char text[2048];
  snprintf(text, sizeof text, "spec t\nprocess p {\n  a: %s\n}\n", body);
  struct bc_source s;
  struct bc_arena a;
  struct bc_diag d;
  struct bc_ast t;
  bc_source_from_string(&s, "t.boot", text, strlen(text));
  bc_arena_init(&a);
  bc_diag_init(&d, &s);
  b.n = 0;
  b.buf[0] = '\0';
  if (bc_parse(&s, &a, &d, &t) != 0) {
    put(&b, "ERROR: %s", d.n ? d.items[0].msg : "?");
  } else {
    const struct bc_decl *pr = t.decls.v[0];
    const struct bc_step *st = pr->steps.v[0];
    pstmts(&b, &st->stmts);
  }
  bc_diag_release(&d);
  bc_arena_release(&a);
  bc_source_release(&s);
  return b.buf;
}

#define STMTS(text, want)                                                      \
  cr_expect_str_eq(stmts_str(text), want, "for %s", text)

/* ------------------------------------------------------------ header */

Test(parse, header_with_title) {
  parse_ok("spec x86_cr_pinning \"Where may setup_cr_pinning() go?\"\n");
  cr_assert_str_eq(ast.spec_name.name, "x86_cr_pinning");
  cr_assert_str_eq(ast.spec_title, "Where may setup_cr_pinning() go?");
  cr_assert_eq(ast.spec_name.span.line, 1);
  cr_assert_eq(ast.spec_name.span.col, 6);
  cr_assert_eq(ast.decls.n, 0);
}

Test(parse, header_forms) {
  parse_ok("spec a; const X = 1;");
  cr_assert_str_eq(ast.spec_name.name, "a");
  cr_assert_null(ast.spec_title);
  cr_assert_eq(ast.decls.n, 1);
}

Test(parse, header_title_and_semicolon) {
  parse_ok("spec a \"t \\\"q\\\"\"; const X = 1;");
  cr_assert_str_eq(ast.spec_title, "t \"q\"");
}

Test(parse, missing_header_is_an_error_but_declarations_parse) {
  cr_assert_eq(parse("const X = 1;\nconst Y = 2;\n"), -1);
  cr_assert_eq(diag.nerr, 1, "%s", all_errors());
  cr_assert(has_error("expected 'spec NAME' at the start of the file"));
  cr_assert_null(ast.spec_name.name);
  cr_assert_eq(ast.decls.n, 2);
}

Test(parse, empty_file) {
  cr_assert_eq(parse(""), -1);
  cr_assert(has_error("found end of file"));
}

/* ------------------------------------------------------------ constants */

Test(parse, constants) {
  parse_ok("spec s\n"
           "const NAP = 2;              # number of APs\n"
           "const PARALLEL = false;     # 6.1 brings APs up one at a time\n"
           "const NCPU = NAP + 1;\n");
  cr_assert_eq(ast.decls.n, 3);
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_CONST);
  cr_assert_str_eq(d->name.name, "NAP");
  cr_assert_eq(d->value->kind, BC_E_INT);
  cr_assert_eq(d->value->ival, 2);
  cr_assert_eq(d->span.line, 2);
  cr_assert_eq(d->span.col, 1);
  cr_assert_eq(decl(1)->value->kind, BC_E_BOOL);
  cr_assert_eq(decl(1)->value->ival, 0);
  struct sb b = {.n = 0};
  pexpr(&b, decl(2)->value);
  cr_assert_str_eq(b.buf, "(+ NAP 1)");
}

/* ------------------------------------------------------------ enums */

Test(parse, enums) {
  parse_ok("spec s\n"
           "enum Cr4 { SMEP, SMAP, UMIP, LASS }\n"
           "enum Efi { PHYS, SVAM, VIRT, };\n"
           "enum One { A }\n");
  cr_assert_eq(ast.decls.n, 3);
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_ENUM);
  cr_assert_str_eq(d->name.name, "Cr4");
  cr_assert_eq(d->idents.n, 4);
  cr_assert_str_eq(((struct bc_ident *)d->idents.v[3])->name, "LASS");
  cr_assert_eq(((struct bc_ident *)d->idents.v[3])->span.col, 30);
  cr_assert_eq(decl(1)->idents.n, 3, "trailing comma");
  cr_assert_eq(decl(2)->idents.n, 1);
}

/* ------------------------------------------------------------ variables */

Test(parse, variables_and_types) {
  parse_ok("spec s\n"
           "var cr4[cpu in 0..NAP] : set of Cr4 = {};\n"
           "var online[cpu in 1..NAP] : bool = (cpu == 0);  # index names\n"
           "var efi : Efi = PHYS;\n"
           "var level : 0..9;                                 # starts at 0\n"
           "var m[i in 0..N-1][j \\in 1..2] : N-1..N+1 = 3;\n");
  cr_assert_eq(ast.decls.n, 5);
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_VAR);
  cr_assert_str_eq(d->name.name, "cr4");
  cr_assert_eq(d->dims.n, 1);
  const struct bc_dim *dim = d->dims.v[0];
  cr_assert_str_eq(dim->name.name, "cpu");
  cr_assert_eq(dim->lo->ival, 0);
  cr_assert_str_eq(dim->hi->name.name, "NAP");
  cr_assert_eq(d->type->kind, BC_T_SETOF);
  cr_assert_str_eq(d->type->name.name, "Cr4");
  cr_assert_eq(d->value->kind, BC_E_SET);
  cr_assert_eq(d->value->items.n, 0);

  d = decl(1);
  cr_assert_eq(d->type->kind, BC_T_BOOL);
  struct sb b = {.n = 0};
  pexpr(&b, d->value);
  cr_assert_str_eq(b.buf, "(== cpu 0)");

  d = decl(2);
  cr_assert_eq(d->type->kind, BC_T_NAMED);
  cr_assert_str_eq(d->type->name.name, "Efi");
  cr_assert_eq(d->dims.n, 0);

  d = decl(3);
  cr_assert_eq(d->type->kind, BC_T_RANGE);
  cr_assert_eq(d->type->lo->ival, 0);
  cr_assert_eq(d->type->hi->ival, 9);
  cr_assert_null(d->value);

  d = decl(4);
  cr_assert_eq(d->dims.n, 2);
  cr_assert_eq(d->type->kind, BC_T_RANGE, "'=' after a range type starts "
                                          "the initial value");
  b.n = 0;
  pexpr(&b, d->type->lo);
  put(&b, " ");
  pexpr(&b, d->type->hi);
  cr_assert_str_eq(b.buf, "(- N 1) (+ N 1)");
  cr_assert_eq(d->value->ival, 3);
}

/* ------------------------------------------------------------ processes */

Test(parse, process_family_from_the_doc) {
  parse_ok("spec s\n"
           "process ap[i in 1..NAP] symmetric {\n"
           "  var seen_key : bool;\n"
           "  start_secondary:  await kicked[i];\n"
           "  cr4_init:         seen_key := pinned;\n"
           "                    if pinned then cr4[i] := pin_bits;\n"
           "  online:           online[i] := true;\n"
           "}\n");
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_PROCESS);
  cr_assert_str_eq(d->name.name, "ap");
  cr_assert_not_null(d->family);
  cr_assert_str_eq(d->family->name.name, "i");
  cr_assert_eq(d->family->lo->ival, 1);
  cr_assert(d->symmetric);
  cr_assert_eq(d->locals.n, 1);
  const struct bc_decl *v = d->locals.v[0];
  cr_assert_str_eq(v->name.name, "seen_key");
  cr_assert_eq(v->type->kind, BC_T_BOOL);
  cr_assert_eq(d->steps.n, 3);
  const struct bc_step *st = d->steps.v[1];
  cr_assert_str_eq(st->label.name, "cr4_init");
  cr_assert_eq(st->label.span.line, 5);
  cr_assert_eq(st->stmts.n, 2);
  struct sb b = {.n = 0};
  pstmts(&b, &st->stmts);
  cr_assert_str_eq(b.buf,
                   "(:= seen_key pinned) (if pinned (:= cr4[i] pin_bits))");
}

Test(parse, single_process_and_hook_between_labels) {
  parse_ok("spec s\n"
           "process bsp {\n"
           "  a: x := 1;\n"
           "  hook h1;\n"
           "  b: skip;\n"
           "  hook h2;\n"
           "}\n");
  const struct bc_decl *d = decl(0);
  cr_assert_null(d->family);
  cr_assert_not(d->symmetric);
  cr_assert_eq(d->steps.n, 2, "a hook adds no step");
  const struct bc_step *a = d->steps.v[0], *b = d->steps.v[1];
  cr_assert_eq(a->stmts.n, 2);
  cr_assert_eq(((struct bc_stmt *)a->stmts.v[1])->kind, BC_S_HOOK);
  cr_assert_eq(b->stmts.n, 2);
  cr_assert_eq(((struct bc_stmt *)b->stmts.v[1])->kind, BC_S_HOOK);
}

Test(parse, step_may_be_empty) {
  parse_ok("spec s process p { a: b: skip; c: }");
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->steps.n, 3);
  cr_assert_eq(((struct bc_step *)d->steps.v[0])->stmts.n, 0);
  cr_assert_eq(((struct bc_step *)d->steps.v[2])->stmts.n, 0);
}

/* ------------------------------------------------------------ statements */

Test(parse, simple_statements) {
  STMTS("x := 1;", "(:= x 1)");
  STMTS("a[i][j] := a[j][i] + 1;", "(:= a[i][j] (+ a[j][i] 1))");
  STMTS("await kicked[i];", "(await kicked[i])");
  STMTS("skip;", "skip");
  STMTS("goto b; b: skip;", "(goto b)");
  STMTS("end;", "end");
  STMTS("hook identify_boot_cpu;", "(hook identify_boot_cpu)");
  STMTS("violate C2 \"pinned CR4 bits changed\";",
        "(violate C2 \"pinned CR4 bits changed\")");
  STMTS("violate C2;", "(violate C2)");
  STMTS("cr4_write(0, cr4[0] - {LASS});", "(call cr4_write 0 (- cr4[0] {LASS}))");
  STMTS("f();", "(call f)");
  STMTS("{ x := 1; { skip; } }", "{(:= x 1) {skip}}");
  STMTS("{ }", "{}");
}

Test(parse, if_statements) {
  STMTS("if p then x := 1;", "(if p (:= x 1))");
  STMTS("if p then x := 1; else x := 2;", "(if p (:= x 1) else (:= x 2))");
  STMTS("if p { x := 1; } else { x := 2; }",
        "(if p {(:= x 1)} else {(:= x 2)})");
  STMTS("if p then { x := 1; }", "(if p {(:= x 1)})");
  STMTS("if p { } else if q { } else skip;",
        "(if p {} else (if q {} else skip))");
  /* dangling else: the nearest if */
  STMTS("if p then if q then x := 1; else x := 2;",
        "(if p (if q (:= x 1) else (:= x 2)))");
  /* a set literal in the condition, then the block */
  STMTS("if x in {A, B} { skip; }", "(if (in x {A B}) {skip})");
}

Test(parse, either_with_for) {
  STMTS("either { x := 1; } or { x := 2; } or { skip; }",
        "(either {(:= x 1)} {(:= x 2)} {skip})");
  STMTS("with v in 1..3 { x := v; }", "(with v (.. 1 3) {(:= x v)})");
  STMTS("with v \\in S { x := v; }", "(with v S {(:= x v)})");
  STMTS("for c in 0..NAP { cr4[c] := {}; }",
        "(for c (.. 0 NAP) {(:= cr4[c] {})})");
  STMTS("forall i in 1..NAP: kicked[i] := true;",
        "(for i (.. 1 NAP) (:= kicked[i] true))");
  STMTS("\\A i \\in S: { x := i; }", "(for i S {(:= x i)})");
}

Test(parse, statement_kinds_and_fields) {
  parse_ok("spec s process p { a: with v in S { goto a; } }");
  const struct bc_step *st = ((struct bc_decl *)decl(0))->steps.v[0];
  const struct bc_stmt *w = st->stmts.v[0];
  cr_assert_eq(w->kind, BC_S_WITH);
  cr_assert_str_eq(w->var.name, "v");
  cr_assert_eq(w->body->kind, BC_S_BLOCK);
  const struct bc_stmt *g = w->body->stmts.v[0];
  cr_assert_eq(g->kind, BC_S_GOTO);
  cr_assert_str_eq(g->name.name, "a");
  cr_assert_eq(g->span.col, 37, "a statement's span is its first token");
}

/* ------------------------------------------------------------ procedures */

Test(parse, procedure_from_the_doc) {
  parse_ok(
      "spec s\n"
      "procedure cr4_write(c, v) {        # native_write_cr4()\n"
      "  cr4[c] := v;\n"
      "  if pinned and (v * PINNED_MASK) != pin_bits then {\n"
      "    cr4[c] := (v - PINNED_MASK) + pin_bits;\n"
      "    violate C2 \"pinned CR4 bits changed\";\n"
      "  }\n"
      "}\n"
      "procedure noargs() { skip; }\n");
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_PROCEDURE);
  cr_assert_str_eq(d->name.name, "cr4_write");
  cr_assert_eq(d->idents.n, 2);
  cr_assert_str_eq(((struct bc_ident *)d->idents.v[1])->name, "v");
  struct sb b = {.n = 0};
  pstmt(&b, d->body);
  cr_assert_str_eq(b.buf,
                   "{(:= cr4[c] v) (if (and pinned (!= (* v PINNED_MASK) "
                   "pin_bits)) {(:= cr4[c] (+ (- v PINNED_MASK) pin_bits)) "
                   "(violate C2 \"pinned CR4 bits changed\")})}");
  cr_assert_eq(decl(1)->idents.n, 0);
}

/* ------------------------------------------------------------ placements */

Test(parse, placement_from_the_doc) {
  parse_ok("spec s\n"
           "placement setup_cr_pinning at identify_boot_cpu, "
           "arch_cpu_finalize_init,\n"
           "                              early_initcall, core_initcall {\n"
           "  pin_bits := cr4[0] * PINNED_MASK;\n"
           "  pinned := true;\n"
           "}\n");
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_PLACEMENT);
  cr_assert_str_eq(d->name.name, "setup_cr_pinning");
  cr_assert_eq(d->idents.n, 4);
  cr_assert_str_eq(((struct bc_ident *)d->idents.v[3])->name, "core_initcall");
  cr_assert_eq(d->body->kind, BC_S_BLOCK);
  cr_assert_eq(d->body->stmts.n, 2);
}

/* ------------------------------------------------------------ constraints */

Test(parse, constraints_from_the_doc) {
  parse_ok("spec s\n"
           "constraint C1 \"security features set up before pinning\":\n"
           "  at setup_cr_pinning: {SMEP, SMAP, UMIP, LASS} <= cr4[0];\n"
           "constraint C2 \"EFI initialisation complete before pinning\": "
           "violations;\n"
           "constraint C3 \"CR pinning before AP bring-up\":\n"
           "  setup_cr_pinning before ap.cr4_init;\n"
           "constraint C4 \"CR pinning before userspace\":\n"
           "  always user => pinned;\n");
  cr_assert_eq(ast.decls.n, 4);
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_CONSTRAINT);
  cr_assert_str_eq(d->name.name, "C1");
  cr_assert_str_eq(d->title, "security features set up before pinning");
  cr_assert_eq(d->ckind, BC_C_AT);
  cr_assert_str_eq(d->ev_a.first.name, "setup_cr_pinning");
  cr_assert_null(d->ev_a.second.name);
  struct sb b = {.n = 0};
  pexpr(&b, d->cexpr);
  cr_assert_str_eq(b.buf, "(<= {SMEP SMAP UMIP LASS} cr4[0])");
  cr_assert_eq(decl(1)->ckind, BC_C_VIOLATIONS);
  d = decl(2);
  cr_assert_eq(d->ckind, BC_C_BEFORE);
  cr_assert_str_eq(d->ev_a.first.name, "setup_cr_pinning");
  cr_assert_str_eq(d->ev_b.first.name, "ap");
  cr_assert_str_eq(d->ev_b.second.name, "cr4_init");
  cr_assert_eq(d->ev_b.span.len, strlen("ap.cr4_init"));
  d = decl(3);
  cr_assert_eq(d->ckind, BC_C_ALWAYS);
  b.n = 0;
  pexpr(&b, d->cexpr);
  cr_assert_str_eq(b.buf, "(=> user pinned)");
}

Test(parse, other_constraint_kinds) {
  parse_ok("spec s\n"
           "constraint D \"no deadlock\": no deadlock;\n"
           "constraint R \"boots\": reachable user and not pinned;\n"
           "constraint E \"eventually\": eventually user;\n"
           "constraint A \"step\": at bsp.smp_wait: "
           "at_label(bsp.smp_wait) and self == 0;\n");
  cr_assert_eq(decl(0)->ckind, BC_C_DEADLOCK);
  cr_assert_eq(decl(1)->ckind, BC_C_REACHABLE);
  cr_assert_eq(decl(2)->ckind, BC_C_EVENTUALLY);
  const struct bc_decl *d = decl(3);
  cr_assert_eq(d->ckind, BC_C_AT);
  cr_assert_str_eq(d->ev_a.first.name, "bsp");
  cr_assert_str_eq(d->ev_a.second.name, "smp_wait");
  struct sb b = {.n = 0};
  pexpr(&b, d->cexpr);
  cr_assert_str_eq(b.buf, "(and (at_label bsp.smp_wait) (== self 0))");
}

/* A leads-to whose left side starts with a name and goes on with a word
** operator ('f or g ~> h') is not an event of 'A before B'. */
Test(parse, leadsto_starting_with_a_name) {
  parse_ok("spec s\n"
           "constraint L \"or\": f or g ~> h;\n"
           "constraint M \"and\": f and g ~> h;\n"
           "constraint N \"in\": e in {A} ~> h;\n"
           "constraint O \"bare\": f ~> g or h;\n");
  struct sb b = {.n = 0};
  const char *want[][2] = {{"(or f g)", "h"},
                           {"(and f g)", "h"},
                           {"(in e {A})", "h"},
                           {"f", "(or g h)"}};
  for (int i = 0; i < 4; i++) {
    const struct bc_decl *d = decl(i);
    cr_assert_eq(d->ckind, BC_C_LEADSTO, "constraint %d", i);
    b.n = 0;
    pexpr(&b, d->cexpr);
    cr_assert_str_eq(b.buf, want[i][0]);
    b.n = 0;
    pexpr(&b, d->cexpr2);
    cr_assert_str_eq(b.buf, want[i][1]);
  }
}

/* ------------------------------------------------------------ expects */

Test(parse, expects) {
  parse_ok("spec s\n"
           "expect setup_cr_pinning at identify_boot_cpu: violates C1;\n"
           "expect setup_cr_pinning at core_initcall: violates C3;\n"
           "expect setup_cr_pinning at early_initcall: holds;\n"
           "expect a at h1, b at h2: violates C1, C3, deadlock;\n"
           "expect: holds;\n");
  cr_assert_eq(ast.decls.n, 5);
  const struct bc_decl *d = decl(0);
  cr_assert_eq(d->kind, BC_D_EXPECT);
  cr_assert_eq(d->bindings.n, 1);
  const struct bc_binding *bd = d->bindings.v[0];
  cr_assert_str_eq(bd->placement.name, "setup_cr_pinning");
  cr_assert_str_eq(bd->hook.name, "identify_boot_cpu");
  cr_assert_not(d->expect_holds);
  cr_assert_eq(d->violated.n, 1);
  cr_assert(decl(2)->expect_holds);
  d = decl(3);
  cr_assert_eq(d->bindings.n, 2);
  cr_assert_eq(d->violated.n, 3);
  cr_assert_str_eq(((struct bc_ident *)d->violated.v[2])->name, "deadlock");
  cr_assert_eq(decl(4)->bindings.n, 0);
  cr_assert(decl(4)->expect_holds);
}

/* ------------------------------------------------------------ expressions */

Test(parse, primaries) {
  EXPR("42", "42");
  EXPR("0x10", "16");
  EXPR("true", "true");
  EXPR("false", "false");
  EXPR("self", "self");
  EXPR("x", "x");
  EXPR("a[i][j + 1]", "a[i][(+ j 1)]");
  EXPR("{}", "{}");
  EXPR("{SMEP, SMAP}", "{SMEP SMAP}");
  EXPR("((x))", "x");
  EXPR("card(S)", "(card S)");
  EXPR("at_label(bsp.smp_wait)", "(at_label bsp.smp_wait)");
  EXPR("at_label(ap.online[2])", "(at_label ap.online 2)");
  EXPR("if a then 1 else 2", "(if a 1 2)");
}

Test(parse, precedence_of_logic) {
  EXPR("a or b and c", "(or a (and b c))");
  EXPR("a and b or c", "(or (and a b) c)");
  EXPR("a and b and c", "(and (and a b) c)");
  EXPR("a => b => c", "(=> a (=> b c))");
  EXPR("a => b or c", "(=> a (or b c))");
  EXPR("a or b => c", "(=> (or a b) c)");
  EXPR("a <=> b => c", "(<=> a (=> b c))");
  EXPR("a => b <=> c", "(<=> (=> a b) c)");
  EXPR("not a and b", "(and (not a) b)");
  EXPR("not a == b", "(not (== a b))");
  EXPR("not not a", "(not (not a))");
  EXPR("a and not b or c", "(or (and a (not b)) c)");
}

Test(parse, precedence_of_comparisons_and_arithmetic) {
  EXPR("x in S => y", "(=> (in x S) y)");
  EXPR("a == b + 1", "(== a (+ b 1))");
  EXPR("a + b * c", "(+ a (* b c))");
  EXPR("a * b + c", "(+ (* a b) c)");
  EXPR("a - b - c", "(- (- a b) c)");
  EXPR("a % b / c", "(/ (% a b) c)");
  EXPR("-a * b", "(* (neg a) b)");
  EXPR("- -a", "(neg (neg a))");
  EXPR("a - -1", "(- a (neg 1))");
  EXPR("x in 1..N+1", "(in x (.. 1 (+ N 1)))");
  EXPR("card(S) > 0 and x <= 3", "(and (> (card S) 0) (<= x 3))");
  EXPR("a < b or c >= d", "(or (< a b) (>= c d))");
  EXPR("x not in S", "(notin x S)");
  EXPR("x != y", "(!= x y)");
  EXPR("x = y", "(== x y)");
  EXPR("{SMEP, SMAP, UMIP, LASS} <= cr4[0]",
       "(<= {SMEP SMAP UMIP LASS} cr4[0])");
  EXPR("(v - M) + b", "(+ (- v M) b)");
}

Test(parse, quantifiers_and_if_extend_right) {
  EXPR("\\A i \\in 1..N: p[i]", "(forall i (.. 1 N) p[i])");
  EXPR("forall i in S: p[i] and q", "(forall i S (and p[i] q))");
  EXPR("exists i in S: p[i]", "(exists i S p[i])");
  EXPR("a and forall i in S: p or q", "(and a (forall i S (or p q)))");
  EXPR("\\E x \\in S: \\A y \\in T: x <= y",
       "(exists x S (forall y T (<= x y)))");
  EXPR("if a then b else c or d", "(if a b (or c d))");
  EXPR("x + (if a then 1 else 2)", "(+ x (if a 1 2))");
  EXPR("(forall i in S: p) and q", "(and (forall i S p) q)");
}

Test(parse, tla_forms_mean_the_same) {
  EXPR("a /\\ b \\/ ~c", "(or (and a b) (not c))");
  EXPR("a && b || !c", "(or (and a b) (not c))");
  EXPR("x \\in S", "(in x S)");
  EXPR("x \\notin S", "(notin x S)");
  EXPR("S \\subseteq T", "(<= S T)");
  EXPR("S \\cup T \\cap U", "(+ S (* T U))");
  EXPR("S \\union T \\intersect U", "(+ S (* T U))");
  EXPR("S \\ T", "(- S T)");
  EXPR("S \\ {A} \\cup T", "(+ (- S {A}) T)");
  EXPR("a /= b", "(!= a b)");
  EXPR("(a # b)", "(!= a b)");
  EXPR("f[x # 1]", "f[(!= x 1)]");
  EXPR("a <=> b", "(<=> a b)");
}

Test(parse, hash_outside_parentheses_is_a_comment) {
  EXPR("a == b   # note\n or c", "(or (== a b) c)");
  EXPR("(a # b and c)", "(and (!= a b) c)");
  EXPR("(a,       # note\n b)", "ERROR: expected ')' to close the '(' at 2:11, "
                                 "found ','");
}

Test(parse, comparisons_do_not_chain) {
  cr_expect(strstr(expr_str("a < b < c"), "comparisons do not chain"));
  cr_expect(strstr(expr_str("a == b == c"), "comparisons do not chain"));
  cr_expect(strstr(expr_str("x in S in T"), "comparisons do not chain"));
  cr_expect(strstr(expr_str("1..2..3"), "'..' cannot follow a range"));
  EXPR("(a == b) == c", "(== (== a b) c)");
}

Test(parse, expression_spans_cover_the_expression) {
  parse_ok("spec s\nconst X = (a + b) * c;\n");
  const struct bc_expr *e = decl(0)->value;
  cr_assert_eq(e->span.line, 2);
  cr_assert_eq(e->span.col, 12, "starts at 'a' (parentheses are not kept)");
  cr_assert_eq(e->span.len, strlen("a + b) * c"));
  cr_assert_eq(e->lhs->span.len, strlen("a + b"));
}

/* ------------------------------------------------------------ whole specs */

static const char sketch[] =
    "spec x86_cr_pinning \"Where may setup_cr_pinning() go?\"\n"
    "\n"
    "const NAP = 2;                       # number of APs; -D NAP=8 overrides\n"
    "enum Cr4 { SMEP, SMAP, UMIP, LASS }\n"
    "enum Efi { PHYS, SVAM, VIRT }\n"
    "\n"
    "var cr4[cpu in 0..NAP] : set of Cr4 = {};\n"
    "var pinned   : bool = false;         # the cr_pinning static key\n"
    "var pin_bits : set of Cr4 = {};\n"
    "var efi      : Efi = PHYS;\n"
    "var kicked[cpu in 1..NAP] : bool = false;\n"
    "var online[cpu in 1..NAP] : bool = false;\n"
    "var user     : bool = false;\n"
    "\n"
    "process bsp {\n"
    "  identify_boot_cpu:   cr4[0] := cr4[0] + {SMEP, SMAP, UMIP};\n"
    "                       hook identify_boot_cpu;      # a candidate point\n"
    "  setup_lass:          cr4[0] := cr4[0] + {LASS};\n"
    "  efi_svam_enter:      cr4_write(0, cr4[0] - {LASS}); efi := SVAM;\n"
    "  efi_svam_exit:       cr4_write(0, cr4[0] + {LASS}); efi := VIRT;\n"
    "  hook arch_cpu_finalize_init;\n"
    "  rest_init:           skip;\n"
    "  hook early_initcall;\n"
    "  smp_init:            forall i in 1..NAP: kicked[i] := true;\n"
    "  smp_wait:            await forall i in 1..NAP: online[i];\n"
    "  hook core_initcall;\n"
    "  run_init_process:    user := true;\n"
    "}\n"
    "\n"
    "process ap[i in 1..NAP] symmetric {\n"
    "  start_secondary:     await kicked[i];\n"
    "  cr4_init:            if pinned then cr4[i] := pin_bits;\n"
    "  online:              online[i] := true;\n"
    "}\n"
    "\n"
    "procedure cr4_write(c, v) {          # native_write_cr4() with the "
    "pinning check\n"
    "  cr4[c] := v;\n"
    "  if pinned and (v * {SMEP,SMAP,UMIP,LASS}) != pin_bits then {\n"
    "    cr4[c] := (v - {SMEP,SMAP,UMIP,LASS}) + pin_bits;\n"
    "    violate C2 \"pinned CR4 bits changed\";\n"
    "  }\n"
    "}\n"
    "\n"
    "placement setup_cr_pinning at identify_boot_cpu, arch_cpu_finalize_init,\n"
    "                              early_initcall, core_initcall {\n"
    "  pin_bits := cr4[0] * {SMEP, SMAP, UMIP, LASS};\n"
    "  pinned := true;\n"
    "}\n"
    "\n"
    "constraint C1 \"security features set up before pinning\":\n"
    "  at setup_cr_pinning: {SMEP, SMAP, UMIP, LASS} <= cr4[0];\n"
    "constraint C2 \"EFI initialisation complete before pinning\":\n"
    "  violations;\n"
    "constraint C3 \"CR pinning before AP bring-up\":\n"
    "  at ap.cr4_init: pinned;\n"
    "constraint C4 \"CR pinning before userspace\":\n"
    "  always user => pinned;\n"
    "\n"
    "expect setup_cr_pinning at identify_boot_cpu: violates C1;\n"
    "expect setup_cr_pinning at core_initcall: violates C3;\n"
    "expect setup_cr_pinning at early_initcall: holds;\n";

Test(parse, language_sketch) {
  parse_ok(sketch);
  cr_assert_str_eq(ast.spec_name.name, "x86_cr_pinning");
  cr_assert_eq(ast.decls.n, 21);
  size_t count[BC_D_EXPECT + 1] = {0};
  for (size_t i = 0; i < ast.decls.n; i++)
    count[decl(i)->kind]++;
  cr_assert_eq(count[BC_D_CONST], 1);
  cr_assert_eq(count[BC_D_ENUM], 2);
  cr_assert_eq(count[BC_D_VAR], 7);
  cr_assert_eq(count[BC_D_PROCESS], 2);
  cr_assert_eq(count[BC_D_PROCEDURE], 1);
  cr_assert_eq(count[BC_D_PLACEMENT], 1);
  cr_assert_eq(count[BC_D_CONSTRAINT], 4);
  cr_assert_eq(count[BC_D_EXPECT], 3);
  const struct bc_decl *bsp = decl(10), *ap = decl(11);
  cr_assert_str_eq(bsp->name.name, "bsp");
  cr_assert_eq(bsp->steps.n, 8);
  const struct bc_step *st = bsp->steps.v[2];
  cr_assert_str_eq(st->label.name, "efi_svam_enter");
  cr_assert_eq(st->stmts.n, 2);
  st = bsp->steps.v[3];
  cr_assert_eq(st->stmts.n, 3, "efi_svam_exit holds the hook after it");
  struct sb b = {.n = 0};
  pstmts(&b, &((const struct bc_step *)bsp->steps.v[6])->stmts);
  cr_assert_str_eq(b.buf, "(await (forall i (.. 1 NAP) online[i])) "
                          "(hook core_initcall)");
  cr_assert_str_eq(ap->name.name, "ap");
  cr_assert_eq(ap->steps.n, 3);
  cr_assert(ap->symmetric);
}

Test(parse, every_statement_form_in_one_spec) {
  parse_ok("spec all \"every form\";\n"
           "const N = 3; const B = true;\n"
           "enum E { A, B2, C };\n"
           "var x : 0..N = 0; var s : set of E; var f[i in 1..N] : bool;\n"
           "process p[k in 1..N] {\n"
           "  var loc : E = A;\n"
           "  s1: x := (x + 1) % N; await x >= 0 and x \\in 0..N;\n"
           "  s2: if B then skip; else { f[k] := not f[k]; }\n"
           "      either { loc := A; } or { loc := C; }\n"
           "      with v in {A, C} { s := s \\cup {v}; }\n"
           "      for j in 1..N { f[j] := false; }\n"
           "      forall j in 1..N: f[j] := true;\n"
           "      pr(k, {A});\n"
           "      hook h;\n"
           "      violate V \"oops\";\n"
           "      goto s1;\n"
           "  s3: end;\n"
           "}\n"
           "procedure pr(a, b) { s := s - b; }\n"
           "placement pl at h { x := card(s); }\n"
           "constraint V \"v\": violations;\n"
           "constraint I \"inv\": always \\A j \\in 1..N: f[j] => (x # 4) "
           "# a comment\n"
           "  ;\n"
           "constraint O \"ord\": pl before p.s3;\n"
           "expect pl at h: violates V;\n");
  cr_assert_eq(ast.decls.n, 13);
  const struct bc_decl *p = decl(6);
  cr_assert_eq(p->steps.n, 3);
  cr_assert_eq(((struct bc_step *)p->steps.v[1])->stmts.n, 9);
}

/* ------------------------------------------------------------ errors */

Test(parse, error_recovery_reports_several_errors) {
  int rc = parse("spec s\n"
                 "const A = ;\n"
                 "const B = 2;\n"
                 "var x : ;\n"
                 "var y : bool;\n"
                 "process p {\n"
                 "  a: x := 1 + ;\n"
                 "     y := true;\n"
                 "  b: z = 3;\n"
                 "     await;\n"
                 "}\n"
                 "constraint C \"t\": sometimes y;\n"
                 "expect: holds;\n");
  cr_assert_eq(rc, -1);
  cr_assert_eq(diag.nerr, 6, "%s", all_errors());
  cr_assert(has_error("expected an expression after '=', found ';'"));
  cr_assert(has_error("expected a type"));
  cr_assert(has_error("expected an expression after '+', found ';'"));
  cr_assert(has_error("expected ':=' in an assignment ('=' tests equality)"));
  cr_assert(has_error("expected an expression after 'await', found ';'"));
  cr_assert(has_error("unknown constraint kind 'sometimes'"));
  /* the good declarations survive */
  size_t ok = 0;
  for (size_t i = 0; i < ast.decls.n; i++)
    ok += decl(i)->kind == BC_D_CONST || decl(i)->kind == BC_D_EXPECT;
  cr_assert_eq(ok, 2, "const B and the expect line");
  const struct bc_decl *p = NULL;
  for (size_t i = 0; i < ast.decls.n; i++)
    if (decl(i)->kind == BC_D_PROCESS)
      p = decl(i);
  cr_assert_not_null(p, "the process survives its statement errors");
  cr_assert_eq(p->steps.n, 2);
  cr_assert_eq(((struct bc_step *)p->steps.v[0])->stmts.n, 1, "y := true");
}

Test(parse, missing_semicolon_before_a_new_line_recovers) {
  cr_assert_eq(parse("spec s\nconst A = 1\nconst B = 2;\n"), -1);
  cr_assert_eq(diag.nerr, 1);
  cr_assert_str_eq(diag.items[0].msg,
                   "expected ';' after the constant declaration");
  cr_assert_eq(diag.items[0].span.line, 2);
  cr_assert_eq(diag.items[0].span.col, 12, "just after the '1'");
  cr_assert_eq(ast.decls.n, 2);
}

Test(parse, hash_meant_as_not_equal_gets_a_hint) {
  cr_assert_eq(parse("spec s\nprocess p { a: await x # 1;\n}\n"), -1);
  cr_assert(has_error("'#' outside parentheses starts a comment"),
            "%s", all_errors());
}

Test(parse, assignment_confusions) {
  cr_assert_eq(parse("spec s\n"
                     "const A := 1;\n"
                     "const B == 1;\n"
                     "var x : bool := true;\n"
                     "process p { a: x = 1; b: x == 1; c: x; }\n"),
               -1);
  cr_assert_eq(diag.nerr, 6, "%s", all_errors());
  cr_assert(has_error("expected '=' in a constant declaration (':=' is "
                      "assignment)"));
  cr_assert(has_error("expected '=' in a constant declaration ('==' is the "
                      "equality test)"));
  cr_assert(has_error("expected '=' in a variable declaration (':=' is "
                      "assignment)"));
  cr_assert(has_error("expected ':=' in an assignment ('==' tests equality)"));
  cr_assert(has_error("expected ':=' or '(' after 'x', found ';'"));
  /* the confused forms still build their nodes */
  cr_assert_eq(ast.decls.n, 4);
}

Test(parse, process_structure_errors) {
  cr_assert_eq(parse("spec s\n"
                     "process p { x := 1; a: skip; }\n"
                     "process q { var v : bool; }\n"
                     "process r { a: skip; var w : bool; }\n"
                     "process t { a: { b: skip; } }\n"
                     "process u { end: skip; }\n"),
               -1);
  cr_assert(has_error("statement before the first label of the process 'p'"));
  cr_assert(has_error("the process 'q' has no steps"));
  cr_assert(has_error("local variables must be declared before the first "
                      "label"));
  cr_assert(has_error("label 'b' inside a block"));
  cr_assert(has_error("'end' is a reserved word and cannot be used as a "
                      "label"));
  cr_assert_eq(diag.nerr, 5, "%s", all_errors());
}

Test(parse, statement_after_goto) {
  cr_assert_eq(parse("spec s process p { a: goto b; x := 1; b: skip; }"), -1);
  cr_assert_eq(diag.nerr, 1);
  cr_assert(has_error("statement after 'goto b'"));
  cr_assert_eq(diag.items[0].span.col, 31);
}

Test(parse, either_needs_or) {
  cr_assert_eq(parse("spec s process p { a: either { skip; } b: skip; }"),
               -1);
  cr_assert(has_error("expected 'or' after the first branch of 'either'"));
  cr_assert_eq(diag.nerr, 1);
}

Test(parse, labels_in_procedures_are_errors) {
  cr_assert_eq(parse("spec s procedure f() { a: skip; }\n"
                     "placement pl at h { b: skip; }"),
               -1);
  cr_assert_eq(diag.nerr, 2, "%s", all_errors());
  cr_assert(has_error("labels are not allowed in a procedure"));
  cr_assert(has_error("labels are not allowed in a placement"));
  cr_assert_eq(ast.decls.n, 2);
}

Test(parse, missing_closing_brace_points_at_the_opening_one) {
  cr_assert_eq(parse("spec s\nprocess p {\n  a: skip;\nconst X = 1;\n"), -1);
  cr_assert_eq(diag.nerr, 1);
  cr_assert_str_eq(diag.items[0].msg,
                   "expected '}' before 'const' to close the process 'p'");
  cr_assert_eq(diag.n, 2);
  cr_assert_eq(diag.items[1].kind, BC_DIAG_NOTE);
  cr_assert_eq(diag.items[1].span.line, 2);
  cr_assert_eq(diag.items[1].span.col, 11);
  cr_assert_eq(ast.decls.n, 1, "the constant after it still parses");
}

Test(parse, unclosed_block_at_end_of_file) {
  cr_assert_eq(parse("spec s\nprocedure f() {\n  if x { skip; \n"), -1);
  cr_assert(has_error("expected '}' at end of file"));
  cr_assert_eq(diag.nerr, 1, "%s", all_errors());
}

Test(parse, declaration_errors) {
  cr_assert_eq(parse("spec s\n"
                     "enum E { }\n"
                     "x := 1;\n"
                     "enum F { A B }\n"
                     "var v : set E;\n"
                     "var w : 3;\n"
                     "constraint C: always x;\n"
                     "constraint D \"t\": no way;\n"
                     "expect p at h;\n"
                     "expect p at h: ;\n"
                     "spec again\n"),
               -1);
  cr_assert(has_error("enum 'E' has no members"));
  cr_assert(has_error("expected ',' or '}' after the enum member 'A', found "
                      "'B'"));
  cr_assert(has_error("expected 'of' after 'set'"));
  cr_assert(has_error("expected a type ('bool', 'lo..hi', an enum name or "
                      "'set of E'), found '3'"));
  cr_assert(has_error("expected a title string after the constraint id 'C'"));
  cr_assert(has_error("expected 'deadlock' after 'no'"));
  cr_assert(has_error("expected ':' and a verdict"));
  cr_assert(has_error("expected a verdict ('holds' or 'violates C, ...'), "
                      "found ';'"));
  cr_assert(has_error("expected a declaration (const, enum, var, process, "
                      "procedure, placement, constraint or expect), found "
                      "'x'"));
  cr_assert(has_error("a spec has only one 'spec' header"));
  cr_assert_eq(diag.nerr, 10, "%s", all_errors());
}

Test(parse, keyword_as_a_name) {
  cr_assert_eq(parse("spec s\nvar end : bool;\n"), -1);
  cr_assert_str_eq(diag.items[0].msg, "expected a variable name after 'var', "
                                      "found the reserved word 'end'");
}

Test(parse, lexical_errors_are_not_repeated_by_the_parser) {
  cr_assert_eq(parse("spec s\nconst A = 1 @ 2;\nconst B = \"x;\nconst C = 3;\n"),
               -1);
  cr_assert_eq(diag.nerr, 2, "%s", all_errors());
  cr_assert(has_error("unexpected character '@'"));
  cr_assert(has_error("unterminated string"));
  cr_assert_eq(ast.decls.n, 1, "const C");
}

Test(parse, empty_statement) {
  cr_assert_eq(parse("spec s process p { a: if x { skip; }; }"), -1);
  cr_assert(has_error("empty statement"));
  cr_assert_eq(diag.nerr, 1);
}

/* ------------------------------------------------------------ limits */

/* A heap string of 'n' copies of 'unit' between 'pre' and 'post'. */
static char *repeat(const char *pre, const char *unit, size_t n,
                    const char *mid, const char *unit2, const char *post) {
  size_t len = strlen(pre) + n * (strlen(unit) + strlen(unit2)) + strlen(mid) +
               strlen(post) + 1;
  char *s = malloc(len), *q = s;
  cr_assert_not_null(s);
  q += sprintf(q, "%s", pre);
  for (size_t i = 0; i < n; i++)
    q += sprintf(q, "%s", unit);
  q += sprintf(q, "%s", mid);
  for (size_t i = 0; i < n; i++)
    q += sprintf(q, "%s", unit2);
  sprintf(q, "%s", post);
  return s;
}

Test(parse, moderate_nesting_is_fine) {
  char *t = repeat("spec s const X = ", "(", 150, "1", ")", ";");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, 0, "%s", all_errors());
}

Test(parse, deep_nesting_is_an_error) {
  char *t = repeat("spec s const X = ", "(", 250, "1", ")", ";\nconst Y = 2;");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, -1);
  cr_assert_eq(diag.nerr, 1, "%s", all_errors());
  cr_assert(has_error("nesting too deep"));
  cr_assert_eq(ast.decls.n, 1, "the parser recovers after it");
}

Test(parse, very_deep_nesting_does_not_crash) {
  const char *units[] = {"(", "not ", "-", "{", "a[", "if a then ",
                         "forall i in S: "};
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    char *t = repeat("spec s const X = ", units[u], 100000, "1", "", ";");
    struct bc_source s;
    struct bc_arena a;
    struct bc_diag d;
    struct bc_ast tr;
    bc_source_from_string(&s, "t.boot", t, strlen(t));
    bc_arena_init(&a);
    bc_diag_init(&d, &s);
    cr_assert_eq(bc_parse(&s, &a, &d, &tr), -1, "unit '%s'", units[u]);
    bool deep = false;
    for (size_t i = 0; i < d.n; i++)
      deep |= strstr(d.items[i].msg, "nesting too deep") != NULL;
    cr_assert(deep, "unit '%s'", units[u]);
    bc_diag_release(&d);
    bc_arena_release(&a);
    bc_source_release(&s);
    free(t);
  }
}

Test(parse, deeply_nested_blocks_do_not_crash) {
  char *t = repeat("spec s process p { a: ", "{ ", 100000, "skip;", " }",
                   " b: skip; }\nconst X = 1;");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, -1);
  cr_assert(has_error("nesting too deep"));
  cr_assert_eq(diag.nerr, 1, "%s", all_errors());
  cr_assert_eq(ast.decls.n, 2, "the process recovers, and const X");
}

Test(parse, long_chains_are_loops_not_recursion) {
  char *t = repeat("spec s const X = a", " => a", 999, "", "", ";\n");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, 0, "%s", all_errors());
  const struct bc_expr *e = decl(0)->value;
  size_t depth = 0;
  while (e->kind == BC_E_BINOP) {
    e = e->rhs;
    depth++;
  }
  cr_assert_eq(depth, 999, "right-associative");
}

/* A chain longer than the bound would give a tree too deep for passes that
   walk it recursively: an error, for every kind of chain. */
Test(parse, overlong_chains_are_an_error) {
  const char *units[] = {" + 1", " => a", " and a", "[1]", " * (1 + 1)"};
  for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
    char *t = repeat("spec s const X = a", units[u], 100000, "", "",
                     ";\nconst Y = 1;\n");
    struct bc_source s;
    struct bc_arena a;
    struct bc_diag d;
    struct bc_ast tr;
    bc_source_from_string(&s, "t.boot", t, strlen(t));
    bc_arena_init(&a);
    bc_diag_init(&d, &s);
    cr_assert_eq(bc_parse(&s, &a, &d, &tr), -1, "unit '%s'", units[u]);
    cr_assert_eq(d.nerr, 1, "unit '%s'", units[u]);
    cr_assert(strstr(d.items[0].msg, "expression too long (more than 1000 "
                                     "chained operators)"),
              "unit '%s': %s", units[u], d.items[0].msg);
    cr_assert_eq(tr.decls.n, 1, "const Y after it");
    bc_diag_release(&d);
    bc_arena_release(&a);
    bc_source_release(&s);
    free(t);
  }
}

Test(parse, flat_lists_are_not_chains) {
  char *t = repeat("spec s const X = card({A", ", A", 100000, "", "",
                   "});\nprocess p { a: f(1");
  size_t n = strlen(t);
  t = realloc(t, n + 100000 * 3 + 64);
  cr_assert_not_null(t);
  for (int i = 0; i < 100000; i++)
    n += (size_t)sprintf(t + n, ", 1");
  sprintf(t + n, "); }\n");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, 0, "%s", all_errors());
}

Test(parse, many_errors_are_capped_and_terminate) {
  char *t = repeat("spec s\n", "const = ;\n", 5000, "", "", "");
  int rc = parse(t);
  free(t);
  cr_assert_eq(rc, -1);
  cr_assert_eq(diag.nerr, 5000);
  cr_assert_leq(diag.n, 50, "only the first 50 are kept");
}

Test(parse, binary_garbage_terminates) {
  unsigned char buf[4096];
  unsigned x = 12345;
  for (size_t i = 0; i < sizeof buf; i++) {
    x = x * 1103515245u + 12345u;
    buf[i] = (unsigned char)(x >> 16);
  }
  cr_assert_eq(parse_len((const char *)buf, sizeof buf), -1);
}
