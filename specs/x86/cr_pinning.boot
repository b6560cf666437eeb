/*
 * specs/x86/cr_pinning.boot - where may setup_cr_pinning() go?
 *
 * One spec for every design the kernel has had. REV (below) picks the
 * design; the placement sweep tries setup_cr_pinning() at every candidate
 * hook. Sweep the family with `bootcheck check -D REV=<n>`; the verdicts
 * expected for each REV are the `expect ... when REV = ...` lines at the end
 * (and the table in docs/specs.md).
 *
 * Tests (tests/run_spec.py): every revision, both bring-up modes, 1/2/4 APs;
 * every result must match the expect lines.
 * bootcheck-test: -D REV={0..7} -D PARALLEL={false,true} -D NAP={1,2,4}
 * And (tests/run_sym_sweep.py, "x86-symmetry-sweep"): with NAP = 1..3, UMH
 * and BUGGY_KTHREAD too, symmetry reduction changes no verdict, trace
 * length or window length (process ap is `symmetric`, see there).
 *
 * Sources: shared/domain/kernel-boot-digest.md (cited as "digest §N").
 * CR4 here is the hardware register and its shadow cpu_tlbstate.cr4 at
 * once (cr4_update_irqsoff() keeps them equal). Only the pinned features
 * are modelled; SMEP/SMAP/UMIP also stand for FSGSBASE and CET (set up with
 * them in identify_cpu()) and FRED (set up earlier, in trap_init() [digest: I]);
 * digest §1c, §3e.
 */
spec x86_cr_pinning "x86 CR pinning vs. boot order: where may setup_cr_pinning() go?"

/* ---- Revisions: -D REV=<n> ------------------------------------------- */

# v5.3 (873d50d58f67) .. v6.16: setup_cr_pinning() in identify_boot_cpu();
# start_kernel() calls efi_enter_virtual_mode() after arch_cpu_finalize_init()
# returns (after anon_vma_init()). No LASS. Debian 6.1 is this, with PARALLEL = false.
const REV_UPSTREAM_616 = 0;
# v6.17+: ce2c403c26c1 "x86/efi: Move runtime service initialization to
# arch/x86" puts the EFI call inside arch_cpu_finalize_init(), after
# fpu__init_cpu(). Pinning unchanged. No LASS.
const REV_UPSTREAM_617 = 1;
# LASS v5 (28 Oct 2024) .. v8 (1 Jul 2025): "Defer CR pinning setup until after
# EFI initialization" (pinning right after efi_enter_virtual_mode() in
# arch_cpu_finalize_init(); v5 carried the EFI move). setup_lass() in
# identify_cpu(); LASS in cr4_pinned_mask; LASS cleared around SVAM.
const REV_LASS_V5 = 2;
# LASS v9 04/16 (7 Jul 2025): core_initcall(setup_cr_pinning). Else as v5.
const REV_LASS_V9 = 3;
# LASS v10 05/15 (6 Oct 2025): record_cr_pinned_bits() in identify_boot_cpu(),
# late_initcall(enable_cr_pinning) only flips the static key, cr4_init()
# applies cr4_pinned_bits unconditionally. LASS pinned, cleared around SVAM.
const REV_LASS_V10 = 4;
# LASS v13 as merged (tip x86/cpu 18 Nov 2025, d5cb9574391c; v6.19 [digest: I]):
# LASS dropped from the mask (v11); setup_lass() in identify_cpu(), but LASS
# is cleared when CONFIG_EFI is set (v12). Pinning in identify_boot_cpu().
const REV_LASS_MERGED = 5;
# tip x86/cpu 3 Mar 2026: b3226af5ad7b (LASS CR4 write moved to
# late_initcall(cpu_finalize_pre_userspace) via cpuhp), 0021e71cfb96 (LASS off
# around every EFI runtime call), 68400c1aaf02 (EFI restriction dropped).
const REV_LASS_2026 = 6;
# Hypothetical, for digest §7's "if LASS ∈ mask" cells: REV_LASS_2026 with
# LASS still in cr4_pinned_mask (the v4..v10 mask).
const REV_WHATIF_2026_PINNED = 7;

const REV = REV_LASS_V9;          # the seed thread: [PATCHv9 04/16]
sweep REV in REV_UPSTREAM_616..REV_WHATIF_2026_PINNED;  # what `regress` checks (CI)

/* ---- Configuration --------------------------------------------------- */

