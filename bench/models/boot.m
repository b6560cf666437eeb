-- boot.m - Rumur (Murphi) version of bench/models/boot.boot (the benchmark
-- model: a BSP that runs ten steps alone, the tenth kicking N APs; each AP
-- then runs four steps; 10 + 5^N distinct states).
--
--   rumur --threads 1 --deadlock-detection stuck boot.m -o boot.c
--   cc -O2 -o verifier boot.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/run (like
-- tests/peers/run_peers.py) rewrites the line marked "-- param".
--
-- Step for step equal to boot.boot, with the conventions of
-- tests/peers/README.md:
--  - an explicit program counter per process (the label it runs next, or
--    *_ended); one rule per step (a ruleset over the AP index for the
--    family); guard = "pc is at the step" and the step's `await`;
--  - `set of Cr4` is an array of booleans indexed by the enum;
--  - C3 (`at ap.cr4_init: pinned`) is a rule whose guard is "cr4_init is
--    enabled and not pinned" and whose body is `error`: the step's own rule
--    still fires, as in bootcheck;
--  - C4 (`always ...`) is an invariant;
--  - the rule "ended" is enabled exactly in the normal-end state and changes
--    nothing, so with --deadlock-detection stuck Rumur's "deadlock" is
--    bootcheck's deadlock (tests/peers correction R2: one extra rule firing,
--    no extra state).
-- Rumur counts every reachable state, the initial one included, like
-- bootcheck (tests/peers correction R1: 0); the indices are subranges, not
-- scalarsets, so there is no symmetry reduction (R3: 0).

const
  N: 4;              -- param: number of APs

type
  ap_t: 1..N;
  cpu_t: 0..N;
  cr4_bit: enum { SMEP, SMAP, UMIP, LASS };
  cr4_set: array [cr4_bit] of boolean;
  bsp_pc_t: enum { B_start_kernel, B_setup_arch, B_trap_init,
                   B_identify_boot_cpu, B_setup_cr_pinning, B_setup_lass,
                   B_rest_init, B_kernel_init, B_do_pre_smp_initcalls,
                   B_smp_init, B_ended };
  ap_pc_t: enum { A_start_secondary, A_cr4_init, A_ap_starting,
                  A_set_cpu_online, A_ended };

var
  cr4: array [cpu_t] of cr4_set;
  pinned: boolean;
  kicked: boolean;
  online: array [ap_t] of boolean;
  bsp_pc: bsp_pc_t;
  ap_pc: array [ap_t] of ap_pc_t;

startstate
begin
  for c: cpu_t do
    for b: cr4_bit do cr4[c][b] := false; endfor;
  endfor;
  pinned := false;
  kicked := false;
  for c: ap_t do
    online[c] := false;
    ap_pc[c] := A_start_secondary;
  endfor;
  bsp_pc := B_start_kernel;
end;

-- process bsp

rule "bsp.start_kernel" bsp_pc = B_start_kernel ==>
begin
  bsp_pc := B_setup_arch;
end;

rule "bsp.setup_arch" bsp_pc = B_setup_arch ==>
begin
  bsp_pc := B_trap_init;
end;

rule "bsp.trap_init" bsp_pc = B_trap_init ==>
begin
  bsp_pc := B_identify_boot_cpu;
end;

rule "bsp.identify_boot_cpu" bsp_pc = B_identify_boot_cpu ==>
begin
  cr4[0][SMEP] := true; cr4[0][SMAP] := true; cr4[0][UMIP] := true;
  cr4[0][LASS] := false;
  bsp_pc := B_setup_cr_pinning;
end;

rule "bsp.setup_cr_pinning" bsp_pc = B_setup_cr_pinning ==>
begin
  pinned := true;
  bsp_pc := B_setup_lass;
end;

rule "bsp.setup_lass" bsp_pc = B_setup_lass ==>
begin
  cr4[0][LASS] := true;
  bsp_pc := B_rest_init;
end;

rule "bsp.rest_init" bsp_pc = B_rest_init ==>
begin
  bsp_pc := B_kernel_init;
end;

rule "bsp.kernel_init" bsp_pc = B_kernel_init ==>
begin
  bsp_pc := B_do_pre_smp_initcalls;
end;

rule "bsp.do_pre_smp_initcalls" bsp_pc = B_do_pre_smp_initcalls ==>
begin
  bsp_pc := B_smp_init;
end;

rule "bsp.smp_init" bsp_pc = B_smp_init ==>
begin
  kicked := true;
  bsp_pc := B_ended;
end;

-- process ap[i in 1..N]

ruleset i: ap_t do

  rule "ap.start_secondary" ap_pc[i] = A_start_secondary & kicked ==>
  begin
    ap_pc[i] := A_cr4_init;
  end;

  rule "ap.cr4_init" ap_pc[i] = A_cr4_init ==>
  begin
    if pinned then
      cr4[i] := cr4[0];
    endif;
    ap_pc[i] := A_ap_starting;
  end;

  rule "ap.ap_starting" ap_pc[i] = A_ap_starting ==>
  begin
    for b: cr4_bit do cr4[i][b] := true; endfor;
    ap_pc[i] := A_set_cpu_online;
  end;

  rule "ap.set_cpu_online" ap_pc[i] = A_set_cpu_online ==>
  begin
    online[i] := true;
    ap_pc[i] := A_ended;
  end;

  -- C3 "CR pinning before AP bring-up": at ap.cr4_init: pinned
  rule "C3" ap_pc[i] = A_cr4_init & !pinned ==>
  begin
    error "C3";
  end;

endruleset;

rule "ended"
  bsp_pc = B_ended & forall c: ap_t do ap_pc[c] = A_ended endforall
==>
begin
end;

-- C4 "every online CPU has every security bit":
--   always forall c in 1..N: online[c] => {SMEP, SMAP, UMIP, LASS} <= cr4[c]
invariant "C4"
  forall c: ap_t do
    online[c] -> forall b: cr4_bit do cr4[c][b] endforall
  endforall;
