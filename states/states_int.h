/*
** states_int.h - internal declarations shared by states/ and its tests.
**
** Nothing here is part of the public contract in bootcheck/states.h; these
** are hooks that let tests/test_store.c reach limits and failure paths that
** would otherwise need billions of states or a real out-of-memory condition.
*/
#ifndef BOOTCHECK_STATES_STATES_INT_H
#define BOOTCHECK_STATES_STATES_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcheck/states.h"

/*
** Lower the number of distinct states 's' accepts to 'limit' (at most
** 2^32-1, the default). An insert of a new state once 'limit' states are
** stored returns BC_ELIMIT. For tests only.
*/
void bc_store_set_state_limit(struct bc_store *s, uint64_t limit);

/*
** Make the allocation 'n' allocations from now fail as if malloc had
** returned NULL (0: the next one); a negative 'n' turns failures off again.
** Every allocation of the store goes through one function that honours
** this. For tests only.
*/
void bc_store_fail_alloc_after(struct bc_store *s, long n);

/*
** Growth in place (states/store.c, "Layout"): tables of 'from_bytes' bytes
** and more (default 2 MiB; SIZE_MAX: none, as when no address space can
** be reserved) live in a reservation, of at most 2^max_log2 slots when
** max_log2 is not 0 (past it the table is copied into a new one). Takes
** effect at the next table the store allocates. For tests only.
*/
void bc_store_set_in_place(struct bc_store *s, size_t from_bytes,
                           unsigned max_log2);

/*
** Copying growth inserts every slot by probing from its home (put_slot),
** as before split_slots (states/store.c) wrote the slots that sit at
** their home without a probe: the reference both ways of growing are
** compared with. For tests only.
*/
void bc_store_set_plain_rehash(struct bc_store *s, bool plain);

/* Whether the table lives in a reservation (grows in place). */
bool bc_store_table_reserved(const struct bc_store *s);

/* A hash of the table's slots and their places, to compare layouts. */
uint64_t bc_store_table_digest(const struct bc_store *s);

#endif /* BOOTCHECK_STATES_STATES_INT_H */
