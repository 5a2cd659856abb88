package io.procshare.node.console;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The web console of a node: node.json's {@code "httpPort"} (default {@value #DEFAULT_PORT}), or
 * {@code --http-port}; 0 turns the console and {@code /metrics} off. It listens on the bridge's
 * interface (loopback by default).
 */
public record ConsoleOptions(int httpPort) {

    public static final int DEFAULT_PORT = 8700;
    /** No console: nothing listens; the node still answers its peers' page-map questions. */
    public static final ConsoleOptions OFF = new ConsoleOptions(0);

    public ConsoleOptions {
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort: " + httpPort + " is not a port (0 turns the console off)");
        }
    }

    public boolean enabled() {
        return httpPort != 0;
    }

    /** From node.json's {@code httpPort}; the file is found as {@code NodeConfig.load} finds it. */
    public static ConsoleOptions load(Path file) {
        JsonObject json = read(file);
        Object v = json.getValue("httpPort", DEFAULT_PORT);
        if (!(v instanceof Number n) || n.doubleValue() != n.intValue()) {
            throw new IllegalArgumentException("httpPort: expected a port number (0: no console), got " + v);
        }
        return new ConsoleOptions(n.intValue());
    }

    private static JsonObject read(Path file) {
        try {
            if (file != null) {
                return new JsonObject(Files.readString(file));
            }
            Path local = Path.of("conf", "node.json");
            if (Files.isRegularFile(local)) {
                return new JsonObject(Files.readString(local));
            }
            try (InputStream in = ConsoleOptions.class.getResourceAsStream("/conf/node.json")) {
                return in == null ? new JsonObject() : new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read node.json for httpPort: " + e.getMessage(), e);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("node.json is not JSON: " + e.getMessage(), e);
        }
    }
}
