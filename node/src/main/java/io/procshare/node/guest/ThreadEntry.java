package io.procshare.node.guest;

/**
 * The code of a thread that a Java shared task starts with {@link Guest#spawn}: it runs on the
 * node placement chooses, with a {@link Guest} of its own. The class needs a public no-argument
 * constructor; it is instantiated on the node that runs the thread, so share state through guest
 * memory (the {@code arg}, usually an address), never through Java fields.
 */
@FunctionalInterface
public interface ThreadEntry {

    /**
     * Runs the thread; the return value is its exit status, which {@link Guest#join} returns.
     *
     * @throws Exception anything thrown ends the whole process with status 1, its stack trace on
     *                   the process's stderr
     */
    int run(Guest guest, long arg) throws Exception;
}
