spec chained_comparison
var x : 0..9;
constraint C "in range": always 0 < x < 9;
