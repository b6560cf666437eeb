spec unexpected_token_expr
var x : 0..9;
process p {
  a: x := x + * 2;
}
