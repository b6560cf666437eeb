# Every way a member index could tell the members apart by their numbers
# is an error: order, arithmetic, a range test or bound, a choice between
# members in an 'if' expression, another family's member, an array of two
# dimensions or one not covering the family.
spec s;
const N = 3;
var x[c in 1..N] : bool;
var z[c in 1..N][d in 1..2] : bool;
var short[c in 1..2] : bool;
var n : 0..9;
process q[j in 1..N] { t: skip; }
process w[i in 1..N] symmetric {
  a: if i < 2 then skip;
     n := i + 1;
     if -i == 0 then skip;
     if i in 1..2 then skip;
     for k in 1..i { skip; }
     x[if n == 0 then i else i] := true;
     if at_label(q.t[i]) then skip;
     z[i][1] := true;
     short[i] := true;
     if exists k in 1..N: k > i then skip;
}
