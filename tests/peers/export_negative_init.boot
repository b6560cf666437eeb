# `bootcheck export --to promela` stores an array whose elements start
# unequal, some negative, as value - lo (SPIN's initialiser list takes
# no negative number); here value - lo spans 0..2^32 - 2, which does not
# fit Promela's 32-bit int: a located error, exit 2
# (tests/peers/run_export.py checks it).
spec export_negative_init;
var q[c in 1..2] : -2147483647..2147483647 = -c;
process p { a: q[1] := 0; }
