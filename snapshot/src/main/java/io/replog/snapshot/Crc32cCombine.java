package io.replog.snapshot;

/**
 * CRC32C of a concatenation from the CRCs of its parts: {@code combine(crc(A), crc(B), |B|) ==
 * crc(A || B)}. Lets the whole-file CRC reuse each chunk's CRC instead of reading every block a
 * second time. The algorithm is zlib's {@code crc32_combine} (matrix squaring over GF(2), O(log |B|)
 * per call) with the Castagnoli polynomial.
 */
final class Crc32cCombine {
    /** CRC32C's polynomial, bit-reversed as java.util.zip.CRC32C uses it. */
    private static final int POLYNOMIAL = 0x82F63B78;

    private Crc32cCombine() {
    }

    static int combine(int crcFirst, int crcSecond, long secondLengthBytes) {
        if (secondLengthBytes <= 0) {
            return crcFirst;
        }
        int[] even = new int[32];
        int[] odd = new int[32];
        // The operator that feeds one zero bit through the CRC register.
        odd[0] = POLYNOMIAL;
        int row = 1;
        for (int n = 1; n < 32; n++) {
            odd[n] = row;
            row <<= 1;
        }
        square(even, odd);
        square(odd, even);
        int crc = crcFirst;
        long length = secondLengthBytes;
        // Apply length zero bytes to the first CRC, squaring the operator for each bit of length.
        do {
            square(even, odd);
            if ((length & 1) != 0) {
                crc = times(even, crc);
            }
            length >>= 1;
            if (length == 0) {
                break;
            }
            square(odd, even);
            if ((length & 1) != 0) {
                crc = times(odd, crc);
            }
            length >>= 1;
        } while (length != 0);
        return crc ^ crcSecond;
    }

    private static int times(int[] matrix, int vector) {
        int sum = 0;
        int bits = vector;
        for (int i = 0; bits != 0; i++, bits >>>= 1) {
            if ((bits & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static void square(int[] square, int[] matrix) {
        for (int n = 0; n < 32; n++) {
            square[n] = times(matrix, matrix[n]);
        }
    }
}
