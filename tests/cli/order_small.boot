# `bootcheck order` (tests/cli/test_order.py): the guaranteed order
# derived by hand. main runs m1..m4 in order; worker waits for m2 and m4
# waits for it; other runs o1 whenever it likes and o2 only when m3 took
# its first branch.
#   m1 < m2 < m3 < m4        program order
#   m2 < w1 < w2 < m4        w1 awaits go (m2), m4 awaits done (w2)
#   m3 < o2, o1 < o2         o2 awaits fast (set only in m3)
# and what follows from these. No order between the parallel steps:
#   m3 / w1, m3 / w2         the worker runs beside m3
#   o1 / everything else but o2, o2 / m4, o2 / w1, o2 / w2
# 8 steps, 17 ordered pairs, 11 unordered; the Hasse diagram has 8 edges:
#   m1->m2 m2->m3 m2->w1 w1->w2 m3->m4 w2->m4 m3->o2 o1->o2
# (m3->m4 is direct: w2 is not ordered with m3).
spec order_small "hand-checked guaranteed order";
var go : bool = false;
var fast : bool = false;
var done : bool = false;

process main {
  m1: skip;
  m2: go := true;
  m3: either { fast := true; } or { skip; }
  m4: await done;
}

process worker {
  w1: await go;
  w2: done := true;
}

process other {
  o1: skip;
  o2: await fast;
}