const NAP = 2;                    # application processors (CPUs 1..NAP)
const PARALLEL = true;            # cpuhp parallel bring-up (18415f33e2ac, v6.5); false: serial, as 6.1
const EFI = true;                 # CONFIG_EFI=y and efi_enabled(EFI_RUNTIME_SERVICES)
const UMH = false;                # what-if (digest §6.11, unverified): a usermode helper runs
                                  # userspace during device initcalls
const BUGGY_KTHREAD = false;      # what-if (digest §6.8): a kthread clears CR4.SMEP once, on some CPU

/* ---- What each REV does (derived; any of them can be overridden with -D) */

const EFI_IN_ARCH_FINALIZE = REV != REV_UPSTREAM_616;                # ce2c403c26c1
const LASS_PINNED = (REV >= REV_LASS_V5 and REV <= REV_LASS_V10)      # "x86/cpu: Set LASS CR4 bit
                    or REV == REV_WHATIF_2026_PINNED;                 #  as pinning sensitive" (v4..v10)
const LASS_AT_IDENTIFY = (REV >= REV_LASS_V5 and REV <= REV_LASS_V10) # setup_lass() sets CR4.LASS
                         or (REV == REV_LASS_MERGED and not EFI);     # in identify_cpu()
const LASS_AT_LATE = REV == REV_LASS_2026                             # b3226af5ad7b: enable_lass() at
                     or REV == REV_WHATIF_2026_PINNED;                # late_initcall + cpuhp
const LASS_SVAM_TOGGLE = REV >= REV_LASS_V5 and REV <= REV_LASS_V10;  # LASS off around SetVirtualAddressMap
const LASS_RT_TOGGLE = LASS_AT_LATE;                                  # 0021e71cfb96: LASS off around runtime calls
const SPLIT_ENFORCEMENT = REV == REV_LASS_V10;                        # record early, enforce at the placement

/* ---- State ----------------------------------------------------------- */

enum Cr4 { SMEP, SMAP, UMIP, LASS }
enum Writer { SETUP_FEATURE, EFI_LASS_TOGGLE, BUGGY_WRITE }           # who called cr4_set/clear_bits()
enum Efi { EFI_PHYS, EFI_SVAM, EFI_VIRT }
# Initcalls of a level whose relative order matters (link order: any order).
enum Initcall { EARLY_SETUP_CR_PINNING, DO_INIT_REAL_MODE,
                LATE_SETUP_CR_PINNING, CPU_FINALIZE_PRE_USERSPACE }

var cr4[cpu in 0..NAP] : set of Cr4 = {};          # CR4 = cpu_tlbstate.cr4 of each CPU
var online[cpu in 0..NAP] : bool = (cpu == 0);     # cpu_online_mask
var kicked[cpu in 1..NAP] : bool = false;          # startup IPI sent, AP runs start_secondary()
var released[cpu in 1..NAP] : bool = false;        # control CPU let the AP past cpuhp_ap_sync_alive()
var cr_pinning : bool = false;                     # DEFINE_STATIC_KEY_FALSE_RO(cr_pinning)
var cr4_pinned_bits : set of Cr4 = {};             # __ro_after_init
# static const cr4_pinned_mask (a var only because a const cannot hold a set).
var cr4_pinned_mask : set of Cr4 =
      if LASS_PINNED then {SMEP, SMAP, UMIP, LASS} else {SMEP, SMAP, UMIP};
var cr4_warned : bool = false;                     # WARN_ONCE("pinned CR4 bits changed") fired
var ro_after_init : bool = false;                  # mark_readonly() has run
var efi_phase : Efi = EFI_PHYS;
var kthreadd_spawned : bool = false;               # rest_init() created PID 1 and PID 2
var kthreadd_done : bool = false;                  # complete(&kthreadd_done)
var sched_smp : bool = false;                      # sched_init_smp(): PID 1 may run on any CPU
var efisubsys_done : bool = false;                 # efisubsys_init() allocated efi_rts_wq
var efi_rt_busy : bool = false;                    # an EFI runtime call is in progress ...
var efi_rt_in_call[cpu in 0..NAP] : bool = false;  # ... on this CPU (digest §7, per CPU)
var efi_cr4_lass : bool = false;                   # efi_64.c: CR4.LASS saved by efi_disable_lass()
var ran : set of Initcall = {};                    # initcalls of the modelled levels that have run
var user : bool = false;                           # userspace has started

