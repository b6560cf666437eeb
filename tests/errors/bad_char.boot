spec bad_char
# a character that starts no token is reported, and lexing goes on
const A = 1 @ 2;
const B = 2;
var x : bool = A == B;
