# A family bound that does not compile must not become a huge family (the
# fuzzer found 2..N with N undeclared allocating 2^32 instances).
spec s;
const RN = 1;
process a { s1: skip; }
process b[i in 2..N] { t: skip; }
