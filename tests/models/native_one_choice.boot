# Steps whose runs make one choice (one `with` or `either`, no loop, no
# hook): the native engine's fused loop runs their paths as a count, the
# choice given to a copy of the step (checker/model/native.c,
# block_one_choice), instead of the odometer's script; the paths, their
# order and their results must be the interpreter's (run_workers.py
# compares the engines). Here: paths disabled by an `await` after the
# choice (a), a choice not reached on some runs (b, when pick[i] == 2), an
# empty domain (c, when pick[i] == 1: the step is disabled for good), and
# a violation on one path (c, k == 1 after m[i] == 2).
# Each of the 2 processes: a grabs a free slot s (pick[i] = s + 1); b,
# unless pick[i] == 2, sets m[i] to 1 or 2; c, with k in 1..pick[i] - 1
# (k == 2 disabled), sets m[i] to 0 and ends. A process's own states:
#   at a: pick 0 (1); at b: pick 1, 2, 3 (3); at c: pick 1 or 3 with m 1
#   or 2, pick 2 with m 0 (5); ended: pick 2 or 3, m 0 (2)
# 11 in all, of which pick 0: 1, pick 1: 3, pick 2: 3, pick 3: 4; used[]
# is a function of the picks, and two processes never hold the same
# slot: 11^2 - (3^2 + 3^2 + 4^2) = 87 states. A process stuck at c with
# pick 1 and the other ended (or at c) is a deadlock; V is violated
# from (c, pick 3 or 1, m 2) with k == 1 (pick 3 only: pick 1 has no k).
# bootcheck-test: => exit=0 states=87
# bootcheck-test: --engine native => exit=0 states=87
# bootcheck-test: --engine interp => exit=0 states=87
spec native_one_choice;
const N = 2;
var used[s in 0..2] : bool;
var pick[c in 1..N] : 0..3;
var m[c in 1..N] : 0..2;

process p[i in 1..N] {
  a: with s in 0..2 {
       await not used[s];
       used[s] := true;
       pick[i] := s + 1;
     }
  b: if pick[i] != 2 {
       either { m[i] := 1; } or { m[i] := 2; }
     }
  c: with k in 1..pick[i] - 1 {
       await k != 2;
       if m[i] == 2 and k == 1 { violate V "m 2 then k 1"; }
       m[i] := 0;
     }
}

constraint V "never m 2 then k 1": violations;
constraint U "used is the picks":
  always forall s in 0..2: used[s] == (pick[1] == s + 1 or pick[2] == s + 1);

expect: violates deadlock, V;
