package io.replog.tools;

import io.replog.checker.Delta;
import io.replog.checker.DeliveryHistory;
import io.replog.checker.DeliveryHistoryReader;
import io.replog.checker.HistoryFormatException;
import io.replog.checker.PrimaryOrderChecker;
import io.replog.checker.PrimaryOrderViolation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog check primary-order FILE}: did the replicas of a primary-backup service keep primary order? */
@Command(name = "primary-order", mixinStandardHelpOptions = true,
    description = {"Check primary order (Zab, DSN 2011) on the deltas that the replicas of a",
        "primary-backup service delivered.",
        "",
        "FILE is JSON Lines, one event per line:",
        "  {\"type\": \"deliver\", \"replica\": \"a\", \"epoch\": 1, \"counter\": 2, \"label\": \"B\"}",
        "  {\"type\": \"commit\", \"epoch\": 1, \"counter\": 2}",
        "deliver: the replica applied delta <epoch,counter> as committed; a replica's",
        "deliver events are in its delivery order; label is optional, for messages.",
        "commit: the delta is committed (e.g. the primary acknowledged it to its",
        "client); the order of commit events does not matter.",
        "",
        "Rules:",
        "  - within an epoch a replica delivers counters 1, 2, 3, ... (counters start",
        "    at 1 in every epoch), without gaps or repeats;",
        "  - the epochs a replica delivers never go back;",
        "  - before the first delta of an epoch, a replica has delivered every",
        "    committed delta of older epochs;",
        "  - of any two replicas, one's delivered sequence is a prefix of the other's;",
        "  - every committed delta is in the longest delivered sequence.",
        "",
        "Exit status: 0 primary order holds, 1 violated (each violation described),",
        "2 usage error or unreadable input (file:line says what is wrong).",
        ""})
final class CheckPrimaryOrderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "deliveries and commits in JSON Lines")
    Path file;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DeliveryHistory history;
        try {
            history = new DeliveryHistoryReader().read(file);
        } catch (HistoryFormatException e) {
            err.println("replog check primary-order: " + e.getMessage());
            return Replog.USAGE;
        } catch (IOException e) {
            err.println("replog check primary-order: cannot read " + file + ": " + e);
            return Replog.USAGE;
        }
        List<PrimaryOrderViolation> violations = new PrimaryOrderChecker().check(history);
        int deliveries = history.deliveries().values().stream().mapToInt(List::size).sum();
        if (json) {
            Json.print(out, document(history, deliveries, violations));
        } else {
            out.printf("%s: primary order %s%n", file, violations.isEmpty() ? "holds" : "VIOLATED");
            out.printf("  %d replicas, %d deliveries, %d committed deltas, %d violations%n",
                history.deliveries().size(), deliveries, history.committed().size(), violations.size());
            for (PrimaryOrderViolation violation : violations) {
                out.printf("  [%s] %s%n", violation.rule(), violation.description());
            }
            out.flush();
        }
        return violations.isEmpty() ? Replog.OK : Replog.FOUND_PROBLEM;
    }

    private Map<String, Object> document(DeliveryHistory history, int deliveries, List<PrimaryOrderViolation> violations) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("file", file.toString());
        document.put("primaryOrder", violations.isEmpty());
        document.put("replicas", history.deliveries().size());
        document.put("deliveries", deliveries);
        document.put("committed", history.committed().size());
        List<Map<String, Object>> items = new ArrayList<>();
        for (PrimaryOrderViolation violation : violations) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("rule", violation.rule().name());
            item.put("replica", violation.replica());
            item.put("position", violation.position() == 0 ? null : violation.position());
            List<Map<String, Long>> deltas = new ArrayList<>();
            for (Delta delta : violation.deltas()) {
                deltas.add(Map.of("epoch", delta.epoch(), "counter", delta.counter()));
            }
            item.put("deltas", deltas);
            item.put("description", violation.description());
            items.add(item);
        }
        document.put("violations", items);
        return document;
    }
}
