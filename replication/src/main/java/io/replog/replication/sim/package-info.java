/**
 * A deterministic cluster simulator for the Raft core (the {@code replog simulate} command).
 * <p>
 * {@link io.replog.replication.sim.Simulation#run(io.replog.replication.sim.SimulationConfig)} runs
 * one seed: N nodes, each with a {@code WriteAheadLog}, a hard-state file and a snapshot file on its
 * own {@code SimulatedDisk}; a seeded network that drops, duplicates, delays, reorders and
 * partitions; crashes that lose or tear unsynced writes; a client with many proposals and reads in
 * flight; snapshots and compaction. Every step is followed by the invariant checks listed in
 * {@code InvariantChecker}; the first violation stops the run and is reported with its seed, step,
 * invariant and the last events. Equal seeds give equal {@code traceHash}es.
 * <p>
 * Broken cores for "the checkers bite" tests are plugged in through {@link io.replog.replication.sim.RaftCore.Factory}
 * from test code; production code carries no test hooks.
 */
package io.replog.replication.sim;
