/*
** debug.h - assertions (issue 11: "assert the invariants each module
** relies on, active in the debug and sanitizer builds").
**
** assert() states an invariant checked wherever NDEBUG is not defined:
** meson's b_ndebug=if-release keeps it on in every build but release,
** the default debugoptimized build included, so every test run checks
** it. bc_hot_assert() is the same for code that runs per VM instruction,
** per successor or per stored state, where a check costs measurable time
** (one at the VM's dispatch adds a fifth to the instructions of a
** search): it is on in debug builds and in sanitizer builds (meson.build
** defines BC_HOT_ASSERTS there) and off otherwise.
**
** Neither is for user input, which is a diagnostic (base/diag.c).
*/
#ifndef BOOTCHECK_DEBUG_H
#define BOOTCHECK_DEBUG_H

#include <assert.h>

#if defined(BC_HOT_ASSERTS) && !defined(NDEBUG)
#define bc_hot_assert(e) assert(e)
#else
#define bc_hot_assert(e) ((void)0)
#endif

#endif
