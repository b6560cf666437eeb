spec state_too_big
# issue 12: the state's size is counted per declaration in 64 bits, and the
# declaration that crosses the limit is named before anything is written
var small : 0..3;
var a0[i in 0..65535] : -9223372036854775807-1..9223372036854775807;
var a1[i in 0..65535] : -9223372036854775807-1..9223372036854775807;
process p { l: a0[5] := 7; }
