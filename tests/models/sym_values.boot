# A family numbered from 0 next to values numbered from 0: `v in 0..1`
# covers the family's range 0..1, but the body stores v, so v is an
# ordinary integer (a member index could not be stored) and the family
# stays symmetric. Counted by hand: each member at a (level 0) or ended
# with level 0 or 1, 3^2 = 9 states; up to renaming C(4,2) = 6.
# bootcheck-test: => exit=0 states=6
# bootcheck-test: --no-symmetry => exit=0 states=9
spec sym_values;
var lvl[c in 0..1] : 0..1;
process w[i in 0..1] symmetric { a: with v in 0..1 { lvl[i] := v; } }
constraint R "both levels 1": reachable forall c in 0..1: lvl[c] == 1;
