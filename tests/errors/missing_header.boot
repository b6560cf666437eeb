# the spec header is missing
const N = 2;
