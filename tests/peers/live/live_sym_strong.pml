/* tests/models/live_sym_strong.boot for SPIN (N = 2, no symmetry): the
** toggler (pid 0) weakly fair, k (pid 1) strongly fair. The members'
** weak fairness is left out of the formula (four assumptions take SPIN
** minutes to translate): E holds without it, so with it too. */
byte flag = 0;
bool got = false;
bool done[2];
active proctype toggler() { do :: atomic { flag = 1 - flag } od }
active proctype k() { atomic { flag == 1 -> got = true } }
active [2] proctype w() { do :: atomic { done[_pid - 2] = !done[_pid - 2] } od }
#define W(p) (<>[] enabled(p) -> []<> (_last == p))
#define S(p) ([]<> enabled(p) -> []<> (_last == p))
ltl E { (W(0) && S(1)) -> <> got }
