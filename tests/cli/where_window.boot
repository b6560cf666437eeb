# `bootcheck where` (tests/cli/test_where.py): the legal window derived by
# hand. pin's block runs first thing in the step after each boundary of
# main (the process holding its declared hook):
#   1 boot|feature       F  (the feature is not set up yet)
#   2 feature|early      legal
#   3 early|kick         legal (pinned in the step that kicks, before it)
#   4 kick|late          K  (other may start before pinned), repeats
#   5 late|userspace     K
# Legal window 2..3, closed by F before it and by K after it; exit 0.
spec where_window "pin after the feature, before the kick";
var ready : bool = false;
var pinned : bool = false;
var kicked : bool = false;
var user : bool = false;
var laps : 0..2 = 0;

constraint F "pinned after the feature is set up": violations;
constraint K "pinned before the other CPU starts": violations;
constraint U "pinned before userspace": always user => pinned;

placement pin at early {
  if not ready then violate F "pinned before the feature";
  pinned := true;
}

process main {
  boot:      skip;
  feature:   ready := true;
  early:     hook early;
  kick:      kicked := true;
  late:      if laps < 2 then { laps := laps + 1; goto late; }
  userspace: user := true;
}

process other {
  wait: await kicked;
  cpu:  if not pinned then violate K "started before pinning";
}
