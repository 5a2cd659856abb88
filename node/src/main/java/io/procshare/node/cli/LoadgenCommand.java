package io.procshare.node.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code procshare loadgen} as {@code procshare --help} lists it. The experiments live in their own
 * jar (loadgen depends on the node), which {@code scripts/procshare loadgen …} runs; this command
 * only says so when the node's jar is asked for it directly.
 */
@Command(name = "loadgen", description = "Latency and throughput experiments (the paper's Table 1 and Figure 9, page "
        + "faults, throughput, baselines): results.json, report.md and plots. Run it as `scripts/procshare loadgen "
        + "EXPERIMENT --local N --out DIR` (its own jar, loadgen/target/procshare-loadgen.jar; loadgen/README.md).")
final class LoadgenCommand implements Callable<Integer> {

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        System.err.println("procshare: loadgen runs from its own jar: scripts/procshare loadgen " + String.join(" ", args)
                + " (build it with `mvn -pl loadgen -am package -DskipTests`)");
        return 2;
    }
}
