spec range_too_long_const
# issue 12: constants are evaluated at compile time; these loops ran
# (nearly) forever. A constant range is checked where it is written; the
# VM bounds the rest (16777216 loop iterations per evaluation).
const A = forall x in 0..1099511627776: x >= 0;
const N = 1099511627776;
const B = exists x in 0..N * 1: x < 0;
# each evaluation is bounded, and all of them together: an array's initial
# value is evaluated once per element (30001 x 1001 iterations)
var a[i in 0..30000] : bool = forall x in 0..1000: x >= 0;
process p { l: skip; }
