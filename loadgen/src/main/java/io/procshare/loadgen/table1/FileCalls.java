package io.procshare.loadgen.table1;

/**
 * The Table-1 system calls (DESIGN §1) made one way: directly on the host (condition A), through
 * the mechanism on the home (B), or forwarded (C). Every path is in the 5-deep directory of the
 * paper: {@code a/b/c/d/e/file} (exists), {@code a/b/c/d/e/dir}, {@code a/b/c/d/e/link -> file}.
 * Each call returns what Linux returns: a value or -errno.
 */
interface FileCalls extends AutoCloseable {

    /** The directory every target lives in, five deep as in the paper. */
    String DIRECTORY = "a/b/c/d/e";
    /** The file open, close and flock use; it exists before the run. */
    String FILE = DIRECTORY + "/file";
    /** The directory mkdir makes and rmdir removes. */
    String DIR = DIRECTORY + "/dir";
    /** The symbolic link symlink makes; it points at {@link #LINK_TARGET}. */
    String LINK = DIRECTORY + "/link";
    String LINK_TARGET = "file";

    /**
     * Untimed: writes the paths the calls read into the issuing thread's memory, as a program
     * builds a path before it calls open. In guest memory this gives the issuing node the page
     * READ_WRITE, so a home that reads it through the DSM (no argument shipping) fetches it.
     */
    void writePaths();

    /** openat of the file, O_RDONLY | O_CLOEXEC: a file descriptor. */
    long open();

    long close(long fd);

    /** mkdirat of the directory, mode 0755. */
    long mkdir();

    /** unlinkat of the directory with AT_REMOVEDIR. */
    long rmdir();

    /** symlinkat: the link, pointing at {@code file}. */
    long symlink();

    /** unlinkat of the link. */
    long unlink();

    long flock(long fd, int operation);

    @Override
    void close();
}
