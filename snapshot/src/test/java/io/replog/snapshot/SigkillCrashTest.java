package io.replog.snapshot;

import io.replog.wal.Entry;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A child JVM runs {@link SnapshotCrashChild} (append, snapshot, retention, compaction in a loop) and
 * is killed with SIGKILL at random points, then restarted on the same directory. After every kill
 * the directory opens with no gap, and everything the child reported durable is there. The number
 * of kills is {@code -Dreplog.crash.kills} (6 by default, 300 with {@code -Pcrash-loop}).
 */
class SigkillCrashTest {
    private static final long SEED = 0x5EED_0007L;
    private static final long LINE_TIMEOUT_SECONDS = 120;

    /** The last durable facts the child printed. */
    private static final class Reported {
        long appended;
        long snapshot;
        long compacted;
        int lines;

        void record(String line) {
            String[] words = line.split(" ");
            long value = Long.parseLong(words[1]);
            switch (words[0]) {
                case "appended" -> appended = value;
                case "snapshot" -> snapshot = value;
                case "compacted" -> compacted = value;
                default -> {
                }
            }
            lines++;
        }
    }

    @Test
    void killingTheNodeAtRandomPointsOfSnapshottingAndCompactionLeavesNoGap(@TempDir Path directory)
        throws Exception {
        int kills = Integer.getInteger("replog.crash.kills", 6);
        Random random = new Random(SEED);
        Reported total = new Reported();
        int killsMidSnapshot = 0;
        for (int kill = 0; kill < kills; kill++) {
            String context = "seed " + SEED + " kill " + kill;
            Reported reported = runAndKill(directory, 1 + random.nextInt(12), random.nextInt(30), context);
            total.appended = Math.max(total.appended, reported.appended);
            total.snapshot = Math.max(total.snapshot, reported.snapshot);
            killsMidSnapshot += NodeDirectory.of(directory).snapshotStore().temporaryFiles().isEmpty() ? 0 : 1;
            check(NodeDirectory.of(directory), total, context);
        }
        System.out.println(kills + " kills, " + killsMidSnapshot + " of them while a snapshot was being written; " +
            "last durable snapshot " + total.snapshot + ", last durable entry " + total.appended);
        assertTrue(total.snapshot > 0, "the child never completed a snapshot");
    }

    private static Reported runAndKill(Path directory, int linesBeforeKill, int extraDelayMs, String context)
        throws Exception {
        Process child = new ProcessBuilder(javaCommand(directory)).redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread pump = new Thread(() -> pumpLines(child, lines), "child-stdout");
        pump.setDaemon(true);
        pump.start();
        Reported reported = new Reported();
        try {
            String ready = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(ready, "the child did not start: " + context);
            assertTrue(ready.startsWith("ready"), ready);
            while (reported.lines < linesBeforeKill) {
                String line = lines.poll(LINE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(line, "the child went silent (exit " + (child.isAlive() ? "none" : child.exitValue()) +
                    "): " + context);
                reported.record(line);
            }
            Thread.sleep(extraDelayMs);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        pump.join(TimeUnit.SECONDS.toMillis(LINE_TIMEOUT_SECONDS));
        // Lines printed before the kill are facts the child had made durable.
        for (String line : lines) {
            reported.record(line);
        }
        return reported;
    }

    private static void check(NodeDirectory node, Reported reported, String context) throws IOException {
        NodeRecoveryCheck check = NodeRecoveryCheck.run(node, SnapshotCrashChild.config());
        assertFalse(check.hasGap(), context + ": " + check.describe());
        assertEquals(NodeRecoveryCheck.Action.REPLAY_LOG, check.action(), context + ": " + check.describe());
        assertTrue(check.logLastIndex() >= reported.appended, "durable entries lost: " + context + ": " +
            check.describe());
        assertTrue(check.snapshotIndex() >= reported.snapshot, "a durable snapshot was lost: " + context + ": " +
            check.describe());

        SnapshotStore store = node.snapshotStore();
        for (SnapshotListing listing : store.list()) {
            VerifyResult verified = store.verify(listing.fileName());
            assertTrue(verified.valid(), context + ": " + verified);
            assertArrayEquals(TestStates.stateForIndex(listing.name().index(), SnapshotCrashChild.STATE_BYTES),
                TestStates.readAll(store, listing.fileName()), context + ": " + listing.fileName());
        }
        try (WriteAheadLog log = node.openLog(SnapshotCrashChild.config())) {
            Entry entry = new Entry();
            for (long index = log.firstIndex(); index <= log.lastIndex(); index++) {
                assertTrue(log.read(index, entry), "entry " + index + " unreadable: " + context);
                assertEquals(CrashAtEveryStepTest.termOf(index), entry.term(), context);
            }
        }
    }

    private static List<String> javaCommand(Path directory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SnapshotCrashChild.class.getName());
        command.add(directory.toString());
        return command;
    }

    private static void pumpLines(Process child, BlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The child was killed mid-line; what was read before is all it reported.
        }
    }
}
