/*
** size.c - a size as the command line and the environment give it ("512M",
** "4G", "1.5G", "100k", "123": --max-memory, $BOOTCHECK_CACHE_SIZE).
*/
#include "bootcheck/arena.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

bool bc_parse_size(const char *s, size_t *ret) {
  char *end;
  errno = 0;
  /* digits first: strtod would also take "nan", "inf", "-1" and " 1" */
  size_t ndig = strspn(s, "0123456789.");
  if (ndig == 0 || ndig > 40 || strspn(s, ".") == ndig)
    return false;
  char num[48];
  memcpy(num, s, ndig);
  num[ndig] = '\0';
  double v = strtod(num, &end);
  if (errno || *end || !(v >= 0))
    return false;
  end = (char *)s + ndig;
  double mul = 1;
  switch (*end) {
  case 'k': case 'K':
    mul = 1024.0;
    end++;
    break;
  case 'm': case 'M':
    mul = 1024.0 * 1024;
    end++;
    break;
  case 'g': case 'G':
    mul = 1024.0 * 1024 * 1024;
    end++;
    break;
  default:
    break;
  }
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end || !(v * mul < 18446744073709549568.0) /* below 2^64 */ ||
      v * mul > (double)SIZE_MAX)
    return false;
  *ret = (size_t)(v * mul);
  return true;
}
