-- prodcons.m - Rumur peer of prodcons.boot (bounded buffer as a counter,
-- N producers and N consumers, ITEMS items each).
--
-- Kept step-for-step equal to prodcons.boot (see README.md): an explicit
-- program counter per process (the label it runs next, or *_ended); one
-- rule per step and process (a ruleset over the family index), guard = "pc
-- is at the step" and the step's `await`. Locals of a family are arrays
-- over its index. The rule "ended" is enabled exactly in the normal-end
-- state (every process ended) and changes nothing: with
-- --deadlock-detection stuck, Rumur then reports "deadlock" exactly where
-- bootcheck does (no step enabled, some process not ended), and the rule
-- fires once per normal-end state (correction R2 in README.md).
-- The runner rewrites the lines marked "-- param".

const
  N: 2;          -- param: producers, and consumers
  CAP: 2;        -- param: buffer capacity
  ITEMS: 2;      -- param: items each producer makes / each consumer takes
  EXTRA: 0;      -- param: 1 = each consumer wants one more (deadlock)

type
  pid: 1..N;
  prod_pc_t: enum { prod_produce, prod_put, prod_ended };
  cons_pc_t: enum { cons_get, cons_consume, cons_ended };

var
  count: 0..CAP;
  made: array [pid] of 0..ITEMS;
  prod_pc: array [pid] of prod_pc_t;
  got: array [pid] of 0..ITEMS + EXTRA;
  cons_pc: array [pid] of cons_pc_t;

startstate
begin
  count := 0;
  for i: pid do
    made[i] := 0;
    prod_pc[i] := prod_produce;
    got[i] := 0;
    cons_pc[i] := cons_get;
  endfor;
end;

ruleset i: pid do

  rule "prod.produce" prod_pc[i] = prod_produce ==>
  begin
    made[i] := made[i] + 1;
    prod_pc[i] := prod_put;
  end;

  rule "prod.put" prod_pc[i] = prod_put & count < CAP ==>
  begin
    count := count + 1;
    if made[i] < ITEMS then prod_pc[i] := prod_produce;
    else prod_pc[i] := prod_ended; endif;
  end;

  rule "cons.get" cons_pc[i] = cons_get & count > 0 ==>
  begin
    count := count - 1;
    got[i] := got[i] + 1;
    cons_pc[i] := cons_consume;
  end;

  rule "cons.consume" cons_pc[i] = cons_consume ==>
  begin
    if got[i] < ITEMS + EXTRA then cons_pc[i] := cons_get;
    else cons_pc[i] := cons_ended; endif;
  end;

endruleset;

rule "ended"
  forall i: pid do prod_pc[i] = prod_ended & cons_pc[i] = cons_ended endforall
==>
begin
end;
