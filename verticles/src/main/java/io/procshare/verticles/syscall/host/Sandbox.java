package io.procshare.verticles.syscall.host;

import io.procshare.verticles.syscall.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Path resolution inside a process's sandbox directory (DESIGN §6, §10). Every lookup goes
 * through openat2 with {@code RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS} on an O_PATH fd of the
 * sandbox root, so "..", absolute paths and symlinks (absolute or relative) are all resolved as
 * if the sandbox were "/" (the kernel does the clamping atomically; no check-then-use race), and
 * /proc magic links are refused.
 *
 * <p>openat2 takes one dirfd, which RESOLVE_IN_ROOT makes the root; a relative guest path is
 * therefore resolved as {@code <path of the guest's start directory>/<path>} from the root. The
 * start directory's path is read back from {@code /proc/self/fd} on every call, so it follows
 * renames as a kernel cwd does. Syscalls that act on the last component without following it
 * (mkdirat, unlinkat, symlinkat, renameat2) resolve the parent this way and hand the last
 * component to the host's *at call relative to the parent fd; the kernel classifies a last
 * component of ".", ".." or "/" without looking it up, so those never leave the parent.
 */
public final class Sandbox implements AutoCloseable {

    private static final long RESOLVE = GuestAbi.RESOLVE_IN_ROOT | GuestAbi.RESOLVE_NO_MAGICLINKS;
    private static final int HOST_O_PATH_DIR = GuestAbi.O_PATH | GuestAbi.O_DIRECTORY | GuestAbi.O_CLOEXEC;
    /** openat2 returns EAGAIN under RESOLVE_IN_ROOT when a concurrent rename could fool "..": retry. */
    private static final int EAGAIN_RETRIES = 16;

    private final OpenFile.HostFile root;
    private final byte[] rootPath;
    private final GuestAbi abi;

    private Sandbox(OpenFile.HostFile root, byte[] rootPath, GuestAbi abi) {
        this.root = root;
        this.rootPath = rootPath;
        this.abi = abi;
    }

    /**
     * Opens the sandbox at {@code directory} (created if absent).
     *
     * @throws IOException when the directory cannot be created or opened; the message names it
     */
    public static Sandbox open(Path directory, GuestAbi abi) throws IOException {
        Files.createDirectories(directory);
        Path real = directory.toRealPath();
        if (real.getNameCount() == 0) {
            throw new IOException("a sandbox cannot be the host's root directory: " + directory);
        }
        byte[] path = real.toString().getBytes(StandardCharsets.UTF_8);
        try (Arena a = Arena.ofConfined()) {
            long fd = Libc.openat(Libc.AT_FDCWD, cString(a, path), abi.openFlagsToHost(HOST_O_PATH_DIR), 0);
            if (fd < 0) {
                throw new IOException("cannot open sandbox " + real + ": errno " + -fd);
            }
            return new Sandbox(new OpenFile.HostFile((int) fd), path, abi);
        }
    }

    public OpenFile.HostFile root() {
        return root;
    }

    /** The host path of the sandbox root. */
    public Path hostPath() {
        return Path.of(new String(rootPath, StandardCharsets.UTF_8));
    }

    /**
     * openat2 from the root with RESOLVE_IN_ROOT.
     *
     * @param start the guest path ({@code /...}) of the directory a relative {@code path} starts from
     * @param path  the guest path, without NUL
     * @return a host fd or -errno
     */
    public long open(byte[] start, byte[] path, long hostFlags, long mode) {
        byte[] full = compose(start, path);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment how = a.allocate(JAVA_LONG, 3);
            how.setAtIndex(JAVA_LONG, 0, hostFlags);
            how.setAtIndex(JAVA_LONG, 1, mode);
            how.setAtIndex(JAVA_LONG, 2, RESOLVE);
            MemorySegment p = cString(a, full);
            long r;
            int tries = 0;
            do {
                r = Libc.openat2(root.hostFd(), p, how);
            } while (r == -Errno.EAGAIN && ++tries < EAGAIN_RETRIES);
            return r;
        }
    }

    /** An O_PATH fd of the directory that contains the last component of {@code path}, or -errno. */
    public long openParent(byte[] start, byte[] path) {
        return open(start, parentOf(path), abi.openFlagsToHost(HOST_O_PATH_DIR), 0);
    }

    /**
     * The guest path ({@code /} or {@code /a/b}) of a host directory fd inside the sandbox, or
     * -errno in {@code error[0]}: ENOTDIR for a non-directory, ENOENT for a deleted directory.
     */
    public byte[] guestPathOf(int hostDirFd, long[] error) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(abi.hostStatSize());
            long r = Libc.fstatat(hostDirFd, cString(a, new byte[0]), st, GuestAbi.AT_EMPTY_PATH);
            if (r < 0) {
                error[0] = r;
                return null;
            }
            byte[] g = abi.statToGuest(st);
            if ((GuestAbi.guestStatMode(g) & GuestAbi.S_IFMT) != GuestAbi.S_IFDIR) {
                error[0] = -Errno.ENOTDIR;
                return null;
            }
            if (GuestAbi.guestStatNlink(g) == 0) {
                error[0] = -Errno.ENOENT;
                return null;
            }
            MemorySegment buf = a.allocate(8192);
            byte[] link = ("/proc/self/fd/" + hostDirFd).getBytes(StandardCharsets.US_ASCII);
            long n = Libc.readlinkat(Libc.AT_FDCWD, cString(a, link), buf, buf.byteSize());
            if (n < 0 || n == buf.byteSize()) {
                error[0] = n < 0 ? n : -Errno.ENAMETOOLONG;
                return null;
            }
            byte[] host = buf.asSlice(0, n).toArray(JAVA_BYTE);
            if (Arrays.equals(host, rootPath)) {
                return new byte[] {'/'};
            }
            if (host.length > rootPath.length && host[rootPath.length] == '/'
                    && Arrays.equals(host, 0, rootPath.length, rootPath, 0, rootPath.length)) {
                return Arrays.copyOfRange(host, rootPath.length, host.length);
            }
            // a directory outside the root cannot be reached through this class; treat it as gone
            error[0] = -Errno.ENOENT;
            return null;
        }
    }

    /** {@code path} when absolute, else {@code start + "/" + path}. */
    static byte[] compose(byte[] start, byte[] path) {
        if (path.length > 0 && path[0] == '/') {
            return path;
        }
        byte[] full = new byte[start.length + 1 + path.length];
        System.arraycopy(start, 0, full, 0, start.length);
        full[start.length] = '/';
        System.arraycopy(path, 0, full, start.length + 1, path.length);
        return full;
    }

    /** Everything before the last component ("." when there is none; "/" for a path of slashes). */
    static byte[] parentOf(byte[] path) {
        int end = path.length;
        while (end > 0 && path[end - 1] == '/') {
            end--;
        }
        if (end == 0) {
            return path.length == 0 ? new byte[] {'.'} : new byte[] {'/'};
        }
        int slash = end - 1;
        while (slash >= 0 && path[slash] != '/') {
            slash--;
        }
        return slash < 0 ? new byte[] {'.'} : Arrays.copyOfRange(path, 0, slash + 1);
    }

    /**
     * The last component with its trailing slashes ("b/" for "a/b/"), what the host *at call gets
     * relative to the parent fd; "/" for a path of slashes, where the kernel sees LAST_ROOT and
     * looks nothing up.
     */
    public static byte[] lastOf(byte[] path) {
        int end = path.length;
        while (end > 0 && path[end - 1] == '/') {
            end--;
        }
        if (end == 0) {
            return path.length == 0 ? path : new byte[] {'/'};
        }
        int slash = end - 1;
        while (slash >= 0 && path[slash] != '/') {
            slash--;
        }
        return Arrays.copyOfRange(path, slash + 1, path.length);
    }

    /** A NUL-terminated native copy of {@code bytes}. */
    public static MemorySegment cString(Arena a, byte[] bytes) {
        MemorySegment s = a.allocate(bytes.length + 1L);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        s.set(JAVA_BYTE, bytes.length, (byte) 0);
        return s;
    }

    @Override
    public void close() {
        root.release();
    }
}
