package io.replog.wal;

import java.io.IOException;

/** A read reached a frame that failed its checks; the entry is never served. */
public final class CorruptLogException extends IOException {
    private final Corruption corruption;

    public CorruptLogException(String directory, Corruption corruption) {
        super(corruption.describe() + " in " + directory + "; run `replog log-inspect --verify " + directory + "`");
        this.corruption = corruption;
    }

    public Corruption corruption() {
        return corruption;
    }
}
