-- mutex.m - Rumur peer of mutex.boot (test-and-set lock, N processes).
--
-- Kept step-for-step equal to mutex.boot (see README.md): an explicit
-- program counter per process (the label it runs next); one rule per step
-- and process (a ruleset over the family), whose guard is "pc is at the
-- step" and the step's `await`; an `either` gives one rule per branch.
-- The runner rewrites the lines marked "-- param" to set N and RACY.

const
  N: 2;          -- param: number of processes
  RACY: false;   -- param: true = test and set in two steps (violates MUTEX)

type
  pid: 1..N;
  pc_t: enum { ncs, test, enter, release };

var
  lock: boolean;
  in_cs: 0..N;
  pc: array [pid] of pc_t;

startstate
begin
  lock := false;
  in_cs := 0;
  for i: pid do pc[i] := ncs; endfor;
end;

ruleset i: pid do

  rule "p.ncs" pc[i] = ncs ==>
  begin
    pc[i] := test;
  end;

  rule "p.test" pc[i] = test & !lock ==>
  begin
    if !RACY then lock := true; endif;
    pc[i] := enter;
  end;

  rule "p.enter" pc[i] = enter ==>
  begin
    lock := true;
    in_cs := in_cs + 1;
    pc[i] := release;
  end;

  -- release: ...; either { goto ncs; } or { goto test; }
  rule "p.release (either 1: goto ncs)" pc[i] = release ==>
  begin
    lock := false;
    in_cs := in_cs - 1;
    pc[i] := ncs;
  end;

  rule "p.release (either 2: goto test)" pc[i] = release ==>
  begin
    lock := false;
    in_cs := in_cs - 1;
    pc[i] := test;
  end;

endruleset;

-- The processes never end, so there is no normal-end state and no "ended"
-- idle rule (the runner uses --deadlock-detection stuck).
invariant "MUTEX" in_cs <= 1;
