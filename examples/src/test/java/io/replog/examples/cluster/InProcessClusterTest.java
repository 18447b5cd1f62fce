package io.replog.examples.cluster;

import io.replog.examples.kv.KvCommand;
import io.replog.examples.kv.KvResult;
import io.replog.examples.kv.KvStateMachine;
import io.replog.replication.node.CommitResult;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import io.replog.replication.transport.LoopbackPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Three real nodes in one JVM, replicating over Aeron UDP on loopback with the key-value store. */
class InProcessClusterTest {
    @TempDir
    Path directory;

    private final Map<Integer, ReplogNode> nodes = new HashMap<>();
    private final Map<Integer, KvStateMachine> machines = new HashMap<>();
    private final Map<Integer, String> endpoints = new HashMap<>();

    @AfterEach
    void stopAll() {
        nodes.values().forEach(ReplogNode::close);
    }

    private void start(int id) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(7).directory(directory.resolve("node-" + id))
            .termLengthBytes(1 << 20).segmentLengthBytes(1 << 20).snapshotEveryEntries(300).retainEntries(50)
            .tickMs(10).timeouts(30, 3);
        endpoints.forEach(config::member);
        KvStateMachine machine = new KvStateMachine();
        machines.put(id, machine);
        nodes.put(id, ReplogNode.start(config, machine));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 60 s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private ReplogNode leader() throws InterruptedException {
        await(() -> nodes.values().stream().filter(ReplogNode::isLeader).count() == 1, "a single leader");
        return nodes.values().stream().filter(ReplogNode::isLeader).findFirst().orElseThrow();
    }

    /** Appends through whoever leads, retrying across elections; returns the acknowledged result. */
    private KvResult append(KvCommand command) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            ReplogNode leader = leader();
            try {
                CommitResult committed = leader.append(command.encode()).get(10, TimeUnit.SECONDS);
                return KvResult.decode(committed.result());
            } catch (ExecutionException | TimeoutException e) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("could not append " + command);
    }

    @Test
    void leaderKilledMidLoadLosesNoAcknowledgedAppendAndTheOldLeaderCatchesUp() throws Exception {
        for (int id = 1; id <= 3; id++) {
            endpoints.put(id, LoopbackPorts.endpoint());
        }
        for (int id = 1; id <= 3; id++) {
            start(id);
        }
        List<String> acknowledged = new ArrayList<>();
        long clientId = 1;
        for (int i = 1; i <= 400; i++) {
            KvResult result = append(KvCommand.append("log", "," + i).session(clientId, i));
            assertEquals(KvResult.Status.OK, result.status());
            acknowledged.add("," + i);
        }
        ReplogNode oldLeader = leader();
        int oldLeaderId = oldLeader.id();
        oldLeader.halt();
        nodes.remove(oldLeaderId);

        for (int i = 401; i <= 800; i++) {
            KvResult result = append(KvCommand.append("log", "," + i).session(clientId, i));
            assertEquals(KvResult.Status.OK, result.status());
            acknowledged.add("," + i);
        }
        assertNotEquals(oldLeaderId, leader().id(), "a new leader took over");

        start(oldLeaderId);
        String expected = String.join("", acknowledged);
        ReplogNode leader = leader();
        long readIndex = leader.readIndex().get(10, TimeUnit.SECONDS);
        assertTrue(readIndex >= 800, "read index " + readIndex);
        assertEquals(expected, machines.get(leader.id()).get("log"), "the leader's state holds every acknowledged append once");
        KvStateMachine leaderMachine = machines.get(leader.id());
        assertEquals(expected, leader.read(() -> leaderMachine.get("log")).get(10, TimeUnit.SECONDS),
            "a linearizable read sees every acknowledged append");
        assertEquals("replog-node-" + leader.id(), leader.read(() -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS),
            "the query runs on the node's thread, where reading the state machine is safe");
        ReplogNode follower = nodes.values().stream().filter(node -> !node.isLeader()).findFirst().orElseThrow();
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
            () -> follower.read(() -> "stale").get(10, TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof io.replog.replication.node.NotLeaderException, refused.toString());
        await(() -> nodes.values().stream().allMatch(node -> node.appliedIndex() >= leader.commitIndex()),
            "every node to apply the leader's commit index");
        for (Map.Entry<Integer, KvStateMachine> machine : machines.entrySet()) {
            if (nodes.containsKey(machine.getKey())) {
                assertEquals(expected, machine.getValue().get("log"), "node " + machine.getKey() + " state");
            }
        }
    }
}
