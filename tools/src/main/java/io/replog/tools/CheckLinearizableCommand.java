package io.replog.tools;

import io.replog.checker.Budget;
import io.replog.checker.History;
import io.replog.checker.HistoryFormatException;
import io.replog.checker.HistoryReader;
import io.replog.checker.LinearizabilityChecker;
import io.replog.checker.LinearizabilityResult;
import io.replog.checker.Model;
import io.replog.checker.Models;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code replog check linearizable --model register|kv FILE}: is a recorded history linearizable? */
@Command(name = "linearizable", mixinStandardHelpOptions = true,
    description = {"Check that a history of client operations is linearizable: a Wing-Gong-Lowe",
        "search per key with a cache of visited states, as porcupine does.",
        "",
        "FILE is JSON Lines, one event per line, Jepsen style:",
        "  {\"process\": 3, \"type\": \"invoke\", \"f\": \"write\", \"key\": \"x\", \"value\": 4}",
        "type: invoke; ok (took effect, value = its result); fail (took no effect);",
        "info (unknown: may or may not have taken effect, e.g. a timeout). An invoke",
        "that never completes counts as info. A process runs one operation at a time.",
        "key is optional (absent = one object). Events of process \"nemesis\" (Jepsen's",
        "fault injector) are skipped.",
        "",
        "Models (one independent object per key; values compared as JSON values):",
        "  register  f = read (ok value: the value read, null if never written),",
        "            write (value), cas (value [expected, new]; ok = it swapped)",
        "  kv        f = get (ok value: the string read; \"\" or null if absent),",
        "            put, append (string values)",
        "",
        "Exit status:",
        "  0  linearizable",
        "  1  not linearizable: the operations that cannot be ordered are named",
        "  2  usage error or unreadable input (file:line says what is wrong)",
        "  3  unknown: the timeout or the cache budget ran out before the search",
        "     decided (--json: \"linearizable\": null)",
        ""})
final class CheckLinearizableCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "history in JSON Lines")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
        description = "register or kv")
    String model;

    @Option(names = "--json", description = "print one JSON document")
    boolean json;

    @Option(names = "--timeout-seconds", paramLabel = "N", defaultValue = "60",
        description = "give up and answer unknown (exit 3) after N seconds of search; 0 = no limit (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--max-cache-mb", paramLabel = "MB",
        description = "give up and answer unknown (exit 3) when the cache of visited states reaches MB megabytes (default: half the heap)")
    Long maxCacheMb;

    @Option(names = "--show", paramLabel = "N", defaultValue = "10",
        description = "operations of the longest linearizable prefix shown per failing key (default: ${DEFAULT-VALUE})")
    int prefixOperationsShown;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Model checked = model();
        Budget budget = budget();
        History history;
        try {
            history = new HistoryReader(checked).read(file);
        } catch (HistoryFormatException e) {
            err.println("replog check linearizable: " + e.getMessage());
            err.println("  fix that line of the history, or check that --model " + model + " is the right model");
            return Replog.USAGE;
        } catch (IOException e) {
            err.println("replog check linearizable: cannot read " + file + ": " + e);
            return Replog.USAGE;
        }
        LinearizabilityResult result = new LinearizabilityChecker(checked, budget).check(history);
        if (json) {
            Json.print(out, CheckLinearizableReport.document(file, result, prefixOperationsShown));
        } else {
            CheckLinearizableReport.print(out, file, result, prefixOperationsShown);
        }
        switch (result.verdict()) {
            case LINEARIZABLE: return Replog.OK;
            case NOT_LINEARIZABLE: return Replog.FOUND_PROBLEM;
            default: return CheckCommand.UNKNOWN;
        }
    }

    private Model model() {
        try {
            return Models.byName(model);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
        }
    }

    private Budget budget() {
        if (timeoutSeconds < 0 || (maxCacheMb != null && maxCacheMb < 0) || prefixOperationsShown < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--timeout-seconds, --max-cache-mb and --show must not be negative");
        }
        Budget defaults = Budget.unlimited();
        Duration timeout = timeoutSeconds == 0 ? defaults.timeout() : Duration.ofSeconds(timeoutSeconds);
        long bytesPerMb = 1024 * 1024;
        long maxCacheBytes = maxCacheMb == null ? defaults.maxCacheBytes()
            : maxCacheMb > Long.MAX_VALUE / bytesPerMb ? Long.MAX_VALUE : maxCacheMb * bytesPerMb;
        return new Budget(timeout, maxCacheBytes);
    }
}
