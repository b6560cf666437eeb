-- initcall.m - Rumur (Murphi) version of bench/zoo/initcall.boot
-- (kernel_init runs L initcall levels of D drivers each; each driver
-- probes at its level, initialises, and runs an asynchronous tail at any
-- later time; 4^D (2^(DL) - 1) / (2^D - 1) + 2 * 2^(DL) states).
--
--   rumur --threads 1 --deadlock-detection stuck initcall.m -o initcall.c
--   cc -O2 -o verifier initcall.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the lines
-- marked "-- param".
--
-- Step for step equal to initcall.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per process; one rule per
-- step (a ruleset over the drivers), the `await` part of the guard;
-- level_sync's `goto` is "the pc stays at K_level_sync"; register is a
-- procedure; `set of Class` is an array of booleans indexed by the enum;
-- I1 and I2 are invariants; the rule "ended" is enabled in the
-- normal-end state only and changes nothing. level_sync's await, `forall
-- d in 0..ND - 1: d / D != level or done[d]`, is written over the D
-- drivers of the current level (the same condition).

const
  L: 6;              -- param: initcall levels
  D: 3;              -- param: drivers per level
  ND: L * D;

type
  level_t: 0..L - 1;
  drv_t: 0..ND - 1;
  class_t: enum { BUS, CLK, NET, BLK };
  kinit_pc_t: enum { K_level_sync, K_boot_done, K_ended };
  drv_pc_t: enum { D_probe, D_init, D_tail, D_ended };

var
  level: level_t;
  done: array [drv_t] of boolean;
  irq: array [drv_t] of 0..15;
  registered: array [class_t] of boolean;
  deferred: array [drv_t] of boolean;
  booted: boolean;
  kinit_pc: kinit_pc_t;
  pc: array [drv_t] of drv_pc_t;

procedure register(d: drv_t);
begin
  if d % 4 = 0 then registered[BUS] := true;
  elsif d % 4 = 1 then registered[CLK] := true;
  elsif d % 4 = 2 then registered[NET] := true;
  else registered[BLK] := true;
  endif;
end;

startstate
begin
  level := 0;
  for d: drv_t do
    done[d] := false; irq[d] := 0; deferred[d] := false; pc[d] := D_probe;
  endfor;
  for c: class_t do registered[c] := false; endfor;
  booted := false;
  kinit_pc := K_level_sync;
end;

-- process kinit

rule "kinit.level_sync"
  kinit_pc = K_level_sync
  & forall j: 0..D - 1 do done[level * D + j] endforall
==>
begin
  if level < L - 1 then
    level := level + 1;
  else
    kinit_pc := K_boot_done;
  endif;
end;

rule "kinit.boot_done" kinit_pc = K_boot_done ==>
begin
  booted := true;
  kinit_pc := K_ended;
end;

-- process drv[i in 0..ND - 1]

ruleset i: drv_t do

  rule "drv.probe" pc[i] = D_probe & level = i / D ==>
  begin
    irq[i] := (i * 7 + 3) % 16;
    pc[i] := D_init;
  end;

  rule "drv.init" pc[i] = D_init ==>
  begin
    register(i);
    done[i] := true;
    pc[i] := D_tail;
  end;

  rule "drv.tail" pc[i] = D_tail ==>
  begin
    deferred[i] := true;
    pc[i] := D_ended;
  end;

endruleset;

rule "ended"
  kinit_pc = K_ended & forall d: drv_t do pc[d] = D_ended endforall
==>
begin
end;

-- I1 "a driver initialises only at its level or later":
--   always forall d in 0..ND - 1: done[d] => level >= d / D
invariant "I1" forall d: drv_t do done[d] -> level >= d / D endforall;
-- I2 "boot only after every level":
--   always booted => forall d in 0..ND - 1: done[d]
invariant "I2" booted -> forall d: drv_t do done[d] endforall;
