# boot.boot - peer cross-check model 3: a BSP and N APs, the x86 boot of
# the language sketch (specs/sketch.boot) cut down to what bootcheck, SPIN
# and Murphi all express (no placements: CR4 pinning is done in rest_init,
# or after smp_wait when LATE_PIN).
#
# Its SPIN and Rumur twins are boot.pml and boot.m; run_peers.py compares
# the three tools' distinct-state counts and verdicts (README.md).
#
#   bootcheck check boot.boot -D N=3                    # every constraint holds
#   bootcheck check boot.boot -D N=3 -D LATE_PIN=true   # C3 is violated
#
# Hand count (README.md): 12 + 2 * 4^N distinct states -- 20, 44, 140, 524.

spec peers_boot "Peer cross-check: BSP and N APs, CR4 pinning"

const N = 2;            # number of APs
const LATE_PIN = false; # true: pin CR4 after smp_wait, too late for the APs

enum Cr4 { SMEP, SMAP, UMIP, LASS }
enum Efi { PHYS, SVAM, VIRT, OFF }

var cr4[cpu in 0..N] : set of Cr4 = {};
var pinned   : bool = false;        # the cr_pinning static key
var pin_bits : set of Cr4 = {};
var efi      : Efi = PHYS;
var kicked[cpu in 1..N] : bool = false;
var online[cpu in 1..N] : bool = false;
var user     : bool = false;

process bsp {
  identify_boot_cpu: cr4[0] := cr4[0] + {SMEP, SMAP, UMIP};
  setup_lass:        cr4[0] := cr4[0] + {LASS};
  efi_svam_enter:    either {
                       cr4[0] := cr4[0] - {LASS};
                       efi := SVAM;
                     } or {
                       efi := OFF;          # no EFI runtime services
                       goto rest_init;
                     }
  efi_svam_exit:     cr4[0] := cr4[0] + {LASS};
                     efi := VIRT;
  rest_init:         if not LATE_PIN then {
                       pin_bits := cr4[0];
                       pinned := true;
                     }
  smp_init:          for c in 1..N { kicked[c] := true; }
  smp_wait:          await forall c in 1..N: online[c];
                     if LATE_PIN then {
                       pin_bits := cr4[0];
                       pinned := true;
                     }
  run_init_process:  user := true;
}

process ap[i in 1..N] {
  start_secondary:   await kicked[i];
  cr4_init:          cr4[i] := cr4[i] + {SMEP, SMAP, UMIP};
                     if pinned then cr4[i] := cr4[i] + pin_bits;
  online:            online[i] := true;
}

constraint C2 "EFI runtime set up before pinning":
  at bsp.efi_svam_enter: not pinned;
constraint C3 "CR pinning before AP bring-up":
  at ap.cr4_init: pinned;
constraint C4 "CR pinning before userspace":
  always user => pinned;
constraint C5 "APs are kicked before they set up CR4":
  bsp.smp_init before ap.cr4_init;
constraint ND "no deadlock": no deadlock;
