/*
 * procshare loadgen riscv: sorts N pseudo-random 32-bit ints (argv[1], default 1000000) from a
 * xorshift generator with a quicksort of its own (median of three, insertion sort below 16
 * elements, the smaller side first so that the stack stays O(log N)). Checks the order and prints
 * N and a hash of the sorted array.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void insertion(int32_t *a, long lo, long hi) {
    for (long i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        long j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void swap(int32_t *a, long i, long j) {
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(int32_t *a, long lo, long hi) {
    while (hi - lo >= 16) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        int32_t pivot = a[mid];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                swap(a, i, j);
                i++;
                j--;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion(a, lo, hi);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    if (n < 1 || n > 100000000) {
        fprintf(stderr, "sort: N must be 1..100000000\n");
        return 2;
    }
    int32_t *a = malloc(n * sizeof(int32_t));
    if (!a) {
        fprintf(stderr, "sort: out of memory\n");
        return 1;
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (long i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        a[i] = (int32_t) (x >> 32);
    }
    quicksort(a, 0, n - 1);
    uint64_t hash = 1469598103934665603ULL;
    for (long i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i]) {
            fprintf(stderr, "sort: not sorted at %ld\n", i);
            return 1;
        }
        hash = (hash ^ (uint32_t) a[i]) * 1099511628211ULL;
    }
    printf("sort n=%ld min=%d max=%d hash=%016llx\n", n, a[0], a[n - 1], (unsigned long long) hash);
    return 0;
}
