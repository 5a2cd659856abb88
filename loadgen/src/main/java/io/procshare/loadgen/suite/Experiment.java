package io.procshare.loadgen.suite;

import io.procshare.loadgen.baseline.BaselineExperiment;
import io.procshare.loadgen.fault.PageFaultExperiment;
import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.procshare.loadgen.riscv.RiscvExperiment;
import io.procshare.loadgen.table1.Table1Experiment;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The experiments of {@code procshare loadgen} (DESIGN §9, issue 6; {@code riscv}, issue 12), in the
 * order {@code all} runs them: the baseline first, so that the others are compared with a machine
 * measured just before.
 */
public enum Experiment {

    BASELINE(BaselineExperiment.NAME, BaselineExperiment.MIN_NODES, BaselineExperiment.DEFAULT_PAUSE_US) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return BaselineExperiment.run(cluster, options, progress);
        }
    },
    TABLE1(Table1Experiment.NAME, Table1Experiment.MIN_NODES, Table1Experiment.DEFAULT_PAUSE_US) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return Table1Experiment.run(cluster, options, progress);
        }
    },
    READ_SIZE(ReadSizeSection.NAME, 2, Table1Experiment.DEFAULT_PAUSE_US) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return ReadSizeSection.run(cluster, options, progress);
        }
    },
    PAGE_FAULT(PageFaultExperiment.NAME, PageFaultExperiment.MIN_NODES, PageFaultExperiment.DEFAULT_PAUSE_US) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return PageFaultExperiment.run(cluster, options, progress);
        }
    },
    THROUGHPUT(ThroughputSection.NAME, 2, 0) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return ThroughputSection.run(cluster, options, progress);
        }
    },
    /** riscv64 binaries on our engine against qemu; not part of {@code all} (it needs a cross compiler). */
    RISCV(RiscvSection.NAME, RiscvExperiment.MIN_NODES, 0) {
        @Override
        Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
            return RiscvSection.run(cluster, options, progress);
        }
    };

    private final String label;
    private final int minNodes;
    private final long defaultPauseUs;

    Experiment(String label, int minNodes, long defaultPauseUs) {
        this.label = label;
        this.minNodes = minNodes;
        this.defaultPauseUs = defaultPauseUs;
    }

    /** The name on the command line and in results.json, e.g. {@code page-fault}. */
    public String label() {
        return label;
    }

    /** Nodes the experiment needs at least (some rows may need more; they are then skipped). */
    public int minNodes() {
        return minNodes;
    }

    /** Idle time before every timed operation unless {@code --pause-us} is given. */
    public long defaultPauseUs() {
        return defaultPauseUs;
    }

    /** Measures on {@code cluster}; writes nothing (the suite writes the outputs). */
    abstract Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception;

    /**
     * The experiments a command-line name stands for: one, or for {@code all} every one of issue 6
     * ({@code riscv}, which needs a cross compiler and qemu, runs only when named).
     */
    public static List<Experiment> named(String name) {
        if (name.equals("all")) {
            return Arrays.stream(values()).filter(e -> e != RISCV).toList();
        }
        return Arrays.stream(values()).filter(e -> e.label.equals(name)).findFirst().map(List::of)
                .orElseThrow(() -> new IllegalArgumentException("unknown experiment '" + name + "'; one of "
                        + names()));
    }

    /** {@code table1, read-size, page-fault, throughput, baseline, riscv, all}: the issues' order, as the usage says. */
    public static String names() {
        return String.join(", ", Stream.of(TABLE1, READ_SIZE, PAGE_FAULT, THROUGHPUT, BASELINE, RISCV)
                .map(Experiment::label).toList()) + ", all";
    }
}
