package io.procshare.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.procshare.codecs.ProcshareCodecs;
import io.procshare.node.bridge.ClientAddresses;
import io.procshare.node.bridge.ClientBridge;
import io.procshare.node.guest.ClientChannels;
import io.procshare.node.guest.GuestLaunchers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.procshare.node.console.ConsoleOptions;
import io.procshare.node.console.ConsoleVerticle;
import io.procshare.node.guest.JavaTaskRunner;
import io.procshare.node.guest.RunVerticle;
import io.procshare.node.guest.riscv.RiscvRunner;
import io.procshare.node.guest.ProcessCapabilities;
import io.procshare.node.guest.SubmitVerticle;
import io.procshare.node.litmus.LitmusVerticle;
import io.procshare.node.litmus.NodeLitmusHost;
import io.procshare.node.status.StatusVerticle;
import io.procshare.verticles.EchoVerticle;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.SyscallConfig;
import io.procshare.verticles.exec.SyscallService;
import io.procshare.verticles.memory.MemoryConfig;
import io.procshare.verticles.memory.MemoryService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One running procshare node (DESIGN §4): a Hazelcast member, a clustered Vert.x on the best
 * transport the kernel offers, every codec registered before any verticle is deployed, the
 * status and echo services, and the TCP event-bus bridge for clients.
 *
 * <pre>{@code
 * ProcshareNode node = ProcshareNode.start(NodeConfig.load(null).withName("node1"));
 * ...
 * node.stop();
 * }</pre>
 */
