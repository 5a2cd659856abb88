package io.procshare.node.console;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.procshare.verticles.exec.ThreadInfo;
import io.procshare.verticles.exec.ThreadState;
import io.procshare.verticles.memory.ProcessMemoryStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-process gauges of one node, tagged {@code pid}: pages it holds of each process open here
 * ({@code procshare.process.pages}, tag {@code state} readOnly or readWrite), the faults it sent for
 * each ({@code procshare.process.faults}), and the live threads of each process homed here
 * ({@code procshare.process.threads}). Replaced whole at every {@link #update}: a process that
 * ended disappears from the scrape.
 */
final class ProcessGauges {

    private final MultiGauge pages;
    private final MultiGauge faults;
    private final MultiGauge threads;

    ProcessGauges(MeterRegistry registry) {
        pages = MultiGauge.builder("procshare.process.pages")
                .description("pages of the process this node holds, by state").register(registry);
        faults = MultiGauge.builder("procshare.process.faults")
                .description("page requests this node sent for the process").register(registry);
        threads = MultiGauge.builder("procshare.process.threads")
                .description("live threads of a process homed on this node").register(registry);
    }

    void update(List<ProcessMemoryStats> memory, List<ThreadInfo> table) {
        List<MultiGauge.Row<?>> pageRows = new ArrayList<>();
        List<MultiGauge.Row<?>> faultRows = new ArrayList<>();
        for (ProcessMemoryStats s : memory) {
            String pid = Long.toString(s.pid());
            pageRows.add(MultiGauge.Row.of(Tags.of("pid", pid, "state", "readOnly"), s.readOnly()));
            pageRows.add(MultiGauge.Row.of(Tags.of("pid", pid, "state", "readWrite"), s.readWrite()));
            faultRows.add(MultiGauge.Row.of(Tags.of("pid", pid), s.faults()));
        }
        Map<Long, Integer> live = new TreeMap<>();
        for (ThreadInfo t : table) {
            live.merge(t.pid(), t.state() == ThreadState.EXITED ? 0 : 1, Integer::sum);
        }
        List<MultiGauge.Row<?>> threadRows = new ArrayList<>();
        live.forEach((pid, n) -> threadRows.add(MultiGauge.Row.of(Tags.of("pid", Long.toString(pid)), n)));
        pages.register(pageRows, true);
        faults.register(faultRows, true);
        threads.register(threadRows, true);
    }
}
