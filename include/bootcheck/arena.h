/*
** arena.h - bump allocator for one compilation (AST, symbols, types).
**
** Everything allocated from an arena is freed at once by bc_arena_release.
** Allocation failure aborts with a message (front-end objects are small).
*/
#ifndef BOOTCHECK_ARENA_H
#define BOOTCHECK_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct bc_arena_block;

struct bc_arena {
  struct bc_arena_block *head;
  size_t total; /* bytes handed out, for statistics */
};

void bc_arena_init(struct bc_arena *a);
void bc_arena_release(struct bc_arena *a);

/* 'n' bytes, aligned for any object, zero-filled. Never returns NULL. */
void *bc_arena_alloc(struct bc_arena *a, size_t n);
/* A NUL-terminated copy of the 'n' bytes at 's'. */
char *bc_arena_strndup(struct bc_arena *a, const char *s, size_t n);
char *bc_arena_strdup(struct bc_arena *a, const char *s);

/*
** A growable array of pointers whose storage lives in the arena (old storage
** is abandoned on growth; fine for front-end sized lists).
*/
struct bc_ptrvec {
  void **v;
  size_t n, cap;
};
void bc_ptrvec_push(struct bc_arena *a, struct bc_ptrvec *pv, void *p);

/* Heap helpers that abort with a message on failure. */
void *bc_xmalloc(size_t n);
void *bc_xcalloc(size_t n, size_t size);
/* bc_xcalloc for a type declared with _Alignas (align: a power of two,
** the type's _Alignof); released with free(). */
void *bc_xcalloc_aligned(size_t n, size_t size, size_t align);
void *bc_xrealloc(void *p, size_t n);
char *bc_xstrdup(const char *s);

/* The SHA-256 of data as 64 lowercase hex digits and a NUL
** (checker/base/sha256.c). */
void bc_sha256_hex(const void *data, size_t len, char hex[65]);

/* "512M", "4G", "1.5G", "100k", "123" (K, M, G: powers of 1024; a B may
** follow): bytes into *ret; false if malformed or too big
** (checker/base/size.c). */
bool bc_parse_size(const char *s, size_t *ret);

#endif /* BOOTCHECK_ARENA_H */
