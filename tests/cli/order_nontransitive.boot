# `bootcheck order` (tests/cli/test_order.py): a guaranteed order that is
# not transitive, derived by hand. s chooses one of two paths:
#   1: s a b c a     (c sends main back to a, which then ends)
#   2: s c a         (b never runs)
# First runs: path 1 a < b < c, path 2 c < a. So s precedes a, b and c,
# a precedes b, b precedes c (b runs on path 1 only), but a and c have no
# guaranteed order (path 1 runs a first, path 2 c). The Hasse diagram
# s -> a -> b -> c joins a and c by a path: the one pair the text's
# caution and JSON's not_transitive_pairs count.
spec order_nontransitive "a precedes b, b precedes c, a and c unordered";
var flag : bool = false;

process main {
  s: either { skip; } or { goto c; }
  a: if flag then { end; }
  b: skip;
  c: if not flag then { flag := true; goto a; }
}
