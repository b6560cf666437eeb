/* tests/models/live_spin.boot for SPIN: no fairness. Each labelled step of
** the .boot file is one atomic statement here. The ltl names are the
** constraint ids. */
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
ltl E1 { <> seen }
ltl A1 { []<> seen }
ltl L1 { [] (flag -> <> seen) }