/* ---- Constraints ------------------------------------------------------
 * C1..C4 are the four of Sohil's 31 Jul 2025 mail; C5 is the __ro_after_init
 * deadline (digest §3d, §6.9); C6 is Sohil's and Dave's 1 Aug 2025 exchange.
 * C3 names ap.cr4_init, so it is declared after process ap, below. */

constraint C1 "CR pinning after every CPU security feature (SMEP, SMAP, UMIP, LASS when enabled) is set up":
  violations;       # recorded bits miss a feature, or enabling one later is reverted
constraint C2 "CR pinning after EFI initialisation: EFI's CR4.LASS toggles must not hit a pinned bit":
  violations;       # a pinned-bit change by EFI is reverted, or firmware runs with LASS on (#GP)
constraint C4 "CR pinning before userspace starts":
  always user => cr_pinning;
constraint C5 "CR pinning configured before mark_readonly() (static key and pinned bits are __ro_after_init)":
  violations;
constraint C6 "all online CPUs agree on the pinned bits when enforcement starts (Sohil/Dave, 1 Aug 2025)":
  violations;
constraint R1 "the model boots: userspace starts with every CPU online":
  reachable user and (forall c in 0..NAP: online[c]);

# Exposure (docs/language.md 4.1): "what runs unprotected if we pin later?"
# The longest run of steps taken while some CPU has a CR4 security bit set
# and the cr_pinning key is still off (v10's split enforcement included:
# its bits are applied by cr4_init(), but nothing reverts a clearing).
window W1 "CR4 security bits set on some CPU but not pinned":
  (exists c in 0..NAP: cr4[c] * cr4_pinned_mask != {}) and not cr_pinning;

/* ---- CR4 writes -------------------------------------------------------- */

# arch/x86/kernel/cpu/common.c native_write_cr4() (pinning check since v5.3,
# 873d50d58f67; out of line since 7652ac920185). The value reaches CR4 first;
# if the key is on and a masked bit differs from cr4_pinned_bits (an equality
# check: setting a masked bit that was not pinned counts too), the pinned
# value is written back and WARN_ONCE fires (digest §3d). The revert is
# blamed on the writer only when the writer's own bit is the one that
# changed; any other revert is pinning doing its job (a WARN, no violation).
procedure native_write_cr4(c, val, who) {
  cr4[c] := val;
  if cr_pinning and val * cr4_pinned_mask != cr4_pinned_bits then {
    cr4[c] := (val - cr4_pinned_mask) + cr4_pinned_bits;     # goto set_register
    cr4_warned := true;                                       # "pinned CR4 bits changed: 0x%lx!?"
    if who == SETUP_FEATURE and not (val * cr4_pinned_mask <= cr4_pinned_bits) then
      violate C1 "a CPU feature switched on after pinning was reverted (pinned CR4 bits changed)";
    if who == EFI_LASS_TOGGLE and LASS in cr4_pinned_mask
       and (LASS in val) != (LASS in cr4_pinned_bits) then
      violate C2 "EFI's CR4.LASS toggle was reverted (pinned CR4 bits changed)";
  }
}

# arch/x86/include/asm/tlbflush.h cr4_set_bits()/cr4_clear_bits() ->
# arch/x86/mm/tlb.c cr4_update_irqsoff(): writes only when the value changes.
procedure cr4_set_bits(c, bits, who) {
  if not (bits <= cr4[c]) then native_write_cr4(c, cr4[c] + bits, who);
}
procedure cr4_clear_bits(c, bits, who) {
  if bits * cr4[c] != {} then native_write_cr4(c, cr4[c] - bits, who);
}

# arch/x86/kernel/cpu/common.c identify_cpu(), "Set up SMEP/SMAP/UMIP";
# runs on the BSP (identify_boot_cpu) and on each AP (identify_secondary_cpu).
procedure identify_cpu(c) {
  cr4_set_bits(c, {SMEP}, SETUP_FEATURE);                     # setup_smep()
  cr4_set_bits(c, {SMAP}, SETUP_FEATURE);                     # setup_smap()
  cr4_set_bits(c, {UMIP}, SETUP_FEATURE);                     # setup_umip()
  if LASS_AT_IDENTIFY then
    cr4_set_bits(c, {LASS}, SETUP_FEATURE);                   # setup_lass(), right after setup_umip()
}

