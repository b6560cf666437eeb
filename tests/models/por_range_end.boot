# A per-member invariant whose range ends at the largest integer: --por
# splits it into one conjunct per value without stepping past the end (its
# loop overflowed and never ended, issue 12). 1 + 1 = 2 states.
# bootcheck-test: => exit=0 states=2
# bootcheck-test: --por => exit=0 states=2
spec por_range_end;
var y : 0..3;
process p { l: y := 1; }
constraint A "every x near the top is positive":
  always forall x in 9223372036854775806..9223372036854775807: x > 0;
