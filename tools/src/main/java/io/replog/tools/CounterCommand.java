package io.replog.tools;

import io.replog.examples.client.ClientException;
import io.replog.examples.client.CounterClient;
import io.replog.examples.pb.Stamp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog counter}: one operation on the stamped counters of a running cluster, through CounterClient. */
@Command(name = "counter", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One operation on the stamped counters of a cluster of",
        "`replog node --service counters` processes. Finds the primary and retries",
        "(with the same request id, so an increment applies once) until --timeout-ms.",
        "",
        "  increment NAME [AMOUNT]  adds AMOUNT (default 1) to the counter",
        "  read NAME                reads it (once the primary confirmed it leads)",
        "",
        "Prints the counter's value, when the primary stamped it (its clock,",
        "ISO-8601) and the random id it drew. A counter never incremented reads 0,",
        "unstamped.",
        "",
        "Exit 0 done, 2 bad usage or no primary reachable within the timeout.",
        ""})
final class CounterCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ClusterClientOptions clusterOptions;

    @Option(names = "--json", description = "print one JSON document: op, name, value, stampedAt, stampedAtMillis, id")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "OP ARGS", description = "increment NAME [AMOUNT] | read NAME")
    List<String> words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        String op = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        switch (op) {
            case "increment" -> {
                if (args.isEmpty() || args.size() > 2) {
                    throw new CommandLine.ParameterException(commandLine, "increment takes a name and an optional " +
                        "amount, got " + args.size() + " arguments: increment NAME [AMOUNT]");
                }
            }
            case "read" -> {
                if (args.size() != 1) {
                    throw new CommandLine.ParameterException(commandLine, "read takes 1 argument, got " + args.size() +
                        ": read NAME");
                }
            }
            default -> throw new CommandLine.ParameterException(commandLine, "unknown operation '" + words.get(0) +
                "': expected increment or read");
        }
        String name = args.get(0);
        long amount = args.size() == 2 ? amount(commandLine, args.get(1)) : 1;
        Stamp stamp;
        try (CounterClient client = new CounterClient(clusterOptions.config(commandLine))) {
            stamp = op.equals("increment") ? client.increment(name, amount) : client.read(name);
        } catch (ClientException e) {
            throw clusterOptions.unanswered(e);
        }
        report(op, name, stamp);
        return Replog.OK;
    }

    private static long amount(CommandLine commandLine, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(commandLine, "the amount '" + text + "' is not a whole number");
        }
    }

    private void report(String op, String name, Stamp stamp) {
        PrintWriter out = spec.commandLine().getOut();
        boolean stamped = stamp.stampedAtMillis() != 0 || stamp.id() != 0;
        String stampedAt = stamped ? Instant.ofEpochMilli(stamp.stampedAtMillis()).toString() : null;
        String id = String.format("%016x", stamp.id());
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("op", op);
            document.put("name", name);
            document.put("value", stamp.value());
            document.put("stampedAt", stampedAt);
            document.put("stampedAtMillis", stamp.stampedAtMillis());
            document.put("id", id);
            Json.print(out, document);
            return;
        }
        out.println(stamped ? name + " = " + stamp.value() + ", stamped " + stampedAt + " by the primary, id " + id :
            name + " = " + stamp.value() + " (never incremented)");
        out.flush();
    }
}
