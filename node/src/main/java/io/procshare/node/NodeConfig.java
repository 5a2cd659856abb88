package io.procshare.node;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a node needs to start, read from {@code conf/node.json} and overridden by flags.
 *
 * @param name           human name of the node, unique in the cluster by convention ({@code node1})
 * @param clusterHost    interface Hazelcast and the event bus bind to and advertise
 * @param clusterPort    Hazelcast member port
 * @param members        Hazelcast TCP/IP join list, {@code host:port} each
 * @param eventBusPort   Vert.x clustered event-bus port (0: any free port)
 * @param bridgeHost     interface of the TCP event-bus bridge for clients
 * @param bridgePort     port of the bridge (0: any free port)
 * @param dataDir        where the node keeps process sandboxes
 * @param transport      {@code auto}, {@code io_uring}, {@code epoll} or {@code nio}
 * @param clusterConfig  Hazelcast XML, relative to the conf file's directory; {@code null}: built-in
 * @param requestTimeoutMs deadline of every remote request this node makes
 * @param joinTimeoutMs  how long the node waits to join the cluster before it gives up
 * @param argumentShipping forwarded syscalls carry the memory they read and bring back the memory
 *                       they fill (DESIGN §6); false: the home goes through the DSM for both, as
 *                       in the paper. {@code -Dprocshare.argumentShipping} overrides it
 */
public record NodeConfig(
        String name,
        String clusterHost,
        int clusterPort,
        List<String> members,
        int eventBusPort,
        String bridgeHost,
        int bridgePort,
        Path dataDir,
        String transport,
        Path clusterConfig,
        long requestTimeoutMs,
        long joinTimeoutMs,
        boolean argumentShipping) {

    public static final List<String> TRANSPORTS = List.of("auto", "io_uring", "epoll", "nio");

    public NodeConfig {
        members = List.copyOf(members);
        Objects.requireNonNull(clusterHost, "clusterHost");
        Objects.requireNonNull(bridgeHost, "bridgeHost");
        Objects.requireNonNull(dataDir, "dataDir");
        checkPort("clusterPort", clusterPort, false);
        checkPort("eventBusPort", eventBusPort, true);
        checkPort("bridgePort", bridgePort, true);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("members: at least one host:port is needed to join a cluster");
        }
        for (String m : members) {
            parseHostPort("members", m);
        }
        transport = transport == null ? "auto" : transport.toLowerCase(Locale.ROOT);
        if (!TRANSPORTS.contains(transport)) {
            throw new IllegalArgumentException("transport: '" + transport + "' is not one of " + TRANSPORTS);
        }
        if (requestTimeoutMs <= 0) {
            throw new IllegalArgumentException("requestTimeoutMs: must be > 0, was " + requestTimeoutMs);
        }
        if (joinTimeoutMs <= 0) {
            throw new IllegalArgumentException("joinTimeoutMs: must be > 0, was " + joinTimeoutMs);
        }
        if (name == null || name.isBlank()) {
            name = "node-" + clusterPort;
        }
    }

    /** A config with argument shipping on, the default. */
    public NodeConfig(String name, String clusterHost, int clusterPort, List<String> members, int eventBusPort,
                      String bridgeHost, int bridgePort, Path dataDir, String transport, Path clusterConfig,
                      long requestTimeoutMs, long joinTimeoutMs) {
        this(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir, transport,
                clusterConfig, requestTimeoutMs, joinTimeoutMs, true);
    }

    /**
     * Reads a node.json. With {@code file == null}: {@code conf/node.json} under the working
     * directory if it exists, else the defaults packed in the jar.
     */
    public static NodeConfig load(Path file) {
        Path base;
        JsonObject json;
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--conf: no such file: " + file.toAbsolutePath());
            }
            json = parse(file.toString(), readFile(file));
            base = file.toAbsolutePath().getParent();
        } else if (Files.isRegularFile(Path.of("conf", "node.json"))) {
            json = parse("conf/node.json", readFile(Path.of("conf", "node.json")));
            base = Path.of("conf").toAbsolutePath();
        } else {
            try (InputStream in = NodeConfig.class.getResourceAsStream("/conf/node.json")) {
                if (in == null) {
                    throw new IllegalStateException("no conf/node.json here and none in the jar");
                }
                json = parse("jar:conf/node.json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the built-in conf/node.json", e);
            }
            base = null;
        }
        return fromJson(json, base);
    }

    static NodeConfig fromJson(JsonObject json, Path baseDir) {
        List<String> members = new ArrayList<>();
        JsonArray arr = json.getJsonArray("members", new JsonArray().add("127.0.0.1:5701"));
        for (Object o : arr) {
            members.add(String.valueOf(o));
        }
        String clusterConfig = json.getString("clusterConfig");
        Path cc = null;
        if (clusterConfig != null && baseDir != null) {
            cc = baseDir.resolve(clusterConfig);
        }
        return new NodeConfig(
                json.getString("name"),
                json.getString("clusterHost", "127.0.0.1"),
                json.getInteger("clusterPort", 5701),
                members,
                json.getInteger("eventBusPort", 0),
                json.getString("bridgeHost", "127.0.0.1"),
                json.getInteger("bridgePort", 7000),
                Path.of(json.getString("dataDir", ".procshare/data")),
                json.getString("transport", "auto"),
                cc,
                json.getLong("requestTimeoutMs", 5000L),
                json.getLong("joinTimeoutMs", 60000L),
                json.getBoolean("argumentShipping", true));
    }

    public NodeConfig withName(String v) {
        return new NodeConfig(v, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withCluster(String host, int port) {
        return new NodeConfig(name, host, port, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withMembers(List<String> v) {
        return new NodeConfig(name, clusterHost, clusterPort, v, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withBridge(String host, int port) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, host, port, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withDataDir(Path v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, v,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withTransport(String v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                v, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping);
    }

    public NodeConfig withArgumentShipping(boolean v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, v);
    }

    /** Splits {@code host:port}, naming {@code field} in the error. */
    public static HostPort parseHostPort(String field, String value) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' has a port that is not a number");
        }
        checkPort(field, port, false);
        return new HostPort(value.substring(0, colon), port);
    }

    /** A parsed {@code host:port}. */
    public record HostPort(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static void checkPort(String field, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new IllegalArgumentException(field + ": port " + port + " is out of range");
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonObject parse(String what, String text) {
        try {
            return new JsonObject(text);
        } catch (DecodeException e) {
            throw new IllegalArgumentException(what + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
