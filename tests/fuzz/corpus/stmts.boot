spec stmts
process p[k in 1..3] {
  a: x := (x + 1) % 3; await x >= 0 and x \in 0..3;
  b: if B then skip; else { f[k] := not f[k]; }
     if x { } else if y { } else skip;
     either { l := A; } or { l := C; } or { end; }
     with v in {A, C} { s := s \cup {v}; }
     for j in 1..3 { f[j] := false; }
     forall j in 1..3: f[j] := true;
     pr(k, {A}); pr();
     hook h;
     violate V "oops";
     goto a;
  c: end;
}
