package io.procshare.node.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who sees what of {@code procshare.status} (issue 15, docs/failures.md "Who may touch a process").
 * Sans-IO: the {@link StatusVerticle} of the queried node and of every home carry it out.
 * <ul>
 *   <li>A bridge client may present the capabilities it holds, {@code {"caps": {"<pid>": "<cap>"}}}
 *       ({@link #caps}: at most {@link #MAX_CAPS} entries, each at most {@link #MAX_CAP_CHARS}
 *       characters; more is refused with a message naming the field).</li>
 *   <li>Each home says, per process homed there, whether the capability presented for it is its own
 *       ({@code owned} in its {@code status.processes} answer; {@link #owned} collects them).</li>
 *   <li>{@link #view}: in a scoped view (a request that came through the bridge, unless the cluster
 *       is open and its operator allows it), a process not owned is listed with its {@code pid} and
 *       {@code home} only and {@code "withheld": true}; its threads leave the members' thread
 *       tables. Member-level data (counters, heap, transport, the node's missed syscalls) stays.
 *       Requests of cluster members on the event bus (the web console) see everything.</li>
 * </ul>
 */
public final class StatusScope {

    /** Capabilities one status request may present. */
    public static final int MAX_CAPS = 256;
    /** The longest capability accepted (they are 32 hex digits). */
    public static final int MAX_CAP_CHARS = 64;
    /** The field of a withheld row. */
    public static final String WITHHELD = "withheld";
    /** The field of a home's {@code homed[]} entry: the capability presented for it is its own. */
    static final String OWNED = "owned";

    private StatusScope() {
    }

    /**
     * The capabilities of a status request's body, by pid: none when the body has no {@code caps}.
     *
     * @throws IllegalArgumentException naming the field, when {@code caps} is not an object of at
     *                                  most {@link #MAX_CAPS} decimal pids to strings of at most
     *                                  {@link #MAX_CAP_CHARS} characters
     */
    public static Map<Long, String> caps(Object body) {
        if (!(body instanceof JsonObject b) || b.getValue("caps") == null) {
            return Map.of();
        }
        if (!(b.getValue("caps") instanceof JsonObject caps)) {
            throw new IllegalArgumentException("caps: must be an object of pid to capability, was " + b.getValue("caps"));
        }
        if (caps.size() > MAX_CAPS) {
            throw new IllegalArgumentException("caps: at most " + MAX_CAPS + " entries, was " + caps.size());
        }
        Map<Long, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : caps) {
            String key = e.getKey();
            long pid;
            try {
                if (key.isEmpty() || key.length() > 20 || !key.chars().allMatch(Character::isDigit)) {
                    throw new NumberFormatException();
                }
                pid = Long.parseUnsignedLong(key);
            } catch (NumberFormatException bad) {
                throw new IllegalArgumentException("caps: a key must be a decimal pid, was '"
                        + key.substring(0, Math.min(key.length(), 24)) + "'");
            }
            if (!(e.getValue() instanceof String cap) || cap.isEmpty() || cap.length() > MAX_CAP_CHARS) {
                throw new IllegalArgumentException("caps." + key + ": must be a capability, a string of 1 to "
                        + MAX_CAP_CHARS + " characters");
            }
            out.put(pid, cap);
        }
        return out;
    }

    /** {@code caps} as the body of a {@code status.processes} request. */
    static JsonObject request(Map<Long, String> caps) {
        JsonObject c = new JsonObject();
        caps.forEach((pid, cap) -> c.put(Long.toUnsignedString(pid), cap));
        return new JsonObject().put("caps", c);
    }

    /** The pids whose home said the presented capability is theirs, over the members' {@code status.processes} answers. */
    static Set<Long> owned(List<JsonObject> answers) {
        Set<Long> out = new HashSet<>();
        for (JsonObject a : answers) {
            for (Object o : a.getJsonArray("homed", new JsonArray())) {
                JsonObject h = (JsonObject) o;
                if (Boolean.TRUE.equals(h.getValue(OWNED))) {
                    out.add(h.getLong("pid"));
                }
            }
        }
        return out;
    }

    /**
     * What the requester sees of the merged status {@code full} ({@code members[]},
     * {@code processes[]}); changes it in place and returns it.
     *
     * @param owned  the processes whose capability the requester presented ({@link #owned})
     * @param scoped true for a bridge client that may not see everything
     */
    static JsonObject view(JsonObject full, Set<Long> owned, boolean scoped) {
        if (!scoped) {
            return full;
        }
        JsonArray rows = new JsonArray();
        for (Object o : full.getJsonArray("processes", new JsonArray())) {
            JsonObject p = (JsonObject) o;
            long pid = p.getLong("pid");
            if (owned.contains(pid)) {
                rows.add(p);
            } else {
                rows.add(new JsonObject().put("pid", pid).put("home", p.getString("home")).put(WITHHELD, true));
            }
        }
        full.put("processes", rows);
        for (Object o : full.getJsonArray("members", new JsonArray())) {
            JsonObject m = (JsonObject) o;
            JsonArray threads = m.getJsonArray("threads");
            if (threads != null) {
                JsonArray mine = new JsonArray();
                for (Object t : threads) {
                    Long pid = ((JsonObject) t).getLong("pid");
                    if (pid != null && owned.contains(pid)) {
                        mine.add(t);
                    }
                }
                m.put("threads", mine);
            }
        }
        return full;
    }
}
