# Golden test of quantifier witnesses in explanations: a violated
# `forall` names the bound value that breaks it ("here c = 1: ..."),
# nested quantifiers name every bound value, a negated `exists` names the
# value that makes it true, an `at` assertion names it too, and an enum
# domain prints the member's name.
spec witnesses

const N = 2;
enum mode { OFF, ON, LOCKED }
var cr[c in 0..N] : 0..3 = 0;
var modes : set of mode = {};
var go : bool = false;

process boot {
  a: cr[1] := 2;
  b: modes := modes + {ON};
  c: go := true;
}

process ap[i in 1..2] {
  start: await go;
}

constraint ALL "every CR below 2": always forall c in 0..N: cr[c] < 2;
constraint PAIR "no two CRs differ":
  always forall x in 0..N: forall y in 0..N: cr[x] = cr[y];
constraint NONE "no mode is on": always not (exists s in mode: s in modes);
constraint AT "the CRs are 0 when an AP starts":
  at ap.start: forall c in 0..N: cr[c] = 0;
constraint SOME "some CR is 3 (no witness: every value fails)":
  always (exists c in 0..N: cr[c] = 3) or not go;
constraint R "some AP starts while a CR is 2": reachable
  exists c in 0..N: cr[c] = 2 and at_label(ap.start[1]);

# the matrix shows NONE and ALL first, the others as declared
columns NONE, ALL;
