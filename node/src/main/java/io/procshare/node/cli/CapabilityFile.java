package io.procshare.node.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where {@code procshare submit} keeps the capability of the process it started (issue 15) so that
 * {@code procshare kill PID} of the same user, with the same {@code --dir}, may kill it:
 * {@code DIR/pids/PID}, mode 0600 in a 0700 directory, deleted when the process ends.
 */
final class CapabilityFile {

    static final String DIR = "pids";

    private CapabilityFile() {
    }

    /** Writes the capability; returns false (and writes nothing) when the directory cannot be made. */
    static boolean write(Path dir, long pid, String cap) {
        if (cap == null) {
            return false;
        }
        try {
            Path pids = dir.resolve(DIR);
            if (!Files.isDirectory(pids)) {
                Files.createDirectories(pids);
                Files.setPosixFilePermissions(pids, PosixFilePermissions.fromString("rwx------"));
            }
            Path file = pids.resolve(Long.toString(pid));
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, cap, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The capability a submit in {@code dir} kept for {@code pid}, if any. */
    static Optional<String> read(Path dir, long pid) {
        Path file = dir.resolve(DIR).resolve(Long.toString(pid));
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The capabilities kept in {@code dir}, by pid, at most {@code max} of them (the highest pids,
     * the newest); files whose name is not a pid, or that cannot be read, are left out.
     */
    static Map<Long, String> all(Path dir, int max) {
        TreeMap<Long, String> out = new TreeMap<>();
        Path pids = dir.resolve(DIR);
        if (!Files.isDirectory(pids)) {
            return out;
        }
        try (Stream<Path> files = Files.list(pids)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                long pid;
                try {
                    pid = Long.parseLong(f.getFileName().toString());
                } catch (NumberFormatException notAPid) {
                    continue;
                }
                read(dir, pid).filter(c -> !c.isEmpty()).ifPresent(c -> out.put(pid, c));
                if (out.size() > max) {
                    out.pollFirstEntry();
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return out;
        }
        return out;
    }

    static void delete(Path dir, long pid) {
        try {
            Files.deleteIfExists(dir.resolve(DIR).resolve(Long.toString(pid)));
        } catch (IOException ignored) {
            // a stale file names a pid that no longer lives; a kill with it finds nothing
        }
    }
}
