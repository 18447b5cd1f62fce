package io.replog.snapshot;

/** Where chunks are compressed, checked and written or read. */
public enum ChunkThreading {
    /**
     * On the caller's thread: deterministic, for the simulator and for tests that count storage
     * calls.
     */
    INLINE,
    /**
     * One chunk at a time on a helper thread per writer or reader, overlapping with the caller:
     * the writer compresses and writes chunk n while the caller fills chunk n + 1; the reader
     * checks and decompresses chunk n + 1 while the caller consumes chunk n. Storage calls keep
     * their order.
     */
    BACKGROUND
}
