package io.replog.snapshot;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Crc32cCombineTest {
    private static final long SEED = 0x5EED_0008L;

    @Test
    void combiningTheCrcsOfTwoPartsGivesTheCrcOfTheWhole() {
        Random random = new Random(SEED);
        for (int round = 0; round < 500; round++) {
            byte[] whole = new byte[random.nextInt(round < 10 ? 4 : 70_000)];
            random.nextBytes(whole);
            int split = whole.length == 0 ? 0 : random.nextInt(whole.length + 1);
            int first = crc(whole, 0, split);
            int second = crc(whole, split, whole.length - split);
            assertEquals(crc(whole, 0, whole.length), Crc32cCombine.combine(first, second, whole.length - split),
                "seed " + SEED + " round " + round + ": " + whole.length + " bytes split at " + split);
        }
    }

    private static int crc(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int)crc.getValue();
    }
}
