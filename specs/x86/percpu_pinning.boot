/*
 * specs/x86/percpu_pinning.boot - where does CR pinning come into effect
 * on each CPU?
 *
 * Dave Hansen, 6 Feb 2026 ("Re: [PATCH v1] x86/smp: Set up exception
 * handling before cr4_init()"): "we need a defined per-cpu point where
 * pinning comes into effect". Nikunj A Dadhania, 12 Mar 2026, "[PATCH v2
 * 1/2] x86/cpu: Disable CR pinning during CPU bringup" (tip x86/urgent
 * cccc0c8ff0a9, 18 Mar 2026) made that point set_cpu_online(): pinning is
 * off while !cpu_online(smp_processor_id()). Peter Zijlstra the same day:
 * "all an attack needs to do is disable the online bit and it gets to poke
 * CR4 bits"; Borislav Petkov dropped it, and 411df123c017 (FRED out of the
 * pinned mask) and 05243d490bb7 (FSGSBASE early) fixed the bug instead.
 *
 * DESIGN picks how pinning is enforced on a CPU; the placement
 * `pinning_in_effect` tries the per-AP points from cr4_init() to
 * set_cpu_online() for the design with a per-CPU point. Each AP is brought
 * up at boot, and one AP once more in a hotplug cycle after boot; CPU 0
 * suspends and resumes once; then an attacker with a write to read-write
 * data (not __ro_after_init) tries to clear CR4.SMEP. The sources are those
 * of specs/x86/cr_pinning.boot (docs/specs.md, "Sources").
 *
 * bootcheck-test: -D DESIGN={0..3} -D GUEST={0,1} -D FRED_CPU={false,true} -D PARALLEL={false,true}
 * bootcheck-test: -D DESIGN={0..3} -D NAP={1,3}
 */
spec x86_percpu_pinning "x86 CR pinning: where does enforcement start on each CPU?"

/* ---- Designs: -D DESIGN=<n> ------------------------------------------- */

# v6.9 .. March 2026: the global static key; cr4_init() applies every pinned
# bit (FRED too, 14619d912b65) as the AP's first action.
const KEY_FRED_PINNED = 0;
# cccc0c8ff0a9 (dropped): cr4_init() applies no pinned bit; the check in
# native_write_cr4() also needs cpu_online(smp_processor_id()).
const ONLINE_GATE = 1;
# Dave Hansen's "defined per-cpu point": a per-CPU flag, set at the point
# the placement picks, where the AP's CR4 also gets the pinned bits; the
# check needs the flag. Per-CPU data is read-write (hotplug writes it).
const PERCPU_POINT = 2;
# Mainline after March 2026: the global key; cr4_init() applies the pinned
# bits, FRED no longer among them (411df123c017); FSGSBASE set first in
# cpu_init_exception_handling() (05243d490bb7).
const KEY_MAINLINE_2026 = 3;

const DESIGN = ONLINE_GATE;

const NAP = 2;                    # application processors (CPUs 1..NAP)
const PARALLEL = true;            # parallel bring-up (v6.5+); false: serial
const BARE_METAL = 0;
const CONFIDENTIAL = 1;           # SEV-ES, SEV-SNP, TDX: a #VC/#VE can arrive in an AP's
const GUEST = CONFIDENTIAL;       # early bring-up and in resume (as in cr_pinning.boot)
const FRED_CPU = true;            # the CPU has FRED and the kernel uses it

const EARLY_EXC = GUEST == CONFIDENTIAL;
const FRED_PINNED = DESIGN != KEY_MAINLINE_2026;
const FSGSBASE_EARLY = DESIGN == KEY_MAINLINE_2026;
const CR4_INIT_APPLIES = DESIGN == KEY_FRED_PINNED or DESIGN == KEY_MAINLINE_2026;

/* ---- State ----------------------------------------------------------- */

enum Cr4 { SMEP, SMAP, UMIP, FSGSBASE, FRED }
enum Writer { SETUP_FEATURE, RESTORE, ATTACK }

