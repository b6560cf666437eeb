spec exprs
const A = a or b and c => d <=> e;
const B = not a == b and -x * 3 / 4 % 5 - 6 + 7 < 8;
const C = \A i \in 1..N: \E j \in S: p[i][j] /\ q \/ ~r;
const D = if a then {} else {A, B} \ {C} \cap T \union U \intersect V;
const E = x not in S && y \notin T || z != 1 && (w # 2) && v /= 3;
const F = card(S) >= 0 and at_label(bsp.L) and at_label(ap.L[2]) and self = 1;
const G = S \subseteq T and 0x1F > 0 and 9223372036854775807 > 0;
