/* tests/models/live_por_indep.boot for SPIN: both processes weakly
** fair. */
/* pan: -f */
byte a = 0;
byte b = 0;
active proctype p() { atomic { a = 1 }; atomic { a = 2 } }
active proctype q() { atomic { b = 1 }; atomic { b = 2 } }
ltl E1 { <> (a == 2) }
ltl L1 { [] ((a == 1) -> <> (a == 2)) }
ltl E3 { []<> (a == 0) }
