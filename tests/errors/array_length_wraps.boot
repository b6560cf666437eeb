spec array_length_wraps
# issue 12: the length of this range is 2^64, which wrapped to 0
var a[i in -9223372036854775807-1..9223372036854775807] : bool;
var b[i in 0..65535][j in 0..1] : bool;
var c[i in 0..65535] : bool;
process p { l: skip; }
