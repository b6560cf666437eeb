/* tests/models/live_por_unfair.boot for SPIN: the toggler (pid 1) and u
** (pid 2) weakly fair, k (pid 0) not. */
bool g = false;
byte y = 0;
bool done = false;
active proctype k() { atomic { g = true } }
active proctype toggler() { do :: atomic { y = 1 - y } od }
active proctype u() { atomic { g -> done = true } }
#define F1 (<>[] enabled(1) -> []<> (_last == 1))
#define F2 (<>[] enabled(2) -> []<> (_last == 2))
ltl E1 { (F1 && F2) -> <> done }
