spec zero_width_elements
# a type with one value takes no bits of state, but each element is still
# a value for the compiler and a unit for --por: 2^20 of them at most
var a0[i in 0..65535] : 0..0;
var a1[i in 0..65535] : 0..0;
var a2[i in 0..65535] : 0..0;
var a3[i in 0..65535] : 0..0;
var a4[i in 0..65535] : 0..0;
var a5[i in 0..65535] : 0..0;
var a6[i in 0..65535] : 0..0;
var a7[i in 0..65535] : 0..0;
var a8[i in 0..65535] : 0..0;
var a9[i in 0..65535] : 0..0;
var a10[i in 0..65535] : 0..0;
var a11[i in 0..65535] : 0..0;
var a12[i in 0..65535] : 0..0;
var a13[i in 0..65535] : 0..0;
var a14[i in 0..65535] : 0..0;
var a15[i in 0..65535] : 0..0;
var a16[i in 0..65535] : 0..0;
process p { l: skip; }
