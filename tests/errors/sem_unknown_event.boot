spec s;
var x : bool;
process p {
  a: x := true;
}
constraint C1 "p.b is not a step": p.b before p.a;
