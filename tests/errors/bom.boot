spec bom "a UTF-8 byte order mark is not text"; var x : bool = nope;
# one error (not a second about the mark), with its caret under the name
process p { a: x := true; }
