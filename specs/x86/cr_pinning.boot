/*
 * specs/x86/cr_pinning.boot - where may setup_cr_pinning() go?
 *
 * One spec for every design the kernel has had. REV (below) picks the
 * design; the placement sweep tries setup_cr_pinning() at every candidate
 * hook. Sweep the family with `bootcheck check -D REV=<n>`; the verdicts
 * expected for each REV and guest kind are the `expect ... when ...` lines
 * at the end (and the matrix in docs/specs.md).
 *
 * Tests (tests/run_spec.py): every revision, both bring-up modes, both
 * guest kinds, with and without FRED (2 APs), and 1 and 3 APs on a
 * confidential guest; every result must match the expect lines.
 * bootcheck-test: -D REV={0..9} -D PARALLEL={false,true} -D GUEST={0,1} -D FRED_CPU={false,true}
 * bootcheck-test: -D REV={0..9} -D NAP={1,3} -D FRED_CPU={false,true}
 * The what-if that breaks liveness L1 (a bring-up wait that spins forever;
 * its expect lines are REV 9's, at the end):
 * bootcheck-test: -D REV=9 -D SYNC_TIMEOUT=true -D PARALLEL={false,true} -D GUEST={0,1} -D NAP={1,2}
 * The what-if that breaks L2 (PID 1 polls forever for its root disk), on
 * REV 9, and the one that breaks L3 (an EFI runtime call never returns),
 * on REV 5 (where it breaks L3 alone) and REV 9 (where it breaks L2 too);
 * their expect lines are at the end:
 * bootcheck-test: -D REV=9 -D ROOT_WAIT=true -D PARALLEL={false,true} -D GUEST={0,1} -D NAP={1,2}
 * bootcheck-test: -D REV={5,9} -D EFI_HANG=true -D PARALLEL={false,true} -D GUEST={0,1} -D NAP={1,2}
 * And (tests/run_sym_sweep.py, "x86-symmetry-sweep"): with NAP = 1..3, UMH
 * and BUGGY_KTHREAD too, symmetry reduction changes no verdict, trace
 * length or window length (process ap is `symmetric`, see there).
 *
 * Sources. Kernel commits by id, mails by date, author and subject; the
 * review these facts were collected in is summarised, with every source,
 * in docs/specs.md ("Sources"). Where a fact is an inference and not read
 * in a source, the comment says [inferred].
 *
 * CR4 is two variables per CPU: the hardware register (cr4) and the
 * per-CPU shadow cpu_tlbstate.cr4 (shadow). cr4_update_irqsoff() writes the
 * shadow, then the register; native_write_cr4() reverts only the register,
 * so after a reverted write they differ. The bits modelled are the pinned
 * ones: SMEP, SMAP and UMIP (set up together in identify_cpu(); they also
 * stand for CET, set up there too), FSGSBASE (set up after them in
 * identify_cpu(), and needed by the paranoid_entry code that
 * alternative_instructions() patches to RDGSBASE), FRED and LASS.
 */
spec x86_cr_pinning "x86 CR pinning vs. boot order: where may setup_cr_pinning() go?"

/* ---- Revisions: -D REV=<n> ------------------------------------------- */

# v6.5 (9df9d2f0471b "init: Invoke arch_cpu_finalize_init() earlier") ..
# v6.16: setup_cr_pinning() in identify_boot_cpu(), in arch_cpu_finalize_init();
# start_kernel() calls efi_enter_virtual_mode() after it returns (after
# anon_vma_init()). No LASS. FRED in the pinned mask from v6.9 (14619d912b65).
# Stable kernels with the 9df9d2f0471b backport are this too: the Debian 6.1
# boot is REV 0 with PARALLEL = false and FRED_CPU = false.
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
# LASS v13 as merged (tip x86/cpu 18 Nov 2025, d5cb9574391c; v6.19 [inferred]):
# LASS dropped from the mask (v11); setup_lass() in identify_cpu(), but LASS
# is cleared when CONFIG_EFI is set (v12). Pinning in identify_boot_cpu().
const REV_LASS_MERGED = 5;
# tip x86/cpu 3 Mar 2026: b3226af5ad7b (LASS CR4 write moved to
# late_initcall(cpu_finalize_pre_userspace) via cpuhp), 0021e71cfb96 (LASS off
# around every EFI runtime call), 68400c1aaf02 (EFI restriction dropped).
const REV_LASS_2026 = 6;
# Hypothetical: REV_LASS_2026 with LASS still in cr4_pinned_mask (the v4..v10
# mask), the "if LASS is pinned" case of the 2025 review.
const REV_WHATIF_2026_PINNED = 7;
# v5.3 (873d50d58f67) .. v6.4: start_kernel() calls efi_enter_virtual_mode()
# first and check_bugs() -> identify_boot_cpu() -> setup_cr_pinning() later,
# so pinning came after EFI; 9df9d2f0471b (v6.5) reversed the order. No LASS,
# no FRED (v6.9).
const REV_UPSTREAM_PRE65 = 8;
# Mainline after the March 2026 fixes: REV_LASS_2026 plus 05243d490bb7
# ("x86/cpu: Enable FSGSBASE early in cpu_init_exception_handling()") and
# 411df123c017 ("x86/cpu: Remove X86_CR4_FRED from the CR4 pinned bits mask",
# 19 Mar 2026; with 3645eb7e3915 and a3e93cac2531). Pinning in
# identify_boot_cpu().
const REV_MAINLINE_2026 = 9;

const REV = REV_LASS_V9;          # the seed thread: [PATCHv9 04/16]
sweep REV in REV_UPSTREAM_616..REV_MAINLINE_2026;  # what `regress` checks (CI)

/* ---- Configuration --------------------------------------------------- */

const NAP = 2;                    # application processors (CPUs 1..NAP)
const PARALLEL = true;            # cpuhp parallel bring-up (18415f33e2ac, v6.5); false: serial, as 6.1
# Guest kind. On SEV-ES/SNP and TDX guests a #VC/#VE can arrive in an AP's
# early bring-up and during resume (any CPUID, MSR or I/O access there,
# console output included: cccc0c8ff0a9's message; Dave Hansen, 16 Feb
# 2026, "Re: [PATCH] x86/fred: Fix early boot failures on SEV-ES/SNP
# guests"). On bare metal none is assumed: NMI IPIs go to online CPUs
# [inferred] (-D EARLY_EXC=true assumes one anyway).
const BARE_METAL = 0;
const CONFIDENTIAL = 1;           # SEV-ES, SEV-SNP, TDX
const GUEST = CONFIDENTIAL;
const FRED_CPU = false;           # the CPU has FRED and the kernel enables it
const EFI = true;                 # CONFIG_EFI=y and efi_enabled(EFI_RUNTIME_SERVICES)
const EFI_RT = true;              # assumption: EFI runtime services are called after boot
                                  # (efivars, RTC, reset; Andy Lutomirski, 31 Oct 2025, on LASS
                                  # v11 5/9: "Wouldn't any EFI call that touches the low EFI
                                  # mapping be a problem?")
const UMH = true;                 # usermode helpers can run ring-3 code from rootfs_initcall on
                                  # (populate_rootfs() -> usermodehelper_enable())
