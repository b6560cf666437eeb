# bench/zoo/initcall.boot - a kernel-boot-like pipeline of initcall levels.
#
# kernel_init runs L initcall levels of D drivers each: it raises `level`
# once every driver of the current level has initialised. A driver of
# level l probes when `level` reaches l, initialises, and later runs an
# asynchronous tail (deferred work) at any time, even after the boot. At
# level l the level's drivers are anywhere in their 4 positions and the
# lower levels' drivers either before or after their tail, the higher ones
# waiting; then kernel_init waits at boot_done and ends, with every driver
# before or after its tail:
#   4^D * (2^(D*L) - 1) / (2^D - 1) + 2 * 2^(D*L) states
# (D = 3: L = 5: 365,120; L = 6: 2,921,024; L = 7: 23,368,256).
#
# bootcheck-test: -D L=2 -D D=2 => exit=0 states=112
# bootcheck-test: -D L=3 => exit=0 states=5696
spec zoo_initcall "L initcall levels of D drivers each";

const L = 6;
const D = 3;
const ND = L * D;
enum Class { BUS, CLK, NET, BLK }

var level : 0..L - 1;
var done[d in 0..ND - 1] : bool;
var irq[d in 0..ND - 1] : 0..15;
var registered : set of Class;
var deferred[d in 0..ND - 1] : bool;
var booted : bool;

procedure register(d) {
  if d % 4 == 0 then registered := registered + {BUS};
  else if d % 4 == 1 then registered := registered + {CLK};
  else if d % 4 == 2 then registered := registered + {NET};
  else registered := registered + {BLK};
}

process kinit {
  level_sync: await forall d in 0..ND - 1: d / D != level or done[d];
              if level < L - 1 then { level := level + 1; goto level_sync; }
  boot_done:  booted := true;
}

process drv[i in 0..ND - 1] {
  probe: await level == i / D;
         irq[i] := (i * 7 + 3) % 16;
  init:  register(i);
         done[i] := true;
  tail:  deferred[i] := true;
}

constraint I1 "a driver initialises only at its level or later":
  always forall d in 0..ND - 1: done[d] => level >= d / D;
constraint I2 "boot only after every level": always booted => forall d in 0..ND - 1: done[d];
