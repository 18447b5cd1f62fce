package io.replog.replication.raft;

import java.nio.charset.StandardCharsets;

/**
 * One entry of the replicated log: its index (1-based position in the log, never a byte
 * position), the term of the leader that created it, and an opaque payload.
 * <p>
 * An entry with an empty payload is the no-op a new leader appends to commit its term.
 * The payload array is never modified after the entry is created; entries are shared between
 * the core, the host and in-flight messages without copying.
 */
public record LogEntry(long index, long term, byte[] data) {
    private static final byte[] EMPTY = new byte[0];

    public LogEntry {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("entry index and term must be >= 1, got index " + index + " term " + term);
        }
        if (data == null) {
            data = EMPTY;
        }
    }

    public static LogEntry noOp(long index, long term) {
        return new LogEntry(index, term, EMPTY);
    }

    /** Payload length in bytes; what the in-flight byte window counts. */
    public int sizeBytes() {
        return data.length;
    }

    @Override
    public String toString() {
        String payload = data.length == 0 ? "noop" : '"' + new String(data, StandardCharsets.UTF_8) + '"';
        return term + "/" + index + " " + payload;
    }
}
