# p.b before q.c fails (q can run first). The history bit is set exactly
# when p.b has run, i.e. when p has ended: 3 * 2 = 6 states.
# bootcheck-test: => exit=0 states=6
spec ordering;
process p { a: skip; b: skip; }
process q { c: skip; }
constraint O "p.b before q.c": p.b before q.c;
expect: violates O;
