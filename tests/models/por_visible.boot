# Invisibility: each process sets and clears its own flag, and the
# invariant reads both. A reduction that let p run alone would never visit
# a state with a and b both set; the steps write what `always` reads, so
# --por must expand every state fully: 3 * 3 = 9 states either way, and the
# violation (p at s2 and q at t2) is found.
# bootcheck-test: => exit=1 states=9
# bootcheck-test: --por => exit=1 states=9
spec por_visible;
var a : bool = false;
var b : bool = false;
process p { s1: a := true; s2: a := false; }
process q { t1: b := true; t2: b := false; }
constraint C "never both flags": always not (a and b);
