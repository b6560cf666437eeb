/*
** memguard.h - stop the searches before the machine runs out of memory.
**
** The state store grows until a limit stops it (--max-memory) or an
** allocation fails; on Linux an allocation rarely fails, the kernel's
** out-of-memory killer ends the process instead, and every result of the
** check is lost. The guard is a thread that watches the memory the kernel
** says is available; when it falls below a floor while bootcheck holds
** much of the machine's memory, it raises a flag at which every search
** stops as at a limit (BC_STOP_NOMEM: "INCOMPLETE: out of memory"), so
** that the verdicts found so far are reported and recorded.
*/
#ifndef BOOTCHECK_MEMGUARD_H
#define BOOTCHECK_MEMGUARD_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
** The guard's thresholds from $BOOTCHECK_MIN_FREE and the machine: unset
** or empty, the floor is a sixteenth of the machine's memory, at most 1
** GiB, and the guard acts only while this process's resident memory is an
** eighth of the machine's or more (so a small check never stops because
** others use the memory); a size (as --max-memory takes it) is the floor
** whatever bootcheck holds; 0 turns the guard off (*floor 0). Returns
** false with 'why' set when the variable is not a size.
*/
bool bc_memguard_config(uint64_t *floor, uint64_t *rss_min, char *why,
                        size_t whylen);

/*
** Start watching, every 50 ms: when MemAvailable (/proc/meminfo) is below
** 'floor' bytes and the resident size (/proc/self/statm) is at least
** 'rss_min', set *flag to 1 and keep the two figures (bc_memguard_last).
** It does not watch again until the flag is 0 again. NULL when floor is 0,
** when /proc/meminfo cannot be read or no thread starts: no guard.
*/
struct bc_memguard;
struct bc_memguard *bc_memguard_start(uint64_t floor, uint64_t rss_min,
                                      volatile sig_atomic_t *flag);

/* bc_memguard_start with bc_memguard_config's thresholds (NULL: none, or
** $BOOTCHECK_MIN_FREE is not a size: the command line refused it). */
struct bc_memguard *bc_memguard_from_env(volatile sig_atomic_t *flag);

/* The memory available and the resident size when the flag was last set
** (bytes; 0 when never). */
void bc_memguard_last(struct bc_memguard *g, uint64_t *avail,
                      uint64_t *rss);

/* Stop the thread and free the guard (NULL: nothing). */
void bc_memguard_stop(struct bc_memguard *g);

#endif
