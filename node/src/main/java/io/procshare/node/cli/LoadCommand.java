package io.procshare.node.cli;

import io.procshare.node.client.BridgeClient;
import io.procshare.verticles.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code procshare load}: keeps {@code --processes} processes of {@code --threads} threads each
 * running on the cluster for {@code --duration} seconds, cycling through the example tasks (each
 * checks its own result, so a lost update fails it) with their homes rotated over the members.
 * Every process must exit 0 with its check passed. At the end it prints the runs per task and each
 * node's peak heap and peak RSS (from {@code status}), and with {@code --json} writes them.
 * Exit status 0 when every process passed, 1 otherwise, 2 on bad options.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Keep N processes of T threads running on the cluster for S seconds (wordcount, montecarlo, "
                + "pipeline in turn, homes rotated over the members); every one must exit 0 with its check passed.",
                "Prints runs per task and each node's peak heap and RSS; exit 0 when all passed."})
final class LoadCommand implements Callable<Integer> {

    /** Each task's arguments in a load run: a few seconds of work each on a loaded 2-core machine. */
    static final Map<String, List<String>> TASK_ARGS = Map.of(
            "wordcount", List.of("--generate", "12", "docs"),
            "montecarlo", List.of("--samples", "2000000"),
            "pipeline", List.of("--items", "20000"),
            "matmul", List.of("--size", "96"));

    @Mixin
    NodeTarget target = new NodeTarget();

    @Option(names = "--processes", paramLabel = "N", description = "processes running at once (default: 16)")
    int processes = 16;

    @Option(names = "--threads", paramLabel = "T", description = "threads per process (default: 16)")
    int threads = 16;

    @Option(names = "--duration", paramLabel = "S", description = "seconds to keep starting processes (default: 120)")
    int durationS = 120;

    @Option(names = "--tasks", paramLabel = "T,...", split = ",",
            description = "tasks to cycle through (default: wordcount,montecarlo,pipeline; also matmul)")
    List<String> tasks = List.of("wordcount", "montecarlo", "pipeline");

    @Option(names = "--json", paramLabel = "FILE", description = "also write the results as JSON")
    Path json;

