/*
** arena.c - bump allocator for one compilation, and aborting heap helpers.
*/
#include "bootcheck/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bc_arena_block {
  struct bc_arena_block *next;
  size_t used, size;
  alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

/* Out of memory: a message and exit status 3 (a resource limit, as the
** search's out of memory), not an abort and its core dump. What was
** written is flushed; nothing is left half-written (the history database
** rolls back a transaction that was not committed). */
static void oom(size_t n) {
  fprintf(stderr, "bootcheck: out of memory (allocating %zu bytes)\n", n);
  fflush(NULL);
  _exit(3); /* BC_EXIT_INTERNAL */
}

void *bc_xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    oom(n);
  return p;
}

void *bc_xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    oom(n * size);
  return p;
}

void *bc_xcalloc_aligned(size_t n, size_t size, size_t align) {
  size_t bytes = (n ? n : 1) * (size ? size : 1);
  if (size && bytes / size != (n ? n : 1))
    oom(SIZE_MAX);
  bytes = (bytes + align - 1) / align * align; /* aligned_alloc's rule */
  void *p = aligned_alloc(align, bytes);
  if (!p)
    oom(bytes);
  return memset(p, 0, bytes);
}

void *bc_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    oom(n);
  return q;
}

char *bc_xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  char *p = bc_xmalloc(n);
  memcpy(p, s, n);
  return p;
}

void bc_arena_init(struct bc_arena *a) {
  a->head = NULL;
  a->total = 0;
}

void bc_arena_release(struct bc_arena *a) {
  struct bc_arena_block *b = a->head;
  while (b) {
    struct bc_arena_block *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
  a->total = 0;
}

void *bc_arena_alloc(struct bc_arena *a, size_t n) {
  const size_t align = alignof(max_align_t);
  n = (n + align - 1) & ~(align - 1);
  if (n == 0)
    n = align;
  struct bc_arena_block *b = a->head;
  if (!b || b->size - b->used < n) {
    size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    b = bc_xmalloc(sizeof *b + size);
    b->size = size;
    b->used = 0;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += n;
  a->total += n;
  memset(p, 0, n);
  return p;
}

char *bc_arena_strndup(struct bc_arena *a, const char *s, size_t n) {
  char *p = bc_arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *bc_arena_strdup(struct bc_arena *a, const char *s) {
  return bc_arena_strndup(a, s, strlen(s));
}

void bc_ptrvec_push(struct bc_arena *a, struct bc_ptrvec *pv, void *p) {
  if (pv->n == pv->cap) {
    size_t cap = pv->cap ? pv->cap * 2 : 4;
    void **v = bc_arena_alloc(a, cap * sizeof *v);
    if (pv->n)
      memcpy(v, pv->v, pv->n * sizeof *v);
    pv->v = v;
    pv->cap = cap;
  }
  pv->v[pv->n++] = p;
}
