/* tests/models/live_step_fair.boot for SPIN: only the setter's step s is
** weakly fair. It has no guard, so it is enabled exactly while the setter
** is at s, and weak fairness of it says the setter does not stay at s
** forever. */
bool flag = false;
bool seen = false;
active proctype setter() {
a: skip;
s: atomic { flag = true }
}
active proctype waiter() {
  do
  :: atomic { flag -> goto d }
  :: atomic { !flag -> skip }
  od;
d: seen = true
}
#define WFS (!<>[] (setter[0]@s))
ltl E1 { WFS -> <> seen }
ltl L1 { WFS -> [] (setter[0]@s -> <> seen) }