# setup_cr_pinning(), first half: cr4_pinned_bits = this_cpu_read(cpu_tlbstate.cr4)
# & cr4_pinned_mask. LASS v10 05/15 names it record_cr_pinned_bits().
procedure record_cr_pinned_bits(c) {
  if ro_after_init then
    violate C5 "cr4_pinned_bits written after mark_readonly()";
  cr4_pinned_bits := cr4[c] * cr4_pinned_mask;
  if not ({SMEP, SMAP, UMIP} <= cr4[c] and (LASS_PINNED and (LASS_AT_IDENTIFY or LASS_AT_LATE) => LASS in cr4[c])) then
    violate C1 "cr4_pinned_bits recorded while a security feature was off (not set up yet, or cleared)";
}

# setup_cr_pinning(), second half: static_key_enable(&cr_pinning.key).
# LASS v10 05/15 names it enable_cr_pinning().
procedure enable_cr_pinning() {
  if ro_after_init then
    violate C5 "cr_pinning static key enabled after mark_readonly()";
  cr_pinning := true;
  # Dave, 1 Aug 2025: check for_each_online_cpu() when enforcement starts.
  if exists c in 0..NAP: online[c] and cr4[c] * cr4_pinned_mask != cr4_pinned_bits then
    violate C6 "an online CPU's CR4 disagrees with cr4_pinned_bits when enforcement starts";
}

/* ---- The candidate placements ----------------------------------------- */

placement setup_cr_pinning at identify_boot_cpu, arch_cpu_finalize_init,
                              early_initcall, core_initcall, late_initcall {
  if not SPLIT_ENFORCEMENT then {
    # this_cpu_read(): the BSP, or PID 1's CPU, which may be any online CPU
    # once sched_init_smp() has run (digest §6.10). A CPU inside an EFI
    # runtime call (preemption off) cannot be running PID 1.
    with c in 0..NAP {
      await online[c] and (c == 0 or sched_smp) and not efi_rt_in_call[c];
      record_cr_pinned_bits(c);
    }
  }
  enable_cr_pinning();
}

/* ---- CPU 0: start_kernel() (init/main.c) ------------------------------- */

process bsp {
  var svam_lass : bool = false;      # efi.c (v4..v10): lass = cr4_read_shadow() & X86_CR4_LASS

  start_kernel:                 # init/main.c start_kernel(): setup_arch() .. trap_init() ..
    skip;                       # console_init() .. calibrate_delay()
  identify_boot_cpu:            # arch/x86/kernel/cpu/common.c arch_cpu_finalize_init()
    identify_cpu(0);            #   -> identify_boot_cpu() -> identify_cpu(&boot_cpu_data)
    if SPLIT_ENFORCEMENT then
      record_cr_pinned_bits(0); # LASS v10 05/15
    hook identify_boot_cpu;     # setup_cr_pinning(): upstream since v5.3, merged LASS, 2026
  fpu__init_cpu:                # arch/x86/kernel/fpu/init.c, from arch_cpu_finalize_init() after
                                # cpu_select_mitigations(), fpu__init_system(); the EFI call follows from v6.17
    if not EFI_IN_ARCH_FINALIZE then goto alternative_instructions;
  efi_enter_virtual_mode:       # arch/x86/platform/efi/efi.c; called from arch_cpu_finalize_init()
    if EFI then {               # since v6.17 (ce2c403c26c1), from start_kernel() up to v6.16
      if LASS_SVAM_TOGGLE then {  # LASS v4..v9 "efi: Disable LASS around set_virtual_address_map()",
        svam_lass := LASS in cr4[0];   # v10 "x86/efi: Disable LASS while mapping the EFI runtime services"
        cr4_clear_bits(0, {LASS}, EFI_LASS_TOGGLE);
      }
      efi_phase := EFI_SVAM;
    }
  efi_set_virtual_address_map:  # arch/x86/platform/efi/efi.c __efi_enter_virtual_mode(): SVAM is called
    if EFI then {               # at its lower-half (physical) address, which LASS forbids (digest §4)
      if LASS in cr4[0] then
        violate C2 "SetVirtualAddressMap() runs with CR4.LASS set: #GP in firmware";
      if LASS_SVAM_TOGGLE and svam_lass then
        cr4_set_bits(0, {LASS}, EFI_LASS_TOGGLE);
      efi_phase := EFI_VIRT;    # efi_native_runtime_setup(): runtime services usable
    }
    if not EFI_IN_ARCH_FINALIZE then goto acpi_subsystem_init;   # up to v6.16: back to start_kernel()
  alternative_instructions:     # arch/x86/kernel/alternative.c, from arch_cpu_finalize_init(); after the EFI call from v6.17
    hook arch_cpu_finalize_init;  # LASS v5..v8: setup_cr_pinning() right after efi_enter_virtual_mode()
  anon_vma_init:                # mm/rmap.c, from init/main.c start_kernel() after mem_encrypt_init(), pid_idr_init();
                                # up to v6.16 "#ifdef CONFIG_X86 if (efi_enabled(EFI_RUNTIME_SERVICES))
                                # efi_enter_virtual_mode();" comes next
    if not EFI_IN_ARCH_FINALIZE then goto efi_enter_virtual_mode;
  acpi_subsystem_init:          # drivers/acpi/bus.c, from start_kernel() after fork_init() .. security_init() ..
    skip;                       # vfs_caches_init() (Sohil, 31 Jul 2025: maybe the only arch-specific code left)
  rest_init:                    # init/main.c rest_init(): user_mode_thread(kernel_init) = PID 1,
    kthreadd_spawned := true;   # kernel_thread(kthreadd) = PID 2; CPU 0 becomes the idle task
}

