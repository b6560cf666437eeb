spec unterminated_string "a title that never ends
const A = 1;
