/*
 * procshare loadgen riscv: single-thread matrix multiply of doubles, C = A x B, N x N (argv[1],
 * default 300). A and B are filled from their indices; C is computed row by row (i-k-j order).
 * Prints N, the sum of C and a 64-bit hash of C's bits, so that any wrong rounding shows.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 300;
    if (n < 1 || n > 4000) {
        fprintf(stderr, "matmul: N must be 1..4000, got %s\n", argv[1]);
        return 2;
    }
    double *a = malloc(n * n * sizeof(double));
    double *b = malloc(n * n * sizeof(double));
    double *c = calloc(n * n, sizeof(double));
    if (!a || !b || !c) {
        fprintf(stderr, "matmul: out of memory\n");
        return 1;
    }
    for (long i = 0; i < n; i++) {
        for (long j = 0; j < n; j++) {
            a[i * n + j] = (double) ((i * 7 + j * 3) % 17) / 8.0 - 1.0;
            b[i * n + j] = (double) ((i * 5 + j * 11) % 13) / 4.0 + 0.25;
        }
    }
    for (long i = 0; i < n; i++) {
        for (long k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (long j = 0; j < n; j++) {
                c[i * n + j] += aik * b[k * n + j];
            }
        }
    }
    double sum = 0;
    uint64_t hash = 1469598103934665603ULL;
    for (long i = 0; i < n * n; i++) {
        uint64_t bits;
        memcpy(&bits, &c[i], sizeof bits);
        hash = (hash ^ bits) * 1099511628211ULL;
        sum += c[i];
    }
    printf("matmul n=%ld sum=%.6f hash=%016llx\n", n, sum, (unsigned long long) hash);
    return 0;
}
