-- wide.m - Rumur (Murphi) version of bench/zoo/wide.boot (N CPUs, each
-- filling its own row of W one-byte page-table entries in four steps;
-- 5^N states).
--
--   rumur --threads 1 --deadlock-detection stuck wide.m -o wide.c
--   cc -O2 -o verifier wide.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the lines
-- marked "-- param".
--
-- Step for step equal to wide.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per CPU (the step it runs
-- next, or C_ended); one rule per step, in a ruleset over the CPUs; the
-- `for` loops run inside the rule; `set of Flag` is an array of booleans
-- indexed by the enum; W1 is an invariant; the rule "ended" is enabled in
-- the normal-end state only and changes nothing, so with
-- --deadlock-detection stuck Rumur's deadlock is bootcheck's.

const
  N: 9;              -- param: CPUs
  W: 16;             -- param: entries per CPU

type
  cpu_t: 1..N;
  entry_t: 0..W - 1;
  byte_t: 0..255;
  flag_t: enum { PRESENT, NX };
  cpu_pc_t: enum { C_map_low, C_map_high, C_protect, C_online, C_ended };

var
  pte: array [cpu_t] of array [entry_t] of byte_t;
  flags: array [cpu_t] of array [flag_t] of boolean;
  pc: array [cpu_t] of cpu_pc_t;

startstate
begin
  for c: cpu_t do
    for e: entry_t do pte[c][e] := 0; endfor;
    for f: flag_t do flags[c][f] := false; endfor;
    pc[c] := C_map_low;
  endfor;
end;

ruleset i: cpu_t do

  rule "cpu.map_low" pc[i] = C_map_low ==>
  begin
    for e := 0 to W / 2 - 1 do
      pte[i][e] := (i * 16 + e + 1) % 256;
    endfor;
    pc[i] := C_map_high;
  end;

  rule "cpu.map_high" pc[i] = C_map_high ==>
  begin
    for e := W / 2 to W - 1 do
      pte[i][e] := (pte[i][e - W / 2] + e * 3) % 256;
    endfor;
    pc[i] := C_protect;
  end;

  rule "cpu.protect" pc[i] = C_protect ==>
  begin
    for e: entry_t do
      if e % 3 = 0 then pte[i][e] := pte[i][e] / 2 + 1; endif;
    endfor;
    flags[i][PRESENT] := false;
    flags[i][NX] := true;
    pc[i] := C_online;
  end;

  rule "cpu.online" pc[i] = C_online ==>
  begin
    flags[i][PRESENT] := true;
    pc[i] := C_ended;
  end;

endruleset;

rule "ended" forall c: cpu_t do pc[c] = C_ended endforall ==>
begin
end;

-- W1 "a CPU goes online with its table filled":
--   always forall c in 1..N: PRESENT in flags[c] => pte[c][W - 1] != 0
invariant "W1"
  forall c: cpu_t do flags[c][PRESENT] -> pte[c][W - 1] != 0 endforall;
