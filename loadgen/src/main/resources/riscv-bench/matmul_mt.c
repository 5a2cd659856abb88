/*
 * procshare loadgen riscv: the matrix multiply of matmul.c with T pthreads (argv[2], default 4),
 * each computing a block of N/T consecutive rows of C (argv[1], default 300). The result is
 * bit-identical to matmul.c's for the same N: every element is summed in the same order. Prints
 * N, T, the sum of C and a 64-bit hash of C's bits.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long n, threads;
static double *a, *b, *c;

static void *rows(void *arg) {
    long t = (long) arg;
    long from = n * t / threads, to = n * (t + 1) / threads;
    for (long i = from; i < to; i++) {
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (long j = 0; j < n; j++) {
                c[i * n + j] += aik * b[k * n + j];
            }
        }
    }
    return NULL;
}

int main(int argc, char **argv) {
    n = argc > 1 ? atol(argv[1]) : 300;
    threads = argc > 2 ? atol(argv[2]) : 4;
    if (n < 1 || n > 4000 || threads < 1 || threads > 64) {
        fprintf(stderr, "matmul_mt: N must be 1..4000 and T 1..64\n");
        return 2;
    }
    a = malloc(n * n * sizeof(double));
    b = malloc(n * n * sizeof(double));
    c = calloc(n * n, sizeof(double));
    if (!a || !b || !c) {
        fprintf(stderr, "matmul_mt: out of memory\n");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        for (long j = 0; j < n; j++) {
            a[i * n + j] = (double) ((i * 7 + j * 3) % 17) / 8.0 - 1.0;
            b[i * n + j] = (double) ((i * 5 + j * 11) % 13) / 4.0 + 0.25;
        }
    }
    pthread_t tid[64];
    for (long t = 0; t < threads; t++) {
        if (pthread_create(&tid[t], NULL, rows, (void *) t) != 0) {
            fprintf(stderr, "matmul_mt: pthread_create failed\n");
            return 1;
        }
    }
    for (long t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
    }
    double sum = 0;
    uint64_t hash = 1469598103934665603ULL;
    for (long i = 0; i < n * n; i++) {
        uint64_t bits;
        memcpy(&bits, &c[i], sizeof bits);
        hash = (hash ^ bits) * 1099511628211ULL;
        sum += c[i];
    }
    printf("matmul n=%ld sum=%.6f hash=%016llx threads=%ld\n", n, sum, (unsigned long long) hash, threads);
    return 0;
}
