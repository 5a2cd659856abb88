package io.procshare.verticles;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's counters are Micrometer meters over the same counts that status shows. */
class NodeCountersMetersTest {

    @Test
    void when_aNameIsCounted_then_itsCounterMeterReadsTheSameCount() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCounters c = new NodeCounters(registry);
        c.increment("memory.faults");
        c.add("memory.faults", 4);
        FunctionCounter meter = registry.get("procshare.memory.faults").functionCounter();
        assertThat(meter.count()).isEqualTo(5.0);
        c.increment("memory.faults");
        assertThat(meter.count()).isEqualTo((double) c.get("memory.faults"));
    }

    @Test
    void when_aNameIsDeclaredAGauge_then_itsMeterIsAGaugeThatGoesDown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCounters c = new NodeCounters(registry);
        c.gauge("memory.frames");
        c.add("memory.frames", 7);
        c.add("memory.frames", -3);
        Gauge meter = registry.get("procshare.memory.frames").gauge();
        assertThat(meter.value()).isEqualTo(4.0);
        assertThat(c.snapshot()).containsEntry("memory.frames", 4L);
    }

    @Test
    void when_syscallsAreCountedByNumber_then_eachNumberHasItsMeterAndStatusIsUnchanged() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCounters c = new NodeCounters(registry);
        var before = c.snapshot();
        c.countSyscall(56, "openat");
        c.countSyscall(56, "openat");
        c.countSyscall(9999, "bogus");
        assertThat(registry.get(NodeCounters.SYSCALLS_BY_NUMBER).tag("nr", "56").tag("name", "openat").counter().count())
                .isEqualTo(2.0);
        assertThat(registry.get(NodeCounters.SYSCALLS_BY_NUMBER).tag("nr", "other").counter().count()).isEqualTo(1.0);
        assertThat(c.snapshot()).isEqualTo(before);
    }

    @Test
    void when_aLatencyIsRecorded_then_theTimerOfThatNameHasIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCounters c = new NodeCounters(registry);
        Timer t = c.timer("memory.fault.latency", "fault");
        t.record(250_000, TimeUnit.NANOSECONDS);
        assertThat(c.timer("memory.fault.latency", "fault")).isSameAs(t);
        assertThat(registry.get("procshare.memory.fault.latency").timer().count()).isEqualTo(1);
    }
}
