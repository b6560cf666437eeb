# bench/zoo/arith.boot - large integer ranges and arithmetic.
#
# N ALUs, each loading one of 3 values, mixing in one of 3 more, then
# folding the result through division, remainder and a hash loop. The
# values reached are distinct for distinct choices and nothing is shared,
# so each ALU has 1 + 3 + 9 + 9 = 22 positions: 22^N states
# (N = 4: 234,256; N = 5: 5,153,632). Every value fits in 32 bits, so
# SPIN's `int` computes the same.
#
# bootcheck-test: -D N=2 => exit=0 states=484
spec zoo_arith "N ALUs: multiply, divide, remainder over large ranges";

const N = 5;
const BIG = 2000000000;

var acc[c in 1..N] : 0..BIG;
var h[c in 1..N] : 0..65520;
var q[c in 1..N] : -100000..100000;

process alu[i in 1..N] {
  load: with d in 0..2 { acc[i] := acc[i] * 1000 + d * 7919 + i; }
  mix:  with d in 0..2 { acc[i] := acc[i] * 31 + d * 104729; }
        h[i] := (acc[i] % 46337) * (acc[i] % 46337) % 65521;
  fold: q[i] := acc[i] / 7 % 1000 - acc[i] % 13 * 17;
        for k in 1..8 { h[i] := (h[i] * 31 + k * q[i] + 100000) % 65521; }
}

constraint A1 "the hash stays in range": always forall c in 1..N: h[c] <= 65520;
constraint A2 "a folded value is small": always forall c in 1..N: q[c] < 1000;