/* ---- PID 1: kernel_init() -> kernel_init_freeable() (init/main.c) ------ */

process kernel_init {
  kernel_init:                  # init/main.c kernel_init(): wait_for_completion(&kthreadd_done);
    await kthreadd_done;        # PID 1 is pinned to CPU 0 until sched_init_smp()
  smp_prepare_cpus:             # arch/x86/kernel/smpboot.c native_smp_prepare_cpus(), from
                                # init/main.c kernel_init_freeable(); then workqueue_init()
    skip;
  do_pre_smp_initcalls:         # init/main.c: the early_initcall level, one initcall per step, in any order
    with f in {EARLY_SETUP_CR_PINNING, DO_INIT_REAL_MODE} - ran {
      ran := ran + {f};
      if f == EARLY_SETUP_CR_PINNING then {
        hook early_initcall;    # early_initcall(setup_cr_pinning): Sohil's second option, 31 Jul 2025
      }
      # DO_INIT_REAL_MODE: arch/x86/realmode/init.c, the AP trampoline; no CR4 effect
    }
    if not ({EARLY_SETUP_CR_PINNING, DO_INIT_REAL_MODE} <= ran) then goto do_pre_smp_initcalls;
  lockup_detector_init:         # kernel/watchdog.c, from kernel_init_freeable()
    skip;
  smp_init:                     # kernel/smp.c smp_init() -> kernel/cpu.c bringup_nonboot_cpus()
    if PARALLEL then {          # cpuhp_bringup_cpus_parallel(): BP prepare states and the startup
      for a in 1..NAP {         # IPI for every AP; they run up to cpuhp_ap_sync_alive() in parallel
        kicked[a] := true;
      }
    }
  bringup_cpu:                  # kernel/cpu.c bringup_cpu(): serial (6.1) kicks the AP here
    with a in 1..NAP {          # (native_cpu_up() -> do_boot_cpu()); parallel releases it from
      await not released[a];    # cpuhp_ap_sync_alive() (cpuhp_bp_sync_alive()), one at a time.
      kicked[a] := true;        # Which AP comes next is left open: see "Any AP next" at
      released[a] := true;      # process ap below.
    }
  bringup_wait_for_ap_online:   # kernel/cpu.c: wait until the AP has set itself online
    await forall a in 1..NAP: released[a] => online[a];
    if exists a in 1..NAP: not released[a] then goto bringup_cpu;
  smp_cpus_done:                # kernel/smp.c smp_init() ends: "smp: Brought up 1 node, N CPUs",
                                # arch/x86/kernel/smpboot.c native_smp_cpus_done()
    skip;
  sched_init_smp:               # kernel/sched/core.c: PID 1 may now run on any CPU
    sched_smp := true;
  do_initcall_level_core:       # init/main.c do_initcalls() -> do_initcall_level(): levels pure, core
    hook core_initcall;         # LASS v9 04/16: core_initcall(setup_cr_pinning)
  do_initcall_level_subsys:     # levels postcore, arch, subsys: drivers/firmware/efi/efi.c
                                # subsys_initcall(efisubsys_init) allocates efi_rts_wq
    efisubsys_done := true;
  do_initcall_level_device:     # init/main.c do_initcall_level(): levels fs, rootfs, device
    if UMH then {
      either { user := true; } or { skip; }   # what-if: call_usermodehelper_exec() (digest §6.11)
    }
  do_initcall_level_late:       # init/main.c do_initcall_level(): the late_initcall level,
                                # one initcall per step, in any order
    with f in {LATE_SETUP_CR_PINNING, CPU_FINALIZE_PRE_USERSPACE} - ran {
      ran := ran + {f};
      if f == LATE_SETUP_CR_PINNING then {
        hook late_initcall;     # LASS v10 05/15 late_initcall(enable_cr_pinning); Sohil, 19 Feb 2026
      }
      if f == CPU_FINALIZE_PRE_USERSPACE and LASS_AT_LATE then {
        # arch/x86/kernel/cpu/common.c late_initcall(cpu_finalize_pre_userspace):
        # cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "x86/lass:enable", enable_lass, NULL)
        # runs enable_lass() = cr4_set_bits(X86_CR4_LASS) on every online CPU. A CPU
        # inside an EFI runtime call (preemption off) runs its cpuhp callback after it.
        await not efi_rt_busy;
        for c in 0..NAP {
          if online[c] then cr4_set_bits(c, {LASS}, SETUP_FEATURE);
        }
      }
      # In the other REVs this slot stands for any other late initcall.
    }
    if not ({LATE_SETUP_CR_PINNING, CPU_FINALIZE_PRE_USERSPACE} <= ran) then goto do_initcall_level_late;
  free_initmem:                 # init/main.c kernel_init(): async_synchronize_full(), free_initmem()
    skip;
  mark_readonly:                # init/main.c mark_readonly(): jump_label_init_ro(), mark_rodata_ro();
                                # __ro_after_init (cr_pinning, cr4_pinned_bits) is read-only from here
    ro_after_init := true;
  run_init_process:             # init/main.c run_init_process() -> kernel_execve(): the first userspace
    user := true;
}

