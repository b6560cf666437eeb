/*
** share.c - bc_check's shared searches (bootcheck where): the selected
** configurations that differ only in the hook of one placement are
** explored in one search (checker/explore/shared.c) instead of one each.
** A group that cannot be shared (shared.c says why) is left to bc_check,
** which explores its configurations one by one, after a note on stderr.
*/
#include "check/check.h"

#include "bootcheck/arena.h"
#include "explore/shared.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bc_check_share(const struct bc_program *p, const struct bc_check_opts *o,
                    const struct bc_explore_opts *eo, struct bc_run *runs,
                    bool *done) {
  size_t pidx = 0;
  while (pidx < p->nplacements && strcmp(p->placements[pidx].name, o->share))
    pidx++;
  size_t ncfg = bc_config_count(p);
  if (pidx == p->nplacements)
    return true;
  const struct bc_placement *pl = &p->placements[pidx];
  size_t np = p->nplacements;
  unsigned *choice = bc_xcalloc((ncfg + 1) * (np + 1), sizeof *choice);
  bool *eligible = bc_xcalloc(ncfg + 1, sizeof *eligible);
  bool *grouped = bc_xcalloc(ncfg + 1, sizeof *grouped);
  for (size_t i = 0; i < ncfg; i++) {
    unsigned *c = choice + i * (np + 1);
    bc_config_nth(p, i, c);
    eligible[i] = !done[i] && bc_placement_selected(p, c, o->placements) &&
                  bc_shared_hook_step(p, pl->hooks[c[pidx]]) >= 0;
  }
  size_t *idx = bc_xcalloc(ncfg + 1, sizeof *idx);
  unsigned *hooks = bc_xcalloc(ncfg + 1, sizeof *hooks);
  struct bc_run *res = bc_xcalloc(ncfg + 1, sizeof *res);
  bool fits = true;
  for (size_t i = 0; i < ncfg && !bc_explore_signal; i++) {
    if (!eligible[i] || grouped[i])
      continue;
    const unsigned *ci = choice + i * (np + 1);
    size_t n = 0;
    for (size_t j = i; j < ncfg; j++) {
      const unsigned *cj = choice + j * (np + 1);
      bool same = eligible[j] && !grouped[j];
      for (size_t q = 0; q < np && same; q++)
        same = q == pidx || ci[q] == cj[q];
      if (same) {
        grouped[j] = true;
        idx[n] = j;
        hooks[n++] = cj[pidx];
      }
    }
    if (n < 1)
      continue;
    char why[256];
    int rc = bc_explore_shared(p, ci, pidx, hooks, n, eo, res, why,
                               sizeof why);
    if (rc == BC_SHARED_TRIAL) {
      fits = false;
      break;
    }
    if (rc != BC_SHARED_OK) {
      fprintf(stderr, "bootcheck: the %zu candidates are checked one by "
                      "one: %s\n", n, why);
      continue;
    }
    for (size_t k = 0; k < n; k++) {
      runs[idx[k]] = res[k];
      done[idx[k]] = true;
    }
  }
  free(res);
  free(hooks);
  free(idx);
  free(grouped);
  free(eligible);
  free(choice);
  return fits;
}