var cr4[cpu in 0..NAP] : set of Cr4 = {};          # the CR4 register
var shadow[cpu in 0..NAP] : set of Cr4 = {};       # per_cpu(cpu_tlbstate.cr4)
var fred_msrs[cpu in 0..NAP] : bool = false;       # the CPU's FRED MSRs are written
var online[cpu in 0..NAP] : bool = (cpu == 0);     # cpu_online_mask (read-write data)
var enforced[cpu in 0..NAP] : bool = (cpu == 0);   # PERCPU_POINT: the per-CPU flag (read-write data)
var here[cpu in 1..NAP] : bool = false;            # this AP is at a hook (set and cleared inside
                                                   # one step: it tells the placement which AP)
var kicked[cpu in 1..NAP] : bool = false;
var released[cpu in 1..NAP] : bool = false;
var down[cpu in 1..NAP] : bool = false;
var dead[cpu in 1..NAP] : bool = false;
var alt_patched : bool = false;                    # alternative_instructions() has run
var cr_pinning : bool = false;                     # the static key (__ro_after_init)
var cr4_pinned_bits : set of Cr4 = {};             # __ro_after_init
var cr4_pinned_mask : set of Cr4 =
      {SMEP, SMAP, UMIP, FSGSBASE} + (if FRED_PINNED then {FRED} else {});
var cr4_warned : set of Cr4 = {};                  # WARN_ONCE: the bits of the first revert
var init_ready : bool = false;                     # rest_init() has started PID 1
var hp_done : bool = false;
var user : bool = false;                           # init has exec'd

constraint C3 "no AP takes an NMI/#VC it cannot handle in bring-up: RDGSBASE (patched alternatives) with CR4.FSGSBASE off is #UD":
  violations;
constraint F1 "no AP runs with CR4.FRED before its FRED MSRs are written when an exception can arrive (triple fault)":
  violations;
constraint F2 "resume does not run with CR4.FRED before the FRED MSRs are restored when an exception can arrive":
  violations;
constraint A1 "an attacker who can write read-write data (not __ro_after_init) cannot clear a pinned CR4 bit":
  violations;
constraint R1 "the model boots: init execs with every CPU online":
  reachable user and (forall c in 0..NAP: online[c]);

# Where pinning is in effect on CPU c: what native_write_cr4() checks
# besides the static key.
procedure native_write_cr4(c, val, who) {
  cr4[c] := val;
  if cr_pinning and (if DESIGN == ONLINE_GATE then online[c]
                     else if DESIGN == PERCPU_POINT then enforced[c] else true)
     and val * cr4_pinned_mask != cr4_pinned_bits then {
    cr4[c] := (val - cr4_pinned_mask) + cr4_pinned_bits;
    if cr4_warned == {} then
      cr4_warned := (val * cr4_pinned_mask - cr4_pinned_bits) + (cr4_pinned_bits - val);
  }
}
procedure cr4_set_bits(c, bits, who) {
  if not (bits <= shadow[c]) then {
    shadow[c] := shadow[c] + bits;
    native_write_cr4(c, shadow[c], who);
  }
}
procedure identify_cpu(c) {
  cr4_set_bits(c, {SMEP}, SETUP_FEATURE);
  cr4_set_bits(c, {SMAP}, SETUP_FEATURE);
  cr4_set_bits(c, {UMIP}, SETUP_FEATURE);
  cr4_set_bits(c, {FSGSBASE}, SETUP_FEATURE);
}
# As in cr_pinning.boot: an exception anywhere in an interval of one CPU's
# steps, checked once inside it.
procedure exception_may_arrive(c, idt) {
  if EARLY_EXC then {
    if FRED in cr4[c] then {
      if not fred_msrs[c] then
        violate F1 "triple fault: an exception with CR4.FRED set before cpu_init_fred_exceptions() wrote the FRED MSRs";
    } else if idt and alt_patched and not (FSGSBASE in cr4[c]) then
      violate C3 "#UD: paranoid_entry runs RDGSBASE (alternatives patched) on an AP with CR4.FSGSBASE still off";
  }
}

