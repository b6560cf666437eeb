/*
** memguard.c - the memory guard (memguard.h).
*/
#include "base/memguard.h"
#include "bootcheck/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POLL_NS 50000000L /* 50 ms */
#define DEFAULT_FLOOR_MAX ((uint64_t)1 << 30)

struct bc_memguard {
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  bool quit;
  uint64_t floor, rss_min;
  volatile sig_atomic_t *flag;
  uint64_t last_avail, last_rss; /* under mu */
};

/* The whole of a small file of /proc into buf (NUL-terminated); false when
** it cannot be read. */
static bool read_proc(const char *path, char *buf, size_t len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  size_t n = 0;
  while (n + 1 < len) {
    ssize_t r = read(fd, buf + n, len - 1 - n);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  return n > 0;
}

/* The value in kB of line 'key' ("MemAvailable:") of /proc/meminfo's text,
** in bytes; false when it is not there. */
static bool meminfo_field(const char *text, const char *key, uint64_t *ret) {
  const char *at = strstr(text, key);
  if (!at)
    return false;
  char *end;
  unsigned long long kb = strtoull(at + strlen(key), &end, 10);
  if (end == at + strlen(key))
    return false;
  *ret = (uint64_t)kb * 1024;
  return true;
}

static bool mem_available(uint64_t *avail, uint64_t *total) {
  char buf[4096];
  return read_proc("/proc/meminfo", buf, sizeof buf) &&
         meminfo_field(buf, "MemAvailable:", avail) &&
         (!total || meminfo_field(buf, "MemTotal:", total));
}

static uint64_t resident(void) {
  char buf[256];
  unsigned long long size, res;
  if (!read_proc("/proc/self/statm", buf, sizeof buf) ||
      sscanf(buf, "%llu %llu", &size, &res) != 2)
    return 0;
  long page = sysconf(_SC_PAGESIZE);
  return (uint64_t)res * (uint64_t)(page > 0 ? page : 4096);
}

bool bc_memguard_config(uint64_t *floor, uint64_t *rss_min, char *why,
                        size_t whylen) {
  const char *s = getenv("BOOTCHECK_MIN_FREE");
  *floor = *rss_min = 0;
  if (s && *s) {
    size_t v;
    if (!bc_parse_size(s, &v)) {
      snprintf(why, whylen,
               "$BOOTCHECK_MIN_FREE is '%.40s', not a size "
               "such as 512M or 2G (0: no memory guard)",
               s);
      return false;
    }
    *floor = v;
    return true;
  }
  uint64_t avail, total;
  if (!mem_available(&avail, &total) || total == 0)
    return true; /* no /proc/meminfo: no guard */
  *floor = total / 16 < DEFAULT_FLOOR_MAX ? total / 16 : DEFAULT_FLOOR_MAX;
  *rss_min = total / 8;
  return true;
}

static void *watch(void *arg) {
  struct bc_memguard *g = arg;
  pthread_mutex_lock(&g->mu);
  while (!g->quit) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_nsec += POLL_NS;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&g->cv, &g->mu, &until);
    if (g->quit || *g->flag)
      continue;
    uint64_t avail, rss;
    if (!mem_available(&avail, NULL) || avail >= g->floor)
      continue;
    rss = resident();
    if (rss < g->rss_min)
      continue;
    g->last_avail = avail;
    g->last_rss = rss;
    *g->flag = 1;
  }
  pthread_mutex_unlock(&g->mu);
  return NULL;
}

struct bc_memguard *bc_memguard_start(uint64_t floor, uint64_t rss_min,
                                      volatile sig_atomic_t *flag) {
  uint64_t avail;
  if (floor == 0 || !mem_available(&avail, NULL))
    return NULL;
  struct bc_memguard *g = bc_xcalloc(1, sizeof *g);
  g->floor = floor;
  g->rss_min = rss_min;
  g->flag = flag;
  pthread_mutex_init(&g->mu, NULL);
  pthread_cond_init(&g->cv, NULL);
  /* the thread blocks every signal: SIGINT and SIGTERM go to the others */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  int rc = pthread_create(&g->thread, NULL, watch, g);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    free(g);
    return NULL;
  }
  return g;
}

struct bc_memguard *bc_memguard_from_env(volatile sig_atomic_t *flag) {
  uint64_t floor, rss_min;
  char why[128];
  return bc_memguard_config(&floor, &rss_min, why, sizeof why)
             ? bc_memguard_start(floor, rss_min, flag)
             : NULL;
}

void bc_memguard_last(struct bc_memguard *g, uint64_t *avail,
                      uint64_t *rss) {
  pthread_mutex_lock(&g->mu);
  *avail = g->last_avail;
  *rss = g->last_rss;
  pthread_mutex_unlock(&g->mu);
}

void bc_memguard_stop(struct bc_memguard *g) {
  if (!g)
    return;
  pthread_mutex_lock(&g->mu);
  g->quit = true;
  pthread_cond_signal(&g->cv);
  pthread_mutex_unlock(&g->mu);
  pthread_join(g->thread, NULL);
  pthread_cond_destroy(&g->cv);
  pthread_mutex_destroy(&g->mu);
  free(g);
}
