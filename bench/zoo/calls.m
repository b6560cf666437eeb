-- calls.m - Rumur (Murphi) version of bench/zoo/calls.boot (N drivers
-- taking and dropping references on D shared devices through nested
-- procedure calls; 7^N states).
--
--   rumur --threads 1 --deadlock-detection stuck calls.m -o calls.c
--   cc -O2 -o verifier calls.c -lpthread && ./verifier
--
-- Murphi has no command-line constants: bench/zoo/run rewrites the lines
-- marked "-- param".
--
-- Step for step equal to calls.boot, with bench/models/boot.m's
-- conventions: an explicit program counter per driver; one rule per
-- step, in a ruleset over the drivers, calling Murphi procedures like the
-- .boot's; `violate R1` is an `error`; R2 is an invariant; the rule
-- "ended" is enabled in the normal-end state only and changes nothing.
-- `put` is `put_` (a Murphi keyword).

const
  N: 8;              -- param: drivers
  D: 3;              -- param: devices
  MAXREF: 2 * N;

type
  drv_t: 1..N;
  dev_t: 0..D - 1;
  drv_pc_t: enum { P_probe, P_claim, P_work, P_release, P_unbind,
                   P_rebind, P_ended };

var
  refs: array [dev_t] of 0..MAXREF;
  logged: array [dev_t] of 0..4 * N;
  bound: array [drv_t] of boolean;
  pc: array [drv_t] of drv_pc_t;

procedure get(d: dev_t);
begin
  refs[d] := refs[d] + 1;
end;

procedure put_(d: dev_t);
begin
  if refs[d] = 0 then
    error "R1 put without get";
  else
    refs[d] := refs[d] - 1;
  endif;
end;

procedure note(d: dev_t);
begin
  logged[d] := logged[d] + 1;
end;

procedure attach(c: drv_t; d: dev_t);
begin
  get(d);
  note(d);
  bound[c] := true;
end;

procedure detach(c: drv_t; d: dev_t);
begin
  put_(d);
  note(d);
  bound[c] := false;
end;

startstate
begin
  for d: dev_t do refs[d] := 0; logged[d] := 0; endfor;
  for c: drv_t do bound[c] := false; pc[c] := P_probe; endfor;
end;

ruleset i: drv_t do

  rule "drv.probe" pc[i] = P_probe ==>
  begin
    attach(i, i % D);
    pc[i] := P_claim;
  end;

  rule "drv.claim" pc[i] = P_claim ==>
  begin
    get((i + 1) % D);
    pc[i] := P_work;
  end;

  rule "drv.work" pc[i] = P_work ==>
  begin
    note((i + 1) % D);
    pc[i] := P_release;
  end;

  rule "drv.release" pc[i] = P_release ==>
  begin
    put_((i + 1) % D);
    pc[i] := P_unbind;
  end;

  rule "drv.unbind" pc[i] = P_unbind ==>
  begin
    detach(i, i % D);
    pc[i] := P_rebind;
  end;

  rule "drv.rebind" pc[i] = P_rebind ==>
  begin
    attach(i, (i + 2) % D);
    pc[i] := P_ended;
  end;

endruleset;

rule "ended" forall c: drv_t do pc[c] = P_ended endforall ==>
begin
end;

-- R2 "references bounded": always forall d in 0..D - 1: refs[d] <= MAXREF
invariant "R2" forall d: dev_t do refs[d] <= MAXREF endforall;
