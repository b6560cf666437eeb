# 'self' in a placement is the member that reaches its hook; here members
# of two symmetric families may, so it cannot be a member index of both.
spec s;
var x[c in 1..2] : bool;
var y[c in 3..4] : bool;
process a[i in 1..2] symmetric { s: hook H; x[i] := true; }
process b[j in 3..4] symmetric { s: hook G; y[j] := true; }
placement P at H, G { if self == 0 then skip; }
