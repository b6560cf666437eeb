spec unterminated_comment
const A = 1;   /* this comment
is never closed
const B = 2;