const HOTPLUG = true;             # one CPU offline/online cycle after mark_readonly()
const RESUME = true;              # one suspend/resume of CPU 0 after that
const ATTACKER = true;            # after boot: may write read-write data (cpu_online_mask),
                                  # not __ro_after_init data, and may call native_write_cr4()
const BUGGY_KTHREAD = false;      # what-if (v10 05/15 "Note"): a kthread clears CR4.SMEP once
const SYNC_TIMEOUT = false;       # what-if: the control CPU gives up waiting for an AP
                                  # (cpuhp_bp_sync_alive() times out after 10 s: "CPU%u failed to
                                  # report alive state") while the AP spins on in cpuhp_ap_sync_alive()
const ROOT_WAIT = false;          # what-if: no /init in the initramfs, root= names a disk that never
                                  # shows up, and plain `rootwait` (no timeout): PID 1 polls for it
                                  # forever in prepare_namespace() -> wait_for_root()
const EFI_HANG = false;           # what-if: an EFI runtime service never returns (a firmware hang);
                                  # its caller waits in efi_queue_work(): wait_for_completion(), no
                                  # timeout. Runtime calls are then modelled in every revision

/* ---- What each REV does (derived; any of them can be overridden with -D) */

const EARLY_EXC = GUEST == CONFIDENTIAL;                              # an exception may arrive early
const EFI_FIRST = REV == REV_UPSTREAM_PRE65;                          # v5.3..v6.4: EFI before check_bugs()
const EFI_IN_ARCH_FINALIZE = REV != REV_UPSTREAM_616                  # ce2c403c26c1
                             and REV != REV_UPSTREAM_PRE65;
const FRED_PINNED = REV != REV_UPSTREAM_PRE65                         # 14619d912b65 (v6.9) ..
                    and REV != REV_MAINLINE_2026;                     # 411df123c017
const FRED_IN_KERNEL = REV != REV_UPSTREAM_PRE65;                     # FRED support from v6.9
const FRED_ON = FRED_CPU and FRED_IN_KERNEL;                          # this boot uses FRED
const FSGSBASE_EARLY = REV == REV_MAINLINE_2026;                      # 05243d490bb7
const LASS_PINNED = (REV >= REV_LASS_V5 and REV <= REV_LASS_V10)      # "x86/cpu: Set LASS CR4 bit
                    or REV == REV_WHATIF_2026_PINNED;                 #  as pinning sensitive" (v4..v10)
const LASS_AT_IDENTIFY = (REV >= REV_LASS_V5 and REV <= REV_LASS_V10) # setup_lass() sets CR4.LASS
                         or (REV == REV_LASS_MERGED and not EFI);     # in identify_cpu()
const LASS_AT_LATE = REV == REV_LASS_2026                             # b3226af5ad7b: enable_lass() at
                     or REV == REV_WHATIF_2026_PINNED                 # late_initcall + cpuhp
                     or REV == REV_MAINLINE_2026;
const HAS_LASS = LASS_AT_IDENTIFY or LASS_AT_LATE;
const LASS_SVAM_TOGGLE = REV >= REV_LASS_V5 and REV <= REV_LASS_V10;  # LASS off around SetVirtualAddressMap
const LASS_RT_TOGGLE = LASS_AT_LATE;                                  # 0021e71cfb96: LASS off around runtime calls
const SPLIT_ENFORCEMENT = REV == REV_LASS_V10;                        # record early, enforce at the placement

/* ---- State ----------------------------------------------------------- */

enum Cr4 { SMEP, SMAP, UMIP, FSGSBASE, FRED, LASS }
enum Writer { SETUP_FEATURE, EFI_LASS_TOGGLE, BUGGY_WRITE, RESTORE, ATTACK }  # who wrote CR4
enum Efi { EFI_PHYS, EFI_SVAM, EFI_VIRT }
# Initcall slots of a level whose relative order matters (link order: any
# order). EARLY_SLOT and LATE_SLOT are where the early_initcall and
# late_initcall placements put setup_cr_pinning(); in other configurations
# the slot is an initcall that does nothing modelled.
enum Initcall { EARLY_SLOT, DO_INIT_REAL_MODE, LATE_SLOT, CPU_FINALIZE_PRE_USERSPACE }

var cr4[cpu in 0..NAP] : set of Cr4 = {};          # the CR4 register of each CPU
var shadow[cpu in 0..NAP] : set of Cr4 = {};       # its shadow, per_cpu(cpu_tlbstate.cr4)
var fred_msrs[cpu in 0..NAP] : bool = false;       # cpu_init_fred_exceptions() wrote the FRED MSRs
var online[cpu in 0..NAP] : bool = (cpu == 0);     # cpu_online_mask (read-write data)
var kicked[cpu in 1..NAP] : bool = false;          # startup IPI sent, AP runs start_secondary()
var released[cpu in 1..NAP] : bool = false;        # control CPU let the AP past cpuhp_ap_sync_alive()
var down[cpu in 1..NAP] : bool = false;            # taken down by the hotplug cycle, not yet up again
var given_up[cpu in 1..NAP] : bool = false;        # SYNC_TIMEOUT: the control CPU gave up on the AP
var dead[cpu in 1..NAP] : bool = false;            # ... and the AP has stopped
var alt_patched : bool = false;                    # alternative_instructions() has run (global)
var cr_pinning : bool = false;                     # DEFINE_STATIC_KEY_FALSE_RO(cr_pinning)
var cr4_pinned_bits : set of Cr4 = {};             # __ro_after_init
var recorded_from[cpu in 0..NAP] : bool = false;   # the CPU whose shadow cr4_pinned_bits was read from
# static const cr4_pinned_mask (a var only because a const cannot hold a set).
var cr4_pinned_mask : set of Cr4 =
      {SMEP, SMAP, UMIP, FSGSBASE}
      + (if FRED_PINNED then {FRED} else {})
      + (if LASS_PINNED then {LASS} else {});
var cr4_warned[cpu in 0..NAP] : set of Cr4 = {};  # WARN_ONCE("pinned CR4 bits changed: 0x%lx"):
                                                   # the bits of the first revert, kept per CPU
                                                   # (one global WARN_ONCE would record whichever
                                                   # CPU a loop over CPUs visits first, which
                                                   # symmetric APs cannot express; nothing reads it)
var ro_after_init : bool = false;                  # mark_readonly() has run
var efi_phase : Efi = EFI_PHYS;
var kthreadd_spawned : bool = false;               # rest_init() created PID 1 and PID 2
var kthreadd_done : bool = false;                  # complete(&kthreadd_done)
var sched_smp : bool = false;                      # sched_init_smp(): PID 1 may run on any CPU
var efisubsys_done : bool = false;                 # efisubsys_init() allocated efi_rts_wq
var efi_rt_busy : bool = false;                    # an EFI runtime call is in progress ...
var efi_rt_in_call[cpu in 0..NAP] : bool = false;  # ... on this CPU
var efi_cr4_lass : bool = false;                   # efi_64.c: CR4.LASS saved by efi_disable_lass()
var lass_cpuhp : bool = false;                     # "x86/lass:enable" cpuhp state registered
var ran : set of Initcall = {};                    # initcalls of the modelled levels that have run
var ring3 : bool = false;                          # some ring-3 code has run (a helper or init)
var user : bool = false;                           # PID 1 has exec'd init
var hp_done : bool = false;                        # the hotplug cycle is over
var suspended : bool = false;                      # between suspend_enter() and the end of resume
var pm_done : bool = false;                        # the hotplug cycle and resume are over

