package io.procshare.node.guest;

import io.procshare.codecs.ProcessExit;
import io.procshare.codecs.ProcessSubmit;
import io.procshare.node.bridge.ClientAddresses;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.FrameGuard;
import io.procshare.verticles.NodeCounters;
import io.procshare.verticles.exec.ClusterNode;
import io.procshare.verticles.exec.Placement;
import io.procshare.verticles.exec.ProcessControl;
import io.procshare.verticles.exec.SyscallService;
import io.procshare.verticles.exec.ThreadInfo;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process submission and kill (DESIGN §8, issue 5 item 3).
 * <ul>
 *   <li>{@code procshare.submit} (cluster-wide) and {@code procshare.<nodeId>.submit}: a JSON body
 *       {@code {"task":T,"args":[...],"threads":N,"placement":P,"client":ADDRESS,"home":NAME?}} from a
 *       bridge client, or a binary {@link ProcessSubmit}. The node that takes it is the home
 *       (or it passes it to the node named {@code home}). Unknown task, bad arguments or placement
 *       fail at once (400/404 with the reason); else the reply is {@code {"pid":P,"home":NAME}}
 *       and the process's output and exit go to {@code client} ({@link BridgeStreams}).</li>
 *   <li>{@code procshare.kill} (cluster-wide): {@code {"pid":P,"cap":C}}; asks every node's
 *       {@code procshare.<nodeId>.kill}, and the home kills it with status 137. Fails 404 when no
 *       node homes a live process P, 403 when {@code cap} is not P's capability.</li>
 * </ul>
 * A process's capability (issue 15): 128 random bits, hex, that the home makes at submission and
 * gives only to the submitter, in the reply ({@code "cap"}); a kill must carry it, unless the node
 * was told to accept any kill ({@link ProcessCapabilities}, an open cluster's operator option). The client address of a submission must be a client address ({@code procshare.client.*}):
 * a process's output goes nowhere else.
 */
public final class SubmitVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitVerticle.class);

    public static final String SUBMIT = "procshare.submit";
    public static final String KILL = "procshare.kill";
    static final String NODE_SUBMIT = "submit";
    static final String NODE_KILL = "kill";
    /** Failure codes of a submission. */
    public static final int BAD_REQUEST = 400;
    /** Counter of submissions that decoded but asked for something invalid (threads, placement, ...). */
    public static final String SUBMISSIONS_REFUSED = "submissionsRefused";
    public static final int NOT_FOUND = 404;
    public static final int FAILED = 500;
    /** A kill without the process's capability. */
    public static final int FORBIDDEN = 403;

    /** The most threads one submission may ask for. */
    public static final int MAX_THREADS = 1024;

    private final String nodeId;
    private final String nodeName;
    private final SyscallService syscalls;
    private final JavaTaskRunner runner;
    private final LongSupplier pids;
    private final Supplier<List<String>> members;
    private final long timeoutMs;
    private final FrameGuard guard;
    private final NodeCounters counters;
    private final ClientChannels clients;
    /** The capability of each live process homed here ({@link #withCapabilities}). */
    private volatile ProcessCapabilities capabilities = new ProcessCapabilities(false);

    public SubmitVerticle(String nodeId, String nodeName, SyscallService syscalls, JavaTaskRunner runner, LongSupplier pids,
                          Supplier<List<String>> members, NodeCounters counters, long timeoutMs, ClientChannels clients) {
        this.clients = clients;
        this.nodeId = nodeId;
        this.nodeName = nodeName;
        this.syscalls = syscalls;
        this.runner = runner;
        this.pids = pids;
        this.members = members;
        this.timeoutMs = timeoutMs;
        this.guard = new FrameGuard(counters);
        this.counters = counters;
    }

    /**
     * The node's process capabilities, shared with whatever else starts processes for clients
     * (default: its own, every kill needs the capability); call before deploying.
     */
    public SubmitVerticle withCapabilities(ProcessCapabilities capabilities) {
        this.capabilities = capabilities;
        return this;
    }

    /** The capabilities this verticle issues and checks. */
    public ProcessCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public Future<?> start() {
        syscalls.onProcessEnded(this::onProcessEnded);
        var cluster = vertx.eventBus().consumer(SUBMIT, this::onSubmit);
        var direct = vertx.eventBus().consumer(Addresses.of(nodeId, NODE_SUBMIT), this::onSubmit);
        var kill = vertx.eventBus().consumer(KILL, this::onKill);
        var nodeKill = vertx.eventBus().<Object>consumer(Addresses.of(nodeId, NODE_KILL), this::onNodeKill);
        return Future.all(cluster.completion(), direct.completion(), kill.completion(), nodeKill.completion());
    }

    /** A submission, validated; the fields of the JSON body or of a ProcessSubmit. */
    private record Submission(String task, List<String> args, int threads, String placement, String client, String home) {

        static Submission of(Object body) {
            if (body instanceof ProcessSubmit s) {
                return new Submission(s.task(), s.args(), s.threads(), s.placement(), s.clientAddress(), "");
            }
            if (!(body instanceof JsonObject j)) {
                throw new IllegalArgumentException("a submission is a JSON object or a ProcessSubmit, not "
                        + (body == null ? "null" : body.getClass().getSimpleName()));
            }
            Object task = j.getValue("task");
            if (!(task instanceof String t) || t.isBlank()) {
                throw new IllegalArgumentException("field 'task' must be a task name");
            }
            Object args = j.getValue("args", new JsonArray());
            if (!(args instanceof JsonArray a) || a.stream().anyMatch(x -> !(x instanceof String))) {
                throw new IllegalArgumentException("field 'args' must be an array of strings");
            }
            Object threads = j.getValue("threads", 1);
            if (!(threads instanceof Number n) || n.intValue() < 1 || n.intValue() > MAX_THREADS || n.doubleValue() != n.intValue()) {
                throw new IllegalArgumentException("field 'threads' must be an integer from 1 to " + MAX_THREADS + ", not " + threads);
            }
            Object client = j.getValue("client");
            if (!(client instanceof String c) || !ClientAddresses.isClientAddress(c)) {
                throw new IllegalArgumentException("field 'client' must be the client's event-bus address ("
                        + ClientAddresses.CLIENT_PREFIX + "*)");
            }
            Object placement = j.getValue("placement", Placement.DEFAULT);
            Object home = j.getValue("home", "");
            if (!(placement instanceof String p) || !(home instanceof String h)) {
                throw new IllegalArgumentException("fields 'placement' and 'home' must be strings");
            }
            List<String> list = new ArrayList<>();
            a.forEach(x -> list.add((String) x));
            return new Submission(t.strip(), list, n.intValue(), p, c, h.strip());
        }
    }

    private void onSubmit(Message<Object> message) {
        Submission s;
        try {
            s = Submission.of(message.body());
        } catch (IllegalArgumentException e) {
            // a frame that decoded into a submission with bad values: the client's mistake, not a bad frame
            counters.increment(SUBMISSIONS_REFUSED);
            message.fail(BAD_REQUEST, "bad submission: " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            guard.reject(message, "undecodable submission: " + e);
            return;
        }
        List<ClusterNode> nodes = syscalls.clusterNodes();
        if (!s.home().isEmpty() && !s.home().equals(nodeName)) {
            forward(message, s, nodes);
            return;
        }
        // resolving a class, the task's own validate(), the pid generator and making the home's memory and
        // sandbox may all block or run guest-supplied code: a worker does them, never this event loop
        vertx.executeBlocking(() -> start(s, nodes), false).onComplete(ar -> {
            if (ar.succeeded()) {
                long pid = ar.result().pid();
                LOG.info("pid {}: {} {} with {} threads, placement {}, home {}", pid, s.task(), s.args(), s.threads(),
                        s.placement(), nodeName);
                message.reply(new JsonObject().put("pid", pid).put("home", nodeName).put("homeId", nodeId)
                        .put("cap", ar.result().key()));
            } else if (ar.cause() instanceof Refused r) {
                message.fail(r.code, r.getMessage());
            } else {
                message.fail(FAILED, s.task() + " could not start on " + nodeName + ": " + ar.cause().getMessage());
            }
        });
    }

    /** A submission refused before anything ran: the failure code and the reason. */
    private static final class Refused extends RuntimeException {
        final int code;

        Refused(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** Worker: checks the submission and starts the process; returns its pid. */
    private Started start(Submission s, List<ClusterNode> nodes) {
        TaskCatalog.Task task;
        Placement placement;
        try {
            task = TaskCatalog.resolve(s.task());
        } catch (IllegalArgumentException e) {
            throw new Refused(NOT_FOUND, e.getMessage());
        }
        try {
            task.newInstance().validate(s.args().toArray(String[]::new));
            placement = Placement.parse(s.placement());
            placement.validate(nodes);
        } catch (IllegalArgumentException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new Refused(BAD_REQUEST, why.startsWith(s.task() + ":") ? why : s.task() + ": " + why);
        } catch (RuntimeException e) {
            throw new Refused(BAD_REQUEST, s.task() + ": arguments rejected: " + e);
        }
        long pid = pids.getAsLong();
        BridgeStreams streams = new BridgeStreams(pid, s.client(), capabilities.issue(pid), vertx.eventBus(), context);
        clients.put(pid, streams);
        try {
            runner.start(pid, task, s.args(), s.threads(), placement, streams);
        } catch (RuntimeException e) {
            clients.remove(pid);
            capabilities.forget(pid);
            throw new IllegalStateException("pid " + pid + ": " + e.getMessage(), e);
        }
        return new Started(pid, streams.key());
    }

    /** A process that started: its pid and the capability its client's io must carry. */
    private record Started(long pid, String key) {
    }

    /** A submission that names another home goes there, and its answer comes back. */
    private void forward(Message<Object> message, Submission s, List<ClusterNode> nodes) {
        String target = nodes.stream().filter(n -> n.name().equals(s.home())).map(ClusterNode::nodeId).findFirst().orElse(null);
        if (target == null) {
            message.fail(BAD_REQUEST, "home: no node named '" + s.home() + "' in the cluster (nodes: "
                    + String.join(", ", nodes.stream().map(ClusterNode::name).sorted().toList()) + ")");
            return;
        }
        JsonObject body = new JsonObject().put("task", s.task()).put("args", new JsonArray(new ArrayList<>(s.args())))
                .put("threads", s.threads()).put("placement", s.placement()).put("client", s.client()).put("home", s.home());
        vertx.eventBus().<JsonObject>request(Addresses.of(target, NODE_SUBMIT), body, new DeliveryOptions().setSendTimeout(timeoutMs))
                .onComplete(ar -> reply(message, ar));
    }

    private static void reply(Message<Object> message, io.vertx.core.AsyncResult<Message<JsonObject>> ar) {
        if (ar.succeeded()) {
            message.reply(ar.result().body());
        } else if (ar.cause() instanceof io.vertx.core.eventbus.ReplyException re && re.failureCode() > 0) {
            message.fail(re.failureCode(), re.getMessage());
        } else {
            message.fail(FAILED, ar.cause().getMessage());
        }
    }

    /** At every node: the process ended; if its client is ours, tell it, with where its threads ran. */
    private void onProcessEnded(ProcessExit exit) {
        capabilities.forget(exit.pid());
        BridgeStreams client = clients.remove(exit.pid());
        if (client == null) {
            return;
        }
        JsonArray threads = new JsonArray();
        ProcessControl p = syscalls.process(exit.pid());
        if (p != null) {
            GuestNodes names = new GuestNodes(syscalls::clusterNodes);
            for (ThreadInfo t : p.threads().snapshot()) {
                threads.add(new JsonObject().put("gtid", t.gtid()).put("node", names.nameOf(t.node())));
            }
        }
        LOG.info("pid {} ended with status {}{}", exit.pid(), exit.status(), exit.message().isEmpty() ? "" : ": " + exit.message());
        client.exit(exit.status(), exit.message(), threads);
    }

    private void onKill(Message<Object> message) {
        long pid;
        String cap;
        if (message.body() instanceof JsonObject j && j.getValue("pid") instanceof Number n
                && (j.getValue("cap") == null || j.getValue("cap") instanceof String)) {
            pid = n.longValue();
            cap = j.getString("cap");
        } else {
            guard.reject(message, "a kill is {\"pid\": N, \"cap\": CAPABILITY}");
            return;
        }
        JsonObject ask = new JsonObject().put("pid", pid);
        if (cap != null) {
            ask.put("cap", cap);
        }
        boolean[] denied = {false};
        List<Future<JsonObject>> answers = new ArrayList<>();
        for (String id : members.get()) {
            answers.add(vertx.eventBus().<JsonObject>request(Addresses.of(id, NODE_KILL), ask,
                    new DeliveryOptions().setSendTimeout(timeoutMs)).map(Message::body));
        }
        // the home's answer is enough: do not wait for the deadline of a member that does not answer
        boolean[] answered = {false};
        for (Future<JsonObject> f : answers) {
            f.onSuccess(r -> {
                denied[0] |= r.getBoolean("denied", false);
                if (!answered[0] && r.getBoolean("killed", false)) {
                    answered[0] = true;
                    message.reply(r);
                }
            });
        }
        Future.join(answers).onComplete(done -> {
            if (!answered[0] && denied[0]) {
                answered[0] = true;
                message.fail(FORBIDDEN, "pid " + pid + " is not yours to kill: a kill needs the capability its submitter got");
            } else if (!answered[0]) {
                answered[0] = true;
                message.fail(NOT_FOUND, "no live process " + pid + " in the cluster");
            }
        });
    }

    private void onNodeKill(Message<Object> message) {
        if (!(message.body() instanceof JsonObject j) || !(j.getValue("pid") instanceof Number n)) {
            guard.reject(message, "a kill is {\"pid\": N}");
            return;
        }
        long pid = n.longValue();
        ProcessCapabilities.Verdict verdict = capabilities.check(pid, j.getValue("cap"));
        if (verdict != ProcessCapabilities.Verdict.ALLOWED) {
            // a process without a capability here (homed elsewhere, or not started for a client) is not ours to end
            message.reply(new JsonObject().put("pid", pid).put("killed", false)
                    .put("denied", verdict == ProcessCapabilities.Verdict.DENIED).put("home", nodeName));
            return;
        }
        // ending the executors and closing fds may block briefly: not on the event loop
        vertx.executeBlocking(() -> syscalls.kill(pid, ProcessControl.KILLED, "killed by a client (procshare kill)"), false)
                .onComplete(ar -> message.reply(new JsonObject().put("pid", pid)
                        .put("killed", ar.succeeded() && ar.result()).put("home", nodeName)));
    }
}
