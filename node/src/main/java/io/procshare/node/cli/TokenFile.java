package io.procshare.node.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code DIR/bridge-token}: the bridge token of a local cluster started with a secret, so that its
 * clients ({@code submit}, {@code status}, {@code kill}, ... with {@code --dir DIR}) need not be
 * given the secret again. It holds the token derived from the secret, never the secret: whoever
 * can read it can use the cluster's bridges, but cannot make a node that joins the cluster. Made
 * readable and writable by its owner only (0600) before anything is written to it.
 */
final class TokenFile {

    static final String NAME = "bridge-token";

    private TokenFile() {
    }

    /** Replaces {@code DIR/bridge-token} with {@code token}, mode 0600 from the start. */
    static void write(Path dir, String token) {
        Path file = dir.resolve(NAME);
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            } catch (FileAlreadyExistsException raced) {
                throw new IllegalStateException(file + " appeared while it was being replaced; is another "
                        + "`cluster start` running on " + dir + "?", raced);
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The token in {@code DIR/bridge-token}, if there is one. */
    static Optional<String> read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir.resolve(NAME) + ": " + e.getMessage(), e);
        }
    }
}
