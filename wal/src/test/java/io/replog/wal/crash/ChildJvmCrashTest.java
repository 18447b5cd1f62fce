package io.replog.wal.crash;

import io.replog.wal.Entry;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A child JVM appends under {@link SyncPolicy#ALWAYS} or {@link SyncPolicy#BATCH} and reports its
 * durable index on stdout; it is killed with SIGKILL at a random moment, the log is reopened, and
 * every entry it reported durable must be there and intact, with nothing served past the last valid
 * frame. The same directory is reused across kills, so each child also recovers what the previous one
 * left. Kills: {@code -Dreplog.crash.kills} (6 by default, 300 with {@code -Pcrash-loop}); replay the
 * kill moments with {@code -Dreplog.crash.seed}.
 */
class ChildJvmCrashTest {
    private static final int SEGMENT_BYTES = 256 * 1024;
    /** Entries below the previous check's last index read again whole, in case a kill tore into them. */
    private static final long VERIFY_MARGIN = 10_000;
    /** Entries sampled (seeded) in the prefix the previous checks read whole. */
    private static final int SAMPLED_BELOW = 2_000;

    @TempDir
    Path dir;

    @Test
    void everyEntryReportedDurableSurvivesSigkill() throws Exception {
        int kills = Integer.getInteger("replog.crash.kills", 6);
        long seed = Long.getLong("replog.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path log = dir.resolve("log");
        long recovered = 0;
        for (int kill = 0; kill < kills; kill++) {
            SyncPolicy policy = kill % 2 == 0 ? SyncPolicy.ALWAYS : SyncPolicy.BATCH;
            // Now and then the kill lands while the child is still starting or recovering the last tail.
            boolean duringStartup = random.nextInt(5) == 0;
            long killAfterMs = duringStartup ? random.nextInt(400) : random.nextInt(600);
            String where = "seed " + seed + ", kill " + kill + " of " + kills + " (" + policy + ", " + killAfterMs +
                " ms after " + (duringStartup ? "starting" : "opening") + ")";
            long durable = runAndKill(log, policy, duringStartup, killAfterMs, where);
            // What the last check reopened was forced by that recovery: it must survive this kill too.
            recovered = checkLog(log, Math.max(durable, recovered), recovered, random, where);
        }
        assertTrue(recovered > 0, "the children wrote something; seed " + seed);
    }

    /**
     * Starts a writer and kills it {@code killAfterMs} after it opened the log (or after it started);
     * returns the last durable index it printed, or -1.
     */
    private long runAndKill(Path log, SyncPolicy policy, boolean duringStartup, long killAfterMs, String where)
        throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util.zip=ALL-UNNAMED");
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriter.class.getName());
        command.add(log.toString());
        command.add(policy.name());
        command.add(Integer.toString(SEGMENT_BYTES));
        Path stderr = dir.resolve("child-stderr.txt");
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        AtomicLong durable = new AtomicLong(-1);
        AtomicLong opened = new AtomicLong(-1);
        Thread reader = new Thread(() -> readDurableLines(child, durable, opened), "crash-child-stdout");
        reader.start();
        try {
            if (!duringStartup) {
                long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (opened.get() < 0 && child.isAlive() && System.nanoTime() < deadlineNs) {
                    Thread.sleep(5);
                }
                if (opened.get() < 0) {
                    fail("the child did not open the log: " + Files.readString(stderr) + "; " + where);
                }
            }
            Thread.sleep(killAfterMs);
        } finally {
            child.destroyForcibly();
            child.waitFor(60, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(60));
        }
        String errors = Files.readString(stderr);
        assertFalse(errors.contains("Exception"), "the child failed before it was killed: " + errors + "; " + where);
        return durable.get();
    }

    /** Reads the child's stdout to the end (lines printed before the kill are still in the pipe). */
    private static void readDurableLines(Process child, AtomicLong durable, AtomicLong opened) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("durable ")) {
                    durable.accumulateAndGet(Long.parseLong(line.substring(8)), Math::max);
                } else if (line.startsWith("opened ")) {
                    opened.set(Long.parseLong(line.substring(7)));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // A line cut by the kill: everything complete before it has been counted.
        }
    }

    /**
     * Reopens the log and checks it holds at least {@code reportedDurable}, intact; returns its last index.
     * Every entry after {@code verifiedBefore} (what the previous check read whole, less a margin) is read;
     * below it a seeded sample, so that hundreds of kills of a fast writer do not reread the whole log each
     * time (the log only grows across kills).
     */
    private static long checkLog(Path directory, long reportedDurable, long verifiedBefore, Random random,
                                 String where) throws IOException {
        WalConfig config = new WalConfig().segmentLengthBytes(SEGMENT_BYTES).syncPolicy(SyncPolicy.NONE);
        long lastIndex;
        try (WriteAheadLog log = WriteAheadLog.open(directory, config)) {
            lastIndex = log.lastIndex();
            String state = where + ": durable (reported or recovered before) " + reportedDurable + ", recovered [" +
                log.firstIndex() + ", " + lastIndex + "], torn bytes " + log.recovery().tornBytesTruncated();
            assertTrue(lastIndex >= reportedDurable, "an entry reported durable is missing; " + state);
            assertTrue(log.corruptions().isEmpty(), "a killed writer leaves no corruption: " + log.corruptions() +
                "; " + state);
            Entry entry = new Entry();
            long readFrom = Math.max(1, verifiedBefore - VERIFY_MARGIN);
            for (int i = 0; i < SAMPLED_BELOW && readFrom > 1; i++) {
                checkEntry(log, entry, 1 + (long)(random.nextDouble() * (readFrom - 1)), state);
            }
            for (long index = readFrom; index <= lastIndex; index++) {
                checkEntry(log, entry, index, state);
            }
            assertFalse(log.read(lastIndex + 1, entry), "nothing is served past the last valid frame; " + state);
            // A child killed before its first append leaves an empty log, whose last term is the initial 0.
            assertEquals(lastIndex == 0 ? 0 : CrashEntries.term(lastIndex), log.lastTerm(), state);
            System.out.println(state);
        }
        try (WriteAheadLog log = WriteAheadLog.open(directory, config)) {
            assertEquals(lastIndex, log.lastIndex(), "the repair is stable; " + where);
            assertEquals(0, log.recovery().tornBytesTruncated(), "the torn tail was zeroed on disk; " + where);
        }
        return lastIndex;
    }

    private static void checkEntry(WriteAheadLog log, Entry entry, long index, String state) throws IOException {
        assertTrue(log.read(index, entry), "read " + index + "; " + state);
        assertEquals(index, entry.index(), state);
        assertEquals(CrashEntries.term(index), entry.term(), "term of " + index + "; " + state);
        assertEquals(CrashEntries.type(index), entry.type(), "type of " + index + "; " + state);
        assertArrayEquals(CrashEntries.payload(index), entry.payloadBytes(), "payload of " + index + "; " + state);
    }
}
