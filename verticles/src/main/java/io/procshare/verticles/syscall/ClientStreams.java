package io.procshare.verticles.syscall;

/**
 * Guest fds 0, 1 and 2: streams to and from the client that submitted the process (DESIGN §6).
 * The caller of {@link HostProcess} supplies them; the client bridge implements them over the
 * event bus. Calls come from executor threads and may block them.
 */
public interface ClientStreams {

    int STDIN = 0;
    int STDOUT = 1;
    int STDERR = 2;

    /**
     * Sends {@code data} to the client's stdout ({@link #STDOUT}) or stderr ({@link #STDERR}).
     *
     * @return the number of bytes accepted, or -errno (-EPIPE when the client is gone)
     */
    long write(int stream, byte[] data);

    /**
     * Reads the client's stdin into {@code into}; blocks until at least one byte or end of input.
     *
     * @return the number of bytes read, 0 at end of input, or -errno
     */
    long read(byte[] into);

    /**
     * Whether the client's {@code stream} (0, 1 or 2) is a terminal on the client's side: then
     * TCGETS and TIOCGWINSZ answer as a terminal's (isatty is true), else -ENOTTY, as for a pipe
     * or a file. Default false.
     */
    default boolean isTerminal(int stream) {
        return false;
    }

    /** The client terminal's size, {rows, columns}, for TIOCGWINSZ on a terminal stream. Default 24 × 80. */
    default int[] windowSize(int stream) {
        return new int[] {24, 80};
    }

    /** Streams of a client that sends nothing and discards everything (a detached process). */
    static ClientStreams detached() {
        return new ClientStreams() {
            @Override
            public long write(int stream, byte[] data) {
                return data.length;
            }

            @Override
            public long read(byte[] into) {
                return 0;
            }
        };
    }
}
