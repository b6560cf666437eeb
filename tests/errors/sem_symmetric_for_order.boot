# issue 11: a 'for' over the members of a symmetric family visits them in
# increasing order, and here its iterations see each other through 'done'
# (only the second gets x[k] := true). Symmetry reduction used to report P
# holding in 8 states; --no-symmetry finds it violated in 2 steps (10
# states). 'k' is therefore an ordinary integer, which cannot index 'x'.
spec issue11;
var x[k in 1..2] : bool = false;
var done : bool = false;
process w[i in 1..2] symmetric {
  a: either { await not done; x[i] := true; } or { await done; }
}
process o { b: for k in 1..2 { if done then { x[k] := true; } done := true; } }
constraint P "p": always not (done and (forall k in 1..2: x[k])
                              and (exists k in 1..2: at_label(w.a[k])));
