# Liveness under --por: a stubborn set must hold a step of a fairness
# unit (docs/reductions.md, "Liveness under --por").
#
# k is not fair: it may never set g. The toggler flips y forever; u waits
# for g, then sets done. States (g, y, pc(u), done), by hand: (F, 0, u0),
# (F, 1, u0) while k waits; (T, 0, u0), (T, 1, u0), (T, 0, end, T),
# (T, 1, end, T) after it. 6 states, with and without --por.
#
# The fair run that never lets k move toggles y forever with u disabled
# (g false): E1 is violated. In the initial state {k, u} is a stubborn
# set (k's write brings in u, which reads g; u is disabled), its one
# move k's; with it alone the pass would reach g = true at once and miss
# the states with g false and y = 1, and every cycle left would keep u
# enabled without taking it: not fair, E1 "holds". So k, in no fairness
# unit, may not seed a set; the toggler jumps back and u is disabled, so
# the initial state is expanded in full, and so is every other.
# bootcheck-test: => exit=0 states=6
# bootcheck-test: --por => exit=0 lstates=6
# bootcheck-test: --por --no-symmetry --workers 2 => exit=0 lstates=6
spec live_por_unfair;
var g : bool = false;
var y : 0..1 = 0;
var done : bool = false;
process k { k0: g := true; }
fair process toggler { t: y := 1 - y; goto t; }
fair process u { u0: await g; done := true; }
constraint E1 "done, eventually": eventually done;
expect: violates E1;
