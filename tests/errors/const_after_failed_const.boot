spec const_after_failed_const
# found by fuzz_check: a constant that failed (X) left its operands on the
# stack inside 'or', 'and', '=>' and '<=>', and evaluating Y aborted
const X = q;
const Y = X == 1 or X == 2;
const Z = (X = 1) <=> true;
const W = true and X > 1;
process p { l: skip; }
