# reachable: R and R2 are witnessed, R3 never holds: 1 + 8 = 9 states.
# bootcheck-test: => exit=0 states=9
spec reachability;
var x : 0..7;
process p { a: with v in 0..7 { x := v; } }
constraint R "x can become 5": reachable x = 5;
constraint R2 "x can exceed 6": reachable x > 6;
constraint R3 "x is 7 while p has not moved": reachable x = 7 and at_label(p.a);
expect: violates R3;
