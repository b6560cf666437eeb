spec constraint_without_title
var x : bool;
constraint C1: always x;
constraint C2 "ok": always x
