/* tests/models/live_sym_pair.boot for SPIN (N = 3, no symmetry): the
** three members (pids 0-2) weakly fair (pan -f); pc 0 join, 1 ring, 2 leave,
** 3 ended. */
bool tok[3];
bool inring[3];
byte pc[3];
byte members = 0;
bool held = false;
bool left = false;
active [3] proctype w() {
  do
  :: atomic { pc[_pid] == 0 && members < 2 ->
              members++; inring[_pid] = true; pc[_pid] = 1 }
  :: atomic { pc[_pid] == 0 -> pc[_pid] = 2 }
  :: atomic { pc[_pid] == 1 && tok[_pid] && inring[(_pid + 1) % 3] ->
              tok[_pid] = false; tok[(_pid + 1) % 3] = true }
  :: atomic { pc[_pid] == 1 && tok[_pid] && inring[(_pid + 2) % 3] ->
              tok[_pid] = false; tok[(_pid + 2) % 3] = true }
  :: atomic { pc[_pid] == 1 && !tok[_pid] && !held ->
              held = true; tok[_pid] = true }
  :: atomic { pc[_pid] == 2 -> left = true; pc[_pid] = 3 }
  od
}
/* pan: -f */
ltl E { <> left }
