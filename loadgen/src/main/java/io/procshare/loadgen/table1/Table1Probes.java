package io.procshare.loadgen.table1;

import io.procshare.loadgen.probe.Probe;
import io.procshare.verticles.syscall.host.GuestAbi;

import java.util.List;

/**
 * The six Table-1 probes over one {@link FileCalls}. Calls are paired so that the directory's
 * state stays the same from one iteration to the next; only the call a row names is timed:
 * <ul>
 *   <li>{@code open}: open timed, close untimed; {@code close}: open untimed, close timed;</li>
 *   <li>{@code mkdir}: mkdir timed, rmdir untimed; {@code rmdir}: mkdir untimed, rmdir timed;</li>
 *   <li>{@code symlink}: symlink timed, unlink untimed;</li>
 *   <li>{@code flock}: LOCK_EX timed, LOCK_UN untimed, on a file opened once for the row.</li>
 * </ul>
 * Every iteration first rewrites the paths (untimed, see {@link FileCalls#writePaths}).
 */
final class Table1Probes {

    /** The syscalls of the paper's Table 1, in its order; also the op names in results.json. */
    static final List<String> OPS = PaperTable1.OPS;

    private Table1Probes() {
    }

    /** The probe of {@code op} through {@code calls}. */
    static Probe of(String op, FileCalls calls) {
        return switch (op) {
            case "open" -> new TimedThenUndone(calls, "open", calls::open, fd -> calls.close(fd), true);
            case "close" -> new UndoneThenTimed(calls, "close", calls::open, true, calls::close);
            case "mkdir" -> new TimedThenUndone(calls, "mkdir", calls::mkdir, r -> calls.rmdir(), false);
            case "rmdir" -> new UndoneThenTimed(calls, "rmdir", calls::mkdir, false, made -> calls.rmdir());
            case "symlink" -> new TimedThenUndone(calls, "symlink", calls::symlink, r -> calls.unlink(), false);
            case "flock" -> new Flock(calls);
            default -> throw new IllegalArgumentException("not a Table-1 syscall: " + op + "; one of " + OPS);
        };
    }

    /** LOCK_EX timed, LOCK_UN untimed, on the file opened (untimed) before the first iteration. */
    private static final class Flock implements Probe {
        private final FileCalls calls;
        private long fd = -1;

        Flock(FileCalls calls) {
            this.calls = calls;
        }

        @Override
        public void prepare(int i) {
            if (fd < 0) {
                calls.writePaths();
                fd = expect("open for flock", calls.open(), true);
            }
        }

        @Override
        public long access(int i) {
            return calls.flock(fd, GuestAbi.LOCK_EX);
        }

        @Override
        public void check(int i, long result) {
            expect("flock LOCK_EX", result, false);
            expect("flock LOCK_UN", calls.flock(fd, GuestAbi.LOCK_UN), false);
        }

        @Override
        public void done() {
            if (fd >= 0) {
                expect("close after flock", calls.close(fd), false);
                fd = -1;
            }
        }
    }

    /** A call of no argument but the paths, or of the value an earlier call returned. */
    private interface Call {
        long apply();
    }

    private interface Undo {
        long apply(long result);
    }

    /** Times {@code call}; then (untimed) undoes it. */
    private record TimedThenUndone(FileCalls calls, String name, Call call, Undo undo, boolean returnsFd)
            implements Probe {
        @Override
        public void prepare(int i) {
            calls.writePaths();
        }

        @Override
        public long access(int i) {
            return call.apply();
        }

        @Override
        public void check(int i, long result) {
            expect(name, result, returnsFd);
            expect("undo of " + name, undo.apply(result), false);
        }
    }

    /** Makes (untimed) what {@code timed} removes, then times {@code timed} on it. */
    private static final class UndoneThenTimed implements Probe {
        private final FileCalls calls;
        private final String name;
        private final Call make;
        private final boolean makesFd;
        private final Undo timed;
        private long made;

        UndoneThenTimed(FileCalls calls, String name, Call make, boolean makesFd, Undo timed) {
            this.calls = calls;
            this.name = name;
            this.make = make;
            this.makesFd = makesFd;
            this.timed = timed;
        }

        @Override
        public void prepare(int i) {
            calls.writePaths();
            made = expect("set-up of " + name, make.apply(), makesFd);
        }

        @Override
        public long access(int i) {
            return timed.apply(made);
        }

        @Override
        public void check(int i, long result) {
            expect(name, result, false);
        }
    }

    /** {@code result} if the call succeeded (a non-negative fd, or 0); throws naming the call and errno. */
    private static long expect(String what, long result, boolean fd) {
        if (result < 0 || (!fd && result != 0)) {
            throw new IllegalStateException(what + " returned " + result
                    + (result < 0 ? " (errno " + -result + ")" : "") + ": the probe is broken");
        }
        return result;
    }
}
