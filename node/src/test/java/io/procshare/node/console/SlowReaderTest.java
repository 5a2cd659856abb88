package io.procshare.node.console;

import org.junit.jupiter.api.Test;

import static io.procshare.node.console.SlowReader.Action.CLOSE;
import static io.procshare.node.console.SlowReader.Action.SEND;
import static io.procshare.node.console.SlowReader.Action.SKIP;
import static org.assertj.core.api.Assertions.assertThat;

class SlowReaderTest {

    @Test
    void when_theBrowserReads_then_everyEventIsSent() {
        SlowReader r = new SlowReader(3);
        assertThat(r.next(false)).isEqualTo(SEND);
        assertThat(r.next(false)).isEqualTo(SEND);
    }

    @Test
    void when_theQueueStaysFull_then_eventsAreSkippedAndTheStreamIsClosedAfterTheBound() {
        SlowReader r = new SlowReader(3);
        assertThat(r.next(true)).isEqualTo(SKIP);
        assertThat(r.next(true)).isEqualTo(SKIP);
        assertThat(r.next(true)).isEqualTo(SKIP);
        assertThat(r.next(true)).isEqualTo(CLOSE);
    }

    @Test
    void when_theBrowserCatchesUp_then_theSkipsStartOver() {
        SlowReader r = new SlowReader(2);
        r.next(true);
        r.next(true);
        assertThat(r.next(false)).isEqualTo(SEND);
        assertThat(r.next(true)).isEqualTo(SKIP);
        assertThat(r.next(true)).isEqualTo(SKIP);
        assertThat(r.next(true)).isEqualTo(CLOSE);
    }
}
