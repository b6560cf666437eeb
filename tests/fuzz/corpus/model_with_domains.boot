# with over a range and over a set: 1 + 3 + 3*2 = 10 states.
# bootcheck-test: => exit=0 states=10
# bootcheck-test: --fingerprint => exit=0 states=10
spec with_domains;
enum C { R, G, B }
var s : set of C = {R, B};
var n : 0..5;
var c : C;
process p {
  a: with v in 2..4 { n := v; }
  b: with m in s { c := m; }
}
