# `bootcheck where` (tests/cli/test_where.py): no legal point. The other
# CPU is kicked before the feature is set up:
#   1 boot|kick          F
#   2 kick|feature       F K
#   3 feature|userspace  K
# No legal point, exit 1: F closes the window from the left (violated at
# point 1), K from the right (at point 3); closest to legal: point 1 (F).
spec where_none "the kick comes before the feature";
var ready : bool = false;
var pinned : bool = false;
var kicked : bool = false;
var user : bool = false;

constraint F "pinned after the feature is set up": violations;
constraint K "pinned before the other CPU starts": violations;
constraint U "pinned before userspace": always user => pinned;

placement pin at early {
  if not ready then violate F "pinned before the feature";
  pinned := true;
}

process main {
  boot:      hook early;
  kick:      kicked := true;
  feature:   ready := true;
  userspace: user := true;
}

process other {
  wait: await kicked;
  cpu:  if not pinned then violate K "started before pinning";
}
