# Fields of 8, 16 and 32 bits on byte boundaries, read and written
# through a loop variable, the instance's index and constant indexes:
# the native engine loads and stores their bytes (GETB/SETB in
# checker/model/native.c) instead of a read-modify-write of the 64-bit
# word around them; the interpreter and the native engine must agree
# (run_workers.py). The layout (bit offsets in the state, the program
# counters last): b at 0 (2 x 4 bytes), w at 64 (2 x 16 bits), d at 96
# (2 x 32 bits), z at 160 (8 bits), then o (3 bits) off any byte
# boundary, then q (8 bits) at 171, not on one (the one-word helpers).
# Each of the 2 processes runs s1, s2, s3 and ends: 4 positions each.
# b[i][*], w[i], d[i] and q[i] are functions of process i's position,
# z and o of both (z counts the s1 and s3 steps taken, o the s2 steps):
# 4^2 = 16 states. The invariants check every value at every position:
#   at s1: b[i] = 0 0 0 0, w[i] = -20000, d[i] = 0, q[i] = 0
#   at s2: b[1] = 105 155 205 255, b[2] = 205 255 49 99 ((i * 100 + e
#          * 50 + 5) % 256), w[i] = 40000 - i, d[i] = 4000000000 - i,
#          q[i] = 200 + i
#   at s3: b[1] = 53 78 103 128, b[2] = 103 128 25 50 (halved, + 1),
#          w[i] = -20000 + i, d[i] = 1999999999, q[i] = 100 + i
#   ended: b[1] = 131 78 231 128, b[2] = 231 128 75 50 (even e: plus
#          its right neighbour), w[i] = 2 * i - 20000, d[i] = 2999999999,
#          q[i] = 255 - i
# bootcheck-test: => exit=0 states=16
# bootcheck-test: --engine native => exit=0 states=16
# bootcheck-test: --engine interp => exit=0 states=16
spec native_bytes;
const N = 2;
var b[c in 1..N][e in 0..3] : 0..255;
var w[c in 1..N] : -20000..40000;
var d[c in 1..N] : 0..4000000000;
var z : 0..255;
var o : 0..7;
var q[c in 1..N] : 0..255;

process p[i in 1..N] {
  s1: for e in 0..3 { b[i][e] := (i * 100 + e * 50 + 5) % 256; }
      w[i] := 40000 - i;
      d[i] := 4000000000 - i;
      z := z + 1;
      q[i] := 200 + i;
  s2: for e in 0..3 { b[i][e] := b[i][e] / 2 + 1; }
      w[i] := w[i] - 60000 + 2 * i;
      d[i] := d[i] / 2;
      o := o + 1;
      q[i] := q[i] - 100;
  s3: for e in 0..3 {
        if e % 2 == 0 then b[i][e] := b[i][e] + b[i][e + 1];
      }
      w[i] := w[i] + i;
      d[i] := d[i] + 1000000000;
      z := z + 10;
      q[i] := 255 - i;
}

constraint V "the values at each position":
  always forall c in 1..N:
    (at_label(p.s1[c]) => b[c][0] == 0 and b[c][1] == 0 and b[c][2] == 0
       and b[c][3] == 0 and w[c] == -20000 and d[c] == 0 and q[c] == 0)
    and (at_label(p.s2[c]) => w[c] == 40000 - c and d[c] == 4000000000 - c
       and q[c] == 200 + c
       and (c == 1 => b[c][0] == 105 and b[c][1] == 155 and b[c][2] == 205
                      and b[c][3] == 255)
       and (c == 2 => b[c][0] == 205 and b[c][1] == 255 and b[c][2] == 49
                      and b[c][3] == 99))
    and (at_label(p.s3[c]) => w[c] == -20000 + c and d[c] == 1999999999
       and q[c] == 100 + c
       and (c == 1 => b[c][0] == 53 and b[c][1] == 78 and b[c][2] == 103
                      and b[c][3] == 128)
       and (c == 2 => b[c][0] == 103 and b[c][1] == 128 and b[c][2] == 25
                      and b[c][3] == 50))
    and (not at_label(p.s1[c]) and not at_label(p.s2[c])
         and not at_label(p.s3[c]) =>
       w[c] == 2 * c - 20000 and d[c] == 2999999999 and q[c] == 255 - c
       and (c == 1 => b[c][0] == 131 and b[c][1] == 78 and b[c][2] == 231
                      and b[c][3] == 128)
       and (c == 2 => b[c][0] == 231 and b[c][1] == 128 and b[c][2] == 75
                      and b[c][3] == 50));
constraint Z "z counts the s1 and s3 steps, o the s2 steps":
  always z == (if at_label(p.s1[1]) then 0 else 1)
              + (if at_label(p.s1[2]) then 0 else 1)
              + 10 * ((if at_label(p.s1[1]) or at_label(p.s2[1])
                         or at_label(p.s3[1]) then 0 else 1)
                      + (if at_label(p.s1[2]) or at_label(p.s2[2])
                           or at_label(p.s3[2]) then 0 else 1))
    and o == (if at_label(p.s1[1]) or at_label(p.s2[1]) then 0 else 1)
             + (if at_label(p.s1[2]) or at_label(p.s2[2]) then 0 else 1);
