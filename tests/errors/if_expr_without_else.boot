spec if_expr_without_else
const F = true;
const N = if F then 1;
