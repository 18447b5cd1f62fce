package io.replog.examples.client;

import io.replog.examples.kv.KvCommand;
import io.replog.examples.server.ClientServer;
import io.replog.examples.server.SharedKvState;
import io.replog.replication.node.NodeConfig;
import io.replog.replication.node.ReplogNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.replog.examples.client.ClientProtocolDescriptor.COMMAND_OFFSET;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_REQUEST;
import static io.replog.examples.client.ClientProtocolDescriptor.TYPE_RESPONSE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KvClient against three real nodes in this JVM (Aeron on loopback), each serving clients over TCP. */
class KvClientClusterTest {
    @TempDir
    Path directory;

    private final Map<Integer, String> raftEndpoints = new TreeMap<>();
    private final Map<Integer, String> clientEndpoints = new TreeMap<>();
    private final Map<Integer, ServerSocket> listeners = new TreeMap<>();
    private final Map<Integer, ReplogNode> nodes = new TreeMap<>();
    private final Map<Integer, ClientServer> servers = new TreeMap<>();
    private final Map<Integer, SharedKvState> states = new TreeMap<>();

    @BeforeEach
    void startCluster() throws IOException {
        for (int id = 1; id <= 3; id++) {
            try (DatagramSocket probe = new DatagramSocket(0)) {
                raftEndpoints.put(id, "127.0.0.1:" + probe.getLocalPort());
            }
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listeners.put(id, listener);
            clientEndpoints.put(id, "127.0.0.1:" + listener.getLocalPort());
        }
        for (int id = 1; id <= 3; id++) {
            start(id, listeners.get(id));
        }
    }

    private void start(int id, ServerSocket listener) throws IOException {
        NodeConfig config = new NodeConfig().id(id).clusterId(11).directory(directory.resolve("node-" + id))
            .termLengthBytes(256 * 1024).segmentLengthBytes(1 << 20).tickMs(10).timeouts(30, 3);
        raftEndpoints.forEach(config::member);
        SharedKvState state = new SharedKvState();
        ReplogNode node = ReplogNode.start(config, state);
        states.put(id, state);
        nodes.put(id, node);
        servers.put(id, ClientServer.start(node, state, listener, clientEndpoints, ClientServer.Options.DEFAULTS));
    }

    @AfterEach
    void stopCluster() {
        servers.values().forEach(ClientServer::close);
        nodes.values().forEach(ReplogNode::close);
    }

    private KvClient client(int... ids) {
        ClientConfig config = new ClientConfig().timeoutMs(30_000).attemptTimeoutMs(2_000);
        for (int id : ids) {
            config.endpoints(clientEndpoints.get(id));
        }
        return new KvClient(config);
    }

    private int awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ReplogNode node : nodes.values()) {
                if (node.isLeader()) {
                    return node.id();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader within 60 s");
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
        ClientFrameFlyweight reply = rawRequest(clientEndpoints.get(follower), KvCommand.put("k", "v").encode());
        assertEquals(ReplyStatus.NOT_LEADER, reply.status());
        assertEquals(leader, reply.leaderId());
        assertEquals(clientEndpoints.get(leader), reply.leaderEndpoint());
        try (KvClient onlyFollower = client(follower)) {
            assertEquals(ReplyStatus.OK, onlyFollower.put("k", "v").status(), "the client follows the redirect");
            assertEquals("v", onlyFollower.get("k").value());
        }
    }

    @Test
    void aMalformedFrameClosesThatConnectionAndTheNodeServesOthers() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", listeners.get(1).getLocalPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            UnsafeBuffer frame = new UnsafeBuffer(new byte[24]);
            frame.putInt(0, 20, ClientProtocolDescriptor.BYTE_ORDER);
            frame.putShort(4, (short)0x1234, ClientProtocolDescriptor.BYTE_ORDER); // not the magic
            out.write(frame.byteArray());
            out.flush();
            assertEquals(-1, socket.getInputStream().read(), "the node closed the connection");
        }
        try (Socket socket = new Socket("127.0.0.1", listeners.get(2).getLocalPort())) {
            socket.setSoTimeout(30_000);
            UnsafeBuffer frame = new UnsafeBuffer(new byte[8]);
            frame.putInt(0, Integer.MAX_VALUE, ClientProtocolDescriptor.BYTE_ORDER); // a length past the bound
            socket.getOutputStream().write(frame.byteArray());
            socket.getOutputStream().flush();
            assertEquals(-1, socket.getInputStream().read(), "the node closed the connection");
        }
        int leader = awaitLeader();
        try (Socket socket = new Socket("127.0.0.1", listeners.get(leader).getLocalPort())) {
            socket.setSoTimeout(30_000);
            byte[] truncatedCommand = new byte[10]; // shorter than a command's header
            sendFrame(socket.getOutputStream(), truncatedCommand);
            assertEquals(-1, socket.getInputStream().read(), "the node closed the connection");
        }
        nodes.values().forEach(node -> assertTrue(node.isRunning(), "node " + node.id() + " still runs"));
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
            servers.remove(leader).close();
            nodes.remove(leader).halt();
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

    /** Sends one request on a fresh connection and returns the answer. */
    private static ClientFrameFlyweight rawRequest(String endpoint, byte[] command) throws IOException {
        ClientEndpoint target = ClientEndpoint.parse(endpoint);
        try (Socket socket = new Socket(target.host(), target.port())) {
            socket.setSoTimeout(30_000);
            sendFrame(socket.getOutputStream(), command);
            InputStream in = socket.getInputStream();
            ClientFrameFlyweight frame = new ClientFrameReader(in).next();
            assertNull(frame.checkHeader(TYPE_RESPONSE));
            assertEquals(42, frame.correlationId());
            byte[] copy = new byte[frame.frameBytes()];
            frame.buffer().getBytes(0, copy);
            return new ClientFrameFlyweight().wrap(new UnsafeBuffer(copy), copy.length);
        }
    }

    private static void sendFrame(OutputStream out, byte[] command) throws IOException {
        int frameBytes = COMMAND_OFFSET + command.length;
        UnsafeBuffer frame = new UnsafeBuffer(new byte[frameBytes]);
        new ClientFrameFlyweight().wrap(frame, frameBytes).header(TYPE_REQUEST, 42);
        frame.putBytes(COMMAND_OFFSET, command);
        out.write(frame.byteArray());
        out.flush();
    }
}
