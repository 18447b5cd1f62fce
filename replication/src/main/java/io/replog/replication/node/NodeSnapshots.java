package io.replog.replication.node;

import io.replog.replication.StateMachine;
import io.replog.replication.raft.Configuration;
import io.replog.replication.raft.Snapshot;
import io.replog.replication.raft.SnapshotMeta;
import io.replog.snapshot.ClusterConfiguration;
import io.replog.snapshot.SnapshotInfo;
import io.replog.snapshot.SnapshotReader;
import io.replog.snapshot.SnapshotStore;
import io.replog.snapshot.SnapshotTaker;
import io.replog.wal.storage.ReadableFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A node's snapshots: loading the newest at start, receiving one from the leader into a partial
 * file ({@link IncomingSnapshot}) and installing it, reading one in chunks for followers, and taking
 * new ones off the node's thread ({@link SnapshotTaker}). Converts between the Raft core's membership
 * (voter ids) and the snapshot file's (ids with endpoints).
 * <p>
 * A snapshot travels between nodes as the bytes of its file: a follower ends up with a byte-identical
 * copy, checked by the file's own CRCs, and the whole-file CRC32C of the trailer names the bytes.
 */
final class NodeSnapshots implements AutoCloseable {
    private final SnapshotStore store;
    private final SnapshotTaker taker;
    private final Map<Integer, String> endpoints;
    private final IncomingSnapshot incoming;

    /** A snapshot found on disk at start. */
    record Loaded(Snapshot snapshot, String fileName) {
        SnapshotMeta meta() {
            return snapshot.meta();
        }
    }

    NodeSnapshots(SnapshotStore store, Path directory, Map<Integer, String> endpoints, NodeCounters counters) {
        this.store = store;
        this.taker = new SnapshotTaker(store);
        this.endpoints = endpoints;
        this.incoming = new IncomingSnapshot(store.storage(), directory, counters);
    }

    IncomingSnapshot incoming() {
        return incoming;
    }

    /** Opens a snapshot file for positioned reads of its raw bytes (chunks for a follower). */
    ReadableFile openRaw(String fileName) throws IOException {
        return store.storage().openReadable(fileName);
    }

    /** Restores the newest valid snapshot into {@code stateMachine}, if there is one. */
    Optional<Loaded> restoreNewest(StateMachine stateMachine, Configuration bootstrap) throws IOException {
        Optional<SnapshotInfo> newest = store.newestValid();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        SnapshotInfo info = newest.get();
        try (SnapshotReader reader = store.open(info.fileName())) {
            stateMachine.restore(reader);
            reader.finish();
        }
        return Optional.of(new Loaded(describe(info, bootstrap), info.fileName()));
    }

    /** Restores the snapshot in {@code fileName} into {@code stateMachine}. */
    void restore(String fileName, StateMachine stateMachine) throws IOException {
        try (SnapshotReader reader = store.open(fileName)) {
            stateMachine.restore(reader);
            reader.finish();
        }
    }

    /** Loads a snapshot received from the leader (already durable and checked) into the state machine. */
    void install(String fileName, StateMachine stateMachine) throws IOException {
        restore(fileName, stateMachine);
        store.retain(SnapshotStore.DEFAULT_KEEP_NEWEST);
    }

    /** Deletes a received snapshot file the node does not use. */
    void discard(String fileName) throws IOException {
        store.storage().delete(fileName);
        store.storage().syncDirectory();
    }

    /**
     * Writes the view on the snapshot thread; the future completes once the file is durable.
     * Empty when a snapshot is already being written.
     */
    Optional<CompletableFuture<SnapshotInfo>> take(SnapshotMeta meta, StateMachine.SnapshotView view) {
        return taker.maybeTake(meta.index(), meta.term(), configuration(meta.configuration()), new byte[0],
            sink -> view.writeTo(sink)).map(future -> future.thenApply(info -> {
                try {
                    store.retain(SnapshotStore.DEFAULT_KEEP_NEWEST);
                } catch (IOException e) {
                    // Old snapshots stay until the next retention pass; nothing is lost.
                }
                return info;
            }));
    }

    boolean inProgress() {
        return taker.inProgress();
    }

    private ClusterConfiguration configuration(Configuration configuration) {
        List<ClusterConfiguration.Member> voters = new ArrayList<>();
        for (int voter : configuration.voters()) {
            voters.add(new ClusterConfiguration.Member(voter, endpoints.getOrDefault(voter, "")));
        }
        List<ClusterConfiguration.Member> learners = new ArrayList<>();
        for (int learner : configuration.learners()) {
            learners.add(new ClusterConfiguration.Member(learner, endpoints.getOrDefault(learner, "")));
        }
        return new ClusterConfiguration(voters, learners);
    }

    /** The Raft view of a snapshot file: what it covers, its length, and its whole-file CRC as the checksum. */
    static Snapshot describe(SnapshotInfo info, Configuration bootstrap) {
        return new Snapshot(meta(info, bootstrap), info.fileLengthBytes(), info.trailer().fileCrc() & 0xFFFF_FFFFL);
    }

    /** The Raft view of a snapshot; one written offline without members gets the bootstrap membership. */
    static SnapshotMeta meta(SnapshotInfo info, Configuration bootstrap) {
        Set<Integer> voters = new TreeSet<>();
        info.header().configuration().voters().forEach(member -> voters.add((int)member.id()));
        Set<Integer> learners = new TreeSet<>();
        info.header().configuration().learners().forEach(member -> learners.add((int)member.id()));
        Configuration configuration = voters.isEmpty() ? bootstrap : new Configuration(voters, learners);
        return new SnapshotMeta(info.lastIncludedIndex(), info.lastIncludedTerm(), configuration);
    }

    @Override
    public void close() {
        taker.close();
        try {
            incoming.close();
        } catch (IOException e) {
            // Nothing was lost: what was forced stays, the rest is received again.
        }
    }
}
