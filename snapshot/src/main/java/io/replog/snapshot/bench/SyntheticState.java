package io.replog.snapshot.bench;

import java.util.SplittableRandom;

/**
 * A deterministic stream of key-value records that compresses moderately under LZ4 (about 2x),
 * standing in for a state machine's state: {@code k<12-digit key>:<48 bytes from a pool of 256
 * values><16 random bytes>\n}. The same seed gives the same bytes however they are requested.
 */
public final class SyntheticState {
    private static final int KEY_DIGITS = 12;
    private static final int POOLED_VALUE_BYTES = 48;
    private static final int RANDOM_VALUE_BYTES = 16;
    private static final int RECORD_BYTES = 1 + KEY_DIGITS + 1 + POOLED_VALUE_BYTES + RANDOM_VALUE_BYTES + 1;
    private static final int POOL_SIZE = 256;

    private final SplittableRandom random;
    private final byte[][] pool = new byte[POOL_SIZE][POOLED_VALUE_BYTES];
    private final byte[] record = new byte[RECORD_BYTES];
    private int recordPosition = RECORD_BYTES;
    private long key;

    public SyntheticState(long seed) {
        this.random = new SplittableRandom(seed);
        for (byte[] value : pool) {
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte)('a' + random.nextInt(26));
            }
        }
    }

    /** Writes the next {@code length} bytes of the stream into {@code destination}. */
    public void fill(byte[] destination, int offset, int length) {
        int written = 0;
        while (written < length) {
            if (recordPosition == RECORD_BYTES) {
                nextRecord();
            }
            int count = Math.min(length - written, RECORD_BYTES - recordPosition);
            System.arraycopy(record, recordPosition, destination, offset + written, count);
            recordPosition += count;
            written += count;
        }
    }

    private void nextRecord() {
        record[0] = 'k';
        long digits = key++;
        for (int i = KEY_DIGITS; i >= 1; i--) {
            record[i] = (byte)('0' + digits % 10);
            digits /= 10;
        }
        record[KEY_DIGITS + 1] = ':';
        System.arraycopy(pool[random.nextInt(POOL_SIZE)], 0, record, KEY_DIGITS + 2, POOLED_VALUE_BYTES);
        int randomStart = KEY_DIGITS + 2 + POOLED_VALUE_BYTES;
        for (int i = 0; i < RANDOM_VALUE_BYTES; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8; b++) {
                record[randomStart + i + b] = (byte)bits;
                bits >>>= 8;
            }
        }
        record[RECORD_BYTES - 1] = '\n';
        recordPosition = 0;
    }
}
