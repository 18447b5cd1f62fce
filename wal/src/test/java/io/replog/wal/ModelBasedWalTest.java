package io.replog.wal;

import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.sim.SimulatedDisk.CrashMode;
import io.replog.wal.storage.Storage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random sequences of appends, batches, truncations, compactions, resets, reopens and simulated
 * crashes, compared after every step with a plain in-memory list. After a crash the log may hold
 * anything between what it reported durable and everything written, but never a different entry.
 * Every assertion message carries the seed: rerun one with {@code -Dtest=ModelBasedWalTest} and the
 * seed in {@link #seeds()}.
 */
class ModelBasedWalTest {
    private static final int SEGMENT_BYTES = 16 * 1024;
    private static final int MAX_PAYLOAD_BYTES = SEGMENT_BYTES - SegmentDescriptor.HEADER_LENGTH -
        FrameDescriptor.HEADER_LENGTH;

    static LongStream seeds() {
        long first = Long.getLong("replog.model.firstSeed", 1);
        return LongStream.range(first, first + Integer.getInteger("replog.model.seeds", 200));
    }

    /** One entry as the reference remembers it. */
    private record Written(long term, int type, byte[] payload) {
    }

    /** The reference: a first index, the term before it, and a list of entries. */
    private static final class Model {
        long firstIndex = 1;
        long previousTerm;
        final List<Written> entries = new ArrayList<>();
        /** Highest index the log has reported durable (and not truncated since). */
        long durableIndex;

        long lastIndex() {
            return firstIndex + entries.size() - 1;
        }

        long lastTerm() {
            return entries.isEmpty() ? previousTerm : entries.get(entries.size() - 1).term();
        }

        Written at(long index) {
            return entries.get((int)(index - firstIndex));
        }

        void truncateAfter(long index) {
            while (lastIndex() > index) {
                entries.remove(entries.size() - 1);
            }
            durableIndex = Math.min(durableIndex, index);
        }

        void deleteBefore(long newFirstIndex) {
            if (newFirstIndex > firstIndex) {
                previousTerm = at(newFirstIndex - 1).term();
                entries.subList(0, (int)(newFirstIndex - firstIndex)).clear();
                firstIndex = newFirstIndex;
            }
        }
    }

    private final class Run {
        final long seed;
        final Random random;
        final SimulatedDisk disk;
        Storage storage;
        final Model model = new Model();
        final Entry entry = new Entry();
        WriteAheadLog log;
        SyncPolicy policy;
        int step;
        String lastOperation = "open";

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
            this.disk = new SimulatedDisk(new Random(seed * 1_000_003L), 64L << 20);
            this.storage = disk.directory("/log");
        }

        String where() {
            return "seed " + seed + ", step " + step + " (" + lastOperation + ", " + policy + ")";
        }

        WalConfig config() {
            return new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(policy);
        }

        void open() throws IOException {
            policy = SyncPolicy.values()[random.nextInt(SyncPolicy.values().length)];
            // A handle per incarnation: the crashed one's background threads (and its close) must not rename
            // or delete what the next one recovers.
            storage = disk.processDirectory("/log");
            log = WriteAheadLog.open(storage, config());
        }

        byte[] payload() {
            int length = switch (random.nextInt(10)) {
                case 0 -> 0;
                case 1 -> 1000 + random.nextInt(6000);
                case 2 -> MAX_PAYLOAD_BYTES - random.nextInt(64);
                default -> random.nextInt(300);
            };
            byte[] payload = new byte[length];
            if (random.nextInt(5) != 0) {
                random.nextBytes(payload); // otherwise all zeros, like a real preallocated-then-torn region
            }
            return payload;
        }

        long nextTerm() {
            return model.lastTerm() + (random.nextInt(8) == 0 ? 1 + random.nextInt(3) : 0);
        }

        void appendOne() throws IOException {
            long term = nextTerm();
            int type = random.nextInt(4);
            byte[] payload = payload();
            long index = log.append(term, type, payload);
            model.entries.add(new Written(term, type, payload));
            assertEquals(model.lastIndex(), index, where());
            if (policy == SyncPolicy.ALWAYS) {
                assertEquals(index, log.durableIndex(), "ALWAYS makes every append durable before returning; " + where());
            }
        }

        /** Adds entries to a batch; commits it unless the next step is a crash that catches it half done. */
        void batch(boolean commit) throws IOException {
            int count = 1 + random.nextInt(20);
            WriteAheadLog.Batch batch = log.batch();
            for (int i = 0; i < count; i++) {
                long term = nextTerm();
                int type = random.nextInt(4);
                byte[] payload = payload();
                batch.add(term, type, payload);
                model.entries.add(new Written(term, type, payload));
            }
            if (commit) {
                assertEquals(model.lastIndex(), batch.commit(), where());
            }
        }

        void truncateAfter() throws IOException {
            long index = model.firstIndex - 1 + random.nextInt(model.entries.size() + 1);
            lastOperation = "truncateAfter(" + index + ")";
            log.truncateAfter(index);
            model.truncateAfter(index);
        }

        void deleteBefore() throws IOException {
            long index = model.firstIndex + random.nextInt(model.entries.size() + 2);
            lastOperation = "deleteBefore(" + index + ")";
            long oldFirst = model.firstIndex;
            long first = log.deleteBefore(index);
            assertTrue(first >= oldFirst && first <= Math.max(oldFirst, index) && first <= model.lastIndex() + 1,
                "deleteBefore(" + index + ") returned " + first + " for a log [" + oldFirst + ", " +
                    model.lastIndex() + "]; " + where());
            model.deleteBefore(first);
        }

        void reset() throws IOException {
            long nextIndex = Math.max(1, model.lastIndex() + 1 + random.nextInt(200) - 100);
            long previousTerm = model.lastTerm() + random.nextInt(3);
            lastOperation = "reset(" + nextIndex + ", " + previousTerm + ")";
            log.reset(nextIndex, previousTerm);
            model.entries.clear();
            model.firstIndex = nextIndex;
            model.previousTerm = previousTerm;
            model.durableIndex = nextIndex - 1;
        }

        void reopen() throws IOException {
            log.close();
            model.durableIndex = model.lastIndex();
            open();
            assertEquals(0, log.recovery().tornBytesTruncated(), "a clean close leaves no torn tail; " + where());
        }

        void crash() throws IOException {
            CrashMode mode = CrashMode.values()[random.nextInt(CrashMode.values().length)];
            lastOperation = "crash " + mode;
            long reportedDurable = log.durableIndex();
            assertTrue(reportedDurable <= model.lastIndex(), "durable index " + reportedDurable +
                " is past the last index " + model.lastIndex() + "; " + where());
            long mustSurvive = Math.max(model.durableIndex, reportedDurable);
            disk.crash(mode);
            // The crashed instance points at dead images; closing it only stops its syncer thread.
            try {
                log.close();
            } catch (IOException | RuntimeException ignored) {
                // A crashed process does not get to close cleanly.
            }
            open();
            long recoveredLast = log.lastIndex();
            assertEquals(model.firstIndex, log.firstIndex(), "first index after a crash; " + where());
            assertTrue(recoveredLast >= mustSurvive, "entries up to the durable index " + mustSurvive +
                " must survive a crash, but the log ends at " + recoveredLast + "; " + where());
            assertTrue(recoveredLast <= model.lastIndex(), "the log invented entries: it ends at " + recoveredLast +
                " but only " + model.lastIndex() + " were written; " + where());
            assertTrue(log.corruptions().isEmpty(), "a crash without bit flips is never corruption: " +
                log.corruptions() + "; " + where());
            model.truncateAfter(recoveredLast);
            model.durableIndex = recoveredLast;
            assertEquals(recoveredLast, log.durableIndex(), "recovery forces what it keeps; " + where());
        }

        void checkAgainstModel(boolean everyEntry) throws IOException {
            assertEquals(model.firstIndex, log.firstIndex(), "firstIndex; " + where());
            assertEquals(model.lastIndex(), log.lastIndex(), "lastIndex; " + where());
            assertEquals(model.lastTerm(), log.lastTerm(), "lastTerm; " + where());
            assertEquals(model.previousTerm, log.termAt(model.firstIndex - 1), "termAt(firstIndex - 1); " + where());
            assertTrue(log.durableIndex() <= log.lastIndex(), "durable index " + log.durableIndex() +
                " past last index " + log.lastIndex() + "; " + where());
            assertFalse(log.read(model.lastIndex() + 1, entry), "read past the end; " + where());
            checkSegments();
            assertFalse(log.read(model.firstIndex - 1, entry), "read before the start; " + where());
            if (model.entries.isEmpty()) {
                return;
            }
            if (everyEntry) {
                for (long index = model.firstIndex; index <= model.lastIndex(); index++) {
                    checkEntry(index);
                }
            } else {
                for (int i = 0; i < 3; i++) {
                    checkEntry(model.firstIndex + random.nextInt(model.entries.size()));
                }
                checkEntry(model.lastIndex());
            }
        }

        /** Segments are contiguous, only the last is open, and together they hold exactly the log. */
        void checkSegments() {
            List<SegmentInfo> segments = log.segments();
            String where = segments + "; " + where();
            assertEquals(model.firstIndex, segments.get(0).firstIndex(), where);
            assertEquals(model.lastIndex(), segments.get(segments.size() - 1).lastIndex(), where);
            for (int i = 0; i < segments.size(); i++) {
                SegmentInfo segment = segments.get(i);
                assertEquals(i < segments.size() - 1, segment.sealed(), where);
                assertEquals(SegmentDescriptor.fileName(segment.firstIndex()), segment.name(), where);
                if (i > 0) {
                    assertEquals(segments.get(i - 1).lastIndex() + 1, segment.firstIndex(), "contiguous; " + where);
                }
                if (segment.sealed()) {
                    assertTrue(segment.lastIndex() >= segment.firstIndex(), "only the open segment may be empty; " +
                        where);
                }
            }
        }

        void checkEntry(long index) throws IOException {
            Written expected = model.at(index);
            assertTrue(log.read(index, entry), "read(" + index + "); " + where());
            assertEquals(index, entry.index(), where());
            assertEquals(expected.term(), entry.term(), "term of " + index + "; " + where());
            assertEquals(expected.term(), log.termAt(index), "termAt(" + index + "); " + where());
            assertEquals(expected.type(), entry.type(), "type of " + index + "; " + where());
            byte[] actual = entry.payloadBytes();
            if (!Arrays.equals(expected.payload(), actual)) {
                fail("payload of " + index + " differs (" + expected.payload().length + " bytes written, " +
                    actual.length + " read); " + where());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void logMatchesAPlainListThroughCrashesAndTruncations(long seed) throws IOException {
        Run run = new Run(seed);
        run.open();
        int steps = 40 + run.random.nextInt(80);
        try {
            for (run.step = 0; run.step < steps; run.step++) {
                int dice = run.random.nextInt(100);
                run.lastOperation = "append";
                if (dice < 40) {
                    run.appendOne();
                } else if (dice < 52) {
                    run.lastOperation = "batch";
                    run.batch(true);
                } else if (dice < 58) {
                    run.lastOperation = "uncommitted batch, then crash";
                    run.batch(false);
                    run.crash();
                } else if (dice < 66) {
                    run.truncateAfter();
                } else if (dice < 71) {
                    run.deleteBefore();
                } else if (dice < 73) {
                    run.reset();
                } else if (dice < 78) {
                    run.lastOperation = "reopen";
                    run.reopen();
                } else if (dice < 90) {
                    run.crash();
                } else {
                    run.lastOperation = "sync";
                    long durable = run.log.sync();
                    assertEquals(run.model.lastIndex(), durable, "sync() makes everything durable; " + run.where());
                    run.model.durableIndex = durable;
                }
                run.checkAgainstModel(run.step % 10 == 0 || run.lastOperation.startsWith("crash") ||
                    run.lastOperation.startsWith("reopen"));
            }
            run.reopen();
            run.checkAgainstModel(true);
        } catch (AssertionError | IOException | RuntimeException e) {
            throw new AssertionError("model test failed; replay with seed " + seed + " (" + run.where() + "): " + e, e);
        } finally {
            run.log.close();
        }
    }
}
