spec s;
enum A { A1, A2 }
enum B { B1, B2 }
var s : set of A;
process p {
  a: s := s + {B1};
}
