package io.replog.wal.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file preallocated in chunks by several threads at once comes out whole, zero and mapped. */
class PreallocationTest {
    @TempDir
    Path dir;

    @Test
    void chunksWrittenByFourThreadsMakeOneWholeZeroFile() throws Exception {
        int lengthBytes = 9 * 1024 * 1024 + 4096;
        FileStorage storage = new FileStorage(dir);
        Preallocation preallocation = storage.preallocate("spare.wal.tmp", lengthBytes);
        assertEquals(0.0, preallocation.claimedFraction());
        AtomicInteger chunks = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] helpers = new Thread[3];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Thread(() -> {
                try {
                    start.await();
                    while (preallocation.writeChunk()) {
                        chunks.incrementAndGet();
                    }
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            helpers[i].start();
        }
        start.countDown();
        while (preallocation.writeChunk()) {
            chunks.incrementAndGet();
        }
        MappedFile file = preallocation.finish();
        for (Thread helper : helpers) {
            helper.join();
        }
        try {
            assertEquals(10, chunks.get(), "1 MiB chunks, the last one short");
            assertEquals(1.0, preallocation.claimedFraction());
            assertFalse(preallocation.writeChunk(), "nothing left to claim");
            assertEquals(lengthBytes, Files.size(dir.resolve("spare.wal.tmp")));
            assertEquals(lengthBytes, file.lengthBytes());
            for (int position = 0; position < lengthBytes; position += 8) {
                if (file.buffer().getLong(position) != 0) {
                    throw new AssertionError("byte " + position + " is not zero");
                }
            }
        } finally {
            file.close();
        }
    }

    @Test
    void theDefaultPreallocationCreatesTheWholeFileInOneChunk() throws Exception {
        FileStorage files = new FileStorage(dir);
        Storage storage = new Storage() {
            // Only what the default preallocate() uses is delegated.
            @Override public String describe() { return files.describe(); }
            @Override public boolean exists() { return files.exists(); }
            @Override public void createDirectory() throws IOException { files.createDirectory(); }
            @Override public java.util.List<String> list() throws IOException { return files.list(); }
            @Override public boolean exists(String name) { return files.exists(name); }
            @Override public long size(String name) throws IOException { return files.size(name); }
            @Override public MappedFile createMapped(String name, int lengthBytes) throws IOException {
                return files.createMapped(name, lengthBytes);
            }
            @Override public MappedFile openMapped(String name, boolean readOnly) throws IOException {
                return files.openMapped(name, readOnly);
            }
            @Override public WritableFile createWritable(String name) throws IOException { return files.createWritable(name); }
            @Override public ReadableFile openReadable(String name) throws IOException { return files.openReadable(name); }
            @Override public void rename(String from, String to) throws IOException { files.rename(from, to); }
            @Override public void delete(String name) throws IOException { files.delete(name); }
            @Override public void syncDirectory() throws IOException { files.syncDirectory(); }
            @Override public AutoCloseable lock() throws IOException { return files.lock(); }
        };
        Preallocation preallocation = storage.preallocate("whole.wal.tmp", 8192);
        assertTrue(preallocation.writeChunk());
        assertFalse(preallocation.writeChunk());
        MappedFile file = preallocation.finish();
        try {
            assertEquals(8192, file.lengthBytes());
            assertEquals(1.0, preallocation.claimedFraction());
        } finally {
            file.close();
        }
    }
}
