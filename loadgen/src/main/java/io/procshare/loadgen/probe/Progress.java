package io.procshare.loadgen.probe;

/**
 * Where an experiment reports how far it is: one {@linkplain #row row} at a time (its name and the
 * iterations it will run), then {@linkplain #advance how many of them are done}, then {@link #done}.
 * The command line shows it as a progress bar on stderr; tests use {@link #none()}.
 *
 * <p>{@link #row}, {@link #done} and {@link #note} come from the thread running the experiment, one
 * row at a time; {@link #advance} may come from any thread, concurrently (probe threads of the
 * throughput experiment), and must stay cheap: implementations redraw at most a few times a second.
 */
public interface Progress {

    /**
     * A new row starts.
     *
     * @param experiment the experiment, e.g. {@code table1}
     * @param row        the row's label, e.g. {@code C open}
     * @param total      iterations the row will run (warmup included), for the bar's length
     */
    void row(String experiment, String row, long total);

    /**
     * {@code done} of the current row's {@code total} iterations are done (absolute, not a delta).
     * Any thread, any rate: call it every iteration.
     */
    void advance(long done);

    /** The current row is finished. */
    void done();

    /**
     * A line of text beside the bar (e.g. a row's result or why a row is skipped); by default
     * ignored.
     */
    default void note(String text) {
    }

    /** Reports nothing. */
    static Progress none() {
        return None.INSTANCE;
    }

    /** The progress that reports nothing. */
    enum None implements Progress {
        INSTANCE;

        @Override
        public void row(String experiment, String row, long total) {
        }

        @Override
        public void advance(long done) {
        }

        @Override
        public void done() {
        }
    }
}
