/*
 * compute: T threads (default 4) each do heavy independent work on their own data -- an integer
 * hash chain and a floating-point series of ITER steps (default 3,000,000), seeded by the thread's
 * index -- and store the result in their own page. Main prints the per-thread results in thread
 * order after the joins, then recomputes thread 0's result alone and compares.
 * Checks: results are exact and in order whatever node each thread ran on.
 * Usage: compute [THREADS [ITER]]
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 32

struct result { uint64_t hash; double series; char pad[4096 - 16]; };

static struct result results[MAX_THREADS] __attribute__((aligned(4096)));
static long iterations;

static struct result work(long id) {
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t) id;
    double s = 0.0;
    for (long i = 1; i <= iterations; i++) {
        h ^= (uint64_t) i;
        h *= 0x100000001b3ull;
        h ^= h >> 29;
        double k = (double) (i + id);
        s += (i & 1 ? 1.0 : -1.0) / (2.0 * k - 1.0);
    }
    s = sqrt(fabs(s)) * 4.0;
    return (struct result) { h, s, {0} };
}

static void *worker(void *arg) {
    long id = (long) arg;
    results[id] = work(id);
    return NULL;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4;
    iterations = argc > 2 ? atol(argv[2]) : 3000000;
    if (n < 1 || n > MAX_THREADS || iterations < 1) {
        fprintf(stderr, "compute: THREADS must be 1..%d and ITER positive\n", MAX_THREADS);
        return 2;
    }
    pthread_t t[MAX_THREADS];
    for (long i = 0; i < n; i++) {
        pthread_create(&t[i], NULL, worker, (void *) i);
    }
    for (int i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
    }
    for (int i = 0; i < n; i++) {
        printf("thread %d: hash %016llx series %.17g\n", i, (unsigned long long) results[i].hash, results[i].series);
    }
    struct result alone = work(0);
    int ok = alone.hash == results[0].hash && alone.series == results[0].series;
    printf("compute: %s\n", ok ? "check passed" : "check FAILED");
    return ok ? 0 : 1;
}
