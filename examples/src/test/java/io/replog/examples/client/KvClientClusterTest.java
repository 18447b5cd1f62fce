package io.replog.examples.client;

import io.replog.examples.kv.KvCommand;
import io.replog.examples.server.KvRequestHandler;
import io.replog.examples.server.SharedKvState;
import io.replog.replication.node.ReplogNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_KV_REQUEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KvClient against three real nodes in this JVM (Aeron on loopback), each serving clients over TCP. */
class KvClientClusterTest {
    @TempDir
    Path directory;

    private ServedCluster cluster;

    @BeforeEach
    void startCluster() throws IOException {
        cluster = new ServedCluster(directory, config -> {
            SharedKvState state = new SharedKvState();
            ReplogNode node = ReplogNode.start(config, state);
            return new ServedCluster.Served(node, new KvRequestHandler(node, state));
        });
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private KvClient client(int... ids) {
        return new KvClient(cluster.clientConfig(ids));
    }

    private int awaitLeader() throws InterruptedException {
        return cluster.awaitLeader();
    }

    @Test
    void putGetAppendCasAndDeleteRoundTrip() {
        try (KvClient kv = client(1, 2, 3)) {
            KvResponse put = kv.put("x", "1");
            assertEquals(ReplyStatus.OK, put.status());
            assertNull(put.value(), "no previous value");
            assertTrue(put.logIndex() > 0);
            assertEquals("1", kv.get("x").value());
            KvResponse casOk = kv.cas("x", "1", "2");
            assertEquals(ReplyStatus.OK, casOk.status());
            KvResponse casFailed = kv.cas("x", "1", "3");
            assertEquals(ReplyStatus.CAS_FAILED, casFailed.status());
            assertEquals("2", casFailed.value(), "a failed cas answers the current value");
            assertEquals("2", kv.get("x").value());
            assertEquals("2ab", kv.append("x", "ab").value());
            assertEquals(ReplyStatus.OK, kv.cas("y", null, "new").status(), "cas on an absent key");
            assertEquals("2ab", kv.delete("x").value(), "delete answers the value it removed");
            assertNull(kv.get("x").value());
            assertEquals("new", kv.get("y").value());
        }
    }

    @Test
    void aRetriedRequestIdIsAppliedOnceEvenThroughAnotherNode() throws Exception {
        int leader = awaitLeader();
        int follower = leader % 3 + 1;
        KvCommand command = KvCommand.append("once", "x").session(77, 1);
        try (KvClient viaLeader = client(leader); KvClient viaFollower = client(follower)) {
            assertEquals("x", viaLeader.execute(command).get(30, TimeUnit.SECONDS).value());
            // The same request id again, as a client whose answer was lost would send it, to another node.
            assertEquals("x", viaFollower.execute(command).get(30, TimeUnit.SECONDS).value(), "the remembered answer");
            assertEquals("x", viaLeader.execute(command).get(30, TimeUnit.SECONDS).value());
            assertEquals("x", viaLeader.get("once").value(), "applied once");
            assertEquals("xy", viaLeader.execute(KvCommand.append("once", "y").session(77, 2))
                .get(30, TimeUnit.SECONDS).value());
            assertEquals(ReplyStatus.STALE_REQUEST, viaLeader.execute(command).get(30, TimeUnit.SECONDS).status(),
                "a request id older than the client's last is not applied again");
            assertEquals("xy", viaLeader.get("once").value());
        }
    }

    @Test
    void concurrentWritesFromOneClientEachApplyOnce() throws Exception {
        try (KvClient kv = client(1, 2, 3)) {
            List<CompletableFuture<KvResponse>> appends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                appends.add(kv.appendAsync("many", "," + i));
            }
            for (CompletableFuture<KvResponse> append : appends) {
                assertEquals(ReplyStatus.OK, append.get(30, TimeUnit.SECONDS).status());
            }
            String value = kv.get("many").value();
            for (int i = 0; i < 200; i++) {
                String token = "," + i + ",";
                int first = (value + ",").indexOf(token);
                assertTrue(first >= 0, "append " + i + " is there: " + value);
                assertEquals(-1, (value + ",").indexOf(token, first + 1), "append " + i + " applied once: " + value);
            }
        }
    }

    @Test
    void aFollowerRedirectsToTheLeadersClientEndpoint() throws Exception {
        int leader = awaitLeader();
        try (KvClient kv = client(1, 2, 3)) {
            kv.put("warm", "up"); // the leader has committed in its term
        }
        leader = awaitLeader();
        int follower = leader % 3 + 1;
        // The commit needed one follower: the other may not have heard from the leader yet (it answers leader 0).
        cluster.awaitKnownLeader(follower, leader);
        ClientFrameFlyweight reply = RawFrames.request(cluster.clientEndpoint(follower), TYPE_KV_REQUEST,
            KvCommand.put("k", "v").encode());
        assertEquals(ReplyStatus.NOT_LEADER, reply.status());
        assertEquals(leader, reply.leaderId());
        assertEquals(cluster.clientEndpoint(leader), reply.leaderEndpoint());
        try (KvClient onlyFollower = client(follower)) {
            assertEquals(ReplyStatus.OK, onlyFollower.put("k", "v").status(), "the client follows the redirect");
            assertEquals("v", onlyFollower.get("k").value());
        }
    }

    @Test
    void aMalformedFrameClosesThatConnectionAndTheNodeServesOthers() throws Exception {
        UnsafeBuffer badMagic = new UnsafeBuffer(new byte[24]);
        badMagic.putInt(0, 20, ClientProtocolDescriptor.BYTE_ORDER);
        badMagic.putShort(4, (short)0x1234, ClientProtocolDescriptor.BYTE_ORDER);
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(1), badMagic.byteArray()), "bad magic");
        UnsafeBuffer tooLong = new UnsafeBuffer(new byte[8]);
        tooLong.putInt(0, Integer.MAX_VALUE, ClientProtocolDescriptor.BYTE_ORDER);
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(2), tooLong.byteArray()), "a length past the bound");
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(3), RawFrames.frame((byte)9, new byte[4])),
            "an unknown frame type");
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(3),
            RawFrames.frame(ClientProtocolDescriptor.TYPE_RESPONSE, new byte[30])), "a response sent to a server");
        int leader = awaitLeader();
        assertTrue(RawFrames.closesTheConnection(cluster.clientPort(leader), RawFrames.frame(TYPE_KV_REQUEST,
            new byte[10])), "a command shorter than a command's header");
        cluster.nodes().forEach(node -> assertTrue(node.isRunning(), "node " + node.id() + " still runs"));
        try (KvClient kv = client(1, 2, 3)) {
            assertEquals(ReplyStatus.OK, kv.put("after", "garbage").status());
        }
    }

    @Test
    void writesGoOnAcrossALeaderCrash() throws Exception {
        try (KvClient kv = client(1, 2, 3)) {
            for (int i = 0; i < 20; i++) {
                assertEquals(ReplyStatus.OK, kv.put("before-" + i, "v" + i).status());
            }
            int leader = awaitLeader();
            cluster.halt(leader);
            for (int i = 0; i < 20; i++) {
                assertEquals(ReplyStatus.OK, kv.put("after-" + i, "v" + i).status());
            }
            assertNotEquals(leader, awaitLeader());
            for (int i = 0; i < 20; i++) {
                assertEquals("v" + i, kv.get("before-" + i).value());
                assertEquals("v" + i, kv.get("after-" + i).value());
            }
        }
    }
}
