package io.procshare.verticles.syscall.host;

import io.procshare.verticles.syscall.Errno;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's guest fd table (DESIGN §6): guest fd number to {@link OpenFile} plus the guest's
 * close-on-exec flag, which lives here and not on the host fd (host fds are always O_CLOEXEC).
 * New fds take the lowest free number, as Linux does. Thread-safe: the executors of one process
 * share it.
 */
public final class FdTable {

    private static final Object RESERVED = new Object();

    private final Object[] files;
    private final boolean[] cloexec;

    public FdTable(int maxFds) {
        this.files = new Object[maxFds];
        this.cloexec = new boolean[maxFds];
    }

    public int maxFds() {
        return files.length;
    }

    /** Reserves the lowest free fd at or above {@code min}: the fd, or -EMFILE. Fill it with {@link #install} or {@link #unreserve}. */
    public synchronized int reserve(int min) {
        for (int fd = Math.max(min, 0); fd < files.length; fd++) {
            if (files[fd] == null) {
                files[fd] = RESERVED;
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    public synchronized void unreserve(int fd) {
        if (files[fd] == RESERVED) {
            files[fd] = null;
        }
    }

    /** Fills a reserved slot; the table takes over the caller's reference to {@code file}. */
    public synchronized void install(int fd, OpenFile file, boolean closeOnExec) {
        if (files[fd] != RESERVED) {
            throw new IllegalStateException("fd " + fd + " was not reserved");
        }
        files[fd] = file;
        cloexec[fd] = closeOnExec;
    }

    /**
     * Puts {@code file} at {@code fd} (dup3); returns what was there (to be released by the
     * caller), or null. A reserved slot is busy: returns -EBUSY through {@link BusyException}, as
     * Linux's dup3 does for an fd being opened.
     */
    public synchronized OpenFile replace(int fd, OpenFile file, boolean closeOnExec) {
        if (files[fd] == RESERVED) {
            throw new BusyException();
        }
        OpenFile old = (OpenFile) files[fd];
        files[fd] = file;
        cloexec[fd] = closeOnExec;
        return old;
    }

    /** The file at {@code fd} with a reference taken for the caller, or null when fd is not open. */
    public synchronized OpenFile acquire(long fd) {
        if (fd < 0 || fd >= files.length || !(files[(int) fd] instanceof OpenFile f)) {
            return null;
        }
        f.retain();
        return f;
    }

    /** Removes {@code fd}; returns its file (whose table reference the caller now holds), or null. */
    public synchronized OpenFile remove(long fd) {
        if (fd < 0 || fd >= files.length || !(files[(int) fd] instanceof OpenFile f)) {
            return null;
        }
        files[(int) fd] = null;
        cloexec[(int) fd] = false;
        return f;
    }

    /** The guest close-on-exec flag, or -EBADF. */
    public synchronized int closeOnExec(long fd) {
        if (fd < 0 || fd >= files.length || !(files[(int) fd] instanceof OpenFile)) {
            return -Errno.EBADF;
        }
        return cloexec[(int) fd] ? 1 : 0;
    }

    /** Sets the guest close-on-exec flag; 0 or -EBADF. */
    public synchronized int setCloseOnExec(long fd, boolean on) {
        if (fd < 0 || fd >= files.length || !(files[(int) fd] instanceof OpenFile)) {
            return -Errno.EBADF;
        }
        cloexec[(int) fd] = on;
        return 0;
    }

    /** Empties the table; returns the files, whose table references the caller must release. */
    public synchronized List<OpenFile> removeAll() {
        List<OpenFile> out = new ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] instanceof OpenFile f) {
                out.add(f);
            }
            files[fd] = null;
            cloexec[fd] = false;
        }
        return out;
    }

    /** Number of open guest fds. */
    public synchronized int openCount() {
        int n = 0;
        for (Object o : files) {
            if (o instanceof OpenFile) {
                n++;
            }
        }
        return n;
    }

    /** Thrown by {@link #replace} when the target fd is being opened by another thread. */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("fd is being opened by another thread; dup3 returns -EBUSY", null, false, false);
        }
    }
}
