spec e
const A = 1 @ 2;
const B = "unterminated
const C = 0x;
const D = 99999999999999999999;
/* open