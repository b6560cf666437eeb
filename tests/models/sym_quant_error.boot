# A quantifier over the members of a symmetric family evaluates its body
# for every member when the body may fail: with a short cut, whether
# 10 / g[c] divides by zero depended on which member came first, and the
# reduced search (which sees one ordering of the members: the canonical
# one, worker with e set last) missed the runtime error that --no-symmetry
# finds in the other ordering, reporting a deadlock instead.
# bootcheck-test: => exit=2
# bootcheck-test: --no-symmetry => exit=2
spec sym_quant_error;
var e[c in 1..2] : bool;
var f[c in 1..2] : bool;
var g[c in 1..2] : 0..1 = 1;
process w[i in 1..2] symmetric {
  a: either { f[i] := true; } or { e[i] := true; g[i] := 0; }
}
process o {
  b: await (forall c in 1..2: f[c] or g[c] == 0) and (exists c in 1..2: f[c]);
     await exists c in 1..2: f[c] or 10 / g[c] > 1;
}
