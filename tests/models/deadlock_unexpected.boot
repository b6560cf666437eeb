# The same deadlock with no expect line: a violation, exit 1.
# bootcheck-test: => exit=1 states=1
spec deadlock_unexpected;
var flag : bool;
process p { a: await flag; }
