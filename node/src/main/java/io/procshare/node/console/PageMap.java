package io.procshare.node.console;

import io.procshare.codecs.PageState;
import io.procshare.verticles.memory.PageView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The page-ownership map of one process: each node's {@link PageView} as JSON between nodes, and
 * the merge of every node's answer into what the browser draws. Sans-IO.
 *
 * <p>A node's answer: {@code {pid, open, mapped: [[startPage, endPage]], held: [[page, state]],
 * truncated, hot: [{page, faults, invalidations, threads}], untracked}}; {@code open} false when
 * the process is not open there. At most {@value #MAX_HELD} held pages per node go on the wire.
 *
 * <p>The merge: {@code {pid, nodes: [names that answered], missing: [names that did not], mapped,
 * cells: [{p: page, w: the node holding it READ_WRITE or null, r: [nodes holding it READ_ONLY]}],
 * truncated, hot: [{page, faults, invalidations, threads: ["thread@node"]}]}}, cells by page.
 */
final class PageMap {

    static final int MAX_HELD = 8192;
    static final int HOT = 10;

    private PageMap() {
    }

    /** One node's answer for the wire. {@code view} null: not open here. */
    static JsonObject toJson(long pid, PageView view) {
        if (view == null) {
            return new JsonObject().put("pid", pid).put("open", false);
        }
        JsonArray mapped = new JsonArray();
        view.mapped().forEach(r -> mapped.add(new JsonArray().add(r[0]).add(r[1])));
        JsonArray held = new JsonArray();
        int n = 0;
        for (PageView.Held h : view.held()) {
            if (n++ == MAX_HELD) {
                break;
            }
            held.add(new JsonArray().add(h.page()).add(h.state()));
        }
        JsonArray hot = new JsonArray();
        for (PageView.Hot h : view.hot()) {
            hot.add(new JsonObject().put("page", h.page()).put("faults", h.faults())
                    .put("invalidations", h.invalidations()).put("threads", new JsonArray(new ArrayList<>(h.threads()))));
        }
        return new JsonObject().put("pid", pid).put("open", true).put("mapped", mapped).put("held", held)
                .put("truncated", view.held().size() > MAX_HELD).put("hot", hot).put("untracked", view.untracked());
    }

    /**
     * Merges the answers.
     *
     * @param answers node name to its answer; null for a node that did not answer in time
     */
    static JsonObject merge(long pid, Map<String, JsonObject> answers) {
        JsonArray nodes = new JsonArray();
        JsonArray missing = new JsonArray();
        JsonArray mapped = new JsonArray();
        TreeMap<Long, JsonObject> cells = new TreeMap<>();
        Map<Long, long[]> heat = new TreeMap<>();
        Map<Long, List<String>> threads = new TreeMap<>();
        boolean truncated = false;
        for (Map.Entry<String, JsonObject> e : new TreeMap<>(answers).entrySet()) {
            String node = e.getKey();
            JsonObject a = e.getValue();
            if (a == null) {
                missing.add(node);
                continue;
            }
            nodes.add(node);
            if (!a.getBoolean("open", false)) {
                continue;
            }
            if (mapped.isEmpty() || a.getBoolean("home", false)) {
                mapped = a.getJsonArray("mapped", new JsonArray()).copy();
            }
            truncated |= a.getBoolean("truncated", false);
            for (Object o : a.getJsonArray("held", new JsonArray())) {
                JsonArray h = (JsonArray) o;
                long page = h.getLong(0);
                JsonObject cell = cells.computeIfAbsent(page, p -> new JsonObject().put("p", p).putNull("w")
                        .put("r", new JsonArray()));
                if (h.getInteger(1) == PageState.READ_WRITE) {
                    cell.put("w", node);
                } else {
                    cell.getJsonArray("r").add(node);
                }
            }
            for (Object o : a.getJsonArray("hot", new JsonArray())) {
                JsonObject h = (JsonObject) o;
                long page = h.getLong("page");
                long[] sum = heat.computeIfAbsent(page, p -> new long[2]);
                sum[0] += h.getLong("faults", 0L);
                sum[1] += h.getLong("invalidations", 0L);
                List<String> names = threads.computeIfAbsent(page, p -> new ArrayList<>());
                for (Object t : h.getJsonArray("threads", new JsonArray())) {
                    names.add(t + "@" + node);
                }
            }
        }
        JsonArray hot = new JsonArray();
        heat.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Long, long[]> x) -> -(x.getValue()[0] + x.getValue()[1]))
                        .thenComparingLong(Map.Entry::getKey))
                .limit(HOT)
                .forEach(x -> hot.add(new JsonObject().put("page", x.getKey()).put("faults", x.getValue()[0])
                        .put("invalidations", x.getValue()[1])
                        .put("threads", new JsonArray(new ArrayList<>(threads.get(x.getKey()))))));
        return new JsonObject().put("pid", pid).put("nodes", nodes).put("missing", missing).put("mapped", mapped)
                .put("cells", new JsonArray(new ArrayList<>(cells.values()))).put("truncated", truncated).put("hot", hot);
    }
}
