spec cfg;
# 40 placements of two candidates each: 2^40 configurations (bc_config_count
# multiplies them in a size_t; 64 of them wrapped to 0 configurations)
var y : 0..3;
process p { l: hook a0; hook b0; hook a1; hook b1; hook a2; hook b2; hook a3; hook b3; hook a4; hook b4; hook a5; hook b5; hook a6; hook b6; hook a7; hook b7; hook a8; hook b8; hook a9; hook b9; hook a10; hook b10; hook a11; hook b11; hook a12; hook b12; hook a13; hook b13; hook a14; hook b14; hook a15; hook b15; hook a16; hook b16; hook a17; hook b17; hook a18; hook b18; hook a19; hook b19; hook a20; hook b20; hook a21; hook b21; hook a22; hook b22; hook a23; hook b23; hook a24; hook b24; hook a25; hook b25; hook a26; hook b26; hook a27; hook b27; hook a28; hook b28; hook a29; hook b29; hook a30; hook b30; hook a31; hook b31; hook a32; hook b32; hook a33; hook b33; hook a34; hook b34; hook a35; hook b35; hook a36; hook b36; hook a37; hook b37; hook a38; hook b38; hook a39; hook b39; }
placement P0 at a0, b0 { y := 1; }
placement P1 at a1, b1 { y := 1; }
placement P2 at a2, b2 { y := 1; }
placement P3 at a3, b3 { y := 1; }
placement P4 at a4, b4 { y := 1; }
placement P5 at a5, b5 { y := 1; }
placement P6 at a6, b6 { y := 1; }
placement P7 at a7, b7 { y := 1; }
placement P8 at a8, b8 { y := 1; }
placement P9 at a9, b9 { y := 1; }
placement P10 at a10, b10 { y := 1; }
placement P11 at a11, b11 { y := 1; }
placement P12 at a12, b12 { y := 1; }
placement P13 at a13, b13 { y := 1; }
placement P14 at a14, b14 { y := 1; }
placement P15 at a15, b15 { y := 1; }
placement P16 at a16, b16 { y := 1; }
placement P17 at a17, b17 { y := 1; }
placement P18 at a18, b18 { y := 1; }
placement P19 at a19, b19 { y := 1; }
placement P20 at a20, b20 { y := 1; }
placement P21 at a21, b21 { y := 1; }
placement P22 at a22, b22 { y := 1; }
placement P23 at a23, b23 { y := 1; }
placement P24 at a24, b24 { y := 1; }
placement P25 at a25, b25 { y := 1; }
placement P26 at a26, b26 { y := 1; }
placement P27 at a27, b27 { y := 1; }
placement P28 at a28, b28 { y := 1; }
placement P29 at a29, b29 { y := 1; }
placement P30 at a30, b30 { y := 1; }
placement P31 at a31, b31 { y := 1; }
placement P32 at a32, b32 { y := 1; }
placement P33 at a33, b33 { y := 1; }
placement P34 at a34, b34 { y := 1; }
placement P35 at a35, b35 { y := 1; }
placement P36 at a36, b36 { y := 1; }
placement P37 at a37, b37 { y := 1; }
placement P38 at a38, b38 { y := 1; }
placement P39 at a39, b39 { y := 1; }
