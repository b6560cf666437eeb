# bench/zoo/calls.boot - many processes, the work in procedures.
#
# N drivers take and drop references on D shared devices and log through
# nested procedure calls (procedures are inlined into the step). A
# counter's value is a function of the drivers' positions (each driver's
# gets minus its puts so far), so every combination of positions is
# reachable and distinct: 7^N states (N = 7: 823,543; N = 8: 5,764,801).
#
# bootcheck-test: -D N=2 => exit=0 states=49
# bootcheck-test: -D N=3 -D D=2 => exit=0 states=343
spec zoo_calls "N drivers calling get/put/log procedures on shared devices";

const N = 8;
const D = 3;
const MAXREF = 2 * N;

var refs[d in 0..D - 1] : 0..MAXREF;
var logged[d in 0..D - 1] : 0..4 * N;
var bound[c in 1..N] : bool;

procedure get(d) {
  refs[d] := refs[d] + 1;
}
procedure put(d) {
  if refs[d] == 0 then violate R1 "put without get";
  else refs[d] := refs[d] - 1;
}
procedure note(d) {
  logged[d] := logged[d] + 1;
}
procedure attach(c, d) {
  get(d);
  note(d);
  bound[c] := true;
}
procedure detach(c, d) {
  put(d);
  note(d);
  bound[c] := false;
}

process drv[i in 1..N] {
  probe:    attach(i, i % D);
  claim:    get((i + 1) % D);
  work:     note((i + 1) % D);
  release:  put((i + 1) % D);
  unbind:   detach(i, i % D);
  rebind:   attach(i, (i + 2) % D);
}

constraint R1 "no reference dropped twice": violations;
constraint R2 "references bounded": always forall d in 0..D - 1: refs[d] <= MAXREF;
