/* tests/models/live_sym_token.boot for SPIN (N = 3, no symmetry): the
** three members (pids 0-2) weakly fair (pan -f). */
bool tok[3];
bool held = false;
bool left = false;
active [3] proctype w() {
  do
  :: atomic { tok[_pid] -> tok[_pid] = false; tok[(_pid + 1) % 3] = true }
  :: atomic { tok[_pid] -> tok[_pid] = false; tok[(_pid + 2) % 3] = true }
  :: atomic { !tok[_pid] && held -> left = true }
  :: atomic { !tok[_pid] && !held -> held = true; tok[_pid] = true }
  od
}
/* pan: -f */
ltl E { <> left }
