package io.procshare.verticles.syscall;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** futex WAIT/WAKE semantics over a word held in an AtomicInteger (the DSM's role). */
class FutexesTest {

    // a thread per task: the common pool may have one thread, and these tasks block
    private final java.util.concurrent.Executor threads = r -> Thread.ofPlatform().daemon().start(r);
    private final Futexes futexes = new Futexes();
    private final AtomicInteger word = new AtomicInteger();
    private final Futexes.Word load = a -> a == 0x1000 ? word.get() : null;

    private CompletableFuture<Long> waitAsync(int expected, int bitset) {
        return CompletableFuture.supplyAsync(() -> futexes.wait(0x1000, expected, bitset, Long.MAX_VALUE, load), threads);
    }

    private void awaitWaiters(int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> futexes.waiters(0x1000) >= n);
        assertThat(futexes.waiters(0x1000)).isEqualTo(n);
    }

    @Test
    void when_valueDiffers_then_eagainWithoutSleeping() {
        word.set(5);
        assertThat(futexes.wait(0x1000, 4, -1, Long.MAX_VALUE, load)).isEqualTo(-Errno.EAGAIN);
        assertThat(futexes.wait(0x2000, 0, -1, Long.MAX_VALUE, load)).isEqualTo(-Errno.EFAULT);
        assertThat(futexes.wait(0x1002, 0, -1, Long.MAX_VALUE, load)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void when_wakeOne_then_exactlyOneOfTwoWaitersReturns() throws Exception {
        CompletableFuture<Long> a = waitAsync(0, -1);
        CompletableFuture<Long> b = waitAsync(0, -1);
        awaitWaiters(2);
        assertThat(futexes.wake(0x1000, 1, -1)).isEqualTo(1);
        CompletableFuture.anyOf(a, b).get(5, TimeUnit.SECONDS);
        assertThat(futexes.waiters(0x1000)).isEqualTo(1);
        assertThat(futexes.wake(0x1000, Integer.MAX_VALUE, -1)).isEqualTo(1);
        assertThat(a.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(b.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void when_bitsetsDoNotIntersect_then_wakeSkipsTheWaiter() throws Exception {
        CompletableFuture<Long> a = waitAsync(0, 0b01);
        awaitWaiters(1);
        assertThat(futexes.wake(0x1000, 10, 0b10)).isZero();
        assertThat(futexes.wake(0x1000, 10, 0b11)).isEqualTo(1);
        assertThat(a.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void when_deadlinePasses_then_etimedoutAndTheQueueIsEmpty() {
        long t0 = System.nanoTime();
        assertThat(futexes.wait(0x1000, 0, -1, t0 + 50_000_000, load)).isEqualTo(-Errno.ETIMEDOUT);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(50_000_000);
        assertThat(futexes.waiters(0x1000)).isZero();
    }

    @Test
    void when_closed_then_waitersReturnEintr() throws Exception {
        CompletableFuture<Long> a = waitAsync(0, -1);
        awaitWaiters(1);
        futexes.close();
        assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo(-Errno.EINTR);
    }

    @Test
    void when_twoThreadsPingPongTenThousandTimes_then_noWakeUpIsLost() throws Exception {
        // word = whose turn (0 or 1); each side waits while it is not its turn, passes the turn, wakes
        int rounds = 10_000;
        Runnable[] sides = new Runnable[2];
        for (int me = 0; me < 2; me++) {
            int self = me;
            sides[me] = () -> {
                for (int r = 0; r < rounds; r++) {
                    int v;
                    while ((v = word.get()) != self) {
                        futexes.wait(0x1000, v, -1, Long.MAX_VALUE, load);
                    }
                    word.set(1 - self);
                    futexes.wake(0x1000, 1, -1);
                }
            };
        }
        CompletableFuture<Void> a = CompletableFuture.runAsync(sides[0], threads);
        CompletableFuture<Void> b = CompletableFuture.runAsync(sides[1], threads);
        CompletableFuture.allOf(a, b).get(30, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- the word's page is remote (issue 13)

    @Test
    void when_aWaitFaultsItsWordInFromAnotherNode_then_aWakeOfAnotherFutexInTheSameBucketDoesNotWaitForIt()
            throws Exception {
        java.util.concurrent.CountDownLatch faulting = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch pageArrives = new java.util.concurrent.CountDownLatch(1);
        Futexes.Word remote = new Futexes.Word() {
            @Override
            public Integer load(long a) {
                faulting.countDown();
                try {
                    pageArrives.await(); // a page fault to another node, up to the fault deadline
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return word.get();
            }

            @Override
            public long peek(long a) {
                return word.get();
            }
        };
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(
                () -> futexes.wait(0x1000, 0, -1, Long.MAX_VALUE, remote), threads);
        assertThat(faulting.await(5, TimeUnit.SECONDS)).isTrue();

        // 0x1100 hashes to 0x1000's bucket: its WAKE must not wait for 0x1000's fault
        CompletableFuture<Integer> unrelated = CompletableFuture.supplyAsync(() -> futexes.wake(0x1100, 1, -1), threads);
        assertThat(unrelated.get(5, TimeUnit.SECONDS)).isZero();

        pageArrives.countDown();
        awaitWaiters(1);
        assertThat(futexes.wake(0x1000, 1, -1)).isEqualTo(1);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void when_theWordsPageLeavesBetweenTheFaultAndTheCheck_then_theWaitFaultsItInAgain() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger peeks = new AtomicInteger();
        Futexes.Word leaving = new Futexes.Word() {
            @Override
            public Integer load(long a) {
                loads.incrementAndGet();
                return word.get();
            }

            @Override
            public long peek(long a) {
                return peeks.getAndIncrement() == 0 ? NOT_RESIDENT : word.get();
            }
        };
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(
                () -> futexes.wait(0x1000, 0, -1, Long.MAX_VALUE, leaving), threads);
        awaitWaiters(1);

        assertThat(loads).hasValue(2);
        assertThat(futexes.wake(0x1000, 1, -1)).isEqualTo(1);
        assertThat(waiter.get(5, TimeUnit.SECONDS)).isZero();
    }
}
