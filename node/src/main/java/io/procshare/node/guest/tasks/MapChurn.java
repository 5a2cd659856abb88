package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import io.procshare.node.guest.SharedTask;
import io.procshare.node.guest.ThreadEntry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code mapchurn [--seconds S] [--pages P] [--pause-ms M]}: what a long-running program that maps
 * and unmaps memory does to the nodes' frame budgets (issue 13, finding 6). Each worker, for S
 * seconds (default 10), maps P pages (default 4), writes every page, reads every page back, writes
 * one page of a ring shared by all workers (so pages also move between nodes), and unmaps its P
 * pages; then pauses M ms (default 0). Frames must follow the pages: a node's
 * {@code memory.frames} stays flat however long it runs. Main checks that every worker read back
 * what it wrote and prints {@code mapchurn: rounds=R threads=T pages=P seconds=S} and
 * {@code mapchurn: check passed (...)} (exit 0) or {@code check FAILED} (exit 1).
 */
public final class MapChurn implements SharedTask {

    static final String NAME = "mapchurn";
    static final String USAGE = "mapchurn [--seconds S] [--pages P] [--pause-ms M]   (S 1..86400, default 10; P 1..256,"
            + " default 4; M 0..10000, default 0)";
    private static final TaskArgs.Option SECONDS = new TaskArgs.Option("--seconds", 1, 86_400);
    private static final TaskArgs.Option PAGES = new TaskArgs.Option("--pages", 1, 256);
    private static final TaskArgs.Option PAUSE = new TaskArgs.Option("--pause-ms", 0, 10_000);

    // the control block: parameters, the round and failure counters, the ring's address, then descriptors
    private static final long SECONDS_AT = 0;
    private static final long PAGES_AT = 8;
    private static final long PAUSE_AT = 16;
    private static final long RING_AT = 24;
    private static final long WORKERS_AT = 32;
    private static final long ROUNDS_AT = TaskSupport.PAGE; // own page: every worker adds to it
    private static final long BAD_AT = TaskSupport.PAGE + 8;
    private static final long DESCRIPTORS_AT = 2 * TaskSupport.PAGE;

    @Override
    public String usage() {
        return USAGE;
    }

    @Override
    public void validate(String[] args) {
        TaskArgs.parse(NAME, USAGE, args, 0, "arguments", SECONDS, PAGES, PAUSE);
    }

    @Override
    public int main(Guest g, String[] args) {
        TaskArgs a = TaskArgs.parse(NAME, USAGE, args, 0, "arguments", SECONDS, PAGES, PAUSE);
        long seconds = a.get(SECONDS.name(), 10);
        long pages = a.get(PAGES.name(), 4);
        long pause = a.get(PAUSE.name(), 0);
        int workers = g.requestedThreads();
        long length = TaskSupport.pages(DESCRIPTORS_AT + 16L * workers);
        long block = g.allocPages(length);
        long ringLength = TaskSupport.PAGE * Math.max(1, workers);
        long ring = g.allocPages(ringLength);
        g.writeLong(block + SECONDS_AT, seconds);
        g.writeLong(block + PAGES_AT, pages);
        g.writeLong(block + PAUSE_AT, pause);
        g.writeLong(block + RING_AT, ring);
        g.writeLong(block + WORKERS_AT, workers);
        for (int k = 0; k < workers; k++) {
            g.writeLong(block + DESCRIPTORS_AT + 16L * k, block);
            g.writeLong(block + DESCRIPTORS_AT + 16L * k + 8, k);
        }
        int failedWorkers = TaskSupport.runWorkers(g, Worker.class, workers, k -> block + DESCRIPTORS_AT + 16L * k);
        long rounds = g.readLongVolatile(block + ROUNDS_AT);
        long bad = g.readLongVolatile(block + BAD_AT);
        g.freePages(ring, ringLength);
        g.freePages(block, length);
        g.println("mapchurn: rounds=" + rounds + " threads=" + workers + " pages=" + pages + " seconds=" + seconds);
        boolean passed = failedWorkers == 0 && bad == 0 && rounds > 0;
        String detail = failedWorkers > 0 ? failedWorkers + " of " + workers + " workers exited with a nonzero status"
                : bad > 0 ? bad + " pages read back other than written"
                : rounds + " rounds of map, touch and unmap";
        g.println("mapchurn: check " + (passed ? "passed" : "FAILED") + " (" + detail + ")");
        return passed ? 0 : 1;
    }

    /** Worker k: maps, touches and unmaps until its time is up; arg is its descriptor (block, k). */
    public static final class Worker implements ThreadEntry {
        @Override
        public int run(Guest g, long arg) {
            long block = g.readLong(arg);
            int k = (int) g.readLong(arg + 8);
            long pages = g.readLong(block + PAGES_AT);
            long pause = g.readLong(block + PAUSE_AT);
            long ring = g.readLong(block + RING_AT);
            int workers = (int) g.readLong(block + WORKERS_AT);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(g.readLong(block + SECONDS_AT));
            long rounds = 0;
            long bad = 0;
            while (System.nanoTime() - end < 0) {
                long length = pages * TaskSupport.PAGE;
                long at = g.allocPages(length);
                long stamp = ((long) g.tid() << 40) | rounds;
                for (long p = 0; p < pages; p++) {
                    g.writeLong(at + p * TaskSupport.PAGE + 8 * (rounds & 511), stamp + p);
                }
                for (long p = 0; p < pages; p++) {
                    bad += g.readLong(at + p * TaskSupport.PAGE + 8 * (rounds & 511)) == stamp + p ? 0 : 1;
                }
                g.getAndAddLong(ring + TaskSupport.PAGE * ((k + rounds) % workers), 1); // the ring's pages move
                g.freePages(at, length);
                rounds++;
                if (pause > 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(pause));
                }
            }
            g.getAndAddLong(block + ROUNDS_AT, rounds);
            g.getAndAddLong(block + BAD_AT, bad);
            g.println("thread " + g.tid() + " on " + g.nodeName() + ": " + rounds + " rounds, " + bad + " bad");
            return 0;
        }
    }
}
