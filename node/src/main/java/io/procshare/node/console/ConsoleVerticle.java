package io.procshare.node.console;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.procshare.node.ClusterSecret;
import io.procshare.node.NodeIdentity;
import io.procshare.verticles.Addresses;
import io.procshare.verticles.exec.ClusterNode;
import io.procshare.verticles.exec.ThreadInfo;
import io.procshare.verticles.memory.MemoryService;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's web console and {@code /metrics} (DESIGN §8), and its part of every console's page
 * map.
 * <ul>
 *   <li>{@code procshare.<nodeId>.console.pages} (every node, console on or off): a
 *       {@code {pid, from, count}} question in, this node's {@link PageMap} answer out.</li>
 *   <li>HTTP on {@link ConsoleOptions#httpPort()} (0: none), on the bridge's interface, with the
 *       node's TLS when it has one: {@code /} the page (its assets from the jar), {@code /events} a
 *       server-sent event stream ({@code cluster} every second: the JSON of {@code procshare
 *       status --json}; with {@code ?pid=} also {@code pages}: that process's page map),
 *       {@code /api/cluster}, {@code /api/pages?pid=&from=&count=}, {@code /metrics} (Prometheus).</li>
 * </ul>
 * In a closed cluster every HTTP request needs the cluster's bridge token: {@code Authorization:
 * Bearer TOKEN}, {@code ?token=TOKEN} (the page's URL; it then sets an HttpOnly cookie) or that
 * cookie. Questions are parsed and bounded by {@link ConsoleQuery} and a pid is looked up among the
 * running processes before any memory unit is asked. A stream whose browser does not read is
 * skipped while its write queue is full and closed after {@value #MAX_SKIPS} skipped events in a row; at
 * most {@value #MAX_STREAMS} streams per node.
 */
public final class ConsoleVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleVerticle.class);

    /** Per-node service: this node's part of a process's page map. */
    public static final String PAGES = "console.pages";
    static final String COOKIE = "procshare-console";
    static final int MAX_STREAMS = 8;
    static final int MAX_SKIPS = 30;
    static final long TICK_MS = 1000;
    /** How often the per-process gauges are refreshed. */
    static final long GAUGE_MS = 2000;
    /** A stream's write queue; one event more may be queued past it before the stream is skipped. */
    static final int WRITE_QUEUE_BYTES = 256 * 1024;
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html", "/index.html", "index.html", "/console.js", "console.js", "/console.css", "console.css");

    private final NodeIdentity self;
    private final ConsoleOptions options;
    private final String host;
    private final ClusterSecret secret;
    private final HttpServerOptions serverOptions;
    private final PrometheusMeterRegistry registry;
    private final MemoryService memory;
    private final Supplier<List<ClusterNode>> nodes;
    private final Supplier<List<ThreadInfo>> threads;
    private final ProcessGauges processGauges;
    private final long timeoutMs;
    private final Map<String, Buffer> assets = new HashMap<>();
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private MessageConsumer<JsonObject> consumer;
    private HttpServer server;
    private long timer = -1;
    private long gaugeTimer;
    private JsonObject cluster;
    private long clusterAtNanos;
    private Future<JsonObject> clusterInFlight;

    /** A browser's event stream. */
    private static final class Stream {
        final HttpServerResponse response;
        final Long pid;
        final SlowReader reader = new SlowReader(MAX_SKIPS);

        Stream(HttpServerResponse response, Long pid) {
            this.response = response;
            this.pid = pid;
        }
    }

    /**
     * @param host          the interface to listen on (the bridge's)
     * @param secret        null: an open cluster, no token asked
     * @param serverOptions the HTTP server's options, with the node's TLS when it has one
     * @param nodes         the cluster's nodes (id and name) for the page map's fan-out
     * @param threads       the thread tables of the processes homed here, for the per-process gauges
     */
    public ConsoleVerticle(NodeIdentity self, ConsoleOptions options, String host, ClusterSecret secret,
                           HttpServerOptions serverOptions, PrometheusMeterRegistry registry, MemoryService memory,
                           Supplier<List<ClusterNode>> nodes, Supplier<List<ThreadInfo>> threads, long timeoutMs) {
        this.self = self;
        this.options = options;
        this.host = host;
        this.secret = secret;
        this.serverOptions = serverOptions;
        this.registry = registry;
        this.memory = memory;
        this.nodes = nodes;
        this.threads = threads;
        this.processGauges = new ProcessGauges(registry);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Future<?> start() {
        consumer = vertx.eventBus().consumer(Addresses.of(self.nodeId(), PAGES), this::onPagesQuestion);
        gaugeTimer = vertx.setPeriodic(GAUGE_MS, t -> memory.processStats()
                .onSuccess(stats -> processGauges.update(stats, threads.get())));
        if (!options.enabled()) {
            return consumer.completion();
        }
        for (String file : Set.copyOf(ASSETS.values())) {
            assets.put(file, resource("console/" + file));
        }
        Router router = Router.router(vertx);
        router.route().handler(this::authorize);
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        router.get("/api/cluster").handler(rc -> cluster().onComplete(ar -> json(rc, ar.succeeded() ? forBrowser(ar.result())
                : error(ar.cause()), ar.succeeded() ? 200 : 503)));
        router.get("/api/pages").handler(this::onPagesRequest);
        router.get("/events").handler(this::onEvents);
        ASSETS.forEach((path, file) -> router.get(path).handler(rc -> rc.response()
                .putHeader("Content-Type", contentType(file)).putHeader("Cache-Control", "no-store")
                .end(assets.get(file))));
        router.route().handler(rc -> text(rc, 404, "no such page: " + rc.request().path()
                + " (the console is at /, metrics at /metrics)"));
        server = vertx.createHttpServer(serverOptions.setHost(host).setPort(options.httpPort())
                .setMaxInitialLineLength(4096).setMaxHeaderSize(8192));
        return consumer.completion().compose(v -> server.requestHandler(router).listen()).onSuccess(s ->
                LOG.info("node {}: console on {}://{}:{}/{}", self.name(), serverOptions.isSsl() ? "https" : "http", host,
                        s.actualPort(), secret == null ? "" : " (closed cluster: the bridge token is needed)"));
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(gaugeTimer);
        streams.forEach(s -> s.response.reset());
        streams.clear();
        return Future.join(consumer.unregister(), server == null ? Future.succeededFuture() : server.close());
    }

    /** The port the console listens on; 0 when it is off. */
    public int actualPort() {
        return server == null ? 0 : server.actualPort();
    }

    // ---- the node's part of a page map --------------------------------------------------------

    private void onPagesQuestion(Message<JsonObject> message) {
        JsonObject q = message.body();
        Long pid;
        Long from;
        Long count;
        try {
            pid = q.getLong("pid");
            from = q.getLong("from");
            count = q.getLong("count");
        } catch (ClassCastException e) {
            message.fail(400, "console.pages: pid, from and count must be numbers");
            return;
        }
        if (pid == null || from == null || count == null || from < 0 || count < 1 || count > ConsoleQuery.ALL_PAGES) {
            message.fail(400, "console.pages: pid, from (>= 0) and count (1.." + ConsoleQuery.ALL_PAGES + ") are needed");
            return;
        }
        String home = memory.openProcesses().get(pid);
        memory.pageView(pid, from, count, PageMap.HOT).onComplete(ar -> {
            if (ar.failed()) {
                message.fail(500, String.valueOf(ar.cause()));
                return;
            }
            message.reply(PageMap.toJson(pid, ar.result()).put("home", self.nodeId().equals(home)));
        });
    }

    // ---- HTTP -----------------------------------------------------------------------------------

    private void authorize(RoutingContext rc) {
        if (secret == null) {
            rc.next();
            return;
        }
        String header = rc.request().getHeader("Authorization");
        String query = rc.request().getParam("token");
        Cookie cookie = rc.request().getCookie(COOKIE);
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim()
                : query != null ? query : cookie != null ? cookie.getValue() : null;
        if (!secret.acceptsBridgeToken(token)) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"procshare\"");
            text(rc, 401, "this cluster is closed: open the URL that `procshare console` prints (it carries the "
                    + "bridge token), or send Authorization: Bearer <the token in DIR/bridge-token>");
            return;
        }
        if (query != null) {
            rc.response().addCookie(Cookie.cookie(COOKIE, token).setHttpOnly(true).setPath("/")
                    .setSameSite(CookieSameSite.STRICT).setSecure(serverOptions.isSsl()));
        }
        rc.next();
    }

    private void onPagesRequest(RoutingContext rc) {
        ConsoleQuery q;
        try {
            q = ConsoleQuery.parse(params(rc.queryParams()));
        } catch (ConsoleQuery.BadQuery e) {
            text(rc, e.status, e.getMessage());
            return;
        }
        cluster().compose(c -> {
            if (!running(c, q.pid())) {
                return Future.failedFuture(new ConsoleQuery.BadQuery(404, "pid " + q.pid()
                        + ": no such process in the cluster (running: " + pids(c) + ")"));
            }
            return pages(q);
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                json(rc, ar.result(), 200);
            } else if (ar.cause() instanceof ConsoleQuery.BadQuery bad) {
                text(rc, bad.status, bad.getMessage());
            } else {
                json(rc, error(ar.cause()), 503);
            }
        });
    }

    private void onEvents(RoutingContext rc) {
        Long pid = null;
        if (rc.queryParams().contains("pid")) {
            try {
                pid = ConsoleQuery.parse(params(rc.queryParams())).pid();
            } catch (ConsoleQuery.BadQuery e) {
                text(rc, e.status, e.getMessage());
                return;
            }
        }
        if (streams.size() >= MAX_STREAMS) {
            text(rc, 503, "this node already serves " + MAX_STREAMS + " consoles; close one or use another node's");
            return;
        }
        HttpServerResponse response = rc.response();
        response.setChunked(true).setWriteQueueMaxSize(WRITE_QUEUE_BYTES)
                .putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-store");
        Stream stream = new Stream(response, pid);
        streams.add(stream);
        response.closeHandler(v -> streams.remove(stream));
        response.exceptionHandler(e -> streams.remove(stream));
        response.write(": procshare console of " + self.name() + "\n\n");
        if (timer == -1) {
            timer = vertx.setPeriodic(0, TICK_MS, t -> tick());
        }
    }

    /** One second of every stream: the cluster to all, each watched process's page map to its watchers. */
    private void tick() {
        if (streams.isEmpty()) {
            vertx.cancelTimer(timer);
            timer = -1;
            return;
        }
        cluster().onComplete(ar -> {
            String data = (ar.succeeded() ? forBrowser(ar.result()) : error(ar.cause())).encode();
            streams.forEach(s -> send(s, "cluster", data));
            if (ar.failed()) {
                return;
            }
            Map<Long, List<Stream>> watched = new LinkedHashMap<>();
            streams.forEach(s -> {
                if (s.pid != null && running(ar.result(), s.pid)) {
                    watched.computeIfAbsent(s.pid, k -> new ArrayList<>()).add(s);
                }
            });
            watched.forEach((pid, list) -> pages(new ConsoleQuery(pid, 0, ConsoleQuery.ALL_PAGES)).onSuccess(map -> {
                String pages = map.put("pidText", Long.toString(pid)).encode();
                list.forEach(s -> send(s, "pages", pages));
            }));
        });
    }

    private void send(Stream s, String event, String data) {
        switch (s.reader.next(s.response.writeQueueFull())) {
            case SEND -> s.response.write("event: " + event + "\ndata: " + data + "\n\n");
            case SKIP -> {
                // the browser is behind: this event is dropped, the next one may go
            }
            case CLOSE -> {
                LOG.info("node {}: a console stream did not read for {} events: closed", self.name(), MAX_SKIPS);
                streams.remove(s);
                s.response.reset();
            }
        }
    }

    // ---- what the console shows -----------------------------------------------------------------

    /** {@code procshare status --json}'s answer, at most one question a second however many browsers. */
    private Future<JsonObject> cluster() {
        if (cluster != null && System.nanoTime() - clusterAtNanos < (TICK_MS - 100) * 1_000_000) {
            return Future.succeededFuture(cluster);
        }
        if (clusterInFlight != null) {
            return clusterInFlight;
        }
        Promise<JsonObject> p = Promise.promise();
        clusterInFlight = p.future();
        vertx.eventBus().<JsonObject>request(Addresses.CLIENT_STATUS, new JsonObject(),
                new DeliveryOptions().setSendTimeout(2 * timeoutMs)).onComplete(ar -> {
                    clusterInFlight = null;
                    if (ar.succeeded()) {
                        cluster = ar.result().body();
                        clusterAtNanos = System.nanoTime();
                        p.complete(cluster);
                    } else {
                        p.fail(ar.cause());
                    }
                });
        return p.future();
    }

    private Future<JsonObject> pages(ConsoleQuery q) {
        JsonObject question = new JsonObject().put("pid", q.pid()).put("from", q.from()).put("count", q.count());
        DeliveryOptions deadline = new DeliveryOptions().setSendTimeout(timeoutMs);
        Map<String, Future<JsonObject>> answers = new LinkedHashMap<>();
        for (ClusterNode n : nodes.get()) {
            answers.put(n.name(), vertx.eventBus().<JsonObject>request(Addresses.of(n.nodeId(), PAGES), question, deadline)
                    .map(Message::body));
        }
        return Future.join(new ArrayList<>(answers.values())).transform(done -> {
            Map<String, JsonObject> merged = new HashMap<>();
            answers.forEach((name, f) -> merged.put(name, f.succeeded() ? f.result() : null));
            return Future.succeededFuture(PageMap.merge(q.pid(), merged));
        });
    }

    /** The cluster with every pid also as text: JavaScript's numbers lose the low bits of a 64-bit pid. */
    static JsonObject forBrowser(JsonObject cluster) {
        JsonObject copy = cluster.copy();
        for (Object o : copy.getJsonArray("processes", new JsonArray())) {
            JsonObject p = (JsonObject) o;
            p.put("pidText", String.valueOf(p.getLong("pid")));
        }
        return copy;
    }

    static boolean running(JsonObject cluster, long pid) {
        for (Object o : cluster.getJsonArray("processes", new JsonArray())) {
            if (o instanceof JsonObject p && Long.valueOf(pid).equals(p.getLong("pid"))) {
                return true;
            }
        }
        return false;
    }

    private static List<Long> pids(JsonObject cluster) {
        List<Long> out = new ArrayList<>();
        for (Object o : cluster.getJsonArray("processes", new JsonArray())) {
            out.add(((JsonObject) o).getLong("pid"));
        }
        return out;
    }

    private static Map<String, List<String>> params(MultiMap query) {
        Map<String, List<String>> out = new HashMap<>();
        for (String name : query.names()) {
            out.put(name, query.getAll(name));
        }
        return out;
    }

    private static JsonObject error(Throwable t) {
        return new JsonObject().put("error", String.valueOf(t.getMessage()));
    }

    private static void json(RoutingContext rc, JsonObject body, int status) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.encode());
    }

    private static void text(RoutingContext rc, int status, String message) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message + "\n");
    }

    private static String contentType(String file) {
        return file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    }

    private static Buffer resource(String path) {
        try (InputStream in = ConsoleVerticle.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the console's " + path + " is missing from the jar");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
