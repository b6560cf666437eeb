/*
** sha256.c - the SHA-256 of a spec's source as hex (nettle): the spec's
** identity in the JSON report and the verdict history.
*/
#include "bootcheck/arena.h"

#include <nettle/sha2.h>
#include <stdint.h>
#include <stdio.h>

void bc_sha256_hex(const void *data, size_t len, char hex[65]) {
  struct sha256_ctx ctx;
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  sha256_digest(&ctx, sizeof digest, digest);
  for (size_t i = 0; i < sizeof digest; i++)
    snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}
