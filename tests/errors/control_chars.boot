spec ctl "a title with ]2;retitled in it";
# a comment with [2J and 
var x : bool = false;
process p { a: x := true [31m; }
