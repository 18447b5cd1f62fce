package io.replog.replication.sim;

import io.replog.replication.raft.Role;
import io.replog.wal.sim.SimulatedDisk;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Picks and injects the simulation's faults: crashes (losing or tearing unsynced writes) with a
 * scheduled restart, full partitions, isolation of the leader, asymmetric cuts, flapping links and
 * heals. At most a minority of nodes is down at once, so a live majority can always make progress
 * once the network lets it.
 */
final class FaultInjector {
    private final Simulation simulation;
    private final Random random;
    private final SimNode[] nodes;
    private final Network network;
    private final Map<String, Long> counts = new TreeMap<>();

    private final Knobs knobs;
    /** The node whose log the injector corrupted (one per run), 0 when none. */
    private int corruptedNodeId;

    FaultInjector(Simulation simulation, Random random, SimNode[] nodes, Network network, Knobs knobs) {
        this.simulation = simulation;
        this.knobs = knobs;
        this.random = random;
        this.nodes = nodes;
        this.network = network;
    }

    void count(String kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    int corruptedNodeId() {
        return corruptedNodeId;
    }

    Map<String, Long> counts() {
        return counts;
    }

    void injectOne() {
        int nodeCount = nodes.length - 1;
        int roll = random.nextInt(100);
        if (roll < 3) {
            crashAll(nodeCount);
        } else if (roll < 30) {
            crashOne(nodeCount);
        } else if (roll < 45) {
            partition(nodeCount);
        } else if (roll < 55) {
            isolateLeader(nodeCount);
        } else if (roll < 67) {
            int from = 1 + random.nextInt(nodeCount);
            int to = 1 + random.nextInt(nodeCount);
            network.setCut(from, to, true);
            count("asymmetric");
            simulation.note("link " + from + "->" + to + " cut one way");
            simulation.schedule(100 + random.nextInt(1000), Event.Kind.HEAL_LINKS, 0, 0, null, 0);
        } else if (roll < 77) {
            flap(nodeCount);
        } else if (roll < 85) {
            transferLeadership(nodeCount);
        } else if (roll < 88) {
            failSyncs(nodeCount);
        } else if (roll < 90) {
            flipBit(nodeCount);
        } else if (roll < 92) {
            fillDisk(nodeCount);
        } else {
            network.healAll();
            count("heal");
            simulation.note("network healed");
        }
    }

    private void crashOne(int nodeCount) {
        int down = 0;
        for (int id = 1; id <= nodeCount; id++) {
            down += nodes[id].up ? 0 : 1;
        }
        if (down >= (nodeCount - 1) / 2) {
            return;
        }
        SimNode victim = nodes[1 + random.nextInt(nodeCount)];
        if (random.nextBoolean()) {
            // Power tends to fail while the disk is busy: prefer a node with a write in flight.
            for (int id = 1; id <= nodeCount; id++) {
                if (nodes[id].up && nodes[id].pendingReady != null) {
                    victim = nodes[id];
                    break;
                }
            }
        }
        if (victim.up) {
            crash(victim);
        }
    }

    /** Power loss of the whole cluster at once: every node loses its unsynced writes. */
    private void crashAll(int nodeCount) {
        count("crash-all");
        simulation.note("power loss: every node crashes");
        for (int id = 1; id <= nodeCount; id++) {
            if (nodes[id].up) {
                crash(nodes[id]);
            }
        }
    }

    private void crash(SimNode victim) {
        SimulatedDisk.CrashMode mode = SimulatedDisk.CrashMode.values()[random.nextInt(SimulatedDisk.CrashMode.values().length)];
        String kind = switch (mode) {
            case LOSE_UNSYNCED -> "crash";
            case TEAR_LAST_WRITE -> "crash-torn-write";
            case RANDOM_SECTORS -> "crash-random-sectors";
        };
        count(kind);
        simulation.note("node " + victim.id + " crashes" + switch (mode) {
            case LOSE_UNSYNCED -> " (unsynced writes lost)";
            case TEAR_LAST_WRITE -> " (last write torn)";
            case RANDOM_SECTORS -> " (unsynced sectors survive at random)";
        });
        victim.crash(mode);
        simulation.schedule(1 + random.nextInt(knobs.maxDowntimeMs()), Event.Kind.RESTART, victim.id, 0, null, 0);
    }

    private void partition(int nodeCount) {
        boolean[] side = new boolean[nodeCount + 1];
        int minoritySize = 1 + random.nextInt(Math.max(1, nodeCount / 2));
        for (int i = 0; i < minoritySize; i++) {
            side[1 + random.nextInt(nodeCount)] = true;
        }
        network.partition(side);
        count("partition");
        simulation.note("partition " + network.describe());
        simulation.schedule(100 + random.nextInt(1500), Event.Kind.HEAL_LINKS, 0, 0, null, 0);
    }

    private void isolateLeader(int nodeCount) {
        for (int id = 1; id <= nodeCount; id++) {
            if (nodes[id].up && nodes[id].core.role() == Role.LEADER) {
                boolean[] side = new boolean[nodeCount + 1];
                side[id] = true;
                network.partition(side);
                count("isolate-leader");
                simulation.note("leader " + id + " isolated");
                simulation.schedule(100 + random.nextInt(1500), Event.Kind.HEAL_LINKS, 0, 0, null, 0);
                return;
            }
        }
    }

    /**
     * Flips a bit in a sealed segment of one node (once per run, and only while a majority has never
     * been touched by it): the node must find the damage when it reads there and stop for good, never
     * serve the entry.
     */
    private void flipBit(int nodeCount) {
        if (corruptedNodeId != 0) {
            return;
        }
        SimNode victim = nodes[1 + random.nextInt(nodeCount)];
        String flipped = victim.flipBitInSealedSegment(random);
        if (flipped != null) {
            corruptedNodeId = victim.id;
            count("bit-flip");
            simulation.note("node " + victim.id + "'s disk flips " + flipped);
        }
    }

    /** The victim's disk is full for a while: its next segment cannot be created, so it fail-stops until space returns. */
    private void fillDisk(int nodeCount) {
        SimNode victim = nodes[1 + random.nextInt(nodeCount)];
        if (victim.dead) {
            return;
        }
        victim.fillDisk();
        count("disk-full");
        simulation.note("node " + victim.id + "'s disk is full");
        simulation.schedule(100 + random.nextInt(2000), Event.Kind.FREE_DISK, victim.id, 0, null, 0);
    }

    /** The victim's disk fails an fsync soon: its log must fail-stop and the node restart. */
    private void failSyncs(int nodeCount) {
        SimNode victim = nodes[1 + random.nextInt(nodeCount)];
        if (victim.up) {
            int successfulSyncs = random.nextInt(20);
            victim.failSyncsAfter(successfulSyncs);
            count("fsync-failure");
            simulation.note("node " + victim.id + "'s disk fails an fsync after " + successfulSyncs + " more");
        }
    }

    private void transferLeadership(int nodeCount) {
        for (int id = 1; id <= nodeCount; id++) {
            if (nodes[id].up && nodes[id].core.role() == Role.LEADER) {
                int target = 1 + random.nextInt(nodeCount);
                if (target != id && nodes[id].core.transferLeadership(target)) {
                    count("transfer-leadership");
                    simulation.note("leader " + id + " hands leadership to " + target);
                }
                return;
            }
        }
    }

    private void flap(int nodeCount) {
        int a = 1 + random.nextInt(nodeCount);
        int b = 1 + random.nextInt(nodeCount);
        if (a == b) {
            return;
        }
        count("flap");
        simulation.note("link " + a + "<->" + b + " starts flapping");
        int toggles = 2 + 2 * random.nextInt(4);
        long atMs = 0;
        for (int i = 0; i < toggles; i++) {
            atMs += 5 + random.nextInt(60);
            simulation.schedule(atMs, Event.Kind.TOGGLE_LINK, a, 0, null, b);
        }
    }
}
