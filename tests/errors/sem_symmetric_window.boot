# A window predicate must not tell the members of a symmetric family apart
# (window.c explores canonical states): no constant naming one member.
spec s;
var f[i in 1..3] : bool;
process w[i in 1..3] symmetric { a: f[i] := true; }
window W "the first member's flag": f[1];
