package io.replog.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.replog.wal.SegmentDescriptor;
import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogInspectCommandTest {
    @TempDir
    Path dir;



    private Path writeLog(Path logDir, int entries) throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(logDir,
            new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.NONE))) {
            for (int i = 1; i <= entries; i++) {
                log.append(1 + i / 100, 3, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
        return logDir;
    }

    @Test
    void jsonSummaryOfANodeDirectoryReportsTheLog() throws IOException {
        writeLog(dir.resolve("log"), 1000);
        CliRun run = CliRun.of("log-inspect", dir.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = run.json();
        assertEquals(1, json.get("firstIndex").asLong());
        assertEquals(1000, json.get("lastIndex").asLong());
        assertEquals(11, json.get("lastTerm").asLong());
        assertTrue(json.get("segmentCount").asInt() > 1, run.out());
        assertEquals(json.get("segmentCount").asInt() * 16 * 1024L, json.get("bytes").asLong());
        assertEquals(0, json.get("tornTailBytes").asInt());
        assertEquals(0, json.get("corruptions").size());
    }

    @Test
    void dumpListsTheRequestedEntriesWithAPreview() throws IOException {
        writeLog(dir, 50);
        CliRun run = CliRun.of("log-inspect", dir.toString(), "--dump", "--from", "10", "--to", "12", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode entries = run.json().get("entries");
        assertEquals(3, entries.size());
        assertEquals(10, entries.get(0).get("index").asLong());
        assertEquals(3, entries.get(0).get("type").asInt());
        assertEquals("\"value-10\"", entries.get(0).get("preview").asText());
        assertEquals("value-12".length(), entries.get(2).get("length").asInt());
        assertEquals(SegmentDescriptor.fileName(1), entries.get(0).get("segment").asText());
    }

    @Test
    void verifyFindsAFlippedBitInASealedSegmentAndLeavesTheFileAlone() throws IOException {
        writeLog(dir, 1000);
        Path first = dir.resolve(SegmentDescriptor.fileName(1));
        byte[] before = Files.readAllBytes(first);
        int offset = SegmentDescriptor.HEADER_LENGTH + 3 * 40 + 36; // frames of "value-N" take 40 bytes: inside index 4
        try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x10);
        }
        byte[] damaged = Files.readAllBytes(first);

        CliRun quick = CliRun.of("log-inspect", dir.toString(), "--json");
        assertEquals(0, quick.exitCode(), "without --verify only the last segment is checked: " + quick.out());

        CliRun verify = CliRun.of("log-inspect", dir.toString(), "--verify", "--json");
        assertEquals(1, verify.exitCode(), verify.out());
        JsonNode corruption = verify.json().get("corruptions").get(0);
        assertEquals(4, corruption.get("index").asLong(), verify.out());
        assertEquals(SegmentDescriptor.fileName(1), corruption.get("segment").asText());
        assertEquals(SegmentDescriptor.HEADER_LENGTH + 3 * 40, corruption.get("offset").asLong());
        assertEquals("CRC mismatch", corruption.get("reason").asText());
        assertArrayEquals(damaged, Files.readAllBytes(first), "log-inspect must never modify the log");
        assertTrue(!Arrays.equals(before, damaged));

        CliRun text = CliRun.of("log-inspect", dir.toString(), "--verify");
        assertEquals(1, text.exitCode());
        assertTrue(text.out().contains("is corrupt at offset " + (SegmentDescriptor.HEADER_LENGTH + 3 * 40) +
            " (index 4): CRC mismatch"), text.out());
    }

    @Test
    void aDirectoryThatIsNotALogIsAUsageErrorSayingWhy() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        CliRun foreign = CliRun.of("log-inspect", dir.toString());
        assertEquals(2, foreign.exitCode());
        assertTrue(foreign.err().contains("is not a replog log directory"), foreign.err());
        assertTrue(foreign.err().contains("notes.txt"), foreign.err());

        CliRun missing = CliRun.of("log-inspect", dir.resolve("missing").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("does not exist"), missing.err());

        Files.write(dir.resolve("00000000000000000001.wal"), new byte[8192]);
        CliRun alien = CliRun.of("log-inspect", dir.toString());
        assertEquals(2, alien.exitCode());
        assertTrue(alien.err().contains("not replog segments"), alien.err());

        CliRun usage = CliRun.of("log-inspect", dir.toString(), "--from", "3");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("--from and --to need --dump"), usage.err());
    }
}
