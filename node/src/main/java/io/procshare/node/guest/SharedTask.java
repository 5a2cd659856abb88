package io.procshare.node.guest;

/**
 * The main entry of a Java shared task (DESIGN §7): a program whose threads run on several nodes
 * as one process. {@link #main} runs as the process's first thread, on its home; it starts more
 * threads with {@link Guest#spawn}, and the process ends with main's return value as exit status
 * (as C's {@code main} returning calls {@code exit_group}), ending every thread still running.
 *
 * <p>A task class has a public no-argument constructor and is on every node's class path (the fat
 * jar, or a jar beside it). Submit it by the name in {@link TaskCatalog} or by class name:
 * {@code procshare submit --threads 4 com.example.Sum 1000}.
 *
 * <pre>{@code
 * public final class Sum implements SharedTask {
 *     public String usage() { return "sum N"; }
 *
 *     public void validate(String[] args) {
 *         if (args.length != 1) throw new IllegalArgumentException("usage: " + usage());
 *         Long.parseLong(args[0]);
 *     }
 *
 *     public int main(Guest g, String[] args) {
 *         long n = Long.parseLong(args[0]);
 *         long total = g.malloc(8);                       // shared: every thread sees it
 *         List<SpawnedThread> ts = new ArrayList<>();
 *         for (int i = 0; i < g.requestedThreads(); i++) {
 *             ts.add(g.spawn(Adder.class, total));          // spread over the nodes
 *         }
 *         for (SpawnedThread t : ts) g.join(t);
 *         g.println("total " + g.readLongVolatile(total));
 *         return 0;
 *     }
 * }
 *
 * public final class Adder implements ThreadEntry {
 *     public int run(Guest g, long total) {
 *         for (int i = 0; i < 1000; i++) g.getAndAddLong(total, 1);
 *         return 0;
 *     }
 * }
 * }</pre>
 */
public interface SharedTask {

    /** The usage line, shown when arguments are wrong: {@code "matmul --size N"}. By default the class's simple name. */
    default String usage() {
        return getClass().getSimpleName();
    }

    /**
     * Checks the arguments before anything runs, so that a bad submission fails at once. By default
     * every argument list is accepted.
     *
     * @throws IllegalArgumentException with a message that says what is wrong (and the usage)
     */
    default void validate(String[] args) {
    }

    /**
     * The process's first thread. Return the exit status.
     *
     * @throws Exception anything thrown ends the process with status 1, its stack trace on the
     *                   process's stderr
     */
    int main(Guest guest, String[] args) throws Exception;
}
