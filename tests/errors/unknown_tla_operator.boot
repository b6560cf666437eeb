spec unknown_tla_operator
enum E { A, B }
var s : set of E;
constraint C "proper subset": always s \subset {A, B};
