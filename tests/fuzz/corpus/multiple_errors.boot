spec multiple_errors "several independent errors, one run"
const N = ;
enum Cpu { BSP, AP }
var online[c in 0..N] : bool = ;
process bsp {
  boot:  online[0] := true
  smp:   forall i in 1..N: online[i] := ;
  done:  await forall i in 1..N online[i];
}
constraint C1 "all online": always forall i in 0..N: online[i]
constraint C2 "": eventually;
expect: holds;
