/*
 * measure.c - run one command, report its wall time, CPU time and peak RSS.
 *
 *   measure [-w MB] OUTFILE TIMEOUT_S COMMAND [ARG...]
 *
 * Runs COMMAND with stdout and stderr to OUTFILE, in its own process group,
 * kills the group after TIMEOUT_S seconds (0: never), and prints one line
 *
 *   status=<exit code, or 128+signal> wall=<s> user=<s> sys=<s>
 *   maxrss_kb=<KiB> timeout=<0|1>
 *
 * bench/run uses this rather than forking from Python because Linux's
 * ru_maxrss of a child includes the resident size of the process that forked
 * it (the high-water mark survives exec): forked from Python every run would
 * read at least ~17 MB. Forked from this small program the floor is ~1 MB.
 *
 * -w MB: first warm MB MiB of memory, in a child of its own that writes a
 * byte to every page and exits, then start the clock and COMMAND. On a
 * virtual machine whose host backs guest memory lazily and takes back what
 * the guest frees (free page reporting), a process's first write to a page
 * the host took back waits for the host: up to ~3 s of system time per GB
 * (docs/performance.md, "Fresh pages"), depending on what ran before and
 * how long ago. Pages just freed by the warming child are still backed, so
 * a measured run mostly starts on backed pages (not always: the figures are
 * in that section). Not in the times, nor in the RSS (a separate process,
 * so its high-water mark is not inherited).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (child > 0)
		kill(-child, SIGKILL);
}

static double tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

/* Write a byte to every page of 'mb' MiB, in a child process. */
static int warm(long mb)
{
	pid_t w = fork();
	if (w < 0) {
		perror("fork");
		return -1;
	}
	if (w == 0) {
		size_t n = (size_t)mb << 20;
		char *p = mmap(NULL, n, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		madvise(p, n, MADV_HUGEPAGE);
		for (size_t i = 0; i < n; i += 4096)
			p[i] = 1;
		_exit(0);
	}
	int status;
	while (waitpid(w, &status, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	long warm_mb = 0;
	if (argc > 2 && strcmp(argv[1], "-w") == 0) {
		warm_mb = atol(argv[2]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: measure [-w MB] OUTFILE TIMEOUT_S COMMAND [ARG...]\n");
		return 2;
	}
	if (warm_mb > 0 && warm(warm_mb) < 0)
		return 2;
	double limit = atof(argv[2]);
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	child = fork();
	if (child < 0) {
		perror("fork");
		return 2;
	}
	if (child == 0) {
		setpgid(0, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	setpgid(child, child);  /* also here: no race with the alarm */
	close(fd);
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	if (limit > 0) {
		struct itimerval it = { .it_value = {
			.tv_sec = (time_t)limit,
			.tv_usec = (suseconds_t)((limit - (double)(time_t)limit) * 1e6) } };
		setitimer(ITIMER_REAL, &it, NULL);
	}
	int status;
	struct rusage ru;
	pid_t r;
	while ((r = wait4(child, &status, 0, &ru)) < 0 && errno == EINTR)
		;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r < 0) {
		perror("wait4");
		return 2;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status)
	                             : 128 + WTERMSIG(status);
	double wall = (double)(t1.tv_sec - t0.tv_sec) +
	              (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("status=%d wall=%.6f user=%.6f sys=%.6f maxrss_kb=%ld timeout=%d\n",
	       code, wall, tv(ru.ru_utime), tv(ru.ru_stime), ru.ru_maxrss,
	       (int)timed_out);
	return 0;
}
