package io.replog.wal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opening something that is not a log, a missing directory, or a log that is already open. */
class LogDirectoryTest {
    @TempDir
    Path dir;

    private static WalConfig config() {
        return new WalConfig().segmentLengthBytes(16 * 1024).syncPolicy(SyncPolicy.NONE);
    }

    @Test
    void aDirectoryWithOtherFilesAndNoSegmentsIsNotALog() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a log");
        Files.writeString(dir.resolve("raft-state"), "x");
        IOException e = assertThrows(IOException.class, () -> WriteAheadLog.open(dir, config()));
        assertTrue(e.getMessage().contains("is not a replog log directory"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath().normalize().toString()), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "nothing was created in someone else's directory (not even a lock file)");
        }
    }

    @Test
    void aMissingDirectoryIsNotCreatedWhenCreateIfMissingIsOff() {
        Path missing = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
            () -> WriteAheadLog.open(missing, config().createIfMissing(false)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void aMissingDirectoryIsCreatedByDefault() throws IOException {
        Path missing = dir.resolve("a/b");
        try (WriteAheadLog log = WriteAheadLog.open(missing, config())) {
            assertEquals(1, log.append(1, 0, new byte[] {1}));
        }
        assertTrue(Files.exists(missing.resolve(SegmentDescriptor.fileName(1))));
    }

    @Test
    void aSecondOpenOfAnOpenLogFailsAndTheFirstKeepsWorking() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config())) {
            log.append(1, 0, new byte[] {1});
            IOException e = assertThrows(IOException.class, () -> WriteAheadLog.open(dir, config()));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(2, log.append(1, 0, new byte[] {2}));
        }
        try (WriteAheadLog log = WriteAheadLog.open(dir, config())) {
            assertEquals(2, log.lastIndex(), "the lock is released on close");
        }
    }

    @Test
    void leftoverHalfCreatedSegmentsAreRemovedOnOpen() throws IOException {
        try (WriteAheadLog log = WriteAheadLog.open(dir, config())) {
            log.append(1, 0, new byte[] {1});
        }
        Path temp = dir.resolve(String.format("%020d", 2) + SegmentDescriptor.TEMP_SUFFIX);
        Files.write(temp, new byte[100]);
        try (WriteAheadLog log = WriteAheadLog.open(dir, config())) {
            assertEquals(1, log.lastIndex());
            assertEquals(1, log.recovery().tempFilesRemoved().size());
            assertFalse(Files.exists(temp));
        }
    }
}
