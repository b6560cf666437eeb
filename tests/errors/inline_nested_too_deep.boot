spec inline_nested_too_deep
# issue 12: 40 procedures, each calling the next twice, took forever
var y : 0..3;
procedure f0() { y := 1; }
procedure f1() { f0(); f0(); }
procedure f2() { f1(); f1(); }
procedure f3() { f2(); f2(); }
procedure f4() { f3(); f3(); }
procedure f5() { f4(); f4(); }
procedure f6() { f5(); f5(); }
procedure f7() { f6(); f6(); }
procedure f8() { f7(); f7(); }
procedure f9() { f8(); f8(); }
procedure f10() { f9(); f9(); }
procedure f11() { f10(); f10(); }
procedure f12() { f11(); f11(); }
procedure f13() { f12(); f12(); }
procedure f14() { f13(); f13(); }
procedure f15() { f14(); f14(); }
procedure f16() { f15(); f15(); }
procedure f17() { f16(); f16(); }
procedure f18() { f17(); f17(); }
procedure f19() { f18(); f18(); }
procedure f20() { f19(); f19(); }
procedure f21() { f20(); f20(); }
procedure f22() { f21(); f21(); }
procedure f23() { f22(); f22(); }
procedure f24() { f23(); f23(); }
procedure f25() { f24(); f24(); }
procedure f26() { f25(); f25(); }
procedure f27() { f26(); f26(); }
procedure f28() { f27(); f27(); }
procedure f29() { f28(); f28(); }
procedure f30() { f29(); f29(); }
procedure f31() { f30(); f30(); }
procedure f32() { f31(); f31(); }
procedure f33() { f32(); f32(); }
procedure f34() { f33(); f33(); }
procedure f35() { f34(); f34(); }
procedure f36() { f35(); f35(); }
procedure f37() { f36(); f36(); }
procedure f38() { f37(); f37(); }
procedure f39() { f38(); f38(); }
process p { l: f39(); }
