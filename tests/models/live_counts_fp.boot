# With a liveness constraint every store explores the whole space, so the
# counts agree (found by the difftest long run, seed 12, spec 1793: with
# --fingerprint the safety search stopped when V was decided, at 8 states,
# while the exact store recorded the whole graph, 9). g1 is X until p0's
# step s1 sets it to Y; p1 passes its await only while g1 = X. With p0 at
# s0 or s1 (g1 = X) p1 is at s0, s1 or has ended: 6 states; with p0 ended
# (g1 = Y) p1 is at s0 (stuck), s1 or has ended: 3 states. 9 in all.
# bootcheck-test: => exit=1 states=9
# bootcheck-test: --fingerprint => exit=1 states=9
# bootcheck-test: --workers 2 => exit=1 states=9
spec live_counts_fp;
enum F { X, Y }
var g1 : F;
process p0 {
  s0: hook h0;
  s1: g1 := Y;
}
process p1 {
  s0: await g1 = X;
  s1: skip;
}
placement P0 at h0 { violate V "violated by a step"; }
constraint C1 "p1 ends": eventually at_label(p1.s1);
constraint V "violations": violations;
