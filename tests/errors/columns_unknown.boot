# a `columns` line names only constraints, each once, in one line
spec s;
var x : bool = false;
process p { a: x := true; }
constraint C1 "x stays false": always not x;
columns C1, C2, deadlock, C1;
columns deadlock;
