package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replog check ...} run in-process: exit codes, text and JSON output. */
class CheckCommandTest {
    private static final String GOOD = """
        {"process": 0, "type": "invoke", "f": "write", "value": 1}
        {"process": 1, "type": "invoke", "f": "read", "value": null}
        {"process": 0, "type": "ok", "f": "write", "value": 1}
        {"process": 1, "type": "ok", "f": "read", "value": 1}
        """;
    private static final String STALE_READ = """
        {"process": 0, "type": "invoke", "f": "write", "value": 1}
        {"process": 0, "type": "ok", "f": "write", "value": 1}
        {"process": 0, "type": "invoke", "f": "write", "value": 2}
        {"process": 0, "type": "ok", "f": "write", "value": 2}
        {"process": 1, "type": "invoke", "f": "read", "value": null}
        {"process": 1, "type": "ok", "f": "read", "value": 1}
        """;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs one command; {@link #out} and {@link #err} then hold its output only. */
    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine commandLine = Replog.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String file(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file.toString();
    }

    private JsonNode json() throws IOException {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void linearizableHistoryExitsZero() throws IOException {
        assertEquals(Replog.OK, run("check", "linearizable", "--model", "register", file("good.jsonl", GOOD)), err.toString());
        assertTrue(out.toString().contains("good.jsonl: linearizable"), out.toString());
    }

    @Test
    void emptyHistoryIsLinearizable() throws IOException {
        assertEquals(Replog.OK, run("check", "linearizable", "--model", "kv", "--json", file("empty.jsonl", "\n")));
        assertEquals(0, json().get("operations").asInt());
        assertEquals(0, json().get("keys").asInt());
        assertTrue(json().get("linearizable").asBoolean());
    }

    @Test
    void staleReadExitsOneAndNamesTheRead() throws IOException {
        assertEquals(Replog.FOUND_PROBLEM, run("check", "linearizable", "--model", "register", file("bad.jsonl", STALE_READ)));
        assertTrue(out.toString().contains("NOT linearizable"), out.toString());
        assertTrue(out.toString().contains("process 1 read -> 1 (lines 5-6): impossible here: the state is 2"), out.toString());
    }

    @Test
    void jsonReportsTheVerdictAndTheOperationsThatCannotBeOrdered() throws IOException {
        assertEquals(Replog.FOUND_PROBLEM,
            run("check", "linearizable", "--model", "register", "--json", file("bad.jsonl", STALE_READ)));
        JsonNode document = json();
        assertTrue(document.get("file").asText().endsWith("bad.jsonl"));
        assertEquals("register", document.get("model").asText());
        assertTrue(document.get("linearizable").isBoolean() && !document.get("linearizable").asBoolean());
        assertEquals(3, document.get("operations").asInt());
        assertEquals(1, document.get("keys").asInt());
        assertTrue(document.get("elapsedMs").isNumber());
        JsonNode failure = document.get("failures").get(0);
        assertTrue(failure.get("key").isNull());
        assertEquals(2, failure.get("linearizedPrefixLength").asInt());
        assertEquals(2, failure.get("stateAfterPrefix").asInt());
        JsonNode read = failure.get("operations").get(0);
        assertEquals("read", read.get("f").asText());
        assertEquals(1, read.get("result").asInt());
        assertEquals(5, read.get("invokeLine").asInt());
        assertEquals(6, read.get("completionLine").asInt());
        assertTrue(!read.get("possibleAfterPrefix").asBoolean());
    }

    @Test
    void kvModelChecksEachKey() throws IOException {
        String history = """
            {"process": 0, "type": "invoke", "f": "append", "key": "x", "value": "a"}
            {"process": 0, "type": "ok", "f": "append", "key": "x", "value": "a"}
            {"process": 0, "type": "invoke", "f": "append", "key": "y", "value": "b"}
            {"process": 0, "type": "ok", "f": "append", "key": "y", "value": "b"}
            {"process": 1, "type": "invoke", "f": "get", "key": "y", "value": null}
            {"process": 1, "type": "ok", "f": "get", "key": "y", "value": "ab"}
            """;
        assertEquals(Replog.FOUND_PROBLEM, run("check", "linearizable", "--model", "kv", "--json", file("kv.jsonl", history)));
        JsonNode document = json();
        assertEquals(2, document.get("keys").asInt());
        assertEquals(1, document.get("failures").size());
        assertEquals("y", document.get("failures").get(0).get("key").asText());
    }

    @Test
    void exhaustedBudgetExitsThreeWithUnknown() throws IOException {
        assertEquals(CheckCommand.UNKNOWN, run("check", "linearizable", "--model", "register", "--json",
            "--max-cache-mb", "0", file("good.jsonl", GOOD)));
        assertTrue(json().get("linearizable").isNull(), out.toString());
        assertEquals(1, json().get("unknownKeys").size());
    }

    @Test
    void unreadableHistoryExitsTwoNamingTheLine() throws IOException {
        String path = file("broken.jsonl", GOOD + "{\"process\": 7, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n");
        assertEquals(Replog.USAGE, run("check", "linearizable", "--model", "register", path));
        assertTrue(err.toString().contains(path + ":5: a ok event for process 7, which has no invoke in progress"),
            err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void functionOfTheWrongModelExitsTwo() throws IOException {
        assertEquals(Replog.USAGE, run("check", "linearizable", "--model", "kv", file("good.jsonl", GOOD)));
        assertTrue(err.toString().contains(":1: \"f\" is \"write\", unknown to the kv model"), err.toString());
    }

    @Test
    void usageErrorsExitTwo() throws IOException {
        String path = file("good.jsonl", GOOD);
        assertEquals(Replog.USAGE, run("check", "linearizable", "--model", "queue", path));
        assertTrue(err.toString().contains("unknown model 'queue'"), err.toString());
        assertEquals(Replog.USAGE, run("check", "linearizable", path));
        assertEquals(Replog.USAGE, run("check", "linearizable", "--model", "register", dir.resolve("missing.jsonl").toString()));
        assertTrue(err.toString().contains("cannot read"), err.toString());
        assertEquals(Replog.USAGE, run("check"));
    }

    @Test
    void helpDocumentsTheFormatsAndExitCodes() {
        assertEquals(Replog.OK, run("check", "linearizable", "--help"));
        assertTrue(out.toString().contains("3  unknown: the timeout or the cache budget ran out"), out.toString());
        assertEquals(Replog.OK, run("check", "primary-order", "--help"));
        assertTrue(out.toString().contains("{\"type\": \"deliver\", \"replica\": \"a\""), out.toString());
    }

    @Test
    void primaryOrderHoldsOrIsViolated() throws IOException {
        String good = """
            {"type": "deliver", "replica": "a", "epoch": 1, "counter": 1}
            {"type": "deliver", "replica": "a", "epoch": 2, "counter": 1}
            {"type": "deliver", "replica": "b", "epoch": 1, "counter": 1}
            {"type": "commit", "epoch": 1, "counter": 1}
            """;
        assertEquals(Replog.OK, run("check", "primary-order", file("good.jsonl", good)));
        assertTrue(out.toString().contains("primary order holds"), out.toString());
        String bad = good + "{\"type\": \"deliver\", \"replica\": \"b\", \"epoch\": 1, \"counter\": 3, \"label\": \"C\"}\n";
        assertEquals(Replog.FOUND_PROBLEM, run("check", "primary-order", "--json", file("bad.jsonl", bad)));
        JsonNode document = json();
        assertTrue(!document.get("primaryOrder").asBoolean());
        JsonNode violation = document.get("violations").get(0);
        assertEquals("CONTIGUOUS_COUNTERS", violation.get("rule").asText());
        assertEquals("b", violation.get("replica").asText());
        assertEquals(2, violation.get("position").asInt());
        assertTrue(violation.get("description").asText().contains("<1,3> \"C\" (line 5)"), violation.toString());
    }

    @Test
    void unreadableDeliveryHistoryExitsTwo() throws IOException {
        assertEquals(Replog.USAGE, run("check", "primary-order", file("d.jsonl", "{\"type\": \"deliver\"}\n")));
        assertTrue(err.toString().contains("d.jsonl:1: \"epoch\" is null"), err.toString());
    }
}
