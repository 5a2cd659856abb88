package io.procshare.node.litmus;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one litmus test did: {@code {"name":…,"placement":…,"iterations":…,"outcomes":{…},"forbidden":0,"stale":0}}.
 *
 * @param placement where its threads ran, e.g. {@code one-node} or {@code spread:3}
 * @param outcomes  outcome key ({@code r0=0 r1=1}) to how often it was seen
 * @param forbidden how many iterations ended in an outcome sequential consistency forbids, a value
 *                  left over from an earlier iteration included (also counted alone in the JSON's
 *                  {@code stale})
 */
public record LitmusResult(String name, String placement, int iterations, Map<String, Long> outcomes, long forbidden) {

    public LitmusResult {
        outcomes = Map.copyOf(outcomes);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        new TreeMap<>(outcomes).forEach(o::put);
        return new JsonObject().put("name", name).put("placement", placement).put("iterations", iterations)
                .put("outcomes", o).put("forbidden", forbidden).put("stale", LitmusRunner.stale(outcomes));
    }
}
