spec bad_type
enum Cr4 { SMEP, SMAP }
var a : set Cr4;
var b : 3;
var c : ;
var d : x[2];
