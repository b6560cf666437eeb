# What the x86 spec had to remodel before `ap` could be symmetric (1):
# storing the CPU an EFI call runs on (efi_rt_cpu := c), or naming AP 1.
# The BSP, CPU 0, is outside the family's range 1..N: c != 0 is allowed.
# A name bound over the members that the body uses as a number is an
# ordinary integer (c == 1 alone would be harmless), which cannot index
# what the members own.
spec s;
const N = 3;
var online[cpu in 0..N] : bool = (cpu == 0);
var efi_rt_cpu : 0..N;
process ap[i in 1..N] symmetric { a: online[i] := true; }
process efi {
  call: with c in 0..N { await online[c] and c != 0; efi_rt_cpu := c; }
}
process init {
  up: if exists c in 0..N: c == 1 and online[c] then skip;
}
