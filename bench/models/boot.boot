# bench/models/boot.boot - the benchmark boot model: a BSP and N APs.
#
# The BSP runs ten steps of start_kernel()/kernel_init() alone, the tenth
# (smp_init) kicks every AP and ends the BSP; each AP then runs four steps
# on its own (start_secondary, cr4_init, ap_starting, set_cpu_online) with
# nothing shared but its own CR4 and online flag, so every combination of
# AP positions is reachable: 10 + 5^N states (N = 10: 9,765,635).
# The same model is bench/models/boot.pml (SPIN) and boot.m (Rumur).
#
# bootcheck-test: -D N=4 => exit=0 states=635
spec bench_boot "benchmark: BSP and N APs, every AP interleaving";

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

process ap[i in 1..N] {
  start_secondary:        await kicked;
  cr4_init:               if pinned then cr4[i] := cr4[0];
  ap_starting:            cr4[i] := cr4[i] + {SMEP, SMAP, UMIP, LASS};
  set_cpu_online:         online[i] := true;
}

constraint C3 "CR pinning before AP bring-up": at ap.cr4_init: pinned;
constraint C4 "every online CPU has every security bit":
  always forall c in 1..N: online[c] => {SMEP, SMAP, UMIP, LASS} <= cr4[c];
