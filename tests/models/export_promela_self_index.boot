# An assignment whose index reads the array it writes (found by the
# difftest, seed 77, spec 4): pan undoes `a[e] = v` by evaluating e again
# after the store, so with the store in the Promela export as written SPIN
# restored another element and counted 4 states where there are 2. The
# export now computes such an index into a temporary first. Initial state
# m = [3, 3]; the step sets m[1 + 3 % 2] = m[2] to 2: 2 states.
# bootcheck-test: => exit=0 states=2
spec export_promela_self_index;
var m[c in 1..2] : 1..3 = 3;
process p {
  s: m[1 + m[2] % 2] := 2;
}
constraint R "m[2] set": reachable m[2] = 2 and m[1] = 3;
expect: holds;