/* ---- Constraints ------------------------------------------------------
 * C1..C4 are the four of Sohil Mehta's 31 Jul 2025 mail, C2 and C4 split in
 * two; C5 is the __ro_after_init deadline; C6 is Sohil's and Dave Hansen's
 * 1 Aug 2025 exchange. C3 is what pinning before AP bring-up protects;
 * H3 is the key test Sohil's mail states (a hardening preference once
 * 05243d490bb7 is in). F1, F2: FRED before its MSRs. A1: the attacker.
 * H3 names ap.cr4_init, so it is declared after process ap, below. */

constraint C1 "CR pinning after every CPU security feature (SMEP, SMAP, UMIP, FSGSBASE, FRED, LASS when enabled) is set up":
  violations;       # recorded bits miss a feature, or enabling one later is reverted
constraint C2 "CR pinning after EFI initialisation: pinning must not revert an EFI CR4.LASS toggle":
  violations;
constraint C2F "EFI firmware never runs with CR4.LASS set (#GP at the low mapping)":
  violations;
constraint C3 "no AP takes an NMI/#VC it cannot handle in bring-up: RDGSBASE (patched alternatives) with CR4.FSGSBASE off is #UD":
  violations;
constraint C4 "CR pinning before any ring-3 code (a usermode helper or init)":
  always ring3 => cr_pinning;
constraint C4E "CR pinning before PID 1 execs init":
  always user => cr_pinning;
constraint C5 "CR pinning configured before mark_readonly() (static key and pinned bits are __ro_after_init)":
  violations;
constraint C6 "all online CPUs agree on the pinned bits when enforcement starts (Sohil/Dave, 1 Aug 2025)":
  violations;
constraint F1 "no AP runs with CR4.FRED before its FRED MSRs are written when an exception can arrive (triple fault)":
  violations;
constraint F2 "resume does not run with CR4.FRED before the FRED MSRs are restored when an exception can arrive":
  violations;
constraint A1 "an attacker who can write read-write data (not __ro_after_init) cannot clear a pinned CR4 bit":
  violations;
constraint R1 "the model boots: init execs with every CPU online":
  reachable user and (forall c in 0..NAP: online[c]);
# Liveness (docs/liveness.md), under the fairness declared on each process:
# every run that the scheduler does not starve. R1 says some run boots;
# L2 says every fair run does.
constraint L1 "every AP that was kicked comes online (again, after the hotplug cycle)":
  (exists c in 1..NAP: kicked[c] and not online[c])
    ~> (forall c in 1..NAP: kicked[c] => online[c]);
constraint L2 "the boot reaches userspace: PID 1 execs init":
  eventually user;
constraint L3 "every EFI runtime call returns":
  efi_rt_busy ~> not efi_rt_busy;

# The verdict matrix in the reviewers' order (docs/specs.md): Sohil's four
# with their splits, H3 (the key test his mail states) next to C3, then
# C5, C6, FRED, the attacker and the sanity check.
columns C1, C2, C2F, C3, H3, C4, C4E, C5, C6, F1, F2, A1, R1;

# Exposure (docs/language.md 4.1): "what runs unprotected if we pin later?"
# The longest run of steps taken while some CPU has a pinned-mask CR4 bit
# set and the cr_pinning key is still off (v10's split enforcement included:
# its bits are applied by cr4_init(), but nothing reverts a clearing).
window W1 "CR4 security bits set on some CPU but not pinned":
  (exists c in 0..NAP: cr4[c] * cr4_pinned_mask != {}) and not cr_pinning;

/* ---- CR4 writes -------------------------------------------------------- */

# arch/x86/kernel/cpu/common.c native_write_cr4() (pinning check since v5.3,
# 873d50d58f67; out of line since 7652ac920185). The value reaches CR4 first;
# if the key is on and a masked bit differs from cr4_pinned_bits (an equality
# check: setting a masked bit that was not pinned counts too), the pinned
# value is written back and WARN_ONCE fires. The shadow is not touched, so a
# revert shows as the shadow holding the value written and the register the
# pinned one. The revert is blamed on the writer only when the writer's own
# bit is the one that changed; any other revert is pinning doing its job (a
# WARN, no violation).
procedure native_write_cr4(c, val, who) {
  cr4[c] := val;
  if cr_pinning and val * cr4_pinned_mask != cr4_pinned_bits then {
    cr4[c] := (val - cr4_pinned_mask) + cr4_pinned_bits;     # goto set_register
    if cr4_warned[c] == {} then                               # "pinned CR4 bits changed: 0x%lx!?"
      cr4_warned[c] := (val * cr4_pinned_mask - cr4_pinned_bits) + (cr4_pinned_bits - val);
    if who == SETUP_FEATURE and not (val * cr4_pinned_mask <= cr4_pinned_bits) then
      violate C1 "a CPU feature switched on after pinning was reverted (pinned CR4 bits changed)";
    if who == EFI_LASS_TOGGLE and LASS in cr4_pinned_mask
       and (LASS in val) != (LASS in cr4_pinned_bits) then
      violate C2 "EFI's CR4.LASS toggle was reverted (pinned CR4 bits changed)";
  }
}

# arch/x86/include/asm/tlbflush.h cr4_set_bits()/cr4_clear_bits() ->
# arch/x86/mm/tlb.c cr4_update_irqsoff(): compares with the shadow, writes
# the shadow, then __write_cr4() (native_write_cr4() on bare metal).
procedure cr4_set_bits(c, bits, who) {
  if not (bits <= shadow[c]) then {
    shadow[c] := shadow[c] + bits;
    native_write_cr4(c, shadow[c], who);
  }
}
procedure cr4_clear_bits(c, bits, who) {
  if bits * shadow[c] != {} then {
    shadow[c] := shadow[c] - bits;
    native_write_cr4(c, shadow[c], who);
  }
}

# arch/x86/kernel/cpu/common.c identify_cpu(), "Set up SMEP/SMAP/UMIP", then
# FSGSBASE; runs on the BSP (identify_boot_cpu) and on each AP
# (identify_secondary_cpu).
procedure identify_cpu(c) {
  cr4_set_bits(c, {SMEP}, SETUP_FEATURE);                     # setup_smep()
  cr4_set_bits(c, {SMAP}, SETUP_FEATURE);                     # setup_smap()
  cr4_set_bits(c, {UMIP}, SETUP_FEATURE);                     # setup_umip()
  if LASS_AT_IDENTIFY then
    cr4_set_bits(c, {LASS}, SETUP_FEATURE);                   # setup_lass(), right after setup_umip()
  cr4_set_bits(c, {FSGSBASE}, SETUP_FEATURE);                 # "Enable FSGSBASE instructions if available"
}

