package io.procshare.node.status;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who sees what of {@code procshare.status}: the capabilities a request presents, and the view it gets. */
class StatusScopeTest {

    private static JsonObject body(JsonObject caps) {
        return new JsonObject().put("caps", caps);
    }

    @Test
    void when_aRequestPresentsCapabilities_then_theyAreReadByPid_andBadOnesAreRefusedNamingTheField() {
        assertThat(StatusScope.caps(new JsonObject())).isEmpty();
        assertThat(StatusScope.caps(null)).isEmpty();
        assertThat(StatusScope.caps(body(new JsonObject().put("7", "ab").put("18446744073709551615", "cd"))))
                .containsEntry(7L, "ab").containsEntry(-1L, "cd").hasSize(2);

        JsonObject many = new JsonObject();
        for (int i = 0; i < StatusScope.MAX_CAPS; i++) {
            many.put(Integer.toString(i), "c");
        }
        assertThat(StatusScope.caps(body(many))).hasSize(StatusScope.MAX_CAPS);
        many.put("999999", "c");
        assertThatThrownBy(() -> StatusScope.caps(body(many))).hasMessage("caps: at most 256 entries, was 257");
        assertThatThrownBy(() -> StatusScope.caps(new JsonObject().put("caps", "x"))).hasMessageStartingWith("caps: must be an object");
        assertThatThrownBy(() -> StatusScope.caps(body(new JsonObject().put("-1", "c")))).hasMessageContaining("decimal pid, was '-1'");
        assertThatThrownBy(() -> StatusScope.caps(body(new JsonObject().put("99999999999999999999", "c"))))
                .hasMessageContaining("decimal pid");
        assertThatThrownBy(() -> StatusScope.caps(body(new JsonObject().put("5", 5)))).hasMessageStartingWith("caps.5: must be a capability");
        assertThatThrownBy(() -> StatusScope.caps(body(new JsonObject().put("5", "x".repeat(65)))))
                .hasMessageStartingWith("caps.5:");
        assertThat(StatusScope.request(StatusScope.caps(body(new JsonObject().put("7", "ab")))))
                .isEqualTo(body(new JsonObject().put("7", "ab")));
    }

    @Test
    void when_homesAnswer_then_theOwnedProcessesAreTheOnesTheirHomeVouchedFor() {
        JsonObject c0 = new JsonObject().put("homed", new JsonArray()
                .add(new JsonObject().put("pid", 1L).put("owned", true))
                .add(new JsonObject().put("pid", 2L).put("owned", false)));
        JsonObject c1 = new JsonObject().put("homed", new JsonArray().add(new JsonObject().put("pid", 3L)));
        assertThat(StatusScope.owned(List.of(c0, c1, new JsonObject()))).containsExactly(1L);
    }

    private static JsonObject full() {
        JsonObject detailed = new JsonObject().put("pid", 1L).put("home", "c0").put("task", "mine")
                .put("threadsPerNode", new JsonObject().put("c1", 2)).put("faultsPerSec", 3.0);
        JsonObject other = new JsonObject().put("pid", 2L).put("home", "c1").put("task", "theirs")
                .put("threadsPerNode", new JsonObject().put("c0", 1)).put("missedSyscalls", new JsonObject().put("293", 1));
        JsonObject member = new JsonObject().put("name", "c0").put("counters", new JsonObject().put("memory.faults", 9))
                .put("missedSyscalls", new JsonObject().put("293", 1))
                .put("threads", new JsonArray().add(new JsonObject().put("pid", 1L).put("gtid", 1))
                        .add(new JsonObject().put("pid", 2L).put("gtid", 1)));
        return new JsonObject().put("queriedNode", "c0").put("clusterSize", 1)
                .put("members", new JsonArray().add(member)).put("processes", new JsonArray().add(detailed).add(other));
    }

    @Test
    void when_aBridgeClientAsks_then_itSeesTheDetailsOfItsOwnProcessesOnly_andThePidAndHomeOfTheOthers() {
        JsonObject before = full();
        JsonObject view = StatusScope.view(full(), Set.of(1L), true);
        JsonArray ps = view.getJsonArray("processes");
        assertThat(ps.getJsonObject(0)).isEqualTo(before.getJsonArray("processes").getJsonObject(0));
        assertThat(ps.getJsonObject(1)).isEqualTo(new JsonObject().put("pid", 2L).put("home", "c1").put("withheld", true));
        JsonObject m = view.getJsonArray("members").getJsonObject(0);
        assertThat(m.getJsonArray("threads")).as("another's threads leave the member's table")
                .containsExactly(new JsonObject().put("pid", 1L).put("gtid", 1));
        assertThat(m.getJsonObject("counters")).isEqualTo(new JsonObject().put("memory.faults", 9));
        assertThat(m.getJsonObject("missedSyscalls")).as("member-level").isEqualTo(new JsonObject().put("293", 1));

        assertThat(StatusScope.view(full(), Set.of(), true).getJsonArray("processes"))
                .allSatisfy(p -> assertThat(((JsonObject) p).fieldNames()).containsExactlyInAnyOrder("pid", "home", "withheld"));
    }

    @Test
    void when_aMemberAsks_orTheOperatorAllowsIt_then_everythingIsShown() {
        assertThat(StatusScope.view(full(), Set.of(), false)).isEqualTo(full());
    }
}
