package io.replog.checker;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeded randomized histories; every assertion message starts with the seed that replays it. */
class RandomizedLinearizabilityTest {
    private static final long NEVER_WRITTEN = 999_999_999L;

    private static LinearizabilityResult check(String model, String history) throws HistoryFormatException {
        return Histories.check(model, history);
    }

    @Test
    void generatedLinearizableRegisterHistoriesAreAccepted() throws Exception {
        for (long seed = 1; seed <= 200; seed++) {
            String history = RandomHistories.toJsonLines(RandomHistories.generate(seed, "register", 2 + (int) (seed % 8), 60, 1, 0.1));
            long replay = seed;
            assertEquals(Verdict.LINEARIZABLE, check("register", history).verdict(), () -> "seed " + replay + "\n" + history);
        }
    }

    @Test
    void generatedRegisterHistoryWithOneImpossibleReadIsRejected() throws Exception {
        for (long seed = 1; seed <= 200; seed++) {
            List<ObjectNode> events = RandomHistories.generate(seed, "register", 2 + (int) (seed % 8), 60, 1, 0.1);
            ObjectNode read = pickOkEvent(events, "read", new Random(seed));
            if (read == null) {
                continue;
            }
            read.put("value", NEVER_WRITTEN);
            String history = RandomHistories.toJsonLines(events);
            long replay = seed;
            LinearizabilityResult result = check("register", history);
            assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict(), () -> "seed " + replay + "\n" + history);
            boolean named = result.failures().get(0).stuckPoint().candidates().stream()
                .anyMatch(c -> c.operation().isKnown() && c.operation().output().asLong() == NEVER_WRITTEN);
            assertTrue(named, () -> "seed " + replay + ": the impossible read is among the operations named\n"
                + result.failures().get(0).stuckPoint().describe(5));
        }
    }

    @Test
    void generatedKvHistoriesAreAcceptedAndAForeignTokenIsRejected() throws Exception {
        for (long seed = 1; seed <= 100; seed++) {
            List<ObjectNode> events = RandomHistories.generate(seed, "kv", 3 + (int) (seed % 10), 120, 3, 0.05);
            long replay = seed;
            String good = RandomHistories.toJsonLines(events);
            assertEquals(Verdict.LINEARIZABLE, check("kv", good).verdict(), () -> "seed " + replay + "\n" + good);
            ObjectNode get = pickOkEvent(events, "get", new Random(seed));
            if (get == null) {
                continue;
            }
            get.put("value", get.get("value").textValue() + "never-appended;");
            String bad = RandomHistories.toJsonLines(events);
            assertEquals(Verdict.NOT_LINEARIZABLE, check("kv", bad).verdict(), () -> "seed " + replay + "\n" + bad);
        }
    }

    @Test
    void keysSearchedOnSeveralThreadsGetTheSameVerdictsAsOnOne() throws Exception {
        for (long seed = 1; seed <= 30; seed++) {
            List<ObjectNode> events = RandomHistories.generate(seed, "kv", 12, 400, 6, 0.05);
            ObjectNode get = pickOkEvent(events, "get", new Random(seed));
            if (get != null && seed % 2 == 0) {
                get.put("value", get.get("value").textValue() + "never-appended;");
            }
            History history = Histories.read("kv", RandomHistories.toJsonLines(events));
            LinearizabilityResult one = new LinearizabilityChecker(new KvModel(), Budget.unlimited(), 1, System::nanoTime)
                .check(history);
            LinearizabilityResult three = new LinearizabilityChecker(new KvModel(), Budget.unlimited(), 3, System::nanoTime)
                .check(history);
            long replay = seed;
            assertEquals(one.keys(), three.keys(), () -> "seed " + replay);
            assertEquals(seed % 2 == 0 && get != null, one.verdict() == Verdict.NOT_LINEARIZABLE, () -> "seed " + replay);
        }
    }

    /** Thousands of operations, dozens of concurrent clients: must finish (no timing asserted). */
    @Test
    void largeHistoriesWithManyClientsAreDecided() throws Exception {
        long seed = 42;
        String register = RandomHistories.toJsonLines(RandomHistories.generate(seed, "register", 20, 2000, 1, 0.02));
        assertEquals(Verdict.LINEARIZABLE, check("register", register).verdict(), "seed " + seed);
        String kv = RandomHistories.toJsonLines(RandomHistories.generate(seed, "kv", 30, 3000, 10, 0.02));
        assertEquals(Verdict.LINEARIZABLE, check("kv", kv).verdict(), "seed " + seed);
        String manyKeys = RandomHistories.toJsonLines(RandomHistories.generate(seed, "kv", 50, 5000, 50, 0.02));
        assertEquals(Verdict.LINEARIZABLE, check("kv", manyKeys).verdict(), "seed " + seed);
    }

    @Test
    void agreesWithTheBruteForceReferenceOnSmallArbitraryHistories() throws Exception {
        int rejected = 0;
        for (long seed = 1; seed <= 3000; seed++) {
            String history = arbitrarySmallHistory(new Random(seed));
            History parsed = Histories.read("register", history);
            boolean expected = BruteForceChecker.linearizable(new RegisterModel(), parsed);
            Verdict verdict = new LinearizabilityChecker(new RegisterModel(), Budget.unlimited()).check(parsed).verdict();
            long replay = seed;
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, verdict,
                () -> "seed " + replay + "\n" + history);
            rejected += expected ? 0 : 1;
        }
        // Both verdicts must be well represented, or the comparison proves little.
        assertTrue(rejected > 300 && rejected < 2700, "rejected " + rejected + " of 3000");
    }

    @Test
    void kvAgreesWithTheBruteForceReferenceOnSmallArbitraryHistories() throws Exception {
        int rejected = 0;
        for (long seed = 1; seed <= 2000; seed++) {
            String history = arbitrarySmallKvHistory(new Random(seed));
            History parsed = Histories.read("kv", history);
            boolean expected = BruteForceChecker.linearizable(new KvModel(), parsed);
            Verdict verdict = new LinearizabilityChecker(new KvModel(), Budget.unlimited()).check(parsed).verdict();
            long replay = seed;
            assertEquals(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE, verdict,
                () -> "seed " + replay + "\n" + history);
            rejected += expected ? 0 : 1;
        }
        assertTrue(rejected > 200 && rejected < 1800, "rejected " + rejected + " of 2000");
    }

    /** Up to 7 appends, puts and gets of one key by 3 processes; gets return one of a few plausible strings. */
    private static String arbitrarySmallKvHistory(Random random) {
        String register = arbitrarySmallHistory(random);
        String[] reads = {"", "a", "b", "ab", "ba", "aa"};
        StringBuilder kv = new StringBuilder();
        for (String line : register.split("\n")) {
            ObjectNode event;
            try {
                event = (ObjectNode) JsonValues.MAPPER.readTree(line);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            event.put("key", "k");
            String f = event.get("f").textValue();
            boolean invoke = event.get("type").textValue().equals("invoke");
            // Map the register's functions onto kv ones, keeping the random shape of the history.
            switch (f) {
                case "read" -> {
                    event.put("f", "get");
                    if (invoke || !event.get("type").textValue().equals("ok")) {
                        event.putNull("value");
                    } else {
                        event.put("value", reads[Math.floorMod(event.path("value").asInt() * 7 + line.length(), reads.length)]);
                    }
                }
                case "write" -> event.put("f", "append").put("value", event.get("value").asInt() == 1 ? "a" : "b");
                default -> event.put("f", "put").put("value", event.get("value").get(1).asInt() == 1 ? "a" : "b");
            }
            kv.append(event).append('\n');
        }
        return kv.toString();
    }

    /** Up to 7 operations by 3 processes over values {1, 2}, reads returning anything: often not linearizable. */
    private static String arbitrarySmallHistory(Random random) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode[] inFlight = new ObjectNode[3];
        int[] processIds = {0, 1, 2};
        int invoked = 0;
        int operationCount = 1 + random.nextInt(7);
        while (invoked < operationCount || random.nextInt(3) > 0) {
            int p = random.nextInt(3);
            if (inFlight[p] == null) {
                if (invoked == operationCount) {
                    break;
                }
                ObjectNode invoke = json.objectNode().put("process", processIds[p]).put("type", "invoke");
                switch (random.nextInt(3)) {
                    case 0 -> invoke.put("f", "read").putNull("value");
                    case 1 -> invoke.put("f", "write").put("value", 1 + random.nextInt(2));
                    default -> invoke.put("f", "cas").putArray("value").add(random.nextInt(3)).add(1 + random.nextInt(2));
                }
                inFlight[p] = invoke;
                events.add(invoke);
                invoked++;
                continue;
            }
            ObjectNode invoke = inFlight[p];
            int roll = random.nextInt(20);
            String type = roll < 15 ? "ok" : roll < 18 ? "info" : "fail";
            ObjectNode completion = json.objectNode().put("process", processIds[p]).put("type", type)
                .put("f", invoke.get("f").textValue());
            if (type.equals("ok") && invoke.get("f").textValue().equals("read")) {
                int read = random.nextInt(3);
                if (read == 0) {
                    completion.putNull("value");
                } else {
                    completion.put("value", read);
                }
            } else {
                completion.set("value", invoke.get("value"));
            }
            if (type.equals("info")) {
                processIds[p] += 3;
            }
            events.add(completion);
            inFlight[p] = null;
        }
        return RandomHistories.toJsonLines(events);
    }

    private static ObjectNode pickOkEvent(List<ObjectNode> events, String f, Random random) {
        List<ObjectNode> candidates = events.stream()
            .filter(e -> e.get("type").textValue().equals("ok") && e.get("f").textValue().equals(f)).toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }
}
