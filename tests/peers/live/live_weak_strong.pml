/* tests/models/live_weak_strong.boot for SPIN: the taker (pid 1) weakly
** fair. */
byte x = 0;
bool got = false;
active proctype toggler() { do :: atomic { x = 1 - x } od }
active proctype taker() { atomic { x == 1 -> got = true } }
#define F1 (<>[] enabled(1) -> []<> (_last == 1))
ltl E1 { F1 -> <> got }
ltl L1 { F1 -> [] (x == 1 -> <> got) }
ltl A1 { F1 -> []<> (x == 1) }
