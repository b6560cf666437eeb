spec caret "carets under multibyte characters";
const s = "été ✓"; var x : bool = false;
process p { a: x := true; }
