spec label_in_block
var x : bool;
process p {
  a: if x {
       b: x := false;   # PlusCal allows this; here a label starts a step
     }
}
