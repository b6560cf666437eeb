# The language sketch of the project's design, in the final grammar
# (docs/language.md): where may setup_cr_pinning() go? A deliberately small model;
# the faithful x86 family is in specs/x86/.
#
# bootcheck-test: => exit=0
# bootcheck-test: -D NAP=1 => exit=0
# bootcheck-test: -D NAP=3 => exit=0

spec x86_cr_pinning_sketch "Where may setup_cr_pinning() go?"

const NAP = 2;                       # number of APs; -D NAP=8 overrides
enum Cr4 { SMEP, SMAP, UMIP, LASS }
enum Efi { PHYS, SVAM, VIRT }

var cr4[cpu in 0..NAP] : set of Cr4 = {};
var pinned   : bool = false;         # the cr_pinning static key
var pin_bits : set of Cr4 = {};
var efi      : Efi = PHYS;
var init_spawned : bool = false;     # rest_init() has started kernel_init
var kicked[cpu in 1..NAP] : bool = false;
var online[cpu in 1..NAP] : bool = false;
var user     : bool = false;

# native_write_cr4() with the pinning check (arch/x86/kernel/cpu/common.c)
procedure cr4_write(c, v) {
  cr4[c] := v;
  if pinned and (v * {SMEP, SMAP, UMIP, LASS}) != pin_bits then {
    cr4[c] := (v - {SMEP, SMAP, UMIP, LASS}) + pin_bits;
    violate C2 "pinned CR4 bits changed";
  }
}

# start_kernel() on the boot CPU, up to rest_init()
process bsp {
  identify_boot_cpu:   cr4[0] := cr4[0] + {SMEP, SMAP, UMIP};
                       hook identify_boot_cpu;      # a candidate point
  setup_lass:          cr4[0] := cr4[0] + {LASS};
  efi_svam_enter:      cr4_write(0, cr4[0] - {LASS}); efi := SVAM;
  efi_svam_exit:       cr4_write(0, cr4[0] + {LASS}); efi := VIRT;
                       hook arch_cpu_finalize_init;
  rest_init:           init_spawned := true;
}

# kernel_init(), PID 1: kernel_init_freeable() and then userspace
process init {
  do_pre_smp_initcalls: await init_spawned;
                        hook early_initcall;
  smp_init:             for i in 1..NAP { kicked[i] := true; }
  do_initcalls:         await forall i in 1..NAP: online[i];
                        hook core_initcall;
  run_init_process:     user := true;
}

process ap[i in 1..NAP] symmetric {
  start_secondary:     await kicked[i];
  cr4_init:            if pinned then cr4[i] := pin_bits;
  set_cpu_online:      online[i] := true;
}

placement setup_cr_pinning at identify_boot_cpu, arch_cpu_finalize_init,
                              early_initcall, core_initcall {
  pin_bits := cr4[0] * {SMEP, SMAP, UMIP, LASS};
  pinned := true;
}

constraint C1 "security features set up before pinning":
  at setup_cr_pinning: {SMEP, SMAP, UMIP, LASS} <= cr4[0];
constraint C2 "EFI initialisation complete before pinning": violations;
constraint C3 "CR pinning before AP bring-up":
  at ap.cr4_init: pinned;
constraint C4 "CR pinning before userspace":
  always user => pinned;

# What runs unprotected until pinning: the longest run of steps taken while
# a CR4 security bit is set on some CPU but the pinning key is still off.
window W1 "security bits set but not pinned":
  (exists c in 0..NAP: cr4[c] != {}) and not pinned;

expect setup_cr_pinning at identify_boot_cpu: violates C1, C2;
expect setup_cr_pinning at arch_cpu_finalize_init: holds;
expect setup_cr_pinning at early_initcall: holds;
expect setup_cr_pinning at core_initcall: violates C3;
