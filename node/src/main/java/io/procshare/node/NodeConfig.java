package io.procshare.node;

import io.procshare.verticles.memory.MemoryConfig;
import io.vertx.core.json.DecodeException;
import io.procshare.node.bridge.BridgeLimits;
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
 * @param limits         what one process homed on this node may hold ({@code "limits"}; defaults when absent)
 * @param secret         the shared secret of a closed cluster ({@code "secret"}, {@code --secret},
 *                       {@code PROCSHARE_SECRET}); null: an open cluster, as before
 * @param tls            PEM files for TLS on the event bus and the bridge ({@code "tls"}); null: no TLS
 * @param bridge         the client bridge's bounds ({@code "bridge"}; defaults when absent)
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
        boolean argumentShipping,
        Limits limits,
        ClusterSecret secret,
        Tls tls,
        BridgeLimits bridge) {

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
        if (limits == null) {
            limits = Limits.DEFAULTS;
        }
        if (bridge == null) {
            bridge = BridgeLimits.DEFAULTS;
        }
    }

    /** The default {@link BridgeLimits}. */
    public NodeConfig(String name, String clusterHost, int clusterPort, List<String> members, int eventBusPort,
                      String bridgeHost, int bridgePort, Path dataDir, String transport, Path clusterConfig,
                      long requestTimeoutMs, long joinTimeoutMs, boolean argumentShipping, Limits limits,
                      ClusterSecret secret, Tls tls) {
        this(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir, transport,
                clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, null);
    }

    /** An open cluster without TLS. */
    public NodeConfig(String name, String clusterHost, int clusterPort, List<String> members, int eventBusPort,
                      String bridgeHost, int bridgePort, Path dataDir, String transport, Path clusterConfig,
                      long requestTimeoutMs, long joinTimeoutMs, boolean argumentShipping, Limits limits) {
        this(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir, transport,
                clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, null, null);
    }

    /** A config with the default {@link Limits}. */
    public NodeConfig(String name, String clusterHost, int clusterPort, List<String> members, int eventBusPort,
                      String bridgeHost, int bridgePort, Path dataDir, String transport, Path clusterConfig,
                      long requestTimeoutMs, long joinTimeoutMs, boolean argumentShipping) {
        this(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir, transport,
                clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, Limits.DEFAULTS, null, null);
    }

    /** A config with argument shipping on, the default. */
    public NodeConfig(String name, String clusterHost, int clusterPort, List<String> members, int eventBusPort,
                      String bridgeHost, int bridgePort, Path dataDir, String transport, Path clusterConfig,
                      long requestTimeoutMs, long joinTimeoutMs) {
        this(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir, transport,
                clusterConfig, requestTimeoutMs, joinTimeoutMs, true, Limits.DEFAULTS, null, null);
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
                json.getBoolean("argumentShipping", true),
                Limits.fromJson(json.getValue("limits")),
                secretFromJson(json.getValue("secret")),
                Tls.fromJson(json.getValue("tls"), baseDir),
                BridgeLimits.fromJson(json.getValue("bridge")));
    }

    public NodeConfig withName(String v) {
        return new NodeConfig(v, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withCluster(String host, int port) {
        return new NodeConfig(name, host, port, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withMembers(List<String> v) {
        return new NodeConfig(name, clusterHost, clusterPort, v, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withBridge(String host, int port) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, host, port, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withDataDir(Path v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, v,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withTransport(String v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                v, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, bridge);
    }

    public NodeConfig withArgumentShipping(boolean v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, v, limits, secret, tls, bridge);
    }

    /** The shared secret, or null for an open cluster. */
    public NodeConfig withSecret(ClusterSecret v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, v, tls, bridge);
    }

    /** The TLS files, or null for none. */
    public NodeConfig withTls(Tls v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, v, bridge);
    }

    public NodeConfig withBridgeLimits(BridgeLimits v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, limits, secret, tls, v);
    }

    public NodeConfig withLimits(Limits v) {
        return new NodeConfig(name, clusterHost, clusterPort, members, eventBusPort, bridgeHost, bridgePort, dataDir,
                transport, clusterConfig, requestTimeoutMs, joinTimeoutMs, argumentShipping, v, secret, tls, bridge);
    }

    /**
     * Per-process limits (node.json {@code "limits"}), enforced at the process's home with the errno a
     * Linux program expects. Each key may be left out (its default applies).
     *
     * @param threadsPerProcess         live threads; clone beyond it returns EAGAIN (default 1024)
     * @param mappedPagesPerProcess     4 KiB pages mapped by mmap and brk together; mmap beyond it
     *                                  returns ENOMEM, brk leaves the break where it was (default 262144: 1 GiB)
     * @param openFilesPerProcess       guest fds, 0/1/2 included; open, dup, pipe2, ... beyond it return
     *                                  EMFILE (default 1024)
     * @param pendingSyscallsPerProcess forwarded syscalls queued at or running in the home's executors; a
     *                                  new one beyond it returns EAGAIN without running (default 4096). A
     *                                  thread has one syscall outstanding at most, so it bites only when
     *                                  set below {@code threadsPerProcess}
     * @param frameMemoryMiB            a node-wide cap, not per process: the page frames (4 KiB each, on the
     *                                  heap) this node holds over all processes; a fault that needs one more
     *                                  ends its process with "frame memory cap" (0, the default: half the
     *                                  JVM's maximum heap)
     */
    public record Limits(int threadsPerProcess, long mappedPagesPerProcess, int openFilesPerProcess,
                         int pendingSyscallsPerProcess, long frameMemoryMiB) {

        public static final Limits DEFAULTS = new Limits(1024, 262_144, 1024, 4096, 0);
        public static final List<String> KEYS = List.of("threadsPerProcess", "mappedPagesPerProcess",
                "openFilesPerProcess", "pendingSyscallsPerProcess", "frameMemoryMiB");

        public Limits {
            atLeast("threadsPerProcess", threadsPerProcess, 1);
            atLeast("mappedPagesPerProcess", mappedPagesPerProcess, 1);
            atLeast("openFilesPerProcess", openFilesPerProcess, 3); // fds 0, 1, 2 are always open
            atLeast("pendingSyscallsPerProcess", pendingSyscallsPerProcess, 1);
            atLeast("frameMemoryMiB", frameMemoryMiB, 0);
        }

        /** The node's frame cap in 4 KiB frames: {@code frameMemoryMiB} x 256, or half the heap for 0. */
        public long maxFrames(long maxHeapBytes) {
            return frameMemoryMiB > 0 ? frameMemoryMiB * 256 : MemoryConfig.halfTheHeapInFrames(maxHeapBytes);
        }

        /** Reads node.json's {@code "limits"} value: absent or null gives the defaults. */
        static Limits fromJson(Object value) {
            if (value == null) {
                return DEFAULTS;
            }
            if (!(value instanceof JsonObject json)) {
                throw new IllegalArgumentException("limits: must be an object with " + KEYS + ", was " + value);
            }
            for (String key : json.fieldNames()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("limits." + key + ": unknown limit, expected one of " + KEYS);
                }
            }
            return new Limits(
                    (int) number(json, "threadsPerProcess", DEFAULTS.threadsPerProcess, Integer.MAX_VALUE),
                    number(json, "mappedPagesPerProcess", DEFAULTS.mappedPagesPerProcess, Long.MAX_VALUE >>> 12),
                    (int) number(json, "openFilesPerProcess", DEFAULTS.openFilesPerProcess, Integer.MAX_VALUE),
                    (int) number(json, "pendingSyscallsPerProcess", DEFAULTS.pendingSyscallsPerProcess, Integer.MAX_VALUE),
                    number(json, "frameMemoryMiB", DEFAULTS.frameMemoryMiB, Long.MAX_VALUE >>> 20));
        }

        private static long number(JsonObject json, String key, long dflt, long max) {
            Object v = json.getValue(key);
            if (v == null) {
                return dflt;
            }
            if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() > max) {
                throw new IllegalArgumentException("limits." + key + ": must be a whole number up to " + max
                        + ", was " + v);
            }
            return ((Number) v).longValue();
        }

        private static void atLeast(String key, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException("limits." + key + ": must be >= " + min + ", was " + value);
            }
        }
    }

    private static ClusterSecret secretFromJson(Object value) {
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("secret: must be a string or null, was " + value);
        }
        return ClusterSecret.ofNullable("secret", (String) value);
    }

    /**
     * TLS for the event bus (mutual: every node presents {@code cert} and accepts only peers whose
     * certificate {@code ca} signed) and for the bridge (the node presents {@code cert}; clients trust
     * {@code ca}). PEM files; {@code cert} needs an IP subject alternative name for every address
     * clients and peers use to reach the node ({@code scripts/make-test-certs.sh} makes such files).
     *
     * @param ca   the CA certificate(s) that signed every node's certificate
     * @param cert this node's certificate (may be followed by intermediates)
     * @param key  this node's private key (PKCS#8, or PKCS#1 RSA)
     */
    public record Tls(Path ca, Path cert, Path key) {

        public static final List<String> KEYS = List.of("ca", "cert", "key");

        public Tls {
            List<String> missing = new ArrayList<>();
            if (ca == null) {
                missing.add("ca");
            }
            if (cert == null) {
                missing.add("cert");
            }
            if (key == null) {
                missing.add("key");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("tls: ca, cert and key are all needed (--tls-ca, --tls-cert, "
                        + "--tls-key); missing: " + String.join(", ", missing));
            }
        }

        /** node.json's {@code "tls"}: null or absent for none, else an object with {@link #KEYS}, relative to {@code baseDir}. */
        static Tls fromJson(Object value, Path baseDir) {
            if (value == null) {
                return null;
            }
            if (!(value instanceof JsonObject json)) {
                throw new IllegalArgumentException("tls: must be null or an object with " + KEYS + ", was " + value);
            }
            for (String key : json.fieldNames()) {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException("tls." + key + ": unknown field, expected " + KEYS);
                }
            }
            return new Tls(path(json, "ca", baseDir), path(json, "cert", baseDir), path(json, "key", baseDir));
        }

        private static Path path(JsonObject json, String key, Path baseDir) {
            Object v = json.getValue(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException("tls." + key + ": must be a file name, was " + v);
            }
            return baseDir == null ? Path.of(s) : baseDir.resolve(s);
        }
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
