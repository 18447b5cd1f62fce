/**
 * Raft as a pure, deterministic state machine (the etcd-raft shape): no IO, no threads, no clock.
 * <p>
 * A host drives one {@link io.replog.replication.raft.RaftNode} per replica:
 * <pre>
 *   node.tick()                      every tick of the host's clock
 *   node.step(message)               for every message received
 *   node.propose(data), readIndex(ctx), transferLeadership(id)
 *   send node.takeMessages()         at any time, also while a Ready is being persisted
 *   node.recycle(m)                  for every message handed out, once sent (encoded or copied) or dropped
 *   while (node.hasReady()) {
 *       Ready rd = node.ready();
 *       send rd.messages()           at any time
 *       apply rd.committedEntries()  at any time (they were persisted before this Ready)
 *       write rd.snapshotChunks() into the partial snapshot file
 *       persist rd.snapshot(), rd.entries(), rd.hardState()   (truncating conflicting suffixes)
 *         meanwhile (asynchronous persistence): step, tick, propose, send node.takeMessages(),
 *         apply node.takeCommittedEntries()
 *       send rd.messagesAfterPersist()                         only once that is durable
 *       answer rd.readStates()
 *       node.advance(rd)
 *       if a chunk completed a snapshot: check the file, node.incomingSnapshotVerified(snapshot, intact)
 *   }
 * </pre>
 * A leader sends AppendEntries for proposals when the host collects output ({@code ready()} or
 * {@code takeMessages()}), so the proposals of one duty cycle travel together; followers acknowledge once
 * per persisted Ready. A host whose transport pushes back on an AppendEntries reports it
 * ({@code appendNotSent}) and the entries go again in a later output.
 * <p>
 * Steady-state replication allocates nothing in the core but the {@link io.replog.replication.raft.LogEntry} of
 * each proposal: messages are recycled (the ownership rules are in {@link io.replog.replication.raft.Message}),
 * the {@link io.replog.replication.raft.Ready} and every list the core hands out are reused (valid until the
 * next {@code ready()}, {@code takeMessages()} or {@code takeCommittedEntries()} respectively), and the hard
 * state can be read field by field. {@code RaftCoreBenchmark} and {@code CoreAllocationProbe} (module bench)
 * measure it.
 * <p>
 * The core reads the durable log through {@link io.replog.replication.raft.LogStorage}, which the
 * host implements (a {@code WriteAheadLog} in the simulator, {@link io.replog.replication.raft.MemoryLogStorage}
 * in tests). Randomness (election timeouts) comes from an injected, seeded {@code Random}.
 * <p>
 * Snapshots never pass through the core whole: a leader reads chunks of the host's snapshot file
 * through {@link io.replog.replication.raft.LogStorage#readSnapshot}, a follower hands the chunks it
 * accepts in order back to its host to write, acknowledges the bytes once durable, and resumes an
 * interrupted transfer (a restart, a new leader with the same bytes) from them. Chunks leave within a
 * per-follower window of unacknowledged bytes and a leader-wide budget of bytes per tick.
 * <p>
 * Concerns live in small classes: {@code Elections} (timeouts, pre-vote, votes, leases),
 * {@code LeaderReplication} (appends within per-follower in-flight windows, probing with term
 * hints, commit of current-term entries by majority match, heartbeats, check-quorum, snapshot
 * streaming, read index, transfer), {@code FollowerReplication}, {@code RaftLog}/{@code Unstable}
 * (stable plus not-yet-persisted entries), {@code Progress}/{@code Inflights}/{@code ProgressTracker},
 * {@link io.replog.replication.raft.Quorum}. Each states its invariants beside its fields;
 * {@link io.replog.replication.raft.RaftNode#invariants()} checks them.
 */
package io.replog.replication.raft;
