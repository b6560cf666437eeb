/*
** fuzz_parse.c - libFuzzer target for the front end: lex and parse any
** bytes, print the diagnostics, check the tree, release everything.
**
** Every input must end in a tree or in diagnostics: never a crash, a hang,
** a leak or undefined behaviour (the target is built with ASan and UBSan).
** Built only with -Dfuzz=true (tests/fuzz/meson.build); run by scripts/fuzz.
*/
#include "bootcheck/ast.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct bc_source *cur;

/* A broken invariant of a successful parse: make the fuzzer report it. */
static void require(int ok) {
  if (!ok)
    abort();
}

static void check_span(struct bc_span sp) {
  require(sp.line >= 1 && sp.col >= 1);
  require((size_t)sp.off + sp.len <= cur->len);
}

static void check_ident(const struct bc_ident *id) {
  require(id->name != NULL && id->name[0] != '\0');
  check_span(id->span);
}

static void check_expr(const struct bc_expr *e) {
  require(e != NULL);
  check_span(e->span);
  switch (e->kind) {
  case BC_E_INT:
  case BC_E_BOOL:
  case BC_E_SELF:
    break;
  case BC_E_NAME:
    check_ident(&e->name);
    break;
  case BC_E_INDEX:
  case BC_E_RANGE:
  case BC_E_BINOP:
    check_expr(e->lhs);
    check_expr(e->rhs);
    break;
  case BC_E_SET:
    for (size_t i = 0; i < e->items.n; i++)
      check_expr(e->items.v[i]);
    break;
  case BC_E_UNOP:
  case BC_E_CARD:
    check_expr(e->lhs);
    break;
  case BC_E_QUANT:
    check_ident(&e->var);
    check_expr(e->lhs);
    check_expr(e->rhs);
    break;
  case BC_E_COND:
    check_expr(e->cond);
    check_expr(e->lhs);
    check_expr(e->rhs);
    break;
  case BC_E_ATLABEL:
    check_ident(&e->var);
    check_ident(&e->label);
    if (e->lhs)
      check_expr(e->lhs);
    break;
  }
}

static void check_stmt(const struct bc_stmt *s) {
  require(s != NULL);
  check_span(s->span);
  switch (s->kind) {
  case BC_S_ASSIGN:
    check_expr(s->target);
    check_expr(s->value);
    break;
  case BC_S_AWAIT:
    check_expr(s->value);
    break;
  case BC_S_IF:
    check_expr(s->value);
    check_stmt(s->body);
    if (s->els)
      check_stmt(s->els);
    break;
  case BC_S_WITH:
  case BC_S_FOR:
    check_ident(&s->var);
    check_expr(s->value);
    check_stmt(s->body);
    break;
  case BC_S_EITHER:
    require(s->stmts.n >= 2);
    for (size_t i = 0; i < s->stmts.n; i++)
      check_stmt(s->stmts.v[i]);
    break;
  case BC_S_BLOCK:
    for (size_t i = 0; i < s->stmts.n; i++)
      check_stmt(s->stmts.v[i]);
    break;
  case BC_S_CALL:
    check_ident(&s->name);
    for (size_t i = 0; i < s->stmts.n; i++)
      check_expr(s->stmts.v[i]);
    break;
  case BC_S_GOTO:
  case BC_S_HOOK:
  case BC_S_VIOLATE:
    check_ident(&s->name);
    break;
  case BC_S_SKIP:
  case BC_S_END:
    break;
  }
}

/* The contract of a parse without errors: every node complete. */
static void check_decl(const struct bc_decl *d) {
  require(d != NULL);
  check_span(d->span);
  switch (d->kind) {
  case BC_D_CONST:
    check_ident(&d->name);
    check_expr(d->value);
    break;
  case BC_D_ENUM:
    require(d->idents.n > 0);
    for (size_t i = 0; i < d->idents.n; i++)
      check_ident(d->idents.v[i]);
    break;
  case BC_D_VAR:
    check_ident(&d->name);
    require(d->type != NULL);
    if (d->type->kind == BC_T_RANGE) {
      check_expr(d->type->lo);
      check_expr(d->type->hi);
    }
    for (size_t i = 0; i < d->dims.n; i++) {
      const struct bc_dim *dim = d->dims.v[i];
      check_ident(&dim->name);
      check_expr(dim->lo);
      check_expr(dim->hi);
    }
    if (d->value)
      check_expr(d->value);
    break;
  case BC_D_PROCESS:
    check_ident(&d->name);
    require(d->steps.n > 0);
    for (size_t i = 0; i < d->locals.n; i++)
      check_decl(d->locals.v[i]);
    for (size_t i = 0; i < d->steps.n; i++) {
      const struct bc_step *st = d->steps.v[i];
      check_ident(&st->label);
      for (size_t j = 0; j < st->stmts.n; j++)
        check_stmt(st->stmts.v[j]);
    }
    break;
  case BC_D_PROCEDURE:
  case BC_D_PLACEMENT:
    check_ident(&d->name);
    require(d->body != NULL && d->body->kind == BC_S_BLOCK);
    check_stmt(d->body);
    break;
  case BC_D_CONSTRAINT:
    check_ident(&d->name);
    require(d->title != NULL);
    if (d->ckind == BC_C_ALWAYS || d->ckind == BC_C_AT ||
        d->ckind == BC_C_REACHABLE || d->ckind == BC_C_EVENTUALLY)
      check_expr(d->cexpr);
    break;
  case BC_D_EXPECT:
    require(d->expect_holds || d->violated.n > 0);
    break;
  default: /* kinds added later: no contract checked here yet */
    break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *null;
  if (!null)
    null = fopen("/dev/null", "w");
  struct bc_source src;
  struct bc_arena arena;
  struct bc_diag diag;
  struct bc_ast ast;
  bc_source_from_string(&src, "fuzz.boot", (const char *)data, size);
  bc_arena_init(&arena);
  bc_diag_init(&diag, &src);
  cur = &src;
  int rc = bc_parse(&src, &arena, &diag, &ast);
  require((rc == 0) == (diag.nerr == 0));
  if (rc == 0) {
    check_ident(&ast.spec_name);
    for (size_t i = 0; i < ast.decls.n; i++)
      check_decl(ast.decls.v[i]);
  }
  for (size_t i = 0; i < diag.n; i++)
    if (diag.items[i].span.line)
      require((size_t)diag.items[i].span.off <= src.len);
  if (null)
    bc_diag_print(&diag, null);
  bc_diag_release(&diag);
  bc_arena_release(&arena);
  bc_source_release(&src);
  return 0;
}
