/* tests/models/live_sym_twins.boot for SPIN (N = 2, no symmetry): the
** toggler (pid 0) unfair, the members (pids 1, 2) weakly fair. */
byte flag = 0;
bool done[2];
active proctype toggler() { do :: atomic { flag = 1 - flag } od }
active [2] proctype w() { atomic { flag == 1 -> done[_pid - 1] = true } }
#define W(p) (<>[] enabled(p) -> []<> (_last == p))
ltl E { (W(1) && W(2)) -> <> (done[0] || done[1]) }
