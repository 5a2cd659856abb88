package io.procshare.loadgen.suite;

import io.vertx.core.json.JsonObject;

/**
 * The circumstances of one run, for report.md's header and results.json's {@code params}.
 *
 * @param options    what was asked
 * @param transport  the event-bus transport the nodes chose
 * @param loadBefore load average (1, 5, 15 min) before the cluster started
 * @param loadAfter  load average after the last experiment
 * @param clusterMs  time to start the cluster
 * @param wallMs     time of the whole run, cluster start and stop included, outputs excluded
 */
record RunInfo(SuiteOptions options, String transport, String loadBefore, String loadAfter, long clusterMs,
               long wallMs) {

    /** {@code params} of results.json; {@code runs} when table1 or riscv ran, {@code work} when riscv ran. */
    JsonObject toJson() {
        JsonObject pauses = new JsonObject();
        options.experiments().forEach(e -> pauses.put(e.label(), options.of(e).pauseUs()));
        JsonObject params = new JsonObject().put("iterations", options.iterations()).put("warmup", options.warmup())
                .put("threads", options.threads()).put("pause_us", pauses)
                .put("java", Runtime.version().toString()).put("cpus", Runtime.getRuntime().availableProcessors())
                .put("load_before", loadBefore).put("load_after", loadAfter)
                .put("cluster_start_ms", clusterMs).put("wall_ms", wallMs).put("command", options.command());
        if (options.experiments().contains(Experiment.RISCV)) {
            params.put("runs", options.runs()).put("work", options.work());
        } else if (options.experiments().contains(Experiment.TABLE1)) {
            params.put("runs", options.runs());
        }
        return params;
    }
}
