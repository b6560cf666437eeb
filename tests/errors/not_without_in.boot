spec not_without_in
enum E { A, B }
var x : E;
constraint C "not B": always x not B;
