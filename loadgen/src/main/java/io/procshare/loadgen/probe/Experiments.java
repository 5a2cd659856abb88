package io.procshare.loadgen.probe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers every experiment shares: the machine's load, and cleaning up temporary directories. */
public final class Experiments {

    private Experiments() {
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
