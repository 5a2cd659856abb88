package io.procshare.verticles.exec;

import io.procshare.codecs.ThreadStart;

/**
 * The guest front-end of a node (Java tasks, an interpreter): starts the code of a thread that
 * clone placed on this node (DESIGN §6). The syscall control unit has already made the thread's
 * {@link GuestThread} (its gtid allocated and its executor made at the home).
 */
@FunctionalInterface
public interface GuestLauncher {

    /**
     * Starts {@code thread} running {@code start}'s guest code and returns at once; the code runs on
     * a thread of the launcher's own, never on the caller's (an event loop or an executor).
     *
     * @throws IllegalArgumentException when this front-end cannot run that guest; clone then fails
     *                                  with EAGAIN
     */
    void launch(ThreadStart start, GuestThread thread);
}
