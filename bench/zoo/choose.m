-- choose.m - Rumur (Murphi) version of bench/zoo/choose.boot (N tasks
-- each grabbing any free slot out of R, then taking one of two modes;
-- sum over k of C(N, k) R!/(R - k)! 3^k states).
--
--   rumur --threads 1 --deadlock-detection stuck choose.m -o choose.c
--   cc -O2 -o verifier choose.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the lines
-- marked "-- param".
--
-- Step for step equal to choose.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per task; one rule per step
-- and choice: grab's `with s in 0..R - 1` is a ruleset over s, its
-- `await` part of the guard; mode's `either` is two rules; C1 is an
-- invariant (at_label(task.grab[a]) is pc[a] = T_grab); the rule "ended"
-- is enabled in the normal-end state only and changes nothing.

const
  N: 5;              -- param: tasks
  R: 7;              -- param: slots

type
  task_t: 1..N;
  slot_t: 0..R - 1;
  task_pc_t: enum { T_grab, T_mode, T_ended };

var
  used: array [slot_t] of boolean;
  slot: array [task_t] of slot_t;
  fast: array [task_t] of boolean;
  pc: array [task_t] of task_pc_t;

startstate
begin
  for s: slot_t do used[s] := false; endfor;
  for t: task_t do slot[t] := 0; fast[t] := false; pc[t] := T_grab; endfor;
end;

ruleset i: task_t do

  ruleset s: slot_t do
    rule "task.grab" pc[i] = T_grab & !used[s] ==>
    begin
      used[s] := true;
      slot[i] := s;
      pc[i] := T_mode;
    end;
  endruleset;

  rule "task.mode (fast)" pc[i] = T_mode ==>
  begin
    fast[i] := true;
    pc[i] := T_ended;
  end;

  rule "task.mode (skip)" pc[i] = T_mode ==>
  begin
    pc[i] := T_ended;
  end;

endruleset;

rule "ended" forall t: task_t do pc[t] = T_ended endforall ==>
begin
end;

-- C1 "no slot held twice":
--   always forall a in 1..N: forall b in 1..N: a == b or
--     at_label(task.grab[a]) or at_label(task.grab[b]) or slot[a] != slot[b]
invariant "C1"
  forall a: task_t do forall b: task_t do
    a = b | pc[a] = T_grab | pc[b] = T_grab | slot[a] != slot[b]
  endforall endforall;