# An exception that may arrive anywhere in an interval of one CPU's steps
# (an NMI, or a #VC/#VE on a confidential guest). Whether it is fatal
# depends only on that CPU's CR4, its FRED MSRs and alt_patched, which no
# step inside the interval changes, so it is checked once, at a step of
# the interval, with no extra state. idt: the kernel IDT is loaded
# (load_current_idt() in cpu_init_exception_handling()); before that an AP
# has the early IDT of its startup code, whose #VC handler is not patched.
# With CR4.FRED and the MSRs written, events are delivered through FRED,
# not paranoid_entry [inferred].
procedure exception_may_arrive(c, idt) {
  if EARLY_EXC then {
    if FRED in cr4[c] then {
      if not fred_msrs[c] then
        violate F1 "triple fault: an exception with CR4.FRED set before cpu_init_fred_exceptions() wrote the FRED MSRs";
    } else if idt and alt_patched and not (FSGSBASE in cr4[c]) then
      violate C3 "#UD: paranoid_entry runs RDGSBASE (alternatives patched) on an AP with CR4.FSGSBASE still off";
  }
}

# setup_cr_pinning(), first half: cr4_pinned_bits = this_cpu_read(cpu_tlbstate.cr4)
# & cr4_pinned_mask (the shadow). LASS v10 05/15 names it record_cr_pinned_bits().
procedure record_cr_pinned_bits(c) {
  if ro_after_init then
    violate C5 "cr4_pinned_bits written after mark_readonly()";
  cr4_pinned_bits := shadow[c] * cr4_pinned_mask;
  recorded_from[c] := true;
  if not ({SMEP, SMAP, UMIP, FSGSBASE} <= shadow[c]
          and (LASS_PINNED and HAS_LASS => LASS in shadow[c])
          and (FRED_PINNED and FRED_ON => FRED in shadow[c])) then
    violate C1 "cr4_pinned_bits recorded while a security feature was off (not set up yet, or cleared)";
}

# setup_cr_pinning(), second half: static_key_enable(&cr_pinning.key).
# LASS v10 05/15 names it enable_cr_pinning().
procedure enable_cr_pinning() {
  if ro_after_init then
    violate C5 "cr_pinning static key enabled after mark_readonly()";
  cr_pinning := true;
  # Dave, 1 Aug 2025: check for_each_online_cpu() when enforcement starts
  # (per_cpu(cpu_tlbstate.cr4), the shadow).
  if exists c in 0..NAP: online[c] and shadow[c] * cr4_pinned_mask != cr4_pinned_bits then
    violate C6 "an online CPU's CR4 disagrees with cr4_pinned_bits when enforcement starts";
}

/* ---- The candidate placements ----------------------------------------- */

placement setup_cr_pinning at identify_boot_cpu, arch_cpu_finalize_init,
                              early_initcall, core_initcall, late_initcall {
  if not SPLIT_ENFORCEMENT then {
    # this_cpu_read(): the BSP, or PID 1's CPU, which may be any online CPU
    # once sched_init_smp() has run. A CPU inside an EFI runtime call
    # (preemption off) cannot be running PID 1.
    with c in 0..NAP {
      await online[c] and (c == 0 or sched_smp) and not efi_rt_in_call[c];
      record_cr_pinned_bits(c);
    }
  }
  enable_cr_pinning();
}

/* ---- CPU 0: start_kernel() (init/main.c) ------------------------------- */

# Fairness (docs/liveness.md): every CPU and kernel thread modelled is
# weakly fair: it is not kept from a step that stays enabled (an AP that
# spins does not keep the EFI worker from finishing its call). PID 1 is
# strongly fair: its late_initcall step (and suspend) waits for
# `not efi_rt_busy`, which the EFI worker can make false and true again
# forever; the scheduler still lets PID 1 run between two calls. With
# `fair` instead of `fair+` here, L2 fails in REVs 6, 7 and 9 (a lasso in
# which the worker calls EFI forever while PID 1 waits in late_initcall).
fair process bsp {
  var svam_lass : bool = false;      # efi.c (v4..v10): lass = cr4_read_shadow() & X86_CR4_LASS

  start_kernel:                 # init/main.c start_kernel(): setup_arch() .. trap_init() ..
    if FRED_ON then {            # console_init() .. calibrate_delay(). FRED on the BSP:
      fred_msrs[0] := true;     # setup_arch() right after init_mem_mapping() since v6.12
      cr4_set_bits(0, {FRED}, SETUP_FEATURE);   # (a97756cbec44), trap_init() before: both earlier
    }                           # than any placement. cpu_init_fred_exceptions(): MSRs, then the bit
    if EFI_FIRST then goto efi_enter_virtual_mode;   # v5.3..v6.4: EFI comes first
  identify_boot_cpu:            # arch/x86/kernel/cpu/common.c arch_cpu_finalize_init() (v6.5+;
    identify_cpu(0);            # check_bugs() before) -> identify_boot_cpu() -> identify_cpu()
    if SPLIT_ENFORCEMENT then
      record_cr_pinned_bits(0); # LASS v10 05/15
    hook identify_boot_cpu;     # setup_cr_pinning(): upstream since v5.3, merged LASS, 2026
  fpu__init_cpu:                # arch/x86/kernel/fpu/init.c, from arch_cpu_finalize_init() after
                                # cpu_select_mitigations(), fpu__init_system(); the EFI call follows from v6.17
    if not EFI_IN_ARCH_FINALIZE then goto arch_cpu_finalize_init;
  efi_enter_virtual_mode:       # arch/x86/platform/efi/efi.c; called from arch_cpu_finalize_init()
    if EFI then {               # since v6.17 (ce2c403c26c1), from start_kernel() before
      if LASS_SVAM_TOGGLE then {  # LASS v4..v9 "efi: Disable LASS around set_virtual_address_map()",
        svam_lass := LASS in shadow[0];   # v10 "x86/efi: Disable LASS while mapping the EFI runtime services"
        cr4_clear_bits(0, {LASS}, EFI_LASS_TOGGLE);
      }
      efi_phase := EFI_SVAM;
    }
  efi_set_virtual_address_map:  # arch/x86/platform/efi/efi.c __efi_enter_virtual_mode(): SVAM is called
    if EFI then {               # at its lower-half (physical) address, which LASS forbids
      if LASS in cr4[0] then
        violate C2F "#GP: SetVirtualAddressMap() runs at its low address with CR4.LASS set";
      if LASS_SVAM_TOGGLE and svam_lass then
        cr4_set_bits(0, {LASS}, EFI_LASS_TOGGLE);
      efi_phase := EFI_VIRT;    # efi_native_runtime_setup(): runtime services usable
    }
    if EFI_FIRST then goto identify_boot_cpu;          # v5.3..v6.4: then check_bugs()
    if not EFI_IN_ARCH_FINALIZE then goto acpi_subsystem_init;   # v6.5..v6.16: back to start_kernel()
  arch_cpu_finalize_init:       # arch/x86/kernel/cpu/common.c arch_cpu_finalize_init(), right after
    hook arch_cpu_finalize_init;  # efi_enter_virtual_mode(): LASS v5..v8's setup_cr_pinning()
  alternative_instructions:     # arch/x86/kernel/alternative.c, from arch_cpu_finalize_init()
    alt_patched := true;        # (check_bugs() before v6.5): paranoid_entry now uses RDGSBASE
  anon_vma_init:                # mm/rmap.c, from init/main.c start_kernel() after mem_encrypt_init(), pid_idr_init();
                                # v6.5..v6.16 "#ifdef CONFIG_X86 if (efi_enabled(EFI_RUNTIME_SERVICES))
                                # efi_enter_virtual_mode();" comes next
    if not EFI_IN_ARCH_FINALIZE and not EFI_FIRST then goto efi_enter_virtual_mode;
  acpi_subsystem_init:          # drivers/acpi/bus.c, from start_kernel() after fork_init() .. security_init() ..
    skip;                       # vfs_caches_init() (Sohil, 31 Jul 2025: maybe the only arch-specific code left)
  rest_init:                    # init/main.c rest_init(): user_mode_thread(kernel_init) = PID 1,
    kthreadd_spawned := true;   # kernel_thread(kthreadd) = PID 2; CPU 0 becomes the idle task
}

