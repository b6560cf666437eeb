spec bad_constraint_body
var x : bool;
constraint C1 "sometimes": sometimes x;
constraint C2 "deadlock": no way;
constraint C3 "ordering": p.a after p.b;
constraint C4 "nothing": ;
