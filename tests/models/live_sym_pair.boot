# Liveness on the symmetry-reduced graph (docs/liveness.md, "Symmetry"):
# a member that is starved, next to two that swap roles.
#
# Three weakly fair members. At `join` a member enters the ring (at most
# two do) or goes to `leave`, where it sets `left` and ends. In the ring,
# the first to move takes the token; the holder passes it to the other
# ring member. A member is J (join), Rn or Rt (ring, without or with the
# token), L (at leave) or E (ended); `members`, `held` and `left` follow
# from the others (number in the ring, some Rt, some E). Every assignment
# with at most two in the ring and at most one Rt is reachable:
#   without symmetry 5^3 - 2^3 (three in the ring) - 3*3 (two Rt, the
#   third J, L or E) = 108;
#   with symmetry, multisets: C(7,3) = 35 - 4 - 3 = 28.
#
# E: a cycle that avoids `left` passes the token between the two ring
# members forever; the third is at join (it can go to leave) or at leave
# (it can set left), enabled in every state and never moving: weakly
# unfair. So every fair run sets `left`: E holds. The passes swap the two
# ring members only: the component's group has orbits {ring, ring} and
# {third}. Orbits of the whole group would make the third member a mover
# and report a violation no fair run has.
#
# deadlock: one ring member holding the token alone is disabled; with
# the other two ended that is a deadlock (6 steps: join, take, leave,
# leave, left, left).
# bootcheck-test: => exit=0 states=28
# bootcheck-test: --no-symmetry => exit=0 states=108
# bootcheck-test: --fingerprint => exit=0 states=28
spec live_sym_pair;
const N = 3;
var tok[i in 1..N] : bool;
var inring[i in 1..N] : bool;
var members : 0..2 = 0;
var held : bool = false;
var left : bool = false;
fair process w[i in 1..N] symmetric {
  join:
    either { await members < 2; members := members + 1; inring[i] := true; goto ring; }
    or { goto leave; }
  ring:
    if tok[i] then {
      with j in 1..N { await j != i and inring[j]; tok[i] := false; tok[j] := true; }
    } else {
      await not held; held := true; tok[i] := true;
    }
    goto ring;
  leave:
    left := true;
}
constraint E "some member leaves": eventually left;
expect: violates deadlock;