/* ---- PID 1: kernel_init() -> kernel_init_freeable() (init/main.c) ------ */

fair+ process kernel_init {
  var saved_cr4 : set of Cr4 = {};   # arch/x86/power/cpu.c: ctxt->cr4
  kernel_init:                  # init/main.c kernel_init(): wait_for_completion(&kthreadd_done);
    await kthreadd_done;        # PID 1 is pinned to CPU 0 until sched_init_smp()
  smp_prepare_cpus:             # arch/x86/kernel/smpboot.c native_smp_prepare_cpus(), from
                                # init/main.c kernel_init_freeable(); then workqueue_init()
    skip;
  do_pre_smp_initcalls:         # init/main.c: the early_initcall level, one initcall per step, in any order
    with f in {EARLY_SLOT, DO_INIT_REAL_MODE} - ran {
      ran := ran + {f};
      if f == EARLY_SLOT then {
        hook early_initcall;    # early_initcall(setup_cr_pinning): Sohil's second option, 31 Jul 2025
      }
      # DO_INIT_REAL_MODE: arch/x86/realmode/init.c, the AP trampoline; no CR4 effect
    }
    if not ({EARLY_SLOT, DO_INIT_REAL_MODE} <= ran) then goto do_pre_smp_initcalls;
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
      await not released[a] and not given_up[a];   # cpuhp_ap_sync_alive() (cpuhp_bp_sync_alive()),
      kicked[a] := true;        # one at a time. Which AP comes next is left open: see "Any AP
      if SYNC_TIMEOUT then {    # next" at process ap below. SYNC_TIMEOUT: cpuhp_bp_sync_alive()
        either { released[a] := true; } or { given_up[a] := true; }   # may time out instead
      } else {
        released[a] := true;
      }
    }
  bringup_wait_for_ap_online:   # kernel/cpu.c: wait until the AP has set itself online
    await forall a in 1..NAP: released[a] => online[a];
    if exists a in 1..NAP: not released[a] and not given_up[a] then goto bringup_cpu;
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
  do_initcall_level_device:     # init/main.c do_initcall_level(): levels fs, rootfs, device. From
    if UMH then {               # rootfs_initcall(populate_rootfs) on, usermodehelper_enable() lets
      either { ring3 := true; } or { skip; }   # request_module() or a uevent helper exec ring-3 code
    }
  do_initcall_level_late:       # init/main.c do_initcall_level(): the late_initcall level,
                                # one initcall per step, in any order
    with f in {LATE_SLOT, CPU_FINALIZE_PRE_USERSPACE} - ran {
      ran := ran + {f};
      if f == LATE_SLOT then {
        hook late_initcall;     # LASS v10 05/15 late_initcall(enable_cr_pinning); Sohil, 19 Feb 2026
      }
      if f == CPU_FINALIZE_PRE_USERSPACE and LASS_AT_LATE then {
        # arch/x86/kernel/cpu/common.c late_initcall(cpu_finalize_pre_userspace):
        # cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "x86/lass:enable", enable_lass, NULL)
        # runs enable_lass() = cr4_set_bits(X86_CR4_LASS) on every online CPU, and
        # on every CPU that comes online later. A CPU inside an EFI runtime call
        # (preemption off) runs its cpuhp callback after it.
        await not efi_rt_busy;
        lass_cpuhp := true;
        for c in 0..NAP {
          if online[c] then cr4_set_bits(c, {LASS}, SETUP_FEATURE);
        }
      }
    }
    if not ({LATE_SLOT, CPU_FINALIZE_PRE_USERSPACE} <= ran) then goto do_initcall_level_late;
    if not ROOT_WAIT then goto free_initmem;
  wait_for_root:                # init/main.c kernel_init_freeable(): wait_for_initramfs(); with no
                                # /init there, init/do_mounts.c prepare_namespace() -> wait_for_root():
                                # "while (!driver_probe_done() || early_lookup_bdev(root_device_name,
                                # &ROOT_DEV) < 0) msleep(5);". Plain `rootwait` sets root_wait = -1, no
                                # deadline ("rootwait=<seconds>" adds one: Loic Poulain, 13 Aug 2023,
                                # "[PATCH v4] init: Add support for rootwait timeout parameter": "the
                                # `rootwait` param causes the kernel to wait forever"). ROOT_WAIT:
                                # each poll the disk may have shown up, or not, forever. PID 1 spins
                                # (msleep(5) in a loop): nothing else waits on it, so only L2 fails
    either { goto wait_for_root; } or { skip; }
  free_initmem:                 # init/main.c kernel_init(): async_synchronize_full(), free_initmem()
    skip;
  mark_readonly:                # init/main.c mark_readonly(): jump_label_init_ro(), mark_rodata_ro();
                                # __ro_after_init (cr_pinning, cr4_pinned_bits) is read-only from here
    ro_after_init := true;
  run_init_process:             # init/main.c run_init_process() -> kernel_execve(): the first userspace
    user := true;
    ring3 := true;

  # From here PID 1 is userspace init: it (or a task it starts) writes
  # /sys/devices/system/cpu/cpuN/online and /sys/power/state, and the
  # kernel work those writes start runs in its context. Then the attacker.

  cpu_device_down:              # kernel/cpu.c cpu_device_down() -> _cpu_down() -> take_cpu_down()
    if not HOTPLUG then {       # -> __cpu_disable(): set_cpu_online(cpu, false). Once, on an AP
      hp_done := true;          # not inside an EFI runtime call
      goto suspend_enter;
    }
    with a in 1..NAP {
      await online[a] and not efi_rt_in_call[a];
      online[a] := false;
      down[a] := true;
    }
  cpu_device_up:                # kernel/cpu.c cpu_device_up() -> _cpu_up() -> bringup_cpu():
    with a in 1..NAP {          # INIT/SIPI, the AP runs start_secondary() again. _cpu_down() has
      await dead[a];            # waited for the AP to die (cpuhp_bp_sync_dead())
      dead[a] := false;
      down[a] := false;
    }
  cpuhp_online_done:            # kernel/cpu.c: _cpu_up() returns once the AP is online
    await forall a in 1..NAP: online[a];
    hp_done := true;
  suspend_enter:                # kernel/power/suspend.c suspend_enter() -> arch/x86/power/cpu.c save_processor_state()
    if not RESUME then {        # (ctxt->cr4 = __read_cr4()) on CPU 0, the others offline [the APs'
      pm_done := true;          # part is the hotplug cycle above]; S3 resets the CPU: CR4 and the
      goto clear_online_bit;    # FRED MSRs. Tasks are frozen: no EFI runtime call
    }
    await not efi_rt_busy;
    suspended := true;
    saved_cr4 := cr4[0];
    cr4[0] := {};
    fred_msrs[0] := false;
  restore_processor_state:      # arch/x86/power/cpu.c __restore_processor_state(): __write_cr4(ctxt->cr4)
    native_write_cr4(0, saved_cr4, RESTORE);   # comes before the FRED MSRs (Sohil, 9 Feb 2026)
  cpu_init_fred_exceptions:     # arch/x86/kernel/fred.c, from __restore_processor_state() after the
                                # CR4 write: "if (ctxt->cr4 & X86_CR4_FRED) cpu_init_fred_exceptions()"
    if EARLY_EXC and FRED in cr4[0] and not fred_msrs[0] then
      violate F2 "triple fault: an exception in resume between __write_cr4(ctxt->cr4) and cpu_init_fred_exceptions()";
    if FRED in cr4[0] then fred_msrs[0] := true;
    suspended := false;
    pm_done := true;

  # The attacker (Peter Zijlstra, 18 Mar 2026, on cccc0c8ff0a9): userspace
  # with an arbitrary write to kernel read-write data (not to __ro_after_init
  # data, read-only since mark_readonly()). It may clear a CPU's bit in
  # cpu_online_mask ("all an attack needs to do is disable the online bit"),
  # then reach native_write_cr4() with SMEP cleared.
  clear_online_bit:             # include/linux/cpumask.h set_cpu_online(cpu, false), by a write.
    if not ATTACKER then { end; }   # On CPU 0: every CPU runs the same check against the same
    either { online[0] := false; } or { skip; }   # key and bits, so CPU 0 stands for any
  native_write_cr4:             # arch/x86/kernel/cpu/common.c native_write_cr4(cr4 & ~X86_CR4_SMEP)
    native_write_cr4(0, cr4[0] - {SMEP}, ATTACK);
    if not (SMEP in cr4[0]) then
      violate A1 "the attacker's native_write_cr4() left CR4.SMEP clear";
}

