package io.procshare.loadgen.table1;

import io.procshare.verticles.syscall.ClientStreams;
import io.procshare.verticles.syscall.HostProcess;
import io.procshare.verticles.syscall.HostProcessConfig;
import io.procshare.verticles.syscall.host.GuestAbi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A diagnostic between A and B: the home's sandboxed host execution ({@link HostProcess}: guest fd
 * table, openat2 with RESOLVE_IN_ROOT from the sandbox root, and for mkdir, rmdir and symlink an
 * O_PATH open of the parent, the *at call on the last component, close of the parent) called
 * directly by the timing thread, without the syscall table, the thread table or guest memory.
 * B minus this is the mechanism's Java path; this minus A is what confining every path to the
 * sandbox costs.
 */
final class SandboxCalls implements FileCalls {

    private static final int MODE = 0755;

    private final HostProcess files;
    private byte[] file;
    private byte[] dir;
    private byte[] link;
    private byte[] target;

    /** Over {@code directory}, which must hold {@link #FILE}. */
    SandboxCalls(Path directory) throws IOException {
        this.files = HostProcess.start(HostProcessConfig.of(directory), ClientStreams.detached());
    }

    @Override
    public void writePaths() {
        file = cString("/" + FILE);
        dir = cString("/" + DIR);
        link = cString("/" + LINK);
        target = cString(LINK_TARGET);
    }

    @Override
    public long open() {
        return files.openat(GuestAbi.AT_FDCWD, file, GuestAbi.O_CLOEXEC, 0);
    }

    @Override
    public long close(long fd) {
        return files.close((int) fd);
    }

    @Override
    public long mkdir() {
        return files.mkdirat(GuestAbi.AT_FDCWD, dir, MODE);
    }

    @Override
    public long rmdir() {
        return files.unlinkat(GuestAbi.AT_FDCWD, dir, GuestAbi.AT_REMOVEDIR);
    }

    @Override
    public long symlink() {
        return files.symlinkat(target, GuestAbi.AT_FDCWD, link);
    }

    @Override
    public long unlink() {
        return files.unlinkat(GuestAbi.AT_FDCWD, link, 0);
    }

    @Override
    public long flock(long fd, int operation) {
        return files.flock((int) fd, operation);
    }

    @Override
    public void close() {
        files.close();
    }

    private static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }
}
