# Steps that read and write the same elements more than once: a scalar,
# constant indexes, the instance's own element (directly, through a
# procedure's parameter, and in a 2-dimensional array), in a loop, and
# with a `with` whose third path a later `await` disables after its
# stores. The native engine keeps such elements in C locals for the
# step's run (checker/model/native.c, "Promoting state elements"); the
# interpreter and the native engine must agree (run_workers.py).
# Each of the 2 processes is a sequence a, b, c: b's `with` picks d in
# 0..1 (d = 2 is disabled), so its positions are a, b, c after d = 0 or
# 1, ended after d = 0 or 1: 6. The shared t, g[0] and g[1] are functions
# of the positions (steps taken, a's taken), and h, m, n of the process's
# own position: 6^2 = 36 states. The invariants check every value.
# bootcheck-test: => exit=0 states=36
# bootcheck-test: --engine native => exit=0 states=36
spec native_promote;
const N = 2;
var n[c in 1..N] : 0..3;
var h[c in 1..N] : 0..7;
var m[c in 1..N][k in 0..1] : 0..N;
var t : 0..3 * N;
var g[k in 0..1] : 0..N;

procedure bump(c) { h[c] := (h[c] + 3) % 8; }

process p[i in 1..N] {
  a: for k in 1..3 { h[i] := (h[i] * 3 + k) % 8; }
     m[i][1] := m[i][1] + i;
     m[i][1] := m[i][1] - i + i;
     bump(i);
     t := t + 1;
     n[i] := n[i] + 1;
     g[0] := g[0] + 1;
     g[1] := g[0] - g[0] + g[1];
  b: with d in 0..2 {
       h[i] := h[i] - d;
       t := t + 1;
       n[i] := n[i] + 1;
       await d < 2;
     }
  c: h[i] := h[i] * 2 % 8;
     t := t + 1;
     n[i] := n[i] + 1;
}

constraint V "the values at each label":
  always forall c in 1..N:
    (at_label(p.a[c]) => h[c] == 0 and m[c][1] == 0 and m[c][0] == 0)
    and (at_label(p.b[c]) => h[c] == 5 and m[c][1] == c)
    and (at_label(p.c[c]) => (h[c] == 5 or h[c] == 4) and m[c][1] == c)
    and (at_label(p.a[c]) == (n[c] == 0)) and (at_label(p.b[c]) == (n[c] == 1))
    and (at_label(p.c[c]) == (n[c] == 2))
    and (n[c] == 3 => (h[c] == 2 or h[c] == 0) and m[c][1] == c);
constraint T "t counts the steps taken": always t == n[1] + n[2];
constraint G "g[0] counts the a steps taken, g[1] stays":
  always g[1] == 0 and (g[0] == 0) == (n[1] == 0 and n[2] == 0)
    and (g[0] == 2) == (n[1] > 0 and n[2] > 0);
