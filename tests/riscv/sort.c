/*
 * sort: N pseudo-random ints (default 200,000, an xorshift generator from a fixed seed) sorted by
 * qsort and by a hand-written top-down merge sort.
 * Checks: both results are ordered and identical; prints a checksum, the minimum, median and
 * maximum.
 * Usage: sort [N]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *x, const void *y) {
    int a = *(const int *) x, b = *(const int *) y;
    return (a > b) - (a < b);
}

static void merge_sort(int *v, int *tmp, size_t n) {
    if (n < 2) {
        return;
    }
    size_t half = n / 2;
    merge_sort(v, tmp, half);
    merge_sort(v + half, tmp, n - half);
    size_t i = 0, j = half, k = 0;
    while (i < half && j < n) {
        tmp[k++] = v[j] < v[i] ? v[j++] : v[i++];
    }
    while (i < half) {
        tmp[k++] = v[i++];
    }
    while (j < n) {
        tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof *v);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (n < 1 || n > 50000000) {
        fprintf(stderr, "sort: N must be 1..50000000\n");
        return 2;
    }
    int *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *tmp = malloc(n * sizeof *tmp);
    uint64_t x = 88172645463325252ull;
    for (long i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        a[i] = (int) (x >> 32);
    }
    memcpy(b, a, n * sizeof *a);
    qsort(a, n, sizeof *a, compare);
    merge_sort(b, tmp, n);
    int ordered = 1;
    uint64_t sum = 0;
    for (long i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i]) {
            ordered = 0;
        }
        sum = sum * 1000003 + (uint32_t) a[i];
    }
    int same = memcmp(a, b, n * sizeof *a) == 0;
    printf("sorted %ld ints\n", n);
    printf("min %d median %d max %d\n", a[0], a[n / 2], a[n - 1]);
    printf("checksum %016llx\n", (unsigned long long) sum);
    printf("qsort ordered: %s, merge sort equals qsort: %s\n", ordered ? "yes" : "NO", same ? "yes" : "NO");
    printf("sort: %s\n", ordered && same ? "check passed" : "check FAILED");
    return ordered && same ? 0 : 1;
}
