# `bootcheck export --to promela` cannot hold a set of 31 members (the
# export keeps sets as bitmasks in a 32-bit int): a located error, exit 2
# (tests/peers/run_export.py checks it; Murphi takes it).
spec export_limits;
enum E { A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, B0, B1, B2, B3, B4, B5,
         B6, B7, B8, B9, C0, C1, C2, C3, C4, C5, C6, C7, C8, C9, D0 }
var s : set of E = {};
process p { a: s := s + {D0}; }
constraint R "D0 is set": reachable D0 in s;
