# bench/models/boot_live.boot - bench/models/boot.boot with one liveness
# constraint: the same states (10 + 5^N), plus one leads-to under weak
# fairness of the APs (docs/liveness.md "Cost"). It holds: every AP, once
# kicked, runs its four steps.
#
# bootcheck-test: -D N=4 => exit=0 states=635
spec bench_boot_live "benchmark: BSP and N APs, with one leads-to";

const N = 10;
enum Cr4 { SMEP, SMAP, UMIP, LASS }

var cr4[cpu in 0..N] : set of Cr4;
var pinned : bool;
var kicked : bool;
var online[cpu in 1..N] : bool;

process bsp {
  start_kernel:           skip;
  setup_arch:             skip;
  trap_init:              skip;
  identify_boot_cpu:      cr4[0] := {SMEP, SMAP, UMIP};
  setup_cr_pinning:       pinned := true;
  setup_lass:             cr4[0] := cr4[0] + {LASS};
  rest_init:              skip;
  kernel_init:            skip;
  do_pre_smp_initcalls:   skip;
  smp_init:               kicked := true;
}

fair process ap[i in 1..N] {
  start_secondary:        await kicked;
  cr4_init:               if pinned then cr4[i] := cr4[0];
  ap_starting:            cr4[i] := cr4[i] + {SMEP, SMAP, UMIP, LASS};
  set_cpu_online:         online[i] := true;
}

constraint C3 "CR pinning before AP bring-up": at ap.cr4_init: pinned;
constraint C4 "every online CPU has every security bit":
  always forall c in 1..N: online[c] => {SMEP, SMAP, UMIP, LASS} <= cr4[c];

constraint L1 "once kicked, every AP comes online":
  kicked ~> (forall i in 1..N: online[i]);
