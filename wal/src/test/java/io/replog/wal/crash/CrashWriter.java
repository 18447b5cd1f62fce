package io.replog.wal.crash;

import io.replog.wal.SyncPolicy;
import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of {@link ChildJvmCrashTest}: opens the log, appends deterministic entries after
 * whatever it holds, and prints {@code durable N} every time the durable index advances, until it is
 * killed. {@code args: directory syncPolicy segmentLengthBytes}.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        SyncPolicy policy = SyncPolicy.valueOf(args[1]);
        int segmentBytes = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
        try (WriteAheadLog log = WriteAheadLog.open(directory, new WalConfig().segmentLengthBytes(segmentBytes)
            .syncPolicy(policy))) {
            out.println("opened " + log.lastIndex());
            long reported = log.durableIndex();
            out.println("durable " + reported);
            WriteAheadLog.Batch batch = log.batch();
            while (true) {
                long next = log.lastIndex() + 1;
                if (policy == SyncPolicy.BATCH && next % 7 == 0) {
                    for (int i = 0; i < 5; i++) {
                        batch.add(CrashEntries.term(next + i), CrashEntries.type(next + i), CrashEntries.payload(next + i));
                    }
                    batch.commit();
                } else {
                    log.append(CrashEntries.term(next), CrashEntries.type(next), CrashEntries.payload(next));
                }
                long durable = log.durableIndex();
                if (durable > reported) {
                    reported = durable;
                    out.println("durable " + durable);
                }
            }
        }
    }
}
