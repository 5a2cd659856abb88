package io.procshare.loadgen.probe;

/**
 * One kind of timed operation. Per iteration the runner calls {@link #prepare} (untimed: put the
 * page in the state the operation needs), pauses, times {@link #access} alone with
 * {@code System.nanoTime()} on the calling thread, then calls {@link #check} (untimed).
 */
public interface Probe {

    /** Untimed: brings iteration {@code i}'s page (or connection) into the state to measure. */
    default void prepare(int i) throws Exception {
    }

    /** The single timed operation; returns what it read so that {@link #check} can verify it. */
    long access(int i) throws Exception;

    /** Untimed: throws if the access did not do what it should (a wrong byte means a broken probe). */
    default void check(int i, long result) throws Exception {
    }

    /** Untimed, once after the last iteration: releases what the probe holds across iterations. */
    default void done() throws Exception {
    }
}
