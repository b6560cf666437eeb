/* tests/models/live_ends.boot for SPIN: a run that ends is its last state
** repeated forever (SPIN's stutter extension). */
byte x = 0;
active proctype p() { atomic { if :: x = 1 :: x = 2 fi } }
ltl E1 { <> (x == 1) }
ltl A1 { []<> (x > 0) }
ltl L1 { [] (x == 2 -> <> (x == 1)) }
ltl L2 { [] (x == 0 -> <> (x > 0)) }
