spec live_temporal_in_expr
var x : bool;
var y : bool;
process p { a: x := true; b: y := eventually x; }
constraint L1 "nested leads-to": (x ~> y) ~> x;
constraint L2 "leads-to in a quantifier": forall i in 0..1: x ~> y;
constraint L3 "leads-to without a right side": x ~> ;
constraint L4 "always eventually with no predicate": always eventually;
