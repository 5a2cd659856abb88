package io.procshare.node.guest;

import io.procshare.verticles.exec.Placement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Java shared tasks a submission may name: the examples by short name ({@code matmul},
 * {@code montecarlo}, {@code wordcount}, {@code pipeline}, {@code clockcheck}, {@code mapchurn}, {@code syscheck}), and any {@link SharedTask} class on the
 * node's class path by its full name.
 */
public final class TaskCatalog {

    private static final Map<String, String> BUILT_IN = new TreeMap<>(Map.of(
            "matmul", "io.procshare.node.guest.tasks.MatMul",
            "montecarlo", "io.procshare.node.guest.tasks.MonteCarlo",
            "wordcount", "io.procshare.node.guest.tasks.WordCount",
            "pipeline", "io.procshare.node.guest.tasks.Pipeline",
            "clockcheck", "io.procshare.node.guest.tasks.ClockCheck",
            "mapchurn", "io.procshare.node.guest.tasks.MapChurn",
            "syscheck", "io.procshare.node.guest.tasks.SysCheck"));

    /** A resolved task: its submitted name and its class. */
    public record Task(String name, Class<? extends SharedTask> type) {

        /** A fresh instance (each thread of each node makes its own). */
        public SharedTask newInstance() {
            return instantiate(type);
        }
    }

    private TaskCatalog() {
    }

    /** The short names of the built-in tasks, sorted. */
    public static java.util.Set<String> builtIn() {
        return BUILT_IN.keySet();
    }

    /**
     * The task named {@code name}.
     *
     * @throws IllegalArgumentException naming the known tasks when there is no such task
     */
    public static Task resolve(String name) {
        String className = BUILT_IN.getOrDefault(name, name);
        Class<?> c;
        try {
            c = Class.forName(className, false, TaskCatalog.class.getClassLoader()); // no initialiser runs before the check
        } catch (ClassNotFoundException | LinkageError e) {
            String guess = BUILT_IN.keySet().stream()
                    .filter(t -> Placement.editDistance(name.toLowerCase(java.util.Locale.ROOT), t) <= 2)
                    .findFirst().map(t -> "; did you mean " + t + "?").orElse("");
            throw new IllegalArgumentException("unknown task '" + name + "': not one of " + String.join(", ", BUILT_IN.keySet())
                    + ", and no class of that name is on the node's class path" + guess);
        }
        if (!SharedTask.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("task class " + className + " does not implement " + SharedTask.class.getName());
        }
        return new Task(name, c.asSubclass(SharedTask.class));
    }

    /** A thread entry class by name, as a spawned thread's descriptor names it. */
    static ThreadEntry entry(String className) {
        Class<?> c;
        try {
            c = Class.forName(className, false, TaskCatalog.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("thread entry class " + className + " is not on this node's class path");
        }
        if (!ThreadEntry.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException("class " + className + " does not implement " + ThreadEntry.class.getName());
        }
        return instantiate(c.asSubclass(ThreadEntry.class));
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor: " + e, e);
        }
    }
}
