package io.replog.checker;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small hand-made histories, each proving the checker accepts or rejects one thing. */
class LinearizabilityCheckerTest {

    private static Verdict verdict(String model, String history) throws HistoryFormatException {
        return Histories.check(model, history).verdict();
    }

    @Test
    void sequentialWritesAndReadsAreLinearizable() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("register", """
            {"process": 0, "type": "invoke", "f": "read", "value": null}
            {"process": 0, "type": "ok", "f": "read", "value": null}
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 1, "type": "invoke", "f": "read", "value": null}
            {"process": 1, "type": "ok", "f": "read", "value": 1}
            """));
    }

    @Test
    void staleReadIsRejectedAndNamed() throws Exception {
        LinearizabilityResult result = Histories.check("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 0, "type": "invoke", "f": "write", "value": 2}
            {"process": 0, "type": "ok", "f": "write", "value": 2}
            {"process": 1, "type": "invoke", "f": "read", "value": null}
            {"process": 1, "type": "ok", "f": "read", "value": 1}
            """);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        StuckPoint stuck = result.failures().get(0).stuckPoint();
        assertEquals(2, stuck.linearizedPrefix().size());
        assertEquals(2L, stuck.stateAfterPrefix().longValue());
        assertEquals(1, stuck.candidates().size());
        StuckPoint.Candidate read = stuck.candidates().get(0);
        assertEquals(5, read.operation().invokeLine());
        assertFalse(read.possibleInState());
        assertTrue(stuck.describe(5).contains("process 1 read -> 1 (lines 5-6): impossible here: the state is 2"),
            stuck.describe(5));
    }

    @Test
    void lostAcknowledgedWriteIsRejected() throws Exception {
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 1, "type": "invoke", "f": "read", "value": null}
            {"process": 1, "type": "ok", "f": "read", "value": null}
            """));
    }

    @Test
    void casThatSucceededTwiceIsRejected() throws Exception {
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 0}
            {"process": 0, "type": "ok", "f": "write", "value": 0}
            {"process": 1, "type": "invoke", "f": "cas", "value": [0, 1]}
            {"process": 2, "type": "invoke", "f": "cas", "value": [0, 2]}
            {"process": 1, "type": "ok", "f": "cas", "value": [0, 1]}
            {"process": 2, "type": "ok", "f": "cas", "value": [0, 2]}
            """));
    }

    @Test
    void casWhoseSwapIsUndoneByAConcurrentWriteIsLinearizable() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 0}
            {"process": 0, "type": "ok", "f": "write", "value": 0}
            {"process": 1, "type": "invoke", "f": "cas", "value": [0, 1]}
            {"process": 2, "type": "invoke", "f": "cas", "value": [1, 0]}
            {"process": 3, "type": "invoke", "f": "cas", "value": [0, 2]}
            {"process": 1, "type": "ok", "f": "cas", "value": [0, 1]}
            {"process": 2, "type": "ok", "f": "cas", "value": [1, 0]}
            {"process": 3, "type": "ok", "f": "cas", "value": [0, 2]}
            """));
    }

    @Test
    void readOfANeverWrittenValueIsRejected() throws Exception {
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 1, "type": "invoke", "f": "read", "value": null}
            {"process": 1, "type": "ok", "f": "read", "value": 7}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            """));
    }

    private static final String INFO_WRITE = """
        {"process": 0, "type": "invoke", "f": "write", "value": 1}
        {"process": 0, "type": "ok", "f": "write", "value": 1}
        {"process": 1, "type": "invoke", "f": "write", "value": 2}
        {"process": 1, "type": "info", "f": "write", "value": null}
        """;

    @Test
    void infoWriteMayHaveTakenEffect() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("register", INFO_WRITE + """
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 2}
            """));
    }

    @Test
    void infoWriteMayNotHaveTakenEffect() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("register", INFO_WRITE + """
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 1}
            """));
    }

    @Test
    void infoWriteMayTakeEffectLateButNotUnhappen() throws Exception {
        String read1Then2 = """
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 1}
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 2}
            """;
        assertEquals(Verdict.LINEARIZABLE, verdict("register", INFO_WRITE + read1Then2));
        String read2Then1 = read1Then2.replace("\"value\": 1}", "\"value\": 9}").replace("\"value\": 2}", "\"value\": 1}")
            .replace("\"value\": 9}", "\"value\": 2}");
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", INFO_WRITE + read2Then1));
    }

    @Test
    void writeThatNeverCompletedCountsAsInfo() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("register", """
            {"process": 1, "type": "invoke", "f": "write", "value": 2}
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 2}
            """));
    }

    @Test
    void failedWriteTookNoEffect() throws Exception {
        LinearizabilityResult result = Histories.check("register", """
            {"process": 1, "type": "invoke", "f": "write", "value": 2}
            {"process": 1, "type": "fail", "f": "write", "value": 2}
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": 2}
            """);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(1, result.operationCount());
        assertEquals(1, result.failedCount());
    }

    @Test
    void infoCasMayHaveFailedOrSwapped() throws Exception {
        String history = """
            {"process": 0, "type": "invoke", "f": "write", "value": 0}
            {"process": 0, "type": "ok", "f": "write", "value": 0}
            {"process": 1, "type": "invoke", "f": "cas", "value": [0, 5]}
            {"process": 1, "type": "info", "f": "cas", "value": null}
            {"process": 2, "type": "invoke", "f": "read", "value": null}
            {"process": 2, "type": "ok", "f": "read", "value": READ}
            """;
        assertEquals(Verdict.LINEARIZABLE, verdict("register", history.replace("READ", "0")));
        assertEquals(Verdict.LINEARIZABLE, verdict("register", history.replace("READ", "5")));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", history.replace("READ", "6")));
    }

    @Test
    void numbersAreComparedAsJsonValues() throws Exception {
        String history = """
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 1, "type": "invoke", "f": "read", "value": null}
            {"process": 1, "type": "ok", "f": "read", "value": READ}
            """;
        assertEquals(Verdict.LINEARIZABLE, verdict("register", history.replace("READ", "1.0")));
        assertEquals(Verdict.LINEARIZABLE, verdict("register", history.replace("READ", "1e0")));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("register", history.replace("READ", "\"1\"")));
    }

    @Test
    void keysAreCheckedIndependentlyAndOnlyTheBadKeyIsReported() throws Exception {
        LinearizabilityResult result = Histories.check("register", """
            {"process": 0, "type": "invoke", "f": "write", "key": "x", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "key": "x", "value": 1}
            {"process": 0, "type": "invoke", "f": "write", "key": "y", "value": 2}
            {"process": 0, "type": "ok", "f": "write", "key": "y", "value": 2}
            {"process": 1, "type": "invoke", "f": "read", "key": "x", "value": null}
            {"process": 1, "type": "ok", "f": "read", "key": "x", "value": 1}
            {"process": 1, "type": "invoke", "f": "read", "key": "y", "value": null}
            {"process": 1, "type": "ok", "f": "read", "key": "y", "value": 1}
            """);
        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(2, result.keys().size());
        assertEquals(List.of(TextNode.valueOf("y")), result.failures().stream().map(KeyResult::key).toList());
        assertEquals(Verdict.LINEARIZABLE, result.keys().get(0).verdict());
    }

    private static final String KV_APPENDS = """
        {"process": 0, "type": "invoke", "f": "append", "key": "k", "value": "a"}
        {"process": 0, "type": "ok", "f": "append", "key": "k", "value": "a"}
        {"process": 0, "type": "invoke", "f": "append", "key": "k", "value": "b"}
        {"process": 0, "type": "ok", "f": "append", "key": "k", "value": "b"}
        """;

    @Test
    void kvGetSeesAppendsInTheirOrder() throws Exception {
        String get = """
            {"process": 1, "type": "invoke", "f": "get", "key": "k", "value": null}
            {"process": 1, "type": "ok", "f": "get", "key": "k", "value": "READ"}
            """;
        assertEquals(Verdict.LINEARIZABLE, verdict("kv", KV_APPENDS + get.replace("READ", "ab")));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("kv", KV_APPENDS + get.replace("READ", "ba")));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("kv", KV_APPENDS + get.replace("READ", "a")));
    }

    @Test
    void kvConcurrentAppendsMayLandInEitherOrderButTheSameForEveryone() throws Exception {
        String appends = """
            {"process": 0, "type": "invoke", "f": "append", "key": "k", "value": "a"}
            {"process": 1, "type": "invoke", "f": "append", "key": "k", "value": "b"}
            {"process": 0, "type": "ok", "f": "append", "key": "k", "value": "a"}
            {"process": 1, "type": "ok", "f": "append", "key": "k", "value": "b"}
            {"process": 2, "type": "invoke", "f": "get", "key": "k", "value": null}
            {"process": 2, "type": "ok", "f": "get", "key": "k", "value": "FIRST"}
            {"process": 3, "type": "invoke", "f": "get", "key": "k", "value": null}
            {"process": 3, "type": "ok", "f": "get", "key": "k", "value": "SECOND"}
            """;
        assertEquals(Verdict.LINEARIZABLE, verdict("kv", appends.replace("FIRST", "ba").replace("SECOND", "ba")));
        assertEquals(Verdict.NOT_LINEARIZABLE, verdict("kv", appends.replace("FIRST", "ba").replace("SECOND", "ab")));
    }

    @Test
    void kvAbsentKeyReadsEmptyAndPutReplaces() throws Exception {
        assertEquals(Verdict.LINEARIZABLE, verdict("kv", """
            {"process": 0, "type": "invoke", "f": "get", "key": "k", "value": null}
            {"process": 0, "type": "ok", "f": "get", "key": "k", "value": ""}
            {"process": 0, "type": "invoke", "f": "append", "key": "k", "value": "a"}
            {"process": 0, "type": "ok", "f": "append", "key": "k", "value": "a"}
            {"process": 0, "type": "invoke", "f": "put", "key": "k", "value": "z"}
            {"process": 0, "type": "ok", "f": "put", "key": "k", "value": "z"}
            {"process": 0, "type": "invoke", "f": "get", "key": "k", "value": null}
            {"process": 0, "type": "ok", "f": "get", "key": "k", "value": "z"}
            """));
    }

    @Test
    void exhaustedCacheBudgetAnswersUnknown() throws Exception {
        History history = Histories.read("register", INFO_WRITE);
        LinearizabilityResult result = new LinearizabilityChecker(new RegisterModel(),
            new Budget(Duration.ofHours(1), 0)).check(history);
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertNull(result.verdict().asBoolean());
    }

    @Test
    void expiredTimeoutAnswersUnknownForTheKeysLeft() throws Exception {
        StringBuilder history = new StringBuilder();
        for (int i = 0; i < 9000; i++) {
            history.append("{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"key\": ").append(i % 3)
                .append(", \"value\": ").append(i).append("}\n");
            history.append("{\"process\": 0, \"type\": \"ok\", \"f\": \"write\", \"key\": ").append(i % 3)
                .append(", \"value\": ").append(i).append("}\n");
        }
        AtomicLong nowNs = new AtomicLong();
        // Every reading of the clock (at the start, then one per 1024 steps of a key's search, 2 per key
        // here) is 100 ms after the last: the third key runs out of the 500 ms.
        LongSupplier clock = () -> nowNs.addAndGet(100_000_000);
        LinearizabilityResult result = new LinearizabilityChecker(new RegisterModel(),
            Budget.ofTimeout(Duration.ofMillis(500)), 1, clock).check(Histories.read("register", history.toString()));
        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertEquals(3, result.keys().size());
        assertEquals(List.of(Verdict.LINEARIZABLE, Verdict.LINEARIZABLE, Verdict.UNKNOWN),
            result.keys().stream().map(KeyResult::verdict).toList());
        assertEquals(List.of(), result.failures());
    }
}
