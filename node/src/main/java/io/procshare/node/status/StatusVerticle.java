package io.procshare.node.status;

import io.procshare.codecs.StatusReply;
import io.procshare.codecs.StatusRequest;
import io.procshare.node.NodeIdentity;
import io.procshare.node.bridge.ClientBridge;
import io.procshare.node.guest.ProcessCapabilities;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.ClusterNode;
import io.procshare.verticles.exec.ProcessControl;
import io.procshare.verticles.exec.SyscallService;
import io.procshare.verticles.exec.ThreadInfo;
import io.procshare.verticles.memory.MemoryService;
import io.procshare.verticles.memory.ProcessMemoryStats;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Status of this node and of the cluster.
 * <ul>
 *   <li>{@code procshare.<nodeId>.status}: binary {@link StatusRequest} in, {@link StatusReply} out;</li>
 *   <li>{@code procshare.status}: for bridge clients; asks every member for its status, each with a
 *       deadline, and answers the JSON documented in the README ({@code members[]} with name, id,
 *       address, bridge, transport, uptimeMs, counters, threads (from the member's
 *       {@code status.processes} answer); and {@code processes[]}, the running
 *       processes merged over the members by {@link ProcessTable}). A member that does not answer in
 *       time is listed with an {@code error} instead of holding up the answer. Every node consumes
 *       this address and keeps its own previous sample: the rates of {@code processes[]} are over the
 *       interval since the previous query that the same node ({@code queriedNode}) answered.
 *       A request that came through the bridge ({@link ClientBridge#CLIENT_HEADER}) gets the view
 *       {@link StatusScope} gives it: the details of the processes whose capabilities its body
 *       presents ({@code {"caps": {"<pid>": "<cap>"}}}), only pid and home of the others; a
 *       request of a cluster member on the event bus sees everything.</li>
 *   <li>{@code procshare.<nodeId>.status.threads}: any body in, a JSON array out: the thread tables
 *       of the processes homed on this node, one {@code {pid, gtid, node, state}} per thread.</li>
 *   <li>{@code procshare.<nodeId>.status.processes}: any body in, a JSON object out: {@code node}
 *       (name), {@code nodeId}; {@code homed}, the processes homed on this node, each {@code {pid,
 *       task, placement, home (name), homeId, startedAt, uptimeMs, state ("running" | "exited"),
 *       threads: [{gtid, parent, node (name), nodeId, state}], forwardedSyscalls, directSyscalls, owned}}
 *       ({@code owned}: the body's {@code caps} presented this process's capability);
 *       {@code missed}, per process whose threads here called numbers the syscall table lacks,
 *       {@code {pid, counts: {number: count}}}, and {@code missedSyscalls}, the same over the node; and
 *       {@code memory}, the processes open on this node, each {@code {pid, faults, readOnly,
 *       readWrite}} ({@link ProcessMemoryStats}).</li>
 * </ul>
 */
public final class StatusVerticle extends VerticleBase {

    private final JvmGauges jvm = new JvmGauges();

    static final String UPTIME_MS = "uptimeMs";
    /** Per-node service: the thread tables of the processes homed there (JSON; the status codec stays as it is). */
    static final String THREADS = "status.threads";
    /** Per-node service: the processes homed there and the pages and faults of those open there (JSON). */
    static final String PROCESSES = "status.processes";

    private final NodeIdentity self;
    private final NodeCounters counters;
    private final Supplier<List<String>> members;
    private final SyscallService syscalls;
    private final MemoryService memory;
    private final long timeoutMs;
    private final FrameGuard guard;
    private final AtomicLong requestIds = new AtomicLong();
    /** Confined to this verticle's context: the rates of {@code processes[]} are measured against its last merge. */
    private final ProcessTable processTable = new ProcessTable();
    /** This node's console URL, null when it has none. */
    private final String consoleUrl;
    /** The capabilities of the processes homed here; null: none presented is ever a process's own. */
    private ProcessCapabilities capabilities;
    /** A bridge client sees every process's details (an open cluster whose operator allows it). */
    private boolean bridgeSeesAll;

    /**
     * @param members  node ids of the cluster's members
     * @param syscalls this node's system call control unit: the processes homed here, their thread
     *                 tables (DESIGN §6) and syscall counts, and the names of the cluster's nodes
     * @param memory   this node's memory control unit: pages and faults of the processes open here
     */
    public StatusVerticle(NodeIdentity self, NodeCounters counters, Supplier<List<String>> members,
                          SyscallService syscalls, MemoryService memory, long timeoutMs) {
        this(self, counters, members, syscalls, memory, timeoutMs, null);
    }

    /** @param consoleUrl the node's web console, listed as the member's {@code console}; null: none */
    public StatusVerticle(NodeIdentity self, NodeCounters counters, Supplier<List<String>> members,
                          SyscallService syscalls, MemoryService memory, long timeoutMs, String consoleUrl) {
        this.consoleUrl = consoleUrl;
        this.self = self;
        this.counters = counters;
        this.members = members;
        this.syscalls = syscalls;
        this.memory = memory;
        this.timeoutMs = timeoutMs;
        this.guard = new FrameGuard(counters);
    }

    /**
     * Scopes bridge clients' status to their own processes (issue 15): {@code capabilities} are the
     * ones this node issues to the submitters of the processes homed here; {@code bridgeSeesAll}
     * (an open cluster whose operator set {@code bridge.statusAnyInOpenCluster}) shows a bridge
     * client every process's details. Call before deploying.
     */
    public StatusVerticle withScope(ProcessCapabilities capabilities, boolean bridgeSeesAll) {
        this.capabilities = capabilities;
        this.bridgeSeesAll = bridgeSeesAll;
        return this;
    }

    @Override
    public Future<?> start() {
        var local = vertx.eventBus().consumer(Addresses.of(self.nodeId(), Addresses.STATUS), this::onStatusRequest);
        var table = vertx.eventBus().consumer(Addresses.of(self.nodeId(), THREADS), m -> m.reply(threadsJson()));
        var processes = vertx.eventBus().consumer(Addresses.of(self.nodeId(), PROCESSES), this::onProcessesRequest);
        var cluster = vertx.eventBus().localConsumer(Addresses.CLIENT_STATUS, this::onClientStatus);
        var view = vertx.eventBus().localConsumer(Addresses.CLIENT_MEMBERS, m -> m.reply(membersJson()));
        vertx.setPeriodic(JvmGauges.SAMPLE_MS, t -> jvm.sample());
        return Future.all(List.of(local.completion(), table.completion(), processes.completion(), cluster.completion(),
                view.completion()));
    }

    /** The members as this node's cluster manager sees them now, with their names where known. */
    private JsonObject membersJson() {
        Map<String, String> names = new HashMap<>();
        syscalls.clusterNodes().forEach(n -> names.put(n.nodeId(), n.name()));
        JsonArray out = new JsonArray();
        for (String id : members.get()) {
            out.add(new JsonObject().put("id", id).put("name", names.getOrDefault(id, id)));
        }
        return new JsonObject().put("queriedNode", self.name()).put("members", out);
    }

    private void onProcessesRequest(Message<Object> message) {
        Map<Long, String> caps;
        try {
            caps = StatusScope.caps(message.body());
        } catch (IllegalArgumentException e) { // a member's request: bounded by the queried node already
            caps = Map.of();
        }
        JsonObject answer = homedJson(caps);
        memory.processStats().onComplete(stats -> {
            JsonArray rows = new JsonArray();
            if (stats.succeeded()) {
                for (ProcessMemoryStats m : stats.result()) {
                    rows.add(new JsonObject().put("pid", m.pid()).put("faults", m.faults())
                            .put("readOnly", m.readOnly()).put("readWrite", m.readWrite()));
                }
            } else {
                answer.put("memoryError", String.valueOf(stats.cause()));
            }
            message.reply(answer.put("memory", rows));
        });
    }

    /** {@link #homedJson(Map)} with no capability presented. */
    JsonObject homedJson() {
        return homedJson(Map.of());
    }

    /**
     * This node's name and id, and the processes homed here ({@code homed}), as {@code status.processes}
     * answers; {@code owned} of each process says whether {@code caps} presented its capability.
     */
    JsonObject homedJson(Map<Long, String> caps) {
        Map<String, String> names = new HashMap<>();
        for (ClusterNode n : syscalls.clusterNodes()) {
            names.put(n.nodeId(), n.name());
        }
        names.put(self.nodeId(), self.name());
        long now = System.currentTimeMillis();
        JsonArray homed = new JsonArray();
        for (ProcessControl p : syscalls.processes()) {
            JsonArray rows = new JsonArray();
            for (ThreadInfo t : p.threads().snapshot()) {
                rows.add(new JsonObject().put("gtid", t.gtid()).put("parent", t.parent())
                        .put("node", names.getOrDefault(t.node(), t.node())).put("nodeId", t.node())
                        .put("state", t.state().name()));
            }
            homed.add(new JsonObject()
                    .put("pid", p.pid())
                    .put("task", p.task())
                    .put("placement", p.placement().toString())
                    .put("home", names.getOrDefault(p.home(), p.home()))
                    .put("homeId", p.home())
                    .put("startedAt", p.startedAtMillis())
                    // measured by the home itself: wall clocks of different hosts need not agree
                    .put("uptimeMs", now - p.startedAtMillis())
                    .put("state", p.exited() ? "exited" : "running")
                    .put("threads", rows)
                    .put("forwardedSyscalls", p.forwardedSyscalls())
                    .put("directSyscalls", p.directSyscalls())
                    .put(StatusScope.OWNED, capabilities != null && capabilities.holds(p.pid(), caps.get(p.pid()))));
        }
        JsonArray missed = new JsonArray();
        for (long pid : syscalls.missed().pids().stream().sorted().toList()) {
            missed.add(new JsonObject().put("pid", pid).put("counts", counts(syscalls.missed().ofProcess(pid))));
        }
        JsonObject out = new JsonObject().put("node", self.name()).put("nodeId", self.nodeId()).put("homed", homed)
                .put("missed", missed).put("missedSyscalls", counts(syscalls.missed().ofNode()));
        return consoleUrl == null ? out : out.put("console", consoleUrl);
    }

    /** A number-to-count map as JSON, by number: {@code {"293": 1}}. */
    static JsonObject counts(Map<Integer, Long> byNumber) {
        JsonObject out = new JsonObject();
        byNumber.forEach((nr, n) -> out.put(String.valueOf(nr), n));
        return out;
    }

    /** The thread tables of the processes homed here, as the {@code threads} field lists them. */
    JsonArray threadsJson() {
        JsonArray out = new JsonArray();
        for (ThreadInfo t : syscalls.threads()) {
            out.add(new JsonObject().put("pid", t.pid()).put("gtid", t.gtid()).put("node", t.node())
                    .put("state", t.state().name()));
        }
        return out;
    }

    private void onStatusRequest(Message<Object> message) {
        if (guard.body(message, StatusRequest.class) != null) {
            message.reply(reply());
        }
    }

    /** This node's status now. */
    public StatusReply reply() {
        var snapshot = counters.snapshot();
        // measured by the member itself: wall clocks of different hosts need not agree
        snapshot.put(UPTIME_MS, System.currentTimeMillis() - self.startedAtMillis());
        jvm.addTo(snapshot);
        return new StatusReply(self.name(), self.nodeId(), self.clusterAddress(), self.bridgeAddress(),
                self.transport(), self.startedAtMillis(), snapshot);
    }

    private void onClientStatus(Message<Object> message) {
        Map<Long, String> caps;
        try {
            caps = StatusScope.caps(message.body());
        } catch (IllegalArgumentException e) {
            message.fail(400, e.getMessage());
            return;
        }
        // the bridge marks what a client sent; an in-JVM caller on the event bus is a member
        boolean scoped = message.headers().contains(ClientBridge.CLIENT_HEADER) && !bridgeSeesAll;
        JsonObject processesRequest = scoped ? StatusScope.request(caps) : new JsonObject();
        List<String> ids = members.get();
        List<Future<JsonObject>> answers = new ArrayList<>(ids.size());
        List<Future<JsonObject>> processes = new ArrayList<>(ids.size());
        DeliveryOptions deadline = new DeliveryOptions().setSendTimeout(timeoutMs);
        for (String id : ids) {
            StatusRequest request = new StatusRequest(requestIds.incrementAndGet(), (byte) 0);
            Future<JsonObject> status = vertx.eventBus().<StatusReply>request(Addresses.of(id, Addresses.STATUS), request, deadline)
                    .map(reply -> toJson(reply.body()));
            // one request gives both the member's thread table and its part of processes[]
            Future<JsonObject> running = vertx.eventBus().<JsonObject>request(Addresses.of(id, PROCESSES), processesRequest,
                    deadline).map(Message::body);
            processes.add(running);
            answers.add(Future.join(status, running).transform(done -> Future.succeededFuture(
                    member(id, status, running))));
        }
        Future.join(answers).onComplete(done -> {
            List<JsonObject> list = new ArrayList<>();
            for (Future<JsonObject> f : answers) {
                list.add(f.result());
            }
            List<JsonObject> running = new ArrayList<>();
            for (Future<JsonObject> f : processes) {
                if (f.succeeded()) {
                    running.add(f.result());
                }
            }
            list.sort(Comparator.comparing((JsonObject j) -> j.getString("name", "~")).thenComparing(j -> j.getString("id")));
            JsonObject full = new JsonObject()
                    .put("queriedNode", self.name())
                    .put("clusterSize", ids.size())
                    .put("members", new JsonArray(new ArrayList<>(list)))
                    .put("processes", processTable.merge(running, System.nanoTime()));
            message.reply(StatusScope.view(full, StatusScope.owned(running), scoped));
        });
    }

    /**
     * A member's entry: its status with its threads (the thread tables of its {@code status.processes}
     * answer); an error entry when it gave no status in time.
     */
    private JsonObject member(String id, Future<JsonObject> status, Future<JsonObject> running) {
        if (status.failed()) {
            return new JsonObject().put("id", id)
                    .put("error", "no status within " + timeoutMs + " ms: " + status.cause().getMessage());
        }
        JsonObject m = status.result();
        if (running.succeeded()) {
            if (running.result().getString("console") != null) {
                m.put("console", running.result().getString("console"));
            }
            return m.put("threads", threadTable(running.result()))
                    .put("missedSyscalls", running.result().getJsonObject("missedSyscalls", new JsonObject()));
        }
        return m.put("threads", new JsonArray())
                .put("threadsError", "no thread table within " + timeoutMs + " ms: " + running.cause().getMessage());
    }

    /** The thread rows of a {@code status.processes} answer as {@link #threadsJson()} lists them (node ids). */
    static JsonArray threadTable(JsonObject processes) {
        JsonArray out = new JsonArray();
        for (Object o : processes.getJsonArray("homed", new JsonArray())) {
            JsonObject p = (JsonObject) o;
            for (Object r : p.getJsonArray("threads", new JsonArray())) {
                JsonObject t = (JsonObject) r;
                out.add(new JsonObject().put("pid", p.getLong("pid")).put("gtid", t.getLong("gtid"))
                        .put("node", t.getString("nodeId")).put("state", t.getString("state")));
            }
        }
        return out;
    }

    static JsonObject toJson(StatusReply r) {
        JsonObject c = new JsonObject();
        long uptime = 0;
        for (Map.Entry<String, Long> e : r.counters().entrySet()) {
            if (UPTIME_MS.equals(e.getKey())) {
                uptime = e.getValue();
            } else {
                c.put(e.getKey(), e.getValue());
            }
        }
        return new JsonObject()
                .put("name", r.name())
                .put("id", r.nodeId())
                .put("address", r.clusterAddress())
                .put("bridge", r.bridgeAddress())
                .put("transport", r.transport())
                .put("startedAt", r.startedAtMillis())
                .put("uptimeMs", uptime)
                .put("counters", c);
    }
}
