/* Benchmark: n x n double matrix multiply (gcc contracts the inner product into fmadd.d). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = calloc(n * n, sizeof(double));
    for (int i = 0; i < n * n; i++) {
        a[i] = (i % 17) * 0.25 - 2;
        b[i] = (i % 13) * 0.5 + 1;
    }
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double x = a[i * n + k];
            for (int j = 0; j < n; j++) c[i * n + j] += x * b[k * n + j];
        }
    double s = 0;
    for (int i = 0; i < n * n; i++) s += c[i] * ((i & 7) + 1);
    printf("matmul %d checksum %.6f\n", n, s);
    return 0;
}
