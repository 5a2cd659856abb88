package io.procshare.node.guest.tasks;

import io.procshare.node.guest.Guest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.procshare.node.guest.SpawnedThread;
import io.procshare.node.guest.ThreadEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToLongFunction;

/** Small helpers the example tasks share: page rounding, bulk copies of doubles, timing text. */
final class TaskSupport {

    /** The guest page size: data that threads on different nodes write goes in different pages. */
    static final long PAGE = 4096;
    /** Bulk copies of up to 1 MiB: the pages of one copy are asked for at once (see GuestThreadMemory). */
    private static final int CHUNK = 1024 * 1024;

    private TaskSupport() {
    }

    /** {@code bytes} rounded up to whole pages, at least one page. */
    static long pages(long bytes) {
        return Math.max(PAGE, (bytes + PAGE - 1) & -PAGE);
    }

    /**
     * Starts {@code workers} threads of {@code entry}, worker k with argument {@code arg.applyAsLong(k)},
     * where the placement puts them, and joins them all; returns how many exited with a nonzero status.
     */
    static int runWorkers(Guest g, Class<? extends ThreadEntry> entry, int workers, IntToLongFunction arg) {
        List<SpawnedThread> threads = new ArrayList<>(workers);
        for (int k = 0; k < workers; k++) {
            threads.add(g.spawn(entry, arg.applyAsLong(k)));
        }
        return joinAll(g, threads);
    }

    /** Joins every thread of {@code threads}; returns how many exited with a nonzero status. */
    static int joinAll(Guest g, List<SpawnedThread> threads) {
        int failed = 0;
        for (SpawnedThread t : threads) {
            failed += g.join(t) == 0 ? 0 : 1;
        }
        return failed;
    }

    /** Elapsed time since {@code startNanos} in milliseconds, one decimal. */
    static String millisSince(long startNanos) {
        return String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e6);
    }

    /** Copies {@code count} guest doubles at {@code address} into {@code dst[offset..]} (bulk reads). */
    static void readDoubles(Guest g, long address, double[] dst, int offset, int count) {
        byte[] buf = new byte[Math.min(CHUNK, count * 8)];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(buf.length / 8, count - done);
            g.read(address + 8L * done, buf, 0, n * 8);
            view.clear();
            view.asDoubleBuffer().get(dst, offset + done, n);
            done += n;
        }
    }

    /** Copies {@code src[offset..offset+count)} to guest memory at {@code address} (bulk writes). */
    static void writeDoubles(Guest g, long address, double[] src, int offset, int count) {
        byte[] buf = new byte[Math.min(CHUNK, count * 8)];
        ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        while (done < count) {
            int n = Math.min(buf.length / 8, count - done);
            view.clear();
            view.asDoubleBuffer().put(src, offset + done, n);
            g.write(address + 8L * done, buf, 0, n * 8);
            done += n;
        }
    }
}
