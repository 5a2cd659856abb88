package io.procshare.node.console;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleQueryTest {

    @Test
    void when_onlyAPidIsGiven_then_theWholeAddressSpaceIsAsked() {
        assertThat(ConsoleQuery.parse(Map.of("pid", List.of("42"))))
                .isEqualTo(new ConsoleQuery(42, 0, ConsoleQuery.ALL_PAGES));
    }

    @Test
    void when_aRangeIsGivenInHex_then_itIsRead() {
        assertThat(ConsoleQuery.parse(Map.of("pid", List.of("42"), "from", List.of("0x100"), "count", List.of("16"))))
                .isEqualTo(new ConsoleQuery(42, 256, 16));
    }

    @Test
    void when_thePidIsMalformed_then_400NamesIt() {
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of("pid", List.of("12ab"))))
                .isInstanceOfSatisfying(ConsoleQuery.BadQuery.class, e -> assertThat(e.status).isEqualTo(400))
                .hasMessage("pid: '12ab' is not a number");
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of())).hasMessage("pid: missing");
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of("pid", List.of("1", "2")))).hasMessage("pid: given 2 times");
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of("pid", List.of("-5")))).hasMessageContaining("is not in 1..");
    }

    @Test
    void when_theRangeIsHuge_then_400SaysHowMuchIsAllowed() {
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of("pid", List.of("1"), "count", List.of("1000000"))))
                .isInstanceOfSatisfying(ConsoleQuery.BadQuery.class, e -> assertThat(e.status).isEqualTo(400))
                .hasMessageContaining("count: 1000000 pages is more than 65536");
        assertThatThrownBy(() -> ConsoleQuery.parse(Map.of("pid", List.of("1"), "from", List.of("x".repeat(5000)))))
                .hasMessageContaining("from: 'xxxxxxxxxxxxxxxxxxxxxxxx…' is not a number");
    }
}
