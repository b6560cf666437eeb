/*
** safeout.h - text output that cannot drive a terminal: every control
** character that reaches a terminal from the spec (ESC, BEL and the other
** C0 characters but tab, newline and carriage return; DEL; the C1
** characters U+0080..U+009F) and every byte that is not UTF-8 is written
** escaped, as \x1b or \u009b. bc_cli_main puts such a stream over stdout
** and stderr; the colour codes of the reports, JSON and the progress line
** go around it with bc_out_raw.
*/
#ifndef BOOTCHECK_SAFEOUT_H
#define BOOTCHECK_SAFEOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A stream writing to 'under' with control characters escaped; closing it
** flushes 'under', and closes it when 'own'. NULL when out of memory. */
FILE *bc_safe_stream(FILE *under, bool own);

/* Write 's' (or the formatted text) unescaped: on a stream from
** bc_safe_stream, to the stream below, after everything written before. */
void bc_out_raw(FILE *f, const char *s);
void bc_out_rawf(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Is 'f' (the stream below, for a safe stream) a terminal? */
bool bc_out_isatty(FILE *f);

/* The columns that 'n' bytes of 's' take once escaped: one per character
** (UTF-8 code point), the length of each escape. */
size_t bc_out_width(const char *s, size_t n);

#endif /* BOOTCHECK_SAFEOUT_H */
