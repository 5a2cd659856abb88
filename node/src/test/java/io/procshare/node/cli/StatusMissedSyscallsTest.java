package io.procshare.node.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain {@code procshare status} names the syscalls a process missed (issue 12 step 3). */
class StatusMissedSyscallsTest {

    @Test
    void when_aProcessMissedSyscalls_then_thePlainStatusListsThemByNumberWithNameAndCount() {
        JsonObject row = new JsonObject().put("pid", 7L).put("home", "n1").put("task", "hello").put("state", "running")
                .put("missedSyscalls", new JsonObject().put("293", 3L).put("435", 1L).put("300", 2L));
        assertThat(StatusCommand.processes(new JsonArray().add(row)))
                .contains("\n  missed syscalls: 293 rseq ×3, 300 syscall_300 ×2, 435 clone3 ×1\n");
        assertThat(StatusCommand.processes(new JsonArray().add(row.copy().put("missedSyscalls", new JsonObject()))))
                .doesNotContain("missed");
    }
}