# PERCPU_POINT: pinning comes into effect on this AP here: its CR4 gets the
# pinned bits (__write_cr4(), as cr4_init() does) and its flag is set.
placement pinning_in_effect at cr4_init, cpu_init_exception_handling,
                               ap_starting, set_cpu_online {
  if DESIGN == PERCPU_POINT then {
    for c in 1..NAP {
      if here[c] then {
        cr4[c] := (cr4[c] - cr4_pinned_mask) + cr4_pinned_bits;
        shadow[c] := cr4[c];
        enforced[c] := true;
      }
    }
  }
}

process bsp {
  start_kernel:                 # init/main.c start_kernel() -> setup_arch(): FRED on the BSP
    if FRED_CPU then {          # right after init_mem_mapping() (a97756cbec44)
      fred_msrs[0] := true;
      cr4_set_bits(0, {FRED}, SETUP_FEATURE);
    }
  identify_boot_cpu:            # arch/x86/kernel/cpu/common.c identify_boot_cpu(): identify_cpu(),
    identify_cpu(0);            # then setup_cr_pinning(): cr4_pinned_bits from the shadow, the key on
    cr4_pinned_bits := shadow[0] * cr4_pinned_mask;
    cr_pinning := true;
  alternative_instructions:     # arch/x86/kernel/alternative.c: paranoid_entry now uses RDGSBASE
    alt_patched := true;
  rest_init:                    # init/main.c rest_init(): PID 1
    init_ready := true;
}

process kernel_init {
  var saved_cr4 : set of Cr4 = {};
  smp_init:                     # kernel/smp.c smp_init() -> bringup_nonboot_cpus()
    await init_ready;
    if PARALLEL then {
      for a in 1..NAP { kicked[a] := true; }
    }
  bringup_cpu:                  # kernel/cpu.c bringup_cpu(): any AP not yet released
    with a in 1..NAP {
      await not released[a];
      kicked[a] := true;
      released[a] := true;
    }
  bringup_wait_for_ap_online:   # kernel/cpu.c: wait until the AP has set itself online
    await forall a in 1..NAP: released[a] => online[a];
    if exists a in 1..NAP: not released[a] then goto bringup_cpu;
  run_init_process:             # init/main.c kernel_init(): mark_readonly(), run_init_process()
    user := true;
  cpu_device_down:              # kernel/cpu.c cpu_device_down() -> _cpu_down(): one AP offline (sysfs)
    with a in 1..NAP {
      await online[a];
      online[a] := false;
      down[a] := true;
    }
  cpu_device_up:                # kernel/cpu.c cpu_device_up() -> _cpu_up(), once _cpu_down() saw it dead
    with a in 1..NAP {
      await dead[a];
      dead[a] := false;
      down[a] := false;
    }
  cpuhp_online_done:            # kernel/cpu.c: _cpu_up() returns once the AP is online
    await forall a in 1..NAP: online[a];
    hp_done := true;
  suspend_enter:                # kernel/power/suspend.c suspend_enter() -> arch/x86/power/cpu.c
                                # save_processor_state(); S3 resets CPU 0
    saved_cr4 := cr4[0];
    cr4[0] := {};
    fred_msrs[0] := false;
  restore_processor_state:      # arch/x86/power/cpu.c __restore_processor_state(): __write_cr4(ctxt->cr4)
    native_write_cr4(0, saved_cr4, RESTORE);
  cpu_init_fred_exceptions:     # arch/x86/kernel/fred.c, from __restore_processor_state() after the
                                # CR4 write (Sohil Mehta, 9 Feb 2026)
    if EARLY_EXC and FRED in cr4[0] and not fred_msrs[0] then
      violate F2 "triple fault: an exception in resume between __write_cr4(ctxt->cr4) and cpu_init_fred_exceptions()";
    if FRED in cr4[0] then fred_msrs[0] := true;
  clear_gate:                   # include/linux/cpumask.h set_cpu_online() by a write: the attacker (Peter Zijlstra, 18 Mar 2026), on CPU 0 (every CPU
    either {                    # runs the same check): clear the online bit, or the per-CPU flag
      online[0] := false;
    } or {
      enforced[0] := false;
    } or {
      skip;
    }
  native_write_cr4:             # arch/x86/kernel/cpu/common.c native_write_cr4(cr4 & ~X86_CR4_SMEP)
    native_write_cr4(0, cr4[0] - {SMEP}, ATTACK);
    if not (SMEP in cr4[0]) then
      violate A1 "the attacker's native_write_cr4() left CR4.SMEP clear";
}

