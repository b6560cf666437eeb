# `bootcheck export --to promela` cannot initialise an array whose
# elements start at different values, some negative (SPIN's initialiser
# list takes no negative number): a located error, exit 2
# (tests/peers/run_export.py checks it).
spec export_negative_init;
var q[c in 1..2] : -5..5 = -c;
process p { a: q[1] := 0; }
