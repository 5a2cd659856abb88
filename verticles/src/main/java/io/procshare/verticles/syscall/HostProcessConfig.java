package io.procshare.verticles.syscall;

import java.nio.file.Path;

/**
 * Settings of one {@link HostProcess}.
 *
 * @param sandbox     the process's sandbox directory on the home (created if absent); the guest's "/"
 * @param maxFds      size of the guest fd table (RLIMIT_NOFILE); opening more fails with EMFILE
 * @param maxTransfer most bytes one read-like call moves; a larger request is a short read, which
 *                    Linux allows (read(2): "may be less than requested")
 */
public record HostProcessConfig(Path sandbox, int maxFds, int maxTransfer) {

    public static final int DEFAULT_MAX_FDS = 1024;
    public static final int DEFAULT_MAX_TRANSFER = 1 << 20;

    public HostProcessConfig {
        if (maxFds < 3) {
            throw new IllegalArgumentException("maxFds must leave room for fds 0, 1, 2: " + maxFds);
        }
        if (maxTransfer < 4096) {
            throw new IllegalArgumentException("maxTransfer must be at least one page: " + maxTransfer);
        }
    }

    public static HostProcessConfig of(Path sandbox) {
        return new HostProcessConfig(sandbox, DEFAULT_MAX_FDS, DEFAULT_MAX_TRANSFER);
    }

    /** A process whose fd table has {@code maxFds} slots (node.json {@code limits.openFilesPerProcess}). */
    public static HostProcessConfig of(Path sandbox, int maxFds) {
        return new HostProcessConfig(sandbox, maxFds, DEFAULT_MAX_TRANSFER);
    }
}
