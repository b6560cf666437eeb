# await on a flag nobody sets: a deadlock, and the spec expects it.
# bootcheck-test: => exit=0 states=1
spec deadlock_expected;
var flag : bool;
process p { a: await flag; }
expect: violates deadlock;
