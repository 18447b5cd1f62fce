package io.replog.replication.sim;

import java.util.List;

/** The runs of one `replog simulate` invocation. */
public record SimulationReport(List<RunResult> runs) {
    public long violations() {
        long total = 0;
        for (RunResult run : runs) {
            total += run.violations().size();
        }
        return total;
    }

    /** {@code {"runs": [...], "violations": N}}, the document `replog simulate --json` prints. */
    public String toJson() {
        StringBuilder json = new StringBuilder("{\"runs\":[");
        for (int i = 0; i < runs.size(); i++) {
            json.append(i == 0 ? "" : ",").append(runs.get(i).toJson());
        }
        return json.append("],\"violations\":").append(violations()).append('}').toString();
    }
}