    /** One finished process. */
    record Run(String task, String home, long pid, int status, boolean checked, long millis, String tail) {
        boolean passed() {
            return status == 0 && checked;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (processes < 1 || threads < 1 || durationS < 1) {
            err.println("procshare load: --processes, --threads and --duration must be at least 1");
            return 2;
        }
        for (String t : tasks) {
            if (!TASK_ARGS.containsKey(t)) {
                err.println("procshare load: --tasks: unknown task '" + t + "', expected some of " + TASK_ARGS.keySet());
                return 2;
            }
        }
        List<String> homes;
        try (BridgeClient client = target.connect()) {
            homes = memberNames(client.request(Addresses.CLIENT_STATUS, new JsonObject(), 30_000));
        }
        err.printf("procshare load: %d processes x %d threads for %d s on %d nodes %s, tasks %s%n",
                processes, threads, durationS, homes.size(), homes, tasks);

        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(durationS);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        ConcurrentLinkedQueue<Run> runs = new ConcurrentLinkedQueue<>();
        List<Thread> slots = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            slots.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                while (System.nanoTime() < end) {
                    int n = next.getAndIncrement();
                    running.incrementAndGet();
                    try {
                        runs.add(runOne(tasks.get(n % tasks.size()), homes.get(n % homes.size())));
                    } finally {
                        running.decrementAndGet();
                    }
                }
            }));
        }
        while (slots.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : slots) {
                t.join(10_000);
                if (t.isAlive()) {
                    break;
                }
            }
            long failed = runs.stream().filter(r -> !r.passed()).count();
            err.printf("procshare load: %3d s, %d done, %d failed, %d running%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), runs.size(), failed, running.get());
        }
        long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        JsonObject status;
        try (BridgeClient client = target.connect()) {
            status = client.request(Addresses.CLIENT_STATUS, new JsonObject(), 30_000);
        }
        List<Run> all = new ArrayList<>(runs);
        JsonObject result = result(all, status, wallMs);
        out.print(table(result));
        for (Run r : all) {
            if (!r.passed()) {
                out.printf("FAILED pid %d (%s, home %s): status %d%s%n  %s%n", r.pid(), r.task(), r.home(), r.status(),
                        r.checked() ? "" : ", no 'check passed' line", r.tail().replace("\n", "\n  "));
            }
        }
        if (json != null) {
            Files.writeString(json, result.encodePrettily() + "\n");
        }
        return all.stream().allMatch(Run::passed) && !all.isEmpty() ? 0 : 1;
    }

    /** Submits one process on its own connection and follows it to its end. */
    private Run runOne(String task, String home) {
        long t0 = System.nanoTime();
        StringBuilder output = new StringBuilder();
        RemoteProcess.Request request = new RemoteProcess.Request(task, TASK_ARGS.get(task), threads, null, home);
        long pid = -1;
        int status;
        try (BridgeClient client = target.connect()) {
            RemoteProcess p = RemoteProcess.submit(client, request, RemoteProcess.Deadlines.DEFAULT);
            pid = p.pid();
            RemoteProcess.Exit exit = p.stream((stream, data) -> {
                synchronized (output) {
                    output.append(new String(data, StandardCharsets.UTF_8));
                }
            });
            status = exit.status();
            if (!exit.message().isEmpty()) {
                output.append(exit.message()).append('\n');
            }
        } catch (RuntimeException e) {
            status = -1;
            output.append("client: ").append(e).append('\n');
        }
        String text;
        synchronized (output) {
            text = output.toString();
        }
        boolean checked = text.contains(task + ": check passed");
        String[] lines = text.split("\n");
        String tail = String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - 5), lines.length));
        return new Run(task, home, pid, status, checked, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), tail);
    }

    static List<String> memberNames(JsonObject status) {
        List<String> names = new ArrayList<>();
        for (Object o : status.getJsonArray("members", new JsonArray())) {
            String name = ((JsonObject) o).getString("name");
            if (name != null) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("the cluster's status names no member: " + status.encode());
        }
        return names;
    }

    /** The run as JSON: per task, per node (peak heap and RSS), and the totals. */
    static JsonObject result(List<Run> runs, JsonObject status, long wallMs) {
        JsonObject perTask = new JsonObject();
        for (Run r : runs) {
            if (!perTask.containsKey(r.task())) {
                perTask.put(r.task(), new JsonObject().put("runs", 0).put("passed", 0).put("maxMs", 0L).put("totalMs", 0L));
            }
            JsonObject t = perTask.getJsonObject(r.task());
            t.put("runs", t.getInteger("runs") + 1).put("passed", t.getInteger("passed") + (r.passed() ? 1 : 0))
                    .put("maxMs", Math.max(t.getLong("maxMs"), r.millis())).put("totalMs", t.getLong("totalMs") + r.millis());
        }
        JsonArray nodes = new JsonArray();
        for (Object o : status.getJsonArray("members", new JsonArray())) {
            JsonObject m = (JsonObject) o;
            JsonObject c = m.getJsonObject("counters", new JsonObject());
            nodes.add(new JsonObject().put("name", m.getString("name"))
                    .put("heapPeakBytes", c.getLong("jvm.heapPeakBytes"))
                    .put("heapMaxBytes", c.getLong("jvm.heapMaxBytes"))
                    .put("rssPeakBytes", c.getLong("jvm.rssPeakBytes"))
                    .put("rssBytes", c.getLong("jvm.rssBytes"))
                    .put("framesNow", c.getLong("memory.frames"))
                    .put("faults", c.getLong("memory.faults"))
                    .put("syscallsExecuted", c.getLong("syscallsExecuted"))
                    .put("error", m.getString("error")));
        }
        long passed = runs.stream().filter(Run::passed).count();
        return new JsonObject().put("processes", runs.size()).put("passed", passed).put("failed", runs.size() - passed)
                .put("wallMs", wallMs).put("tasks", perTask)
                .put("nodes", nodes).put("liveProcessesAfter", status.getJsonArray("processes", new JsonArray()).size());
    }

    static String table(JsonObject r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("load: %d processes in %.0f s: %d passed, %d failed%n", r.getInteger("processes"),
                r.getLong("wallMs") / 1000.0, r.getLong("passed"), r.getLong("failed")));
        out.append(String.format("%-12s %6s %6s %9s %9s%n", "TASK", "RUNS", "PASSED", "MEAN S", "MAX S"));
        r.getJsonObject("tasks").forEach(e -> {
            JsonObject t = (JsonObject) e.getValue();
            out.append(String.format("%-12s %6d %6d %9.1f %9.1f%n", e.getKey(), t.getInteger("runs"), t.getInteger("passed"),
                    t.getLong("totalMs") / 1000.0 / Math.max(1, t.getInteger("runs")), t.getLong("maxMs") / 1000.0));
        });
        out.append(String.format("%-10s %14s %14s %14s%n", "NODE", "PEAK HEAP MiB", "MAX HEAP MiB", "PEAK RSS MiB"));
        for (Object o : r.getJsonArray("nodes")) {
            JsonObject n = (JsonObject) o;
            out.append(String.format("%-10s %14s %14s %14s%n", n.getString("name"), mib(n.getLong("heapPeakBytes")),
                    mib(n.getLong("heapMaxBytes")), mib(n.getLong("rssPeakBytes"))));
        }
        return out.toString();
    }

    private static String mib(Long bytes) {
        return bytes == null ? "?" : String.valueOf(bytes >> 20);
    }
}
