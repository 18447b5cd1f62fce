package io.replog.checker;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The set of operations linearized so far, as a bitset with a Zobrist fingerprint (the XOR of a
 * fixed random number per member), so hashing a set costs nothing however large it is.
 */
final class LinearizedSet {
    private final long[] words;
    private final long[] zobrist;
    private long fingerprint;

    LinearizedSet(int operationCount) {
        words = new long[(operationCount + 63) >>> 6];
        zobrist = new long[operationCount];
        // Fixed seed: fingerprints only spread hash buckets, they never decide equality.
        SplittableRandom random = new SplittableRandom(0x5eed_1e55_0b5e55edL);
        for (int i = 0; i < operationCount; i++) {
            zobrist[i] = random.nextLong();
        }
    }

    void add(int operation) {
        assert !contains(operation) : "operation " + operation + " linearized twice";
        words[operation >>> 6] |= 1L << operation;
        fingerprint ^= zobrist[operation];
    }

    void remove(int operation) {
        assert contains(operation) : "operation " + operation + " was not linearized";
        words[operation >>> 6] &= ~(1L << operation);
        fingerprint ^= zobrist[operation];
    }

    boolean contains(int operation) {
        return (words[operation >>> 6] & (1L << operation)) != 0;
    }

    long fingerprint() {
        return fingerprint;
    }

    long[] copyOfWords() {
        return Arrays.copyOf(words, words.length);
    }
}
