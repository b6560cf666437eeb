# A family numbered from 0 shares its hook with a single process, whose
# 'self' is 0: in the placement 'self' would be member 0 or the process.
spec s;
const N = 3;
var up[c in 0..N-1] : bool;
process ap[i in 0..N-1] symmetric { s: hook H; }
process bsp { t: hook H; }
placement P at H { up[self] := true; }
