package io.replog.replication.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Nodes plus a network of pending messages, stepped by hand: the substrate of the golden
 * transcripts and the paper tests. Messages from a Ready enter the network when the Ready is
 * handled (the in-memory host persists synchronously, so after-persist messages may leave then).
 */
final class TestCluster {
    final Map<Integer, TestNode> nodes = new TreeMap<>();
    final List<Message> network = new ArrayList<>();
    /** Directed links that drop every message: "from->to". */
    final Set<String> cutLinks = new HashSet<>();
    /** Messages matching this are lost in transit (in addition to cut links). */
    java.util.function.Predicate<Message> dropFilter = m -> false;
    private Consumer<String> out = line -> { };

    void output(Consumer<String> sink) {
        this.out = sink;
    }

    void addNodes(int count, java.util.function.IntFunction<RaftConfig> configs) {
        for (int id = 1; id <= count; id++) {
            nodes.put(id, new TestNode(configs.apply(id), id));
        }
    }

    RaftNode raft(int id) {
        return nodes.get(id).raft;
    }

    /** Handles the Ready of node {@code id}, routing its messages; returns whether there was one. */
    boolean processReady(int id, boolean verbose) {
        TestNode node = nodes.get(id);
        Ready ready = node.handleReady();
        if (ready == null) {
            return false;
        }
        if (verbose) {
            describeReady(id, ready);
        }
        route(ready.messages());
        route(ready.messagesAfterPersist());
        return true;
    }

    private void route(List<Message> messages) {
        for (Message m : messages) {
            if (!cutLinks.contains(m.from() + "->" + m.to()) && !dropFilter.test(m)) {
                network.add(m);
            }
        }
    }

    private void describeReady(int id, Ready ready) {
        out.accept("> " + id + " handling Ready");
        if (ready.hardState() != null) {
            out.accept("  HardState " + ready.hardState());
        }
        for (SnapshotChunk chunk : ready.snapshotChunks()) {
            out.accept("  SnapshotChunk " + chunk);
        }
        if (ready.snapshot() != null) {
            byte[] data = nodes.get(id).storage.snapshotData();
            out.accept("  Snapshot " + ready.snapshot().meta() + " data=\"" + new String(data, java.nio.charset.StandardCharsets.UTF_8) + "\"");
        }
        if (!ready.entries().isEmpty()) {
            out.accept("  Entries: " + ready.entries());
        }
        if (!ready.committedEntries().isEmpty()) {
            out.accept("  Committed: " + ready.committedEntries());
        }
        for (ReadState readState : ready.readStates()) {
            out.accept("  " + readState);
        }
        for (Message m : ready.messages()) {
            out.accept("  send " + m);
        }
        for (Message m : ready.messagesAfterPersist()) {
            out.accept("  send after persist " + m);
        }
    }

    /** Delivers every pending message addressed to {@code id} (all nodes if 0); returns the count. */
    int deliver(int id, boolean verbose) {
        List<Message> batch = new ArrayList<>();
        network.removeIf(m -> {
            if (id == 0 || m.to() == id) {
                batch.add(m);
                return true;
            }
            return false;
        });
        for (Message m : batch) {
            TestNode target = nodes.get(m.to());
            Role roleBefore = target.raft.role();
            long termBefore = target.raft.term();
            if (verbose) {
                out.accept("  " + m);
            }
            target.raft.step(m);
            target.raft.invariants();
            reportRoleChange(target.raft, roleBefore, termBefore);
        }
        return batch.size();
    }

    /** Drops pending messages addressed to {@code id} (all if 0). */
    int drop(int id) {
        int before = network.size();
        network.removeIf(m -> id == 0 || m.to() == id);
        return before - network.size();
    }

    void reportRoleChange(RaftNode raft, Role roleBefore, long termBefore) {
        if (raft.role() != roleBefore || raft.term() != termBefore) {
            out.accept("INFO " + raft.id() + " is " + raft.role() + " at term " + raft.term()
                + (raft.leaderId() != RaftNode.NONE && raft.role() != Role.LEADER ? " (leader " + raft.leaderId() + ")" : ""));
        }
    }

    /** Handles Readies and delivers messages until nothing moves. */
    void stabilize(boolean verbose) {
        boolean moved = true;
        int rounds = 0;
        while (moved) {
            if (++rounds > 10_000) {
                throw new IllegalStateException("cluster did not stabilize in 10000 rounds");
            }
            moved = false;
            for (int id : nodes.keySet()) {
                moved |= processReady(id, verbose);
            }
            for (int id : nodes.keySet()) {
                boolean any = network.stream().anyMatch(m -> m.to() == id);
                if (any) {
                    if (verbose) {
                        out.accept("> " + id + " receiving messages");
                    }
                    moved |= deliver(id, verbose) > 0;
                }
            }
        }
    }

    void tick(int id, int ticks) {
        RaftNode raft = raft(id);
        for (int i = 0; i < ticks; i++) {
            Role roleBefore = raft.role();
            long termBefore = raft.term();
            raft.tick();
            raft.invariants();
            reportRoleChange(raft, roleBefore, termBefore);
        }
    }

    /** Cuts every link between the two groups (both directions). */
    void partition(Set<Integer> side) {
        cutLinks.clear();
        for (int a : nodes.keySet()) {
            for (int b : nodes.keySet()) {
                if (side.contains(a) != side.contains(b)) {
                    cutLinks.add(a + "->" + b);
                }
            }
        }
    }

    void heal() {
        cutLinks.clear();
    }

    /** Cuts (or restores) every link to and from {@code id}. */
    void setIsolated(int id, boolean isolated) {
        for (int other : nodes.keySet()) {
            if (other != id) {
                for (String link : new String[] {id + "->" + other, other + "->" + id}) {
                    if (isolated) {
                        cutLinks.add(link);
                    } else {
                        cutLinks.remove(link);
                    }
                }
            }
        }
    }

    /** Elects {@code id} by campaigning and stabilizing, quietly. */
    void elect(int id) {
        raft(id).campaign();
        stabilize(false);
        if (raft(id).role() != Role.LEADER) {
            throw new IllegalStateException("node " + id + " did not win: " + raft(id));
        }
    }
}
