-- boot.m - Rumur peer of boot.boot (a BSP and N APs: a simplified x86 boot
-- with CR4 pinning, after the language sketch, specs/sketch.boot).
--
-- Kept step-for-step equal to boot.boot (see README.md):
--  - an explicit program counter per process (the label it runs next, or
--    *_ended); one rule per step (a ruleset over the AP index for the
--    family); guard = "pc is at the step" and the step's `await`; an
--    `either` gives one rule per branch;
--  - `set of Cr4` is an array of booleans indexed by the enum;
--  - `at E: P` is a rule "C<n>" whose guard is "E is enabled and not P" and
--    whose body is `error`: the step's own rule still fires, so the search
--    goes on past the violation as in bootcheck (an `assert` inside the
--    step's rule would drop that successor and can fake a deadlock);
--  - `always P` is an invariant; `A before B` is the history bit h_C5, set
--    by A and checked at B;
--  - the rule "ended" is enabled exactly in normal-end states and changes
--    nothing, so with --deadlock-detection stuck Rumur's "deadlock" is
--    bootcheck's deadlock (README.md, correction R2).
-- The runner rewrites the lines marked "-- param".

const
  N: 2;              -- param: number of APs
  LATE_PIN: false;   -- param: true = pin CR4 after smp_wait (violates C3)

type
  ap_t: 1..N;
  cpu_t: 0..N;
  cr4_bit: enum { SMEP, SMAP, UMIP, LASS };
  cr4_set: array [cr4_bit] of boolean;
  efi_t: enum { PHYS, SVAM, VIRT, OFF };
  bsp_pc_t: enum { B_identify_boot_cpu, B_setup_lass, B_efi_svam_enter,
                   B_efi_svam_exit, B_rest_init, B_smp_init, B_smp_wait,
                   B_run_init_process, B_ended };
  ap_pc_t: enum { A_start_secondary, A_cr4_init, A_online, A_ended };

var
  cr4: array [cpu_t] of cr4_set;
  pinned: boolean;
  pin_bits: cr4_set;
  efi: efi_t;
  kicked: array [ap_t] of boolean;
  online: array [ap_t] of boolean;
  user: boolean;
  h_C5: boolean;         -- history bit of C5: bsp.smp_init has happened
  bsp_pc: bsp_pc_t;
  ap_pc: array [ap_t] of ap_pc_t;

startstate
begin
  for c: cpu_t do
    for b: cr4_bit do cr4[c][b] := false; endfor;
  endfor;
  pinned := false;
  for b: cr4_bit do pin_bits[b] := false; endfor;
  efi := PHYS;
  for c: ap_t do
    kicked[c] := false;
    online[c] := false;
    ap_pc[c] := A_start_secondary;
  endfor;
  user := false;
  h_C5 := false;
  bsp_pc := B_identify_boot_cpu;
end;

-- process bsp

rule "bsp.identify_boot_cpu" bsp_pc = B_identify_boot_cpu ==>
begin
  cr4[0][SMEP] := true; cr4[0][SMAP] := true; cr4[0][UMIP] := true;
  bsp_pc := B_setup_lass;
end;

rule "bsp.setup_lass" bsp_pc = B_setup_lass ==>
begin
  cr4[0][LASS] := true;
  bsp_pc := B_efi_svam_enter;
end;

rule "bsp.efi_svam_enter (either 1)" bsp_pc = B_efi_svam_enter ==>
begin
  cr4[0][LASS] := false;
  efi := SVAM;
  bsp_pc := B_efi_svam_exit;
end;

rule "bsp.efi_svam_enter (either 2: goto rest_init)" bsp_pc = B_efi_svam_enter ==>
begin
  efi := OFF;
  bsp_pc := B_rest_init;
end;

rule "bsp.efi_svam_exit" bsp_pc = B_efi_svam_exit ==>
begin
  cr4[0][LASS] := true;
  efi := VIRT;
  bsp_pc := B_rest_init;
end;

rule "bsp.rest_init" bsp_pc = B_rest_init ==>
begin
  if !LATE_PIN then
    pin_bits := cr4[0];
    pinned := true;
  endif;
  bsp_pc := B_smp_init;
end;

rule "bsp.smp_init" bsp_pc = B_smp_init ==>
begin
  for c: ap_t do kicked[c] := true; endfor;
  h_C5 := true;
  bsp_pc := B_smp_wait;
end;

rule "bsp.smp_wait"
  bsp_pc = B_smp_wait & forall c: ap_t do online[c] endforall
==>
begin
  if LATE_PIN then
    pin_bits := cr4[0];
    pinned := true;
  endif;
  bsp_pc := B_run_init_process;
end;

rule "bsp.run_init_process" bsp_pc = B_run_init_process ==>
begin
  user := true;
  bsp_pc := B_ended;
end;

-- process ap[i in 1..N]

ruleset i: ap_t do

  rule "ap.start_secondary" ap_pc[i] = A_start_secondary & kicked[i] ==>
  begin
    ap_pc[i] := A_cr4_init;
  end;

  rule "ap.cr4_init" ap_pc[i] = A_cr4_init ==>
  begin
    cr4[i][SMEP] := true; cr4[i][SMAP] := true; cr4[i][UMIP] := true;
    if pinned then
      for b: cr4_bit do
        if pin_bits[b] then cr4[i][b] := true; endif;
      endfor;
    endif;
    ap_pc[i] := A_online;
  end;

  rule "ap.online" ap_pc[i] = A_online ==>
  begin
    online[i] := true;
    ap_pc[i] := A_ended;
  end;

  -- C3 "CR pinning before AP bring-up": at ap.cr4_init: pinned
  rule "C3" ap_pc[i] = A_cr4_init & !pinned ==>
  begin
    error "C3";
  end;

  -- C5: bsp.smp_init before ap.cr4_init
  rule "C5" ap_pc[i] = A_cr4_init & !h_C5 ==>
  begin
    error "C5";
  end;

endruleset;

-- C2 "EFI runtime set up before pinning": at bsp.efi_svam_enter: not pinned
rule "C2" bsp_pc = B_efi_svam_enter & pinned ==>
begin
  error "C2";
end;

rule "ended"
  bsp_pc = B_ended & forall c: ap_t do ap_pc[c] = A_ended endforall
==>
begin
end;

-- C4 "CR pinning before userspace": always user => pinned
invariant "C4" user -> pinned;
