spec no_process
# the error points at the spec header
var x : bool;
