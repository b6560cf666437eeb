# Liveness on the symmetry-reduced graph (docs/liveness.md, "Symmetry"):
# a member that looks starved in the quotient but is not.
#
# Three weakly fair members; the first to move takes the token (held),
# a holder passes it to any other member, a member without it once the
# token is held sets `left`. The states: the initial one, then one holder
# of 3 with left false or true: 1 + 3 + 3 = 7; with symmetry one holder
# is like another: 1 + 1 + 1 = 3.
#
# E: the run that passes the token round all three forever never sets
# `left`, and is weakly fair: every member moves (when it holds the
# token), so E is violated, with or without symmetry. In the quotient the
# holder is always the same canonical member and the others never move
# while enabled: a check that read fairness off canonical positions would
# call the cycle unfair and say E holds. The passes permute the members
# (transpositions of the holder with each other), so the component's
# group is all of S3 and every member moves in it.
# bootcheck-test: => exit=0 states=3
# bootcheck-test: --no-symmetry => exit=0 states=7
# bootcheck-test: --fingerprint => exit=0 states=3
# bootcheck-test: -D N=4 => exit=0 states=3
# (N = 4: 1 + 4 + 4 = 9 states without symmetry, still 3 with.)
# bootcheck-test: -D N=4 --no-symmetry => exit=0 states=9
spec live_sym_token;
const N = 3;
var tok[i in 1..N] : bool;
var held : bool = false;
var left : bool = false;
fair process w[i in 1..N] symmetric {
  run:
    if tok[i] then {
      with j in 1..N { await j != i; tok[i] := false; tok[j] := true; }
    } else {
      if held then { left := true; }
      else { held := true; tok[i] := true; }
    }
    goto run;
}
constraint E "some member leaves": eventually left;
expect: violates E;
