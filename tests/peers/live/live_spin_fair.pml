/* tests/models/live_spin_fair.boot for SPIN: the setter (pid 0) weakly
** fair, as an assumption of each formula (<>[] enabled -> []<> taken). */
bool flag = false;
bool seen = false;
active proctype setter() { atomic { flag = true } }
active proctype waiter() {
  do
  :: atomic { flag -> goto d }
  :: atomic { !flag -> skip }
  od;
d: seen = true
}
#define WF0 (<>[] enabled(0) -> []<> (_last == 0))
ltl E1 { WF0 -> <> seen }
ltl A1 { WF0 -> []<> seen }
ltl L1 { WF0 -> [] (flag -> <> seen) }
