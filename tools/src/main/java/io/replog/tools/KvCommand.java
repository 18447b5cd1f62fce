package io.replog.tools;

import io.replog.examples.client.ClientException;
import io.replog.examples.client.KvClient;
import io.replog.examples.client.KvResponse;
import io.replog.examples.client.ReplyStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code replog kv}: one operation on the example key-value store of a running cluster, through KvClient. */
@Command(name = "kv", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"One operation on the key-value store of a cluster of `replog node`",
        "processes. Finds the leader and retries (with the same request id, so a",
        "write applies once) until --timeout-ms. Gets are linearizable.",
        "",
        "  put K V             set K to V; prints the previous value",
        "  get K               prints the value (if absent: nothing; a note on stderr)",
        "  append K V          appends V to K's value; prints the new value",
        "  delete K            removes K; prints the value it had",
        "  cas K EXPECTED NEW  sets K to NEW if it holds EXPECTED, else exit 1",
        "",
        "Exit 0 done, 1 the cas found another value, 2 bad usage or no leader",
        "reachable within the timeout.",
        ""})
final class KvCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ClusterClientOptions clusterOptions;

    @Option(names = "--json", description = "print one JSON document: op, key, status, value, index")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "OP ARGS", description = "put K V | get K | append K V | delete K | cas K EXPECTED NEW")
    List<String> words;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        String op = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        int expected = switch (op) {
            case "get", "delete" -> 1;
            case "put", "append" -> 2;
            case "cas" -> 3;
            default -> throw new CommandLine.ParameterException(commandLine, "unknown operation '" + words.get(0) +
                "': expected put, get, append, delete or cas");
        };
        if (args.size() != expected) {
            throw new CommandLine.ParameterException(commandLine, op + " takes " + expected + " argument" +
                (expected == 1 ? "" : "s") + ", got " + args.size() + ": " + usageOf(op));
        }
        KvResponse response;
        try (KvClient client = new KvClient(clusterOptions.config(commandLine))) {
            response = switch (op) {
                case "put" -> client.put(args.get(0), args.get(1));
                case "get" -> client.get(args.get(0));
                case "append" -> client.append(args.get(0), args.get(1));
                case "delete" -> client.delete(args.get(0));
                default -> client.cas(args.get(0), args.get(1), args.get(2));
            };
        } catch (ClientException e) {
            throw clusterOptions.unanswered(e);
        }
        report(op, args.get(0), response);
        return response.status() == ReplyStatus.CAS_FAILED ? Replog.FOUND_PROBLEM : Replog.OK;
    }

    private static String usageOf(String op) {
        return switch (op) {
            case "get" -> "get K";
            case "delete" -> "delete K";
            case "put" -> "put K V";
            case "append" -> "append K V";
            default -> "cas K EXPECTED NEW";
        };
    }

    private void report(String op, String key, KvResponse response) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("op", op);
            document.put("key", key);
            document.put("status", response.status().name());
            document.put("value", response.value());
            document.put("index", response.logIndex());
            Json.print(out, document);
            return;
        }
        String value = response.value();
        switch (op) {
            case "get" -> {
                if (value == null) {
                    spec.commandLine().getErr().println("key '" + key + "' is absent (read index " + response.logIndex() + ")");
                    spec.commandLine().getErr().flush();
                } else {
                    out.println(value);
                }
            }
            case "put" -> out.println("OK at index " + response.logIndex() +
                (value == null ? " (no previous value)" : " (previous value: " + value + ")"));
            case "append" -> out.println("OK at index " + response.logIndex() + ": " + value);
            case "delete" -> out.println("OK at index " + response.logIndex() +
                (value == null ? " (was absent)" : " (deleted: " + value + ")"));
            default -> out.println(response.status() == ReplyStatus.OK ? "OK at index " + response.logIndex() + ": " + value :
                "CAS failed: the value is " + (value == null ? "absent" : value));
        }
        out.flush();
    }
}
