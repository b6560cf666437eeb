spec first
const A = 1;
spec second
const B = 2;
