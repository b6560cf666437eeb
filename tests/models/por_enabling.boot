# Necessary enabling sets: x writes v; y waits for g, then checks v; z sets
# g. From the initial state, x's step conflicts with y's later read of v,
# so y joins the set; y is disabled, so whoever can enable it (z, which
# writes g) must join too, and the set is everyone: the initial state is
# expanded fully. Leaving z out would follow x first, and y would never
# see v = 0: the violation z, y.w, y.t would be lost.
# bootcheck-test: => exit=1
# bootcheck-test: --por => exit=1
spec por_enabling;
var g : bool = false;
var v : 0..1 = 0;
process x { s: v := 1; }
process y {
  w: await g;
  t: if v == 0 then violate C "y read v = 0";
}
process z { e: g := true; }
constraint C "y reads v only after x wrote it": violations;
