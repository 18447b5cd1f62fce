package io.replog.wal.crash;

/** Entries derivable from their index, so a parent process can check what a killed child wrote. */
final class CrashEntries {
    private CrashEntries() {
    }

    static long term(long index) {
        return 1 + index / 5000;
    }

    static int type(long index) {
        return (int)(index % 5);
    }

    static byte[] payload(long index) {
        int length = (int)((index * 7919) % 700);
        byte[] payload = new byte[length];
        long state = index * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < length; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            payload[i] = (byte)state;
        }
        return payload;
    }
}
