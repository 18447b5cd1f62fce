package io.replog.snapshot;

import io.replog.wal.storage.ReadableFile;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Positional reads that must fill their buffer. */
final class FileReads {
    private FileReads() {
    }

    /** Fills {@code destination}'s remaining bytes from {@code position}; false when the file ends first. */
    static boolean readFully(ReadableFile file, ByteBuffer destination, long position) throws IOException {
        long at = position;
        while (destination.hasRemaining()) {
            int read = file.read(destination, at);
            if (read < 0) {
                return false;
            }
            at += read;
        }
        return true;
    }
}
