spec live_leadsto_type
var x : 0..3;
process p { a: x := 1; }
constraint L1 "leads-to needs two predicates": x ~> x + 1;
constraint E1 "eventually needs a predicate": always eventually x;
