package io.replog.wal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The group-commit thread of a {@link SyncPolicy#BATCH} log: while anything appended is not yet
 * durable it forces the tail, so one force covers every entry appended while the previous force
 * ran. When idle it parks; the appending thread unparks it only if it is parked, which under load
 * (the syncer always busy) costs nothing per append.
 */
final class GroupCommitSyncer implements Runnable {
    private static final long IDLE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final WriteAheadLog log;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean parked;

    GroupCommitSyncer(WriteAheadLog log, String directory) {
        this.log = log;
        this.thread = new Thread(this, "replog-wal-sync " + directory);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called by the appending thread after publishing an entry. */
    void wake() {
        if (parked) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (running) {
            if (log.syncIfBehind()) {
                continue;
            }
            parked = true;
            // Re-check after announcing the park: an append published just before would not unpark us.
            if (!log.hasUnsynced() && running) {
                LockSupport.parkNanos(this, IDLE_PARK_NS);
            }
            parked = false;
        }
    }

    void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
