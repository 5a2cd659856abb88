/* Benchmark: sorting n pseudo-random 64-bit integers with an inlined quicksort/insertion sort
 * (branches, loads and stores), then a qsort of 32-bit keys through a comparison callback. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void sort(int64_t *a, long lo, long hi) {
    while (hi - lo > 16) {
        int64_t p = a[lo + (hi - lo) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i <= j) { int64_t t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { sort(a, lo, j); lo = i; } else { sort(a, i, hi); hi = j; }
    }
    for (long i = lo + 1; i <= hi; i++) {
        int64_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static int cmp32(const void *x, const void *y) {
    int32_t a = *(const int32_t *) x, b = *(const int32_t *) y;
    return (a > b) - (a < b);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    int64_t *a = malloc(sizeof(int64_t) * n);
    int32_t *b = malloc(sizeof(int32_t) * n);
    uint64_t s = 0x9e3779b97f4a7c15ULL;
    for (long i = 0; i < n; i++) {
        s ^= s << 13; s ^= s >> 7; s ^= s << 17;
        a[i] = (int64_t) s;
        b[i] = (int32_t) (s >> 17);
    }
    sort(a, 0, n - 1);
    qsort(b, n, sizeof(int32_t), cmp32);
    uint64_t h = 0;
    for (long i = 0; i < n; i++) {
        if (i > 0 && (a[i - 1] > a[i] || b[i - 1] > b[i])) { printf("unsorted at %ld\n", i); return 1; }
        h = h * 31 + (uint64_t) a[i] + (uint32_t) b[i];
    }
    printf("sort %ld hash %016lx\n", n, h);
    return 0;
}
