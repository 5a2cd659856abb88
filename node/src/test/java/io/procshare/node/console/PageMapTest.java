package io.procshare.node.console;

import io.procshare.codecs.PageState;
import io.procshare.verticles.memory.PageView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PageMapTest {

    private static JsonObject answer(List<PageView.Held> held, List<PageView.Hot> hot) {
        return PageMap.toJson(5, new PageView(5, List.of(new long[] {16, 20}), held, hot, 0));
    }

    @Test
    void when_nodesHoldPages_then_eachCellNamesTheWriterAndTheReaders() {
        Map<String, JsonObject> answers = new HashMap<>();
        answers.put("node1", answer(List.of(new PageView.Held(16, PageState.READ_WRITE), new PageView.Held(17, PageState.READ_ONLY)),
                List.of(new PageView.Hot(16, 10, 2, List.of("guest-5-2")))));
        answers.put("node2", answer(List.of(new PageView.Held(17, PageState.READ_ONLY)),
                List.of(new PageView.Hot(16, 3, 4, List.of("guest-5-3")), new PageView.Hot(17, 1, 0, List.of()))));
        answers.put("node3", PageMap.toJson(5, null));
        answers.put("node4", null);

        JsonObject map = PageMap.merge(5, answers);

        assertThat(map.getJsonArray("nodes")).containsExactly("node1", "node2", "node3");
        assertThat(map.getJsonArray("missing")).containsExactly("node4");
        assertThat(map.getJsonArray("mapped")).isEqualTo(new JsonArray().add(new JsonArray().add(16L).add(20L)));
        assertThat(map.getJsonArray("cells")).isEqualTo(new JsonArray()
                .add(new JsonObject().put("p", 16L).put("w", "node1").put("r", new JsonArray()))
                .add(new JsonObject().put("p", 17L).putNull("w").put("r", new JsonArray().add("node1").add("node2"))));
        JsonObject hottest = map.getJsonArray("hot").getJsonObject(0);
        assertThat(hottest.getLong("page")).isEqualTo(16);
        assertThat(hottest.getLong("faults")).isEqualTo(13);
        assertThat(hottest.getLong("invalidations")).isEqualTo(6);
        assertThat(hottest.getJsonArray("threads")).containsExactly("guest-5-2@node1", "guest-5-3@node2");
    }

    @Test
    void when_aNodeHoldsMoreThanTheWireCarries_then_theAnswerIsTruncatedAndSaysSo() {
        List<PageView.Held> many = new java.util.ArrayList<>();
        for (int p = 0; p < PageMap.MAX_HELD + 5; p++) {
            many.add(new PageView.Held(p, PageState.READ_ONLY));
        }
        JsonObject a = answer(many, List.of());
        assertThat(a.getJsonArray("held")).hasSize(PageMap.MAX_HELD);
        assertThat(a.getBoolean("truncated")).isTrue();
        assertThat(PageMap.merge(5, Map.of("node1", a)).getBoolean("truncated")).isTrue();
    }
}
