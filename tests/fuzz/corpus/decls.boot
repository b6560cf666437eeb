spec decls "every declaration"
const NAP = 2;
const PARALLEL = false;
const NCPU = NAP + 1;
enum Cr4 { SMEP, SMAP, UMIP, LASS, }
var cr4[cpu in 0..NAP] : set of Cr4 = {};
var online[cpu in 1..NAP][j \in 0..1] : bool = (cpu == 0);
var level : 0..9 = 3;
process ap[i in 1..NAP] symmetric {
  var seen : bool;
  s: await online[i][0];
}
procedure w(c, v) { cr4[c] := v; }
placement pl at h1, h2 { level := 1; }
constraint C1 "t": at pl: {SMEP} <= cr4[0];
constraint C2 "t": violations;
constraint C3 "t": pl before ap.s;
constraint C4 "t": no deadlock;
constraint C5 "t": reachable level == 9;
constraint C6 "t": eventually level > 0;
expect pl at h1, pl at h2: violates C1, deadlock;
expect: holds;
