# `for` loops whose bodies choose (for the export's bound on a step's
# choices, checker/export/xlate.c): step a keeps any subset of the
# constant set {A, C, G} in t (8 ways), step b removes any subset of s,
# a snapshot of all 6 members (64 ways). Initial state 1, after a 8,
# after b (the process has ended) 8 * 64 = 512: 521 states. The export
# needs 2^3 and 2^6 rules per instance (it asked for 2^32 before the loop
# bound was exact).
# bootcheck-test: => exit=0 states=521
spec export_for_choices;
enum E { A, B, C, D, G, H }
var s : set of E = {A, B, C, D, G, H};
var t : set of E = {};
process p {
  a: for e in {A, C, G} { either { t := t + {e}; } or { skip; } }
  b: for e in s { either { s := s - {e}; } or { skip; } }
}
constraint R "every choice taken": reachable t = {A, C, G} and s = {};
expect: holds;
