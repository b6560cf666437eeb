/*
** states_int.h - internal declarations shared by states/ and its tests.
**
** Nothing here is part of the public contract in bootcheck/states.h; these
** are hooks that let tests/test_store.c reach limits and failure paths that
** would otherwise need billions of states or a real out-of-memory condition.
*/
#ifndef BOOTCHECK_STATES_STATES_INT_H
#define BOOTCHECK_STATES_STATES_INT_H

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

#endif /* BOOTCHECK_STATES_STATES_INT_H */
