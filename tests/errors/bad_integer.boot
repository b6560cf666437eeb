spec bad_integer
const A = 12ab;
const B = 0x;
