/*
 * matmul: C = A x B for N x N doubles (default 128) with 4 threads (each a band of rows, its rows
 * of C in its own pages), then again with 1 thread.
 * Checks: the two results are bit-identical (same loop order per element); prints the checksum
 * (sum of C, as %.17g and as its bit pattern) and a few elements.
 * Usage: matmul [N [THREADS]]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n, threads;
static double *a, *b, *c;

struct band { int from, to; double *out; };

static void multiply(int from, int to, double *out) {
    for (int i = from; i < to; i++) {
        for (int j = 0; j < n; j++) {
            double s = 0.0;
            for (int k = 0; k < n; k++) {
                s += a[(size_t) i * n + k] * b[(size_t) k * n + j];
            }
            out[(size_t) i * n + j] = s;
        }
    }
}

static void *worker(void *arg) {
    struct band *band = arg;
    multiply(band->from, band->to, band->out);
    return NULL;
}

static uint64_t bits(double d) {
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

int main(int argc, char **argv) {
    n = argc > 1 ? atoi(argv[1]) : 128;
    threads = argc > 2 ? atoi(argv[2]) : 4;
    if (n < 1 || n > 2048 || threads < 1 || threads > 64) {
        fprintf(stderr, "matmul: N must be 1..2048 and THREADS 1..64\n");
        return 2;
    }
    size_t bytes = ((size_t) n * n * sizeof(double) + 4095) & ~(size_t) 4095;
    a = aligned_alloc(4096, bytes);
    b = aligned_alloc(4096, bytes);
    c = aligned_alloc(4096, bytes);
    double *c1 = aligned_alloc(4096, bytes);
    uint32_t seed = 12345;
    for (size_t i = 0; i < (size_t) n * n; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (double) (seed >> 16 & 0x7fff) / 32768.0 - 0.5;
        seed = seed * 1103515245u + 12345u;
        b[i] = (double) (seed >> 16 & 0x7fff) / 4096.0;
    }
    pthread_t t[64];
    struct band bands[64];
    for (int i = 0; i < threads; i++) {
        bands[i] = (struct band) { n * i / threads, n * (i + 1) / threads, c };
        pthread_create(&t[i], NULL, worker, &bands[i]);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(t[i], NULL);
    }
    multiply(0, n, c1);
    double sum = 0.0;
    for (size_t i = 0; i < (size_t) n * n; i++) {
        sum += c[i];
    }
    int same = memcmp(c, c1, (size_t) n * n * sizeof(double)) == 0;
    printf("matmul %dx%d with %d threads\n", n, n, threads);
    printf("C[0][0]=%.17g C[n-1][n-1]=%.17g\n", c[0], c[(size_t) n * n - 1]);
    printf("checksum %.17g bits %016llx\n", sum, (unsigned long long) bits(sum));
    printf("%d-thread result %s the 1-thread result\n", threads, same ? "equals" : "DIFFERS FROM");
    printf("matmul: %s\n", same ? "check passed" : "check FAILED");
    return same ? 0 : 1;
}
