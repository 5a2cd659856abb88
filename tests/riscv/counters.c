/*
 * counters: N threads (default 8) each add 1 ITER times (default 20000) to a mutex-protected
 * counter and with __atomic_fetch_add to an atomic one, and to their own slot.
 * Checks: both totals are exactly N*ITER (a lost update shows as a smaller total), every slot is
 * ITER, and pthread_join returns each thread's own value. Output is printed by main after the joins.
 * Usage: counters [THREADS [ITER]]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long locked_counter;
static long atomic_counter;
static long iterations;
static struct { long count; char pad[4096 - sizeof(long)]; } slots[MAX_THREADS];

static void *worker(void *arg) {
    long id = (long) arg;
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&lock);
        locked_counter++;
        pthread_mutex_unlock(&lock);
        __atomic_fetch_add(&atomic_counter, 1, __ATOMIC_SEQ_CST);
        slots[id].count++;
    }
    return (void *) (id * 100 + 7);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 8;
    iterations = argc > 2 ? atol(argv[2]) : 20000;
    if (n < 1 || n > MAX_THREADS || iterations < 1) {
        fprintf(stderr, "counters: THREADS must be 1..%d and ITER positive\n", MAX_THREADS);
        return 2;
    }
    pthread_t t[MAX_THREADS];
    for (long i = 0; i < n; i++) {
        if (pthread_create(&t[i], NULL, worker, (void *) i) != 0) {
            fprintf(stderr, "counters: pthread_create failed\n");
            return 1;
        }
    }
    int ok = 1;
    for (long i = 0; i < n; i++) {
        void *ret;
        pthread_join(t[i], &ret);
        int good = (long) ret == i * 100 + 7 && slots[i].count == iterations;
        printf("thread %ld: returned %ld, own count %ld %s\n", i, (long) ret, slots[i].count, good ? "ok" : "WRONG");
        ok &= good;
    }
    long expected = n * iterations;
    printf("mutex counter  %ld (expected %ld) %s\n", locked_counter, expected, locked_counter == expected ? "ok" : "WRONG");
    printf("atomic counter %ld (expected %ld) %s\n", atomic_counter, expected, atomic_counter == expected ? "ok" : "WRONG");
    ok &= locked_counter == expected && atomic_counter == expected;
    printf("counters: %s\n", ok ? "check passed" : "check FAILED");
    return ok ? 0 : 1;
}
