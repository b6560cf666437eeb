/*
** model.c - reading a compiled program: configurations, values, state
** printing and diffs, the `list` summary and the bytecode disassembler.
*/
#include "front/compile_int.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const struct bc_opinfo bc_opinfo[BC_INS__COUNT] = {
#define BC_OPCODE(name, pops, pushes, uses, doc)                               \
  {#name, pops, pushes, uses, doc},
#include "bootcheck/opcodes.def"
#undef BC_OPCODE
};

/* Every line of opcodes.def says what its operands name and where control
** goes, consistently: a jump names its target, an access its variable or
** slot, a stack effect fits the VM's one-result instructions. */
#define BC_OPCODE(name, pops, pushes, uses, doc)                               \
  _Static_assert(sizeof(doc) > 1 && (pops) <= 3 && (pushes) <= 1 &&           \
                     (!((uses) & (BC_U_JUMP | BC_U_BRANCH)) ||                 \
                      ((uses) & BC_U_TARGET)) &&                               \
                     !(((uses) & BC_U_JUMP) && ((uses) & BC_U_BRANCH)) &&      \
                     !(((uses) & BC_U_END) &&                                  \
                       ((uses) & (BC_U_JUMP | BC_U_BRANCH))) &&                \
                     (!((uses) & (BC_U_READ | BC_U_WRITE | BC_U_DIM)) ||       \
                      ((uses) & BC_U_VAR)) &&                                  \
                     (!((uses) & BC_U_ELEM) ||                                 \
                      ((uses) & (BC_U_READ | BC_U_WRITE))) &&                  \
                     (!((uses) & (BC_U_LREAD | BC_U_LWRITE)) ||                \
                      ((uses) & BC_U_SLOT)) &&                                 \
                     (!((uses) & BC_U_VIOLATE) ||                              \
                      ((uses) & BC_U_CONSTRAINT)),                             \
                 "opcodes.def: " #name " is not described consistently");
#include "bootcheck/opcodes.def"
#undef BC_OPCODE

int bc_opcode_effect(unsigned op) {
  return op < BC_INS__COUNT ? bc_opinfo[op].pushes - bc_opinfo[op].pops : 0;
}

const char *bc_opcode_name(unsigned op) {
  return op < BC_INS__COUNT ? bc_opinfo[op].name : "?";
}

/* ----------------------------------------------------------- configs */

size_t bc_config_count(const struct bc_program *p) {
  size_t n = 1;
  for (size_t i = 0; i < p->nplacements; i++)
    n *= p->placements[i].nhooks ? p->placements[i].nhooks : 1;
  return n;
}

void bc_config_nth(const struct bc_program *p, size_t n, unsigned *ret) {
  for (size_t i = p->nplacements; i-- > 0;) {
    unsigned k = p->placements[i].nhooks ? p->placements[i].nhooks : 1;
    ret[i] = (unsigned)(n % k);
    n /= k;
  }
}

void bc_config_name(const struct bc_program *p, const unsigned *choice,
                    char *buf, size_t len) {
  size_t o = 0;
  buf[0] = '\0';
  if (p->nplacements == 0) {
    snprintf(buf, len, "(no placement)");
    return;
  }
  for (size_t i = 0; i < p->nplacements && o < len; i++) {
    const struct bc_placement *pl = &p->placements[i];
    const char *h = pl->nhooks ? p->hooks[pl->hooks[choice[i]]].name : "-";
    int w;
    if (p->nplacements == 1)
      w = snprintf(buf + o, len - o, "%s", h);
    else
      w = snprintf(buf + o, len - o, "%s%s@%s", i ? "," : "", pl->name, h);
    if (w < 0)
      break;
    o += (size_t)w;
  }
}

/* ----------------------------------------------------------- values */

int64_t bc_state_get(const struct bc_program *p, const uint8_t *state,
                     size_t var, size_t elem) {
  const struct bc_var *v = &p->vars[var];
  return bc_decode(&v->type, bc_bits_get(state, v->bitoff +
                                                    (uint32_t)elem * v->stride,
                                         v->width));
}

void bc_value_format(const struct bc_program *p, const struct bc_type *t,
                     int64_t v, char *buf, size_t len) {
  switch (t->kind) {
  case BC_TY_BOOL:
    snprintf(buf, len, "%s", v ? "true" : "false");
    return;
  case BC_TY_ENUM:
    if (v >= 0 && (uint64_t)v < p->enums[t->enum_id].n)
      snprintf(buf, len, "%s", p->enums[t->enum_id].members[v]);
    else
      snprintf(buf, len, "<%" PRId64 ">", v);
    return;
  case BC_TY_SET: {
    const struct bc_enum *en = &p->enums[t->enum_id];
    size_t o = 0;
    int w = snprintf(buf, len, "{");
    o = w > 0 ? (size_t)w : 0;
    bool first = true;
    for (unsigned i = 0; i < en->n && o < len; i++) {
      if (!(((uint64_t)v >> i) & 1))
        continue;
      w = snprintf(buf + o, len - o, "%s%s", first ? "" : ",", en->members[i]);
      if (w < 0)
        break;
      o += (size_t)w;
      first = false;
    }
    if (o < len)
      snprintf(buf + o, len - o, "}");
    return;
  }
  default:
    snprintf(buf, len, "%" PRId64, v);
    return;
  }
}

void bc_var_elem_name(const struct bc_program *p, size_t var, size_t elem,
                      char *buf, size_t len) {
  const struct bc_var *v = &p->vars[var];
  if (v->kind == BC_VAR_PC) {
    const struct bc_proc *pr = &p->procs[v->proc];
    if (pr->family)
      snprintf(buf, len, "pc(%s[%" PRId64 "])", pr->name,
               pr->lo + (int64_t)elem);
    else
      snprintf(buf, len, "pc(%s)", pr->name);
    return;
  }
  if (v->ndims == 0) {
    snprintf(buf, len, "%s", v->name);
    return;
  }
  int64_t idx[BC_MAX_DIMS];
  size_t rest = elem;
  for (unsigned d = v->ndims; d-- > 0;) {
    idx[d] = v->dim_lo[d] + (int64_t)(rest % (size_t)v->dim_len[d]);
    rest /= (size_t)v->dim_len[d];
  }
  if (v->kind == BC_VAR_USER && v->proc >= 0) {
    /* a family's local: "ap[2].x" */
    const char *dot = strchr(v->name, '.');
    snprintf(buf, len, "%.*s[%" PRId64 "]%s", (int)(dot - v->name), v->name,
             idx[0], dot);
    return;
  }
  size_t o = (size_t)snprintf(buf, len, "%s", v->name);
  for (unsigned d = 0; d < v->ndims && o < len; d++) {
    int w = snprintf(buf + o, len - o, "[%" PRId64 "]", idx[d]);
    if (w < 0)
      break;
    o += (size_t)w;
  }
}

/* The value text of element 'e' of var 'i': a pc prints as its label. */
static void elem_value(const struct bc_program *p, const uint8_t *s, size_t i,
                       size_t e, char *buf, size_t len) {
  const struct bc_var *v = &p->vars[i];
  int64_t x = bc_state_get(p, s, i, e);
  if (v->kind == BC_VAR_PC) {
    const struct bc_proc *pr = &p->procs[v->proc];
    if (x >= (int64_t)pr->nsteps)
      snprintf(buf, len, "(ended)");
    else
      snprintf(buf, len, "%s", p->steps[pr->first_step + (size_t)x].label);
    return;
  }
  bc_value_format(p, &v->type, x, buf, len);
}

void bc_state_print(const struct bc_program *p, const uint8_t *state,
                    FILE *out) {
  char name[256], val[512];
  for (size_t i = 0; i < p->nvars; i++)
    for (size_t e = 0; e < p->vars[i].nelems; e++) {
      bc_var_elem_name(p, i, e, name, sizeof name);
      elem_value(p, state, i, e, val, sizeof val);
      fprintf(out, "  %s = %s\n", name, val);
    }
}

void bc_state_diff_print(const struct bc_program *p, const uint8_t *before,
                         const uint8_t *after, FILE *out) {
  char name[256], v1[512], v2[512];
  for (size_t i = 0; i < p->nvars; i++)
    for (size_t e = 0; e < p->vars[i].nelems; e++) {
      if (bc_state_get(p, before, i, e) == bc_state_get(p, after, i, e))
        continue;
      bc_var_elem_name(p, i, e, name, sizeof name);
      elem_value(p, before, i, e, v1, sizeof v1);
      elem_value(p, after, i, e, v2, sizeof v2);
      fprintf(out, "  %s: %s -> %s\n", name, v1, v2);
    }
}

/* ----------------------------------------------------------- list/dump */

static const char *ckind_name(enum bc_ckind k) {
  switch (k) {
  case BC_CK_ALWAYS:
    return "invariant";
  case BC_CK_AT:
    return "step assertion";
  case BC_CK_BEFORE:
    return "ordering";
  case BC_CK_DEADLOCK:
    return "deadlock freedom";
  case BC_CK_REACHABLE:
    return "reachability";
  case BC_CK_EVENTUALLY:
    return "liveness";
  case BC_CK_VIOLATIONS:
    return "violations";
  }
  return "?";
}

void bc_program_list(const struct bc_program *p, FILE *out) {
  fprintf(out, "spec %s", p->spec_name);
  if (p->spec_title && *p->spec_title)
    fprintf(out, " \"%s\"", p->spec_title);
  fputc('\n', out);
  if (p->nconsts) {
    fprintf(out, "constants:\n");
    for (size_t i = 0; i < p->nconsts; i++) {
      const struct bc_const *k = &p->consts[i];
      if (k->is_bool)
        fprintf(out, "  %s = %s", k->name, k->value ? "true" : "false");
      else
        fprintf(out, "  %s = %" PRId64, k->name, k->value);
      fprintf(out, "%s\n", k->overridden ? "   (-D)" : "");
    }
  }
  fprintf(out, "processes:\n");
  for (size_t i = 0; i < p->nprocs; i++) {
    const struct bc_proc *pr = &p->procs[i];
    if (pr->family)
      fprintf(out, "  %s[%s in %" PRId64 "..%" PRId64 "]%s: %u steps\n",
              pr->name, pr->index_name, pr->lo, pr->hi,
              pr->symmetric ? " symmetric" : "", pr->nsteps);
    else
      fprintf(out, "  %s: %u steps\n", pr->name, pr->nsteps);
    for (unsigned s = 0; s < pr->nsteps; s++)
      fprintf(out, "    %s\n", p->steps[pr->first_step + s].label);
  }
  fprintf(out, "hooks:");
  if (!p->nhooks)
    fprintf(out, " (none)");
  for (size_t i = 0; i < p->nhooks; i++)
    fprintf(out, " %s", p->hooks[i].name);
  fputc('\n', out);
  fprintf(out, "placements:");
  if (!p->nplacements)
    fprintf(out, " (none)");
  fputc('\n', out);
  for (size_t i = 0; i < p->nplacements; i++) {
    const struct bc_placement *pl = &p->placements[i];
    fprintf(out, "  %s at", pl->name);
    for (unsigned j = 0; j < pl->nhooks; j++)
      fprintf(out, "%s %s", j ? "," : "", p->hooks[pl->hooks[j]].name);
    fputc('\n', out);
  }
  fprintf(out, "constraints:\n");
  for (size_t i = 0; i < p->nconstraints; i++) {
    const struct bc_constraint *k = &p->constraints[i];
    fprintf(out, "  %-8s %-16s \"%s\"%s\n", k->id, ckind_name(k->kind),
            k->title, k->implicit ? " (implicit)" : "");
  }
  if (p->nwindows) {
    fprintf(out, "windows:\n");
    for (size_t i = 0; i < p->nwindows; i++)
      fprintf(out, "  %-8s \"%s\": %s\n", p->windows[i].id,
              p->windows[i].title, p->windows[i].text);
  }
  fprintf(out, "configurations: %zu\n", bc_config_count(p));
  fprintf(out, "state: %zu bytes (%" PRIu32 " bits)\n", p->state_bytes,
          p->state_bits);
  char name[256];
  for (size_t i = 0; i < p->nvars; i++) {
    const struct bc_var *v = &p->vars[i];
    if (v->nelems == 1)
      bc_var_elem_name(p, i, 0, name, sizeof name);
    else
      snprintf(name, sizeof name, "%s[%u]", v->name, v->nelems);
    fprintf(out, "  %-24s bit %4" PRIu32 ", %2u bit%s x %u\n", name,
            v->bitoff, v->width, v->width == 1 ? " " : "s", v->nelems);
  }
}

static void dump_range(const struct bc_program *p, uint32_t from, FILE *out) {
  for (uint32_t pc = from; pc < p->ncode; pc++) {
    const struct bc_insn *in = &p->code[pc];
    fprintf(out, "  %4" PRIu32 "  %-8s", pc, bc_opcode_name(in->op));
    /* the operands, by what opcodes.def says they name */
    uint32_t use = bc_opcode_uses(in->op);
    if (use & BC_U_K)
      fprintf(out, " %" PRId64, in->k);
    if (use & BC_U_VAR)
      fprintf(out, " %s", p->vars[in->b].name);
    if (use & BC_U_DIM)
      fprintf(out, " dim %u", in->a);
    if (use & BC_U_SLOT)
      fprintf(out, " $%u", in->a);
    if (use & BC_U_TARGET)
      fprintf(out, " -> %" PRIu32, in->b);
    if (use & BC_U_CONSTRAINT)
      fprintf(out, " %s", p->constraints[in->a].id);
    if (use & BC_U_STRING)
      fprintf(out, " \"%s\"", p->strings[in->b]);
    if (use & BC_U_HOOK)
      fprintf(out, " %s", p->hooks[in->a].name);
    if (use & BC_U_STEP) /* the step index is process-relative */
      fprintf(out, " %u", in->a);
    fprintf(out, "    ; line %u\n", p->code_line[pc]);
    /* the facts about every element on its ways out (struct bc_ufact) */
    for (size_t i = 0; i < p->nufacts; i++) {
      const struct bc_ufact *f = &p->ufacts[i];
      if (f->pc != pc)
        continue;
      fprintf(out, "        ; %s: for every a in %" PRId64 "..%" PRId64 ":",
              f->edge == 1 ? "on the fall-through" : "on the jump", f->lo,
              f->hi);
      for (unsigned k = 0; k < f->nlit; k++) {
        const struct bc_var *v = &p->vars[f->lit[k].var];
        int64_t d = f->lit[k].off + v->dim_lo[0];
        fprintf(out, "%s %s%s[a", k ? " or" : "", f->lit[k].neg ? "not " : "",
                v->name);
        if (d)
          fprintf(out, " %c %" PRIu64, d < 0 ? '-' : '+',
                  d < 0 ? -(uint64_t)d : (uint64_t)d);
        fprintf(out, "]");
      }
      fprintf(out, "\n");
    }
    if ((bc_opcode_uses(in->op) & BC_U_END) && in->op != BC_INS_HALT) {
      /* a block may continue after a GOTO (if/else): stop only at the start
      ** of the next named block */
      bool next_is_block = false;
      for (size_t s = 0; s < p->nsteps; s++)
        next_is_block |= p->steps[s].code == pc + 1;
      for (size_t s = 0; s < p->nplacements; s++)
        next_is_block |= p->placements[s].code == pc + 1;
      for (size_t s = 0; s < p->nconstraints; s++)
        next_is_block |= p->constraints[s].code == pc + 1 &&
                         (p->constraints[s].kind == BC_CK_ALWAYS ||
                          p->constraints[s].kind == BC_CK_REACHABLE ||
                          p->constraints[s].kind == BC_CK_EVENTUALLY);
      for (size_t s = 0; s < p->nwindows; s++) {
        next_is_block |= p->windows[s].code == pc + 1;
        for (unsigned k = 0; k < p->windows[s].nconj; k++)
          next_is_block |= p->windows[s].conj[k] == pc + 1 ||
                           (p->windows[s].qkind[k] &&
                            p->windows[s].qbody[k] == pc + 1);
      }
      if (next_is_block || pc + 1 == p->ncode)
        return;
    }
  }
}

void bc_program_dump(const struct bc_program *p, FILE *out) {
  for (size_t i = 0; i < p->nprocs; i++) {
    const struct bc_proc *pr = &p->procs[i];
    for (unsigned s = 0; s < pr->nsteps; s++) {
      const struct bc_cstep *st = &p->steps[pr->first_step + s];
      fprintf(out, "step %s.%s  (%u -> %s)\n", pr->name, st->label, s,
              s + 1 < pr->nsteps ? p->steps[pr->first_step + s + 1].label
                                 : "end");
      dump_range(p, st->code, out);
    }
  }
  for (size_t i = 0; i < p->nplacements; i++) {
    fprintf(out, "placement %s\n", p->placements[i].name);
    dump_range(p, p->placements[i].code, out);
  }
  for (size_t i = 0; i < p->nconstraints; i++) {
    const struct bc_constraint *k = &p->constraints[i];
    if (k->kind != BC_CK_ALWAYS && k->kind != BC_CK_REACHABLE &&
        k->kind != BC_CK_EVENTUALLY)
      continue;
    fprintf(out, "constraint %s\n", k->id);
    dump_range(p, k->code, out);
  }
  for (size_t i = 0; i < p->nwindows; i++) {
    const struct bc_window *w = &p->windows[i];
    fprintf(out, "window %s\n", w->id);
    dump_range(p, w->code, out);
    for (unsigned k = 0; k < w->nconj; k++) {
      if (w->nconj > 1) {
        fprintf(out, "window %s, conjunct %u\n", w->id, k + 1);
        dump_range(p, w->conj[k], out);
      }
      if (w->qkind[k]) {
        fprintf(out, "window %s, conjunct %u, the body for each x in "
                     "%" PRId64 "..%" PRId64 " (x is self)\n",
                w->id, k + 1, w->qlo[k], w->qhi[k]);
        dump_range(p, w->qbody[k], out);
      }
    }
  }
}
