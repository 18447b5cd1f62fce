/**
 * Snapshots of a replicated state machine, and the compaction of the log behind them.
 * <p>
 * A snapshot file {@code snapshot-<term>-<index>.snap} is a header
 * ({@link io.replog.snapshot.SnapshotHeaderDescriptor}), chunks of LZ4-compressed state each with
 * its own CRC32C ({@link io.replog.snapshot.ChunkDescriptor}) and a trailer with the counts and a
 * whole-file CRC32C ({@link io.replog.snapshot.SnapshotTrailerDescriptor}).
 * <ul>
 * <li>{@link io.replog.snapshot.SnapshotStore}: the snapshots directory; begin a snapshot, list,
 * open, verify, apply retention.</li>
 * <li>{@link io.replog.snapshot.SnapshotWriter} and {@link io.replog.snapshot.SnapshotReader}: stream
 * state in and out with bounded memory; a file gets its final name only once complete and forced.</li>
 * <li>{@link io.replog.snapshot.SnapshotTaker}: write a consistent state view off the appending thread.</li>
 * <li>{@link io.replog.snapshot.compaction}: decide and delete the log segments a durable snapshot covers.</li>
 * <li>{@link io.replog.snapshot.NodeRecoveryCheck}: after a restart, do snapshot and log fit together?</li>
 * </ul>
 * All file IO goes through {@link io.replog.wal.storage.Storage}, so the same code runs on real files
 * and on the simulated disk of the crash tests.
 */
package io.replog.snapshot;
