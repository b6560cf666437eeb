/*
** parallel.h - independent jobs on a few threads. The passes that follow
** a search are independent per configuration (each `where` candidate's
** liveness and window passes, each explored alone on one thread): they run
** side by side on the cores --workers gives.
*/
#ifndef BOOTCHECK_PARALLEL_H
#define BOOTCHECK_PARALLEL_H

#include <stddef.h>

/*
** Call fn(ctx, i) for every i < n, each once, on up to 'threads' threads
** (the caller's among them: 0 or 1 runs them all in the caller, in order),
** and return when every call has returned. Jobs are handed out in order, one
** at a time. Each call must write only what belongs to its i, so that the
** results do not depend on the number of threads. A thread that cannot be
** started leaves its share to the others.
*/
void bc_parallel_for(size_t n, unsigned threads,
                     void (*fn)(void *ctx, size_t i), void *ctx);

#endif
