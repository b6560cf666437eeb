# forall/exists over a family's flags; m waits for all workers:
# 2^3 worker states with m waiting + 1 with m ended = 9 states.
# bootcheck-test: => exit=0 states=9
# bootcheck-test: -D N=1 => exit=0 states=3
spec quantifiers;
const N = 3;
var done[i in 1..N] : bool;
process w[i in 1..N] { run: done[i] := true; }
process m { fin: await forall i in 1..N: done[i]; }
constraint C "m finishes only after every worker":
  at m.fin: \A j \in 1..N: done[j];
constraint E "some worker is done once m has finished":
  always at_label(m.fin) \/ (\E j \in 1..N: done[j]);
constraint W "a worker's own step sees its flag clear":
  at w.run: not done[self];
