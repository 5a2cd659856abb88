package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.ThreadEntry;
import io.procshare.verticles.syscall.Errno;
import io.procshare.verticles.syscall.Futexes;
import io.procshare.verticles.syscall.Sysno;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code syscheck [--timeout-ms T] [--absolute]}: forwarded system calls and futexes as a thread on
 * another node sees them, for runs on node JVMs in separate processes (issue 13, finding 9: clock
 * and process boundaries do not show in one JVM). Each worker writes a file of its own in the
 * sandbox, reads it back, waits on a futex nobody wakes with a relative timeout of T ms (default
 * 300) and checks it returned -ETIMEDOUT after T ms or more (by its own clock) and well before
 * T + 10 s; with {@code --absolute} also with an absolute CLOCK_MONOTONIC deadline from its own
 * clock_gettime; then waits on a futex until main wakes it. Main prints
 * {@code syscheck: check passed (...)} (exit 0) or {@code check FAILED (...)} with each failure.
 */
public final class SysCheck implements SharedTask {

    static final String NAME = "syscheck";
    static final String USAGE = "syscheck [--timeout-ms T] [--absolute 0|1]   (T 1..10000, default 300)";
    private static final TaskArgs.Option TIMEOUT = new TaskArgs.Option("--timeout-ms", 1, 10_000);
    private static final TaskArgs.Option ABSOLUTE = new TaskArgs.Option("--absolute", 0, 1);
    private static final long SLACK_MS = 10_000;

    private static final long TIMEOUT_AT = 0;
    private static final long ABSOLUTE_AT = 8;
    private static final long READY_AT = 16;
    private static final long FAILURES_AT = 24;
    private static final long GO_AT = TaskSupport.PAGE; // the word main wakes them on, in a page of its own
    private static final long SCRATCH_AT = 2 * TaskSupport.PAGE; // per worker: a timespec, 16 bytes
    private static final long WORDS_AT = 3 * TaskSupport.PAGE; // per worker: the word nobody wakes
    private static final long DESCRIPTORS_AT = 4 * TaskSupport.PAGE;
    private static final int CLOCK_MONOTONIC = 1;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        TaskArgs.parse(NAME, USAGE, args, 0, "arguments", TIMEOUT, ABSOLUTE);
    }

    @Override
    public int main(Guest g, String[] args) {
        TaskArgs a = TaskArgs.parse(NAME, USAGE, args, 0, "arguments", TIMEOUT, ABSOLUTE);
        int workers = g.requestedThreads();
        long length = TaskSupport.pages(DESCRIPTORS_AT + 16L * workers);
        long block = g.allocPages(length);
        g.writeLong(block + TIMEOUT_AT, a.get(TIMEOUT.name(), 300));
        g.writeLong(block + ABSOLUTE_AT, a.get(ABSOLUTE.name(), 0));
        for (int k = 0; k < workers; k++) {
            g.writeLong(block + DESCRIPTORS_AT + 16L * k, block);
            g.writeLong(block + DESCRIPTORS_AT + 16L * k + 8, k);
        }
        java.util.List<io.procshare.node.guest.SpawnedThread> threads = new java.util.ArrayList<>();
        for (int k = 0; k < workers; k++) {
            threads.add(g.spawn(Worker.class, block + DESCRIPTORS_AT + 16L * k));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (g.readLongVolatile(block + READY_AT) < workers && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        g.writeIntVolatile(block + GO_AT, 1);
        g.futexWake(block + GO_AT, Integer.MAX_VALUE); // wakes workers on other nodes through the home
        int failedWorkers = TaskSupport.joinAll(g, threads);
        long failures = g.readLongVolatile(block + FAILURES_AT);
        g.freePages(block, length);
        boolean passed = failedWorkers == 0 && failures == 0;
        g.println("syscheck: check " + (passed ? "passed" : "FAILED") + " (" + workers + " workers, " + failures
                + " failed checks, " + failedWorkers + " workers exited nonzero)");
        return passed ? 0 : 1;
    }

    /** Worker k: files, timed futex waits, then a futex wake from main; arg is its descriptor (block, k). */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            long timeoutMs = g.readLong(block + TIMEOUT_AT);
            long ts = block + SCRATCH_AT + 16L * k;
            long word = block + WORDS_AT + 8L * k;
            int failures = 0;

            byte[] text = ("worker " + k + " on " + g.nodeName() + "\n").getBytes(StandardCharsets.UTF_8);
            String name = "syscheck-" + g.tid() + ".txt";
            int fd = g.open(name, Guest.O_CREAT | Guest.O_RDWR | Guest.O_TRUNC, 0644);
            g.write(fd, text);
            g.close(fd);
            fd = g.open(name, Guest.O_RDONLY, 0);
            byte[] back = g.readAll(fd);
            g.close(fd);
            failures += report(g, Arrays.equals(back, text), "file " + name + " read back "
                    + new String(back, StandardCharsets.UTF_8).strip());

            g.writeLong(ts, timeoutMs / 1000);
            g.writeLong(ts + 8, (timeoutMs % 1000) * 1_000_000);
            long start = System.nanoTime();
            long r = g.syscall(Sysno.FUTEX, word, Futexes.FUTEX_WAIT | Futexes.FUTEX_PRIVATE_FLAG, 0, ts, 0, 0);
            failures += timed(g, "relative", r, start, timeoutMs);

            if (g.readLong(block + ABSOLUTE_AT) != 0) {
                start = System.nanoTime(); // before the clock is read: the deadline counts from then
                g.syscall(Sysno.CLOCK_GETTIME, CLOCK_MONOTONIC, ts); // this node's clock, as a guest reads it
                long at = g.readLong(ts) * 1_000_000_000L + g.readLong(ts + 8) + timeoutMs * 1_000_000L;
                g.writeLong(ts, at / 1_000_000_000L);
                g.writeLong(ts + 8, at % 1_000_000_000L);
                r = g.syscall(Sysno.FUTEX, word, Futexes.FUTEX_WAIT_BITSET | Futexes.FUTEX_PRIVATE_FLAG, 0, ts, 0,
                        Futexes.FUTEX_BITSET_MATCH_ANY);
                failures += timed(g, "absolute", r, start, timeoutMs);
            }

            g.getAndAddLong(block + READY_AT, 1);
            while (g.readIntVolatile(block + GO_AT) == 0) {
                g.futexWait(block + GO_AT, 0); // main wakes it from the home's node
            }
            g.getAndAddLong(block + FAILURES_AT, failures);
            return 0;
        }

        private static int timed(Guest g, String kind, long r, long startNanos, long timeoutMs) {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            return report(g, r == -Errno.ETIMEDOUT && ms >= timeoutMs && ms < timeoutMs + SLACK_MS,
                    kind + " futex wait of " + timeoutMs + " ms returned " + r + " after " + ms + " ms");
        }

        private static int report(Guest g, boolean ok, String what) {
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": " + (ok ? "ok: " : "FAILED: ") + what);
            return ok ? 0 : 1;
        }
    }
}
