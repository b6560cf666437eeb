# expect ... when COND: lines that apply only for some constants.
# bootcheck-test: => exit=0 states=2
# bootcheck-test: -D MODE=1 => exit=0
# bootcheck-test: -D MODE=2 => exit=1
# bootcheck-test: -D MODE=0,1 => exit=0
# bootcheck-test: -D MODE=0,1,2 => exit=1
spec expect_when;
const MODE = 0;
var x : 0..3;
process p { a: x := MODE; }
constraint Z "x stays 0": always x = 0;
expect when MODE = 0: holds;
expect when MODE = 1: violates Z;
