# A process that loops forever over x = 0..3: 4 states, no deadlock.
# bootcheck-test: => exit=0 states=4
# bootcheck-test: --max-states 2 => exit=3
# bootcheck-test: --time-limit 100 => exit=0 states=4
spec cycle;
var x : 0..3;
process p { a: x := (x + 1) % 4; goto a; }
constraint Inv "x stays below 4": always x < 4;
