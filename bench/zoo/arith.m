-- arith.m - Rumur (Murphi) version of bench/zoo/arith.boot (N ALUs:
-- multiply, divide, remainder and a hash loop over large ranges; 22^N
-- states).
--
--   rumur --threads 1 --deadlock-detection stuck arith.m -o arith.c
--   cc -O2 -o verifier arith.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the line
-- marked "-- param".
--
-- Step for step equal to arith.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per ALU; one rule per step
-- and choice (load's and mix's `with d in 0..2` are rulesets over d);
-- fold's loop runs inside its rule; A1 and A2 are invariants; the rule
-- "ended" is enabled in the normal-end state only and changes nothing.
-- The operands of `/` and `%` are never negative, where Murphi's and
-- bootcheck's could differ.

const
  N: 5;              -- param: ALUs
  BIG: 2000000000;

type
  alu_t: 1..N;
  alu_pc_t: enum { A_load, A_mix, A_fold, A_ended };

var
  acc: array [alu_t] of 0..BIG;
  h: array [alu_t] of 0..65520;
  q: array [alu_t] of -100000..100000;
  pc: array [alu_t] of alu_pc_t;

startstate
begin
  for c: alu_t do acc[c] := 0; h[c] := 0; q[c] := 0; pc[c] := A_load; endfor;
end;

ruleset i: alu_t do

  ruleset d: 0..2 do
    rule "alu.load" pc[i] = A_load ==>
    begin
      acc[i] := acc[i] * 1000 + d * 7919 + i;
      pc[i] := A_mix;
    end;

    rule "alu.mix" pc[i] = A_mix ==>
    begin
      acc[i] := acc[i] * 31 + d * 104729;
      h[i] := (acc[i] % 46337) * (acc[i] % 46337) % 65521;
      pc[i] := A_fold;
    end;
  endruleset;

  rule "alu.fold" pc[i] = A_fold ==>
  begin
    q[i] := acc[i] / 7 % 1000 - acc[i] % 13 * 17;
    for k := 1 to 8 do
      h[i] := (h[i] * 31 + k * q[i] + 100000) % 65521;
    endfor;
    pc[i] := A_ended;
  end;

endruleset;

rule "ended" forall c: alu_t do pc[c] = A_ended endforall ==>
begin
end;

-- A1 "the hash stays in range": always forall c in 1..N: h[c] <= 65520
invariant "A1" forall c: alu_t do h[c] <= 65520 endforall;
-- A2 "a folded value is small": always forall c in 1..N: q[c] < 1000
invariant "A2" forall c: alu_t do q[c] < 1000 endforall;
