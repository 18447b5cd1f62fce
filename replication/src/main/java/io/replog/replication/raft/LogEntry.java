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

    /** {@code term/index payload}: printable payloads quoted, others in hex, the no-op as "noop". */
    @Override
    public String toString() {
        return term + "/" + index + " " + describePayload();
    }

    private String describePayload() {
        if (data.length == 0) {
            return "noop";
        }
        boolean printable = true;
        for (byte b : data) {
            printable &= b >= 0x20 && b < 0x7F;
        }
        if (printable) {
            return '"' + new String(data, StandardCharsets.US_ASCII) + '"';
        }
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : data) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }
}
