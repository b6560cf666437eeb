# What the x86 spec had to remodel before `ap` could be symmetric (2):
# bringing the APs up in CPU-number order through a counter (next).
spec s;
const N = 3;
var online[cpu in 0..N] : bool = (cpu == 0);
var kicked[cpu in 1..N] : bool;
var next : 1..N = 1;
process ap[i in 1..N] symmetric { a: await kicked[i]; online[i] := true; }
process init {
  up: kicked[next] := true;
  wait: await online[next];
        if next < N then { next := next + 1; goto up; }
}