/* ---- APs: start_secondary() (arch/x86/kernel/smpboot.c) ---------------- */

# `symmetric` (docs/language.md 2.5): the APs run the same code and nothing
# else in the spec tells them apart. Two places used to, and were remodelled:
#
# Any AP next. bringup_nonboot_cpus() onlines the APs one at a time (serial,
# or released one by one from cpuhp_ap_sync_alive() in parallel mode). The
# kernel walks cpu_present_mask, but on SMT systems primary threads come
# first, so which CPU number is n-th is topology, not a boot-order fact;
# kernel_init.bringup_cpu picks any AP not yet released. This is exact up
# to renaming CPUs: the APs start equal, and every step and every
# constraint, window and expect treats them alike (quantifiers over 0..NAP,
# per-CPU arrays, "c == 0" for the BSP). So a run that brings the APs up
# in order a1, a2, .. is the in-order run (1, 2, ..) with CPU a_k renamed
# k, and conversely. Symmetry reduction then stores one state per renaming
# class, which is as if one order were explored.
#
# Per-CPU flags, not CPU numbers: efi_rt_in_call[c] says which CPU is inside
# a runtime call, recorded_from[c] whose shadow was recorded, down[a] which
# AP the hotplug cycle took down.
fair process ap[i in 1..NAP] symmetric {
  start_secondary:              # arch/x86/kernel/smpboot.c: INIT/SIPI -> trampoline -> start_secondary()
    await kicked[i];
  cr4_init:                     # arch/x86/kernel/cpu/common.c cr4_init(), the AP's first action:
    if cr_pinning or SPLIT_ENFORCEMENT then {  # "if (static_branch_likely(&cr_pinning))"; v10 drops the test
      cr4[i] := (cr4[i] - cr4_pinned_mask) + cr4_pinned_bits;   # __write_cr4(): all pinned bits at once,
    }                                                            # FRED too until 411df123c017
    shadow[i] := cr4[i];        # this_cpu_write(cpu_tlbstate.cr4, cr4)
  cpu_init_exception_handling:  # arch/x86/kernel/cpu/common.c cpu_init_exception_handling(false):
    exception_may_arrive(i, false);   # (an exception since cr4_init(): early IDT, or FRED)
    if FSGSBASE_EARLY then      # 05243d490bb7: FSGSBASE first, "secondary CPUs boot after
      cr4_set_bits(i, {FSGSBASE}, SETUP_FEATURE);   # alternatives are patched globally"
    if FRED_ON then {            # cpu_init_fred_exceptions(): the MSRs, then
      fred_msrs[i] := true;                 # cr4_set_bits(X86_CR4_FRED); else load_current_idt()
      cr4_set_bits(i, {FRED}, SETUP_FEATURE);
    }
  cpuhp_ap_sync_alive:          # kernel/cpu.c (v6.5+): wait for the control CPU; before v6.5 the wait
                                # was wait_for_master_cpu() at the top of cpu_init(). The kernel spins
                                # ("while (atomic_read(st) != SYNC_STATE_SHOULD_ONLINE) cpu_relax();"),
                                # an await under fairness; SYNC_TIMEOUT models the spin itself, which
                                # goes on forever once the control CPU has given up
    if SYNC_TIMEOUT and not released[i] then goto cpuhp_ap_sync_alive;
    await released[i];
  cpu_init:                     # arch/x86/kernel/cpu/common.c cpu_init(), fpu__init_cpu(): MSR and
    exception_may_arrive(i, true);    # CPUID accesses (#VC), NMIs; identify_secondary_cpu() is later
  ap_starting:                  # arch/x86/kernel/smpboot.c ap_starting() -> identify_secondary_cpu()
    identify_cpu(i);            #   -> identify_cpu(): setup_smep/smap/umip/[lass], FSGSBASE
  set_cpu_online:               # arch/x86/kernel/smpboot.c start_secondary(): set_cpu_online(cpu, true); on a CPU
    online[i] := true;          # that comes up after late_initcall the "x86/lass:enable" cpuhp
    if lass_cpuhp then          # callback (CPUHP_AP_ONLINE_DYN) runs too [folded into this step]
      cr4_set_bits(i, {LASS}, SETUP_FEATURE);
  cpu_startup_entry:            # kernel/sched/idle.c cpu_startup_entry(CPUHP_AP_ONLINE_IDLE): idle
    await down[i] or pm_done or not HOTPLUG;   # until the hotplug cycle takes this CPU down
    if not down[i] then { end; }
  play_dead:                    # arch/x86/kernel/smpboot.c native_play_dead(): the CPU reports itself
    dead[i] := true;            # dead (cpuhp_ap_report_dead()) and stops
  hlt_play_dead:                # arch/x86/kernel/smpboot.c hlt_play_dead(): halted until the next
    await not down[i];          # cpu_device_up(); its INIT/SIPI resets CR4 and the FRED MSRs (the
    cr4[i] := {};               # shadow is rewritten by cr4_init())
    fred_msrs[i] := false;
    goto start_secondary;
}

