spec empty_enum
enum Nothing { }
enum Pair { A B }
