package io.procshare.loadgen.table1;

import io.procshare.verticles.syscall.host.GuestAbi;
import io.procshare.verticles.syscall.host.Libc;
import io.procshare.verticles.syscall.host.Sandbox;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * Condition A, no mechanism: the libc calls the home's host execution ends in ({@link Libc}, the
 * same FFM binding), made directly by the timing thread. Paths are relative to an O_PATH fd of a
 * host directory, so the kernel walks the same five components as the mechanism's openat2 walks
 * from the sandbox root; they live in native memory, as a host program's would.
 */
final class HostCalls implements FileCalls {

    private static final int MODE = 0755;

    private final GuestAbi abi = GuestAbi.ofHost();
    private final Arena arena = Arena.ofConfined();
    private final int root;
    private final MemorySegment file;
    private final MemorySegment dir;
    private final MemorySegment link;
    private final MemorySegment target;

    /** Over {@code directory}, which must hold {@link #FILE}; opened on the calling thread, used only there. */
    HostCalls(Path directory) throws IOException {
        long fd = Libc.openat(Libc.AT_FDCWD, cString(directory.toString()),
                abi.openFlagsToHost(GuestAbi.O_PATH | GuestAbi.O_DIRECTORY | GuestAbi.O_CLOEXEC), 0);
        if (fd < 0) {
            arena.close();
            throw new IOException("cannot open " + directory + ": errno " + -fd);
        }
        root = (int) fd;
        file = arena.allocate(FILE.length() + 1L);
        dir = arena.allocate(DIR.length() + 1L);
        link = arena.allocate(LINK.length() + 1L);
        target = arena.allocate(LINK_TARGET.length() + 1L);
    }

    @Override
    public void writePaths() {
        put(file, FILE);
        put(dir, DIR);
        put(link, LINK);
        put(target, LINK_TARGET);
    }

    @Override
    public long open() {
        return Libc.openat(root, file, abi.openFlagsToHost(GuestAbi.O_CLOEXEC), 0);
    }

    @Override
    public long close(long fd) {
        return Libc.close((int) fd);
    }

    @Override
    public long mkdir() {
        return Libc.mkdirat(root, dir, MODE);
    }

    @Override
    public long rmdir() {
        return Libc.unlinkat(root, dir, GuestAbi.AT_REMOVEDIR);
    }

    @Override
    public long symlink() {
        return Libc.symlinkat(target, root, link);
    }

    @Override
    public long unlink() {
        return Libc.unlinkat(root, link, 0);
    }

    @Override
    public long flock(long fd, int operation) {
        return Libc.flock((int) fd, operation);
    }

    @Override
    public void close() {
        Libc.close(root);
        arena.close();
    }

    private MemorySegment cString(String s) {
        return Sandbox.cString(arena, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(MemorySegment segment, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
        segment.set(JAVA_BYTE, bytes.length, (byte) 0);
    }
}
