package io.replog.tools;

import io.replog.replication.sim.RunResult;
import io.replog.replication.sim.Simulation;
import io.replog.replication.sim.SimulationConfig;
import io.replog.replication.sim.SimulationReport;
import io.replog.replication.sim.Violation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog simulate}: the deterministic cluster simulator over the real Raft core and WAL. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Runs the real Raft core and write-ahead log in a deterministic simulation of a cluster: a",
        "network that drops, duplicates, delays and partitions; crashes that lose unsynced writes; snapshots and",
        "compaction; a client with many proposals in flight. Every invariant is checked after every step. The",
        "same seed replays the same run (same traceHash). Exit 1 on any violation, printing its seed and trace."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--seed", paramLabel = "S", description = "run this one seed")
    Long seed;

    @Option(names = "--seeds", paramLabel = "N", description = "run N seeds, from --first-seed")
    Integer seeds;

    @Option(names = "--first-seed", paramLabel = "S", defaultValue = "1", description = "first of --seeds (default: ${DEFAULT-VALUE})")
    long firstSeed;

    @Option(names = "--nodes", paramLabel = "3|5", defaultValue = "3", description = "cluster size (default: ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--steps", paramLabel = "K", defaultValue = "20000", description = "events per run (default: ${DEFAULT-VALUE})")
    long steps;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        if (seed != null && seeds != null) {
            throw new CommandLine.ParameterException(commandLine, "give --seed S or --seeds N [--first-seed S], not both");
        }
        if (nodes != 3 && nodes != 5) {
            throw new CommandLine.ParameterException(commandLine, "--nodes must be 3 or 5, not " + nodes);
        }
        if (steps < 1 || (seeds != null && seeds < 1)) {
            throw new CommandLine.ParameterException(commandLine, "--steps and --seeds must be positive");
        }
        long first = seed != null ? seed : firstSeed;
        int count = seed != null ? 1 : seeds == null ? 1 : seeds;
        SimulationReport report = Simulation.runSeeds(SimulationConfig.defaults(first, nodes, steps), first, count);
        PrintWriter out = commandLine.getOut();
        if (json) {
            Json.print(out, document(report));
        } else {
            out.print(report.describe());
            out.flush();
        }
        return report.violations() == 0 ? Replog.OK : Replog.FOUND_PROBLEM;
    }

    static Map<String, Object> document(SimulationReport report) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (RunResult run : report.runs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("seed", run.seed());
            item.put("steps", run.steps());
            item.put("simulatedMs", run.simulatedMs());
            item.put("proposals", run.proposals());
            item.put("commits", run.commits());
            item.put("delivered", run.delivered());
            item.put("leaderChanges", run.leaderChanges());
            item.put("snapshotsInstalled", run.snapshotsInstalled());
            item.put("readsServed", run.readsServed());
            item.put("faults", run.faults());
            item.put("traceHash", run.traceHashHex());
            List<Map<String, Object>> violations = new ArrayList<>();
            for (Violation violation : run.violations()) {
                Map<String, Object> described = new LinkedHashMap<>();
                described.put("invariant", violation.invariant());
                described.put("step", violation.step());
                described.put("timeMs", violation.timeMs());
                described.put("detail", violation.detail());
                described.put("trace", violation.trace());
                violations.add(described);
            }
            item.put("violations", violations);
            item.put("stepsPerSecond", Math.round(run.stepsPerSecond()));
            item.put("simulatedSecondsPerWallSecond", Math.round(run.simulatedSecondsPerWallSecond()));
            runs.add(item);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("runs", runs);
        document.put("violations", report.violations());
        return document;
    }
}
