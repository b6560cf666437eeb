spec live_fair_misuse
var x : bool;
fair const N = 1;
fair+ process p { fair q; a: skip; }
process r { fair+ + b: skip; }
