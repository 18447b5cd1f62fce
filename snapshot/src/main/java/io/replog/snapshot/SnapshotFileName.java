package io.replog.snapshot;

import java.util.Comparator;
import java.util.Optional;

/**
 * The name of a snapshot file: {@code snapshot-<term>-<index>.snap}, both numbers zero-padded to 20
 * digits so that {@code ls} lists snapshots in the order Raft produces them (the term of the last
 * included entry never decreases as its index grows).
 * <p>
 * A snapshot being written lives under {@link #temporaryName()} ({@code ... .snap.tmp}) until it is
 * complete and forced; only then is it renamed to {@link #fileName()}. A {@code .tmp} file is
 * therefore never a snapshot: it is what a crashed writer left behind.
 */
public record SnapshotFileName(long term, long index) {
    public static final String PREFIX = "snapshot-";
    public static final String SUFFIX = ".snap";
    public static final String TEMPORARY_SUFFIX = ".tmp";
    private static final int DIGITS = 20;

    /** Oldest first: by last included index, then term. */
    public static final Comparator<SnapshotFileName> OLDEST_FIRST =
        Comparator.comparingLong(SnapshotFileName::index).thenComparingLong(SnapshotFileName::term);

    public SnapshotFileName {
        if (term < 0 || index < 0) {
            throw new IllegalArgumentException("term and index must be >= 0: term=" + term + " index=" + index);
        }
    }

    public String fileName() {
        return PREFIX + pad(term) + "-" + pad(index) + SUFFIX;
    }

    public String temporaryName() {
        return fileName() + TEMPORARY_SUFFIX;
    }

    /** Parses a final snapshot name; empty for anything else, including temporary files. */
    public static Optional<SnapshotFileName> parse(String name) {
        int expectedLength = PREFIX.length() + DIGITS + 1 + DIGITS + SUFFIX.length();
        if (name.length() != expectedLength || !name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return Optional.empty();
        }
        int termStart = PREFIX.length();
        int indexStart = termStart + DIGITS + 1;
        if (name.charAt(indexStart - 1) != '-') {
            return Optional.empty();
        }
        long term = parseDigits(name, termStart);
        long index = parseDigits(name, indexStart);
        return term < 0 || index < 0 ? Optional.empty() : Optional.of(new SnapshotFileName(term, index));
    }

    /** Whether {@code name} is a snapshot still being written, or left behind by a crashed writer. */
    public static boolean isTemporary(String name) {
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX + TEMPORARY_SUFFIX);
    }

    private static long parseDigits(String name, int start) {
        long value = 0;
        for (int i = start; i < start + DIGITS; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9' || value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String pad(long value) {
        String digits = Long.toString(value);
        return "0".repeat(DIGITS - digits.length()) + digits;
    }
}
