package io.procshare.loadgen.suite;

import io.procshare.loadgen.probe.ExperimentOptions;
import io.procshare.loadgen.probe.LocalCluster;
import io.procshare.loadgen.probe.Progress;
import io.procshare.loadgen.probe.Section;
import io.procshare.loadgen.riscv.RiscvExperiment;
import io.procshare.loadgen.riscv.RiscvReport;
import io.procshare.loadgen.riscv.RiscvRows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The {@code riscv} experiment (issue 12) as the suite runs it: {@link RiscvExperiment} measures,
 * this turns its samples into rows and a section of report.md, and decides its goal.
 */
final class RiscvSection {

    static final String NAME = RiscvExperiment.NAME;

    private RiscvSection() {
    }

    static Section run(LocalCluster cluster, ExperimentOptions options, Progress progress) throws Exception {
        RiscvExperiment.Result result = RiscvExperiment.run(cluster, options, progress);
        List<JsonObject> rows = RiscvRows.rows(result.samples());
        return new Section(NAME, rows, List.of(), List.of(), List.of(), RiscvReport.markdown(rows, result.context()));
    }

    /** Issue 12's goal decided from the run's rows (tagged with their experiment). */
    static Goal goal(JsonArray rows) {
        List<JsonObject> mine = rows.stream().map(JsonObject.class::cast)
                .filter(r -> NAME.equals(r.getString("experiment"))).toList();
        RiscvReport.Goal g = RiscvReport.goal(mine);
        Goal.Verdict v = switch (g.verdict()) {
            case MET -> Goal.Verdict.MET;
            case MISSED -> Goal.Verdict.MISSED;
            case NOT_EVALUATED -> Goal.Verdict.NOT_EVALUATED;
        };
        return new Goal(RiscvReport.GOAL_ID, RiscvReport.GOAL_FORMULA, v, g.numbers());
    }
}
