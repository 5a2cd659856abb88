package io.procshare.node.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code processes[]} of {@code procshare status}: merges the members' answers of
 * {@code procshare.<nodeId>.status.processes} into one row per process, and computes its rates
 * against the previous merge. Sans-IO and not thread-safe: the {@link StatusVerticle} of the
 * queried node owns one, on its context.
 *
 * <p>A member's answer is {@code {node, nodeId, homed: [...], memory: [...]}} ({@link StatusVerticle}
 * documents the fields). A process is listed when its home answered (its {@code homed} entry is
 * the source of its identity, threads and syscalls); every answering member where it is open adds
 * its pages and faults. Each row:
 * <pre>
 * pid, home, task, placement, state ("running" | "exited"), startedAt, uptimeMs,
 * threads: [{gtid, parent, node, nodeId, state}], liveThreads, threadsPerNode: {name: live threads},
 * pagesPerNode: {name: {readOnly, readWrite}}, faults, faultsPerNode: {name: faults},
 * forwardedSyscalls, directSyscalls, faultsPerSec, syscallsPerSec,
 * missedSyscalls: {number: count} (calls the syscall table lacks, -ENOSYS, summed over the nodes)
 * </pre>
 *
 * <p>Rates: {@code faultsPerSec} and {@code syscallsPerSec} (forwarded syscalls) over the interval
 * since the previous merge that listed the process (the previous {@code procshare.status} query
 * of this node, by any client), else since the process started. A node whose previous count is
 * unknown (it did not answer last time) contributes its faults since the start instead.
 */
final class ProcessTable {

    /** What the previous merge saw of one process. */
    private record Sample(long atNanos, Map<String, Long> faultsByNode, Set<String> answered, long forwarded) {
    }

    private final Map<Long, Sample> samples = new HashMap<>();

    /** Processes whose rates are measured against an earlier merge (for tests). */
    int sampled() {
        return samples.size();
    }

    /**
     * Merges the answers of the members that answered this time.
     *
     * @param answers  {@code status.processes} answers, one per answering member
     * @param nowNanos this merge's time on a monotonic clock ({@link System#nanoTime()})
     * @return the rows, by pid
     */
    JsonArray merge(List<JsonObject> answers, long nowNanos) {
        Set<String> answered = new HashSet<>();
        TreeMap<Long, JsonObject> homed = new TreeMap<>();
        Map<Long, Map<Integer, Long>> missed = new HashMap<>();
        Map<Long, Map<String, JsonObject>> memory = new HashMap<>();
        for (JsonObject a : answers) {
            for (Object o : a.getJsonArray("missed", new JsonArray())) {
                JsonObject m = (JsonObject) o;
                Map<Integer, Long> sum = missed.computeIfAbsent(m.getLong("pid"), k -> new TreeMap<>());
                m.getJsonObject("counts", new JsonObject()).forEach(c ->
                        sum.merge(Integer.parseInt(c.getKey()), ((Number) c.getValue()).longValue(), Long::sum));
            }
            String node = a.getString("node");
            answered.add(node);
            for (Object o : a.getJsonArray("homed", new JsonArray())) {
                JsonObject h = (JsonObject) o;
                homed.put(h.getLong("pid"), h);
            }
            for (Object o : a.getJsonArray("memory", new JsonArray())) {
                JsonObject m = (JsonObject) o;
                memory.computeIfAbsent(m.getLong("pid"), k -> new TreeMap<>()).put(node, m);
            }
        }

        JsonArray rows = new JsonArray();
        Map<Long, Sample> next = new HashMap<>();
        for (Map.Entry<Long, JsonObject> e : homed.entrySet()) {
            long pid = e.getKey();
            JsonObject h = e.getValue();
            long uptimeMs = Math.max(1, h.getLong("uptimeMs", 0L));
            JsonArray threads = h.getJsonArray("threads", new JsonArray());

            TreeMap<String, Integer> threadsPerNode = new TreeMap<>();
            int live = 0;
            for (Object o : threads) {
                JsonObject t = (JsonObject) o;
                if (!"EXITED".equals(t.getString("state"))) {
                    threadsPerNode.merge(t.getString("node"), 1, Integer::sum);
                    live++;
                }
            }

            JsonObject pagesPerNode = new JsonObject();
            JsonObject faultsPerNode = new JsonObject();
            Map<String, Long> faultsByNode = new TreeMap<>();
            long faults = 0;
            for (Map.Entry<String, JsonObject> m : memory.getOrDefault(pid, Map.of()).entrySet()) {
                JsonObject s = m.getValue();
                pagesPerNode.put(m.getKey(), new JsonObject()
                        .put("readOnly", s.getInteger("readOnly", 0))
                        .put("readWrite", s.getInteger("readWrite", 0)));
                long f = s.getLong("faults", 0L);
                faultsPerNode.put(m.getKey(), f);
                faultsByNode.put(m.getKey(), f);
                faults += f;
            }
            long forwarded = h.getLong("forwardedSyscalls", 0L);

            Sample before = samples.get(pid);
            double faultsPerSec = 0;
            double syscallsPerSec;
            if (before == null) {
                faultsPerSec = perSecond(faults, uptimeMs);
                syscallsPerSec = perSecond(forwarded, uptimeMs);
            } else {
                double intervalMs = Math.max(1, (nowNanos - before.atNanos()) / 1_000_000.0);
                for (Map.Entry<String, Long> f : faultsByNode.entrySet()) {
                    Long was = before.faultsByNode().get(f.getKey());
                    if (was == null && before.answered().contains(f.getKey())) {
                        was = 0L; // it answered last time without the process: opened there since
                    }
                    faultsPerSec += was == null
                            ? perSecond(f.getValue(), uptimeMs)
                            : perSecond(Math.max(0, f.getValue() - was), intervalMs);
                }
                syscallsPerSec = perSecond(Math.max(0, forwarded - before.forwarded()), intervalMs);
            }
            next.put(pid, new Sample(nowNanos, faultsByNode, answered, forwarded));

            rows.add(new JsonObject()
                    .put("pid", pid)
                    .put("home", h.getString("home"))
                    .put("task", h.getString("task", ""))
                    .put("placement", h.getString("placement", ""))
                    .put("state", h.getString("state"))
                    .put("startedAt", h.getLong("startedAt"))
                    .put("uptimeMs", h.getLong("uptimeMs", 0L))
                    .put("threads", threads)
                    .put("liveThreads", live)
                    .put("threadsPerNode", counts(threadsPerNode))
                    .put("pagesPerNode", pagesPerNode)
                    .put("faults", faults)
                    .put("faultsPerNode", faultsPerNode)
                    .put("forwardedSyscalls", forwarded)
                    .put("directSyscalls", h.getLong("directSyscalls", 0L))
                    .put("faultsPerSec", round(faultsPerSec))
                    .put("syscallsPerSec", round(syscallsPerSec))
                    .put("missedSyscalls", StatusVerticle.counts(missed.getOrDefault(pid, Map.of()))));
        }
        samples.clear();
        samples.putAll(next);
        return rows;
    }

    private static JsonObject counts(Map<String, Integer> byNode) {
        JsonObject out = new JsonObject();
        byNode.forEach(out::put);
        return out;
    }

    private static double perSecond(double count, double ms) {
        return count * 1000.0 / ms;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
