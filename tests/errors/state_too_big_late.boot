spec state_too_big_late
# 4000 bytes of arrays and the program counter fit; the next array does not
var a[i in 0..3999] : 0..255;
process p { l: skip; m: skip; }
var b[i in 0..99] : 0..255;