process ap[i in 1..NAP] symmetric {
  start_secondary:              # arch/x86/kernel/smpboot.c start_secondary() (INIT/SIPI)
    await kicked[i];
  cr4_init:                     # arch/x86/kernel/cpu/common.c cr4_init()
    if CR4_INIT_APPLIES and cr_pinning then
      cr4[i] := (cr4[i] - cr4_pinned_mask) + cr4_pinned_bits;
    shadow[i] := cr4[i];
    here[i] := true;
    hook cr4_init;
    here[i] := false;
  cpu_init_exception_handling:  # arch/x86/kernel/cpu/common.c cpu_init_exception_handling(false): (FSGSBASE, 05243d490bb7), then
    exception_may_arrive(i, false);   # cpu_init_fred_exceptions(): the MSRs, then CR4.FRED
    if FSGSBASE_EARLY then cr4_set_bits(i, {FSGSBASE}, SETUP_FEATURE);
    if FRED_CPU then {
      fred_msrs[i] := true;
      cr4_set_bits(i, {FRED}, SETUP_FEATURE);
    }
    here[i] := true;
    hook cpu_init_exception_handling;
    here[i] := false;
  cpuhp_ap_sync_alive:          # kernel/cpu.c: wait for the control CPU
    await released[i];
  cpu_init:                     # arch/x86/kernel/cpu/common.c cpu_init(): MSR and CPUID accesses (#VC), NMIs
    exception_may_arrive(i, true);
  ap_starting:                  # arch/x86/kernel/smpboot.c ap_starting() -> identify_secondary_cpu()
    identify_cpu(i);
    here[i] := true;
    hook ap_starting;
    here[i] := false;
  set_cpu_online:               # arch/x86/kernel/smpboot.c start_secondary(): set_cpu_online(cpu, true)
    online[i] := true;
    here[i] := true;
    hook set_cpu_online;
    here[i] := false;
  cpu_startup_entry:            # kernel/sched/idle.c cpu_startup_entry(): idle until the hotplug cycle takes this CPU down, or it ends
    await down[i] or hp_done;
    if not down[i] then { end; }
  play_dead:                    # arch/x86/kernel/smpboot.c native_play_dead(): dead; per-CPU state reset for the next bring-up
    enforced[i] := false;
    dead[i] := true;
  hlt_play_dead:                # arch/x86/kernel/smpboot.c hlt_play_dead(): halted until cpu_device_up(); INIT/SIPI resets CR4 and the MSRs
    await not down[i];
    cr4[i] := {};
    fred_msrs[i] := false;
    goto start_secondary;
}

/* ---- Expected verdicts (the last matching line wins): bare metal, then a
 * confidential guest without FRED (EARLY_EXC), then with FRED. They do not
 * depend on PARALLEL or on NAP >= 1. docs/specs.md explains each. -------- */
expect when DESIGN = KEY_FRED_PINNED: holds;
expect when DESIGN = KEY_FRED_PINNED and EARLY_EXC and FRED_CPU: violates F1, F2;

expect when DESIGN = ONLINE_GATE: violates A1;
expect when DESIGN = ONLINE_GATE and EARLY_EXC: violates C3, A1;
expect when DESIGN = ONLINE_GATE and EARLY_EXC and FRED_CPU: violates F2, A1;

expect when DESIGN = PERCPU_POINT: violates A1;
expect pinning_in_effect at ap_starting when DESIGN = PERCPU_POINT and EARLY_EXC: violates C3, A1;
expect pinning_in_effect at set_cpu_online when DESIGN = PERCPU_POINT and EARLY_EXC: violates C3, A1;
expect when DESIGN = PERCPU_POINT and EARLY_EXC and FRED_CPU: violates F2, A1;
expect pinning_in_effect at cr4_init when DESIGN = PERCPU_POINT and EARLY_EXC and FRED_CPU: violates F1, F2, A1;

expect when DESIGN = KEY_MAINLINE_2026: holds;
expect when DESIGN = KEY_MAINLINE_2026 and EARLY_EXC and FRED_CPU: violates F2;