/* ---- EFI runtime calls (drivers/firmware/efi/runtime-wrappers.c) -------- */

# The efi_rts_wq worker: every runtime call runs here, one at a time
# (efi_runtime_lock). Only revisions with LASS are modelled (without LASS a
# call touches no modelled state), and every revision under EFI_HANG (a
# call that never returns matters anyway); only the 2026 design toggles CR4.
fair process efi_rts_wq {
  efi_call_rts:                 # drivers/firmware/efi/runtime-wrappers.c efi_call_rts(), queued
    await efisubsys_done;       # on efi_rts_wq once efisubsys_init() has created it
    if not (EFI and EFI_RT and (HAS_LASS or EFI_HANG)) then { end; }
  arch_efi_call_virt_setup:     # arch/x86/platform/efi/efi_64.c: efi_fpu_begin() (preemption off),
    await efi_phase == EFI_VIRT;  # efi_enter_mm(), efi_disable_lass() (0021e71cfb96)
    await not suspended;
    with c in 0..NAP {          # on whichever CPU the worker runs
      await online[c];
      efi_rt_in_call[c] := true;
      efi_rt_busy := true;
      if LASS_RT_TOGGLE then {
        efi_cr4_lass := LASS in shadow[c];    # cr4_read_shadow() & X86_CR4_LASS
        cr4_clear_bits(c, {LASS}, EFI_LASS_TOGGLE);
      }
    }
  efi_call_virt:                # drivers/firmware/efi/runtime-wrappers.c efi_call_virt_pointer(): the firmware runs, in efi_mm
    if exists c in 0..NAP: efi_rt_in_call[c] and LASS in cr4[c] then
      violate C2F "#GP: an EFI runtime service runs with CR4.LASS set";
    # EFI_HANG: the firmware may never return. Nothing in the kernel ends
    # the call: the caller waits in efi_queue_work() (runtime-wrappers.c)
    # with wait_for_completion(&efi_rts_work.efi_rts_comp), no timeout;
    # only a page fault in the firmware ends it early, which
    # efi_crash_gracefully_on_page_fault() (arch/x86/platform/efi/quirks.c)
    # turns into EFI_ABORTED and a complete(); a firmware loop does not
    # fault. So L3 fails. In REVs 6, 7 and 9 L2 fails too, necessarily:
    # cpu_finalize_pre_userspace's cpuhp_setup_state() runs enable_lass()
    # on every online CPU through its cpuhp thread and waits for each
    # (__cpuhp_kick_ap() -> wait_for_ap_thread()); the CPU in the call has
    # preemption off (efi_fpu_begin()), so that thread never runs there and
    # PID 1 waits in late_initcall forever (the `await not efi_rt_busy`
    # above). [Not modelled: such a CPU also holds up RCU grace periods,
    # which other boot steps may wait for [inferred].]
    if EFI_HANG then {
      either { goto efi_call_virt; } or { skip; }
    }
  arch_efi_call_virt_teardown:  # arch/x86/platform/efi/efi_64.c: efi_enable_lass() (0021e71cfb96),
                                # efi_leave_mm(), efi_fpu_end()
    for c in 0..NAP {           # the CPU the call ran on (one at a time)
      if efi_rt_in_call[c] then {
        if LASS_RT_TOGGLE and efi_cr4_lass then cr4_set_bits(c, {LASS}, EFI_LASS_TOGGLE);
        efi_rt_in_call[c] := false;
      }
    }
    efi_rt_busy := false;
    either { goto arch_efi_call_virt_setup; } or { end; }   # any number of calls
}

/* ---- PID 2: kthreadd (kernel/kthread.c) --------------------------------- */