public final class ProcshareNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcshareNode.class);

    /** Cluster-unique process ids without coordination (Hazelcast flake ids). */
    static final String PID_GENERATOR = "procshare.pid";
    /** A litmus thread that sees no progress at a barrier for this long fails instead of hanging. */
    static final long LITMUS_STALL_MS = 30_000;

    private final NodeConfig config;
    private final HazelcastInstance hazelcast;
    private final Vertx vertx;
    private final ClientBridge bridge;
    private final NodeIdentity identity;
    private final NodeCounters counters;
    private final MemoryService memory;
    private final SyscallService syscalls;
    private final String aloneWarning;
    private String consoleUrl;
    private ProcessCapabilities capabilities;
    private volatile boolean stopped;

    private ProcshareNode(NodeConfig config, HazelcastInstance hazelcast, Vertx vertx, ClientBridge bridge,
                          NodeIdentity identity, NodeCounters counters, MemoryService memory, SyscallService syscalls,
                          String aloneWarning) {
        this.config = config;
        this.hazelcast = hazelcast;
        this.vertx = vertx;
        this.bridge = bridge;
        this.identity = identity;
        this.counters = counters;
        this.memory = memory;
        this.syscalls = syscalls;
        this.aloneWarning = aloneWarning;
    }

    /**
     * Starts a node and blocks until it has joined the cluster and every service is up.
     *
     * @throws IllegalStateException with the cause when the node cannot start; nothing is left running
     */
    public static ProcshareNode start(NodeConfig config) {
        return start(config, ConsoleOptions.OFF);
    }

    /**
     * Starts a node with its web console and {@code /metrics} on {@code console}'s HTTP port (0:
     * none), and blocks until it has joined the cluster and every service is up.
     *
     * @throws IllegalStateException with the cause when the node cannot start; nothing is left running
     */
    public static ProcshareNode start(NodeConfig config, ConsoleOptions console) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data dir " + config.dataDir() + ": " + e.getMessage(), e);
        }
        // a wrong TLS file is named now, before anything starts, rather than found by a failed handshake
        TlsSetup tls = config.tls() == null ? null : TlsSetup.check(config.tls(), config.bridgeHost());
        TransportChoice transport = TransportChoice.select(config.transport());
        for (String why : transport.fallbacks()) {
            LOG.warn("node {}: transport fallback: {}", config.name(), why);
        }

        HazelcastInstance hz = Hazelcast.newHazelcastInstance(HazelcastSetup.build(config));
        Vertx vertx = null;
        try {
            HazelcastClusterManager cm = new HazelcastClusterManager(hz);
            EventBusOptions eventBus = new EventBusOptions()
                    .setHost(config.clusterHost())
                    .setPort(config.eventBusPort())
                    .setClusterNodeMetadata(new JsonObject().put("name", config.name()));
            if (tls != null) {
                tls.applyTo(eventBus);
            }
            // one registry per node: the node's counters and Vert.x's own meters, scraped at /metrics;
            // no event-bus meters, which would time every page and syscall message
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            VertxOptions options = new VertxOptions()
                    .setPreferNativeTransport(true)
                    .setEventBusOptions(eventBus)
                    // Vert.x's file cache in the node's data dir: nothing left in /tmp by a node that was killed
                    .setFileSystemOptions(new FileSystemOptions()
                            .setFileCacheDir(config.dataDir().resolve("vertx-cache").toAbsolutePath().toString()))
                    .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                            .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS));
            vertx = await(Vertx.builder().with(options).withClusterManager(cm).withTransport(transport.transport())
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .buildClustered(), config.joinTimeoutMs(), "join the cluster");
            if (!"nio".equals(transport.name()) && !vertx.isNativeTransportEnabled()) {
                throw new IllegalStateException("transport " + transport.name() + " was chosen but Vert.x runs without it: "
                        + vertx.unavailableNativeTransportCause());
            }

            // every codec before any verticle: a message whose codec a node lacks fails on arrival
            ProcshareCodecs.registerAll(vertx.eventBus());

            NodeCounters counters = new NodeCounters(registry);
            var hzAddress = hz.getCluster().getLocalMember().getAddress();
            String clusterAddress = hzAddress.getHost() + ":" + hzAddress.getPort();

            // the front door: client services in, client addresses out, every frame bounded (issue 15)
            if (ClientAddresses.isReservedSegment(cm.getNodeId())) {
                throw new IllegalStateException("node id " + cm.getNodeId() + " would be a client address family");
            }
            NetServerOptions bridgeServer = new NetServerOptions();
            if (tls != null) {
                tls.applyTo(bridgeServer);
            }
            ClientBridge bridge = new ClientBridge(vertx, bridgeServer, config.secret(), config.bridge(), counters,
                    config.name());
            int bridgePort = config.bridgePort() != 0 ? config.bridgePort() : freePort(config.bridgeHost());

            NodeIdentity identity = new NodeIdentity(config.name(), cm.getNodeId(), clusterAddress,
                    config.bridgeHost() + ":" + bridgePort, transport.name(), System.currentTimeMillis());
            // a verticle's cluster-wide consumers are registered through Hazelcast, which can stall for
            // seconds while members join and partitions migrate: deploying is part of joining
            long deployMs = Math.max(config.requestTimeoutMs(), config.joinTimeoutMs());
            await(vertx.deployVerticle(new EchoVerticle(identity.nodeId(), counters)),
                    deployMs, "deploy the echo probe");
            HazelcastMembership membership = new HazelcastMembership(hz);
            MemoryService memory = new MemoryService(identity.nodeId(), counters, memoryConfig(config), membership);
            await(memory.deploy(vertx), deployMs, "deploy the memory control unit");
            SyscallService syscalls = new SyscallService(identity.nodeId(), counters, syscallConfig(config), memory);
            syscalls.setClusterNodes(membership::nodes);
            JavaTaskRunner tasks = new JavaTaskRunner(syscalls);
            RiscvRunner riscv = new RiscvRunner(syscalls, counters);
            syscalls.setLauncher(new GuestLaunchers(tasks, riscv));
            await(syscalls.deploy(vertx), deployMs, "deploy the syscall control unit");
            syscalls.watch(membership); // a lost node ends the processes that ran there (DESIGN §10)
            String consoleUrl = console.enabled() ? (tls != null ? "https" : "http") + "://"
                    + hostInUrl(config.bridgeHost()) + ":" + console.httpPort() + "/" : null;
            // one per node: every service that starts processes for clients issues and checks them here (issue 15)
            ProcessCapabilities capabilities = new ProcessCapabilities(
                    config.secret() == null && config.bridge().killAnyInOpenCluster());
            await(vertx.deployVerticle(new StatusVerticle(identity, counters, cm::getNodes, syscalls, memory,
                    config.requestTimeoutMs(), consoleUrl)
                    .withScope(capabilities, config.secret() == null && config.bridge().statusAnyInOpenCluster())),
                    deployMs, "deploy the status service");
            var pids = hz.getFlakeIdGenerator(PID_GENERATOR);
            ClientChannels clientChannels = new ClientChannels();
            await(vertx.deployVerticle(new SubmitVerticle(identity.nodeId(), config.name(), syscalls, tasks, pids::newId,
                    cm::getNodes, counters, config.requestTimeoutMs(), clientChannels)
                    .withCapabilities(capabilities)),
                    deployMs, "deploy the submit service");
            await(vertx.deployVerticle(new RunVerticle(identity.nodeId(), config.name(), syscalls, riscv, pids::newId,
                    clientChannels, capabilities, counters, config.requestTimeoutMs())), deployMs, "deploy the run service");
            await(vertx.deployVerticle(new LitmusVerticle(identity.nodeId(),
                            new NodeLitmusHost(memory, identity.nodeId(), pids::newId), cm::getNodes, LITMUS_STALL_MS)),
                    deployMs, "deploy the litmus service");

            HttpServerOptions http = new HttpServerOptions();
            if (tls != null) {
                tls.applyTo(http);
            }
            await(vertx.deployVerticle(new ConsoleVerticle(identity, console, config.bridgeHost(), config.secret(), http,
                    registry, memory, syscalls::clusterNodes, syscalls::threads, config.requestTimeoutMs())), deployMs,
                    "deploy the console" + (console.enabled() ? " on " + config.bridgeHost() + ":" + console.httpPort() : ""));

            // clients last: once the bridge answers, every service behind it is deployed
            await(bridge.listen(bridgePort, config.bridgeHost()), config.requestTimeoutMs(),
                    "open the bridge on " + config.bridgeHost() + ":" + bridgePort);

            LOG.info("node {} up in {} ms: id {}, cluster {} ({} members), transport {}, bridge {}",
                    config.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), identity.nodeId(),
                    clusterAddress, cm.getNodes().size(), transport.name(), identity.bridgeAddress());
            LOG.info("node {}: {}; {}", config.name(),
                    config.secret() == null ? "open cluster (no secret): any node may join, any client may use the bridge"
                            : "closed cluster " + config.secret().clusterName() + ": joining and the bridge need the secret",
                    tls == null ? "no TLS" : "TLS on the event bus (mutual) and the bridge, " + tls.describe());
            if (tls != null) {
                tls.warnings().forEach(w -> LOG.warn("node {}: {}", config.name(), w));
            }
            String alone = LoneMember.check(hz, config).orElse(null);
            if (alone != null) {
                LOG.warn("node {}: {}", config.name(), alone);
            }
            ProcshareNode node = new ProcshareNode(config, hz, vertx, bridge, identity, counters, memory, syscalls, alone);
            node.consoleUrl = consoleUrl;
            node.capabilities = capabilities;
            return node;
        } catch (RuntimeException e) {
            if (vertx != null) {
                try {
                    vertx.close().await(10, TimeUnit.SECONDS);
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            hz.shutdown();
            throw e;
        }
    }

    /** The bridge does not report the port it bound, so port 0 is resolved here, before it listens. */
    static int freePort(String host) {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static <T> T await(Future<T> future, long timeoutMs, String what) {
        try {
            return future.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + timeoutMs + " ms", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Set when this node started alone although members it was told to join were listening: they
     * run another cluster (another secret, or none), and the message says so. Empty when the node
     * joined others, or when none of its members answered (it is the first one up).
     */
    public Optional<String> aloneWarning() {
        return Optional.ofNullable(aloneWarning);
    }

    /** The console's URL ({@code http://host:port/}, https with TLS); empty when the console is off. */
    public Optional<String> consoleUrl() {
        return Optional.ofNullable(consoleUrl);
    }

    static String hostInUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** The capabilities of the processes homed here, issued to their submitters (issue 15). */
    public ProcessCapabilities capabilities() {
        return capabilities;
    }

    public NodeCounters counters() {
        return counters;
    }

    /**
     * The memory control unit of this node: {@code memory().create(pid)} on a process's home,
     * {@code memory().open(pid, homeNodeId)} elsewhere give in-JVM code the process's
     * {@link io.procshare.verticles.memory.GuestMemory} on this node.
     */
    public MemoryService memory() {
        return memory;
    }

    /**
     * The syscall control unit of this node: {@code syscalls().startProcess(pid, streams)} on a
     * process's home, {@code syscalls().attachThread(pid, home, parent)} for a guest thread anywhere;
     * {@code syscalls().threads()} lists the thread tables of the processes homed here.
     */
    public SyscallService syscalls() {
        return syscalls;
    }

    /** System property that overrides node.json's {@code argumentShipping} ({@code -Dprocshare.argumentShipping=false}: the paper's behaviour). */
    static final String ARGUMENT_SHIPPING = "procshare.argumentShipping";

    /**
     * Sandboxes under the data dir; a forwarded syscall is re-sent at the memory unit's pace and waits
     * as long as a fault; node.json's threads, open files and pending syscalls per process.
     */
    static SyscallConfig syscallConfig(NodeConfig config) {
        long silence = Math.max(config.requestTimeoutMs(), 1000);
        NodeConfig.Limits l = config.limits();
        return SyscallConfig.defaults(config.dataDir().resolve("sandboxes"))
                .withArgumentShipping(Boolean.parseBoolean(System.getProperty(ARGUMENT_SHIPPING,
                        Boolean.toString(config.argumentShipping()))))
                .withDeadlines(Math.min(1000, silence), silence, silence)
                .withLimits(new SyscallConfig.Limits(l.threadsPerProcess(), l.openFilesPerProcess(),
                        l.pendingSyscallsPerProcess()));
    }

    /** A guest waits for a page at most as long as for any other remote request; node.json's mapped pages per process. */
    static MemoryConfig memoryConfig(NodeConfig config) {
        return MemoryConfig.defaults().withFaultTimeoutMs(Math.max(config.requestTimeoutMs(), 1000))
                .withMaxPagesPerProcess(config.limits().mappedPagesPerProcess())
                .withMaxFrames(config.limits().maxFrames(Runtime.getRuntime().maxMemory()));
    }

    public Vertx vertx() {
        return vertx;
    }

    public NodeConfig config() {
        return config;
    }

    /** Closes the bridge, undeploys everything, leaves the cluster. Idempotent; waits at most 15 s. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LOG.info("node {} stopping: ending its processes, closing the bridge and leaving the cluster", identity.name());
        try {
            syscalls.shutdown("node " + identity.name() + " lost (it stopped)");
        } catch (RuntimeException e) {
            LOG.warn("node {}: ending its processes: {}", identity.name(), e.toString());
        }
        try {
            bridge.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("node {}: bridge close: {}", identity.name(), e.toString());
        }
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("node {}: vert.x close: {}", identity.name(), e.toString());
        }
        hazelcast.shutdown();
        LOG.info("node {} stopped", identity.name());
    }

    @Override
    public void close() {
        stop();
    }
}
