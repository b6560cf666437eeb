spec int_too_big
const MAX = 9223372036854775807;    # the largest value is fine
const BIG = 9223372036854775808;
const HEX = 0x10000000000000000;
