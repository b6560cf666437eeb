spec const_with_assign
const N := 2;
const M == 3;
var x : bool := true;
