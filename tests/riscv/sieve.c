/*
 * sieve: the sieve of Eratosthenes up to N (default 2,000,000) on a byte array.
 * Checks: the count of primes against the known value pi(N) for the default N, and prints the
 * last primes below N and a checksum of all of them. Built at -Os (denser compressed code).
 * OPT: -Os
 * Usage: sieve [N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    if (n < 2 || n > 100000000) {
        fprintf(stderr, "sieve: N must be 2..100000000\n");
        return 2;
    }
    unsigned char *composite = calloc(n + 1, 1);
    for (long i = 2; i * i <= n; i++) {
        if (!composite[i]) {
            for (long j = i * i; j <= n; j += i) {
                composite[j] = 1;
            }
        }
    }
    long count = 0;
    unsigned long long sum = 0, mix = 0;
    long last[5] = {0};
    for (long i = 2; i <= n; i++) {
        if (!composite[i]) {
            count++;
            sum += i;
            mix = mix * 31 + i;
            memmove(last, last + 1, 4 * sizeof(long));
            last[4] = i;
        }
    }
    printf("primes up to %ld: %ld\n", n, count);
    printf("sum %llu mix %016llx\n", sum, mix);
    printf("last five: %ld %ld %ld %ld %ld\n", last[0], last[1], last[2], last[3], last[4]);
    int ok = n != 2000000 || count == 148933;
    printf("sieve: %s\n", ok ? "check passed" : "check FAILED");
    return ok ? 0 : 1;
}
