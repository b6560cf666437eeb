spec hash_not_equal
var x : 0..3;
process p {
  # outside parentheses '#' starts a comment; inside them it is "not equal"
  a: await x # 1;
  b: await (x # 1);
}
