package io.procshare.loadgen.probe;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What every experiment's main does alike: parse, run, write the outputs, exit, clean up. */
public final class Experiments {

    /** One experiment run: options in, results.json's document out (it has written its files). */
    @FunctionalInterface
    public interface Body {
        JsonObject run(ExperimentOptions options) throws Exception;
    }

    private Experiments() {
    }

    /**
     * Parses {@code args} and runs {@code body}: exit 2 on bad usage, 1 on failure, 0 otherwise.
     * Exits explicitly because Hazelcast and Netty leave non-daemon threads behind even after a
     * clean stop.
     */
    public static void main(String tag, String mainClass, Path defaultOut, long defaultPauseUs, String[] args, Body body) {
        ExperimentOptions options;
        try {
            options = ExperimentOptions.parse(mainClass, defaultOut, defaultPauseUs, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            body.run(options);
        } catch (Exception e) {
            System.err.println("[" + tag + "] failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Says on stderr what starts, starts {@code nodes} nodes with their data under {@code data}, says when they are up. */
    public static LocalCluster startCluster(String tag, ExperimentOptions o, int nodes, Path data) {
        long t0 = System.nanoTime();
        System.err.printf("[%s] starting %d nodes (K=%d, W=%d, pause %d us)%n", tag, nodes, o.iterations(), o.warmup(),
                o.pauseUs());
        LocalCluster cluster = LocalCluster.start(nodes, o.transport(), data);
        System.err.printf("[%s] cluster up in %d ms, transport %s%n", tag,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), cluster.node(0).identity().transport());
        return cluster;
    }

    /** Writes {@code results.json} and {@code report.md} into {@code out}. */
    public static void write(Path out, JsonObject results, String report) throws IOException {
        Files.writeString(out.resolve("results.json"), results.encodePrettily() + "\n", StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.md"), report, StandardCharsets.UTF_8);
    }

    /** The first three fields of /proc/loadavg, or "unknown" where there is none. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Deletes {@code dir} and everything below it; says on stderr what it could not. */
    public static void deleteQuietly(String tag, Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[" + tag + "] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
