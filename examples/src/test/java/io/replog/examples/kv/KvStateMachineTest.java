package io.replog.examples.kv;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KvStateMachineTest {
    private long index;

    private KvResult apply(KvStateMachine machine, KvCommand command) {
        byte[] bytes = command.encode();
        return KvResult.decode(machine.apply(++index, new UnsafeBuffer(bytes), 0, bytes.length));
    }

    @Test
    void operationsAnswerWithTheValuesTheyDocument() {
        KvStateMachine kv = new KvStateMachine();
        assertEquals(new KvResult(KvResult.Status.OK, null), apply(kv, KvCommand.get("x")));
        assertEquals(new KvResult(KvResult.Status.OK, null), apply(kv, KvCommand.put("x", "1")));
        assertEquals(new KvResult(KvResult.Status.OK, "1"), apply(kv, KvCommand.put("x", "2")));
        assertEquals(new KvResult(KvResult.Status.OK, "2ab"), apply(kv, KvCommand.append("x", "ab")));
        assertEquals(new KvResult(KvResult.Status.OK, "b"), apply(kv, KvCommand.append("y", "b")));
        assertEquals(new KvResult(KvResult.Status.CAS_FAILED, "2ab"), apply(kv, KvCommand.cas("x", "2", "3")));
        assertEquals(new KvResult(KvResult.Status.OK, "3"), apply(kv, KvCommand.cas("x", "2ab", "3")));
        assertEquals(new KvResult(KvResult.Status.OK, "new"), apply(kv, KvCommand.cas("z", null, "new")));
        assertEquals(new KvResult(KvResult.Status.CAS_FAILED, "new"), apply(kv, KvCommand.cas("z", null, "again")));
        assertEquals(new KvResult(KvResult.Status.OK, "3"), apply(kv, KvCommand.delete("x")));
        assertNull(kv.get("x"));
        assertEquals(index, kv.lastAppliedIndex());
    }

    @Test
    void aRetriedCommandIsAppliedOnceAndAnsweredTheSame() {
        KvStateMachine kv = new KvStateMachine();
        KvCommand append = KvCommand.append("k", "x").session(7, 1);
        KvResult first = apply(kv, append);
        KvResult retry = apply(kv, append);
        assertEquals(first, retry);
        assertEquals("x", kv.get("k"), "the retry must not append twice");
        apply(kv, KvCommand.append("k", "y").session(7, 2));
        assertEquals(KvResult.Status.STALE_REQUEST, apply(kv, append).status());
        assertEquals("xy", kv.get("k"));
        apply(kv, KvCommand.append("k", "z").session(8, 1));
        assertEquals("xyz", kv.get("k"), "sessions are per client");
    }

    @Test
    void garbageIsAnsweredAsMalformedAndChangesNothing() {
        KvStateMachine kv = new KvStateMachine();
        byte[] garbage = {1, 2, 3};
        assertEquals(KvResult.Status.MALFORMED,
            KvResult.decode(kv.apply(1, new UnsafeBuffer(garbage), 0, garbage.length)).status());
        byte[] lying = KvCommand.put("k", "v").encode();
        new UnsafeBuffer(lying).putInt(KvCommand.KEY_LENGTH_OFFSET, 1000);
        assertEquals(KvResult.Status.MALFORMED,
            KvResult.decode(kv.apply(2, new UnsafeBuffer(lying), 0, lying.length)).status());
        assertEquals(0, kv.size());
        assertThrows(IllegalArgumentException.class, () -> KvCommand.decode(new UnsafeBuffer(garbage), 0, 3));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 1234})
    void snapshotRestoresTheSameStateAndIsUnaffectedByLaterApplies(long seed) throws IOException {
        Random random = new Random(seed);
        KvStateMachine kv = new KvStateMachine();
        Map<String, String> model = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            String key = "k" + random.nextInt(50);
            String value = "v" + random.nextInt(1000);
            switch (random.nextInt(4)) {
                case 0 -> {
                    apply(kv, KvCommand.put(key, value).session(1 + random.nextInt(5), i + 1));
                    model.put(key, value);
                }
                case 1 -> {
                    apply(kv, KvCommand.append(key, value));
                    model.merge(key, value, String::concat);
                }
                case 2 -> {
                    apply(kv, KvCommand.delete(key));
                    model.remove(key);
                }
                default -> assertEquals(model.get(key), apply(kv, KvCommand.get(key)).value(), "seed " + seed);
            }
        }
        var view = kv.snapshot();
        apply(kv, KvCommand.put("after", "snapshot"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        view.writeTo(bytes);

        KvStateMachine restored = new KvStateMachine();
        restored.restore(new ByteArrayInputStream(bytes.toByteArray()));
        assertNull(restored.get("after"), "the view was taken before the last put (seed " + seed + ")");
        assertEquals(model.size(), restored.size(), "seed " + seed);
        model.forEach((key, value) -> assertEquals(value, restored.get(key), "seed " + seed + " key " + key));
        assertEquals(index - 1, restored.lastAppliedIndex());

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        restored.snapshot().writeTo(again);
        assertArrayEquals(bytes.toByteArray(), again.toByteArray(), "snapshot bytes must be deterministic");
    }
}
