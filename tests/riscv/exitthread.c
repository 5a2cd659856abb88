/*
 * exitthread: exit(3) called by a worker thread while the other threads are blocked -- three on a
 * condition variable that is never signalled, main in pthread_join of one of them.
 * Checks: the process ends with status 3; stdout (fully buffered into a pipe or file) is flushed
 * by exit, in order, including a line written by an atexit handler; the stderr lines appear.
 * Nothing after exit(3) may print. The worker starts exiting only after all waiters are waiting.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define WAITERS 3

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static pthread_cond_t arrived = PTHREAD_COND_INITIALIZER;
static int waiting;

static void at_exit(void) {
    printf("atexit handler ran, %d threads were waiting\n", waiting);
}

static void *waiter(void *arg) {
    (void) arg;
    pthread_mutex_lock(&lock);
    waiting++;
    pthread_cond_broadcast(&arrived);
    for (;;) {
        pthread_cond_wait(&never, &lock);
    }
    return NULL;
}

static void *exiter(void *arg) {
    (void) arg;
    pthread_mutex_lock(&lock);
    while (waiting < WAITERS) {
        pthread_cond_wait(&arrived, &lock);
    }
    pthread_mutex_unlock(&lock);
    for (int i = 0; i < 5; i++) {
        printf("worker: buffered line %d\n", i);
    }
    fprintf(stderr, "worker: calling exit(3)\n");
    exit(3);
}

int main(void) {
    atexit(at_exit);
    printf("main: starting %d waiters and one exiting worker\n", WAITERS);
    fprintf(stderr, "main: stderr is unbuffered\n");
    pthread_t w[WAITERS], x;
    for (int i = 0; i < WAITERS; i++) {
        pthread_create(&w[i], NULL, waiter, NULL);
    }
    pthread_create(&x, NULL, exiter, NULL);
    pthread_join(w[0], NULL);
    printf("main: joined a waiter, which must never happen\n");
    return 0;
}
