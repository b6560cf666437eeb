-- symfam.m - Rumur (Murphi) version of bench/zoo/symfam.boot (N CPUs,
-- each taking one lock twice; 3^N + 4 N 3^(N-1) states without symmetry
-- reduction).
--
--   rumur --threads 1 --deadlock-detection stuck symfam.m -o symfam.c
--   cc -O2 -o verifier symfam.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the line
-- marked "-- param".
--
-- Step for step equal to symfam.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per CPU; one rule per step in
-- a ruleset over the CPUs, the `await` part of the guard; M1 is an
-- invariant over the program counters; the rule "ended" is enabled in
-- the normal-end state only and changes nothing. The CPUs are a subrange,
-- not a scalarset: no symmetry reduction (bootcheck's --no-symmetry).

const
  N: 11;             -- param: CPUs

type
  cpu_t: 1..N;
  cpu_pc_t: enum { C_acquire0, C_crit0, C_release0, C_acquire1, C_crit1,
                   C_release1, C_ended };

var
  locked: boolean;
  rounds: array [cpu_t] of 0..2;
  pc: array [cpu_t] of cpu_pc_t;

function held(c: cpu_t): boolean;
begin
  return pc[c] = C_crit0 | pc[c] = C_release0 | pc[c] = C_crit1
         | pc[c] = C_release1;
end;

startstate
begin
  locked := false;
  for c: cpu_t do rounds[c] := 0; pc[c] := C_acquire0; endfor;
end;

ruleset i: cpu_t do

  rule "cpu.acquire0" pc[i] = C_acquire0 & !locked ==>
  begin
    locked := true;
    pc[i] := C_crit0;
  end;

  rule "cpu.crit0" pc[i] = C_crit0 ==>
  begin
    rounds[i] := rounds[i] + 1;
    pc[i] := C_release0;
  end;

  rule "cpu.release0" pc[i] = C_release0 ==>
  begin
    locked := false;
    pc[i] := C_acquire1;
  end;

  rule "cpu.acquire1" pc[i] = C_acquire1 & !locked ==>
  begin
    locked := true;
    pc[i] := C_crit1;
  end;

  rule "cpu.crit1" pc[i] = C_crit1 ==>
  begin
    rounds[i] := rounds[i] + 1;
    pc[i] := C_release1;
  end;

  rule "cpu.release1" pc[i] = C_release1 ==>
  begin
    locked := false;
    pc[i] := C_ended;
  end;

endruleset;

rule "ended" forall c: cpu_t do pc[c] = C_ended endforall ==>
begin
end;

-- M1 "mutual exclusion":
--   always forall a in 1..N: forall b in 1..N:
--     a == b or not (at one of crit0, release0, crit1, release1 [a]
--                    and at one of them [b])
-- (the same, with b's loop under a's test)
invariant "M1"
  forall a: cpu_t do
    held(a) -> forall b: cpu_t do a = b | !held(b) endforall
  endforall;
