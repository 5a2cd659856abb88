/* RunVerticleTest: reads stdin, runs three compute threads (spread over the nodes), prints their
 * results in order, a line on stderr, and exits 5. */
#include <pthread.h>
#include <stdio.h>

static long results[3];

static void *work(void *arg) {
    long i = (long) arg;
    long s = 0;
    for (long k = 0; k < 200000; k++) {
        s += k % (i + 3);
    }
    results[i] = s;
    return 0;
}

int main(int argc, char **argv) {
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf - 1, stdin);
    buf[n] = 0;
    printf("read %zu bytes: %s\n", n, buf);
    pthread_t t[3];
    for (long i = 0; i < 3; i++) {
        pthread_create(&t[i], 0, work, (void *) i);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(t[i], 0);
    }
    for (int i = 0; i < 3; i++) {
        printf("thread %d: %ld\n", i, results[i]);
    }
    fprintf(stderr, "done\n");
    return 5;
}
