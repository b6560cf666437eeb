/*
** export.h - the `bootcheck export` command (docs/export.md).
*/
#ifndef BOOTCHECK_EXPORT_H
#define BOOTCHECK_EXPORT_H

/* bootcheck export SPEC --to murphi|promela [-D N=V]... [--placement P]
** [--output FILE]; argv[0] is "export". Returns an enum bc_exit value. */
int bc_cmd_export(int argc, char **argv);

#endif /* BOOTCHECK_EXPORT_H */
