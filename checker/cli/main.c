/*
** main.c - the bootcheck executable: everything is in bc_cli_main.
*/
#include "bootcheck/checker.h"

int main(int argc, char **argv) { return bc_cli_main(argc, argv); }