/* ---- APs: start_secondary() (arch/x86/kernel/smpboot.c) ---------------- */

# `symmetric` (docs/language.md 2.5): the APs run the same code and nothing
# else in the spec tells them apart. Two places used to, and were remodelled:
#
# Any AP next. bringup_nonboot_cpus() onlines the APs one at a time (serial,
# or released one by one from cpuhp_ap_sync_alive() in parallel mode, digest
# §3a). The kernel walks cpu_present_mask, but on SMT systems primary threads
# come first (digest §3a), so which CPU number is n-th is topology, not a
# boot-order fact; kernel_init.bringup_cpu picks any AP not yet released.
# This is exact up to renaming CPUs: the APs start equal, and every step and
# every constraint, window and expect treats them alike (quantifiers over
# 0..NAP, per-CPU arrays, "c == 0" for the BSP). So a run that brings the
# APs up in order a1, a2, .. is the in-order run (1, 2, ..) with CPU a_k
# renamed k, and conversely: the reachable states are those of the old
# in-order model (a counter `next`) up to renaming, and every verdict and
# every shortest trace length is the same. Symmetry reduction then stores
# one state per renaming class, which is as if one order were explored.
#
# EFI runtime CPU. efi_rt_in_call[c] says which CPU is inside a runtime call,
# as a per-CPU flag (digest §7 "Variables": efi_rt_in_call[c]); storing the CPU
# number (efi_rt_cpu) would tie the state to one member.
process ap[i in 1..NAP] symmetric {
  start_secondary:              # arch/x86/kernel/smpboot.c: INIT/SIPI -> trampoline -> start_secondary()
    await kicked[i];
  cr4_init:                     # arch/x86/kernel/cpu/common.c cr4_init(), the AP's first action:
    if cr_pinning or SPLIT_ENFORCEMENT then   # "if (static_branch_likely(&cr_pinning))"; v10 drops the test
      cr4[i] := (cr4[i] - cr4_pinned_mask) + cr4_pinned_bits;   # __write_cr4(): all pinned bits at once
  cpuhp_ap_sync_alive:          # kernel/cpu.c (v6.5+): wait for the control CPU; serial 6.1: smp_callin()
    await released[i];
  ap_starting:                  # arch/x86/kernel/smpboot.c: cpu_init(), fpu__init_cpu(), ap_starting()
    identify_cpu(i);            #   -> identify_secondary_cpu() -> identify_cpu(): setup_smep/smap/umip/[lass]
  set_cpu_online:               # start_secondary(): set_cpu_online(smp_processor_id(), true),
                                # then cpu_startup_entry(CPUHP_AP_ONLINE_IDLE)
    online[i] := true;
}

