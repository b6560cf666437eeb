# Liveness on the symmetry-reduced graph (docs/liveness.md, "Symmetry"):
# identical members (twins), whose moves the reduced search leaves out.
#
# A toggler flips `flag` forever; two weakly fair members wait for
# flag = 1 and then set their `done`. A member is waiting or done: 2 x 2^2
# = 8 states without symmetry, 2 x 3 (none, one or both done) = 6 with.
#
# E: the toggler flipping forever with both members waiting is weakly
# fair to them (each is disabled whenever flag = 0), so E is violated. In
# the quotient the second waiting member is a twin of the first: its
# moves are not generated, and whether it is disabled somewhere is known
# only through the swap of the two, which fixes the state (the stabiliser
# of the component's states is part of its group).
# bootcheck-test: => exit=0 states=6
# bootcheck-test: --no-symmetry => exit=0 states=8
# bootcheck-test: --fingerprint => exit=0 states=6
spec live_sym_twins;
const N = 2;
var flag : 0..1 = 0;
var done[i in 1..N] : bool;
process toggler { t: flag := 1 - flag; goto t; }
fair process w[i in 1..N] symmetric { w: await flag == 1; done[i] := true; }
constraint E "some member is done": eventually exists i in 1..N: done[i];
expect: violates E;
