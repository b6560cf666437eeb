/*
** cli.c - the bootcheck command line: argument parsing and dispatch.
*/
#include "bootcheck/ast.h"
#include "bootcheck/checker.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *bc_version(void) { return BC_VERSION; }

static int usage(FILE *out) {
  fputs("usage: bootcheck [--version] [--help] COMMAND [ARGS]\n"
        "\n"
        "commands:\n"
        "  list SPEC     print the processes, steps, hooks, placements,\n"
        "                constraints and state size of a spec\n",
        out);
  return out == stdout ? BC_EXIT_OK : BC_EXIT_USAGE;
}

static int cmd_list(int argc, char **argv) {
  if (argc != 2) {
    fputs("bootcheck list: expected one SPEC file\n", stderr);
    return BC_EXIT_USAGE;
  }
  struct bc_source src;
  if (bc_source_load(&src, argv[1]) != 0) {
    fprintf(stderr, "bootcheck: %s: %s\n", argv[1], strerror(errno));
    return BC_EXIT_USAGE;
  }
  struct bc_arena arena;
  struct bc_diag diag;
  struct bc_ast ast;
  bc_arena_init(&arena);
  bc_diag_init(&diag, &src);
  int rc = bc_parse(&src, &arena, &diag, &ast);
  bc_diag_print(&diag, stderr);
  if (rc == 0)
    printf("spec %s\n", ast.spec_name.name ? ast.spec_name.name : "?");
  bc_diag_release(&diag);
  bc_arena_release(&arena);
  bc_source_release(&src);
  return rc == 0 ? BC_EXIT_OK : BC_EXIT_USAGE;
}

int bc_cli_main(int argc, char **argv) {
  if (argc < 2)
    return usage(stderr);
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("bootcheck %s\n", bc_version());
    return BC_EXIT_OK;
  }
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help"))
    return usage(stdout);
  if (!strcmp(cmd, "list"))
    return cmd_list(argc - 1, argv + 1);
  fprintf(stderr, "bootcheck: unknown command '%s'\n", cmd);
  return usage(stderr);
}
