package io.procshare.verticles.syscall.host;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a guest fd refers to: a host file (an open file description on this host) or one of the
 * client streams 0, 1, 2. Several guest fds share one {@code OpenFile} after dup, as several
 * kernel fds share one open file description.
 */
public sealed interface OpenFile permits OpenFile.HostFile, OpenFile.Stream {

    /** Takes a reference (a table slot, or a syscall in flight). */
    void retain();

    /** Drops a reference; returns the host close result when it was the last one, else 0. */
    long release();

    /**
     * A host fd, reference-counted so that a guest close racing with a blocking read on another
     * thread never lets the host fd number be reused under that read (the kernel's fdget does the
     * same with its file reference).
     */
    final class HostFile implements OpenFile {
        private final int hostFd;
        private final AtomicInteger refs = new AtomicInteger(1);

        public HostFile(int hostFd) {
            this.hostFd = hostFd;
        }

        public int hostFd() {
            return hostFd;
        }

        @Override
        public void retain() {
            if (refs.getAndIncrement() <= 0) {
                throw new IllegalStateException("host fd " + hostFd + " retained after close");
            }
        }

        @Override
        public long release() {
            int left = refs.decrementAndGet();
            if (left < 0) {
                throw new IllegalStateException("host fd " + hostFd + " released twice");
            }
            return left == 0 ? Libc.close(hostFd) : 0;
        }
    }

    /** A stream to or from the submitting client: 0 stdin, 1 stdout, 2 stderr. */
    record Stream(int stream) implements OpenFile {
        @Override
        public void retain() {
        }

        @Override
        public long release() {
            return 0;
        }
    }
}
