# hash comment
spec comments // slashes
/* block
   comment */ const X = 1; \* TLA+ comment
const Y = X == 1   # a comment inside an expression
        or X == 2; # after it
