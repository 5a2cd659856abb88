package io.procshare.loadgen.table1;

import io.procshare.verticles.exec.GuestThread;
import io.procshare.verticles.syscall.Sysno;
import io.procshare.verticles.syscall.host.GuestAbi;

import java.nio.charset.StandardCharsets;

/**
 * Conditions B and C: the calls issued by a guest thread through its forwarding part
 * ({@link GuestThread#syscall}), with every path in the process's memory (DESIGN §7) on one page
 * of its own. A thread on the home runs them directly (B); a thread elsewhere forwards them (C).
 * Paths are absolute guest paths, so the home resolves them from the sandbox root without looking
 * up a cwd.
 */
final class GuestCalls implements FileCalls {

    private static final int FILE_AT = 0;
    private static final int DIR_AT = 64;
    private static final int LINK_AT = 128;
    private static final int TARGET_AT = 192;
    private static final int MODE = 0755;

    private final GuestThread thread;
    private final long page;
    private final byte[] paths = new byte[256];

    /** {@code thread} issues the calls; {@code page} is a mapped, writable page of its process for the paths. */
    GuestCalls(GuestThread thread, long page) {
        this.thread = thread;
        this.page = page;
        put("/" + FILE, FILE_AT);
        put("/" + DIR, DIR_AT);
        put("/" + LINK, LINK_AT);
        put(LINK_TARGET, TARGET_AT);
    }

    @Override
    public void writePaths() {
        thread.memory().write(page, paths, 0, paths.length);
    }

    @Override
    public long open() {
        return thread.syscall(Sysno.OPENAT, GuestAbi.AT_FDCWD, page + FILE_AT, GuestAbi.O_CLOEXEC, 0);
    }

    @Override
    public long close(long fd) {
        return thread.syscall(Sysno.CLOSE, fd);
    }

    @Override
    public long mkdir() {
        return thread.syscall(Sysno.MKDIRAT, GuestAbi.AT_FDCWD, page + DIR_AT, MODE);
    }

    @Override
    public long rmdir() {
        return thread.syscall(Sysno.UNLINKAT, GuestAbi.AT_FDCWD, page + DIR_AT, GuestAbi.AT_REMOVEDIR);
    }

    @Override
    public long symlink() {
        return thread.syscall(Sysno.SYMLINKAT, page + TARGET_AT, GuestAbi.AT_FDCWD, page + LINK_AT);
    }

    @Override
    public long unlink() {
        return thread.syscall(Sysno.UNLINKAT, GuestAbi.AT_FDCWD, page + LINK_AT, 0);
    }

    @Override
    public long flock(long fd, int operation) {
        return thread.syscall(Sysno.FLOCK, fd, operation);
    }

    @Override
    public void close() {
        // the process and its memory belong to the experiment, which ends them
    }

    private void put(String path, int at) {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, paths, at, b.length); // the array is zeroed: the NUL is there
    }
}
