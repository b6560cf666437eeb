/*
** fuzz_check.c - libFuzzer target for the whole pipeline: compile any bytes
** as a spec and, when that succeeds, explore its first configuration with
** small limits (both engines' shared paths: compiler, VM, explorer, store,
** trace rebuilding, the text and JSON reports).
**
** Any input must end in diagnostics or in results: never a crash, a hang,
** a leak or undefined behaviour. And when the search is complete, the
** search with partial-order reduction (--por, with symmetry as by
** default) must give every constraint the same verdict and stop for the
** same reason: a difference aborts, so the fuzzer hunts for unsound
** reductions too. Built only with -Dfuzz=true; run by scripts/fuzz.
*/
#include "bootcheck/explore.h"
#include "bootcheck/model.h"
#include "report/report.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static FILE *null;
  if (!null)
    null = fopen("/dev/null", "w");
  struct bc_source src;
  struct bc_diag diag;
  bc_source_from_string(&src, "fuzz.boot", (const char *)data, size);
  bc_diag_init(&diag, &src);
  struct bc_program *p = bc_compile(&src, NULL, 0, &diag);
  if ((p != NULL) != (diag.nerr == 0))
    abort();
  if (null)
    bc_diag_print(&diag, null);
  if (p) {
    unsigned choice[256] = {0};
    struct bc_explore_opts o = {0};
    o.max_states = 2000;
    o.max_memory = 64u << 20;
    o.workers = 1;
    struct bc_run r;
    if (p->nplacements <= 256 && bc_explore(p, choice, &o, &r) == 0) {
      if (null) {
        struct bc_report_opts ro = {0};
        ro.ascii = 1;
        bc_report_text(null, p, &r, 1, &ro);
        char *json = bc_report_json(p, &r, 1);
        fputs(json, null);
        free(json);
      }
      if (r.stop == BC_STOP_EXHAUSTED || r.stop == BC_STOP_DECIDED ||
          r.stop == BC_STOP_ERROR) {
        struct bc_explore_opts po = o;
        po.por = true;
        po.symmetry = true;
        struct bc_run rp;
        if (bc_explore(p, choice, &po, &rp) == 0) {
          if ((rp.stop == BC_STOP_ERROR) != (r.stop == BC_STOP_ERROR))
            abort();
          for (size_t c = 0; r.stop != BC_STOP_ERROR &&
                             c < p->nconstraints; c++)
            if (rp.res[c].verdict != r.res[c].verdict &&
                rp.stop != BC_STOP_MAX_STATES && rp.stop != BC_STOP_MEMORY)
              abort();
          bc_run_release(&rp);
        }
      }
      bc_run_release(&r);
    }
    bc_program_free(p);
  }
  bc_diag_release(&diag);
  bc_source_release(&src);
  return 0;
}
