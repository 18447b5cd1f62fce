package io.replog.snapshot;

import io.replog.wal.WalConfig;
import io.replog.wal.WriteAheadLog;
import io.replog.wal.sim.SimulatedDisk;
import io.replog.wal.storage.FileStorage;
import io.replog.wal.storage.Storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A node's directory: {@code DIR/log/} (write-ahead log segments), {@code DIR/snapshots/}
 * (snapshot files) and {@code DIR/raft-state}. Invariant across the two subdirectories, kept by
 * writing a snapshot durably before compacting the log: the log starts at or below the newest
 * valid snapshot's index + 1 (index 1 without a snapshot); see {@link NodeRecoveryCheck}.
 */
public final class NodeDirectory {
    public static final String LOG_DIRECTORY = "log";
    public static final String SNAPSHOTS_DIRECTORY = "snapshots";
    public static final String RAFT_STATE_FILE = "raft-state";

    private final String description;
    private final Storage logStorage;
    private final Storage snapshotStorage;

    public NodeDirectory(String description, Storage logStorage, Storage snapshotStorage) {
        this.description = description;
        this.logStorage = logStorage;
        this.snapshotStorage = snapshotStorage;
    }

    public static NodeDirectory of(Path directory) {
        return new NodeDirectory(directory.toString(), new FileStorage(directory.resolve(LOG_DIRECTORY)),
            new FileStorage(directory.resolve(SNAPSHOTS_DIRECTORY)));
    }

    public static NodeDirectory simulated(SimulatedDisk disk, String directory) {
        return new NodeDirectory("sim:" + directory, disk.directory(directory + "/" + LOG_DIRECTORY),
            disk.directory(directory + "/" + SNAPSHOTS_DIRECTORY));
    }

    public String describe() {
        return description;
    }

    public Storage logStorage() {
        return logStorage;
    }

    public Storage snapshotStorage() {
        return snapshotStorage;
    }

    public SnapshotStore snapshotStore() {
        return new SnapshotStore(snapshotStorage);
    }

    /** Opens (or, per {@code config}, creates) the log, running its crash recovery. */
    public WriteAheadLog openLog(WalConfig config) throws IOException {
        return WriteAheadLog.open(logStorage, config);
    }
}
