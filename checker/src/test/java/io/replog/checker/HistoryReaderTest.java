package io.replog.checker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryReaderTest {
    private static final String WRITE_INVOKE = "{\"process\": 0, \"type\": \"invoke\", \"f\": \"write\", \"value\": 1}\n";

    private static HistoryFormatException unreadable(String model, String history) {
        return assertThrows(HistoryFormatException.class, () -> Histories.read(model, history));
    }

    private static void assertMessage(HistoryFormatException e, long line, String fragment) {
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("inline.jsonl:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void pairsInvokesWithCompletionsPerProcessAndDropsFailures() throws Exception {
        History history = Histories.read("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": "1", "type": "invoke", "f": "cas", "value": [1, 2]}

            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 1, "type": "fail", "f": "cas", "value": [1, 2]}
            {"process": 2, "type": "invoke", "f": "read"}
            {"process": 2, "type": "ok", "f": "read", "value": 1}
            {"process": 3, "type": "invoke", "f": "write", "value": 3}
            """);
        assertEquals(3, history.operations().size());
        assertEquals(1, history.failedCount());
        Operation write = history.operations().get(0);
        assertEquals(1, write.invokeLine());
        assertEquals(4, write.completionLine());
        Operation read = history.operations().get(1);
        assertEquals("read", read.f());
        assertEquals(1L, read.output().longValue());
        assertTrue(read.input().isNull());
        Operation pending = history.operations().get(2);
        assertNull(pending.output());
        assertEquals("pending", pending.status());
        assertEquals(Long.MAX_VALUE, pending.returnTime());
        assertNull(pending.key());
    }

    @Test
    void nemesisEventsAreSkipped() throws Exception {
        History history = Histories.read("register", """
            {"process": "nemesis", "type": "info", "f": "start", "value": "partition"}
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": "nemesis", "type": "info", "f": "start", "value": ["n1", "n2"]}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            """);
        assertEquals(1, history.operations().size());
        assertEquals(2, history.operations().get(0).invokeLine());
    }

    @Test
    void badJsonNamesTheLine() {
        assertMessage(unreadable("register", WRITE_INVOKE + "{\"process\": 0, \"type\": \n"), 2, "not valid JSON");
    }

    @Test
    void aLineThatIsNotAnObjectIsRejected() {
        assertMessage(unreadable("register", "[1, 2]\n"), 1, "not a JSON object");
    }

    @Test
    void completionWithoutInvokeIsRejected() {
        assertMessage(unreadable("register", WRITE_INVOKE + "{\"process\": 1, \"type\": \"ok\", \"f\": \"write\", \"value\": 1}\n"),
            2, "process 1, which has no invoke in progress");
    }

    @Test
    void unknownTypeIsRejected() {
        assertMessage(unreadable("register", "{\"process\": 0, \"type\": \"done\", \"f\": \"write\", \"value\": 1}\n"),
            1, "\"type\" is \"done\"; expected \"invoke\", \"ok\", \"fail\" or \"info\"");
    }

    @Test
    void unknownFunctionForTheModelIsRejected() {
        assertMessage(unreadable("register", "{\"process\": 0, \"type\": \"invoke\", \"f\": \"append\", \"value\": \"x\"}\n"),
            1, "unknown to the register model; expected one of [read, write, cas]");
        assertMessage(unreadable("kv", "{\"process\": 0, \"type\": \"invoke\", \"f\": \"read\", \"key\": \"k\"}\n"),
            1, "unknown to the kv model");
    }

    @Test
    void missingProcessIsRejected() {
        assertMessage(unreadable("register", "{\"type\": \"invoke\", \"f\": \"read\"}\n"), 1, "\"process\" is missing");
    }

    @Test
    void secondInvokeOfABusyProcessIsRejected() {
        assertMessage(unreadable("register", WRITE_INVOKE + WRITE_INVOKE), 2,
            "process 0 invokes write while its write from line 1 has not completed");
    }

    @Test
    void completionOfAnotherFunctionIsRejected() {
        assertMessage(unreadable("register", WRITE_INVOKE + "{\"process\": 0, \"type\": \"ok\", \"f\": \"read\", \"value\": 1}\n"),
            2, "completes read but invoked write at line 1");
    }

    @Test
    void completionOnAnotherKeyIsRejected() {
        assertMessage(unreadable("register", """
            {"process": 0, "type": "invoke", "f": "read", "key": "a"}
            {"process": 0, "type": "ok", "f": "read", "key": "b", "value": 1}
            """), 2, "on key \"b\" but invoked it on key \"a\"");
    }

    @Test
    void casNeedsAPair() {
        assertMessage(unreadable("register", "{\"process\": 0, \"type\": \"invoke\", \"f\": \"cas\", \"value\": 3}\n"),
            1, "a cas needs the value [expected, new], found 3");
    }

    @Test
    void kvValuesAreStrings() {
        assertMessage(unreadable("kv", "{\"process\": 0, \"type\": \"invoke\", \"f\": \"put\", \"key\": \"k\", \"value\": 3}\n"),
            1, "a put needs a string value, found 3");
        assertMessage(unreadable("kv", """
            {"process": 0, "type": "invoke", "f": "get", "key": "k"}
            {"process": 0, "type": "ok", "f": "get", "key": "k", "value": [1]}
            """), 2, "a get returns a string");
    }

    @Test
    void keysAreCanonicalSoOneAndOnePointZeroAreTheSameKey() throws Exception {
        History history = Histories.read("register", """
            {"process": 0, "type": "invoke", "f": "write", "key": 1, "value": 1}
            {"process": 0, "type": "ok", "f": "write", "key": 1.0, "value": 1}
            {"process": 1, "type": "invoke", "f": "write", "key": "1", "value": 1}
            """);
        assertEquals(2, history.byKey().size());
    }
}
