# bench/zoo/wide.boot - a wide state: N CPUs filling per-CPU tables.
#
# Each CPU fills W one-byte entries of its own row of pte[][] in four
# steps (loops over the row), with nothing shared, so every combination of
# CPU positions is reachable and each CPU's row is a function of its
# position: 5^N states (N = 9: 1,953,125; N = 10: 9,765,625). The state
# is about N * W bytes (N = 9, W = 16: 149 bytes), against 12 for
# bench/models/boot.boot.
#
# bootcheck-test: -D N=2 -D W=4 => exit=0 states=25
# bootcheck-test: -D N=3 => exit=0 states=125
spec zoo_wide "wide state: N CPUs filling per-CPU page tables";

const N = 9;
const W = 16;
enum Flag { PRESENT, NX }

var pte[c in 1..N][e in 0..W - 1] : 0..255;
var flags[c in 1..N] : set of Flag;

process cpu[i in 1..N] {
  map_low:  for e in 0..W / 2 - 1 { pte[i][e] := (i * 16 + e + 1) % 256; }
  map_high: for e in W / 2..W - 1 {
              pte[i][e] := (pte[i][e - W / 2] + e * 3) % 256;
            }
  protect:  for e in 0..W - 1 {
              if e % 3 == 0 then pte[i][e] := pte[i][e] / 2 + 1;
            }
            flags[i] := {NX};
  online:   flags[i] := flags[i] + {PRESENT};
}

constraint W1 "a CPU goes online with its table filled":
  always forall c in 1..N: PRESENT in flags[c] => pte[c][W - 1] != 0;
