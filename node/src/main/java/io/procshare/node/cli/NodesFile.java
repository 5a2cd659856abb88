package io.procshare.node.cli;

import io.procshare.node.NodeConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code DIR/nodes.json}, written by {@code procshare cluster start}:
 * <pre>{"nodes":[{"name":"node1","pid":1234,"cluster":"127.0.0.1:5701","bridge":"127.0.0.1:7000","log":"…",
 *   "console":"http://127.0.0.1:8700/"}],
 *  "startedAt":…,"formationMs":…,"tlsCa":"/abs/ca.pem"}</pre>
 * {@code tlsCa} (absent without TLS) is the CA clients of this cluster trust; the cluster's bridge
 * token, when it has a secret, is in {@link TokenFile DIR/bridge-token}, not here.
 */
record NodesFile(List<Entry> nodes, long startedAt, long formationMs, String tlsCa) {

    static final String NAME = "nodes.json";
    static final Path DEFAULT_DIR = Path.of(".procshare");

    /** @param console the node's web console URL; null when it has none */
    record Entry(String name, long pid, String cluster, String bridge, String log, String console) {
        Entry(String name, long pid, String cluster, String bridge, String log) {
            this(name, pid, cluster, bridge, log, null);
        }

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("name", name).put("pid", pid).put("cluster", cluster)
                    .put("bridge", bridge).put("log", log);
            return console == null ? json : json.put("console", console);
        }
    }

    NodesFile {
        nodes = List.copyOf(nodes);
    }

    static Optional<NodesFile> read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonObject json = new JsonObject(Files.readString(file));
            List<Entry> entries = new ArrayList<>();
            for (Object o : json.getJsonArray("nodes", new JsonArray())) {
                JsonObject n = (JsonObject) o;
                entries.add(new Entry(n.getString("name"), n.getLong("pid", -1L), n.getString("cluster"),
                        n.getString("bridge"), n.getString("log"), n.getString("console")));
            }
            return Optional.of(new NodesFile(entries, json.getLong("startedAt", 0L), json.getLong("formationMs", 0L),
                    json.getString("tlsCa")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalStateException(file + " is corrupt (" + e.getMessage() + "); delete it and the nodes it names", e);
        }
    }

    void write(Path dir) {
        JsonArray arr = new JsonArray();
        nodes.forEach(n -> arr.add(n.toJson()));
        JsonObject json = new JsonObject().put("nodes", arr).put("startedAt", startedAt).put("formationMs", formationMs);
        if (tlsCa != null) {
            json.put("tlsCa", tlsCa);
        }
        Path tmp = dir.resolve(NAME + ".tmp");
        try {
            Files.writeString(tmp, json.encodePrettily() + "\n");
            Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(NAME), e);
        }
    }

    /** True when {@code bridge} ({@code host:port}) is one of the bridges this file names. */
    boolean names(NodeConfig.HostPort bridge) {
        return nodes.stream().anyMatch(n -> bridge.toString().equals(n.bridge()));
    }

    /** The bridge a client should use by default: the first node's, else 127.0.0.1:7000. */
    static NodeConfig.HostPort defaultBridge(Path dir) {
        return read(dir).filter(f -> !f.nodes().isEmpty())
                .map(f -> NodeConfig.parseHostPort("nodes.json bridge", f.nodes().getFirst().bridge()))
                .orElse(new NodeConfig.HostPort("127.0.0.1", 7000));
    }
}
