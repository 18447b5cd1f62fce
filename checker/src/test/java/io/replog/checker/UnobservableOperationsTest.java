package io.replog.checker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which timed-out operations the models let the search leave out, and that leaving them out changes no verdict. */
class UnobservableOperationsTest {

    private static List<Operation> operations(String model, String history) throws HistoryFormatException {
        return Histories.read(model, history).operations();
    }

    @Test
    void registerWriteNobodyReadsOrExpectsIsUnobservable() throws Exception {
        List<Operation> ops = operations("register", """
            {"process": 0, "type": "invoke", "f": "write", "value": 9}
            {"process": 1, "type": "invoke", "f": "write", "value": 8}
            {"process": 2, "type": "invoke", "f": "cas", "value": [1, 7]}
            {"process": 3, "type": "invoke", "f": "read"}
            {"process": 3, "type": "ok", "f": "read", "value": 8}
            {"process": 4, "type": "invoke", "f": "cas", "value": [7, 3]}
            """);
        RegisterModel model = new RegisterModel();
        assertTrue(model.isUnobservable(ops.get(0), ops), "nobody reads or expects 9");
        assertFalse(model.isUnobservable(ops.get(1), ops), "a read returned 8");
        assertFalse(model.isUnobservable(ops.get(2), ops), "a cas expects 7");
        assertTrue(model.isUnobservable(ops.get(4), ops), "nobody reads or expects 3");
    }

    @Test
    void kvAppendOrPutNobodyReadsIsUnobservable() throws Exception {
        List<Operation> ops = operations("kv", """
            {"process": 0, "type": "invoke", "f": "append", "key": "k", "value": "x;"}
            {"process": 1, "type": "invoke", "f": "append", "key": "k", "value": "y;"}
            {"process": 2, "type": "invoke", "f": "put", "key": "k", "value": "p;"}
            {"process": 3, "type": "invoke", "f": "put", "key": "k", "value": "y;"}
            {"process": 4, "type": "invoke", "f": "get", "key": "k"}
            {"process": 4, "type": "ok", "f": "get", "key": "k", "value": "y;x"}
            """);
        KvModel model = new KvModel();
        assertTrue(model.isUnobservable(ops.get(0), ops), "no get contains x;");
        assertFalse(model.isUnobservable(ops.get(1), ops), "a get contains y;");
        assertTrue(model.isUnobservable(ops.get(2), ops), "no get starts with p;");
        assertFalse(model.isUnobservable(ops.get(3), ops), "a get starts with y;");
    }

    @Test
    void manyUnreadTimedOutWritesDoNotHideAStaleRead() throws Exception {
        StringBuilder history = new StringBuilder("""
            {"process": 0, "type": "invoke", "f": "write", "value": 1}
            {"process": 0, "type": "ok", "f": "write", "value": 1}
            {"process": 0, "type": "invoke", "f": "write", "value": 2}
            {"process": 0, "type": "ok", "f": "write", "value": 2}
            """);
        for (int i = 0; i < 40; i++) {
            history.append("{\"process\": ").append(100 + i).append(", \"type\": \"invoke\", \"f\": \"write\", \"value\": ")
                .append(1000 + i).append("}\n");
        }
        String staleRead = """
            {"process": 1, "type": "invoke", "f": "read"}
            {"process": 1, "type": "ok", "f": "read", "value": 1}
            """;
        assertEquals(Verdict.NOT_LINEARIZABLE, Histories.check("register", history + staleRead).verdict());
        String freshRead = staleRead.replace("\"value\": 1}", "\"value\": 2}");
        assertEquals(Verdict.LINEARIZABLE, Histories.check("register", history + freshRead).verdict());
        String readOfATimedOutWrite = staleRead.replace("\"value\": 1}", "\"value\": 1017}");
        assertEquals(Verdict.LINEARIZABLE, Histories.check("register", history + readOfATimedOutWrite).verdict());
    }
}
