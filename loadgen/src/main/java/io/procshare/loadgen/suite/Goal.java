package io.procshare.loadgen.suite;

import io.vertx.core.json.JsonObject;

/**
 * One goal of issue 6 as this run decided it.
 *
 * @param id      short name, e.g. {@code forwarding-overhead}
 * @param formula what is compared, e.g. {@code (C − B) close p50 <= 1.2 × event-bus 16 B p50}
 * @param verdict met, missed, or not evaluated (its rows are not in this run)
 * @param numbers this run's numbers behind the verdict, or why it was not evaluated
 */
public record Goal(String id, String formula, Verdict verdict, String numbers) {

    /** The outcome of a goal. */
    public enum Verdict {
        MET("met"), MISSED("missed"), NOT_EVALUATED("not evaluated");

        private final String text;

        Verdict(String text) {
            this.text = text;
        }

        /** {@code met}, {@code missed} or {@code not evaluated}, as report.md and results.json say it. */
        public String text() {
            return text;
        }

        static Verdict of(boolean met) {
            return met ? MET : MISSED;
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("formula", formula).put("verdict", verdict.text())
                .put("numbers", numbers);
    }

    /** A bullet of report.md's Goals section. */
    public String markdown() {
        return "- **" + verdict.text() + "** — " + formula + ": " + numbers + "\n";
    }
}