fair process kthreadd {
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

constraint H3 "hardening: the cr_pinning key is on when an AP's cr4_init() runs (Sohil, 31 Jul 2025)":
  at ap.cr4_init: cr_pinning or SPLIT_ENFORCEMENT;   # v10: cr4_init() applies the bits recorded in identify_boot_cpu()

/* ---- Expected verdicts, per revision and guest kind ---------------------
 * The last matching line wins. Per REV and placement: the first line is
 * bare metal (no exception in an AP's bring-up; FRED changes nothing
 * there), "and EARLY_EXC" a SEV-ES/SNP or TDX guest, "and EARLY_EXC and
 * FRED_ON" one that uses FRED. The matrix does not depend on PARALLEL or on
 * NAP >= 1. The assumptions (EFI_RT, UMH, HOTPLUG, RESUME, ATTACKER) are
 * on; docs/specs.md says what each changes, and why every cell is what it
 * is. ----------------------------------------------------------------------- */
# 8 REV_UPSTREAM_PRE65
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_PRE65: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_PRE65: holds;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_PRE65: holds;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_PRE65: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_PRE65 and EARLY_EXC: violates C3, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_PRE65: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_PRE65 and EARLY_EXC: violates C3, C4, H3;
# 0 REV_UPSTREAM_616
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_616 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_616 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_616: holds;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_616 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_616: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_616 and EARLY_EXC: violates C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_616 and EARLY_EXC and FRED_ON: violates F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_616: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_616 and EARLY_EXC: violates C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_616 and EARLY_EXC and FRED_ON: violates C4, F1, F2, H3;
# 1 REV_UPSTREAM_617
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_UPSTREAM_617 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_UPSTREAM_617 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_617: holds;
expect setup_cr_pinning at early_initcall when REV = REV_UPSTREAM_617 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_617: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_617 and EARLY_EXC: violates C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_UPSTREAM_617 and EARLY_EXC and FRED_ON: violates F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_617: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_617 and EARLY_EXC: violates C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_UPSTREAM_617 and EARLY_EXC and FRED_ON: violates C4, F1, F2, H3;
# 2 REV_LASS_V5
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V5: violates C2, C2F;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V5 and EARLY_EXC and FRED_ON: violates C2, C2F, F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V5: violates C2F;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V5 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V5: violates C2F;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V5 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V5: violates C2F, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V5 and EARLY_EXC: violates C2F, C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V5 and EARLY_EXC and FRED_ON: violates C2F, F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V5: violates C2F, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V5 and EARLY_EXC: violates C2F, C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V5 and EARLY_EXC and FRED_ON: violates C2F, C4, F1, F2, H3;
# 3 REV_LASS_V9
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V9: violates C2, C2F;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V9 and EARLY_EXC and FRED_ON: violates C2, C2F, F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V9: violates C2F;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V9 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V9: violates C2F;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V9 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V9: violates C2F, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V9 and EARLY_EXC: violates C2F, C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V9 and EARLY_EXC and FRED_ON: violates C2F, F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V9: violates C2F, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V9 and EARLY_EXC: violates C2F, C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V9 and EARLY_EXC and FRED_ON: violates C2F, C4, F1, F2, H3;
# 4 REV_LASS_V10
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V10: violates C2, C2F;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_V10 and EARLY_EXC and FRED_ON: violates C2, C2F, F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V10: violates C2F;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_V10 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V10: violates C2F;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_V10 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V10: violates C2F;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_V10 and EARLY_EXC and FRED_ON: violates C2F, F1, F2;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V10: violates C2F, C4;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_V10 and EARLY_EXC and FRED_ON: violates C2F, C4, F1, F2;
# 5 REV_LASS_MERGED
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_MERGED and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_MERGED and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_MERGED: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_MERGED and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_MERGED: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_MERGED and EARLY_EXC: violates C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_MERGED and EARLY_EXC and FRED_ON: violates F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_MERGED: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_MERGED and EARLY_EXC: violates C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_MERGED and EARLY_EXC and FRED_ON: violates C4, F1, F2, H3;
# 6 REV_LASS_2026
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_LASS_2026 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_LASS_2026 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_2026: holds;
expect setup_cr_pinning at early_initcall when REV = REV_LASS_2026 and EARLY_EXC and FRED_ON: violates F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_2026: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_2026 and EARLY_EXC: violates C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_LASS_2026 and EARLY_EXC and FRED_ON: violates F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_2026: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_2026 and EARLY_EXC: violates C3, C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_LASS_2026 and EARLY_EXC and FRED_ON: violates C4, F1, F2, H3;
# 7 REV_WHATIF_2026_PINNED
expect setup_cr_pinning at identify_boot_cpu when REV = REV_WHATIF_2026_PINNED: violates C1, C2;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_WHATIF_2026_PINNED and EARLY_EXC and FRED_ON: violates C1, C2, F1, F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_WHATIF_2026_PINNED: violates C1, C2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_WHATIF_2026_PINNED and EARLY_EXC and FRED_ON: violates C1, C2, F1, F2;
expect setup_cr_pinning at early_initcall when REV = REV_WHATIF_2026_PINNED: violates C1, C2;
expect setup_cr_pinning at early_initcall when REV = REV_WHATIF_2026_PINNED and EARLY_EXC and FRED_ON: violates C1, C2, F1, F2;
expect setup_cr_pinning at core_initcall when REV = REV_WHATIF_2026_PINNED: violates C1, C2, H3;
expect setup_cr_pinning at core_initcall when REV = REV_WHATIF_2026_PINNED and EARLY_EXC: violates C1, C2, C3, H3;
expect setup_cr_pinning at core_initcall when REV = REV_WHATIF_2026_PINNED and EARLY_EXC and FRED_ON: violates C1, C2, F1, F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_WHATIF_2026_PINNED: violates C1, C2, C2F, C4, C6, H3;
expect setup_cr_pinning at late_initcall when REV = REV_WHATIF_2026_PINNED and EARLY_EXC: violates C1, C2, C2F, C3, C4, C6, H3;
expect setup_cr_pinning at late_initcall when REV = REV_WHATIF_2026_PINNED and EARLY_EXC and FRED_ON: violates C1, C2, C2F, C4, C6, F1, F2, H3;
# 9 REV_MAINLINE_2026
expect setup_cr_pinning at identify_boot_cpu when REV = REV_MAINLINE_2026: holds;
expect setup_cr_pinning at identify_boot_cpu when REV = REV_MAINLINE_2026 and EARLY_EXC and FRED_ON: violates F2;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_MAINLINE_2026: holds;
expect setup_cr_pinning at arch_cpu_finalize_init when REV = REV_MAINLINE_2026 and EARLY_EXC and FRED_ON: violates F2;
expect setup_cr_pinning at early_initcall when REV = REV_MAINLINE_2026: holds;
expect setup_cr_pinning at early_initcall when REV = REV_MAINLINE_2026 and EARLY_EXC and FRED_ON: violates F2;
expect setup_cr_pinning at core_initcall when REV = REV_MAINLINE_2026: violates H3;
expect setup_cr_pinning at core_initcall when REV = REV_MAINLINE_2026 and EARLY_EXC and FRED_ON: violates F2, H3;
expect setup_cr_pinning at late_initcall when REV = REV_MAINLINE_2026: violates C4, H3;
expect setup_cr_pinning at late_initcall when REV = REV_MAINLINE_2026 and EARLY_EXC and FRED_ON: violates C4, F2, H3;
# What-if SYNC_TIMEOUT, on REV 9 without FRED: the control CPU may give up
# on an AP (cpuhp_bp_sync_alive() times out), which then spins forever in
# cpuhp_ap_sync_alive(): L1 fails with a lasso whose cycle is that spin;
# everything else is as in REV 9 (the boot still reaches userspace: L2).
expect when SYNC_TIMEOUT and REV = REV_MAINLINE_2026: violates L1;
expect setup_cr_pinning at core_initcall when SYNC_TIMEOUT and REV = REV_MAINLINE_2026: violates H3, L1;
expect setup_cr_pinning at late_initcall when SYNC_TIMEOUT and REV = REV_MAINLINE_2026: violates C4, H3, L1;
# What-if ROOT_WAIT, on REV 9 without FRED: PID 1 may poll forever in
# wait_for_root() for a root disk that never shows up: L2 fails with a
# lasso whose cycle is that poll; the APs are online, EFI calls return
# (L1, L3), and every safety verdict is REV 9's.
expect when ROOT_WAIT and REV = REV_MAINLINE_2026: violates L2;
expect setup_cr_pinning at core_initcall when ROOT_WAIT and REV = REV_MAINLINE_2026: violates H3, L2;
expect setup_cr_pinning at late_initcall when ROOT_WAIT and REV = REV_MAINLINE_2026: violates C4, H3, L2;
# What-if EFI_HANG, without FRED: an EFI runtime call may never return
# (its cycle: the firmware running on in efi_call_virt()). On REV 5 only
# L3 fails; on REV 9 L2 too, since cpu_finalize_pre_userspace waits for
# the CPU inside the call (see efi_call_virt above). Safety verdicts are
# the REV's.
expect when EFI_HANG and REV = REV_LASS_MERGED: violates L3;
expect setup_cr_pinning at core_initcall when EFI_HANG and REV = REV_LASS_MERGED: violates H3, L3;
expect setup_cr_pinning at core_initcall when EFI_HANG and REV = REV_LASS_MERGED and EARLY_EXC: violates C3, H3, L3;
expect setup_cr_pinning at late_initcall when EFI_HANG and REV = REV_LASS_MERGED: violates C4, H3, L3;
expect setup_cr_pinning at late_initcall when EFI_HANG and REV = REV_LASS_MERGED and EARLY_EXC: violates C3, C4, H3, L3;
expect when EFI_HANG and REV = REV_MAINLINE_2026: violates L2, L3;
expect setup_cr_pinning at core_initcall when EFI_HANG and REV = REV_MAINLINE_2026: violates H3, L2, L3;
expect setup_cr_pinning at late_initcall when EFI_HANG and REV = REV_MAINLINE_2026: violates C4, H3, L2, L3;