/* ---- EFI runtime calls (drivers/firmware/efi/runtime-wrappers.c) -------- */

# The efi_rts_wq worker: every runtime call runs here, one at a time
# (efi_runtime_lock). Only the 2026 design touches CR4 around the calls.
process efi_rts_wq {
  efi_call_rts:                 # drivers/firmware/efi/runtime-wrappers.c efi_call_rts(), queued
    await efisubsys_done;       # on efi_rts_wq once efisubsys_init() has created it
    if not (EFI and LASS_RT_TOGGLE) then { end; }
  arch_efi_call_virt_setup:     # arch/x86/platform/efi/efi_64.c: efi_fpu_begin() (preemption off),
    await efi_phase == EFI_VIRT;  # efi_enter_mm(), efi_disable_lass() (0021e71cfb96)
    with c in 0..NAP {          # on whichever CPU the worker runs
      await online[c];
      efi_rt_in_call[c] := true;
      efi_rt_busy := true;
      efi_cr4_lass := LASS in cr4[c];
      cr4_clear_bits(c, {LASS}, EFI_LASS_TOGGLE);
    }
  efi_call_virt:                # efi_call_virt_pointer(): the firmware runs, in efi_mm
    if exists c in 0..NAP: efi_rt_in_call[c] and LASS in cr4[c] then
      violate C2 "EFI runtime service runs with CR4.LASS set";
  arch_efi_call_virt_teardown:  # arch/x86/platform/efi/efi_64.c: efi_enable_lass() (0021e71cfb96),
                                # efi_leave_mm(), efi_fpu_end()
    for c in 0..NAP {           # the CPU the call ran on (one at a time)
      if efi_rt_in_call[c] then {
        if efi_cr4_lass then cr4_set_bits(c, {LASS}, EFI_LASS_TOGGLE);
        efi_rt_in_call[c] := false;
      }
    }
    efi_rt_busy := false;
    either { goto arch_efi_call_virt_setup; } or { end; }   # any number of calls
}

/* ---- PID 2: kthreadd (kernel/kthread.c) --------------------------------- */

process kthreadd {
  kthreadd:                     # kernel/kthread.c kthreadd(); init/main.c rest_init() does
                                # complete(&kthreadd_done) once it exists, so PID 1 may start
    await kthreadd_spawned;
    kthreadd_done := true;
    if not BUGGY_KTHREAD then { end; }
  kthread:                      # kernel/kthread.c kthread() -> threadfn, what-if: a kthread with a bug
    with c in 0..NAP {          # clears a pinned bit on the CPU it runs on (v10 05/15 "Note";
                                # Sohil's 1 Aug 2025 question)
      await online[c];
      cr4_clear_bits(c, {SMEP}, BUGGY_WRITE);
    }
}

constraint C3 "CR pinning before AP bring-up: start_secondary()->cr4_init() reads the cr_pinning static key":
  at ap.cr4_init: cr_pinning or SPLIT_ENFORCEMENT;   # v10: cr4_init() applies the bits recorded in identify_boot_cpu()

/* ---- Expected verdicts, per revision. The matrix does not depend on
 * PARALLEL or on NAP >= 1 (every hook runs before smp_init() starts or after
 * it returns). The what-if constants (UMH, BUGGY_KTHREAD, ...) change it:
 * see docs/specs.md. ------------------------------------------------------ */
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_616: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_616: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_617: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_617: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V5: violates C2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V5: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V5: holds;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V5: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V5: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V9: violates C2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V9: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V9: holds;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V9: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V9: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V10: violates C2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V10: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V10: holds;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V10: holds;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V10: holds;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_MERGED: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_MERGED: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_2026: violates C3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_2026: violates C3;

expect setup_cr_pinning at identify_boot_cpu when REV = REV_WHATIF_2026_PINNED: violates C1;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_WHATIF_2026_PINNED: violates C1;
expect setup_cr_pinning at early_initcall when REV = REV_WHATIF_2026_PINNED: violates C1;
expect setup_cr_pinning at core_initcall when REV = REV_WHATIF_2026_PINNED: violates C1, C3;
expect setup_cr_pinning at late_initcall when REV = REV_WHATIF_2026_PINNED: violates C1, C2, C3, C6;
